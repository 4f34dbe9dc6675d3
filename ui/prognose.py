"""Forecast pieces shown on several pages (Overzicht cards, Data & methode accuracy)."""

import streamlit as st


def pact_kaarten(keuze) -> None:
    """Target progress and probability cards (filled in with the forecasting layer)."""


def methode_en_nauwkeurigheid() -> None:
    st.header("Prognosemethode")
