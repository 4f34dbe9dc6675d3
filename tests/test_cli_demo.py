"""`leefloonmonitor demo` never wipes real data by accident (issue 15), on SQLite and PostgreSQL.

A database with a real user or a non-demo release is refused (exit 2, Dutch message, nothing
changed) unless `--vervang-alles` is given and confirmed (`--bevestig NAAM`, or NAAM typed at a
terminal prompt). No message shows the database password.
"""

import os
import pty
import subprocess
import sys

import pytest
from apptest_hulp import voeg_release_toe
from sqlalchemy import false, func, make_url, select

from data_access import audit, gebruikers
from data_access.demo import herbouw_demo
from data_access.schema import release

WACHTWOORD = "Geheim-Wachtwoord-42"  # in the URL; PostgreSQL here trusts 127.0.0.1 anyway


def _url(engine) -> str:
    """The database URL as an operator would set it, with a password for PostgreSQL."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        url = url.set(password=WACHTWOORD)
    return url.render_as_string(hide_password=False)


def _demo(url: str, *args: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "demo", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LEEFLOONMONITOR_DB": url},
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        timeout=300,
    )


def _naam(engine) -> str:
    naam = engine.url.database
    return os.path.basename(naam) if engine.dialect.name == "sqlite" else naam


def _met_echte_gegevens(engine, soort: str, monkeypatch) -> None:
    """The demo, then what a municipality adds: a real user or a real (non-demo) release."""
    herbouw_demo(engine)
    if soort == "gebruiker":
        monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
        gebruikers.voeg_toe(engine, "an.peeters", "An Peeters", "Lang-Genoeg-9", "admin")
    else:
        voeg_release_toe(engine, demo=False, bestand="levering-2026-09.csv", door="an.peeters")
    audit.log(engine, "an.peeters", "export", "csv nis=12025", "10.0.0.7")


def _toestand(engine) -> tuple:
    """(user names, number of audit rows, number of non-demo releases)."""
    namen = tuple(sorted(gebruikers.lijst(engine)["gebruikersnaam"]))
    with engine.connect() as conn:
        echte_releases = conn.execute(
            select(func.count()).select_from(release).where(release.c.demo == false())
        ).scalar_one()
    return namen, len(audit.lees(engine, 10_000)), echte_releases


def _geen_wachtwoord(uit: subprocess.CompletedProcess) -> None:
    assert WACHTWOORD not in uit.stdout + uit.stderr
    assert "Traceback" not in uit.stderr


@pytest.mark.parametrize("soort", ["gebruiker", "release"])
def test_demo_weigert_een_databank_met_echte_gegevens(leeg_engine, soort, monkeypatch):
    _met_echte_gegevens(leeg_engine, soort, monkeypatch)
    voor = _toestand(leeg_engine)
    assert "an.peeters" in voor[0] or voor[2], voor  # the database does hold real data
    url = _url(leeg_engine)
    for args in ([], ["--genereer"], ["--vervang-alles"], ["--vervang-alles", "--bevestig", "x"]):
        uit = _demo(url, *args)
        assert uit.returncode == 2, (args, uit.stderr)
        assert uit.stderr.startswith("Fout: "), uit.stderr
        assert "Er is niets gewijzigd" in uit.stderr, uit.stderr
        _geen_wachtwoord(uit)
        assert _toestand(leeg_engine) == voor, args  # nothing dropped, audit log intact
    assert "echte gegevens" in _demo(url).stderr
    if leeg_engine.dialect.name == "postgresql":
        assert ":***@" in _demo(url).stderr  # the URL is shown, its password masked


def test_demo_vervang_alles_met_bevestiging(leeg_engine, monkeypatch):
    _met_echte_gegevens(leeg_engine, "gebruiker", monkeypatch)
    url = _url(leeg_engine)
    uit = _demo(url, "--vervang-alles", "--bevestig", _naam(leeg_engine))
    assert uit.returncode == 0, uit.stderr
    _geen_wachtwoord(uit)
    assert "Demodatabank opgebouwd" in uit.stderr
    namen, _, echt = _toestand(leeg_engine)
    assert "an.peeters" not in namen and not echt
    [rij] = audit.lees(leeg_engine, 10, actie="databank_vervangen").itertuples()
    assert "1 echte gebruiker" in rij.details and rij.gebruiker == "cli"


def test_demo_op_een_demodatabank_zonder_vragen(leeg_engine):
    herbouw_demo(leeg_engine)
    uit = _demo(_url(leeg_engine))
    assert uit.returncode == 0, uit.stderr
    _geen_wachtwoord(uit)
    assert not audit.lees(leeg_engine, 10, actie="databank_vervangen").shape[0]


@pytest.mark.parametrize("antwoord,code", [("fout-antwoord", 2), (None, 0)])
def test_demo_vervang_alles_vraagt_de_naam_op_een_terminal(tmp_path, monkeypatch, antwoord, code):
    from data_access import db

    engine = db.maak_engine(f"sqlite:///{tmp_path / 'echt.db'}")
    db.init_schema(engine)
    _met_echte_gegevens(engine, "gebruiker", monkeypatch)
    hoofd, terminal = pty.openpty()
    try:
        os.write(hoofd, f"{antwoord or _naam(engine)}\n".encode())
        uit = _demo(_url(engine), "--vervang-alles", stdin=terminal)
    finally:
        os.close(terminal)
        os.close(hoofd)
    assert uit.returncode == code, uit.stderr
    assert "Typ de naam van de databank (echt.db)" in uit.stderr
    namen = set(gebruikers.lijst(engine)["gebruikersnaam"])
    assert ("an.peeters" in namen) == (code == 2)
    engine.dispose()


def test_toonbare_url_verbergt_het_wachtwoord():
    from data_access.db import toonbare_url

    url = make_url("postgresql+psycopg://lfm@db.gemeente.be:5432/lfm").set(password=WACHTWOORD)
    tekst = url.render_as_string(hide_password=False)
    assert WACHTWOORD in tekst
    assert toonbare_url(tekst) == "postgresql+psycopg://lfm:***@db.gemeente.be:5432/lfm"
    assert WACHTWOORD not in toonbare_url(f"postgresql://lfm:{WACHTWOORD}@h:geen-poort/x")
