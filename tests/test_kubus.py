"""Issue 19: the cube's dimensions as data (domein/kubus.yaml), the optional columns of the
`feiten` template, count definitions and provisional vs definitive figures. SQLite and a real
PostgreSQL server (fixture `leeg_engine`).
"""

import sys
from datetime import date

import pandas as pd
import pytest
from maak_bestanden import csv_bytes
from sqlalchemy import func, select

import domein
from data_access import importer, queries
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


# --- reads: definitive where it exists, else provisional; one count definition per read ----


def _importeer_reeks(engine, naam, periodes, totalen, status, tel="maandstand", nis=MECHELEN):
    rijen = []
    for periode, n in zip(periodes, totalen, strict=True):
        rijen.append([nis, periode, "leefloon", *T4, "totaal", str(n), tel, status])
    resultaat = importeer(engine, naam, csv_bytes(rijen, kop=KOP))
    assert resultaat.geschreven, resultaat.verslag()


def test_reeks_toont_officiele_maanden_en_daarna_de_eigen_telling(leeg_engine):
    maanden = ["2024-01", "2024-02", "2024-03"]
    _importeer_reeks(leeg_engine, "eigen.csv", maanden, [88, 90, 95], "voorlopig")
    _importeer_reeks(leeg_engine, "pod.csv", maanden[:2], [91, 92], "definitief")
    reeks = queries.reeks(leeg_engine, MECHELEN, "leefloon")
    assert reeks.to_dict("list") == {"periode": maanden, "waarde": [91, 92, 95]}
    status = queries.statussen(leeg_engine, MECHELEN, "leefloon")
    assert list(status) == ["definitief", "definitief", "voorlopig"]
    assert queries.laatste_periode(leeg_engine, MECHELEN) == "2024-03"
    kaart = queries.maandstand(leeg_engine, "leefloon", "2024-02")
    assert kaart["waarde"].tolist() == [92]  # never 88 + 92


def test_bronregel_zegt_welke_maanden_officieel_zijn(leeg_engine):
    from diensten.bron import bron

    maanden = ["2024-01", "2024-02", "2024-03"]
    _importeer_reeks(leeg_engine, "eigen.csv", maanden, [88, 90, 95], "voorlopig")
    assert queries.laatste_definitief(leeg_engine) is None
    assert "definitief" not in bron(leeg_engine, MECHELEN)  # only the own count: as before
    _importeer_reeks(leeg_engine, "pod.csv", maanden[:2], [91, 92], "definitief")
    assert queries.laatste_definitief(leeg_engine, MECHELEN) == "2024-02"
    assert queries.laatste_definitief(leeg_engine, "11016") is None
    assert bron(leeg_engine, MECHELEN).endswith(
        "; officiële cijfers (definitief) t.e.m. feb 2024, daarna eigen telling (voorlopig)"
    )
    assert "definitief" not in bron(leeg_engine, "11016")
    _importeer_reeks(leeg_engine, "pod2.csv", maanden[2:], [96], "definitief")
    assert bron(leeg_engine).endswith("; officiële cijfers (definitief) t.e.m. mrt 2024")


def test_een_andere_teldefinitie_wordt_nooit_opgeteld(leeg_engine):
    _importeer_reeks(leeg_engine, "stand.csv", ["2024-01"], [90], "definitief")
    _importeer_reeks(leeg_engine, "gem.csv", ["2024-02"], [85], "definitief", "jaargemiddelde")
    assert queries.reeks(leeg_engine, MECHELEN, "leefloon")["waarde"].tolist() == [90]
    gemiddeld = queries.reeks(leeg_engine, MECHELEN, "leefloon", teldefinitie="jaargemiddelde")
    assert gemiddeld["waarde"].tolist() == [85]
    assert queries.teldefinities(leeg_engine, MECHELEN, "leefloon") == [
        "jaargemiddelde",
        "maandstand",
    ]


def test_leefloongerechtigden_is_de_som_van_ll_en_eq_ll(leeg_engine):
    rijen = []
    for indicator, n in (("leefloon", 60), ("equivalent_leefloon", 25)):
        rijen.append([MECHELEN, "2024-01", indicator, *T4, "totaal", str(n), "maandstand"])
        rijen.append([MECHELEN, "2024-01", indicator, *T4, "-25", str(n // 5), "maandstand"])
        rijen.append([MECHELEN, "2024-01", indicator, *T4, "25-34", str(n - n // 5), "maandstand"])
    resultaat = importeer(leeg_engine, "ll.csv", csv_bytes(rijen, kop=KOP[:-1]))
    assert resultaat.geschreven, resultaat.verslag()
    assert "Leefloongerechtigden berekend als som van Leefloon en Equivalent leefloon" in (
        resultaat.verslag()
    )
    reeks = queries.reeks(leeg_engine, MECHELEN, "leefloongerechtigden")
    assert reeks["waarde"].tolist() == [85]
    # only the total is derived: no breakdown beside its parts' tables
    assert queries.uitsplitsing(
        leeg_engine, MECHELEN, "leefloongerechtigden", "leeftijdsklasse"
    ).empty


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def stats(leeg_engine, monkeypatch, capsys):
    """`leefloonmonitor stats ...` in this process: (exit code, JSON or None, stderr)."""
    import argparse
    import json

    from cli.gegevens import registreer
    from cli.hulp import Geweigerd

    monkeypatch.setenv("LEEFLOONMONITOR_DB", leeg_engine.url.render_as_string(hide_password=False))

    def draai(*argv: str):
        parser = argparse.ArgumentParser(prog="leefloonmonitor")
        registreer(parser.add_subparsers(dest="commando", required=True))
        args = parser.parse_args(["stats", *argv, "--json"])
        try:
            code = args.func(args)
        except Geweigerd as fout:
            print(f"Fout: {fout}", file=sys.stderr)
            code = 2
        uit = capsys.readouterr()
        return code, (json.loads(uit.out) if code == 0 else None), uit.err

    return draai


def test_stats_naar_leeftijdsklasse_geeft_de_cijfers_met_de_regel_voor_kleine_aantallen(
    leeg_engine, stats
):
    rijen = rijen_leefloon("2024-01", (12, 30, 25, 20, 3))
    rijen += rijen_leefloon("2024-02", (14, 31, 26, 21, 6))
    assert importeer(leeg_engine, "pod.csv", csv_bytes(rijen, kop=KOP)).geschreven

    code, totaal, fout = stats("--nis", MECHELEN, "--indicator", "leefloon")
    assert code == 0, fout
    assert totaal["teldefinitie"] == "maandstand" and totaal["teldefinitie_label"] == "Maandstand"
    assert totaal["series"] == [
        {"period": "2024-01", "value": 90, "status": "definitief"},
        {"period": "2024-02", "value": 98, "status": "definitief"},
    ]
    code, uit, fout = stats("--nis", MECHELEN, "--indicator", "leefloon", "--by", "leeftijdsklasse")
    assert code == 0, fout
    cellen = {(r["period"], r["category"]): r["value"] for r in uit["series"]}
    assert {r["status"] for r in uit["series"]} == {"definitief"}
    assert uit["level"] == "fijn"
    # February exactly as delivered; January's 3 hidden, and one more cell so it cannot be
    # recomputed from the published total
    assert [cellen[("2024-02", k)] for k in ("-25", "25-34", "35-49", "50-64", "65+")] == [
        14,
        31,
        26,
        21,
        6,
    ]
    januari = [cellen[("2024-01", k)] for k in ("-25", "25-34", "35-49", "50-64", "65+")]
    assert januari[-1] == "<5"
    assert sum(1 for w in januari if w in ("<5", "x")) >= 2
    assert all(
        w == d for w, d in zip(januari, (12, 30, 25, 20, 3), strict=True) if w not in ("<5", "x")
    )


def test_stats_zegt_dat_de_cijfers_een_andere_teldefinitie_hebben(leeg_engine, stats):
    _importeer_reeks(leeg_engine, "gem.csv", ["2024-01"], [85], "definitief", "jaargemiddelde")
    code, _, fout = stats("--nis", MECHELEN, "--indicator", "leefloon")
    assert code == 2
    assert "andere teldefinitie" in fout and "--teldefinitie jaargemiddelde" in fout
    code, uit, fout = stats(
        "--nis", MECHELEN, "--indicator", "leefloon", "--teldefinitie", "jaargemiddelde"
    )
    assert code == 0, fout
    assert uit["teldefinitie"] == "jaargemiddelde" and uit["series"][0]["value"] == 85


# --- the importer's hook for delivery layouts (data_access/formaten) -------------------------


class NepLayout:
    """A layout of three columns (gemeente, maand, ll) for the test of the hook."""

    naam = "Testformaat"

    def __init__(self, fouten=()):
        self.fouten = list(fouten)

    def herken(self, kolommen):
        return kolommen == ["gemeente", "maand", "ll"]

    def vertaal(self, ingelezen, vandaag):
        from data_access.formaten import Vertaling
        from data_access.validatie import FEIT_KOLOMMEN

        f = ingelezen.frame
        frame = pd.DataFrame({k: "totaal" for k in FEIT_KOLOMMEN}, index=f.index)
        frame = frame.assign(
            nis=f["gemeente"],
            periode=f["maand"],
            indicator="leefloon",
            aantal=f["ll"],
            teldefinitie="maandstand",
            status="definitief",
        )
        return Vertaling(
            self.naam,
            frame[list(FEIT_KOLOMMEN)],
            fouten=self.fouten,
            notities=["NIS 12025 (Mechelen): test"],
            bron="Testbron (stat.mi-is.be)",
        )


def test_een_herkende_layout_wordt_vertaald_gevalideerd_en_geschreven(leeg_engine, monkeypatch):
    from data_access import formaten

    monkeypatch.setattr(formaten, "LAYOUTS", [NepLayout()])
    inhoud = b"Gemeente;Maand;LL\n12025;2024-01;91\n12025;2024-02;92\n"
    resultaat = importeer(leeg_engine, "pod.csv", inhoud)
    assert resultaat.geschreven, resultaat.verslag()
    verslag = resultaat.verslag()
    assert "Testformaat" in verslag and "NIS 12025 (Mechelen): test" in verslag
    assert queries.reeks(leeg_engine, MECHELEN, "leefloon")["waarde"].tolist() == [91, 92]
    assert queries.releases(leeg_engine).iloc[0]["bron"] == "Testbron (stat.mi-is.be)"
    # the translated frame goes through the normal validation: a month in the future
    geweigerd = importeer(leeg_engine, "later.csv", b"gemeente;maand;ll\n12025;2027-01;5\n")
    assert not geweigerd.geldig and "toekomst" in geweigerd.verslag()


def test_de_fouten_van_een_layout_komen_ongewijzigd_in_het_verslag(leeg_engine, monkeypatch):
    from data_access import formaten
    from data_access.inlezen import ImportFout

    fout = ImportFout("pod.csv", 3, "LL", "abc", "geen getal", "schrijf een geheel getal")
    monkeypatch.setattr(formaten, "LAYOUTS", [NepLayout([fout])])
    resultaat = importeer(leeg_engine, "pod.csv", b"gemeente;maand;ll\n12025;2024-01;abc\n")
    assert resultaat.fouten == [fout]
    assert fout.als_tekst() in resultaat.verslag()
    with leeg_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(release)).scalar_one() == 0


def test_voorbeeld_van_een_officiele_levering_vergelijkt_binnen_dezelfde_status(leeg_engine):
    from data_access import voorbeeld

    def totalen(naam, rijen):
        gecontroleerd, resultaat = importer.controleer_bestanden(
            [(naam, csv_bytes(rijen, kop=KOP))], VANDAAG
        )
        assert resultaat.geldig, resultaat.verslag()
        uit = voorbeeld.voorbeeld(leeg_engine, gecontroleerd)
        tot = uit.totalen
        return tot[tot["indicator"] == "leefloon"][["oud", "nieuw", "status"]].values.tolist()

    eigen = rijen_leefloon("2024-01", (10, 30, 25, 20, 3), status="voorlopig")
    assert importeer(leeg_engine, "eigen.csv", csv_bytes(eigen, kop=KOP)).geschreven
    # the first official figures of the month are new beside the own count, not a change of it
    officieel = rijen_leefloon("2024-01")
    assert totalen("pod1.csv", officieel) == [[pd.NA, 90, "nieuw"]]
    assert importeer(leeg_engine, "pod1.csv", csv_bytes(officieel, kop=KOP)).geschreven
    # a revision shows what changes before it is confirmed
    herzien = rijen_leefloon("2024-01", (12, 31, 25, 20, 3))
    assert totalen("pod2.csv", herzien) == [[90, 91, "gewijzigd"]]


def test_intrekken_van_een_maand_per_status(leeg_engine):
    from data_access import intrekken

    _importeer_reeks(leeg_engine, "eigen.csv", ["2024-01", "2024-02"], [88, 95], "voorlopig")
    _importeer_reeks(leeg_engine, "pod.csv", ["2024-01", "2024-02"], [91, 96], "definitief")
    alles = intrekken.voorbeeld(leeg_engine, "2024-02", MECHELEN)
    assert alles.rijen == 2
    # the month's figure is the shown one (official), never own count + official
    assert alles.per_indicator.set_index("indicator").loc["Leefloon", "maandcijfer"] == 96
    with pytest.raises(intrekken.Geweigerd, match="status"):
        intrekken.voorbeeld(leeg_engine, "2024-02", MECHELEN, status="officieel")
    uit = intrekken.trek_in(
        leeg_engine, "2024-02", MECHELEN, door="test", reden="fout", status="definitief"
    )
    assert uit.rijen == 1 and "(definitief)" in uit.omschrijving()
    reeks = queries.reeks(leeg_engine, MECHELEN, "leefloon")
    assert reeks["waarde"].tolist() == [91, 95]  # February: the own count again


# --- Trends: where the official series gives way to the own count ---------------------------


def test_verschil_tussen_eigen_telling_en_officieel_per_maand(leeg_engine):
    maanden = ["2024-01", "2024-02", "2024-03"]
    _importeer_reeks(leeg_engine, "eigen.csv", maanden, [88, 90, 95], "voorlopig")
    _importeer_reeks(leeg_engine, "pod.csv", maanden[:2], [91, 90], "definitief")
    verschil = queries.eigen_en_officieel(leeg_engine, MECHELEN, "leefloon")
    assert verschil.to_dict("list") == {
        "periode": ["2024-01", "2024-02"],
        "eigen": [88, 90],
        "officieel": [91, 90],
        "verschil": [-3, 0],
    }
    assert queries.eigen_en_officieel(leeg_engine, MECHELEN, "instroom").empty


def test_trendgrafiek_markeert_de_voorlopige_maanden_en_het_verschil():
    from charts import schermen

    maanden = ["2024-01", "2024-02", "2024-03", "2024-04"]
    frame = pd.DataFrame({"nis": MECHELEN, "periode": maanden, "waarde": [91, 90, 95, 97]})
    status = pd.Series(
        ["definitief", "definitief", "voorlopig", "voorlopig"], index=maanden, name="status"
    )
    verschil = pd.DataFrame(
        {"periode": maanden[:2], "eigen": [88, 90], "officieel": [91, 90], "verschil": [-3, 0]}
    )
    args = dict(
        indicator="leefloongerechtigden",
        modus="absoluut",
        namen={MECHELEN: "Mechelen"},
        van=maanden[0],
        tot=maanden[-1],
        bron="Test",
        eigen=MECHELEN,
    )
    s = schermen.trend_scherm(frame, status=status, verschil=verschil, **args)
    teksten = [a.text for a in s.fig.layout.annotations]
    assert any("eigen telling (voorlopig)" in t for t in teksten), teksten
    noten = " ".join(s.noten)
    assert "Officiële cijfers (definitief) tot en met februari 2024" in noten
    assert "vanaf maart 2024 de eigen telling" in noten
    assert "gemiddeld 1,5 personen minder dan de officiële cijfers" in noten
    assert "februari 2024: eigen telling 90, officieel 90" in noten
    # one kind only (the demo: all own count): nothing marked
    alleen_eigen = pd.Series(["voorlopig"] * 4, index=maanden)
    kaal = schermen.trend_scherm(frame, status=alleen_eigen, **args)
    assert not [a for a in kaal.fig.layout.annotations if "voorlopig" in (a.text or "")]
    assert not any("definitief" in n for n in kaal.noten)


def test_dezelfde_cellen_in_twee_teldefinities_heet_gemengd(leeg_engine):
    stand = rijen_leefloon("2024-01")
    gemiddeld = rijen_leefloon("2024-01", tel="jaargemiddelde")
    resultaat = importeer(leeg_engine, "twee.csv", csv_bytes(stand + gemiddeld, kop=KOP))
    assert not resultaat.geldig
    assert "gemengde teldefinities" in resultaat.verslag()
    assert "apart bestand" in resultaat.verslag()
