"""Run inside a page of bench/kaart_chroom.py: the tools of its order variants, which keep every
element of the Kaart page but send the chart before the sidebar.

- `droog()`: while it is open, the sidebar's widgets draw nothing and return the value they
  will have when they are drawn: their key's value in Session State, else their default (what
  Streamlit itself returns). Headers and columns draw nothing either. So the page can compute
  its view (`ui.instellingen.zijbalk`) before the chart and draw the widgets after it.
- `later(functie, lijst)`: a stand-in that only records the call (the guard's navigation);
  `speel_af(lijst)` makes the recorded calls, after the chart.
- `zelfde(a, b)`: the view computed dry must be the one the drawn widgets return; otherwise the
  chart shown would not match the filters (an exception: counted as a traceback by the bench).
- `plek_eerst(functie, plek)`: before `functie`, a container in the main area (`plek[0]`): the
  placeholder proxy, filled after the widgets have run.
"""

from __future__ import annotations

import contextlib

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def _waarde(key, standaard):
    return st.session_state[key] if key is not None and key in st.session_state else standaard


def _selectbox(label, options, index=0, *a, key=None, **k):
    opties = list(options)
    return _waarde(key, opties[index] if opties and index is not None else None)


def _radio(label, options, index=0, *a, key=None, **k):
    return _selectbox(label, options, index, key=key)


def _multiselect(label, options, default=None, *a, key=None, **k):
    return _waarde(key, list(default or []))


class _Kolom:
    selectbox = staticmethod(_selectbox)
    radio = staticmethod(_radio)
    multiselect = staticmethod(_multiselect)


_DROOG = {
    "selectbox": _selectbox,
    "radio": _radio,
    "multiselect": _multiselect,
    "subheader": lambda *a, **k: None,
    "columns": lambda spec, *a, **k: [_Kolom()] * (spec if isinstance(spec, int) else len(spec)),
}


@contextlib.contextmanager
def droog():
    """Widgets, headers and columns draw nothing; widgets return their coming value."""
    oud = [(st, naam, getattr(st, naam)) for naam in _DROOG]
    oud += [(DeltaGenerator, naam, getattr(DeltaGenerator, naam)) for naam in _DROOG]
    for naam, functie in _DROOG.items():
        setattr(st, naam, functie)
        setattr(DeltaGenerator, naam, lambda self, *a, _f=functie, **k: _f(*a, **k))
    try:
        yield
    finally:
        for doel, naam, functie in oud:
            setattr(doel, naam, functie)


def later(functie, lijst: list):
    def opnemen(*a, **k):
        lijst.append((functie, a, k))

    return opnemen


def speel_af(lijst: list) -> None:
    while lijst:
        functie, a, k = lijst.pop(0)
        functie(*a, **k)


def zelfde(droog_, getekend) -> None:
    if droog_ != getekend:
        raise RuntimeError(f"kaart_volgorde: droog {droog_!r}, getekend {getekend!r}")


def plek_eerst(functie, plek: list):
    def eerst_plek(*a, **k):
        plek.append(st.container())
        return functie(*a, **k)

    return eerst_plek
