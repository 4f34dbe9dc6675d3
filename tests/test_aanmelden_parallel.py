"""The login limiter under parallel attempts: threads of one process and two OS processes on the
same database, on SQLite and on PostgreSQL. However the attempts interleave, at most the
documented number of passwords is checked (5 per user name and address, docs/toegang.md)."""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from data_access import audit, gebruikers
from data_access.toegang import REGELS_GEBRUIKER

WACHTWOORD = "Correct-Paard-9"
TESTMAP = Path(__file__).resolve().parent
MAX = REGELS_GEBRUIKER.max_fouten


@pytest.fixture
def engine(leeg_engine, monkeypatch):
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    gebruikers.voeg_toe(leeg_engine, "schepen", "Schepen", WACHTWOORD, ["viewer"])
    return leeg_engine


@pytest.fixture
def teller(monkeypatch):
    """Counts the password checks (bcrypt) of this process."""
    slot = threading.Lock()
    aantal = {"controles": 0}
    echt = gebruikers._klopt

    def tellend(*args, **kwargs):
        with slot:
            aantal["controles"] += 1
        return echt(*args, **kwargs)

    monkeypatch.setattr(gebruikers, "_klopt", tellend)
    return aantal


def pogingen_in_draden(engine, aantal: int, naam: str, client: str) -> list:
    barriere = threading.Barrier(aantal)
    uitkomsten, fouten = [], []

    def poging():
        barriere.wait()
        try:
            uitkomsten.append(gebruikers.aanmelden(engine, naam, "helemaal-fout-1", client))
        except Exception as fout:
            fouten.append(fout)

    draden = [threading.Thread(target=poging) for _ in range(aantal)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert not fouten, fouten[:3]
    return uitkomsten


@pytest.mark.parametrize("aantal", [30, 60])
def test_parallelle_sessies_krijgen_hoogstens_vijf_controles(engine, teller, aantal):
    uitkomsten = pogingen_in_draden(engine, aantal, "schepen", "10.0.0.7")
    assert len(uitkomsten) == aantal
    assert teller["controles"] == MAX, f"{teller['controles']} van {aantal} wachtwoorden getoetst"
    assert all(u.gebruiker is None for u in uitkomsten)
    log = audit.lees(engine, 1000, actie=["login_fout", "login_geblokkeerd"])
    assert (log["actie"] == "login_fout").sum() == MAX
    assert (log["actie"] == "login_geblokkeerd").sum() == aantal - MAX
    # the right password is refused too now: the block holds
    assert gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7").gebruiker is None


def test_twee_processen_samen_hoogstens_vijf_controles(engine):
    url = engine.url.render_as_string(hide_password=False)
    start = time.time() + 4.0  # both processes are up and connected by then
    processen = [
        subprocess.Popen(
            [sys.executable, str(TESTMAP / "aanmeld_proces.py"), url, "schepen", "10.0.0.9"]
            + ["20", repr(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    resultaten = []
    for proces in processen:
        uit, fout = proces.communicate(timeout=120)
        assert proces.returncode == 0, fout[-2000:]
        resultaten.append(json.loads(uit.strip().splitlines()[-1]))
    assert not any(r["fouten"] for r in resultaten), resultaten
    controles = sum(r["controles"] for r in resultaten)
    assert controles == MAX, f"{controles} van 40 wachtwoorden getoetst over twee processen"
    assert sum(r["geweigerd"] for r in resultaten) == 40 - MAX
    log = audit.lees(engine, 1000, actie=["login_fout", "login_geblokkeerd"])
    assert (log["actie"] == "login_fout").sum() == MAX
