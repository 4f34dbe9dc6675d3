"""Beheer, tab "Gebruikers" (admins): the users, adding and removing one."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access import gebruikers
from data_access.referentie import gemeenten_referentie
from data_access.toegang import ROL_KORT, ROL_LABELS, ROLLEN, Gebruiker
from ui import weergave
from ui.beheer.hulp import K_MELDING, databank_weigerde, gemeentenamen, is_demo, md


def gebruikerstabel(frame: pd.DataFrame) -> pd.DataFrame:
    namen = gemeentenamen()
    return pd.DataFrame(
        {
            "gebruikersnaam": frame["gebruikersnaam"],
            "naam": frame["naam"],
            "e-mail": frame["email"],
            "rollen": [
                ", ".join(ROL_KORT.get(r, r) for r in str(rs).split(",") if r)
                for rs in frame["rollen"]
            ],
            "gemeenten": [
                ", ".join(namen.get(n, n) for n in str(g).split(",") if n)
                for g in frame["gemeenten"]
            ],
            "actief": ["ja" if a else "nee" for a in frame["actief"]],
            "demo-account": ["ja" if d else "" for d in frame["demo"]],
        }
    )


def tab_gebruikers(engine: Engine, gebruiker: Gebruiker) -> None:
    if not gebruiker.is_admin:  # the tab is not offered, but never trust that alone
        st.error("Alleen beheerders kunnen gebruikers beheren.")
        return
    st.subheader("Gebruikers")
    frame = gebruikers.lijst(engine)
    weergave.tabel(gebruikerstabel(frame), "gebruikers", "beheer-gebruikers")
    demo = is_demo(engine)
    links, rechts = st.columns(2, gap="large")
    with links:
        _gebruiker_toevoegen(engine, gebruiker, demo)
    with rechts:
        _gebruiker_verwijderen(engine, gebruiker, frame)


def _gebruiker_toevoegen(engine: Engine, gebruiker: Gebruiker, demo: bool) -> None:
    st.markdown("#### Gebruiker toevoegen")
    if demo:
        st.warning(
            "Een echte gebruiker toevoegen **beëindigt de demomodus**: de demo-accounts (ook het "
            "account waarmee u nu bent aangemeld) werken daarna niet meer."
        )
    ref = gemeenten_referentie().sort_values("naam")
    namen = gemeentenamen()
    with st.form("beheer_gebruiker_nieuw", clear_on_submit=False):
        naam = st.text_input("Gebruikersnaam", max_chars=60, placeholder="bv. jan.peeters")
        volledig = st.text_input("Naam", max_chars=120)
        email = st.text_input("E-mail (optioneel)", max_chars=200)
        wachtwoord = st.text_input(
            f"Wachtwoord (minstens {gebruikers.MIN_WACHTWOORD_TEKENS} tekens)",
            type="password",
            max_chars=200,
            autocomplete="new-password",
        )
        herhaal = st.text_input(
            "Wachtwoord herhalen", type="password", max_chars=200, autocomplete="new-password"
        )
        rollen = st.multiselect("Rollen", list(ROLLEN), format_func=ROL_LABELS.get)
        gemeenten_ = st.multiselect(
            "Gemeenten (voor analisten: detailcijfers)",
            list(ref["nis"]),
            format_func=lambda n: f"{namen.get(n, n)} ({n})",
        )
        akkoord = True
        if demo:
            akkoord = st.checkbox("Ik begrijp dat de demo hiermee eindigt.")
        toevoegen = st.form_submit_button("Gebruiker toevoegen", type="primary")
    if not toevoegen:
        return
    if wachtwoord != herhaal:
        st.error("De twee wachtwoorden zijn niet gelijk.")
        return
    if not akkoord:
        st.error("Bevestig eerst dat de demo hiermee eindigt.")
        return
    try:
        nieuw = gebruikers.voeg_toe(
            engine,
            naam,
            volledig,
            wachtwoord,
            rollen,
            gemeenten_,
            email,
            door=gebruiker.gebruikersnaam,
        )
    except gebruikers.GebruikerFout as fout:
        st.error("**Niet toegevoegd:**\n\n" + "\n".join(f"- {md(z)}" for z in fout.fouten))
        return
    except SQLAlchemyError as fout:
        databank_weigerde(fout)
        return
    st.session_state[K_MELDING] = f"Gebruiker {md(nieuw.gebruikersnaam)} is toegevoegd."
    st.rerun()


def _gebruiker_verwijderen(engine: Engine, gebruiker: Gebruiker, frame: pd.DataFrame) -> None:
    st.markdown("#### Gebruiker verwijderen")
    anderen = [n for n in frame["gebruikersnaam"] if n != gebruiker.gebruikersnaam]
    if not anderen:
        st.caption("Er zijn geen andere gebruikers. Uw eigen account kunt u hier niet verwijderen.")
        return
    with st.form("beheer_gebruiker_weg"):
        weg = st.selectbox("Gebruiker", anderen, index=None, placeholder="Kies een gebruiker")
        zeker = st.checkbox("Ja, verwijder deze gebruiker definitief.")
        verwijderen = st.form_submit_button("Verwijderen")
    if not verwijderen:
        return
    if weg is None or not zeker:
        st.error("Kies een gebruiker en vink de bevestiging aan.")
        return
    try:
        gebruikers.verwijder(engine, weg, door=gebruiker.gebruikersnaam)
    except gebruikers.GebruikerFout as fout:
        st.error(md(fout))
        return
    except SQLAlchemyError as fout:
        databank_weigerde(fout)
        return
    st.session_state[K_MELDING] = f"Gebruiker {md(weg)} is verwijderd."
    st.rerun()
