"""The shared sidebar: municipality, period, comparison set — all kept in the URL as codes.

`ui.link` reads a link (codes, or the labels of older links) before each widget and writes the
widget's code after it, defaults included, so a copied link reproduces the view:
`?gemeente=11016&periode=2021-01..2023-10&vergelijk=12025`.
"""

from dataclasses import dataclass

import streamlit as st

from charts import formaat
from data_access import referentie
from domein import LABELS
from domein.maanden import van_tot
from ui import cache, link

STANDAARD_GEMEENTE = "12025"  # Mechelen: the first municipality of the project
STANDAARD_JAREN = 5
# The default period last drawn in this session (so an untouched period can follow new data).
_PERIODE_STANDAARD = "lfm_periode_standaard"


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


def uit_link(
    sleutel: str,
    opties,
    *,
    meervoudig: bool = False,
    bereik: bool = False,
    label=None,
) -> None:
    """Preset a widget from the link (the URL, or the link a visitor opened before logging
    in): its code or its shown label (`label`: the widget's format_func). Values that are not
    valid options are ignored."""
    opties = list(opties)
    if meervoudig:
        lezer = lambda ruw: link.lees_meer(ruw, opties, label)  # noqa: E731
    elif bereik:
        lezer = lambda ruw: link.lees_bereik(ruw, opties, label)  # noqa: E731
    else:
        lezer = lambda ruw: link.lees_een(ruw, opties, label)  # noqa: E731
    link.neem_over(sleutel, lezer)


def _alleen_geldig(sleutel: str, geldig) -> None:
    """Forget a kept value that is no option any more (another municipality's months)."""
    waarde = st.session_state.get(sleutel)
    if waarde is not None and not geldig(waarde):
        del st.session_state[sleutel]


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
    gemeente_label = lambda n: f"{namen[n]} ({n})"  # noqa: E731
    uit_link("gemeente", opties, label=gemeente_label)
    with st.sidebar:
        st.subheader("Weergave")
        nis = st.selectbox(
            "Gemeente",
            opties,
            index=opties.index(_standaard_gemeente(gebruiker, opties)),
            format_func=gemeente_label,
            key="gemeente",
        )
        link.schrijf("gemeente", nis)
        rij = gemeenten[gemeenten["nis"] == nis].iloc[0]
        maanden = van_tot(rij["eerste_periode"], rij["laatste_periode"])
        van, tot = periodekeuze(nis, maanden)
        vergelijk: list[str] = []
        if met_vergelijking:
            andere = [n for n in opties if n != nis]
            if isinstance(st.session_state.get("vergelijk"), list):  # another municipality
                st.session_state["vergelijk"] = [
                    n for n in st.session_state["vergelijk"] if n in andere
                ]
            uit_link("vergelijk", andere, meervoudig=True, label=namen.get)
            vergelijk = st.multiselect(
                "Vergelijken met",
                andere,
                default=[n for n in andere if n in ("11016", "12021", "12025")][:4],
                format_func=lambda n: namen[n],
                key="vergelijk",
                max_selections=19,
                help="Elke gemeente in de databank kan toegevoegd worden.",
            )
            link.schrijf("vergelijk", list(vergelijk))
    return Instellingen(nis, namen[nis], van, tot, tuple(vergelijk), namen)


# --------------------------------------------------------------------------------------------
# the period: presets and two month pickers (a slider moved 2.8 px per month)

EIGEN = "eigen"
_SNEL = "periode_snel"
_VAN, _TOT = "periode_van", "periode_tot"


def presets(nis: str, maanden: list[str]) -> dict[str, tuple[str, str, str]]:
    """Code -> (label, van, tot) of the period presets for these months: the default (last 5
    years), the last 12 and 24 months, each pact period (clipped to the data) and the last
    complete calendar years. Codes are stable (`12m`, `pact:<doel_id>`, `jaar:2025`)."""
    laatste = maanden[-1]
    uit = {
        "standaard": (f"Laatste {STANDAARD_JAREN} jaar", *_laatste(maanden, 12 * STANDAARD_JAREN)),
        "12m": ("Laatste 12 maanden", *_laatste(maanden, 12)),
        "24m": ("Laatste 24 maanden", *_laatste(maanden, 24)),
    }
    doelen = cache.doelen(nis)
    for _, doel in doelen.sort_values(["van", "tot"]).iterrows():
        van, tot = max(str(doel["van"]), maanden[0]), min(str(doel["tot"]), laatste)
        if van <= tot:
            uit[f"pact:{doel['doel_id']}"] = (
                f"Pactperiode {formaat.maand(doel['van'])} – {formaat.maand(doel['tot'])}",
                van,
                tot,
            )
    jaren = sorted(
        {m[:4] for m in maanden if f"{m[:4]}-01" in maanden and f"{m[:4]}-12" in maanden}
    )
    for jaar in reversed(jaren[-3:]):
        uit[f"jaar:{jaar}"] = (f"Kalenderjaar {jaar}", f"{jaar}-01", f"{jaar}-12")
    return uit


def _laatste(maanden: list[str], n: int) -> tuple[str, str]:
    return maanden[max(0, len(maanden) - n)], maanden[-1]


def _preset_van(periode, opties: dict) -> str:
    """The preset that is this period, else 'eigen keuze'."""
    for code, (_, van, tot) in opties.items():
        if tuple(periode) == (van, tot):
            return code
    return EIGEN


def _kies_preset(opties: dict) -> None:
    code = st.session_state.get(_SNEL)
    if code in opties:
        st.session_state["periode"] = opties[code][1:]


def _kies_maand() -> None:
    van, tot = st.session_state.get(_VAN), st.session_state.get(_TOT)
    if van and tot:
        st.session_state["periode"] = tuple(sorted((van, tot)))


def periodekeuze(nis: str, maanden: list[str]) -> tuple[str, str]:
    """Presets and two month pickers (van, tot), one state `periode` kept in the link
    (`?periode=2021-06..2023-06`). A period nobody changed follows the data: after a new
    month (or another municipality) the default runs to the newest month again."""
    opties = presets(nis, maanden)
    standaard = opties["standaard"][1:]
    vorige_standaard = st.session_state.get(_PERIODE_STANDAARD)
    _alleen_geldig("periode", lambda w: len(w) == 2 and set(w) <= set(maanden))
    uit_link("periode", maanden, bereik=True, label=formaat.maand)
    huidige = st.session_state.get("periode")
    if huidige is None or (vorige_standaard and tuple(huidige) == vorige_standaard):
        st.session_state["periode"] = standaard
    st.session_state[_PERIODE_STANDAARD] = standaard
    van, tot = sorted(st.session_state["periode"])
    st.session_state["periode"] = (van, tot)
    # the pickers show the one state (set before they are drawn; their callbacks change it)
    st.session_state[_SNEL] = _preset_van((van, tot), opties)
    st.session_state[_VAN], st.session_state[_TOT] = van, tot
    labels = {code: label for code, (label, _, _) in opties.items()} | {EIGEN: "Eigen keuze"}
    st.selectbox(
        "Periode",
        [*opties, EIGEN],
        format_func=labels.get,
        key=_SNEL,
        on_change=_kies_preset,
        args=(opties,),
        help="Een vaste periode in één klik; of kies hieronder de eerste en de laatste maand.",
    )
    links, rechts = st.columns(2)
    links.selectbox("Van", maanden, format_func=formaat.maand, key=_VAN, on_change=_kies_maand)
    rechts.selectbox("Tot", maanden, format_func=formaat.maand, key=_TOT, on_change=_kies_maand)
    link.schrijf("periode", (van, tot))
    return van, tot


TREND_INDICATOREN = ("leefloongerechtigden", "instroom", "uitstroom", "activeringen")


def indicator_keuze(modi: dict[str, str], *, label: str, sleutel: str) -> tuple[str, str]:
    """The indicator and its measure (`modi`: code -> Dutch label) in the sidebar, both kept in
    the link (`?indicator=…&<sleutel>=…`)."""
    uit_link("indicator", TREND_INDICATOREN, label=LABELS["indicator"].get)
    uit_link(sleutel, list(modi), label=modi.get)
    with st.sidebar:
        indicator = st.selectbox(
            "Indicator",
            TREND_INDICATOREN,
            format_func=LABELS["indicator"].get,
            key="indicator",
        )
        modus = st.radio(label, list(modi), format_func=modi.get, key=sleutel)
    link.schrijf("indicator", indicator)
    link.schrijf(sleutel, modus)
    return indicator, modus


def demolabel() -> None:
    """The visible 'Demodata' label on every page while demo data are loaded."""
    if cache.is_demo():
        st.info(
            "**Demodata** — synthetische cijfers, gekalibreerd op gepubliceerde cijfers voor "
            "Mechelen, Essen en Lier. Niet citeren als officiële statistiek.",
            icon=":material/science:",
        )


def meld_niveaus_zonder(zonder) -> None:
    """Say which chosen levels are left out (`ui.cache.met_niveaus`: not every municipality of
    the group has figures for the indicator)."""
    if zonder:
        st.caption(
            "Niet getoond omdat niet elke gemeente van de groep cijfers heeft: "
            + ", ".join(zonder)
            + "."
        )


def niveau_keuze(keuze: Instellingen, *, ruimte: int) -> tuple[str, ...]:
    """The reference levels and peer groups to add (Flemish Region, province, referentieregio,
    uitrustingsgraad class, centrumsteden), at most `ruimte`, kept in the link (`?niveaus=…`)."""
    groepen = referentie.niveaugroepen(keuze.nis)
    labels = {code: label for code, (label, _leden) in groepen.items()}
    uit_link("niveaus", referentie.NIVEAUS, meervoudig=True, label=labels.get)
    with st.sidebar:
        codes = st.multiselect(
            "Vergelijken met het niveau van",
            referentie.NIVEAUS,
            format_func=labels.get,
            key="niveaus",
            max_selections=max(ruimte, 1),
            help=(
                "Per 1.000 inwoners, over hetzelfde venster en met dezelfde teldefinitie: de som "
                "van de gemeenten van de groep gedeeld door hun inwoners."
            ),
        )
    link.schrijf("niveaus", list(codes))
    return tuple(codes)
