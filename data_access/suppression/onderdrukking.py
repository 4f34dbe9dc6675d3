"""The suppression algorithm (primary, complementary, whole lines) and the frames in and out:
`onderdruk` and `zonder_onderdrukking`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.suppression.lp import _bouw_model, _Lijn, _lijn_onthuld, _lp_onthuld, _Model
from data_access.suppression.regel import (
    _COMPL,
    _GETOOND,
    _KLEIN,
    _REDEN,
    _VOLLEDIG,
    REDEN_GEEN,
    STANDAARD_DREMPEL,
    STANDAARD_MARGE,
    TEKEN_VERBORGEN,
    controleer_drempel,
    controleer_marge,
    formatteer_aantal,
    klein_teken,
)
from domein import REST_CODE

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
        shown (capped at drempel-1). 2 is the minimum of privacy.md (what the audit checks); the
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
