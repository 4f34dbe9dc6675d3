"""Issue 17, point accuracy: every member and combination on the same rolling-origin windows.

    .venv/bin/python bench/prognose_leden.py   # the 87 series of prognose_kalibratie --snel

The windows of `forecasting.backtest` (origins every 3 months, 8 windows, horizons 1-12), every
member fitted afresh at every origin (as `prognose_kalibratie.py --alleen punt`), on the windows
where the project combines ETS, Theta and ARIMA (`klasse == "lang"`; the other windows use the
same members in every combination). Prints per member and combination the MASE (m=12), the gain
against the plain AutoETS + AutoTheta mean (goal of issue 17: at least 3%), and how often the
actual 12-month sum reached the forecast sum (0.5 for a median-unbiased forecast), and the MASE
of choosing a combination per size class as of each origin (the combination with the lowest MASE
on other series' windows whose 12 months were known by then).
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from statsforecast.models import (  # noqa: E402
    AutoETS,
    AutoTheta,
    Naive,
    RandomWalkWithDrift,
    SeasonalNaive,
)

from bench.prognose_kalibratie import reeksen  # noqa: E402
from domein.maanden import plus_maanden  # noqa: E402
from forecasting import baseline  # noqa: E402
from forecasting.backtest import _oorsprong_lengtes, _schaal  # noqa: E402
from forecasting.fouten import grootte  # noqa: E402

H = 12
LEDEN = {
    "ets": lambda: AutoETS(season_length=12),
    "theta": lambda: AutoTheta(season_length=12),
    "arima": baseline._arima,
    "ets_gedempt": lambda: AutoETS(season_length=12, damped=True),
    "theta_stm": lambda: AutoTheta(season_length=12, model="STM"),
    "snaive": lambda: SeasonalNaive(season_length=12),
    "drift": RandomWalkWithDrift,
    "naive": Naive,
}
NAMEN = list(LEDEN)
_i = {n: i for i, n in enumerate(NAMEN)}


def _med(*namen):
    return lambda P: np.median(P[[_i[n] for n in namen]], axis=0)


def _gem(*namen):
    return lambda P: P[[_i[n] for n in namen]].mean(axis=0)


COMBINATIES = {
    "project: mediaan ets, theta, arima": _med("ets", "theta", "arima"),
    "plain: gemiddelde ets, theta": _gem("ets", "theta"),
    "gemiddelde ets, theta, arima": _gem("ets", "theta", "arima"),
    "mediaan ets, theta, arima, ets_gedempt": _med("ets", "theta", "arima", "ets_gedempt"),
    "gemiddelde ets, theta, arima, ets_gedempt": _gem("ets", "theta", "arima", "ets_gedempt"),
    "mediaan ets, theta, arima, snaive, ets_gedempt": _med(
        "ets", "theta", "arima", "snaive", "ets_gedempt"
    ),
    "mediaan ets, theta, arima, snaive": _med("ets", "theta", "arima", "snaive"),
    "gemiddelde ets, theta, snaive": _gem("ets", "theta", "snaive"),
    "gemiddelde ets_gedempt, theta_stm": _gem("ets_gedempt", "theta_stm"),
    "mediaan van alle vijf modellen": _med("ets", "theta", "arima", "ets_gedempt", "theta_stm"),
}


def _reeks(taak):
    sleutel, periodes, y = taak
    uit = []
    for t in _oorsprong_lengtes(len(y), H, 3, 8, 12):
        train = y[:t]
        if baseline.klasse(train) != "lang":
            continue
        punten = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for maak in LEDEN.values():
                try:
                    punten.append(np.maximum(maak().forecast(y=train, h=H)["mean"], 0.0))
                except Exception:
                    punten.append(np.full(H, np.nan))
        uit.append(
            {
                "sleutel": sleutel,
                "oorsprong": periodes[t - 1],
                "grootte": grootte(train),
                "schaal": _schaal(train),
                "werkelijk": y[t : t + H],
                "P": np.array(punten),
            }
        )
    return uit


def main() -> None:
    r = reeksen(12)
    taken = [(k, list(v.index), v.to_numpy(dtype=float)) for k, v in r.items()]
    begin = time.perf_counter()
    print(f"{len(taken)} reeksen; belasting {os.getloadavg()[0]:.1f}")
    with ProcessPoolExecutor(2) as pool:
        vensters = pd.DataFrame([v for d in pool.map(_reeks, taken, chunksize=4) for v in d])
    vensters = vensters[[np.isfinite(P).all() for P in vensters.P]].reset_index(drop=True)
    methoden = {n: (lambda P, i=i: P[i]) for i, n in enumerate(NAMEN)} | COMBINATIES
    rijen, mase = [], {}
    for naam, f in methoden.items():
        F = [np.maximum(f(P), 0.0) for P in vensters.P]
        mase[naam] = np.array(
            [
                np.mean(np.abs(a - x)) / s
                for a, x, s in zip(vensters.werkelijk, F, vensters.schaal, strict=True)
            ]
        )
        haalt = np.mean([a.sum() >= x.sum() for a, x in zip(vensters.werkelijk, F, strict=True)])
        rijen.append({"methode": naam, "mase": mase[naam].mean(), "som >= voorspelde som": haalt})
    t = pd.DataFrame(rijen).set_index("methode")
    t["winst t.o.v. plain"] = 1 - t.mase / t.loc["plain: gemiddelde ets, theta", "mase"]
    print(
        f"{len(vensters)} vensters ('lang') van {vensters.sleutel.nunique()} reeksen, "
        f"{time.perf_counter() - begin:.0f} s; belasting {os.getloadavg()[0]:.1f}"
    )
    print(t.round(4).to_string())
    # As of each origin, per size class: the combination that did best on other series' windows
    # whose 12 months were known by then (the project's median until there are 20 of them).
    keuze = list(COMBINATIES)[:6]
    einde = np.array([plus_maanden(o, H) for o in vensters.oorsprong])
    gekozen = []
    for i, v in vensters.iterrows():
        eerder = (einde <= v.oorsprong) & (vensters.grootte == v.grootte).to_numpy()
        eerder &= (vensters.sleutel != v.sleutel).to_numpy()
        if eerder.sum() < 20:
            gekozen.append(mase[keuze[0]][i])
            continue
        beste = min(keuze, key=lambda n: mase[n][eerder].mean())
        gekozen.append(mase[beste][i])
    gekozen_mase = float(np.mean(gekozen))
    plain = t.loc["plain: gemiddelde ets, theta", "mase"]
    print(
        f"as-of gekozen combinatie per grootteklasse: MASE {gekozen_mase:.4f} "
        f"({1 - gekozen_mase / plain:+.1%} t.o.v. plain)"
    )


if __name__ == "__main__":
    main()
