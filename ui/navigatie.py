"""Role-aware navigation in the sidebar: `st.page_link` to the pages the user may open, and the
"Afmelden" button. Streamlit's own page list is hidden (`client.showSidebarNavigation = false`)."""

from __future__ import annotations

import re

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitPageNotFoundError

from data_access.referentie import gemeenten_referentie
from data_access.toegang import Gebruiker, paginas_voor
from ui import auth

_MARKDOWN_TEKENS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def _tekst(waarde: str) -> str:
    """Escape markdown in a value that comes from the database (a user's name)."""
    return _MARKDOWN_TEKENS.sub(r"\\\1", str(waarde))


def _gemeentenamen(gebruiker: Gebruiker) -> list[str]:
    namen = dict(gemeenten_referentie()[["nis", "naam"]].itertuples(index=False))
    volgorde = [gebruiker.hoofdgemeente] if gebruiker.hoofdgemeente else []
    volgorde += sorted(gebruiker.gemeenten - set(volgorde))
    return [namen.get(nis, nis) for nis in volgorde]


def teken_navigatie(gebruiker: Gebruiker, engine: Engine, *, demo: bool = False) -> None:
    """Draw the sidebar menu for `gebruiker`'s roles. A page file that does not exist (yet) is
    left out instead of breaking every page."""
    with st.sidebar:
        st.markdown("### Leefloonmonitor")
        if demo:
            st.markdown(":orange-badge[DEMO]")
        for pagina in paginas_voor(gebruiker):
            try:
                st.page_link(pagina.pad, label=pagina.titel, icon=pagina.icoon)
            except StreamlitPageNotFoundError:
                continue
        st.divider()
        regel = f"Aangemeld als **{_tekst(gebruiker.naam)}** · {_tekst(gebruiker.rollen_tekst)}"
        if gebruiker.gemeenten and "analyst" in gebruiker.rollen:
            regel += " van " + _tekst(", ".join(_gemeentenamen(gebruiker)))
        st.caption(regel)
        st.button(
            "Afmelden",
            key="lfm_afmelden",
            icon=":material/logout:",
            on_click=auth.afmelden,
            args=(engine,),
        )
