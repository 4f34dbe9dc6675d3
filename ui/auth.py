"""Login, cookie and logout for the Streamlit side (used by `ui.guard.bewaak`).

How it fits together (see docs/toegang.md):

- The login form is ours (Dutch labels), because our limiter must refuse a blocked user *before*
  the password is checked; `data_access.gebruikers.aanmelden` does limiter + bcrypt + audit.
- streamlit-authenticator 0.4.2 provides the re-authentication cookie (its JWT format and its
  CookieManager component) and the logout (`logout(location="unrendered")`). `Authenticate` is
  built at most once per run and only in the two runs that need the component: right after a
  login (to write the cookie) and at logout (to delete it). Its own `login()` is never called:
  that would sleep 0.7 s per run, render an English form and bypass our limiter.
- A fresh page load reads the signed cookie straight from `st.context.cookies` and verifies it
  here (no component round trip). A logout is recorded in the audit log and revokes every
  cookie and session of that user issued before it, even a copied cookie.
- The authenticated user lives in `st.session_state`, so a rerun costs a dictionary lookup; it is
  re-checked against the database once a minute (removed, deactivated, logged out elsewhere,
  demo ended). Only an answer of a working database ends the session: while the database is
  down the user stays logged in (the re-check is retried every run), so the page can show its
  last data with their date (ui/storing.py).
- Single sign-on (optional, docs/beheer-installatie.md): Streamlit's own st.login (OIDC, Authlib;
  never streamlit-authenticator's OAuth). Once per session the provider's claims (st.user) are
  matched to a user of our table (`gebruikers.aanmelden_sso`: roles and municipalities are ours,
  audited, no limiter); a logout also calls st.logout. Every session, password or SSO, lasts
  `sessieduur()` (LEEFLOONMONITOR_SESSIE_MINUTEN, default 12 h).
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import UTC, datetime, timedelta

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit, gebruikers
from data_access.gebruikers import SsoInstelling
from data_access.referentie import bekende_nis
from data_access.toegang import (
    COOKIE_NAAM,
    STANDAARD_PROXIES,
    Gebruiker,
    client_adres,
    controleer_cookie_sleutel,
    lees_cookie_token,
    maak_cookie_token,
    sessie_minuten,
)

OMGEVING_SLEUTEL = "LEEFLOONMONITOR_COOKIE_KEY"
#: Name of a header set by a trusted reverse proxy with the client's address (e.g. X-Real-IP or
#: X-Forwarded-For). Unset: the TCP peer address.
OMGEVING_PROXY_HEADER = "LEEFLOONMONITOR_PROXY_HEADER"
#: The proxies whose header is believed (addresses or networks); default the local host.
OMGEVING_PROXIES = "LEEFLOONMONITOR_VERTROUWDE_PROXIES"
HERCONTROLE_SECONDEN = 60
#: How long a login lasts, in minutes (password cookie and single sign-on alike); also
#: `[auth] sessie_minuten` in secrets.toml. Default: toegang.STANDAARD_SESSIE_MINUTEN (12 h).
OMGEVING_SESSIE = "LEEFLOONMONITOR_SESSIE_MINUTEN"
VERLOPEN = "Uw sessie is verlopen. Meld u opnieuw aan."

log = logging.getLogger(__name__)

# our session-state keys
GEBRUIKER = "lfm_gebruiker"
SINDS = "lfm_sinds"
GECONTROLEERD = "lfm_gecontroleerd"
COOKIE_ZETTEN = "lfm_cookie_zetten"
COOKIE_WISSEN = "lfm_cookie_wissen"
COOKIE_BEKEKEN = "lfm_cookie_bekeken"
MELDING = "lfm_melding"
SSO = "lfm_sso"  # the provider of a single sign-on session
SSO_BEKEKEN = "lfm_sso_bekeken"
# streamlit-authenticator's session-state contract (its logout() and cookie code read these)
_LIB_SLEUTELS = ("name", "username", "authentication_status", "email", "roles")

#: Demo mode without a configured key: a random key for this process only (logins then last as
#: long as the server process; fine for a demo).
_PROCES_SLEUTEL = secrets.token_urlsafe(48)


# --------------------------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------------------------


def _secrets_sectie(naam: str):
    """A section of .streamlit/secrets.toml, or None (no file, or one that does not parse)."""
    try:
        return st.secrets.get(naam)
    except Exception:
        return None


def geconfigureerde_sleutel() -> str | None:
    """The cookie key from LEEFLOONMONITOR_COOKIE_KEY, else `[auth] cookie_key` in
    .streamlit/secrets.toml, else None."""
    waarde = os.environ.get(OMGEVING_SLEUTEL)
    if waarde:
        return waarde
    sectie = _secrets_sectie("auth")
    waarde = sectie.get("cookie_key") if sectie else None
    return str(waarde) if waarde else None


def _sessie_instelling() -> object:
    waarde = os.environ.get(OMGEVING_SESSIE)
    if waarde:
        return waarde
    sectie = _secrets_sectie("auth")
    return sectie.get("sessie_minuten") if sectie else None


def controleer_sessie_instelling() -> str | None:
    """None when the session lifetime is usable, else the Dutch reason (shown instead of the
    app, like a bad cookie key)."""
    try:
        sessie_minuten(_sessie_instelling())
    except ValueError as fout:
        return f"De Leefloonmonitor start niet: {fout}"
    return None


def sessieduur() -> timedelta:
    """How long a login lasts (the guard refuses to start on an invalid setting)."""
    try:
        return timedelta(minutes=sessie_minuten(_sessie_instelling()))
    except ValueError:
        return timedelta(minutes=sessie_minuten(None))


def _geldigheid_dagen() -> float:
    return sessieduur() / timedelta(days=1)


def _verlopen(sinds: datetime) -> bool:
    return datetime.now(UTC) - sinds > sessieduur()


#: Labels and claims for the providers this product knows; any other `[auth.<naam>]` works too.
_SSO_STANDAARD = {
    "entra": {"label": "Aanmelden met Microsoft (Entra ID)", "email_claim": "email"},
    "acmidm": {
        "label": "Aanmelden via de Vlaamse overheid (ACM/IDM)",
        "email_claim": "",
        "organisatie_claim": "vo_orgcode",
    },
}


def sso_instellingen() -> list[SsoInstelling]:
    """The single sign-on providers: every `[auth.<naam>]` section with a client_id in
    secrets.toml (Streamlit's own st.login configuration), with our settings from
    `[sso.<naam>]` (label, email_claim, organisatie_claim, [sso.<naam>.organisaties])."""
    auth_sectie = _secrets_sectie("auth")
    if not auth_sectie:
        return []
    eigen = _secrets_sectie("sso") or {}
    uit: list[SsoInstelling] = []
    for naam, sectie in auth_sectie.items():
        if not hasattr(sectie, "get") or not sectie.get("client_id"):
            continue
        opties = {**_SSO_STANDAARD.get(naam, {}), **dict(eigen.get(naam) or {})}
        organisaties = dict(opties.get("organisaties") or {})
        uit.append(
            SsoInstelling(
                provider=naam,
                label=str(opties.get("label") or f"Aanmelden via {naam}"),
                email_claim=str(opties.get("email_claim", "email") or ""),
                organisatie_claim=str(opties.get("organisatie_claim") or ""),
                organisaties=tuple((str(k), str(v)) for k, v in organisaties.items()),
            )
        )
    return uit


def controleer_sso_instelling() -> str | None:
    """None when single sign-on is off or usable, else the Dutch reason (shown instead of the
    app): a provider without Streamlit's redirect_uri or cookie_secret would fail at the first
    click, and an organisation mapped to an unknown NIS code would refuse everyone of it."""
    instellingen = sso_instellingen()
    if not instellingen:
        return None
    sectie = _secrets_sectie("auth") or {}
    ontbreekt = [k for k in ("redirect_uri", "cookie_secret") if not sectie.get(k)]
    if ontbreekt:
        return (
            "De Leefloonmonitor start niet: single sign-on is ingesteld maar [auth] mist "
            + " en ".join(ontbreekt)
            + " in .streamlit/secrets.toml (zie docs/beheer-installatie.md)."
        )
    bekend = bekende_nis()
    for instelling in instellingen:
        for code, nis in instelling.organisaties:
            if nis not in bekend:
                return (
                    f"De Leefloonmonitor start niet: [sso.{instelling.provider}.organisaties] "
                    f"koppelt {code!r} aan {nis!r}, geen NIS-code van een Vlaamse gemeente."
                )
    return None


def cookie_sleutel(demo: bool) -> tuple[str | None, str | None]:
    """(key, None) when usable, else (None, Dutch reason). Demo mode without a configured key
    gets the random per-process key."""
    geconfigureerd = geconfigureerde_sleutel()
    reden = controleer_cookie_sleutel(geconfigureerd, demo)
    if reden:
        return None, reden
    return geconfigureerd or _PROCES_SLEUTEL, None


def vertrouwde_proxies() -> list[str]:
    """LEEFLOONMONITOR_VERTROUWDE_PROXIES (addresses or networks, comma-separated), else the
    local host only."""
    waarde = os.environ.get(OMGEVING_PROXIES, "").strip()
    return [p for p in waarde.split(",") if p.strip()] if waarde else list(STANDAARD_PROXIES)


def controleer_proxy_instelling() -> str | None:
    """None when the proxy settings are usable, else the Dutch reason (shown instead of the
    app, like a bad cookie key)."""
    try:
        client_adres(None, None, vertrouwde_proxies())
    except ValueError as fout:
        return f"De Leefloonmonitor start niet: {fout}"
    return None


def client_id() -> str:
    """The client's address for the limiter and the audit log ("lokaal" on localhost).

    The forwarding header (LEEFLOONMONITOR_PROXY_HEADER) counts only on a connection from a
    trusted proxy (LEEFLOONMONITOR_VERTROUWDE_PROXIES, default the local host), read from the
    right (`toegang.client_adres`): a client that reaches the app directly cannot choose its
    address."""
    try:
        ip = st.context.ip_address  # None on localhost (Streamlit hides 127.0.0.1 and ::1)
    except Exception:
        ip = None
    if not isinstance(ip, str) or not ip:  # AppTest hands out a MagicMock here
        ip = None
    waarde = None
    header = os.environ.get(OMGEVING_PROXY_HEADER, "").strip()
    if header:
        try:
            waarden = list(st.context.headers.get_all(header))
        except Exception:
            waarden = []
        waarde = ",".join(w for w in waarden if isinstance(w, str) and w.strip()) or None
    try:
        adres = client_adres(ip, waarde, vertrouwde_proxies())
    except ValueError:
        adres = ip  # a bad list of proxies: believe no header (the guard says why)
    return (adres or "lokaal")[:80]


def _is_https() -> bool:
    try:
        return str(st.context.url or "").startswith("https://")
    except Exception:
        return False


# --------------------------------------------------------------------------------------------
# session
# --------------------------------------------------------------------------------------------


def _zet_sessie(gebruiker: Gebruiker, sinds: datetime) -> None:
    ss = st.session_state
    ss[GEBRUIKER] = gebruiker
    ss[SINDS] = sinds
    ss[GECONTROLEERD] = time.monotonic()
    ss["name"] = gebruiker.naam
    ss["username"] = gebruiker.gebruikersnaam
    ss["authentication_status"] = True
    ss["email"] = None
    ss["roles"] = sorted(gebruiker.rollen)
    ss["logout"] = None


def _wis_sessie(melding: str | None = None, *, bibliotheek: bool = True) -> None:
    ss = st.session_state
    for sleutel in (GEBRUIKER, SINDS, GECONTROLEERD, COOKIE_ZETTEN, SSO):
        ss.pop(sleutel, None)
    if bibliotheek:
        for sleutel in _LIB_SLEUTELS:
            ss[sleutel] = None
    ss["logout"] = True  # st.context.cookies still holds the old cookie in this session
    if melding:
        ss[MELDING] = melding


def foutsoort(fout: BaseException) -> str:
    """A database error for the server log: only its class, as its message may carry the query's
    parameters (a user name)."""
    return type(getattr(fout, "orig", None) or fout).__name__


def huidige_gebruiker(engine: Engine, sleutel: str) -> Gebruiker | None:
    """The logged-in user of this session, restored from the cookie on a fresh page load; None
    when nobody is logged in. Re-checks the database once a minute."""
    ss = st.session_state
    gebruiker = ss.get(GEBRUIKER)
    if gebruiker is not None:
        if _verlopen(ss[SINDS]):
            ss[COOKIE_WISSEN] = not ss.get(SSO)  # SSO sessions have no cookie of ours
            _wis_sessie(VERLOPEN)
            return None
        if time.monotonic() - ss.get(GECONTROLEERD, 0.0) < HERCONTROLE_SECONDEN:
            return gebruiker
        try:
            vers = gebruikers.haal(engine, gebruiker.gebruikersnaam)
            if vers is not None and ss.get(SSO):
                vers = _zelfde_gemeente(vers, gebruiker)
            weg = (
                vers is None
                or not vers.rollen
                or audit.afgemeld_sinds(engine, gebruiker.gebruikersnaam, ss[SINDS])
            )
        except SQLAlchemyError as fout:
            # No answer is not a "no": keep the session. GECONTROLEERD stays old, so the next
            # run asks again.
            log.warning(
                "Aanmelding niet opnieuw gecontroleerd: databank niet bereikbaar (%s)",
                foutsoort(fout),
            )
            return gebruiker
        if weg:
            _wis_sessie("Uw sessie is beëindigd. Meld u opnieuw aan.")
            ss[COOKIE_WISSEN] = True
            return None
        ss[GEBRUIKER] = vers
        ss[GECONTROLEERD] = time.monotonic()
        return vers
    if ss.get("logout"):
        return None
    sso = _sso_gebruiker(engine)
    if sso is not None:
        return sso
    # st.context.cookies is fixed for the life of the session: one attempt per session suffices
    if ss.get(COOKIE_BEKEKEN):
        return None
    ss[COOKIE_BEKEKEN] = True
    try:
        token = st.context.cookies.get(COOKIE_NAAM)
    except Exception:
        token = None
    if not token:
        return None
    gelezen = lees_cookie_token(str(token), sleutel, _geldigheid_dagen())
    if gelezen is None:
        return None
    naam, uitgegeven = gelezen
    gebruiker = gebruikers.haal(engine, naam)
    if gebruiker is None or audit.afgemeld_sinds(engine, naam, uitgegeven):
        return None
    _zet_sessie(gebruiker, uitgegeven)
    # A cookie is a credential too: who came back with it, when and from where is on record.
    audit.log(
        engine,
        gebruiker,
        audit.LOGIN_COOKIE,
        f"aanmelding hersteld uit de cookie van {uitgegeven:%Y-%m-%d %H:%M} UTC",
        client_id(),
    )
    return gebruiker


# --------------------------------------------------------------------------------------------
# single sign-on (Streamlit's st.login; the identity from the provider, access from our table)
# --------------------------------------------------------------------------------------------


def _zelfde_gemeente(vers: Gebruiker, oud: Gebruiker) -> Gebruiker:
    """Keep the municipality an SSO login chose through its organisation (ACM/IDM) when the
    user is re-read from the database."""
    if oud.hoofdgemeente and oud.hoofdgemeente not in vers.gemeenten and vers.gemeenten:
        return vers  # the organisation no longer fits: the next login decides
    gemeenten = vers.gemeenten or frozenset({oud.hoofdgemeente} - {None})
    return Gebruiker(vers.gebruikersnaam, vers.naam, vers.rollen, gemeenten, oud.hoofdgemeente)


def _sso_claims() -> dict | None:
    """The claims of the provider's ID token for this session (st.user), or None."""
    try:
        if not st.user.is_logged_in:
            return None
        claims = st.user.to_dict()
    except Exception:  # no auth configured, or AppTest
        return None
    return claims if isinstance(claims, dict) else None


def _sso_gebruiker(engine: Engine) -> Gebruiker | None:
    """A session logged in through st.login: once per session (st.user is fixed for it), the
    provider's identity is matched to a user of our table (gebruikers.aanmelden_sso). Refused,
    or older than the session lifetime: the login screen with the reason."""
    ss = st.session_state
    if ss.get(SSO_BEKEKEN):
        return None
    ss[SSO_BEKEKEN] = True
    claims = _sso_claims()
    if claims is None:
        return None
    instelling = {i.provider: i for i in sso_instellingen()}.get(str(claims.get("provider")))
    iat = claims.get("iat")
    if instelling is None or not isinstance(iat, int | float):
        ss[MELDING] = "Deze aanmelding wordt niet (meer) aanvaard. Meld u opnieuw aan."
        return None
    sinds = datetime.fromtimestamp(float(iat), UTC)
    if _verlopen(sinds):
        ss[MELDING] = VERLOPEN
        return None
    resultaat = gebruikers.aanmelden_sso(engine, instelling, claims, client_id(), sinds=sinds)
    if resultaat.gebruiker is None:
        log.info("Aanmelding via %s geweigerd (zie het auditlog)", instelling.provider)
        ss[MELDING] = resultaat.melding
        return None
    _zet_sessie(resultaat.gebruiker, sinds)
    ss[SSO] = instelling.provider
    return resultaat.gebruiker


def _sso_knoppen() -> None:
    instellingen = sso_instellingen()
    if not instellingen:
        return
    st.caption("Of meld u aan met het account van uw organisatie:")
    for instelling in instellingen:
        if st.button(
            instelling.label, key=f"lfm_sso_{instelling.provider}", icon=":material/login:"
        ):
            st.login(instelling.provider)
    st.caption(
        "Geweigerd of afgebroken bij de aanmeldprovider? Dan bent u niet aangemeld: probeer het "
        "opnieuw, of vraag de beheerder van de Leefloonmonitor om toegang."
    )


# --------------------------------------------------------------------------------------------
# streamlit-authenticator (only for the cookie component and the logout)
# --------------------------------------------------------------------------------------------


def maak_authenticator(engine: Engine, sleutel: str, credentials: dict | None = None):
    """One `Authenticate` for this run (never two: DuplicateWidgetID), with our hashes from the
    database, auto_hash off, our cookie name, key and short expiry, no registration/reset
    widgets and no api_key."""
    import streamlit_authenticator as stauth

    return stauth.Authenticate(
        credentials
        if credentials is not None
        else gebruikers.credentials_voor_authenticator(engine),
        cookie_name=COOKIE_NAAM,
        cookie_key=sleutel,
        cookie_expiry_days=_geldigheid_dagen(),
        auto_hash=False,
        login_sleep_time=0,
    )


def wis_cookie_indien_gevraagd(engine: Engine, sleutel: str) -> None:
    """After a logout: let the library log out and delete the cookie in the browser (the cookie
    is already revoked server-side by the audit row)."""
    ss = st.session_state
    if not ss.pop(COOKIE_WISSEN, False):
        return
    try:
        authenticator = maak_authenticator(engine, sleutel)
    except SQLAlchemyError as fout:
        # Database down during a logout: the cookie in this browser must go all the same (no
        # audit row revokes it), and deleting it needs no user list.
        log.warning("Cookie gewist zonder gebruikerslijst (%s)", foutsoort(fout))
        authenticator = maak_authenticator(engine, sleutel, credentials={"usernames": {}})
        ss["authentication_status"] = None
    # The component's cookie list is empty on its first render; without this the library prints
    # a KeyError while deleting.
    authenticator.cookie_controller.cookie_model.cookie_manager.cookies.setdefault(COOKIE_NAAM, "")
    if ss.get("authentication_status"):
        authenticator.logout(location="unrendered")
    else:
        authenticator.cookie_controller.delete_cookie()
    for sleutel_ in _LIB_SLEUTELS:
        ss[sleutel_] = None
    ss["logout"] = True


def zet_cookie_indien_gevraagd(engine: Engine, sleutel: str) -> None:
    """Right after a login: write the re-authentication cookie (SameSite=Strict, Secure over
    HTTPS, 0.5 day) through the library's cookie component."""
    ss = st.session_state
    if not ss.get(COOKIE_ZETTEN) or GEBRUIKER not in ss:
        ss.pop(COOKIE_ZETTEN, None)
        return
    # Draw the component until it confirms (its value under key "set"): a rerun triggered by
    # the cookie-reading component would otherwise drop it before the browser stored the cookie.
    if ss.get("set") is True or int(ss[COOKIE_ZETTEN]) > 10:
        ss.pop(COOKIE_ZETTEN, None)
        return
    ss[COOKIE_ZETTEN] = int(ss[COOKIE_ZETTEN]) + 1
    authenticator = maak_authenticator(engine, sleutel)
    token, verval = maak_cookie_token(ss[GEBRUIKER].gebruikersnaam, sleutel, _geldigheid_dagen())
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    manager.set(
        COOKIE_NAAM,
        token,
        key="set",
        expires_at=verval.astimezone().replace(tzinfo=None),
        secure=True if _is_https() else None,
        same_site="strict",
    )


def afmelden(engine: Engine) -> None:
    """Callback of the "Afmelden" button (runs before the next script run)."""
    ss = st.session_state
    gebruiker = ss.get(GEBRUIKER)
    via_sso = bool(ss.get(SSO))
    melding = "U bent afgemeld."
    if gebruiker is not None:
        try:
            audit.log(engine, gebruiker, audit.AFMELDEN, "", client_id())
        except SQLAlchemyError as fout:
            # This browser is logged out all the same (session and cookie); only the audit row,
            # which also revokes copies of the cookie, could not be written.
            log.warning("Afmelding niet gelogd: databank niet bereikbaar (%s)", foutsoort(fout))
            melding = (
                "U bent afgemeld op dit toestel. De databank was niet bereikbaar, dus de "
                "afmelding is niet vastgelegd: een gekopieerde aanmeldcookie blijft geldig tot "
                "ze verloopt."
            )
    _wis_sessie(melding, bibliotheek=False)
    ss[COOKIE_WISSEN] = True
    if via_sso:
        # also end Streamlit's identity cookie, and the provider's session where it offers an
        # end_session_endpoint (the browser is redirected there, then back to the app)
        st.logout()


# --------------------------------------------------------------------------------------------
# login screen
# --------------------------------------------------------------------------------------------


def _demo_banner() -> None:
    with st.container(border=True):
        st.markdown("## :orange-background[DEMO]")
        st.markdown(
            "Deze omgeving toont **fictieve demodata** voor Mechelen, Essen en Lier. "
            f"Meld u aan met een demo-account; het wachtwoord is telkens "
            f"`{gebruikers.DEMO_WACHTWOORD}`."
        )
        regels = ["| Gebruikersnaam | Rol |", "|---|---|"]
        for account in gebruikers.DEMO_ACCOUNTS:
            regels.append(f"| `{account.gebruikersnaam}` | {account.uitleg} |")
        st.markdown("\n".join(regels))


def _formulier(engine: Engine) -> None:
    ss = st.session_state
    melding = ss.pop(MELDING, None)
    if melding:
        st.info(melding)
    with st.form("lfm_aanmelden", enter_to_submit=True):
        st.subheader("Aanmelden")
        naam = st.text_input("Gebruikersnaam", max_chars=60, autocomplete="username")
        wachtwoord = st.text_input(
            "Wachtwoord", type="password", max_chars=200, autocomplete="current-password"
        )
        ingediend = st.form_submit_button("Aanmelden", type="primary")
    if ingediend:
        resultaat = gebruikers.aanmelden(engine, naam, wachtwoord, client_id())
        if resultaat.gebruiker is not None:
            _zet_sessie(resultaat.gebruiker, datetime.now(UTC))
            ss[COOKIE_ZETTEN] = True
            ss.pop("set", None)  # a confirmation of an earlier login in this session
            st.rerun()
        st.error(resultaat.melding)


def toon_aanmelding(engine: Engine, demo: bool) -> None:
    """The Dutch login form (beside the DEMO banner with the demo accounts in demo mode). On
    success the session is set and the script reruns; the caller stops the page otherwise."""
    _, midden, _ = st.columns([1, 5, 1] if demo else [1, 2, 1])
    with midden:
        st.title("Leefloonmonitor")
        st.caption("Activering van leefloongerechtigden naar werk: lokaal activeringspact")
        if not demo:
            _formulier(engine)
            _sso_knoppen()
            st.caption(
                "Geen account of wachtwoord vergeten? Vraag het aan de beheerder van de "
                "Leefloonmonitor in uw gemeente of OCMW."
            )
            return
        links, rechts = st.columns([2, 3], gap="medium")
        with rechts:
            _demo_banner()
        with links:
            _formulier(engine)
            _sso_knoppen()
