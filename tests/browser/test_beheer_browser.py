"""The monthly delivery in the browser, as an OCMW analyst does it: log in as `beheer`, upload
next month's file, read the preview, confirm, see the month on Trends; a broken file gets the
report and changes nothing; an earlier release is restored.

Runs on its OWN server and database copy (`start_streamlit`), because it writes: the shared
server of the other browser tests keeps the untouched demo data.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from maak_bestanden import csv_bytes, kubusrijen
from sqlalchemy import func, select

from data_access import audit, db, queries
from data_access.schema import feit, release

from .helpers import (
    DATAFRAME,
    UPLOAD,
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


@pytest.fixture
def beheer_db(demo_db_url: str, tmp_path) -> str:
    """A private copy of the demo database (SQLite backup API: consistent while others read)."""
    bron = demo_db_url.split("///", 1)[1]
    pad = tmp_path / "beheer.db"
    with sqlite3.connect(bron) as van, sqlite3.connect(pad) as naar:
        van.backup(naar)
    return f"sqlite:///{pad}"


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


def test_maandlevering_opladen_bevestigen_en_terugzetten(
    start_streamlit, beheer_db, new_context, tmp_path
):
    engine = db.maak_engine(beheer_db)
    releases = queries.releases(engine)
    demo_id = int(releases[releases["bestand"] == "leefloon_12025_mechelen.csv"]["id"].iloc[0])
    sep_demo = waarde(engine, "2026-09")
    assert waarde(engine, "2026-10") is None

    server = start_streamlit("beheer", db_url=beheer_db)
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
