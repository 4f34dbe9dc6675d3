"""AppTest of Pact & prognose on a temporary demo database (the login pattern of
test_paginas_apptest.py): the fan, the probability, the as-of replay from the URL, and that the
model is built once per data version, never again on a widget change."""

import json

import pytest
import streamlit as st
from apptest_hulp import aangemeld, grafieken
from streamlit.testing.v1 import AppTest

from diensten import prognose

PAGINA = "pages/3_Pact_en_prognose.py"


@pytest.fixture
def omgeving(omgeving):
    """conftest's `omgeving`, with Streamlit's caches emptied before and after the test."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield omgeving
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def bouwteller(monkeypatch):
    """Counts model builds (ui.cache calls prognose.bouw_model through the module)."""
    teller = {"n": 0}
    echt = prognose.bouw_model

    def geteld(*args, **kwargs):
        teller["n"] += 1
        return echt(*args, **kwargs)

    monkeypatch.setattr(prognose, "bouw_model", geteld)
    return teller


def teksten(at: AppTest) -> str:
    delen = []
    for soort in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        delen += [str(e.value) for e in at.get(soort)]
    delen += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(delen)


def waaier(at: AppTest) -> dict | None:
    """The fan chart: the figure with the 80%-band trace."""
    for fig in grafieken(at):
        if any(t.get("meta") == "band80" for t in fig["data"]):
            return fig
    return None


def bezoek(at: AppTest) -> AppTest:
    at.switch_page(PAGINA)
    return at.run()


def test_raad_ziet_waaier_en_kans(omgeving, bouwteller):
    at = bezoek(aangemeld("raad", {"gemeente": "12025"}))
    assert not at.exception, at.exception
    tekst = teksten(at)
    assert "Demodata" in tekst
    assert "Pact & prognose — Mechelen" in tekst
    assert "De kans om het doel te halen is" in tekst
    assert "Kans om het doel te halen" in tekst
    fig = waaier(at)
    assert fig is not None, "geen waaier"
    assert "8 op de 10" in tekst  # the band explained in words
    assert len(grafieken(at)) >= 4  # fan, pace, probability over time, track record
    assert bouwteller["n"] == 1
    # a widget change (track-record horizon) never refits the model
    at.radio(key="horizon").set_value("2").run()
    assert not at.exception
    assert bouwteller["n"] == 1


def test_terugblik_via_de_link(omgeving):
    """An old link to a month inside a quarter replays the quarter end before it: the count is
    released per quarter, rounded to 5 (Mechelen: 68 + 82 exact, 70 + 80 shown)."""
    query = {"gemeente": "12025", "doel": "activeringspact-2023", "as_of": "2024-01"}
    at = bezoek(aangemeld("raad", query))
    assert not at.exception, at.exception
    tekst = teksten(at)
    assert "Terugblik" in tekst
    assert "Tot en met december 2023 realiseerde Mechelen 150 van de 629 activeringen" in tekst
    assert "afgerond op 5" in tekst
    fig = waaier(at)
    band = next(t for t in fig["data"] if t.get("meta") == "band80")
    assert band["x"][0].startswith("2023-12") and band["x"][-1].startswith("2025-04")
    assert "Wat er echt gebeurde" in tekst
    # the slider offers the quarter ends (and the deadline) only; another one replays
    assert at.select_slider(key="as_of").options[:3] == ["jun 2023", "sep 2023", "dec 2023"]
    at.select_slider(key="as_of").set_value("2024-09").run()
    assert not at.exception
    assert "Tot en met september 2024 realiseerde Mechelen 385 van de 629" in teksten(at)


def test_overzicht_toont_doelkaart(omgeving):
    at = aangemeld("raad", {"gemeente": "11016"})
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    voortgang = [w for label, w in metrics.items() if label.startswith("Voortgang naar het doel")]
    assert voortgang and voortgang[0].endswith(" van 24")
    assert "Kans om het doel te halen (nov 2026)" in metrics
    assert metrics["Kans om het doel te halen (nov 2026)"].endswith("%")
    assert "Illustratief doel" in teksten(at)


def test_data_en_methode_toont_nauwkeurigheid(omgeving):
    at = aangemeld("raad")
    at.switch_page("pages/6_Data_en_methode.py")
    at.run()
    assert not at.exception, at.exception
    tekst = teksten(at)
    assert "Gemeten nauwkeurigheid" in tekst
    assert "niet beter dan de naïeve prognose" in tekst  # the caseload, honestly
    tabellen = [t.value for t in at.dataframe]
    assert any("rel. MAE t.o.v. naïef" in t.columns for t in tabellen)
    # the track record of the as-of replays (issue 17), with its text alternative
    assert "Trackrecord: hoe goed waren onze vroegere prognoses?" in tekst
    assert "binnen de 80%-band" in tekst and "Brier-score van" in tekst
    track = [t for t in tabellen if "Brier-score kans" in t.columns]
    assert track and track[0]["reeksen"].iloc[0] == "alle reeksen"
    assert any("gezegde kans" in t.columns and "uitgekomen" in t.columns for t in tabellen)


def test_subsidie_een_afrondingsregel_op_kaart_en_in_zin(omgeving):
    """Essen's target (max € 7.000): the card and the sentence under the fan show the same
    expected funding, rounded to the thousand (`diensten.pact.subsidie_afgerond`). Before the
    rule was shared the sentence said € 1.207 beside a card of € 1.000. The forecast starts from
    the released count (20: tiles of 8, 4 and 7 rounded to 5; 19 exact), which made it € 3.000
    (€ 1.000 from the exact count)."""
    at = aangemeld("analist", {"gemeente": "11016"})
    at.query_params["gemeente"] = "11016"
    at = bezoek(at)
    assert not at.exception, at.exception
    assert "Pact & prognose — Essen" in teksten(at)
    kaart = {m.label: m.value for m in at.metric}["Verwachte subsidie"]
    zinnen = [str(e.value) for e in at.markdown if str(e.value).startswith("Verwachte subsidie")]
    assert kaart == "€ 3.000"
    assert zinnen == [
        "Verwachte subsidie: ongeveer € 3.000 van maximaal € 7.000 (uitbetaling alles of niets: "
        "het volledige bedrag alleen als het doel gehaald wordt). Deze uitbetalingsregel is een "
        "aanname, geen gepubliceerde regel."
    ]


def test_afgelopen_pact_zegt_een_keer_dat_het_doel_niet_gehaald_werd(omgeving):
    """At the deadline (April 2025, 580 of 629) the chart's headline states the outcome; the
    sentence under the chart does not say it a second time."""
    query = {"gemeente": "12025", "doel": "activeringspact-2023", "as_of": "2025-04"}
    at = bezoek(aangemeld("raad", query))
    assert not at.exception, at.exception
    zinnen = [str(e.value) for soort in ("markdown", "caption") for e in at.get(soort)]
    uitkomst = [z for z in zinnen if "niet gehaald" in z.lower()]
    assert len(uitkomst) == 1, uitkomst
    assert uitkomst[0].lower().count("niet gehaald") == 1
    assert "580 van de 629" in uitkomst[0]


def test_gepubliceerd_doel_zegt_het_ook(omgeving):
    """The published 2023 pact says so on Overzicht and on Pact & prognose, as an illustrative
    target says it is one (issue 16, item 6)."""
    at = aangemeld("raad", {"gemeente": "12025", "periode": ["2023-01", "2024-06"]})
    assert not at.exception, at.exception
    tekst = teksten(at)
    assert "Lokaal activeringspact 2023 Mechelen" in tekst
    assert "Gepubliceerd doel." in tekst and "Illustratief doel" not in tekst
    query = {"gemeente": "12025", "doel": "activeringspact-2023", "as_of": "2024-06"}
    at = bezoek(aangemeld("raad", query))
    assert not at.exception, at.exception
    tekst = teksten(at)
    assert "Gepubliceerd doel." in tekst and "Illustratief doel" not in tekst
    assert "op weg naar het gepubliceerde doel" in json.dumps(waaier(at), ensure_ascii=False)
