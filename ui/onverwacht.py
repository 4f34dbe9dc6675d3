"""Unforeseen errors: a Dutch apology with a reference number, never Streamlit's exception box.

Streamlit shows an exception that escapes a page script, a widget callback or a fragment with
one function, `streamlit.error_util.show_uncaught_app_exception`: an English box ("Ask Google",
"Ask ChatGPT", or the traceback itself). `installeer()` replaces that function once per process
(`ui.guard` calls it on import, so every page has it before its first line runs). The page then
shows `EXCUUS` with a reference of 8 hex characters, and the server log gets one ERROR line
"Onverwachte fout <referentie>" with the traceback: the reference the user reads out finds it.

What a page can foresee (a database that is down, bad input, an index on 0) it says itself in
Dutch; this is the net under everything else. Written against Streamlit 1.67 (pinned in
pyproject.toml); tests/test_guard_apptest.py fails when an upgrade moves the function.
"""

from __future__ import annotations

import logging
import secrets
import threading

from streamlit import error_util
from streamlit.delta_generator_singletons import get_dg_singleton_instance

EXCUUS = (
    "Sorry, er ging iets mis bij het tonen van deze pagina. De fout is bewaard onder "
    "referentie **{referentie}**; vermeld die als u de beheerder verwittigt. Probeer het "
    "opnieuw of kies een andere pagina in het menu."
)

log = logging.getLogger(__name__)

_slot = threading.Lock()
_geinstalleerd = False


def referentie() -> str:
    """A fresh reference: 8 hex characters, enough to find one line in a day's log."""
    return secrets.token_hex(4)


def toon_excuus(fout: BaseException) -> str:
    """Log `fout` with its traceback under a new reference and show the Dutch apology on the
    page; the reference. Used instead of Streamlit's exception box."""
    ref = referentie()
    log.error("Onverwachte fout %s: %s", ref, type(fout).__name__, exc_info=fout)
    try:
        get_dg_singleton_instance().main_dg.error(
            EXCUUS.format(referentie=ref), icon=":material/error:"
        )
    except Exception:  # showing the apology must not hide the original failure
        log.exception("Onverwachte fout %s: excuus niet getoond", ref)
    return ref


def installeer() -> None:
    """Replace Streamlit's exception box by `toon_excuus` (idempotent, thread-safe)."""
    global _geinstalleerd
    if _geinstalleerd:
        return
    with _slot:
        if not _geinstalleerd:
            error_util.show_uncaught_app_exception = toon_excuus
            _geinstalleerd = True
