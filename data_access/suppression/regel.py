"""The rule's settings and words: threshold and margins, reasons, how a cell is shown, and
percentages (only with a denominator of at least `MINIMALE_NOEMER`)."""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd

STANDAARD_DREMPEL = 5
MINIMALE_DREMPEL = 3
MINIMALE_NOEMER = 20
# The algorithm asks more than the audit: every "<5" must be able to take at least 3 values
# (2 is the audit's minimum, privacy.md). Measured on all rows of 3 categories with total <= 16 and
# threshold 5: an attacker who also knows this algorithm can pin 49 hidden cells with margin 2,
# 6 with margin 3 (7-9% more hidden cells). See docs/privacy.md.
STANDAARD_MARGE = 3
AUDIT_MARGE = 2
OMGEVINGSVARIABELE = "LEEFLOONMONITOR_DREMPEL"

# Flows are small monthly counts: breakdowns of these are published per quarter / 12 months.
STROMEN = ("instroom", "uitstroom", "activeringen", "trajectstarts")

REDEN_GEEN = ""
REDEN_KLEIN = "klein"
REDEN_COMPLEMENTAIR = "complementair"
REDEN_VOLLEDIG = "volledig"
TEKEN_VERBORGEN = "x"

UITVOER_KOLOMMEN = ("aantal", "weergave", "onderdrukt", "reden")

# Internal cell kinds.
_GETOOND, _KLEIN, _COMPL, _VOLLEDIG = 0, 1, 2, 3
_REDEN = {_GETOOND: REDEN_GEEN, _KLEIN: REDEN_KLEIN, _COMPL: REDEN_COMPLEMENTAIR}
_REDEN[_VOLLEDIG] = REDEN_VOLLEDIG
_SOORT_VAN_REDEN = {v: k for k, v in _REDEN.items()}


# --------------------------------------------------------------------------------------------
# Threshold
# --------------------------------------------------------------------------------------------


def controleer_drempel(drempel: int) -> int:
    """Return the threshold as int; raise ValueError (Dutch) when it is not an integer >= 3."""
    if isinstance(drempel, bool) or not isinstance(drempel, int | np.integer):
        raise ValueError(f"De drempel moet een geheel getal zijn (gekregen: {drempel!r}).")
    if drempel < MINIMALE_DREMPEL:
        raise ValueError(
            f"De drempel voor kleine aantallen moet minstens {MINIMALE_DREMPEL} zijn "
            f"(gekregen: {drempel}). Een lagere drempel maakt personen herkenbaar."
        )
    return int(drempel)


def controleer_marge(marge: int) -> int:
    """The protection margin: how many values a hidden "<5" cell must be able to take (>= 2)."""
    if isinstance(marge, bool) or not isinstance(marge, int | np.integer) or marge < 2:
        raise ValueError(
            f"De beschermingsmarge moet een geheel getal >= 2 zijn (gekregen: {marge!r})."
        )
    return int(marge)


def drempel_uit_omgeving() -> int:
    """Threshold from ``LEEFLOONMONITOR_DREMPEL`` (default 5); below 3 raises ValueError."""
    ruw = os.environ.get(OMGEVINGSVARIABELE, "").strip()
    if not ruw:
        return STANDAARD_DREMPEL
    try:
        waarde = int(ruw)
    except ValueError:
        raise ValueError(
            f"{OMGEVINGSVARIABELE} moet een geheel getal zijn (gekregen: {ruw!r})."
        ) from None
    return controleer_drempel(waarde)


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def formatteer_aantal(waarde: int) -> str:
    """Dutch thousands separator: 1234 -> '1.234'."""
    return f"{int(waarde):,}".replace(",", ".")


def klein_teken(drempel: int) -> str:
    return f"<{drempel}"


def formatteer_percentage(waarde: float | None, decimalen: int = 1) -> str:
    """12.5 -> '12,5%'; None -> ''."""
    if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)):
        return ""
    tekst = f"{waarde:,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{tekst}%"


# --------------------------------------------------------------------------------------------
# Percentages
# --------------------------------------------------------------------------------------------


def percentage(teller, noemer, *, minimum_noemer: int = MINIMALE_NOEMER) -> float | None:
    """100 * teller / noemer, or None when the denominator is missing or below 20."""
    if teller is None or noemer is None or pd.isna(teller) or pd.isna(noemer):
        return None
    if noemer < minimum_noemer or noemer <= 0:
        return None
    return 100.0 * float(teller) / float(noemer)


def aandelen(
    tabel: pd.DataFrame,
    noemers: pd.Series,
    *,
    rij: str = "periode",
    minimum_noemer: int = MINIMALE_NOEMER,
    decimalen: int = 1,
) -> pd.DataFrame:
    """Add shares to a table from ``onderdruk``/``zonder_onderdrukking``.

    ``noemers``: the published denominator per row (e.g. the municipality total per month).
    Adds ``aandeel`` (Float64, percent, <NA> where the cell is hidden or the denominator is
    below 20 — a share of a hidden cell would reveal it) and ``aandeel_weergave`` ("12,5%" or "").
    """
    noemer = noemers.reindex(tabel[rij]).to_numpy(dtype=float, na_value=np.nan)
    teller = tabel["aantal"].to_numpy(dtype=float, na_value=np.nan)
    geldig = ~np.isnan(teller) & ~np.isnan(noemer) & (noemer >= minimum_noemer) & (noemer > 0)
    waarden = np.full(len(tabel), np.nan)
    np.divide(100.0 * teller, noemer, out=waarden, where=geldig)
    aandeel = pd.array(np.round(waarden, decimalen), dtype="Float64")
    aandeel[~geldig] = pd.NA
    return tabel.assign(
        aandeel=aandeel,
        aandeel_weergave=[
            formatteer_percentage(float(w), decimalen) if g else ""
            for w, g in zip(waarden, geldig, strict=True)
        ],
    )
