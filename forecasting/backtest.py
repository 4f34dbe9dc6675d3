"""Rolling-origin backtest pooled over municipalities (docs/architectuur.md, forecasting).

For every series, forecast origins lie every `stap` months, the latest `h` months before the
end of the series (so every horizon 1..h of every window has an actual value), `n_vensters`
origins in all. From each origin the baseline (`forecasting.baseline`) forecasts `h_cum`
months; horizons 1..h score the monthly accuracy, sums over 1..r (r <= h_cum) feed the
cumulative errors behind the target probability.

Metrics (horizons 1..h):

- `mase`: mean over series x origin of the forecast MAE divided by the in-sample
  seasonal-naive MAE (m=12) of that origin's training data (M4 convention).
- `rel_mae_naive`, `rel_mae_snaive`: geometric mean over series of MAE(model) / MAE(baseline)
  (each municipality weighs the same); the `_totaal` variants divide the summed absolute errors
  (large municipalities weigh more). Below 1 = better than the baseline.
- `coverage80`, `coverage95`: share of actuals inside the pooled empirical bounds, computed
  out-of-group: each municipality's bounds come from the other municipalities' errors
  (leave-one-out up to 20 groups, 20-fold grouped cross-fitting above that).

`refit=k` refits the models every k-th origin and rolls the fitted parameters forward in
between (statsforecast `forward`): the states see the new data, the parameters are up to
k-1 windows old. That makes the backtest slightly pessimistic and about k times faster.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.baseline import klasse, voorspel_array
from forecasting.fouten import (
    Foutenmodel,
    band,
    groep_van,
    log_ratio,
    niveau,
    toepassen,
    volatiliteit,
)
from forecasting.periodes import controleer_reeks

NIVEAUS = (80, 95)
MAX_FOLDS = 20


@dataclass
class BacktestResultaat:
    """Everything a backtest produced; plain frames, picklable, cacheable per data release.

    `prognoses`: one row per series x origin x horizon: `sleutel, groep, oorsprong, h,
    periode, werkelijk, model, naive, snaive, lo80, hi80, lo95, hi95` (model-based bounds) and
    `plo80, phi80, plo95, phi95` (pooled out-of-group bounds, horizons 1..h).
    `oorsprongen`: one row per series x origin: `sleutel, groep, oorsprong, n_train, klasse,
    band, s, schaal`.
    """

    prognoses: pd.DataFrame
    oorsprongen: pd.DataFrame
    fouten: Foutenmodel
    metriek: dict
    h: int
    duur_s: float

    def als_json(self) -> dict:
        """The `backtest` JSON of the CLI (README)."""
        m = self.metriek
        return {
            "mase": _rond(m["mase"]),
            "rel_mae_naive": _rond(m["rel_mae_naive"]),
            "rel_mae_snaive": _rond(m["rel_mae_snaive"]),
            "coverage80": _rond(m["coverage80"]),
            "coverage95": _rond(m["coverage95"]),
            "series": int(m["series"]),
        }

    def per_horizon(self) -> pd.DataFrame:
        """MAE of model and baselines and pooled coverage per horizon 1..h."""
        p = self._geevalueerd()
        g = p.assign(
            fm=(p.werkelijk - p.model).abs(),
            fn=(p.werkelijk - p.naive).abs(),
            fs=(p.werkelijk - p.snaive).abs(),
            in80=_binnen(p, 80),
            in95=_binnen(p, 95),
        ).groupby("h")
        uit = pd.DataFrame(
            {
                "mae_model": g.fm.mean(),
                "mae_naive": g.fn.mean(),
                "mae_snaive": g.fs.mean(),
                "coverage80": g.in80.mean(),
                "coverage95": g.in95.mean(),
                "n": g.size(),
            }
        )
        return uit.reset_index()

    def per_reeks(self) -> pd.DataFrame:
        """Per series: MASE, MAE ratios and pooled 80% coverage (for a per-municipality table)."""
        p = _met_oorsprong(self._geevalueerd(), self.oorsprongen, ["schaal"])
        p = p.assign(
            fm=(p.werkelijk - p.model).abs(),
            fn=(p.werkelijk - p.naive).abs(),
            fs=(p.werkelijk - p.snaive).abs(),
            in80=_binnen(p, 80),
        )
        p["mase_deel"] = p.fm / p.schaal.where(p.schaal > 0)
        g = p.groupby("sleutel")
        return pd.DataFrame(
            {
                "mase": g.mase_deel.mean(),
                "rel_mae_naive": g.fm.sum() / g.fn.sum(),
                "rel_mae_snaive": g.fm.sum() / g.fs.sum(),
                "coverage80": g.in80.mean(),
                "n": g.size(),
            }
        ).reset_index()

    def _geevalueerd(self) -> pd.DataFrame:
        return self.prognoses[self.prognoses.h <= self.h]


def _rond(x) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 4)


def _met_oorsprong(p: pd.DataFrame, oorsprongen: pd.DataFrame, kolommen) -> pd.DataFrame:
    """Attach origin-level columns to forecast rows, keeping the rows' index and order."""
    return p.join(
        oorsprongen.set_index(["sleutel", "oorsprong"])[kolommen], on=["sleutel", "oorsprong"]
    )


def _binnen(p: pd.DataFrame, n: int) -> pd.Series:
    return (p.werkelijk >= p[f"plo{n}"]) & (p.werkelijk <= p[f"phi{n}"])


def _oorsprong_lengtes(n: int, h: int, stap: int, n_vensters: int, min_train: int) -> list[int]:
    """Training lengths of the origins, oldest first; the newest leaves exactly h months."""
    lengtes = [n - h - stap * k for k in range(n_vensters)]
    return sorted(t for t in lengtes if t >= min_train)


def _schaal(train: np.ndarray) -> float:
    """In-sample MAE of the seasonal-naive forecast (m=12); naive (m=1) for short data."""
    m = 12 if len(train) > 12 else 1
    if len(train) <= m:
        return np.nan
    return float(np.mean(np.abs(train[m:] - train[:-m])))


def _baselines(train: np.ndarray, H: int) -> tuple[np.ndarray, np.ndarray]:
    naive = np.full(H, train[-1])
    if len(train) < 12:
        return naive, naive
    return naive, train[-12:][np.arange(H) % 12]


def _backtest_reeks(sleutel, periodes, y, h, H, stap, n_vensters, refit, min_train, voorspeller):
    """All origins of one series: rows for the forecast and the origin frames."""
    rijen, oorsprongen, gefit = [], [], None
    lengtes = _oorsprong_lengtes(len(y), h, stap, n_vensters, min_train)
    for i, t in enumerate(lengtes):
        train = y[:t]
        opnieuw = refit is True or gefit is None or (refit and i % int(refit) == 0)
        punt, lo, hi, nieuw = voorspeller(
            train, H, NIVEAUS, gefit=None if opnieuw else gefit, bewaar=refit is not True
        )
        gefit = nieuw if opnieuw else gefit
        werkelijk = y[t : t + H]
        k = len(werkelijk)
        naive, snaive = _baselines(train, H)
        oorsprong = periodes[t - 1]
        rijen.append(
            pd.DataFrame(
                {
                    "sleutel": sleutel,
                    "oorsprong": oorsprong,
                    "h": np.arange(1, k + 1),
                    "periode": periodes[t : t + k],
                    "werkelijk": werkelijk,
                    "model": punt[:k],
                    "naive": naive[:k],
                    "snaive": snaive[:k],
                    "lo80": lo[0, :k],
                    "hi80": hi[0, :k],
                    "lo95": lo[1, :k],
                    "hi95": hi[1, :k],
                }
            )
        )
        oorsprongen.append(
            {
                "sleutel": sleutel,
                "oorsprong": oorsprong,
                "n_train": t,
                "klasse": klasse(train),
                "band": band(niveau(train)),
                "s": volatiliteit(train),
                "schaal": _schaal(train),
            }
        )
    return rijen, oorsprongen


def _werk(taken):
    return [_backtest_reeks(*t) for t in taken]


def _draai(taken, n_jobs):
    n_jobs = max(1, min(n_jobs, os.cpu_count() or 1, len(taken)))
    if n_jobs == 1:
        return _werk(taken)
    # Interleave long and short series over the workers so they finish together.
    delen = [taken[i::n_jobs] for i in range(n_jobs)]
    with ProcessPoolExecutor(n_jobs) as pool:
        res = list(pool.map(_werk, delen))
    uit = [None] * len(taken)
    for d, r in enumerate(res):
        uit[d::n_jobs] = r
    return uit


def foutenmodel(prognoses: pd.DataFrame, oorsprongen: pd.DataFrame) -> Foutenmodel:
    """Monthly and cumulative scaled log-ratio errors from backtest rows."""
    p = _met_oorsprong(prognoses, oorsprongen, ["band", "s"])
    p = p.sort_values(["sleutel", "oorsprong", "h"])
    maand = pd.DataFrame(
        {
            "groep": p.groep.to_numpy(),
            "sleutel": p.sleutel.to_numpy(),
            "band": p.band.to_numpy(),
            "h": p.h.to_numpy(),
            "fout": log_ratio(p.werkelijk.to_numpy(), p.model.to_numpy()) / p.s.to_numpy(),
        }
    )
    g = p.groupby(["sleutel", "oorsprong"], sort=False)
    cum_a = g.werkelijk.cumsum().to_numpy()
    cum_f = g.model.cumsum().to_numpy()
    cumulatief = maand.rename(columns={"h": "r"}).assign(
        fout=log_ratio(cum_a, cum_f) / p.s.to_numpy()
    )
    return Foutenmodel(maand=maand.reset_index(drop=True), cumulatief=cumulatief)


def _folds(groepen: np.ndarray) -> np.ndarray:
    """Fold number per row: leave-one-group-out up to MAX_FOLDS groups, grouped K-fold above."""
    uniek = np.unique(groepen)
    volgorde = np.random.default_rng(0).permutation(len(uniek))
    fold_van = dict(zip(uniek, volgorde % min(len(uniek), MAX_FOLDS), strict=True))
    return np.array([fold_van[g] for g in groepen])


def _kruisbanden(p: pd.DataFrame, niveaus=NIVEAUS) -> pd.DataFrame:
    """Pooled bounds for each row from the errors of the other folds (no self-judging).

    Uses the same `Foutenmodel` rules as the app (band cells, fallback to all bands, smoothing
    of thin pools), so the reported coverage is the coverage of the bands users see.
    """
    qs = [q for n in niveaus for q in ((1 - n / 100) / 2, 1 - (1 - n / 100) / 2)]
    fold = _folds(p.groep.to_numpy())
    uit = np.full((len(p), len(qs)), np.nan)
    kolommen = ["groep", "sleutel", "band", "h", "fout"]
    for f in np.unique(fold):
        test = fold == f
        # One municipality only: nothing to leave out, so its own errors are used (in-sample).
        train = p[~test] if (~test).any() else p
        pool = Foutenmodel(maand=train[kolommen], cumulatief=train[kolommen].iloc[:0])
        rijen = np.flatnonzero(test)
        for (h, bnd), plaats in p.iloc[rijen].groupby(["h", "band"]).indices.items():
            uit[rijen[plaats]] = pool.kwantielen_maand(int(h), bnd, qs)
    banden = pd.DataFrame(index=p.index)
    for i, n in enumerate(niveaus):
        banden[f"plo{n}"] = toepassen(p.model.to_numpy(), uit[:, 2 * i], p.s.to_numpy())
        banden[f"phi{n}"] = toepassen(p.model.to_numpy(), uit[:, 2 * i + 1], p.s.to_numpy())
    return banden


def _geo_gemiddelde(teller: pd.Series, noemer: pd.Series) -> float:
    ok = (teller > 0) & (noemer > 0)
    if not ok.any():
        return np.nan
    return float(np.exp(np.mean(np.log(teller[ok] / noemer[ok]))))


def _metriek(p: pd.DataFrame, oorsprongen: pd.DataFrame, h: int) -> dict:
    e = _met_oorsprong(p[p.h <= h], oorsprongen, ["schaal"])
    fm = (e.werkelijk - e.model).abs()
    fn = (e.werkelijk - e.naive).abs()
    fs = (e.werkelijk - e.snaive).abs()
    per_oorsprong = fm.groupby([e.sleutel, e.oorsprong]).mean()
    schaal = e.groupby(["sleutel", "oorsprong"]).schaal.first()
    mase = (per_oorsprong / schaal.where(schaal > 0)).mean()
    per_reeks = pd.DataFrame({"m": fm, "n": fn, "s": fs, "k": e.sleutel}).groupby("k").sum()
    binnen = {n: ((e.werkelijk >= e[f"plo{n}"]) & (e.werkelijk <= e[f"phi{n}"])) for n in NIVEAUS}
    model_binnen = {
        n: ((e.werkelijk >= e[f"lo{n}"]) & (e.werkelijk <= e[f"hi{n}"])) for n in NIVEAUS
    }
    return {
        "mase": float(mase),
        "rel_mae_naive": _geo_gemiddelde(per_reeks.m, per_reeks.n),
        "rel_mae_snaive": _geo_gemiddelde(per_reeks.m, per_reeks.s),
        "rel_mae_naive_totaal": float(fm.sum() / fn.sum()) if fn.sum() else np.nan,
        "rel_mae_snaive_totaal": float(fm.sum() / fs.sum()) if fs.sum() else np.nan,
        "coverage80": float(binnen[80].mean()),
        "coverage95": float(binnen[95].mean()),
        "coverage80_model": float(model_binnen[80].mean()),
        "coverage95_model": float(model_binnen[95].mean()),
        "series": int(e.sleutel.nunique()),
        "groepen": int(e.groep.nunique()),
        "coverage_methode": "buiten-groep" if e.groep.nunique() > 1 else "binnen-steekproef",
        "vensters": int(len(per_oorsprong)),
        "prognoses": int(len(e)),
    }


def backtest(
    reeksen: dict[str, pd.Series],
    h: int = 12,
    stap: int = 3,
    n_vensters: int = 8,
    h_cum: int = 24,
    refit: bool | int = 4,
    n_jobs: int = 1,
    min_train: int = 12,
    voorspeller=voorspel_array,
) -> BacktestResultaat:
    """Rolling-origin backtest of the baseline over many series, pooled.

    `reeksen`: key -> monthly series (index `YYYY-MM`). Keys are `nis` or `nis|...`: the part
    before `|` is the municipality (group) left out when its own intervals are calibrated.
    One indicator per call: errors of a caseload stock and of a monthly flow do not mix.
    `voorspeller`: the forecaster under test, with the signature of
    `baseline.voorspel_array` (the default); the benchmark swaps in a naive one for timing.
    """
    begin = time.perf_counter()
    H = max(h, h_cum)
    taken = []
    for sleutel, reeks in reeksen.items():
        r = controleer_reeks(reeks, naam=str(sleutel))
        instellingen = (h, H, stap, n_vensters, refit, min_train, voorspeller)
        taken.append((str(sleutel), list(r.index), r.to_numpy(), *instellingen))
    resultaten = _draai(taken, n_jobs)
    rijen = [df for rs, _ in resultaten for df in rs]
    if not rijen:
        raise ValueError("Geen enkele reeks is lang genoeg voor een backtest.")
    prognoses = pd.concat(rijen, ignore_index=True)
    prognoses.insert(1, "groep", prognoses.sleutel.map(groep_van))
    oorsprongen = pd.DataFrame([o for _, os_ in resultaten for o in os_])
    oorsprongen.insert(1, "groep", oorsprongen.sleutel.map(groep_van))
    fouten = foutenmodel(prognoses, oorsprongen)

    p = _met_oorsprong(prognoses, oorsprongen, ["band", "s"])
    p["fout"] = log_ratio(p.werkelijk.to_numpy(), p.model.to_numpy()) / p.s.to_numpy()
    banden = _kruisbanden(p[p.h <= h])
    prognoses = prognoses.join(banden)
    metriek = _metriek(prognoses, oorsprongen, h)
    return BacktestResultaat(
        prognoses=prognoses,
        oorsprongen=oorsprongen,
        fouten=fouten,
        metriek=metriek,
        h=h,
        duur_s=time.perf_counter() - begin,
    )
