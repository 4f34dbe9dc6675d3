"""Merging categories when the rule hides too much (docs/privacy.md, "Samenvoegen").

A small municipality's breakdown can be hidden almost whole (Essen: 210 of 248 cells of its
table by destination). Instead of empty hatched boxes we show the finest level of the merge
hierarchy (`domein.niveaus`: broader categories, then for flows half-years and years, then the
total alone) at which the rule hides at most `MAX_VERBORGEN` of the cells.

Joint disclosure: the level is chosen over the whole history, never per requested window or
viewer class, so everyone but the municipality's analyst gets exactly one level of a breakdown
(never a finer and a coarser table side by side). The chosen table is protected together with
the released figures linked to it (`relaties`, translated to the merged codes).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from data_access.suppression.onderdrukking import zonder_onderdrukking
from data_access.suppression.samen import Relatie, beschermde_tabel
from data_access.suppression.vensters import aggregeer_reeks, aggregeer_stromen, is_stroom
from domein import REST_CODE, Indeling, Niveau, niveaus

#: A level is shown when at most this share of its cells is hidden ("<5" or "x").
MAX_VERBORGEN = 0.5
#: The code of the one category of the level "het totaal" (`domein.LABELS`: "Alle ...").
ALLE = "alle"


def voeg_samen(delen: pd.DataFrame, indeling: Indeling) -> pd.DataFrame:
    """Monthly cells (`periode, categorie, aantal`) summed to the codes of `indeling`."""
    if indeling.code == "fijn" or delen.empty:
        return delen
    code = delen["categorie"].map(indeling.code_van)
    return (
        delen.assign(categorie=code)
        .groupby(["periode", "categorie"], as_index=False, sort=False)["aantal"]
        .sum()
        .astype({"aantal": "int64"})
    )


def vertaal(relaties: Sequence[Relatie], indeling: Indeling) -> list[Relatie] | None:
    """The relations on the codes of `indeling`; None when one cannot be written on them (it
    covers part of a merged category: then that level cannot be protected jointly)."""
    if indeling.code == "fijn":
        return list(relaties)
    uit = []
    for r in relaties:
        groepen = {indeling.code_van(c) for c in r.categorieen}
        for groep, leden in indeling.groepen:
            if groep in groepen and not set(leden) <= set(r.categorieen):
                return None
        uit.append(Relatie(r.van, r.tot, tuple(sorted(groepen)), r.minimum, r.maximum, r.bron))
    return uit


def te_veel_verborgen(tabel: pd.DataFrame) -> bool:
    return bool(tabel.empty or tabel["onderdrukt"].mean() > MAX_VERBORGEN)


def _alleen_totaal(totalen: pd.Series, indicator: str, venster: str | None) -> pd.DataFrame:
    """The level "het totaal": the published totals (summed per window for flows), exact."""
    if is_stroom(indicator) and venster:
        totalen = aggregeer_reeks(totalen, venster)
    lang = pd.DataFrame(
        {"periode": [str(p) for p in totalen.index], "categorie": ALLE, "aantal": totalen.values}
    ).astype({"aantal": "int64"})
    return zonder_onderdrukking(lang, totalen=totalen)


def exact_op_niveau(
    delen: pd.DataFrame, totalen: pd.Series, *, indicator: str, niveau: Niveau
) -> pd.DataFrame:
    """The exact table at `niveau` (the municipality's own analyst), frame of `onderdruk`."""
    if niveau.indeling.code == "totaal":
        return _alleen_totaal(totalen, indicator, niveau.venster)
    lang = voeg_samen(delen, niveau.indeling)
    if is_stroom(indicator):
        lang = aggregeer_stromen(lang, niveau.venster or "kwartaal")
        totalen = aggregeer_reeks(totalen, niveau.venster or "kwartaal")
    return zonder_onderdrukking(lang, totalen=totalen)


def beschermd_op_niveau(
    delen: pd.DataFrame,
    totalen: pd.Series,
    *,
    indicator: str,
    dimensie: str,
    relaties: Sequence[Relatie] = (),
    drempel: int | None = None,
) -> tuple[pd.DataFrame, Niveau]:
    """The protected table at the finest level that hides at most `MAX_VERBORGEN` of its
    cells, and that level. `delen` and `totalen` as for `beschermde_tabel` (whole history).
    A dimension without a merge hierarchy keeps its one level, however much is hidden."""
    kandidaten = niveaus(dimensie, is_stroom(indicator))
    delen = delen[delen["categorie"] != REST_CODE]  # derived again from the totals
    for k, niveau in enumerate(kandidaten):
        if niveau.indeling.code == "totaal":
            return _alleen_totaal(totalen, indicator, niveau.venster), niveau
        eigen = vertaal(relaties, niveau.indeling)
        if eigen is None:
            continue
        try:
            tabel = beschermde_tabel(
                voeg_samen(delen, niveau.indeling),
                totalen,
                indicator=indicator,
                relaties=eigen,
                drempel=drempel,
                venster=niveau.venster or "kwartaal",
            )
        except RuntimeError:
            if k == 0:
                raise  # the finest level always could be protected: a real fault
            continue  # this level cannot be protected with the linked figures: coarser
        if k == len(kandidaten) - 1 or not te_veel_verborgen(tabel):
            return tabel, niveau
    raise RuntimeError("Geen niveau van de uitsplitsing laat zich beschermen.")  # pragma: no cover
