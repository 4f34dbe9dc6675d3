"""The proxy configurations deploy/cluster.py generates: valid for the real haproxy and nginx
(`haproxy -c`, `nginx -t`), loopback only, and the injected backend address follows the base
path. The running cluster is tested in tests/browser/test_cluster.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "deploy"))
from cluster import Cluster, backend_script, normaliseer_basispad  # noqa: E402


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [("", ""), ("/", ""), ("lm", "/lm"), ("/lm/", "/lm"), ("a/b", "/a/b")],
)
def test_basispad(invoer, verwacht):
    assert normaliseer_basispad(invoer) == verwacht


@pytest.mark.parametrize("fout", ["a b", "x'y", "<script>", "a;b"])
def test_basispad_weigert_wat_in_een_configuratie_kan_ontsnappen(fout):
    with pytest.raises(ValueError, match="Ongeldig basispad"):
        normaliseer_basispad(fout)


def test_backend_script_volgt_het_basispad():
    assert backend_script("").endswith('{BACKEND_BASE_URL: location.origin + "/"})')
    assert backend_script("/lm").endswith('{BACKEND_BASE_URL: location.origin + "/lm/"})')


def _programma(naam: str) -> str:
    pad = shutil.which(naam) or f"/usr/sbin/{naam}"
    if not Path(pad).exists():
        pytest.fail(f"{naam} ontbreekt: scripts/systeempakketten.sh installeert het (als root)")
    return pad


def test_gegenereerde_configuraties_zijn_geldig_en_alleen_op_loopback(tmp_path):
    cluster = Cluster(3, basispad="lm", map_=tmp_path)
    haproxy = cluster.haproxy_cfg()
    nginx = cluster.nginx_conf()
    (tmp_path / "haproxy.cfg").write_text(haproxy)
    (tmp_path / "nginx.conf").write_text(nginx)
    subprocess.run([_programma("haproxy"), "-c", "-q", "-f", tmp_path / "haproxy.cfg"], check=True)
    subprocess.run(
        [_programma("nginx"), "-t", "-q", "-p", tmp_path, "-c", tmp_path / "nginx.conf"],
        check=True,
        capture_output=True,
    )
    binds = [r.split()[1] for r in haproxy.splitlines() if r.strip().startswith("bind ")]
    assert binds == [f"127.0.0.1:{cluster.poort}"]
    listens = [r.split()[1] for r in nginx.splitlines() if r.strip().startswith("listen ")]
    assert listens == [f"127.0.0.1:{r.nginx_poort};" for r in cluster.replicas]
    assert "uri /lm/_stcore/health" in haproxy
    assert haproxy.count(" check cookie r") == 3
    assert nginx.count('location.origin + "/lm/"') == 3
    assert "${" not in haproxy and "${" not in nginx  # every placeholder filled in


def test_zonder_injectie_geen_sub_filter(tmp_path):
    assert "sub_filter" not in Cluster(1, injectie=False, map_=tmp_path).nginx_conf()
