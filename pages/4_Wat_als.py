"""Wat als?: what extra capacity, better conversion or an inflow shock do to the pact.

Sliders per pillar and for the inflow shock, the scenario as a difference from the baseline
forecast (gross and net), the probability of the target and the expected funding under the
scenario, a sensitivity table and every default with its source. The scenario is kept in the
URL, so a copied link reproduces it.

Only the fragment in `ui.wat_als` reruns on a slider step: the baseline forecasts and the pooled
error model come cached per data release from `ui.prognose` and are never refitted here.
"""

import pandas as pd
import streamlit as st

from charts import formaat
from data_access import vrijgave
from diensten.prognose import GeenPrognose
from diensten.wat_als import horizon_vanaf
from ui import cache, instellingen, link, wat_als, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Wat als?")


def laad(keuze):
    """Cached inputs only: the baseline of the scenario and the open target.

    The baseline starts after the last full quarter (activations to work are released per
    quarter); the scenario runs a year past the open target's deadline, and at least two years
    ahead (one cached forecast: choosing a later month to count up to never refits); the
    target's probability only counts the months up to its deadline."""
    laatste = vrijgave.laatste_kwartaaleinde(cache.laatste_periode(keuze.nis))
    doel = cache.open_doel(keuze.nis, laatste)
    basis = cache.basis_invoer(keuze.nis, horizon_vanaf(laatste, doel))
    eerste = formaat.periode_plus(basis.periodes[0], -1)
    if eerste != laatste:  # a series ends earlier than the newest month: follow the baseline
        laatste = eerste
        doel = cache.open_doel(keuze.nis, laatste)
    return basis, laatste, doel


def bouw(keuze, basis, laatste, doel) -> wat_als.Werkblad:
    """The fragment's inputs. The target's probability under a scenario reuses the baseline
    forecast of `basis` (no fit): only the scenario's extra activations are added, to the
    released count (`diensten.prognose.scenario_kans`)."""
    kans = basis_doel = None
    if doel is not None and str(doel["tot"]) <= basis.periodes[-1]:
        punt = pd.DataFrame({"periode": basis.periodes, "gemiddelde": basis.activeringen})
        kans = cache.scenario_kans(doel["doel_id"], laatste, punt)
        basis_doel = kans(None)
    return wat_als.Werkblad(
        nis=keuze.nis,
        naam=keuze.naam,
        basis=basis,
        bron=cache.bron(keuze.nis),
        laatste_maand=laatste,
        doel=doel,
        basis_doel=basis_doel,
        kans=kans,
    )


def toon(keuze, blad: wat_als.Werkblad) -> None:
    naam = weergave.letterlijk(keuze.naam)
    st.title(f"Wat als? — {naam}")
    instellingen.demolabel()
    doeltekst = (
        f"het doel '{weergave.letterlijk(blad.doel['naam'])}' "
        f"({formaat.getal(blad.doel['doelwaarde'])} activeringen "
        f"naar werk tegen {formaat.maand(blad.doel['tot'])})"
        if blad.doel
        else "de komende maanden"
    )
    st.caption(
        f"Wat verandert er voor {doeltekst} als {naam} meer trajecten start, beter "
        "doorverwijst of extra instroom krijgt? Het scenario komt bovenop de basisprognose "
        f"(na {formaat.maand(blad.laatste_maand)}, het laatste volledige kwartaal); de periode "
        "in de zijbalk geldt hier niet. Een link naar deze pagina bewaart het scenario."
    )
    wat_als.werkblad(blad)
    wat_als.standaarden(blad)


keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    try:
        invoer = laad(keuze)
    except GeenPrognose as fout:
        st.title(f"Wat als? — {weergave.letterlijk(keuze.naam)}")
        instellingen.demolabel()
        st.warning(weergave.letterlijk(fout))
    else:
        toon(keuze, bouw(keuze, *invoer))
        link.deelknop()
