"""Dutch number and date formats for the dashboard (pure functions, no Streamlit).

Conventions (architectuur.md): thousands with a dot, decimals with a comma (``1.234``, ``12,5``),
percentages without a space (``12,5%``), months as ``okt 2023`` / ``oktober 2023``.
Negative numbers and falls use the true minus sign U+2212 (``−60%``).

Rounding is *half up, away from zero* on the decimal notation of the number, so ``12.45``
becomes ``12,5`` (Python's ``round`` on the binary float would give 12.4): a council member who
checks a figure by hand gets the same answer.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pandas as pd
from pandas.api.types import is_bool_dtype

from domein import maanden as maanden_

TIJDZONE = ZoneInfo("Europe/Brussels")  # every time on screen and in a file is Belgian time
MIN = "\u2212"  # true minus sign
LEEG = "–"  # shown for a missing value (en dash)

MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MAANDEN_LANG = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# Plotly: first character is the decimal separator, second the thousands separator.
PLOTLY_SEPARATORS = ",."

_PERIODE = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")


# --------------------------------------------------------------------------------------------
# helpers


def is_leeg(waarde: object) -> bool:
    """True for None, NaN, pandas NA/NaT: a value that is not there (a string is never empty)."""
    if waarde is None:
        return True
    if isinstance(waarde, str):
        return False
    try:
        return bool(pd.isna(waarde))
    except (TypeError, ValueError):  # list-likes and other objects
        return False


def _decimaal(waarde: object) -> Decimal:
    if isinstance(waarde, bool) or isinstance(waarde, str):
        raise TypeError(f"geen getal: {waarde!r}")
    if isinstance(waarde, Decimal):
        d = waarde
    elif isinstance(waarde, numbers.Integral):
        d = Decimal(int(waarde))
    else:
        try:
            f = float(waarde)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise TypeError(f"geen getal: {waarde!r}") from exc
        # repr gives the shortest decimal that round-trips: 12.45 -> "12.45"
        d = Decimal(repr(f))
    if not d.is_finite():
        raise ValueError(f"geen eindig getal: {waarde!r}")
    return d


def afronden(waarde: object, decimalen: int = 0) -> Decimal:
    """Round half up (away from zero) on the decimal notation; returns a ``Decimal``."""
    d = _decimaal(waarde)
    kwantum = Decimal(1).scaleb(-decimalen)
    return d.quantize(kwantum, rounding=ROUND_HALF_UP)


def _met_scheiders(d: Decimal, decimalen: int) -> str:
    """Format a non-negative, already rounded Decimal with Dutch separators."""
    tekst = f"{d:,.{decimalen}f}"  # 1,234.5
    return tekst.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _teken(d: Decimal, plus: bool) -> str:
    if d < 0:
        return MIN
    if d > 0 and plus:
        return "+"
    return ""


# --------------------------------------------------------------------------------------------
# numbers


def getal(waarde: object, decimalen: int = 0, *, plus: bool = False) -> str:
    """Dutch number: ``getal(1234) -> "1.234"``, ``getal(12.5, 1) -> "12,5"``.

    ``None``/NA gives ``"–"``; a string (e.g. ``"<5"`` or ``"x"`` from a suppressed cell) is
    returned unchanged, so a disclosure-controlled ``weergave`` value is never turned into a
    number. Negative values get the true minus sign; ``plus=True`` adds ``+`` for positives.
    A value that rounds to zero never shows a sign (no ``−0``).
    """
    if isinstance(waarde, str):
        return waarde
    if is_leeg(waarde):
        return LEEG
    d = afronden(waarde, decimalen)
    return _teken(d, plus) + _met_scheiders(abs(d), decimalen)


def procent(aandeel: object, decimalen: int = 1, *, plus: bool = False) -> str:
    """A fraction as a Dutch percentage: ``procent(0.125) -> "12,5%"``.

    ``decimalen`` is the number of decimals of the percentage (default 1: ``"12,5%"``; use 0
    for ``"66%"``). Strings pass through unchanged, missing values give ``"–"``.
    """
    if isinstance(aandeel, str):
        return aandeel
    if is_leeg(aandeel):
        return LEEG
    d = afronden(_decimaal(aandeel) * 100, decimalen)
    return _teken(d, plus) + _met_scheiders(abs(d), decimalen) + "%"


def verschil_procent(verschil: object, decimalen: int = 0) -> str:
    """A relative change with its sign: ``verschil_procent(-0.6) -> "−60%"``, ``0.25 -> "+25%"``.

    A change that rounds to zero is ``"0%"`` (no sign).
    """
    return procent(verschil, decimalen, plus=True)


def euro(bedrag: object, decimalen: int = 0) -> str:
    """``euro(320156) -> "€ 320.156"``; negative amounts: ``"−€ 1.234"``."""
    if isinstance(bedrag, str):
        return bedrag
    if is_leeg(bedrag):
        return LEEG
    d = afronden(bedrag, decimalen)
    return _teken(d, False) + "€ " + _met_scheiders(abs(d), decimalen)


# --------------------------------------------------------------------------------------------
# probabilities

KANS_SCHAAL: tuple[tuple[int, int, str], ...] = (
    # (lowest rounded %, highest rounded %, label) — on the probability rounded to 5%,
    # so one displayed number always gets one word. Symmetric around 50%.
    (0, 5, "zeer onwaarschijnlijk"),
    (10, 20, "onwaarschijnlijk"),
    (25, 40, "eerder onwaarschijnlijk"),
    (45, 55, "even waarschijnlijk"),
    (60, 75, "eerder waarschijnlijk"),
    (80, 90, "waarschijnlijk"),
    (95, 100, "zeer waarschijnlijk"),
)


def kans_afgerond(p: float) -> int:
    """Probability rounded half up to a multiple of 5, as whole percent (0…100)."""
    if is_leeg(p):
        raise ValueError("geen kans opgegeven")
    d = _decimaal(p)
    if d < 0 or d > 1:
        raise ValueError(f"een kans ligt tussen 0 en 1, niet {p!r}")
    twintigsten = (d * 20).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(twintigsten) * 5


def kans(p: object) -> str:
    """Probability rounded to 5%: ``kans(0.347) -> "35%"``.

    A model never gives certainty, so the ends are shown as ``"<5%"`` and ``">95%"`` instead
    of ``"0%"`` / ``"100%"``. Missing gives ``"–"``.
    """
    if is_leeg(p):
        return LEEG
    r = kans_afgerond(p)  # type: ignore[arg-type]
    if r == 0:
        return "<5%"
    if r == 100:
        return ">95%"
    return f"{r}%"


def kans_label(p: object) -> str:
    """Verbal probability on a fixed scale (bands on the value rounded to 5%).

    ===================  =====================  ===================
    rounded probability  raw probability p      label
    ===================  =====================  ===================
    0–5%                 p < 0,075              zeer onwaarschijnlijk
    10–20%               0,075 ≤ p < 0,225      onwaarschijnlijk
    25–40%               0,225 ≤ p < 0,425      eerder onwaarschijnlijk
    45–55%               0,425 ≤ p < 0,575      even waarschijnlijk
    60–75%               0,575 ≤ p < 0,775      eerder waarschijnlijk
    80–90%               0,775 ≤ p < 0,925      waarschijnlijk
    95–100%              p ≥ 0,925              zeer waarschijnlijk
    ===================  =====================  ===================
    """
    if is_leeg(p):
        return LEEG
    r = kans_afgerond(p)  # type: ignore[arg-type]
    for laag, hoog, tekst in KANS_SCHAAL:
        if laag <= r <= hoog:
            return tekst
    raise AssertionError(r)  # pragma: no cover - the scale covers 0…100


# --------------------------------------------------------------------------------------------
# months


def _jaar_maand(periode: object) -> tuple[int, int]:
    """``"2023-10"`` (or a date/Timestamp/Period) → (2023, 10)."""
    if isinstance(periode, str):
        m = _PERIODE.match(periode.strip())
        if not m:
            raise ValueError(f"periode moet de vorm JJJJ-MM hebben, niet {periode!r}")
        jaar, maandnr = int(m.group(1)), int(m.group(2))
    elif hasattr(periode, "year") and hasattr(periode, "month"):
        jaar, maandnr = int(periode.year), int(periode.month)  # type: ignore[attr-defined]
    else:
        raise TypeError(f"geen periode: {periode!r}")
    if not 1 <= maandnr <= 12:
        raise ValueError(f"ongeldige maand in {periode!r}")
    return jaar, maandnr


def maand(periode: object) -> str:
    """``maand("2023-10") -> "okt 2023"``."""
    jaar, m = _jaar_maand(periode)
    return f"{MAANDEN_KORT[m - 1]} {jaar}"


def maand_lang(periode: object) -> str:
    """``maand_lang("2023-10") -> "oktober 2023"``."""
    jaar, m = _jaar_maand(periode)
    return f"{MAANDEN_LANG[m - 1]} {jaar}"


def periode(periode: object) -> str:
    """Normalise to ``"YYYY-MM"``."""
    jaar, m = _jaar_maand(periode)
    return f"{jaar:04d}-{m:02d}"


def periode_plus(periode_: object, maanden: int) -> str:
    """``periode_plus("2023-11", 2) -> "2024-01"``."""
    return maanden_.plus_maanden(periode(periode_), maanden)


def maanden_tussen(van: object, tot: object) -> int:
    """Number of months from ``van`` to ``tot`` (``"2023-01"``→``"2023-03"`` is 2)."""
    return maanden_.maanden_tussen(periode(van), periode(tot))


def datum(periode_: object) -> str:
    """Plotly date value for a month: ``"2023-10" -> "2023-10-01"``."""
    jaar, m = _jaar_maand(periode_)
    return dt.date(jaar, m, 1).isoformat()


def tijdstip(waarde: object) -> str:
    """A moment as Belgian local time: ``tijdstip("2026-11-22 17:31") -> "22 nov 2026 18:31"``.

    The database keeps UTC (a timestamp without zone is UTC); every page shows Europe/Brussels,
    so Data & methode and Beheer give one release the same time."""
    if is_leeg(waarde):
        return LEEG
    ts = pd.Timestamp(waarde)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts
    ts = ts.tz_convert(TIJDZONE)
    return f"{ts.day} {MAANDEN_KORT[ts.month - 1]} {ts.year} {ts:%H:%M}"


# --------------------------------------------------------------------------------------------
# tables: one rule for the screen and for every CSV
#
# A numeric column is shown with the decimals its values need, at most 2 (``14,25``); a whole
# number column without decimals (``1.234``). The CSV holds the same rounding, with a decimal
# comma and without thousands separator (``1234``; ``14,25``), an ASCII minus, and an empty
# cell where the screen shows ``–``. Text cells (``<5``, ``x``, ``35%``, names) stay as they are.

MAX_DECIMALEN = 2
#: Whole numbers that are labels, not amounts: never a thousands separator (``2023``, ``#12``).
_CODEKOLOMMEN = frozenset({"jaar", "id", "nr", "release", "nis"})


def decimalen(kolom) -> int:
    """Decimals needed to show the numbers of a column as stored (at most ``MAX_DECIMALEN``)."""
    nodig = 0
    for w in kolom:
        if isinstance(w, str | bool) or is_leeg(w):
            continue
        try:
            f = float(w)
        except (TypeError, ValueError):
            continue
        for d in range(MAX_DECIMALEN + 1):
            if abs(f - round(f, d)) < 1e-9:
                nodig = max(nodig, d)
                break
        else:
            return MAX_DECIMALEN
    return nodig


def _is_getal(w: object) -> bool:
    return isinstance(w, numbers.Number | Decimal) and not isinstance(w, bool)


def _cel_scherm(w: object, dec: int, code: bool, maanden: bool) -> str:
    if isinstance(w, str):
        return maand(w) if maanden and maanden_.is_maand(w) else w
    if is_leeg(w):
        return LEEG
    if isinstance(w, bool):
        return "ja" if w else "nee"
    if _is_getal(w):
        return str(int(w)) if code and float(w).is_integer() else getal(w, dec)
    return str(w)


def getal_csv(waarde: object, decimalen: int = 0) -> str:
    """A number for a CSV cell: rounded as on screen, decimal comma, no thousands separator,
    ASCII minus (``-9,4``); missing is an empty cell."""
    if is_leeg(waarde):
        return ""
    d = afronden(waarde, decimalen)
    if d == 0:
        d = abs(d)  # no "-0"
    return f"{d:.{decimalen}f}".replace(".", ",")


#: A text cell that is a Dutch number as shown ("1.234", "−9,4", "+12,5%"): the CSV writes it
#: as a number too (no thousands dot, ASCII minus), so one rule holds for every cell.
_NL_GETAL_TEKST = re.compile(r"([+\u2212-]?)(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(%?)")


def _tekst_csv(w: str) -> str:
    m = _NL_GETAL_TEKST.fullmatch(w)
    if not m:
        return w
    teken, geheel, rest, procent = m.groups()
    teken = "-" if teken in (MIN, "-") else teken
    return teken + geheel.replace(".", "") + (rest or "") + procent


def _cel_csv(w: object, dec: int, code: bool) -> str:
    if isinstance(w, str):
        return _tekst_csv(w)
    if is_leeg(w):
        return ""
    if isinstance(w, bool):
        return "ja" if w else "nee"
    if _is_getal(w):
        return str(int(w)) if code and float(w).is_integer() else getal_csv(w, dec)
    return str(w)


def _kolommen(tabel: pd.DataFrame):
    for positie, naam in enumerate(tabel.columns):
        kolom = tabel.iloc[:, positie]
        code = str(naam).strip().lower() in _CODEKOLOMMEN
        dec = 0 if is_bool_dtype(kolom) else decimalen(kolom)
        yield positie, kolom, dec, code


def tabel_scherm(tabel: pd.DataFrame, *, maanden: bool = True) -> pd.DataFrame:
    """The table as Dutch text, cell by cell, for ``st.dataframe`` and the exports:
    ``1.234``, ``14,25``, ``−3``, ``–`` for missing, ``ja``/``nee``, months as ``okt 2023``."""
    uit = pd.DataFrame(index=tabel.index)
    for positie, kolom, dec, code in _kolommen(tabel):
        uit[positie] = [_cel_scherm(w, dec, code, maanden) for w in kolom]
    uit.columns = [str(k) for k in tabel.columns]
    return uit.reset_index(drop=True)


def tabel_csv(tabel: pd.DataFrame) -> pd.DataFrame:
    """The table's CSV cells (all text): the screen's rounding with a decimal comma and no
    thousands separator; months stay ``JJJJ-MM`` (they sort in a spreadsheet)."""
    uit = pd.DataFrame(index=tabel.index)
    for positie, kolom, dec, code in _kolommen(tabel):
        uit[positie] = [_cel_csv(w, dec, code) for w in kolom]
    uit.columns = [str(k) for k in tabel.columns]
    return uit.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Plotly side


def maand_ticks(perioden, max_ticks: int = 6) -> tuple[list[str], list[str]]:
    """Tick positions (``YYYY-MM-01``) and Dutch labels (``"jan 2021"``) for a month axis.

    Plotly has no Dutch locale built in; instead of relying on d3 month names we set the ticks
    explicitly (``tickmode="array"``), which renders the same in the browser and in a static
    Kaleido export. The step (1, 2, 3, 6, 12, 24… months) is the smallest that keeps at most
    ``max_ticks`` month labels (or 1,5 × as many year labels); ticks fall on months that are a
    multiple of the step from January (e.g. jan/apr/jul/okt for 3), so labels are stable when
    the range grows. With a step of
    a year or more the ticks sit on January and show the year alone (``"2021"``).
    """
    ps = sorted({periode(p) for p in perioden})
    if not ps:
        return [], []
    eerste, laatste = ps[0], ps[-1]
    n = maanden_tussen(eerste, laatste) + 1
    index0 = maanden_.maandnummer(eerste)
    laatste_index = index0 + n - 1
    for stap in (1, 2, 3, 6, 12, 24, 36, 60, 120):
        eerste_tick = -(-index0 // stap) * stap
        aantal = 0 if eerste_tick > laatste_index else (laatste_index - eerste_tick) // stap + 1
        # a year alone ("2021") is half as wide as "jan 2021": allow more of them
        limiet = max_ticks if stap % 12 else max(max_ticks, round(max_ticks * 1.5))
        if aantal <= limiet:
            break
    vals: list[str] = []
    teksten: list[str] = []
    i = eerste_tick
    while i <= laatste_index:
        p = maanden_.uit_maandnummer(i)
        vals.append(datum(p))
        # yearly steps fall on January: the year alone is the usual, shortest label
        teksten.append(p[:4] if stap % 12 == 0 else maand(p))
        i += stap
    if not vals:  # a range shorter than the step: label its first month
        vals, teksten = [datum(eerste)], [maand(eerste)]
    return vals, teksten


def nl_maandas(fig, perioden, *, max_ticks: int = 6, assen: str | None = None):
    """Give the figure's x axes Dutch month ticks (see :func:`maand_ticks`); returns ``fig``.

    ``assen`` selects axes like ``fig.update_xaxes(selector=...)``; default all x axes.
    The traces must use :func:`datum` values (``YYYY-MM-01``) on x.
    """
    vals, teksten = maand_ticks(perioden, max_ticks=max_ticks)
    kwargs = {} if assen is None else {"selector": {"anchor": assen}}
    fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=vals,
        ticktext=teksten,
        tickangle=0,
        hoverformat="%m/%Y",
        **kwargs,
    )
    return fig


def nl_getallen(fig):
    """Dutch separators for every number d3 formats in the figure (ticks, hover, texttemplate)."""
    fig.update_layout(separators=PLOTLY_SEPARATORS)
    return fig
