"""The monthly delivery in the browser, as an OCMW analyst does it: log in as `beheer`, upload
next month's file, read the preview, confirm, see the month on Trends; a broken file gets the
report and changes nothing; an earlier release is restored.

Issue 16 item 11 too: one municipality's month withdrawn (preview, reason, audit row) and
restored, at each of the four window sizes of issue 16.

The module runs on its OWN server and database copy (`beheer_server`, one for the module),
because it writes: the shared server of the other browser tests keeps the untouched demo data.
Each test leaves the data it relies on as it found it (the import adds Mechelen's October; the
withdrawal takes Essen's September out and puts it back).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from maak_bestanden import csv_bytes, kubusrijen
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import func, select

from data_access import audit, db, queries
from data_access.schema import feit, release

from .helpers import (
    DATAFRAME,
    UPLOAD,
    StreamlitServer,
    bestaat,
    fouten_op_scherm,
    ga_naar,
    klik_menu,
    log_in,
    schermafdruk,
    wacht_op_app,
)

MECHELEN = "12025"
TRENDS = "pages/1_Trends.py"
WACHT = 60_000


@pytest.fixture(scope="module")
def beheer_server(demo_db_url: str, tmp_path_factory) -> Iterator[StreamlitServer]:
    """A private copy of the demo database (SQLite backup API: consistent while others read)
    and one server on it for this module."""
    bron = demo_db_url.split("///", 1)[1]
    pad = tmp_path_factory.mktemp("beheer") / "beheer.db"
    with sqlite3.connect(bron) as van, sqlite3.connect(pad) as naar:
        van.backup(naar)
    server = StreamlitServer(f"sqlite:///{pad}", naam="beheer")
    try:
        yield server.start()
    finally:
        server.stop()


def toestand(engine):
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(feit).where(feit.c.actief)).scalar(),
            conn.execute(select(func.count()).select_from(feit)).scalar(),
            conn.execute(select(func.count()).select_from(release)).scalar(),
            conn.execute(select(func.sum(feit.c.aantal)).where(feit.c.actief)).scalar(),
        )


def waarde(engine, periode: str) -> int | None:
    reeks = queries.reeks(engine, MECHELEN, "leefloongerechtigden").set_index("periode")
    return int(reeks.loc[periode, "waarde"]) if periode in reeks.index else None


def kies_bestand(page, pad) -> None:
    page.locator(f"{UPLOAD} input[type=file]").set_input_files(str(pad))


def trends_laatste_maand(page) -> str | None:
    """Open Trends through the menu (same session) and read the end of its period caption
    ("Periode okt 2021 – sep 2026"): by default the period runs to the last month with data."""
    klik_menu(page, "Trends")
    assert fouten_op_scherm(page) == []
    tekst = page.locator("[data-testid='stMain']").inner_text()
    gevonden = re.search(r"Periode \w+ \d{4} – (\w+ \d{4})", tekst)
    return gevonden.group(1) if gevonden else None


def test_maandlevering_opladen_bevestigen_en_terugzetten(beheer_server, new_context, tmp_path):
    server = beheer_server
    engine = db.maak_engine(server.db_url)
    releases = queries.releases(engine)
    demo_id = int(releases[releases["bestand"] == "leefloon_12025_mechelen.csv"]["id"].iloc[0])
    sep_demo = waarde(engine, "2026-09")
    assert waarde(engine, "2026-10") is None

    log_positie = server.log_lengte()
    context = new_context()
    page = context.new_page()
    ga_naar(page, server.url, "pages/7_Beheer.py")
    # One page, one session: the test does not depend on the login cookie (tested elsewhere).
    log_in(page, "beheer", "demo", wacht_op_cookie_ook=False)
    if bestaat(TRENDS):
        assert trends_laatste_maand(page) == "sep 2026"
    klik_menu(page, "Beheer")
    assert page.locator(UPLOAD).count() == 1
    # the upload limit once, in Dutch, also as the drop zone's accessible name; Streamlit's own
    # English caption ("10MB per file • CSV, XLSX") is not on screen
    hoofd = page.locator("[data-testid='stMain']").inner_text()
    assert re.findall(r"\d+ ?MB", hoofd) == ["10 MB"], hoofd
    assert "per file" not in hoofd
    zone = page.locator(f"{UPLOAD} [data-testid='stFileUploaderDropzone']")
    assert (zone.get_attribute("aria-label") or "").endswith("maximaal 10 MB per bestand")

    # 1. next month's delivery, with a correction of the month before (consistent totals)
    rijen = kubusrijen(MECHELEN, ["2026-09", "2026-10"], basis=1200)
    okt = next(int(r[7]) for r in rijen if r[1] == "2026-10" and r[2] == "leefloongerechtigden")
    bestand = tmp_path / "mechelen_2026-10.csv"
    bestand.write_bytes(csv_bytes(rijen))
    voor = toestand(engine)
    kies_bestand(page, bestand)
    page.get_by_text("Het bestand is in orde").wait_for(timeout=WACHT)
    wacht_op_app(page)
    assert page.get_by_text(
        "Deze import voegt 1 nieuwe gemeente-maand toe (Mechelen okt 2026) en wijzigt "
        "1 gemeente-maand"
    ).is_visible()
    assert page.get_by_text("Gewijzigde gemeentetotalen").is_visible()
    assert page.locator(DATAFRAME).count() >= 2  # files, new months, changed totals
    assert fouten_op_scherm(page) == []
    assert toestand(engine) == voor, "Het voorbeeld mag niets schrijven."
    schermafdruk(page, "beheer-1-voorbeeld")

    page.get_by_role("button", name="Ja, importeer deze gegevens").click()
    page.get_by_text("Geïmporteerd als release").wait_for(timeout=WACHT)
    wacht_op_app(page)
    schermafdruk(page, "beheer-2-geimporteerd")
    assert waarde(engine, "2026-10") == okt
    assert waarde(engine, "2026-09") != sep_demo
    if bestaat(TRENDS):
        assert trends_laatste_maand(page) == "okt 2026", "Trends toont de nieuwe maand niet."
        schermafdruk(page, "beheer-2b-trends")
        klik_menu(page, "Beheer")

    # 2. a broken file: the report, and nothing written
    kapot = kubusrijen(MECHELEN, ["2026-10"], basis=900)
    kapot[1][7] = str(int(kapot[1][7]) + 1)  # an age band that no longer adds up
    kapot[3][7] = "3,5"
    bestand_kapot = tmp_path / "mechelen_kapot.csv"
    bestand_kapot.write_bytes(csv_bytes(kapot))
    voor = toestand(engine)
    kies_bestand(page, bestand_kapot)
    page.get_by_text("Niet geïmporteerd").wait_for(timeout=WACHT)
    wacht_op_app(page)
    assert page.get_by_text("Alle problemen").is_visible()
    assert page.locator(DATAFRAME).count() >= 1
    assert page.get_by_role("button", name="Ja, importeer deze gegevens").count() == 0
    assert page.get_by_role("button", name=re.compile("CSV van deze tabel")).count() >= 1
    schermafdruk(page, "beheer-3-verslag")
    assert toestand(engine) == voor
    assert waarde(engine, "2026-10") == okt

    # 3. restore the previous release of Mechelen (the demo delivery)
    page.get_by_role("tab", name="Releases").click()
    wacht_op_app(page)
    # at the bottom of the page now (under "Een maand intrekken"): scroll it into view and
    # type the release number, so the option is in the (virtualised) list
    keuze = page.locator("[data-testid='stSelectbox']").filter(has_text="Welke release")
    keuze.scroll_into_view_if_needed()
    keuze.locator("input").click()
    keuze.locator("input").fill(f"#{demo_id} ")
    page.get_by_role("option", name=re.compile(rf"^#{demo_id} · ")).click()
    page.get_by_text("Dit herstel wijzigt 1 gemeente-maand").wait_for(timeout=WACHT)
    wacht_op_app(page)
    schermafdruk(page, "beheer-4-herstelvoorbeeld")
    assert waarde(engine, "2026-09") != sep_demo
    page.get_by_role("button", name=f"Ja, zet release {demo_id} terug").click()
    page.get_by_text(f"Release {demo_id} is teruggezet").wait_for(timeout=WACHT)
    wacht_op_app(page)
    schermafdruk(page, "beheer-5-teruggezet")
    assert waarde(engine, "2026-09") == sep_demo
    assert waarde(engine, "2026-10") == okt  # the restored release did not hold October

    acties = list(audit.lees(engine, 10)["actie"])
    assert {"import", "import_geweigerd", "herstel"} <= set(acties)
    assert server.tracebacks_sinds(log_positie) == []
    page.close()
    engine.dispose()


# --------------------------------------------------------------------------------------------
# issue 16 item 11: withdraw one municipality's month, at every window size

VENSTERS = [(1920, 1080), (1366, 768), (820, 1180), (390, 844)]
ESSEN = "11016"


def _kies(page, label: str, typ: str, optie) -> None:
    """Choose `optie` (a name or pattern) in the select box labelled `label`, typing `typ`
    first so the option is in the (virtualised) list. A click that lands while a rerun redraws
    the box is lost and leaves the list open over the page (seen once under load at phone
    width: the next button was then not found): choose again, at most three times."""
    keuze = page.locator("[data-testid='stSelectbox']").filter(has_text=label)
    for _ in range(3):
        wacht_op_app(page)
        keuze.scroll_into_view_if_needed()
        keuze.locator("input").click()
        keuze.locator("input").fill(typ)
        page.get_by_role("option", name=optie).first.click()
        try:
            page.get_by_role("listbox").wait_for(state="hidden", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    else:
        raise AssertionError(f"{label}: de keuzelijst bleef open na drie keuzes")
    wacht_op_app(page)


def _heel_in_beeld(locator, venster) -> None:
    """Scrolled to, the element is visible and lies whole within the window's width."""
    locator.scroll_into_view_if_needed()
    assert locator.is_visible(), venster
    vak = locator.bounding_box()
    assert vak and vak["x"] >= 0 and vak["x"] + vak["width"] <= venster[0] + 1, (venster, vak)
    assert vak["y"] >= 0 and vak["y"] + vak["height"] <= venster[1] + 1, (venster, vak)


def test_maand_van_een_gemeente_intrekken_en_terugzetten_op_elk_formaat(beheer_server, new_context):
    """Essen's September 2026 out of the current figures (preview, no write before the
    confirmation, a reason, an audit row with it), then Essen's delivery restored, at each of
    the four sizes in one logged-in page (resized, not reloaded)."""
    server = beheer_server
    engine = db.maak_engine(server.db_url)
    releases = queries.releases(engine)
    levering = int(releases[releases["bestand"] == "leefloon_11016_essen.csv"]["id"].iloc[0])
    assert queries.laatste_periode(engine, ESSEN) == "2026-09"
    log_positie = server.log_lengte()
    page = new_context().new_page()
    page.set_viewport_size({"width": VENSTERS[0][0], "height": VENSTERS[0][1]})
    ga_naar(page, server.url, "pages/7_Beheer.py")
    log_in(page, "beheer", "demo", wacht_op_cookie_ook=False)
    page.get_by_role("tab", name="Releases").click()
    wacht_op_app(page)
    for venster in VENSTERS:
        page.set_viewport_size({"width": venster[0], "height": venster[1]})
        wacht_op_app(page)
        reden = f"verkeerd bestand opgeladen ({venster[0]}x{venster[1]})"
        versie = queries.data_versie(engine)
        # 1. preview: what disappears, nothing written yet
        _kies(page, "Welke maand?", "sep 2026", "sep 2026")
        _kies(page, "Van welke gemeente?", "Essen", re.compile("^Essen$"))
        zin = page.get_by_text("Dit haalt sep 2026 van Essen uit de actuele cijfers: 132 rijen.")
        zin.wait_for(timeout=WACHT)
        _heel_in_beeld(zin, venster)
        assert page.locator(".st-key-csv-beheer-intrekken").count() == 1, venster  # its table
        knop = page.get_by_role("button", name="Ja, trek sep 2026 in")
        assert knop.is_disabled(), venster  # not without a reason
        assert queries.laatste_periode(engine, ESSEN) == "2026-09", venster
        assert queries.data_versie(engine) == versie, venster
        # 2. withdraw, with a reason: a release and an audit row
        veld = page.get_by_role("textbox", name="Reden (komt in het auditlogboek)")
        veld.fill(reden)
        veld.press("Enter")
        wacht_op_app(page)
        _heel_in_beeld(knop, venster)
        knop.click()
        page.get_by_text("sep 2026 is ingetrokken").wait_for(timeout=WACHT)
        wacht_op_app(page)
        assert queries.laatste_periode(engine, ESSEN) == "2026-08", venster
        regel = audit.lees(engine, 1, actie="intrekking").iloc[0]
        assert regel["gebruiker"] == "beheer" and f"reden: {reden}" in regel["details"]
        assert "Essen: 132 rijen" in regel["details"], regel["details"]
        assert queries.releases(engine)["soort"].iloc[0] == "intrekking"
        assert fouten_op_scherm(page) == [], venster
        # 3. restore Essen's delivery: the month is back
        _kies(page, "Welke release", f"#{levering} ", re.compile(rf"^#{levering} · "))
        terug = page.get_by_role("button", name=f"Ja, zet release {levering} terug")
        terug.wait_for(timeout=WACHT)
        _heel_in_beeld(terug, venster)
        terug.click()
        page.get_by_text(f"Release {levering} is teruggezet").wait_for(timeout=WACHT)
        wacht_op_app(page)
        assert queries.laatste_periode(engine, ESSEN) == "2026-09", venster
        assert audit.lees(engine, 1)["actie"].iloc[0] == "herstel", venster
        assert fouten_op_scherm(page) == [], venster
    assert len(audit.lees(engine, 100, actie="intrekking")) == len(VENSTERS)
    assert server.tracebacks_sinds(log_positie) == []
    page.close()
    engine.dispose()
