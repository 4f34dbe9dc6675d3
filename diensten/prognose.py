"""From the database to the forecasting models: the glue for the app, the deck and the CLI.

No Streamlit here (the app caches these calls in `ui/cache.py`). The forecast service of
`diensten/`: it reads the database through `data_access.queries` and feeds the pure models of
`forecasting/` (`baseline`, `backtest`, `doel`, `scenario`), which never read it themselves.

Typical use, once per data release (slow: a rolling-origin backtest over every municipality):

    model = bouw_model(engine)                          # picklable; cache it per data version
    d = doelprognose(engine, model, "activeringspact-2023", as_of="2024-06")
    d.als_json()                                        # CLI `forecast`

and per view only the fast steps (`doelprognose`, `kansverloop`, `trackrecord`,
`basis_invoer`), which reuse the model's pooled error pool and never re-run the backtest.

What the model contains (`Model`):

- the backtest of activations into work pooled over all municipalities with data. Besides the
  municipality total (key `nis`) it includes the work activations per pillar (`nis|pijler`),
  so the pool of past errors behind every fan and probability is several times richer than
  three totals would give. Pillar series that are zero in more than half of the months are
  left out: they teach nothing about forecasting activations and would narrow the bands;
- backtests of the caseload (`leefloongerechtigden`), inflow and outflow, for the accuracy
  report on "Data & methode" and for the caseload baseline of "Wat als?";
- the accuracy table per series kind and pooled over every kind, and the build time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from data_access import queries, vrijgave
from data_access.suppression import aggregeer_reeks, drempel_uit_omgeving
from domein.maanden import maanden_tussen, maandnummer
from forecasting.backtest import BacktestResultaat, _metriek, backtest
from forecasting.backtest import trackrecord as backtest_trackrecord
from forecasting.baseline import voorspel
from forecasting.doel import DoelPrognose, kans_op_doel, trackrecord_kwartalen, vrijgegeven
from forecasting.fouten import Foutenmodel
from forecasting.scenario import PIJLERS, BasisInvoer, uitstroomgraad_uit_data

H = 12  # horizons scored in the backtest (months)
MAX_NUL_AANDEEL = 0.5  # pillar series with more zero months than this stay out of the pool
STANDAARD_H_SCENARIO = 24

#: Series kinds of the accuracy report, in display order: (code, Dutch label).
SOORTEN: tuple[tuple[str, str], ...] = (
    ("werk", "Activeringen naar werk (gemeentetotaal)"),
    ("werk_pool", "Activeringen naar werk, totaal en per pijler (basis van de kans)"),
    ("leefloongerechtigden", "Leefloongerechtigden (maandstand)"),
    ("instroom", "Instroom"),
    ("uitstroom", "Uitstroom"),
    ("alles", "Alle reeksen samen"),
)
NAUWKEURIGHEID_KOLOMMEN = (
    "soort",
    "reeks",
    "mase",
    "rel_mae_naive",
    "rel_mae_snaive",
    "coverage80",
    "coverage95",
    "series",
    "gemeenten",
    "vensters",
    "prognoses",
)
#: Target indicators with a forecast: the target's indicator -> the backtest that calibrates it.
DOEL_BACKTEST = {"activeringen": "werk", "instroom": "instroom", "uitstroom": "uitstroom"}


class GeenPrognose(ValueError):
    """No forecast possible (unknown target, too little data, a month out of range): the
    message is Dutch and meant for the user."""


# --------------------------------------------------------------------------------------------
# series from the database


def _als_reeks(frame: pd.DataFrame, naam: str) -> pd.Series:
    if frame.empty:
        return pd.Series(dtype=float, name=naam, index=pd.Index([], name="periode"))
    reeks = frame.set_index("periode")["waarde"].astype(float)
    reeks.index = pd.Index([str(p) for p in reeks.index], name="periode")
    return reeks.rename(naam)


def werkreeks(engine: Engine, nis: str, pijlers: Iterable[str] | None = None) -> pd.Series:
    """Activations into work per month (the pact's count), index `YYYY-MM`.

    With `pijlers`, only the activations through those pillars. Pillar series are exact cells:
    the model may use them because only aggregated model outputs (fans, probabilities,
    accuracy figures over many series) ever reach a screen, never a pillar cell."""
    frame = queries.activeringen_naar_werk(engine, nis, pijlers=list(pijlers) if pijlers else None)
    return _als_reeks(frame, "activeringen_naar_werk")


def reeks(engine: Engine, nis: str, indicator: str) -> pd.Series:
    """A municipality's monthly total of `indicator` (index `YYYY-MM`, float values)."""
    return _als_reeks(queries.reeks(engine, nis, indicator), indicator)


def pool(engine: Engine) -> list[str]:
    """The model's municipalities: those with the full cube (work activations delivered);
    municipalities with totals only add no work series, and their caseload series would
    dominate the build."""
    met_werk = queries.gemeenten_met_werk(engine)
    return [n for n in queries.gemeenten_met_data(engine)["nis"] if n in met_werk]


def _nissen(engine: Engine, nissen: Iterable[str] | None) -> list[str]:
    met_data = list(queries.gemeenten_met_data(engine)["nis"])
    if nissen is None:
        return pool(engine)
    gevraagd = [str(n) for n in nissen]
    onbekend = [n for n in gevraagd if n not in met_data]
    if onbekend:
        raise GeenPrognose(f"Geen gegevens voor NIS {', '.join(onbekend)}.")
    return gevraagd


def _bruikbaar(reeks_: pd.Series) -> bool:
    """Long enough for at least one backtest origin and without gaps."""
    if len(reeks_) < 2 * H:
        return False
    nummers = np.array([maandnummer(p) for p in reeks_.index])
    return bool(np.all(np.diff(nummers) == 1))


def werkreeksen(engine: Engine, nissen: Iterable[str]) -> dict[str, pd.Series]:
    """The work-activation series of the calibration pool: totals (`nis`) and, where they are
    not mostly zero, the per-pillar series (`nis|pijler`)."""
    uit = {}
    for nis in nissen:
        totaal = werkreeks(engine, nis)
        if _bruikbaar(totaal):
            uit[nis] = totaal
        for p in PIJLERS:
            deel = werkreeks(engine, nis, [p])
            if _bruikbaar(deel) and float(np.mean(deel.to_numpy() == 0)) <= MAX_NUL_AANDEEL:
                uit[f"{nis}|{p}"] = deel
    return uit


# --------------------------------------------------------------------------------------------
# the model (one per data release)


@dataclass
class Model:
    """Everything the forecasts of one data release need; picklable (cache per data version).

    `backtests`: kind -> `BacktestResultaat` (`werk` = totals and pillars, plus the
    indicators). `fouten_werk`: the pooled errors behind every target probability.
    `nauwkeurigheid`: the accuracy table (columns `NAUWKEURIGHEID_KOLOMMEN`, one row per kind
    of `SOORTEN` that had data). `duur_s`: build time in seconds.
    """

    versie: int
    nissen: tuple[str, ...]
    backtests: dict[str, BacktestResultaat]
    nauwkeurigheid: pd.DataFrame
    duur_s: float
    reeksen_werk: tuple[str, ...] = ()
    overgeslagen: tuple[str, ...] = field(default=())

    @property
    def fouten_werk(self) -> Foutenmodel:
        return self.fouten("werk")

    @property
    def metriek_werk(self) -> dict:
        return self.backtests["werk"].metriek

    def fouten(self, soort: str) -> Foutenmodel:
        if soort not in self.backtests:
            raise GeenPrognose(
                "Te weinig gegevens voor een prognose: er is minstens 24 maanden zonder gaten "
                "nodig."
            )
        return self.backtests[soort].fouten

    def backtest_json(self) -> dict:
        """CLI `backtest` of the work activations (totals and pillars)."""
        if "werk" not in self.backtests:
            raise GeenPrognose("Te weinig gegevens voor een backtest (minstens 24 maanden).")
        return self.backtests["werk"].als_json()


def _samengevoegd(delen: dict[str, BacktestResultaat]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forecast rows of several backtests in one frame; keys made unique per kind (the group,
    the municipality, stays). Each kind keeps its own pooled bands."""
    p = [bt.prognoses.assign(sleutel=f"{k}:" + bt.prognoses.sleutel) for k, bt in delen.items()]
    o = [bt.oorsprongen.assign(sleutel=f"{k}:" + bt.oorsprongen.sleutel) for k, bt in delen.items()]
    return pd.concat(p, ignore_index=True), pd.concat(o, ignore_index=True)


def _rij(soort: str, m: dict) -> dict:
    return {
        "soort": soort,
        "reeks": dict(SOORTEN)[soort],
        "mase": m["mase"],
        "rel_mae_naive": m["rel_mae_naive"],
        "rel_mae_snaive": m["rel_mae_snaive"],
        "coverage80": m["coverage80"],
        "coverage95": m["coverage95"],
        "series": m["series"],
        "gemeenten": m["groepen"],
        "vensters": m["vensters"],
        "prognoses": m["prognoses"],
    }


def nauwkeurigheid(backtests: dict[str, BacktestResultaat]) -> pd.DataFrame:
    """Accuracy per series kind and pooled over every kind (horizons 1..12).

    `werk`: the municipality totals of work activations alone (bands from the full pool);
    `werk_pool`: totals and pillar series (what calibrates the probability); `alles`: every
    series of every kind together (each kind with its own pooled bands)."""
    rijen = []
    if "werk" in backtests:
        bt = backtests["werk"]
        totaal_p = ~bt.prognoses.sleutel.str.contains("|", regex=False)
        totaal_o = ~bt.oorsprongen.sleutel.str.contains("|", regex=False)
        if totaal_p.any():
            rijen.append(
                _rij("werk", _metriek(bt.prognoses[totaal_p], bt.oorsprongen[totaal_o], bt.h))
            )
        rijen.append(_rij("werk_pool", bt.metriek))
    for soort in ("leefloongerechtigden", "instroom", "uitstroom"):
        if soort in backtests:
            rijen.append(_rij(soort, backtests[soort].metriek))
    if backtests:
        p, o = _samengevoegd(backtests)
        rijen.append(_rij("alles", _metriek(p, o, H)))
    return pd.DataFrame(rijen, columns=list(NAUWKEURIGHEID_KOLOMMEN))


def bouw_model(
    engine: Engine,
    nissen: Iterable[str] | None = None,
    voortgang: Callable[[float, str], None] | None = None,
    n_jobs: int = 1,
) -> Model:
    """Run the backtests of this data release (the slow step; a few seconds on the demo).

    `nissen`: the municipalities in the pool (default: every municipality with data).
    `voortgang(aandeel, tekst)`: optional progress callback (Dutch text). `n_jobs`: processes
    per backtest (the app keeps 1: no process pool inside the Streamlit server; the CLI and a
    nightly run can use the machine's cores).
    """
    begin = time.perf_counter()
    meld = voortgang or (lambda _a, _t: None)
    versie = int(queries.data_versie(engine))
    gemeenten = _nissen(engine, nissen)
    backtests: dict[str, BacktestResultaat] = {}
    overgeslagen: list[str] = []

    meld(0.0, "Reeksen van activeringen naar werk ophalen")
    werk = werkreeksen(engine, gemeenten)
    meld(0.1, f"Backtest van {len(werk)} reeksen van activeringen naar werk")
    if werk:
        backtests["werk"] = backtest(werk, h=H, n_jobs=n_jobs)
    indicatoren = ("leefloongerechtigden", "instroom", "uitstroom")
    for i, indicator in enumerate(indicatoren):
        meld(0.6 + 0.13 * i, f"Backtest van {indicator}")
        reeksen_ = {}
        for nis in gemeenten:
            r = reeks(engine, nis, indicator)
            if _bruikbaar(r):
                reeksen_[nis] = r
            else:
                overgeslagen.append(f"{nis}|{indicator}")
        if reeksen_:
            backtests[indicator] = backtest(reeksen_, h=H, n_jobs=n_jobs)
    meld(1.0, "Klaar")
    return Model(
        versie=versie,
        nissen=tuple(gemeenten),
        backtests=backtests,
        nauwkeurigheid=nauwkeurigheid(backtests),
        duur_s=time.perf_counter() - begin,
        reeksen_werk=tuple(werk),
        overgeslagen=tuple(overgeslagen),
    )


# --------------------------------------------------------------------------------------------
# targets


def doel_rij(engine: Engine, doel_id: str) -> dict:
    """The target row as a dict; `GeenPrognose` for an unknown id."""
    alle = queries.doelen(engine)
    rij = alle[alle["doel_id"] == doel_id]
    if rij.empty:
        raise GeenPrognose(f"Onbekend doel '{doel_id}'.")
    uit = rij.iloc[0].to_dict()
    uit["nis"] = str(uit["nis"])
    return uit


def is_illustratief(doel: dict) -> bool:
    """Demo targets that are not published figures say so in their name."""
    return "illustratief" in str(doel.get("naam", "")).lower()


def kies_doel(doelen: pd.DataFrame, maand: str | None) -> dict | None:
    """The target to show for a month: the one whose window contains `maand`, else the most
    recent one that has started, else the first upcoming one; None without targets."""
    if doelen is None or doelen.empty:
        return None
    d = doelen.sort_values(["van", "tot"]).reset_index(drop=True)
    if maand is None:
        return d.iloc[-1].to_dict()
    binnen = d[(d["van"] <= maand) & (d["tot"] >= maand)]
    if not binnen.empty:
        return binnen.iloc[-1].to_dict()
    gestart = d[d["van"] <= maand]
    if not gestart.empty:
        return gestart.iloc[-1].to_dict()
    return d.iloc[0].to_dict()


def _doelreeks(engine: Engine, model: Model, doel: dict) -> tuple[pd.Series, Foutenmodel]:
    indicator = str(doel.get("indicator") or "activeringen")
    if indicator not in DOEL_BACKTEST:
        raise GeenPrognose(
            f"Voor een doel op '{indicator}' maakt de monitor geen prognose: alleen doelen op "
            "activeringen (naar werk), instroom of uitstroom worden opgeteld."
        )
    nis = str(doel["nis"])
    r = werkreeks(engine, nis) if indicator == "activeringen" else reeks(engine, nis, indicator)
    if r.empty:
        raise GeenPrognose(f"Er zijn geen gegevens voor NIS {nis}.")
    return r, model.fouten(DOEL_BACKTEST[indicator])


def as_of_maanden(doel: dict, laatste: str) -> list[str]:
    """Months an as-of replay can start from: the target's release points up to the last month
    with data and the deadline (`data_access.vrijgave.stand_punten`: the month before the
    start, then the end of every released tile; activations to work count per full quarter)."""
    return vrijgave.stand_punten(doel, laatste)


def _controleer_maand(maand: str) -> None:
    try:
        maandnummer(maand)
    except ValueError as fout:
        raise GeenPrognose(f"'{maand}' is geen maand: gebruik JJJJ-MM.") from fout


def _punt(doel: dict, r: pd.Series, as_of: str | None) -> str:
    """The release point the forecast is made at: `as_of` (default: the last month with data,
    capped at the deadline) moved back to the last month whose count may be shown."""
    laatste = str(r.index[-1])
    if as_of is None:
        as_of = min(laatste, str(doel["tot"]))
    _controleer_maand(as_of)
    if maanden_tussen(laatste, as_of) > 0:
        raise GeenPrognose(
            f"Er zijn nog geen gegevens voor {as_of}: de laatste maand is {laatste}."
        )
    if maanden_tussen(str(r.index[0]), as_of) < 0:
        raise GeenPrognose(f"Er zijn geen gegevens vóór {r.index[0]}: kies een latere maand.")
    punt = vrijgave.snap(doel, as_of, laatste)
    if punt is None:  # pragma: no cover - the month before the start is always a point
        raise GeenPrognose(f"Geen vrijgegeven stand van dit doel tot {as_of}.")
    return punt


def _doelstand(engine: Engine, doel: dict) -> pd.DataFrame:
    try:
        return queries.doelstand(engine, doel)
    except vrijgave.NietVrijgeefbaar as fout:
        raise GeenPrognose(str(fout)) from fout


def _vrijgeef(
    engine: Engine,
    doel: dict,
    d: DoelPrognose,
    stand: pd.DataFrame | None = None,
    kwartalen: pd.DataFrame | None = None,
) -> DoelPrognose:
    """`d` (fitted on the exact series) as it may be shown: on the released progress."""
    if stand is None:
        stand = _doelstand(engine, doel)
    voor = stand[stand["periode"] <= d.as_of]
    achieved = int(voor["cumulatief"].iloc[-1]) if not voor.empty else 0
    na = stand[stand["periode"] > d.as_of]
    nadien = na.assign(cumulatief=na["cumulatief"] - achieved)[["periode", "cumulatief"]]
    pad = voor[["periode", "cumulatief"]]
    run_rate = d.run_rate
    if vrijgave.is_werkdoel(doel):
        if kwartalen is None:
            kwartalen = queries.werk_per_kwartaal(engine, str(doel["nis"]))
        tempo = vrijgave.tempo(kwartalen, d.as_of)
        run_rate = float("nan") if tempo is None else tempo
    return vrijgegeven(d, achieved=achieved, pad=pad, pad_nadien=nadien, run_rate=run_rate)


def doelprognose(
    engine: Engine,
    model: Model,
    doel_id: str,
    as_of: str | None = None,
    extra: pd.Series | None = None,
    prognose: pd.DataFrame | None = None,
) -> DoelPrognose:
    """Probability of reaching target `doel_id`, seen from `as_of`, as it may be shown.

    `as_of` default: the last month with data, capped at the target's deadline; it moves back to
    the last release point (`as_of_maanden`), and the returned `as_of` says which. Only data up
    to that month feed the forecast; every count in the result is the released one
    (`data_access.vrijgave`). `extra`: a scenario's extra activations per month (index
    `YYYY-MM`), added to the point forecast ("Wat als?"); `prognose`: a point forecast from the
    month after `as_of` (used only when `as_of` is a release point itself)."""
    doel = doel_rij(engine, doel_id)
    r, fouten = _doelreeks(engine, model, doel)
    punt = _punt(doel, r, as_of)
    gevraagd = as_of or min(str(r.index[-1]), str(doel["tot"]))
    eigen = prognose if punt == gevraagd else None
    d = kans_op_doel(r, doel, punt, fouten, sleutel=str(doel["nis"]), prognose=eigen, extra=extra)
    return _vrijgeef(engine, doel, d)


def scenario_kans(
    engine: Engine, model: Model, doel: dict, as_of: str, prognose: pd.DataFrame
) -> Callable[[pd.Series | None], DoelPrognose]:
    """For "Wat als?": a function from a scenario's extra activations per month (or None) to
    the released forecast of `doel` seen from `as_of`, on the baseline point forecast
    `prognose` (from the month after `as_of`). Everything slow is done here, once: a slider step
    only adds its extra months to the forecast."""
    r, fouten = _doelreeks(engine, model, doel)
    punt = _punt(doel, r, as_of)
    if punt != as_of:  # the count is released up to an earlier month: forecast from there
        h = max(maanden_tussen(punt, str(doel["tot"])), 1)
        prognose = voorspel(r[r.index <= punt], h, fouten=fouten, sleutel=str(doel["nis"]))
    stand = _doelstand(engine, doel)
    kwartalen = queries.werk_per_kwartaal(engine, str(doel["nis"]))
    nis = str(doel["nis"])

    def kans(extra: pd.Series | None = None) -> DoelPrognose:
        d = kans_op_doel(r, doel, punt, fouten, sleutel=nis, prognose=prognose, extra=extra)
        return _vrijgeef(engine, doel, d, stand, kwartalen)

    return kans


def kansverloop(
    engine: Engine, model: Model, doel_id: str, maanden: list[str] | None = None
) -> pd.DataFrame:
    """The probability as it would have been stated at each release point of the target
    (default: every one up to the deadline or the last month with data), on the released
    counts. Frame `as_of, achieved, probability, p10, p50, p90, needed_per_month, run_rate,
    gehaald` (`gehaald`: the released outcome once the deadline is in the data, else NA)."""
    doel = doel_rij(engine, doel_id)
    r, fouten = _doelreeks(engine, model, doel)
    if maanden is None:
        maanden = as_of_maanden(doel, str(r.index[-1]))
    stand = _doelstand(engine, doel)
    kwartalen = queries.werk_per_kwartaal(engine, str(doel["nis"]))
    einde = stand[stand["periode"] == str(doel["tot"])]
    uitkomst = bool(einde["gehaald"].iloc[0]) if not einde.empty else pd.NA
    rijen = []
    for m in maanden:
        punt = _punt(doel, r, m)
        d = kans_op_doel(r, doel, punt, fouten, sleutel=str(doel["nis"]))
        d = _vrijgeef(engine, doel, d, stand, kwartalen)
        j = d.als_json()
        rij = {k: j[k] for k in ("as_of", "achieved", "probability", "p10", "p50", "p90")}
        rij.update(needed_per_month=d.needed_per_month, run_rate=d.run_rate, gehaald=uitkomst)
        rijen.append(rij)
    kolommen = ["as_of", "achieved", "probability", "p10", "p50", "p90"]
    return pd.DataFrame(rijen, columns=[*kolommen, "needed_per_month", "run_rate", "gehaald"])


def trackrecord(engine: Engine, model: Model, nis: str) -> pd.DataFrame:
    """Past forecasts of work activations per quarter (1 quarter ahead, and the next 2 quarters
    together) vs the released quarter figures, over the last 8 quarters, with the pooled 80%
    bands. Frame of `forecasting.doel.trackrecord_kwartalen`."""
    r = werkreeks(engine, nis)
    if len(r) < 2 * H:
        raise GeenPrognose("Te weinig maanden voor een trackrecord (minstens 24).")
    kwartalen = queries.werk_per_kwartaal(engine, str(nis))
    uit = trackrecord_kwartalen(r, kwartalen, fouten=model.fouten_werk, sleutel=str(nis))
    if uit.empty:
        raise GeenPrognose("Te weinig volledige kwartalen voor een trackrecord.")
    return uit


# --------------------------------------------------------------------------------------------
# "Wat als?"


def open_doel(engine: Engine, nis: str, laatste: str) -> dict | None:
    """The municipality's first target whose deadline lies after the last month with data."""
    d = queries.doelen(engine, nis)
    d = d[d["tot"] > laatste].sort_values(["tot", "van"]) if not d.empty else d
    return None if d.empty else d.iloc[0].to_dict()


def basis_invoer(engine: Engine, model: Model, nis: str, h: int | None = None) -> BasisInvoer:
    """What a "Wat als?" scenario adds to: baseline forecasts of work activations and the
    caseload for the next `h` months after the last full quarter (default: up to the deadline
    of the first open target, else 24), capacity per pillar (trajectory starts per month over
    the last two full quarters, derived from the protected table: `vrijgave.capaciteit`) and the
    monthly exit rate (outflow / caseload over the last 12 months, published totals)."""
    werk = werkreeks(engine, nis)
    leefloon = reeks(engine, nis, "leefloongerechtigden")
    if werk.empty or leefloon.empty:
        raise GeenPrognose(f"Er zijn geen gegevens voor NIS {nis}.")
    laatste = vrijgave.laatste_kwartaaleinde(min(str(werk.index[-1]), str(leefloon.index[-1])))
    werk = werk[werk.index <= laatste]
    leefloon = leefloon[leefloon.index <= laatste]
    if werk.empty or leefloon.empty:
        raise GeenPrognose("Nog geen volledig kwartaal met gegevens.")
    if h is None:
        doel = open_doel(engine, nis, laatste)
        h = maanden_tussen(laatste, str(doel["tot"])) if doel else STANDAARD_H_SCENARIO
    h = max(int(h), 1)
    fouten_ll = model.backtests.get("leefloongerechtigden")
    prog_werk = voorspel(werk, h, fouten=model.fouten_werk, sleutel=str(nis))
    prog_ll = voorspel(
        leefloon, h, fouten=fouten_ll.fouten if fouten_ll else None, sleutel=str(nis)
    )
    capaciteit = capaciteit_uit_tabel(engine, nis, laatste)
    uitstroom = reeks(engine, nis, "uitstroom")
    graad = uitstroomgraad_uit_data(uitstroom, leefloon) if not uitstroom.empty else None
    return BasisInvoer.uit_prognoses(prog_werk, prog_ll, capaciteit, uitstroomgraad=graad)


def capaciteit_uit_tabel(engine: Engine, nis: str, tot: str) -> dict[str, float]:
    """Trajectory starts per month per pillar over the last two full quarters up to `tot`,
    derived from the released (protected) quarterly table and its published totals."""
    tabel = queries.uitsplitsing(engine, nis, "trajectstarts", "pijler")
    if tabel.empty:
        return {}
    totalen = aggregeer_reeks(
        queries.reeks(engine, nis, "trajectstarts").set_index("periode")["waarde"]
    )
    uit = vrijgave.capaciteit(tabel, totalen, tot, drempel_uit_omgeving())
    return {p: uit[p] for p in PIJLERS if p in uit}


# --------------------------------------------------------------------------------------------
# track record of the backtests (issue 17): accuracy, bands and P per series kind

#: Indicators of `backtest --indicator X --trackrecord` -> the model's backtest kind.
INDICATOR_BACKTEST = {
    "werk": "werk",
    "activeringen": "werk",
    "leefloongerechtigden": "leefloongerechtigden",
    "instroom": "instroom",
    "uitstroom": "uitstroom",
}


def trackrecord_backtest(model: Model, soort: str) -> dict[str, pd.DataFrame]:
    """The track record of one backtest kind of the model (`forecasting.backtest.trackrecord`):
    frames `nauwkeurigheid` (all series, per size class, per trend class) and
    `betrouwbaarheid` (stated vs observed P per tenth)."""
    if soort not in model.backtests:
        raise GeenPrognose(
            "Te weinig gegevens voor een trackrecord: er is minstens 24 maanden zonder gaten nodig."
        )
    return backtest_trackrecord(model.backtests[soort])


def _json_rijen(frame: pd.DataFrame) -> list[dict]:
    rijen = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [
        {k: round(v, 4) if isinstance(v, float) else v for k, v in rij.items()} for rij in rijen
    ]


def backtest_indicator_json(
    engine: Engine, indicator: str, nissen: Iterable[str] | None = None
) -> dict:
    """CLI `backtest --indicator X --trackrecord`: the pooled backtest of one indicator with its
    track record (accuracy, coverage, Brier score and reliability of P, per size and trend
    class)."""
    if indicator not in INDICATOR_BACKTEST:
        raise GeenPrognose(
            f"Onbekende indicator '{indicator}': kies uit {', '.join(INDICATOR_BACKTEST)}."
        )
    gemeenten = _nissen(engine, nissen)
    if INDICATOR_BACKTEST[indicator] == "werk":
        reeksen_ = werkreeksen(engine, gemeenten)
    else:
        reeksen_ = {n: r for n in gemeenten if _bruikbaar(r := reeks(engine, n, indicator))}
    if not reeksen_:
        raise GeenPrognose("Te weinig gegevens voor een backtest (minstens 24 maanden).")
    bt = backtest(reeksen_, h=H)
    tr = backtest_trackrecord(bt)
    return {
        "indicator": indicator,
        **bt.als_json(),
        "trackrecord": _json_rijen(tr["nauwkeurigheid"]),
        "betrouwbaarheid": _json_rijen(tr["betrouwbaarheid"]),
    }


# --------------------------------------------------------------------------------------------
# JSON for the CLI (README: Command line)


def backtest_json(engine: Engine, nissen: Iterable[str] | None = None) -> dict:
    """CLI `backtest`: the pooled backtest of work activations (municipality totals and,
    where not mostly zero, per pillar) over `nissen` (default: all with data)."""
    gemeenten = _nissen(engine, nissen)
    werk = werkreeksen(engine, gemeenten)
    if not werk:
        raise GeenPrognose("Te weinig gegevens voor een backtest (minstens 24 maanden).")
    return backtest(werk, h=H).als_json()


def forecast_json(
    engine: Engine,
    doel_id: str,
    as_of: str | None = None,
    nis: str | None = None,
    model: Model | None = None,
) -> dict:
    """CLI `forecast`. With `nis`, the target must belong to that municipality."""
    doel = doel_rij(engine, doel_id)
    if nis is not None and str(doel["nis"]) != str(nis):
        raise GeenPrognose(f"Doel '{doel_id}' hoort bij NIS {doel['nis']}, niet bij NIS {nis}.")
    if as_of is not None:
        _controleer_maand(as_of)
    model = model or bouw_model(engine)
    return doelprognose(engine, model, doel_id, as_of).als_json()
