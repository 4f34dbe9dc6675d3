"""Beheer, tab "Auditlog" (admins): who did what, and when."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access import audit
from data_access.toegang import Gebruiker
from ui import weergave
from ui.beheer.hulp import tijd_nl


def audittabel(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tijdstip": [tijd_nl(t) for t in frame["tijdstip"]],
            "gebruiker": frame["gebruiker"],
            "actie": frame["actie"],
            "details": frame["details"],
            "client": frame["client"],
        }
    )


def tab_audit(engine: Engine, gebruiker: Gebruiker) -> None:
    if not gebruiker.is_admin:
        st.error("Alleen beheerders kunnen het auditlogboek bekijken.")
        return
    st.subheader("Auditlogboek")
    links, rechts = st.columns([1, 3])
    limiet = links.selectbox("Aantal regels", [100, 500, 2000], key="beheer_audit_limiet")
    acties = rechts.multiselect(
        "Alleen deze acties (leeg = alle)", sorted(audit.ACTIES), key="beheer_audit_acties"
    )
    frame = audit.lees(engine, limiet, actie=acties or None)
    if frame.empty:
        st.info("Nog geen regels in het auditlogboek.")
        return
    weergave.tabel(audittabel(frame), "auditlog", "beheer-audit")
