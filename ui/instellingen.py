"""The shared sidebar: municipality, period, comparison set — all kept in the URL.

Widgets are bound to query parameters (`bind="query-params"`), so a copied link reproduces the
view: `?gemeente=11016&periode=2021-01&periode=2023-10&vergelijk=12025`.
"""

from dataclasses import dataclass

import streamlit as st

from charts import formaat
from domein import LABELS
from domein.maanden import van_tot
from ui import cache
from ui.guard import LINK_NA_AANMELDING

STANDAARD_GEMEENTE = "12025"  # Mechelen: the first municipality of the project
STANDAARD_JAREN = 5


@dataclass(frozen=True)
class Instellingen:
    nis: str
    naam: str
    van: str
    tot: str
    vergelijk: tuple[str, ...]
    namen: dict

    @property
    def alle_nissen(self) -> tuple[str, ...]:
        return (self.nis, *[n for n in self.vergelijk if n != self.nis])


def uit_link(sleutel: str, opties, *, meervoudig: bool = False, bereik: bool = False) -> None:
    """Preset a bound widget from the link a visitor opened before logging in.

    Values that are not valid options are ignored, as binding itself does.
    """
    link = st.session_state.get(LINK_NA_AANMELDING) or {}
    if sleutel not in link or sleutel in st.session_state:
        return
    waarden = [w for w in link[sleutel] if w in opties]
    if meervoudig:
        st.session_state[sleutel] = waarden
    elif bereik and len(waarden) == 2:
        st.session_state[sleutel] = tuple(sorted(waarden))
    elif not bereik and len(waarden) == 1:
        st.session_state[sleutel] = waarden[0]


def _standaard_gemeente(gebruiker, opties: list[str]) -> str:
    eigen = sorted(getattr(gebruiker, "gemeenten", ()) or ())
    for nis in [*eigen, STANDAARD_GEMEENTE]:
        if nis in opties:
            return nis
    return opties[0]


def zijbalk(gebruiker, *, met_vergelijking: bool = True) -> Instellingen | None:
    """Draw the sidebar and return the chosen view; None when no data are loaded."""
    gemeenten = cache.gemeenten_met_data()
    if gemeenten.empty:
        st.warning("Er zijn nog geen gegevens geladen. Een beheerder kan ze importeren (Beheer).")
        return None
    namen = dict(zip(gemeenten["nis"], gemeenten["naam"], strict=True))
    opties = list(namen)
    uit_link("gemeente", opties)
    with st.sidebar:
        st.subheader("Weergave")
        nis = st.selectbox(
            "Gemeente",
            opties,
            index=opties.index(_standaard_gemeente(gebruiker, opties)),
            format_func=lambda n: f"{namen[n]} ({n})",
            key="gemeente",
            bind="query-params",
        )
        rij = gemeenten[gemeenten["nis"] == nis].iloc[0]
        maanden = van_tot(rij["eerste_periode"], rij["laatste_periode"])
        start = maanden[max(0, len(maanden) - 12 * STANDAARD_JAREN)]
        uit_link("periode", maanden, bereik=True)
        van, tot = st.select_slider(
            "Periode",
            options=maanden,
            value=(start, maanden[-1]),
            format_func=formaat.maand,
            key="periode",
            bind="query-params",
        )
        vergelijk: list[str] = []
        if met_vergelijking:
            andere = [n for n in opties if n != nis]
            uit_link("vergelijk", andere, meervoudig=True)
            vergelijk = st.multiselect(
                "Vergelijken met",
                andere,
                default=[n for n in andere if n in ("11016", "12021", "12025")][:4],
                format_func=lambda n: namen[n],
                key="vergelijk",
                bind="query-params",
                max_selections=19,
                help="Elke gemeente in de databank kan toegevoegd worden.",
            )
    return Instellingen(nis, namen[nis], van, tot, tuple(vergelijk), namen)


TREND_INDICATOREN = ("leefloongerechtigden", "instroom", "uitstroom", "activeringen")


def indicator_keuze(modi: dict[str, str], *, label: str, sleutel: str) -> tuple[str, str]:
    """The indicator and its measure (`modi`: code -> Dutch label) in the sidebar, both kept in
    the link (`?indicator=…&<sleutel>=…`)."""
    uit_link("indicator", list(TREND_INDICATOREN))
    uit_link(sleutel, list(modi))
    with st.sidebar:
        indicator = st.selectbox(
            "Indicator",
            TREND_INDICATOREN,
            format_func=LABELS["indicator"].get,
            key="indicator",
            bind="query-params",
        )
        modus = st.radio(label, list(modi), format_func=modi.get, key=sleutel, bind="query-params")
    return indicator, modus


def demolabel() -> None:
    """The visible 'Demodata' label on every page while demo data are loaded."""
    if cache.is_demo():
        st.info(
            "**Demodata** — synthetische cijfers, gekalibreerd op gepubliceerde cijfers voor "
            "Mechelen, Essen en Lier. Niet citeren als officiële statistiek.",
            icon=":material/science:",
        )
