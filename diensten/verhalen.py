"""The seed stories for the council: one published figure each, with the view that shows it.

Each story is a link in the view's codes (`ui.link`), so the Overzicht block, a slide or an
e-mail opens exactly that view. The figures are the ones the municipalities published (see
docs/kalibratie of the demo data); the view shows the number from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        "Mechelen: het actieplan naar werk",
        "Activeringen per pijler van sep 2021 tot aug 2023, de twee jaar waarin volgens de stad "
        "ongeveer 200 mensen werk vonden via 12Work, Duo for a Job, JobRoad en artikel 60.",
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
        "Activeringen naar bestemming in 2023: volgens de gemeente werd meer dan de helft "
        "geactiveerd, 70% van hen naar werk.",
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
