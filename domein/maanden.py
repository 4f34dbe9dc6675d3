"""Months as text `JJJJ-MM` (the project's one convention) and their arithmetic.

Every month sum in the project goes through a month number (months since year 0), so adding,
subtracting and counting months is plain integer arithmetic.
"""

from __future__ import annotations

import re

# For pandera and other text checks; `is_maand` for Python.
PATROON = r"^\d{4}-(0[1-9]|1[0-2])$"
_PATROON = re.compile(PATROON)


def is_maand(waarde: object) -> bool:
    return isinstance(waarde, str) and _PATROON.match(waarde) is not None


def maandnummer(periode: str) -> int:
    """Months since year 0: makes month arithmetic a plain integer sum."""
    if not is_maand(periode):
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
    """`aantal` consecutive months from `van` on."""
    start = maandnummer(van)
    return [uit_maandnummer(start + i) for i in range(aantal)]


def van_tot(van: str, tot: str) -> list[str]:
    """Months `van` … `tot` inclusive (empty when `tot` is earlier)."""
    return periodes(van, max(0, maanden_tussen(van, tot) + 1))


def kwartaal(periode: str) -> str:
    """'2024-05' -> '2024-K2' (sorts as text)."""
    return f"{periode[:4]}-K{(int(periode[5:7]) - 1) // 3 + 1}"


def halfjaar(periode: str) -> str:
    """'2024-05' -> '2024-H1' (sorts as text)."""
    return f"{periode[:4]}-H{1 if int(periode[5:7]) <= 6 else 2}"


def venster_maanden(venster: str) -> list[str]:
    """The months of a time window: '2024-K1' (quarter), '2024-H2' (half-year), '2024' (year)
    or a month '2024-05' (itself)."""
    venster = str(venster)
    if re.fullmatch(r"\d{4}", venster):
        return van_tot(f"{venster}-01", f"{venster}-12")
    jaar, _, deel = venster.partition("-")
    if deel[:1] in ("K", "H"):
        lengte = 3 if deel[0] == "K" else 6
        eerste = f"{jaar}-{lengte * (int(deel[1:]) - 1) + 1:02d}"
        return periodes(eerste, lengte)
    return [venster]
