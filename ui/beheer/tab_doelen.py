"""Beheer, tab "Doelen": the targets and the form to add or change one."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from charts import formaat
from data_access import db, doelbeheer, queries
from data_access.referentie import gemeenten_referentie
from data_access.toegang import Gebruiker
from domein import INDICATOREN, LABELS
from ui import weergave
from ui.beheer.hulp import (
    K_MELDING,
    UITBETALING_LABELS,
    databank_weigerde,
    gemeentenamen,
    getal_nl,
    maand_nl,
    md,
    nieuwe_gegevens,
)


def doeltabel(frame: pd.DataFrame) -> pd.DataFrame:
    namen = gemeentenamen()
    return pd.DataFrame(
        {
            "doel_id": frame["doel_id"].astype(str),
            "gemeente": [namen.get(n, n) for n in frame["nis"]],
            "naam": frame["naam"].astype(str),
            "indicator": [LABELS["indicator"].get(i, i) for i in frame["indicator"]],
            "van": [maand_nl(p) for p in frame["van"]],
            "tot en met": [maand_nl(p) for p in frame["tot"]],
            "doelwaarde": [getal_nl(w) for w in frame["doelwaarde"]],
            "max. subsidie": [formaat.euro(w) for w in frame["max_subsidie_eur"]],
            "uitbetaling": [UITBETALING_LABELS.get(u, u) for u in frame["uitbetaling"]],
            "bron": frame["bron"].astype(str),
        }
    )


def tab_doelen(engine: Engine, gebruiker: Gebruiker) -> None:
    st.subheader("Doelen")
    frame = queries.doelen(engine)
    if frame.empty:
        st.info("Er zijn nog geen doelen.")
    else:
        weergave.tabel(doeltabel(frame), "doelen", "beheer-doelen")
    st.markdown("#### Doel toevoegen of wijzigen")
    modus = st.radio(
        "Wat wilt u doen?",
        ["nieuw", "wijzig"],
        format_func={"nieuw": "Nieuw doel toevoegen", "wijzig": "Bestaand doel wijzigen"}.get,
        horizontal=True,
        key="beheer_doel_modus",
    )
    huidig: dict = {}
    if modus == "wijzig":
        if frame.empty:
            st.info("Er is nog geen doel om te wijzigen.")
            return
        ids = list(frame["doel_id"].astype(str))
        gekozen = st.selectbox("Welk doel?", ids, key="beheer_doel_keuze")
        huidig = frame[frame["doel_id"] == gekozen].iloc[0].to_dict()
    _doelformulier(engine, gebruiker, huidig, nieuw=modus == "nieuw")


def _doelformulier(engine: Engine, gebruiker: Gebruiker, huidig: dict, *, nieuw: bool) -> None:
    ref = gemeenten_referentie().sort_values("naam")
    nis_opties = list(ref["nis"])
    namen = gemeentenamen()
    sleutel = "nieuw" if nieuw else f"wijzig-{huidig.get('doel_id', '')}"
    with st.form(f"beheer_doelform_{sleutel}", clear_on_submit=False):
        doel_id = st.text_input(
            "Doel-id (uniek, zonder spaties)",
            value=str(huidig.get("doel_id", "")),
            disabled=not nieuw,
            placeholder="bv. activeringspact-2027-mechelen",
            max_chars=60,
        )
        nis_standaard = str(huidig.get("nis") or gebruiker.hoofdgemeente or "12025")
        nis = st.selectbox(
            "Gemeente",
            nis_opties,
            index=nis_opties.index(nis_standaard) if nis_standaard in nis_opties else 0,
            format_func=lambda n: f"{namen.get(n, n)} ({n})",
        )
        naam = st.text_input("Naam", value=str(huidig.get("naam", "")), max_chars=200)
        indicator = st.selectbox(
            "Indicator",
            list(INDICATOREN),
            index=list(INDICATOREN).index(huidig.get("indicator") or "activeringen"),
            format_func=LABELS["indicator"].get,
            help="Een doel op Activeringen telt activeringen naar werk (regulier, interim, "
            "sociale economie, artikel 60).",
        )
        links, rechts = st.columns(2)
        van = links.text_input(
            "Van (maand, JJJJ-MM)", value=str(huidig.get("van", "")), placeholder="2026-01"
        )
        tot = rechts.text_input(
            "Tot en met (maand, JJJJ-MM)", value=str(huidig.get("tot", "")), placeholder="2027-12"
        )
        doelwaarde = links.number_input(
            "Doelwaarde (aantal)", min_value=0, step=1, value=int(huidig.get("doelwaarde") or 0)
        )
        subsidie = rechts.number_input(
            "Maximale subsidie (euro)",
            min_value=0,
            step=1000,
            value=int(huidig.get("max_subsidie_eur") or 0),
        )
        uitbetalingen = list(UITBETALING_LABELS)
        uitbetaling = st.radio(
            "Uitbetaling",
            uitbetalingen,
            index=uitbetalingen.index(huidig.get("uitbetaling") or "proportioneel"),
            format_func=UITBETALING_LABELS.get,
            horizontal=True,
        )
        bron = st.text_area(
            "Bron (beslissing, document of link)", value=str(huidig.get("bron", "")), height=80
        )
        bewaren = st.form_submit_button("Doel bewaren", type="primary")
    if not bewaren:
        return
    invoer = {
        "doel_id": doel_id if nieuw else huidig.get("doel_id", ""),
        "nis": nis,
        "naam": naam,
        "indicator": indicator,
        "van": van,
        "tot": tot,
        "doelwaarde": int(doelwaarde),
        "max_subsidie_eur": int(subsidie),
        "uitbetaling": uitbetaling,
        "bron": bron,
    }
    try:
        release_id = doelbeheer.bewaar_doel(engine, invoer, gebruiker, nieuw=nieuw)
    except doelbeheer.DoelFout as fout:
        st.error("**Het doel is niet bewaard:**\n\n" + "\n".join(f"- {md(z)}" for z in fout.fouten))
        return
    except (db.DatabankFout, SQLAlchemyError) as fout:
        databank_weigerde(fout)
        return
    nieuwe_gegevens()
    st.session_state[K_MELDING] = f"Doel {md(invoer['doel_id'])} is bewaard (release {release_id})."
    st.rerun()
