"""Every download writes an audit row: who, what, which municipality, exact or protected.

`gelogd(maak, ...)` turns a function that builds a file into the zero-argument callable that
`st.download_button(data=...)` takes. Streamlit runs it only when the button is clicked (in a
worker thread, without rerunning the page), so the file is built and logged per click, not per
page run. Who, from where and which view are read now, in the page run; the audit row is written
before the bytes are handed over, and a download whose audit row cannot be written fails.
The exports of Overzicht log their own row (ui/exporteer.py, action `export`).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from data_access import audit
from ui import auth, cache

DOWNLOAD = "download"


def _gemeente() -> str | None:
    """The municipality of the current view (the sidebar's `gemeente` widget), if any."""
    nis = st.session_state.get("gemeente")
    return str(nis) if nis else None


def details(soort: str, wat: str, bestand: str, nis: str | None, exact: bool, inhoud: bytes) -> str:
    """The audit line: `csv nis=11016 weergave=exact bestand=… wat=… bytes=…` (`raad`: the
    council's protected view)."""
    return (
        f"{soort} nis={nis or '-'} weergave={'exact' if exact else 'raad'} "
        f"bestand={bestand} wat={wat[:120]} bytes={len(inhoud)}"
    )


def gelogd(
    maak: Callable[[], bytes],
    *,
    soort: str,
    wat: str,
    bestand: str,
    exact: bool | None = None,
) -> Callable[[], bytes]:
    """The callable for `st.download_button(data=...)`: builds the file, logs, returns it.

    `exact`: whether the file may hold exact small cells; None derives it from the view: the
    logged-in user is an analyst of the municipality in the sidebar (the only case in which a
    page shows exact breakdowns)."""
    gebruiker = st.session_state.get(auth.GEBRUIKER)
    nis = _gemeente()
    if exact is None:
        exact = bool(gebruiker is not None and nis and gebruiker.ziet_detail(nis))
    engine, client = cache.engine(), auth.client_id()

    def maak_en_log() -> bytes:
        inhoud = maak()
        audit.log(
            engine, gebruiker, DOWNLOAD, details(soort, wat, bestand, nis, exact, inhoud), client
        )
        return inhoud

    return maak_en_log
