"""The seed stories for the council: one published figure each, with the view that shows it.

Each story is a link in the view's codes (`ui.link`), so the Overzicht block, a slide or an
e-mail opens exactly that view. The figures are the ones the municipalities published (see
docs/kalibratie of the demo data); the view shows the number from the data. A story whose view
does not show its number in words gets it here (`cijfers`), computed from what the data release
(protected tables, released work tiles), with its count definition and source; a claim the
released data cannot carry is not told.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from charts import formaat
from data_access import queries
from diensten import pactdelen
from diensten.bron import bron as bron_van
from domein import ACTIVERINGSGRAAD, GETOOND, TELDEFINITIE, label

MECHELEN, ESSEN, LIER = "12025", "11016", "12021"


@dataclass(frozen=True)
class Verhaal:
    sleutel: str
    titel: str
    zin: str  # one line of Dutch: what the view shows
    pagina: str  # the page file (st.page_link)
    query: dict  # the view in codes
    nissen: tuple[str, ...]  # municipalities that must be in the data

    def link(self) -> str:
        """The query string of the view: `?gemeente=12025&periode=2021-06..2023-06`."""
        return "?" + "&".join(f"{k}={v}" for k, v in self.query.items())


VERHALEN: tuple[Verhaal, ...] = (
    Verhaal(
        "mechelen-min-11",
        "Mechelen: −11% in twee jaar",
        "Het aantal leefloongerechtigden in Mechelen van juni 2021 tot juni 2023.",
        "app.py",
        {"gemeente": MECHELEN, "periode": "2021-06..2023-06"},
        (MECHELEN,),
    ),
    Verhaal(
        "mechelen-jongeren",
        "Mechelen: de stijging bij jongeren",
        "Leeftijd van de leefloongerechtigden van aug 2020 tot aug 2021: 70% van de stijging "
        "was jonger dan 25.",
        "pages/2_Doelgroepen.py",
        {"gemeente": MECHELEN, "periode": "2020-08..2021-08"},
        (MECHELEN,),
    ),
    Verhaal(
        "mechelen-actieplan",
        "Mechelen: het actieplan via partners en artikel 60",
        "Activeringen per pijler van sep 2021 tot aug 2023, met de partners (12Work, Duo for a "
        "Job, JobRoad) en artikel 60.",
        "pages/2_Doelgroepen.py",
        {"gemeente": MECHELEN, "periode": "2021-09..2023-08"},
        (MECHELEN,),
    ),
    Verhaal(
        "mechelen-pact-2023",
        "Mechelen: het activeringspact 2023",
        "629 activeringen naar werk van juli 2023 tot april 2025, voor maximaal € 320.156.",
        "pages/3_Pact_en_prognose.py",
        {"gemeente": MECHELEN, "periode": "2023-07..2025-04", "doel": "activeringspact-2023"},
        (MECHELEN,),
    ),
    Verhaal(
        "essen-83-33",
        "Essen: van 83 naar 33",
        "Het aantal leefloongerechtigden in Essen van april 2021 tot oktober 2023.",
        "app.py",
        {"gemeente": ESSEN, "periode": "2021-04..2023-10"},
        (ESSEN,),
    ),
    Verhaal(
        "essen-2023",
        "Essen: activering in 2023",
        "Activeringen naar bestemming in 2023; de gemeente meldde dat meer dan de helft "
        "geactiveerd werd, 70% van hen naar werk.",
        "pages/2_Doelgroepen.py",
        {"gemeente": ESSEN, "periode": "2023-01..2023-12"},
        (ESSEN,),
    ),
    Verhaal(
        "lier-naast",
        "Lier naast Mechelen en Essen",
        "Leefloongerechtigden per 1.000 inwoners in de drie gemeenten.",
        "pages/5_Vergelijking.py",
        {
            "gemeente": LIER,
            "vergelijk": f"{MECHELEN},{ESSEN}",
            "indicator": "leefloongerechtigden",
            "maatstaf": "per1000",
        },
        (LIER, MECHELEN, ESSEN),
    ),
)


def beschikbaar(nissen) -> list[Verhaal]:
    """The stories whose municipalities are all in the data."""
    aanwezig = set(nissen)
    return [v for v in VERHALEN if set(v.nissen) <= aanwezig]


# --------------------------------------------------------------------------------------------
# the figure of a story, from the data


@dataclass(frozen=True)
class Cijfer:
    """A story's number in one line, with its count definition and source line."""

    tekst: str
    teldefinitie: str
    bron: str


ACTIEPLAN_PIJLERS = ("partners", "art60")
ACTIEPLAN_VENSTER = ("2021-09", "2023-08")
ESSEN_JAAR = 2023


def actieplan_tekst(tabel: pd.DataFrame) -> str | None:
    """Activations through the pillars partners and art60 over the full quarters of the
    action plan's two years, from the released quarterly table by `pijler` (council view).
    The city's "about 200 into work" is not told: work per pillar is not released."""
    van, tot = ACTIEPLAN_VENSTER
    bereik = pactdelen.gedekt(tabel, van, tot)
    sommen = [pactdelen.som(tabel, p, van, tot) for p in ACTIEPLAN_PIJLERS]
    if bereik is None or any(s.waarde is None for s in sommen):
        return None
    totaal = sum(s.waarde for s in sommen)
    delen = " en ".join(
        f"{label('pijler', p)}: {s.weergave}"
        for p, s in zip(ACTIEPLAN_PIJLERS, sommen, strict=True)
    )
    return (
        f"{formaat.getal(totaal)} activeringen via de partners en artikel 60 van "
        f"{formaat.maand(bereik[0])} tot en met {formaat.maand(bereik[1])} ({delen}). Naar "
        "werk per pijler tonen we niet: dat zou kleine aantallen verraden."
    )


def essen_tekst(rij: dict) -> str | None:
    """Essen's year as the activation rate gives it (`queries.activeringsgraad`): the share
    activated, and the share into work from the released work tiles. A share only where its
    denominator reaches the threshold of the disclosure rule for percentages."""
    if rij.get("status_geactiveerd") != GETOOND:
        return None
    gemiddeld, act = float(rij["gemiddeld"]), int(rij["activeringen"])
    if gemiddeld < pactdelen.MIN_NOEMER:
        return None
    tekst = (
        f"In {ESSEN_JAAR}: {formaat.getal(act)} activeringen bij gemiddeld "
        f"{formaat.getal(gemiddeld)} leefloongerechtigden per maand, "
        f"{formaat.procent(rij['geactiveerd'], 0)} geactiveerd"
    )
    if rij.get("status_werk") == GETOOND and act >= pactdelen.MIN_NOEMER:
        tekst += (
            f"; {formaat.getal(rij['werk'])} naar werk, "
            f"{formaat.procent(rij['aan_het_werk'], 0)} van de activeringen"
        )
    return tekst + "."


def cijfers(engine: Engine, nissen) -> dict[str, Cijfer]:
    """The figures of the stories that need one, for the municipalities in the data."""
    aanwezig = set(nissen)
    bron = bron_van(engine)
    uit = {}
    if MECHELEN in aanwezig:
        tabel = queries.uitsplitsing(engine, MECHELEN, "activeringen", "pijler")
        tekst = actieplan_tekst(tabel)
        if tekst:
            uit["mechelen-actieplan"] = Cijfer(tekst, TELDEFINITIE["activeringen"], bron)
    if ESSEN in aanwezig:
        graad = queries.activeringsgraad(engine, [ESSEN], ESSEN_JAAR)
        tekst = essen_tekst(graad.iloc[0].to_dict()) if not graad.empty else None
        if tekst:
            definitie = f"{ACTIVERINGSGRAAD['geactiveerd']}. {ACTIVERINGSGRAAD['aan_het_werk']}"
            uit["essen-2023"] = Cijfer(tekst, definitie, bron)
    return uit
