"""The Provincies in Cijfers upload layout (`period, geolevel, geoitem, <variables>`).

The layout of an upload to provincies.incijfers.be (ABF Swing): one row per area and period,
one column per variable. Accepted here (docs/importprofielen.md):
- `geolevel` is `gemeente` on every row (other levels are sums the monitor makes itself);
- `geoitem` is the 2025 NIS code of the municipality;
- `period` is a MONTH, `JJJJ-MM` or `JJJJMM`: the monitor keeps monthly figures, so a bare year
  (`2023`, Swing's usual yearly period) is refused with a fix instead of being guessed into a
  month;
- every other column is a variable whose name is an indicator code (`leefloon`,
  `leefloongerechtigden`, ...), with the indicator's own count definition
  (domein.INDICATOR_TELDEFINITIE: a month stock, or a flow per month) and status `voorlopig`
  (the municipality's own figure). Other variable names: map them with an
  import profile (`leefloonmonitor import FILE --profiel NAAM`).
A blank cell is "no figure" (skipped, never 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

import domein
from data_access.formaten.basis import Vertaling
from data_access.formaten.profiel import (
    Meetwaarde,
    Profiel,
    standaard_teldefinitie,
    uitvoerkolommen,
    vertaal,
)
from data_access.inlezen import ImportFout, Ingelezen

KOP = ("period", "geolevel", "geoitem")
GEOLEVEL = "gemeente"
NAAM = "Provincies in Cijfers (upload)"


def profiel_voor(kolommen: list[str]) -> Profiel:
    """The implicit profile of a PiC file: geoitem = NIS, period = month, every variable that is
    an indicator code a measure (its own count definition, provisional)."""
    return Profiel(
        naam="provincies_in_cijfers",
        gemeente_kolom="geoitem",
        gemeente_soort="nis",
        maand_kolom="period",
        meetwaarden={
            k: Meetwaarde(k, standaard_teldefinitie(k), domein.VOORLOPIG)
            for k in kolommen[len(KOP) :]
            if k in domein.INDICATOREN
        },
    )


@dataclass(frozen=True)
class PicLayout:
    naam: str = NAAM

    def herken(self, kolommen: list[str]) -> bool:
        return tuple(k.strip().lower() for k in kolommen[: len(KOP)]) == KOP and len(kolommen) > 3

    def vertaal(self, ingelezen: Ingelezen, vandaag: date) -> Vertaling:
        bestand = ingelezen.bestand
        frame = ingelezen.frame
        kolommen = list(frame.columns)
        fouten = [
            ImportFout(
                bestand,
                1,
                k,
                "",
                "onbekende variabele: geen indicatorcode van de monitor",
                "hernoem de kolom naar een van: "
                + ", ".join(domein.INDICATOREN)
                + "; of koppel ze met een importprofiel (--profiel)",
            )
            for k in kolommen[len(KOP) :]
            if k not in domein.INDICATOREN
        ]
        fouten += _geolevelfouten(frame, bestand)
        fouten += _jaarfouten(frame, bestand)
        if fouten:
            leeg = pd.DataFrame(columns=uitvoerkolommen(), dtype=str)
            return Vertaling(NAAM, leeg, fouten)
        vertaling = vertaal(profiel_voor(kolommen), ingelezen, vandaag, NAAM)
        vertaling.notities = [n for n in vertaling.notities if "genegeerd" not in n]
        return vertaling


def _geolevelfouten(frame: pd.DataFrame, bestand: str) -> list[ImportFout]:
    return [
        ImportFout(
            bestand,
            i + 2,
            "geolevel",
            waarde,
            f"alleen het niveau '{GEOLEVEL}' kan geïmporteerd worden",
            "laat de rijen van andere niveaus (provincie, gewest, …) weg: de monitor telt die "
            "zelf op",
        )
        for i, waarde in enumerate(frame["geolevel"])
        if waarde.strip().lower() != GEOLEVEL
    ]


def _jaarfouten(frame: pd.DataFrame, bestand: str) -> list[ImportFout]:
    """A bare year gets its own reason (the generic 'no valid month' would not say why)."""
    return [
        ImportFout(
            bestand,
            i + 2,
            "period",
            waarde,
            "een jaar zonder maand: de monitor bewaart maandcijfers",
            f"schrijf de maand erbij, bv. {waarde.strip()}-12 of {waarde.strip()}12",
        )
        for i, waarde in enumerate(frame["period"])
        if re.match(r"^\d{4}$", waarde.strip())
    ]


PIC = PicLayout()
