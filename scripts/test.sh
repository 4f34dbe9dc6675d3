#!/usr/bin/env bash
# The whole suite: unit, AppTest, data tests on SQLite and PostgreSQL, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
for groep in BROWSER POSTGRES; do
  var="LEEFLOONMONITOR_ZONDER_${groep}"
  if [ "${!var:-}" = "1" ]; then
    echo "!!! LET OP: $var=1 — de ${groep,,}-tests worden BEWUST overgeslagen. !!!" >&2
  fi
done
mkdir -p test-artefacten
echo "Lint (ruff) …"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest -p no:cacheprovider -q -ra "$@"
