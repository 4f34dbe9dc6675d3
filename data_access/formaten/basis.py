"""The two types of the layout extension point (re-exported by `data_access.formaten`).

Their own module so that a layout module can import them while `data_access.formaten` imports
the layout modules to register them (no import cycle, tests/test_lagen.py)."""

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
