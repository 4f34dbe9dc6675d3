"""Single sign-on end to end: Streamlit's st.login against a real OIDC provider on loopback.

The provider is `oidc-provider-mock` (a real OpenID Connect server: discovery, authorization
code with PKCE, signed ID tokens, end_session) on 127.0.0.1; one Streamlit server for the
module with two providers configured as `entra` and `acmidm` in a secrets.toml of its own
(STREAMLIT_SECRETS_FILES), and a session lifetime of one minute, so that one test can wait for
an expired session. Roles and municipalities come from the app's user table only.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.request
from collections.abc import Iterator

import oidc_provider_mock
import pytest
from playwright.sync_api import Page
from sqlalchemy import update
from werkzeug.serving import make_server

from .helpers import (
    PAGINALINK,
    ZIJBALK,
    StreamlitServer,
    fouten_op_scherm,
    log_in,
    toont_aanmelding,
    wacht_op_app,
    wacht_op_bewaker,
)

SESSIE_MINUTEN = 1.0
WACHTWOORD = "Correct-Paard-9"
ORGCODE_LIER = "OVO009999"
LIER = "12021"

#: The provider's users (sub -> claims); the mock hands these claims out for these subjects.
GEBRUIKERS_BIJ_PROVIDER = {
    "an-entra": {"email": "An.Peeters@mechelen.be", "name": "An Peeters"},
    "vreemd-entra": {"email": "iemand@elders.be", "name": "Iemand Elders"},
    "zonderrol-entra": {"email": "zonder.rol@mechelen.be", "name": "Zonder Rol"},
    "lien-acm": {"vo_orgcode": ORGCODE_LIER, "vo_orgnaam": "OCMW Lier", "name": "Lien"},
}


@pytest.fixture(scope="module")
def oidc_url() -> Iterator[str]:
    """The OIDC provider on 127.0.0.1 (a thread of this process)."""
    app = oidc_provider_mock.app(
        user_claims=[
            oidc_provider_mock.User(sub=s, claims=c) for s, c in GEBRUIKERS_BIJ_PROVIDER.items()
        ]
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    draad = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    draad.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        draad.join(5)


@pytest.fixture(scope="module")
def sso_db(tmp_path_factory) -> str:
    """The demo data with real users (so no demo mode): An (analyst of Mechelen, matched on her
    e-mail), Lien (viewer without municipality, bound to her ACM/IDM identity) and a user whose
    roles were taken away."""
    from apptest_hulp import demo_databank

    from data_access import db, gebruikers
    from data_access.schema import gebruiker

    url = demo_databank(tmp_path_factory.mktemp("sso-db"))
    engine = db.maak_engine(url)
    gebruikers.voeg_toe(
        engine, "an.peeters", "An Peeters", None, "analyst", "12025", "an.peeters@mechelen.be"
    )
    gebruikers.voeg_toe(engine, "lien", "Lien", None, "viewer", sso="acmidm:lien-acm")
    gebruikers.voeg_toe(
        engine, "zonder.rol", "Zonder Rol", None, "viewer", (), "zonder.rol@mechelen.be"
    )
    gebruikers.voeg_toe(engine, "schepen", "Schepen", WACHTWOORD, "viewer")
    with engine.begin() as conn:  # e.g. emptied by hand in the database
        conn.execute(
            update(gebruiker).where(gebruiker.c.gebruikersnaam == "zonder.rol").values(rollen="")
        )
    engine.dispose()
    return url


def _secrets(port: int, oidc_url: str) -> str:
    metadata = f"{oidc_url}/.well-known/openid-configuration"
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"

[auth.entra]
client_id = "leefloonmonitor-test"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{metadata}"
client_kwargs = {{ scope = "openid profile email", prompt = "select_account" }}

[auth.acmidm]
client_id = "leefloonmonitor-acm-test"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{metadata}"
client_kwargs = {{ scope = "openid profile vo" }}

[sso.acmidm.organisaties]
"{ORGCODE_LIER}" = "{LIER}"
"""


@pytest.fixture(scope="module")
def sso_server(oidc_url: str, sso_db: str, tmp_path_factory) -> Iterator[StreamlitServer]:
    map_ = tmp_path_factory.mktemp("sso-secrets")
    server = StreamlitServer(
        sso_db,
        naam="sso",
        extra_env={
            "LEEFLOONMONITOR_COOKIE_KEY": secrets.token_urlsafe(48),
            "LEEFLOONMONITOR_SESSIE_MINUTEN": str(SESSIE_MINUTEN),
            "STREAMLIT_SECRETS_FILES": str(map_ / "secrets.toml"),
        },
    )
    (map_ / "secrets.toml").write_text(_secrets(server.port, oidc_url), encoding="utf-8")
    try:
        server.start()
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# steps
# --------------------------------------------------------------------------------------------


def _open(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)
    wacht_op_app(page)
    wacht_op_bewaker(page)


def _sso_login(page: Page, server: StreamlitServer, oidc_url: str, knop: str, sub: str) -> None:
    """Click the SSO button on the login screen, choose `sub` at the provider, and wait until
    the app is back (logged in or not)."""
    page.get_by_role("button", name=knop).click()
    page.wait_for_url(f"{oidc_url}/**", timeout=60_000)
    page.get_by_role("button", name=sub, exact=True).click()
    page.wait_for_url(f"{server.url}/**", timeout=60_000)
    wacht_op_app(page)
    wacht_op_bewaker(page)


def _zet_claims(oidc_url: str, sub: str, claims: dict) -> None:
    """Change what the provider says about `sub` (the mock's PUT /users/<sub>)."""
    verzoek = urllib.request.Request(
        f"{oidc_url}/users/{sub}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
        assert antwoord.status < 300


def _ingelogd(page: Page) -> bool:
    return page.locator(f"{ZIJBALK} {PAGINALINK}").count() > 0


def _tekst(page: Page) -> str:
    return page.locator("[data-testid='stAppViewContainer']").inner_text()


def _audit(sso_db: str, gebruiker: str) -> list[tuple[str, str]]:
    from data_access import audit, db

    engine = db.maak_engine(sso_db)
    try:
        frame = audit.lees(engine, gebruiker=gebruiker)
    finally:
        engine.dispose()
    return list(zip(frame["actie"], frame["details"], strict=True))


ENTRA = "Aanmelden met Microsoft (Entra ID)"
ACMIDM = "Aanmelden via de Vlaamse overheid (ACM/IDM)"


# --------------------------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------------------------


def test_bekende_gebruiker_meldt_aan_via_entra_en_ziet_zijn_gemeente(
    sso_server, oidc_url, sso_db, new_context
):
    page = new_context().new_page()
    positie = sso_server.log_lengte()
    _open(page, sso_server.url)
    assert toont_aanmelding(page)  # the password form stays, beside the SSO buttons
    assert page.get_by_role("button", name=ACMIDM).count() == 1
    _sso_login(page, sso_server, oidc_url, ENTRA, "an-entra")
    assert _ingelogd(page), _tekst(page)
    tekst = _tekst(page)
    assert "An Peeters" in tekst and "analist" in tekst and "Mechelen" in tekst
    assert "gemeente=12025" in page.url  # her municipality (from the user table)
    assert not fouten_op_scherm(page)
    # a new page load keeps the login (Streamlit's identity cookie), recorded as a restore
    _open(page, sso_server.url)
    assert _ingelogd(page)
    acties = [a for a, _ in _audit(sso_db, "an.peeters")]
    assert acties.count("login_ok") == 1 and acties.count("login_cookie") == 1, acties
    assert not sso_server.tracebacks_sinds(positie)


def test_acmidm_organisatie_bepaalt_de_gemeente(sso_server, oidc_url, new_context):
    page = new_context().new_page()
    _open(page, sso_server.url)
    _sso_login(page, sso_server, oidc_url, ACMIDM, "lien-acm")
    assert _ingelogd(page), _tekst(page)
    # the municipality of her organisation is the one chosen (a viewer row without one)
    assert f"gemeente={LIER}" in page.url
    assert "Lier" in _tekst(page)  # not among the default comparison (Essen, Mechelen)


def test_acmidm_andere_organisatie_wordt_geweigerd(sso_server, oidc_url, sso_db, new_context):
    """The same person (same sub) who chose another organisation at ACM/IDM."""
    _zet_claims(oidc_url, "lien-acm", {**GEBRUIKERS_BIJ_PROVIDER["lien-acm"], "vo_orgcode": "X1"})
    try:
        page = new_context().new_page()
        _open(page, sso_server.url)
        _sso_login(page, sso_server, oidc_url, ACMIDM, "lien-acm")
        assert not _ingelogd(page)
        assert "niet gekoppeld aan een van uw gemeenten" in _tekst(page)
    finally:
        _zet_claims(oidc_url, "lien-acm", GEBRUIKERS_BIJ_PROVIDER["lien-acm"])
    assert any("organisatie X1" in d for a, d in _audit(sso_db, "lien") if a == "login_fout")


def test_onbekende_gebruiker_krijgt_een_nederlandse_melding(
    sso_server, oidc_url, sso_db, new_context
):
    page = new_context().new_page()
    _open(page, sso_server.url)
    _sso_login(page, sso_server, oidc_url, ENTRA, "vreemd-entra")
    assert not _ingelogd(page)
    assert "geen toegang tot de Leefloonmonitor" in _tekst(page)
    assert toont_aanmelding(page) and not fouten_op_scherm(page)
    assert "login_fout" in [a for a, _ in _audit(sso_db, "iemand@elders.be")]


def test_gebruiker_zonder_rol_wordt_geweigerd(sso_server, oidc_url, sso_db, new_context):
    page = new_context().new_page()
    _open(page, sso_server.url)
    _sso_login(page, sso_server, oidc_url, ENTRA, "zonderrol-entra")
    assert not _ingelogd(page)
    assert "geen rol in de Leefloonmonitor" in _tekst(page)
    assert any("geen rol" in d for a, d in _audit(sso_db, "zonder.rol") if a == "login_fout")


def test_provider_weigert_en_de_app_blijft_bij_het_aanmeldscherm(sso_server, oidc_url, new_context):
    page = new_context().new_page()
    positie = sso_server.log_lengte()
    _open(page, sso_server.url)
    page.get_by_role("button", name=ENTRA).click()
    page.wait_for_url(f"{oidc_url}/**", timeout=60_000)
    page.get_by_role("button", name="Deny").click()
    page.wait_for_url(f"{sso_server.url}/**", timeout=60_000)
    wacht_op_app(page)
    wacht_op_bewaker(page)
    assert not _ingelogd(page) and toont_aanmelding(page)
    assert "Geweigerd of afgebroken bij de aanmeldprovider?" in _tekst(page)
    assert not fouten_op_scherm(page) and not sso_server.tracebacks_sinds(positie)


def test_afmelden_beeindigt_app_sessie_en_sso(sso_server, oidc_url, sso_db, new_context):
    context = new_context()
    page = context.new_page()
    _open(page, sso_server.url)
    _sso_login(page, sso_server, oidc_url, ENTRA, "an-entra")
    assert _ingelogd(page)
    page.locator(ZIJBALK).get_by_role("button", name="Afmelden").click()
    # st.logout: to the provider's end_session page (the mock asks to confirm), then back
    page.wait_for_url(f"{oidc_url}/oauth2/end_session**", timeout=60_000)
    page.get_by_role("button").first.click()
    page.wait_for_url(f"{sso_server.url}/**", timeout=60_000)
    wacht_op_app(page)
    wacht_op_bewaker(page)
    assert not _ingelogd(page) and toont_aanmelding(page)
    assert not [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
    # a new page load stays logged out
    _open(page, sso_server.url)
    assert not _ingelogd(page)
    assert _audit(sso_db, "an.peeters")[0][0] == "afmelden"


def test_verlopen_sessie_vraagt_opnieuw_aan_te_melden(sso_server, oidc_url, new_context):
    page = new_context().new_page()
    _open(page, sso_server.url)
    _sso_login(page, sso_server, oidc_url, ACMIDM, "lien-acm")
    assert _ingelogd(page)
    time.sleep(SESSIE_MINUTEN * 60 + 2)
    _open(page, sso_server.url)  # Streamlit's identity cookie (30 days) is still there
    assert not _ingelogd(page)
    assert "Uw sessie is verlopen. Meld u opnieuw aan." in _tekst(page)
    _sso_login(page, sso_server, oidc_url, ACMIDM, "lien-acm")  # and it asks again
    assert _ingelogd(page)


def test_wachtwoordcookie_volgt_de_ingestelde_sessieduur(sso_server, new_context):
    """The password login beside SSO: its cookie lives as long as the configured session (one
    minute here), not the default 12 hours."""
    context = new_context()
    page = context.new_page()
    _open(page, sso_server.url)
    log_in(page, "schepen", WACHTWOORD)
    [cookie] = [c for c in context.cookies() if c["name"] == "leefloonmonitor_sessie"]
    assert 0 < cookie["expires"] - time.time() <= SESSIE_MINUTEN * 60 + 5, cookie
