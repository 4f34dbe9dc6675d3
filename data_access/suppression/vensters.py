"""Flows: small monthly counts are published per complete quarter or as 12-month sums, and the
protected breakdown over such windows (`beschermde_uitsplitsing`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from data_access.suppression.onderdrukking import _gehele_getallen, onderdruk
from data_access.suppression.regel import STROMEN, controleer_drempel, drempel_uit_omgeving
from domein.maanden import halfjaar, kwartaal, maandnummer, uit_maandnummer, venster_maanden

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
    elif wijze in ("halfjaar", "jaar"):
        label = halfjaar if wijze == "halfjaar" else (lambda p: p[:4])
        for p in sorted(aanwezig):
            maanden = venster_maanden(label(p))
            if all(m in aanwezig for m in maanden):
                vensters[label(p)] = maanden
    elif wijze == "12m":
        for p in sorted(aanwezig):
            k = maandnummer(p)
            maanden = [uit_maandnummer(k - i) for i in range(11, -1, -1)]
            if all(m in aanwezig for m in maanden):
                vensters[p] = maanden
    else:
        raise ValueError(
            f"Onbekende wijze {wijze!r}: kies 'kwartaal', 'halfjaar', 'jaar' of '12m'."
        )
    return vensters


def aggregeer_stromen(
    lang: pd.DataFrame,
    wijze: Literal["kwartaal", "halfjaar", "jaar", "12m"] = "kwartaal",
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


def aggregeer_reeks(
    reeks: pd.Series, wijze: Literal["kwartaal", "halfjaar", "jaar", "12m"] = "kwartaal"
) -> pd.Series:
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
    wijze_stromen: Literal["kwartaal", "halfjaar", "jaar", "12m"] = "kwartaal",
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
