"""Doelgroepen: who is on leefloon (target groups, age) and where activations lead."""

import streamlit as st

from charts import schermen
from data_access.suppression import drempel_uit_omgeving
from ui import cache, exporteer, instellingen, link, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Doelgroepen")

UITSPLITSINGEN = (
    ("leefloongerechtigden", "doelgroep"),
    ("leefloongerechtigden", "leeftijd"),
    ("activeringen", "bestemming"),
    ("activeringen", "pijler"),
)


def laad(keuze):
    return {
        (indicator, dimensie): cache.uitsplitsing_op_niveau(
            keuze.nis, indicator, dimensie, gebruiker
        )
        for indicator, dimensie in UITSPLITSINGEN
    }


def bouw(keuze, data):
    """One screen per breakdown, built lazily: each chart goes to the browser as soon as it is
    built, instead of the first one waiting for all four."""
    drempel = drempel_uit_omgeving()
    return (
        cache.scherm(
            schermen.uitsplitsing_scherm,
            schermen.venster(splitsing.tabel, keuze.van, keuze.tot),
            indicator=indicator,
            dimensie=dimensie,
            naam=keuze.naam,
            tot=keuze.tot,
            bron=cache.bron(keuze.nis, splitsing.statussen),
            drempel=drempel,
            samengevoegd=splitsing.zin,
        )
        for (indicator, dimensie), splitsing in data.items()
    )


def toon(keuze, lijst):
    st.title(f"Doelgroepen — {weergave.letterlijk(keuze.naam)}")
    instellingen.demolabel()
    if gebruiker.ziet_detail(keuze.nis):
        st.success("U ziet als analist van deze gemeente de exacte cijfers (niet delen).")
    else:
        st.caption(
            "Kleine aantallen zijn afgeschermd: '<5' is 1 tot 4 personen, 'x' is verborgen zodat "
            "niemand een kleine cel kan terugrekenen. Activeringen tonen we per kwartaal; waar dat "
            "te veel verbergt, voegen we groepen of perioden samen (dat staat er dan bij)."
        )
    getoond = []  # the screens as shown (built one by one), for the PDF of this page
    for scherm in lijst:
        weergave.scherm(scherm)
        getoond.append(scherm)
    return getoond


keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    getoond = toon(keuze, bouw(keuze, laad(keuze)))
    exporteer.pdf_knop(keuze, getoond, pagina="Doelgroepen")
    link.deelknop()
