"""Beheer, tab "Releases": the release history and restoring an earlier release."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access import audit, db, importer, queries, voorbeeld
from data_access.toegang import Gebruiker
from ui import auth, weergave
from ui.beheer import intrekken
from ui.beheer.hulp import (
    K_HERSTEL,
    K_MELDING,
    SOORT_LABELS,
    databank_weigerde,
    getal_nl,
    md,
    meervoud,
    nieuwe_gegevens,
    tijd_nl,
)
from ui.beheer.voorbeeldweergave import toon_voorbeeld


def _actueel(soort: str, rijen: int, actief: int | None) -> str:
    if soort != "feiten":
        return ""
    if not actief:
        return "nee"
    if actief >= rijen:
        return "ja"
    return f"deels ({getal_nl(actief)} rijen)"


def releasetabel(frame: pd.DataFrame, actief: dict[int, int] | None = None) -> pd.DataFrame:
    """The release history as shown: id, soort, bestand, rijen, door, tijdstip (Dutch,
    Brussels time), sha256 (shortened), actueel (for monthly figures: in use now?), demo,
    opmerking."""
    actief = actief or {}
    return pd.DataFrame(
        {
            "id": frame["id"].astype(int).astype(str),
            "soort": [SOORT_LABELS.get(s, s) for s in frame["soort"]],
            "bestand": frame["bestand"].astype(str),
            "rijen": [getal_nl(r) for r in frame["rijen"]],
            "door": frame["door"].astype(str),
            "tijdstip": [tijd_nl(t) for t in frame["tijdstip"]],
            "sha256": [str(s)[:12] + "…" for s in frame["sha256"]],
            "actueel": [
                _actueel(s, int(r), actief.get(int(i)))
                for i, s, r in zip(frame["id"], frame["soort"], frame["rijen"], strict=True)
            ],
            "demo": ["ja" if d else "" for d in frame["demo"]],
            "opmerking": frame["opmerking"].fillna("").astype(str),
        }
    )


def _release_label(rij) -> str:
    return f"#{rij['id']} · {rij['bestand']} · {tijd_nl(rij['tijdstip'])} · door {rij['door']}"


def tab_releases(engine: Engine, gebruiker: Gebruiker) -> None:
    st.subheader("Releases")
    st.caption(
        "Elke import, elk herstel en elke wijziging van een doel is een release. Een nieuwe "
        "import van een maand vervangt de vorige; met *Terugzetten* maakt u een eerdere release "
        "weer actueel voor de maanden die ze bevatte (ook na een intrekking)."
    )
    frame = queries.releases(engine)
    if frame.empty:
        st.info("Er zijn nog geen gegevens geladen.")
        return
    weergave.tabel(
        releasetabel(frame, voorbeeld.actieve_rijen(engine)), "releases", "beheer-releases"
    )
    intrekken.sectie(engine, gebruiker)

    st.markdown("#### Een eerdere release terugzetten")
    feiten = frame[frame["soort"] == "feiten"].reset_index(drop=True)
    if feiten.empty:
        st.info("Er zijn nog geen releases met maandcijfers.")
        return
    labels = {int(r["id"]): _release_label(r) for _, r in feiten.iterrows()}
    keuze = st.selectbox(
        "Welke release wilt u terugzetten?",
        list(labels),
        format_func=labels.get,
        index=None,
        placeholder="Kies een release met maandcijfers",
        key="beheer_herstel_keuze",
    )
    if keuze is None:
        return
    versie = queries.data_versie(engine)
    bewaard = st.session_state.get(K_HERSTEL)
    if bewaard is not None and bewaard[0] == (keuze, versie):
        v = bewaard[1]
    else:
        with st.spinner("Vergelijken met de gegevens die nu geladen zijn …"):
            v = voorbeeld.voorbeeld_herstel(engine, keuze)
        st.session_state[K_HERSTEL] = ((keuze, versie), v)
    toon_voorbeeld(v, f"herstel-{keuze}")
    if v.niets_verandert:
        return
    if st.button(
        f"Ja, zet release {keuze} terug",
        type="primary",
        key="beheer_bevestig_herstel",
        icon=":material/history:",
    ):
        _herstel(engine, gebruiker, keuze, versie, v)


def _herstel(engine: Engine, gebruiker: Gebruiker, keuze: int, versie: int, v) -> None:
    if queries.data_versie(engine) != versie:
        st.session_state.pop(K_HERSTEL, None)
        st.warning(
            "Intussen zijn er andere gegevens geladen. Kijk het bijgewerkte overzicht na en "
            "bevestig opnieuw."
        )
        return

    def auditregel(conn, rijen: int) -> None:  # in the restore's own transaction
        details = f"release {keuze}: {rijen} rijen weer actueel; {v.samenvatting}"
        audit.log(conn, gebruiker, "herstel", details, auth.client_id())

    try:
        with st.spinner("Release terugzetten …"):
            rijen = importer.herstel(
                engine, keuze, door=gebruiker.gebruikersnaam, auditregel=auditregel
            )
    except db.DatabankFout as fout:
        databank_weigerde(fout)
        return
    except ValueError as fout:
        st.error(md(fout))
        return
    nieuwe_gegevens()
    st.session_state.pop(K_HERSTEL, None)
    st.session_state.pop("beheer_herstel_keuze", None)
    st.session_state[K_MELDING] = (
        f"Release {keuze} is teruggezet ({meervoud(rijen, 'rij', 'rijen')} weer actueel). "
        "Alle pagina's tonen deze cijfers meteen."
    )
    st.rerun()
