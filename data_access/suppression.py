"""Disclosure control for breakdown tables (SPEC §6), as pure functions on pandas frames.

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

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from domein import REST_CODE
from domein.maanden import kwartaal, maandnummer, uit_maandnummer

STANDAARD_DREMPEL = 5
MINIMALE_DREMPEL = 3
MINIMALE_NOEMER = 20
# The algorithm asks more than the audit: every "<5" must be able to take at least 3 values
# (2 is the audit's minimum, SPEC §6). Measured on all rows of 3 categories with total <= 16 and
# threshold 5: an attacker who also knows this algorithm can pin 49 hidden cells with margin 2,
# 6 with margin 3 (7-9% more hidden cells). See docs/privacy.md.
STANDAARD_MARGE = 3
AUDIT_MARGE = 2
OMGEVINGSVARIABELE = "LEEFLOONMONITOR_DREMPEL"

# Flows are small monthly counts: breakdowns of these are published per quarter / 12 months.
STROMEN = ("instroom", "uitstroom", "activeringen", "trajectstarts")

REDEN_GEEN = ""
REDEN_KLEIN = "klein"
REDEN_COMPLEMENTAIR = "complementair"
REDEN_VOLLEDIG = "volledig"
TEKEN_VERBORGEN = "x"

UITVOER_KOLOMMEN = ("aantal", "weergave", "onderdrukt", "reden")

# Internal cell kinds.
_GETOOND, _KLEIN, _COMPL, _VOLLEDIG = 0, 1, 2, 3
_REDEN = {_GETOOND: REDEN_GEEN, _KLEIN: REDEN_KLEIN, _COMPL: REDEN_COMPLEMENTAIR}
_REDEN[_VOLLEDIG] = REDEN_VOLLEDIG
_SOORT_VAN_REDEN = {v: k for k, v in _REDEN.items()}


# --------------------------------------------------------------------------------------------
# Threshold
# --------------------------------------------------------------------------------------------


def controleer_drempel(drempel: int) -> int:
    """Return the threshold as int; raise ValueError (Dutch) when it is not an integer >= 3."""
    if isinstance(drempel, bool) or not isinstance(drempel, int | np.integer):
        raise ValueError(f"De drempel moet een geheel getal zijn (gekregen: {drempel!r}).")
    if drempel < MINIMALE_DREMPEL:
        raise ValueError(
            f"De drempel voor kleine aantallen moet minstens {MINIMALE_DREMPEL} zijn "
            f"(gekregen: {drempel}). Een lagere drempel maakt personen herkenbaar."
        )
    return int(drempel)


def controleer_marge(marge: int) -> int:
    """The protection margin: how many values a hidden "<5" cell must be able to take (>= 2)."""
    if isinstance(marge, bool) or not isinstance(marge, int | np.integer) or marge < 2:
        raise ValueError(
            f"De beschermingsmarge moet een geheel getal >= 2 zijn (gekregen: {marge!r})."
        )
    return int(marge)


def drempel_uit_omgeving() -> int:
    """Threshold from ``LEEFLOONMONITOR_DREMPEL`` (default 5); below 3 raises ValueError."""
    ruw = os.environ.get(OMGEVINGSVARIABELE, "").strip()
    if not ruw:
        return STANDAARD_DREMPEL
    try:
        waarde = int(ruw)
    except ValueError:
        raise ValueError(
            f"{OMGEVINGSVARIABELE} moet een geheel getal zijn (gekregen: {ruw!r})."
        ) from None
    return controleer_drempel(waarde)


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def formatteer_aantal(waarde: int) -> str:
    """Dutch thousands separator: 1234 -> '1.234'."""
    return f"{int(waarde):,}".replace(",", ".")


def klein_teken(drempel: int) -> str:
    return f"<{drempel}"


def formatteer_percentage(waarde: float | None, decimalen: int = 1) -> str:
    """12.5 -> '12,5%'; None -> ''."""
    if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)):
        return ""
    tekst = f"{waarde:,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{tekst}%"


# --------------------------------------------------------------------------------------------
# Internal table model
# --------------------------------------------------------------------------------------------


class _Lijn(NamedTuple):
    """One published linear relation: sum(coef * cell) == rhs."""

    cellen: np.ndarray  # int indices into the flat cell vector
    coef: np.ndarray  # +1 / -1
    rhs: int


class _Model(NamedTuple):
    rijen: list
    kolommen: list  # displayed categories (plus REST_CODE when needed)
    n_rij: int
    n_kol: int
    kolomtotalen: bool
    lijnen: list[_Lijn]
    lijnen_van_cel: list[list[int]]


def _bouw_model(rijen: list, kolommen: list, rijtotalen: np.ndarray, kolomtotalen: bool):
    """Cells: (i, j) -> i*C + j; column total j -> R*C + j (only with kolomtotalen)."""
    n_rij, n_kol = len(rijen), len(kolommen)
    n_cel = n_rij * n_kol + (n_kol if kolomtotalen else 0)
    lijnen: list[_Lijn] = []
    for i in range(n_rij):
        cellen = np.arange(n_kol) + i * n_kol
        lijnen.append(_Lijn(cellen, np.ones(n_kol, dtype=np.int64), int(rijtotalen[i])))
    if kolomtotalen:
        totaalcellen = n_rij * n_kol + np.arange(n_kol)
        lijnen.append(_Lijn(totaalcellen, np.ones(n_kol, dtype=np.int64), int(np.sum(rijtotalen))))
        for j in range(n_kol):
            cellen = np.append(np.arange(n_rij) * n_kol + j, n_rij * n_kol + j)
            coef = np.append(np.ones(n_rij, dtype=np.int64), -1)
            lijnen.append(_Lijn(cellen, coef, 0))
    lijnen_van_cel: list[list[int]] = [[] for _ in range(n_cel)]
    for k, lijn in enumerate(lijnen):
        for c in lijn.cellen:
            lijnen_van_cel[int(c)].append(k)
    return _Model(rijen, kolommen, n_rij, n_kol, kolomtotalen, lijnen, lijnen_van_cel)


def _grenzen(soort: int, drempel: int) -> tuple[float, float]:
    if soort == _KLEIN:
        return 1.0, float(drempel - 1)
    if soort == _COMPL:
        return float(drempel), math.inf
    return 0.0, math.inf  # _VOLLEDIG


def _is_onthuld(soort: int, lo: float, hi: float, drempel: int, marge: int = 2) -> bool:
    """A hidden cell is disclosed when its feasible set is too small.

    A ``"<5"`` cell must be able to take at least ``marge`` values (capped at drempel-1, the
    width of [1, drempel-1]); a cell of a fully hidden line must not be pinned to a value from
    1 to drempel-1; a complementary cell (>= drempel) is not sensitive.
    """
    if lo > hi:
        raise ValueError("De getoonde tabel is inconsistent met de totalen (geen oplossing).")
    if soort == _KLEIN:
        return hi - lo + 1 < min(marge, drempel - 1)
    if soort == _VOLLEDIG:
        return lo == hi and 1 <= lo <= drempel - 1
    return False


def _lijn_bereiken(
    lijn: _Lijn, soort: np.ndarray, waarden: np.ndarray, drempel: int
) -> dict[int, tuple[float, float]]:
    """Exact bounds of each hidden cell from this one relation alone (interval arithmetic).

    The Minkowski sum of integer intervals is an integer interval, so this is exact for one line.
    """
    s = soort[lijn.cellen]
    getoond = s == _GETOOND
    rest = lijn.rhs - int(np.dot(lijn.coef[getoond], waarden[lijn.cellen][getoond]))
    verborgen = [
        (int(c), int(a), *_grenzen(int(k), drempel))
        for c, a, k in zip(lijn.cellen[~getoond], lijn.coef[~getoond], s[~getoond], strict=True)
    ]
    if not verborgen:
        return {}
    bijdragen = [(lo, hi) if a > 0 else (-hi, -lo) for _, a, lo, hi in verborgen]
    n_min_inf = sum(1 for lo, _ in bijdragen if lo == -math.inf)
    n_plus_inf = sum(1 for _, hi in bijdragen if hi == math.inf)
    som_lo = sum(lo for lo, _ in bijdragen if lo != -math.inf)
    som_hi = sum(hi for _, hi in bijdragen if hi != math.inf)
    uit: dict[int, tuple[float, float]] = {}
    for (c, a, _, _), (blo, bhi) in zip(verborgen, bijdragen, strict=True):
        if n_min_inf - (blo == -math.inf) > 0:
            ander_lo = -math.inf
        else:
            ander_lo = som_lo - (blo if blo != -math.inf else 0.0)
        if n_plus_inf - (bhi == math.inf) > 0:
            ander_hi = math.inf
        else:
            ander_hi = som_hi - (bhi if bhi != math.inf else 0.0)
        b_lo = max(blo, rest - ander_hi)
        b_hi = min(bhi, rest - ander_lo)
        uit[c] = (b_lo, b_hi) if a > 0 else (-b_hi, -b_lo)
    return uit


def _lijn_onthuld(
    lijn: _Lijn, soort: np.ndarray, waarden: np.ndarray, drempel: int, marge: int
) -> list[int]:
    return [
        c
        for c, (lo, hi) in _lijn_bereiken(lijn, soort, waarden, drempel).items()
        if _is_onthuld(int(soort[c]), lo, hi, drempel, marge)
    ]


def _lp_bereiken(
    model: _Model,
    soort: np.ndarray,
    waarden: np.ndarray,
    drempel: int,
    te_controleren: Sequence[int] | None = None,
) -> dict[int, tuple[float, float]]:
    """Bounds of hidden cells given everything shown, over all relations at once (HiGHS LP).

    ``waarden`` is only read for shown cells. The constraint matrix (row and column sums, with
    the column totals as cells) is a network matrix and totally unimodular: LP bounds = integer
    bounds. Hidden cells that share no relation are independent, so each connected group of
    hidden cells is solved as its own small LP.
    """
    verborgen = np.flatnonzero(soort != _GETOOND)
    if verborgen.size == 0:
        return {}
    # Relations restricted to the hidden cells, and connected groups (union-find).
    ouder = {int(c): int(c) for c in verborgen}

    def wortel(c: int) -> int:
        while ouder[c] != c:
            ouder[c] = ouder[ouder[c]]
            c = ouder[c]
        return c

    relaties = []
    for lijn in model.lijnen:
        getoond = soort[lijn.cellen] == _GETOOND
        b = lijn.rhs - int(np.dot(lijn.coef[getoond], waarden[lijn.cellen][getoond]))
        cellen = [int(c) for c in lijn.cellen[~getoond]]
        if not cellen:
            if b != 0:
                raise ValueError("De getoonde tabel is inconsistent met de totalen.")
            continue
        relaties.append((cellen, lijn.coef[~getoond], b))
        for c in cellen[1:]:
            ouder[wortel(c)] = wortel(cellen[0])
    groepen: dict[int, list[int]] = {}
    for c in verborgen:
        groepen.setdefault(wortel(int(c)), []).append(int(c))
    groep_relaties: dict[int, list] = {}
    for relatie in relaties:
        groep_relaties.setdefault(wortel(relatie[0][0]), []).append(relatie)
    doel = {int(c) for c in (verborgen if te_controleren is None else te_controleren)}
    uit: dict[int, tuple[float, float]] = {}
    for w, leden in groepen.items():
        te_doen = [c for c in leden if c in doel]
        if not te_doen:
            continue
        positie = {c: k for k, c in enumerate(leden)}
        rel = groep_relaties.get(w, [])
        a_eq = np.zeros((len(rel), len(leden))) if rel else None
        for r, (cellen, coef, _) in enumerate(rel):
            for c, a in zip(cellen, coef, strict=True):
                a_eq[r, positie[c]] = a
        b_eq = np.array([b for _, _, b in rel], dtype=float) if rel else None
        grenzen = []
        for c in leden:
            lo, hi = _grenzen(int(soort[c]), drempel)
            grenzen.append((lo, None if hi == math.inf else hi))
        for c in te_doen:
            e = np.zeros(len(leden))
            e[positie[c]] = 1.0
            minimum = linprog(e, A_eq=a_eq, b_eq=b_eq, bounds=grenzen, method="highs")
            maximum = linprog(-e, A_eq=a_eq, b_eq=b_eq, bounds=grenzen, method="highs")
            if minimum.status == 2 or maximum.status == 2:
                raise ValueError(
                    "De getoonde tabel is inconsistent met de totalen (geen oplossing)."
                )
            lo = math.ceil(minimum.fun - 1e-6)
            hi = math.inf if maximum.status == 3 else math.floor(-maximum.fun + 1e-6)
            uit[c] = (float(lo), float(hi))
    return uit


def _gevoelig(soort: np.ndarray) -> np.ndarray:
    return np.flatnonzero((soort == _KLEIN) | (soort == _VOLLEDIG))


def _lp_onthuld(
    model: _Model, soort: np.ndarray, waarden: np.ndarray, drempel: int, marge: int
) -> list[int]:
    gevoelig = _gevoelig(soort)
    if gevoelig.size == 0:
        return []
    bereiken = _lp_bereiken(model, soort, waarden, drempel, gevoelig)
    return [
        c for c, (lo, hi) in bereiken.items() if _is_onthuld(int(soort[c]), lo, hi, drempel, marge)
    ]


# --------------------------------------------------------------------------------------------
# The suppression algorithm
# --------------------------------------------------------------------------------------------


def _verberg_volledig(lijn: _Lijn, soort: np.ndarray) -> None:
    soort[lijn.cellen] = _VOLLEDIG


def _bescherm_lijn(
    lijn: _Lijn, soort: np.ndarray, waarden: np.ndarray, drempel: int, marge: int
) -> bool:
    """Add complementary cells to one line until it discloses nothing. Returns True if changed."""
    veranderd = False
    while _lijn_onthuld(lijn, soort, waarden, drempel, marge):
        if (soort[lijn.cellen] == _VOLLEDIG).all():
            return veranderd  # nothing left to hide on this line (other lines may help)
        kandidaten = sorted(
            (int(waarden[c]), int(c))
            for c in lijn.cellen
            if soort[c] == _GETOOND and waarden[c] >= drempel
        )
        if not kandidaten:
            _verberg_volledig(lijn, soort)
            return True
        keuze = kandidaten[0][1]
        # The smallest candidate that protects the line on its own, else the smallest one.
        for _, c in kandidaten:
            soort[c] = _COMPL
            beschermd = not _lijn_onthuld(lijn, soort, waarden, drempel, marge)
            soort[c] = _GETOOND
            if beschermd:
                keuze = c
                break
        soort[keuze] = _COMPL
        veranderd = True
    return veranderd


def _herstel_cel(model: _Model, cel: int, soort: np.ndarray, waarden: np.ndarray, drempel: int):
    """A cell that is only disclosed by combining rows and columns: hide a neighbour."""
    lijnen = [model.lijnen[k] for k in model.lijnen_van_cel[cel]]
    kandidaten = sorted(
        {
            (int(waarden[c]), int(c))
            for lijn in lijnen
            for c in lijn.cellen
            if soort[c] == _GETOOND and waarden[c] >= drempel
        }
    )
    if kandidaten:
        soort[kandidaten[0][1]] = _COMPL
        return
    for lijn in lijnen:
        if (soort[lijn.cellen] != _VOLLEDIG).any():
            _verberg_volledig(lijn, soort)
            return
    soort[:] = _VOLLEDIG  # last resort; never reached for tables with >= 2 categories


def _onderdruk_matrix(model: _Model, waarden: np.ndarray, drempel: int, marge: int) -> np.ndarray:
    soort = np.where((waarden >= 1) & (waarden <= drempel - 1), _KLEIN, _GETOOND)
    if model.n_kol <= 1:
        # A one-category table equals the published totals: nothing to protect.
        return np.zeros_like(soort)
    for _ in range(10 * soort.size + 10):
        veranderd = True
        while veranderd:
            veranderd = False
            for lijn in model.lijnen:
                veranderd |= _bescherm_lijn(lijn, soort, waarden, drempel, marge)
        if not model.kolomtotalen:
            # Rows share no cells, so the line check is exact; verify anyway.
            if any(_lijn_onthuld(lijn, soort, waarden, drempel, marge) for lijn in model.lijnen):
                raise RuntimeError("Onderdrukking kon de tabel niet beschermen.")
            return soort
        onthuld = _lp_onthuld(model, soort, waarden, drempel, marge)
        if not onthuld:
            return soort
        _herstel_cel(model, onthuld[0], soort, waarden, drempel)
    raise RuntimeError("Onderdrukking convergeerde niet.")  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Frames in and out
# --------------------------------------------------------------------------------------------


def _gehele_getallen(reeks: pd.Series, wat: str) -> np.ndarray:
    if reeks.isna().any():
        raise ValueError(f"{wat}: ontbrekende waarden zijn niet toegestaan.")
    try:
        getallen = pd.to_numeric(reeks).to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{wat}: alleen gehele getallen zijn toegestaan.") from None
    if not np.all(np.isfinite(getallen)) or not np.all(getallen == np.floor(getallen)):
        raise ValueError(f"{wat}: alleen gehele getallen zijn toegestaan.")
    if (getallen < 0).any():
        raise ValueError(f"{wat}: negatieve aantallen zijn niet toegestaan.")
    return getallen.astype(np.int64)


def _naar_matrix(
    lang: pd.DataFrame, rij: str, kolom: str, waarde: str, totaal_label: str
) -> tuple[list, list, np.ndarray]:
    ontbreekt = [k for k in (rij, kolom, waarde) if k not in lang.columns]
    if ontbreekt:
        raise ValueError(f"Kolommen ontbreken in de tabel: {', '.join(ontbreekt)}.")
    if lang[[rij, kolom]].isna().any().any():
        raise ValueError(f"Lege waarden in '{rij}' of '{kolom}'.")
    if lang.duplicated([rij, kolom]).any():
        raise ValueError(
            f"Dubbele cellen ({rij}, {kolom}): één tabel bevat één gemeente en elke cel één keer."
        )
    getallen = _gehele_getallen(lang[waarde], f"Kolom '{waarde}'")
    rijen = list(pd.unique(lang[rij]))
    kolommen = list(pd.unique(lang[kolom]))
    if totaal_label in rijen or totaal_label in kolommen:
        raise ValueError(f"'{totaal_label}' is voorbehouden voor totalen; laat die rijen weg.")
    ri = pd.Index(rijen).get_indexer(lang[rij])
    ci = pd.Index(kolommen).get_indexer(lang[kolom])
    matrix = np.zeros((len(rijen), len(kolommen)), dtype=np.int64)
    matrix[ri, ci] = getallen
    return rijen, kolommen, matrix


def _rijtotalen(rijen: list, matrix: np.ndarray, totalen: pd.Series | None) -> np.ndarray:
    sommen = matrix.sum(axis=1)
    if totalen is None:
        return sommen
    if totalen.index.duplicated().any():
        raise ValueError("De totalen bevatten dubbele rijen.")
    uitgelijnd = totalen.reindex(rijen)
    if uitgelijnd.isna().any():
        mist = [str(r) for r, t in zip(rijen, uitgelijnd, strict=True) if pd.isna(t)]
        raise ValueError(f"Geen gepubliceerd totaal voor: {', '.join(mist[:5])}.")
    tot = _gehele_getallen(uitgelijnd, "Totalen")
    te_groot = np.flatnonzero(sommen > tot)
    if te_groot.size:
        i = int(te_groot[0])
        raise ValueError(
            f"Rij {rijen[i]}: de categorieën tellen op tot {sommen[i]}, meer dan het "
            f"gepubliceerde totaal {tot[i]}."
        )
    return tot


def _uitvoer(
    model: _Model,
    waarden: np.ndarray,
    soort: np.ndarray,
    drempel: int,
    rij: str,
    kolom: str,
    totaal_label: str,
    rijtotalen: np.ndarray,
    met_rijtotalen: bool,
) -> pd.DataFrame:
    r, c = model.n_rij, model.n_kol
    rij_labels = [x for x in model.rijen for _ in range(c)]
    kol_labels = list(model.kolommen) * r
    if model.kolomtotalen:
        rij_labels += [totaal_label] * c
        kol_labels += list(model.kolommen)
    getoond = soort == _GETOOND
    weergave = [
        formatteer_aantal(v)
        if s == _GETOOND
        else (klein_teken(drempel) if s == _KLEIN else TEKEN_VERBORGEN)
        for v, s in zip(waarden.tolist(), soort.tolist(), strict=True)
    ]
    frame = pd.DataFrame(
        {
            rij: rij_labels,
            kolom: kol_labels,
            "aantal": pd.array(np.where(getoond, waarden, 0), dtype="Int64"),
            "weergave": weergave,
            "onderdrukt": ~getoond,
            "reden": [_REDEN[int(s)] for s in soort],
        }
    )
    frame.loc[~getoond, "aantal"] = pd.NA
    if met_rijtotalen:
        totaal_rijen = list(model.rijen)
        totaal_waarden = [int(t) for t in rijtotalen]
        if model.kolomtotalen:
            totaal_rijen.append(totaal_label)
            totaal_waarden.append(int(np.sum(rijtotalen)))
        extra = pd.DataFrame(
            {
                rij: totaal_rijen,
                kolom: [totaal_label] * len(totaal_rijen),
                "aantal": pd.array(totaal_waarden, dtype="Int64"),
                "weergave": [formatteer_aantal(v) for v in totaal_waarden],
                "onderdrukt": False,
                "reden": REDEN_GEEN,
            }
        )
        frame = pd.concat([frame, extra], ignore_index=True)
    return frame


def _leeg(rij: str, kolom: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            rij: pd.Series(dtype=object),
            kolom: pd.Series(dtype=object),
            "aantal": pd.Series(dtype="Int64"),
            "weergave": pd.Series(dtype=object),
            "onderdrukt": pd.Series(dtype=bool),
            "reden": pd.Series(dtype=object),
        }
    )


def onderdruk(
    lang: pd.DataFrame,
    *,
    drempel: int = STANDAARD_DREMPEL,
    rij: str = "periode",
    kolom: str = "categorie",
    waarde: str = "aantal",
    totalen: pd.Series | None = None,
    kolomtotalen: bool = False,
    met_rijtotalen: bool = False,
    totaal_label: str = "totaal",
    rest_code: str = REST_CODE,
    marge: int = STANDAARD_MARGE,
) -> pd.DataFrame:
    """Apply the disclosure rule to one displayed table (rows x categories, long format).

    Parameters
    ----------
    lang: one row per cell with columns ``rij``, ``kolom``, ``waarde`` (integers >= 0). Missing
        combinations count as 0. Rows and categories keep their order of first appearance.
    totalen: the published row totals (Series indexed by the ``rij`` values), e.g. the
        municipality total per month. None: the row total is the row sum (also published).
        When a row's categories add up to less than its total, the difference is a cell too
        (it can be computed from the table) and is added as category ``rest_code``.
    kolomtotalen: the table also shows a total per category over the rows (e.g. a yearly sum
        beside the months). Those totals are breakdown cells: they are suppressed by the same
        rule and appear in the output as rows with ``rij == totaal_label``. Only use this for a
        fixed set of rows (a complete calendar year), never for a user-chosen range: two ranges
        that differ by one month would reveal that month by subtraction.
    met_rijtotalen: also return the (exact) row totals as cells with ``kolom == totaal_label``.
    marge: every hidden "<5" must be able to take at least this many values given everything
        shown (capped at drempel-1). 2 is the minimum of SPEC §6 (what the audit checks); the
        default 3 also blunts an attacker who knows this deterministic algorithm.

    Returns
    -------
    Long frame ``[rij, kolom, aantal (Int64, <NA> where hidden), weergave (str), onderdrukt
    (bool), reden ("" | "klein" | "complementair" | "volledig")]``. ``weergave`` is "1.234",
    ``"<5"`` (primary) or ``"x"`` (complementary or fully hidden row). Deterministic.
    """
    drempel = controleer_drempel(drempel)
    if lang.empty:
        return _leeg(rij, kolom)
    rijen, kolommen, matrix = _naar_matrix(lang, rij, kolom, waarde, totaal_label)
    totaal = _rijtotalen(rijen, matrix, totalen)
    rest = totaal - matrix.sum(axis=1)
    if (rest > 0).any():
        if rest_code in kolommen:
            raise ValueError(
                f"De categorieën tellen niet op tot het totaal en '{rest_code}' bestaat al."
            )
        kolommen = [*kolommen, rest_code]
        matrix = np.column_stack([matrix, rest])
    model = _bouw_model(rijen, kolommen, totaal, kolomtotalen)
    waarden = matrix.ravel()
    if kolomtotalen:
        waarden = np.concatenate([waarden, matrix.sum(axis=0)])
    soort = _onderdruk_matrix(model, waarden, drempel, controleer_marge(marge))
    return _uitvoer(
        model, waarden, soort, drempel, rij, kolom, totaal_label, totaal, met_rijtotalen
    )


def zonder_onderdrukking(
    lang: pd.DataFrame,
    *,
    rij: str = "periode",
    kolom: str = "categorie",
    waarde: str = "aantal",
    totalen: pd.Series | None = None,
    kolomtotalen: bool = False,
    met_rijtotalen: bool = False,
    totaal_label: str = "totaal",
    rest_code: str = REST_CODE,
) -> pd.DataFrame:
    """The exact table in the same shape as ``onderdruk`` (only for the own municipality's
    analyst; the caller decides)."""
    if lang.empty:
        return _leeg(rij, kolom)
    rijen, kolommen, matrix = _naar_matrix(lang, rij, kolom, waarde, totaal_label)
    totaal = _rijtotalen(rijen, matrix, totalen)
    rest = totaal - matrix.sum(axis=1)
    if (rest > 0).any():
        kolommen = [*kolommen, rest_code]
        matrix = np.column_stack([matrix, rest])
    model = _bouw_model(rijen, kolommen, totaal, kolomtotalen)
    waarden = matrix.ravel()
    if kolomtotalen:
        waarden = np.concatenate([waarden, matrix.sum(axis=0)])
    soort = np.zeros(waarden.size, dtype=int)
    return _uitvoer(
        model, waarden, soort, STANDAARD_DREMPEL, rij, kolom, totaal_label, totaal, met_rijtotalen
    )


# --------------------------------------------------------------------------------------------
# Independent audit
# --------------------------------------------------------------------------------------------


class HerleidbareCel(NamedTuple):
    """A cell a reader can pin down: shown small value, or hidden with one feasible value."""

    rij: object
    kolom: object
    minimum: float
    maximum: float
    reden: str


def _model_uit_getoond(
    getoond: pd.DataFrame,
    totalen: pd.Series | None,
    rij: str,
    kolom: str,
    kolomtotalen: bool,
    totaal_label: str,
    drempel: int,
):
    for naam in (rij, kolom, "aantal", "weergave", "reden"):
        if naam not in getoond.columns:
            raise ValueError(f"De getoonde tabel mist kolom '{naam}'.")
    is_rijtotaal = getoond[kolom] == totaal_label
    if totalen is None:
        if not is_rijtotaal.any():
            raise ValueError("Geef de gepubliceerde rijtotalen (totalen=...).")
        totalen = getoond[is_rijtotaal].set_index(rij)["aantal"].astype("int64")
    cellen = getoond[~is_rijtotaal]
    is_koltot = cellen[rij] == totaal_label
    binnen = cellen[~is_koltot]
    rijen = list(pd.unique(binnen[rij]))
    kolommen = list(pd.unique(binnen[kolom]))
    if kolomtotalen and not is_koltot.any():
        raise ValueError(f"kolomtotalen=True maar geen rij '{totaal_label}' in de tabel.")
    uitgelijnd = totalen.reindex(rijen)
    if uitgelijnd.isna().any():
        raise ValueError("Niet voor elke rij een gepubliceerd totaal.")
    rijtot = uitgelijnd.to_numpy(dtype=np.int64)
    model = _bouw_model(rijen, kolommen, rijtot, kolomtotalen)
    n = model.n_rij * model.n_kol + (model.n_kol if kolomtotalen else 0)
    soort = np.full(n, -1)
    waarden = np.zeros(n, dtype=np.int64)
    r_idx = pd.Index(rijen)
    k_idx = pd.Index(kolommen)
    delen = [binnen]
    if kolomtotalen:
        delen.append(cellen[is_koltot])
    for deel, is_tot in zip(delen, (False, True), strict=False):
        kj = k_idx.get_indexer(deel[kolom])
        if (kj < 0).any():
            raise ValueError("Kolomtotaal voor een onbekende categorie.")
        if is_tot:
            idx = model.n_rij * model.n_kol + kj
        else:
            idx = r_idx.get_indexer(deel[rij]) * model.n_kol + kj
        for c, aantal, weergave, reden in zip(
            idx, deel["aantal"], deel["weergave"], deel["reden"], strict=True
        ):
            if pd.isna(aantal):
                if reden in _SOORT_VAN_REDEN and reden != REDEN_GEEN:
                    soort[c] = _SOORT_VAN_REDEN[reden]
                elif weergave == klein_teken(drempel):
                    soort[c] = _KLEIN
                else:
                    raise ValueError(f"Verborgen cel zonder bekende reden: {reden!r}.")
            else:
                soort[c] = _GETOOND
                waarden[c] = int(aantal)
    # A missing cell is a cell the reader does not see: it is only bounded by >= 0.
    soort[soort < 0] = _VOLLEDIG
    return model, soort, waarden


def verborgen_bereiken(
    getoond: pd.DataFrame,
    totalen: pd.Series | None = None,
    *,
    drempel: int = STANDAARD_DREMPEL,
    rij: str = "periode",
    kolom: str = "categorie",
    kolomtotalen: bool = False,
    totaal_label: str = "totaal",
) -> pd.DataFrame:
    """For every hidden cell of a displayed table: the smallest and largest value a reader can
    derive from everything shown (row totals, shown cells, shown column totals, and the bounds
    that each marker implies), computed with scipy's HiGHS LP.

    Returns ``[rij, kolom, reden, minimum, maximum]``.
    """
    drempel = controleer_drempel(drempel)
    kolommen_uit = [rij, kolom, "reden", "minimum", "maximum"]
    if getoond.empty:
        return pd.DataFrame(columns=kolommen_uit)
    model, soort, waarden = _model_uit_getoond(
        getoond, totalen, rij, kolom, kolomtotalen, totaal_label, drempel
    )
    bereiken = _lp_bereiken(model, soort, waarden, drempel)
    regels = []
    for c, (lo, hi) in sorted(bereiken.items()):
        r, k = _label_van_cel(model, c, totaal_label)
        regels.append((r, k, _REDEN[int(soort[c])], lo, hi))
    return pd.DataFrame(regels, columns=kolommen_uit)


def _label_van_cel(model: _Model, c: int, totaal_label: str):
    if c >= model.n_rij * model.n_kol:
        return totaal_label, model.kolommen[c - model.n_rij * model.n_kol]
    return model.rijen[c // model.n_kol], model.kolommen[c % model.n_kol]


def herleidbare_cellen(
    getoond: pd.DataFrame,
    totalen: pd.Series | None = None,
    *,
    drempel: int = STANDAARD_DREMPEL,
    rij: str = "periode",
    kolom: str = "categorie",
    kolomtotalen: bool = False,
    totaal_label: str = "totaal",
    marge: int = AUDIT_MARGE,
) -> list[HerleidbareCel]:
    """Audit a displayed table: return every cell a reader can pin down.

    * a shown breakdown cell (column totals included) with a value from 1 to drempel-1;
    * a hidden ``"<5"`` cell whose feasible interval holds one integer;
    * a hidden cell of a fully hidden row pinned to a value from 1 to drempel-1.

    ``totalen`` are the published row totals (None: take them from cells with
    ``kolom == totaal_label``). ``marge``: how many values a "<5" must be able to take (default
    2: "cannot be pinned down"). An empty list means the table is safe under the attacker model
    described in the module docstring.
    """
    drempel = controleer_drempel(drempel)
    marge = controleer_marge(marge)
    if getoond.empty:
        return []
    model, soort, waarden = _model_uit_getoond(
        getoond, totalen, rij, kolom, kolomtotalen, totaal_label, drempel
    )
    uit: list[HerleidbareCel] = []
    for c in np.flatnonzero((soort == _GETOOND) & (waarden >= 1) & (waarden <= drempel - 1)):
        r, k = _label_van_cel(model, int(c), totaal_label)
        uit.append(HerleidbareCel(r, k, float(waarden[c]), float(waarden[c]), "getoond"))
    gevoelig = _gevoelig(soort)
    if gevoelig.size:
        for c, (lo, hi) in sorted(_lp_bereiken(model, soort, waarden, drempel, gevoelig).items()):
            if _is_onthuld(int(soort[c]), lo, hi, drempel, marge):
                r, k = _label_van_cel(model, c, totaal_label)
                uit.append(HerleidbareCel(r, k, lo, hi, _REDEN[int(soort[c])]))
    return uit


# --------------------------------------------------------------------------------------------
# Percentages
# --------------------------------------------------------------------------------------------


def percentage(teller, noemer, *, minimum_noemer: int = MINIMALE_NOEMER) -> float | None:
    """100 * teller / noemer, or None when the denominator is missing or below 20."""
    if teller is None or noemer is None or pd.isna(teller) or pd.isna(noemer):
        return None
    if noemer < minimum_noemer or noemer <= 0:
        return None
    return 100.0 * float(teller) / float(noemer)


def aandelen(
    tabel: pd.DataFrame,
    noemers: pd.Series,
    *,
    rij: str = "periode",
    minimum_noemer: int = MINIMALE_NOEMER,
    decimalen: int = 1,
) -> pd.DataFrame:
    """Add shares to a table from ``onderdruk``/``zonder_onderdrukking``.

    ``noemers``: the published denominator per row (e.g. the municipality total per month).
    Adds ``aandeel`` (Float64, percent, <NA> where the cell is hidden or the denominator is
    below 20 — a share of a hidden cell would reveal it) and ``aandeel_weergave`` ("12,5%" or "").
    """
    noemer = noemers.reindex(tabel[rij]).to_numpy(dtype=float, na_value=np.nan)
    teller = tabel["aantal"].to_numpy(dtype=float, na_value=np.nan)
    geldig = ~np.isnan(teller) & ~np.isnan(noemer) & (noemer >= minimum_noemer) & (noemer > 0)
    waarden = np.full(len(tabel), np.nan)
    np.divide(100.0 * teller, noemer, out=waarden, where=geldig)
    aandeel = pd.array(np.round(waarden, decimalen), dtype="Float64")
    aandeel[~geldig] = pd.NA
    return tabel.assign(
        aandeel=aandeel,
        aandeel_weergave=[
            formatteer_percentage(float(w), decimalen) if g else ""
            for w, g in zip(waarden, geldig, strict=True)
        ],
    )


# --------------------------------------------------------------------------------------------
# Flows: quarterly or 12-month sums
# --------------------------------------------------------------------------------------------


def is_stroom(indicator: str) -> bool:
    return indicator in STROMEN


def _stroomvensters(perioden: Sequence[str], wijze: str) -> dict[str, list[str]]:
    """Publishable windows (label -> months) with every month present."""
    aanwezig = set(perioden)
    vensters: dict[str, list[str]] = {}
    if wijze == "kwartaal":
        for p in sorted(aanwezig):
            k = maandnummer(p)
            start = k - k % 3
            maanden = [uit_maandnummer(start + i) for i in range(3)]
            if all(m in aanwezig for m in maanden):
                vensters[kwartaal(p)] = maanden
    elif wijze == "12m":
        for p in sorted(aanwezig):
            k = maandnummer(p)
            maanden = [uit_maandnummer(k - i) for i in range(11, -1, -1)]
            if all(m in aanwezig for m in maanden):
                vensters[p] = maanden
    else:
        raise ValueError(f"Onbekende wijze {wijze!r}: kies 'kwartaal' of '12m'.")
    return vensters


def aggregeer_stromen(
    lang: pd.DataFrame,
    wijze: Literal["kwartaal", "12m"] = "kwartaal",
    *,
    rij: str = "periode",
    kolom: str = "categorie",
    waarde: str = "aantal",
) -> pd.DataFrame:
    """Monthly flow breakdown -> sums per complete calendar quarter or per 12 months.

    ``kwartaal``: label ``YYYY-Kn``; only quarters whose three months are all present (a
    partial quarter that grows month by month would reveal each month by subtraction).
    ``12m``: label = the last month of the 12-month window; only complete windows. Consecutive
    12-month sums differ by (this month - the same month a year earlier): use ``12m`` for one
    "last 12 months" figure, and quarters for time series (see docs/privacy.md).
    Returns ``[rij, kolom, waarde]``; categories missing in a month count as 0.
    """
    if lang.empty:
        return pd.DataFrame(columns=[rij, kolom, waarde])
    getallen = _gehele_getallen(lang[waarde], f"Kolom '{waarde}'")
    perioden, rij_pos = np.unique(lang[rij].astype(str).to_numpy(), return_inverse=True)
    kolommen = list(pd.unique(lang[kolom]))
    kolom_pos = pd.Index(kolommen).get_indexer(lang[kolom])
    breed = np.zeros((len(perioden), len(kolommen)), dtype=np.int64)
    np.add.at(breed, (rij_pos, kolom_pos), getallen)  # missing categories count as 0
    labels, sommen = _venstersommen(list(perioden), breed, wijze)
    return pd.DataFrame(
        {
            rij: np.repeat(np.array(labels, dtype=object), len(kolommen)),
            kolom: np.tile(np.array(kolommen, dtype=object), len(labels)),
            waarde: sommen.reshape(-1),
        }
    ).astype({waarde: "int64"})


def _venstersommen(
    perioden: list[str], matrix: np.ndarray, wijze: str
) -> tuple[list[str], np.ndarray]:
    """(window labels, sums per window): rows of `matrix` are `perioden`, summed per window."""
    vensters = _stroomvensters(perioden, wijze)
    if not vensters:
        return [], np.zeros((0, matrix.shape[1]), dtype=matrix.dtype)
    positie = {p: i for i, p in enumerate(perioden)}
    rijen = np.array([[positie[m] for m in maanden] for maanden in vensters.values()])
    return list(vensters), matrix[rijen].sum(axis=1)


def aggregeer_reeks(reeks: pd.Series, wijze: Literal["kwartaal", "12m"] = "kwartaal") -> pd.Series:
    """The same aggregation for a series indexed by month (e.g. the published totals)."""
    getallen = _gehele_getallen(reeks, "Totalen").astype(np.int64)
    perioden = [str(p) for p in reeks.index]
    if len(set(perioden)) != len(perioden):  # duplicates: sum them first, as a groupby would
        som = pd.Series(getallen, index=perioden).groupby(level=0, sort=False).sum()
        perioden, getallen = list(som.index), som.to_numpy(dtype=np.int64)
    labels, sommen = _venstersommen(perioden, getallen.reshape(-1, 1), wijze)
    return pd.Series(sommen[:, 0], index=pd.Index(labels, dtype=object), dtype="int64")


def beschermde_uitsplitsing(
    lang: pd.DataFrame,
    *,
    indicator: str,
    totalen: pd.Series | None = None,
    drempel: int | None = None,
    wijze_stromen: Literal["kwartaal", "12m"] = "kwartaal",
    rij: str = "periode",
    kolom: str = "categorie",
    waarde: str = "aantal",
    kolomtotalen: bool = False,
    met_rijtotalen: bool = False,
) -> pd.DataFrame:
    """One entry point for a monthly breakdown of one municipality and one indicator.

    Flows (``STROMEN``) are first summed per complete quarter (or 12 months), with their totals;
    stocks stay monthly. Then ``onderdruk``. ``drempel`` None = ``drempel_uit_omgeving()``.
    Column totals are only allowed when the rows are exactly one calendar year (12 months or
    4 quarters): a sum over a user-chosen range could be differenced.
    """
    drempel = drempel_uit_omgeving() if drempel is None else controleer_drempel(drempel)
    if is_stroom(indicator):
        lang = aggregeer_stromen(lang, wijze_stromen, rij=rij, kolom=kolom, waarde=waarde)
        if totalen is not None:
            totalen = aggregeer_reeks(totalen, wijze_stromen)
    if kolomtotalen:
        if is_stroom(indicator) and wijze_stromen == "12m":
            raise ValueError("Geen kolomtotalen over overlappende 12-maandensommen.")
        perioden = sorted(set(lang[rij].astype(str)))
        jaren = {p[:4] for p in perioden}
        verwacht = (
            [f"{j}-K{k}" for j in jaren for k in range(1, 5)]
            if is_stroom(indicator) and wijze_stromen == "kwartaal"
            else [f"{j}-{m:02d}" for j in jaren for m in range(1, 13)]
        )
        if len(jaren) != 1 or sorted(verwacht) != perioden:
            raise ValueError("Kolomtotalen alleen over één volledig kalenderjaar.")
    return onderdruk(
        lang,
        drempel=drempel,
        rij=rij,
        kolom=kolom,
        waarde=waarde,
        totalen=totalen,
        kolomtotalen=kolomtotalen,
        met_rijtotalen=met_rijtotalen,
    )
