"""Tables protected together with the figures linked to them (linked tables, as tau-ARGUS and
sdcTable protect them): see docs/privacy.md, "Alles samen".

A released figure that is a sum of cells of a protected table (e.g. the activations to work: a
sum of the work destinations of the table by `bestemming`) is a `Relatie`: "the sum of these
categories over these months lies in [minimum, maximum]". `beschermde_tabel` protects a table
with the full margin (every "<5" keeps all values 1..drempel-1 from its row alone) and then
hides more cells until no hidden cell can be pinned (nor a "<5" narrowed) from the monthly
totals, the table and every relation together: an integer program over the months of the rows
that a relation links (scipy `milp`, HiGHS), after cheap witnesses (the true table with a
difference moved to a sibling cell) that settle most cells without a program.

Hiding a cell never tells a reader more, so the loop ends; with at least two categories on
each side of every relation a fully hidden row can always take any of the relation's values
(each of its cells may be 0), so it always succeeds (`data_access.vrijgave.vrijgeefbaar`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from data_access.suppression.onderdrukking import onderdruk
from data_access.suppression.regel import (
    REDEN_COMPLEMENTAIR,
    REDEN_GEEN,
    REDEN_KLEIN,
    REDEN_VOLLEDIG,
    TEKEN_VERBORGEN,
    controleer_drempel,
    drempel_uit_omgeving,
    klein_teken,
)
from data_access.suppression.vensters import aggregeer_reeks, aggregeer_stromen, is_stroom
from domein import REST_CODE
from domein.maanden import maandnummer, uit_maandnummer, van_tot
from domein.maanden import venster_maanden as _venster_maanden

_GETOOND = REDEN_GEEN
_KLEIN = REDEN_KLEIN
_COMPL = REDEN_COMPLEMENTAIR
_VOLLEDIG = REDEN_VOLLEDIG


def venster_maanden(venster: str) -> list[str]:
    """'2024-K1' -> its three months ('2024-H1': six, '2024': twelve); 'YYYY-MM' -> itself."""
    return _venster_maanden(str(venster))


@dataclass(frozen=True)
class Relatie:
    """A released figure as a reader can use it: the sum of the cells of `categorieen` over the
    months `van`..`tot` lies in [minimum, maximum] (maximum None: no upper bound)."""

    van: str
    tot: str
    categorieen: tuple[str, ...]
    minimum: int
    maximum: int | None
    bron: str


@dataclass
class _Tabel:
    """A protected table as a model: rows (quarters or months), categories, exact values, kinds
    (`reden`), the months of each row and the published monthly totals."""

    rijen: list[str]
    categorieen: list[str]
    waarden: np.ndarray  # rows x categories, exact
    soort: np.ndarray  # rows x categories, object: reden
    rij_maanden: list[list[str]]
    maandtotalen: dict[str, int]
    drempel: int


def _grenzen_cel(soort: str, waarde: int, drempel: int) -> tuple[float, float]:
    if soort == _GETOOND:
        return float(waarde), float(waarde)
    if soort == _KLEIN:
        return 1.0, float(drempel - 1)
    if soort == _COMPL:
        return float(drempel), math.inf
    return 0.0, math.inf


def _onthuld(soort: str, lo: float, hi: float, drempel: int) -> bool:
    """Pinned, a "<5" narrowed below 1..drempel-1, or a cell of a hidden row known to be
    small (a hidden zero may be pinned: zeros are shown anyway)."""
    if soort == _KLEIN:
        return lo > 1 or hi < drempel - 1
    if soort == _COMPL:
        return lo == hi
    if soort == _VOLLEDIG:
        return (lo == hi and lo >= 1) or (lo >= 1 and hi <= drempel - 1)
    return False


def _componenten(t: _Tabel, relaties: Sequence[Relatie]) -> list[tuple[list[int], list]]:
    """Groups of rows linked by relations (rows share no cells otherwise), with their
    relations. Linked through months: a relation may also cover months outside every row (a
    quarter still running), and two relations that share such months are linked too."""
    ouder: dict[str, str] = {}

    def wortel(m: str) -> str:
        ouder.setdefault(m, m)
        while ouder[m] != m:
            ouder[m] = ouder[ouder[m]]
            m = ouder[m]
        return m

    def koppel(maanden: list[str]) -> None:
        for m in maanden[1:]:
            ouder[wortel(m)] = wortel(maanden[0])

    relaties = [r for r in relaties if r.van <= r.tot]
    for ms in t.rij_maanden:
        koppel(ms)
    for r in relaties:
        koppel(van_tot(r.van, r.tot))
    groepen: dict[str, list[int]] = {}
    for i, ms in enumerate(t.rij_maanden):
        groepen.setdefault(wortel(ms[0]), []).append(i)
    eigen: dict[str, list[Relatie]] = {}
    for r in relaties:
        eigen.setdefault(wortel(r.van), []).append(r)
    return [(leden, eigen.get(w, [])) for w, leden in groepen.items()]


def _zonder(waarden: list[float], j: int) -> float:
    """Sum of all values but the j-th (an infinite bound elsewhere keeps it infinite)."""
    rest = waarden[:j] + waarden[j + 1 :]
    return math.inf if math.inf in rest else float(sum(rest))


def _deel_bereiken(cellen, lo, hi, s_lo, s_hi) -> dict[int, tuple[float, float]]:
    """Bounds of each cell when the cells sum to a value in [s_lo, s_hi] (exact for integers:
    a sum of integer intervals is an integer interval)."""
    som_lo = [lo[c] for c in cellen]
    som_hi = [hi[c] for c in cellen]
    uit = {}
    for k, c in enumerate(cellen):
        uit[c] = (max(lo[c], s_lo - _zonder(som_hi, k)), min(hi[c], s_hi - _zonder(som_lo, k)))
    return uit


def _rij_bereiken(t: _Tabel, i: int, relaties: Sequence[Relatie] = ()) -> dict:
    """Exact bounds of the hidden cells of one row from its total and relations that all cover
    exactly this row on one set of categories (two nested sums: interval arithmetic)."""
    totaal = float(sum(t.maandtotalen[m] for m in t.rij_maanden[i]))
    n = len(t.categorieen)
    lo, hi = {}, {}
    vast = 0.0
    for j in range(n):
        lo[j], hi[j] = _grenzen_cel(t.soort[i, j], int(t.waarden[i, j]), t.drempel)
        if t.soort[i, j] == _GETOOND:
            vast += lo[j]
    verborgen = [j for j in range(n) if t.soort[i, j] != _GETOOND]
    rest = totaal - vast
    if not relaties:
        return _deel_bereiken(verborgen, lo, hi, rest, rest)
    deel = {j for j, c in enumerate(t.categorieen) if c in set(relaties[0].categorieen)}
    s_lo = max(float(r.minimum) for r in relaties)
    s_hi = min(math.inf if r.maximum is None else float(r.maximum) for r in relaties)
    getoond_deel = sum(lo[j] for j in deel if t.soort[i, j] == _GETOOND)
    binnen = [j for j in verborgen if j in deel]
    buiten = [j for j in verborgen if j not in deel]
    hi_buiten = math.inf if any(hi[j] == math.inf for j in buiten) else sum(hi[j] for j in buiten)
    w_lo = max(s_lo - getoond_deel, rest - hi_buiten)
    w_hi = min(s_hi - getoond_deel, rest - sum(lo[j] for j in buiten))
    if w_lo > w_hi:
        raise ValueError("De vrijgegeven cijfers spreken elkaar tegen (geen oplossing).")
    uit = _deel_bereiken(binnen, lo, hi, w_lo, w_hi)
    uit.update(_deel_bereiken(buiten, lo, hi, rest - w_hi, rest - w_lo))
    return uit


def _eenvoudig(t: _Tabel, rijen: list[int], relaties: Sequence[Relatie]) -> bool:
    """One row, and every relation covers exactly its months on the same categories."""
    if len(rijen) != 1:
        return False
    ms = t.rij_maanden[rijen[0]]
    return all(
        (r.van, r.tot) == (ms[0], ms[-1]) and r.categorieen == relaties[0].categorieen
        for r in relaties
    )


class _Programma:
    """The integer program of one group of linked rows: unknowns per atom (a run of months not
    cut by a row or relation boundary) and category."""

    def __init__(self, t: _Tabel, rijen: list[int], relaties: Sequence[Relatie]):
        self.t = t
        grenzen = set()
        bereik: set[str] = set()
        for i in rijen:
            bereik |= set(t.rij_maanden[i])
            grenzen.add(t.rij_maanden[i][0])
            grenzen.add(uit_maandnummer(maandnummer(t.rij_maanden[i][-1]) + 1))
        for r in relaties:
            ms = van_tot(r.van, r.tot)
            bereik |= set(ms)
            grenzen.add(ms[0])
            grenzen.add(uit_maandnummer(maandnummer(ms[-1]) + 1))
        alle = sorted(bereik)
        self.atomen: list[list[str]] = []
        for m in alle:
            vorige = self.atomen[-1][-1] if self.atomen else None
            aansluitend = vorige is not None and maandnummer(m) == maandnummer(vorige) + 1
            if m in grenzen or not aansluitend:
                self.atomen.append([m])
            else:
                self.atomen[-1].append(m)
        self.atoom_van = {m: a for a, ms in enumerate(self.atomen) for m in ms}
        self.rijen = rijen
        self.relaties = list(relaties)
        self.n_cat = len(t.categorieen)
        self.n = len(self.atomen) * self.n_cat

    def _var(self, a: int, j: int) -> int:
        return a * self.n_cat + j

    def _cel(self, i: int, j: int) -> list[int]:
        atomen = sorted({self.atoom_van[m] for m in self.t.rij_maanden[i]})
        return [self._var(a, j) for a in atomen]

    def bereiken(self, doelen: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple]:
        t = self.t
        rijen_a, lo, hi = [], [], []

        def voeg(cellen, a, b):
            rij = np.zeros(self.n)
            rij[cellen] = 1.0
            rijen_a.append(rij)
            lo.append(a)
            hi.append(b)

        for a, ms in enumerate(self.atomen):
            totaal = float(sum(t.maandtotalen.get(m, 0) for m in ms))
            voeg([self._var(a, j) for j in range(self.n_cat)], totaal, totaal)
        for i in self.rijen:
            for j in range(self.n_cat):
                a, b = _grenzen_cel(t.soort[i, j], int(t.waarden[i, j]), t.drempel)
                if a > 0 or b < math.inf:
                    voeg(self._cel(i, j), a, b)
        index = {c: j for j, c in enumerate(t.categorieen)}
        for r in self.relaties:
            atomen = sorted({self.atoom_van[m] for m in van_tot(r.van, r.tot)})
            cats = [index[c] for c in r.categorieen if c in index]
            cellen = [self._var(a, j) for a in atomen for j in cats]
            voeg(cellen, float(r.minimum), math.inf if r.maximum is None else float(r.maximum))
        beperking = LinearConstraint(np.array(rijen_a), np.array(lo), np.array(hi))
        # no cell exceeds the total of its months: the programs are bounded
        plafond = np.repeat(
            [float(sum(t.maandtotalen.get(m, 0) for m in ms)) for ms in self.atomen], self.n_cat
        )
        kwargs = dict(
            constraints=beperking,
            integrality=np.ones(self.n),
            bounds=Bounds(np.zeros(self.n), plafond),
        )
        uit = {}
        for i, j in doelen:
            c = np.zeros(self.n)
            c[self._cel(i, j)] = 1.0
            laag = milp(c, **kwargs)
            hoog = milp(-c, **kwargs)
            if laag.status != 0 or hoog.status != 0:
                raise ValueError("De vrijgegeven cijfers spreken elkaar tegen (geen oplossing).")
            uit[(i, j)] = (float(round(laag.fun)), float(round(-hoog.fun)))
        return uit


def _bereiken(t: _Tabel, rijen: list[int], relaties: Sequence[Relatie], doelen):
    if _eenvoudig(t, rijen, relaties):
        b = _rij_bereiken(t, rijen[0], relaties)
        return {(rijen[0], j): b[j] for _, j in doelen}
    return _Programma(t, rijen, relaties).bereiken(doelen)


def _verborgen(t: _Tabel, rijen: list[int]) -> list[tuple[int, int]]:
    return [(i, j) for i in rijen for j in range(len(t.categorieen)) if t.soort[i, j] != _GETOOND]


def _groep(t: _Tabel, i: int, j: int, relaties: Sequence[Relatie]):
    """Which relations a cell's row takes part in, with this cell in them or not; None when a
    relation cuts the row's months (its cells then have parts on both sides)."""
    ms = t.rij_maanden[i]
    uit = []
    for r in relaties:
        if r.tot < ms[0] or r.van > ms[-1]:
            continue
        if not (r.van <= ms[0] and ms[-1] <= r.tot):
            return None
        uit.append(t.categorieen[j] in r.categorieen)
    return tuple(uit)


def _kan(t: _Tabel, cel: tuple[int, int], doel: int, relaties: Sequence[Relatie]) -> bool:
    """A witness that `cel` can take the value `doel`: the true table with the difference moved
    to or from one other hidden cell of the same row that sits in the same relations. Every
    total and relation then still holds, so the value is possible (no program needed)."""
    i, j = cel
    lo, hi = _grenzen_cel(t.soort[i, j], 0, t.drempel)
    if not lo <= doel <= hi:
        return False
    verschil = doel - int(t.waarden[i, j])
    if verschil == 0:
        return True
    groep = _groep(t, i, j, relaties)
    if groep is None:
        return False
    for k in range(len(t.categorieen)):
        if k == j or t.soort[i, k] == _GETOOND or _groep(t, i, k, relaties) != groep:
            continue
        k_lo, k_hi = _grenzen_cel(t.soort[i, k], 0, t.drempel)
        if k_lo <= int(t.waarden[i, k]) - verschil <= k_hi:
            return True
    return False


def _zeker_veilig(t: _Tabel, cel: tuple[int, int], relaties: Sequence[Relatie]) -> bool:
    """Witnesses that `cel` is not disclosed: a "<5" can be 1 and drempel-1, a complementary
    cell another value than its own, a cell of a hidden row 0."""
    soort, v = t.soort[cel], int(t.waarden[cel])
    if soort == _KLEIN:
        return _kan(t, cel, 1, relaties) and _kan(t, cel, t.drempel - 1, relaties)
    if soort == _COMPL:
        return _kan(t, cel, v + 1, relaties) or _kan(t, cel, v - 1, relaties)
    return _kan(t, cel, 0, relaties)


def _lekken(t: _Tabel, rijen, relaties) -> list[tuple[int, int]]:
    doelen = [c for c in _verborgen(t, rijen) if not _zeker_veilig(t, c, relaties)]
    if not doelen:
        return []
    bereik = _bereiken(t, rijen, relaties, doelen)
    return [c for c in doelen if _onthuld(t.soort[c], *bereik[c], t.drempel)]


def _verberg_rij(t: _Tabel, i: int) -> None:
    t.soort[i, :] = _VOLLEDIG


def _herstel(t: _Tabel, cel: tuple[int, int], rijen, relaties) -> None:
    """Hide one more cell of the row of `cel`: the smallest shown cell >= drempel that protects
    `cel`, else the smallest one; a row without candidates is hidden whole (zeros included)."""
    i = cel[0]
    kandidaten = sorted(
        (int(t.waarden[i, j]), j)
        for j in range(len(t.categorieen))
        if t.soort[i, j] == _GETOOND and t.waarden[i, j] >= t.drempel
    )
    for _, j in kandidaten:
        t.soort[i, j] = _COMPL
        if _zeker_veilig(t, cel, relaties):
            return
        bereik = _bereiken(t, rijen, relaties, [cel])[cel]
        if not _onthuld(t.soort[cel], *bereik, t.drempel):
            return
        t.soort[i, j] = _GETOOND
    if kandidaten:
        t.soort[i, kandidaten[0][1]] = _COMPL
        return
    if (t.soort[i, :] != _VOLLEDIG).any():
        _verberg_rij(t, i)
        return
    for k in rijen:  # the row is hidden whole: hide a linked row
        if (t.soort[k, :] != _VOLLEDIG).any():
            _verberg_rij(t, k)
            return
    raise RuntimeError("De vrijgegeven cijfers laten zich niet samen beschermen.")


def bescherm_samen(t: _Tabel, relaties: Sequence[Relatie]) -> _Tabel:
    """Hide more cells until no hidden cell can be pinned (or a "<5" narrowed) from the table,
    the monthly totals and `relaties` together. Hiding a cell never tells a reader more, so this
    ends."""
    for rijen, eigen in _componenten(t, relaties):
        for _ in range(t.waarden.size + 1):
            lek = _lekken(t, rijen, eigen)
            if not lek:
                break
            _herstel(t, lek[0], rijen, eigen)
        else:  # pragma: no cover - every step hides a cell
            raise RuntimeError("Gezamenlijke bescherming convergeerde niet.")
    return t


def _rij_maanden(label: str) -> list[str]:
    return venster_maanden(str(label))


def beschermde_tabel(
    delen: pd.DataFrame,
    maandtotalen: pd.Series,
    *,
    indicator: str,
    relaties: Sequence[Relatie] = (),
    drempel: int | None = None,
    venster: str = "kwartaal",
) -> pd.DataFrame:
    """A breakdown as everyone but the municipality's own analyst sees it.

    `delen`: the monthly cells (`periode, categorie, aantal`) of one municipality, indicator and
    dimension over its whole history; `maandtotalen`: the published monthly totals. Flows are
    summed per full quarter (or `venster`: half-year, year). Then `onderdruk` with the full
    margin (every "<5" keeps all values 1..drempel-1 from its row) and `bescherm_samen` with
    `relaties` (the released figures linked to this table). Computed over the whole history,
    so the pattern of a row never depends on the window a reader asks for. Frame of `onderdruk`."""
    drempel = controleer_drempel(drempel_uit_omgeving() if drempel is None else drempel)
    lang, rijtotalen = delen, maandtotalen
    if is_stroom(indicator):
        lang = aggregeer_stromen(delen, venster)
        rijtotalen = aggregeer_reeks(maandtotalen, venster)
    tabel = onderdruk(lang, drempel=drempel, totalen=rijtotalen, marge=drempel - 1)
    if tabel.empty:
        return tabel
    model = _als_model(tabel, lang, rijtotalen, maandtotalen, drempel)
    bescherm_samen(model, relaties)
    return _terug(tabel, model, drempel)


def _als_model(tabel, lang, rijtotalen, maandtotalen, drempel) -> _Tabel:
    rijen = list(pd.unique(tabel["periode"]))
    categorieen = list(pd.unique(tabel["categorie"]))
    breed = lang.pivot_table(
        index="periode", columns="categorie", values="aantal", aggfunc="sum", fill_value=0
    )
    breed = breed.reindex(index=rijen, columns=categorieen, fill_value=0)
    waarden = breed.to_numpy(dtype=np.int64)
    if REST_CODE in categorieen:
        j = categorieen.index(REST_CODE)
        tot = rijtotalen.reindex(rijen).to_numpy(dtype=np.int64)
        waarden[:, j] = tot - (waarden.sum(axis=1) - waarden[:, j])
    soort = (
        tabel.pivot(index="periode", columns="categorie", values="reden")
        .reindex(index=rijen, columns=categorieen)
        .to_numpy(dtype=object)
    )
    totalen = {str(p): int(v) for p, v in maandtotalen.items()}
    rij_maanden = [_rij_maanden(r) for r in rijen]
    for i, ms in enumerate(rij_maanden):
        if not all(m in totalen for m in ms):  # a row without monthly totals: its own total
            totaal = int(rijtotalen.reindex([rijen[i]]).iloc[0])
            for m in ms:
                totalen.setdefault(m, 0)
            totalen[ms[0]] = totaal - sum(totalen[m] for m in ms[1:])
    return _Tabel(rijen, categorieen, waarden, soort, rij_maanden, totalen, drempel)


def _terug(tabel: pd.DataFrame, t: _Tabel, drempel: int) -> pd.DataFrame:
    """The frame of `onderdruk` with the kinds of `t`."""
    r = {p: i for i, p in enumerate(t.rijen)}
    c = {k: j for j, k in enumerate(t.categorieen)}
    soort = [t.soort[r[p], c[k]] for p, k in zip(tabel["periode"], tabel["categorie"], strict=True)]
    uit = tabel.copy()
    uit["reden"] = soort
    verborgen = uit["reden"] != _GETOOND
    uit["onderdrukt"] = verborgen.to_numpy()
    uit["weergave"] = np.where(
        uit["reden"] == _KLEIN,
        klein_teken(drempel),
        np.where(verborgen, TEKEN_VERBORGEN, uit["weergave"]),
    )
    uit.loc[verborgen, "aantal"] = pd.NA
    return uit
