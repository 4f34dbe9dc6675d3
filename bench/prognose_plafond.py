"""Issue 17, point accuracy: how far combining local models can go, and what else was tried.

    .venv/bin/python bench/prognose_plafond.py   # both sets of bench/prognose_leden.py, ~4 min

The goal of issue 17 is a MASE at least 3% better than the plain AutoETS + AutoTheta mean. The
project's mean of ETS, Theta and CES gains 1.5% (`bench/prognose_leden.py`). This bench asks
whether any forecast built from such members could reach 3%, on the same windows (origins every
3 months, 8 windows, horizons 1-12, only where the project combines ETS, Theta and CES) of the
87 `--snel` series and the held-out set (`prognose_leden._apart`):

1. **Members**: ETS, Theta and CES on the counts and on log(1 + counts) (back-transformed), the
   naive, the seasonal naive and the mean of the last 12 months.
2. **The ceiling of weighting them**: the weights (>= 0, summing to 1) that minimise the MASE
   of one set, chosen with hindsight on the very windows they are scored on, and the same
   weights on the other set. No rule that chooses weights as of an origin can beat the first.
3. **Two forecasters of another kind**: temporal hierarchies (Athanasopoulos et al. 2017,
   THieF: ETS + Theta on sums of 2, 3, 4, 6 and 12 months, reconciled with the project's
   monthly forecast by structural scaling) and one global linear autoregression over every
   series of the set (Montero-Manso & Hyndman 2021: the last 24 months divided by their last
   12 months' mean, a ridge regression per horizon, trained only on months up to the origin).
4. **What is there to gain at all**: on the activation-like series (`synthetisch.reeks_nb`),
   the forecast of one who knows the hidden level and every parameter (`synthetisch.orakel_nb`,
   the median of simulated futures): an upper bound no forecaster reaches, as it sees counts.
5. **The bound of both**: the oracle on the activation-like windows and the hindsight weights
   (fitted on the other windows) everywhere else: what a perfect model of the activation
   counts, combined with the best weighting of these members, would gain on the whole set.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from statsforecast.models import AutoETS, AutoTheta  # noqa: E402

from bench import synthetisch as syn  # noqa: E402
from bench.prognose_kalibratie import ACTIVERINGEN, reeksen  # noqa: E402
from bench.prognose_leden import _apart  # noqa: E402
from forecasting import baseline  # noqa: E402
from forecasting.backtest import _oorsprong_lengtes, _schaal  # noqa: E402

H = 12
LEDEN = ("ets", "theta", "ces", "log ets", "log theta", "log ces", "naive", "snaive", "gem12")
AGGREGATIES = (2, 3, 4, 6, 12)
GLOBAAL_LAGS, GLOBAAL_RIDGE = 24, 0.01


def _drie(y: np.ndarray) -> list[np.ndarray]:
    """The product's members for long series, ETS, Theta and CES (one that fails gives NaN)."""
    uit = []
    for model in baseline._leden("lang"):
        try:
            uit.append(model.forecast(y=y, h=H)["mean"])
        except Exception:
            uit.append(np.full(H, np.nan))
    return uit


def _geaggregeerd(y: np.ndarray, k: int) -> np.ndarray:
    """ETS + Theta on sums of k months (aligned to the origin), the next 12/k sums."""
    m, seizoen = len(y) // k, 12 // k
    sommen = y[len(y) - m * k :].reshape(m, k).sum(axis=1)
    sl = seizoen if seizoen > 1 and m >= 2 * seizoen + 2 else 1
    punten = []
    for model in (AutoETS(season_length=sl), AutoTheta(season_length=sl)):
        try:
            f = model.forecast(y=sommen, h=seizoen)["mean"]
            if np.all(np.isfinite(f)):
                punten.append(f)
        except Exception:
            pass
    return np.mean(punten, axis=0) if punten else np.full(seizoen, sommen[-1])


def _verzoening() -> np.ndarray:
    """The map from the stacked forecasts (months 1-12, then the sums of every aggregation:
    12 + 6 + 4 + 3 + 2 + 1 rows) to reconciled months: weighted least squares with weights 1/k
    (structural scaling)."""
    S = np.vstack([np.eye(12)] + [np.kron(np.eye(12 // k), np.ones((1, k))) for k in AGGREGATIES])
    w = 1 / np.r_[np.ones(12), np.concatenate([np.full(12 // k, float(k)) for k in AGGREGATIES])]
    return np.linalg.solve(S.T @ (w[:, None] * S), S.T * w)


VERZOENING = _verzoening()


def _verzoen(maand: np.ndarray, sommen: list[np.ndarray]) -> np.ndarray:
    return VERZOENING @ np.r_[maand, np.concatenate(sommen)]


def _vensters(taak) -> list[dict]:
    sleutel, y = taak
    uit = []
    for t in _oorsprong_lengtes(len(y), H, 3, 8, 12):
        train = y[:t]
        if baseline.klasse(train) != "lang":
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            leden = _drie(train) + [np.expm1(f) for f in _drie(np.log1p(train))]
            sommen = [_geaggregeerd(train, k) for k in AGGREGATIES]
        leden += [np.full(H, train[-1]), train[-12:], np.full(H, train[-12:].mean())]
        uit.append(
            {
                "sleutel": sleutel,
                "t": t,
                "schaal": _schaal(train),
                "werkelijk": y[t : t + H],
                "P": np.maximum(np.array(leden), 0.0),
                "sommen": sommen,
            }
        )
    return uit


def _globaal(reeksen: dict[str, np.ndarray], vensters: list[dict]) -> list[np.ndarray]:
    """One ridge autoregression per origin, trained on every series' months up to it."""
    modellen, uit = {}, []
    for v in vensters:
        t = v["t"]
        if t not in modellen:
            X, Y = [], []
            for y in reeksen.values():
                y = y[:t]
                for e in range(GLOBAAL_LAGS, len(y) - H + 1):
                    niveau = max(y[e - 12 : e].mean(), 0.5)
                    X.append(np.r_[1.0, y[e - GLOBAAL_LAGS : e] / niveau])
                    Y.append(y[e : e + H] / niveau)
            X, Y = np.array(X), np.array(Y)
            straf = GLOBAAL_RIDGE * len(X) * np.diag(np.r_[0.0, np.ones(GLOBAAL_LAGS)])
            modellen[t] = np.linalg.solve(X.T @ X + straf, X.T @ Y)
        y = reeksen[v["sleutel"]][:t]
        niveau = max(y[-12:].mean(), 0.5)
        uit.append(np.maximum(np.r_[1.0, y[-GLOBAAL_LAGS:] / niveau] @ modellen[t] * niveau, 0))
    return uit


def _mase(vensters: list[dict], F) -> float:
    return float(
        np.mean(
            [
                np.mean(np.abs(v["werkelijk"] - f)) / v["schaal"]
                for v, f in zip(vensters, F, strict=True)
            ]
        )
    )


def _gewogen(vensters: list[dict], w: np.ndarray) -> list[np.ndarray]:
    w = np.abs(w) / np.abs(w).sum()
    return [w @ v["P"] for v in vensters]


def _plafond(vensters: list[dict]) -> np.ndarray:
    """Hindsight weights: the non-negative weights summing to 1 with the lowest MASE here.

    The MASE is a sum of absolute values of linear functions of the weights, so its minimum over
    the simplex is a linear programme: min sum(e) with -e <= (actual - P'w) / scale <= e (HiGHS,
    exact, where a local search could stop short of the ceiling).
    """
    P = np.vstack([(v["P"] / (v["schaal"] * len(v["werkelijk"]))).T for v in vensters])
    y = np.concatenate([v["werkelijk"] / (v["schaal"] * len(v["werkelijk"])) for v in vensters])
    n, k = P.shape
    eye = sparse.identity(n, format="csr")
    A = sparse.vstack([sparse.hstack([P, -eye]), sparse.hstack([-P, -eye])], format="csr")
    res = linprog(
        np.r_[np.zeros(k), np.ones(n)],
        A_ub=A,
        b_ub=np.r_[y, -y],
        A_eq=np.r_[np.ones(k), np.zeros(n)][None, :],
        b_eq=[1.0],
        bounds=(0, None),
        method="highs",
    )
    if not res.success:
        raise RuntimeError(res.message)
    return res.x[:k]


def _set(naam: str) -> tuple[dict[str, np.ndarray], list[dict]]:
    r = reeksen(12) if naam == "87" else _apart()
    series = {k: v.to_numpy(dtype=float) for k, v in r.items()}
    with ProcessPoolExecutor(2) as pool:
        vensters = [v for d in pool.map(_vensters, series.items(), chunksize=4) for v in d]
    vensters = [v for v in vensters if np.isfinite(v["P"][:3]).all()]
    for v in vensters:  # a log member that failed counts as its raw twin
        v["P"][3:6] = np.where(np.isfinite(v["P"][3:6]), v["P"][3:6], v["P"][:3])
    return series, vensters


def _orakel(vensters: list[dict]) -> tuple[list[dict], list[np.ndarray]]:
    kenmerken = syn.activeringen_kenmerken(40, **ACTIVERINGEN)
    eigen = [v for v in vensters if v["sleutel"] in kenmerken]
    return eigen, [syn.orakel_nb(t=v["t"], h=H, **kenmerken[v["sleutel"]]) for v in eigen]


def _bovengrens(vensters: list[dict], eigen: list[dict], orakel, plain: float) -> str:
    """The oracle on the activation-like windows and hindsight weights on all the others.

    No forecaster built from these members, even with a perfect model of the activation
    counts, gains more than this on the set: the bound behind "3% is out of reach".
    """
    van_orakel = {id(v): f for v, f in zip(eigen, orakel, strict=True)}
    rest = [v for v in vensters if id(v) not in van_orakel]
    w = _plafond(rest)
    F = [van_orakel.get(id(v), w @ v["P"]) for v in vensters]
    m = _mase(vensters, F)
    return f"MASE {m:.4f}  winst {1 - m / plain:+.1%}"


def main() -> None:
    begin = time.perf_counter()
    print(f"belasting {os.getloadavg()[0]:.1f}")
    sets = {naam: _set(naam) for naam in ("87", "apart")}
    gewichten = {naam: _plafond(v) for naam, (_, v) in sets.items()}
    for naam, (series, vs) in sets.items():
        plain = _mase(vs, [v["P"][:2].mean(axis=0) for v in vs])
        project = [v["P"][:3].mean(axis=0) for v in vs]
        rijen = {lid: [v["P"][i] for v in vs] for i, lid in enumerate(LEDEN)}
        rijen |= {
            "project: gemiddelde ets, theta, ces": project,
            "gemiddelde van de zes ets/theta/ces-leden": [v["P"][:6].mean(axis=0) for v in vs],
            "THieF (project + sommen van 2-12 maanden)": [
                np.maximum(_verzoen(p, v["sommen"]), 0) for p, v in zip(project, vs, strict=True)
            ],
            "globale autoregressie (ridge, 24 maanden)": _globaal(series, vs),
        }
        rijen["project + globale autoregressie"] = [
            (3 * p + g) / 4
            for p, g in zip(
                project, rijen["globale autoregressie (ridge, 24 maanden)"], strict=True
            )
        ]
        for bron, w in gewichten.items():
            wie = "hier achteraf (plafond)" if bron == naam else f"achteraf op set {bron}"
            rijen[f"gewichten {wie}"] = _gewogen(vs, w)
        print(f"\nset {naam}: {len(vs)} vensters van {len({v['sleutel'] for v in vs})} reeksen")
        print(f"  {'plain: gemiddelde ets, theta':48s} MASE {plain:.4f}")
        for methode, F in rijen.items():
            m = _mase(vs, F)
            print(f"  {methode:48s} MASE {m:.4f}  winst {1 - m / plain:+.1%}")
        print(
            "  gewichten achteraf: "
            + ", ".join(f"{lid} {g:.2f}" for lid, g in zip(LEDEN, gewichten[naam], strict=True))
        )
        eigen, orakel = _orakel(vs)
        p_eigen = _mase(eigen, [v["P"][:2].mean(axis=0) for v in eigen])
        for methode, F in (
            ("project", [v["P"][:3].mean(axis=0) for v in eigen]),
            ("orakel (verborgen niveau gekend)", orakel),
        ):
            m = _mase(eigen, F)
            print(
                f"  activeringsreeksen ({len(eigen)} vensters), {methode:32s} MASE {m:.4f}  "
                f"winst {1 - m / p_eigen:+.1%}"
            )
        grens = _bovengrens(vs, eigen, orakel, plain)
        print(f"  {'bovengrens (orakel + gewichten achteraf)':48s} {grens}")
    print(f"\n{time.perf_counter() - begin:.0f} s; belasting {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
