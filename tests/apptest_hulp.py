"""Shared AppTest helpers: a demo database for the app, and logging in through the real form.

The app reads its database from LEEFLOONMONITOR_DB; demo mode (no cookie key configured) has
the accounts raad/analist/beheer with password "demo". bcrypt runs with 4 rounds here: the
login is what is tested, not the hash's cost.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data_access import gebruikers

REPO = Path(__file__).resolve().parent.parent


_DEMO_SJABLOON: list[Path] = []  # the first demo database built in this test process


def demo_databank(map_: Path) -> str:
    """A fresh SQLite demo database in `map_`, built as `leefloonmonitor demo` builds it (its
    engine closed again); its URL. Built once per test process and copied after that: the same
    bytes, and each module still writes to its own file."""
    from data_access import db
    from data_access.demo import herbouw_demo

    doel = Path(map_) / "demo.db"
    url = f"sqlite:///{doel}"
    if _DEMO_SJABLOON and _DEMO_SJABLOON[0].exists():
        shutil.copyfile(_DEMO_SJABLOON[0], doel)
        return url
    engine = db.maak_engine(url)
    try:
        herbouw_demo(engine)
        with engine.connect() as conn:  # everything in the main file before it is copied
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    sjabloon_map = tempfile.mkdtemp(prefix="demo-sjabloon-")
    atexit.register(shutil.rmtree, sjabloon_map, True)
    sjabloon = Path(sjabloon_map) / "demo.db"
    shutil.copyfile(doel, sjabloon)
    _DEMO_SJABLOON.append(sjabloon)
    return url


def demo_omgeving(monkeypatch, demo_url: str) -> str:
    """Point the app at `demo_url` in demo mode, with cheap bcrypt."""
    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_url)
    monkeypatch.delenv("LEEFLOONMONITOR_COOKIE_KEY", raising=False)
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    return demo_url


def voeg_release_toe(
    engine, *, demo: bool, bestand: str = "demo.csv", door: str = "test", tijdstip=None
) -> None:
    """A bare release row of facts (demo or real), as an import leaves it."""
    from sqlalchemy import insert

    from data_access.schema import release

    with engine.begin() as conn:
        conn.execute(
            insert(release).values(
                soort="feiten",
                bestand=bestand,
                sha256=("0" if demo else "1") * 64,
                rijen=1,
                door=door,
                tijdstip=tijdstip or datetime.now(UTC),
                demo=demo,
            )
        )


def markeer_als_demo(engine, tijdstip: datetime | None = None) -> None:
    """Mark the database as holding demo data (a release with demo = true), the one thing demo
    mode needs besides having no real users, and make the demo accounts (as `demo` does)."""
    voeg_release_toe(engine, demo=True, tijdstip=tijdstip)
    gebruikers.zorg_voor_demo_accounts(engine)


def meld_aan(at: AppTest, naam: str, wachtwoord: str = "demo") -> AppTest:
    """Fill in and send the real login form shown by `at`; the page after it."""
    invoer = {e.label: e for e in at.text_input}
    invoer["Gebruikersnaam"].input(naam)
    invoer["Wachtwoord"].input(wachtwoord)
    [knop] = [b for b in at.button if b.label == "Aanmelden"]
    knop.click()
    return at.run()


def aangemeld(naam: str, query: dict | None = None, *, timeout: float = 120) -> AppTest:
    """The Overzicht page after logging in as `naam` (with `query` in the URL before logging
    in, as a shared link opened by a visitor who still has to log in)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    for sleutel, waarde in (query or {}).items():
        at.query_params[sleutel] = waarde
    return meld_aan(at.run(), naam)


def grafieken(at: AppTest) -> list[dict]:
    """The specs of the Plotly charts on the page."""
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
