"""AppTest of Pact & prognose, per pillar and per target group (issue 16): each pact pillar with
its own row, the three target groups of the pact, count definitions and the source line; work
per pillar only for an analyst, as quarter tiles rounded to 5."""

import pytest
import streamlit as st
from apptest_hulp import aangemeld

from domein import HOOFDPIJLERS, LABELS, PACT_DOELGROEPEN

PAGINA = "pages/3_Pact_en_prognose.py"
QUERY = {"gemeente": "12025", "doel": "activeringspact-2023"}


@pytest.fixture
def omgeving(omgeving):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield omgeving
    st.cache_data.clear()
    st.cache_resource.clear()


def _bezoek(naam):
    at = aangemeld(naam, QUERY)
    for k, v in QUERY.items():
        at.query_params[k] = v
    at.switch_page(PAGINA)
    return at.run()


def _tabel(at, eerste_kolom):
    [tabel] = [t.value for t in at.dataframe if t.value.columns[0] == eerste_kolom]
    return tabel


def _teksten(at):
    tekst = "\n".join(str(e.value) for soort in ("markdown", "caption") for e in at.get(soort))
    return tekst.replace("\\", "")  # letterlijk() escapes Markdown


def test_raad_ziet_pijlers_en_doelgroepen_zonder_werk_per_pijler(omgeving):
    at = _bezoek("raad")
    assert not at.exception, at.exception
    assert "Per pijler en per doelgroep" in [s.value for s in at.subheader]
    pijlers = _tabel(at, "Pijler")
    assert list(pijlers["Pijler"][:3]) == [LABELS["pijler"][p] for p in HOOFDPIJLERS]
    assert LABELS["pijler"]["overig"] not in set(pijlers["Pijler"])
    assert not any(k.startswith("Naar werk") for k in pijlers.columns)
    # Belgian text cells: a share as a percentage, no decimal point anywhere
    assert pijlers["Aandeel in de trajectstarts"].str.endswith("%").all()
    groepen = _tabel(at, "Doelgroep")
    assert list(groepen["Doelgroep"]) == [LABELS["doelgroep"][g] for g in PACT_DOELGROEPEN]
    tekst = _teksten(at)
    # the tables' text alternatives, in words, with the window of the target
    assert "Trajectstarts per pijler in Mechelen, jul 2023 – mrt 2025:" in tekst
    assert "in de doelgroepen van het pact: Leefloon als voorschot" in tekst
    assert "Teldefinitie. Trajectstarts (stroom)" in tekst
    assert "Teldefinitie. Leefloongerechtigden (maandstand)" in tekst
    assert "Bron: Demodata Leefloonmonitor" in tekst
    assert "naar werk per pijler tonen we niet" in tekst.lower()


def test_analist_ziet_werk_per_pijler_per_kwartaal_afgerond(omgeving):
    at = _bezoek("analist")
    assert not at.exception, at.exception
    pijlers = _tabel(at, "Pijler")
    kolom = "Naar werk (per kwartaal afgerond op 5)"
    assert kolom in pijlers.columns
    waarden = [int(w.replace(".", "")) for w in pijlers[kolom]]
    assert all(w % 5 == 0 for w in waarden) and sum(waarden) > 0
    assert "alleen voor analisten van de gemeente" in _teksten(at)
