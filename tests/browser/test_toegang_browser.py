"""Access in a real server: the forwarding header only from a trusted proxy, and a login restored
from the cookie in the audit log. Each test gets a fresh server on a demo database of its own
(failed logins and audit rows must not leak into the shared one)."""

from __future__ import annotations

import pytest

from data_access import audit, db

from .helpers import (
    FOUTMELDING,
    PAGINALINK,
    ZIJBALK,
    ga_naar,
    log_in,
    toont_aanmelding,
    wacht_op_app,
)


@pytest.fixture
def eigen_db(tmp_path) -> str:
    from apptest_hulp import demo_databank

    return demo_databank(tmp_path)


def poging(browser_context, url: str, wachtwoord: str, kop: str | None) -> str:
    """One login as `raad` in a fresh context that sends `X-Forwarded-For: kop`: the error on
    screen, or "AANGEMELD" when it let the user in."""
    headers = {"X-Forwarded-For": kop} if kop else {}
    context = browser_context(extra_http_headers=headers)
    page = context.new_page()
    ga_naar(page, url, "app.py")
    page.get_by_role("textbox", name="Gebruikersnaam").fill("raad")
    page.get_by_role("textbox", name="Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Aanmelden").click()
    melding = page.locator(FOUTMELDING).first
    menu = page.locator(f"{ZIJBALK} {PAGINALINK}").first
    melding.or_(menu).wait_for(state="visible", timeout=30_000)
    tekst = melding.inner_text() if melding.is_visible() else "AANGEMELD"
    context.close()
    return tekst


def login_rijen(db_url: str):
    engine = db.maak_engine(db_url)
    try:
        return audit.lees(engine, 100, actie=["login_fout", "login_geblokkeerd", "login_cookie"])
    finally:
        engine.dispose()


def test_rechtstreekse_client_kiest_zijn_adres_niet(start_streamlit, new_context, eigen_db):
    """The app is set up behind a proxy elsewhere (192.0.2.1; uvicorn, Streamlit's server, is
    told the same), but this client reaches it directly and sends a new X-Forwarded-For with
    every guess: the header is ignored, the sixth guess is blocked and the audit log holds the
    real peer ("lokaal")."""
    env = {
        "LEEFLOONMONITOR_PROXY_HEADER": "X-Forwarded-For",
        "LEEFLOONMONITOR_VERTROUWDE_PROXIES": "192.0.2.1",
        "FORWARDED_ALLOW_IPS": "192.0.2.1",
    }
    server = start_streamlit("proxy-vreemd", db_url=eigen_db, env=env)
    for i in range(5):
        assert "onjuist" in poging(new_context, server.url, "fout", f"10.9.9.{i}")
    zesde = poging(new_context, server.url, "demo", "10.9.9.99")
    assert zesde.startswith("Te veel mislukte aanmeldpogingen"), zesde
    rijen = login_rijen(eigen_db)
    assert list(rijen["actie"]) == ["login_geblokkeerd"] + ["login_fout"] * 5
    assert set(rijen["client"]) == {"lokaal"}


def test_header_van_de_lokale_proxy_telt(start_streamlit, new_context, eigen_db):
    """Behind a proxy on the same machine (the default trust, of uvicorn and of the app), the
    address the proxy saw is the client, whatever the client put in front of it."""
    env = {"LEEFLOONMONITOR_PROXY_HEADER": "X-Forwarded-For"}
    server = start_streamlit("proxy-lokaal", db_url=eigen_db, env=env)
    assert "onjuist" in poging(new_context, server.url, "fout", "6.6.6.6, 198.51.100.7")
    assert list(login_rijen(eigen_db)["client"]) == ["198.51.100.7"]


def test_aanmelding_uit_cookie_in_het_auditlog(start_streamlit, new_context, eigen_db):
    server = start_streamlit("cookie-audit", db_url=eigen_db)
    page = new_context().new_page()
    ga_naar(page, server.url, "app.py")
    log_in(page, "analist", "demo")
    assert login_rijen(eigen_db).empty
    page.reload(wait_until="domcontentloaded")
    wacht_op_app(page)
    assert not toont_aanmelding(page)
    rijen = login_rijen(eigen_db)
    assert list(rijen["actie"]) == ["login_cookie"]
    assert rijen["gebruiker"].iloc[0] == "analist" and rijen["client"].iloc[0] == "lokaal"
