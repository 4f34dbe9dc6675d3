"""The optional scenario layer on Trends: inflow from the 2026 time limit on unemployment benefit.

Parameters (value, unit, label, source) in `params.yaml`, section `beperking_werkloosheid`.
Per forecast month t (only months after the last month with data: whoever already came is in
the data):

    personen          = per_1000_inwoners x inwoners / 1000
    extra_instroom[t] = personen / spreiding in the `spreiding` months from `start`
    extra_uitstroom[t] = extra_stand[t-1] x uitstroomgraad
    extra_stand[t]    = extra_stand[t-1] - extra_uitstroom[t] + extra_instroom[t]

The layer is what the scenario adds to the baseline forecast of each indicator
(`leefloongerechtigden` = extra_stand, `instroom`, `uitstroom`). Pure numpy, microseconds.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import yaml

from domein.maanden import maandnummer
from forecasting.scenario import PARAMS_PAD

SECTIE = "beperking_werkloosheid"
PARAMETERS = ("per_1000_inwoners", "start", "spreiding", "uitstroomgraad")


@functools.lru_cache(maxsize=1)
def _sectie() -> dict:
    with PARAMS_PAD.open(encoding="utf-8") as f:
        return yaml.safe_load(f)[SECTIE]


def parameters() -> dict:
    """The section as written in the YAML: `label`, `aanname` and one dict per parameter
    (`waarde, eenheid, label, uitleg, bron {titel, datum, url}, betrouwbaarheid`)."""
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in _sectie().items()}


def waarden(uitstroomgraad: float | None = None) -> dict:
    """The parameter values; `uitstroomgraad` from the municipality's own data when given."""
    s = _sectie()
    uit = {p: s[p]["waarde"] for p in PARAMETERS}
    if uitstroomgraad is not None and np.isfinite(uitstroomgraad):
        uit["uitstroomgraad"] = float(uitstroomgraad)
    return uit


def extra(periodes: list[str], inwoners: float, w: dict) -> pd.DataFrame:
    """What the scenario adds per forecast month: `periode, instroom, uitstroom,
    leefloongerechtigden` (persons, fractional)."""
    per = [str(p) for p in periodes]
    personen = float(w["per_1000_inwoners"]) * max(float(inwoners), 0.0) / 1000
    spreiding = max(int(round(float(w["spreiding"]))), 1)
    t = np.array([maandnummer(p) for p in per], dtype=int) - maandnummer(str(w["start"]))
    instroom = np.where((t >= 0) & (t < spreiding), personen / spreiding, 0.0)
    graad = min(max(float(w["uitstroomgraad"]), 0.0), 1.0)
    stand = np.zeros(len(per))
    uitstroom = np.zeros(len(per))
    vorige = 0.0
    for i in range(len(per)):
        uitstroom[i] = vorige * graad
        vorige = vorige - uitstroom[i] + instroom[i]
        stand[i] = vorige
    return pd.DataFrame(
        {
            "periode": per,
            "instroom": instroom,
            "uitstroom": uitstroom,
            "leefloongerechtigden": stand,
        }
    )
