"""Shared fixtures: every data test runs on SQLite AND on a real PostgreSQL server.

`LEEFLOONMONITOR_ZONDER_POSTGRES=1` skips the PostgreSQL half on purpose (and scripts/test.sh says
so loudly); otherwise a missing PostgreSQL is an error, never a silent skip.
"""

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(REPO / "deploy"))

from postgres_lokaal import PostgresServer  # noqa: E402

from data_access import db  # noqa: E402

ZONDER_POSTGRES = os.environ.get("LEEFLOONMONITOR_ZONDER_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_server():
    if ZONDER_POSTGRES:
        pytest.skip("LEEFLOONMONITOR_ZONDER_POSTGRES=1: PostgreSQL-tests bewust overgeslagen")
    server = PostgresServer().start()
    yield server
    server.stop()


def _engine_voor(backend: str, request, pad: Path):
    if backend == "sqlite":
        return db.maak_engine(f"sqlite:///{pad / 'test.db'}"), None
    server = request.getfixturevalue("postgres_server")
    url = server.nieuwe_database()
    return db.maak_engine(url), (server, url)


@pytest.fixture(params=BACKENDS)
def leeg_engine(request, tmp_path):
    """A fresh, empty database with the schema and the municipality reference."""
    engine, pg = _engine_voor(request.param, request, tmp_path)
    db.init_schema(engine)
    yield engine
    engine.dispose()
    if pg:
        pg[0].verwijder_database(pg[1])


@pytest.fixture(scope="session", params=BACKENDS)
def demo_engine(request, tmp_path_factory):
    """The demo database as `leefloonmonitor demo` builds it, once per backend per session."""
    from data_access.demo import herbouw_demo

    engine, pg = _engine_voor(request.param, request, tmp_path_factory.mktemp("demo"))
    herbouw_demo(engine)
    yield engine
    engine.dispose()
    if pg:
        pg[0].verwijder_database(pg[1])


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """A SQLite demo database of this test module's own (tests may write to it); its URL."""
    from apptest_hulp import demo_databank

    return demo_databank(tmp_path_factory.mktemp("demo-db"))


@pytest.fixture
def omgeving(demo_url, monkeypatch) -> str:
    """The app pointed at `demo_url` in demo mode (apptest_hulp.demo_omgeving); the URL."""
    from apptest_hulp import demo_omgeving

    return demo_omgeving(monkeypatch, demo_url)


@pytest.fixture
def klikken(monkeypatch) -> dict:
    """{deferred file id: the callable a click runs}, for every download made on click."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    gevangen: dict = {}
    origineel = MediaFileManager.add_deferred

    def vang(self, data_callable, *args, **kwargs):
        file_id = origineel(self, data_callable, *args, **kwargs)
        gevangen[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", vang)
    return gevangen
