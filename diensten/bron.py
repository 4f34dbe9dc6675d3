"""The one source line under every chart, table and slide."""

import pandas as pd
from sqlalchemy import Engine

from charts.formaat import TIJDZONE, maand
from data_access import queries
from domein import BRON_DEMO, DEFINITIEF


def statuszin(definitief_tot: str | None, laatste: str | None, eigen: bool = False) -> str:
    """Which months are official (definitive) and which the own count (provisional); empty while
    every figure is the own count, unless `eigen`: a breakdown of the own count beside official
    figures (one the official source does not carry, queries.zichtbaar reads per cell)."""
    if not definitief_tot:
        return "eigen telling van het OCMW (voorlopig)" if eigen else ""
    zin = f"officiële cijfers (definitief) t.e.m. {maand(definitief_tot)}"
    if laatste and laatste > definitief_tot:
        zin += ", daarna eigen telling (voorlopig)"
    return zin


def bronregel(
    is_demo: bool,
    releases: pd.DataFrame,
    definitief_tot: str | None = None,
    laatste: str | None = None,
    eigen: bool = False,
) -> str:
    """Demo data, or the newest delivery of facts with its date; with the status of the figures
    where official ones are present (`definitief_tot`: their newest month, `laatste`: the newest
    month shown; `eigen`: the figures are the own count although official ones exist)."""
    basis = _herkomst(is_demo, releases)
    status = statuszin(definitief_tot, laatste, eigen)
    return f"{basis}; {status}" if status else basis


def bronregel_uitsplitsing(
    is_demo: bool,
    releases: pd.DataFrame,
    definitief_tot: str | None,
    laatste: str | None,
    statussen: pd.Series | None,
) -> str:
    """The source line of a breakdown: `statussen` is its status per month
    (`Uitsplitsing.statussen`); its cells may be the own count beside official totals (a
    dimension the official source does not carry), and then its own months say so."""
    if statussen is None or statussen.empty or not definitief_tot:
        return bronregel(is_demo, releases, definitief_tot, laatste)
    officieel = statussen[statussen == DEFINITIEF]
    if officieel.empty:
        return bronregel(is_demo, releases, None, laatste, eigen=True)
    return bronregel(is_demo, releases, str(officieel.index.max()), laatste)


def _herkomst(is_demo: bool, releases: pd.DataFrame) -> str:
    if is_demo:
        return BRON_DEMO
    feiten = (
        releases[releases["soort"].isin(["feiten", "herstel"])] if not releases.empty else releases
    )
    if feiten.empty:
        return "OCMW-gegevens"
    laatste = feiten.iloc[0]
    datum = pd.Timestamp(laatste["tijdstip"])
    datum = (datum.tz_localize("UTC") if datum.tzinfo is None else datum).tz_convert(TIJDZONE)
    return f"OCMW-gegevens, levering {laatste['bestand']} ({datum:%d-%m-%Y})"


def bron(engine: Engine, nis: str | None = None, statussen: pd.Series | None = None) -> str:
    """The source line of one municipality's figures (`nis`) or of all municipalities;
    `statussen`: of a breakdown (see `bronregel_uitsplitsing`)."""
    return bronregel_uitsplitsing(
        queries.is_demo(engine),
        queries.releases(engine),
        queries.laatste_definitief(engine, nis),
        queries.laatste_periode(engine, nis),
        statussen,
    )
