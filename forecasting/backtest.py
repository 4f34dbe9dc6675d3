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

Calibration-only origins (`n_ijkoorsprongen`, issue 17): a 12-month sum's outcome is known
only 4 origins (12 months) after its origin, so the first 4 of 8 origins have no PIT of a
12-month sum to recalibrate P(target) with. `n_ijkoorsprongen` adds earlier origins (`stap`
months apart, before the oldest evaluated one) whose PITs join the recalibration under the same
as-of rule (an origin uses only PITs whose outcome window ended on or before it); they are not
in the error pool, the metrics or the track record (`ijk_prognoses`, `ijk_oorsprongen`), and
form their own chain of fits, so the evaluated forecasts are those without them, to the bit.
Off by default (`N_IJKOORSPRONGEN`): on the benchmark they made P less reliable.
"""

from __future__ import annotations

import inspect
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.baseline import klasse, voorspel_array
from forecasting.fouten import (
    _PIT_ROOSTER,
    Foutenmodel,
    band,
    groep_van,
    herijk_niveaus,
    kies_pits,
    kwantielen_gesorteerd,
    log_ratio,
    niveau,
    pit_van,
    pit_venster,
    toepassen,
    vergelijkbaar,
    volatiliteit,
)
from forecasting.periodes import controleer_reeks

NIVEAUS = (80, 95)
MAX_FOLDS = 20
#: Calibration-only origins before the evaluated ones: none by default. Measured with 4 (one
#: 12-month outcome window) on the issue-17 bench, the reliability of P got worse, not better
#: (largest gap per tenth 0.089 -> 0.105 on 199 series; Brier 0.1650 -> 0.1665) for ~1.9x the
#: build CPU: the 12-month sums' bias there is not the same in earlier years (bench/README.md).
N_IJKOORSPRONGEN = 0


@dataclass
class BacktestResultaat:
    """Everything a backtest produced; plain frames, picklable, cacheable per data release.

    `prognoses`: one row per series x origin x horizon: `sleutel, groep, oorsprong, h,
    periode, werkelijk, model, naive, snaive, lo80, hi80, lo95, hi95` (model-based bounds) and
    `plo80, phi80, plo95, phi95` (pooled out-of-group bounds, horizons 1..h).
    `oorsprongen`: one row per series x origin: `sleutel, groep, oorsprong, n_train, klasse,
    band, s, schaal`.
    `ijk_prognoses`, `ijk_oorsprongen`: the same frames for the calibration-only origins (their
    PITs recalibrate the evaluated origins; not scored; `None` when there were none).
    """

    prognoses: pd.DataFrame
    oorsprongen: pd.DataFrame
    fouten: Foutenmodel
    metriek: dict
    h: int
    duur_s: float
    ijk_prognoses: pd.DataFrame | None = None
    ijk_oorsprongen: pd.DataFrame | None = None

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


def _oorsprong_lengtes(
    n: int, h: int, stap: int, n_vensters: int, min_train: int, eerst: int = 0
) -> list[int]:
    """Training lengths of the origins, oldest first; the newest leaves exactly h months.
    `eerst` skips that many of the newest: the calibration-only origins lie before the
    `n_vensters` evaluated ones (`_oorsprong_lengtes(n, h, stap, k, m, eerst=n_vensters)`)."""
    lengtes = [n - h - stap * k for k in range(eerst, eerst + n_vensters)]
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


def _backtest_reeks(
    sleutel, periodes, y, h, H, stap, n_vensters, refit, min_train, voorspeller, n_ijk=0
):
    """All origins of one series: rows for the forecast and the origin frames, of the evaluated
    origins and of the calibration-only origins before them. Each is its own chain of fits (the
    calibration chain never hands a fit to the evaluated one), so the evaluated forecasts do not
    depend on `n_ijk`; every forecast uses only `y` up to its own origin."""
    lengtes = _oorsprong_lengtes(len(y), h, stap, n_vensters, min_train)
    ijk = _oorsprong_lengtes(len(y), h, stap, n_ijk, min_train, eerst=n_vensters)
    keten = (sleutel, periodes, y, H, refit, voorspeller)
    return (*_keten(*keten, lengtes), *_keten(*keten, ijk))


def _keten(sleutel, periodes, y, H, refit, voorspeller, lengtes):
    """One chain of origins (training lengths `lengtes`, oldest first), refitted every
    `refit`-th origin and rolled forward in between."""
    rijen, oorsprongen, gefit = [], [], None
    herfit_bekend = "herfit" in inspect.signature(voorspeller).parameters
    for i, t in enumerate(lengtes):
        train = y[:t]
        opnieuw = refit is True or gefit is None or (refit and i % int(refit) == 0)
        if refit is True:
            punt, lo, hi, nieuw = voorspeller(train, H, NIVEAUS)
        elif herfit_bekend:
            # A refit keeps the slow members' (ARIMA) parameters and rolls them forward.
            punt, lo, hi, nieuw = voorspeller(
                train, H, NIVEAUS, gefit=gefit, bewaar=True, herfit=opnieuw
            )
        else:  # a forecaster without `herfit` (older signature): refit everything
            punt, lo, hi, nieuw = voorspeller(
                train, H, NIVEAUS, gefit=None if opnieuw else gefit, bewaar=True
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
                "cel": vergelijkbaar(train),
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


FOUT_KOLOMMEN = ["groep", "sleutel", "band", "cel", "einde", "fout"]
KANS_FACTOREN = (0.8, 0.9, 1.0, 1.1, 1.25)  # targets of the P track record, x the forecast sum


def _foutrijen(prognoses: pd.DataFrame, oorsprongen: pd.DataFrame) -> pd.DataFrame:
    """Forecast rows with their origin's cell and volatility, and the scaled monthly (`fout`)
    and cumulative (`fout_cum`, sum of months 1..h) log-ratio errors."""
    p = _met_oorsprong(prognoses, oorsprongen, ["band", "cel", "s"])
    p = p.sort_values(["sleutel", "oorsprong", "h"])
    g = p.groupby(["sleutel", "oorsprong"], sort=False)
    p["cum_werkelijk"] = g.werkelijk.cumsum()
    p["cum_model"] = g.model.cumsum()
    p["einde"] = p.periode
    p["fout"] = log_ratio(p.werkelijk.to_numpy(), p.model.to_numpy()) / p.s.to_numpy()
    p["fout_cum"] = log_ratio(p.cum_werkelijk.to_numpy(), p.cum_model.to_numpy()) / p.s.to_numpy()
    return p


def _pool(p: pd.DataFrame) -> Foutenmodel:
    maand = p[[*FOUT_KOLOMMEN[:-1], "h", "fout"]]
    cum = p[[*FOUT_KOLOMMEN[:-1], "h", "fout_cum"]].rename(columns={"h": "r", "fout_cum": "fout"})
    return Foutenmodel(maand=maand.reset_index(drop=True), cumulatief=cum.reset_index(drop=True))


def foutenmodel(
    prognoses: pd.DataFrame, oorsprongen: pd.DataFrame, pit: pd.DataFrame | None = None
) -> Foutenmodel:
    """Monthly and cumulative scaled log-ratio errors from backtest rows (and their PITs)."""
    model = _pool(_foutrijen(prognoses, oorsprongen))
    model.pit = pit
    return model


def _fold_van(groepen: np.ndarray) -> dict:
    """Fold number per group: leave-one-group-out up to MAX_FOLDS groups, grouped K-fold above."""
    uniek = np.unique(groepen)
    volgorde = np.random.default_rng(0).permutation(len(uniek))
    return dict(zip(uniek, volgorde % min(len(uniek), MAX_FOLDS), strict=True))


def _folds(groepen: np.ndarray, fold_van: dict | None = None) -> np.ndarray:
    """Fold number per row (`_fold_van` of these groups unless given)."""
    fold_van = _fold_van(groepen) if fold_van is None else fold_van
    return np.array([fold_van[g] for g in groepen])


def _kruismonster(pool: Foutenmodel, fold: np.ndarray | None, soort: str, stap: int, cel: str, f):
    """Fold `f`'s view of the shared pool: the centred comparable errors of the other folds
    (all rows when `fold` is None: a single municipality), sorted and cached on the pool."""
    sleutel = ("kruis", soort, stap, cel, f)
    if sleutel not in pool._cellen:
        r = pool._ruw(soort, stap, cel, None, behoud=None if fold is None else fold != f)
        pool._cellen[sleutel] = np.sort(r - np.median(r))
    return pool._cellen[sleutel]


def _pit_index_folds(pits: pd.DataFrame) -> dict:
    """Per kind and comparable cell: outcome months (sorted), PITs, horizons and folds, built
    once."""
    uit = {}
    for soort, d in pits.groupby("soort"):
        d = d.sort_values("einde", kind="stable")
        uit[soort] = {
            c: (
                g.einde.to_numpy().astype(str),
                g.pit.to_numpy(float),
                g.stap.to_numpy(),
                g.fold.to_numpy(),
            )
            for c, g in d.groupby("cel")
        }
    return uit


def _zonder_fold(index: dict, f) -> dict:
    """`fouten.pit_index` of the other folds' PITs (all PITs for `f=None`: a single
    municipality), cut from the shared index."""
    uit = {}
    for c, (e, pit, stap, fo) in index.items():
        keuze = np.ones(len(fo), dtype=bool) if f is None else fo != f
        if keuze.any():
            uit[c] = (e[keuze], pit[keuze], stap[keuze])
    return uit


def _kruispits(p: pd.DataFrame, fold: np.ndarray, pool: Foutenmodel, maskers) -> pd.DataFrame:
    """The monthly and cumulative PIT of every row of `p` in its fold's view of the pool:
    frame `groep, soort, cel, einde, pit, stap, fold` (all monthly rows, then all sums)."""
    cellen = p.cel.to_numpy().astype(str)
    stappen = p.h.to_numpy()
    fout, fout_cum = p.fout.to_numpy(), p.fout_cum.to_numpy()
    pit = np.full(len(p), np.nan)
    pit_cum = np.full(len(p), np.nan)
    sleutels = pd.DataFrame({"f": fold, "h": stappen, "c": cellen})
    for (f, stap, cel), r in sleutels.groupby(["f", "h", "c"], sort=False).indices.items():
        pit[r] = pit_van(_kruismonster(pool, maskers, "maand", int(stap), cel, f), fout[r])
        pit_cum[r] = pit_van(
            _kruismonster(pool, maskers, "cumulatief", int(stap), cel, f), fout_cum[r]
        )
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "groep": p.groep.to_numpy(),
                    "soort": soort,
                    "cel": cellen,
                    "einde": p.einde.to_numpy(),
                    "pit": waarden,
                    "stap": stappen,
                    "fold": fold,
                }
            )
            for soort, waarden in (("maand", pit), ("cumulatief", pit_cum))
        ],
        ignore_index=True,
    )


def _kruisbanden(
    p: pd.DataFrame, h: int, niveaus=NIVEAUS, ijk: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Out-of-group bands, PITs and stated probabilities for every backtest row.

    Each municipality is judged on a pool of the other folds' errors (no self-judging) with the
    app's own rules (`Foutenmodel`: comparable cells, centring); the recalibration of a row
    uses only the other folds' PITs whose outcome month lies on or before the row's origin
    (as the app would have known them then). So the reported coverage and Brier score are
    those of the bands and probabilities users see, replayed as of each origin. One pool and
    one PIT index serve every fold (masked per fold): building them per fold cost more than
    the rest of the cross-fitting. `ijk`: rows of calibration-only origins (`_foutrijen`):
    judged on the same pool (they are not in it), their PITs join the recalibration under the
    same as-of rule; they get no bands or P.

    Returns the rows' `plo80, phi80, plo95, phi95, pit, pit_cum` and the PIT frame of the
    `Foutenmodel` (`groep, soort, cel, einde, pit, stap`), plus, for rows at horizon `h`, the
    stated P of reaching `KANS_FACTOREN` x the forecast sum (`kans_*`, `gehaald_*`)."""
    qs = [q for n in niveaus for q in ((1 - n / 100) / 2, 1 - (1 - n / 100) / 2)]
    fold_van = _fold_van(p.groep.to_numpy())
    fold = _folds(p.groep.to_numpy(), fold_van)
    enkel = len(np.unique(fold)) == 1  # one municipality: its own errors (in-sample)
    maskers = None if enkel else fold
    cellen = p.cel.to_numpy().astype(str)
    stappen = p.h.to_numpy()
    pool = _pool(p)
    eigen = _kruispits(p, fold, pool, maskers)
    pit = eigen.pit.to_numpy()[: len(p)]
    pit_cum = eigen.pit.to_numpy()[len(p) :]
    pits = eigen
    if ijk is not None and len(ijk):
        ijk = ijk[ijk.groep.isin(fold_van)]  # a group always has evaluated origins too
        pits = pd.concat(
            [eigen, _kruispits(ijk, _folds(ijk.groep.to_numpy(), fold_van), pool, maskers)],
            ignore_index=True,
        )
    sleutels = pd.DataFrame({"f": fold, "h": stappen, "c": cellen})
    volledig = _pit_index_folds(pits)
    kw = np.full((len(p), len(qs)), np.nan)
    kans = np.full((len(p), len(KANS_FACTOREN)), np.nan)
    F_cum, s_rij = p.cum_model.to_numpy(), p.s.to_numpy()
    sleutels["o"] = p.oorsprong.to_numpy()
    positie = np.flatnonzero(stappen <= h)
    groepen = sleutels.iloc[positie].groupby(["f", "o", "c", "h"], sort=False).indices
    index_fold, niveaus_van = {}, {}
    for (f, o, cel, stap), plaats in groepen.items():
        r = positie[plaats]
        if f not in index_fold:
            index_fold[f] = {
                k: _zonder_fold(ix, None if enkel else f) for k, ix in volledig.items()
            }
        if (f, o, cel) not in niveaus_van:
            niveaus_van[(f, o, cel)] = herijk_niveaus(kies_pits(index_fold[f]["maand"], cel, o))
        ruw = _kruismonster(pool, maskers, "maand", int(stap), cel, f)
        kw[r] = kwantielen_gesorteerd(ruw, np.interp(qs, _PIT_ROOSTER, niveaus_van[(f, o, cel)]))
        if stap == h:
            venster = pit_venster("cumulatief", int(stap))
            lv_cum = herijk_niveaus(kies_pits(index_fold[f]["cumulatief"], cel, o, venster))
            monster = kwantielen_gesorteerd(
                _kruismonster(pool, maskers, "cumulatief", int(stap), cel, f), lv_cum
            )
            F, s = F_cum[r], s_rij[r]
            for k, factor in enumerate(KANS_FACTOREN):
                drempel = (np.log1p(F * factor) - np.log1p(F)) / s
                kans[r, k] = 1.0 - pit_van(monster, drempel)
    banden = pd.DataFrame(index=p.index)
    for i, n in enumerate(niveaus):
        banden[f"plo{n}"] = toepassen(p.model.to_numpy(), kw[:, 2 * i], p.s.to_numpy())
        banden[f"phi{n}"] = toepassen(p.model.to_numpy(), kw[:, 2 * i + 1], p.s.to_numpy())
    banden["pit"] = pit
    banden["pit_cum"] = pit_cum
    for k, factor in enumerate(KANS_FACTOREN):
        banden[f"kans_{factor:g}"] = kans[:, k]
        banden[f"gehaald_{factor:g}"] = np.where(
            np.isnan(kans[:, k]),
            np.nan,
            p.cum_werkelijk.to_numpy() >= p.cum_model.to_numpy() * factor,
        )
    return banden, pits.drop(columns="fold")


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
    n_ijkoorsprongen: int = N_IJKOORSPRONGEN,
) -> BacktestResultaat:
    """Rolling-origin backtest of the baseline over many series, pooled.

    `reeksen`: key -> monthly series (index `YYYY-MM`). Keys are `nis` or `nis|...`: the part
    before `|` is the municipality (group) left out when its own intervals are calibrated.
    One indicator per call: errors of a caseload stock and of a monthly flow do not mix.
    `voorspeller`: the forecaster under test, with the signature of
    `baseline.voorspel_array` (the default); the benchmark swaps in a naive one for timing.
    `n_ijkoorsprongen`: calibration-only origins before the `n_vensters` evaluated ones (module
    docstring); where a series is too short for them it simply has fewer.
    """
    begin = time.perf_counter()
    H = max(h, h_cum)
    taken = []
    for sleutel, reeks in reeksen.items():
        r = controleer_reeks(reeks, naam=str(sleutel))
        instellingen = (h, H, stap, n_vensters, refit, min_train, voorspeller, n_ijkoorsprongen)
        taken.append((str(sleutel), list(r.index), r.to_numpy(), *instellingen))
    resultaten = _draai(taken, n_jobs)
    if not any(rs for rs, *_ in resultaten):
        raise ValueError("Geen enkele reeks is lang genoeg voor een backtest.")
    prognoses, oorsprongen = _frames([(rs, os_) for rs, os_, _, _ in resultaten])
    ijk = _frames([(rs, os_) for _, _, rs, os_ in resultaten])
    return naverwerk(prognoses, oorsprongen, h, begin, ijk=ijk)


def _frames(resultaten) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The forecast rows and origin rows of every series in one frame each (None if none)."""
    rijen = [df for rs, _ in resultaten for df in rs]
    if not rijen:
        return None
    prognoses = pd.concat(rijen, ignore_index=True)
    prognoses.insert(1, "groep", prognoses.sleutel.map(groep_van))
    oorsprongen = pd.DataFrame([o for _, os_ in resultaten for o in os_])
    oorsprongen.insert(1, "groep", oorsprongen.sleutel.map(groep_van))
    return prognoses, oorsprongen


def naverwerk(
    prognoses: pd.DataFrame,
    oorsprongen: pd.DataFrame,
    h: int,
    begin: float | None = None,
    ijk: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> BacktestResultaat:
    """Everything after the fits: error pool, out-of-group bands, PITs, P and metrics. `ijk`:
    the forecast and origin rows of the calibration-only origins (PITs only). The benchmark
    calls it again on the same fits to compare a recalibration rule in one run; columns an
    earlier call added are dropped first."""
    begin = time.perf_counter() if begin is None else begin
    prognoses = _zonder_afgeleid(prognoses)
    p = _foutrijen(prognoses, oorsprongen)
    p_ijk = None if ijk is None else _foutrijen(_zonder_afgeleid(ijk[0]), ijk[1])
    banden, pits = _kruisbanden(p, h, ijk=p_ijk)
    fouten = _pool(p)
    fouten.pit = pits[pits.pit.notna()].reset_index(drop=True)
    banden.loc[p.h.to_numpy() > h, ["plo80", "phi80", "plo95", "phi95"]] = np.nan
    prognoses = prognoses.join(banden)
    metriek = _metriek(prognoses, oorsprongen, h)
    return BacktestResultaat(
        prognoses=prognoses,
        oorsprongen=oorsprongen,
        fouten=fouten,
        metriek=metriek,
        h=h,
        duur_s=time.perf_counter() - begin,
        ijk_prognoses=None if ijk is None else _zonder_afgeleid(ijk[0]),
        ijk_oorsprongen=None if ijk is None else ijk[1],
    )


def _zonder_afgeleid(prognoses: pd.DataFrame) -> pd.DataFrame:
    prognoses = prognoses[[c for c in prognoses.columns if c not in _AFGELEID]]
    return prognoses.loc[:, ~prognoses.columns.str.startswith(("kans_", "gehaald_"))]


_AFGELEID = ("plo80", "phi80", "plo95", "phi95", "pit", "pit_cum")


# --------------------------------------------------------------------------------------------
# track record (issue 17): what the as-of replays of the backtest say about the forecasts

GROOTTE_LABELS = {"<=10": "≤ 10 per maand", "10-100": "10–100 per maand", ">100": "> 100 per maand"}
TREND_LABELS = {"daalt": "dalend", "vlak": "vlak", "stijgt": "stijgend"}
KANS_BAKKEN = tuple(np.round(np.arange(0, 1.01, 0.1), 1))
TRACKRECORD_KOLOMMEN = (
    "soort",
    "mase",
    "rel_mae_naive",
    "rel_mae_snaive",
    "coverage80",
    "coverage95",
    "brier",
    "kans_gezegd",
    "kans_gebeurd",
    "reeksen",
    "prognoses",
    "kansen",
)


def kansen(bt: BacktestResultaat) -> pd.DataFrame:
    """The stated probabilities of the replays, one row per series x origin x target:
    `sleutel, groep, oorsprong, grootte, trend, factor, kans, gehaald` (target = factor x the
    forecast sum of the next `h` months; stated out-of-group, recalibrated as of the origin)."""
    p = bt.prognoses
    kolommen = [c for c in p.columns if c.startswith("kans_")]
    if not kolommen:
        return pd.DataFrame(
            columns=[
                "sleutel",
                "groep",
                "oorsprong",
                "grootte",
                "trend",
                "factor",
                "kans",
                "gehaald",
            ]
        )
    p = _met_oorsprong(p[p.h == bt.h], bt.oorsprongen, ["cel"])
    delen = []
    for kol in kolommen:
        factor = kol.removeprefix("kans_")
        d = p[["sleutel", "groep", "oorsprong", "cel", kol, f"gehaald_{factor}"]].dropna()
        d.columns = ["sleutel", "groep", "oorsprong", "cel", "kans", "gehaald"]
        delen.append(d.assign(factor=float(factor)))
    uit = pd.concat(delen, ignore_index=True)
    cel = uit.pop("cel").str.split("|")
    uit.insert(3, "grootte", cel.str[0])
    uit.insert(4, "trend", cel.str[1])
    uit["gehaald"] = uit.gehaald.astype(float)
    return uit[["sleutel", "groep", "oorsprong", "grootte", "trend", "factor", "kans", "gehaald"]]


def betrouwbaarheid(k: pd.DataFrame, bakken=KANS_BAKKEN) -> pd.DataFrame:
    """Reliability table: per bin of stated P the number of cases, the mean stated P and how
    often it came true. Frame `van, tot, n, gezegd, gebeurd`."""
    grenzen = list(bakken[:-1]) + [1.0001]
    bak = pd.cut(k.kans, grenzen, right=False)
    t = k.groupby(bak, observed=True).agg(
        n=("gehaald", "size"), gezegd=("kans", "mean"), gebeurd=("gehaald", "mean")
    )
    t.insert(0, "van", [i.left for i in t.index])
    t.insert(1, "tot", [min(i.right, 1.0) for i in t.index])
    return t.reset_index(drop=True)


def _trackrij(soort: str, bt: BacktestResultaat, sleutels: pd.Series, k: pd.DataFrame) -> dict:
    """Metrics of the forecasts whose origin is in `sleutels` (index: sleutel, oorsprong)."""
    paar = pd.MultiIndex.from_frame(bt.prognoses[["sleutel", "oorsprong"]])
    p = bt.prognoses[paar.isin(sleutels)]
    o = bt.oorsprongen[
        pd.MultiIndex.from_frame(bt.oorsprongen[["sleutel", "oorsprong"]]).isin(sleutels)
    ]
    m = _metriek(p, o, bt.h)
    return {
        "soort": soort,
        "mase": m["mase"],
        "rel_mae_naive": m["rel_mae_naive"],
        "rel_mae_snaive": m["rel_mae_snaive"],
        "coverage80": m["coverage80"],
        "coverage95": m["coverage95"],
        "brier": float(((k.kans - k.gehaald) ** 2).mean()) if len(k) else np.nan,
        "kans_gezegd": float(k.kans.mean()) if len(k) else np.nan,
        "kans_gebeurd": float(k.gehaald.mean()) if len(k) else np.nan,
        "reeksen": m["series"],
        "prognoses": m["prognoses"],
        "kansen": int(len(k)),
    }


def trackrecord(bt: BacktestResultaat) -> dict[str, pd.DataFrame]:
    """The track record of a backtest, as replayed as of each origin (pure; for "Data &
    methode" and `leefloonmonitor backtest --indicator X --trackrecord`).

    `nauwkeurigheid`: one row for all series, then per size class and per trend class (of the
    history at each origin): MASE, relative MAE against the naive and the seasonal-naive
    forecast, coverage of the 80% and 95% bands, the Brier score of P(target), the mean stated
    P and how often it came true (columns `TRACKRECORD_KOLOMMEN`).
    `betrouwbaarheid`: the reliability table of P (stated vs observed per tenth).
    """
    o = bt.oorsprongen
    cel = o.cel.str.split("|") if "cel" in o.columns else pd.Series([["?", "?"]] * len(o))
    paren = pd.MultiIndex.from_frame(o[["sleutel", "oorsprong"]])
    k = kansen(bt)
    k_paar = pd.MultiIndex.from_frame(k[["sleutel", "oorsprong"]])
    rijen = [_trackrij("alle reeksen", bt, paren, k)]
    for labels, deel in ((GROOTTE_LABELS, cel.str[0]), (TREND_LABELS, cel.str[1])):
        for code, label in labels.items():
            kies = (deel == code).to_numpy()
            if kies.any():
                rijen.append(_trackrij(label, bt, paren[kies], k[k_paar.isin(paren[kies])]))
    return {
        "nauwkeurigheid": pd.DataFrame(rijen, columns=list(TRACKRECORD_KOLOMMEN)),
        "betrouwbaarheid": betrouwbaarheid(k),
    }
