"""Shared AppTest helpers: a demo database for the app, and logging in through the real form.

The app reads its database from LEEFLOONMONITOR_DB; demo mode (no cookie key configured) has
the accounts raad/analist/beheer with password "demo". bcrypt runs with 4 rounds here: the
login is what is tested, not the hash's cost.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from data_access import gebruikers

REPO = Path(__file__).resolve().parent.parent


def demo_databank(map_: Path) -> str:
    """A fresh SQLite demo database in `map_`, built as `leefloonmonitor demo` builds it (its
    engine closed again); its URL."""
    from data_access import db
    from data_access.cli import herbouw_demo

    url = f"sqlite:///{Path(map_) / 'demo.db'}"
    engine = db.maak_engine(url)
    try:
        herbouw_demo(engine)
    finally:
        engine.dispose()
    return url


def demo_omgeving(monkeypatch, demo_url: str) -> str:
    """Point the app at `demo_url` in demo mode, with cheap bcrypt."""
    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_url)
    monkeypatch.delenv("LEEFLOONMONITOR_COOKIE_KEY", raising=False)
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    return demo_url


def aangemeld(naam: str, query: dict | None = None, *, timeout: float = 120) -> AppTest:
    """The Overzicht page after logging in as `naam` (with `query` in the URL before logging
    in, as a shared link opened by a visitor who still has to log in)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    for sleutel, waarde in (query or {}).items():
        at.query_params[sleutel] = waarde
    at.run()
    invoer = {e.label: e for e in at.text_input}
    invoer["Gebruikersnaam"].input(naam)
    invoer["Wachtwoord"].input("demo")
    [knop] = [b for b in at.button if b.label == "Aanmelden"]
    knop.click()
    return at.run()
