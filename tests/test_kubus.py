"""Issue 19: the cube's dimensions as data (domein/kubus.yaml), the optional columns of the
`feiten` template, count definitions and provisional vs definitive figures. SQLite and a real
PostgreSQL server (fixture `leeg_engine`).
"""

from datetime import date

import pytest
from maak_bestanden import csv_bytes
from sqlalchemy import func, select

import domein
from data_access import importer
from data_access.schema import feit, release

VANDAAG = date(2026, 11, 22)
MECHELEN = "12025"
KOP = (
    "nis",
    "periode",
    "indicator",
    "doelgroep",
    "leeftijd",
    "pijler",
    "bestemming",
    "leeftijdsklasse",
    "aantal",
    "teldefinitie",
    "status",
)
T4 = ["totaal"] * 4


def rijen_leefloon(periode: str, delen=(12, 30, 25, 20, 3), status="definitief", tel="maandstand"):
    """Leefloon of one month by age class (POD MI's classes), total first."""
    klassen = domein.DIMENSIES["leeftijdsklasse"][1:]
    uit = [[MECHELEN, periode, "leefloon", *T4, "totaal", str(sum(delen)), tel, status]]
    for klasse, n in zip(klassen, delen, strict=True):
        uit.append([MECHELEN, periode, "leefloon", *T4, klasse, str(n), tel, status])
    return uit


def importeer(engine, naam, inhoud, **kw):
    return importer.importeer_bytes(engine, [(naam, inhoud)], door="test", vandaag=VANDAAG, **kw)


def actieve_rijen(engine) -> list[dict]:
    with engine.connect() as conn:
        stmt = select(feit).where(feit.c.actief).order_by(feit.c.id)
        return [dict(r) for r in conn.execute(stmt).mappings()]


def test_register_houdt_de_officiele_dimensies_en_de_oude_namen():
    assert domein.DIMENSIES["leeftijdsklasse"] == (
        "totaal",
        "-25",
        "25-34",
        "35-49",
        "50-64",
        "65+",
    )
    assert domein.DIMENSIES["huishoudtype"][1:] == ("alleenstaand", "samenwonend", "gezinslast")
    assert domein.DIMENSIES["nationaliteit"][1:] == ("belg", "eu", "niet_eu")
    assert domein.DIMENSIES["geslacht"][1:] == ("man", "vrouw")
    assert domein.LABELS["leeftijdsklasse"]["-25"] == "Jonger dan 25 jaar"
    assert domein.LABELS["huishoudtype"]["gezinslast"] == "Met gezinslast"
    assert domein.LABELS["nationaliteit"]["eu"] == "EU-burger (niet-Belg)"
    assert domein.LABELS["indicator"]["equivalent_leefloon"] == "Equivalent leefloon"
    assert "stat.mi-is.be" in domein.INDICATOR_BRON["leefloon"]
    assert domein.INDICATOR_TELDEFINITIE["instroom"] == "maandstroom"
    assert set(domein.TELDEFINITIES) >= {"maandstand", "jaargemiddelde", "minstens_eenmaal"}
    # today's template and merged levels keep their codes and labels
    assert domein.KOLOMMEN[:7] == domein.SJABLOON_KOLOMMEN[:7]
    assert domein.LABELS["leeftijd"]["55+"] == "55 jaar en ouder"
    assert domein.LABELS["bestemming"]["naar_werk"] == "Naar werk"
    for dim, codes in domein.DIMENSIES.items():
        assert codes[0] == "totaal" and all(c in domein.LABELS[dim] for c in codes), dim


def test_sjabloon_met_optionele_kolommen_wordt_geschreven(leeg_engine):
    resultaat = importeer(leeg_engine, "ll.csv", csv_bytes(rijen_leefloon("2024-01"), kop=KOP))
    assert resultaat.geldig and resultaat.geschreven, resultaat.verslag()
    rijen = actieve_rijen(leeg_engine)
    assert len(rijen) == 6
    assert {r["status"] for r in rijen} == {"definitief"}
    assert {r["teldefinitie"] for r in rijen} == {"maandstand"}
    assert {r["geslacht"] for r in rijen} == {"totaal"}  # a column the file does not have
    per_klasse = {r["leeftijdsklasse"]: r["aantal"] for r in rijen}
    assert per_klasse == {"totaal": 90, "-25": 12, "25-34": 30, "35-49": 25, "50-64": 20, "65+": 3}


def test_sjabloon_zonder_nieuwe_kolommen_is_eigen_voorlopige_telling(leeg_engine):
    kop = domein.SJABLOON_KOLOMMEN
    rijen = [
        [MECHELEN, "2024-01", "leefloongerechtigden", *T4, "80"],
        [MECHELEN, "2024-01", "instroom", *T4, "6"],
    ]
    assert importeer(leeg_engine, "eigen.csv", csv_bytes(rijen, kop=kop)).geschreven
    opgeslagen = {
        (r["indicator"], r["teldefinitie"], r["status"]) for r in actieve_rijen(leeg_engine)
    }
    assert opgeslagen == {
        ("leefloongerechtigden", "maandstand", "voorlopig"),
        ("instroom", "maandstroom", "voorlopig"),
    }


@pytest.mark.parametrize(
    ("wijzig", "woorden"),
    [
        (lambda r: r[1].__setitem__(9, "jaargemiddelde"), ("gemengde teldefinities", "Leefloon")),
        (lambda r: r[0].__setitem__(10, "officieel"), ("onbekende code voor 'status'",)),
        (lambda r: r[0].__setitem__(9, "jaarstand"), ("onbekende code voor 'teldefinitie'",)),
        (lambda r: r[2].__setitem__(7, "20-24"), ("onbekende code voor 'leeftijdsklasse'",)),
        (lambda r: r[2].__setitem__(8, "31"), ("tellen op",)),
    ],
    ids=["gemengd", "status", "teldefinitie", "categorie", "som"],
)
def test_weigeringen_van_de_nieuwe_kolommen(leeg_engine, wijzig, woorden):
    rijen = rijen_leefloon("2024-01")
    wijzig(rijen)
    resultaat = importeer(leeg_engine, "fout.csv", csv_bytes(rijen, kop=KOP))
    assert not resultaat.geldig and not resultaat.geschreven
    verslag = resultaat.verslag()
    assert all(w in verslag for w in woorden), verslag
    with leeg_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(release)).scalar_one() == 0


def test_kolommen_buiten_de_volgorde_worden_geweigerd(leeg_engine):
    kop = (*KOP[:7], "status", "leeftijdsklasse", "aantal", "teldefinitie")
    rijen = [[*r[:7], r[10], r[7], r[8], r[9]] for r in rijen_leefloon("2024-01")]
    resultaat = importeer(leeg_engine, "volgorde.csv", csv_bytes(rijen, kop=kop))
    assert not resultaat.geldig
    assert "verkeerde volgorde" in resultaat.verslag()
    assert ";".join(KOP) in resultaat.verslag()  # the header to use


def test_eigen_telling_en_officiele_levering_van_dezelfde_maand_bestaan_naast_elkaar(leeg_engine):
    eigen = rijen_leefloon("2024-01", (10, 30, 25, 20, 3), status="voorlopig")
    assert importeer(leeg_engine, "eigen.csv", csv_bytes(eigen, kop=KOP)).geschreven
    assert importeer(
        leeg_engine, "pod1.csv", csv_bytes(rijen_leefloon("2024-01"), kop=KOP)
    ).geschreven
    totalen = {
        (r["status"], r["release_id"]): r["aantal"]
        for r in actieve_rijen(leeg_engine)
        if r["leeftijdsklasse"] == "totaal"
    }
    assert totalen == {("voorlopig", 1): 88, ("definitief", 2): 90}
    # a new official delivery of the month replaces the earlier official one, not the own count
    herzien = rijen_leefloon("2024-01", (12, 31, 25, 20, 3))
    assert importeer(leeg_engine, "pod2.csv", csv_bytes(herzien, kop=KOP)).geschreven
    totalen = {
        (r["status"], r["release_id"]): r["aantal"]
        for r in actieve_rijen(leeg_engine)
        if r["leeftijdsklasse"] == "totaal"
    }
    assert totalen == {("voorlopig", 1): 88, ("definitief", 3): 91}
    # restoring the first official delivery brings it back, the own count stays
    importer.herstel(leeg_engine, 2, "test")
    totalen = {
        (r["status"], r["release_id"]): r["aantal"]
        for r in actieve_rijen(leeg_engine)
        if r["leeftijdsklasse"] == "totaal"
    }
    assert totalen == {("voorlopig", 1): 88, ("definitief", 2): 90}
