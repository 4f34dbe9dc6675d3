"""AppTest of Trends (issue 19): the official months (definitief) and the OCMW's own count
(voorlopig) in one series, visibly marked, with the difference where both exist. The real
pages on a SQLite demo database (official figures up to 2026-06, docs/demodata.md) with a new
official delivery of its last six official months."""

from datetime import date

from apptest_hulp import aangemeld, grafieken
from maak_bestanden import csv_bytes
from test_paginas_apptest import bezoek, teksten

from data_access import db, importer, queries

MECHELEN = "12025"
KOP = ("nis", "periode", "indicator", "doelgroep", "leeftijd", "pijler", "bestemming")
KOP += ("aantal", "status")
MAANDEN = [f"2026-{m:02d}" for m in range(1, 7)]


def test_trends_toont_officieel_en_daarna_de_eigen_telling(omgeving):
    engine = db.maak_engine(omgeving)
    # the own count of the months that also have an official figure (the series shows that one)
    eigen = queries.eigen_en_officieel(engine, MECHELEN, "leefloongerechtigden")
    eigen = eigen.set_index("periode")["eigen"]
    rijen = []
    for periode in MAANDEN:  # a revised delivery: 3 more than the own count, LL and eq. LL
        totaal = int(eigen[periode]) + 3
        rijen.append(
            [MECHELEN, periode, "leefloon", *["totaal"] * 4, str(totaal - 50), "definitief"]
        )
        rijen.append(
            [MECHELEN, periode, "equivalent_leefloon", *["totaal"] * 4, "50", "definitief"]
        )
    resultaat = importer.importeer_bytes(
        engine,
        [("pod.csv", csv_bytes(rijen, kop=KOP))],
        door="test",
        demo=True,
        vandaag=date(2026, 11, 22),
    )
    assert resultaat.geschreven, resultaat.verslag()
    engine.dispose()

    query = {"gemeente": MECHELEN, "periode": ["2026-01", "2026-09"]}
    at = bezoek(aangemeld("raad", query), "pages/1_Trends.py")
    assert not at.exception, at.exception
    tekst = teksten(at)
    assert "Officiële cijfers (definitief) tot en met juni 2026" in tekst, tekst
    assert "vanaf juli 2026 de eigen telling van het OCMW" in tekst
    assert "gemiddeld 3,0 personen minder dan de officiële cijfers" in tekst
    [trend, *_] = grafieken(at)
    lijn = next(t for t in trend["data"] if t.get("name") == "Mechelen")
    juni = lijn["x"].index(next(x for x in lijn["x"] if str(x).startswith("2026-06")))
    assert lijn["y"][juni] == int(eigen["2026-06"]) + 3  # the official figure is shown
    markeringen = [a.get("text", "") for a in trend["layout"].get("annotations", [])]
    assert any("eigen telling (voorlopig)" in m for m in markeringen), markeringen
    # every chart's source line says which months are official and which the own count
    bronregel = "officiële cijfers (definitief) t.e.m. jun 2026, daarna eigen telling (voorlopig)"
    assert any(bronregel in m.replace("<br>", " ") for m in markeringen), markeringen


def test_doelgroepen_eigen_uitsplitsing_zegt_eigen_telling(omgeving):
    """The demo has official figures up to 2026-06, but the breakdowns on Doelgroepen (doelgroep,
    own age bands, activations) are the own count in every month (the read rule per cell): their
    source line says so, never 'officiële cijfers'."""
    at = bezoek(aangemeld("raad", {"gemeente": MECHELEN}), "pages/2_Doelgroepen.py")
    assert not at.exception, at.exception
    figuren = grafieken(at)
    assert len(figuren) == 4
    for figuur in figuren:
        tekst = " ".join(a.get("text", "") for a in figuur["layout"].get("annotations", []))
        tekst = tekst.replace("<br>", " ")
        assert "eigen telling van het OCMW (voorlopig)" in tekst, tekst
        assert "officiële cijfers (definitief)" not in tekst, tekst
