"""The first real delivery ends the demo for the figures too: no synthetic number stays on screen
beside a real one (SQLite and PostgreSQL)."""

from datetime import date

from maak_bestanden import csv_bytes, kubusrijen

from data_access import importer, queries

VANDAAG = date(2026, 11, 1)
MECHELEN, ESSEN = "12025", "11016"
MAANDEN = ["2025-01", "2025-02"]


def _importeer(engine, naam: str, nis: str, demo: bool, basis: int):
    bestand = (naam, csv_bytes(kubusrijen(nis, MAANDEN, basis=basis)))
    resultaat = importer.importeer_bytes(engine, [bestand], demo=demo, vandaag=VANDAAG)
    assert resultaat.geschreven, resultaat.verslag()


def _totalen(nis: str, basis: int) -> list[int]:
    rijen = kubusrijen(nis, MAANDEN, basis=basis)
    return [
        int(r[-1]) for r in rijen if r[2] == "leefloongerechtigden" and set(r[3:7]) == {"totaal"}
    ]


def test_echte_levering_zet_alle_democijfers_af(leeg_engine):
    _importeer(leeg_engine, "demo_mechelen.csv", MECHELEN, demo=True, basis=60)
    _importeer(leeg_engine, "demo_essen.csv", ESSEN, demo=True, basis=30)
    assert queries.is_demo(leeg_engine)
    assert not queries.reeks(leeg_engine, ESSEN, "leefloongerechtigden").empty

    _importeer(leeg_engine, "echt_mechelen.csv", MECHELEN, demo=False, basis=90)

    assert not queries.is_demo(leeg_engine)
    # Essen had only demo figures: none are shown any more
    assert queries.reeks(leeg_engine, ESSEN, "leefloongerechtigden").empty
    assert queries.maandstand(leeg_engine, "leefloongerechtigden", "2025-01")["nis"].tolist() == [
        MECHELEN
    ]
    # Mechelen shows the real delivery, and the demo releases stay listed
    echt = queries.reeks(leeg_engine, MECHELEN, "leefloongerechtigden")
    assert echt["waarde"].tolist() == _totalen(MECHELEN, basis=90)
    assert queries.releases(leeg_engine)["demo"].astype(bool).sum() == 2
