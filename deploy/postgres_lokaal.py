"""A throw-away PostgreSQL server on loopback: the data tests, `make cluster` and the benches.

PostgreSQL refuses to run as root, so as root the cluster is created and started as the
`postgres` user (runuser). The server listens on 127.0.0.1 only, on a free port, with trust
authentication inside a temporary directory, and is stopped at the end of the session.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


class PostgresNietBeschikbaar(RuntimeError):
    pass


def _bin(naam: str) -> str:
    kandidaten = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{naam}"), reverse=True)
    if kandidaten:
        return kandidaten[0]
    pad = shutil.which(naam)
    if pad:
        return pad
    raise PostgresNietBeschikbaar(
        f"{naam} niet gevonden: installeer Debian-pakket 'postgresql' (make test doet dat als root)"
    )


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        self.als_root = os.geteuid() == 0
        self.map = Path(tempfile.mkdtemp(prefix="leefloon-pg-"))
        self.data = self.map / "data"
        self.poort = _vrije_poort()
        self.gebruiker = "postgres" if self.als_root else os.environ.get("USER", "postgres")

    def _run(self, *cmd: str) -> subprocess.CompletedProcess:
        if self.als_root:
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> "PostgresServer":
        if self.als_root:
            shutil.chown(self.map, "postgres", "postgres")
        self._run(
            _bin("initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.gebruiker,
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.pg_ctl_start()
        return self

    def pg_ctl_start(self) -> None:
        """Start the server on its data directory (after `initdb`, or again after a stop)."""
        opties = f"-h 127.0.0.1 -p {self.poort} -k {self.map} -c fsync=off -c full_page_writes=off"
        self._run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opties,
            "-l",
            str(self.map / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def pg_ctl_stop(self) -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self.pg_ctl_stop()
        finally:
            shutil.rmtree(self.map, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.gebruiker}@127.0.0.1:{self.poort}/{database}"

    def nieuwe_database(self) -> str:
        import psycopg

        naam = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.poort} user={self.gebruiker} dbname=postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'CREATE DATABASE "{naam}"')
        return self.url(naam)

    def verwijder_database(self, url: str) -> None:
        import psycopg

        naam = url.rsplit("/", 1)[-1]
        with psycopg.connect(
            f"host=127.0.0.1 port={self.poort} user={self.gebruiker} dbname=postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
