"""Kaart: every Flemish municipality per 1,000 inhabitants in one month, the own one outlined."""

import streamlit as st

from charts import formaat
from diensten import kaart
from domein import LABELS
from ui import cache, instellingen, link, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Kaart")


def kies_indicator() -> str:
    instellingen.uit_link("kaartindicator", kaart.KAART_INDICATOREN, label=LABELS["indicator"].get)
    with st.sidebar:
        indicator = st.selectbox(
            "Indicator op de kaart",
            kaart.KAART_INDICATOREN,
            format_func=LABELS["indicator"].get,
            key="kaartindicator",
        )
    link.schrijf("kaartindicator", indicator)
    return indicator


def laad(keuze, indicator):
    return cache.kaartgegevens(indicator, keuze.tot)


def bouw(keuze, indicator, frame):
    return cache.scherm(
        kaart.kaart_scherm,
        frame,
        indicator=indicator,
        periode=keuze.tot,
        eigen=keuze.nis,
        bron=cache.bron(),
    )


def toon(keuze, scherm):
    st.title(f"Kaart — Vlaanderen, {formaat.maand(keuze.tot)}")
    instellingen.demolabel()
    st.caption(
        f"De maand is het einde van de gekozen periode ({formaat.maand(keuze.tot)}). "
        f"{weergave.letterlijk(keuze.naam)} is omrand; grijs = afgeschermd (kleine aantallen), "
        "wit = geen cijfer voor deze maand."
    )
    weergave.scherm(scherm)


keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    indicator = kies_indicator()
    toon(keuze, bouw(keuze, indicator, laad(keuze, indicator)))
    link.deelknop()
