"""Streamlit pieces of the "Wat als?" page: sliders with their sources, the scenario fragment.

Every slider and every output lives in one `@st.fragment` (`werkblad`): a slider step reruns
only that function — the scenario funnel (microseconds), the probability of the target with the
scenario's extra activations, the chart and the sensitivity table — never the guard, the
sidebar or a model fit (the baseline comes cached from `ui.prognose`).

The scenario lives in the URL through `forecasting.scenario_url` (only changed parameters,
short keys, values clamped on the way in), so a copied link reproduces it, also when the
visitor still has to log in (the guard keeps the link, `LINK_NA_AANMELDING`).

Benchmark switch: `?fragment=0` turns the fragment off, so a slider step reruns the whole page
script (the baseline of `bench/wat_als_slider.py`). It only changes how the page reruns, not
what it shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import streamlit as st

from charts import formaat, pact
from domein import HOOFDPIJLERS
from domein.maanden import van_tot
from forecasting import kosten
from forecasting import scenario as model
from forecasting import scenario_url as su
from ui import cache, link, weergave
from ui.guard import LINK_NA_AANMELDING

FRAGMENT_SLEUTEL = "fragment"  # benchmark switch: ?fragment=0 -> full reruns
EIGEN = "eigen"


@dataclass(frozen=True)
class Kant:
    """One of the two scenarios side by side: its widget keys and its keys in the link (A keeps
    the keys of a single scenario, `?sm_cap=30`; B prefixes them, `?b_sm_cap=30`)."""

    naam: str
    prefix: str  # widget keys: wa_sm_cap / wb_sm_cap
    url: str  # link keys: sm_cap / b_sm_cap

    @property
    def scenario_widget(self) -> str:
        return self.prefix + "scenario"

    @property
    def nis_sleutel(self) -> str:
        return self.prefix + "nis"

    @property
    def link_gebruikt(self) -> str:
        return self.prefix + "link_gebruikt"

    @property
    def tabs(self) -> str:
        return self.prefix + "tabs"


A = Kant("A", "wa_", "")
B = Kant("B", "wb_", "b_")
AB = "ab"  # widget key and link code of "two scenarios side by side": ?ab=1
_PREFIX = A.prefix
_SCENARIO_WIDGET = A.scenario_widget
_FRAGMENT_UIT = "wa_fragment_uit"
BETROUWBAARHEID = {
    "hoog": "hoog",
    "middel": "middel",
    "laag": "laag",
    "aanname": "aanname (geen publieke evaluatie)",
    "data": "eigen gegevens",
}


@dataclass
class Werkblad:
    """What the fragment needs; built once per full run (cached inputs only)."""

    nis: str
    naam: str
    basis: model.BasisInvoer
    bron: str
    laatste_maand: str
    doel: dict | None = None
    basis_doel: object | None = None  # forecasting.doel.DoelPrognose of the baseline
    kans: Callable[[pd.Series], object] | None = None  # extra per month -> DoelPrognose
    standaard: dict = field(default_factory=dict)  # the model's defaults (exact)
    slider_standaard: dict = field(default_factory=dict)  # the same on the slider grid
    bereiken: dict = field(default_factory=dict)
    pijlers: tuple[str, ...] = ()

    def __post_init__(self):
        if not self.standaard:
            self.standaard = model.standaardwaarden(self.basis)
        if not self.bereiken:
            self.bereiken = bereiken(self.basis, self.standaard)
        if not self.slider_standaard:
            self.slider_standaard = {
                pid: su.klem(pid, w, self.standaard, self.bereiken)
                for pid, w in self.standaard.items()
            }
        if not self.pijlers:
            self.pijlers = zichtbare_pijlers(self.basis)

    @property
    def deadline(self) -> str | None:
        return str(self.doel["tot"]) if self.doel else None


# --------------------------------------------------------------------------------------------
# ranges, defaults, state


def bereiken(basis: model.BasisInvoer, standaard: dict) -> dict:
    """Slider ranges: the YAML ranges; capacity up to max(200, 3x the data); the shock's start
    month from the earlier of its default and the first forecast month to the last one."""
    uit = {pid: su.bereik(pid, standaard) for pid in standaard if not su.is_maand(pid)}
    eerste, laatste = basis.periodes[0], basis.periodes[-1]
    start = str(standaard["schok.start"])
    uit["schok.start"] = (min(start, eerste), max(laatste, start), None)
    return uit


def zichtbare_pijlers(basis: model.BasisInvoer) -> tuple[str, ...]:
    """The three pillars of the pact always; the others when the data have starts for them."""
    return tuple(
        p for p in model.PIJLERS if p in HOOFDPIJLERS or float(basis.capaciteit.get(p, 0.0)) > 0
    )


def widget(pid: str, kant: Kant = A) -> str:
    return kant.prefix + su.SLEUTELS[pid]


def fragment_aan() -> bool:
    """False when the page was opened with `?fragment=0` (benchmark switch); remembered for the
    session until `?fragment=1`. Also read from a link kept during login."""
    waarde = st.query_params.get(FRAGMENT_SLEUTEL)
    if waarde is None:
        link = st.session_state.get(LINK_NA_AANMELDING) or {}
        waarde = (link.get(FRAGMENT_SLEUTEL) or [None])[-1]
    if waarde in ("0", "1"):
        st.session_state[_FRAGMENT_UIT] = waarde == "0"
    return not st.session_state.get(_FRAGMENT_UIT, False)


def _link(kant: Kant = A) -> dict:
    """The scenario part of the URL (this side's keys, prefix removed), or of the link kept
    while the visitor logged in."""
    eigen = {kant.url + k for k in (*su.PARAMETERS, *su.SLEUTELS, su.SCENARIO_SLEUTEL)}
    n = len(kant.url)
    query = {k[n:]: st.query_params.get_all(k) for k in st.query_params if k in eigen}
    if query:
        return query
    link = st.session_state.get(LINK_NA_AANMELDING) or {}
    if link and not st.session_state.get(kant.link_gebruikt):
        st.session_state[kant.link_gebruikt] = True
        return {k[n:]: v for k, v in link.items() if k in eigen}
    return {}


def benoemde_waarden(naam: str, blad: Werkblad) -> dict:
    """A named scenario as slider values (its factors resolved for this municipality)."""
    opgelost = model.los_op(model.benoemd_scenario(naam), blad.basis)
    uit = dict(blad.slider_standaard)
    for pid in model.benoemd_scenario(naam):
        uit[pid] = su.klem(pid, opgelost[pid], blad.standaard, blad.bereiken)
    return uit


def _zet(waarden: dict, naam: str, kant: Kant = A) -> None:
    for pid, w in waarden.items():
        st.session_state[widget(pid, kant)] = w
    st.session_state[kant.scenario_widget] = naam


def bereid_voor(blad: Werkblad, kant: Kant = A) -> None:
    """Put the sliders' values in Session State before they are drawn (full runs only).

    First visit: the URL's scenario (a named scenario, then explicit values) over the defaults.
    Another municipality: data-driven parameters (capacity, exit rate) go to its own defaults,
    a named scenario is resolved again, the rest keeps its value.
    """
    ontbreekt = any(widget(pid, kant) not in st.session_state for pid in blad.slider_standaard)
    vorige = st.session_state.get(kant.nis_sleutel)
    st.session_state[kant.nis_sleutel] = blad.nis
    if ontbreekt:
        naam, expliciet = su.decodeer(_link(kant), blad.standaard, blad.bereiken)
        waarden = benoemde_waarden(naam, blad) if naam else dict(blad.slider_standaard)
        waarden.update(expliciet)
        _zet(waarden, _naam_van(waarden, naam, blad), kant)
    elif vorige is not None and vorige != blad.nis:
        naam = st.session_state.get(kant.scenario_widget, _eerste())
        if naam != EIGEN:
            _zet(benoemde_waarden(naam, blad), naam, kant)
            return
        waarden = {}
        for pid, std in blad.slider_standaard.items():
            if _meta(pid).get("betrouwbaarheid") == "data":
                waarden[pid] = std
            else:
                oud = st.session_state.get(widget(pid, kant), std)
                waarden[pid] = su.klem(pid, oud, blad.standaard, blad.bereiken)
        _zet(waarden, _naam_van(waarden, None, blad), kant)


def _naam_van(waarden: dict, naam: str | None, blad: Werkblad) -> str:
    """The selector's value for these slider values."""
    if naam and waarden == benoemde_waarden(naam, blad):
        return naam
    return _eerste() if waarden == blad.slider_standaard else EIGEN


@functools.cache
def _register() -> dict:
    """The parameter registry (read-only here)."""
    return model.laad_parameters()


def _eerste() -> str:
    """The first named scenario (current policy: every parameter at its default)."""
    return next(iter(_register()["scenarios"]))


def _meta(pid: str) -> dict:
    return _register()["parameters"][pid]


def slider_waarden(blad: Werkblad, kant: Kant = A) -> dict:
    return {
        pid: st.session_state.get(widget(pid, kant), w) for pid, w in blad.slider_standaard.items()
    }


def scenario_uit(waarden: dict, blad: Werkblad) -> dict:
    """The scenario for the model: only what differs from the slider defaults (so a data default
    that is not on the slider grid, 12.5 starts, stays exact)."""
    return {pid: w for pid, w in waarden.items() if w != blad.slider_standaard[pid]}


def schrijf_url(waarden: dict | None, blad: Werkblad, kant: Kant = A) -> None:
    """Keep the URL in step with the sliders; touches only this side's keys (`waarden` None:
    remove them, scenario B switched off)."""
    naam = st.session_state.get(kant.scenario_widget)
    nieuw = {
        kant.url + k: v
        for k, v in su.codeer(
            waarden or {},
            blad.slider_standaard,
            naam=naam if waarden and naam not in (None, EIGEN, _eerste()) else None,
            bereiken=blad.bereiken,
        ).items()
    }
    eigen = {kant.url + k for k in (*su.PARAMETERS, su.SCENARIO_SLEUTEL)}
    for sleutel in [k for k in st.query_params if k in eigen and k not in nieuw]:
        del st.query_params[sleutel]
    for sleutel, tekst in nieuw.items():
        if st.query_params.get(sleutel) != tekst:
            st.query_params[sleutel] = tekst


# --------------------------------------------------------------------------------------------
# widgets


def _bron_tekst(meta: dict) -> str:
    bron = meta.get("bron") or {}
    titel = bron.get("titel") or "onbekend"
    datum = f" ({bron['datum']})" if bron.get("datum") else ""
    return f"{titel}{datum}"


def is_aandeel(pid: str) -> bool:
    """A share (unit "aandeel", "aandeel per maand"): shown as a percentage, 0.3 -> 30%."""
    return str(_meta(pid).get("eenheid") or "").startswith("aandeel")


def _stap_decimalen(pid: str) -> int:
    stap = str(_meta(pid).get("stap") or "0.01")
    return len(stap.split(".")[-1].rstrip("0")) if "." in stap else 0


def _waarde_tekst(pid: str, waarde) -> str:
    """A parameter value in Dutch notation: whole numbers without decimals, shares as a
    percentage with the decimals of their step (0.3 -> 30%, 0.025 -> 2,5%), other fractions
    with the decimals of their step (at least 2), a data default off the grid with 1 decimal."""
    if su.is_maand(pid):
        return formaat.maand(waarde)
    getal = float(waarde)
    decimalen = _stap_decimalen(pid)
    if is_aandeel(pid):
        nodig = max(decimalen - 2, 0)
        if abs(getal * 100 - round(getal * 100, nodig)) > 1e-9:
            nodig += 1  # a data default off the grid: one decimal more, never a false 0%
        return formaat.procent(getal, nodig)
    if getal.is_integer() and decimalen == 0:
        return formaat.getal(int(getal))
    return formaat.getal(getal, max(decimalen, 2 if decimalen else 1))


def _waarde_tekst_vrij(pid: str, waarde) -> str:
    """A value off the slider grid (+10%): a share with one decimal more, a number with 1-2."""
    getal = float(waarde)
    if is_aandeel(pid):
        return formaat.procent(getal, max(_stap_decimalen(pid) - 2, 0) + 1)
    return formaat.getal(getal, formaat.decimalen([getal]))


def raster(pid: str, blad: Werkblad) -> list[float]:
    """The values of a fractional slider: its range on its step grid, as `su.klem` puts them
    (so a value from a link or a named scenario is always one of them)."""
    lo, hi, stap = blad.bereiken[pid]
    n = round((float(hi) - float(lo)) / float(stap))
    waarden = [
        su.klem(pid, float(lo) + i * float(stap), blad.standaard, blad.bereiken)
        for i in range(n + 1)
    ]
    return list(dict.fromkeys(waarden))


def bron_regel(pid: str, blad: Werkblad) -> str:
    meta = _meta(pid)
    standaard = _waarde_tekst(pid, blad.standaard[pid])
    betrouwbaarheid = BETROUWBAARHEID.get(meta.get("betrouwbaarheid"), meta.get("betrouwbaarheid"))
    return (
        f"{meta.get('eenheid', '')} · standaard {standaard} · bron: {_bron_tekst(meta)} · "
        f"betrouwbaarheid: {betrouwbaarheid}"
    )


def _help(pid: str, blad: Werkblad) -> str:
    meta = _meta(pid)
    delen = [
        str(meta.get("uitleg") or "").strip(),
        f"**Eenheid:** {meta.get('eenheid', '')}",
        f"**Bron:** {_bron_tekst(meta)}",
        f"**Betrouwbaarheid:** {BETROUWBAARHEID.get(meta.get('betrouwbaarheid'), '')}",
    ]
    return "\n\n".join(d for d in delen if d)


def _eigen_scenario(kant: Kant = A) -> None:
    st.session_state[kant.scenario_widget] = EIGEN


def schuifregelaar(pid: str, blad: Werkblad, kant: Kant = A):
    """One slider with its unit, source and confidence (tooltip and a visible caption)."""
    meta = _meta(pid)
    lo, hi, stap = blad.bereiken[pid]
    eenheid = str(meta.get("eenheid") or "")
    label = meta["label"] if eenheid in meta["label"] else f"{meta['label']} — {eenheid}"
    if su.is_maand(pid):
        waarde = st.select_slider(
            label,
            options=van_tot(lo, hi),
            format_func=formaat.maand,
            key=widget(pid, kant),
            help=_help(pid, blad),
            on_change=_eigen_scenario,
            args=(kant,),
            persist_state="page",
        )
    elif su.is_geheel(pid):
        waarde = st.slider(
            label,
            min_value=int(lo),
            max_value=int(hi),
            step=int(stap),
            key=widget(pid, kant),
            help=_help(pid, blad),
            on_change=_eigen_scenario,
            args=(kant,),
            persist_state="page",
        )
    else:
        # a select_slider with Dutch labels ("30%", "1,05"): st.slider's printf format would
        # show 0.30, whatever the language of the browser
        waarde = st.select_slider(
            label,
            options=raster(pid, blad),
            format_func=functools.partial(_waarde_tekst, pid),
            key=widget(pid, kant),
            help=_help(pid, blad),
            on_change=_eigen_scenario,
            args=(kant,),
            persist_state="page",
        )
    st.caption(bron_regel(pid, blad))
    return waarde


def _kies_scenario(kant: Kant = A) -> None:
    """Callback of the scenario selector (runs before the rerun): set the sliders."""
    naam = st.session_state.get(kant.scenario_widget)
    blad = st.session_state.get("wa_blad")
    if blad is None or naam in (None, EIGEN):
        return
    _zet(benoemde_waarden(naam, blad), naam, kant)


def _herstel(kant: Kant = A) -> None:
    blad = st.session_state.get("wa_blad")
    if blad is not None:
        _zet(dict(blad.slider_standaard), _eerste(), kant)


def scenariokeuze(blad: Werkblad, kant: Kant = A) -> None:
    scenarios = _register()["scenarios"]
    opties = [*scenarios, EIGEN]
    labels = {n: s["label"] for n, s in scenarios.items()} | {EIGEN: "Eigen scenario"}
    links, rechts = st.columns([3, 2], vertical_alignment="bottom")
    naam = links.selectbox(
        "Scenario",
        opties,
        format_func=labels.get,
        key=kant.scenario_widget,
        on_change=_kies_scenario,
        args=(kant,),
        help="Een benoemd scenario zet de schuifregelaars; daarna kunt u verder schuiven.",
    )
    rechts.button(
        "Herstellen",
        key=kant.prefix + "herstel",
        help="Alle schuifregelaars terug naar hun standaardwaarde (huidig beleid).",
        icon=":material/restart_alt:",
        on_click=_herstel,
        args=(kant,),
        width="stretch",
    )
    # always one caption: a changing number of elements would remount the tabs below it
    st.caption(
        str(scenarios[naam].get("beschrijving", "")).strip()
        if naam in scenarios
        else "Eigen scenario: de waarden van de schuifregelaars hieronder."
    )


TABS = "wa_tabs"
SCHOK = ("personen", "start", "spreiding", "uitstroomgraad", "activeerbaarheid")


#: Short tab labels (the full pillar name heads the tab's content).
TAB_LABELS = {
    "screening_matching": "Screening & matching",
    "sollicitatietraining": "Sollicitatietraining",
    "interim": "Interim",
    "art60": "Artikel 60",
    "partners": "Partners",
    "overig": "Overige",
}


def groepen(blad: Werkblad) -> list[tuple[str, list[str], str | None]]:
    """The slider tabs: (label, parameter ids, explanation) per pillar, shock and caseload."""
    labels = _register()["pijlers"]
    definities = _register()["definities"]
    uit = [
        (TAB_LABELS[p], [f"{p}.{x}" for x in model.PIJLER_PARAMS], f"**{labels[p]}**")
        for p in blad.pijlers
    ]
    uit.append(("Instroomschok", [f"schok.{x}" for x in SCHOK], definities["schok"]))
    algemeen = ["werkklaar_aandeel", "max_instap_per_maand"]
    uit.append(("Werkklaar", algemeen, definities["werkklaar"]))
    return uit


def schuifregelaars(blad: Werkblad, kant: Kant = A) -> dict:
    """The sliders in tabs: one per pillar, the inflow shock, the caseload.

    Lazy tabs (`on_change="rerun"`): only the open tab's five sliders are drawn and sent on a
    step, not all 37. The others keep their values (`persist_state="page"`) and are read from
    Session State."""
    delen = groepen(blad)
    tabbladen = st.tabs([d[0] for d in delen], key=kant.tabs, on_change="rerun")
    waarden = slider_waarden(blad, kant)
    for tab, (_, pids, uitleg) in zip(tabbladen, delen, strict=True):
        if tab.open is False:
            continue
        with tab:
            if uitleg:
                st.caption(str(uitleg).strip())
            for pid in pids:
                waarden[pid] = schuifregelaar(pid, blad, kant)
    return waarden


# --------------------------------------------------------------------------------------------
# when the effect arrives, and up to which month it is counted

TEL_TOT = "tel_tot"  # widget key and link code: ?tel_tot=2027-06


def tel_opties(blad: Werkblad) -> list[str]:
    """The months the extra activations can be counted up to: every forecast month."""
    return list(blad.basis.periodes)


def tel_standaard(blad: Werkblad) -> str:
    """Up to the target's deadline when it lies in the forecast, else the last month."""
    opties = tel_opties(blad)
    return blad.deadline if blad.deadline in opties else opties[-1]


def _tel_label(blad: Werkblad, periode: str) -> str:
    if periode == blad.deadline:
        return f"{formaat.maand(periode)} (deadline van het doel)"
    return formaat.maand(periode)


def telhorizon(blad: Werkblad) -> str:
    """ "Extra tellen tot": the deadline or a later (or earlier) month, kept in the link. No
    refit: the baseline already runs to the last option; only the counting window moves."""
    opties = tel_opties(blad)
    if st.session_state.get(TEL_TOT) not in (None, *opties):
        del st.session_state[TEL_TOT]  # another municipality's months
    link.neem_over(TEL_TOT, lambda ruw: link.lees_een(ruw, opties, formaat.maand))
    if TEL_TOT not in st.session_state:
        st.session_state[TEL_TOT] = tel_standaard(blad)
    gekozen = st.selectbox(
        "Extra activeringen tellen tot",
        opties,
        format_func=functools.partial(_tel_label, blad),
        key=TEL_TOT,
        help=(
            "Een extra traject levert pas werk op na de tijd van start tot werk van de pijler. "
            "Kies een latere maand om een effect te zien dat na de deadline valt. De kans op "
            "het doel en de subsidie blijven tellen tot de deadline van het doel."
        ),
    )
    link.schrijf(TEL_TOT, gekozen)
    return gekozen


def eerste_effect(resultaat: model.ScenarioResultaat, soort: str = "bruto") -> str | None:
    """The first month in which the scenario's extra activations count, or None."""
    extra = np.abs(resultaat.verschil(soort).to_numpy())
    maanden = np.flatnonzero(extra > 1e-6)
    return resultaat.periodes[int(maanden[0])] if len(maanden) else None


def pijler_aankomst(resultaat: model.ScenarioResultaat) -> list[tuple[str, str, float]]:
    """Per pillar with extra starts: (pillar, first month its extra work counts, its delay in
    months from start to work, the parameter `<pijler>.vertraging`)."""
    uit = []
    for i, p in enumerate(model.PIJLERS):
        if not np.any(np.abs(resultaat.extra_starts[i]) > 1e-9):
            continue
        maanden = np.flatnonzero(np.abs(resultaat.extra_bruto[i]) > 1e-6)
        if len(maanden):
            uit.append(
                (p, resultaat.periodes[int(maanden[0])], resultaat.waarden[f"{p}.vertraging"])
            )
    return uit


def aankomst_zin(
    blad: Werkblad, resultaat: model.ScenarioResultaat, tot: str
) -> tuple[str, str] | None:
    """`(soort, zin)` saying when the scenario's effect arrives, and plainly when it falls
    after the target's deadline or the chosen month; None while the scenario changes nothing."""
    if not resultaat.gewijzigd:
        return None
    eerste = eerste_effect(resultaat)
    einde = resultaat.periodes[-1]
    if eerste is None:
        return (
            "info",
            "Dit scenario verandert de activeringen naar werk niet binnen de prognose (tot "
            f"{formaat.maand(einde)}).",
        )
    labels = _register()["pijlers"]
    delen = [
        f"{labels[p]}: vanaf {formaat.maand(m)} ({formaat.getal(v, formaat.decimalen([v]))} "
        f"{'maand' if float(v) == 1 else 'maanden'} van start tot werk)"
        for p, m, v in pijler_aankomst(resultaat)
    ]
    detail = f" {'; '.join(delen)}." if delen else ""
    zin = f"Het effect komt vanaf {formaat.maand(eerste)}.{detail}"
    deadline = blad.deadline
    if deadline and eerste > deadline:
        return (
            "warning",
            f"{zin} Dat is na de deadline van het doel ({formaat.maand(deadline)}): tegen de "
            "deadline telt het niet mee, en de kans op het doel verandert niet. Kies bij "
            "'Extra activeringen tellen tot' een latere maand om het effect te zien.",
        )
    if eerste > tot:
        return (
            "warning",
            f"{zin} Dat is na {formaat.maand(tot)}, de gekozen maand: kies een latere maand om "
            "het effect te zien.",
        )
    return "info", zin


# --------------------------------------------------------------------------------------------
# outputs


def _procentpunten(scen: float, basis: float) -> str | None:
    """Delta of the rounded probabilities. An ASCII '-' leads a decrease: st.metric points its
    arrow down only then."""
    verschil = formaat.kans_afgerond(scen) - formaat.kans_afgerond(basis)
    if verschil == 0:
        return None  # no delta: an arrow would suggest a change
    return f"{verschil:+d} procentpunten"


def _euro_delta(verschil: float) -> str | None:
    if round(verschil) == 0:
        return None
    teken = "+" if verschil > 0 else "-"
    return f"{teken}{formaat.euro(abs(verschil))}"


def kaarten(blad: Werkblad, resultaat: model.ScenarioResultaat, tot: str | None = None):
    """Extra activations up to the chosen month (`tot`, default the deadline), P(target) and
    expected funding vs the baseline (those two always at the target's deadline)."""
    tot = tot or blad.deadline
    totaal = resultaat.totaal(tot)
    kolommen = st.columns(3)
    einde = formaat.maand(resultaat.periodes[-1])
    wanneer = f"tegen {formaat.maand(tot)}" if tot else f"tot {einde}"
    weergave.kaart(
        kolommen[0],
        f"Extra {wanneer}",
        formaat.getal(totaal["verschil_bruto"], 1, plus=True),
        f"Extra activeringen naar werk, bruto (wat het pact telt). Netto (zonder deadweight): "
        f"{formaat.getal(totaal['verschil_netto'], 1, plus=True)}. "
        f"Over de hele prognose tot {einde}: bruto "
        f"{formaat.getal(resultaat.totaal()['verschil_bruto'], plus=True)}.",
    )
    if blad.doel is None or blad.basis_doel is None or blad.kans is None:
        kolommen[1].info("Geen lopend doel voor deze gemeente: geen kans of subsidie te tonen.")
        return None
    scen = blad.kans(resultaat.verschil("bruto"))
    basis = blad.basis_doel
    weergave.kaart(
        kolommen[1],
        f"Kans op het doel ({formaat.getal(blad.doel['doelwaarde'])})",
        formaat.kans(scen.probability),
        f"Basisprognose: {formaat.kans(basis.probability)} "
        f"({formaat.kans_label(basis.probability)}). "
        f"Met het scenario: {formaat.kans_label(scen.probability)}.",
        delta=_procentpunten(scen.probability, basis.probability),
    )
    weergave.kaart(
        kolommen[2],
        "Verwachte subsidie",
        formaat.euro(scen.expected_funding_eur),
        f"Basisprognose: {formaat.euro(basis.expected_funding_eur)} (maximaal "
        f"{formaat.euro(blad.doel.get('max_subsidie_eur'))}, uitbetaling "
        f"{str(blad.doel.get('uitbetaling', '')).replace('_', ' ')}).",
        delta=_euro_delta(scen.expected_funding_eur - basis.expected_funding_eur),
    )
    return scen


def _kost_bron(naam: str) -> str:
    meta = kosten.parameters()[naam]
    return (
        f"{meta['label']}: {formaat.euro(meta['waarde'], 2 if naam == 'leefloon_per_maand' else 0)}"
        f" ({meta['eenheid']}; bron: {_bron_tekst(meta)}; betrouwbaarheid: "
        f"{BETROUWBAARHEID.get(meta.get('betrouwbaarheid'), '')})"
    )


def extra_subsidie(blad: Werkblad, scen, tot: str) -> float:
    """The scenario's extra expected funding, counted when the window reaches the deadline."""
    if scen is None or blad.basis_doel is None or not blad.deadline or tot < blad.deadline:
        return 0.0
    return float(scen.expected_funding_eur - blad.basis_doel.expected_funding_eur)


def kostentabel(kb: kosten.KostenBaten) -> pd.DataFrame:
    """Cost and benefit as shown: Belgian amounts, one row per item."""
    rijen = [
        ("Extra activeringen naar werk (bruto)", formaat.getal(kb.extra_bruto, 1, plus=True)),
        ("Extra activeringen naar werk (netto)", formaat.getal(kb.extra_netto, 1, plus=True)),
        ("Extra trajectstarts", formaat.getal(kb.extra_starts, 1, plus=True)),
        ("Kost extra trajecten", formaat.euro(kb.trajectkost)),
        ("Extra leefloon (− = bespaard)", formaat.euro(kb.leefloonkost)),
        ("Extra subsidie", formaat.euro(kb.subsidie)),
        ("Nettokost voor de gemeente", formaat.euro(kb.nettokost)),
        ("Nettokost per extra job (bruto)", formaat.euro(kb.per_job_bruto)),
        ("Nettokost per extra job (netto)", formaat.euro(kb.per_job_netto)),
    ]
    return pd.DataFrame(rijen, columns=["Post", "Tot de gekozen maand"])


def kosten_zin(kb: kosten.KostenBaten, tot: str) -> str:
    """One sentence in council language."""
    if abs(kb.extra_starts) < 0.05 and abs(kb.leefloonmaanden) < 0.05:
        return f"Dit scenario verandert tot {formaat.maand(tot)} niets aan kosten of baten."
    leefloon = (
        f"{formaat.euro(kb.leefloonkost)} extra leefloon"
        if kb.leefloonkost >= 0
        else f"{formaat.euro(-kb.leefloonkost)} minder leefloon"
    )
    per_job = (
        f" Per extra job: {formaat.euro(kb.per_job_bruto)} (bruto)"
        + (
            f", {formaat.euro(kb.per_job_netto)} (netto, zonder deadweight)."
            if kb.per_job_netto is not None
            else "."
        )
        if kb.per_job_bruto is not None
        else " Er komt nog geen extra job bij: geen kost per job."
    )
    return (
        f"Tot {formaat.maand(tot)} kost dit scenario de gemeente netto "
        f"{formaat.euro(kb.nettokost)}: {formaat.euro(kb.trajectkost)} voor "
        f"{formaat.getal(kb.extra_starts, 0)} extra trajecten, {leefloon} en "
        f"{formaat.euro(kb.subsidie)} extra subsidie.{per_job}"
    )


def kosten_baten(blad: Werkblad, resultaat: model.ScenarioResultaat, tot: str, scen) -> None:
    """Cost and benefit up to the chosen month: a sentence, the table and the amounts' sources."""
    kb = kosten.kosten_baten(resultaat, tot, subsidie=extra_subsidie(blad, scen, tot))
    st.markdown(f"#### Kosten en baten\n\n{kosten_zin(kb, tot)}")
    weergave.tabel(kostentabel(kb), "Kosten en baten wat als", "wat-als-kosten")
    subsidie = (
        "De extra subsidie volgt de uitbetalingsregel van het doel en telt pas mee als de "
        "gekozen maand de deadline bereikt."
        if blad.doel
        else "Geen lopend doel: geen subsidie."
    )
    st.caption(
        f"{_kost_bron('leefloon_per_maand')}. {_kost_bron('kost_per_trajectstart')}. {subsidie}"
    )


def verschil_figuur(per: pd.DataFrame, bron: str, laatste_maand: str, deadline: str | None):
    """The scenario as a difference from the baseline (cumulative), with the target's deadline;
    a pure function of the monthly numbers, so `ui.cache.scherm` can keep it per scenario."""
    index = pd.Index(per["periode"], name="periode")
    fig = pact.scenario_verschil(
        pd.Series(per["basis"].to_numpy(), index=index),
        pd.Series(per["bruto"].to_numpy(), index=index),
        pd.Series(per["netto"].to_numpy(), index=index),
        bron=bron,
        laatste_maand=laatste_maand,
        cumulatief=True,
    )
    if deadline and deadline in set(per["periode"]):
        fig.add_vline(
            x=formaat.datum(deadline),
            line=dict(dash="dash", width=1.5, color="#6b6b6b"),
            name="deadline",
            annotation_text=f"deadline doel<br>{formaat.maand(deadline)}",
            annotation_position="top right",
            annotation_font_color="#4a4a4a",
        )
    formaat.nl_maandas(fig, list(per["periode"]), max_ticks=4)  # the chart sits in a column
    return fig


TITEL = "Wat het scenario verandert"


def grafiek(blad: Werkblad, resultaat: model.ScenarioResultaat) -> None:
    per = resultaat.per_maand[["periode", "basis", "bruto", "netto"]]
    fig = cache.scherm(verschil_figuur, per, blad.bron, blad.laatste_maand, blad.deadline)
    # the table is built only while its (lazy) expander is open: a slider step sends no table
    weergave.grafiek(fig, lambda: verschiltabel(resultaat), TITEL, "wat-als-verschil")


def verschiltabel(resultaat: model.ScenarioResultaat) -> pd.DataFrame:
    """The chart's numbers per month: baseline, scenario gross and net, extra summed."""
    per = resultaat.per_maand
    return pd.DataFrame(
        {
            "Maand": [formaat.maand(p) for p in per["periode"]],
            "Basisprognose": per["basis"].round(1),
            "Scenario bruto": per["bruto"].round(1),
            "Scenario netto": per["netto"].round(1),
            "Extra bruto (opgeteld)": per["verschil_bruto"].cumsum().round(1),
            "Extra netto (opgeteld)": per["verschil_netto"].cumsum().round(1),
        }
    )


def gevoeligheidstabel(scenario: dict, blad: Werkblad, tot: str | None = None) -> pd.DataFrame:
    """+10% on each parameter -> effect on gross (and net) activations by `tot` (default: the
    deadline)."""
    tot = tot or blad.deadline
    if tot is not None and tot < blad.basis.periodes[0]:
        tot = None
    g = model.gevoeligheid(scenario, blad.basis, tot=tot)
    groepen = _register()["pijlers"] | {"schok": "Instroomschok", "algemeen": "Werkklaar"}
    return pd.DataFrame(
        {
            "Parameter": g["label"],
            "Onderdeel": g["groep"].map(lambda x: groepen.get(x, x)),
            # one unit per row (a share, a number of starts, months): Dutch text per parameter
            "Waarde": [
                _waarde_tekst(p, w) for p, w in zip(g["parameter"], g["waarde"], strict=True)
            ],
            "Waarde +10%": [
                _waarde_tekst_vrij(p, w)
                for p, w in zip(g["parameter"], g["nieuwe_waarde"], strict=True)
            ],
            "Effect bruto": g["effect_bruto"].round(2),
            "Effect netto": g["effect_netto"].round(2),
        }
    )


def gevoeligheid_zin(tabel: pd.DataFrame, wanneer: str) -> str:
    """The three parameters that weigh most, in one sentence (the table has all of them)."""
    top = tabel[tabel["Effect bruto"].abs() >= 0.005].head(3)
    if top.empty:
        return f"Geen enkele parameter verandert in dit scenario de activeringen {wanneer}."
    delen = [
        f"{r['Parameter'].split(' (')[0].lower()} ({r['Onderdeel']}) "
        f"{formaat.getal(r['Effect bruto'], 2, plus=True)}"
        for _, r in top.iterrows()
    ]
    return f"Het zwaarst wegen nu: {', '.join(delen)} activeringen {wanneer} bij 10% meer."


def gevoeligheid(scenario: dict, blad: Werkblad, tot: str | None = None) -> None:
    """The sensitivity: a sentence with the top three always; the full table (with CSV) in a
    lazy expander, so that a slider step does not send it while it is closed."""
    tot = tot or blad.deadline
    wanneer = f"tegen {formaat.maand(tot)}" if tot else "over de hele prognose"
    tabel = gevoeligheidstabel(scenario, blad, tot)
    st.markdown(
        "#### Gevoeligheid: welke parameter telt het zwaarst?\n\n"
        f"{gevoeligheid_zin(tabel, wanneer)}"
    )
    uitklap = st.expander(
        "Tabel: elke parameter apart 10% hoger", key="wa_gevoelig_open", on_change="rerun"
    )
    if uitklap.open:
        with uitklap:
            st.caption(
                f"Effect op de bruto (en netto) activeringen naar werk {wanneer}, grootste effect "
                "eerst. Een effect 0 zegt ook iets: die parameter werkt in dit scenario niet "
                "(bv. de conversie van een pijler zonder extra starts, of een vertraging die "
                "voorbij de deadline valt)."
            )
            weergave.tabel(tabel, "Gevoeligheid wat als", "wat-als-gevoelig")


def ab_keuze() -> bool:
    """The switch for two scenarios side by side, kept in the link (`?ab=1`)."""
    link.neem_over(AB, lambda ruw: str(ruw[-1]).strip().lower() in ("1", "true"))
    aan = st.toggle(
        "Twee scenario's naast elkaar (A en B)",
        key=AB,
        help="Elk scenario zijn eigen schuifregelaars; de link bewaart ze allebei.",
    )
    link.schrijf(AB, "1" if aan else "0")
    return aan


def ab_tabel(blad: Werkblad, uitkomsten: dict, tot: str) -> pd.DataFrame:
    """Scenario A and B in council language, one column each, up to the chosen month."""
    kolommen = {}
    for naam, resultaat in uitkomsten.items():
        scen = blad.kans(resultaat.verschil("bruto")) if blad.kans is not None else None
        kb = kosten.kosten_baten(resultaat, tot, subsidie=extra_subsidie(blad, scen, tot))
        eerste = eerste_effect(resultaat) if resultaat.gewijzigd else None
        kolommen[f"Scenario {naam}"] = [
            formaat.maand(eerste) if eerste else "geen effect",
            formaat.getal(kb.extra_bruto, 1, plus=True),
            formaat.getal(kb.extra_netto, 1, plus=True),
            formaat.kans(scen.probability) if scen is not None else "–",
            formaat.euro(scen.expected_funding_eur) if scen is not None else "–",
            formaat.euro(kb.trajectkost),
            formaat.euro(kb.leefloonkost),
            formaat.euro(kb.nettokost),
            formaat.euro(kb.per_job_bruto),
        ]
    deadline = f" ({formaat.maand(blad.deadline)})" if blad.deadline else ""
    posten = [
        "Effect vanaf",
        f"Extra activeringen naar werk tegen {formaat.maand(tot)} (bruto)",
        f"Extra activeringen naar werk tegen {formaat.maand(tot)} (netto)",
        f"Kans op het doel{deadline}",
        "Verwachte subsidie",
        "Kost extra trajecten",
        "Extra leefloon (− = bespaard)",
        "Nettokost voor de gemeente",
        "Nettokost per extra job (bruto)",
    ]
    return pd.DataFrame({"Post": posten, **kolommen})


def _twee(blad: Werkblad) -> None:
    """Scenario A and B side by side: each its own selector and sliders, one table."""
    uitkomsten = {}
    for kolom, kant in zip(st.columns(2, gap="large"), (A, B), strict=True):
        with kolom:
            st.subheader(f"Scenario {kant.naam}")
            scenariokeuze(blad, kant)
            waarden = schuifregelaars(blad, kant)
        uitkomsten[kant.naam] = model.bereken(scenario_uit(waarden, blad), blad.basis)
        schrijf_url(waarden, blad, kant)
    tot = telhorizon(blad)
    st.markdown(f"#### Scenario A en B naast elkaar, tot {formaat.maand(tot)}")
    weergave.tabel(ab_tabel(blad, uitkomsten, tot), "Scenario A en B", "wat-als-ab")
    for naam, resultaat in uitkomsten.items():
        aankomst = aankomst_zin(blad, resultaat, tot)
        if aankomst is not None:
            getattr(st, aankomst[0])(f"Scenario {naam}: {aankomst[1]}", icon=":material/schedule:")
    st.caption(
        f"{_kost_bron('leefloon_per_maand')}. {_kost_bron('kost_per_trajectstart')}. Bruto: "
        "alle extra plaatsingen; netto: zonder deadweight."
    )


def _werkblad(blad: Werkblad) -> None:
    """Sliders and outputs; the body of the fragment (or of a full run with ?fragment=0)."""
    st.session_state["wa_blad"] = blad
    if ab_keuze():
        _twee(blad)
        return
    schrijf_url(None, blad, B)
    links, rechts = st.columns([2, 3], gap="large")
    with links:
        scenariokeuze(blad)
        waarden = schuifregelaars(blad)
    scenario = scenario_uit(waarden, blad)
    resultaat = model.bereken(scenario, blad.basis)
    schrijf_url(waarden, blad)
    with rechts:
        tot = telhorizon(blad)
        scen = kaarten(blad, resultaat, tot)
        melding = st.container()  # always there, so the chart below keeps its place
        aankomst = aankomst_zin(blad, resultaat, tot)
        if aankomst is not None:
            getattr(melding, aankomst[0])(aankomst[1], icon=":material/schedule:")
        if resultaat.begrensd:
            melding.warning(
                "De gevraagde extra trajectstarts zijn ingekort: samen starten per maand hoogstens "
                f"{formaat.procent(waarden['max_instap_per_maand'], 0)} van de werkklare groep "
                "(tabblad Werkklaar)."
            )
        grafiek(blad, resultaat)
        for soort in ("bruto", "netto"):
            st.caption(str(_register()["definities"][soort]).strip())
        kosten_baten(blad, resultaat, tot, scen)
    gevoeligheid(scenario, blad, tot)
    dek_link(blad)


def dek_link(blad: Werkblad) -> None:
    """One click to this scenario as a slide for the council: Overzicht with the deck's Wat als?
    part and the scenario's codes (`diensten.wat_als` reads them from that link)."""
    codes = {
        k: st.query_params[k]
        for k in st.query_params
        if k in su.PARAMETERS or k in (su.SCENARIO_SLEUTEL, TEL_TOT)
    }
    st.page_link(
        "app.py",
        label="Dit scenario als dia voor de raad (Overzicht → Exporteren voor de raad)",
        query_params={"gemeente": blad.nis, **codes, "dek": "wat_als"},
        icon=":material/slideshow:",
    )


_werkblad_fragment = st.fragment(_werkblad)


def werkblad(blad: Werkblad) -> None:
    """Draw sliders and outputs: as a fragment, or as plain code with `?fragment=0`."""
    bereid_voor(blad)
    bereid_voor(blad, B)
    if fragment_aan():
        _werkblad_fragment(blad)
    else:
        _werkblad(blad)


# --------------------------------------------------------------------------------------------
# the table of defaults


def standaardtabel(blad: Werkblad) -> pd.DataFrame:
    """Every parameter with its default for this municipality, range, unit and source."""
    groepen = _register()["pijlers"] | {"schok": "Instroomschok", "algemeen": "Werkklaar"}
    rijen = []
    for pid, meta in _register()["parameters"].items():
        lo, hi, _ = blad.bereiken[pid]
        std = blad.standaard[pid]
        bron = meta.get("bron") or {}
        rijen.append(
            {
                "Onderdeel": groepen.get(meta["groep"], meta["groep"]),
                "Parameter": meta["label"],
                "Standaard": _waarde_tekst(pid, std),
                "Eenheid": meta.get("eenheid", ""),
                "Bereik": f"{_waarde_tekst(pid, lo)} – {_waarde_tekst(pid, hi)}",
                "Betrouwbaarheid": BETROUWBAARHEID.get(meta.get("betrouwbaarheid"), ""),
                "Bron": bron.get("titel") or "",
                "Datum": bron.get("datum") or "",
                "Link": bron.get("url") or "",
                "Sleutel in de link": su.SLEUTELS[pid],
            }
        )
    return pd.DataFrame(rijen)


def standaarden(blad: Werkblad) -> None:
    with st.expander("Alle standaardwaarden met hun bron", expanded=False):
        st.caption(
            "Standaardwaarden uit forecasting/params.yaml, elk met bron en betrouwbaarheid; "
            f"'eigen gegevens' zijn berekend uit de maandcijfers van "
            f"{weergave.letterlijk(blad.naam)}. "
            "Vervang ze door lokale cijfers zodra die er zijn."
        )
        weergave.tabel(standaardtabel(blad), "Standaardwaarden wat als", "wat-als-standaard")
