"""Pooled empirical forecast errors: the basis of every interval and probability shown to users.

Why pooled: one municipality's series is too short to learn its own error distribution
(a 12-month horizon with a few windows gives a handful of errors). The rolling-origin backtest
over all municipalities gives thousands. Following the OBR practice of building fan charts from
past forecast errors, we keep the errors as log-ratios `log((A+1)/(F+1))` (A = actual,
F = point forecast): scale-free, so a small and a large municipality can share them, and the
`+1` keeps zero months finite.

Two refinements make the pool transferable between municipalities:

- errors are divided by the series' own volatility `s` (mean absolute month-on-month change of
  `log(1+y)` over the last 36 months): a noisy small series gets wider bands than a smooth
  large one even when both draw on the same pool;
- errors are grouped by size band (mean of the last 12 months) and by horizon, falling back to
  all bands when a cell has too few errors.

A municipality's own errors are left out when its bands are computed (`zonder=`), so a
forecast is never judged by itself. A pool thinner than `min_per_cel` errors (a database with
a few municipalities, like the demo) is smoothed to a normal distribution with the same mean
and spread; with a single municipality its own errors are used rather than none.
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


@dataclass
class Foutenmodel:
    """Pooled scaled log-ratio errors per horizon (monthly values) and per cumulative length.

    `maand`: frame `groep, sleutel, band, h, fout` (error of the month h ahead);
    `cumulatief`: frame `groep, sleutel, band, r, fout` (error of the sum of months 1..r).
    Plain frames: picklable and cacheable per data release.
    """

    maand: pd.DataFrame
    cumulatief: pd.DataFrame
    min_per_cel: int = MIN_PER_CEL
    _cellen: dict = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self):
        staat = self.__dict__.copy()
        staat["_cellen"] = {}
        return staat

    def _cel(self, soort: str, stap: int, bnd: str | None):
        sleutel = (soort, stap, bnd)
        if sleutel not in self._cellen:
            frame = self.maand if soort == "maand" else self.cumulatief
            kol = "h" if soort == "maand" else "r"
            keuze = frame[kol].to_numpy() == stap
            if bnd is not None:
                keuze &= frame["band"].to_numpy() == bnd
            self._cellen[sleutel] = (
                frame["groep"].to_numpy()[keuze],
                frame["fout"].to_numpy(dtype=float)[keuze],
            )
        return self._cellen[sleutel]

    def _monster(self, soort: str, stap: int, bnd: str, zonder: str | None) -> np.ndarray:
        """Own band first, all bands when it is too thin; the municipality's own errors only
        when nothing else exists (a database with a single municipality)."""
        for b, zonder_ in ((bnd, zonder), (None, zonder), (None, None)):
            groepen, fouten = self._cel(soort, stap, b)
            if zonder_ is not None:
                fouten = fouten[groepen != zonder_]
            if len(fouten) >= self.min_per_cel:
                return fouten
            if b is None and len(fouten) > 0:
                return _glad(fouten)
        raise ValueError(f"Geen backtestfouten voor horizon {stap}.")

    def max_stap(self, soort: str) -> int:
        frame = self.maand if soort == "maand" else self.cumulatief
        kol = "h" if soort == "maand" else "r"
        return int(frame[kol].max()) if len(frame) else 0

    def _met_extrapolatie(self, soort: str, stap: int, bnd: str, zonder: str | None):
        """Errors for horizon `stap`; beyond the backtested horizon widen by sqrt(stap/max)."""
        hoogste = self.max_stap(soort)
        if hoogste == 0:
            raise ValueError("Het foutenmodel is leeg: draai eerst een backtest.")
        if stap <= hoogste:
            return self._monster(soort, stap, bnd, zonder)
        return self._monster(soort, hoogste, bnd, zonder) * np.sqrt(stap / hoogste)

    def kwantielen_maand(self, h: int, bnd: str, qs, zonder: str | None = None) -> np.ndarray:
        return np.quantile(self._met_extrapolatie("maand", h, bnd, zonder), qs)

    def monster_cumulatief(self, r: int, bnd: str, zonder: str | None = None) -> np.ndarray:
        return self._met_extrapolatie("cumulatief", r, bnd, zonder)

    def aantal(self) -> int:
        return int(len(self.maand))
