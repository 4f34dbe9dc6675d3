"""Disclosure control for breakdown tables (docs/privacy.md), as pure functions on pandas frames.

The rule
--------
* Municipality totals per month are published statistics: shown exactly, never touched here.
* Every breakdown cell from 1 to ``drempel - 1`` is shown as ``"<5"`` (primary suppression,
  reason ``"klein"``). The threshold is configurable (default 5) and never below 3.
* 0 is shown as 0.
* Complementary suppression (reason ``"complementair"``, shown as ``"x"``) inside the displayed
  table, so that no hidden cell can be recomputed from its row total (and column total, when
  the table shows column totals) and the shown cells. Complementary cells are chosen smallest
  value first.
* A row (or column) that cannot be protected that way, e.g. "all 3 persons are in one
  category", is hidden as a whole, zeros included (reason ``"volledig"``, shown as ``"x"``).
* Percentages only where the denominator is at least 20, never for a hidden cell.
* Small flows are published per complete quarter (or as 12-month sums), never per month.

The attacker model used by the algorithm and by the audit (``herleidbare_cellen``): the attacker
knows the published totals, every shown cell and, for each hidden cell, its kind:
``"<5"`` lies in ``[1, drempel-1]``; a complementary ``"x"`` lies in ``[drempel, inf)`` (zeros
are never used as complementary cells, so this is what an attacker can conclude, and it is
stronger than "0 or >= drempel"); an ``"x"`` of a fully hidden row lies in ``[0, inf)``.
A hidden cell is protected when its feasible set contains at least two integers.

The constraints (row sums, column sums) form a network matrix, which is totally unimodular,
so the LP bounds computed with HiGHS are exactly the integer bounds.

Only an analyst of the municipality itself sees unsuppressed detail; the caller decides that
and then uses ``zonder_onderdrukking`` (same frame shape). See ``docs/privacy.md``.
"""

from data_access.suppression.audit import (
    HerleidbareCel,
    herleidbare_cellen,
    verborgen_bereiken,
)
from data_access.suppression.onderdrukking import (
    onderdruk,
    zonder_onderdrukking,
)
from data_access.suppression.regel import (
    AUDIT_MARGE,
    MINIMALE_DREMPEL,
    MINIMALE_NOEMER,
    OMGEVINGSVARIABELE,
    REDEN_COMPLEMENTAIR,
    REDEN_GEEN,
    REDEN_KLEIN,
    REDEN_VOLLEDIG,
    STANDAARD_DREMPEL,
    STANDAARD_MARGE,
    STROMEN,
    TEKEN_VERBORGEN,
    UITVOER_KOLOMMEN,
    aandelen,
    controleer_drempel,
    controleer_marge,
    drempel_uit_omgeving,
    formatteer_aantal,
    formatteer_percentage,
    klein_teken,
    percentage,
)
from data_access.suppression.samen import Relatie, beschermde_tabel, venster_maanden
from data_access.suppression.samenvoegen import (
    MAX_VERBORGEN,
    beschermd_op_niveau,
    exact_op_niveau,
    voeg_samen,
)
from data_access.suppression.vensters import (
    aggregeer_reeks,
    aggregeer_stromen,
    beschermde_uitsplitsing,
    is_stroom,
)

__all__ = [
    "MAX_VERBORGEN",
    "beschermd_op_niveau",
    "exact_op_niveau",
    "voeg_samen",
    "venster_maanden",
    "AUDIT_MARGE",
    "HerleidbareCel",
    "MINIMALE_DREMPEL",
    "MINIMALE_NOEMER",
    "OMGEVINGSVARIABELE",
    "REDEN_COMPLEMENTAIR",
    "REDEN_GEEN",
    "REDEN_KLEIN",
    "REDEN_VOLLEDIG",
    "Relatie",
    "STANDAARD_DREMPEL",
    "STANDAARD_MARGE",
    "STROMEN",
    "TEKEN_VERBORGEN",
    "UITVOER_KOLOMMEN",
    "aandelen",
    "aggregeer_reeks",
    "aggregeer_stromen",
    "beschermde_tabel",
    "beschermde_uitsplitsing",
    "controleer_drempel",
    "controleer_marge",
    "drempel_uit_omgeving",
    "formatteer_aantal",
    "formatteer_percentage",
    "herleidbare_cellen",
    "is_stroom",
    "klein_teken",
    "onderdruk",
    "percentage",
    "verborgen_bereiken",
    "zonder_onderdrukking",
]
