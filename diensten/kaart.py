"""Flanders at a glance: the map of every municipality and the activation rate, composed from
the shipped reference data (`data_access.referentie`) and the database. No Streamlit."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from charts import schermen
from charts.schermen import Scherm
from data_access import queries, referentie

#: what the map offers: municipality totals per month per 1,000 inhabitants, and the
#: activation rate over a calendar year (domein.ACTIVERINGSGRAAD)
PER_1000 = ("leefloongerechtigden", "activeringen")
GRADEN = tuple(schermen.GRAAD_MATEN)
KAART_INDICATOREN = (*PER_1000, *GRADEN)
LABELS = {
    "leefloongerechtigden": "Leefloongerechtigden per 1.000 inwoners (maand)",
    "activeringen": "Activeringen per 1.000 inwoners (maand)",
    "geactiveerd": "Geactiveerd, % van de leefloongerechtigden (kalenderjaar)",
    "aan_het_werk": "Aan het werk, % van de geactiveerden (kalenderjaar)",
}


def volledig_jaar(periode: str) -> int:
    """The last calendar year that ends in or before month `periode` (the activation rate)."""
    jaar = int(periode[:4])
    return jaar if periode.endswith("-12") else jaar - 1


def namen() -> dict[str, str]:
    """nis → name of all 285 Flemish municipalities, in alphabetical order."""
    ref = referentie.gemeenten_referentie().sort_values("naam")
    return dict(zip(ref["nis"], ref["naam"], strict=True))


def gegevens(engine: Engine, indicator: str, periode: str) -> pd.DataFrame:
    """What the map of `indicator` shows for month `periode`: per 1,000 (nis, periode, waarde,
    inwoners, bevolkingsjaar, per_1000; municipalities without a figure have no row), or the
    activation rate of the last full calendar year (`queries.activeringsgraad`)."""
    if indicator in GRADEN:
        met_data = queries.gemeenten_met_data(engine)["nis"]
        return queries.activeringsgraad(engine, met_data, volledig_jaar(periode))
    frame = queries.maandstand(engine, indicator, periode)
    return queries.per_1000(frame, queries.bevolking(engine, frame["nis"]))


def kaart_scherm(
    frame: pd.DataFrame,
    *,
    indicator: str,
    periode: str,
    eigen: str,
    bron: str,
    presentatie: bool = False,
) -> Scherm:
    """The map screen (`charts.schermen.kaart_scherm`) with the shipped 2025 boundaries."""
    if indicator in GRADEN:
        return schermen.graad_kaart_scherm(
            frame,
            referentie.grenzen_scherm(),
            maat=indicator,
            jaar=volledig_jaar(periode),
            namen=namen(),
            eigen=eigen,
            bron=f"{bron}; grenzen: {referentie.BRON_KAART}",
            presentatie=presentatie,
        )
    return schermen.kaart_scherm(
        frame,
        referentie.grenzen_scherm(),
        indicator=indicator,
        periode=periode,
        namen=namen(),
        eigen=eigen,
        bron=f"{bron}; grenzen: {referentie.BRON_KAART}",
        presentatie=presentatie,
    )


def activeringsgraad_scherm(
    engine: Engine, nissen: list[str], *, jaar: int, eigen: str, bron: str
) -> Scherm:
    return schermen.activeringsgraad_scherm(
        queries.activeringsgraad(engine, nissen, jaar),
        namen=namen(),
        jaar=jaar,
        eigen=eigen,
        bron=bron,
    )
