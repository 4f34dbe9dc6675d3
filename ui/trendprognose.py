"""Trends: the checkbox of the scenario layer (kept in the link as `?werkloosheid=ja|nee`) and
the forecast section (a Dutch note instead of a chart when there is too little data)."""

import streamlit as st

from diensten import trendprognose
from diensten.prognose import GeenPrognose
from ui import cache, link, weergave

SLEUTEL = "werkloosheid"
_CODES = {"ja": True, "nee": False, "true": True, "false": False, "1": True, "0": False}


def _lees(ruw: list[str]) -> bool | None:
    return _CODES.get(str(ruw[-1]).strip().lower()) if ruw else None


def scenario_keuze() -> bool:
    """The checkbox in the sidebar; its choice is in the link as a code, also when off."""
    link.neem_over(SLEUTEL, _lees)
    with st.sidebar:
        st.subheader("Prognose")
        aan = st.checkbox(
            "Scenario: instroom na de beperking van de werkloosheidsuitkering (2026)",
            key=SLEUTEL,
            help=(
                "Toont bovenop de prognose een gestreepte lijn en band: de extra "
                "leefloonaanvragen van wie vanaf 2026 de werkloosheidsuitkering verliest "
                "(VVSG-raming, naar inwoners geschaald)."
            ),
        )
    link.schrijf(SLEUTEL, "ja" if aan else "nee")
    return bool(aan)


def laad(nis: str, indicator: str):
    """The forecast of `indicator` (leefloongerechtigden when Trends shows another one), or
    the Dutch reason why there is none."""
    gekozen = indicator if indicator in trendprognose.INDICATOREN else "leefloongerechtigden"
    try:
        return cache.reeksprognose(nis, gekozen)
    except GeenPrognose as fout:
        return fout


def toon(scherm_of_fout, indicator: str, *, zonder_laag: bool = False) -> None:
    """The forecast section; `zonder_laag`: the scenario was asked for but cannot be scaled."""
    st.subheader("Prognose voor de komende 12 maanden")
    if isinstance(scherm_of_fout, Exception):
        st.info(weergave.letterlijk(f"Geen prognose: {scherm_of_fout}"))
        return
    uitleg = (
        "De prognose vertrekt van de laatste maand met gegevens, los van de gekozen periode. "
        "Mediaan: de middelste verwachting; de banden komen uit de fouten van vroegere "
        "prognoses van alle gemeenten (Data & methode)."
    )
    if indicator not in trendprognose.INDICATOREN:
        uitleg += (
            " Een prognose per maand maken we voor leefloongerechtigden, instroom en uitstroom; "
            "hier die van de leefloongerechtigden."
        )
    st.caption(uitleg)
    if zonder_laag:
        st.caption(
            "Het scenario van de beperking van de werkloosheidsuitkering wordt naar het aantal "
            "inwoners geschaald, en voor deze gemeente is er geen inwonersaantal: het scenario "
            "ontbreekt in de grafiek."
        )
    weergave.scherm(scherm_of_fout)
