"""Beheer: the page itself, its tabs per role."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from data_access.toegang import Gebruiker
from ui.beheer.hulp import (
    TAB_AUDIT,
    TAB_DOELEN,
    TAB_GEBRUIKERS,
    TAB_OPLADEN,
    TAB_RELEASES,
    toon_melding,
    veilig,
)
from ui.beheer.tab_audit import tab_audit
from ui.beheer.tab_doelen import tab_doelen
from ui.beheer.tab_gebruikers import tab_gebruikers
from ui.beheer.tab_opladen import tab_opladen
from ui.beheer.tab_releases import tab_releases


def tabbladen(gebruiker: Gebruiker) -> list[str]:
    """The tabs this user gets (Gebruikers and Auditlog only for admins)."""
    tabs = [TAB_OPLADEN, TAB_RELEASES, TAB_DOELEN]
    if gebruiker.is_admin:
        tabs += [TAB_GEBRUIKERS, TAB_AUDIT]
    return tabs


def pagina(engine: Engine, gebruiker: Gebruiker) -> None:
    """The whole Beheer page after the guard. Only the open tab runs (state in the URL)."""
    st.title("Beheer")
    st.caption(
        "Maandcijfers opladen, releases terugzetten, doelen beheren"
        + (", gebruikers en het auditlogboek." if gebruiker.is_admin else ".")
    )
    toon_melding()
    namen = tabbladen(gebruiker)
    tabs = st.tabs(namen, key="tab", bind="query-params")
    tekenaars = {
        TAB_OPLADEN: tab_opladen,
        TAB_RELEASES: tab_releases,
        TAB_DOELEN: tab_doelen,
        TAB_GEBRUIKERS: tab_gebruikers,
        TAB_AUDIT: tab_audit,
    }
    for naam, tab in zip(namen, tabs, strict=True):
        if tab.open is False:
            continue
        with tab:
            veilig(tekenaars[naam], engine, gebruiker)
