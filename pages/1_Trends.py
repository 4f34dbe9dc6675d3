"""Trends: recipients, inflow and outflow over time — absolute, per 1,000 or indexed."""

import streamlit as st

from charts import formaat, schermen
from ui import cache, instellingen, link, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Trends")

MODI = {
    "absoluut": "Absoluut",
    "per1000": "Per 1.000 inwoners",
    "index": "Geïndexeerd (basismaand = 100)",
}


def laad(keuze, indicator):
    return {
        "reeks": cache.reeksen(keuze.alle_nissen[:5], indicator),
        "instroom": cache.reeksen([keuze.nis], "instroom"),
        "uitstroom": cache.reeksen([keuze.nis], "uitstroom"),
    }


def bouw(keuze, indicator, modus, data):
    bron = cache.bron()
    trend = cache.scherm(
        schermen.trend_scherm,
        data["reeks"],
        indicator=indicator,
        modus=modus,
        namen=keuze.namen,
        eigen=keuze.nis,
        van=keuze.van,
        tot=keuze.tot,
        bron=bron,
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
    return trend, stromen


def toon(keuze, trend, stromen):
    st.title(f"Trends — {weergave.letterlijk(keuze.naam)}")
    instellingen.demolabel()
    st.caption(
        f"Periode {formaat.maand(keuze.van)} – {formaat.maand(keuze.tot)}; "
        "de gemeenten uit 'Vergelijken met' staan mee in de grafiek."
    )
    weergave.scherm(trend)
    weergave.scherm(stromen)


keuze = instellingen.zijbalk(gebruiker)
if keuze is not None:
    indicator, modus = instellingen.indicator_keuze(MODI, label="Weergave", sleutel="modus")
    toon(keuze, *bouw(keuze, indicator, modus, laad(keuze, indicator)))
    link.deelknop()
