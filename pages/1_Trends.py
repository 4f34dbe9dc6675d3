"""Trends: recipients, inflow and outflow over time — absolute, per 1,000 or indexed — and the
caseload forecast 12 months ahead with its 80% and 95% bands and an optional scenario layer."""

import streamlit as st

from charts import formaat, schermen
from charts.theme import MAX_REEKSEN
from diensten import trendprognose as tp
from ui import cache, exporteer, instellingen, link, weergave
from ui import trendprognose as prognose
from ui.guard import bewaak

gebruiker = bewaak(titel="Trends")

MODI = {
    "absoluut": "Absoluut",
    "per1000": "Per 1.000 inwoners",
    "index": "Geïndexeerd (basismaand = 100)",
}


MAX_GEMEENTEN = 5


def laad(keuze, indicator, niveaus):
    reeks, namen, zonder = cache.met_niveaus(
        cache.reeksen(keuze.alle_nissen[:MAX_GEMEENTEN], indicator),
        keuze.namen,
        keuze.nis,
        niveaus,
        indicator,
    )
    return {
        "reeks": reeks,
        "namen": namen,
        "zonder": zonder,
        "status": cache.status(keuze.nis, indicator),
        "instroom": cache.reeksen([keuze.nis], "instroom"),
        "uitstroom": cache.reeksen([keuze.nis], "uitstroom"),
        "prognose": prognose.laad(keuze.nis, indicator),
    }


def bouw_prognose(keuze, p, met_scenario: bool):
    if isinstance(p, Exception):
        return p
    laag = p.laag if met_scenario else None
    return cache.scherm(
        schermen.prognose_scherm,
        p.historie,
        p.waaier,
        laag,
        indicator=p.indicator,
        naam=keuze.naam,
        bron=cache.bron(keuze.nis),
        laag_naam="Scenario werkloosheid",
        laag_tekst=tp.scenario_tekst(p) if laag is not None else None,
    )


def bouw(keuze, indicator, modus, data, met_scenario):
    bron = cache.bron(keuze.nis)
    trend = cache.scherm(
        schermen.trend_scherm,
        data["reeks"],
        indicator=indicator,
        modus=modus,
        namen=data["namen"],
        eigen=keuze.nis,
        van=keuze.van,
        tot=keuze.tot,
        bron=bron,
        status=data["status"][0],
        verschil=data["status"][1],
    )
    stromen = cache.scherm(
        schermen.stromen_scherm,
        data["instroom"],
        data["uitstroom"],
        naam=keuze.naam,
        van=keuze.van,
        tot=keuze.tot,
        bron=bron,
    )
    p = data["prognose"]
    zonder_laag = met_scenario and not isinstance(p, Exception) and p.laag is None
    prognose_scherm = bouw_prognose(keuze, p, met_scenario)
    return trend, stromen, prognose_scherm, zonder_laag, data["zonder"]


def toon(keuze, indicator, trend, stromen, prognose_scherm, zonder_laag, zonder):
    st.title(f"Trends — {weergave.letterlijk(keuze.naam)}")
    instellingen.demolabel()
    st.caption(
        f"Periode {formaat.maand(keuze.van)} – {formaat.maand(keuze.tot)}; "
        "de gemeenten uit 'Vergelijken met' staan mee in de grafiek."
    )
    instellingen.meld_niveaus_zonder(zonder)
    weergave.scherm(trend)
    weergave.scherm(stromen)
    prognose.toon(prognose_scherm, indicator, zonder_laag=zonder_laag)


keuze = instellingen.zijbalk(gebruiker)
if keuze is not None:
    indicator, modus = instellingen.indicator_keuze(MODI, label="Weergave", sleutel="modus")
    ruimte = MAX_REEKSEN - len(keuze.alle_nissen[:MAX_GEMEENTEN])
    niveaus = instellingen.niveau_keuze(keuze, ruimte=ruimte)
    if modus == "absoluut" and niveaus:
        st.caption("Niveaus en gelijkaardige gemeenten staan alleen per 1.000 of geïndexeerd.")
        niveaus = ()
    met_scenario = prognose.scenario_keuze()
    data = laad(keuze, indicator, niveaus)
    trend, stromen, vooruit, zonder_laag, zonder = bouw(keuze, indicator, modus, data, met_scenario)
    toon(keuze, indicator, trend, stromen, vooruit, zonder_laag, zonder)
    getoond = [trend, stromen, *([vooruit] if isinstance(vooruit, schermen.Scherm) else [])]
    exporteer.pdf_knop(keuze, getoond, pagina="Trends")
    link.deelknop()
