"""Baseline forecast of a monthly count series (docs/architectuur.md, forecasting).

Method per series, chosen on the data up to the forecast origin:

| klasse      | when                                       | members (point)                     |
|-------------|--------------------------------------------|-------------------------------------|
| `lang`      | >= 24 months                               | mean of AutoETS, AutoTheta, AutoCES |
| `kort`      | 12-23 months                               | median of AutoETS, AutoTheta, Naive |
| `klein`     | last 24 months: > 30% zeros or mean < 3    | mean of ADIDA, TSB(0.1, 0.1)        |
| `zeer_kort` | < 12 months                                | Naive, mean of last 6 months        |

The data choose the model inside each family: AutoETS over every error/trend/season form
(undamped trends included), AutoTheta over its four variants, AutoCES (complex exponential
smoothing, Svetunkov & Kourentzes) over its four seasonal forms. Forecasts and bounds are
clipped at 0. Combining follows the M4 finding that simple combinations of statistical methods
beat single methods (Makridakis et al. 2018). For `lang` the members are ETS, Theta and CES,
averaged: CES is the one member of another kind that helped on the rolling-origin benchmark
(`bench/prognose_leden.py`, bench/README.md, issue 17): the mean of the three is 1.5% better in
MASE than the plain AutoETS + AutoTheta mean both on the 87 series the combinations were chosen
on and on a held-out set, where the former median of ETS, Theta and ARIMA was -0.1% and -1.2%
(ARIMA also cost ~50 ms a fit, CES ~5 ms). `kort` keeps the median with the naive forecast,
robust to the one member that extrapolates a short history's noisy turn too far.

Intervals: with a `Foutenmodel` from the pooled backtest (`forecasting.backtest`) the bounds are
the pooled empirical error quantiles (calibrated, what users see). Without one, the members'
own intervals are combined by their median (ETS/Theta/Naive; CES is asked for its point only:
its simulated intervals cost 50x its fit) or a negative-binomial band is used (`klein`,
`zeer_kort`): a diagnostic fallback, known to be too narrow or too wide.

The model code calls the statsforecast model objects directly (exactly what
`StatsForecast.forecast` does per series): one code path serves the app and the backtest, and
the backtest can reuse fitted parameters through `forward` to stay fast.
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from statsforecast.models import ADIDA, TSB, AutoARIMA, AutoCES, AutoETS, AutoTheta, Naive

from domein.maanden import periodes, plus_maanden
from forecasting.fouten import Foutenmodel, groep_van, toepassen, volatiliteit
from forecasting.periodes import controleer_reeks

SEIZOEN = 12
NIVEAUS = (80, 95)
KOLOMMEN = ("periode", "gemiddelde", "lo80", "hi80", "lo95", "hi95")


def klasse(y: np.ndarray) -> str:
    """Which method family fits this history (see the module table)."""
    recent = y[-24:]
    if len(y) >= 6 and (np.mean(recent == 0) > 0.30 or np.mean(recent) < 3):
        return "klein"
    if len(y) < 12:
        return "zeer_kort"
    return "kort" if len(y) < 24 else "lang"


def _leden(kl: str) -> list:
    if kl == "lang":
        return [
            AutoETS(season_length=SEIZOEN),
            AutoTheta(season_length=SEIZOEN),
            AutoCES(season_length=SEIZOEN),
        ]
    if kl == "kort":
        return [AutoETS(season_length=SEIZOEN), AutoTheta(season_length=SEIZOEN), Naive()]
    if kl == "klein":
        return [ADIDA(), TSB(alpha_d=0.1, alpha_p=0.1)]
    return []


def _duur(model) -> bool:
    """Members worth reusing even when the others are refitted: an ARIMA search (~50 ms a fit,
    and no form to keep). None of the members above is one any more (the refits of ETS, Theta
    and CES keep their form, `_zelfde_vorm`, 1-3 ms); the benchmark's earlier forecaster, the
    median of ETS, Theta and ARIMA (`bench/prognose_kalibratie.py`), still has one and is
    measured as it ran."""
    return isinstance(model, AutoARIMA)


def _niet_doorrollen(model) -> bool:
    """Members refitted (in the kept form) at every backtest origin instead of rolled forward:
    AutoCES, whose `forward` over a longer history diverges in statsforecast 2.1.1 (a fit on 63
    months of a scaled El Niño series forecast 49 for the next month; forwarded over 64 months
    of it, 45,645). Its refit in the kept form costs 1-2 ms."""
    return isinstance(model, AutoCES)


def _zelfde_vorm(oud):
    """A backtest refit keeps the form an earlier origin chose (ETS error/trend/season/damping,
    the Theta variant, the CES seasonal form N/S/P/F) and only re-estimates its parameters on
    the longer history: the form search is most of an ETS fit (~40 ms against ~1 ms), the fresh
    parameters are what the refit is for. Only the backtest refits; the app always searches
    (`voorspel`)."""
    if isinstance(oud, AutoETS) and getattr(oud, "model_", None):
        c = oud.model_["components"]
        return AutoETS(season_length=oud.season_length, model=c[:3], damped=c[3] != "N")
    if isinstance(oud, AutoTheta) and getattr(oud, "model_", None):
        return AutoTheta(season_length=oud.season_length, model=oud.model_["modeltype"])
    if isinstance(oud, AutoCES) and getattr(oud, "model_", None):
        return AutoCES(season_length=oud.season_length, model=oud.model_["seasontype"])
    return None


def _combineer(kl: str, punten: list) -> np.ndarray:
    """Mean of ETS, Theta and CES for `lang` (the more accurate, see the module docstring) and
    of the two for `klein`; median for `kort` (robust to one runaway member)."""
    if kl == "kort" and len(punten) >= 3:
        return np.median(punten, axis=0)
    return np.mean(punten, axis=0)


@dataclass
class _Gefit:
    """Fitted members of one series, reused through `forward` between backtest origins."""

    klasse: str
    modellen: list = field(default_factory=list)


def _nb_band(punt: np.ndarray, y: np.ndarray, niveaus) -> tuple[np.ndarray, np.ndarray]:
    """Negative-binomial band around the point: dispersion from the recent months."""
    recent = y[-24:]
    mu = max(float(np.mean(recent)), 1e-6)
    var = max(float(np.var(recent, ddof=1)) if len(recent) > 1 else mu, mu * 1.0001)
    k = mu**2 / (var - mu)  # method of moments; large k = nearly Poisson
    p = k / (k + np.maximum(punt, 1e-6))
    lo = np.array([stats.nbinom.ppf((1 - n / 100) / 2, k, p) for n in niveaus])
    hi = np.array([stats.nbinom.ppf(1 - (1 - n / 100) / 2, k, p) for n in niveaus])
    return lo, hi


#: Members asked for a point only: ADIDA and TSB have no intervals; CES's are simulated (~250 ms
#: a forecast, 50x its fit) and only the fallback band would use them (`voorspel_array`).
_ZONDER_BAND = (ADIDA, TSB, AutoCES)


def _lid(model, oud, y, H, niveaus, bewaar):
    """One member: forward with an earlier fit, fit+predict to keep the fit, or forecast."""
    lv = None if isinstance(model, _ZONDER_BAND) else list(niveaus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if oud is not None:
            return oud.forward(y=y, h=H, level=lv), oud
        if bewaar and hasattr(model, "forward"):
            gefit = model.fit(y=y)
            return gefit.predict(h=H, level=lv), gefit
        return model.forecast(y=y, h=H, level=lv), None


def voorspel_array(
    y: np.ndarray,
    H: int,
    niveaus=NIVEAUS,
    gefit: _Gefit | None = None,
    bewaar: bool = False,
    herfit: bool = False,
    leden=None,
    combineer=None,
    vorm_houden: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Gefit | None]:
    """Point forecast and model-based bounds (rows: levels) for H months after `y`.

    With `bewaar=True` the fitted members are returned for later `forward` calls; with a
    `gefit` of the same class its parameters are reused instead of fitting again. With
    `herfit=True` and a `gefit`, the members are refitted (only slow ones, `_duur`: an ARIMA
    search, none of the project's own, roll their older parameters forward) in the form chosen
    at the earlier fit (`_niet_doorrollen`: CES is refitted so at every origin, never rolled
    forward) and re-estimate only their parameters (`_zelfde_vorm`; `vorm_houden=False`
    searches the forms again, as before, for the benchmark's baseline). `leden(klasse)` and
    `combineer(klasse, punten)` replace the members and the combination (benchmarks compare
    other forecasters through the same machinery).
    """
    leden, combineer = leden or _leden, combineer or _combineer
    y = np.asarray(y, dtype=float)
    kl = klasse(y)
    if kl == "zeer_kort":
        punt = np.full(H, 0.5 * (y[-1] + np.mean(y[-6:])))
        lo, hi = _nb_band(punt, y, niveaus)
        return punt, np.maximum(lo, 0), hi, None
    hergebruik = gefit is not None and gefit.klasse == kl
    punten, los, his, nieuw = [], [], [], _Gefit(kl)
    for i, model in enumerate(leden(kl)):
        oud = gefit.modellen[i] if hergebruik else None
        if (herfit or _niet_doorrollen(model)) and not _duur(model):
            if oud is not None and vorm_houden:
                model = _zelfde_vorm(oud) or model
            oud = None
        try:
            res, oud = _lid(model, oud, y, H, niveaus, bewaar)
        except Exception:  # a member that cannot fit this series is left out, like a fallback
            res, oud = None, None
        nieuw.modellen.append(oud)
        if res is None or not np.all(np.isfinite(res["mean"])):
            continue
        punten.append(res["mean"])
        if f"lo-{niveaus[0]}" in res:
            los.append([res[f"lo-{n}"] for n in niveaus])
            his.append([res[f"hi-{n}"] for n in niveaus])
    if not punten:  # every member failed: fall back to the naive forecast
        punten = [np.full(H, y[-1])]
    punt = np.maximum(combineer(kl, punten), 0.0)
    if los:
        lo, hi = np.median(los, axis=0), np.median(his, axis=0)
    else:
        lo, hi = _nb_band(punt, y, niveaus)
    houdbaar = bewaar and kl != "klein" and all(m is not None for m in nieuw.modellen)
    return punt, np.maximum(lo, 0.0), np.maximum(hi, 0.0), nieuw if houdbaar else None


def _pooled_band(punt, y, niveaus, fouten: Foutenmodel, groep: str | None, tot=None):
    """Bounds from comparable series' centred errors, scaled by this series' own volatility."""
    s, cel = volatiliteit(y), fouten.sleutel_voor(y)
    qs = [q for n in niveaus for q in ((1 - n / 100) / 2, 1 - (1 - n / 100) / 2)]
    lo = np.empty((len(niveaus), len(punt)))
    hi = np.empty_like(lo)
    for j in range(len(punt)):
        kw = fouten.kwantielen_maand(j + 1, cel, qs, zonder=groep, tot=tot)
        lo[:, j] = toepassen(punt[j], kw[0::2], s)
        hi[:, j] = toepassen(punt[j], kw[1::2], s)
    return lo, hi


def _frame(laatste: str, punt, lo, hi, niveaus) -> pd.DataFrame:
    uit = pd.DataFrame({"periode": periodes(plus_maanden(laatste, 1), len(punt))})
    uit["gemiddelde"] = punt
    for i, n in enumerate(niveaus):
        uit[f"lo{n}"] = lo[i]
        uit[f"hi{n}"] = hi[i]
    return uit


def voorspel(
    reeks: pd.Series,
    h: int,
    niveaus=NIVEAUS,
    fouten: Foutenmodel | None = None,
    sleutel: str | None = None,
) -> pd.DataFrame:
    """Forecast the next `h` months after the last period of `reeks`.

    Returns a frame `periode, gemiddelde, lo80, hi80, lo95, hi95` (one `lo{n}/hi{n}` pair per
    level in `niveaus`). With `fouten` the bounds are pooled empirical bounds; `sleutel` (a NIS
    code or `nis|...`) leaves that municipality's own errors out of the pool.
    """
    reeks = controleer_reeks(reeks)
    y = reeks.to_numpy()
    punt, lo, hi, _ = voorspel_array(y, h, niveaus)
    if fouten is not None and fouten.aantal():
        lo, hi = _pooled_band(punt, y, niveaus, fouten, groep_van(sleutel) if sleutel else None)
    return _frame(reeks.index[-1], punt, lo, hi, niveaus)


def _voorspel_deel(taken):
    return [voorspel(r, h, niveaus, fouten, sleutel) for sleutel, r, h, niveaus, fouten in taken]


def voorspel_veel(
    reeksen: dict[str, pd.Series],
    h: int,
    niveaus=NIVEAUS,
    fouten: Foutenmodel | None = None,
    n_jobs: int = 1,
) -> dict[str, pd.DataFrame]:
    """`voorspel` for many series at once; `n_jobs > 1` spreads them over processes.

    Each key is passed as `sleutel`, so with `fouten` every municipality is judged on the
    errors of the others. Use `n_jobs=1` inside the Streamlit process; the nightly/offline run
    can use all cores.
    """
    taken = [(k, r, h, niveaus, fouten) for k, r in reeksen.items()]
    n_jobs = max(1, min(n_jobs, os.cpu_count() or 1, len(taken)))
    if n_jobs == 1:
        return dict(zip(reeksen, _voorspel_deel(taken), strict=True))
    delen = [taken[i::n_jobs] for i in range(n_jobs)]
    with ProcessPoolExecutor(n_jobs) as pool:
        resultaten = list(pool.map(_voorspel_deel, delen))
    uit = {}
    for deel, res in zip(delen, resultaten, strict=True):
        uit.update({t[0]: r for t, r in zip(deel, res, strict=True)})
    return {k: uit[k] for k in reeksen}
