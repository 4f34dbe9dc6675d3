"""Builders of POD MI barometer exports (docs/podmi.md) for tests: realistic files in French
(Windows-1252, ';'), Dutch (UTF-8, ',') and XLSX, from one set of "true" figures per
municipality and month, so a test can say exactly what the import must give back."""

import io
import random
from itertools import product

GESLACHT = ("man", "vrouw")
LEEFTIJD = ("-25", "25-34", "35-49", "50-64", "65+")
HUISHOUDEN = ("alleenstaand", "samenwonend", "gezinslast")
NATIONALITEIT = ("belg", "eu", "niet_eu")
CATEGORIEEN = {
    "geslacht": GESLACHT,
    "leeftijdsklasse": LEEFTIJD,
    "huishoudtype": HUISHOUDEN,
    "nationaliteit": NATIONALITEIT,
}

KOP = {
    "fr": {
        "nis": "Code CPAS INS (cd)",
        "naam": "* NomCPAS (nl)",
        "jaar": "Année",
        "maand": "PaiCPASBénAnMois (cd)",
        "geslacht": "Sexe",
        "leeftijdsklasse": "Classe d'âge",
        "huishoudtype": "Type de ménage",
        "nationaliteit": "Nationalité",
        "ll": "ll",
        "eq": "(eq. ll)",
    },
    "nl": {
        "nis": "Code CPAS INS (cd)",
        "naam": "* NomCPAS (nl)",
        "jaar": "Année",
        "maand": "PaiCPASBénAnMois (cd)",
        "geslacht": "Geslacht",
        "leeftijdsklasse": "Leeftijdsklasse",
        "huishoudtype": "Huishoudtype",
        "nationaliteit": "Nationaliteit",
        "ll": "ll",
        "eq": "(eq. ll)",
    },
}
WAARDE = {
    "fr": {
        "totaal": "Total",
        "man": "Homme",
        "vrouw": "Femme",
        "alleenstaand": "Isolé",
        "samenwonend": "Cohabitant",
        "gezinslast": "Famille à charge",
        "belg": "Belge",
        "eu": "UE",
        "niet_eu": "Hors UE",
        "-25": "-25 ans",
        "65+": "65 ans et plus",
    },
    "nl": {
        "totaal": "Totaal",
        "man": "Man",
        "vrouw": "Vrouw",
        "alleenstaand": "Alleenstaand",
        "samenwonend": "Samenwonend",
        "gezinslast": "Gezinslast",
        "belg": "Belg",
        "eu": "EU",
        "niet_eu": "Niet-EU",
        "-25": "< 25",
        "65+": "65 +",
    },
}
NAMEN = {"12025": "Mechelen", "11016": "Essen", "11002": "Antwerpen", "11007": "Borsbeek"}


def ware_cijfers(nis_maanden, dims=("geslacht", "leeftijdsklasse", "huishoudtype"), seed=1):
    """{(nis, 'JJJJ-MM'): {cell (one code per dim): (ll, eq)}} with some zero cells."""
    kans = random.Random(seed)
    uit = {}
    for nis, maand in nis_maanden:
        uit[(nis, maand)] = {
            cel: (kans.choice((0, 0, 1, 3, 7, 12)), kans.choice((0, 0, 1, 2, 5)))
            for cel in product(*(CATEGORIEEN[d] for d in dims))
        }
    return uit


def som(cijfers, nis, maand, dims, vast: dict[str, str], maat: int) -> int:
    """The true figure of one cell: `vast` fixes some dimensions, the others are summed."""
    return sum(
        waarden[maat]
        for cel, waarden in cijfers[(nis, maand)].items()
        if all(cel[dims.index(d)] == c for d, c in vast.items())
    )


def podmi_rijen(
    cijfers,
    dims=("geslacht", "leeftijdsklasse", "huishoudtype"),
    vorm="marginaal",
    taal="fr",
    maten=("ll", "eq"),
    jaar=True,
):
    """(header, rows) of a POD MI export. vorm 'marginaal': the total plus one dimension broken
    down at a time (the others Total); 'kruis': only the full cross-table, rows of 0 left out."""
    kop = [KOP[taal][k] for k in ("nis", "naam", *(["jaar"] if jaar else []), "maand")]
    kop += [KOP[taal][d] for d in dims] + [KOP[taal][m] for m in maten]
    rijen = []
    for (nis, maand), _cellen in cijfers.items():
        if vorm == "marginaal":
            vakjes = [{}] + [{d: c} for d in dims for c in CATEGORIEEN[d]]
        else:
            vakjes = [
                dict(zip(dims, cel, strict=True)) for cel in product(*map(CATEGORIEEN.get, dims))
            ]
        for vast in vakjes:
            waarden = [som(cijfers, nis, maand, dims, vast, i) for i in range(2)]
            if vorm == "kruis" and not any(waarden):
                continue
            rij = [nis, NAMEN.get(nis, "OCMW")]
            rij += [maand[:4]] if jaar else []
            rij += [maand.replace("-", "")]
            rij += [WAARDE[taal].get(vast.get(d, "totaal"), vast.get(d)) for d in dims]
            rij += [str(waarden[0 if m == "ll" else 1]) for m in maten]
            rijen.append(rij)
    return kop, rijen


def csv_bytes(kop, rijen, sep=";", codering="cp1252") -> bytes:
    def cel(tekst: str) -> str:
        return f'"{tekst}"' if sep in tekst or '"' in tekst else tekst

    regels = [sep.join(map(cel, kop))] + [sep.join(map(cel, r)) for r in rijen]
    return ("\r\n".join(regels) + "\r\n").encode(codering)


def xlsx_bytes(kop, rijen) -> bytes:
    """As Excel holds an export: codes, months and counts as numbers."""
    from openpyxl import Workbook

    boek = Workbook()
    blad = boek.active
    blad.append(list(kop))
    for rij in rijen:
        blad.append([int(c) if c.isdigit() else c for c in rij])
    buf = io.BytesIO()
    boek.save(buf)
    return buf.getvalue()
