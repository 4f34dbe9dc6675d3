"""Calibration of the demo data: published figures the demo must reproduce exactly.

The demo data are synthetic, but wherever a figure has been published the demo gives exactly that
figure on the municipality totals (``doelgroep``, ``leeftijd``, ``pijler`` and ``bestemming`` all
``totaal``). This module holds those rules as data (numbers, Dutch texts, sources) and as code
(:func:`controleer`), so the same checks run against the CSV files, the SQLite database and the
PostgreSQL database, and the app can show them as a "Kalibratie" table on *Data & methode*.

Rules (one :class:`Controle` each; work = ``bestemming`` in ``regulier``, ``interim``,
``sociale_economie``, ``art60``):

1. Essen 11016: ``leefloongerechtigden`` 2021-04 = 83.
2. Essen: ``leefloongerechtigden`` 2023-10 = 33 (a drop of 60%).
3. Essen 2023: activations (sum of the months) > 50% of the mean monthly recipients, and work
   destinations 70% ± 3 points of those activations.
4. Mechelen 12025: recipients 2023-06 vs 2021-06 = −11% (rounded half away from zero).
5. Mechelen: recipients 2021-08 > 2020-02, and of the increase 2020-08 → 2021-08, 70% ± 3 points
   is under 25 (:func:`jongerenreeks`: the official ``leeftijdsklasse`` -25 where the data have
   it, else the own ``leeftijd`` 18-24).
6. Mechelen: share under 25 among recipients in 2021 between 44% and 50%, both as the mean of the
   twelve monthly shares and as the share of the monthly means (sum under 25 / sum total).
7. Mechelen: work activations through ``pijler`` ``partners`` + ``art60``, 2021-09 … 2023-08,
   between 190 and 210.
8. Mechelen: the target ``activeringspact-2023`` (activeringen to work, 2023-07 … 2025-04, 629,
   max €320,156, proportional payout, the payout rule stated as an assumption in ``bron``).
9. Mechelen: recipients 2022-12 between 1,150 and 1,400.
10. Lier 12021: recipients in every month of 2019 between 350 and 450.
11. All: population on 1 January 2020 (Mechelen 86,921; Essen 19,162; Lier 36,646).
12. Mechelen (design rule, not a published figure): cumulative work activations 2023-07 … 2025-04
    between 80% and 105% of 629, so the outcome of the pact stays open in the demo.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from domein import WERK_BESTEMMINGEN
from domein.maanden import van_tot

# --- Municipalities --------------------------------------------------------------------------
MECHELEN = "12025"
ESSEN = "11016"
LIER = "12021"
GEMEENTE_NAMEN = {MECHELEN: "Mechelen", ESSEN: "Essen", LIER: "Lier"}

# --- Sources (who published it, when) --------------------------------------------------------
BRON_ESSEN = (
    "Gemeente Essen, persbericht oktober 2023 (noordernieuws.be: 'Essen activeert meer dan 60% "
    "van mensen met een leefloon')"
)
BRON_MECHELEN_PACT = "Stad Mechelen, 2023, bij de toetreding tot het lokaal activeringspact"
BRON_MECHELEN_ACTIEPLAN = "Stad Mechelen, 'Actieplan verhoging activeringsgraad', oktober 2021"
BRON_MECHELEN_SLEUTEL = (
    "Afgeleid uit de verdeelsleutel van de oproep lokaal activeringspact 2023 (budget verdeeld "
    "naar leefloonaantallen op 31 december 2022, ongeveer 1.280 voor Mechelen); ruwe schatting"
)
BRON_LIER = (
    "Verklaring van een lokale partij, 2017 (ongeveer tweemaal het Vlaamse aandeel "
    "leefloongerechtigden); ruwe schatting"
)
BRON_STATBEL = "Statbel, bevolking op 1 januari 2020"
BRON_ONTWERP = (
    "Ontwerpkeuze van de demodata: de uitkomst van het pact blijft open, zodat voortgang en "
    "kans iets te zeggen hebben"
)

# --- The published figures (also used by the demo generator) ---------------------------------
ESSEN_2021_04 = 83
ESSEN_2023_10 = 33
ESSEN_ACTIVERING_MIN = 0.50  # activations 2023 / mean monthly recipients 2023: strictly more
ESSEN_WERKAANDEEL = 0.70
ESSEN_WERKAANDEEL_MARGE = 0.03
MECHELEN_DALING_PCT = -11  # 2023-06 vs 2021-06, whole percent
MECHELEN_JONG_AANDEEL_STIJGING = 0.70  # of the increase 2020-08 -> 2021-08 in 18-24
MECHELEN_JONG_MARGE = 0.03
MECHELEN_JONG_2021 = (0.44, 0.50)
MECHELEN_ACTIEPLAN_WERK = (190, 210)  # partners + art60 to work, 2021-09 .. 2023-08
MECHELEN_ACTIEPLAN_VENSTER = ("2021-09", "2023-08")
MECHELEN_2022_12 = (1150, 1400)
LIER_2019 = (350, 450)
PACT_DOEL_ID = "activeringspact-2023"
PACT_VAN = "2023-07"
PACT_TOT = "2025-04"
PACT_DOELWAARDE = 629
PACT_MAX_SUBSIDIE = 320156
PACT_UITBETALING = "proportioneel"
PACT_UITKOMST = (0.80, 1.05)  # cumulative work activations / 629
BEVOLKING_2020 = {MECHELEN: 86921, ESSEN: 19162, LIER: 36646}
# Months whose recipients total the rules read as a point figure (rules 1, 2, 4, 5): the demo's
# official figures (data_access.demo_officieel) equal the own count there, no revision.
GEPINDE_MAANDEN: dict[str, frozenset[str]] = {
    ESSEN: frozenset({"2021-04", "2023-10"}),
    MECHELEN: frozenset({"2020-02", "2020-08", "2021-06", "2021-08", "2023-06"}),
}

Haal = Callable[[str, str, dict[str, str]], pd.Series]
Bevolking = Callable[[str, int], int]
Doel = Callable[[str, str], Mapping[str, object] | None]


@dataclass(frozen=True)
class Controle:
    """The outcome of one calibration rule, ready for a table (texts in Dutch)."""

    nummer: int
    gemeente: str
    omschrijving: str
    bron: str
    verwacht: str
    gemeten: str
    geslaagd: bool


# --- Dutch number formatting (kept local: data_access imports nothing from charts) ------------
def _getal(x: float) -> str:
    return f"{int(x):,}".replace(",", ".")


def _dec(x: float, decimalen: int = 1) -> str:
    return f"{x:.{decimalen}f}".replace(".", ",").replace("-", "−")


def _pct(x: float, decimalen: int = 1) -> str:
    return f"{x * 100:.{decimalen}f}%".replace(".", ",").replace("-", "−")


def rond(x: float) -> int:
    """Round half away from zero (not Python's banker's rounding)."""
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def werkreeks(haal: Haal, nis: str, filters: dict[str, str] | None = None) -> pd.Series:
    """Monthly activations into work: the sum over the four work destinations.

    ``haal`` is only ever called with real cube codes: this function asks for each of
    ``regulier``, ``interim``, ``sociale_economie`` and ``art60`` (with the other ``filters``,
    e.g. ``{"pijler": "partners"}`` for a cell of the pijler × bestemming cross) and adds them up.
    """
    delen = [
        haal(nis, "activeringen", {**(filters or {}), "bestemming": b}) for b in WERK_BESTEMMINGEN
    ]
    return pd.concat(delen, axis=1).fillna(0).sum(axis=1).astype(int)


def jongerenreeks(haal: Haal, nis: str) -> pd.Series:
    """Recipients under 25 per month: the official age class ``-25`` (``leeftijdsklasse``) where
    the data have it, else the own band ``18-24`` (``leeftijd``) - the same people, the demo's
    official figures are built that way (docs/demodata.md). A source without the official
    dimension raises LookupError for it and gives the own band."""
    eigen = haal(nis, "leefloongerechtigden", {"leeftijd": "18-24"})
    try:
        officieel = haal(nis, "leefloongerechtigden", {"leeftijdsklasse": "-25"})
    except LookupError:
        officieel = pd.Series(dtype="int64")
    delen = [s for s in (officieel, eigen) if not s.empty]
    if len(delen) < 2:
        return delen[0] if delen else eigen
    samen = pd.concat(delen)
    return samen[~samen.index.duplicated(keep="first")].sort_index()


def _waarde(reeks: pd.Series, maand: str) -> int:
    if maand not in reeks.index:
        raise LookupError(f"geen gegevens voor {maand}")
    return int(reeks.loc[maand])


def _venster(reeks: pd.Series, van: str, tot: str) -> pd.Series:
    gevraagd = van_tot(van, tot)
    ontbreekt = [m for m in gevraagd if m not in reeks.index]
    if ontbreekt:
        raise LookupError(
            f"geen gegevens voor {ontbreekt[0]}" + (" e.a." if len(ontbreekt) > 1 else "")
        )
    return reeks.loc[gevraagd].astype(int)


# --- The rules ---------------------------------------------------------------------------------
def _r1(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    w = _waarde(haal(ESSEN, "leefloongerechtigden", {}), "2021-04")
    return _getal(w), w == ESSEN_2021_04


def _r2(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    r = haal(ESSEN, "leefloongerechtigden", {})
    w = _waarde(r, "2023-10")
    daling = (w - _waarde(r, "2021-04")) / _waarde(r, "2021-04")
    return f"{_getal(w)} ({_pct(daling, 0)} t.o.v. april 2021)", w == ESSEN_2023_10


def _r3(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    ontvangers = _venster(haal(ESSEN, "leefloongerechtigden", {}), "2023-01", "2023-12")
    act = int(_venster(haal(ESSEN, "activeringen", {}), "2023-01", "2023-12").sum())
    werk = int(_venster(werkreeks(haal, ESSEN), "2023-01", "2023-12").sum())
    gemiddeld = float(ontvangers.mean())
    graad = act / gemiddeld
    aandeel = werk / act if act else 0.0
    ok = graad > ESSEN_ACTIVERING_MIN and abs(aandeel - ESSEN_WERKAANDEEL) <= (
        ESSEN_WERKAANDEEL_MARGE + 1e-9
    )
    tekst = (
        f"{_getal(act)} activeringen op gemiddeld {_dec(gemiddeld)} leefloongerechtigden "
        f"({_pct(graad)}); {_getal(werk)} naar werk ({_pct(aandeel)})"
    )
    return tekst, ok


def _r4(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    r = haal(MECHELEN, "leefloongerechtigden", {})
    a, b = _waarde(r, "2021-06"), _waarde(r, "2023-06")
    pct = rond((b - a) / a * 100)
    tekst = f"{_getal(a)} → {_getal(b)}: {_pct((b - a) / a, 2)}, afgerond {pct}%".replace("-", "−")
    return tekst, pct == MECHELEN_DALING_PCT


def _r5(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    r = haal(MECHELEN, "leefloongerechtigden", {})
    j = jongerenreeks(haal, MECHELEN)
    feb20, aug20, aug21 = (_waarde(r, m) for m in ("2020-02", "2020-08", "2021-08"))
    stijging = aug21 - aug20
    jong = _waarde(j, "2021-08") - _waarde(j, "2020-08")
    aandeel = jong / stijging if stijging > 0 else float("nan")
    ok = (
        aug21 > feb20
        and stijging > 0
        and abs(aandeel - MECHELEN_JONG_AANDEEL_STIJGING) <= MECHELEN_JONG_MARGE + 1e-9
    )
    tekst = (
        f"feb 2020 {_getal(feb20)}, aug 2021 {_getal(aug21)}; stijging aug 2020 → aug 2021 "
        f"{_getal(stijging)}, waarvan {_getal(jong)} onder 25 jaar ({_pct(aandeel)})"
    )
    return tekst, ok


def _r6(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    r = _venster(haal(MECHELEN, "leefloongerechtigden", {}), "2021-01", "2021-12")
    j = _venster(jongerenreeks(haal, MECHELEN), "2021-01", "2021-12")
    gem_aandeel = float((j / r).mean())
    aandeel_gem = float(j.sum() / r.sum())
    laag, hoog = MECHELEN_JONG_2021
    ok = all(laag <= x <= hoog for x in (gem_aandeel, aandeel_gem))
    tekst = (
        f"gemiddelde van de maandaandelen {_pct(gem_aandeel)}; "
        f"aandeel van de maandgemiddelden {_pct(aandeel_gem)}"
    )
    return tekst, ok


def _r7(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    van, tot = MECHELEN_ACTIEPLAN_VENSTER
    som = 0
    for pijler in ("partners", "art60"):
        som += int(_venster(werkreeks(haal, MECHELEN, {"pijler": pijler}), van, tot).sum())
    laag, hoog = MECHELEN_ACTIEPLAN_WERK
    return _getal(som), laag <= som <= hoog


def _r8(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    if doel is None:
        return "niet gecontroleerd: geen doelen opgegeven", False
    d = doel(MECHELEN, PACT_DOEL_ID)
    if not d:
        return f"doel '{PACT_DOEL_ID}' ontbreekt", False
    verwacht = {
        "indicator": "activeringen",
        "van": PACT_VAN,
        "tot": PACT_TOT,
        "doelwaarde": PACT_DOELWAARDE,
        "max_subsidie_eur": PACT_MAX_SUBSIDIE,
        "uitbetaling": PACT_UITBETALING,
    }
    fouten = []
    for sleutel, waarde in verwacht.items():
        gekregen = d.get(sleutel)
        if isinstance(waarde, int):
            try:
                gelijk = int(float(str(gekregen))) == waarde
            except ValueError:
                gelijk = False
        else:
            gelijk = str(gekregen) == waarde
        if not gelijk:
            fouten.append(f"{sleutel}={gekregen!r}")
    bron = str(d.get("bron", "")).lower()
    if "stad mechelen" not in bron or "2023" not in bron or "aanname" not in bron:
        fouten.append("bron noemt Stad Mechelen 2023 of de aanname niet")
    if fouten:
        return "afwijkend: " + ", ".join(fouten), False
    tekst = (
        f"{d['doelwaarde']} activeringen naar werk, {d['van']} … {d['tot']}, "
        f"max. € {_getal(int(float(str(d['max_subsidie_eur']))))}, {d['uitbetaling']}"
    )
    return tekst, True


def _r9(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    w = _waarde(haal(MECHELEN, "leefloongerechtigden", {}), "2022-12")
    laag, hoog = MECHELEN_2022_12
    return _getal(w), laag <= w <= hoog


def _r10(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    r = _venster(haal(LIER, "leefloongerechtigden", {}), "2019-01", "2019-12")
    laag, hoog = LIER_2019
    return f"{_getal(r.min())} tot {_getal(r.max())}", bool(((r >= laag) & (r <= hoog)).all())


def _r11(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    delen, ok = [], True
    for nis, verwacht in BEVOLKING_2020.items():
        w = int(bevolking(nis, 2020))
        ok = ok and w == verwacht
        delen.append(f"{GEMEENTE_NAMEN[nis]} {_getal(w)}")
    return "; ".join(delen), ok


def _r12(haal: Haal, bevolking: Bevolking, doel: Doel | None) -> tuple[str, bool]:
    som = int(_venster(werkreeks(haal, MECHELEN), PACT_VAN, PACT_TOT).sum())
    graad = som / PACT_DOELWAARDE
    laag, hoog = PACT_UITKOMST
    return f"{_getal(som)} ({_pct(graad)} van {PACT_DOELWAARDE})", laag <= graad <= hoog


@dataclass(frozen=True)
class Regel:
    """A calibration rule as data: what is expected, where it comes from, and its check."""

    nummer: int
    gemeente: str
    omschrijving: str
    bron: str
    verwacht: str
    meet: Callable[[Haal, Bevolking, Doel | None], tuple[str, bool]]


REGELS: tuple[Regel, ...] = (
    Regel(1, "Essen", "Leefloongerechtigden in april 2021", BRON_ESSEN, "precies 83", _r1),
    Regel(
        2,
        "Essen",
        "Leefloongerechtigden in oktober 2023 (daling met 60%)",
        BRON_ESSEN,
        "precies 33",
        _r2,
    ),
    Regel(
        3,
        "Essen",
        "Activeringen in 2023 tegenover het gemiddelde aantal leefloongerechtigden, en het "
        "aandeel naar werk",
        BRON_ESSEN,
        "meer dan 50% geactiveerd; 70% ± 3 procentpunten daarvan naar werk",
        _r3,
    ),
    Regel(
        4,
        "Mechelen",
        "Daling van het aantal leefloongerechtigden over twee jaar (juni 2021 → juni 2023)",
        BRON_MECHELEN_PACT,
        "−11% (afgerond op een heel procent)",
        _r4,
    ),
    Regel(
        5,
        "Mechelen",
        "Stijging in de anderhalf jaar voor september 2021, vooral bij jongeren onder 25",
        BRON_MECHELEN_ACTIEPLAN,
        "augustus 2021 hoger dan februari 2020; 70% ± 3 procentpunten van de stijging augustus "
        "2020 → augustus 2021 onder 25 jaar (officiële klasse -25, anders 18–24 jaar van de eigen "
        "telling)",
        _r5,
    ),
    Regel(
        6,
        "Mechelen",
        "Aandeel jongeren (onder 25) onder de leefloongerechtigden in 2021",
        BRON_MECHELEN_ACTIEPLAN,
        "tussen 44% en 50% (gemiddelde van de maandaandelen én aandeel van de maandgemiddelden)",
        _r6,
    ),
    Regel(
        7,
        "Mechelen",
        "Activeringen naar werk via de pijlers partners en artikel 60, september 2021 – "
        "augustus 2023",
        BRON_MECHELEN_PACT,
        "tussen 190 en 210 (ongeveer 200)",
        _r7,
    ),
    Regel(
        8,
        "Mechelen",
        "Doel lokaal activeringspact: 629 activeringen naar werk van juli 2023 tot april 2025",
        BRON_MECHELEN_PACT,
        "doel 'activeringspact-2023': activeringen, 2023-07 … 2025-04, 629, max. € 320.156, "
        "proportioneel (uitbetalingsregel is een aanname)",
        _r8,
    ),
    Regel(
        9,
        "Mechelen",
        "Leefloongerechtigden in december 2022 (verdeelbasis van het pact)",
        BRON_MECHELEN_SLEUTEL,
        "tussen 1.150 en 1.400 (ongeveer 1.280)",
        _r9,
    ),
    Regel(
        10,
        "Lier",
        "Leefloongerechtigden in 2019 (ongeveer tweemaal het Vlaamse aandeel)",
        BRON_LIER,
        "elke maand tussen 350 en 450",
        _r10,
    ),
    Regel(
        11,
        "alle",
        "Bevolking op 1 januari 2020",
        BRON_STATBEL,
        "Mechelen 86.921; Essen 19.162; Lier 36.646",
        _r11,
    ),
    Regel(
        12,
        "Mechelen",
        "Uitkomst van het pact in de demodata: activeringen naar werk juli 2023 – april 2025",
        BRON_ONTWERP,
        "tussen 80% en 105% van 629 (uitkomst open)",
        _r12,
    ),
)


def controleer(haal: Haal, bevolking: Bevolking, doel: Doel | None = None) -> list[Controle]:
    """Run every calibration rule against a data source; one :class:`Controle` per rule.

    - ``haal(nis, indicator, filters)`` returns the monthly series of one cube cell: a
      ``pandas.Series`` with ``YYYY-MM`` strings as index and integer values. ``filters`` maps a
      dimension to a code; a dimension that is missing means ``totaal``. Only real cube codes are
      asked for (work sums are built by :func:`werkreeks`); the filters used are ``{}``,
      ``{"leeftijd": "18-24"}``, ``{"leeftijdsklasse": "-25"}`` (may raise LookupError when the
      source has no such dimension), ``{"bestemming": b}`` and ``{"pijler": p, "bestemming": b}``
      (a cell of the pijler × bestemming cross of ``activeringen``).
    - ``bevolking(nis, jaar)`` returns the population on 1 January.
    - ``doel(nis, doel_id)`` (optional) returns the target row as a mapping with the columns of
      the ``doelen`` file, or ``None``; without it rule 8 is reported as not checked (failed).

    A rule whose data are missing fails with the reason in ``gemeten``; it never raises.
    """
    uitkomsten = []
    for regel in REGELS:
        try:
            gemeten, geslaagd = regel.meet(haal, bevolking, doel)
        except Exception as fout:  # noqa: BLE001 - a report, not a crash: show why it failed
            gemeten, geslaagd = f"niet te meten: {fout}", False
        uitkomsten.append(
            Controle(
                nummer=regel.nummer,
                gemeente=regel.gemeente,
                omschrijving=regel.omschrijving,
                bron=regel.bron,
                verwacht=regel.verwacht,
                gemeten=gemeten,
                geslaagd=bool(geslaagd),
            )
        )
    return uitkomsten


def als_frame(controles: list[Controle]) -> pd.DataFrame:
    """The checks as a table for the *Data & methode* page (Dutch column names)."""
    return pd.DataFrame(
        [
            {
                "nr": c.nummer,
                "gemeente": c.gemeente,
                "cijfer": c.omschrijving,
                "verwacht": c.verwacht,
                "gemeten": c.gemeten,
                "geslaagd": c.geslaagd,
                "bron": c.bron,
            }
            for c in controles
        ]
    )
