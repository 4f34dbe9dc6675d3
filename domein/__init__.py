"""Codes of the data cube (README: Gegevens aanleveren) and their Dutch labels.

One source for importer, queries and UI."""

INDICATOREN = ("leefloongerechtigden", "instroom", "uitstroom", "activeringen", "trajectstarts")

DIMENSIES: dict[str, tuple[str, ...]] = {
    "doelgroep": ("totaal", "voorschot", "oekraine", "sociale_economie", "nieuwkomers", "overig"),
    "leeftijd": ("totaal", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"),
    "pijler": (
        "totaal",
        "screening_matching",
        "sollicitatietraining",
        "interim",
        "art60",
        "partners",
        "overig",
    ),
    "bestemming": (
        "totaal",
        "regulier",
        "interim",
        "sociale_economie",
        "art60",
        "opleiding",
        "andere_uitkering",
        "verhuisd",
        "overig",
    ),
}
DIMENSIE_NAMEN = tuple(DIMENSIES)
KOLOMMEN = ("nis", "periode", "indicator", *DIMENSIE_NAMEN, "aantal")
# Columns of a `doelen` file (README: Gegevens aanleveren), in file order.
DOEL_KOLOMMEN = (
    "nis",
    "doel_id",
    "naam",
    "indicator",
    "van",
    "tot",
    "doelwaarde",
    "max_subsidie_eur",
    "uitbetaling",
    "bron",
)

WERK_BESTEMMINGEN = ("regulier", "interim", "sociale_economie", "art60")

# The pillars of a local action plan (every code of the `pijler` dimension but its total), and
# the three every pact has (the others are shown when the data have trajectory starts for them).
PIJLERS = DIMENSIES["pijler"][1:]
HOOFDPIJLERS = ("screening_matching", "sollicitatietraining", "interim")

LABELS: dict[str, dict[str, str]] = {
    "indicator": {
        "leefloongerechtigden": "Leefloongerechtigden",
        "instroom": "Instroom",
        "uitstroom": "Uitstroom",
        "activeringen": "Activeringen",
        "trajectstarts": "Trajectstarts",
    },
    "doelgroep": {
        "totaal": "Totaal",
        "voorschot": "Leefloon als voorschot",
        "oekraine": "Oekraïners (equivalent leefloon)",
        "sociale_economie": "Kandidaten sociale economie",
        "nieuwkomers": "Nieuwkomers (inburgering)",
        "overig": "Overige",
    },
    "leeftijd": {
        "totaal": "Totaal",
        "18-24": "18–24 jaar",
        "25-34": "25–34 jaar",
        "35-44": "35–44 jaar",
        "45-54": "45–54 jaar",
        "55-64": "55–64 jaar",
        "65+": "65 jaar en ouder",
    },
    "pijler": {
        "totaal": "Totaal",
        "screening_matching": "Screening, matching en jobhunting",
        "sollicitatietraining": "Sollicitatietraining",
        "interim": "Samenwerking interimkantoren",
        "art60": "Artikel 60",
        "partners": "Partners (o.a. Duo for a Job, JobRoad)",
        "overig": "Overige",
    },
    "bestemming": {
        "totaal": "Totaal",
        "regulier": "Reguliere job",
        "interim": "Interimwerk",
        "sociale_economie": "Sociale economie",
        "art60": "Artikel 60",
        "opleiding": "Opleiding",
        "andere_uitkering": "Andere uitkering",
        "verhuisd": "Verhuisd",
        "overig": "Overige",
    },
}

# Count definitions shown with every chart (docs/architectuur.md: "monthly stock vs at least once").
TELDEFINITIE = {
    "leefloongerechtigden": "Maandstand: personen met (equivalent) leefloon in de maand",
    "instroom": "Stroom: nieuwe leefloongerechtigden in de maand",
    "uitstroom": "Stroom: personen die in de maand het leefloon verlieten",
    "activeringen": "Stroom: personen die in de maand aan werk of een opleiding naar werk begonnen",
    "trajectstarts": "Stroom: personen die in de maand een traject binnen een pijler startten",
}

BRON_DEMO = "Demodata Leefloonmonitor (synthetisch, gekalibreerd op gepubliceerde cijfers)"


# The part of a total that a file did not break down (the disclosure rule shows it as a cell):
# its code in frames and its label on screen.
REST_CODE = "niet_uitgesplitst"
REST_LABEL = "Niet uitgesplitst"


def label(dimensie: str, code: str) -> str:
    """Dutch label for a code; never shows a raw code name on screen."""
    if code == REST_CODE:
        return REST_LABEL
    return LABELS.get(dimensie, {}).get(code, code)
