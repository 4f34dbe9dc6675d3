"""Cost and benefit of a "Wat als?" scenario in euro, for the council (pure, no Streamlit).

Up to and including month `tot`:

    trajectkost  = extra trajectory starts (all pillars) x kost_per_trajectstart
    leefloonkost = sum over months of (caseload under the scenario - baseline caseload)
                   x leefloon_per_maand        (negative: leefloon saved)
    nettokost    = trajectkost + leefloonkost - extra subsidie
    per extra job = nettokost / extra activations to work (gross, and net of deadweight)

The amounts and their sources are in `params.yaml` (`kosten`); the extra subsidy comes from
the target's payout rule (`diensten.prognose.scenario_kans`), not from here.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

import numpy as np
import yaml

from forecasting.scenario import PARAMS_PAD, ScenarioResultaat

MIN_JOBS = 0.5  # below half an extra job a cost "per job" says nothing


@functools.lru_cache(maxsize=1)
def _kosten() -> dict:
    with PARAMS_PAD.open(encoding="utf-8") as f:
        return yaml.safe_load(f)["kosten"]


def parameters() -> dict:
    """`{naam: meta}` of the cost parameters (waarde, eenheid, label, uitleg, bron, ...)."""
    return copy.deepcopy(_kosten())


@dataclass(frozen=True)
class KostenBaten:
    extra_bruto: float
    extra_netto: float
    extra_starts: float
    trajectkost: float
    leefloonmaanden: float
    leefloonkost: float
    subsidie: float
    nettokost: float

    @property
    def per_job_bruto(self) -> float | None:
        return self.nettokost / self.extra_bruto if self.extra_bruto >= MIN_JOBS else None

    @property
    def per_job_netto(self) -> float | None:
        return self.nettokost / self.extra_netto if self.extra_netto >= MIN_JOBS else None


def kosten_baten(
    resultaat: ScenarioResultaat,
    tot: str | None,
    *,
    subsidie: float = 0.0,
    leefloon_per_maand: float | None = None,
    kost_per_trajectstart: float | None = None,
) -> KostenBaten:
    """Cost and benefit of `resultaat` up to `tot` (None: the whole horizon); `subsidie` is the
    extra expected funding against the baseline."""
    k = _kosten()
    ll = float(
        k["leefloon_per_maand"]["waarde"] if leefloon_per_maand is None else leefloon_per_maand
    )
    ts = float(
        k["kost_per_trajectstart"]["waarde"]
        if kost_per_trajectstart is None
        else kost_per_trajectstart
    )
    totaal = resultaat.totaal(tot)
    n = len([p for p in resultaat.periodes if tot is None or p <= tot])
    maanden = float(np.sum((resultaat.leefloon_scenario - resultaat.leefloon_basis)[:n]))
    trajectkost = totaal["extra_starts"] * ts
    leefloonkost = maanden * ll
    return KostenBaten(
        extra_bruto=totaal["verschil_bruto"],
        extra_netto=totaal["verschil_netto"],
        extra_starts=totaal["extra_starts"],
        trajectkost=trajectkost,
        leefloonmaanden=maanden,
        leefloonkost=leefloonkost,
        subsidie=float(subsidie),
        nettokost=trajectkost + leefloonkost - float(subsidie),
    )
