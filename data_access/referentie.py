"""Reference data of the 285 Flemish municipalities of 2025, shipped with the product (no network).

In `referentiedata/` (sources, processing and checks in its `BRONNEN.md`):
- `gemeenten_2025.csv`: NIS code, name, province, arrondissement, referentieregio,
  uitrustingsgraad (class of the Flemish government's spatial typology), centrumstad, and the codes
  of the pre-2025 and pre-2019 municipalities merged into each;
- `bevolking_2015_2020.csv`: the official population on 1 January 2015–2020 per 2025 municipality
  (a merged municipality = the sum of its predecessors);
- `gemeenten_2025.geojson`: simplified 2025 boundaries (WGS84), property `nis`;
- `gemeenten_2025_scherm.geojson`: the same, simplified further for the map on screen and in
  the deck (shared borders once, 200 m), built from the former by `scripts/kaartgeometrie.py`.
Codes are text (leading zeros matter elsewhere in Belgium).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from data_access.schema import gemeente

MAP = Path(__file__).with_name("referentiedata")
BRON = (
    "Statbel, REFNIS-codes op 1 januari 2025; gebiedsindelingen (provincie, referentieregio, "
    "uitrustingsgraad) verwerkt door provincies.incijfers.be"
)
BRON_BEVOLKING = "Statbel, bevolking op 1 januari (2015–2020)"
BRON_KAART = "Statbel, statistische sectoren 2025, vereenvoudigd door provincies.incijfers.be"

VLAANDEREN = "Vlaams Gewest"


@lru_cache(maxsize=1)
def gemeenten_referentie() -> pd.DataFrame:
    """One row per municipality: nis, naam, provincie, arrondissement, referentieregio,
    uitrustingsgraad_code, uitrustingsgraad, centrumstad (bool), voorgangers, voorgangers_2018
    (tuples of NIS codes, the municipality's own code included)."""
    frame = pd.read_csv(MAP / "gemeenten_2025.csv", dtype=str, encoding="utf-8")
    frame = frame.rename(columns={"naam_nl": "naam"})
    frame["centrumstad"] = frame["centrumstad"] == "ja"
    for kolom in ("voorgangers", "voorgangers_2018"):
        frame[kolom] = frame[kolom].str.split("|").map(tuple)
    return frame


def bekende_nis() -> frozenset[str]:
    return frozenset(gemeenten_referentie()["nis"])


@lru_cache(maxsize=1)
def officiele_bevolking() -> pd.DataFrame:
    """nis, jaar, inwoners: the shipped official population on 1 January (2015–2020)."""
    frame = pd.read_csv(
        MAP / "bevolking_2015_2020.csv", dtype={"nis": str}, usecols=["nis", "jaar", "inwoners"]
    )
    return frame.astype({"jaar": int, "inwoners": int})


@lru_cache(maxsize=1)
def grenzen() -> dict:
    """The 2025 boundaries as a GeoJSON FeatureCollection (feature property `nis`)."""
    return json.loads((MAP / "gemeenten_2025.geojson").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def grenzen_scherm() -> dict:
    """The screen geometry of the map (`gemeenten_2025_scherm.geojson`, same features and
    properties as `grenzen()`; about a third of its points, shared borders identical)."""
    return json.loads((MAP / "gemeenten_2025_scherm.geojson").read_text(encoding="utf-8"))


def laad_gemeenten(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(gemeente)).scalar_one():
            return
        rijen = gemeenten_referentie()[["nis", "naam", "provincie"]]
        conn.execute(insert(gemeente), rijen.to_dict("records"))


#: Reference levels and peer groups a municipality can be compared with, in menu order.
NIVEAUS = ("vlaanderen", "provincie", "referentieregio", "uitrustingsgraad", "centrumsteden")
NIVEAU_PREFIX = "niveau:"  # the pseudo NIS code of a level in a series frame


def niveaugroepen(nis: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """code → (Dutch label, member NIS codes) of each level for municipality `nis`: the Flemish
    Region, its province, its referentieregio, its uitrustingsgraad class and the 13
    centrumsteden (the same for every municipality)."""
    ref = gemeenten_referentie()
    rij = ref.set_index("nis").loc[nis]

    def leden(masker) -> tuple[str, ...]:
        return tuple(ref.loc[masker, "nis"])

    return {
        "vlaanderen": (VLAANDEREN, tuple(ref["nis"])),
        "provincie": (f"Provincie {rij['provincie']}", leden(ref["provincie"] == rij["provincie"])),
        "referentieregio": (
            f"{rij['referentieregio']} (referentieregio)",
            leden(ref["referentieregio_code"] == rij["referentieregio_code"]),
        ),
        "uitrustingsgraad": (
            f"Gelijkaardige gemeenten ({rij['uitrustingsgraad']})",
            leden(ref["uitrustingsgraad_code"] == rij["uitrustingsgraad_code"]),
        ),
        "centrumsteden": ("De 13 centrumsteden", leden(ref["centrumstad"])),
    }
