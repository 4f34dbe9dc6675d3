"""Issue 17, point accuracy: every member and combination on the same rolling-origin windows.

    .venv/bin/python bench/prognose_leden.py              # the 87 series of kalibratie --snel
    .venv/bin/python bench/prognose_leden.py --set apart  # a held-out check, see `_apart`

The windows of `forecasting.backtest` (origins every 3 months, 8 windows, horizons 1-12), every
member fitted afresh at every origin (as `prognose_kalibratie.py --alleen punt`), on the windows
where the project combines three members (`klasse == "lang"`: ETS, Theta and ARIMA when this
bench was written, the row "project"; ETS, Theta and CES since; the other windows use the same
members in every combination). Prints per member and combination the MASE (m=12), the gain
against the plain AutoETS + AutoTheta mean (goal of issue 17: at least 3%), and how often the
actual 12-month sum reached the forecast sum (0.5 for a median-unbiased forecast), and the MASE
of choosing a combination per size class as of each origin (the combination with the lowest MASE
on other series' windows whose 12 months were known by then). The gain is also printed for the
scaled real series and the synthetic ones apart, with a 90% interval from resampling series
(windows of one series stay together), and the CPU milliseconds per fit of every member.

`--set apart` checks a combination chosen on the 87 series on series it was not chosen on: the
112 synthetic series of the full set (`reeksen(40)`, 199 series) that are not among the 87, and
the same real series cut into 84-month instead of 96-month pieces with other Poisson draws
(other windows on the same data: a weaker check than the synthetic one).
"""

from __future__ import annotations

import argparse
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
    AutoCES,
    AutoETS,
    AutoTheta,
    Naive,
    RandomWalkWithDrift,
    SeasonalNaive,
)

from bench import synthetisch as syn  # noqa: E402
from bench.prognose_kalibratie import arima, reeksen  # noqa: E402
from domein.maanden import plus_maanden  # noqa: E402
from forecasting import baseline  # noqa: E402
from forecasting.backtest import _oorsprong_lengtes, _schaal  # noqa: E402
from forecasting.fouten import grootte  # noqa: E402

H = 12
LEDEN = {
    "ets": lambda: AutoETS(season_length=12),
    "theta": lambda: AutoTheta(season_length=12),
    "arima": arima,
    "ets_gedempt": lambda: AutoETS(season_length=12, damped=True),
    "theta_stm": lambda: AutoTheta(season_length=12, model="STM"),
    "snaive": lambda: SeasonalNaive(season_length=12),
    "drift": RandomWalkWithDrift,
    "naive": Naive,
    # Members of another kind than ETS/Theta/ARIMA: complex exponential smoothing (Svetunkov &
    # Kourentzes; no fixed level/trend split) and the dynamic optimised Theta model (Fiorucci
    # et al. 2016). With ETS and ARIMA they make SCUM (Petropoulos & Svetunkov 2020, M4).
    "ces": lambda: AutoCES(season_length=12),
    "dotm": lambda: AutoTheta(season_length=12, model="DOTM"),
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
    # Added for CES and DOTM; declared before the first run, checked on `--set apart`.
    "SCUM: mediaan ets, ces, arima, dotm": _med("ets", "ces", "arima", "dotm"),
    "gemiddelde ets, ces, arima, dotm": _gem("ets", "ces", "arima", "dotm"),
    "mediaan ets, theta, arima, ces": _med("ets", "theta", "arima", "ces"),
    "mediaan ets, theta, ces": _med("ets", "theta", "ces"),
    "mediaan ets, ces, arima": _med("ets", "ces", "arima"),
    "mediaan ets, dotm, arima": _med("ets", "dotm", "arima"),
    "gemiddelde ets, theta, ces": _gem("ets", "theta", "ces"),
    "gemiddelde ets, ces": _gem("ets", "ces"),
    "mediaan ets, theta, arima, ces, dotm": _med("ets", "theta", "arima", "ces", "dotm"),
    # Added after the first run on the 87 series (so chosen on them): judge on `--set apart`.
    "gemiddelde ets, ces, arima": _gem("ets", "ces", "arima"),
    "gemiddelde ets, theta, arima, ces": _gem("ets", "theta", "arima", "ces"),
    "gemiddelde ets, ces, ets_gedempt": _gem("ets", "ces", "ets_gedempt"),
}
PLAIN = "plain: gemiddelde ets, theta"


def _reeks(taak):
    sleutel, periodes, y = taak
    uit = []
    for t in _oorsprong_lengtes(len(y), H, 3, 8, 12):
        train = y[:t]
        if baseline.klasse(train) != "lang":
            continue
        punten, cpu = [], []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for maak in LEDEN.values():
                c0 = time.process_time()
                try:
                    punten.append(np.maximum(maak().forecast(y=train, h=H)["mean"], 0.0))
                except Exception:
                    punten.append(np.full(H, np.nan))
                cpu.append(time.process_time() - c0)
        uit.append(
            {
                "sleutel": sleutel,
                "oorsprong": periodes[t - 1],
                "grootte": grootte(train),
                "schaal": _schaal(train),
                "werkelijk": y[t : t + H],
                "P": np.array(punten),
                "cpu": np.array(cpu),
            }
        )
    return uit


def _apart() -> dict[str, pd.Series]:
    """Series the combinations were not chosen on (see the module docstring)."""
    snel = reeksen(12)
    uit = {k: v for k, v in reeksen(40).items() if k not in snel and "@" not in k}
    uit.update({f"{k}~84": v for k, v in syn.echt_geschaald(lengte=84, seed=1).items()})
    return uit


def _winst_interval(mase: dict, sleutels: pd.Series, naam: str, n: int = 1000) -> tuple:
    """90% interval of the gain against plain, resampling series (their windows together)."""
    per = pd.DataFrame({"m": mase[naam], "p": mase[PLAIN], "k": sleutels.to_numpy()})
    som = per.groupby("k")[["m", "p"]].sum().to_numpy()
    rng = np.random.default_rng(0)
    trek = rng.integers(0, len(som), size=(n, len(som)))
    winst = 1 - som[trek, 0].sum(axis=1) / som[trek, 1].sum(axis=1)
    return tuple(np.quantile(winst, [0.05, 0.95]))


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--set", choices=("snel", "apart"), default="snel")
    r = reeksen(12) if args.parse_args().set == "snel" else _apart()
    taken = [(k, list(v.index), v.to_numpy(dtype=float)) for k, v in r.items()]
    begin, cpu0 = time.perf_counter(), time.process_time()
    print(f"{len(taken)} reeksen; belasting {os.getloadavg()[0]:.1f}")
    with ProcessPoolExecutor(2) as pool:
        vensters = pd.DataFrame([v for d in pool.map(_reeks, taken, chunksize=4) for v in d])
    duur = time.perf_counter() - begin
    cpu = np.stack(vensters.cpu.to_numpy())
    print(
        "CPU ms per fit: "
        + ", ".join(f"{n} {1000 * c:.0f}" for n, c in zip(NAMEN, cpu.mean(axis=0), strict=True))
    )
    mislukt = np.stack([~np.isfinite(P).all(axis=1) for P in vensters.P]).sum(axis=0)
    print("vensters waarin een lid faalde:", dict(zip(NAMEN, mislukt.tolist(), strict=True)))
    vensters = vensters[[np.isfinite(P).all() for P in vensters.P]].reset_index(drop=True)
    echt = vensters.sleutel.str.contains("@").to_numpy()
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
        rijen.append(
            {
                "methode": naam,
                "mase": mase[naam].mean(),
                "mase echt": mase[naam][echt].mean(),
                "mase synth": mase[naam][~echt].mean(),
                "som >= voorspelde som": haalt,
            }
        )
    t = pd.DataFrame(rijen).set_index("methode")
    for kol, deel in (("winst", ""), ("winst echt", " echt"), ("winst synth", " synth")):
        t[kol] = 1 - t[f"mase{deel}"] / t.loc[PLAIN, f"mase{deel}"]
    band = {n: _winst_interval(mase, vensters.sleutel, n) for n in t.index}
    t["winst 5%"] = [band[n][0] for n in t.index]
    t["winst 95%"] = [band[n][1] for n in t.index]
    print(
        f"{len(vensters)} vensters ('lang') van {vensters.sleutel.nunique()} reeksen "
        f"({echt.sum()} vensters van {vensters.sleutel[echt].nunique()} echte), "
        f"{duur:.0f} s, {time.process_time() - cpu0 + cpu.sum():.0f} CPU-s; "
        f"belasting {os.getloadavg()[0]:.1f}"
    )
    with pd.option_context("display.width", 250):
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
    plain = t.loc[PLAIN, "mase"]
    print(
        f"as-of gekozen combinatie per grootteklasse: MASE {gekozen_mase:.4f} "
        f"({1 - gekozen_mase / plain:+.1%} t.o.v. plain)"
    )


if __name__ == "__main__":
    main()
