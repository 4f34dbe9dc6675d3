"""Issue 16's defects 2, 6, 8, 9, 10, 12 and 13 in Chromium, at the four window sizes of the report
(1920×1080, 1366×768, 820×1180, 390×844), each opened by a code-form link so it cannot come back.

One test per defect; each page is loaded ONCE (at 1920×1080) and then resized to each of the
four sizes in turn (the app re-lays itself out for the new width: `ui.venster` reruns the page),
and the checks run at every size: a fresh load per size took the module over 5 minutes on this
shared machine. On the shared server as `raad`. The exact sentences are those of the
AppTests (test_paginas_apptest, test_pact_apptest, test_wat_als_raad_apptest).

- 2: Vergelijking "per 1.000 inwoners": the table on screen (the grid's accessible table) and
  its CSV hold the chart's numbers, in Belgian notation (14,25; CSV with decimal comma).
- 6: an illustrative target says so on Pact & prognose and on the presentation's pact slide.
- 8: Trends for Mechelen leads with Mechelen (not Essen) and names the rise of the last year.
- 9: a finished pact says "het doel werd niet gehaald" once, on the page and on the slide.
- 10: Essen's destinations are merged to "Naar werk" / "Niet naar werk", with the sentence.
- 12: Wat als? names the month the effect arrives and that it lands after the deadline.
- 13: the uploader states its limit once, in Dutch (Streamlit's "25MB per file" is gone); Data &
  methode and Beheer show each release at the same Brussels time (expected times computed from
  the database here); the Doel selector on Pact & prognose is above the fold at every size (as
  `beheer` / `raad`; pages without a chart are resized the same way).

Defect 11 (withdrawing a month) is in test_beheer_browser (it writes: a server of its own), 14
(language, text alternatives, axe) in test_toegankelijkheid, both at the four sizes too.
"""

from __future__ import annotations

import csv
import re

import pytest

from charts.formaat import MAANDEN_KORT

from .helpers import (
    PLOTLY_GETEKEND,
    fouten_op_scherm,
    wacht_op_app,
    wacht_op_grafieken,
)

VENSTERS = [(1920, 1080), (1366, 768), (820, 1180), (390, 844)]
MAIN = "[data-testid='stMain']"
MIN = "\u2212"

VERGELIJKING = "/Vergelijking?gemeente=12025&indicator=leefloongerechtigden&maatstaf=per1000"
PACT = "/Pact_en_prognose"
PRESENTATIE = "/?presentatie=1&scherm=99"  # clamped to the last screen: the pact slide
MECHELEN_KOP = (
    "In Mechelen daalde het aantal leefloongerechtigden van 1.411 (oktober 2021) naar 1.279 "
    f"(september 2026): {MIN}9% sinds oktober 2021, maar +10% in het laatste jaar."
)
SAMENGEVOEGD = (
    "Samengevoegd tot naar werk / niet naar werk, per jaar, omdat de fijnere indeling "
    "kleine aantallen zou tonen."
)
ILLUSTRATIEF_KOP = "Illustratief doel, geen gepubliceerd cijfer."
NIET_GEHAALD = "het doel werd niet gehaald"

# The chart traces of every Plotly chart: name, meta, x, y (null for a gap).
_SPOREN = """() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
  layout: JSON.stringify(p.layout || {}),
  data: (p.data || []).map(d => ({name: d.name, meta: d.meta || null, x: d.x || [], y: d.y || []}))
}))"""
# The cells of the grid's accessible table (Glide renders one beside its canvas).
_RASTER = """e => [...e.querySelectorAll('table tr')]
  .map(r => [...r.cells].map(c => c.textContent.trim()))"""

# Widths of the main area and of every drawn chart, in CSS px.
_BREEDTES = """() => [...document.querySelectorAll(
  "[data-testid='stMain'], [data-testid='stPlotlyChart'] .main-svg")]
  .filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().width)"""


def _open(page, url: str, venster: tuple[int, int] = VENSTERS[0]) -> None:
    page.set_viewport_size({"width": venster[0], "height": venster[1]})
    page.goto(url, wait_until="domcontentloaded")
    wacht_op_app(page)
    wacht_op_grafieken(page, minimaal=1)


def _vensters(page, url: str):
    """Open `url` once, then yield each of the four sizes after resizing the window to it and
    waiting until the app has laid itself out again."""
    _open(page, url)
    for venster in VENSTERS:
        page.set_viewport_size({"width": venster[0], "height": venster[1]})
        wacht_op_app(page)
        wacht_op_grafieken(page, minimaal=1)
        # laid out for this width: the page and its charts fit inside the window
        breedtes = page.evaluate(_BREEDTES)
        assert breedtes and max(breedtes) <= venster[0], (venster, breedtes)
        yield venster


def _tekst(page) -> str:
    return page.locator(MAIN).inner_text()


def _kop(page) -> str:
    return page.locator(f"{MAIN} h1").first.inner_text().strip()


def _zonder_fouten(page, waar: str) -> None:
    assert not fouten_op_scherm(page), (waar, fouten_op_scherm(page))


def _pagina_van(rol, aangemeld, app_url, streamlit_server):
    """A page of `rol` and the URL base; no traceback in the server log meanwhile."""
    positie = streamlit_server.log_lengte()
    page = aangemeld(rol).new_page()
    try:
        yield page, app_url.rstrip("/")
    finally:
        page.close()
    assert not streamlit_server.tracebacks_sinds(positie)


@pytest.fixture
def raad(aangemeld, app_url, streamlit_server):
    yield from _pagina_van("raad", aangemeld, app_url, streamlit_server)


# --------------------------------------------------------------------------------------------
# defect 2: the table holds what the chart shows


def _belgisch(y: float) -> str:
    """A rate per 1.000 (< 1.000) with two decimals and a decimal comma, written out here so
    the test does not lean on the formatter it checks."""
    return f"{y:.2f}".replace(".", ",")


def _lijnen(page) -> dict[str, dict[str, float]]:
    """{municipality: {YYYY-MM: y}} of the first chart's own lines (not the grey context)."""
    [eerste, *_] = page.evaluate(_SPOREN)
    return {
        s["name"]: {str(x)[:7]: y for x, y in zip(s["x"], s["y"], strict=True)}
        for s in eerste["data"]
        if s["meta"] != "context"
    }


def test_defect2_tabel_en_csv_per_1000_zijn_de_grafiek(raad):
    from charts import formaat

    page, basis = raad
    for venster in _vensters(page, basis + VERGELIJKING):
        lijnen = _lijnen(page)
        assert set(lijnen) == {"Mechelen", "Essen", "Lier"}, (venster, lijnen.keys())
        # a rate per 1.000 in the chart (the table held counts: 80; 440; 1411)
        assert max(max(v for v in ys.values() if v is not None) for ys in lijnen.values()) < 30
        if venster == VENSTERS[0]:
            page.locator(".st-key-tabel-vergelijking summary").click()
            wacht_op_app(page)
        raster = page.locator(".st-key-tabel-vergelijking [data-testid='stDataFrame']")
        raster.wait_for(state="visible")
        [kop, *rijen] = raster.evaluate(_RASTER)
        assert kop[0] == "periode" and len(kop) >= 2 and len(rijen) >= 5, (venster, kop, rijen)
        maanden = {formaat.maand(m): m for m in lijnen["Mechelen"]}
        for rij in rijen:
            maand = maanden[rij[0]]  # "okt 2021" -> 2021-10
            for naam, cel in zip(kop[1:], rij[1:], strict=True):
                assert cel == _belgisch(lijnen[naam][maand]), (venster, naam, rij[0], cel)
        _zonder_fouten(page, venster)
    # the CSV (the same at any size): every cell is the chart's point, with a decimal comma
    with page.expect_download() as info:
        page.locator(".st-key-csv-vergelijking button").click()
    with open(info.value.path(), encoding="utf-8-sig", newline="") as f:
        [csvkop, *csvrijen] = list(csv.reader(f, delimiter=";"))
    assert csvkop[0] == "periode" and set(csvkop[1:]) == set(lijnen)
    assert len(csvrijen) == len(lijnen["Mechelen"])
    for rij in csvrijen:
        for naam, cel in zip(csvkop[1:], rij[1:], strict=True):
            assert cel == _belgisch(lijnen[naam][rij[0]]), (naam, rij[0], cel)


# --------------------------------------------------------------------------------------------
# defect 6: an illustrative target says so, on the page and on the projector


def test_defect6_illustratief_doel_gemeld_op_pagina_en_dia(raad):
    page, basis = raad
    for venster in _vensters(page, f"{basis}{PACT}?gemeente=11016"):
        assert _kop(page) == "Pact & prognose — Essen", venster
        melding = page.locator("[data-testid='stAlert']").filter(has_text="Illustratief doel.")
        assert melding.count() == 1 and melding.is_visible(), venster
        assert "geen gepubliceerd cijfer" in melding.inner_text()
        _zonder_fouten(page, venster)
    for venster in _vensters(page, f"{basis}{PRESENTATIE}&gemeente=11016"):
        kop = _kop(page)
        assert kop.startswith(f"{ILLUSTRATIEF_KOP} Tot en met"), (venster, kop)
        assert "Essen" in kop
        assert page.locator(f"{MAIN} h1").first.is_visible()
        _zonder_fouten(page, venster)


# --------------------------------------------------------------------------------------------
# defect 8: the headline speaks of the chosen municipality and names the recent turn


def test_defect8_trendkop_over_mechelen_met_kentering(raad):
    page, basis = raad
    url = f"{basis}/Trends?gemeente=12025&vergelijk=11016&vergelijk=12021"
    for venster in _vensters(page, url):
        koppen = page.locator(f"{MAIN} h4")
        teksten = [k.strip() for k in koppen.all_inner_texts()]
        assert teksten and teksten[0] == MECHELEN_KOP, (venster, teksten)
        assert koppen.first.is_visible()
        assert not any("Essen" in k for k in teksten), (venster, teksten)
        _zonder_fouten(page, venster)


# --------------------------------------------------------------------------------------------
# defect 9: a finished pact says once that the target was missed


def test_defect9_afgelopen_pact_zegt_een_keer_niet_gehaald(raad):
    page, basis = raad
    pagina = f"{basis}{PACT}?gemeente=12025&doel=activeringspact-2023&as_of=2025-04"
    dia = f"{basis}{PRESENTATIE}&gemeente=12025&periode=2023-07..2025-04"
    for venster in _vensters(page, pagina):
        tekst = _tekst(page)
        assert tekst.lower().count(NIET_GEHAALD) == 1, (venster, tekst)
        assert "580 van de 629 activeringen" in tekst
        _zonder_fouten(page, venster)
    for venster in _vensters(page, dia):
        kop = _kop(page)
        assert kop.startswith("Gepubliceerd doel. Mechelen realiseerde tegen april 2025 580 van")
        assert _tekst(page).lower().count(NIET_GEHAALD) == 1, (venster, kop)
        _zonder_fouten(page, venster)


# --------------------------------------------------------------------------------------------
# defect 10: a small municipality's categories are merged, not hidden


def test_defect10_essen_bestemmingen_samengevoegd(raad):
    page, basis = raad
    url = f"{basis}/Doelgroepen?gemeente=11016&periode=2022-01..2026-09"
    for venster in _vensters(page, url):
        assert _kop(page).endswith("Essen"), venster
        zin = page.locator(f"{MAIN} [data-testid='stCaptionContainer']").filter(
            has_text="Samengevoegd tot"
        )
        assert zin.count() >= 1 and zin.first.inner_text().strip() == SAMENGEVOEGD, venster
        assert zin.first.is_visible()
        [bestemming] = [g for g in page.evaluate(_SPOREN) if "naar bestemming" in g["layout"]]
        namen = {s["name"] for s in bestemming["data"]}
        assert {"Naar werk", "Niet naar werk"} <= namen, (venster, namen)
        getallen = [y for s in bestemming["data"] for y in s["y"] if y is not None]
        assert len(getallen) >= 4, (venster, getallen)  # numbers drawn, not only hatched boxes
        assert page.locator(PLOTLY_GETEKEND).count() >= 4
        _zonder_fouten(page, venster)


# --------------------------------------------------------------------------------------------
# defect 12: Wat als? says when the effect arrives


def _partners(page) -> None:
    page.get_by_role("tab", name="Partners", exact=True).click()
    wacht_op_app(page)


def test_defect12_wat_als_noemt_de_maand_en_na_de_deadline(raad):
    page, basis = raad
    _open(page, f"{basis}/Wat_als?gemeente=12025")
    _partners(page)
    # 20 more starts a month with the partners (6 months from start to work)
    meer = int(page.locator(".st-key-wa_pa_cap input[type='range']").get_attribute("value")) + 20
    url = f"{basis}/Wat_als?gemeente=12025&pa_cap={meer}&tel_tot=2026-11"
    for venster in _vensters(page, url):
        if venster == VENSTERS[0]:
            _partners(page)
        kaarten = page.locator("[data-testid='stMetric']").all_inner_texts()
        assert any(re.fullmatch(r"Extra tegen nov 2026\s+0,0", k) for k in kaarten), kaarten
        melding = page.locator("[data-testid='stAlert']").filter(has_text="Het effect komt")
        assert melding.count() == 1 and melding.is_visible(), venster
        tekst = melding.inner_text()
        assert "Het effect komt vanaf apr 2027" in tekst, (venster, tekst)
        assert "na de deadline van het doel (nov 2026)" in tekst, (venster, tekst)
        _zonder_fouten(page, venster)
    # a later month to count up to shows the effect (once: the text checks are per size above)
    _open(page, f"{basis}/Wat_als?gemeente=12025&pa_cap={meer}&tel_tot=2027-09", VENSTERS[-1])
    _partners(page)
    kaarten = page.locator("[data-testid='stMetric']").all_inner_texts()
    [extra] = [k for k in kaarten if k.startswith("Extra tegen sep 2027")]
    assert re.search(r"\+\d", extra) and "+0,0" not in extra, extra


# --------------------------------------------------------------------------------------------
# defect 13: the uploader's limit once, one time zone, the Doel selector above the fold

BEHEER = "/Beheer"
METHODE = "/Data_en_methode"


@pytest.fixture
def beheer(aangemeld, app_url, streamlit_server):
    """A page of `beheer` (reads only: the shared server's data stay untouched)."""
    yield from _pagina_van("beheer", aangemeld, app_url, streamlit_server)


def _op_scherm(page, locator, venster) -> dict:
    """The element's box, asserted whole inside the window (no scrolling, nothing cut off)."""
    vak = locator.bounding_box()
    assert vak is not None, venster
    assert vak["x"] >= 0 and vak["x"] + vak["width"] <= venster[0] + 1, (venster, vak)
    assert vak["y"] >= 0 and vak["y"] + vak["height"] <= venster[1], (venster, vak)
    return vak


def test_defect13_opladen_noemt_de_grens_een_keer_in_het_nederlands(beheer):
    """Streamlit's own English caption ("25MB per file • CSV, XLSX") is gone at every size;
    the limit is in the uploader's label (also the drop zone's accessible name), whole."""
    page, basis = beheer
    for venster in _vensters_zonder_grafiek(page, basis + BEHEER):
        hoofd = _tekst(page)
        assert re.findall(r"\d+ ?MB", hoofd) == ["10 MB"], (venster, hoofd)
        assert "per file" not in hoofd and "25MB" not in hoofd, venster
        uploader = page.locator("[data-testid='stFileUploader']")
        zone = uploader.locator("[data-testid='stFileUploaderDropzone']")
        assert (zone.get_attribute("aria-label") or "").endswith("maximaal 10 MB per bestand")
        label = uploader.locator("[data-testid='stWidgetLabel']")
        label.scroll_into_view_if_needed()
        assert "maximaal 10 MB per bestand" in label.inner_text(), venster
        _op_scherm(page, label, venster)
        assert (
            page.locator("[data-testid='stFileUploaderDropzoneInstructions']")
            .filter(visible=True)
            .count()
            == 0
        ), venster
        _zonder_fouten(page, venster)


def _vensters_zonder_grafiek(page, url: str):
    """As `_vensters`, for a page without charts."""
    page.set_viewport_size({"width": VENSTERS[0][0], "height": VENSTERS[0][1]})
    page.goto(url, wait_until="domcontentloaded")
    wacht_op_app(page)
    for venster in VENSTERS:
        page.set_viewport_size({"width": venster[0], "height": venster[1]})
        wacht_op_app(page)
        yield venster


def _brussel(tijdstip) -> str:
    """A stored (UTC) release time in Belgian time, written out here so the test does not lean
    on the formatter it checks (charts.formaat.tijdstip)."""
    from datetime import UTC
    from zoneinfo import ZoneInfo

    import pandas as pd

    t = pd.Timestamp(tijdstip).to_pydatetime()
    t = (t.replace(tzinfo=UTC) if t.tzinfo is None else t).astimezone(ZoneInfo("Europe/Brussels"))
    return f"{t.day} {MAANDEN_KORT[t.month - 1]} {t.year} {t:%H:%M}"


# The "tijdstip" cells of the release table (the grid right before its CSV button `knop`),
# scrolled into view first: the grid's accessible table holds only its visible region.
_TIJDEN = """async knop => {
  const k = document.querySelector(knop);
  const blok = k && (k.closest("[data-testid='stElementContainer']") || k);
  const e = blok?.previousElementSibling?.querySelector("[data-testid='stDataFrame']");
  if (!e) return null;
  e.scrollIntoView({block: 'center'});
  await new Promise(r => setTimeout(r, 300));
  const scroller = e.querySelector('.dvn-scroller');
  const kop = () => [...e.querySelectorAll('table tr')][0];
  const kolom = () => [...(kop()?.cells || [])].findIndex(c => c.textContent.trim() === 'tijdstip');
  for (let i = 0; i < 20 && kolom() < 0 && scroller; i++) {
    scroller.scrollLeft += 150;
    await new Promise(r => setTimeout(r, 150));
  }
  const n = kolom();
  if (n < 0) return null;
  return [...e.querySelectorAll('table tr')].slice(1)
    .map(r => r.cells[n]?.textContent.trim()).filter(t => t);
}"""


def _tijden_op_scherm(page, knop: str, venster) -> list[str]:
    page.locator(knop).wait_for(state="attached")
    tijden = page.evaluate(_TIJDEN, knop)
    assert tijden, (venster, knop, tijden)
    return tijden


def test_defect13_releasetijden_gelijk_in_brusselse_tijd(beheer, demo_db_url):
    """Data & methode and Beheer show each release at the same time, Europe/Brussels (the
    report: an hour apart), at every size; the expected times come from the database."""
    from data_access import db, queries

    engine = db.maak_engine(demo_db_url)
    try:
        verwacht = [_brussel(t) for t in queries.releases(engine)["tijdstip"]]
    finally:
        engine.dispose()
    page, basis = beheer
    gezien = {}
    for url, knop in (
        (basis + METHODE, ".st-key-csv-releases"),
        (basis + BEHEER + "?tab=Releases", ".st-key-csv-beheer-releases"),
    ):
        for venster in _vensters_zonder_grafiek(page, url):
            tijden = _tijden_op_scherm(page, knop, venster)
            # newest first on both pages, as in the database; the visible rows
            assert tijden == verwacht[: len(tijden)], (url, venster, tijden, verwacht)
            gezien[(url, venster)] = tijden
            _zonder_fouten(page, venster)
    assert len(gezien) == 8


def test_defect13_doel_boven_de_vouw(raad):
    """The Doel selector on Pact & prognose is above the fold at every size: label and field
    lie whole inside the window as the page opens (the main area not scrolled), and the chosen
    target's name is not cut off. At 390×844 the sidebar is folded away (Streamlit's phone
    layout): the selector is in the main area, under the title, so that is what is checked;
    nothing in the sidebar is."""
    page, basis = raad
    for venster in _vensters(page, basis + PACT):
        assert page.evaluate(f'document.querySelector("{MAIN}").scrollTop') == 0, venster
        keuze = page.locator(f"{MAIN} [data-testid='stSelectbox']").filter(has_text="Doel").first
        assert keuze.is_visible(), venster
        _op_scherm(page, keuze, venster)
        afgekapt = keuze.evaluate(
            """k => [...k.querySelectorAll('[data-baseweb="select"] *')]
              .filter(e => e.children.length === 0 && e.textContent.trim())
              .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
        )
        assert not afgekapt, (venster, afgekapt)
        # the chosen target's name (the combobox's value) fits its field: not cut off
        naam, nodig, ruimte = keuze.locator("input[role='combobox']").evaluate(
            "i => [i.value, i.scrollWidth, i.clientWidth]"
        )
        assert naam.startswith("Activeringspact"), (venster, naam)
        assert nodig <= ruimte + 1, (venster, naam, nodig, ruimte)
        if venster[0] < 768:
            zijbalk = page.locator("[data-testid='stSidebar']").bounding_box()
            assert zijbalk is None or zijbalk["x"] + zijbalk["width"] <= 1, (venster, zijbalk)
        _zonder_fouten(page, venster)
