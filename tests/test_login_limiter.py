"""Own login limiter (no permanent lock-out), cookie key check and cookie token."""

import re
import secrets
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import streamlit
from apptest_hulp import markeer_als_demo
from sqlalchemy import select

from data_access import audit, db, gebruikers, schema
from data_access.toegang import (
    BEKEND_ADRES_GELDIG,
    MIN_SLEUTEL_BITS,
    REGELS_ACCOUNT,
    REGELS_CLIENT,
    beoordeel_pogingen,
    client_adres,
    controleer_cookie_sleutel,
    geschatte_bits,
    lees_cookie_token,
    maak_cookie_token,
)
from ui import auth

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WACHTWOORD = "Correct-Paard-9"
STERKE_SLEUTEL = "k3Q9v_Zr1xM8pL2tW6yB0nC4dF7gH5jS-aE"  # 36 bytes


def s(seconden: float) -> timedelta:
    return timedelta(seconds=seconden)


# ------------------------------------------------------------------ pure rule


def test_vijf_fouten_blokkeren_de_zesde_poging():
    fouten = [(T0 + s(10 * i), False) for i in range(5)]
    assert beoordeel_pogingen(fouten[:4], T0 + s(45)).toegestaan
    beslissing = beoordeel_pogingen(fouten, T0 + s(50))
    assert not beslissing.toegestaan
    assert beslissing.geblokkeerd_tot == T0 + s(40) + timedelta(minutes=15)
    assert "Te veel mislukte aanmeldpogingen" in beslissing.melding(T0 + s(50))
    assert "15 minuten" in beslissing.melding(T0 + s(40))


def test_blokkade_loopt_af_en_verdubbelt_daarna():
    fouten = [(T0 + s(i), False) for i in range(5)]
    einde = T0 + s(4) + timedelta(minutes=15)
    assert not beoordeel_pogingen(fouten, einde - s(1)).toegestaan
    assert beoordeel_pogingen(fouten, einde).toegestaan
    # five more failures after the block: the second block lasts twice as long
    tweede = fouten + [(einde + s(i), False) for i in range(5)]
    beslissing = beoordeel_pogingen(tweede, einde + s(5))
    assert beslissing.geblokkeerd_tot == einde + s(4) + timedelta(minutes=30)


def test_terugval_is_begrensd_en_wordt_vergeten():
    pogingen, t = [], T0
    for minuten in (15, 30, 60, 120, 240, 240):  # doubles, capped at four hours
        pogingen += [(t + s(i), False) for i in range(5)]
        beslissing = beoordeel_pogingen(pogingen, t + s(5))
        assert beslissing.geblokkeerd_tot == t + s(4) + timedelta(minutes=minuten)
        t = beslissing.geblokkeerd_tot
    assert beoordeel_pogingen(pogingen, t).toegestaan  # never permanent
    # a day later the history is forgotten: the next block is a short one again
    later = t + timedelta(hours=24)
    pogingen += [(later + s(i), False) for i in range(5)]
    beslissing = beoordeel_pogingen(pogingen, later + s(5))
    assert beslissing.geblokkeerd_tot == later + s(4) + timedelta(minutes=15)


def test_gespreide_fouten_en_succes_resetten():
    gespreid = [(T0 + timedelta(minutes=4 * i), False) for i in range(10)]
    assert beoordeel_pogingen(gespreid, T0 + timedelta(minutes=40)).toegestaan
    met_succes = [(T0 + s(i), False) for i in range(4)] + [(T0 + s(5), True)]
    met_succes += [(T0 + s(6 + i), False) for i in range(4)]
    assert beoordeel_pogingen(met_succes, T0 + s(20)).toegestaan


# ------------------------------------------------------------------ with the database


@pytest.fixture
def engine(leeg_engine, monkeypatch):
    """Two real users, on SQLite and on PostgreSQL (tests/conftest.py)."""
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    goedkoop = gebruikers._hash("geen-echte-gebruiker", 4).encode()
    monkeypatch.setattr(gebruikers, "_dummy_hash", lambda: goedkoop)
    gebruikers.voeg_toe(leeg_engine, "schepen", "Schepen Werk", WACHTWOORD, ["viewer"])
    gebruikers.voeg_toe(leeg_engine, "analist", "Analist", WACHTWOORD, ["analyst"], ["12025"])
    return leeg_engine


def laatste_login_actie(engine) -> str:
    return audit.lees(engine, 1, actie=["login_ok", "login_fout", "login_geblokkeerd"])[
        "actie"
    ].iloc[0]


def test_zesde_poging_geweigerd_ook_met_juist_wachtwoord(engine):
    for i in range(5):
        uit = gebruikers.aanmelden(engine, "schepen", "fout", "10.0.0.7", nu=T0 + s(i))
        assert uit.gebruiker is None and "onjuist" in uit.melding
    assert "tijdelijk geblokkeerd" in uit.melding  # the fifth failure says so already

    zesde = gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=T0 + s(30))
    assert zesde.gebruiker is None
    assert "Te veel mislukte aanmeldpogingen" in zesde.melding
    assert zesde.geblokkeerd_tot == T0 + s(4) + timedelta(minutes=15)

    log = audit.lees(engine, actie=["login_fout", "login_geblokkeerd", "login_ok"])
    assert list(log["actie"]) == ["login_geblokkeerd"] + ["login_fout"] * 5
    assert set(log["gebruiker"]) == {"schepen"} and set(log["client"]) == {"10.0.0.7"}


def test_andere_gebruikers_en_clients_niet_getroffen(engine):
    for i in range(6):
        gebruikers.aanmelden(engine, "schepen", "fout", "10.0.0.7", nu=T0 + s(i))
    assert gebruikers.aanmelden(engine, "analist", WACHTWOORD, "10.0.0.7", nu=T0 + s(10)).gebruiker
    assert gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.8", nu=T0 + s(10)).gebruiker
    nog = gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=T0 + s(11))
    assert nog.gebruiker is None


def test_ontgrendelt_na_het_venster(engine):
    for i in range(5):
        gebruikers.aanmelden(engine, "schepen", "fout", "10.0.0.7", nu=T0 + s(i))
    na = T0 + s(4) + timedelta(minutes=15, seconds=1)
    ok = gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=na)
    assert ok.gebruiker is not None and ok.gebruiker.gebruikersnaam == "schepen"
    assert laatste_login_actie(engine) == "login_ok"
    # the success resets the count: four new failures do not block
    for i in range(4):
        gebruikers.aanmelden(engine, "schepen", "fout", "10.0.0.7", nu=na + s(1 + i))
    assert gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=na + s(9)).gebruiker


def test_onbekende_namen_tellen_ook(engine):
    for i in range(5):
        gebruikers.aanmelden(engine, "niemand", "x", "10.0.0.9", nu=T0 + s(i))
    geweigerd = gebruikers.aanmelden(engine, "niemand", "x", "10.0.0.9", nu=T0 + s(9))
    assert "Te veel" in geweigerd.melding
    assert laatste_login_actie(engine) == "login_geblokkeerd"


def test_wachtwoordsproeien_vanaf_een_adres(engine):
    # spraying from one address: after REGELS_CLIENT.max_fouten failures over all names the
    # address is closed for users who never logged in from it ...
    for i in range(REGELS_CLIENT.max_fouten):
        gebruikers.aanmelden(engine, f"naam{i}", "Welkom123", "10.0.0.66", nu=T0 + s(i))
    uit = gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.66", nu=T0 + s(200))
    assert uit.gebruiker is None and "Te veel" in uit.melding
    assert gebruikers.aanmelden(
        engine, "schepen", WACHTWOORD, "10.0.0.67", nu=T0 + s(200)
    ).gebruiker


def test_gedeeld_adres_sluit_collegas_niet_uit(engine):
    """A town hall behind one NAT address: an attacker among the staff sprays far more than the
    old 20 failures, yet a colleague who logged in from that address before still gets in."""
    assert gebruikers.aanmelden(engine, "analist", WACHTWOORD, "10.0.0.66", nu=T0).gebruiker
    for i in range(REGELS_CLIENT.max_fouten + 20):
        gebruikers.aanmelden(engine, f"naam{i}", "Welkom123", "10.0.0.66", nu=T0 + s(1 + i))
    na = T0 + s(200)
    assert gebruikers.aanmelden(engine, "analist", WACHTWOORD, "10.0.0.66", nu=na).gebruiker
    # the spray itself is stopped: a name never seen at this address is refused unchecked
    geweigerd = gebruikers.aanmelden(engine, "naam-nieuw", "Welkom123", "10.0.0.66", nu=na)
    assert geweigerd.melding.startswith("Te veel")
    assert laatste_login_actie(engine) == "login_geblokkeerd"
    fouten = audit.lees(engine, 1000, actie="login_fout")
    assert len(fouten) == REGELS_CLIENT.max_fouten  # no more guesses than the budget


def test_verspreide_pogingen_sluiten_gebruiker_niet_uit_op_kantoor(engine):
    """Guessing one account from many addresses: after REGELS_ACCOUNT.max_fouten failures the
    account is closed for unknown addresses, but not at the user's usual address."""
    assert gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=T0).gebruiker
    for i in range(REGELS_ACCOUNT.max_fouten):
        adres = f"198.51.100.{i + 1}"
        gebruikers.aanmelden(engine, "schepen", f"gok-{i}", adres, nu=T0 + s(1 + i))
    na = T0 + s(60)
    elders = gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "203.0.113.5", nu=na)
    assert elders.gebruiker is None and elders.melding.startswith("Te veel")
    assert gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=na).gebruiker
    # other accounts are untouched
    assert gebruikers.aanmelden(engine, "analist", WACHTWOORD, "203.0.113.5", nu=na).gebruiker


def test_bekend_adres_vervalt(engine):
    assert gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=T0).gebruiker
    later = T0 + BEKEND_ADRES_GELDIG + s(1)
    for i in range(REGELS_ACCOUNT.max_fouten):
        gebruikers.aanmelden(engine, "schepen", f"gok-{i}", f"198.51.100.{i + 1}", nu=later + s(i))
    uit = gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=later + s(60))
    assert uit.gebruiker is None and uit.melding.startswith("Te veel")


def test_wachtwoord_nooit_in_het_auditlog(engine):
    geheim = "Mijn-Geheim-Wachtwoord-77"
    gebruikers.aanmelden(engine, "schepen", geheim, "10.0.0.7", nu=T0)
    gebruikers.aanmelden(engine, "schepen", WACHTWOORD, "10.0.0.7", nu=T0 + s(1))
    tekst = audit.lees(engine).astype(str).to_string()
    assert geheim not in tekst and WACHTWOORD not in tekst


def alle_tekst(engine) -> str:
    """Every audit and limiter row as text (lower case)."""
    with engine.connect() as conn:
        rijen = conn.execute(select(schema.audit)).all()
        rijen += conn.execute(select(schema.aanmeldpoging)).all()
    return " ".join(str(tuple(r)) for r in rijen).lower()


def test_wachtwoord_in_het_naamveld_komt_niet_in_het_auditlog(engine):
    """A user who types their password into the user-name field: the name does not exist, so
    only a marker is stored, nowhere the text itself."""
    geheim = "Mijn-Geheim-Wachtwoord-77"
    uit = gebruikers.aanmelden(engine, geheim, WACHTWOORD, "10.0.0.7", nu=T0)
    assert uit.gebruiker is None and uit.melding == gebruikers.FOUT_MELDING
    rij = audit.lees(engine, 1, actie="login_fout").iloc[0]
    assert re.fullmatch(r"onbekend #[0-9a-f]{2}", rij["gebruiker"]), rij["gebruiker"]
    assert rij["details"] == "onbekende gebruikersnaam"
    assert geheim.lower() not in alle_tekst(engine)
    # the same unknown name always gets the same marker (the limiter counts it as one key)
    for i in range(4):
        gebruikers.aanmelden(engine, geheim, "x", "10.0.0.7", nu=T0 + s(1 + i))
    geweigerd = gebruikers.aanmelden(engine, geheim, "x", "10.0.0.7", nu=T0 + s(9))
    assert geweigerd.melding.startswith("Te veel")
    pogingen = audit.lees(engine, 10, actie=["login_fout", "login_geblokkeerd"])
    assert set(pogingen["gebruiker"]) == {rij["gebruiker"]} and len(pogingen) == 6
    assert geheim.lower() not in alle_tekst(engine)


def test_onbekende_namen_verraden_niet_welke_namen_bestaan(engine):
    """A blocked unknown name does not block another unknown name (a shared count would
    answer "Te veel" for unknown names and "onjuist" for real ones)."""
    for i in range(5):
        gebruikers.aanmelden(engine, "niemand", "x", "10.0.0.9", nu=T0 + s(i))
    with engine.connect() as conn:
        eerste = gebruikers._merk(conn, "niemand")
        ander = next(
            n for n in (f"iemand{i}" for i in range(50)) if gebruikers._merk(conn, n) != eerste
        )
    uit = gebruikers.aanmelden(engine, ander, "x", "10.0.0.9", nu=T0 + s(9))
    assert uit.melding == gebruikers.FOUT_MELDING


def test_lege_invoer_telt_niet(engine):
    uit = gebruikers.aanmelden(engine, "", "", "10.0.0.7", nu=T0)
    assert uit.gebruiker is None and "Vul uw gebruikersnaam" in uit.melding
    assert audit.lees(engine, actie="login_fout").empty


def test_demo_account_alleen_in_demomodus(engine, tmp_path):
    eng = db.maak_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    db.init_schema(eng)
    markeer_als_demo(eng, T0)
    gebruikers.zorg_voor_demo_accounts(eng)
    assert gebruikers.aanmelden(eng, "raad", "demo", "lokaal", nu=T0).gebruiker is not None
    # in the production database (real users) the demo password does nothing
    assert gebruikers.aanmelden(engine, "raad", "demo", "lokaal", nu=T0).gebruiker is None
    eng.dispose()


# ------------------------------------------------------------------ cookie key and token


@pytest.mark.parametrize("sleutel", ["some_key", "SOME_KEY ", "secret", "changeme"])
def test_productie_weigert_standaardsleutel(sleutel):
    reden = controleer_cookie_sleutel(sleutel, demo=False)
    assert reden and "standaard" in reden and "LEEFLOONMONITOR_COOKIE_KEY" in reden


def test_productie_weigert_ontbrekende_of_korte_sleutel():
    for leeg in (None, "", "   "):
        reden = controleer_cookie_sleutel(leeg, demo=False)
        assert reden and "geen cookiesleutel" in reden
    reden = controleer_cookie_sleutel("kort-maar-willekeurig-Xy9", demo=False)
    assert reden and "te kort (25 bytes" in reden
    reden = controleer_cookie_sleutel("a" * 40, demo=False)
    assert reden and "niet willekeurig" in reden
    reden = controleer_cookie_sleutel("VERVANG_DIT_DOOR_EEN_ECHTE_GEHEIME_SLEUTEL", demo=False)
    assert reden and "voorbeeldwaarde" in reden


@pytest.mark.parametrize(
    "sleutel",
    [
        "a" * 25 + "bcdefgh",  # 32 bytes, nearly all the same
        "abcdefgh" * 4,
        "0123456789abcdef" * 2,
        "abcdefghijklmnopqrstuvwxyz012345",
        "qwertyuiopasdfghjklzxcvbnm123456",
        "Aa1!" * 10,
        "correct horse battery staple yes",
        "ab" * 20,
    ],
)
def test_sleutel_zonder_echt_toeval_geweigerd(sleutel):
    reden = controleer_cookie_sleutel(sleutel, demo=False)
    assert reden and "niet willekeurig genoeg" in reden and "secrets.token_urlsafe" in reden
    assert controleer_cookie_sleutel(sleutel, demo=True)  # a configured key, also in the demo


def test_willekeurige_sleutels_aanvaard():
    alfabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for _ in range(300):
        kort = "".join(secrets.choice(alfabet) for _ in range(32))  # the minimum length
        for sleutel in (kort, secrets.token_urlsafe(48), secrets.token_hex(32)):
            assert controleer_cookie_sleutel(sleutel, demo=False) is None, sleutel
            assert geschatte_bits(sleutel) >= MIN_SLEUTEL_BITS


def test_goede_sleutel_en_demo_zonder_sleutel():
    assert controleer_cookie_sleutel(STERKE_SLEUTEL, demo=False) is None
    assert controleer_cookie_sleutel(STERKE_SLEUTEL, demo=True) is None
    assert controleer_cookie_sleutel(None, demo=True) is None
    # a configured weak key is refused in demo mode too
    assert controleer_cookie_sleutel("some_key", demo=True)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_cookie_token():
    token, verval = maak_cookie_token("schepen", STERKE_SLEUTEL, 0.5, nu=T0)
    assert verval == T0 + timedelta(hours=12)
    naam, uitgegeven = lees_cookie_token(token, STERKE_SLEUTEL, 0.5, nu=T0 + timedelta(hours=1))
    assert naam == "schepen" and abs(uitgegeven - T0) < s(1)
    assert lees_cookie_token(token, STERKE_SLEUTEL + "x", 0.5, nu=T0) is None  # other key
    assert lees_cookie_token(token, STERKE_SLEUTEL, 0.5, nu=T0 + timedelta(hours=13)) is None
    assert lees_cookie_token("rommel", STERKE_SLEUTEL, 0.5, nu=T0) is None
    # a token minted with the public default key is worthless
    vals, _ = maak_cookie_token("beheer", "some_key", 0.5, nu=T0)
    assert lees_cookie_token(vals, STERKE_SLEUTEL, 0.5, nu=T0) is None
    # a token that claims a longer life than we grant is refused
    lang, _ = maak_cookie_token("beheer", STERKE_SLEUTEL, 30, nu=T0)
    assert lees_cookie_token(lang, STERKE_SLEUTEL, 0.5, nu=T0) is None


def test_afmelden_herroept_oudere_cookies(engine):
    _, uitgegeven = lees_cookie_token(
        maak_cookie_token("schepen", STERKE_SLEUTEL, nu=T0)[0], STERKE_SLEUTEL, nu=T0
    )
    assert not audit.afgemeld_sinds(engine, "schepen", uitgegeven)
    audit.log(engine, "schepen", "afmelden", tijdstip=T0 + timedelta(minutes=5))
    assert audit.afgemeld_sinds(engine, "schepen", uitgegeven)
    assert not audit.afgemeld_sinds(engine, "analist", uitgegeven)
    assert not audit.afgemeld_sinds(engine, "schepen", T0 + timedelta(minutes=6))


# ------------------------------------------------------------------ address behind a proxy


@pytest.fixture
def nep_context(monkeypatch):
    """A stand-in for st.context: `zet(peer, **headers)`; peer None is the local host."""

    class Headers(dict):
        def get_all(self, naam):
            return [w for k, w in self.items() if k.lower() == naam.lower()]

    def zet(peer, **headers):
        nep = SimpleNamespace(ip_address=peer, headers=Headers(headers), cookies={})
        monkeypatch.setattr(streamlit, "context", nep)

    monkeypatch.setenv("LEEFLOONMONITOR_PROXY_HEADER", "X-Forwarded-For")
    monkeypatch.delenv("LEEFLOONMONITOR_VERTROUWDE_PROXIES", raising=False)
    return zet


def test_rechtstreekse_client_kiest_zijn_adres_niet(nep_context, engine):
    """A client that reaches the app directly (not through the proxy) sends X-Forwarded-For:
    ignored, so neither the limiter nor the audit log takes its word."""
    for i in range(6):
        nep_context("203.0.113.9", **{"X-Forwarded-For": f"10.1.2.{i}"})
        assert auth.client_id() == "203.0.113.9"
        uit = gebruikers.aanmelden(engine, "schepen", "fout", auth.client_id(), nu=T0 + s(i))
    assert uit.melding.startswith("Te veel")  # the sixth guess: blocked despite new headers
    assert set(audit.lees(engine, actie=["login_fout", "login_geblokkeerd"])["client"]) == {
        "203.0.113.9"
    }


def test_proxyketen_van_rechts_gelezen(nep_context, monkeypatch):
    # behind the local proxy: the address the proxy saw, not what the client put in front
    nep_context(None, **{"X-Forwarded-For": "6.6.6.6, 198.51.100.7"})
    assert auth.client_id() == "198.51.100.7"
    nep_context(None, **{"X-Forwarded-For": "onzin"})
    assert auth.client_id() == "lokaal"
    nep_context(None)
    assert auth.client_id() == "lokaal"
    # a proxy elsewhere: only that one is believed, the local host no longer
    monkeypatch.setenv("LEEFLOONMONITOR_VERTROUWDE_PROXIES", "10.0.0.0/24")
    nep_context("10.0.0.5", **{"X-Forwarded-For": "6.6.6.6, 198.51.100.7, 10.0.0.9"})
    assert auth.client_id() == "198.51.100.7"
    nep_context(None, **{"X-Forwarded-For": "198.51.100.7"})
    assert auth.client_id() == "lokaal"
    nep_context("10.0.0.5", **{"X-Forwarded-For": "10.0.0.8"})
    assert auth.client_id() == "10.0.0.8"  # only proxies in the chain: the left-most
    monkeypatch.delenv("LEEFLOONMONITOR_PROXY_HEADER")
    nep_context("10.0.0.5", **{"X-Forwarded-For": "198.51.100.7"})
    assert auth.client_id() == "10.0.0.5"  # no header configured: the peer


def test_client_adres_zuiver():
    assert client_adres("::ffff:203.0.113.9", None) == "203.0.113.9"
    assert client_adres(None, "[2001:db8::1]:4711") == "2001:db8::1"
    assert client_adres(None, "198.51.100.7:4711, ::1") == "198.51.100.7"
    assert client_adres("203.0.113.9", "198.51.100.7", ["203.0.113.0/24"]) == "198.51.100.7"


def test_ongeldige_proxylijst_geeft_nederlandse_fout(monkeypatch):
    monkeypatch.setenv("LEEFLOONMONITOR_VERTROUWDE_PROXIES", "127.0.0.1, proxy.gemeente.be")
    reden = auth.controleer_proxy_instelling()
    assert reden and "start niet" in reden and "'proxy.gemeente.be'" in reden
    monkeypatch.setenv("LEEFLOONMONITOR_VERTROUWDE_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert auth.controleer_proxy_instelling() is None
