"""The demo's official figures: POD MI-style months beside the OCMW's own count (issue 19).

The own count of the demo (``leefloongerechtigden`` in the cube files, status ``voorlopig``) stays
as it is. Beside it this module builds what the official source would deliver for the same
municipality-months, status ``definitief``, count definition ``maandstand``:

- indicators ``leefloon`` and ``equivalent_leefloon``, and ``leefloongerechtigden`` = their sum
  cell by cell;
- marginal breakdowns (one dimension broken down, every other ``totaal``) by ``leeftijdsklasse``,
  ``huishoudtype`` and ``geslacht``; every breakdown adds up exactly to its month total;
- months ``EERSTE_MAAND`` … ``DEFINITIEF_TOT`` only: the official source shows stable months a
  few months late, so the last demo months have the own count alone.

How the figures relate to the own count (docs/demodata.md has the proportions and sources):

- The official total differs from the own count by a small revision in some months (late forms,
  corrections; at most about 1%), never in the months the calibration rules read
  (``kalibratie.GEPINDE_MAANDEN``), so the published figures hold on either series.
- ``-25`` is the own count's ``18-24``; ``25-34`` is ``25-34``; ``35-49`` = ``35-44`` + the lower
  half of ``45-54``; ``50-64`` = the upper half + ``55-64``; ``65+`` = ``65+``. A revision is
  spread over the classes in proportion. So in the pinned months ``-25`` equals today's ``18-24``
  and "70% of the rise under 25" (Mechelen) holds in the official age class too.
- Equivalent leefloon = the own count's Ukrainians (``doelgroep`` ``oekraine``) + a base share of
  the others (``AANDEEL_EQUIVALENT``).

Pure and deterministic: numpy arrays in, one pandas frame out; its own random stream
(``default_rng([SEED, nis, 19])``), so the own-count files are not touched.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import domein

INDICATOR_LL = "leefloon"
INDICATOR_EQ = "equivalent_leefloon"
INDICATOR_SOM = "leefloongerechtigden"
INDICATOREN = (INDICATOR_LL, INDICATOR_EQ, INDICATOR_SOM)
TELDEFINITIE = "maandstand"
#: Indicators written to the demo file: all three (the importer would otherwise derive the sum's
#: totals itself, without its breakdowns).
IN_BESTAND = INDICATOREN
STATUS = "definitief"
TOTAAL = "totaal"

# The official dimensions the demo breaks down by, with their categories from the registry
# (domein/kubus.yaml, POD MI barometer), `totaal` left out. `nationaliteit` stays `totaal`.
UITSPLITSINGEN = ("leeftijdsklasse", "huishoudtype", "geslacht")
CATEGORIEEN: dict[str, tuple[str, ...]] = {d: domein.DIMENSIES[d][1:] for d in UITSPLITSINGEN}

#: Last month with official (definitive) figures: three months before the demo's last month.
DEFINITIEF_TOT = "2026-06"

# Equivalent leefloon among the non-Ukrainians: Flanders at the start of 2019, 38,179 leefloon
# and about 3,300 equivalent leefloon (Statistiek Vlaanderen, via Het Nieuwsblad, Sept 2019).
AANDEEL_EQUIVALENT = 3300 / (38179 + 3300)
# Assumptions (aanname, docs/demodata.md): relative weight of each age class among people on
# equivalent leefloon (working-age refugees, few young people and very few 65+).
_EQ_GEWICHT_LEEFTIJD = np.array([0.8, 1.3, 1.3, 0.7, 0.2])
# Shares (aanname) of vrouw among leefloon, the other equivalent leefloon, the Ukrainians.
_VROUW = {"ll": 0.54, "eq": 0.45, "oek": 0.70}
# Shares (aanname) of alleenstaand, samenwonend, gezinslast.
_HUISHOUDEN = {
    "ll": np.array([0.50, 0.30, 0.20]),
    "eq": np.array([0.45, 0.25, 0.30]),
    "oek": np.array([0.35, 0.15, 0.50]),
}
# Revision official − own count: sd as a share of the stock (at least 0.4 persons), and the
# share of months with no revision at all.
_HERZIENING_SD = 0.004
_HERZIENING_NUL = 0.5


def verdeel(totaal: int, gewichten: np.ndarray) -> np.ndarray:
    """Largest-remainder split of an integer total (exact sum; zero weights stay zero). Also
    the own count's split in `data_access.demo`."""
    gewichten = np.asarray(gewichten, dtype=float)
    if totaal <= 0 or gewichten.sum() <= 0:
        return np.zeros(len(gewichten), dtype=np.int64)
    exact = totaal * gewichten / gewichten.sum()
    basis = np.floor(exact).astype(np.int64)
    rest = int(totaal - basis.sum())
    if rest:
        basis[np.argsort(-(exact - basis), kind="stable")[:rest]] += 1
    return basis


def _verdeel_begrensd(totaal: int, gewichten: np.ndarray, plafond: np.ndarray) -> np.ndarray:
    """Split `totaal` by weight with part i at most plafond[i] (requires totaal <= sum)."""
    plafond = np.asarray(plafond, dtype=np.int64)
    if totaal > int(plafond.sum()):
        raise ValueError("meer te verdelen dan het plafond toelaat")
    uit = np.zeros(len(plafond), dtype=np.int64)
    open_ = plafond > 0
    while totaal > 0:
        w = np.where(open_, gewichten * plafond + 1e-12 * open_, 0.0)
        deel = np.minimum(verdeel(totaal, w), plafond - uit)
        if deel.sum() == 0:  # every weight rounded away: one unit to the first open class
            deel[int(np.argmax(open_))] = 1
        uit += deel
        totaal -= int(deel.sum())
        open_ = uit < plafond
    return uit


def officiele_leeftijd(leeftijd: np.ndarray) -> np.ndarray:
    """Own age bands [n, 6] (18-24, 25-34, 35-44, 45-54, 55-64, 65+) → official classes [n, 5].

    45-54 is split in halves (the odd person goes to 35-49); the row sums stay the same."""
    leeftijd = np.asarray(leeftijd, dtype=np.int64)
    boven = leeftijd[:, 3] // 2
    onder = leeftijd[:, 3] - boven
    return np.stack(
        [
            leeftijd[:, 0],
            leeftijd[:, 1],
            leeftijd[:, 2] + onder,
            boven + leeftijd[:, 4],
            leeftijd[:, 5],
        ],
        axis=1,
    )


def herzieningen(rng: np.random.Generator, stand: np.ndarray, gepind: np.ndarray) -> np.ndarray:
    """Official − own count per month: often 0, else a small integer; 0 in pinned months."""
    sd = np.maximum(0.8, _HERZIENING_SD * stand)
    ruw = np.rint(rng.standard_normal(len(stand)) * sd).astype(np.int64)
    nul = rng.random(len(stand)) < _HERZIENING_NUL
    ruw[nul | gepind] = 0
    # at most 1% of the stock (one person in a small municipality)
    grens = np.maximum(1, stand // 100)
    return np.clip(ruw, -grens, grens)


def _aandelen(rng: np.random.Generator, basis: np.ndarray, n: int, sd: float) -> np.ndarray:
    """Slowly drifting shares [n, k] around `basis` (AR(1) on the log, phi 0.9)."""
    k = len(basis)
    drift = np.zeros((n, k))
    vorige = rng.standard_normal(k) * sd
    schok = rng.standard_normal((n, k)) * sd * np.sqrt(1 - 0.81)
    for t in range(n):
        vorige = 0.9 * vorige + schok[t]
        drift[t] = vorige
    return np.exp(drift) * basis


def eq_aandeel(seed: int, nis: str, n: int) -> np.ndarray:
    """Share of equivalent leefloon among the non-Ukrainians per month (drifting around
    AANDEEL_EQUIVALENT); the same path for the own count and the official figures."""
    rng = np.random.default_rng([seed, int(nis), 19, 1])
    return AANDEEL_EQUIVALENT * _aandelen(rng, np.array([1.0]), n, 0.08)[:, 0]


def _splits_eq(totaal: np.ndarray, oek: np.ndarray, aandeel: np.ndarray) -> np.ndarray:
    """Persons on equivalent leefloon among the others (not Ukrainian) of a total."""
    return np.floor((totaal - oek) * aandeel + 0.5).astype(np.int64)


def eigen_telling(
    nis: str, stand: np.ndarray, oekraine: np.ndarray, seed: int
) -> dict[str, np.ndarray]:
    """The own count split into leefloon and equivalent leefloon (totals per month; their sum
    is the own ``leefloongerechtigden`` exactly): what the OCMW knows before the official
    month is stable."""
    stand = np.asarray(stand, dtype=np.int64)
    oek = np.minimum(np.asarray(oekraine, dtype=np.int64), stand)
    eq = oek + _splits_eq(stand, oek, eq_aandeel(seed, nis, len(stand)))
    return {INDICATOR_LL: stand - eq, INDICATOR_EQ: eq}


def bouw(
    nis: str,
    maanden: tuple[str, ...],
    stand: np.ndarray,
    oekraine: np.ndarray,
    leeftijd: np.ndarray,
    seed: int,
    gepinde_maanden: frozenset[str] = frozenset(),
) -> dict[str, dict[str, np.ndarray]]:
    """The official figures of one municipality for the months `maanden` (all definitive).

    Inputs are the own count per month: `stand` [n], its Ukrainians `oekraine` [n], its age
    bands `leeftijd` [n, 6]. Returns {indicator: {"totaal": [n], dimension: [n, k]}}.
    """
    n = len(maanden)
    rng = np.random.default_rng([seed, int(nis), 19])
    stand = np.asarray(stand, dtype=np.int64)
    oekraine = np.asarray(oekraine, dtype=np.int64)
    gepind = np.array([m in gepinde_maanden for m in maanden])
    herziening = herzieningen(rng, stand, gepind)
    totaal = stand + herziening

    # Age classes of the total: the own bands mapped, the revision spread in proportion.
    leeftijd_tot = officiele_leeftijd(leeftijd)
    for t in range(n):
        r = int(herziening[t])
        if r > 0:
            leeftijd_tot[t] += verdeel(r, leeftijd_tot[t] + 1e-9)
        elif r < 0:
            leeftijd_tot[t] -= verdeel(-r, leeftijd_tot[t])

    # Equivalent leefloon: the Ukrainians + a drifting base share of the others.
    oek = np.minimum(oekraine, totaal)
    eq_overig = _splits_eq(totaal, oek, eq_aandeel(seed, nis, n))
    eq = oek + eq_overig
    ll = totaal - eq

    leeftijd_eq = np.stack(
        [_verdeel_begrensd(int(eq[t]), _EQ_GEWICHT_LEEFTIJD, leeftijd_tot[t]) for t in range(n)]
    )
    vrouw = {k: _aandelen(rng, np.array([v, 1 - v]), n, 0.03) for k, v in _VROUW.items()}
    huis = {k: _aandelen(rng, v, n, 0.04) for k, v in _HUISHOUDEN.items()}

    def _split(aandelen: dict[str, np.ndarray], t: int) -> tuple[np.ndarray, np.ndarray]:
        ll_deel = verdeel(int(ll[t]), aandelen["ll"][t])
        eq_deel = verdeel(int(eq_overig[t]), aandelen["eq"][t]) + verdeel(
            int(oek[t]), aandelen["oek"][t]
        )
        return ll_deel, eq_deel

    geslacht = [_split(vrouw, t) for t in range(n)]
    huishouden = [_split(huis, t) for t in range(n)]
    # vrouw was drawn first in each pair: the frame's order is man, vrouw
    geslacht_ll = np.stack([g[0][::-1] for g in geslacht])
    geslacht_eq = np.stack([g[1][::-1] for g in geslacht])
    ll_cijfers = {
        "totaal": ll,
        "leeftijdsklasse": leeftijd_tot - leeftijd_eq,
        "huishoudtype": np.stack([h[0] for h in huishouden]),
        "geslacht": geslacht_ll,
    }
    eq_cijfers = {
        "totaal": eq,
        "leeftijdsklasse": leeftijd_eq,
        "huishoudtype": np.stack([h[1] for h in huishouden]),
        "geslacht": geslacht_eq,
    }
    som = {k: ll_cijfers[k] + eq_cijfers[k] for k in ll_cijfers}
    return {INDICATOR_LL: ll_cijfers, INDICATOR_EQ: eq_cijfers, INDICATOR_SOM: som}


def bestandskolommen(frame: pd.DataFrame) -> list[str]:
    """The header of the demo file: today's template (required), the dimensions the frame
    breaks down by, then ``teldefinitie`` and ``status`` (the importer's optional columns, in
    its order); a dimension left out is ``totaal`` on import."""
    volgorde = [*domein.KOLOMMEN, *domein.FEIT_EXTRA]
    gebruikt = {d for d in domein.DIMENSIE_NAMEN if (frame[d] != TOTAAL).any()}
    vast = {*domein.SJABLOON_KOLOMMEN, *domein.FEIT_EXTRA}
    return [k for k in volgorde if k in vast or k in gebruikt]


def regels(frame: pd.DataFrame) -> tuple[str, list[str]]:
    """(header, lines) of the demo file: the rows of IN_BESTAND (``;``, no quoting: codes never
    hold one)."""
    frame = frame[frame["indicator"].isin(IN_BESTAND)]
    kolommen = bestandskolommen(frame)
    tekst = frame[kolommen].astype(str)
    return ";".join(kolommen), tekst.agg(";".join, axis=1).tolist()


def als_frame(nis: str, maanden: tuple[str, ...], cijfers: dict) -> pd.DataFrame:
    """The rows of one municipality in a fixed order: per month, per indicator, the total and
    then each marginal breakdown (every other dimension ``totaal``)."""
    dims = domein.DIMENSIE_NAMEN
    rijen: list[tuple] = []
    leeg = dict.fromkeys(dims, TOTAAL)
    for t, maand in enumerate(maanden):
        for indicator in INDICATOREN:
            c = cijfers[indicator]
            rijen.append((maand, indicator, leeg, int(c["totaal"][t])))
            for dim in UITSPLITSINGEN:
                for code, x in zip(CATEGORIEEN[dim], c[dim][t], strict=True):
                    rijen.append((maand, indicator, {**leeg, dim: code}, int(x)))
    frame = pd.DataFrame(
        [{"nis": nis, "periode": m, "indicator": i, **d, "aantal": a} for m, i, d, a in rijen],
        columns=["nis", "periode", "indicator", *dims, "aantal"],
    )
    frame["teldefinitie"] = TELDEFINITIE
    frame["status"] = STATUS
    frame["aantal"] = frame["aantal"].astype("int64")
    return frame[[*domein.KOLOMMEN, *domein.FEIT_EXTRA]]
