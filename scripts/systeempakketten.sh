#!/usr/bin/env bash
# Debian packages the test suite needs: chromium (browser tests, kaleido exports) and postgresql
# (the data tests run against a real server too), haproxy and nginx (the cluster of deploy/ and
# tests/browser/test_cluster.py). Installed when missing and we are root.
# Opt-outs, loud on purpose: LEEFLOONMONITOR_ZONDER_BROWSER=1, LEEFLOONMONITOR_ZONDER_POSTGRES=1.
set -euo pipefail

nodig=()
if [ "${LEEFLOONMONITOR_ZONDER_BROWSER:-}" != "1" ] && ! command -v chromium >/dev/null; then
  nodig+=(chromium fonts-dejavu-core)
fi
if [ "${LEEFLOONMONITOR_ZONDER_POSTGRES:-}" != "1" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  nodig+=(postgresql)
fi
if [ "${LEEFLOONMONITOR_ZONDER_BROWSER:-}" != "1" ]; then
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || nodig+=(haproxy)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || nodig+=(nginx)
fi
if [ ${#nodig[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "FOUT: ontbrekende systeempakketten: ${nodig[*]}. Installeer ze (sudo apt-get install ${nodig[*]})" >&2
  echo "      of sla de groep bewust over met LEEFLOONMONITOR_ZONDER_BROWSER=1 / LEEFLOONMONITOR_ZONDER_POSTGRES=1." >&2
  exit 1
fi
echo "Systeempakketten installeren: ${nodig[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${nodig[@]}" >/dev/null
