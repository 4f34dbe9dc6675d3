"""Database faults on the Streamlit side: show the last good data, with their date, never a
traceback.

`ui/cache.py` routes every page read through `lees(sleutel, functie)`:

- a successful read is kept per call key (the function and its arguments, *not* the data
  version) together with the moment it was read;
- when a read raises `SQLAlchemyError` (database unreachable, file damaged or locked, server
  stopped), the page gets the last good result for that key and ONE Dutch warning per run:
  "De databank is niet bereikbaar; u ziet de gegevens van <tijd>." (the oldest moment of the
  results shown in that run);
- when there is nothing to show for that key, a Dutch error and `st.stop()`.

Kept results are per server process, like `st.cache_data`, and are keyed per *view* exactly as
`ui/cache.py` keys its cache (a breakdown carries its exact/protected flag), so they can never
show a user more than the cache would. At most `MAX_SLEUTELS` keys are kept (least recently
used dropped). The error goes to the server log as one line, without a traceback.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

MAX_SLEUTELS = 512
TIJDZONE = ZoneInfo("Europe/Brussels")
WAARSCHUWING = "De databank is niet bereikbaar; u ziet de gegevens van {tijd}."
FOUT = (
    "De databank is niet bereikbaar en er zijn nog geen gegevens om hier te tonen. Probeer het "
    "over enkele ogenblikken opnieuw; blijft het probleem, verwittig dan de beheerder."
)

T = TypeVar("T")
log = logging.getLogger(__name__)

_slot = threading.Lock()
_laatste: OrderedDict[Hashable, tuple[datetime, Any]] = OrderedDict()
# per session: (the run's cursor dict, oldest time shown, the warning's placeholder)
_getoond: OrderedDict[str, tuple[object, datetime, Any]] = OrderedDict()


def _kopie(waarde: T) -> T:
    if isinstance(waarde, pd.DataFrame | pd.Series):
        return waarde.copy(deep=True)
    return copy.deepcopy(waarde)


def _zelf(waarde: T) -> T:
    return waarde


def lees(sleutel: Hashable, functie: Callable[[], T], *, kopie: bool = True) -> T:
    """`functie()`, or when the database fails, the last good result for `sleutel`.

    `kopie=False` keeps and returns the result itself: for large shared objects that callers
    only read (the forecast model), where a deep copy per run would cost more than the read."""
    bewaar = _kopie if kopie else _zelf
    try:
        waarde = functie()
    except SQLAlchemyError as fout:
        log.warning("Databank niet bereikbaar bij %r: %s", sleutel, _eerste_regel(fout))
        with _slot:
            bekend = _laatste.get(sleutel)
            if bekend is not None:
                _laatste.move_to_end(sleutel)
        if bekend is None:
            st.error(FOUT, icon=":material/cloud_off:")
            st.stop()
        tijd, oud = bekend
        _meld(tijd)
        return bewaar(oud)
    with _slot:
        _laatste[sleutel] = (datetime.now(TIJDZONE), bewaar(waarde))
        _laatste.move_to_end(sleutel)
        while len(_laatste) > MAX_SLEUTELS:
            _laatste.popitem(last=False)
    return waarde


def tijd_tekst(tijd: datetime) -> str:
    """`22-11-2026 om 19:05` in Belgian time."""
    lokaal = tijd.astimezone(TIJDZONE)
    return f"{lokaal:%d-%m-%Y} om {lokaal:%H:%M}"


def waarschuwing(tijd: datetime) -> str:
    return WAARSCHUWING.format(tijd=tijd_tekst(tijd))


def _meld(tijd: datetime) -> None:
    """One warning per run (updated if a later read in the same run is older)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
    except Exception:  # noqa: BLE001 - outside a Streamlit run: nothing to draw
        ctx = None
    run = getattr(ctx, "cursors", None)  # a new dict at the start of every run
    if ctx is None or run is None:
        st.warning(waarschuwing(tijd), icon=":material/cloud_off:")
        return
    with _slot:
        vorige = _getoond.get(ctx.session_id)
    if vorige is not None and vorige[0] is run:
        if tijd < vorige[1]:
            vorige[2].warning(waarschuwing(tijd), icon=":material/cloud_off:")
            with _slot:
                _getoond[ctx.session_id] = (run, tijd, vorige[2])
        return
    plek = st.empty()
    plek.warning(waarschuwing(tijd), icon=":material/cloud_off:")
    with _slot:
        _getoond[ctx.session_id] = (run, tijd, plek)
        _getoond.move_to_end(ctx.session_id)
        while len(_getoond) > MAX_SLEUTELS:
            _getoond.popitem(last=False)


def _eerste_regel(fout: BaseException) -> str:
    tekst = str(getattr(fout, "orig", None) or fout).strip()
    return tekst.splitlines()[0][:200] if tekst else type(fout).__name__


def vergeet() -> None:
    """Forget every kept result (tests; after a database switch)."""
    with _slot:
        _laatste.clear()
        _getoond.clear()


def bewaard() -> int:
    """How many results are kept (for tests and the memory benchmark)."""
    with _slot:
        return len(_laatste)
