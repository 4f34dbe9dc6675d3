"""The "Wat als?" model: a transparent monthly funnel per pillar, added to the baseline.

Per month t (0 = the first forecast month) and pillar p:

    extra_starts[p,t] = capaciteit[p] - huidige_capaciteit[p]       (slider - last 6 months)
                        positive parts together at most
                        max_instap_per_maand x werkklaar[t] - sum(huidige_capaciteit)
    werkklaar[t]      = (leefloon_basis[t] + extra_stand[t]) x werkklaar_aandeel
    extra_jobs[p,t]   = conversie[p] x extra_starts[p, t - vertraging[p]]
                        (a fractional delay splits over the two neighbouring months)
    extra_bruto[p,t]  = retentie[p] x extra_jobs[p,t]          (placements the pact counts)
    extra_netto[p,t]  = extra_bruto[p,t] x (1 - deadweight[p])  (would not have happened anyway)

Inflow shock (people losing unemployment benefit from 2026):

    schok_instroom[t] = personen / spreiding in the `spreiding` months from `start`
    extra_stand[t]    = extra_stand[t-1] x (1 - uitstroomgraad) + schok_instroom[t]
    schok_act[t]      = extra_stand[t] x activeringen_basis[t] / leefloon_basis[t]
                        x activeerbaarheid

Totals: bruto = basis + sum_p extra_bruto + schok_act; netto = basis + sum_p extra_netto +
schok_act. Netto is the lower bound (the deadweight part was already in the baseline), bruto
the upper bound; netto <= bruto whenever no pillar is cut. The scenario caseload is the
baseline plus the shock stock minus the cumulative net extra activations.

Pure numpy on arrays of a few dozen months: a run takes microseconds, so sliders never wait.
Frames are only built when asked for (`ScenarioResultaat.per_maand`, `.per_pijler`).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from domein import PIJLERS
from domein.maanden import maandnummer
from forecasting.periodes import controleer_reeks

PARAMS_PAD = Path(__file__).with_name("params.yaml")
PIJLER_PARAMS = ("capaciteit", "conversie", "vertraging", "retentie", "deadweight")
# Shares and rates cannot leave [0, 1] whatever a slider or a sensitivity step asks for.
_AANDELEN = {
    "conversie",
    "retentie",
    "deadweight",
    "werkklaar_aandeel",
    "max_instap_per_maand",
    "uitstroomgraad",
}


@functools.lru_cache(maxsize=1)
def _lees_yaml() -> dict:
    with PARAMS_PAD.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def laad_parameters() -> dict:
    """The parameter registry from `params.yaml`, flattened for sliders.

    Returns `{"parameters": {id: meta}, "scenarios": {naam: {...}}, "definities": {...},
    "pijlers": {code: label}}`. Ids: `werkklaar_aandeel`, `max_instap_per_maand`,
    `<pijler>.<capaciteit|conversie|vertraging|retentie|deadweight>`, `schok.<personen|start|
    spreiding|uitstroomgraad|activeerbaarheid>`. Each meta has `waarde, min, max, stap, eenheid,
    label, uitleg, bron {titel, datum, url}, betrouwbaarheid, groep`; `waarde` is None where it
    comes from the data (`betrouwbaarheid: data`, see `standaardwaarden`).
    """
    return copy.deepcopy(_register())


@functools.lru_cache(maxsize=1)
def _register() -> dict:
    """Flattened registry, parsed once; internal callers must not change it."""
    ruw = copy.deepcopy(_lees_yaml())
    params = {}
    for naam, meta in ruw["algemeen"].items():
        params[naam] = {**meta, "groep": "algemeen"}
    for pijler, blok in ruw["pijlers"].items():
        for naam in PIJLER_PARAMS:
            params[f"{pijler}.{naam}"] = {**copy.deepcopy(blok[naam]), "groep": pijler}
    for naam, meta in ruw["schok"].items():
        params[f"schok.{naam}"] = {**meta, "groep": "schok"}
    return {
        "parameters": params,
        "scenarios": ruw["scenarios"],
        "definities": ruw["definities"],
        "pijlers": {p: ruw["pijlers"][p]["label"] for p in PIJLERS},
    }


@dataclass
class BasisInvoer:
    """What the scenario adds to: the baseline forecast and the municipality's own data.

    `periodes`: the forecast months; `activeringen`: baseline forecast of work activations per
    month; `leefloongerechtigden`: baseline forecast of the caseload; `capaciteit`: current
    trajectory starts per month per pillar (mean of the last 6 months); `uitstroomgraad`:
    monthly share of recipients leaving leefloon (None: the YAML default).
    """

    periodes: list[str]
    activeringen: np.ndarray
    leefloongerechtigden: np.ndarray
    capaciteit: dict[str, float]
    uitstroomgraad: float | None = None

    def __post_init__(self):
        self.activeringen = np.asarray(self.activeringen, dtype=float)
        self.leefloongerechtigden = np.asarray(self.leefloongerechtigden, dtype=float)
        n = len(self.periodes)
        if len(self.activeringen) < n or len(self.leefloongerechtigden) < n:
            raise ValueError("BasisInvoer: de prognoses zijn korter dan de periodes.")

    @classmethod
    def uit_prognoses(
        cls,
        activeringen: pd.DataFrame,
        leefloongerechtigden: pd.DataFrame,
        capaciteit: dict[str, float],
        uitstroomgraad: float | None = None,
    ) -> BasisInvoer:
        """From two `baseline.voorspel` frames over the same months."""
        if list(activeringen.periode) != list(leefloongerechtigden.periode):
            raise ValueError("De twee prognoses moeten dezelfde maanden hebben.")
        return cls(
            periodes=list(activeringen.periode),
            activeringen=activeringen.gemiddelde.to_numpy(),
            leefloongerechtigden=leefloongerechtigden.gemiddelde.to_numpy(),
            capaciteit=dict(capaciteit),
            uitstroomgraad=uitstroomgraad,
        )


def capaciteit_uit_data(trajectstarts: dict[str, pd.Series], maanden: int = 6) -> dict[str, float]:
    """Current capacity per pillar: mean trajectory starts of the last `maanden` months."""
    return {
        p: float(controleer_reeks(r, p).iloc[-maanden:].mean()) for p, r in trajectstarts.items()
    }


def uitstroomgraad_uit_data(uitstroom: pd.Series, leefloon: pd.Series, maanden: int = 12) -> float:
    """Monthly exit rate: outflow / caseload over the last `maanden` common months."""
    u, s = controleer_reeks(uitstroom, "uitstroom"), controleer_reeks(leefloon, "leefloon")
    samen = pd.concat([u, s], axis=1, join="inner").iloc[-maanden:]
    noemer = samen.iloc[:, 1].sum()
    return float(samen.iloc[:, 0].sum() / noemer) if noemer > 0 else 0.0


def standaardwaarden(basis: BasisInvoer) -> dict:
    """Default value of every parameter, with the data-driven ones filled in from `basis`."""
    uit = {pid: meta["waarde"] for pid, meta in _register()["parameters"].items()}
    for p in PIJLERS:
        uit[f"{p}.capaciteit"] = float(basis.capaciteit.get(p, 0.0))
    if basis.uitstroomgraad is not None:
        uit["schok.uitstroomgraad"] = float(basis.uitstroomgraad)
    return uit


def los_op(scenario: dict, basis: BasisInvoer) -> dict:
    """Absolute values of all parameters for a scenario: defaults overlaid with its values.

    A value may be `{"factor": x}` (relative to the default, as named scenarios use). Unknown
    ids raise a ValueError, so a mistyped link parameter is not silently ignored.
    """
    waarden = standaardwaarden(basis)
    for pid, w in (scenario or {}).items():
        if pid not in waarden:
            raise ValueError(f"Onbekende scenarioparameter {pid!r}.")
        waarden[pid] = waarden[pid] * float(w["factor"]) if isinstance(w, dict) else w
    return waarden


def benoemd_scenario(naam: str) -> dict:
    """The values of a named scenario from the YAML (`huidig_beleid`, `extra_jobhunters`, ...)."""
    scenarios = _register()["scenarios"]
    if naam not in scenarios:
        raise ValueError(f"Onbekend scenario {naam!r}; kies uit {sorted(scenarios)}.")
    return copy.deepcopy(scenarios[naam]["waarden"])


def _vertraag(x: np.ndarray, d: float) -> np.ndarray:
    """Shift by d months; a fractional d splits over floor(d) and floor(d)+1."""
    n = len(x)
    d = max(float(d), 0.0)
    k, frac = int(np.floor(d)), d - np.floor(d)
    uit = np.zeros(n)
    if k < n:
        uit[k:] += (1 - frac) * x[: n - k]
    if frac > 0 and k + 1 < n:
        uit[k + 1 :] += frac * x[: n - k - 1]
    return uit


def _schok(w: dict, periodes: list[str]) -> np.ndarray:
    """Monthly extra inflow: `personen` spread evenly over `spreiding` months from `start`."""
    n = len(periodes)
    spreiding = max(int(round(w["schok.spreiding"])), 1)
    start = maandnummer(str(w["schok.start"]))
    t = np.array([maandnummer(p) for p in periodes]) - start
    return np.where((t >= 0) & (t < spreiding), float(w["schok.personen"]) / spreiding, 0.0)[:n]


def _grens(x: float, pid: str) -> float:
    naam = pid.split(".")[-1]
    return float(np.clip(x, 0.0, 1.0)) if naam in _AANDELEN else max(float(x), 0.0)


@dataclass
class ScenarioResultaat:
    """Monthly arrays of one scenario run; frames on request.

    Arrays (length h): `basis`, `bruto`, `netto`, `schok_activeringen`, `schok_instroom`,
    `extra_stand`, `leefloon_basis`, `leefloon_scenario`, `werkklaar`, `ruimte`; per pillar
    (shape pillars x h): `extra_starts`, `extra_jobs`, `extra_bruto`, `extra_netto`.
    """

    periodes: list[str]
    waarden: dict
    basis: np.ndarray
    bruto: np.ndarray
    netto: np.ndarray
    schok_activeringen: np.ndarray
    schok_instroom: np.ndarray
    extra_stand: np.ndarray
    leefloon_basis: np.ndarray
    leefloon_scenario: np.ndarray
    werkklaar: np.ndarray
    ruimte: np.ndarray
    extra_starts: np.ndarray
    extra_jobs: np.ndarray
    extra_bruto: np.ndarray
    extra_netto: np.ndarray
    begrensd: bool
    gewijzigd: list[str] = field(default_factory=list)

    @property
    def per_maand(self) -> pd.DataFrame:
        """`periode, basis, bruto, netto, verschil_bruto, verschil_netto, schok_activeringen,
        basis_cum, bruto_cum, netto_cum, leefloon_basis, leefloon_scenario, werkklaar`."""
        df = pd.DataFrame(
            {
                "periode": self.periodes,
                "basis": self.basis,
                "bruto": self.bruto,
                "netto": self.netto,
                "verschil_bruto": self.bruto - self.basis,
                "verschil_netto": self.netto - self.basis,
                "schok_activeringen": self.schok_activeringen,
                "leefloon_basis": self.leefloon_basis,
                "leefloon_scenario": self.leefloon_scenario,
                "werkklaar": self.werkklaar,
            }
        )
        for k in ("basis", "bruto", "netto"):
            df[f"{k}_cum"] = df[k].cumsum()
        return df

    @property
    def per_pijler(self) -> pd.DataFrame:
        """Long frame `periode, pijler, extra_starts, extra_jobs, extra_bruto, extra_netto`."""
        n = len(self.periodes)
        return pd.DataFrame(
            {
                "periode": np.tile(self.periodes, len(PIJLERS)),
                "pijler": np.repeat(PIJLERS, n),
                "extra_starts": self.extra_starts.ravel(),
                "extra_jobs": self.extra_jobs.ravel(),
                "extra_bruto": self.extra_bruto.ravel(),
                "extra_netto": self.extra_netto.ravel(),
            }
        )

    def verschil(self, soort: str = "bruto") -> pd.Series:
        """Extra activations per month vs the baseline (for `doel.kans_op_doel(extra=...)`)."""
        waarden = (self.bruto if soort == "bruto" else self.netto) - self.basis
        return pd.Series(waarden, index=pd.Index(self.periodes, name="periode"))

    def totaal(self, tot: str | None = None) -> dict:
        """Sums up to and including month `tot` (default: the whole horizon)."""
        n = _tot_index(self.periodes, tot)
        return {
            "basis": float(self.basis[:n].sum()),
            "bruto": float(self.bruto[:n].sum()),
            "netto": float(self.netto[:n].sum()),
            "verschil_bruto": float((self.bruto - self.basis)[:n].sum()),
            "verschil_netto": float((self.netto - self.basis)[:n].sum()),
            "extra_starts": float(self.extra_starts[:, :n].sum()),
            "schok_personen": float(self.schok_instroom[:n].sum()),
        }


def _tot_index(periodes: list[str], tot: str | None) -> int:
    if tot is None:
        return len(periodes)
    grens = maandnummer(tot)
    return int(sum(maandnummer(p) <= grens for p in periodes))


def _reken(w: dict, basis: BasisInvoer, h: int) -> dict:
    """The funnel on arrays; `w` holds absolute parameter values (see `los_op`)."""
    per = basis.periodes[:h]
    act = basis.activeringen[:h]
    stand = basis.leefloongerechtigden[:h]
    instroom = _schok(w, per)
    extra_stand = np.empty(h)
    vorig = 0.0
    behoud = 1.0 - _grens(w["schok.uitstroomgraad"], "uitstroomgraad")
    for t in range(h):  # a recursion over a few dozen months: a plain loop is clearest
        vorig = vorig * behoud + instroom[t]
        extra_stand[t] = vorig
    graad = np.divide(act, stand, out=np.zeros(h), where=stand > 0)
    schok_act = extra_stand * graad * max(float(w["schok.activeerbaarheid"]), 0.0)

    werkklaar = (stand + extra_stand) * _grens(w["werkklaar_aandeel"], "werkklaar_aandeel")
    huidig = np.array([float(basis.capaciteit.get(p, 0.0)) for p in PIJLERS])
    gevraagd = np.array([max(float(w[f"{p}.capaciteit"]), 0.0) for p in PIJLERS]) - huidig
    positief = np.maximum(gevraagd, 0.0)
    ruimte = np.maximum(
        _grens(w["max_instap_per_maand"], "max_instap_per_maand") * werkklaar - huidig.sum(), 0.0
    )
    totaal_pos = positief.sum()
    schaal = np.minimum(1.0, ruimte / totaal_pos) if totaal_pos > 0 else np.ones(h)
    starts = np.minimum(gevraagd, 0.0)[:, None] + positief[:, None] * schaal[None, :]

    jobs = np.empty((len(PIJLERS), h))
    br = np.empty_like(jobs)
    ne = np.empty_like(jobs)
    for i, p in enumerate(PIJLERS):
        jobs[i] = _grens(w[f"{p}.conversie"], "conversie") * _vertraag(
            starts[i], w[f"{p}.vertraging"]
        )
        br[i] = jobs[i] * _grens(w[f"{p}.retentie"], "retentie")
        ne[i] = br[i] * (1.0 - _grens(w[f"{p}.deadweight"], "deadweight"))
    bruto = act + br.sum(axis=0) + schok_act
    netto = act + ne.sum(axis=0) + schok_act
    return {
        "periodes": list(per),
        "basis": act.copy(),
        "bruto": bruto,
        "netto": netto,
        "schok_activeringen": schok_act,
        "schok_instroom": instroom,
        "extra_stand": extra_stand,
        "leefloon_basis": stand.copy(),
        "leefloon_scenario": np.maximum(stand + extra_stand - np.cumsum(ne.sum(axis=0)), 0.0),
        "werkklaar": werkklaar,
        "ruimte": ruimte,
        "extra_starts": starts,
        "extra_jobs": jobs,
        "extra_bruto": br,
        "extra_netto": ne,
        "begrensd": bool(totaal_pos > 0 and np.any(schaal < 1.0)),
    }


def bereken(scenario: dict, basis: BasisInvoer, h: int | None = None) -> ScenarioResultaat:
    """Run a scenario (`{parameter_id: value}`, missing ids at their default) over h months."""
    h = len(basis.periodes) if h is None else min(int(h), len(basis.periodes))
    waarden = los_op(scenario, basis)
    standaard = standaardwaarden(basis)
    gewijzigd = [k for k, v in waarden.items() if v != standaard[k]]
    return ScenarioResultaat(waarden=waarden, gewijzigd=gewijzigd, **_reken(waarden, basis, h))


def gevoeligheid(
    scenario: dict,
    basis: BasisInvoer,
    h: int | None = None,
    tot: str | None = None,
    stap: float = 0.10,
) -> pd.DataFrame:
    """Each numeric parameter +10% (one at a time) -> change in gross activations by `tot`.

    Frame `parameter, label, groep, waarde, nieuwe_waarde, effect_bruto, effect_netto`,
    largest effect first. Shares are capped at 1. A parameter with no effect in this scenario
    (e.g. a conversion while the pillar gets no extra starts) shows 0: that is informative.
    """
    h = len(basis.periodes) if h is None else min(int(h), len(basis.periodes))
    meta = _register()["parameters"]
    w0 = los_op(scenario, basis)
    n = _tot_index(basis.periodes[:h], tot)
    r0 = _reken(w0, basis, h)
    b0, n0 = r0["bruto"][:n].sum(), r0["netto"][:n].sum()
    rijen = []
    for pid, waarde in w0.items():
        if not isinstance(waarde, (int, float)) or isinstance(waarde, bool):
            continue  # the start month is a date, not a quantity
        nieuw = _grens(waarde * (1 + stap), pid)
        r = _reken({**w0, pid: nieuw}, basis, h)
        rijen.append(
            {
                "parameter": pid,
                "label": meta[pid]["label"],
                "groep": meta[pid]["groep"],
                "waarde": float(waarde),
                "nieuwe_waarde": nieuw,
                "effect_bruto": float(r["bruto"][:n].sum() - b0),
                "effect_netto": float(r["netto"][:n].sum() - n0),
            }
        )
    uit = pd.DataFrame(rijen)
    volgorde = uit.effect_bruto.abs().sort_values(ascending=False, kind="stable").index
    return uit.loc[volgorde].reset_index(drop=True)
