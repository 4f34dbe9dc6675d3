"""The one Streamlit-side caching adapter around `data_access` and `forecasting`.

Every cached call is keyed on the data version (the newest release id), so a new import or a
restore invalidates what pages show without a server restart; models are fitted once per data
version, never on a widget change. Breakdowns are cached per *view* (exact or protected), never
per user, and the protected view is computed in `data_access`, so the cache cannot leak detail.
The version parameter is named `versie_`, not `_versie`: Streamlit leaves arguments with a
leading underscore out of the cache key.

Every public read goes through `ui.storing.lees` with a key of its own (database URL, function
and arguments, without the version): when the database fails, the page shows the last good result
with its date and one Dutch warning, or a Dutch error when there is nothing to show — never a
traceback. Inside those reads the version comes from `_versie()`, which raises, so a result
read during an outage is never stored as fresh.
"""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from data_access import db, queries, referentie
from data_access import kalibratie as kalibratie_
from diensten import dek, export, kaart, pact, prognose, trendprognose, verhalen, wat_als
from diensten.bron import bronregel_uitsplitsing
from domein import PIJLERS
from ui import storing


@dataclass(frozen=True)
class _Weergave:
    """Stands in for a user in cached breakdown calls: only whether exact cells are allowed."""

    detail: bool

    def ziet_detail(self, _nis: str) -> bool:
        return self.detail


def engine():
    """The engine of LEEFLOONMONITOR_DB (keyed on the URL, so a changed setting is honoured)."""
    return _engine(db.database_url())


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    motor = db.get_engine(url)
    db.init_schema(motor)
    return motor


def _lees(sleutel: tuple, functie, *, kopie: bool = True):
    """Through `ui.storing`, keyed per database URL as well (like the engine)."""
    return storing.lees((db.database_url(), *sleutel), functie, kopie=kopie)


def _versie() -> int:
    return queries.data_versie(engine())


def versie() -> int:
    """The data version (newest release id); the last known one while the database is away."""
    return _lees(("versie",), _versie)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _gemeenten_met_data(versie_: int) -> pd.DataFrame:
    return queries.gemeenten_met_data(engine())


def gemeenten_met_data() -> pd.DataFrame:
    return _lees(("gemeenten_met_data",), lambda: _gemeenten_met_data(_versie()))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _alle_gemeenten(versie_: int) -> pd.DataFrame:
    return queries.gemeenten(engine())


def alle_gemeenten() -> pd.DataFrame:
    return _lees(("alle_gemeenten",), lambda: _alle_gemeenten(_versie()))


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _reeksen(versie_: int, nissen: tuple[str, ...], indicator: str) -> pd.DataFrame:
    motor = engine()
    frame = queries.reeksen(motor, nissen, indicator)
    return queries.per_1000(frame, queries.bevolking(motor, nissen))


def reeksen(nissen, indicator: str) -> pd.DataFrame:
    """Monthly totals with per-1,000 rates: nis, periode, waarde, inwoners, per_1000."""
    sleutel = tuple(sorted(nissen))
    return _lees(("reeksen", sleutel, indicator), lambda: _reeksen(_versie(), sleutel, indicator))


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _status(versie_: int, nis: str, indicator: str) -> tuple[pd.Series, pd.DataFrame]:
    motor = engine()
    return (
        queries.statussen(motor, nis, indicator),
        queries.eigen_en_officieel(motor, nis, indicator),
    )


def status(nis: str, indicator: str) -> tuple[pd.Series, pd.DataFrame]:
    """`nis`'s monthly totals of `indicator`: the status of each shown month (definitief /
    voorlopig) and the months with both an own count and an official figure (difference)."""
    return _lees(("status", nis, indicator), lambda: _status(_versie(), nis, indicator))


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _werk(versie_: int, nis: str) -> pd.DataFrame:
    return queries.werk_per_kwartaal(engine(), nis)


def werk_per_kwartaal(nis: str) -> pd.DataFrame:
    """Activations to work per full quarter, rounded, as they may be shown
    (`data_access.vrijgave`); the exact monthly series never reaches a page."""
    return _lees(("werk", nis), lambda: _werk(_versie(), nis))


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _verhaalcijfers(versie_: int, nissen: tuple[str, ...]) -> dict:
    return verhalen.cijfers(engine(), nissen)


def verhaalcijfers(nissen) -> dict:
    """The figures of the seed stories (`diensten.verhalen.cijfers`), per data version."""
    sleutel = tuple(sorted(str(n) for n in nissen))
    return _lees(("verhaalcijfers", sleutel), lambda: _verhaalcijfers(_versie(), sleutel))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _werk_per_pijler(versie_: int, nis: str, detail: bool) -> pd.DataFrame:
    return queries.werk_per_pijler_kwartaal(engine(), nis, _Weergave(detail), PIJLERS)


def werk_per_pijler(nis: str, gebruiker) -> pd.DataFrame:
    """Activations to work per pillar per quarter, rounded; empty for anyone but an analyst of
    `nis` (`queries.werk_per_pijler_kwartaal`)."""
    detail = bool(gebruiker is not None and gebruiker.ziet_detail(nis))
    return _lees(("werk_per_pijler", nis, detail), lambda: _werk_per_pijler(_versie(), nis, detail))


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _uitsplitsing(versie_: int, nis: str, indicator: str, dimensie: str, detail: bool):
    return queries.uitsplitsing_op_niveau(engine(), nis, indicator, dimensie, _Weergave(detail))


def uitsplitsing_op_niveau(nis: str, indicator: str, dimensie: str, gebruiker):
    """Breakdown as this user may see it (exact only for an analyst of `nis`), with the level
    it is shown at (`queries.Uitsplitsing`: `.tabel`, `.zin`)."""
    detail = bool(gebruiker is not None and gebruiker.ziet_detail(nis))
    return _lees(
        ("uitsplitsing", nis, indicator, dimensie, detail),
        lambda: _uitsplitsing(_versie(), nis, indicator, dimensie, detail),
    )


def uitsplitsing(nis: str, indicator: str, dimensie: str, gebruiker) -> pd.DataFrame:
    """Breakdown as this user may see it (the table of `uitsplitsing_op_niveau`)."""
    return uitsplitsing_op_niveau(nis, indicator, dimensie, gebruiker).tabel


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _doelen(versie_: int) -> pd.DataFrame:
    return queries.doelen(engine())


def doelen(nis: str | None = None) -> pd.DataFrame:
    frame = _lees(("doelen",), lambda: _doelen(_versie()))
    return frame if nis is None else frame[frame["nis"] == nis].reset_index(drop=True)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _releases(versie_: int) -> pd.DataFrame:
    return queries.releases(engine())


def releases() -> pd.DataFrame:
    return _lees(("releases",), lambda: _releases(_versie()))


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _is_demo(versie_: int) -> bool:
    return queries.is_demo(engine())


def is_demo() -> bool:
    return _lees(("is_demo",), lambda: _is_demo(_versie()))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _kaartgegevens(versie_: int, indicator: str, periode: str) -> pd.DataFrame:
    return kaart.gegevens(engine(), indicator, periode)


def kaartgegevens(indicator: str, periode: str) -> pd.DataFrame:
    """Every municipality's total and rate per 1,000 in one month (the map)."""
    return _lees(
        ("kaartgegevens", indicator, periode),
        lambda: _kaartgegevens(_versie(), indicator, periode),
    )


@st.cache_resource(ttl=3600, max_entries=32, show_spinner=False)
def _activeringsgraad(versie_: int, nissen: tuple[str, ...], jaar: int, eigen: str, bron_: str):
    return kaart.activeringsgraad_scherm(engine(), list(nissen), jaar=jaar, eigen=eigen, bron=bron_)


def activeringsgraad(nissen, jaar: int, eigen: str):
    """The activation-rate screen of `nissen` over calendar year `jaar` (shared: read only)."""
    sleutel = tuple(nissen)
    return _lees(
        ("activeringsgraad", sleutel, jaar, eigen),
        lambda: _activeringsgraad(_versie(), sleutel, jaar, eigen, bron()),
        kopie=False,
    )


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _niveaureeks(versie_: int, nis: str, code: str, indicator: str) -> pd.DataFrame:
    _label, leden = referentie.niveaugroepen(nis)[code]
    frame = queries.niveaureeks(engine(), leden, indicator)
    # a level over a part of its municipalities would mislead: all members or nothing
    frame = frame[frame["gemeenten"] == len(leden)]
    frame = frame.assign(nis=referentie.NIVEAU_PREFIX + code)
    return frame.assign(per_1000=frame["waarde"] / frame["inwoners"] * 1000)


def met_niveaus(frame: pd.DataFrame, namen: dict, nis: str, codes, indicator: str):
    """`frame` (municipality series) and `namen` with the reference levels `codes` of `nis`
    added ("niveau:<code>" as nis), and the Dutch names of the levels left out because not
    every municipality of the group has figures for `indicator`."""
    if not codes:
        return frame, namen, []
    groepen = referentie.niveaugroepen(nis)
    delen, zonder = [frame], []
    for code in codes:
        deel = _lees(
            ("niveau", nis, code, indicator),
            lambda code=code: _niveaureeks(_versie(), nis, code, indicator),
        )
        if deel.empty:
            zonder.append(groepen[code][0])
            continue
        delen.append(deel)
        namen = {**namen, referentie.NIVEAU_PREFIX + code: groepen[code][0]}
    return pd.concat(delen, ignore_index=True), namen, zonder


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _laatste_periode(versie_: int, nis: str | None) -> str | None:
    return queries.laatste_periode(engine(), nis)


def laatste_periode(nis: str | None = None) -> str | None:
    return _lees(("laatste_periode", nis), lambda: _laatste_periode(_versie(), nis))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _laatste_definitief(versie_: int, nis: str | None) -> str | None:
    return queries.laatste_definitief(engine(), nis)


def bron(nis: str | None = None, statussen: pd.Series | None = None) -> str:
    """The source line for charts: demo data, or the newest delivery with its date, and which
    months are official (definitive) for `nis` (or any municipality). `statussen`: the status
    per month of a breakdown (`Uitsplitsing.statussen`), whose cells may be the own count
    beside official totals: then its own months say so."""
    definitief_tot = _lees(("laatste_definitief", nis), lambda: _laatste_definitief(_versie(), nis))
    laatste = laatste_periode(nis)
    return bronregel_uitsplitsing(is_demo(), releases(), definitief_tot, laatste, statussen)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _kalibratie(versie_: int) -> pd.DataFrame:
    return kalibratie_.als_frame(queries.kalibratie(engine()))


def kalibratie() -> pd.DataFrame:
    return _lees(("kalibratie",), lambda: _kalibratie(_versie()))


def scherm(bouwer, *args, **kwargs):
    """A chart screen (or figure) built by `bouwer`, a pure module-level function such as those
    of `charts.schermen`, once per server for the same arguments instead of on every run of
    every session: building Plotly figures is most of a page run, and a council room opens the
    same views at once.

    The key is the builder's name and its arguments, data frames hashed by content, so another
    view, another user's cells (exact or protected) or another data release is another entry.
    The screen is shared between sessions: callers only read it."""
    return _scherm(f"{bouwer.__module__}:{bouwer.__qualname__}", args, kwargs)


@st.cache_resource(ttl=3600, max_entries=256, show_spinner=False)
def _scherm(naam: str, args: tuple, kwargs: dict):
    import importlib

    module, _, functie = naam.partition(":")
    return getattr(importlib.import_module(module), functie)(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# forecasts (diensten.prognose): the model (the pooled backtest, the slow step) once per data
# version, on the first view that needs it and never on a widget change; the fast steps per
# version and arguments. All through the fault handler, like the reads above.

MODEL_SPINNER = (
    "Prognosemodel wordt berekend … Dat gebeurt eenmalig na elke nieuwe datalevering: de "
    "prognoses van de voorbije jaren worden overgedaan voor alle gemeenten (backtest), zodat "
    "de banden en kansen op echte fouten steunen. Dit duurt enkele seconden."
)


def _databank() -> str:
    return engine().url.render_as_string(hide_password=True)


@st.cache_resource(show_spinner=MODEL_SPINNER, max_entries=2)
def _model(versie_: int, databank_: str) -> prognose.Model:
    return prognose.bouw_model(engine())


def model() -> prognose.Model:
    """The forecast model of the current data version (shared, read-only: kept without a copy)."""
    return _lees(("model",), lambda: _model(_versie(), _databank()), kopie=False)


@st.cache_data(ttl=3600, max_entries=256, show_spinner="Prognose wordt berekend …")
def _doelprognose(versie_: int, databank_: str, nis: str, doel_id: str, as_of: str | None):
    if str(prognose.doel_rij(engine(), doel_id)["nis"]) != str(nis):
        raise prognose.GeenPrognose(f"Doel '{doel_id}' hoort niet bij NIS {nis}.")
    return prognose.doelprognose(engine(), model(), doel_id, as_of)


def doelprognose(nis: str, doel_id: str, as_of: str | None = None):
    nis = str(nis)
    return _lees(
        ("doelprognose", nis, doel_id, as_of),
        lambda: _doelprognose(_versie(), _databank(), nis, doel_id, as_of),
    )


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Kansverloop wordt berekend …")
def _kansverloop(versie_: int, databank_: str, doel_id: str) -> pd.DataFrame:
    return prognose.kansverloop(engine(), model(), doel_id)


def kansverloop(doel_id: str) -> pd.DataFrame:
    """The probability at every month of the target's window (as-of replays)."""
    return _lees(("kansverloop", doel_id), lambda: _kansverloop(_versie(), _databank(), doel_id))


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Trackrecord wordt berekend …")
def _trackrecord(versie_: int, databank_: str, nis: str) -> pd.DataFrame:
    return prognose.trackrecord(engine(), model(), nis)


def trackrecord(nis: str) -> pd.DataFrame:
    nis = str(nis)
    return _lees(("trackrecord", nis), lambda: _trackrecord(_versie(), _databank(), nis))


@st.cache_data(ttl=3600, max_entries=8, show_spinner="Trackrecord wordt berekend …")
def _trackrecord_backtest(versie_: int, databank_: str, soort: str) -> dict[str, pd.DataFrame]:
    return prognose.trackrecord_backtest(model(), soort)


def trackrecord_backtest(soort: str) -> dict[str, pd.DataFrame]:
    """The track record of one backtest kind of the model (accuracy, bands, P per class)."""
    return _lees(
        ("trackrecord_backtest", soort),
        lambda: _trackrecord_backtest(_versie(), _databank(), soort),
    )


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Basisprognose wordt berekend …")
def _basis_invoer(versie_: int, databank_: str, nis: str, h: int | None):
    return prognose.basis_invoer(engine(), model(), nis, h)


def basis_invoer(nis: str, h: int | None = None):
    """The baseline a "Wat als?" scenario adds to (forecasts, capacities, exit rate)."""
    nis = str(nis)
    return _lees(("basis_invoer", nis, h), lambda: _basis_invoer(_versie(), _databank(), nis, h))


@st.cache_resource(ttl=3600, max_entries=32, show_spinner="Prognose wordt berekend …")
def _scenario_kans(versie_: int, databank_: str, doel_id: str, laatste: str, punt: pd.DataFrame):
    doel = prognose.doel_rij(engine(), doel_id)
    return prognose.scenario_kans(engine(), model(), doel, laatste, punt)


def scenario_kans(doel_id: str, laatste: str, punt: pd.DataFrame):
    """For "Wat als?": extra activations per month -> the released forecast of the target
    (`diensten.prognose.scenario_kans`); everything slow done once per data version."""
    return _lees(
        ("scenario_kans", doel_id, laatste),
        lambda: _scenario_kans(_versie(), _databank(), doel_id, laatste, punt),
        kopie=False,
    )


@st.cache_data(ttl=3600, max_entries=128, show_spinner="Prognose wordt berekend …")
def _trendprognose(versie_: int, databank_: str, nis: str, indicator: str):
    return trendprognose.trendprognose(engine(), model(), nis, indicator)


def reeksprognose(nis: str, indicator: str) -> trendprognose.Trendprognose:
    """Trends: the forecast fan of one indicator, with the scenario layer computed alongside
    (the checkbox only shows it): per data version, never refitted on a widget change."""
    nis = str(nis)
    return _lees(
        ("trendprognose", nis, indicator),
        lambda: _trendprognose(_versie(), _databank(), nis, indicator),
    )


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _open_doel(versie_: int, nis: str, laatste: str) -> dict | None:
    return prognose.open_doel(engine(), nis, laatste)


def open_doel(nis: str, laatste: str) -> dict | None:
    """The target still running at `laatste` (Wat als?), or None."""
    nis = str(nis)
    return _lees(("open_doel", nis, laatste), lambda: _open_doel(_versie(), nis, laatste))


# --------------------------------------------------------------------------------------------
# the council's deck and export files (diensten.dek, diensten.export), per data version and view


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _kernschermen(versie: int, nis: str, van: str, tot: str, vergelijk: tuple, presentatie: bool):
    return dek.schermen_voor(
        engine(),
        nis,
        van,
        tot,
        presentatie=presentatie,
        vergelijk=list(vergelijk),
        pact=_pact_haak(),
    )


def _pact_haak():
    """The deck's pact slide with the cached model; None when there is too little data."""
    try:
        return pact.haak(model())
    except prognose.GeenPrognose:
        return None


def kernschermen(nis, van, tot, vergelijk, *, presentatie: bool) -> list:
    """The key screens of a view in the council's protected view (presentation mode)."""
    sleutel = (nis, van, tot, tuple(vergelijk), presentatie)
    return _lees(("kernschermen", *sleutel), lambda: _kernschermen(_versie(), *sleutel))


@st.cache_data(ttl=3600, max_entries=24, show_spinner=False)
def _exportbestand(
    versie: int,
    soort: str,
    nis: str,
    van: str,
    tot: str,
    vergelijk: tuple,
    detail: bool,
    keuze: tuple | None,
    sjabloon: bytes | None,
    logo: bytes | None,
    scenario: tuple | None = None,
) -> bytes:
    return export.bestand(
        engine(),
        nis,
        van,
        tot,
        soort,
        vergelijk=list(vergelijk),
        kijker=_Weergave(True) if detail else None,
        pact=_pact_haak() if keuze is None or "pact" in keuze else None,
        keuze=keuze,
        sjabloon=sjabloon,
        logo=logo,
        wat_als=_wat_als_haak(scenario) if keuze is not None and "wat_als" in keuze else None,
    )


def _wat_als_haak(scenario: tuple | None):
    """The deck's Wat als? slide with the cached model and the scenario's link codes."""
    try:
        return wat_als.haak(model(), dict(scenario or ()))
    except prognose.GeenPrognose:
        return None


def exportbestand(
    versie: int,
    soort,
    nis,
    van,
    tot,
    vergelijk,
    detail: bool,
    keuze=None,
    sjabloon: bytes | None = None,
    logo: bytes | None = None,
    scenario: tuple | None = None,
) -> bytes:
    """An export file (pptx, pdf, html, csv) of a view with the chosen screens in their order
    (`keuze`, None: the standard deck) and the municipality's template and logo (pptx); `versie`
    is passed in because the file is built in Streamlit's download worker, after the run that
    drew the button."""
    keuze = None if keuze is None else tuple(keuze)
    return _exportbestand(
        versie,
        soort,
        nis,
        van,
        tot,
        tuple(vergelijk),
        detail,
        keuze,
        sjabloon,
        logo,
        tuple(scenario) if scenario else None,
    )
