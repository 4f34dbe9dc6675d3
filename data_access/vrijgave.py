"""What the product releases of sums of protected cells, and how (docs/privacy.md, "Alles samen").

Each breakdown table is protected on its own (`data_access.suppression`). But the product
releases more than tables, and the figures are linked: the activations *to work* are a sum of
cells of the table by `bestemming`, the "Wat als?" capacity a sum of cells of the table of
trajectory starts by `pijler`. Released exactly and per month, such a sum adds one relation per
quarter to the protected table and recovers hidden cells. So, pure rules here (the database
side is `data_access.queries`: `werk_per_kwartaal`, `doelstand`, `werk_relaties`):

* **Activations to work** (the pact's count) are released only as sums over *tiles* of months,
  each rounded to a multiple of `afrondingsbasis` (the threshold, 5 by default):
  - the full calendar quarters (the Overzicht card, the current pace, the track record), and
  - for each target its window cut at the calendar quarters, a partial quarter at the start or
    the end joined to its neighbour, so no tile is shorter than a quarter unless the whole
    window is (progress, the as-of replays, the CLI's `achieved`).
  Every other figure about them is a sum of released tiles. Whether the target is reached at a
  release point is released exactly (the council must know the outcome); the count shown is
  kept on that side of the target. `relaties_uit` turns all of it into the relations a reader
  gets, for `suppression.beschermde_tabel`.
* **Capacity per pillar** ("Wat als?") is *derived from the protected table* of trajectory starts
  (`capaciteit`): a hidden cell is replaced by an estimate made from what is shown, so the
  default tells nothing the table does not.

Forecasts may be fitted on the exact series; their outputs are moved onto the released count
(`forecasting.doel.vrijgegeven`). Municipality totals (every dimension `totaal`) stay exact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from data_access.suppression.regel import (
    REDEN_COMPLEMENTAIR,
    REDEN_KLEIN,
    REDEN_VOLLEDIG,
    drempel_uit_omgeving,
)
from data_access.suppression.samen import Relatie
from domein import REST_CODE, WERK_BESTEMMINGEN
from domein.maanden import kwartaal, maandnummer, plus_maanden, van_tot

TEMPO_KWARTALEN = 2  # the current pace: the mean per month of the last two full quarters


# --------------------------------------------------------------------------------------------
# quarters ('YYYY-MM')


def kwartaal_begin(periode: str) -> str:
    return plus_maanden(periode, -(maandnummer(periode) % 3))


def kwartaal_einde(periode: str) -> str:
    return plus_maanden(kwartaal_begin(periode), 2)


def is_kwartaaleinde(periode: str) -> bool:
    return int(periode[5:7]) % 3 == 0


def laatste_kwartaaleinde(periode: str) -> str:
    """The last month of the last full quarter up to `periode` (itself when it ends one)."""
    return periode if is_kwartaaleinde(periode) else plus_maanden(kwartaal_begin(periode), -1)


# --------------------------------------------------------------------------------------------
# rounding


def afrondingsbasis(drempel: int | None = None) -> int:
    """Released sums of protected cells are rounded to a multiple of the threshold."""
    return drempel_uit_omgeving() if drempel is None else int(drempel)


def rond(waarde: float, basis: int) -> int:
    """To the nearest multiple of `basis`, a half upwards (deterministic: the same count always
    gives the same figure)."""
    return int(basis * math.floor(waarde / basis + 0.5))


def rond_bereik(afgerond: int, basis: int) -> tuple[int, int]:
    """Every whole count >= 0 that `rond` turns into `afgerond` (what a reader can conclude)."""
    return max(0, math.ceil(afgerond - basis / 2)), math.ceil(afgerond + basis / 2) - 1


# --------------------------------------------------------------------------------------------
# activations to work: tiles, quarters, targets


def _som(reeks: pd.Series, van: str, tot: str) -> int:
    return int(reeks[(reeks.index >= van) & (reeks.index <= tot)].sum())


def _volledig(reeks: pd.Series, van: str, tot: str) -> bool:
    """Every month from `van` to `tot` has data."""
    return set(van_tot(van, tot)) <= set(reeks.index)


def _kwartalen(reeks: pd.Series) -> list[tuple[str, str]]:
    """(first, last month) of every full calendar quarter with data."""
    if reeks.empty:
        return []
    eerste = kwartaal_begin(str(reeks.index.min()))
    uit = []
    for van in van_tot(eerste, str(reeks.index.max()))[::3]:
        tot = plus_maanden(van, 2)
        if _volledig(reeks, van, tot):
            uit.append((van, tot))
    return uit


def kwartalen_uit(reeks: pd.Series, basis: int) -> pd.DataFrame:
    """Activations to work per full calendar quarter, rounded to `basis`, from the exact
    monthly `reeks`: `venster` ('2024-K1'), `van`, `periode` (its last month), `waarde`. A
    quarter still running is left out: a sum that grows every month gives each month by
    subtraction."""
    rijen = [
        (kwartaal(van), van, tot, rond(_som(reeks, van, tot), basis))
        for van, tot in _kwartalen(reeks)
    ]
    return pd.DataFrame(rijen, columns=["venster", "van", "periode", "waarde"]).astype(
        {"waarde": "int64"}
    )


class NietVrijgeefbaar(ValueError):
    """Activations to work of this municipality cannot be shown without revealing small
    numbers (Dutch message for the user)."""


NIET_VRIJGEEFBAAR = (
    "De activeringen naar werk van deze gemeente kunnen niet getoond worden zonder kleine "
    "aantallen te verraden: de uitsplitsing naar bestemming heeft minder dan twee "
    "werkbestemmingen of minder dan twee andere bestemmingen."
)


def vrijgeefbaar(categorieen: Iterable[str], werk: Sequence[str] = WERK_BESTEMMINGEN) -> bool:
    """Work figures may be released when the table by `bestemming` has at least two work and
    two other categories: then a fully hidden row can always absorb what a rounded work figure
    says (any of its cells may be 0), so the joint protection always succeeds. With one work
    category the work figure *is* that cell (and with one other category, the total minus it)."""
    cats = set(categorieen)
    return len(cats & set(werk)) >= 2 and len(cats - set(werk)) >= 2


def tempo(kwartalen: pd.DataFrame, as_of: str) -> float | None:
    """The current pace released with a forecast at `as_of`: activations to work per month over
    the last two full quarters up to `as_of`, from the released quarters (None without two)."""
    deel = kwartalen[kwartalen["periode"] <= as_of].tail(TEMPO_KWARTALEN)
    if len(deel) < TEMPO_KWARTALEN:
        return None
    return float(deel["waarde"].sum()) / (3 * TEMPO_KWARTALEN)


def doelblokken(van: str, tot: str) -> list[tuple[str, str]]:
    """A target's window [van, tot] cut at the calendar quarters; a partial quarter at the
    start (end) is joined to the next (previous) piece, so every tile spans at least one full
    quarter unless the whole window is shorter."""
    stukken = []
    m = van
    while m <= tot:
        einde = min(kwartaal_einde(m), tot)
        stukken.append([m, einde])
        m = plus_maanden(einde, 1)

    def volledig(stuk):
        return stuk[0] == kwartaal_begin(stuk[0]) and stuk[1] == kwartaal_einde(stuk[0])

    if len(stukken) > 1 and not volledig(stukken[0]):
        eerste = stukken.pop(0)
        stukken[0][0] = eerste[0]
    if len(stukken) > 1 and not volledig(stukken[-1]):
        laatste = stukken.pop()
        stukken[-1][1] = laatste[1]
    return [tuple(s) for s in stukken]


def _tegels(van: str, tot: str, punt: str) -> list[tuple[str, str]]:
    """The released tiles that cover [van, punt]: the target's blocks up to `punt`, then the
    calendar quarters from there (a block that runs past `punt`, joined at the end, is covered
    by its quarters). `punt` must be a release point (see `stand_punten`)."""
    uit = []
    for a, b in doelblokken(van, tot):
        if b <= punt:
            uit.append((a, b))
    begin = plus_maanden(uit[-1][1], 1) if uit else van
    while begin <= punt:
        uit.append((begin, kwartaal_einde(begin)))
        begin = plus_maanden(kwartaal_einde(begin), 1)
    return uit


def stand_punten(doel: dict, laatste: str | None) -> list[str]:
    """The months at which a target's progress is released, up to `laatste` (the last month
    with data) and the deadline: the month before the start (nothing counted yet), the end of
    each tile of the target and every quarter end after the first tile. Targets on other
    indicators than `activeringen` count published monthly totals: every month."""
    if laatste is None:
        return []
    van, tot = str(doel["van"]), str(doel["tot"])
    start = plus_maanden(van, -1)
    grens = min(str(laatste), tot)
    punten = {start} if start <= str(laatste) else set()
    if not is_werkdoel(doel):
        punten |= set(van_tot(van, grens))
    else:
        blokken = doelblokken(van, tot)
        punten |= {b for _, b in blokken if b <= grens}
        punten |= {m for m in van_tot(blokken[0][1], grens) if is_kwartaaleinde(m)}
    return sorted(punten)


def snap(doel: dict, as_of: str, laatste: str | None) -> str | None:
    """The release point at or before `as_of`; `as_of` itself before the target starts (nothing
    is counted then). None when `as_of` lies after `laatste`."""
    if laatste is None or as_of > str(laatste):
        return None
    if as_of < plus_maanden(str(doel["van"]), -1):
        return as_of
    punten = [p for p in stand_punten(doel, laatste) if p <= as_of]
    return punten[-1] if punten else None


def is_werkdoel(doel: dict) -> bool:
    return str(doel.get("indicator") or "activeringen") == "activeringen"


@dataclass(frozen=True)
class Tegel:
    van: str
    tot: str
    waarde: int  # rounded


def _doel_tegels(reeks: pd.Series, doel: dict, basis: int) -> list[Tegel]:
    """Every released tile of a work target (blocks and the quarters between), with data."""
    van, tot = str(doel["van"]), str(doel["tot"])
    laatste = str(reeks.index.max()) if len(reeks) else None
    punten = stand_punten(doel, laatste)
    if not punten:
        return []
    tegels = dict.fromkeys(_tegels(van, tot, punten[-1]))
    for p in punten:
        tegels.update(dict.fromkeys(_tegels(van, tot, p)))
    return [
        Tegel(a, b, rond(_som(reeks, a, b), basis)) for a, b in tegels if _volledig(reeks, a, b)
    ]


def stand_uit(reeks: pd.Series, doel: dict, basis: int) -> pd.DataFrame:
    """A target's released progress from the exact monthly `reeks`: per release point
    (`stand_punten`) with data, `periode`, `cumulatief` (since the start: the sum of the rounded
    tiles up to it, kept on the side of the target that `gehaald` says) and `gehaald` (exact).
    Targets on other indicators count published totals: exact, every month."""
    van, tot = str(doel["van"]), str(doel["tot"])
    doelwaarde = int(round(float(doel["doelwaarde"])))
    laatste = str(reeks.index.max()) if len(reeks) else None
    punten = stand_punten(doel, laatste)
    if not is_werkdoel(doel):
        cum = [_som(reeks, van, p) for p in punten]
        gehaald = [c >= doelwaarde for c in cum]
        return pd.DataFrame({"periode": punten, "cumulatief": cum, "gehaald": gehaald})
    waarden = {(t.van, t.tot): t.waarde for t in _doel_tegels(reeks, doel, basis)}
    rijen = []
    for p in punten:
        tegels = _tegels(van, tot, p)
        if not all(t in waarden for t in tegels):  # a month without data: nothing to release
            continue
        afgerond = sum(waarden[t] for t in tegels)
        gehaald = _som(reeks, van, p) >= doelwaarde  # the outcome itself is released exactly
        getoond = max(afgerond, doelwaarde) if gehaald else min(afgerond, doelwaarde - 1)
        rijen.append((p, max(int(getoond), 0), bool(gehaald)))
    return pd.DataFrame(rijen, columns=["periode", "cumulatief", "gehaald"])


# --------------------------------------------------------------------------------------------
# what a reader gets: relations on the table by `bestemming`


def relaties_uit(
    reeks: pd.Series,
    doelen: Iterable[dict],
    basis: int,
    werk: Sequence[str] = WERK_BESTEMMINGEN,
    categorieen: Iterable[str] | None = None,
) -> list[Relatie]:
    """The relations a reader gets from the released work figures: every released tile (the
    full quarters and each target's tiles) as "the sum of the work cells over these months lies
    in the rounding interval", and every released outcome (reached or not at a release point)
    that the tiles do not already imply. `reeks`: exact work activations per month;
    `categorieen`: those of the table (nothing is released when not `vrijgeefbaar`)."""
    if reeks.empty or (categorieen is not None and not vrijgeefbaar(categorieen, werk)):
        return []
    werk = tuple(werk)
    uit: dict[tuple, Relatie] = {}

    def tegel(van, tot, waarde, bron):
        lo, hi = rond_bereik(waarde, basis)
        uit.setdefault((van, tot, lo, hi), Relatie(van, tot, werk, lo, hi, bron))

    for r in kwartalen_uit(reeks, basis).itertuples(index=False):
        tegel(r.van, r.periode, r.waarde, "kwartaal")
    for doel in doelen:
        if not is_werkdoel(doel):
            continue
        van, tot = str(doel["van"]), str(doel["tot"])
        waarden = {}
        for t in _doel_tegels(reeks, doel, basis):
            tegel(t.van, t.tot, t.waarde, f"doel {doel['doel_id']}")
            waarden[(t.van, t.tot)] = rond_bereik(t.waarde, basis)
        doelwaarde = int(round(float(doel["doelwaarde"])))
        for r in stand_uit(reeks, doel, basis).itertuples(index=False):
            bereiken = [waarden[t] for t in _tegels(van, tot, r.periode)]  # all released
            if r.gehaald and sum(lo for lo, _ in bereiken) < doelwaarde:
                sleutel = (van, r.periode, "gehaald")
                uit.setdefault(
                    sleutel, Relatie(van, r.periode, werk, doelwaarde, None, "doel gehaald")
                )
            if not r.gehaald and sum(hi for _, hi in bereiken) > doelwaarde - 1:
                sleutel = (van, r.periode, "niet")
                uit.setdefault(
                    sleutel, Relatie(van, r.periode, werk, 0, doelwaarde - 1, "doel niet gehaald")
                )
    return [r for r in uit.values() if r.van <= r.tot]


# --------------------------------------------------------------------------------------------
# "Wat als?": capacity derived from the protected table


def schatting(tabel: pd.DataFrame, rijtotaal: int, drempel: int) -> dict[str, float]:
    """Every cell of one released row, hidden ones estimated from what is shown: a "<5" as the
    middle of 1..drempel-1, the other hidden cells sharing what is left of the row total. Only
    shown numbers, markers and the published total go in: the estimate tells nothing new."""
    getoond = tabel[~tabel["onderdrukt"].astype(bool)]
    uit = {str(k): float(v) for k, v in zip(getoond["categorie"], getoond["aantal"], strict=True)}
    klein = [str(k) for k in tabel.loc[tabel["reden"] == REDEN_KLEIN, "categorie"]]
    verborgen = tabel["reden"].isin([REDEN_COMPLEMENTAIR, REDEN_VOLLEDIG])
    x = [str(k) for k in tabel.loc[verborgen, "categorie"]]
    rest = float(rijtotaal) - sum(uit.values())
    midden = drempel / 2
    if not x:
        uit.update(dict.fromkeys(klein, rest / len(klein) if klein else 0.0))
        return uit
    uit.update(dict.fromkeys(klein, min(midden, rest / (len(klein) + len(x)))))
    over = max(rest - sum(uit[k] for k in klein), 0.0)
    uit.update(dict.fromkeys(x, over / len(x)))
    return uit


def capaciteit(
    tabel: pd.DataFrame, totalen: pd.Series, tot: str, drempel: int, kwartalen: int = 2
) -> dict[str, float]:
    """Trajectory starts per month per pillar over the last `kwartalen` full quarters up to
    `tot`, from the released quarterly table by `pijler` (`queries.uitsplitsing`, council view)
    and the published quarterly totals (`totalen`, by quarter label). Pillars with only zeros
    in those quarters are left out."""
    deel = tabel[tabel["periode"] <= tot]
    vensters = sorted(set(deel["venster"]))[-kwartalen:]
    if not vensters:
        return {}
    som: dict[str, float] = {}
    for v in vensters:
        rij = deel[deel["venster"] == v]
        for k, w in schatting(rij, int(totalen[v]), drempel).items():
            som[k] = som.get(k, 0.0) + w
    n = 3 * len(vensters)
    return {k: w / n for k, w in som.items() if k != REST_CODE and w > 0}
