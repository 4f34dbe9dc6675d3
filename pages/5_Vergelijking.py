"""Vergelijking: a fair comparison — per 1,000 inhabitants or indexed, same window for all."""

import streamlit as st

from charts import formaat, schermen
from diensten import kaart
from ui import cache, exporteer, instellingen, link, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Vergelijking")

MODI = {"per1000": "Per 1.000 inwoners", "index": "Geïndexeerd (begin periode = 100)"}


def bouw(keuze, indicator, modus, niveaus):
    frame, namen, zonder = cache.met_niveaus(
        cache.reeksen(keuze.alle_nissen, indicator), keuze.namen, keuze.nis, niveaus, indicator
    )
    klein, rang = cache.scherm(
        schermen.vergelijking_schermen,
        frame,
        indicator=indicator,
        modus=modus,
        namen=namen,
        eigen=keuze.nis,
        van=keuze.van,
        tot=keuze.tot,
        bron=cache.bron(),
    )
    return klein, rang, zonder


def toon(keuze, klein, rang, zonder):
    naam = weergave.letterlijk(keuze.naam)
    st.title(f"Vergelijking — {naam} en {len(keuze.vergelijk)} andere gemeente(n)")
    instellingen.demolabel()
    st.caption(
        f"Zelfde venster voor alle gemeenten: {formaat.maand(keuze.van)} – "
        f"{formaat.maand(keuze.tot)}. Per 1.000 inwoners op 1 januari van elk jaar (Statbel); "
        "index: elke gemeente op 100 in de eerste maand."
    )
    instellingen.meld_niveaus_zonder(zonder)
    weergave.scherm(klein)
    weergave.scherm(rang)
    jaar = kaart.volledig_jaar(keuze.tot)
    st.subheader(f"Activeringsgraad {jaar}")
    weergave.scherm(cache.activeringsgraad(keuze.alle_nissen, jaar, keuze.nis))


keuze = instellingen.zijbalk(gebruiker)
if keuze is not None:
    if not keuze.vergelijk:
        st.info("Kies in de zijbalk bij 'Vergelijken met' minstens één andere gemeente.")
    indicator, modus = instellingen.indicator_keuze(MODI, label="Maatstaf", sleutel="maatstaf")
    niveaus = instellingen.niveau_keuze(keuze, ruimte=5)
    klein, rang, zonder = bouw(keuze, indicator, modus, niveaus)
    toon(keuze, klein, rang, zonder)
    exporteer.pdf_knop(keuze, [klein, rang], pagina="Vergelijking")
    link.deelknop()
