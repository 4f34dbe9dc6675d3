"""Role-aware navigation in the sidebar: `st.page_link` to the pages the user may open, and the
"Afmelden" button. Streamlit's own page list is hidden (`client.showSidebarNavigation = false`)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitPageNotFoundError

from data_access.referentie import gemeenten_referentie
from data_access.toegang import ADMIN, EDITOR, ROLLEN, Gebruiker
from ui import auth, weergave

# --------------------------------------------------------------------------------------------
# The pages (Streamlit's pages/ router) and who may open them, in menu order
# --------------------------------------------------------------------------------------------

_IEDEREEN = frozenset(ROLLEN)
_BEHEER = frozenset({EDITOR, ADMIN})


@dataclass(frozen=True)
class Pagina:
    pad: str  # relative to the folder of app.py, as st.page_link expects it
    titel: str
    rollen: frozenset[str]  # a user with any one of these roles may open the page
    icoon: str | None = None

    def toegankelijk_voor(self, gebruiker: Gebruiker) -> bool:
        return any(gebruiker.mag(r) for r in self.rollen)


PAGINAS: tuple[Pagina, ...] = (
    Pagina("app.py", "Overzicht", _IEDEREEN, ":material/dashboard:"),
    Pagina("pages/1_Trends.py", "Trends", _IEDEREEN, ":material/show_chart:"),
    Pagina("pages/2_Doelgroepen.py", "Doelgroepen", _IEDEREEN, ":material/groups:"),
    Pagina("pages/3_Pact_en_prognose.py", "Pact & prognose", _IEDEREEN, ":material/flag:"),
    Pagina("pages/4_Wat_als.py", "Wat als?", _IEDEREEN, ":material/tune:"),
    Pagina("pages/5_Vergelijking.py", "Vergelijking", _IEDEREEN, ":material/compare_arrows:"),
    Pagina("pages/8_Kaart.py", "Kaart", _IEDEREEN, ":material/map:"),
    Pagina("pages/6_Data_en_methode.py", "Data & methode", _IEDEREEN, ":material/description:"),
    Pagina(
        "pages/9_Uitleg_en_begrippen.py", "Uitleg & begrippen", _IEDEREEN, ":material/menu_book:"
    ),
    Pagina("pages/7_Beheer.py", "Beheer", _BEHEER, ":material/admin_panel_settings:"),
)


def paginas_voor(gebruiker: Gebruiker) -> list[Pagina]:
    """The pages `gebruiker` may open, in menu order."""
    return [p for p in PAGINAS if p.toegankelijk_voor(gebruiker)]


_tekst = weergave.letterlijk  # a user's name and municipality names come from the database


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
