"""Codes of the data cube (README: Gegevens aanleveren) and their Dutch labels.

One source for importer, queries and UI."""

from dataclasses import dataclass
from pathlib import Path

import yaml

# The cube (indicators, dimensions, count definitions, sources) is declared as data in
# kubus.yaml; the names below are read from it and keep the shapes they had when they were
# written out here, so every caller works unchanged.
_KUBUS = yaml.safe_load((Path(__file__).with_name("kubus.yaml")).read_text(encoding="utf-8"))

#: Source lines by code (`eigen`, `podmi`).
BRONNEN: dict[str, str] = dict(_KUBUS["bronnen"])
#: Count definitions: code -> {"label", "uitleg"}.
TELDEFINITIES: dict[str, dict[str, str]] = {
    code: {"label": str(d["label"]), "uitleg": " ".join(str(d["uitleg"]).split())}
    for code, d in _KUBUS["teldefinities"].items()
}
STANDAARD_TELDEFINITIE = "maandstand"
#: Status of a figure: the OCMW's own count (current, provisional) or an official stable month.
VOORLOPIG, DEFINITIEF = "voorlopig", "definitief"
STATUSSEN = (VOORLOPIG, DEFINITIEF)
FEITSTATUS_LABELS = {
    VOORLOPIG: "voorlopig (eigen telling)",
    DEFINITIEF: "definitief (officieel)",
}

INDICATOREN: tuple[str, ...] = tuple(_KUBUS["indicatoren"])
#: The count definition of each indicator's figures (a code of TELDEFINITIES).
INDICATOR_TELDEFINITIE: dict[str, str] = {
    code: d["teldefinitie"] for code, d in _KUBUS["indicatoren"].items()
}
INDICATOR_BRON: dict[str, str] = {
    code: BRONNEN[d["bron"]] for code, d in _KUBUS["indicatoren"].items()
}
#: Indicators that are the sum of others where a delivery has those and not the indicator.
SOM_VAN: dict[str, tuple[str, ...]] = {
    code: tuple(d["som_van"]) for code, d in _KUBUS["indicatoren"].items() if d.get("som_van")
}

DIMENSIES: dict[str, tuple[str, ...]] = {
    naam: tuple(str(c) for c in d["categorieen"]) for naam, d in _KUBUS["dimensies"].items()
}
DIMENSIE_NAMEN = tuple(DIMENSIES)
DIMENSIE_LABELS: dict[str, str] = {naam: d["label"] for naam, d in _KUBUS["dimensies"].items()}
DIMENSIE_BRON: dict[str, str] = {
    naam: BRONNEN[d["bron"]] for naam, d in _KUBUS["dimensies"].items()
}
#: Columns of the `feiten` template with every declared dimension (what a layout translates to,
#: data_access/formaten); `teldefinitie` and `status` may follow (FEIT_EXTRA).
KOLOMMEN = ("nis", "periode", "indicator", *DIMENSIE_NAMEN, "aantal")
#: Today's template (README: Gegevens aanleveren): these columns are required, in this order;
#: the other dimensions and FEIT_EXTRA are optional extra columns (in KOLOMMEN's order, then
#: FEIT_EXTRA). A dimension a file leaves out is 'totaal'.
SJABLOON_KOLOMMEN = (
    "nis",
    "periode",
    "indicator",
    "doelgroep",
    "leeftijd",
    "pijler",
    "bestemming",
    "aantal",
)
FEIT_EXTRA = ("teldefinitie", "status")
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
# The three target groups the lokaal activeringspact names (codes of the `doelgroep` dimension):
# leefloon as an advance on another benefit, Ukrainians with equivalent leefloon, candidates for
# the social economy. Pact & prognose shows each with its own figures.
PACT_DOELGROEPEN = ("voorschot", "oekraine", "sociale_economie")

LABELS: dict[str, dict[str, str]] = {
    "indicator": {code: d["label"] for code, d in _KUBUS["indicatoren"].items()},
    **{
        naam: {
            **{str(c): lab for c, lab in d["categorieen"].items()},
            **{str(c): lab for c, lab in (d.get("samengevoegd") or {}).items()},
        }
        for naam, d in _KUBUS["dimensies"].items()
    },
}

# Count definitions shown with every chart (docs/architectuur.md: "monthly stock vs at least once").
TELDEFINITIE: dict[str, str] = {
    code: " ".join(str(d["omschrijving"]).split()) for code, d in _KUBUS["indicatoren"].items()
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


# --------------------------------------------------------------------------------------------
# The merge hierarchy (docs/privacy.md, "Samenvoegen"): when the disclosure rule hides too much
# of a breakdown, it is shown at the next coarser level instead of as empty hatched boxes.


@dataclass(frozen=True)
class Indeling:
    """One level of categories of a dimension: `groepen` pairs each shown code with the codes
    of the data it adds up (empty: the codes of the data themselves). Hashable (caches)."""

    code: str
    naam: str  # Dutch, used in "Samengevoegd tot {naam} ..."
    groepen: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def code_van(self, fijn: str) -> str:
        """The shown code a code of the data falls in (itself when not merged)."""
        if self.code == "totaal":
            return "totaal"
        for groep, leden in self.groepen:
            if fijn in leden:
                return groep
        return fijn


FIJN = Indeling("fijn", "de gewone indeling")
TOTAAL_INDELING = Indeling("totaal", "het totaal")

# Finest first. A dimension with only FIJN is never merged: `pijler` because the default
# capacity of "Wat als?" is derived from its quarterly protected table (a coarser table beside
# it would be a second, linked release), `doelgroep` because its groups have no natural union.
INDELINGEN: dict[str, tuple[Indeling, ...]] = {
    "doelgroep": (FIJN,),
    "pijler": (FIJN,),
    "leeftijd": (
        FIJN,
        Indeling(
            "vier",
            "vier leeftijdsgroepen",
            (
                ("18-24", ("18-24",)),
                ("25-34", ("25-34",)),
                ("35-54", ("35-44", "45-54")),
                ("55+", ("55-64", "65+")),
            ),
        ),
        Indeling(
            "twee",
            "jonger dan 25 / 25 en ouder",
            (
                ("jonger_dan_25", ("18-24",)),
                ("25_en_ouder", ("25-34", "35-44", "45-54", "55-64", "65+")),
            ),
        ),
    ),
    "leeftijdsklasse": (
        FIJN,
        Indeling(
            "twee",
            "jonger dan 25 / 25 en ouder",
            (
                ("jonger_dan_25", ("-25",)),
                ("25_en_ouder", ("25-34", "35-49", "50-64", "65+")),
            ),
        ),
    ),
    "bestemming": (
        FIJN,
        Indeling(
            "werk",
            "naar werk / niet naar werk",
            (
                ("naar_werk", WERK_BESTEMMINGEN),
                ("niet_naar_werk", ("opleiding", "andere_uitkering", "verhuisd", "overig")),
            ),
        ),
    ),
}

# Time windows of flows, finest first (as in `suppression.aggregeer_stromen`), and their unit.
VENSTER_EENHEID = {"kwartaal": "per kwartaal", "halfjaar": "per halfjaar", "jaar": "per jaar"}


@dataclass(frozen=True)
class Niveau:
    """The level a breakdown is shown at: a category level and, for flows, a time window
    (None for monthly stocks)."""

    indeling: Indeling
    venster: str | None = None

    @property
    def code(self) -> str:
        """'fijn', 'twee', 'werk/jaar': what the CLI's JSON says as `level`."""
        return (
            self.indeling.code if self.venster is None else f"{self.indeling.code}/{self.venster}"
        )

    def is_fijnste(self, stroom: bool) -> bool:
        return self.indeling.code == "fijn" and self.venster == ("kwartaal" if stroom else None)

    def zin(self, stroom: bool) -> str | None:
        """The sentence shown with a merged breakdown (None at the finest level)."""
        if self.is_fijnste(stroom):
            return None
        delen = []
        if self.indeling.code != "fijn":
            delen.append(self.indeling.naam)
        if stroom and self.venster != "kwartaal":
            delen.append(VENSTER_EENHEID[self.venster])
        return (
            f"Samengevoegd tot {', '.join(delen)}, omdat de fijnere indeling kleine aantallen "
            "zou tonen."
        )


def niveaus(dimensie: str, stroom: bool) -> list[Niveau]:
    """The levels to try, finest first: every category level (per quarter for flows), then for
    flows the coarsest split per half-year and per year, and last the total alone. A dimension
    with only FIJN has just that level."""
    indelingen = INDELINGEN.get(dimensie, (FIJN,))
    if len(indelingen) == 1:
        return [Niveau(FIJN, "kwartaal" if stroom else None)]
    if not stroom:
        return [*(Niveau(i) for i in indelingen), Niveau(TOTAAL_INDELING)]
    return [
        *(Niveau(i, "kwartaal") for i in indelingen),
        Niveau(indelingen[-1], "halfjaar"),
        Niveau(indelingen[-1], "jaar"),
        Niveau(TOTAAL_INDELING, "jaar"),
    ]


# The activation rate over a calendar year (what Essen reports: "more than 50% activated in
# 2023, 70% of them into work").
ACTIVERINGSGRAAD = {
    "geactiveerd": (
        "Geactiveerd: activeringen in het kalenderjaar (som van de maanden) als aandeel van het "
        "gemiddelde aantal leefloongerechtigden per maand in dat jaar"
    ),
    "aan_het_werk": (
        "Aan het werk: activeringen naar werk (regulier, interim, sociale economie, artikel 60) "
        "als aandeel van alle activeringen in het kalenderjaar; vrijgegeven per kwartaal, "
        "afgerond op 5"
    ),
}

# What a municipality's figure is on a map or in a peer table.
GETOOND, AFGESCHERMD, GEEN_GEGEVENS = "getoond", "afgeschermd", "geen_gegevens"
STATUS_LABEL = {
    GETOOND: "getoond",
    AFGESCHERMD: "afgeschermd (kleine aantallen)",
    GEEN_GEGEVENS: "geen gegevens",
}
