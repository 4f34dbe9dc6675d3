"""Empirical forecast errors: the basis of every interval and probability shown to users.

Why pooled: one municipality's series is too short to learn its own error distribution
(a 12-month horizon with a few windows gives a handful of errors). The rolling-origin backtest
over all municipalities gives thousands. Following the OBR practice of building fan charts from
past forecast errors, we keep the errors as log-ratios `log((A+1)/(F+1))` (A = actual,
F = point forecast): scale-free, and the `+1` keeps zero months finite.

What makes a band or a probability independent of which other series happen to be in the pool
(issue 17):

- errors are divided by the series' own volatility `s` (mean absolute month-on-month change of
  `log(1+y)` over the last 36 months);
- errors are pooled only over *comparable* series (`vergelijkbaar`): the same size class
  (<= 10, 10-100, > 100 a month), trend class (falling, flat, rising over the last year) and
  volatility class (noise against a Poisson count of that size). A thin cell falls back to the
  series' size and trend class, then its size class, and with nothing comparable to the
  series' own model: a random walk in logs with its own volatility. Never to other sizes;
- every sample is centred on its median: the pool decides the width, never the direction (a
  median shift learnt from other municipalities would move this municipality's forecast);
- with the PIT values of the backtest (`pit`: the rank of each out-of-group error in the pool
  it was judged on) the sample is recalibrated (Kuleshov et al. 2018: the empirical CDF of the
  PITs is the isotonic recalibration map), per comparable cell; `tot=` keeps only backtests whose
  outcome month is known by then (as-of replays). A sum over r months is recalibrated only on
  PITs of sums over r-3..r months (`PIT_VENSTER_CUM`): the bias of a sum grows with its length
  (mean PIT 0.48 for one month, 0.57 for twelve on the benchmark), and the short sums, whose
  outcomes are known first, would otherwise dominate and hide it (bench/README.md).

A municipality's own errors are left out when its bands are computed (`zonder=`), so a
forecast is never judged by itself. A pool thinner than `min_per_cel` errors is smoothed to a
normal distribution with the same spread; with a single municipality its own errors are used
rather than none. Pools built before issue 17 (no `cel` column) keep the size bands `band`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

BAND_GRENZEN = (5.0, 15.0, 50.0, 200.0)
BANDEN = ("<5", "5-15", "15-50", "50-200", ">=200")
MIN_PER_CEL = 40
MIN_VOLATILITEIT = 0.01
GROOTTE_GRENZEN = (10.0, 100.0)
GROOTTES = ("<=10", "10-100", ">100")
TREND_GRENS = 0.10  # |log change of the yearly mean| above this: falling or rising
RUIS_GRENS = 1.5  # volatility above 1.5x that of a Poisson count of this size: "woelig"
MIN_PIT = 100  # fewer PIT values than this: no recalibration
PIT_GEWICHT = 200  # shrink the recalibration map to the identity with n / (n + this)
PIT_VENSTER_CUM = 3  # a sum over r months: recalibrated on PITs of sums over r-3..r months


def band(niveau: float) -> str:
    """Size band of a series by its recent monthly mean."""
    return BANDEN[int(np.searchsorted(BAND_GRENZEN, niveau, side="right"))]


def niveau(y: np.ndarray) -> float:
    return float(np.mean(y[-12:])) if len(y) else 0.0


def volatiliteit(y: np.ndarray) -> float:
    """Mean absolute month-on-month change of log(1+y) over the last 36 months."""
    staart = np.log1p(np.asarray(y, dtype=float)[-36:])
    if len(staart) < 2:
        return 0.1
    return max(float(np.mean(np.abs(np.diff(staart)))), MIN_VOLATILITEIT)


def groep_van(sleutel: str) -> str:
    """The municipality a series belongs to: keys are `nis` or `nis|anything`."""
    return str(sleutel).split("|", 1)[0]


def grootte(y: np.ndarray) -> str:
    """Size class by the mean of the last 12 months (<= 10, 10-100, > 100 a month)."""
    return GROOTTES[int(np.searchsorted(GROOTTE_GRENZEN, niveau(y), side="left"))]


def trend(y: np.ndarray) -> str:
    """`daalt`, `vlak` or `stijgt`: the last 12 months against the 12 before."""
    y = np.asarray(y, dtype=float)
    if len(y) < 24:
        return "vlak"
    verschil = np.log1p(np.mean(y[-12:])) - np.log1p(np.mean(y[-24:-12]))
    return "daalt" if verschil < -TREND_GRENS else "stijgt" if verschil > TREND_GRENS else "vlak"


def ruis(y: np.ndarray) -> str:
    """`rustig` or `woelig`: volatility against that of a Poisson count of the same size
    (mean absolute change of log(1+y) is about 1.13 / sqrt(mean) for a Poisson count)."""
    mu = max(niveau(y), 0.5)
    return "woelig" if volatiliteit(y) > RUIS_GRENS * 1.13 / np.sqrt(mu) else "rustig"


def vergelijkbaar(y: np.ndarray) -> str:
    """The comparable-series cell of a history: `grootte|trend|ruis`."""
    return f"{grootte(y)}|{trend(y)}|{ruis(y)}"


def _terugval(cel: str) -> list[str]:
    """Cells to try, most specific first; all within the same size class."""
    delen = cel.split("|")
    return ["|".join(delen[:k]) for k in range(len(delen), 0, -1)]


def log_ratio(werkelijk, voorspeld) -> np.ndarray:
    return np.log1p(np.maximum(werkelijk, 0.0)) - np.log1p(np.maximum(voorspeld, 0.0))


def toepassen(punt, fout_geschaald, s) -> np.ndarray:
    """Inverse of the error definition: the value an error turns the forecast into (>= 0)."""
    return np.maximum(np.expm1(np.log1p(np.maximum(punt, 0.0)) + fout_geschaald * s), 0.0)


_NORMAAL_ROOSTER = stats.norm.ppf((np.arange(200) + 0.5) / 200)


def _glad(fouten: np.ndarray) -> np.ndarray:
    """A thin pool (a handful of municipalities) smoothed to a normal with its mean and spread:
    the 5% and 95% quantiles of 16 errors would just be their extremes."""
    if len(fouten) < 2:
        return fouten
    return float(np.mean(fouten)) + float(np.std(fouten, ddof=1)) * _NORMAAL_ROOSTER


_PIT_ROOSTER = (np.arange(400) + 0.5) / 400


def eigen_model(soort: str, stap: int) -> np.ndarray:
    """The series' own model when nothing comparable exists: a random walk in log(1+y) whose
    mean absolute step is the volatility `s` (sd of a step about 1.25 s), as scaled errors:
    after h months sd 1.25 sqrt(h); for the sum of r months that of the mean of r positions."""
    if soort == "maand":
        sd = 1.25 * np.sqrt(stap)
    else:
        sd = 1.25 * np.sqrt((stap + 1) * (2 * stap + 1) / (6 * stap))
    return sd * _NORMAAL_ROOSTER


def kwantielen_gesorteerd(a: np.ndarray, q) -> np.ndarray:
    """`np.quantile(a, q)` (linear, the default) of an already sorted, finite `a`, without the
    partition numpy does on every call: the backtest asks ~15,000 of them per build."""
    n = len(a)
    if n == 0:
        return np.quantile(a, q)
    vi = (n - 1) * np.asarray(q, dtype=float)
    laag = np.floor(vi)
    gamma = vi - laag
    i = np.clip(laag.astype(np.intp), 0, n - 1)
    j = np.clip(i + 1, 0, n - 1)
    j[vi >= n - 1] = n - 1
    i[vi >= n - 1] = n - 1
    a_i, a_j = a[i], a[j]
    verschil = a_j - a_i
    return np.where(gamma >= 0.5, a_j - verschil * (1 - gamma), a_i + verschil * gamma)


def herijk_niveaus(pits: np.ndarray, niveaus=_PIT_ROOSTER) -> np.ndarray:
    """Isotonic recalibration: the quantile levels of the raw sample that make its PIT
    uniform (the empirical quantiles of past PITs), shrunk to the identity for few PITs."""
    pits = np.asarray(pits, dtype=float)
    if len(pits) < MIN_PIT:
        return np.asarray(niveaus, dtype=float)
    w = len(pits) / (len(pits) + PIT_GEWICHT)
    kw = kwantielen_gesorteerd(np.sort(pits), niveaus)
    return w * kw + (1 - w) * np.asarray(niveaus, dtype=float)


def pit_index(cellen, einde, pits, stappen=None) -> dict:
    """PIT values per comparable cell, sorted by outcome month (for `kies_pits`), with the
    horizon (month h or sum length r) of each when `stappen` is given."""
    frame = pd.DataFrame({"c": np.asarray(cellen).astype(str), "e": einde, "p": pits})
    frame["s"] = 0 if stappen is None else np.asarray(stappen, dtype=int)
    frame = frame.sort_values("e", kind="stable")
    return {
        c: (d.e.to_numpy().astype(str), d.p.to_numpy(float), d.s.to_numpy())
        for c, d in frame.groupby("c")
    }


def _bekend(e, p, s, tot: str | None, venster: tuple[int, int] | None) -> np.ndarray:
    """PITs whose outcome is known by `tot` (as-of) and, with a `venster`, of those horizons."""
    n = len(p) if tot is None else int(np.searchsorted(e, tot, side="right"))
    if venster is None:
        return p[:n]
    return p[:n][(s[:n] >= venster[0]) & (s[:n] <= venster[1])]


def kies_pits(
    index: dict, cel: str, tot: str | None = None, venster: tuple[int, int] | None = None
) -> np.ndarray:
    """The PITs (outcome known by `tot`; horizons in `venster` when given) of the most specific
    comparable cell of `cel` with at least `MIN_PIT` (the errors' fallback, never outside the
    size class); none if too thin."""
    for c in _terugval(cel):
        delen = [
            _bekend(*waarden, tot, venster)
            for u, waarden in index.items()
            if u == c or u.startswith(c + "|")
        ]
        if sum(len(d) for d in delen) >= MIN_PIT:
            return np.concatenate(delen)
    return np.empty(0)


def pit_venster(soort: str, stap: int) -> tuple[int, int] | None:
    """The horizons whose PITs recalibrate a sum over `stap` months (none for a month)."""
    if soort != "cumulatief" or PIT_VENSTER_CUM is None:
        return None
    return (max(1, int(stap) - PIT_VENSTER_CUM), int(stap))


def pit_van(monster: np.ndarray, fout: np.ndarray) -> np.ndarray:
    """PIT of errors in a (sorted or not) sample: the share below, ties counted half."""
    m = np.sort(monster)
    lo = np.searchsorted(m, fout, side="left")
    hi = np.searchsorted(m, fout, side="right")
    return (lo + hi) / (2.0 * max(len(m), 1))


@dataclass
class Foutenmodel:
    """Scaled log-ratio errors per horizon (monthly values) and per cumulative length.

    `maand`: frame `groep, sleutel, band, h, fout` (error of the month h ahead) and, since
    issue 17, `cel` (`vergelijkbaar` of the history) and `einde` (the month of the outcome);
    `cumulatief`: the same with `r` (error of the sum of months 1..r) instead of `h`.
    `pit`: frame `groep, soort, cel, einde, pit` (and since the horizon window, `stap`: h or r)
    of out-of-group PIT values from the backtest, the basis of the recalibration (empty: none).
    Plain frames: picklable and cacheable per data release.
    """

    maand: pd.DataFrame
    cumulatief: pd.DataFrame
    min_per_cel: int = MIN_PER_CEL
    pit: pd.DataFrame | None = None
    _cellen: dict = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self):
        staat = self.__dict__.copy()
        staat["_cellen"] = {}
        return staat

    @property
    def vergelijkend(self) -> bool:
        """Pooled over comparable series (issue 17), or over size bands (older pools)."""
        return "cel" in self.maand.columns

    def sleutel_voor(self, y: np.ndarray) -> str:
        """The cell key of a history in this pool."""
        return vergelijkbaar(y) if self.vergelijkend else band(niveau(y))

    def _kolommen(self, soort: str):
        sleutel = ("kolommen", soort)
        if sleutel not in self._cellen:
            frame = self.maand if soort == "maand" else self.cumulatief
            kol = "h" if soort == "maand" else "r"
            cel = frame["cel"] if self.vergelijkend else frame["band"]
            self._cellen[sleutel] = (
                frame[kol].to_numpy(),
                cel.to_numpy().astype(str),
                frame["groep"].astype(str).to_numpy(),
                frame["fout"].to_numpy(dtype=float),
            )
        return self._cellen[sleutel]

    def _index(self, soort: str) -> dict:
        """Row numbers per (step, cell or cell prefix) and per step (None), built once."""
        sleutel = ("index", soort)
        if sleutel not in self._cellen:
            stappen, cellen, _, _ = self._kolommen(soort)
            delen: dict = {}
            paren = pd.DataFrame({"s": stappen, "c": cellen}).groupby(["s", "c"]).indices
            for (stap, cel), rijen in paren.items():
                prefixen = _terugval(cel) if self.vergelijkend else [cel]
                for k in (*prefixen, None):
                    delen.setdefault((int(stap), k), []).append(rijen)
            self._cellen[sleutel] = {k: np.sort(np.concatenate(v)) for k, v in delen.items()}
        return self._cellen[sleutel]

    def _cel(self, soort: str, stap: int, cel: str | None, behoud: np.ndarray | None = None):
        _, _, groepen, fouten = self._kolommen(soort)
        rijen = self._index(soort).get((int(stap), cel), np.empty(0, dtype=int))
        if behoud is not None:
            rijen = rijen[behoud[rijen]]
        return groepen[rijen], fouten[rijen]

    def _ruw(
        self, soort: str, stap: int, cel: str, zonder: str | None, behoud: np.ndarray | None = None
    ) -> np.ndarray:
        """The comparable errors before centring and recalibration. `behoud` (a mask over the
        pool's rows) keeps only those rows, as if the pool held nothing else: the backtest's
        cross-fitting judges each fold on one shared pool instead of building one per fold."""
        if not self.vergelijkend:  # older pools: own band, then all bands (as before)
            pogingen = [(cel, zonder), (None, zonder), (None, None)]
        else:  # never outside the size class; the own model when nothing is comparable
            pogingen = [(c, zonder) for c in _terugval(cel)] + [(_terugval(cel)[-1], None)]
        for i, (c, zonder_) in enumerate(pogingen):
            groepen, fouten = self._cel(soort, stap, c, behoud)
            if zonder_ is not None:
                fouten = fouten[groepen != zonder_]
            if len(fouten) >= self.min_per_cel:
                return fouten
            laatste_kans = (c is None) if not self.vergelijkend else (i >= len(pogingen) - 2)
            if laatste_kans and len(fouten) > 1:
                return _glad(fouten)
        if self.vergelijkend:
            return eigen_model(soort, stap)
        raise ValueError(f"Geen backtestfouten voor horizon {stap}.")

    def pits(
        self,
        soort: str,
        cel: str,
        zonder: str | None = None,
        tot: str | None = None,
        stap: int | None = None,
    ):
        """Past PIT values of this kind, of other municipalities, with their outcome known by
        `tot` (as-of), from the most specific comparable cell with at least `MIN_PIT`; for a
        sum over `stap` months only those of similar sums (`pit_venster`)."""
        if self.pit is None or self.pit.empty or not self.vergelijkend:
            return np.empty(0)
        # Pools cached before the horizon window have no `stap`: all horizons, as then.
        venster = pit_venster(soort, stap) if stap and "stap" in self.pit.columns else None
        sleutel = ("pits", soort, cel, zonder, tot, venster)
        if sleutel not in self._cellen:
            ik = ("pit_index", soort, zonder)
            if ik not in self._cellen:
                p = self.pit
                keuze = p["soort"].to_numpy() == soort
                if zonder is not None:
                    keuze &= p["groep"].to_numpy() != zonder
                self._cellen[ik] = pit_index(
                    p["cel"].to_numpy()[keuze],
                    p["einde"].to_numpy()[keuze],
                    p["pit"].to_numpy(dtype=float)[keuze],
                    p["stap"].to_numpy()[keuze] if "stap" in p.columns else None,
                )
            self._cellen[sleutel] = kies_pits(self._cellen[ik], cel, tot, venster)
        return self._cellen[sleutel]

    def _monster(
        self, soort: str, stap: int, cel: str, zonder: str | None, tot: str | None = None
    ) -> np.ndarray:
        """Centred comparable errors, recalibrated on past PITs: what every band and P uses."""
        ruw = self._ruw(soort, stap, cel, zonder)
        gecentreerd = ruw - np.median(ruw)
        niveaus = herijk_niveaus(self.pits(soort, cel, zonder, tot, stap))
        if np.array_equal(niveaus, _PIT_ROOSTER):
            return gecentreerd
        return np.quantile(gecentreerd, niveaus)

    def max_stap(self, soort: str) -> int:
        frame = self.maand if soort == "maand" else self.cumulatief
        kol = "h" if soort == "maand" else "r"
        return int(frame[kol].max()) if len(frame) else 0

    def _met_extrapolatie(self, soort, stap, cel, zonder, tot=None):
        """Errors for horizon `stap`; beyond the backtested horizon widen by sqrt(stap/max)."""
        hoogste = self.max_stap(soort)
        if hoogste == 0:
            raise ValueError("Het foutenmodel is leeg: draai eerst een backtest.")
        if stap <= hoogste:
            return self._monster(soort, stap, cel, zonder, tot)
        return self._monster(soort, hoogste, cel, zonder, tot) * np.sqrt(stap / hoogste)

    def kwantielen_maand(
        self, h: int, cel: str, qs, zonder: str | None = None, tot: str | None = None
    ) -> np.ndarray:
        return np.quantile(self._met_extrapolatie("maand", h, cel, zonder, tot), qs)

    def monster_cumulatief(
        self, r: int, cel: str, zonder: str | None = None, tot: str | None = None
    ) -> np.ndarray:
        return self._met_extrapolatie("cumulatief", r, cel, zonder, tot)

    def aantal(self) -> int:
        return int(len(self.maand))
