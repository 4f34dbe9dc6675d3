"""Uitleg & begrippen: the words of the dashboard in plain Dutch (texts from `domein`)."""

import pandas as pd
import streamlit as st

import domein
from charts import zinnen
from data_access.suppression import MINIMALE_NOEMER, drempel_uit_omgeving
from domein import begrippen
from ui import instellingen, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Uitleg & begrippen")


def bouw() -> list[tuple[str, str]]:
    """The concepts with the disclosure rule's numbers and the band sentence filled in."""
    drempel = drempel_uit_omgeving()
    uit = []
    for begrip, tekst in begrippen.BEGRIPPEN:
        if tekst == begrippen.KLEINE_AANTALLEN:
            tekst = tekst.format(grens=drempel - 1, drempel=drempel, noemer=MINIMALE_NOEMER)
        if tekst == begrippen.PROGNOSEBAND:
            tekst = f"{tekst} {zinnen.band_zin()}"
        uit.append((begrip, tekst))
    return uit


def teldefinities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Indicator": [domein.LABELS["indicator"][c] for c in domein.INDICATOREN],
            "Telling": [domein.TELDEFINITIE[c] for c in domein.INDICATOREN],
        }
    )


def toon(uitleg: list[tuple[str, str]]) -> None:
    st.title("Uitleg & begrippen")
    instellingen.demolabel()
    st.caption("De woorden van de Leefloonmonitor, kort uitgelegd. Meer in Data & methode.")
    for begrip, tekst in uitleg:
        st.subheader(begrip)
        st.markdown(tekst)
    st.subheader("Wat elke indicator telt")
    weergave.tabel(teldefinities(), "teldefinities", "teldefinities")


toon(bouw())
