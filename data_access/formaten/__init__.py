"""Delivery layouts other than the project's own template, declared in one place.

A layout module turns a file as delivered (a POD MI barometer export, a Provincies in Cijfers
upload, any spreadsheet through a saved column mapping) into rows of the project's own `feiten`
template, so that one validation and one writer serve every source. The module validates the
file in its OWN terms first (row numbers, column names and values as the user sees them in the
file); only a file without problems is translated. Nothing here writes to the database.

Extension point: add a layout to `LAYOUTS` (order matters: the first that recognises the
columns wins; the project's own template is tried before all of them by the importer).
"""

from data_access.formaten.basis import Layout, Vertaling
from data_access.formaten.pic import PIC
from data_access.formaten.podmi import PODMI

__all__ = ["LAYOUTS", "Layout", "Vertaling", "herken"]

# Each layout module adds itself here, one line each (they import `basis`, not this module).
LAYOUTS: list[Layout] = [PODMI, PIC]


def herken(kolommen: list[str]) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.herken(kolommen)), None)
