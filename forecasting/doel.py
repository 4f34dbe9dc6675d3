"""Will the municipality reach its cumulative target (the lokaal activeringspact) in time?

Method (OBR-style fans from past forecast errors):

1. Forecast the remaining months with the baseline (`forecasting.baseline`) and sum the
   counted months: F.
2. Take the backtest errors of *cumulative* forecasts over the same number of months,
   `log((A+1)/(F+1))` scaled by volatility, from comparable series of other municipalities
   (own municipality left out; `forecasting.fouten`: centred, recalibrated on the PITs of
   backtests whose outcome was known by `as_of`).
3. The predictive distribution of the final count is `achieved + (F+1)·exp(e·s) − 1` over
   those errors; P(target) is the share at or above the target.

Not a Poisson at the current run-rate: that ignores that the level itself is uncertain and was
measured to put more than half of the outcomes in its 5% tails (badly over-confident).

Only data up to `as_of` is used (the as-of replay cannot peek); what happened afterwards is
returned separately (`pad_nadien`) for the track record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from domein.maanden import maanden_tussen, maandnummer, periodes, plus_maanden
from forecasting.baseline import voorspel, voorspel_array
from forecasting.fouten import Foutenmodel, groep_van, toepassen, volatiliteit
from forecasting.periodes import controleer_reeks, tot_en_met

WAAIER_KWANTIELEN = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
WAAIER_KOLOMMEN = ("p05", "p10", "p25", "p50", "p75", "p90", "p95")
RUN_RATE_MAANDEN = 6


@dataclass
class DoelPrognose:
    """Forecast of a cumulative target at one as-of month.

    `waaier`: `periode, p05, p10, p25, p50, p75, p90, p95` of the cumulative count from `as_of`
    (all equal to `achieved`) to the deadline. `pad`: realised `periode, cumulatief` from `van`
    up to `as_of`. `pad_nadien`: what was realised after `as_of` up to `tot` (NOT used in the
    forecast; empty when there are no data yet). `verdeling`: draws of the final count.
    """

    target: str
    as_of: str
    achieved: int
    target_value: int
    probability: float
    p10: float
    p50: float
    p90: float
    needed_per_month: float
    run_rate: float
    expected_funding_eur: float
    van: str
    tot: str
    maanden_resterend: int
    uitbetaling: str
    max_subsidie_eur: float
    waaier: pd.DataFrame = field(repr=False)
    pad: pd.DataFrame = field(repr=False)
    pad_nadien: pd.DataFrame = field(repr=False)
    verdeling: np.ndarray = field(repr=False)

    def als_json(self) -> dict:
        """The `forecast` JSON of the CLI (README)."""
        return {
            "target": self.target,
            "as_of": self.as_of,
            "achieved": int(self.achieved),
            "target_value": int(self.target_value),
            "probability": round(float(self.probability), 3),
            "p10": int(round(self.p10)),
            "p50": int(round(self.p50)),
            "p90": int(round(self.p90)),
            "needed_per_month": round(float(self.needed_per_month), 2),
            "run_rate": round(float(self.run_rate), 2),
            "expected_funding_eur": round(float(self.expected_funding_eur), 2),
        }


def _som(reeks: pd.Series, van: str, tot: str) -> float:
    a, b = maandnummer(van), maandnummer(tot)
    nummers = np.array([maandnummer(p) for p in reeks.index])
    return float(reeks.to_numpy()[(nummers >= a) & (nummers <= b)].sum())


def _cumulatief_pad(reeks: pd.Series, van: str, tot: str) -> pd.DataFrame:
    a, b = maandnummer(van), maandnummer(tot)
    deel = reeks[[a <= maandnummer(p) <= b for p in reeks.index]]
    return pd.DataFrame({"periode": list(deel.index), "cumulatief": deel.cumsum().to_numpy()})


def _uitbetaling(finaal: np.ndarray, doelwaarde: float, regel: str, maximum: float) -> float:
    """Expected funding over the predictive distribution of the final count."""
    if doelwaarde <= 0:
        return float(maximum)
    if regel == "alles_of_niets":
        return float(np.mean(finaal >= doelwaarde) * maximum)
    if regel == "proportioneel":
        return float(np.mean(np.minimum(1.0, finaal / doelwaarde)) * maximum)
    raise ValueError(f"Onbekende uitbetalingsregel {regel!r}.")


def _punt(hist: pd.Series, H: int, prognose: pd.DataFrame | None) -> np.ndarray:
    """Point forecast of the H months after as_of: given (cached) or fitted now."""
    if prognose is None:
        return voorspel_array(hist.to_numpy(), H)[0]
    eerste = plus_maanden(hist.index[-1], 1)
    p = prognose.set_index("periode")["gemiddelde"]
    nodig = periodes(eerste, H)
    if not set(nodig) <= set(p.index):
        raise ValueError(f"De meegegeven prognose dekt {eerste} tot {nodig[-1]} niet.")
    return p.reindex(nodig).to_numpy(dtype=float)


def _waaier(achieved, F_cum, geteld, fouten, cel, s, groep, maanden, tot=None) -> pd.DataFrame:
    """Cumulative quantiles per month; made non-decreasing (a cumulative count cannot fall).

    Months before the target window starts add nothing, so the fan stays at `achieved` there.
    """
    rijen = [np.full(len(WAAIER_KWANTIELEN), float(achieved))]
    for j, (f, telt) in enumerate(zip(F_cum, np.cumsum(geteld), strict=True), start=1):
        if telt == 0:
            rijen.append(rijen[0])
            continue
        e = fouten.monster_cumulatief(j, cel, zonder=groep, tot=tot)
        rijen.append(achieved + np.quantile(toepassen(f, e, s), WAAIER_KWANTIELEN))
    q = np.maximum.accumulate(np.array(rijen), axis=0)
    uit = pd.DataFrame(q, columns=list(WAAIER_KOLOMMEN))
    uit.insert(0, "periode", maanden)
    return uit


def _extra_per_maand(extra: pd.Series | None, maanden: list[str]) -> np.ndarray:
    if extra is None:
        return np.zeros(len(maanden))
    return extra.reindex(maanden).fillna(0.0).to_numpy(dtype=float)


def kans_op_doel(
    reeks_werk_activeringen: pd.Series,
    doel: dict,
    as_of: str,
    fouten: Foutenmodel,
    sleutel: str | None = None,
    prognose: pd.DataFrame | None = None,
    extra: pd.Series | None = None,
) -> DoelPrognose:
    """Probability of reaching `doel` by its deadline, seen from `as_of`.

    `reeks_werk_activeringen`: monthly work activations (index `YYYY-MM`).
    `doel`: a row of the `doelen` table: `doel_id, van, tot, doelwaarde, max_subsidie_eur,
    uitbetaling` (`proportioneel` or `alles_of_niets`).
    `fouten`: the `Foutenmodel` of a backtest on work-activation series of all municipalities.
    `sleutel`: this municipality's NIS code: its own errors are left out of the pool.
    `prognose`: an already computed `voorspel` frame starting the month after `as_of` (saves a
    fit; must not have seen data after `as_of`). `extra`: extra activations per month
    (index `YYYY-MM`), e.g. a scenario's gross difference, added to the point forecast.
    """
    reeks = controleer_reeks(reeks_werk_activeringen, "activeringen")
    if maanden_tussen(reeks.index[-1], as_of) > 0:
        raise ValueError(
            f"Er zijn geen gegevens tot {as_of}: de laatste maand is {reeks.index[-1]}."
        )
    van, tot, T = str(doel["van"]), str(doel["tot"]), float(doel["doelwaarde"])
    regel = str(doel.get("uitbetaling", "proportioneel"))
    maximum = float(doel.get("max_subsidie_eur") or 0.0)
    hist = tot_en_met(reeks, as_of)
    if hist.empty:
        raise ValueError(f"Er zijn geen gegevens tot {as_of}: de eerste maand is {reeks.index[0]}.")
    achieved = _som(hist, van, as_of)
    run_rate = float(hist.iloc[-RUN_RATE_MAANDEN:].mean())
    H = maanden_tussen(as_of, tot)
    gemeen = {
        "target": str(doel.get("doel_id", doel.get("naam", "doel"))),
        "as_of": as_of,
        "achieved": int(round(achieved)),
        "target_value": int(round(T)),
        "run_rate": run_rate,
        "van": van,
        "tot": tot,
        "uitbetaling": regel,
        "max_subsidie_eur": maximum,
        "pad": _cumulatief_pad(hist, van, tot),
        "pad_nadien": _cumulatief_pad(reeks, plus_maanden(as_of, 1), tot),
    }
    if H <= 0:  # deadline passed: the outcome is known, no forecast needed
        finaal = np.array([_som(hist, van, tot)])
        return DoelPrognose(
            probability=float(finaal[0] >= T),
            p10=finaal[0],
            p50=finaal[0],
            p90=finaal[0],
            needed_per_month=0.0,
            expected_funding_eur=_uitbetaling(finaal, T, regel, maximum),
            maanden_resterend=0,
            waaier=pd.DataFrame(columns=["periode", *WAAIER_KOLOMMEN]),
            verdeling=finaal,
            **gemeen,
        )
    maanden = periodes(plus_maanden(as_of, 1), H)
    geteld = np.array([maandnummer(p) >= maandnummer(van) for p in maanden])
    punt = np.maximum(_punt(hist, H, prognose) + _extra_per_maand(extra, maanden), 0.0)
    F_cum = np.cumsum(punt * geteld)
    y = hist.to_numpy()
    s, cel = volatiliteit(y), fouten.sleutel_voor(y)
    groep = groep_van(sleutel) if sleutel else None
    e = fouten.monster_cumulatief(H, cel, zonder=groep, tot=as_of)
    finaal = achieved + toepassen(F_cum[-1], e, s)
    p10, p50, p90 = np.quantile(finaal, [0.10, 0.50, 0.90])
    return DoelPrognose(
        probability=float(np.mean(finaal >= T)),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        needed_per_month=max(T - achieved, 0.0) / max(int(geteld.sum()), 1),
        expected_funding_eur=_uitbetaling(finaal, T, regel, maximum),
        maanden_resterend=int(geteld.sum()),
        waaier=_waaier(
            achieved, F_cum, geteld, fouten, cel, s, groep, [as_of, *maanden], tot=as_of
        ),
        verdeling=finaal,
        **gemeen,
    )


def kans_verloop(
    reeks: pd.Series,
    doel: dict,
    maanden: list[str],
    fouten: Foutenmodel,
    sleutel: str | None = None,
) -> pd.DataFrame:
    """How the probability evolved: one as-of replay per month in `maanden`.

    Frame `as_of, achieved, probability, p10, p50, p90, needed_per_month, run_rate, gehaald`;
    `gehaald` is the realised outcome (True/False) once the deadline is in the data, else NA.
    """
    reeks = controleer_reeks(reeks, "activeringen")
    T = float(doel["doelwaarde"])
    tot = str(doel["tot"])
    bekend = maanden_tussen(tot, reeks.index[-1]) >= 0
    uitkomst = _som(reeks, str(doel["van"]), tot) >= T if bekend else pd.NA
    rijen = []
    for m in maanden:
        d = kans_op_doel(reeks, doel, m, fouten, sleutel=sleutel)
        j = d.als_json()
        rijen.append({k: j[k] for k in ("as_of", "achieved", "probability", "p10", "p50", "p90")})
        rijen[-1].update(needed_per_month=d.needed_per_month, run_rate=d.run_rate, gehaald=uitkomst)
    return pd.DataFrame(rijen)


def trackrecord(
    reeks: pd.Series,
    fouten: Foutenmodel | None = None,
    sleutel: str | None = None,
    horizonnen=(1, 6),
    n: int = 12,
) -> pd.DataFrame:
    """Past forecasts vs what happened, for the last `n` months with data.

    For every target month and horizon k the forecast made k months earlier (with only the data
    known then) is compared with the actual value. Frame `periode, horizon, oorsprong,
    voorspeld, lo80, hi80, werkelijk, fout, binnen80`. Bounds are pooled when `fouten` is
    given, model-based otherwise.
    """
    reeks = controleer_reeks(reeks)
    kmax = max(horizonnen)
    rijen = []
    index = list(reeks.index)
    eerste_doel = max(len(index) - n, 12 + kmax)
    for t in range(eerste_doel - kmax, len(index) - 1):
        oorsprong = index[t]
        prog = voorspel(tot_en_met(reeks, oorsprong), kmax, fouten=fouten, sleutel=sleutel)
        for k in horizonnen:
            doel_t = t + k
            if doel_t < eerste_doel or doel_t >= len(index):
                continue
            rij = prog.iloc[k - 1]
            werkelijk = float(reeks.iloc[doel_t])
            rijen.append(
                {
                    "periode": index[doel_t],
                    "horizon": k,
                    "oorsprong": oorsprong,
                    "voorspeld": float(rij.gemiddelde),
                    "lo80": float(rij.lo80),
                    "hi80": float(rij.hi80),
                    "werkelijk": werkelijk,
                    "fout": werkelijk - float(rij.gemiddelde),
                    "binnen80": bool(rij.lo80 <= werkelijk <= rij.hi80),
                }
            )
    kolommen = ["periode", "horizon", "oorsprong", "voorspeld", "lo80", "hi80", "werkelijk"]
    uit = pd.DataFrame(rijen, columns=[*kolommen, "fout", "binnen80"])
    return uit.sort_values(["horizon", "periode"], ignore_index=True)


# --------------------------------------------------------------------------------------------
# what is released: the forecast on the released count (docs/privacy.md)


def vrijgegeven(
    d: DoelPrognose,
    *,
    achieved: int,
    pad: pd.DataFrame,
    pad_nadien: pd.DataFrame,
    run_rate: float,
) -> DoelPrognose:
    """The forecast as it may be shown: fitted on the exact series, but every count moved onto
    the released count `achieved` (a sum of rounded tiles, `data_access.vrijgave`).

    The predictive distribution of the final count, the fan and P10/P50/P90 are shifted by
    `achieved - d.achieved`; the probability, the funding and the pace still needed follow from
    the shifted distribution. So no exact count leaves through a quantile or `needed_per_month`.
    `pad`/`pad_nadien`: the released cumulative counts up to and after `as_of` (the latter
    counted from the month after `as_of`); `run_rate`: the released current pace."""
    verschil = float(achieved) - float(d.achieved)
    T = float(d.target_value)
    finaal = np.asarray(d.verdeling, dtype=float) + verschil
    waaier = d.waaier.copy()
    if not waaier.empty:
        for k in WAAIER_KOLOMMEN:
            waaier[k] = waaier[k].astype(float) + verschil
    p10, p50, p90 = np.quantile(finaal, [0.10, 0.50, 0.90])
    return replace(
        d,
        achieved=int(achieved),
        probability=float(np.mean(finaal >= T)),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        needed_per_month=(
            max(T - achieved, 0.0) / d.maanden_resterend if d.maanden_resterend else 0.0
        ),
        run_rate=float(run_rate),
        expected_funding_eur=_uitbetaling(finaal, T, d.uitbetaling, d.max_subsidie_eur),
        waaier=waaier,
        pad=pad.reset_index(drop=True),
        pad_nadien=pad_nadien.reset_index(drop=True),
        verdeling=finaal,
    )


def trackrecord_kwartalen(
    reeks: pd.Series,
    kwartalen: pd.DataFrame,
    fouten: Foutenmodel | None = None,
    sleutel: str | None = None,
    horizonnen=(1, 2),
    n: int = 8,
) -> pd.DataFrame:
    """Past forecasts of whole quarters vs the released quarter figures.

    `reeks`: the exact monthly series (only for the fits, with the data known at each origin);
    `kwartalen`: the released full quarters `venster, van, periode, waarde` (rounded sums). For
    each of the last `n` quarters and horizon k (in quarters): the forecast made at the end of
    the quarter before the window of the k quarters ending with this one, of the sum over that
    window, with the 80% band of pooled cumulative errors (the same errors as the probability).
    `werkelijk` and `binnen80` use the released figures only. Frame `periode` (the window:
    '2026-K1', or '2025-K4 t/m 2026-K1' for two quarters),
    `einde` (its last month), `horizon`, `oorsprong`, `voorspeld`, `lo80`, `hi80`, `werkelijk`,
    `fout`, `binnen80`."""
    reeks = controleer_reeks(reeks)
    kw = kwartalen.reset_index(drop=True)
    kmax = max(horizonnen)
    groep = groep_van(sleutel) if sleutel else None
    prognoses: dict[str, tuple] = {}
    rijen = []
    for e in range(max(len(kw) - n, 0), len(kw)):
        for k in horizonnen:
            s = e - k + 1
            if (
                s < 1
                or maanden_tussen(str(kw.loc[s - 1, "periode"]), str(kw.loc[e, "periode"])) != 3 * k
            ):
                continue
            oorsprong = str(kw.loc[s - 1, "periode"])
            hist = tot_en_met(reeks, oorsprong)
            if len(hist) < 24:
                continue
            if oorsprong not in prognoses:
                y = hist.to_numpy()
                prognoses[oorsprong] = (
                    voorspel_array(y, 3 * kmax)[0],
                    volatiliteit(y),
                    fouten.sleutel_voor(y) if fouten is not None else None,
                )
            punt, vol, bnd = prognoses[oorsprong]
            F = float(np.sum(punt[: 3 * k]))
            if fouten is not None and fouten.aantal():
                monster = fouten.monster_cumulatief(3 * k, bnd, zonder=groep, tot=oorsprong)
                trek = toepassen(F, monster, vol)
                lo, hi = (float(q) for q in np.quantile(trek, [0.10, 0.90]))
            else:
                lo = hi = float("nan")
            werkelijk = float(kw.loc[s:e, "waarde"].sum())
            label = str(kw.loc[e, "venster"])
            if k > 1:
                label = f"{kw.loc[s, 'venster']} t/m {label}"
            rijen.append(
                {
                    "periode": label,
                    "einde": str(kw.loc[e, "periode"]),
                    "horizon": k,
                    "oorsprong": oorsprong,
                    "voorspeld": F,
                    "lo80": lo,
                    "hi80": hi,
                    "werkelijk": werkelijk,
                    "fout": werkelijk - F,
                    "binnen80": bool(lo <= werkelijk <= hi),
                }
            )
    kolommen = ["periode", "einde", "horizon", "oorsprong", "voorspeld", "lo80", "hi80"]
    uit = pd.DataFrame(rijen, columns=[*kolommen, "werkelijk", "fout", "binnen80"])
    return uit.sort_values(["horizon", "einde"], ignore_index=True)
