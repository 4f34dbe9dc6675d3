"""Checks on input series of months (month arithmetic itself lives in `domein.maanden`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from domein.maanden import maandnummer


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
