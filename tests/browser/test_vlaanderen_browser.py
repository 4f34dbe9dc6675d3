"""Flanders at a glance in Chromium, for each role: the map of all 285 municipalities (a
municipality whose work figure is protected is grey and has no number), the Flemish and
provincial level on Trends, the activation rate on Vergelijking.

Its OWN server on a copy of the demo database in which Boechout (11004) delivers activations
by destination with a single work destination: its work figures cannot be released
(`data_access.vrijgave.vrijgeefbaar`), so the map must mark it instead of colouring it.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from maak_bestanden import csv_bytes, een_werkbestemming_rijen

from data_access import db, importer

from .helpers import (
    StreamlitServer,
    fouten_op_scherm,
    ga_naar,
    log_in,
    pagina_url,
    wacht_op_app,
    wacht_op_grafieken,
)

BOECHOUT = "11004"
KAART = "pages/8_Kaart.py"


@pytest.fixture(scope="module")
def server(demo_db_url, tmp_path_factory):
    pad = tmp_path_factory.mktemp("vlaanderen") / "vlaanderen.db"
    with sqlite3.connect(demo_db_url.split("///", 1)[1]) as van, sqlite3.connect(pad) as naar:
        van.backup(naar)
    url = f"sqlite:///{pad}"
    engine = db.maak_engine(url)
    resultaat = importer.importeer_bytes(
        engine,
        [("boechout.csv", csv_bytes(een_werkbestemming_rijen(BOECHOUT)))],
        door="demo",
        demo=True,  # stays demo data: the demo accounts and the label remain
        vandaag=date(2026, 11, 1),
    )
    engine.dispose()
    assert resultaat.geldig, resultaat.verslag()
    srv = StreamlitServer(url, naam="vlaanderen")
    srv.start()
    yield srv
    srv.stop()


def _figuur(page, index: int = 0) -> dict:
    return page.evaluate(
        "i => { const gd = document.querySelectorAll('.js-plotly-plot')[i];"
        " return {data: gd.data.map(t => ({name: t.name, fill: t.fill, fillcolor: t.fillcolor,"
        " tips: t.customdata ? t.customdata.map(c => t.hovertemplate"
        ".replace('%{customdata[0]}', c[0]).replace('%{customdata[1]}', c[1])) : null}))}; }",
        index,
    )


def _open(page, server, pad: str, query: str) -> None:
    page.goto(pagina_url(server.url, pad) + query, wait_until="domcontentloaded")
    wacht_op_app(page)
    wacht_op_grafieken(page, minimaal=1, timeout=60_000)


@pytest.mark.parametrize("naam", ["raad", "analist", "beheer"])
def test_kaart_niveaus_en_activeringsgraad_per_rol(server, new_context, naam):
    page = new_context().new_page()
    ga_naar(page, server.url, "app.py")
    log_in(page, naam, "demo", wacht_op_cookie_ook=False)

    _open(
        page, server, KAART, "?gemeente=11016&kaartindicator=aan_het_werk&periode=2022-01..2024-06"
    )
    assert fouten_op_scherm(page) == []
    fig = _figuur(page)
    namen = [t["name"] for t in fig["data"]]
    assert "afgeschermd (kleine aantallen)" in namen and "Essen (eigen gemeente)" in namen
    grijs = next(t for t in fig["data"] if t["name"] == "afgeschermd (kleine aantallen)")
    assert grijs["fillcolor"] == "#7a7a7a"
    tips = next(t for t in fig["data"] if t["name"] == "gemeenten")["tips"]
    boechout = next(t for t in tips if "Boechout" in t)
    assert "afgeschermd" in boechout and "%" not in boechout  # marked, no number
    assert any("Essen" in t and "%" in t for t in tips)
    assert page.get_by_text("Essen: 74% aan het werk").count() == 1

    _open(
        page,
        server,
        "pages/1_Trends.py",
        "?gemeente=12025&modus=per1000&niveaus=vlaanderen,provincie",
    )
    assert fouten_op_scherm(page) == []
    reeksen = {t["name"] for t in _figuur(page)["data"]}
    assert {"Mechelen", "Vlaams Gewest", "Provincie Antwerpen"} <= reeksen

    _open(
        page,
        server,
        "pages/5_Vergelijking.py",
        "?gemeente=11016&vergelijk=12025&periode=2022-01..2023-12",
    )
    assert fouten_op_scherm(page) == []
    assert page.get_by_text("Essen activeerde in 2023 65%").count() == 1
    page.context.close()
