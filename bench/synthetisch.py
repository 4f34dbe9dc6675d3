"""Synthetic monthly series for the forecasting benchmark and tests.

Two generators:

- `reeks_nb`: a count series around a drifting level: random walk in logs with a trend,
  weak yearly seasonality and negative-binomial noise (the shape of inflow, outflow and
  activation counts per municipality).
- `gemeente`: one municipality as a small stock-flow system: inflow (NB), outflow
  (binomial share of the caseload), the caseload as the running stock, activations into work
  (NB on caseload x activation rate) and trajectory starts per pillar. The caseload is smooth
  and persistent like a real monthly stock, which makes the naive forecast a hard baseline.

Levels and rates are chosen around Flemish figures: about 2% of recipients into work per month
(22.5% a year, De Standaard 8 May 2023), exit 3-6% a month, caseloads from 20 to 3,000.
Everything is deterministic given the seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from domein import PIJLERS

START = "2019-01"
N_MAANDEN = 93  # 2019-01 .. 2026-09, the span of the demo data


def _index(n: int, start: str = START) -> pd.Index:
    return pd.Index(pd.period_range(start, periods=n, freq="M").strftime("%Y-%m"), name="periode")


def _nb(rng: np.random.Generator, mu: np.ndarray, k: float) -> np.ndarray:
    """Negative binomial with mean mu and dispersion k (variance mu + mu^2/k)."""
    mu = np.maximum(mu, 1e-9)
    return rng.negative_binomial(k, k / (k + mu)).astype(float)


def _seizoensfactor(maanden, seizoen: float, fase: float) -> np.ndarray:
    return 1 + seizoen * np.sin(2 * np.pi * np.asarray(maanden) / 12 + fase)


def _pad(rng, n, trend_jaar, drift_sd) -> tuple[np.ndarray, float]:
    """Log-level random walk with a yearly trend, and a random seasonal phase."""
    stappen = np.log1p(trend_jaar) / 12 + rng.normal(0.0, drift_sd, n)
    return np.cumsum(stappen), float(rng.uniform(0, 2 * np.pi))


def _niveau(rng, n, trend_jaar, drift_sd, seizoen):
    """Level path: yearly trend + random walk + sine seasonality with random phase."""
    log_pad, fase = _pad(rng, n, trend_jaar, drift_sd)
    return np.exp(log_pad) * _seizoensfactor(np.arange(n), seizoen, fase)


def reeks_nb(
    seed: int,
    n: int = N_MAANDEN,
    niveau: float = 20.0,
    trend_jaar: float = 0.0,
    drift_sd: float = 0.03,
    seizoen: float = 0.08,
    k: float = 20.0,
    start: str = START,
) -> pd.Series:
    """Counts around a drifting, weakly seasonal level with NB noise."""
    rng = np.random.default_rng(seed)
    mu = niveau * _niveau(rng, n, trend_jaar, drift_sd, seizoen)
    return pd.Series(_nb(rng, mu, k), index=_index(n, start), name="aantal")


def orakel_nb(
    seed: int, t: int, h: int, *, niveau, trend_jaar, drift_sd, seizoen, k, n=N_MAANDEN
) -> np.ndarray:
    """The forecast of `reeks_nb(seed, ...)` for months t+1..t+h by one who knows the hidden
    level at month t and every parameter: the median per month of 4,000 simulated futures
    (the best a forecast can do in mean absolute error). An upper bound for any forecaster,
    which only sees the counts."""
    log_pad, fase = _pad(np.random.default_rng(seed), n, trend_jaar, drift_sd)  # as drawn
    rng = np.random.default_rng(seed + 1)
    stap = np.arange(1, h + 1)
    toeval = np.cumsum(rng.normal(0.0, drift_sd, (4000, h)), axis=1)
    log_mu = np.log(niveau) + log_pad[t - 1] + stap * np.log1p(trend_jaar) / 12 + toeval
    mu = np.exp(log_mu) * _seizoensfactor(t - 1 + stap, seizoen, fase)
    return np.median(_nb(rng, mu, k), axis=0)


def gemeente(seed: int, n: int = N_MAANDEN, caseload: float | None = None) -> dict[str, pd.Series]:
    """One synthetic municipality: consistent stock and flows per month."""
    rng = np.random.default_rng(seed)
    c0 = caseload if caseload is not None else np.exp(rng.uniform(np.log(20), np.log(3000)))
    c0 = float(round(c0))
    uit_kans = rng.uniform(0.03, 0.06)
    evenwicht = c0 * _niveau(rng, n, rng.uniform(-0.3, 0.1), 0.02, rng.uniform(0.0, 0.12))
    k_in = rng.uniform(10, 50)
    act_graad = rng.uniform(0.012, 0.028) * _niveau(rng, n, rng.uniform(-0.1, 0.2), 0.03, 0.1)
    pijler_aandeel = rng.dirichlet(np.ones(len(PIJLERS)) * 2)
    start_graad = rng.uniform(0.02, 0.05)

    stand = np.empty(n)
    reeksen = {m: np.empty(n) for m in ("instroom", "uitstroom", "activeringen")}
    starts = np.empty((n, len(PIJLERS)))
    vorige = c0
    for t in range(n):
        instroom = _nb(rng, np.array([evenwicht[t] * uit_kans]), k_in)[0]
        uitstroom = float(rng.binomial(int(vorige), uit_kans))
        # Activations into work are a subset of exits plus some who keep a top-up: model
        # them on the stock, not on the exits, so they carry their own noise.
        reeksen["activeringen"][t] = _nb(rng, np.array([vorige * act_graad[t]]), 15.0)[0]
        starts[t] = rng.poisson(vorige * start_graad * pijler_aandeel)
        vorige = max(vorige + instroom - uitstroom, 0.0)
        stand[t] = vorige
        reeksen["instroom"][t] = instroom
        reeksen["uitstroom"][t] = uitstroom

    idx = _index(n)
    uit = {"leefloongerechtigden": pd.Series(stand, index=idx)}
    uit.update({m: pd.Series(v, index=idx) for m, v in reeksen.items()})
    uit["trajectstarts"] = pd.Series(starts.sum(axis=1), index=idx)
    for j, pijler in enumerate(PIJLERS):
        uit[f"trajectstarts:{pijler}"] = pd.Series(starts[:, j], index=idx)
    return uit


def paneel(
    n_gemeenten: int, indicator: str, seed: int = 0, n: int = N_MAANDEN
) -> dict[str, pd.Series]:
    """`n_gemeenten` municipalities' series of one indicator, keyed `G001`, `G002`, ..."""
    return {
        f"G{i + 1:03d}": gemeente(seed * 100_003 + i, n=n)[indicator] for i in range(n_gemeenten)
    }


def activeringen_paneel(
    n_gemeenten: int, seed: int = 0, n: int = N_MAANDEN, niveau=(2.0, 50.0)
) -> dict[str, pd.Series]:
    """Activation-like counts, levels log-uniform in `niveau` per month (2-50 as in the notes)."""
    return {
        sleutel: reeks_nb(n=n, **kenmerken)
        for sleutel, kenmerken in activeringen_kenmerken(n_gemeenten, seed, niveau).items()
    }


def activeringen_kenmerken(
    n_gemeenten: int, seed: int = 0, niveau=(2.0, 50.0)
) -> dict[str, dict[str, float]]:
    """The `reeks_nb` arguments of every series of `activeringen_paneel` (for `orakel_nb`)."""
    rng = np.random.default_rng(seed)
    uit = {}
    for i in range(n_gemeenten):
        uit[f"A{i + 1:03d}"] = {
            "seed": int(rng.integers(1 << 31)),
            "niveau": float(np.exp(rng.uniform(*np.log(niveau)))),
            "trend_jaar": float(rng.uniform(-0.3, 0.1)),
            "drift_sd": float(rng.uniform(0.01, 0.05)),
            "seizoen": float(rng.uniform(0.0, 0.15)),
            "k": float(rng.uniform(5, 30)),
        }
    return uit


def air_passengers() -> pd.Series:
    """statsforecast's AirPassengers (1949-1960) as a `YYYY-MM` series: a real public series."""
    from statsforecast.utils import AirPassengersDF

    df = AirPassengersDF
    idx = pd.Index(pd.to_datetime(df["ds"]).dt.strftime("%Y-%m"), name="periode")
    return pd.Series(df["y"].to_numpy(dtype=float), index=idx, name="AirPassengers")


def _maandreeks(waarden, naam: str, start: str = START) -> pd.Series:
    return pd.Series(np.asarray(waarden, dtype=float), index=_index(len(waarden), start), name=naam)


def echte_reeksen(lengte: int = 96) -> dict[str, np.ndarray]:
    """Public real monthly series shipped with installed packages (no network): statsforecast's
    AirPassengers, statsmodels' El Niño sea temperatures (1950-2010) and Mauna Loa CO2 (weekly,
    averaged per month), cut into pieces of `lengte` months."""
    import statsmodels.api as sm

    uit = {"AirPassengers": air_passengers().to_numpy()}
    elnino = sm.datasets.elnino.load_pandas().data.drop(columns="YEAR").to_numpy().ravel()
    co2 = sm.datasets.co2.load_pandas().data["co2"].resample("MS").mean().interpolate()
    for naam, y in (("ElNino", elnino), ("CO2", co2.to_numpy())):
        for i in range(len(y) // lengte):
            uit[f"{naam}{i + 1}"] = np.asarray(y[i * lengte : (i + 1) * lengte], dtype=float)
    return uit


def echt_geschaald(niveaus=(6.0, 40.0, 400.0), lengte: int = 96, seed: int = 0):
    """The real series scaled to caseload sizes (mean of the first year = the level, times a
    stretch that keeps their relative movement) and drawn as Poisson counts around that path,
    so a small municipality's series is as noisy as a count of that size."""
    rng = np.random.default_rng(seed)
    uit = {}
    for naam, y in echte_reeksen(lengte).items():
        # Stretch the movement around the first-year mean so a series of small relative swings
        # (CO2, El Niño) moves like a caseload (about 20-40% over eight years).
        rel = y / np.mean(y[:12]) - 1
        rel = rel * min(0.3 / max(np.max(np.abs(rel)), 1e-9), 20.0)
        for niv in niveaus:
            mu = np.maximum(niv * (1 + rel), 0.1)
            uit[f"{naam}@{niv:g}"] = _maandreeks(rng.poisson(mu), naam)
    return uit
