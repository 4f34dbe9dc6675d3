"""Logged in: the role's menu, every page through its link, the cookie on reload, logout.

Runs against ONE shared server (`streamlit_server`); pages come from `ui.navigatie.PAGINAS`,
so a page added there is tested here too.
"""

from __future__ import annotations

import pytest

from data_access.gebruikers import DEMO_ACCOUNTS
from data_access.toegang import Gebruiker
from ui.navigatie import PAGINAS, Pagina, paginas_voor

from .helpers import (
    DEMOLABEL,
    UPLOAD,
    ZONDER_GRAFIEK,
    afmelden,
    bestaat,
    fouten_op_scherm,
    ga_naar,
    klik_menu,
    log_in,
    menu_links,
    pagina_titel,
    schermafdruk,
    toont_aanmelding,
    url_pad,
    verschijnt,
    wacht_op_app,
    wacht_op_grafieken,
)

SCHERMEN = ({"width": 1600, "height": 1000}, {"width": 1920, "height": 1080})


def demo_gebruiker(naam: str) -> Gebruiker:
    account = next(a for a in DEMO_ACCOUNTS if a.gebruikersnaam == naam)
    return Gebruiker(
        account.gebruikersnaam,
        account.naam,
        frozenset(account.rollen),
        frozenset(account.gemeenten),
    )


RAAD_PAGINAS = paginas_voor(demo_gebruiker("raad"))
BEHEER_PAGINAS = paginas_voor(demo_gebruiker("beheer"))


def _id(pagina: Pagina) -> str:
    return url_pad(pagina.pad) or "Overzicht"


def _bestaande(paginas: list[Pagina]) -> list[str]:
    return [p.titel for p in paginas if bestaat(p.pad)]


def test_alle_paginas_bestaan():
    """Every page of the menu is there (the menu silently leaves out a missing file)."""
    ontbrekend = [p.pad for p in PAGINAS if not bestaat(p.pad)]
    assert not ontbrekend, f"Paginabestanden ontbreken: {ontbrekend}"


def test_menu_van_raad_toont_precies_zijn_paginas(aangemeld, app_url):
    assert "Beheer" not in [p.titel for p in RAAD_PAGINAS]  # the rule itself
    page = aangemeld("raad").new_page()
    ga_naar(page, app_url, "app.py")
    assert not toont_aanmelding(page), "De aanmelding werd niet hersteld uit de cookie."
    assert menu_links(page) == _bestaande(RAAD_PAGINAS)
    assert page.locator("[data-testid='stSidebar']").get_by_role("link", name="Beheer").count() == 0
    page.close()


def test_link_geopend_met_geldige_cookie_toont_de_weergave_van_de_link(aangemeld, app_url):
    """A colleague's link opened by someone still logged in (cookie): the session starts logged
    in, and the link's municipality and measure must still be shown, not the defaults."""
    page = aangemeld("raad").new_page()
    page.goto(f"{app_url}/Trends?gemeente=11016&modus=index", wait_until="domcontentloaded")
    wacht_op_app(page)
    assert not toont_aanmelding(page), "De aanmelding werd niet hersteld uit de cookie."
    assert page.locator("h1").first.inner_text() == "Trends — Essen"
    gekozen = page.locator("[data-testid='stRadio'] input:checked").first
    assert gekozen.evaluate("e => e.closest('label').innerText").startswith("Geïndexeerd")
    page.close()


@pytest.mark.parametrize("pagina", RAAD_PAGINAS, ids=_id)
def test_pagina_via_menu(pagina: Pagina, aangemeld, app_url, streamlit_server):
    log_positie = streamlit_server.log_lengte()
    page = aangemeld("raad").new_page()
    # start on another page, so that the link really navigates
    andere = [p.pad for p in RAAD_PAGINAS if p != pagina and bestaat(p.pad)]
    ga_naar(page, app_url, andere[0] if andere else pagina.pad)
    klik_menu(page, pagina.titel)

    assert page.title() == pagina_titel(pagina.titel)
    # the address without its query: the link carries the view in codes (test_link_browser)
    assert page.url.split("?")[0].rstrip("/") == f"{app_url}/{url_pad(pagina.pad)}".rstrip("/")
    assert not toont_aanmelding(page)
    assert fouten_op_scherm(page) == []
    assert verschijnt(page.get_by_text(DEMOLABEL)), "Het label 'Demodata' ontbreekt."
    aantal = wacht_op_grafieken(page, minimaal=0 if pagina.pad in ZONDER_GRAFIEK else 1)
    if pagina.pad not in ZONDER_GRAFIEK:
        assert aantal >= 1, f"Geen Plotly-grafiek op {pagina.titel}."
    for scherm in SCHERMEN:
        page.set_viewport_size(scherm)
        page.wait_for_timeout(400)  # Plotly redraws on resize
        wacht_op_app(page)
        schermafdruk(page, f"navigatie-{_id(pagina)}-{scherm['width']}x{scherm['height']}")
    assert fouten_op_scherm(page) == []
    assert streamlit_server.tracebacks_sinds(log_positie) == []
    page.close()


def test_beheer_ziet_beheer(aangemeld, app_url, streamlit_server):
    log_positie = streamlit_server.log_lengte()
    page = aangemeld("beheer").new_page()
    ga_naar(page, app_url, "app.py")
    assert menu_links(page) == _bestaande(BEHEER_PAGINAS)
    assert "Beheer" in menu_links(page)
    klik_menu(page, "Beheer")
    assert page.title() == pagina_titel("Beheer")
    assert fouten_op_scherm(page) == []
    # the upload widget is what a viewer must never get (test_uitgelogd checks its absence)
    assert verschijnt(page.locator(UPLOAD)), "Geen uploadveld op Beheer voor een beheerder."
    schermafdruk(page, "navigatie-Beheer-beheer-1600x1000")
    assert streamlit_server.tracebacks_sinds(log_positie) == []
    page.close()


def test_herladen_houdt_aanmelding_en_afmelden_wist_ze(new_context, app_url):
    """As `analist`: a logout revokes every cookie of the user, also those of the shared
    `aangemeld("raad")` contexts."""
    analist_paginas = _bestaande(paginas_voor(demo_gebruiker("analist")))
    page = new_context().new_page()
    ga_naar(page, app_url, "app.py")
    assert toont_aanmelding(page)
    log_in(page, "analist", "demo")
    assert not toont_aanmelding(page)
    assert menu_links(page) == analist_paginas

    page.reload(wait_until="domcontentloaded")
    wacht_op_app(page)
    assert not toont_aanmelding(page), "Na herladen is de aanmelding weg (cookie niet gelezen)."
    assert menu_links(page) == analist_paginas

    afmelden(page)
    assert toont_aanmelding(page)
    assert menu_links(page) == []

    # the cookie is gone (or revoked): a reload and a new tab ask to log in again
    page.reload(wait_until="domcontentloaded")
    wacht_op_app(page)
    assert toont_aanmelding(page), "Na afmelden en herladen is de gebruiker weer aangemeld."
    tweede = page.context.new_page()
    ga_naar(tweede, app_url, "app.py")
    assert toont_aanmelding(tweede)
    assert menu_links(tweede) == []
