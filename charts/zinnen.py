"""Generated plain-Dutch sentences for KPI cards, charts and slides (pure functions).

Every function returns ``None`` instead of a sentence when a number it needs is missing or
suppressed (``None``, NA, NaN, or a display string such as ``"<5"`` or ``"x"``): we never
write a sentence about a hidden number. Numbers follow :mod:`charts.formaat` (``1.234``,
``12,5``, ``−60%`` with a true minus sign).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from . import formaat

ONDERWERP = {
    "leefloongerechtigden": "het aantal leefloongerechtigden",
    "instroom": "de instroom",
    "uitstroom": "de uitstroom",
    "activeringen": "het aantal activeringen",
    "trajectstarts": "het aantal trajectstarts",
}

# (singular, plural) of what is counted, for "… per 1.000 inwoners"
TELWOORD = {
    "leefloongerechtigden": ("leefloongerechtigde", "leefloongerechtigden"),
    "instroom": ("nieuwe leefloongerechtigde", "nieuwe leefloongerechtigden"),
    "uitstroom": ("uitstromer uit het leefloon", "uitstromers uit het leefloon"),
    "activeringen": ("activering", "activeringen"),
    "trajectstarts": ("trajectstart", "trajectstarts"),
}

_GEHEEL = re.compile(r"^\s*\d+\s*$")


# --------------------------------------------------------------------------------------------
# helpers


def _zichtbaar(waarde: object) -> Decimal | None:
    """The number behind a value, or None when it is missing or suppressed.

    Accepts numbers and plain digit strings (``"12"`` from a ``weergave`` column); anything
    else that is a string (``"<5"``, ``"x"``) counts as suppressed."""
    if isinstance(waarde, bool):
        return None
    if isinstance(waarde, str):
        return Decimal(waarde.strip()) if _GEHEEL.match(waarde) else None
    if formaat.is_leeg(waarde):
        return None
    try:
        return formaat._decimaal(waarde)
    except (TypeError, ValueError):
        return None


def meervoud(aantal: object, enkelvoud: str, meervoud_: str) -> str:
    """``1 activering``, ``2 activeringen``, ``1,5 activeringen`` (only exactly 1 is singular)."""
    d = _zichtbaar(aantal)
    return enkelvoud if d is not None and d == 1 else meervoud_


def _afgerond_procent(teller: Fraction) -> int:
    """Whole percent, half away from zero, computed exactly (no float error)."""
    honderd = teller * 100
    d = Decimal(honderd.numerator) / Decimal(honderd.denominator)
    return int(d.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def relatieve_verandering(van: object, tot: object) -> Fraction | None:
    """(tot − van) / van as an exact fraction; None when van is 0 or a value is hidden."""
    a, b = _zichtbaar(van), _zichtbaar(tot)
    if a is None or b is None or a == 0:
        return None
    return (Fraction(b) - Fraction(a)) / Fraction(a)


def _onderwerp(indicator: str) -> str:
    if indicator in ONDERWERP:
        return ONDERWERP[indicator]
    if indicator.startswith(("het ", "de ")):
        return indicator
    return f"het aantal {indicator}"


def _maand(periode: str) -> str:
    return formaat.maand_lang(periode)


# --------------------------------------------------------------------------------------------
# sentences


def verloop_zin(
    *,
    gemeente: str,
    indicator: str,
    van: tuple[str, object],
    tot: tuple[str, object],
    decimalen: int = 0,
    recent: tuple[str, object] | None = None,
) -> str | None:
    """How a figure changed between two months.

    ``verloop_zin(gemeente="Essen", indicator="leefloongerechtigden", van=("2021-04", 83),
    tot=("2023-10", 33))`` gives "In Essen daalde het aantal leefloongerechtigden van 83
    (april 2021) naar 33 (oktober 2023), −60%."

    The change is given in whole percent (half away from zero); a change under 0,5% gets one
    decimal, one under 0,05% no percentage. Direction and percentage use the numbers as shown.
    From 0 there is no percentage. ``indicator`` is a code from ``domein.INDICATOREN`` or a
    Dutch noun phrase.

    ``recent=(month, value)``: the start of a recent stretch (say 12 months before ``tot``).
    When the figure moved the other way since then, the sentence names that turn, so a headline
    never hides it: "… naar 1.279 (september 2026): −10% sinds oktober 2021, maar +10% in het
    laatste jaar."
    """
    (p_van, w_van), (p_tot, w_tot) = van, tot
    a, b = _zichtbaar(w_van), _zichtbaar(w_tot)
    if a is None or b is None:
        return None
    a = formaat.afronden(a, decimalen)
    b = formaat.afronden(b, decimalen)
    onderwerp = _onderwerp(indicator)
    m_van, m_tot = _maand(p_van), _maand(p_tot)
    if a == b:
        return (
            f"In {gemeente} bleef {onderwerp} gelijk: {formaat.getal(a, decimalen)} in {m_van} "
            f"en in {m_tot}."
        )
    werkwoord = "steeg" if b > a else "daalde"
    zin = (
        f"In {gemeente} {werkwoord} {onderwerp} van {formaat.getal(a, decimalen)} ({m_van}) "
        f"naar {formaat.getal(b, decimalen)} ({m_tot})"
    )
    procent = procent_tekst(a, b)
    keer = _keerpunt(recent, a, b, p_tot, decimalen)
    if procent and keer:
        return f"{zin}: {procent} sinds {m_van}, maar {keer}."
    return f"{zin}, {procent}." if procent else f"{zin}."


def _keerpunt(
    recent: tuple[str, object] | None, a: Decimal, b: Decimal, p_tot: str, decimalen: int
) -> str | None:
    """'+10% in het laatste jaar' when the figure moved against the direction a → b since the
    month `recent` (None when it did not, or it cannot be said)."""
    if recent is None:
        return None
    p_recent, w_recent = recent
    r = _zichtbaar(w_recent)
    if r is None:
        return None
    r = formaat.afronden(r, decimalen)
    if r == b or (b > a) == (b > r):
        return None
    procent = procent_tekst(r, b)
    if procent is None:
        return None
    if formaat.maanden_tussen(p_recent, p_tot) == 12:
        return f"{procent} in het laatste jaar"
    return f"{procent} sinds {_maand(p_recent)}"


def procent_tekst(van: object, tot: object) -> str | None:
    """The signed relative change as written in sentences: ``"−60%"``, ``"+0,4%"``; None when
    it cannot be computed (from 0, hidden) or is below 0,05%."""
    r = relatieve_verandering(van, tot)
    if r is None:
        return None
    geheel = _afgerond_procent(r)
    if geheel != 0:
        return formaat.verschil_procent(Decimal(geheel) / 100)
    d = Decimal(r.numerator) / Decimal(r.denominator)
    if formaat.afronden(d * 100, 1) == 0:
        return None
    return formaat.verschil_procent(d, 1)


def pact_zin(
    *,
    gemeente: str,
    gerealiseerd: object,
    doelwaarde: object,
    deadline: str | None = None,
    as_of: str | None = None,
    nodig_per_maand: object = None,
    huidig_tempo: object = None,
    enkelvoud: str = "activering",
    meervoud_: str = "activeringen",
) -> str | None:
    """Progress towards the pact target.

    ``pact_zin(gemeente="Mechelen", gerealiseerd=412, doelwaarde=629, deadline="2026-12")``
    gives "Mechelen realiseerde 412 van de 629 activeringen (66%); tegen december 2026 zijn er
    nog 217 nodig."

    With ``nodig_per_maand`` (and ``huidig_tempo``) the pace is added. The share is never shown
    as 100% before the target is reached (it is capped at 99%).
    """
    g, d = _zichtbaar(gerealiseerd), _zichtbaar(doelwaarde)
    if g is None or d is None or d <= 0:
        return None
    aandeel = Fraction(g) / Fraction(d)
    pct = _afgerond_procent(aandeel)
    n_g, n_d = formaat.getal(g), formaat.getal(d)
    if g >= d:
        woord = meervoud(g, enkelvoud, meervoud_)
        return (
            f"{gemeente} realiseerde {n_g} {woord} en haalde daarmee het doel van {n_d} ({pct}%)."
        )
    pct_tekst = aandeel_tekst(g, d)
    woord_d = meervoud(d, enkelvoud, meervoud_)
    if as_of:
        zin = f"Tot en met {_maand(as_of)} realiseerde {gemeente} {n_g} van de {n_d} {woord_d}"
    else:
        zin = f"{gemeente} realiseerde {n_g} van de {n_d} {woord_d}"
    zin += f" ({pct_tekst})"
    rest = d - g
    n_rest = formaat.getal(rest)
    nog = f"er is er nog {n_rest} nodig" if rest == 1 else f"er zijn er nog {n_rest} nodig"
    if deadline:
        nog = (
            f"tegen {_maand(deadline)} is er nog {n_rest} nodig"
            if rest == 1
            else f"tegen {_maand(deadline)} zijn er nog {n_rest} nodig"
        )
    zin += f"; {nog}"
    nodig = _zichtbaar(nodig_per_maand)
    tempo = _zichtbaar(huidig_tempo)
    if nodig is not None:
        zin += f", gemiddeld {formaat.getal(nodig, 1)} per maand"
        if tempo is not None:
            zin += f", tegenover een huidig tempo van {formaat.getal(tempo, 1)} per maand"
    return zin + "."


def aandeel_tekst(gerealiseerd: object, doelwaarde: object) -> str | None:
    """Share of the target in whole percent as written in sentences: ``"66%"``; never
    ``"100%"`` before the target is reached (capped at 99%), ``"minder dan 1%"`` for a start."""
    g, d = _zichtbaar(gerealiseerd), _zichtbaar(doelwaarde)
    if g is None or d is None or d <= 0:
        return None
    pct = _afgerond_procent(Fraction(g) / Fraction(d))
    if g < d and pct >= 100:
        return "99%"
    if pct == 0 and g > 0:
        return "minder dan 1%"
    return f"{pct}%"


def kans_zin(p: object, *, gehaald: bool = False) -> str | None:
    """``kans_zin(0.347) -> "De kans om het doel te halen is ongeveer 35% (eerder
    onwaarschijnlijk)."``; the ends read "kleiner dan 5%" / "groter dan 95%"."""
    if gehaald:
        return "Het doel is al gehaald."
    if isinstance(p, str) or formaat.is_leeg(p):
        return None
    r = formaat.kans_afgerond(p)  # type: ignore[arg-type]
    label = formaat.kans_label(p)
    if r == 0:
        hoeveel = "kleiner dan 5%"
    elif r == 100:
        hoeveel = "groter dan 95%"
    else:
        hoeveel = f"ongeveer {r}%"
    return f"De kans om het doel te halen is {hoeveel} ({label})."


def jongeren_zin(
    *,
    gemeente: str,
    van: str,
    tot: str,
    jong: tuple[object, object],
    totaal: tuple[object, object],
    minimale_noemer: int = 20,
) -> str | None:
    """The share of a rise that is under 25: "Van de stijging met 182 leefloongerechtigden in
    Mechelen van augustus 2020 tot augustus 2021 was 70% jonger dan 25." None when a value is
    hidden, the number did not rise, or the rise is smaller than `minimale_noemer` (the
    disclosure rule's smallest denominator for a percentage)."""
    waarden = [_zichtbaar(w) for w in (*jong, *totaal)]
    if any(w is None for w in waarden):
        return None
    j0, j1, t0, t1 = (Fraction(w) for w in waarden)
    stijging = t1 - t0
    if stijging <= 0 or stijging < minimale_noemer:
        return None
    aandeel = _afgerond_procent((j1 - j0) / stijging)
    return (
        f"Van de stijging met {formaat.getal(stijging)} leefloongerechtigden in {gemeente} van "
        f"{_maand(van)} tot {_maand(tot)} was {aandeel}% jonger dan 25."
    )


def band_zin() -> str:
    """What the shaded bands of the forecast fan mean, in words."""
    return (
        "In 5 op de 10 gevallen valt de uitkomst binnen de donkerste band, in 8 op de 10 "
        "binnen de twee donkerste banden samen en in 9 op de 10 binnen de hele waaier."
    )


def prognose_zin(
    *,
    gemeente: str,
    deadline: str,
    p10: object,
    p50: object,
    p90: object,
    enkelvoud: str = "activering",
    meervoud_: str = "activeringen",
) -> str | None:
    """``"Tegen december 2026 komt Mechelen naar verwachting uit op ongeveer 560 activeringen
    (in 8 op de 10 gevallen tussen 480 en 650)."``"""
    a, b, c = _zichtbaar(p10), _zichtbaar(p50), _zichtbaar(p90)
    if a is None or b is None or c is None:
        return None
    return (
        f"Tegen {_maand(deadline)} komt {gemeente} naar verwachting uit op ongeveer "
        f"{formaat.getal(b)} {meervoud(formaat.afronden(b), enkelvoud, meervoud_)} "
        f"(in 8 op de 10 gevallen tussen {formaat.getal(a)} en {formaat.getal(c)})."
    )


def per1000_zin(
    *,
    gemeente: str,
    waarde: object,
    indicator: str = "leefloongerechtigden",
    periode: str | None = None,
    vergelijking: Sequence[tuple[str, object]] = (),
    decimalen: int = 1,
) -> str | None:
    """A per-1.000-inhabitants figure, optionally against other municipalities.

    ``per1000_zin(gemeente="Essen", waarde=1.64, periode="2023-10", vergelijking=[("Mechelen",
    4.2), ("Lier", 2.93)])`` gives "In oktober 2023 telde Essen 1,6 leefloongerechtigden per
    1.000 inwoners, tegenover 4,2 in Mechelen en 2,9 in Lier. Dat is het laagste cijfer van de
    drie gemeenten."

    Comparisons with a missing or hidden value are left out; the ranking phrase is added only
    when the own figure is strictly the lowest or highest as shown.
    """
    w = _zichtbaar(waarde)
    if w is None:
        return None
    w = formaat.afronden(w, decimalen)
    enkel, meer = TELWOORD.get(indicator, (indicator, indicator))
    woord = enkel if w == 1 and decimalen == 0 else meer
    kern = f"{formaat.getal(w, decimalen)} {woord} per 1.000 inwoners"
    zin = f"In {_maand(periode)} telde {gemeente} {kern}" if periode else f"{gemeente} telt {kern}"
    anderen = []
    for naam, v in vergelijking:
        dv = _zichtbaar(v)
        if dv is not None:
            anderen.append((naam, formaat.afronden(dv, decimalen)))
    if anderen:
        delen = [f"{formaat.getal(v, decimalen)} in {naam}" for naam, v in anderen]
        opsomming = delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]
        zin += f", tegenover {opsomming}"
    zin += "."
    if len(anderen) >= 2:
        waarden = [v for _, v in anderen]
        n = len(anderen) + 1
        telwoord = {3: "drie", 4: "vier", 5: "vijf", 6: "zes"}.get(n, str(n))
        if all(w < v for v in waarden):
            zin += f" Dat is het laagste cijfer van de {telwoord} gemeenten."
        elif all(w > v for v in waarden):
            zin += f" Dat is het hoogste cijfer van de {telwoord} gemeenten."
    return zin
