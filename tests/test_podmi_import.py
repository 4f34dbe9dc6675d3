"""A POD MI barometer export through the console script, on SQLite and PostgreSQL
(docs/podmi.md): `leefloonmonitor import` then `stats --by leeftijdsklasse` gives the file's
figures back exactly; a refusal is exit 2 with the Dutch report and leaves the database as it was.
"""

import json
import os
import subprocess
import sys
from datetime import date

from podmi_bestanden import LEEFTIJD, csv_bytes, podmi_rijen, som
from sqlalchemy import func, select

from data_access import importer, queries
from data_access.schema import feit, release

MECHELEN = "12025"
VANDAAG = date(2026, 11, 22)
DIMS = ("geslacht", "leeftijdsklasse")


def cli(url, *args):
    env = {**os.environ, "LEEFLOONMONITOR_DB": url}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def url_van(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def toestand(engine):
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(feit)).scalar_one(),
            conn.execute(select(func.count()).select_from(release)).scalar_one(),
        )


def cijfers():
    """Large enough that the disclosure rule hides no cell: the figures come back exactly."""
    uit = {}
    for k, maand in enumerate(("2024-01", "2024-02")):
        uit[(MECHELEN, maand)] = {
            (g, lft): (40 + 7 * i + 3 * j + k, 10 + i + j)
            for i, g in enumerate(("man", "vrouw"))
            for j, lft in enumerate(LEEFTIJD)
        }
    return uit


def stats(url, indicator, *extra):
    uit = cli(url, "stats", "--nis", MECHELEN, "--indicator", indicator, *extra, "--json")
    assert uit.returncode == 0, uit.stderr
    return json.loads(uit.stdout)["series"]


def test_import_en_stats_geven_de_cijfers_van_het_bestand(leeg_engine, tmp_path):
    waar = cijfers()
    kop, rijen = podmi_rijen(waar, DIMS, "marginaal", "fr")
    pad = tmp_path / "podmi.csv"
    pad.write_bytes(csv_bytes(kop, rijen))  # French, Windows-1252, ';'
    url = url_van(leeg_engine)
    uit = cli(url, "import", str(pad))
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.startswith("Geïmporteerd: podmi.csv")
    gekregen = {
        (r["period"], r["category"]): r["value"]
        for r in stats(url, "leefloon", "--by", "leeftijdsklasse")
    }
    assert gekregen == {
        (maand, lft): som(waar, MECHELEN, maand, DIMS, {"leeftijdsklasse": lft}, 0)
        for (_, maand) in waar
        for lft in LEEFTIJD
    }
    assert stats(url, "leefloongerechtigden") == [
        {"period": maand, "value": som(waar, MECHELEN, maand, DIMS, {}, 0)
         + som(waar, MECHELEN, maand, DIMS, {}, 1), "status": "definitief"}
        for (_, maand) in waar
    ]  # fmt: skip
    with leeg_engine.connect() as conn:
        bron = conn.execute(select(release.c.bron)).scalar_one()
        statussen = set(conn.execute(select(feit.c.status).distinct()).scalars())
    assert bron == (
        "POD Maatschappelijke Integratie, barometer leefloon (stat.mi-is.be), geleverd bestand "
        "podmi.csv"
    )
    assert statussen == {"definitief"}


def test_weigering_exit_2_en_databank_onveranderd(leeg_engine, tmp_path):
    kop, rijen = podmi_rijen(cijfers(), DIMS, "marginaal", "fr")
    eerst = importer.importeer_bytes(leeg_engine, [("januari.csv", csv_bytes(kop, rijen))], "test")
    assert eerst.geldig and eerst.geschreven, eerst.verslag()
    voor = toestand(leeg_engine)
    rijen[3][-2] = str(int(rijen[3][-2]) + 1)  # one part too many
    pad = tmp_path / "fout.csv"
    pad.write_bytes(csv_bytes(kop, rijen))
    uit = cli(url_van(leeg_engine), "import", str(pad))
    assert uit.returncode == 2
    assert "Import geweigerd" in uit.stderr and "rij 2, kolom 'll'" in uit.stderr
    assert "tellen op tot" in uit.stderr and "Traceback" not in uit.stderr
    assert toestand(leeg_engine) == voor


def test_fusie_2025_via_de_importer(leeg_engine):
    kop = ["Code CPAS INS (cd)", "Année", "PaiCPASBénAnMois (cd)", "ll", "(eq. ll)"]
    rijen = [["11002", "2024", "202406", "900", "40"], ["11007", "2024", "202406", "25", "3"]]
    resultaat = importer.importeer_bytes(
        leeg_engine, [("antwerpen.csv", csv_bytes(kop, rijen))], "test", vandaag=VANDAAG
    )
    assert resultaat.geldig, resultaat.verslag()
    assert "antwerpen.csv: NIS 11007 (Borsbeek, vóór 2025) opgeteld bij 11002 Antwerpen" in (
        resultaat.verslag()
    )
    reeks = queries.reeks(leeg_engine, "11002", "leefloon")
    assert list(reeks["periode"]) == ["2024-06"] and int(reeks["waarde"].iloc[0]) == 925
    zonder = importer.importeer_bytes(
        leeg_engine, [("alleen.csv", csv_bytes(kop, rijen[:1]))], "test", vandaag=VANDAAG
    )
    assert not zonder.geldig and "ontbreekt: 11007 Borsbeek" in zonder.verslag()
