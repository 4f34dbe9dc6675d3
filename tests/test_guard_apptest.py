"""The access guard `ui.guard.bewaak` in AppTest, on small throwaway pages in a tmp dir.

AppTest cannot run the cookie component (no JavaScript); the cookie itself is covered by the
token tests in test_login_limiter.py.
"""

import logging
import re
import traceback

import pytest
from apptest_hulp import markeer_als_demo, meld_aan
from streamlit.testing.v1 import AppTest

from data_access import audit, db, gebruikers
from ui import auth

STERKE_SLEUTEL = "k3Q9v_Zr1xM8pL2tW6yB0nC4dF7gH5jS-aE"
PAGINAS = {
    "pages/1_Trends.py": None,
    "pages/2_Doelgroepen.py": None,
    "pages/3_Pact_en_prognose.py": None,
    "pages/4_Wat_als.py": None,
    "pages/5_Vergelijking.py": None,
    "pages/6_Data_en_methode.py": None,
    "pages/7_Beheer.py": "editor",
    "pages/9_Uitleg_en_begrippen.py": None,
}
PAGINA = """
import streamlit as st
from ui.guard import bewaak

gebruiker = bewaak(rol_nodig={rol!r}, titel={titel!r})
st.write("GEHEIM {titel}")
"""


@pytest.fixture
def app(tmp_path):
    """A throwaway app: app.py and every page, each printing a secret after the guard."""
    map_ = tmp_path / "app"
    (map_ / "pages").mkdir(parents=True)
    (map_ / "app.py").write_text(PAGINA.format(rol=None, titel="Overzicht"), encoding="utf-8")
    for pad, rol in PAGINAS.items():
        titel = pad.split("_", 1)[1].removesuffix(".py")
        (map_ / pad).write_text(PAGINA.format(rol=rol, titel=titel), encoding="utf-8")
    return map_


@pytest.fixture
def engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'guard.db'}"
    monkeypatch.setenv("LEEFLOONMONITOR_DB", url)
    monkeypatch.delenv("LEEFLOONMONITOR_COOKIE_KEY", raising=False)
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    eng = db.get_engine(url)
    db.init_schema(eng)
    return eng


@pytest.fixture
def demo(engine):
    markeer_als_demo(engine)
    return engine


def start(app, pagina: str | None = None) -> AppTest:
    at = AppTest.from_file(str(app / "app.py"), default_timeout=30)
    if pagina:
        at.switch_page(pagina)
    return at.run()


def teksten(at: AppTest) -> str:
    delen = []
    for soort in ("title", "subheader", "markdown", "caption", "error", "info", "warning"):
        delen += [str(e.value) for e in at.get(soort)]
    return "\n".join(delen)


def links(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("page_link")]


def test_afgemelde_bezoeker_ziet_enkel_het_aanmeldscherm(app, demo):
    for pagina in [None, *PAGINAS]:
        at = start(app, pagina)
        assert not at.exception
        assert [e.label for e in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
        assert [b.label for b in at.button] == ["Aanmelden"]
        tekst = teksten(at)
        assert "GEHEIM" not in tekst
        assert "DEMO" in tekst and "`raad`" in tekst and "`beheer`" in tekst
        assert links(at) == []


def test_fout_wachtwoord_geeft_nederlandse_fout(app, demo):
    at = meld_aan(start(app), "raad", "verkeerd")
    assert [e.value for e in at.error] == ["Gebruikersnaam of wachtwoord is onjuist."]
    assert "GEHEIM" not in teksten(at)
    log = audit.lees(demo)
    assert list(log["actie"]) == ["login_fout"] and log["client"].iloc[0] == "lokaal"


def test_raad_ziet_navigatie_zonder_beheer(app, demo):
    at = meld_aan(start(app), "raad", "demo")
    assert not at.exception
    assert "GEHEIM Overzicht" in teksten(at)
    assert links(at) == [
        "Overzicht",
        "Trends",
        "Doelgroepen",
        "Pact & prognose",
        "Wat als?",
        "Vergelijking",
        "Data & methode",
        "Uitleg & begrippen",
    ]
    assert "Afmelden" in [b.label for b in at.sidebar.button]
    assert list(audit.lees(demo)["actie"]) == ["login_ok"]

    at.switch_page("pages/1_Trends.py")
    at.run()
    assert "GEHEIM Trends" in teksten(at)


def test_beheerpagina_stopt_voor_raad(app, demo):
    at = meld_aan(start(app), "raad", "demo")
    at.switch_page("pages/7_Beheer.py")
    at.run()
    assert not at.exception
    tekst = teksten(at)
    assert "GEHEIM" not in tekst
    [fout] = [e.value for e in at.error]
    assert "geen toegang" in fout and "redacteurs" in fout
    assert "Beheer" not in links(at)


def test_beheer_ziet_beheer(app, demo):
    at = meld_aan(start(app, "pages/7_Beheer.py"), "beheer", "demo")
    assert not at.exception
    assert "GEHEIM Beheer" in teksten(at)
    assert links(at)[-1] == "Beheer"


def test_afmelden(app, demo):
    at = meld_aan(start(app), "analist", "demo")
    [knop] = [b for b in at.sidebar.button if b.label == "Afmelden"]
    knop.click()
    at.run()
    assert not at.exception
    assert "U bent afgemeld." in [e.value for e in at.info]
    assert "GEHEIM" not in teksten(at)
    assert [e.label for e in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
    assert list(audit.lees(demo)["actie"]) == ["afmelden", "login_ok"]


def test_verwijderde_gebruiker_verliest_sessie(app, engine, monkeypatch):
    monkeypatch.setenv("LEEFLOONMONITOR_COOKIE_KEY", STERKE_SLEUTEL)
    gebruikers.voeg_toe(engine, "schepen", "Schepen", "Correct-Paard-9", ["viewer"])
    at = meld_aan(start(app), "schepen", "Correct-Paard-9")
    assert "GEHEIM Overzicht" in teksten(at)
    monkeypatch.setattr(auth, "HERCONTROLE_SECONDEN", 0)
    gebruikers.verwijder(engine, "schepen")
    at.run()
    assert "GEHEIM" not in teksten(at)
    assert "Uw sessie is beëindigd. Meld u opnieuw aan." in [e.value for e in at.info]


def test_productie_zonder_cookiesleutel_start_niet(app, engine):
    gebruikers.voeg_toe(engine, "schepen", "Schepen", "Correct-Paard-9", ["viewer"])
    at = start(app)
    assert not at.exception
    [fout] = [e.value for e in at.error]
    assert "start niet" in fout and "cookiesleutel" in fout
    assert len(at.text_input) == 0 and "GEHEIM" not in teksten(at)


def test_productie_met_standaardsleutel_start_niet(app, engine, monkeypatch):
    monkeypatch.setenv("LEEFLOONMONITOR_COOKIE_KEY", "some_key")
    at = start(app)
    [fout] = [e.value for e in at.error]
    assert "standaard" in fout and len(at.text_input) == 0


def test_productie_zonder_demo_accounts(app, engine, monkeypatch):
    monkeypatch.setenv("LEEFLOONMONITOR_COOKIE_KEY", STERKE_SLEUTEL)
    gebruikers.voeg_toe(engine, "schepen", "Schepen", "Correct-Paard-9", ["viewer"])
    at = start(app)
    assert "DEMO" not in teksten(at)
    at = meld_aan(at, "raad", "demo")
    assert [e.value for e in at.error] == ["Gebruikersnaam of wachtwoord is onjuist."]
    at = meld_aan(at, "schepen", "Correct-Paard-9")
    assert "GEHEIM Overzicht" in teksten(at) and "DEMO" not in teksten(at)


def test_limiet_in_het_aanmeldscherm(app, demo):
    at = start(app)
    for _ in range(5):
        at = meld_aan(at, "analist", "verkeerd")
    at = meld_aan(at, "analist", "demo")  # the right password, but blocked
    [fout] = [e.value for e in at.error]
    assert "Te veel mislukte aanmeldpogingen" in fout
    assert "GEHEIM" not in teksten(at)
    assert audit.lees(demo, 1)["actie"].iloc[0] == "login_geblokkeerd"
    # another account from the same client is not affected
    at = meld_aan(at, "raad", "demo")
    assert "GEHEIM Overzicht" in teksten(at)


def test_herhaalde_runs_zijn_goedkoop(app, demo):
    import time

    at = meld_aan(start(app), "raad", "demo")
    begin = time.perf_counter()
    for _ in range(10):
        at.run()
    per_run = (time.perf_counter() - begin) / 10
    assert "GEHEIM Overzicht" in teksten(at)
    assert per_run < 0.5, f"guard rerun took {per_run:.3f} s"


def test_aanmelding_uit_cookie_staat_in_het_auditlog(app, engine, monkeypatch):
    """A fresh page load with a valid login cookie logs in without the form: that is a login
    too, so it is in the audit log (once per session, with the client's address)."""
    from types import SimpleNamespace

    import streamlit

    from data_access.toegang import COOKIE_NAAM, maak_cookie_token

    monkeypatch.setenv("LEEFLOONMONITOR_COOKIE_KEY", STERKE_SLEUTEL)
    gebruikers.voeg_toe(engine, "schepen", "Schepen", "Correct-Paard-9", ["viewer"])
    token, _ = maak_cookie_token("schepen", STERKE_SLEUTEL)
    nep = SimpleNamespace(cookies={COOKIE_NAAM: token}, headers={}, ip_address=None, url=None)
    monkeypatch.setattr(streamlit, "context", nep)
    at = start(app)
    assert not at.exception
    assert "GEHEIM Overzicht" in teksten(at)
    at.run()
    log = audit.lees(engine, actie=["login_cookie", "login_ok"])
    assert list(log["actie"]) == ["login_cookie"]
    rij = log.iloc[0]
    assert rij["gebruiker"] == "schepen" and rij["client"] == "lokaal"
    assert "hersteld uit de cookie" in rij["details"]


def test_ongeldige_proxylijst_start_niet(app, demo, monkeypatch):
    monkeypatch.setenv("LEEFLOONMONITOR_VERTROUWDE_PROXIES", "proxy.gemeente.be")
    at = start(app)
    assert not at.exception
    [fout] = [e.value for e in at.error]
    assert "start niet" in fout and "LEEFLOONMONITOR_VERTROUWDE_PROXIES" in fout
    assert len(at.text_input) == 0 and "GEHEIM" not in teksten(at)


FOUTPAGINA = """
import streamlit as st
from ui.guard import bewaak

gebruiker = bewaak(titel="Stuk")


def laad():
    return {"aantal": 3}


def bouw(data):
    raise RuntimeError("bouwstap kapot")


def toon(scherm):
    st.write(scherm)


st.write("VOOR DE FOUT")
toon(bouw(laad()))
"""


def test_onverwachte_fout_geeft_nederlands_excuus_met_referentie(app, demo, caplog):
    """A page whose build step raises: no Streamlit exception box, but a Dutch apology with a
    reference of 8 hex characters; the server log has the traceback under that reference."""
    (app / "pages" / "8_Stuk.py").write_text(FOUTPAGINA, encoding="utf-8")
    at = meld_aan(start(app), "raad", "demo")
    with caplog.at_level(logging.ERROR, logger="ui.onverwacht"):
        at.switch_page("pages/8_Stuk.py")
        at.run()
    assert not at.exception, at.exception
    assert "VOOR DE FOUT" in teksten(at)  # what was drawn before the error stays
    [excuus] = [str(e.value) for e in at.error]
    assert excuus.startswith("Sorry, er ging iets mis bij het tonen van deze pagina.")
    [ref] = re.findall(r"referentie \*\*([0-9a-f]{8})\*\*", excuus)
    [regel] = [r for r in caplog.records if r.name == "ui.onverwacht"]
    assert regel.levelno == logging.ERROR and ref in regel.getMessage()
    spoor = "".join(traceback.format_exception(*regel.exc_info))
    assert "bouwstap kapot" in spoor and "in bouw" in spoor  # the traceback, down to bouw
    assert "bouwstap kapot" not in excuus  # details only in the log


# --------------------------------------------------------------------------------------------
# session lifetime (LEEFLOONMONITOR_SESSIE_MINUTEN) and the single sign-on buttons
# --------------------------------------------------------------------------------------------


def test_sessie_verloopt_na_de_ingestelde_duur(app, demo, monkeypatch):
    import time

    monkeypatch.setenv("LEEFLOONMONITOR_SESSIE_MINUTEN", "0.02")  # 1.2 s
    at = meld_aan(start(app), "raad", "demo")
    assert "GEHEIM Overzicht" in teksten(at)
    time.sleep(1.5)
    at.run()
    assert not at.exception
    assert "GEHEIM" not in teksten(at)
    assert "Uw sessie is verlopen. Meld u opnieuw aan." in [e.value for e in at.info]
    assert [e.label for e in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]


def test_ongeldige_sessieduur_start_niet(app, demo, monkeypatch):
    monkeypatch.setenv("LEEFLOONMONITOR_SESSIE_MINUTEN", "twaalf uur")
    at = start(app)
    assert not at.exception
    [fout] = [e.value for e in at.error]
    assert "start niet" in fout and "LEEFLOONMONITOR_SESSIE_MINUTEN" in fout
    assert len(at.text_input) == 0 and "GEHEIM" not in teksten(at)


def test_aanmeldscherm_toont_sso_naast_het_wachtwoord(app, demo):
    at = AppTest.from_file(str(app / "app.py"), default_timeout=30)
    at.secrets["auth"] = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "x" * 40,
        "entra": {"client_id": "a", "client_secret": "b", "server_metadata_url": "http://x"},
        "acmidm": {"client_id": "c", "client_secret": "d", "server_metadata_url": "http://y"},
    }
    at.secrets["sso"] = {"entra": {"label": "Aanmelden met het gemeenteaccount"}}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == [
        "Aanmelden",
        "Aanmelden met het gemeenteaccount",
        "Aanmelden via de Vlaamse overheid (ACM/IDM)",
    ]
    assert [e.label for e in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]


@pytest.mark.parametrize(
    "auth_extra, sso, woord",
    [
        ({"cookie_secret": "x" * 40}, {}, "redirect_uri"),
        (
            {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 40},
            {"acmidm": {"organisaties": {"OVO1": "99999"}}},
            "'99999'",
        ),
    ],
)
def test_onvolledige_sso_instelling_start_niet(app, demo, auth_extra, sso, woord):
    at = AppTest.from_file(str(app / "app.py"), default_timeout=30)
    at.secrets["auth"] = {
        **auth_extra,
        "acmidm": {"client_id": "c", "client_secret": "d", "server_metadata_url": "http://y"},
    }
    at.secrets["sso"] = sso
    at.run()
    assert not at.exception
    [fout] = [e.value for e in at.error]
    assert "start niet" in fout and woord in fout
    assert len(at.text_input) == 0 and "GEHEIM" not in teksten(at)
