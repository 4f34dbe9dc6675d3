"""Deterministic generator of the demo data (README): Mechelen, Essen, Lier, 2019-01 … 2026-09.

``genereer(doelmap)`` writes, in the import format of README (``;``, UTF-8 without BOM, ``\\n``):

- one cube file per municipality, ``leefloon_<nis>_<naam>.csv``, with per month:
  ``leefloongerechtigden``, ``instroom`` and ``uitstroom`` as total, by ``doelgroep`` and by
  ``leeftijd`` (``uitstroom`` also by ``bestemming``); ``activeringen`` as total, by
  ``bestemming``, by ``pijler``, the full ``pijler`` × ``bestemming`` cross, by ``doelgroep`` and
  by ``leeftijd``; ``trajectstarts`` as total, by ``pijler`` and by ``doelgroep``; ``leefloon``
  and ``equivalent_leefloon`` as totals (their sum is the stock). Every breakdown is complete
  (zero cells included) and adds up exactly to its total. All of it status ``voorlopig`` (the
  OCMW's own count);
- ``officiele_cijfers.csv``: the same municipalities' official figures in the POD MI
  dimensions, status ``definitief``, up to a few months before the last month
  (:mod:`data_access.demo_officieel`, docs/demodata.md);
- ``bevolking.csv`` (population on 1 January 2019–2026) and ``doelen.csv`` (targets).

The same output, byte for byte, on every run: one fixed seed per municipality
(``numpy.random.default_rng([SEED, nis])``), no clock, no trigonometry (seasonal factors are
tables). Checked against the committed files by ``tests/test_demo_csv.py``.

How the numbers are built (all synthetic, calibrated on published figures; the rules and their
sources live in :mod:`data_access.kalibratie`):

- Recipients = a non-Ukrainian stock (piecewise-linear path through hand-set anchor months, weak
  seasonality, AR(1) noise) + Ukrainians with equivalent leefloon (zero before 2022-03). Published
  months are pinned exactly (Essen 2021-04 = 83 and 2023-10 = 33; Mechelen 2021-06 and 2023-06 give
  −11%). Mechelen rises from spring 2020 (mostly under-25s) and falls after the action plan of
  September 2021; Essen falls steeply after its employment mediator starts in February 2022; every
  municipality gets an inflow rise from 2026-01 (federal limit on unemployment benefits).
- Activations are drawn per pillar (Poisson around a level with trend and a seasonal table) and
  split over destinations per pillar; the pijler × bestemming cross is the finest level and every
  other activation breakdown is derived from it. Mechelen's partners and art60 pillars grow from
  2021-09; Essen's screening pillar (employment mediator) starts in 2022-02. Sums over the
  published windows are then nudged into their bands (Mechelen ~200 via partners + art60, the
  pact outcome ~92% of 629, Essen 2023 exactly 65% activated and 70% of those into work).
- Flows close the stock exactly: recipients(t) = recipients(t−1) + instroom(t) − uitstroom(t).
  Outflow = exits into work (most activations into work leave leefloon that month, plus people
  who find a job on their own) + other exits; inflow is what closes the balance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import update

from data_access import db, demo_officieel, demo_vlaanderen, gebruikers, importer, referentie
from data_access import kalibratie as kal
from data_access.schema import metadata, release
from domein import BRON_DEMO, DIMENSIES, PIJLERS, SJABLOON_KOLOMMEN, WERK_BESTEMMINGEN
from domein.maanden import maanden_tussen, van_tot

DEMO_MAP = db.REPO / "data" / "demo"

SEED = 20231019
EERSTE_MAAND = "2019-01"
LAATSTE_MAAND = "2026-09"
DEMO_NIS = ("12025", "11016", "12021")
#: Totals only, for every other Flemish municipality (`data_access.demo_vlaanderen`).
OVERIGE_BESTAND = "totalen_overige_gemeenten.csv"
#: The official (definitive) figures of the three, in the official dimensions (issue 19).
OFFICIEEL_BESTAND = "officiele_cijfers.csv"
#: Its source line in `release.bron`: demo figures in the official layout, never official ones.
BRON_DEMO_OFFICIEEL = (
    "Demodata Leefloonmonitor: synthetische cijfers in de indeling van de POD MI-barometer "
    "(leefloon en equivalent leefloon, definitief), geen officiële cijfers"
)

DOELGROEPEN = DIMENSIES["doelgroep"][1:]
LEEFTIJDEN = DIMENSIES["leeftijd"][1:]
BESTEMMINGEN = DIMENSIES["bestemming"][1:]
_OVERIGE_GROEPEN = tuple(g for g in DOELGROEPEN if g != "oekraine")
_WERK_IDX = [BESTEMMINGEN.index(b) for b in WERK_BESTEMMINGEN]
_OPLEIDING = BESTEMMINGEN.index("opleiding")


MAANDEN: tuple[str, ...] = tuple(van_tot(EERSTE_MAAND, LAATSTE_MAAND))
_N = len(MAANDEN)
# Month numbers (1..12) of the output months, and of one extra month before (2018-12).
_MAANDNR = np.array([int(m[5:]) for m in MAANDEN])


def _idx(maand: str) -> int:
    """Position of a month in MAANDEN (2019-01 = 0; 2018-12 = -1)."""
    return maanden_tussen("2019-01", maand)


# Seasonal tables (January … December), mean 1.
_SEIZOEN_STAND = np.array(
    [1.010, 1.010, 1.006, 1.0, 0.998, 0.994, 0.992, 0.994, 1.0, 1.0, 1.0, 1.006]
)
_SEIZOEN_ACTIVERING = np.array([0.95, 1.0, 1.1, 1.05, 1.1, 1.05, 0.8, 0.8, 1.15, 1.15, 1.05, 0.8])
_SEIZOEN_ACTIVERING = _SEIZOEN_ACTIVERING / _SEIZOEN_ACTIVERING.mean()
_SEIZOEN_UIT = np.array([1.1, 1.0, 1.0, 0.95, 0.95, 1.0, 1.05, 1.0, 1.05, 1.0, 0.95, 0.95])
_SEIZOEN_UIT = _SEIZOEN_UIT / _SEIZOEN_UIT.mean()

# Destinations per pillar (probabilities over BESTEMMINGEN; activations never go to
# andere_uitkering, verhuisd or overig).
_BESTEMMING_KANS: dict[str, dict[str, float]] = {
    "screening_matching": {
        "regulier": 0.46,
        "interim": 0.18,
        "sociale_economie": 0.10,
        "opleiding": 0.26,
    },
    "sollicitatietraining": {"regulier": 0.52, "interim": 0.28, "opleiding": 0.20},
    "interim": {"regulier": 0.22, "interim": 0.78},
    "art60": {"art60": 0.92, "opleiding": 0.08},
    "partners": {"regulier": 0.55, "interim": 0.14, "sociale_economie": 0.06, "opleiding": 0.25},
    "overig": {"regulier": 0.15, "sociale_economie": 0.35, "opleiding": 0.50},
}
# Share of activations into work that leave leefloon in the same month, per work destination.
_UIT_NAAR_WERK = {"regulier": 0.85, "interim": 0.6, "sociale_economie": 0.9, "art60": 0.95}
# Other exits (not into work) over opleiding, andere_uitkering, verhuisd, overig.
_ANDERE_UITSTROOM = {"opleiding": 0.04, "andere_uitkering": 0.38, "verhuisd": 0.22, "overig": 0.36}
# Conversion from trajectory start to activation, per pillar (starts lead by two months).
_CONVERSIE = {
    "screening_matching": 0.6,
    "sollicitatietraining": 0.5,
    "interim": 0.7,
    "art60": 0.9,
    "partners": 0.55,
    "overig": 0.5,
}
# Relative propensity to be activated, per target group and age band.
_ACTIVEERBAAR_GROEP = {
    "voorschot": 0.3,
    "oekraine": 1.6,
    "sociale_economie": 1.3,
    "nieuwkomers": 0.8,
    "overig": 1.0,
}
_ACTIVEERBAAR_LEEFTIJD = {
    "18-24": 1.1,
    "25-34": 1.2,
    "35-44": 1.0,
    "45-54": 0.8,
    "55-64": 0.4,
    "65+": 0.0,
}


@dataclass(frozen=True)
class _Profiel:
    nis: str
    naam: str
    basis: dict[str, float]  # anchors of the non-Ukrainian stock (from 2018-12)
    ruis: float  # sd of the AR(1) noise on the stock, persons
    pinnen: dict[str, int]  # exact recipients (total) in these months
    oekraine_piek: float
    jong: dict[str, float]  # anchors of the share 18-24 in the stock
    ouder: tuple[float, ...]  # shares of 25-34 … 65+ in the rest
    groepen: tuple[float, ...]  # shares of voorschot, sociale_economie, nieuwkomers, overig
    uitstroom_ander: float  # monthly rate of exits not into work (per recipient)
    zelf_werk: float  # monthly rate of exits into a regular job outside the pillars
    pijlers: dict[str, dict[str, float]]  # anchors of monthly activations per pillar


_PROFIELEN: dict[str, _Profiel] = {
    "12025": _Profiel(
        nis="12025",
        naam="mechelen",
        basis={
            "2018-12": 1172,
            "2019-12": 1184,
            "2020-02": 1188,
            "2020-08": 1262,
            "2021-06": 1425,
            "2021-08": 1438,
            "2021-12": 1402,
            "2022-06": 1290,
            "2022-12": 1208,
            "2023-06": 1190,
            "2024-06": 1146,
            "2025-04": 1120,
            "2025-12": 1106,
            "2026-03": 1185,
            "2026-09": 1262,
        },
        ruis=7.0,
        pinnen={"2021-06": 1428, "2023-06": 1271},
        oekraine_piek=92,
        jong={
            "2018-12": 0.395,
            "2020-02": 0.405,
            "2020-08": 0.425,
            "2021-08": 0.463,
            "2021-12": 0.466,
            "2022-12": 0.44,
            "2023-12": 0.41,
            "2025-12": 0.385,
            "2026-09": 0.37,
        },
        ouder=(0.31, 0.26, 0.21, 0.18, 0.04),
        groepen=(0.11, 0.07, 0.16, 0.66),
        uitstroom_ander=0.033,
        zelf_werk=0.004,
        pijlers={
            "screening_matching": {
                "2018-12": 6.0,
                "2021-08": 6.2,
                "2021-10": 7.5,
                "2023-06": 9.0,
                "2023-08": 11.0,
                "2025-04": 11.0,
                "2025-08": 10.0,
                "2026-09": 10.5,
            },
            "sollicitatietraining": {
                "2018-12": 1.5,
                "2021-08": 1.6,
                "2022-01": 2.6,
                "2026-09": 3.0,
            },
            "interim": {
                "2018-12": 2.0,
                "2021-08": 2.2,
                "2021-12": 3.0,
                "2023-06": 3.5,
                "2023-09": 5.5,
                "2026-09": 5.5,
            },
            "art60": {"2018-12": 3.0, "2021-08": 3.0, "2022-02": 4.8, "2026-09": 5.0},
            "partners": {
                "2018-12": 0.0,
                "2021-08": 0.0,
                "2021-09": 1.5,
                "2022-03": 5.4,
                "2023-08": 5.6,
                "2026-09": 6.0,
            },
            "overig": {"2018-12": 2.0, "2026-09": 2.0},
        },
    ),
    "11016": _Profiel(
        nis="11016",
        naam="essen",
        basis={
            "2018-12": 69,
            "2019-12": 66,
            "2020-02": 66,
            "2020-08": 74,
            "2021-04": 82,
            "2021-08": 80,
            "2021-12": 78,
            "2022-02": 77,
            "2022-08": 61,
            "2023-01": 44,
            "2023-10": 29,
            "2024-06": 28,
            "2025-06": 28,
            "2025-12": 27,
            "2026-03": 32,
            "2026-09": 37,
        },
        ruis=1.0,
        pinnen={"2021-04": kal.ESSEN_2021_04, "2023-10": kal.ESSEN_2023_10},
        oekraine_piek=8,
        jong={"2018-12": 0.30, "2021-04": 0.33, "2023-10": 0.28, "2026-09": 0.27},
        ouder=(0.30, 0.25, 0.22, 0.19, 0.04),
        groepen=(0.14, 0.08, 0.08, 0.70),
        uitstroom_ander=0.045,
        zelf_werk=0.005,
        pijlers={
            "screening_matching": {
                "2018-12": 0.0,
                "2022-01": 0.0,
                "2022-02": 1.0,
                "2022-06": 1.8,
                "2022-12": 1.6,
                "2023-12": 1.3,
                "2024-06": 1.2,
                "2026-09": 1.3,
            },
            "sollicitatietraining": {"2018-12": 0.0, "2026-09": 0.0},
            "interim": {"2018-12": 0.12, "2026-09": 0.15},
            "art60": {"2018-12": 0.35, "2021-12": 0.35, "2022-06": 0.5, "2026-09": 0.45},
            "partners": {"2018-12": 0.0, "2021-12": 0.0, "2022-03": 0.1, "2026-09": 0.1},
            "overig": {"2018-12": 0.3, "2026-09": 0.25},
        },
    ),
    "12021": _Profiel(
        nis="12021",
        naam="lier",
        basis={
            "2018-12": 392,
            "2019-12": 398,
            "2020-02": 400,
            "2020-12": 428,
            "2021-08": 440,
            "2022-06": 418,
            "2023-06": 392,
            "2024-06": 378,
            "2025-12": 372,
            "2026-03": 398,
            "2026-09": 420,
        },
        ruis=3.5,
        pinnen={},
        oekraine_piek=38,
        jong={"2018-12": 0.33, "2021-08": 0.36, "2023-06": 0.34, "2026-09": 0.32},
        ouder=(0.31, 0.25, 0.21, 0.19, 0.04),
        groepen=(0.12, 0.08, 0.11, 0.69),
        uitstroom_ander=0.036,
        zelf_werk=0.004,
        pijlers={
            "screening_matching": {"2018-12": 3.0, "2022-06": 3.4, "2026-09": 3.6},
            "sollicitatietraining": {"2018-12": 1.0, "2026-09": 1.1},
            "interim": {"2018-12": 1.6, "2023-06": 2.0, "2026-09": 2.2},
            "art60": {"2018-12": 2.0, "2026-09": 2.1},
            "partners": {"2018-12": 0.0, "2021-12": 0.0, "2022-04": 1.0, "2026-09": 1.2},
            "overig": {"2018-12": 1.0, "2026-09": 1.0},
        },
    ),
}


def _officieel(nis: str) -> dict[int, int]:
    """2019 and 2020 as published (Statbel, shipped in data_access/referentiedata)."""
    rijen = referentie.officiele_bevolking().query("nis == @nis and jaar >= 2019")
    return dict(zip(rijen["jaar"], rijen["inwoners"], strict=True))


# 2021–2026 are demo figures (no official file per municipality ships with the product).
BEVOLKING: dict[str, dict[int, int]] = {
    "12025": {
        **_officieel("12025"),
        2021: 87203,
        2022: 87590,
        2023: 88442,
        2024: 89026,
        2025: 89417,
        2026: 89785,
    },
    "11016": {
        **_officieel("11016"),
        2021: 19235,
        2022: 19302,
        2023: 19431,
        2024: 19488,
        2025: 19552,
        2026: 19603,
    },
    "12021": {
        **_officieel("12021"),
        2021: 36821,
        2022: 37064,
        2023: 37388,
        2024: 37590,
        2025: 37803,
        2026: 37962,
    },
}

_BRON_PACT = (
    "Stad Mechelen, 2023 (toetreding tot het lokaal activeringspact): 629 activeringen naar werk "
    "van juli 2023 tot april 2025 voor maximaal 320.156 euro. De proportionele uitbetaling is een "
    "aanname van de demodata, geen gepubliceerde regel."
)
_BRON_ILLUSTRATIEF = (
    "Illustratief doel van de demodata (geen gepubliceerd cijfer): naar de omvang van het "
    "leefloonbestand en ongeveer 1.000 euro per extra activering zoals in de oproepen lokaal "
    "activeringspact 2023 en 2024 (Vlaamse overheid). Uitbetaling is een aanname."
)
# nis, doel_id, naam, indicator, van, tot, doelwaarde, max_subsidie_eur, uitbetaling, bron
DOELEN: tuple[tuple[str, str, str, str, str, str, int, int, str, str], ...] = (
    (
        kal.MECHELEN,
        kal.PACT_DOEL_ID,
        "Lokaal activeringspact 2023 Mechelen",
        "activeringen",
        kal.PACT_VAN,
        kal.PACT_TOT,
        kal.PACT_DOELWAARDE,
        kal.PACT_MAX_SUBSIDIE,
        kal.PACT_UITBETALING,
        _BRON_PACT,
    ),
    (
        kal.MECHELEN,
        "activeringspact-2025-mechelen",
        "Activeringspact 2025-2026 Mechelen (illustratief)",
        "activeringen",
        "2025-12",
        "2026-11",
        320,
        160000,
        "proportioneel",
        _BRON_ILLUSTRATIEF,
    ),
    (
        kal.ESSEN,
        "activeringspact-2024-essen",
        "Activeringspact 2024-2025 Essen (illustratief)",
        "activeringen",
        "2024-12",
        "2025-11",
        22,
        7000,
        "proportioneel",
        _BRON_ILLUSTRATIEF,
    ),
    (
        kal.ESSEN,
        "activeringspact-2025-essen",
        "Activeringspact 2025-2026 Essen (illustratief)",
        "activeringen",
        "2025-12",
        "2026-11",
        24,
        7000,
        "alles_of_niets",
        _BRON_ILLUSTRATIEF,
    ),
    (
        kal.LIER,
        "activeringspact-2024-lier",
        "Activeringspact 2024-2025 Lier (illustratief)",
        "activeringen",
        "2024-12",
        "2025-11",
        105,
        85000,
        "proportioneel",
        _BRON_ILLUSTRATIEF,
    ),
    (
        kal.LIER,
        "activeringspact-2025-lier",
        "Activeringspact 2025-2026 Lier (illustratief)",
        "activeringen",
        "2025-12",
        "2026-11",
        100,
        80000,
        "proportioneel",
        _BRON_ILLUSTRATIEF,
    ),
)


# --- Building blocks ----------------------------------------------------------------------------
def _pad(ankers: dict[str, float], start: int = 0) -> np.ndarray:
    """Linear interpolation through anchor months, for positions start … _N-1 (constant outside)."""
    xp = np.array([_idx(m) for m in ankers], dtype=float)
    fp = np.array(list(ankers.values()), dtype=float)
    return np.interp(np.arange(start, _N, dtype=float), xp, fp)


def _ar1(rng: np.random.Generator, n: int, sd: float, phi: float = 0.7) -> np.ndarray:
    schok = rng.standard_normal(n) * sd * np.sqrt(1 - phi * phi)
    uit = np.empty(n)
    vorige = rng.standard_normal() * sd
    for i in range(n):
        vorige = phi * vorige + schok[i]
        uit[i] = vorige
    return uit


def _trek(rng: np.random.Generator, totaal: int, gewichten: np.ndarray) -> np.ndarray:
    """Random split of an integer total (multinomial); zero weights stay zero."""
    gewichten = np.asarray(gewichten, dtype=float)
    if totaal <= 0 or gewichten.sum() <= 0:
        return np.zeros(len(gewichten), dtype=np.int64)
    return rng.multinomial(totaal, gewichten / gewichten.sum()).astype(np.int64)


def _afronden(x: np.ndarray) -> np.ndarray:
    return np.floor(np.asarray(x) + 0.5).astype(np.int64)


def _stel_som_bij(
    m: np.ndarray,
    maanden: list[int],
    cellen: list[tuple[int, int]],
    doel: int,
    gewichten: np.ndarray,
) -> None:
    """Add or remove units in cells m[t, p, b] (t in maanden) until their sum equals doel.

    Additions follow the weights (expected values) by largest remainder; removals take one unit
    at a time from the largest cell (the first one on ties), so counts never go negative.
    """
    som = int(sum(m[t, p, b] for t in maanden for p, b in cellen))
    if som < doel:
        plekken = [(t, p, b) for t in maanden for p, b in cellen]
        w = np.array([gewichten[t, p, b] for t, p, b in plekken])
        for (t, p, b), extra in zip(plekken, demo_officieel.verdeel(doel - som, w), strict=True):
            m[t, p, b] += extra
    while som > doel:
        t, p, b = max(
            ((t, p, b) for t in maanden for p, b in cellen),
            key=lambda c: (m[c], -c[0], -c[1], -c[2]),
        )
        if m[t, p, b] <= 0:
            raise ValueError("kan de som niet verlagen")
        m[t, p, b] -= 1
        som -= 1


def _bereik(van: str, tot: str) -> list[int]:
    return list(range(_idx(van), _idx(tot) + 1))


# --- One municipality -------------------------------------------------------------------------
@dataclass
class _Gemeente:
    stand: np.ndarray  # recipients, index 0 = 2018-12, then the output months
    stand_groep: np.ndarray  # [n, 5] by doelgroep (output months)
    stand_leeftijd: np.ndarray  # [n, 6]
    instroom_groep: np.ndarray
    instroom_leeftijd: np.ndarray
    uitstroom_groep: np.ndarray
    uitstroom_leeftijd: np.ndarray
    uitstroom_bestemming: np.ndarray  # [n, 8]
    activering: np.ndarray  # [n, 6 pijlers, 8 bestemmingen]
    activering_groep: np.ndarray
    activering_leeftijd: np.ndarray
    starts: np.ndarray  # [n, 6]
    starts_groep: np.ndarray


def _bouw(profiel: _Profiel) -> _Gemeente:
    rng = np.random.default_rng([SEED, int(profiel.nis)])
    n1 = _N + 1  # with 2018-12 in front
    maandnr = np.concatenate([[12], _MAANDNR])

    # Ukrainians with equivalent leefloon: zero before 2022-03.
    p = profiel.oekraine_piek
    oek_pad = _pad(
        {
            "2022-02": 0.0,
            "2022-03": 0.35 * p,
            "2022-05": p,
            "2022-10": 0.96 * p,
            "2023-06": 0.84 * p,
            "2024-06": 0.62 * p,
            "2025-06": 0.48 * p,
            "2026-09": 0.38 * p,
        },
        start=-1,
    )
    oek = _afronden(oek_pad * (1 + _ar1(rng, n1, 0.04)))
    oek[: _idx("2022-03") + 1] = 0
    oek = np.maximum(oek, 0)

    # Recipients: non-Ukrainian path + Ukrainians, noise, pinned months.
    basis = _pad(profiel.basis, start=-1) * _SEIZOEN_STAND[maandnr - 1]
    totaal = basis + _ar1(rng, n1, profiel.ruis) + oek
    for maand, waarde in profiel.pinnen.items():
        i = _idx(maand) + 1
        verschil = waarde - totaal[i]
        totaal[i - 1] += verschil / 2
        totaal[i + 1] += verschil / 2
        totaal[i] = waarde
    stand = _afronden(totaal)
    stand = np.maximum(stand, oek + 5)

    # Stock by age: 18-24 from its share path, the rest by slowly drifting shares.
    jong_aandeel = _pad(profiel.jong, start=-1) + _ar1(rng, n1, 0.004, phi=0.8)
    jong = _afronden(jong_aandeel * stand)
    if profiel.nis == kal.MECHELEN:
        a, b = _idx("2020-08") + 1, _idx("2021-08") + 1
        stijging = int(stand[b] - stand[a])
        jong[b] = jong[a] + kal.rond(kal.MECHELEN_JONG_AANDEEL_STIJGING * stijging)
    ouder_drift = np.exp(
        np.stack([_ar1(rng, n1, 0.03, phi=0.9) for _ in profiel.ouder], axis=1)
    ) * np.array(profiel.ouder)
    stand_leeftijd = np.zeros((n1, len(LEEFTIJDEN)), dtype=np.int64)
    stand_leeftijd[:, 0] = jong
    for t in range(n1):
        stand_leeftijd[t, 1:] = demo_officieel.verdeel(int(stand[t] - jong[t]), ouder_drift[t])

    # Stock by target group: Ukrainians explicit, the others by drifting shares.
    groep_drift = np.exp(
        np.stack([_ar1(rng, n1, 0.04, phi=0.9) for _ in profiel.groepen], axis=1)
    ) * np.array(profiel.groepen)
    stand_groep = np.zeros((n1, len(DOELGROEPEN)), dtype=np.int64)
    kolom_oek = DOELGROEPEN.index("oekraine")
    andere_kolommen = [DOELGROEPEN.index(g) for g in _OVERIGE_GROEPEN]
    for t in range(n1):
        stand_groep[t, kolom_oek] = oek[t]
        stand_groep[t, andere_kolommen] = demo_officieel.verdeel(
            int(stand[t] - oek[t]), groep_drift[t]
        )

    # Activations: Poisson per pillar, split over destinations per pillar.
    seizoen = _SEIZOEN_ACTIVERING[_MAANDNR - 1]
    lam = np.stack([_pad(profiel.pijlers[pj]) for pj in PIJLERS], axis=1) * seizoen[:, None]
    kansen = np.array([[_BESTEMMING_KANS[pj].get(b, 0.0) for b in BESTEMMINGEN] for pj in PIJLERS])
    verwacht = lam[:, :, None] * kansen[None, :, :]
    act = np.zeros((_N, len(PIJLERS), len(BESTEMMINGEN)), dtype=np.int64)
    for t in range(_N):
        for j in range(len(PIJLERS)):
            act[t, j] = _trek(rng, int(rng.poisson(lam[t, j])), kansen[j])
    _kalibreer_activeringen(profiel, act, verwacht, stand[1:])

    # Trajectory starts: lead the activations of their pillar by two months.
    lam_vooruit = np.vstack([lam[2:], lam[-1:], lam[-1:]])
    conversie = np.array([_CONVERSIE[pj] for pj in PIJLERS])
    starts = rng.poisson(lam_vooruit / conversie).astype(np.int64)

    # Splits of activations and starts by target group and age band.
    w_groep = np.array([_ACTIVEERBAAR_GROEP[g] for g in DOELGROEPEN])
    w_leeftijd = np.array([_ACTIVEERBAAR_LEEFTIJD[lt] for lt in LEEFTIJDEN])
    act_tot = act.sum(axis=(1, 2))
    act_groep = np.stack(
        [_trek(rng, int(act_tot[t]), stand_groep[t + 1] * w_groep) for t in range(_N)]
    )
    act_leeftijd = np.stack(
        [_trek(rng, int(act_tot[t]), stand_leeftijd[t + 1] * w_leeftijd) for t in range(_N)]
    )
    starts_groep = np.stack(
        [_trek(rng, int(starts[t].sum()), stand_groep[t + 1] * w_groep) for t in range(_N)]
    )

    # Flows that close the stock exactly.
    uit_best = np.zeros((_N, len(BESTEMMINGEN)), dtype=np.int64)
    in_groep = np.zeros((_N, len(DOELGROEPEN)), dtype=np.int64)
    uit_groep = np.zeros_like(in_groep)
    in_leeftijd = np.zeros((_N, len(LEEFTIJDEN)), dtype=np.int64)
    uit_leeftijd = np.zeros_like(in_leeftijd)
    andere_best = [BESTEMMINGEN.index(b) for b in _ANDERE_UITSTROOM]
    andere_kans = np.array(list(_ANDERE_UITSTROOM.values()))
    w_in_groep = np.array([2.0, 0.0, 1.0, 1.3, 1.0])  # advances are short: more in the flows
    w_in_leeftijd = np.array([1.35, 1.1, 1.0, 0.9, 0.7, 0.3])
    w_uit_leeftijd = np.array([1.25, 1.1, 1.0, 0.9, 0.75, 0.4])
    w_in_2026 = np.array([0.9, 1.25, 1.35, 1.4, 1.4, 0.3])  # unemployment limit: older people
    for t in range(_N):
        vorige, nu = int(stand[t]), int(stand[t + 1])
        werk = np.zeros(len(BESTEMMINGEN), dtype=np.int64)
        for b in _WERK_IDX:
            werk[b] = rng.binomial(int(act[t, :, b].sum()), _UIT_NAAR_WERK[BESTEMMINGEN[b]])
        werk[BESTEMMINGEN.index("regulier")] += rng.poisson(profiel.zelf_werk * vorige)
        ander = int(rng.poisson(profiel.uitstroom_ander * vorige * _SEIZOEN_UIT[_MAANDNR[t] - 1]))
        d_oek = int(oek[t + 1] - oek[t])
        wissel_oek = int(rng.poisson(0.02 * oek[t]))
        in_oek = max(d_oek, 0) + wissel_oek
        uit_oek = max(-d_oek, 0) + wissel_oek
        uitstroom = int(werk.sum()) + ander
        ondergrens_in = max(in_oek, int(rng.poisson(0.6 * profiel.uitstroom_ander * vorige)))
        uitstroom = max(uitstroom, uit_oek)
        instroom = nu - vorige + uitstroom
        if instroom < ondergrens_in:
            uitstroom += ondergrens_in - instroom
            instroom = ondergrens_in
        uit_best[t] = werk
        uit_best[t, andere_best] += _trek(rng, uitstroom - int(werk.sum()), andere_kans)

        vorige_groep = stand_groep[t].astype(float)
        for doel_arr, totaal_stroom, n_oek, w in (
            (in_groep, instroom, in_oek, w_in_groep),
            (uit_groep, uitstroom, uit_oek, np.array([2.0, 0.0, 1.0, 1.0, 1.0])),
        ):
            n_oek = min(n_oek, totaal_stroom)
            doel_arr[t, kolom_oek] = n_oek
            rest = _trek(rng, totaal_stroom - n_oek, (vorige_groep * w)[andere_kolommen] + 1e-9)
            doel_arr[t, andere_kolommen] = rest
        w_in = w_in_leeftijd * (w_in_2026 if MAANDEN[t] >= "2026-01" else 1.0)
        vorige_leeftijd = stand_leeftijd[t].astype(float) + 1e-9
        in_leeftijd[t] = _trek(rng, instroom, vorige_leeftijd * w_in)
        uit_leeftijd[t] = _trek(rng, uitstroom, vorige_leeftijd * w_uit_leeftijd)

    return _Gemeente(
        stand=stand,
        stand_groep=stand_groep[1:],
        stand_leeftijd=stand_leeftijd[1:],
        instroom_groep=in_groep,
        instroom_leeftijd=in_leeftijd,
        uitstroom_groep=uit_groep,
        uitstroom_leeftijd=uit_leeftijd,
        uitstroom_bestemming=uit_best,
        activering=act,
        activering_groep=act_groep,
        activering_leeftijd=act_leeftijd,
        starts=starts,
        starts_groep=starts_groep,
    )


def _kalibreer_activeringen(
    profiel: _Profiel, act: np.ndarray, verwacht: np.ndarray, stand: np.ndarray
) -> None:
    """Nudge the activation cells so the published sums hold (see data_access.kalibratie)."""
    werk_cellen = [(j, b) for j in range(len(PIJLERS)) for b in _WERK_IDX]
    if profiel.nis == kal.MECHELEN:
        # Rule 7: ~200 into work through partners + art60 in 2021-09 … 2023-08.
        pj = [PIJLERS.index("partners"), PIJLERS.index("art60")]
        cellen = [(j, b) for j in pj for b in _WERK_IDX]
        venster = _bereik(*kal.MECHELEN_ACTIEPLAN_VENSTER)
        som = sum(int(act[t, j, b]) for t in venster for j, b in cellen)
        if not 196 <= som <= 204:
            _stel_som_bij(act, venster, cellen, 200, verwacht)
        # Rule 12: the pact outcome stays open, ~92% of 629; adjusted after 2023-08 only.
        pact = _bereik(kal.PACT_VAN, kal.PACT_TOT)
        vaste = sum(int(act[t, j, b]) for t in pact[:2] for j, b in werk_cellen)
        som = sum(int(act[t, j, b]) for t in pact for j, b in werk_cellen)
        doel = kal.rond(0.92 * kal.PACT_DOELWAARDE)
        if not doel - 12 <= som <= doel + 12:
            _stel_som_bij(act, pact[2:], werk_cellen, doel - vaste, verwacht)
    if profiel.nis == kal.ESSEN:
        # Rule 3: in 2023, 65% of the mean recipients activated, 70% of them into work.
        jaar = _bereik("2023-01", "2023-12")
        gemiddeld = float(stand[jaar].mean())
        totaal = kal.rond(0.65 * gemiddeld)
        werk = kal.rond(kal.ESSEN_WERKAANDEEL * totaal)
        _stel_som_bij(act, jaar, werk_cellen, werk, verwacht)
        opleiding = [(j, _OPLEIDING) for j in range(len(PIJLERS))]
        _stel_som_bij(act, jaar, opleiding, totaal - werk, verwacht)


# --- Output ---------------------------------------------------------------------------------------
def _rijen(nis: str, g: _Gemeente) -> Iterator[tuple[str, str, str, str, str, str, int]]:
    """(periode, indicator, doelgroep, leeftijd, pijler, bestemming, aantal) in a fixed order."""
    tot = "totaal"
    # the own count split into leefloon and equivalent leefloon (totals; sum = the stock)
    eigen = demo_officieel.eigen_telling(
        nis, g.stand[1:], g.stand_groep[:, DOELGROEPEN.index("oekraine")], SEED
    )
    for t, maand in enumerate(MAANDEN):
        stromen = (
            ("leefloongerechtigden", g.stand[t + 1], g.stand_groep[t], g.stand_leeftijd[t]),
            ("instroom", g.instroom_groep[t].sum(), g.instroom_groep[t], g.instroom_leeftijd[t]),
            (
                "uitstroom",
                g.uitstroom_groep[t].sum(),
                g.uitstroom_groep[t],
                g.uitstroom_leeftijd[t],
            ),
        )
        for indicator, totaal, groep, leeftijd in stromen:
            yield maand, indicator, tot, tot, tot, tot, int(totaal)
            for code, x in zip(DOELGROEPEN, groep, strict=True):
                yield maand, indicator, code, tot, tot, tot, int(x)
            for code, x in zip(LEEFTIJDEN, leeftijd, strict=True):
                yield maand, indicator, tot, code, tot, tot, int(x)
            if indicator == "uitstroom":
                for code, x in zip(BESTEMMINGEN, g.uitstroom_bestemming[t], strict=True):
                    yield maand, indicator, tot, tot, tot, code, int(x)
        for indicator, reeks in eigen.items():
            yield maand, indicator, tot, tot, tot, tot, int(reeks[t])

        a = g.activering[t]
        yield maand, "activeringen", tot, tot, tot, tot, int(a.sum())
        for code, x in zip(BESTEMMINGEN, a.sum(axis=0), strict=True):
            yield maand, "activeringen", tot, tot, tot, code, int(x)
        for j, pijler in enumerate(PIJLERS):
            yield maand, "activeringen", tot, tot, pijler, tot, int(a[j].sum())
            for code, x in zip(BESTEMMINGEN, a[j], strict=True):
                yield maand, "activeringen", tot, tot, pijler, code, int(x)
        for code, x in zip(DOELGROEPEN, g.activering_groep[t], strict=True):
            yield maand, "activeringen", code, tot, tot, tot, int(x)
        for code, x in zip(LEEFTIJDEN, g.activering_leeftijd[t], strict=True):
            yield maand, "activeringen", tot, code, tot, tot, int(x)

        yield maand, "trajectstarts", tot, tot, tot, tot, int(g.starts[t].sum())
        for code, x in zip(PIJLERS, g.starts[t], strict=True):
            yield maand, "trajectstarts", tot, tot, code, tot, int(x)
        for code, x in zip(DOELGROEPEN, g.starts_groep[t], strict=True):
            yield maand, "trajectstarts", code, tot, tot, tot, int(x)


def officiele_cijfers(nis: str) -> pd.DataFrame:
    """The official (definitive) figures of one demo municipality as a frame, 2019-01 …
    ``demo_officieel.DEFINITIEF_TOT``, derived from its own count (data_access.demo_officieel)."""
    g = _bouw(_PROFIELEN[nis])
    n = _idx(demo_officieel.DEFINITIEF_TOT) + 1
    maanden = MAANDEN[:n]
    cijfers = demo_officieel.bouw(
        nis,
        maanden,
        stand=g.stand[1 : n + 1],
        oekraine=g.stand_groep[:n, DOELGROEPEN.index("oekraine")],
        leeftijd=g.stand_leeftijd[:n],
        seed=SEED,
        gepinde_maanden=kal.GEPINDE_MAANDEN.get(nis, frozenset()),
    )
    return demo_officieel.als_frame(nis, maanden, cijfers)


def officieel_frame() -> pd.DataFrame:
    """The official figures of Mechelen, Essen and Lier (in DEMO_NIS order)."""
    return pd.concat([officiele_cijfers(nis) for nis in DEMO_NIS], ignore_index=True)


def _schrijf(pad: Path, kop: str, regels: list[str]) -> Path:
    pad.write_bytes(("\n".join([kop, *regels]) + "\n").encode("utf-8"))
    return pad


def bestandsnaam(nis: str) -> str:
    """File name of a municipality's cube file, e.g. ``leefloon_12025_mechelen.csv``."""
    return f"leefloon_{nis}_{_PROFIELEN[nis].naam}.csv"


def genereer(doelmap: Path) -> list[Path]:
    """Write the demo CSV files into ``doelmap`` (created if missing); return their paths.

    Order: the cube files of Mechelen, Essen and Lier (their own count), the totals of the other
    Flemish municipalities, the official figures of the three (``OFFICIEEL_BESTAND``), then
    ``bevolking.csv`` and ``doelen.csv``.
    """
    doelmap = Path(doelmap)
    doelmap.mkdir(parents=True, exist_ok=True)
    paden = []
    for nis in DEMO_NIS:
        g = _bouw(_PROFIELEN[nis])
        regels = [";".join((nis, *rij[:-1], str(rij[-1]))) for rij in _rijen(nis, g)]
        paden.append(_schrijf(doelmap / bestandsnaam(nis), ";".join(SJABLOON_KOLOMMEN), regels))
    overige = [
        ";".join((nis, maand, indicator, *["totaal"] * (len(SJABLOON_KOLOMMEN) - 4), str(aantal)))
        for nis, maand, indicator, aantal in demo_vlaanderen.rijen(
            SEED, EERSTE_MAAND, LAATSTE_MAAND, frozenset(DEMO_NIS)
        )
    ]
    paden.append(_schrijf(doelmap / OVERIGE_BESTAND, ";".join(SJABLOON_KOLOMMEN), overige))
    paden.append(_schrijf(doelmap / OFFICIEEL_BESTAND, *demo_officieel.regels(officieel_frame())))
    bevolking = [
        f"{nis};{jaar};{inwoners}" for nis in DEMO_NIS for jaar, inwoners in BEVOLKING[nis].items()
    ]
    paden.append(_schrijf(doelmap / "bevolking.csv", "nis;jaar;inwoners", bevolking))
    for doel in DOELEN:
        if any(";" in str(v) or '"' in str(v) or "\n" in str(v) for v in doel):
            raise ValueError(f"scheidingsteken in doel {doel[1]}")
    doelen = [";".join(str(v) for v in doel) for doel in DOELEN]
    kop = "nis;doel_id;naam;indicator;van;tot;doelwaarde;max_subsidie_eur;uitbetaling;bron"
    paden.append(_schrijf(doelmap / "doelen.csv", kop, doelen))
    return paden


class DemoOngeldig(ValueError):
    """The demo files do not pass the importer (the Dutch report is the message)."""


def demo_bestanden() -> list[Path]:
    return sorted(DEMO_MAP.glob("*.csv"))


def herbouw_demo(engine) -> importer.ImportResultaat:
    """Drop and rebuild every table, then import the demo CSVs through the normal importer and
    make the demo accounts."""
    metadata.drop_all(engine)
    db.init_schema(engine)
    resultaat = importer.importeer(engine, demo_bestanden(), door="demo", demo=True)
    if not resultaat.geldig:
        raise DemoOngeldig(resultaat.verslag())
    with engine.begin() as conn:  # every release says it is demo, also in its source line
        conn.execute(update(release).where(release.c.demo).values(bron=BRON_DEMO))
        conn.execute(
            update(release)
            .where(release.c.demo, release.c.bestand == OFFICIEEL_BESTAND)
            .values(bron=BRON_DEMO_OFFICIEEL)
        )
    gebruikers.zorg_voor_demo_accounts(engine)
    return resultaat
