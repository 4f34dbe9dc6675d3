"""Delivery layouts other than the project's own template, declared in one place.

A layout module turns a file as delivered (a POD MI barometer export, a Provincies in Cijfers
upload, any spreadsheet through a saved column mapping) into rows of the project's own `feiten`
template, so that one validation and one writer serve every source. The module validates the
file in its OWN terms first (row numbers, column names and values as the user sees them in the
file); only a file without problems is translated. Nothing here writes to the database.

Extension point: add a layout to `LAYOUTS` (order matters: the first that recognises the
columns wins; the project's own template is tried before all of them by the importer).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

import pandas as pd

from data_access.inlezen import ImportFout, Ingelezen


@dataclass
class Vertaling:
    """A delivered file in the project's `feiten` template.

    `frame`: text cells, columns = the `feiten` template (`domein.KOLOMMEN`, dimensions a file
    does not have are 'totaal') plus `teldefinitie` and `status`; `fouten`: every problem, in the
    file's own rows and columns (non-empty: nothing is written); `notities`: Dutch lines for the
    import report (e.g. "NIS 12030 (Puurs, vóór 2019) opgeteld bij 12041 Puurs-Sint-Amands")."""

    layout: str  # Dutch name of the layout, shown in the report ("POD MI-barometer")
    frame: pd.DataFrame
    fouten: list[ImportFout] = field(default_factory=list)
    notities: list[str] = field(default_factory=list)
    bron: str = ""  # source line of the figures, stored with the release


class Layout(Protocol):
    naam: str

    def herken(self, kolommen: list[str]) -> bool:
        """True when the header is this layout's (column names as in the file, stripped)."""

    def vertaal(self, ingelezen: Ingelezen, vandaag: date) -> Vertaling:
        """Validate the whole file and translate it (see `Vertaling`)."""


LAYOUTS: list[Layout] = []


def herken(kolommen: list[str]) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.herken(kolommen)), None)
