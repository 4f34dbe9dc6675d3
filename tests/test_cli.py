"""The console script as a user runs it: exit codes, JSON shapes, users, the council's view."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from data_access import db, gebruikers


def cli(url, *args, invoer: str | None = None, timeout: float = 300):
    env = {**os.environ, "LEEFLOONMONITOR_DB": url}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        input=invoer,
        timeout=timeout,
    )


def stats_json(url, van: str, tot: str, *extra: str):
    """`stats --json` for Essen's recipients from `van` to `tot`, which must succeed; the JSON."""
    args = ("--nis", "11016", "--indicator", "leefloongerechtigden", "--from", van, "--to", tot)
    uit = cli(url, "stats", *args, *extra, "--json")
    assert uit.returncode == 0, uit.stderr
    return json.loads(uit.stdout)


def test_stats_geeft_het_json_van_de_spec(demo_url):
    data = stats_json(demo_url, "2021-04", "2023-10")
    assert data["nis"] == "11016" and data["indicator"] == "leefloongerechtigden"
    assert data["teldefinitie"] == "maandstand"
    # the demo's official figures (definitief up to 2026-06) are shown where they exist (issue 19)
    assert data["series"][0] == {"period": "2021-04", "value": 83, "status": "definitief"}
    assert data["series"][-1] == {"period": "2023-10", "value": 33, "status": "definitief"}
    recent = stats_json(demo_url, "2026-06", "2026-09")["series"]
    assert [r["status"] for r in recent] == ["definitief", *["voorlopig"] * 3]
    assert len(data["series"]) == 31


def test_stats_by_toont_de_raadsweergave(demo_url):
    reeks = stats_json(demo_url, "2023-10", "2023-10", "--by", "leeftijd")["series"]
    waarden = [r["value"] for r in reeks]
    assert {r["category"] for r in reeks} == {"18-24", "25-34", "35-44", "45-54", "55-64", "65+"}
    assert "<5" in waarden
    assert not [w for w in waarden if isinstance(w, int) and 1 <= w <= 4]
    assert all(isinstance(w, int) or w in ("<5", "x") for w in waarden)


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--nis", "11016", "--indicator", "onbekend", "--json"),
        ("stats", "--nis", "11016", "--indicator", "instroom", "--from", "2023-13", "--json"),
        ("stats", "--nis", "99999", "--indicator", "instroom", "--json"),
        ("stats", "--nis", "11016", "--indicator", "instroom", "--by", "kleur", "--json"),
    ],
)
def test_foute_invoer_exit_2_met_nederlandse_melding(demo_url, args):
    uit = cli(demo_url, *args)
    assert uit.returncode == 2
    assert uit.stderr.startswith("Fout:") and "Traceback" not in uit.stderr


@pytest.mark.parametrize(
    "args, melding",
    [
        (("stats", "--nis", "11016"), "fout: deze argumenten ontbreken: --indicator"),
        (("bla",), "fout: argument commando: ongeldige keuze: 'bla' (kies uit 'demo'"),
        (("profielen", "--foo"), "fout: onbekende argumenten: --foo"),
        (("stats", "--nis"), "argument --nis: verwacht één waarde"),
    ],
)
def test_een_fout_op_de_opdrachtregel_in_het_nederlands(tmp_path, args, melding):
    uit = cli(f"sqlite:///{tmp_path / 'l.db'}", *args)
    assert uit.returncode == 2
    assert melding in uit.stderr and uit.stderr.startswith("gebruik: leefloonmonitor")
    assert "error" not in uit.stderr and "usage" not in uit.stderr


def test_hulp_in_het_nederlands(tmp_path):
    uit = cli(f"sqlite:///{tmp_path / 'l.db'}", "intrekken", "--help")
    assert uit.returncode == 0
    assert "opties:" in uit.stdout and "toon deze hulp en stop" in uit.stdout
    assert "options" not in uit.stdout and "show this help" not in uit.stdout


def test_users_add_list_remove(demo_url):
    toe = cli(
        demo_url,
        "users",
        "add",
        "schepen",
        "--naam",
        "Schepen Werk",
        "--rollen",
        "viewer",
        "--wachtwoord-stdin",
        invoer="Correct-Paard-9\n",
    )
    assert toe.returncode == 0, toe.stderr
    lijst = json.loads(cli(demo_url, "users", "list", "--json").stdout)
    assert [g["gebruikersnaam"] for g in lijst] == ["schepen"]  # real user ends demo accounts
    assert "hash" not in json.dumps(lijst) and "$2b$" not in json.dumps(lijst)
    fout = cli(
        demo_url,
        "users",
        "add",
        "x",
        "--rollen",
        "koning",
        "--wachtwoord-stdin",
        invoer="Correct-Paard-9\n",
    )
    assert fout.returncode == 2 and "rol" in fout.stderr.lower()
    assert cli(demo_url, "users", "remove", "schepen").returncode == 0
    assert cli(demo_url, "users", "remove", "schepen").returncode == 2


def test_users_add_alleen_sso(demo_url):
    """An account for single sign-on only: no password asked, bound to an ACM/IDM identity."""
    toe = cli(
        demo_url,
        "users",
        "add",
        "lien",
        "--rollen",
        "viewer",
        "--sso-id",
        "acmidm:s1",
        "--alleen-sso",
    )
    assert toe.returncode == 0, toe.stderr
    engine = db.maak_engine(demo_url)
    acm = gebruikers.SsoInstelling("acmidm", "ACM/IDM", email_claim="")
    uit = gebruikers.aanmelden_sso(engine, acm, {"sub": "s1"}, sinds=datetime.now(UTC))
    engine.dispose()
    assert uit.gebruiker is not None and uit.gebruiker.gebruikersnaam == "lien"
    fout = cli(demo_url, "users", "add", "piet", "--rollen", "viewer", "--alleen-sso")
    assert fout.returncode == 2 and "single sign-on" in fout.stderr


# --------------------------------------------------------------------------------------------
# a database that does not work: a Dutch message and exit code 1 for every sub-command
# --------------------------------------------------------------------------------------------


def _vrije_poort() -> int:
    import socket

    with socket.socket() as s:  # nothing listens there once it is closed
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kapotte_databank(tmp_path, soort: str) -> tuple[str, str]:
    """(LEEFLOONMONITOR_DB, a word of the Dutch reason)."""
    if soort == "beschadigd":
        pad = tmp_path / "kapot.db"
        pad.write_bytes(b"not a database" * 100)
        return f"sqlite:///{pad}", "beschadigd"
    if soort == "map":
        (tmp_path / "bestand").write_text("geen map")
        return f"sqlite:///{tmp_path / 'bestand' / 'sub' / 'x.db'}", "map van de databank"
    return f"postgresql+psycopg://x@127.0.0.1:{_vrije_poort()}/x", "niet bereikbaar"


def test_import_op_beschadigde_databank_zonder_traceback(tmp_path):
    from maak_bestanden import csv_bytes as maak_csv
    from maak_bestanden import kubusrijen

    url, woord = _kapotte_databank(tmp_path, "beschadigd")
    bestand = tmp_path / "levering.csv"
    bestand.write_bytes(maak_csv(kubusrijen("12025", ["2024-01"])))
    uit = cli(url, "import", str(bestand))
    assert uit.returncode == 1, uit.stderr
    assert uit.stderr.startswith("Fout: het databankbestand is beschadigd"), uit.stderr
    assert woord in uit.stderr and "Traceback" not in uit.stderr + uit.stdout


OPDRACHTEN = {
    "demo": ["demo"],
    "import": ["import", "{csv}"],
    "stats": ["stats", "--nis", "12025", "--indicator", "instroom"],
    "users-list": ["users", "list"],
    "users-remove": ["users", "remove", "iemand"],
    "export": ["export", "--nis", "12025", "--format", "csv", "--out", "{uit}"],
    "forecast": ["forecast", "--nis", "12025", "--target", "pact"],
    "backtest": ["backtest", "--nis", "12025"],
    "forecast-indicator": ["forecast", "--nis", "12025", "--indicator", "leefloongerechtigden"],
    "backtest-indicator": ["backtest", "--indicator", "instroom"],
}


@pytest.mark.parametrize("soort", ["beschadigd", "map", "postgres"])
@pytest.mark.parametrize("opdracht", list(OPDRACHTEN))
def test_elke_opdracht_meldt_een_databankfout_in_het_nederlands(
    opdracht, soort, tmp_path, monkeypatch, capsys
):
    from cli.main import main

    url, woord = _kapotte_databank(tmp_path, soort)
    monkeypatch.setenv("LEEFLOONMONITOR_DB", url)
    (tmp_path / "x.csv").write_text("nis;periode\n")
    args = [
        a.format(csv=tmp_path / "x.csv", uit=tmp_path / "uit.csv") for a in OPDRACHTEN[opdracht]
    ]
    code = main(args)
    uit = capsys.readouterr()
    assert code == 1, (uit.out, uit.err)
    assert uit.err.startswith("Fout: ") and woord in uit.err, uit.err
    assert "Traceback" not in uit.err and "Error" not in uit.err, uit.err
