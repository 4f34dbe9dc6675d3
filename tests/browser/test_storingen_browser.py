"""The database goes away while a logged-in page is open (Chromium, a real server).

The app runs on a PostgreSQL server of its own (never the shared test server), which is stopped
while the Trends page is open: the next interaction shows the Dutch message with the last data
and their date (ui/storing.py), also past the guard's re-check windows (no answer from the
database does not log the user out); never the guard's own message, never an exception box,
never a traceback in the server log. After a restart the page works again.
"""

from __future__ import annotations

import pytest
from test_storingen import HerstartbarePostgres

from .helpers import (
    PLOTLY_GETEKEND,
    UITZONDERING,
    ga_naar,
    log_in,
    schermafdruk,
    wacht_op_app,
    wacht_op_grafieken,
)

STORING = "De databank is niet bereikbaar; u ziet de gegevens van"
GUARD = "De database van de Leefloonmonitor is op dit moment niet bereikbaar"


@pytest.fixture
def postgres_demo(postgres_server):  # the shared server only for the opt-out skip
    from data_access import db
    from data_access.demo import herbouw_demo

    server = HerstartbarePostgres().start()
    try:
        url = server.nieuwe_database()
        engine = db.maak_engine(url)
        herbouw_demo(engine)
        engine.dispose()
        yield server, url
    finally:
        server.stop()


def _klik_weergave(page, label: str) -> None:
    page.get_by_role("radio", name=label, exact=True).first.check(force=True)
    page.wait_for_timeout(300)
    wacht_op_app(page)


def test_databank_weg_tijdens_open_pagina(postgres_demo, start_streamlit, new_context):
    pg, url = postgres_demo
    app = start_streamlit("storing", db_url=url)
    page = new_context().new_page()
    ga_naar(page, app.url, "app.py")
    log_in(page, "raad", "demo", wacht_op_cookie_ook=False)
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Trends").click()
    page.wait_for_function("() => document.title.startsWith('Trends')")
    wacht_op_app(page)
    getekend = wacht_op_grafieken(page)
    assert getekend >= 2
    positie = app.log_lengte()

    pg.stop_tijdelijk()
    _klik_weergave(page, "Per 1.000 inwoners")
    tekst = page.locator("[data-testid='stMain']").inner_text()
    schermafdruk(page, "storing-databank-weg")
    assert STORING in tekst and GUARD not in tekst, tekst[:500]
    assert page.locator(PLOTLY_GETEKEND).count() >= getekend  # the last data, still drawn
    assert page.locator(UITZONDERING).count() == 0
    assert not app.tracebacks_sinds(positie)

    pg.herstart()
    _klik_weergave(page, "Absoluut")
    tekst = page.locator("[data-testid='stMain']").inner_text()
    assert STORING not in tekst and GUARD not in tekst, tekst[:500]
    assert wacht_op_grafieken(page) >= 2
    assert page.locator(UITZONDERING).count() == 0
    assert not app.tracebacks_sinds(positie)
