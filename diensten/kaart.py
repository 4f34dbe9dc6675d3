"""Flanders at a glance: the map of every municipality and the activation rate, composed from
the shipped reference data (`data_access.referentie`) and the database. No Streamlit."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from charts import schermen
from charts.schermen import Scherm
from data_access import queries, referentie

#: indicators the map offers (municipality totals per month, per 1,000 inhabitants)
KAART_INDICATOREN = ("leefloongerechtigden", "activeringen")


def namen() -> dict[str, str]:
    """nis → name of all 285 Flemish municipalities, in alphabetical order."""
    ref = referentie.gemeenten_referentie().sort_values("naam")
    return dict(zip(ref["nis"], ref["naam"], strict=True))


def gegevens(engine: Engine, indicator: str, periode: str) -> pd.DataFrame:
    """Every municipality's total in `periode` with its rate: nis, periode, waarde, inwoners,
    bevolkingsjaar, per_1000 (municipalities without a figure have no row)."""
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
    return schermen.kaart_scherm(
        frame,
        referentie.grenzen(),
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
