"""The "Wat als?" slide of the council's deck (`diensten.dek.ONDERDELEN["wat_als"]`).

A scenario in the codes of the Wat als? link (`forecasting.scenario_url`: `scenario=NAAM` and
`sm_cap=30`, ...), or without one the named scenario `STANDAARD_SCENARIO`, computed on the
baseline of the data release's model (`diensten.prognose.basis_invoer`) as the page does: the
extra activations to work, summed from the first forecast month, gross and net, up to the
deadline of the open target (else the end of the forecast). The chart is the page's
(`charts.pact.scenario_verschil`), the table holds exactly what it draws.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from charts import formaat
from charts import pact as pact_grafiek
from charts.schermen import Scherm
from data_access import queries, vrijgave
from diensten import prognose
from diensten.bron import bron as bron_van
from forecasting import scenario as model
from forecasting import scenario_url as su

STANDAARD_SCENARIO = "extra_jobhunters"
MIN_MAANDEN = 24  # the forecast runs two years, so delayed effects can be counted
NA_DEADLINE = 12  # and a year past the target's deadline ("Extra activeringen tellen tot")
TEL_TOT = "tel_tot"  # the link code of the month the extra is counted up to
SLEUTEL = "wat-als"
KOLOM_BRUTO = "Extra bruto (opgeteld)"
KOLOM_NETTO = "Extra netto (opgeteld)"


def horizon(engine: Engine, nis: str) -> int:
    """Months of the scenario's baseline, as on Wat als?: a year past the open target's
    deadline, and at least two years."""
    laatste = queries.laatste_periode(engine, nis)
    if laatste is None:
        return MIN_MAANDEN
    laatste = vrijgave.laatste_kwartaaleinde(laatste)
    return horizon_vanaf(laatste, prognose.open_doel(engine, nis, laatste))


def horizon_vanaf(laatste: str, doel: Mapping | None) -> int:
    """Months from `laatste`: a year past the target's deadline, at least two years."""
    tot_deadline = formaat.maanden_tussen(laatste, doel["tot"]) + NA_DEADLINE if doel else 0
    return max(tot_deadline, MIN_MAANDEN)


def tel_tot(query: Mapping | None, periodes, deadline: str | None) -> str:
    """The month the extra is counted up to: the link's `tel_tot` when it is a forecast month,
    else the target's deadline when it lies in the forecast, else the last month."""
    periodes = list(periodes)
    gekozen = su._laatste((query or {}).get(TEL_TOT))
    if gekozen in periodes:
        return gekozen
    return deadline if deadline in periodes else periodes[-1]


def scenario_uit_link(query: Mapping | None, basis: model.BasisInvoer) -> tuple[str | None, dict]:
    """(name, scenario for `model.bereken`) from the link's codes: a named scenario's values
    overlaid with the link's own parameters (clamped, `scenario_url.decodeer`); no codes at
    all: the named scenario `STANDAARD_SCENARIO`."""
    standaard = model.standaardwaarden(basis)
    naam, waarden = su.decodeer(query or {}, standaard)
    if naam is None and not waarden:
        naam = STANDAARD_SCENARIO
    scenario = model.benoemd_scenario(naam) if naam else {}
    scenario.update(waarden)
    return naam, scenario


def scenario_label(naam: str | None) -> str:
    if naam is None:
        return "Eigen scenario"
    return str(model.laad_parameters()["scenarios"][naam]["label"])


def eerste_effect(resultaat: model.ScenarioResultaat) -> str | None:
    """The first month in which the scenario's extra activations count."""
    extra = np.abs(resultaat.verschil("bruto").to_numpy())
    maanden = np.flatnonzero(extra > 1e-6)
    return resultaat.periodes[int(maanden[0])] if len(maanden) else None


def tabel(resultaat: model.ScenarioResultaat) -> pd.DataFrame:
    """What the chart draws: per month the extra activations to work summed from the first
    forecast month, gross and net (one decimal: a scenario is no count of people)."""
    per = resultaat.per_maand
    return pd.DataFrame(
        {
            "maand": per["periode"],
            KOLOM_BRUTO: per["verschil_bruto"].cumsum().round(1),
            KOLOM_NETTO: per["verschil_netto"].cumsum().round(1),
        }
    )


def _extra(resultaat: model.ScenarioResultaat, tot: str) -> str:
    som = resultaat.totaal(tot)
    return (
        f"{formaat.getal(som['verschil_bruto'], 0, plus=True)} activeringen naar werk tegen "
        f"{formaat.maand(tot)} (bruto, netto {formaat.getal(som['verschil_netto'], 0, plus=True)})"
    )


def kop(naam: str, label: str, resultaat: model.ScenarioResultaat, tot: str, deadline) -> str:
    """One sentence about the chosen municipality, its message before the first ';' (the
    slide's sentence): the extra by `tot`, or when the effect arrives only later, that first
    (a bare "0 tegen de deadline" would mislead)."""
    eerste = eerste_effect(resultaat)
    if eerste is None:
        return f"Wat als? {label} verandert in {naam} niets aan de activeringen naar werk."
    if eerste > tot:
        na = (
            f", na de deadline ({formaat.maand(deadline)})"
            if deadline and eerste > deadline
            else ""
        )
        return (
            f"Wat als? {label} in {naam}: het effect komt pas vanaf {formaat.maand(eerste)}{na}; "
            f"{_extra(resultaat, resultaat.periodes[-1])}."
        )
    return (
        f"Wat als? {label} in {naam}: {_extra(resultaat, tot)}; het effect begint in "
        f"{formaat.maand(eerste)}."
    )


def wat_als_scherm(
    engine: Engine,
    model_: prognose.Model,
    nis: str,
    *,
    query: Mapping | None = None,
    presentatie: bool = False,
    bron: str | None = None,
) -> Scherm | None:
    """The Wat als? slide of `nis` for the scenario in `query` (link codes); None when there is
    too little data for a baseline."""
    try:
        basis = prognose.basis_invoer(engine, model_, nis, horizon(engine, nis))
    except prognose.GeenPrognose:
        return None
    naam_scenario, scenario = scenario_uit_link(query, basis)
    resultaat = model.bereken(scenario, basis)
    laatste = formaat.periode_plus(basis.periodes[0], -1)  # the last full quarter's end
    doel = prognose.open_doel(engine, nis, laatste)
    deadline = str(doel["tot"]) if doel else None
    tot = tel_tot(query, basis.periodes, deadline)
    bron = bron or bron_van(engine, nis)
    index = pd.Index(resultaat.periodes, name="periode")
    fig = pact_grafiek.scenario_verschil(
        pd.Series(resultaat.basis, index=index),
        pd.Series(resultaat.bruto, index=index),
        pd.Series(resultaat.netto, index=index),
        bron=bron,
        laatste_maand=laatste,
        cumulatief=True,
        presentatie=presentatie,
    )
    label = scenario_label(naam_scenario)
    gemeente = queries.gemeenten(engine)
    naam = str(gemeente.loc[gemeente["nis"] == str(nis), "naam"].iloc[0])
    definities = model.laad_parameters()["definities"]
    noten = [
        f"Scenario: {label}. Een scenario is een rekenvoorbeeld bovenop de basisprognose, geen "
        "prognose van wat zal gebeuren; de schuifregelaars en bronnen staan op Wat als?.",
        str(definities["bruto"]).strip(),
        str(definities["netto"]).strip(),
    ]
    if scenario:
        beschrijving = model.laad_parameters()["scenarios"].get(naam_scenario or "", {})
        if beschrijving.get("beschrijving"):
            noten.insert(1, str(beschrijving["beschrijving"]).strip())
    return Scherm(
        SLEUTEL,
        "Wat het scenario verandert",
        kop(naam, label, resultaat, tot, deadline),
        fig,
        tabel(resultaat),
        noten,
    )


def dek_scherm(
    engine: Engine,
    nis: str,
    van: str,
    tot: str,
    *,
    model_: prognose.Model,
    query: Mapping | None = None,
    presentatie: bool = False,
) -> Scherm | None:
    """The deck's Wat als? slide (the scenario starts after the last full quarter with data,
    whatever the deck's period)."""
    return wat_als_scherm(engine, model_, nis, query=query, presentatie=presentatie)


def haak(model_: prognose.Model, query: Mapping | None = None):
    """The deck's Wat als? hook (`diensten.dek.WatAlsHaak`) for this model and scenario."""
    return functools.partial(dek_scherm, model_=model_, query=dict(query or {}))
