"""The table model and its LP: for each hidden cell the range an attacker can still compute
(HiGHS; the constraint matrix is a network matrix, so LP bounds are the integer bounds)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from scipy.optimize import linprog

from data_access.suppression.regel import _COMPL, _GETOOND, _KLEIN, _VOLLEDIG

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
