"""The access guard: the first call of every page script.

```python
from ui.guard import bewaak

gebruiker = bewaak(rol_nodig=None, titel="Trends")        # any logged-in user
gebruiker = bewaak(rol_nodig="editor", titel="Beheer")    # editors (and admins)
```

`bewaak` sets the page config, restores the login from the cookie or shows the login form,
stops the page (`st.stop()`) for a visitor who is not logged in or lacks the role, draws the
role's navigation in the sidebar and returns the `Gebruiker`. Nothing after the call runs for a
visitor who may not see the page.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Literal

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import gebruikers
from data_access.toegang import Gebruiker, heeft_toegang
from ui import auth, cache, navigatie, onverwacht, serverwacht, venster, weergave

# Before any page caches or offers a download: only admins may clear the caches, and download
# files are bound to the browser that made them (ui/serverwacht.py).
serverwacht.installeer()
# No page shows Streamlit's exception box: an unforeseen error gets a Dutch apology with a
# reference, its traceback goes to the server log under that reference (ui/onverwacht.py).
onverwacht.installeer()

DEMO_HERCONTROLE_SECONDEN = 30

log = logging.getLogger(__name__)

_slot = threading.Lock()
_demo_cache: dict[str, tuple[float, bool]] = {}


def is_demo(eng: Engine) -> bool:
    """Demo mode, re-checked every half minute (a real import or a real user ends it; those
    writes also remove the demo accounts, so a page view only reads). While the database is down
    the last known answer holds (retried every run), so the page can show its last data."""
    url = eng.url.render_as_string(hide_password=False)
    nu = time.monotonic()
    bekend = _demo_cache.get(url)
    if bekend is not None and nu - bekend[0] < DEMO_HERCONTROLE_SECONDEN:
        return bekend[1]
    try:
        demo = gebruikers.demo_modus(eng)
    except SQLAlchemyError as fout:
        if bekend is None:
            raise
        log.warning(
            "Demomodus niet opnieuw gecontroleerd: databank niet bereikbaar (%s)",
            auth.foutsoort(fout),
        )
        return bekend[1]
    _demo_cache[url] = (nu, demo)
    return demo


def vergeet_caches() -> None:
    """Forget the per-process state (tests; after a database switch)."""
    with _slot:
        _demo_cache.clear()


_MEERVOUD = {
    "viewer": "raadsleden",
    "analyst": "analisten",
    "editor": "redacteurs",
    "admin": "beheerders",
}


def _rollen_tekst(rol_nodig: str | Iterable[str]) -> str:
    rollen = [rol_nodig] if isinstance(rol_nodig, str) else list(rol_nodig)
    if "editor" in rollen:
        rollen.append("admin")  # an admin counts as editor
    return " en ".join(dict.fromkeys(_MEERVOUD.get(r, r) for r in rollen))


_LINK = "lfm_link_voor_aanmelding"
# A link opened by a visitor whose login cookie is still valid: the session starts logged in,
# and the widgets do not take their values from the link by themselves (their binding only
# keeps the URL up to date), so the link is handed to them as after a login.
_EERSTE_RUN = "lfm_eerste_run"


def _bewaar_link() -> None:
    """Keep the view of a shared link while its visitor logs in (the login rerun drops it)."""
    if st.query_params and _LINK not in st.session_state:
        st.session_state[_LINK] = {k: st.query_params.get_all(k) for k in st.query_params}


LINK_NA_AANMELDING = "lfm_link_na_aanmelding"


def _herstel_link() -> None:
    """After login, hand the shared link's values to the widgets (ui.instellingen.uit_link):
    the login rerun has emptied the URL, so binding alone would show the defaults."""
    link = st.session_state.pop(_LINK, None)
    if link:
        st.session_state[LINK_NA_AANMELDING] = link


# Streamlit's index.html declares lang="en" and offers no setting for it: screen readers would
# read the Dutch pages with English pronunciation (WCAG 2.1, 3.1.1, level A). A constant script
# (no data in it) sets the document language on every page, also on the login form; its
# container is hidden, so it takes no room in the layout.
_TAAL = "nl"
_TAAL_SCRIPT = f'<script>document.documentElement.lang = "{_TAAL}";</script>'
_TAAL_CSS = "<style>.st-key-lfm_taal { display: none; }</style>"


def zet_taal() -> None:
    """Declare the page Dutch (`<html lang="nl">`)."""
    st.html(_TAAL_CSS)
    with st.container(key="lfm_taal"):
        st.html(_TAAL_SCRIPT, unsafe_allow_javascript=True)


def bewaak(
    rol_nodig: str | Iterable[str] | None = None,
    titel: str = "Overzicht",
    *,
    initial_sidebar_state: Literal["auto", "expanded", "collapsed"] = "auto",
) -> Gebruiker:
    """Guard a page: return the logged-in user who may see it, or stop the script.

    `rol_nodig`: None (any logged-in user), a role (`"analyst"`, `"editor"`, `"admin"`; an
    admin also counts as editor) or several roles (any one suffices).
    """
    st.set_page_config(
        page_title=f"{titel} · Leefloonmonitor",
        layout="wide",
        initial_sidebar_state=initial_sidebar_state,
    )
    zet_taal()
    weergave.stijl()
    try:
        eng = cache.engine()
        demo = is_demo(eng)
        sleutel, reden = auth.cookie_sleutel(demo)
        reden = (
            reden
            or auth.controleer_proxy_instelling()
            or auth.controleer_sessie_instelling()
            or auth.controleer_sso_instelling()
        )
        if reden:
            st.error(reden)
            st.stop()
        gebruiker = auth.huidige_gebruiker(eng, sleutel)
        auth.wis_cookie_indien_gevraagd(eng, sleutel)
        if gebruiker is None or _EERSTE_RUN not in st.session_state:
            _bewaar_link()
        if gebruiker is None:
            auth.toon_aanmelding(eng, demo)
            st.stop()
        st.session_state[_EERSTE_RUN] = False
        _herstel_link()
        navigatie.teken_navigatie(gebruiker, eng, demo=demo)
        venster.meet()
        with st.sidebar:
            auth.zet_cookie_indien_gevraagd(eng, sleutel)
    except SQLAlchemyError:
        st.error(
            "De database van de Leefloonmonitor is op dit moment niet bereikbaar. "
            "Probeer het over enkele ogenblikken opnieuw; blijft het probleem, verwittig dan "
            "de beheerder."
        )
        st.stop()
    if not heeft_toegang(gebruiker, rol_nodig):
        st.title(titel)
        st.error(
            f"U hebt geen toegang tot deze pagina: ze is voorbehouden aan "
            f"{_rollen_tekst(rol_nodig)}. Kies een andere pagina in het menu links."
        )
        st.stop()
    return gebruiker
