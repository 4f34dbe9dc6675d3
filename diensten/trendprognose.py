"""Caseload forecast of Trends and `leefloonmonitor forecast --indicator`: leefloongerechtigden,
inflow and outflow 12 months ahead with an 80% and a 95% band, and the optional scenario layer
of the 2026 time limit on unemployment benefit (`forecasting.instroomlaag`).

No Streamlit (the app caches `trendprognose` per data version in `ui/cache.py`). The point and
the bands come from the public forecasting API (`forecasting.baseline.voorspel` with the pooled
errors of a `forecasting.backtest.backtest`), so whatever improves the model improves this too.

Disclosure: these are municipality totals per month, which the product shows exactly
(docs/privacy.md, "De regel in het kort"); they are read through `data_access.queries` like
every other total, and no breakdown cell enters the model.

As of a month (the CLI): every step sees only data up to that month — the series of the
municipality, and the pool of errors, which is a backtest over every municipality's series cut
at that month. Changing any value after the as-of month leaves the output identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from data_access import queries
from diensten import prognose
from diensten.prognose import GeenPrognose
from domein.maanden import maanden_tussen, maandnummer
from forecasting import instroomlaag
from forecasting.backtest import backtest
from forecasting.baseline import voorspel
from forecasting.fouten import Foutenmodel
from forecasting.periodes import tot_en_met
from forecasting.scenario import uitstroomgraad_uit_data

INDICATOREN = ("leefloongerechtigden", "instroom", "uitstroom")
H = 12
MAX_H = 36
KWANTIELEN = ("p2_5", "p10", "p50", "p90", "p97_5")
WAAIER_KOLOMMEN = ("periode", *KWANTIELEN)


@dataclass
class Trendprognose:
    """One municipality's forecast of one indicator, seen from `as_of` (the last month used).

    `historie`: `periode, waarde` up to `as_of`; `waaier`: `periode, p2_5, p10, p50, p90,
    p97_5`; `laag`: the scenario on top, `periode, extra, p10, p50, p90` (the base fan shifted
    by what the scenario adds) or None; `laag_personen`: the extra applications in total."""

    nis: str
    indicator: str
    as_of: str
    historie: pd.DataFrame
    waaier: pd.DataFrame
    laag: pd.DataFrame | None = None
    laag_personen: float = 0.0


def controleer_indicator(indicator: str) -> None:
    if indicator not in INDICATOREN:
        raise GeenPrognose(
            f"Onbekende indicator '{indicator}': kies uit {', '.join(INDICATOREN)}. "
            "Activeringen naar werk tellen per kwartaal: hun prognose is die van een doel "
            "(forecast --target) en hun backtest is backtest --indicator werk."
        )


def controleer_horizon(h: int) -> None:
    if not 1 <= int(h) <= MAX_H:
        raise GeenPrognose(f"De horizon moet tussen 1 en {MAX_H} maanden liggen, niet {h}.")


def waaier(reeks: pd.Series, h: int, fouten: Foutenmodel | None, sleutel: str) -> pd.DataFrame:
    """The fan of the `h` months after `reeks`: median = the point forecast, bands from the
    pooled errors. Clipped so that p2_5 <= p10 <= p50 <= p90 <= p97_5 and >= 0 (a pool whose
    errors are not centred could otherwise put the point outside its own band)."""
    f = voorspel(reeks, h, niveaus=(80, 95), fouten=fouten, sleutel=sleutel)
    p50 = np.maximum(f["gemiddelde"].to_numpy(dtype=float), 0.0)
    p10 = np.clip(f["lo80"].to_numpy(dtype=float), 0.0, p50)
    p90 = np.maximum(f["hi80"].to_numpy(dtype=float), p50)
    p2_5 = np.clip(f["lo95"].to_numpy(dtype=float), 0.0, p10)
    p97_5 = np.maximum(f["hi95"].to_numpy(dtype=float), p90)
    return pd.DataFrame(
        {"periode": f["periode"], "p2_5": p2_5, "p10": p10, "p50": p50, "p90": p90, "p97_5": p97_5}
    )


def _bruikbaar(reeks: pd.Series) -> bool:
    """Long enough for a backtest origin and without gaps (as in the app's model)."""
    if len(reeks) < 2 * prognose.H:
        return False
    return bool(np.all(np.diff([maandnummer(p) for p in reeks.index]) == 1))


def _controleer_maand(maand: str) -> None:
    try:
        maandnummer(maand)
    except ValueError as fout:
        raise GeenPrognose(f"'{maand}' is geen maand: gebruik JJJJ-MM.") from fout


def fouten_tot(alle: dict[str, pd.Series], as_of: str) -> Foutenmodel:
    """The pooled errors as they could be known at `as_of`: a backtest over every
    municipality's series cut at `as_of` (the same backtest as the app's model)."""
    knip = {nis: tot_en_met(r, as_of) for nis, r in alle.items()}
    knip = {nis: r for nis, r in knip.items() if _bruikbaar(r)}
    if not knip:
        raise GeenPrognose(
            f"Te weinig gegevens tot {as_of} voor een prognose met banden: er is minstens één "
            "gemeente met 24 maanden zonder gaten nodig."
        )
    return backtest(knip, h=prognose.H).fouten


def _controleer_as_of(reeks: pd.Series, nis: str, as_of: str) -> None:
    eerste, laatste = str(reeks.index[0]), str(reeks.index[-1])
    if maanden_tussen(laatste, as_of) > 0:
        raise GeenPrognose(
            f"Er zijn nog geen gegevens voor {as_of} in NIS {nis}: de laatste maand is {laatste}."
        )
    if maanden_tussen(eerste, as_of) < 0:
        raise GeenPrognose(
            f"Er zijn geen gegevens vóór {eerste} in NIS {nis}: kies een latere --as-of."
        )


def _rond(x: float) -> float:
    return round(float(x), 1)


def voorspellingen(
    alle: dict[str, pd.Series],
    nissen: Iterable[str],
    as_ofs: Iterable[str],
    h: int = H,
    *,
    pool: Iterable[str] | None = None,
) -> list[dict]:
    """The CLI rows `nis, as_of, period, p50, p10, p90, p2_5, p97_5` for every municipality
    and as-of month, from the series in `alle`; the error pool is the series of `pool`
    (default: all of `alle`), so asking for another municipality does not change the bands."""
    controleer_horizon(h)
    nissen, as_ofs = [str(n) for n in nissen], [str(m) for m in as_ofs]
    onbekend = [n for n in nissen if n not in alle or alle[n].empty]
    if onbekend:
        raise GeenPrognose(f"Geen gegevens voor NIS {', '.join(onbekend)}.")
    for nis in nissen:
        for m in as_ofs:
            _controleer_maand(m)
            _controleer_as_of(alle[nis], nis, m)
    rijen = []
    in_pool = alle if pool is None else {n: alle[n] for n in pool if n in alle}
    pools = {m: fouten_tot(in_pool, m) for m in dict.fromkeys(as_ofs)}
    for nis in nissen:
        for m in as_ofs:
            try:
                w = waaier(tot_en_met(alle[nis], m), h, pools[m], nis)
            except ValueError as fout:  # a series with gaps: the Dutch message of the check
                raise GeenPrognose(f"NIS {nis}: {fout}") from fout
            for r in w.itertuples(index=False):
                rijen.append(
                    {
                        "nis": nis,
                        "as_of": m,
                        "period": str(r.periode),
                        "p50": _rond(r.p50),
                        "p10": _rond(r.p10),
                        "p90": _rond(r.p90),
                        "p2_5": _rond(r.p2_5),
                        "p97_5": _rond(r.p97_5),
                    }
                )
    return rijen


def alle_reeksen(engine: Engine, indicator: str, extra: Iterable[str] = ()) -> dict[str, pd.Series]:
    """The monthly totals of `indicator` of the pool of the error model (`prognose.pool`: the
    municipalities with the full cube, as in the app's model), then those of `extra` (the
    municipalities asked for; they are forecast, not pooled: see `voorspellingen`)."""
    controleer_indicator(indicator)
    met_data = set(queries.gemeenten_met_data(engine)["nis"])
    uit = {}
    for nis in [*prognose.pool(engine), *(str(n) for n in extra if str(n) in met_data)]:
        if nis in uit:
            continue
        r = prognose.reeks(engine, str(nis), indicator)
        if not r.empty:
            uit[str(nis)] = r
    return uit


def forecast_json(
    engine: Engine,
    nissen: Iterable[str],
    indicator: str,
    as_ofs: Iterable[str] | None = None,
    h: int = H,
) -> dict:
    """CLI `forecast --indicator`: `{"forecasts": [{nis, as_of, period, p50, p10, p90, p2_5,
    p97_5}, ...]}`; `as_ofs` default: each municipality's last month."""
    controleer_indicator(indicator)
    controleer_horizon(h)
    nissen = [str(n) for n in nissen]
    alle = alle_reeksen(engine, indicator, nissen)
    pool = prognose.pool(engine)
    if as_ofs:
        return {"forecasts": voorspellingen(alle, nissen, as_ofs, h, pool=pool)}
    onbekend = [n for n in nissen if n not in alle]
    if onbekend:
        raise GeenPrognose(f"Geen gegevens voor NIS {', '.join(onbekend)}.")
    rijen = []
    for nis in nissen:  # each municipality from its own last month
        rijen += voorspellingen(alle, [nis], [str(alle[nis].index[-1])], h, pool=pool)
    return {"forecasts": rijen}


# --------------------------------------------------------------------------------------------
# Trends (the app): the model of the data release gives the pool; nothing is refitted per view


def _inwoners(engine: Engine, nis: str) -> float | None:
    b = queries.bevolking(engine, [nis])
    return None if b.empty else float(b.sort_values("jaar")["inwoners"].iloc[-1])


def _laag(
    engine: Engine, nis: str, indicator: str, w: pd.DataFrame, leefloon: pd.Series
) -> tuple[pd.DataFrame | None, float]:
    inwoners = _inwoners(engine, nis)
    if inwoners is None:
        return None, 0.0
    uit = prognose.reeks(engine, nis, "uitstroom")
    graad = uitstroomgraad_uit_data(uit, leefloon) if not (uit.empty or leefloon.empty) else None
    waarden_ = instroomlaag.waarden(graad)
    extra = instroomlaag.extra(list(w["periode"]), inwoners, waarden_)
    erbij = extra[indicator].to_numpy()
    laag = pd.DataFrame(
        {
            "periode": w["periode"],
            "extra": erbij,
            "p10": w["p10"].to_numpy() + erbij,
            "p50": w["p50"].to_numpy() + erbij,
            "p90": w["p90"].to_numpy() + erbij,
        }
    )
    return laag, float(extra["instroom"].sum())


def trendprognose(
    engine: Engine, model: prognose.Model, nis: str, indicator: str, h: int = H
) -> Trendprognose:
    """The forecast Trends shows: from the last month with data, pooled bands from the model of
    this data release (`diensten.prognose.bouw_model`), with the scenario layer computed too
    (the checkbox only shows or hides it)."""
    controleer_indicator(indicator)
    nis = str(nis)
    r = prognose.reeks(engine, nis, indicator)
    if r.empty:
        raise GeenPrognose(f"Er zijn geen gegevens voor NIS {nis}.")
    try:
        w = waaier(r, h, model.fouten(indicator), nis)
    except ValueError as fout:
        raise GeenPrognose(f"Geen prognose mogelijk: {fout}") from fout
    leefloon = (
        r
        if indicator == "leefloongerechtigden"
        else prognose.reeks(engine, nis, "leefloongerechtigden")
    )
    laag, personen = _laag(engine, nis, indicator, w, leefloon)
    historie = pd.DataFrame({"periode": list(r.index), "waarde": r.to_numpy()})
    return Trendprognose(nis, indicator, str(r.index[-1]), historie, w, laag, personen)


def backtest_json(engine: Engine, indicator: str, nissen: Iterable[str] | None = None) -> dict:
    """CLI `backtest --indicator`: the pooled backtest of one indicator's municipality totals
    (default: the model's pool), the same as the app's model runs."""
    alle = alle_reeksen(engine, indicator, nissen or ())
    if nissen:
        onbekend = [str(n) for n in nissen if str(n) not in alle]
        if onbekend:
            raise GeenPrognose(f"Geen gegevens voor NIS {', '.join(onbekend)}.")
        alle = {str(n): alle[str(n)] for n in nissen}
    bruikbaar = {nis: r for nis, r in alle.items() if _bruikbaar(r)}
    if not bruikbaar:
        raise GeenPrognose("Te weinig gegevens voor een backtest (minstens 24 maanden).")
    return backtest(bruikbaar, h=prognose.H).als_json()


def scenario_naam() -> str:
    return str(instroomlaag.parameters()["label"])


def scenario_tekst(p: Trendprognose | None = None) -> str:
    """The scenario's assumption in words, with its sources (the note under the chart)."""
    par = instroomlaag.parameters()
    bron = par["per_1000_inwoners"]["bron"]
    noemer = par["per_1000_inwoners"].get("bron_noemer") or {}
    hoeveel = ""
    if p is not None and p.laag_personen:
        hoeveel = (
            f" Voor deze gemeente: ongeveer {round(p.laag_personen)} extra aanvragen in de "
            "maanden van de prognose."
        )
    bronnen = "; ".join(
        str(b["titel"]) + (f" ({b['url']})" if b.get("url") else "") for b in (bron, noemer) if b
    )
    return (
        f"{par['label']} (aanname, betrouwbaarheid laag): {' '.join(str(par['aanname']).split())}"
        f"{hoeveel} Bron: {bronnen}."
    )
