"""Benchmark of the forecasting package: accuracy, calibration and speed.

Run from the repository root:

    .venv/bin/python bench/backtest.py            # everything (about 2-3 minutes on 2 cores)
    .venv/bin/python bench/backtest.py --snel     # smaller sets, for a quick look

Prints, per data set, the pooled rolling-origin backtest figures (MASE, relative MAE against the
naive and seasonal-naive forecasts, 80%/95% coverage), the acceptance bar (rel. MAE <= 0.90
against both, 80% coverage in [0.75, 0.85]), the calibration of the target probability (Brier
score and reliability table vs a Poisson at the current run-rate), the demo data when
`data/demo/` has it, and the time of a backtest over 300 synthetic municipalities with the time of
a naive forecaster through the same machinery in the same run.
"""

from __future__ import annotations

import argparse
import glob
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import synthetisch as syn  # noqa: E402
from forecasting.backtest import backtest  # noqa: E402
from forecasting.baseline import voorspel_veel  # noqa: E402
from forecasting.doel import kans_op_doel, kans_verloop  # noqa: E402
from forecasting.scenario import BasisInvoer, benoemd_scenario, bereken  # noqa: E402

WERK = ("regulier", "interim", "sociale_economie", "art60")
KOLOMMEN = ["mase", "rel_mae_naive", "rel_mae_snaive", "rel_mae_naive_totaal"]
KOLOMMEN += ["rel_mae_snaive_totaal", "coverage80", "coverage95", "series"]


def _naive(y, H, niveaus=(80, 95), gefit=None, bewaar=False):
    """Last value, no fitting: times the backtest machinery itself."""
    y = np.asarray(y, dtype=float)
    return np.full(H, y[-1]), np.zeros((2, H)), np.full((2, H), np.inf), None


def _regel(naam: str, bt) -> dict:
    m = bt.metriek
    rij = {"set": naam, **{k: m[k] for k in KOLOMMEN}, "sec": bt.duur_s}
    rij["haalt_lat"] = (
        m["rel_mae_naive"] <= 0.90
        and m["rel_mae_snaive"] <= 0.90
        and 0.75 <= m["coverage80"] <= 0.85
    )
    return rij


def _tabel(rijen: list[dict]) -> str:
    return pd.DataFrame(rijen).set_index("set").round(3).to_string()


def synthetische_sets(n: int, jobs: int) -> list[dict]:
    rijen = []
    for indicator in ("leefloongerechtigden", "instroom", "activeringen"):
        bt = backtest(syn.paneel(n, indicator, seed=1), n_jobs=jobs)
        rijen.append(_regel(f"synthetisch {indicator} ({n})", bt))
    bt = backtest(syn.activeringen_paneel(n, seed=2), n_jobs=jobs)
    rijen.append(_regel(f"synthetisch activeringen NB 2-50/maand ({n})", bt))
    return rijen


def airpassengers(n: int, jobs: int) -> tuple[list[dict], pd.Series]:
    reeksen = syn.paneel(n, "leefloongerechtigden", seed=3)
    reeksen["AirPassengers"] = syn.air_passengers()
    bt = backtest(reeksen, n_jobs=jobs)
    alleen = backtest({"AirPassengers": syn.air_passengers()})
    eigen = bt.per_reeks().set_index("sleutel").loc["AirPassengers"]
    return [
        _regel(f"leefloon ({n}) + AirPassengers", bt),
        _regel("AirPassengers alleen (dekking binnen-steekproef)", alleen),
    ], eigen


def demo_reeksen() -> dict[str, dict[str, pd.Series]]:
    """Municipality totals per indicator from `data/demo/leefloon_*.csv` (all dims `totaal`)."""
    uit: dict[str, dict[str, pd.Series]] = {}
    for pad in sorted(glob.glob(str(REPO / "data" / "demo" / "leefloon_*.csv"))):
        df = pd.read_csv(pad, sep=";", dtype={"nis": str, "periode": str})
        tot = df[(df.doelgroep == "totaal") & (df.leeftijd == "totaal") & (df.pijler == "totaal")]
        nis = tot.nis.iloc[0]
        for ind in ("leefloongerechtigden", "instroom", "uitstroom"):
            s = tot[(tot.indicator == ind) & (tot.bestemming == "totaal")]
            uit.setdefault(ind, {})[nis] = s.set_index("periode").aantal.astype(float).sort_index()
        werk = tot[(tot.indicator == "activeringen") & tot.bestemming.isin(WERK)]
        uit.setdefault("activeringen naar werk", {})[nis] = (
            werk.groupby("periode").aantal.sum().astype(float).sort_index()
        )
    return uit


def demo(reeksen: dict[str, dict[str, pd.Series]]) -> None:
    rijen, fouten_werk = [], None
    for ind, per_gemeente in reeksen.items():
        bt = backtest(per_gemeente)
        rijen.append(_regel(f"demo {ind} ({len(per_gemeente)} gemeenten)", bt))
        if ind == "activeringen naar werk":
            fouten_werk = bt.fouten
    print(_tabel(rijen))
    doelen = pd.read_csv(REPO / "data" / "demo" / "doelen.csv", sep=";", dtype=str)
    pact = doelen[doelen.doel_id == "activeringspact-2023"]
    if pact.empty or fouten_werk is None:
        return
    doel = pact.iloc[0].to_dict()
    reeks = reeksen["activeringen naar werk"][doel["nis"]]
    maanden = ["2023-09", "2024-01", "2024-05", "2024-09", "2025-01"]
    print(
        f"\nAs-of replay {doel['naam']} (doel {doel['doelwaarde']}, {doel['van']}..{doel['tot']}):"
    )
    print(kans_verloop(reeks, doel, maanden, fouten_werk, sleutel=doel["nis"]).round(2).to_string())


def _kalibratie(seed: int, n: int, jobs: int) -> pd.DataFrame:
    """Same design as tests/test_forecast_doel.py: pool from months 1-60, two later windows."""
    volledig = syn.activeringen_paneel(n, seed=seed, n=84)
    pool = {k: v.iloc[:60] for k, v in volledig.items()}
    fouten = backtest(pool, h=12, h_cum=12, n_jobs=jobs).fouten
    rijen = []
    for eind in (60, 72):
        prognoses = voorspel_veel({k: v.iloc[:eind] for k, v in volledig.items()}, 12, n_jobs=jobs)
        for k, v in volledig.items():
            as_of, van, tot = v.index[eind - 1], v.index[eind], v.index[eind + 11]
            run_rate, uitkomst = v.iloc[eind - 6 : eind].mean(), v.iloc[eind : eind + 12].sum()
            for factor in (0.8, 0.95, 1.1, 1.25):
                doelwaarde = max(1, round(run_rate * 12 * factor))
                doel = {"doel_id": k, "van": van, "tot": tot, "doelwaarde": doelwaarde}
                d = kans_op_doel(v, doel, as_of, fouten, sleutel=k, prognose=prognoses[k])
                poisson = stats.poisson.sf(np.ceil(doelwaarde) - 1, run_rate * 12)
                rijen.append((d.probability, poisson, float(uitkomst >= doelwaarde)))
    return pd.DataFrame(rijen, columns=["kans", "poisson", "gehaald"])


def kalibratie(seeds, n: int, jobs: int) -> None:
    df = pd.concat([_kalibratie(s, n, jobs) for s in seeds], ignore_index=True)
    for kolom, naam in (
        ("kans", "gepoold empirisch (het model)"),
        ("poisson", "Poisson aan tempo"),
    ):
        brier = float(((df[kolom] - df.gehaald) ** 2).mean())
        bakken = pd.cut(df[kolom], [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001], right=False)
        tabel = df.groupby(bakken, observed=True).agg(
            n=("gehaald", "size"), gezegd=(kolom, "mean"), gebeurd=("gehaald", "mean")
        )
        goed = tabel[tabel.n >= 40]
        afwijking = float((goed.gebeurd - goed.gezegd).abs().max())
        print(f"\n{naam}: Brier {brier:.3f}, grootste afwijking (bakken n>=40) {afwijking:.3f}")
        print(tabel.round(3).to_string())


def snelheid(n: int, jobs: int) -> None:
    reeksen = syn.paneel(n, "activeringen", seed=7)
    bt = backtest(reeksen, n_jobs=jobs)
    naive = backtest(reeksen, n_jobs=jobs, voorspeller=_naive)
    print(
        f"{n} synthetische gemeenten, 8 vensters x 12 maanden, n_jobs={jobs}: "
        f"{bt.duur_s:.1f} s (doel < 60 s); naive door dezelfde machinerie {naive.duur_s:.1f} s; "
        f"verhouding {bt.duur_s / naive.duur_s:.1f}x"
    )
    print(f"  JSON: {bt.als_json()}")
    basis = BasisInvoer(
        periodes=[f"{j}-{m:02d}" for j in (2026, 2027) for m in range(1, 13)],
        activeringen=np.full(24, 28.0),
        leefloongerechtigden=np.full(24, 1280.0),
        capaciteit={"screening_matching": 17.5, "interim": 7.2, "partners": 9.0},
        uitstroomgraad=0.05,
    )
    scenario = benoemd_scenario("extra_jobhunters")
    bereken(scenario, basis)
    begin = time.perf_counter()
    for _ in range(1000):
        bereken(scenario, basis)
    print(f"Wat als?: {(time.perf_counter() - begin) * 1000:.0f} microseconden per berekening")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--snel", action="store_true", help="kleinere sets (snelle controle)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    n = 40 if args.snel else 100
    begin = time.perf_counter()

    print("== Backtest op synthetische gemeenten (gepoold, buiten-groep gekalibreerd) ==")
    rijen = synthetische_sets(n, args.jobs)
    air_rijen, air = airpassengers(n, args.jobs)
    print(_tabel(rijen + air_rijen))
    print(
        f"AirPassengers in de pool: MASE {air.mase:.3f}, rel. MAE naive {air.rel_mae_naive:.3f}, "
        f"seizoensnaive {air.rel_mae_snaive:.3f}, dekking 80% {air.coverage80:.3f}"
    )

    reeksen = demo_reeksen()
    print("\n== Demodata (data/demo) ==")
    if reeksen:
        demo(reeksen)
    else:
        print("geen demodata gevonden in data/demo/")

    print("\n== Kalibratie van de kans op het doel (12 maanden vooruit) ==")
    kalibratie((31,) if args.snel else (31, 32), 60 if args.snel else 120, args.jobs)

    print("\n== Snelheid ==")
    snelheid(100 if args.snel else 300, args.jobs)
    print(f"\nTotaal {time.perf_counter() - begin:.0f} s")


if __name__ == "__main__":
    main()
