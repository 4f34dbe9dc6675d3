"""The independent audit: from what is shown only, which hidden cells an attacker can pin or
narrow (`herleidbare_cellen`, `verborgen_bereiken`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from data_access.suppression.lp import _bouw_model, _gevoelig, _is_onthuld, _lp_bereiken, _Model
from data_access.suppression.regel import (
    _GETOOND,
    _KLEIN,
    _REDEN,
    _SOORT_VAN_REDEN,
    _VOLLEDIG,
    AUDIT_MARGE,
    REDEN_GEEN,
    STANDAARD_DREMPEL,
    controleer_drempel,
    controleer_marge,
    klein_teken,
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
