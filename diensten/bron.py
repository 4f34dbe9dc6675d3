"""The one source line under every chart, table and slide."""

import pandas as pd
from sqlalchemy import Engine

from charts.formaat import TIJDZONE
from data_access import queries
from domein import BRON_DEMO


def bronregel(is_demo: bool, releases: pd.DataFrame) -> str:
    """Demo data, or the newest delivery of facts with its date."""
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


def bron(engine: Engine) -> str:
    return bronregel(queries.is_demo(engine), queries.releases(engine))
