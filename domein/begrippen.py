"""The words of the dashboard explained once (page "Uitleg & begrippen"): one home per concept.

Count definitions stay in `domein.TELDEFINITIE`; the forecast band's sentence stays in
`charts.zinnen.band_zin`; the disclosure rule's numbers come from `data_access.suppression`
(the page fills them in). Texts are plain Dutch for a council member, one short paragraph each.
"""

from domein import LABELS, TELDEFINITIE, WERK_BESTEMMINGEN

_WERK = ", ".join(LABELS["bestemming"][b].lower() for b in WERK_BESTEMMINGEN)

LEEFLOON = (
    "Het leefloon is het minimuminkomen dat het OCMW (de sociale dienst) betaalt aan wie geen "
    "ander inkomen heeft of te weinig, en er recht op heeft. Het bedrag hangt af van de "
    "gezinssituatie (samenwonend, alleenstaand, met gezin ten laste)."
)
EQUIVALENT_LEEFLOON = (
    "Het equivalent leefloon is dezelfde steun voor wie geen recht heeft op leefloon maar wel "
    "op maatschappelijke hulp, bijvoorbeeld Oekraïners met tijdelijke bescherming. De "
    "Leefloonmonitor telt beide samen als leefloongerechtigden, zoals het activeringspact."
)
ACTIVERING = (
    f"{TELDEFINITIE['activeringen']}. Een activering naar werk is een activering met als "
    f"bestemming {_WERK}: dat telt het lokaal activeringspact. Een opleiding is wel een "
    "activering, maar geen werk."
)
MAANDSTAND = (
    f"{TELDEFINITIE['leefloongerechtigden']}. Wie in een maand leefloon krijgt, telt één keer, "
    "hoe lang ook. Een stroom telt wat er in de maand gebeurt: nieuwe instroom, uitstroom, "
    "activeringen, trajectstarts. Een maandstand en een stroom tel je niet bij elkaar op."
)
PER_1000 = (
    "Per 1.000 inwoners: het aantal gedeeld door de bevolking op 1 januari (Statbel), maal "
    "1.000. Zo vergelijkt u een grote stad met een kleine gemeente: 14,2 per 1.000 betekent "
    "ongeveer 14 leefloongerechtigden op elke 1.000 inwoners."
)
KLEINE_AANTALLEN = (
    "Gemeentetotalen tonen we exact. In een uitsplitsing (naar leeftijd, doelgroep, pijler of "
    "bestemming) staat een aantal van 1 tot {grens} als **<{drempel}**, en soms een ander "
    "cijfer als **x**, zodat niemand een klein aantal kan terugrekenen. Percentages alleen op "
    "minstens {noemer} personen; activeringen naar werk per kwartaal, afgerond op {drempel}. "
    "Alleen de analist van de eigen gemeente ziet de exacte cijfers."
)
DOEL = (
    "Een gepubliceerd doel staat in een beslissing of oproep (bv. het lokaal activeringspact "
    "van Mechelen: 629 activeringen naar werk van juli 2023 tot april 2025). Een illustratief "
    "doel is geen gepubliceerd cijfer: het toont alleen hoe de opvolging werkt. Elk scherm met "
    "een doel zegt welk van de twee het is."
)
PROGNOSEBAND = (
    "Een prognose is nooit één getal. De waaier rond de lijn toont hoe ver de uitkomst kan "
    "afwijken, op basis van hoe goed dezelfde methode vroeger voorspelde."
)

#: (begrip, uitleg) in the order of the page; `KLEINE_AANTALLEN` is a template.
BEGRIPPEN: tuple[tuple[str, str], ...] = (
    ("Leefloon", LEEFLOON),
    ("Equivalent leefloon", EQUIVALENT_LEEFLOON),
    ("Activering", ACTIVERING),
    ("Maandstand en stroom", MAANDSTAND),
    ("Per 1.000 inwoners", PER_1000),
    ("Kleine aantallen", KLEINE_AANTALLEN),
    ("Illustratief of gepubliceerd doel", DOEL),
    ("Prognoseband", PROGNOSEBAND),
)
