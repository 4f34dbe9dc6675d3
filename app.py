"""Overzicht: where are we, are we on track, what changed — one screen for the schepen."""

import streamlit as st

from charts import schermen
from data_access import vrijgave
from ui import cache, exporteer, instellingen, link, presentatie, prognose, verhalen, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Overzicht", initial_sidebar_state=presentatie.zijbalk_stand())


def laad(keuze):
    return {
        "totalen": cache.reeksen([keuze.nis], "leefloongerechtigden"),
        "werk": cache.werk_per_kwartaal(keuze.nis),
        "alle": cache.reeksen(keuze.alle_nissen[:5], "leefloongerechtigden"),
    }


def bouw(keuze, data):
    kaarten = schermen.kpis(
        data["totalen"],
        data["werk"],
        naam=keuze.naam,
        van=keuze.van,
        tot=keuze.tot,
        afronding=vrijgave.afrondingsbasis(),
    )
    trend = cache.scherm(
        schermen.trend_scherm,
        data["alle"],
        indicator="leefloongerechtigden",
        modus="per1000",
        namen=keuze.namen,
        eigen=keuze.nis,
        van=keuze.van,
        tot=keuze.tot,
        bron=cache.bron(keuze.nis),
    )
    return kaarten, trend


def toon(keuze, kaarten, trend):
    st.title(f"Overzicht — {weergave.letterlijk(keuze.naam)}")
    instellingen.demolabel()
    kolommen = st.columns(3)
    for i, kaart in enumerate(kaarten):
        weergave.kaart(kolommen[i % 3], kaart.titel, kaart.waarde, kaart.zin)
    prognose.pact_kaarten(keuze)
    weergave.scherm(trend)
    verhalen.blok()


presentatie.herstel_uit_link()
keuze = instellingen.zijbalk(gebruiker)
# --- council mode (ui/presentatie.py) and exports (ui/exporteer.py) ---
if keuze is not None and presentatie.actief():
    presentatie.toon(keuze)
elif keuze is not None:
    presentatie.schakelaar()
    toon(keuze, *bouw(keuze, laad(keuze)))
    exporteer.exportknoppen(keuze, gebruiker)
    link.deelknop()
