"""Logged out: no page shows data, also when the FIRST request to a fresh server is a deep link.

The bug class: Streamlit's page router serving `/<page>` before a session ran (see
docs/toegang.md). Every page of `ui.navigatie.PAGINAS` gets its own freshly started
server whose very first page request is the deep link (the health poll before it opens no
session). On three of them the test then logs in: the first login after a server start must
not be lost, must land on the requested page and must write the login cookie.
"""

from __future__ import annotations

import re

import pytest

from ui.navigatie import PAGINAS, Pagina

from .helpers import (
    BEHEER,
    DEMOLABEL,
    FOUTMELDING,
    PAGINALINK,
    UPLOAD,
    ZONDER_GRAFIEK,
    data_op_scherm,
    fouten_op_scherm,
    ga_naar,
    log_in,
    pagina_titel,
    pagina_url,
    schermafdruk,
    toont_aanmelding,
    url_pad,
    verschijnt,
    wacht_op_cookie,
    wacht_op_grafieken,
)

#: Figures as the app formats them (`1.298`, `12,5%`, `-60%`): none on a logged-out screen.
GETAL_NL = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+,\d+|\d+\s?%")


#: Pages where the test goes on to log in on the fresh server (the home page, a page of the
#: pages/ router and the editors' page; logging in on all eight would double the run time).
EERSTE_AANMELDING = frozenset({"app.py", "pages/1_Trends.py", BEHEER})


def _id(pagina: Pagina) -> str:
    return url_pad(pagina.pad) or "Overzicht"


def zonder_query(url: str) -> str:
    """The page address without its query: after login the page writes its view into the URL
    in codes (ui/link.py), which is not what this test is about."""
    return url.split("?", 1)[0].rstrip("/")


@pytest.mark.parametrize("pagina", PAGINAS, ids=_id)
def test_deep_link_uitgelogd_na_verse_start(pagina: Pagina, start_streamlit, new_context):
    server = start_streamlit(naam=f"vers-{_id(pagina)}")
    page = new_context().new_page()
    ga_naar(page, server.url, pagina.pad)  # the first page request this server sees

    # the requested page ran (its guard set the title) and stopped at the login form
    assert page.title() == pagina_titel(pagina.titel)
    assert zonder_query(page.url) == pagina_url(server.url, pagina.pad).rstrip("/")
    assert toont_aanmelding(page), "Geen aanmeldformulier bij een rechtstreekse link."
    assert data_op_scherm(page) == {}, "Gegevens zichtbaar voor een niet-aangemelde bezoeker."
    assert page.locator(PAGINALINK).count() == 0, "Menu zichtbaar voor wie niet aangemeld is."
    assert page.get_by_text(DEMOLABEL).count() == 0, "Paginainhoud (Demodata-label) zichtbaar."
    hoofdtekst = page.locator("[data-testid='stMain']").inner_text()
    assert GETAL_NL.findall(hoofdtekst) == [], "Cijfers zichtbaar zonder aanmelding."
    assert fouten_op_scherm(page) == []
    schermafdruk(page, f"uitgelogd-{_id(pagina)}")

    assert server.tracebacks_sinds(0) == []
    if pagina.pad not in EERSTE_AANMELDING:
        return
    # the first login after the server start is not lost and lands on the requested page
    gebruiker = "beheer" if "viewer" not in pagina.rollen else "raad"
    log_in(page, gebruiker, "demo", wacht_op_cookie_ook=False)
    assert page.title() == pagina_titel(pagina.titel)
    assert zonder_query(page.url) == pagina_url(server.url, pagina.pad).rstrip("/")
    assert not toont_aanmelding(page)
    assert fouten_op_scherm(page) == []
    if pagina.pad == BEHEER:
        assert verschijnt(page.locator(UPLOAD)), "Na aanmelden verschijnt Beheer niet."
    elif pagina.pad not in ZONDER_GRAFIEK:
        assert wacht_op_grafieken(page, minimaal=1) >= 1, "Na aanmelden verschijnt de pagina niet."
    assert server.tracebacks_sinds(0) == []
    # ... and the login cookie of that first login is written (else a reload logs out; the
    # reload itself is covered in test_navigatie)
    wacht_op_cookie(page)


def test_raad_krijgt_beheer_niet_via_rechtstreekse_link(aangemeld, app_url):
    page = aangemeld("raad").new_page()
    ga_naar(page, app_url, BEHEER)
    assert not toont_aanmelding(page)  # logged in, and still refused
    assert page.title() == pagina_titel("Beheer")
    weigering = page.locator(FOUTMELDING)
    assert verschijnt(weigering), "Geen weigering op Beheer voor een raadslid."
    assert weigering.count() == 1
    assert "geen toegang" in weigering.inner_text()
    assert page.locator(UPLOAD).count() == 0, "Uploadveld zichtbaar voor een raadslid."
    assert data_op_scherm(page) == {}
    schermafdruk(page, "uitgelogd-raad-op-Beheer-geweigerd")
    page.close()
