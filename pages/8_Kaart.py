"""Kaart: every Flemish municipality per 1,000 inhabitants in one month, the own one outlined."""

import streamlit as st

from charts import formaat
from diensten import kaart
from ui import cache, instellingen, link, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Kaart")


def kies_indicator() -> str:
    instellingen.uit_link("kaartindicator", kaart.KAART_INDICATOREN, label=kaart.LABELS.get)
    with st.sidebar:
        indicator = st.selectbox(
            "Indicator op de kaart",
            kaart.KAART_INDICATOREN,
            format_func=kaart.LABELS.get,
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


def toon(keuze, indicator, scherm):
    st.title(f"Kaart — Vlaanderen, {formaat.maand(keuze.tot)}")
    instellingen.demolabel()
    if indicator in kaart.GRADEN:
        wanneer = f"het laatste volledige kalenderjaar tot {formaat.maand(keuze.tot)}"
    else:
        wanneer = f"de laatste maand van de gekozen periode ({formaat.maand(keuze.tot)})"
    st.caption(
        f"Getoond: {wanneer}. {weergave.letterlijk(keuze.naam)} is omrand; grijs = afgeschermd "
        "(kleine aantallen), wit = geen cijfer."
    )
    weergave.scherm(scherm)


keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    indicator = kies_indicator()
    toon(keuze, indicator, bouw(keuze, indicator, laad(keuze, indicator)))
    link.deelknop()
