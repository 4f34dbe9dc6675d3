"""Accessibility (issue 16 item 14): an axe-core scan of every page (normal mode) and of every
screen of presentation mode, each at the four window sizes of issue 16 (1920×1080, 1366×768,
820×1180, 390×844), and of the HTML report finds no `serious` or `critical` violation. Every
page, the login form included, declares Dutch (`<html lang="nl">`, WCAG 3.1.1), and every chart
carries a text alternative (role "figure" with an aria-label: its headline) beside its folded
table ("Tabel bij: …", the element right after the chart).

Violations caused by Streamlit's own markup that the app cannot change are listed in
`TOEGESTAAN` (rule id + CSS selector pattern + reason) instead of switching a rule off: any
other node with the same rule still fails the test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe

from ui.navigatie import PAGINAS

from .helpers import (
    ARTEFACTEN,
    ZIJBALK,
    fouten_op_scherm,
    ga_naar,
    toont_aanmelding,
    url_pad,
    wacht_op_app,
    wacht_op_grafieken,
)

ERNSTIG = ("serious", "critical")


@dataclass(frozen=True)
class Uitzondering:
    regel: str  # axe rule id
    selector: str  # regex on the node's CSS selector (axe "target")
    reden: str


#: Streamlit markup we cannot fix from the app (checked against Streamlit 1.67).
TOEGESTAAN: tuple[Uitzondering, ...] = ()


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _ernstige(axe: Axe, page, naam: str) -> list[str]:
    resultaat = axe.run(page)
    problemen, bewaard = [], []
    for v in resultaat.response["violations"]:
        if v.get("impact") not in ERNSTIG:
            continue
        for node in v["nodes"]:
            doel = " ".join(map(str, node.get("target", [])))
            toegestaan = any(u.regel == v["id"] and re.search(u.selector, doel) for u in TOEGESTAAN)
            regel = f"{v['id']} ({v['impact']}): {doel} — {node.get('failureSummary', '')[:200]}"
            bewaard.append({"toegestaan": toegestaan, "regel": regel, "html": node.get("html")})
            if not toegestaan:
                problemen.append(regel)
    map_ = ARTEFACTEN / "axe"
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / f"{naam}.json").write_text(json.dumps(bewaard, indent=2, ensure_ascii=False))
    return problemen


MET_GRAFIEK = ("app.py", "pages/1_Trends.py")
#: Issue 16's four window sizes; every page and every presentation screen is checked at each.
VENSTERS = [(1920, 1080), (1366, 768), (820, 1180), (390, 844)]


def _taal(page) -> str:
    return page.evaluate("document.documentElement.lang")


def _grafieken_zonder_tekst(page) -> list[str]:
    """Charts without a text alternative: not a figure, or no (non-empty) aria-label."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .filter(e => e.getAttribute('role') !== 'figure'
                         || !(e.getAttribute('aria-label') || '').trim())
            .map(e => e.outerHTML.slice(0, 120))"""
    )


# The text alternative is beside the chart's table: every chart is followed by its folded table
# ("Tabel bij: …", ui.weergave.tabel_onder_grafiek) before the next chart (on a page right
# after it; on a presentation screen under the buttons). The aria-labels of charts without.
_ZONDER_TABEL = """() => {
  const delen = [...document.querySelectorAll(
    "[data-testid='stMain'] [data-testid='stPlotlyChart'], [data-testid='stMain'] details")];
  return delen.filter((d, i) => d.matches("[data-testid='stPlotlyChart']")
      && !(delen[i + 1]?.matches('details')
           && delen[i + 1].querySelector('summary')?.textContent.includes('Tabel bij')))
    .map(g => g.getAttribute('aria-label') || g.outerHTML.slice(0, 80));
}"""


def _id(pad: str) -> str:
    return url_pad(pad) or "Overzicht"


def _vid(venster: tuple[int, int]) -> str:
    return f"{venster[0]}x{venster[1]}"


def _controleer(page, axe: Axe, naam: str, minimaal: int = 0) -> dict:
    """Everything wrong on the page as it is now (empty lists when all is well): serious or
    critical axe violations, a language other than Dutch, charts without a text alternative
    or without a table after them, error boxes."""
    grafieken = wacht_op_grafieken(page, minimaal=minimaal)
    uit = {
        "axe": _ernstige(axe, page, naam),
        "taal": [] if _taal(page) == "nl" else [_taal(page)],
        "zonder_tekst": _grafieken_zonder_tekst(page),
        "zonder_tabel": page.evaluate(_ZONDER_TABEL),
        "fouten": fouten_op_scherm(page),
    }
    if grafieken < minimaal:
        uit["grafieken"] = [f"{grafieken} < {minimaal}"]
    return {k: v for k, v in uit.items() if v}


def _verslag(gevonden: dict[str, dict]) -> str:
    """One line per size or screen with a problem (a string: pytest shortens a dict)."""
    return "\n".join(f"{waar}: {p}" for waar, p in gevonden.items() if p)


def _naar_venster(page, venster: tuple[int, int]) -> None:
    """Resize the window and wait until the app has laid itself out for it (ui.venster reruns
    a narrow page); on the phone the sidebar is folded away, as after a load at that size."""
    page.set_viewport_size({"width": venster[0], "height": venster[1]})
    wacht_op_app(page)
    if venster[0] < 768:
        zijbalk = page.locator(ZIJBALK).bounding_box()
        assert zijbalk is None or zijbalk["x"] + zijbalk["width"] <= 1, (venster, zijbalk)


@pytest.mark.parametrize("pad", [p.pad for p in PAGINAS], ids=_id)
def test_pagina_op_elk_formaat_zonder_ernstige_schendingen(
    pad, aangemeld, app_url, axe, streamlit_server
):
    """Issue 16 item 14, normal mode: the page loaded once (at 1920×1080), then resized to each
    of the four sizes and scanned at each (a fresh load per size took twice as long)."""
    positie = streamlit_server.log_lengte()
    page = aangemeld("beheer").new_page()
    page.set_viewport_size({"width": VENSTERS[0][0], "height": VENSTERS[0][1]})
    ga_naar(page, app_url, pad)
    gevonden = {}
    for venster in VENSTERS:
        _naar_venster(page, venster)
        naam = f"pagina-{_id(pad)}-{_vid(venster)}"
        gevonden[_vid(venster)] = _controleer(page, axe, naam, 1 if pad in MET_GRAFIEK else 0)
    page.close()
    assert not any(gevonden.values()), _verslag(gevonden)
    assert not streamlit_server.tracebacks_sinds(positie)


def _scherm_nummer(page) -> tuple[int, int]:
    tekst = page.get_by_text(re.compile(r"^Scherm \d+ van \d+$")).inner_text()
    n, totaal = map(int, re.findall(r"\d+", tekst))
    return n, totaal


def _blader(page, knop: str, naar: int) -> None:
    page.get_by_role("button", name=knop).click()
    page.wait_for_function(
        "n => [...document.querySelectorAll('p')].some(p => p.textContent.trim()"
        ".startsWith('Scherm ' + n + ' van'))",
        arg=naar,
    )
    wacht_op_app(page)


def test_presentatiemodus_elk_scherm_op_elk_formaat_zonder_ernstige_schendingen(
    aangemeld, app_url, axe, streamlit_server
):
    """Issue 16 item 14, presentation mode (`?presentatie=1`): every screen at every size.
    Loaded once; at each size the screens are visited with Volgende, at the next size back
    with Vorige (no reload per screen)."""
    positie = streamlit_server.log_lengte()
    page = aangemeld("raad").new_page()
    page.set_viewport_size({"width": VENSTERS[0][0], "height": VENSTERS[0][1]})
    page.goto(f"{app_url}/?presentatie=1&scherm=1", wait_until="domcontentloaded")
    wacht_op_app(page)
    n, totaal = _scherm_nummer(page)
    assert n == 1 and totaal >= 6
    gevonden, bezocht = {}, []
    for k, venster in enumerate(VENSTERS):
        _naar_venster(page, venster)
        volgorde = range(1, totaal + 1) if k % 2 == 0 else range(totaal, 0, -1)
        for i in volgorde:
            if _scherm_nummer(page)[0] != i:
                _blader(page, "Volgende" if k % 2 == 0 else "Vorige", i)
            assert _scherm_nummer(page)[0] == i
            naam = f"presentatie-{i}-{_vid(venster)}"
            gevonden[naam] = _controleer(page, axe, naam, 1)
            bezocht.append((venster, i))
    page.close()
    assert not any(gevonden.values()), _verslag(gevonden)
    assert len(bezocht) == totaal * len(VENSTERS)
    assert not streamlit_server.tracebacks_sinds(positie)


def test_aanmelding_is_nederlands(new_context, app_url, axe):
    """The login form (before any page script past the guard) is Dutch too."""
    page = new_context().new_page()
    page.goto(app_url, wait_until="domcontentloaded")
    wacht_op_app(page)
    assert toont_aanmelding(page)
    assert _taal(page) == "nl"
    problemen = _ernstige(axe, page, "aanmelding")
    assert not problemen, "\n".join(problemen)


def test_html_rapport_zonder_ernstige_schendingen(new_context, demo_db_url, tmp_path, axe):
    from charts import export
    from data_access import db
    from diensten import dek, pact, prognose

    engine = db.maak_engine(demo_db_url)
    try:
        van, tot = dek.standaard_periode(engine, "11016")
        haak = pact.haak(prognose.bouw_model(engine))
        lijst = dek.schermen_voor(engine, "11016", van, tot, pact=haak)
        titel, ondertitel = dek.titels(engine, "11016", van, tot)
    finally:
        engine.dispose()
    pad = tmp_path / "rapport.html"
    pad.write_text(export.naar_html(lijst, titel=titel, ondertitel=ondertitel), encoding="utf-8")
    page = new_context().new_page()
    page.goto(pad.as_uri(), wait_until="load")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=len(lijst),
    )
    problemen = _ernstige(axe, page, "rapport-html")
    assert not problemen, "\n".join(problemen)
