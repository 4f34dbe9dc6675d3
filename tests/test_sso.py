"""Single sign-on's access rule (data_access.gebruikers.aanmelden_sso) and the session lifetime
setting (data_access.toegang.sessie_minuten), without a browser; end to end against a real OIDC
provider: tests/browser/test_sso_browser.py."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from data_access import audit, gebruikers
from data_access.schema import gebruiker as gebruiker_tabel
from data_access.toegang import STANDAARD_SESSIE_MINUTEN, sessie_minuten

ENTRA = gebruikers.SsoInstelling("entra", "Microsoft")
ACMIDM = gebruikers.SsoInstelling(
    "acmidm",
    "ACM/IDM",
    email_claim="",
    organisatie_claim="vo_orgcode",
    organisaties=(("OVO1", "12021"), ("OVO2", "12025")),
)


@pytest.fixture
def engine(leeg_engine, monkeypatch):
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    gebruikers.voeg_toe(leeg_engine, "an", "An", None, "analyst", "12025", "an@mechelen.be")
    gebruikers.voeg_toe(leeg_engine, "lien", "Lien", None, "viewer", sso="acmidm:s-lien")
    return leeg_engine


def meld_aan(engine, instelling, claims, sinds=None):
    return gebruikers.aanmelden_sso(
        engine, instelling, claims, "10.0.0.1", sinds=sinds or datetime.now(UTC)
    )


def test_email_koppelt_aan_de_gebruiker_met_rollen_uit_de_eigen_tabel(engine):
    uit = meld_aan(engine, ENTRA, {"sub": "x", "email": "AN@Mechelen.be", "roles": ["admin"]})
    assert uit.gebruiker.gebruikersnaam == "an"
    assert uit.gebruiker.rollen == {"analyst"}  # never the provider's roles
    assert audit.lees(engine, actie="login_ok")["gebruiker"].tolist() == ["an"]


def test_tweede_paginalading_is_een_herstel_geen_nieuwe_aanmelding(engine):
    sinds = datetime.now(UTC)
    claims = {"sub": "x", "email": "an@mechelen.be"}
    meld_aan(engine, ENTRA, claims, sinds)
    meld_aan(engine, ENTRA, claims, sinds)
    acties = audit.lees(engine, gebruiker="an")["actie"].tolist()
    assert acties.count("login_ok") == 1 and acties.count("login_cookie") == 1


def test_onbekend_geen_rol_en_dubbel_email_worden_geweigerd_en_gelogd(engine):
    uit = meld_aan(engine, ENTRA, {"sub": "y", "email": "iemand@elders.be"})
    assert uit.gebruiker is None and "geen toegang" in uit.melding
    with engine.begin() as conn:
        conn.execute(
            update(gebruiker_tabel)
            .where(gebruiker_tabel.c.gebruikersnaam == "an")
            .values(rollen="")
        )
    uit = meld_aan(engine, ENTRA, {"sub": "x", "email": "an@mechelen.be"})
    assert uit.gebruiker is None and "geen rol" in uit.melding
    gebruikers.voeg_toe(engine, "an2", "An", None, "viewer", (), "an@mechelen.be")
    gebruikers.voeg_toe(engine, "an", "An", None, "viewer", (), "an@mechelen.be", vervang=True)
    uit = meld_aan(engine, ENTRA, {"sub": "x", "email": "an@mechelen.be"})
    assert uit.gebruiker is None  # two rows with one address: neither
    assert len(audit.lees(engine, actie="login_fout")) == 3
    assert meld_aan(engine, ENTRA, {"email": "an@mechelen.be"}).gebruiker is None  # no sub


def test_acmidm_organisatie_kiest_de_gemeente_of_weigert(engine):
    uit = meld_aan(engine, ACMIDM, {"sub": "s-lien", "vo_orgcode": "OVO1"})
    assert uit.gebruiker.hoofdgemeente == "12021" and uit.gebruiker.gemeenten == {"12021"}
    assert not uit.gebruiker.ziet_detail("12021")  # a viewer stays a viewer
    assert meld_aan(engine, ACMIDM, {"sub": "s-lien", "vo_orgcode": "OVO9"}).gebruiker is None
    # an analyst of Mechelen who chose the organisation of Lier
    gebruikers.voeg_toe(
        engine, "an", "An", None, "analyst", "12025", "", vervang=True, sso="acmidm:s-an"
    )
    assert meld_aan(engine, ACMIDM, {"sub": "s-an", "vo_orgcode": "OVO1"}).gebruiker is None
    assert meld_aan(engine, ACMIDM, {"sub": "s-an", "vo_orgcode": "OVO2"}).gebruiker


def test_een_afmelding_herroept_een_oudere_aanmelding_bij_de_provider(engine):
    sinds = datetime.now(UTC) - timedelta(minutes=5)
    audit.log(engine, "an", audit.AFMELDEN)
    uit = meld_aan(engine, ENTRA, {"sub": "x", "email": "an@mechelen.be"}, sinds)
    assert uit.gebruiker is None and "afgemeld" in uit.melding


def test_account_alleen_voor_sso_heeft_geen_bruikbaar_wachtwoord(engine):
    assert gebruikers.aanmelden(engine, "an", "", "10.0.0.1").gebruiker is None
    with pytest.raises(gebruikers.GebruikerFout, match="single sign-on"):
        gebruikers.voeg_toe(engine, "piet", "Piet", None, "viewer")
    with pytest.raises(gebruikers.GebruikerFout, match="provider:sub"):
        gebruikers.voeg_toe(engine, "piet", "Piet", None, "viewer", sso="zonder-dubbelpunt")


@pytest.mark.parametrize(
    "waarde, minuten",
    [(None, STANDAARD_SESSIE_MINUTEN), ("", 720), ("30", 30), ("0,25", 0.25), (" 90 ", 90)],
)
def test_sessieduur(waarde, minuten):
    assert sessie_minuten(waarde) == minuten


@pytest.mark.parametrize("waarde", ["0", "-5", "abc", "nan", "20000"])
def test_ongeldige_sessieduur_geeft_een_nederlandse_melding(waarde):
    with pytest.raises(ValueError, match="Ongeldige sessieduur"):
        sessie_minuten(waarde)
