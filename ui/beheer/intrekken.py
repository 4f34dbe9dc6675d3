"""Beheer, tab "Releases": withdrawing one month (of every municipality or of one) from the
current figures, with a preview, a confirmation, a reason and an audit row
(`data_access.intrekken`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access import audit, db, intrekken, queries
from data_access.toegang import Gebruiker
from domein import FEITSTATUS_LABELS
from ui import auth, weergave
from ui.beheer.hulp import (
    K_MELDING,
    databank_weigerde,
    getal_nl,
    maand_nl,
    md,
    meervoud,
    nieuwe_gegevens,
)

ALLE = ""  # the municipality (and status) choice "every municipality" / "all figures"
STATUS_KEUZES = {ALLE: "Alle cijfers van die maand", **FEITSTATUS_LABELS}


def _maanden(engine: Engine) -> list[str]:
    """The months that can be withdrawn: each municipality's newest month, newest first."""
    frame = queries.gemeenten_met_data(engine)
    return sorted(set(frame["laatste_periode"].dropna().astype(str)), reverse=True)


def voorbeeldtabel(uit: intrekken.Intrekking) -> pd.DataFrame:
    """What disappears, per municipality and indicator, in Dutch numbers."""
    return pd.DataFrame(
        {
            "gemeente": uit.per_indicator["gemeente"],
            "indicator": uit.per_indicator["indicator"],
            "maandcijfer (totaal)": [getal_nl(w) for w in uit.per_indicator["maandcijfer"]],
            "rijen": [getal_nl(w) for w in uit.per_indicator["rijen"]],
        }
    )


def sectie(engine: Engine, gebruiker: Gebruiker) -> None:
    st.markdown("#### Een maand intrekken")
    st.caption(
        "Werd een maand verkeerd opgeladen? Haal ze uit de actuele cijfers, voor alle gemeenten "
        "of voor één gemeente. Er wordt niets gewist: de intrekking is een nieuwe release, en "
        "met *Terugzetten* van de release die de maand leverde, komt ze terug. Alleen de "
        "laatste maand van een gemeente kan: een maand in het midden verbetert u door de "
        "juiste cijfers op te laden."
    )
    maanden = _maanden(engine)
    if not maanden:
        st.info("Er zijn geen actuele maandcijfers om in te trekken.")
        return
    maand = st.selectbox(
        "Welke maand?", maanden, format_func=maand_nl, index=None,
        placeholder="Kies een maand", key="beheer_intrek_maand",
    )  # fmt: skip
    gemeenten = queries.gemeenten_met_data(engine)
    namen = {ALLE: "Alle gemeenten", **dict(zip(gemeenten["nis"], gemeenten["naam"], strict=True))}
    nis = st.selectbox(
        "Van welke gemeente?", list(namen), format_func=namen.get, key="beheer_intrek_nis"
    )
    # an own count and an official delivery of one month are separate slices (issue 19)
    status = st.selectbox(
        "Welke cijfers?", list(STATUS_KEUZES), format_func=STATUS_KEUZES.get,
        key="beheer_intrek_status",
        help="Alleen de eigen telling (voorlopig) of alleen de officiële cijfers (definitief) "
        "intrekken; de andere blijven staan.",
    )  # fmt: skip
    if maand is None:
        return
    try:
        uit = intrekken.voorbeeld(engine, maand, nis or None, status or None)
    except intrekken.Geweigerd as fout:
        st.warning(md(fout))
        return
    st.markdown(
        md(
            f"Dit haalt {maand_nl(maand)} van {', '.join(uit.gemeenten)} uit de actuele cijfers: "
            f"{meervoud(uit.rijen, 'rij', 'rijen')}."
        )
    )
    weergave.tabel(voorbeeldtabel(uit), "wat verdwijnt", "beheer-intrekken")
    reden = st.text_input("Reden (komt in het auditlogboek)", key="beheer_intrek_reden")
    if st.button(
        f"Ja, trek {maand_nl(maand)} in",
        type="primary",
        key="beheer_bevestig_intrekken",
        icon=":material/remove_circle:",
        disabled=not reden.strip(),
    ):
        _trek_in(engine, gebruiker, maand, nis or None, reden, status or None)


def _trek_in(engine, gebruiker, maand, nis, reden, status) -> None:
    def auditregel(conn, uit) -> None:  # in the withdrawal's own transaction
        audit.log(
            conn, gebruiker, "intrekking", intrekken.auditdetails(uit, reden), auth.client_id()
        )

    try:
        with st.spinner("Maand intrekken …"):
            uit = intrekken.trek_in(
                engine, maand, nis, door=gebruiker.gebruikersnaam, reden=reden,
                auditregel=auditregel, status=status,
            )  # fmt: skip
    except db.DatabankFout as fout:
        databank_weigerde(fout)
        return
    except intrekken.Geweigerd as fout:
        st.error(md(fout))
        return
    nieuwe_gegevens()
    for sleutel in (
        "beheer_intrek_maand", "beheer_intrek_nis", "beheer_intrek_status", "beheer_intrek_reden"
    ):  # fmt: skip
        st.session_state.pop(sleutel, None)
    st.session_state[K_MELDING] = (
        f"{maand_nl(maand)} is ingetrokken ({uit.omschrijving()}, "
        f"{meervoud(uit.rijen, 'rij', 'rijen')}). Alle pagina's tonen meteen de cijfers zonder "
        "deze maand."
    )
    st.rerun()
