"""An outside attacker for the disclosure-control audit (docs/privacy.md, "Alles samen").

It is told only what a reader sees: the published monthly totals of one breakdown, the
released table as shown (a number, "<5" or "x" per window and category) and every other
released figure as "the sum of these cells over these months lies in [lo, hi]" (lo == hi for
an exact figure; a sum of k figures rounded to a base b gives +-k*b/2). It then computes, with
an integer program (scipy `milp`, HiGHS), the smallest and largest value of every hidden cell.

Deliberately independent of `data_access.vrijgave`: the unknowns are the exact *monthly* cells
(month x category, not the quarters or tiles the protection works with), the kind of a hidden
cell is read from the display only, and the bounds come from an integer program.

A finding is a hidden cell that is
* pinned: one value only (a hidden 0 may be pinned: zeros are shown as 0 anyway);
* narrowed: a "<5" that cannot take every value from 1 to drempel-1, or a cell of a fully
  hidden row known to lie within 1..drempel-1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

KWARTAAL_MAANDEN = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}


def maanden_van_venster(venster: str) -> list[str]:
    """'2024-K1' -> ['2024-01', '2024-02', '2024-03']; '2024-H2' -> July to December;
    '2024' -> the whole year; '2024-05' -> ['2024-05']."""
    venster = str(venster)
    if "-K" in venster:
        jaar, k = venster.split("-K")
        return [f"{jaar}-{m:02d}" for m in KWARTAAL_MAANDEN[int(k)]]
    if "-H" in venster:
        jaar, h = venster.split("-H")
        return [f"{jaar}-{m:02d}" for m in range(6 * int(h) - 5, 6 * int(h) + 1)]
    if len(venster) == 4:
        return [f"{venster}-{m:02d}" for m in range(1, 13)]
    return [venster]


def maanden_tussen(van: str, tot: str) -> list[str]:
    """Months from `van` to `tot` inclusive ('YYYY-MM')."""
    a = int(van[:4]) * 12 + int(van[5:7]) - 1
    b = int(tot[:4]) * 12 + int(tot[5:7]) - 1
    return [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(a, b + 1)]


def soort_uit_weergave(tabel: pd.DataFrame, drempel: int) -> pd.Series:
    """The kind of each cell as a reader infers it from the display alone: a number is shown,
    "<d" is small, an "x" in a row of only "x" is a fully hidden row (any value >= 0), another
    "x" is complementary (the algorithm never hides a 0 or a small cell that way: >= d)."""
    teken = f"<{drempel}"
    w = tabel["weergave"].astype(str)
    alles_x = w.eq("x").groupby(tabel["venster"]).transform("all")
    return pd.Series(
        np.where(
            w == teken,
            "klein",
            np.where(w == "x", np.where(alles_x, "volledig", "complementair"), ""),
        ),
        index=tabel.index,
    )


def getal(weergave) -> int:
    """'1.234' -> 1234."""
    return int(str(weergave).replace(".", ""))


@dataclass
class Bevinding:
    venster: str
    categorie: str
    soort_cel: str
    minimum: float
    maximum: float
    soort: str  # "vastgepind" | "versmald"


@dataclass
class Aanval:
    """One breakdown (e.g. activeringen x bestemming) of one municipality.

    `totalen`: published monthly totals (Series by 'YYYY-MM'). `tabel`: the table as shown,
    columns `venster` (quarter 'YYYY-Kn' or month), `categorie`, `weergave`.
    """

    totalen: pd.Series
    tabel: pd.DataFrame
    drempel: int = 5
    relaties: list = field(default_factory=list)  # (maanden, categorieen, lo, hi, bron)
    # A merged table (docs/privacy.md, "Samenvoegen"): shown code -> the codes of the data it
    # adds up, as published in domein.INDELINGEN. A released figure on codes of the data is then
    # read on the shown codes; one that covers part of a shown code would need finer unknowns.
    groepen: dict = field(default_factory=dict)

    def __post_init__(self):
        self.tabel = self.tabel[self.tabel["categorie"] != "totaal"].reset_index(drop=True)
        self.tabel = self.tabel.assign(soort=soort_uit_weergave(self.tabel, self.drempel))
        self.maanden = sorted(str(p) for p in self.totalen.index)
        self.categorieen = sorted(set(self.tabel["categorie"]))

    # --- what the attacker learns ------------------------------------------------------------

    def som(self, maanden, categorieen, lo: float, hi: float, bron: str = "") -> None:
        """A released figure: the sum over `maanden` x `categorieen` lies in [lo, hi]."""
        maanden = [m for m in maanden if m in set(self.maanden)]
        if self.groepen:
            gezocht = set(categorieen)
            getoond = {g for g, leden in self.groepen.items() if gezocht & set(leden)}
            gedekt = {c for g in getoond for c in self.groepen[g]}
            assert gedekt <= gezocht, (bron, gezocht, getoond)
            categorieen = sorted(getoond)
        categorieen = [c for c in categorieen if c in set(self.categorieen)]
        if maanden and categorieen:
            self.relaties.append((maanden, categorieen, float(lo), float(hi), bron))

    def exact(self, maanden, categorieen, waarde, bron: str = "") -> None:
        self.som(maanden, categorieen, waarde, waarde, bron)

    def afgerond(self, maanden, categorieen, waarde, basis: int, stukken=1, bron="") -> None:
        """A sum of `stukken` figures, each rounded half up to a multiple of `basis`: each
        exact part lies in [r - b/2, r + b/2), so the sum in [s - k*b/2, s + k*b/2)."""
        half = stukken * basis / 2
        self.som(maanden, categorieen, math.ceil(waarde - half), math.ceil(waarde + half) - 1, bron)

    # --- the integer program -----------------------------------------------------------------

    def _componenten(self):
        """Groups of months linked by a table window or a released figure."""
        ouder = {m: m for m in self.maanden}

        def wortel(m):
            while ouder[m] != m:
                ouder[m] = ouder[ouder[m]]
                m = ouder[m]
            return m

        def koppel(ms):
            ms = [m for m in ms if m in ouder]
            for m in ms[1:]:
                ouder[wortel(m)] = wortel(ms[0])

        for venster in set(self.tabel["venster"]):
            koppel(maanden_van_venster(venster))
        for maanden, *_ in self.relaties:
            koppel(maanden)
        groepen: dict[str, list[str]] = {}
        for m in self.maanden:
            groepen.setdefault(wortel(m), []).append(m)
        return list(groepen.values())

    def _bevindingen_in(self, maanden: list[str]) -> list[Bevinding]:
        index = {
            (m, c): k for k, (m, c) in enumerate((m, c) for m in maanden for c in self.categorieen)
        }
        n = len(index)
        rijen, lo, hi = [], [], []

        def voeg(cellen, a, b):
            rij = np.zeros(n)
            rij[cellen] = 1.0
            rijen.append(rij)
            lo.append(a)
            hi.append(b)

        for m in maanden:
            t = float(self.totalen[m])
            voeg([index[(m, c)] for c in self.categorieen], t, t)
        doelen = []
        d = self.drempel
        binnen = set(maanden)
        for r in self.tabel.itertuples(index=False):
            ms = [m for m in maanden_van_venster(r.venster) if m in binnen]
            if not ms:
                continue
            cellen = [index[(m, r.categorie)] for m in ms]
            if r.soort == "":
                voeg(cellen, getal(r.weergave), getal(r.weergave))
                continue
            if r.soort == "klein":
                voeg(cellen, 1.0, float(d - 1))
            elif r.soort == "complementair":
                voeg(cellen, float(d), math.inf)
            doelen.append((r.venster, r.categorie, r.soort, cellen))
        for ms, cats, a, b, _ in self.relaties:
            if ms[0] in binnen:
                voeg([index[(m, c)] for m in ms for c in cats], a, b)
        beperking = LinearConstraint(np.array(rijen), np.array(lo), np.array(hi))
        plafond = np.array([float(self.totalen[m]) for m in maanden for _ in self.categorieen])
        kwargs = dict(
            constraints=beperking,
            integrality=np.ones(n),
            bounds=Bounds(np.zeros(n), plafond),  # a cell never exceeds its month's total
        )
        uit = []
        for venster, categorie, soort_cel, cellen in doelen:
            c = np.zeros(n)
            c[cellen] = 1.0
            laag = milp(c, **kwargs)
            hoog = milp(-c, **kwargs)
            if laag.status != 0 or hoog.status != 0:
                raise AssertionError(f"De vrijgaven spreken elkaar tegen: {laag.message}")
            mn, mx = round(laag.fun), round(-hoog.fun)
            soort = None
            if mn == mx and mn >= 1:
                soort = "vastgepind"
            elif soort_cel == "klein" and (mn > 1 or mx < d - 1):
                soort = "versmald"
            elif soort_cel == "volledig" and mn >= 1 and mx <= d - 1:
                soort = "versmald"
            if soort:
                uit.append(Bevinding(venster, categorie, soort_cel, mn, mx, soort))
        return uit

    def bevindingen(self) -> list[Bevinding]:
        """Every hidden cell pinned or narrowed by everything released together."""
        uit = []
        for groep in self._componenten():
            uit += self._bevindingen_in(sorted(groep))
        return uit


def telling(bevindingen: list[Bevinding]) -> dict[str, int]:
    """{'<5 vastgepind': n, '<5 versmald': n, 'x vastgepind': n, ...} for reports."""
    naam = {"klein": "<5", "complementair": "x", "volledig": "x (rij)"}
    uit: dict[str, int] = {}
    for b in bevindingen:
        sleutel = f"{naam[b.soort_cel]} {b.soort}"
        uit[sleutel] = uit.get(sleutel, 0) + 1
    return uit
