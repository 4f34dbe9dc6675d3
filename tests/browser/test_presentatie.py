"""Council mode and exports in the browser.

- The HTML report opens in Chromium with the network blocked (only file:// allowed) and draws
  all its charts: it is self-contained.
- Presentation mode at 1920×1080, logged in as `raad`: every screen photographed into
  test-artefacten/screenshots/presentatie-*.png, next/previous (buttons, keyboard), chart text
  of at least 20 px (SVG font sizes in the DOM), no sidebar.
- The export buttons on Overzicht deliver PPTX, PDF, HTML and CSV files of the screens chosen
  (here: through the link) and write the audit log; a bad logo gets a Dutch error.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from .helpers import (
    PLOTLY_GETEKEND,
    SCHERMAFDRUKKEN,
    UITZONDERING,
    ZIJBALK,
    fouten_op_scherm,
    ga_naar,
    schermafdruk,
    wacht_op_app,
    wacht_op_grafieken,
)

PROJECTOR = {"width": 1920, "height": 1080}
MIN_PX = 20.0

# font sizes of every visible, non-empty SVG text in the Plotly charts
_LETTERGROOTTES = """
() => [...document.querySelectorAll('.js-plotly-plot svg text')]
  .filter(t => t.textContent.trim() && t.getClientRects().length)
  .map(t => [t.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(t).fontSize)])
"""


def _kop(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text().strip()


def _teller(page) -> tuple[int, int]:
    tekst = page.get_by_text(re.compile(r"^Scherm \d+ van \d+$")).inner_text()
    n, totaal = map(int, re.findall(r"\d+", tekst))
    return n, totaal


def _wacht_op_scherm(page, n: int) -> None:
    page.wait_for_function(
        "n => [...document.querySelectorAll('p')].some(p => p.textContent.trim()"
        ".startsWith('Scherm ' + n + ' van'))",
        arg=n,
        timeout=60_000,
    )
    wacht_op_app(page)
    wacht_op_grafieken(page)


# --------------------------------------------------------------------------------------------
# the HTML report, offline


@pytest.fixture(scope="module")
def html_rapport(demo_db_url, tmp_path_factory):
    from charts import export
    from data_access import db
    from diensten import dek, pact, prognose

    engine = db.maak_engine(demo_db_url)
    try:
        van, tot = dek.standaard_periode(engine, "12025")
        haak = pact.haak(prognose.bouw_model(engine))
        lijst = dek.schermen_voor(engine, "12025", van, tot, pact=haak)
        titel, ondertitel = dek.titels(engine, "12025", van, tot)
    finally:
        engine.dispose()
    pad = tmp_path_factory.mktemp("rapport") / "rapport.html"
    pad.write_text(export.naar_html(lijst, titel=titel, ondertitel=ondertitel), encoding="utf-8")
    return pad, lijst


def test_html_rapport_werkt_offline(new_context, html_rapport):
    pad, lijst = html_rapport
    context = new_context()
    geweigerd: list[str] = []

    def alleen_bestanden(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            geweigerd.append(route.request.url)
            route.abort()

    context.route("**/*", alleen_bestanden)
    page = context.new_page()
    fouten: list[str] = []
    page.on("pageerror", lambda e: fouten.append(str(e)))
    page.goto(pad.as_uri(), wait_until="load")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=len(lijst),
        timeout=30_000,
    )
    assert page.locator(PLOTLY_GETEKEND).count() >= 6
    assert page.locator(PLOTLY_GETEKEND).count() == len(lijst)
    assert not geweigerd, f"Het rapport vroeg het netwerk: {geweigerd[:5]}"
    assert not fouten, fouten
    assert page.evaluate("document.documentElement.lang") == "nl"
    for scherm in lijst:
        assert page.get_by_role("heading", name=scherm.kop, exact=True).count() == 1
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.screenshot(path=str(SCHERMAFDRUKKEN / "rapport-html.png"), full_page=True)


# --------------------------------------------------------------------------------------------
# presentation mode


def test_presentatiemodus(aangemeld, app_url, streamlit_server):
    log_positie = streamlit_server.log_lengte()
    page = aangemeld("raad").new_page()
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/?presentatie=1", wait_until="domcontentloaded")
    wacht_op_app(page)
    _wacht_op_scherm(page, 1)
    n, totaal = _teller(page)
    assert (n, totaal) == (1, totaal) and totaal >= 6

    # no sidebar, no way to open it
    assert not page.locator(ZIJBALK).is_visible()
    assert page.locator("[data-testid='stExpandSidebarButton']").filter(visible=True).count() == 0
    assert page.get_by_role("button", name="Vorige").is_disabled()

    koppen = []
    for i in range(1, totaal + 1):
        if i > 1:
            page.get_by_role("button", name="Volgende").click()
            _wacht_op_scherm(page, i)
        assert f"scherm={i}" in page.url
        assert _teller(page) == (i, totaal)
        kop = _kop(page)
        assert kop and kop not in koppen, kop
        koppen.append(kop)
        assert page.locator(PLOTLY_GETEKEND).count() == 1
        grootten = page.evaluate(_LETTERGROOTTES)
        assert grootten, "geen tekst in de grafiek gevonden"
        te_klein = [(t, px) for t, px in grootten if px < MIN_PX]
        assert not te_klein, f"scherm {i}: grafiektekst kleiner dan 20 px: {te_klein[:5]}"
        assert re.search(
            r"Gegevens tot en met \w+ \d{4}", page.inner_text("[data-testid='stMain']")
        )
        # one message per screen: headline, chart and buttons fit on the projector
        knop = page.get_by_role("button", name="Volgende").bounding_box()
        assert knop and knop["y"] + knop["height"] <= PROJECTOR["height"], f"scherm {i}: {knop}"
        assert not page.locator(ZIJBALK).is_visible()
        page.screenshot(path=str(SCHERMAFDRUKKEN / f"presentatie-{i}.png"), animations="disabled")
        assert not fouten_op_scherm(page)
    assert page.get_by_role("button", name="Volgende").is_disabled()

    # previous, and the keyboard (PageUp / PageDown, as a presenter's clicker sends them)
    page.get_by_role("button", name="Vorige").click()
    _wacht_op_scherm(page, totaal - 1)
    assert _kop(page) == koppen[-2]
    page.keyboard.press("PageUp")
    _wacht_op_scherm(page, totaal - 2)
    assert _kop(page) == koppen[-3]
    page.keyboard.press("PageDown")
    _wacht_op_scherm(page, totaal - 1)
    assert _kop(page) == koppen[-2]

    # the buttons are reachable with Tab and work with Enter
    page.locator("[data-testid='stMain'] h1").first.click()  # start from the headline
    for _ in range(40):
        page.keyboard.press("Tab")
        if "Vorige" in page.evaluate("document.activeElement?.innerText || ''"):
            break
    else:
        raise AssertionError("De knop 'Vorige' is niet met Tab te bereiken.")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    _wacht_op_scherm(page, totaal - 2)

    # a link to a screen reproduces it
    page.goto(f"{app_url}/?presentatie=1&scherm=3", wait_until="domcontentloaded")
    _wacht_op_scherm(page, 3)
    assert _kop(page) == koppen[2]
    assert not streamlit_server.tracebacks_sinds(log_positie)
    page.close()


def test_schakelaar_en_verlaten(aangemeld, app_url):
    page = aangemeld("raad").new_page()
    page.set_viewport_size(PROJECTOR)
    ga_naar(page, app_url, "app.py")
    wacht_op_grafieken(page)
    assert page.locator(ZIJBALK).is_visible()
    page.locator(ZIJBALK).get_by_text("Presentatiemodus").click()
    _wacht_op_scherm(page, 1)
    assert "presentatie=1" in page.url
    assert not page.locator(ZIJBALK).is_visible()
    page.get_by_role("button", name="Presentatie verlaten").click()
    page.wait_for_function("() => !location.search.includes('presentatie=1')", timeout=60_000)
    wacht_op_app(page)
    assert page.get_by_role("heading", name=re.compile(r"^Overzicht — ")).count() == 1
    assert page.get_by_text(re.compile(r"^Scherm \d+ van \d+$")).count() == 0
    page.close()


# --------------------------------------------------------------------------------------------
# export buttons on Overzicht


def _upload(page, label: str, naam: str, inhoud: bytes, mime: str) -> None:
    kiezer = page.locator("[data-testid='stFileUploader']").filter(has_text=label)
    kiezer.locator("input[type=file]").set_input_files(
        files=[{"name": naam, "mimeType": mime, "buffer": inhoud}]
    )


def test_exportknoppen(aangemeld, app_url, demo_db_url):
    """The screens of the link (`dek=trends,overzicht`, in that order), a refused logo (Dutch
    error, PowerPoint waits), then a real logo; PPTX, PDF, HTML and CSV downloads, audited."""
    from PIL import Image

    from data_access import audit, db

    page = aangemeld("raad").new_page()
    page.goto(f"{app_url.rstrip('/')}/?dek=trends,overzicht", wait_until="domcontentloaded")
    wacht_op_app(page)
    wacht_op_grafieken(page)
    kop = page.locator("[data-testid='stExpander'] summary").filter(
        has_text="Exporteren voor de raad"
    )
    kop.scroll_into_view_if_needed()
    kop.click()
    page.get_by_role("button", name="CSV (alle tabellen)").wait_for(state="visible")
    assert "dek=trends" in page.url and "dek=overzicht" in page.url  # kept in the link
    _upload(page, "Logo (.png", "logo.png", b"geen png", "image/png")
    page.get_by_text("Het logo is geen PNG-afbeelding.").wait_for(state="visible")
    assert page.get_by_role("button", name="PowerPoint (dia's)").is_disabled()
    assert page.locator(UITZONDERING).count() == 0  # a Dutch message, no traceback
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 114, 178)).save(logo, format="PNG")
    _upload(page, "Logo (.png", "logo.png", logo.getvalue(), "image/png")
    page.get_by_text("Het logo is geen PNG-afbeelding.").wait_for(state="detached")
    schermafdruk(page, "overzicht-export")
    bestanden = {}
    for naam, soort in (
        ("CSV (alle tabellen)", "csv"),
        ("HTML-rapport (offline)", "html"),
        ("PowerPoint (dia's)", "pptx"),
        ("PDF-rapport (A4)", "pdf"),
    ):
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name=naam).click()
        download = info.value
        assert download.suggested_filename.endswith(f".{soort}"), download.suggested_filename
        assert "mechelen" in download.suggested_filename
        bestanden[soort] = open(download.path(), "rb").read()
    assert bestanden["csv"].startswith(b"\xef\xbb\xbf")
    assert b'lang="nl"' in bestanden["html"]
    assert bestanden["pdf"].startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(bestanden["pptx"])) as z:
        dias = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        grafieken = [n for n in z.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
        beelden = [z.read(n) for n in z.namelist() if n.startswith("ppt/media/")]
    assert len(dias) == 4 and len(grafieken) == 3  # title + trends (2) + overzicht (1)
    assert logo.getvalue() in beelden
    engine = db.maak_engine(demo_db_url)
    try:
        rijen = audit.lees(engine, 20, actie="export", gebruiker="raad")
    finally:
        engine.dispose()
    soorten = {d.split()[0] for d in rijen["details"]}
    assert {"csv", "html", "pptx", "pdf"} <= soorten
    assert all("weergave=raad" in d for d in rijen["details"])
    assert any("schermen=trends,overzicht" in d and "logo=ja" in d for d in rijen["details"])
    page.close()


def test_presentatielink_voor_aanmelding(new_context, app_url):
    """A presentation link opened while logged out shows the login first, then that screen."""
    from .helpers import log_in, toont_aanmelding

    page = new_context().new_page()
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/?presentatie=1&scherm=2", wait_until="domcontentloaded")
    wacht_op_app(page)
    assert toont_aanmelding(page)
    assert page.locator(PLOTLY_GETEKEND).count() == 0
    log_in(page, "raad", "demo", wacht_op_cookie_ook=False)
    _wacht_op_scherm(page, 2)
    assert "presentatie=1" in page.url and "scherm=2" in page.url
    assert not page.locator(ZIJBALK).is_visible()
