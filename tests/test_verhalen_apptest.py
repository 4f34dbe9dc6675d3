"""The seed stories (issue 16): each is a link on Overzicht that opens the exact view, and that
view shows the story's number. AppTest cannot click a page link, so the test reads each link
(page and codes) from Overzicht and opens that page with those codes, as the click does.
"""

import pytest
from apptest_hulp import aangemeld, grafieken
from test_link_apptest import _ok, _pagina, periode
from test_paginas_apptest import teksten

from diensten.verhalen import VERHALEN


def _links(at) -> dict[str, tuple[str, dict]]:
    """label -> (page, query) of the page links in the main area (not the menu)."""
    uit = {}
    for e in at.main.get("page_link"):
        pagina = e.proto.page
        query = (
            dict(p.split("=", 1) for p in e.proto.query_string.split("&"))
            if e.proto.query_string
            else {}
        )
        uit[e.proto.label] = (pagina, query)
    return uit


def _url_pad(pad: str) -> str:
    """The page's URL path as Streamlit names it: app.py -> "", pages/2_Doelgroepen.py ->
    "Doelgroepen"."""
    return "" if pad == "app.py" else pad.split("/")[-1].removesuffix(".py").split("_", 1)[1]


def test_overzicht_toont_elk_verhaal_als_link_in_codes(omgeving):
    at = aangemeld("raad")
    _ok(at)
    links = _links(at)
    for verhaal in VERHALEN:
        assert verhaal.titel in links, verhaal.titel
        pagina, query = links[verhaal.titel]
        assert pagina == _url_pad(verhaal.pagina)
        assert {k: v.replace("%2C", ",") for k, v in query.items()} == verhaal.query
    zinnen = [c.value for c in at.caption]
    assert all(v.zin in zinnen for v in VERHALEN)


def test_overzicht_geeft_elk_verhaal_zonder_getal_zijn_cijfer(omgeving):
    """The action plan and Essen's 2023 carry a figure computed from the data, with count
    definition and source (before, only the municipality's own claim was told)."""
    at = aangemeld("raad")
    _ok(at)
    vet = [str(m.value).replace("\\", "") for m in at.main.markdown]
    actieplan = [m for m in vet if "activeringen via de partners en artikel 60" in m]
    essen = [m for m in vet if m.startswith("**In 2023: ")]
    assert len(actieplan) == 1 and actieplan[0].startswith("**203 activeringen")
    assert len(essen) == 1 and "65% geactiveerd; 20 naar werk, 74% van de activeringen" in essen[0]
    bijschriften = [str(c.value).replace("\\", "") for c in at.main.caption]
    assert sum(c.startswith("Teldefinitie — ") and "Bron: Demodata" in c for c in bijschriften) == 2


def _open(verhaal):
    at = aangemeld("raad")
    return (
        _pagina(at, verhaal.pagina, verhaal.query)
        if verhaal.pagina != "app.py"
        else aangemeld("raad", verhaal.query)
    )


VERWACHT = {
    "mechelen-min-11": ["van 1.428 (juni 2021) naar 1.271 (juni 2023), −11%"],
    "mechelen-jongeren": [
        "leefloongerechtigden in Mechelen van augustus 2020 tot augustus 2021 was 70% jonger dan 25"
    ],
    "mechelen-actieplan": ["Activeringen in Mechelen naar pijler"],
    "mechelen-pact-2023": ["629 activeringen naar werk", "€ 320.156"],
    "essen-83-33": ["van 83 (april 2021) naar 33 (oktober 2023), −60%"],
    "essen-2023": ["Activeringen in Essen naar bestemming"],
    "lier-naast": ["Vergelijking — Lier en 2"],
}


@pytest.mark.parametrize("verhaal", VERHALEN, ids=lambda v: v.sleutel)
def test_verhaal_opent_de_weergave_met_het_getal(omgeving, verhaal):
    at = _open(verhaal)
    _ok(at)
    tekst = teksten(at) + "\n".join(
        g["layout"].get("meta", {}).get("titel", "")
        if isinstance(g["layout"].get("meta"), dict)
        else ""
        for g in grafieken(at)
    )
    for stuk in VERWACHT[verhaal.sleutel]:
        assert stuk in tekst, (verhaal.sleutel, stuk)
    if verhaal.pagina == "pages/3_Pact_en_prognose.py":
        assert "Overige" not in tekst  # no "other" pillar on the pact's screen
    if "periode" in verhaal.query:
        assert periode(at) == tuple(verhaal.query["periode"].split(".."))
