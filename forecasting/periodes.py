"""Month periods as text `YYYY-MM` (the project's convention) and checks on input series."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_PATROON = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def maandnummer(periode: str) -> int:
    """Months since year 0: makes month arithmetic a plain integer sum."""
    if not isinstance(periode, str) or not _PATROON.match(periode):
        raise ValueError(f"Ongeldige periode {periode!r}: verwacht 'JJJJ-MM'.")
    return int(periode[:4]) * 12 + int(periode[5:7]) - 1


def uit_maandnummer(nummer: int) -> str:
    jaar, maand = divmod(int(nummer), 12)
    return f"{jaar:04d}-{maand + 1:02d}"


def plus_maanden(periode: str, k: int) -> str:
    return uit_maandnummer(maandnummer(periode) + k)


def maanden_tussen(van: str, tot: str) -> int:
    """Number of months from `van` to `tot` (0 when equal, negative when `tot` is earlier)."""
    return maandnummer(tot) - maandnummer(van)


def periodes(van: str, aantal: int) -> list[str]:
    start = maandnummer(van)
    return [uit_maandnummer(start + i) for i in range(aantal)]


def controleer_reeks(reeks: pd.Series, naam: str = "reeks") -> pd.Series:
    """Check the input contract: index `YYYY-MM` ascending without gaps, finite values >= 0.

    Returns the series as float with a plain string index, so callers can rely on it.
    """
    if not isinstance(reeks, pd.Series):
        raise TypeError(f"{naam}: verwacht een pandas.Series, kreeg {type(reeks).__name__}.")
    if len(reeks) == 0:
        raise ValueError(f"{naam}: de reeks is leeg.")
    index = [str(p) for p in reeks.index]
    nummers = np.array([maandnummer(p) for p in index])
    if len(nummers) > 1 and not np.all(np.diff(nummers) == 1):
        raise ValueError(f"{naam}: periodes moeten oplopend en zonder gaten zijn.")
    waarden = pd.to_numeric(reeks, errors="coerce").to_numpy(dtype=float)
    if not np.all(np.isfinite(waarden)):
        raise ValueError(f"{naam}: de reeks bevat lege of niet-numerieke waarden.")
    if np.any(waarden < 0):
        raise ValueError(f"{naam}: de reeks bevat negatieve waarden.")
    return pd.Series(waarden, index=pd.Index(index, name="periode"), name=reeks.name)


def tot_en_met(reeks: pd.Series, periode: str) -> pd.Series:
    """The part of a series up to and including `periode` (the as-of cut: no peeking)."""
    grens = maandnummer(periode)
    houden = [maandnummer(p) <= grens for p in reeks.index]
    return reeks[np.array(houden, dtype=bool)]
