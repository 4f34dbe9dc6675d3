"""Trends shows the caseload forecast (issue 17, item 3): an 80% and a 95% band around the
median, the table holding what the chart draws, and the scenario layer of the 2026 time limit on
unemployment benefit behind a checkbox whose choice travels in the link (`?werkloosheid=ja`).

AppTest on the demo database, logged in through the real form (`apptest_hulp`)."""

import re

import pytest
from apptest_hulp import aangemeld, grafieken
from streamlit.testing.v1 import AppTest

TRENDS = "pages/1_Trends.py"
TABEL = "tabel-prognose-leefloongerechtigden"
SCENARIO = "Scenario werkloosheid (mediaan)"


def _naar_trends(at: AppTest, query: dict | None = None) -> AppTest:
    for sleutel, waarde in (query or {}).items():
        at.query_params[sleutel] = waarde
    at.switch_page(TRENDS)
    at.run()
    assert not at.exception, at.exception
    return at


def _prognose(at: AppTest) -> dict:
    [fig] = [g for g in grafieken(at) if "prognose" in g["layout"]["meta"]["titel"]]
    return fig


def _sporen(fig: dict) -> dict:
    return {t["name"]: t for t in fig["data"] if t.get("showlegend")}


def _getal(tekst: str) -> float:
    return float(tekst.replace(".", "").replace(",", "."))


def test_waaier_met_tabel_en_scenariolaag_aan_en_uit(omgeving):
    at = _naar_trends(aangemeld("raad", {"gemeente": "12025"}))
    fig = _prognose(at)
    sporen = _sporen(fig)
    assert {"Waargenomen", "Prognose (mediaan)", "80%-band", "95%-band"} <= set(sporen)
    assert SCENARIO not in sporen
    meta = fig["layout"]["meta"]
    assert meta["teldefinitie"].startswith("Maandstand") and "Demodata" in meta["bron"]
    koppen = [m.value for m in at.markdown if "verwacht rond" in str(m.value)]
    kop = re.sub(r"\\(.)", r"\1", koppen[0]) if koppen else ""
    assert kop.startswith("#### Leefloongerechtigden in Mechelen: in september 2027")
    assert at.query_params["werkloosheid"] == "nee"

    # the table holds what the chart draws (median; 12 months after the 36 observed ones)
    at.session_state[TABEL] = True
    at.run()
    tabel = next(d.value for d in at.dataframe if "prognose (mediaan)" in d.value.columns)
    mediaan = [_getal(v) for v in tabel["prognose (mediaan)"] if v != "–"]
    assert len(mediaan) == 12
    assert mediaan == pytest.approx([round(y) for y in sporen["Prognose (mediaan)"]["y"][1:]])
    assert "scenario (mediaan)" not in tabel.columns

    at.checkbox(key="werkloosheid").check().run()
    assert not at.exception, at.exception
    sporen = _sporen(_prognose(at))
    assert SCENARIO in sporen and "Scenario werkloosheid: 80%-band" in sporen
    assert sporen[SCENARIO]["line"]["dash"] == "dash"
    # the scenario lies on top of the base forecast, growing with the extra applications
    basis, scen = sporen["Prognose (mediaan)"]["y"], sporen[SCENARIO]["y"]
    assert scen[-1] > basis[-1] and all(s >= b - 1e-9 for s, b in zip(scen, basis, strict=True))
    assert at.query_params["werkloosheid"] == "ja"
    noten = " ".join(str(c.value) for c in at.caption)
    assert "VVSG" in noten and "Riemst" in noten and "aanname" in noten
    tabel = next(d.value for d in at.dataframe if "prognose (mediaan)" in d.value.columns)
    assert "scenario (mediaan)" in tabel.columns

    at.checkbox(key="werkloosheid").uncheck().run()
    assert SCENARIO not in _sporen(_prognose(at))
    assert at.query_params["werkloosheid"] == "nee"


def test_link_met_scenario_opent_het_scenario(omgeving):
    """Round trip: the code written for the checked box opens the same view from a link."""
    at = _naar_trends(aangemeld("raad", {"gemeente": "11016", "werkloosheid": "ja"}))
    assert at.checkbox(key="werkloosheid").value is True
    assert SCENARIO in _sporen(_prognose(at))
    assert at.query_params["werkloosheid"] == "ja"
    assert at.title[0].value == "Trends — Essen"
