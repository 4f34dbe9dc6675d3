"""The Leefloonmonitor as a small cluster on this machine: PostgreSQL, N Streamlit replicas on
127.0.0.1, nginx per replica and HAProxy in front (see docs/cluster.md).

    make cluster                          # REPLICAS=2, PORT=8080
    .venv/bin/python deploy/cluster.py --replicas 4 --poort 8080 [--basispad lm]

Without LEEFLOONMONITOR_DB a temporary PostgreSQL is started (initdb/pg_ctl, as the tests do;
as root as the `postgres` user) and removed at the end. An empty database gets the demo. Every
replica gets the same cookie keys (Streamlit's `server.cookieSecret` and our login cookie key):
from LEEFLOONMONITOR_COOKIE_KEY when set, else a random one for this run. Ctrl-C or SIGTERM
stops everything this command started, and nothing else.

`Cluster` is also what tests/browser/test_cluster.py and bench/cluster_last.py start.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from string import Template

REPO = Path(__file__).resolve().parent.parent
HIER = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO))

#: The header the replicas read the client address from (HAProxy's `option forwardfor`).
PROXY_HEADER = "X-Forwarded-For"
#: Health checks of HAProxy, in ms (fall 2, rise 2: a dead replica is out within ~2 intervals).
INTER_MS = 1000


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def normaliseer_basispad(basispad: str) -> str:
    """ "lm", "/lm/" -> "/lm"; "" or "/" -> "" (Streamlit's server.baseUrlPath, as a prefix)."""
    stukken = [s for s in (basispad or "").split("/") if s]
    for stuk in stukken:
        if not re.fullmatch(r"[A-Za-z0-9._~-]+", stuk):
            raise ValueError(f"Ongeldig basispad {basispad!r}: alleen letters, cijfers, . _ ~ -")
    return "/" + "/".join(stukken) if stukken else ""


def backend_script(basispad: str) -> str:
    """The script nginx puts first in <head>: the frontend's backend address, so that it
    connects at once instead of probing the page path first (100 ms lost per page load)."""
    return (
        "window.__streamlit = Object.assign(window.__streamlit || {}, "
        f'{{BACKEND_BASE_URL: location.origin + "{basispad}/"}})'
    )


def csp() -> str:
    """Content-Security-Policy for Streamlit: its index.html and the components' iframes
    (the login cookie's component) carry inline scripts, and Streamlit and Plotly set inline
    styles; everything else comes from this origin only."""
    return "; ".join(
        [
            "default-src 'self'",
            # components v2 (the copy-link button) load their module from a blob: URL
            "script-src 'self' 'unsafe-inline' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@dataclass
class Replica:
    naam: str
    poort: int  # Streamlit
    nginx_poort: int
    log_pad: Path
    proces: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.proces.pid if self.proces else None


def _stop_groep(proces: subprocess.Popen | None, timeout: float = 10) -> None:
    """SIGTERM to the process group we started, then SIGKILL."""
    if proces is None or proces.poll() is not None:
        return
    try:
        os.killpg(proces.pid, signal.SIGTERM)
        proces.wait(timeout=timeout)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proces.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        proces.wait(timeout=timeout)


def _wacht_op(url: str, timeout: float, proces: subprocess.Popen | None, log: Path) -> None:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if proces is not None and proces.poll() is not None:
            raise RuntimeError(f"{url}: het proces stopte (code {proces.returncode}); zie {log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as antw:
                if antw.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} antwoordde niet binnen {timeout:.0f} s; zie {log}")


class Cluster:
    """PostgreSQL (unless `db_url`), `replicas` Streamlit processes, nginx and HAProxy.

    `url` is the proxy's address (with the base path), `replicas` the replica processes
    (`stop_replica(i)`, `start_replica(i)`), `processen()` every process it started."""

    def __init__(
        self,
        replicas: int = 2,
        poort: int | None = None,
        db_url: str | None = None,
        *,
        basispad: str = "",
        cookie_key: str | None = None,
        script: str = "app.py",
        app_map: Path = REPO,
        injectie: bool = True,
        map_: Path | None = None,
        extra_env: dict | None = None,
    ):
        if replicas < 1:
            raise ValueError("Minstens één replica.")
        self.basispad = normaliseer_basispad(basispad)
        self.poort = poort or vrije_poort()
        self.db_url = db_url
        self.cookie_key = cookie_key or secrets.token_urlsafe(48)
        self.cookie_secret = secrets.token_urlsafe(48)
        self.script = script
        self.app_map = Path(app_map)
        self.injectie = injectie
        self.extra_env = dict(extra_env or {})
        self._eigen_map = map_ is None  # removed at stop() (logs included) unless `bewaar`
        self.bewaar = False
        self.map = Path(map_ or tempfile.mkdtemp(prefix="leefloon-cluster-"))
        self.map.mkdir(parents=True, exist_ok=True)
        self.map.chmod(0o755)  # nginx's workers (nobody, when started as root) use temp dirs here
        self.replicas = [
            Replica(f"r{i + 1}", vrije_poort(), vrije_poort(), self.map / f"replica-r{i + 1}.log")
            for i in range(replicas)
        ]
        self.postgres = None
        self.nginx: subprocess.Popen | None = None
        self.haproxy: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.poort}{self.basispad}"

    # ---------------------------------------------------------------- database

    def _databank(self) -> None:
        if self.db_url is None and self.script == "app.py":
            from postgres_lokaal import PostgresServer  # a throw-away local server

            self.postgres = PostgresServer().start()
            self.db_url = self.postgres.nieuwe_database()
        if self.db_url and self.script == "app.py":
            laad_demo_indien_leeg(self.db_url)

    # ---------------------------------------------------------------- replicas

    def _env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(
            PYTHONUNBUFFERED="1",
            LEEFLOONMONITOR_COOKIE_KEY=self.cookie_key,
            LEEFLOONMONITOR_PROXY_HEADER=PROXY_HEADER,
            # the same on every replica; in the environment, not on the command line (ps)
            STREAMLIT_SERVER_COOKIE_SECRET=self.cookie_secret,
            STREAMLIT_SERVER_BASE_URL_PATH=self.basispad.strip("/"),
            **self.extra_env,
        )
        if self.db_url:
            env["LEEFLOONMONITOR_DB"] = self.db_url
        else:
            env.pop("LEEFLOONMONITOR_DB", None)
        return env

    def start_replica(self, i: int, timeout: float = 90) -> Replica:
        self._lanceer(i)
        return self._wacht_op_replica(i, timeout)

    def _wacht_op_replica(self, i: int, timeout: float = 90) -> Replica:
        r = self.replicas[i]
        _wacht_op(
            f"http://127.0.0.1:{r.poort}{self.basispad}/_stcore/health",
            timeout,
            r.proces,
            r.log_pad,
        )
        return r

    def _lanceer(self, i: int) -> None:
        r = self.replicas[i]
        opdracht = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.headless=true",
            f"--server.port={r.poort}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
            "--global.developmentMode=false",
        ]
        with open(r.log_pad, "ab") as log:
            r.proces = subprocess.Popen(
                opdracht,
                cwd=self.app_map,
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop_replica(self, i: int, *, hard: bool = False) -> None:
        r = self.replicas[i]
        if hard and r.proces is not None and r.proces.poll() is None:
            os.killpg(r.proces.pid, signal.SIGKILL)
            r.proces.wait(timeout=10)
        _stop_groep(r.proces)

    # ---------------------------------------------------------------- proxies

    def nginx_conf(self) -> str:
        blokken = []
        for r in self.replicas:
            regels = [
                "    server {",
                f"        listen 127.0.0.1:{r.nginx_poort};",
                "        location / {",
                f"            proxy_pass http://127.0.0.1:{r.poort};",
                "            proxy_http_version 1.1;",
                "            proxy_set_header Host $http_host;",
                "            proxy_set_header Upgrade $http_upgrade;",
                "            proxy_set_header Connection $connection_upgrade;",
                "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                "            proxy_read_timeout 8h;",
                "            proxy_send_timeout 8h;",
            ]
            if self.injectie:
                script = backend_script(self.basispad)
                regels += [
                    "            # sub_filter needs the HTML uncompressed from Streamlit",
                    '            proxy_set_header Accept-Encoding "";',
                    "            sub_filter_once on;",
                    f"            sub_filter '<head>' '<head><script>{script}</script>';",
                ]
            regels += ["        }", "    }"]
            blokken.append("\n".join(regels))
        return Template((HIER / "nginx.conf.sjabloon").read_text()).safe_substitute(
            MAP=self.map, SERVERS="\n\n".join(blokken)
        )

    def haproxy_cfg(self, bind_adres: str = "127.0.0.1") -> str:
        servers = "\n".join(
            f"    server {r.naam} 127.0.0.1:{r.nginx_poort} check cookie {r.naam}"
            for r in self.replicas
        )
        return Template((HIER / "haproxy.cfg.sjabloon").read_text()).safe_substitute(
            BIND_ADRES=bind_adres,
            POORT=self.poort,
            CSP=csp(),
            BASIS=self.basispad,
            INTER=f"{INTER_MS}ms",
            SERVERS=servers,
        )

    def _start_proxies(self, timeout: float = 30) -> None:
        nginx_conf = self.map / "nginx.conf"
        nginx_conf.write_text(self.nginx_conf(), encoding="utf-8")
        haproxy_cfg = self.map / "haproxy.cfg"
        haproxy_cfg.write_text(self.haproxy_cfg(), encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        for pad in (nginx, haproxy):
            if not os.path.exists(pad):
                raise RuntimeError(
                    f"{Path(pad).name} ontbreekt: installeer de Debian-pakketten haproxy en nginx "
                    "(scripts/systeempakketten.sh doet dat als root)."
                )
        subprocess.run([nginx, "-t", "-q", "-p", str(self.map), "-c", str(nginx_conf)], check=True)
        subprocess.run([haproxy, "-c", "-q", "-f", str(haproxy_cfg)], check=True)
        with open(self.map / "nginx.log", "ab") as log:
            self.nginx = subprocess.Popen(
                [nginx, "-p", str(self.map), "-c", str(nginx_conf)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        with open(self.map / "haproxy.log", "ab") as log:
            self.haproxy = subprocess.Popen(
                [haproxy, "-db", "-f", str(haproxy_cfg)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wacht_op(f"{self.url}/_stcore/health", timeout, self.haproxy, self.map / "haproxy.log")

    # ---------------------------------------------------------------- all

    def start(self) -> Cluster:
        try:
            self._databank()
            for i in range(len(self.replicas)):  # in parallel: imports take most of a start
                self._lanceer(i)
            for i in range(len(self.replicas)):
                self._wacht_op_replica(i)
            self._start_proxies()
            self.wacht_tot_alle_op()
        except BaseException:
            self.stop()
            raise
        return self

    def wacht_tot_alle_op(self, timeout: float = 30) -> None:
        """Until HAProxy's health checks have seen every running replica (rise 2)."""
        time.sleep(2.5 * INTER_MS / 1000)

    def processen(self) -> list[int]:
        """Pids of every process group leader this cluster started (and still runs)."""
        pids = [r.proces.pid for r in self.replicas if r.proces and r.proces.poll() is None]
        pids += [p.pid for p in (self.nginx, self.haproxy) if p and p.poll() is None]
        return pids

    def stop(self) -> None:
        for proces in (self.haproxy, self.nginx):
            _stop_groep(proces)
        for i in range(len(self.replicas)):
            _stop_groep(self.replicas[i].proces)
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres = None
        if self._eigen_map and not self.bewaar:
            shutil.rmtree(self.map, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def laad_demo_indien_leeg(db_url: str) -> bool:
    """The demo (with its accounts) in a database without any release; True when loaded."""
    from data_access import db, demo, queries

    engine = db.get_engine(db_url)
    db.init_schema(engine)
    if queries.data_versie(engine):
        return False
    resultaat = demo.herbouw_demo(engine)
    if not resultaat.geldig:
        raise RuntimeError(f"De demo laden mislukte: {resultaat}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", 2)))
    parser.add_argument("--poort", type=int, default=int(os.environ.get("PORT", 8080)))
    parser.add_argument("--basispad", default=os.environ.get("BASISPAD", ""))
    args = parser.parse_args(argv)
    cluster = Cluster(
        args.replicas,
        args.poort,
        os.environ.get("LEEFLOONMONITOR_DB") or None,
        basispad=args.basispad,
        cookie_key=os.environ.get("LEEFLOONMONITOR_COOKIE_KEY") or None,
    )

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.start()
        print(f"Leefloonmonitor: {cluster.url}/ ({args.replicas} replica's; Ctrl-C stopt alles)")
        print(f"Configuratie en logboeken: {cluster.map}", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
        print(
            "Gestopt: proxy's, replica's"
            + (" en PostgreSQL." if not os.environ.get("LEEFLOONMONITOR_DB") else "."),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
