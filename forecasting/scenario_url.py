"""A "Wat als?" scenario in the URL: compact, readable and safe (no Streamlit).

One query parameter per changed parameter, with a short alias as key and a plain number (or a
month) as value, so a copied link reproduces the scenario and stays readable:

    ?gemeente=12025&scenario=extra_jobhunters&sm_cap=30&ik_con=0.45&sk_n=81&sk_start=2026-01

- Only parameters that differ from their default are written (`codeer`); the optional
  `scenario` key names the named scenario (`params.yaml`, `scenarios`) the values came from.
- Reading (`decodeer`) keeps only known keys, ignores everything it cannot parse (text, NaN,
  infinity, overly long values, lists of junk), clamps every value to its range and snaps it
  to its slider step. Nothing from the URL reaches the model unchecked.

Keys: `wk` (werkklaar_aandeel), `mi` (max_instap_per_maand); per pillar `<p>_<x>` with `p` in
`sm` screening_matching, `st` sollicitatietraining, `ik` interim, `a60` art60, `pa` partners,
`ov` overig and `x` in `cap` capaciteit, `con` conversie, `ver` vertraging, `ret` retentie,
`dw` deadweight; the inflow shock `sk_n` (personen), `sk_start`, `sk_spr` (spreiding), `sk_uit`
(uitstroomgraad), `sk_act` (activeerbaarheid). The full parameter ids are accepted as well.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from domein import maanden
from forecasting.scenario import PIJLER_PARAMS, PIJLERS, laad_parameters

SCENARIO_SLEUTEL = "scenario"
MAX_LENGTE = 24  # characters of one value; longer is garbage, not a number
MIN_CAPACITEIT_MAX = 200
CAPACITEIT_FACTOR = 3

_PIJLER_KORT = {
    "screening_matching": "sm",
    "sollicitatietraining": "st",
    "interim": "ik",
    "art60": "a60",
    "partners": "pa",
    "overig": "ov",
}
_PARAM_KORT = {
    "capaciteit": "cap",
    "conversie": "con",
    "vertraging": "ver",
    "retentie": "ret",
    "deadweight": "dw",
}
_VAST = {
    "werkklaar_aandeel": "wk",
    "max_instap_per_maand": "mi",
    "schok.personen": "sk_n",
    "schok.start": "sk_start",
    "schok.spreiding": "sk_spr",
    "schok.uitstroomgraad": "sk_uit",
    "schok.activeerbaarheid": "sk_act",
}
_MAAND_BEREIK = ("2000-01", "2100-12")


@functools.cache
def _register() -> dict:
    """The parameter registry, read once (callers here only read it)."""
    return laad_parameters()


def _sleutels() -> dict[str, str]:
    uit = dict(_VAST)
    for p in PIJLERS:
        for x in PIJLER_PARAMS:
            uit[f"{p}.{x}"] = f"{_PIJLER_KORT[p]}_{_PARAM_KORT[x]}"
    return uit


#: parameter id -> URL key, and back
SLEUTELS: dict[str, str] = _sleutels()
PARAMETERS: dict[str, str] = {v: k for k, v in SLEUTELS.items()}


def is_maand(pid: str) -> bool:
    return pid == "schok.start"


def bereik(pid: str, standaard: Mapping | None = None) -> tuple:
    """`(min, max, stap)` of a parameter's slider.

    A capacity's maximum grows with the municipality: max(200, 3 x its current capacity). The
    shock's start month has no numeric range: `(2000-01, 2100-12, None)` unless the page
    narrows it (`bereiken` in `klem`).
    """
    if is_maand(pid):
        return (*_MAAND_BEREIK, None)
    meta = _register()["parameters"][pid]
    lo, hi, stap = meta["min"], meta["max"], meta["stap"]
    if pid.endswith(".capaciteit"):
        data = float((standaard or {}).get(pid) or 0.0)
        hi = max(hi, MIN_CAPACITEIT_MAX, math.ceil(CAPACITEIT_FACTOR * data))
    return lo, hi, stap


def is_geheel(pid: str) -> bool:
    """Whole-number parameters (capacity, delay, persons, spread): ints on their sliders."""
    if is_maand(pid):
        return False
    meta = _register()["parameters"][pid]
    return all(float(meta[k]).is_integer() for k in ("min", "max", "stap"))


def _decimalen(stap: float) -> int:
    exponent = Decimal(str(stap)).normalize().as_tuple().exponent
    return max(-int(exponent), 0)


def klem(pid: str, waarde, standaard: Mapping | None = None, bereiken: Mapping | None = None):
    """`waarde` inside the range of `pid` and on its step grid; ints for whole-number
    parameters, a `YYYY-MM` string for the start month. Raises ValueError for what is not a
    value at all (text, NaN, infinity)."""
    lo, hi, stap = (bereiken or {}).get(pid) or bereik(pid, standaard)
    if is_maand(pid):
        tekst = str(waarde).strip()
        if not maanden.is_maand(tekst):
            raise ValueError(f"geen maand: {waarde!r}")
        return min(max(tekst, lo), hi)
    if isinstance(waarde, bool):
        raise ValueError(f"geen getal: {waarde!r}")
    getal = float(waarde)
    if not math.isfinite(getal):
        raise ValueError(f"geen eindig getal: {waarde!r}")
    getal = min(max(getal, float(lo)), float(hi))
    if stap:
        getal = float(lo) + math.floor((getal - float(lo)) / float(stap) + 0.5) * float(stap)
        getal = min(max(round(getal, _decimalen(stap)), float(lo)), float(hi))
    return int(math.floor(getal + 0.5)) if is_geheel(pid) else float(getal)


def _tekst(waarde) -> str:
    if isinstance(waarde, str):
        return waarde
    if isinstance(waarde, int):
        return str(waarde)
    tekst = f"{float(waarde):.6f}".rstrip("0").rstrip(".")
    return tekst if tekst not in ("", "-0") else "0"


def codeer(
    waarden: Mapping,
    standaard: Mapping,
    naam: str | None = None,
    bereiken: Mapping | None = None,
) -> dict[str, str]:
    """Query parameters for a scenario: `{url_key: text}` for each known parameter whose
    (clamped) value differs from its (clamped) default; `scenario=<naam>` for a known named
    scenario. Unknown ids and unusable values are left out."""
    uit: dict[str, str] = {}
    if naam and naam in _register()["scenarios"]:
        uit[SCENARIO_SLEUTEL] = naam
    for pid, sleutel in SLEUTELS.items():
        if pid not in waarden:
            continue
        try:
            w = klem(pid, waarden[pid], standaard, bereiken)
        except (TypeError, ValueError):
            continue
        try:
            std = klem(pid, standaard.get(pid), standaard, bereiken)
        except (TypeError, ValueError):
            std = None
        if w != std:
            uit[sleutel] = _tekst(w)
    return uit


def _laatste(waarde) -> str | None:
    """The one value of a query parameter (the last if it is repeated), or None."""
    if isinstance(waarde, str):
        tekst = waarde
    elif isinstance(waarde, Sequence) and waarde and isinstance(waarde[-1], str):
        tekst = waarde[-1]
    else:
        return None
    tekst = tekst.strip()
    return tekst if 0 < len(tekst) <= MAX_LENGTE else None


def decodeer(
    query: Mapping,
    standaard: Mapping | None = None,
    bereiken: Mapping | None = None,
) -> tuple[str | None, dict]:
    """`(naam, {parameter_id: value})` from query parameters (`st.query_params.to_dict()` or
    `{key: [values]}`). Only known keys; values clamped and snapped; garbage ignored.
    `naam` is a known named scenario or None."""
    naam = _laatste(query.get(SCENARIO_SLEUTEL)) if hasattr(query, "get") else None
    if naam not in _register()["scenarios"]:
        naam = None
    waarden: dict = {}
    for sleutel in list(query.keys()) if hasattr(query, "keys") else []:
        if not isinstance(sleutel, str):
            continue
        pid = PARAMETERS.get(sleutel) or (sleutel if sleutel in SLEUTELS else None)
        if pid is None:
            continue
        tekst = _laatste(query[sleutel])
        if tekst is None:
            continue
        try:
            waarden[pid] = klem(pid, tekst, standaard, bereiken)
        except (TypeError, ValueError, OverflowError):
            continue
    return naam, waarden


__all__ = [
    "PARAMETERS",
    "SCENARIO_SLEUTEL",
    "SLEUTELS",
    "bereik",
    "codeer",
    "decodeer",
    "is_geheel",
    "is_maand",
    "klem",
]
