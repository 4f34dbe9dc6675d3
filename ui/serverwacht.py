"""Server-side guards on two of Streamlit's own entrances, installed from the app's code.

`ui.guard` imports this module and calls `installeer()`, so every page installs them in its
first run, before anything is cached or offered for download (caches and download files only
exist once a page script has run). Written against Streamlit 1.67 (pinned in pyproject.toml);
the tests in tests/browser/test_serverwacht.py drive a real server with a raw websocket client
and a plain HTTP client, so an upgrade that moves these entrances fails there.

1. **Clearing the caches.** Any websocket client, logged in or not, can send Streamlit's
   `clear_cache` BackMsg, which empties `st.cache_data` and `st.cache_resource` for every
   user of the process. The handler now only does that for a session with a logged-in admin;
   otherwise the request is ignored and logged. (Nothing in the app needs it: every cached
   read is keyed on the data version, and Beheer clears the data cache after each write.)

2. **Download files at /media.** Streamlit serves `st.download_button` files to anyone who
   asks for /media/<id>, with an id that is a hash of the content (an attacker who can list
   candidate tables can test them). Every download file now gets a random id and is bound to
   the browser of the session that made it (the token in its `_streamlit_xsrf` cookie, which
   the browser sends with the websocket and with the download). A request for it without that
   cookie gets 404, as does the old content-hash address. A file made on click (a callable as
   `data`) is also refused after `BEWAARTIJD_S`. With `server.enableXsrfProtection = false`
   there is no browser token, and every download is refused (fail closed).
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from ui import auth

log = logging.getLogger(__name__)

XSRF_COOKIE = "_streamlit_xsrf"
#: Seconds a file made on click stays downloadable (the browser fetches it at once).
BEWAARTIJD_S = 120.0

_slot = threading.Lock()
_geinstalleerd = False


def installeer() -> None:
    """Install both guards (idempotent, thread-safe)."""
    global _geinstalleerd
    if _geinstalleerd:
        return
    with _slot:
        if _geinstalleerd:
            return
        _bewaak_cache_wissen()
        _bewaak_downloads()
        _geinstalleerd = True


# --------------------------------------------------------------------------------------------
# 1. clear_cache only for an admin
# --------------------------------------------------------------------------------------------


def beheerder_van(sessie) -> str | None:
    """The user name of the logged-in admin of a Streamlit `AppSession`, else None. Reads our
    session-state key (ui.auth.GEBRUIKER); anything unexpected counts as "no admin"."""
    try:
        gebruiker = sessie._session_state[auth.GEBRUIKER]
    except Exception:
        return None
    if getattr(gebruiker, "is_admin", False) is not True:
        return None
    return str(getattr(gebruiker, "gebruikersnaam", "?"))


def _bewaak_cache_wissen() -> None:
    from streamlit.runtime.app_session import AppSession

    origineel = AppSession._handle_clear_cache_request
    if getattr(origineel, "_lfm_bewaakt", False):
        return

    def wis_cache_alleen_voor_beheerder(self) -> None:
        naam = beheerder_van(self)
        if naam is None:
            log.warning(
                "Verzoek om alle caches te wissen genegeerd: sessie %s heeft geen aangemelde "
                "beheerder.",
                getattr(self, "id", "?"),
            )
            return
        log.warning("Alle caches gewist op verzoek van beheerder %s.", naam)
        origineel(self)

    wis_cache_alleen_voor_beheerder._lfm_bewaakt = True
    AppSession._handle_clear_cache_request = wis_cache_alleen_voor_beheerder


# --------------------------------------------------------------------------------------------
# 2. download files bound to the browser that made them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Binding:
    token: bytes | None  # the browser's XSRF token; None: nobody may fetch the file
    verloopt: float | None  # time.monotonic() after which the file is refused; None: never


_gebonden: dict[str, _Binding] = {}
_gebonden_slot = threading.Lock()
#: Set around Streamlit's `execute_deferred` (a download made on click): the binding of the
#: session whose button it is, for the file stored in that same call.
_bij_klik: ContextVar[_Binding | None] = ContextVar("lfm_download_bij_klik", default=None)


def xsrf_token(cookiewaarde: str | None) -> bytes | None:
    """The random token inside a `_streamlit_xsrf` cookie (its mask changes per page load, the
    token does not), or None."""
    if not cookiewaarde:
        return None
    from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string

    token, _ = decode_xsrf_token_string(cookiewaarde)
    return token or None


def _token_van_sessie(session_id: str | None) -> bytes | None:
    """The XSRF token in the cookies the session's browser sent with its websocket."""
    if not session_id:
        return None
    try:
        from streamlit import runtime

        klant = runtime.get_instance().get_client(session_id)
        cookies = klant.client_context.cookies if klant is not None else {}
        return xsrf_token(cookies.get(XSRF_COOKIE))
    except Exception:  # no runtime (AppTest), a closed session: nobody may fetch it
        return None


def _binding_hier() -> _Binding:
    """The binding for a download file stored now: the clicked button's session (set around
    `execute_deferred`), else the session whose script is running in this thread."""
    bij_klik = _bij_klik.get()
    if bij_klik is not None:
        return bij_klik
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return _Binding(_token_van_sessie(ctx.session_id if ctx else None), None)


def _bewaak_downloads() -> None:
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.media_file_storage import MediaFileKind
    from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
    from streamlit.web.server.starlette.starlette_path_security_middleware import (
        PathSecurityMiddleware,
    )

    laad_origineel = MemoryMediaFileStorage.load_and_get_id
    wis_origineel = MemoryMediaFileStorage.delete_file
    klik_origineel = MediaFileManager.execute_deferred
    poort_origineel = PathSecurityMiddleware.__call__
    if getattr(laad_origineel, "_lfm_bewaakt", False):
        return

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        if kind != MediaFileKind.DOWNLOADABLE:
            return laad_origineel(self, path_or_data, mimetype, kind, filename)
        data = self._read_file(path_or_data) if isinstance(path_or_data, str) else path_or_data
        file_id = secrets.token_hex(16)  # 128 random bits, as long as the content hash
        binding = _binding_hier()
        with _gebonden_slot:
            _gebonden[file_id] = binding
        self._files_by_id[file_id] = MemoryFile(
            content=data, mimetype=mimetype, kind=kind, filename=filename
        )
        return file_id

    def delete_file(self, file_id: str) -> None:
        with _gebonden_slot:
            _gebonden.pop(file_id, None)
        wis_origineel(self, file_id)

    def execute_deferred(self, file_id: str) -> str:
        with self._lock:
            entry = self._deferred_callables.get(file_id)
        sessie = entry["session_id"] if entry else None
        binding = _Binding(_token_van_sessie(sessie), time.monotonic() + BEWAARTIJD_S)
        vorige = _bij_klik.set(binding)
        try:
            return klik_origineel(self, file_id)
        finally:
            _bij_klik.reset(vorige)

    async def poort(self, scope, receive, send) -> None:
        if scope.get("type") == "http" and _geweigerd(scope, self):
            from starlette.responses import PlainTextResponse

            await PlainTextResponse("Niet gevonden", status_code=404)(scope, receive, send)
            return
        await poort_origineel(self, scope, receive, send)

    for functie in (load_and_get_id, delete_file, execute_deferred, poort):
        functie._lfm_bewaakt = True
    MemoryMediaFileStorage.load_and_get_id = load_and_get_id
    MemoryMediaFileStorage.delete_file = delete_file
    MediaFileManager.execute_deferred = execute_deferred
    PathSecurityMiddleware.__call__ = poort


def _cookie(scope, naam: str) -> str | None:
    for sleutel, waarde in scope.get("headers") or ():
        if sleutel.lower() != b"cookie":
            continue
        try:
            koekjes = SimpleCookie(waarde.decode("latin-1"))
        except CookieError:
            continue
        if naam in koekjes:
            return koekjes[naam].value
    return None


def _geweigerd(scope, _middleware=None) -> bool:
    """Whether this HTTP request asks for a bound download file it may not have. The file id is
    the last path segment without its extension, as Streamlit's storage reads it; only ids of
    bound files are checked, everything else passes untouched."""
    naam = str(scope.get("path", "")).rsplit("/", 1)[-1]
    file_id = os.path.splitext(naam)[0]
    with _gebonden_slot:
        binding = _gebonden.get(file_id)
    if binding is None:
        return False
    if binding.verloopt is not None and time.monotonic() > binding.verloopt:
        log.warning("Download %s… geweigerd: verlopen.", file_id[:8])
        return True
    if binding.token is None:
        log.warning(
            "Download %s… geweigerd: de sessie had geen XSRF-cookie "
            "(server.enableXsrfProtection moet aan staan).",
            file_id[:8],
        )
        return True
    aangeboden = xsrf_token(_cookie(scope, XSRF_COOKIE))
    if aangeboden is None or not hmac.compare_digest(aangeboden, binding.token):
        log.warning(
            "Download %s… geweigerd: niet de browser van de sessie die hem maakte.", file_id[:8]
        )
        return True
    return False
