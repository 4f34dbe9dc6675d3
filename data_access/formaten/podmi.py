"""The POD MI barometer layout (stat.mi-is.be), imported as delivered (docs/podmi.md).

One row per OCMW (`Code CPAS INS (cd)`), month (`PaiCPASBénAnMois (cd)`, JJJJMM) and
combination of breakdown values (`Sexe`, `Classe d'âge`, `Type de ménage`, `Nationalité`, or
their Dutch names), with the measures `ll` (leefloon) and `(eq. ll)` (equivalent leefloon).
`Total` marks a total. Checked in the file's own terms, then translated to the `feiten`
template: every breakdown with all its totals (a cross-table without margins gets them
summed), codes of before 2019 and 2025 summed into the 2025 municipality.

The rules, decided here and documented in docs/podmi.md:
- a blank measure is "no form received": missing, never 0, nothing written, listed in the
  notes; a (municipality, month, measure) with some blank and some filled cells is refused;
- within a breakdown the file delivers, an absent combination is 0; parts must add up to the
  total they belong to;
- a 2025 municipality's month is written only when the codes delivered for that month form it
  whole: all its predecessors of that month's layout, or (when none of them is delivered) all
  of another layout's; otherwise refused. A predecessor without a form that month makes the
  merged month missing (a note), never a partial sum.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations, product

import pandas as pd

import domein
from data_access.formaten.basis import Vertaling
from data_access.inlezen import ImportFout, Ingelezen
from data_access.referentie import gemeenten_referentie

NAAM = "POD MI-barometer"
BRON = "POD Maatschappelijke Integratie, barometer leefloon (stat.mi-is.be), geleverd bestand {}"
TELDEFINITIE = "maandstand"
STATUS = "definitief"
TOTAAL = "totaal"

# Measure column -> indicator; their sum where both are delivered.
MATEN = {"ll": "leefloon", "eq": "equivalent_leefloon"}
SOM = "leefloongerechtigden"

# Categories of the official dimensions (domein/kubus.yaml once the registry lands), in order.
CATEGORIEEN: dict[str, tuple[str, ...]] = {
    "geslacht": ("man", "vrouw"),
    "leeftijdsklasse": ("-25", "25-34", "35-49", "50-64", "65+"),
    "huishoudtype": ("alleenstaand", "samenwonend", "gezinslast"),
    "nationaliteit": ("belg", "eu", "niet_eu"),
}

# Header names (normalised by _sleutel: no accents, no case, no spaces, no leading '*').
KOPPEN: dict[str, str] = {
    "codecpasins(cd)": "nis",
    "codecpasins": "nis",
    "nomcpas(nl)": "naam",
    "nomcpas(fr)": "naam",
    "nomcpas": "naam",
    "annee": "jaar",
    "jaar": "jaar",
    "paicpasbenanmois(cd)": "maand",
    "paicpasbenanmois": "maand",
    "sexe": "geslacht",
    "geslacht": "geslacht",
    "classed'age": "leeftijdsklasse",
    "leeftijdsklasse": "leeftijdsklasse",
    "typedemenage": "huishoudtype",
    "huishoudtype": "huishoudtype",
    "nationalite": "nationaliteit",
    "nationaliteit": "nationaliteit",
    "ll": "ll",
    "(eq.ll)": "eq",
    "eq.ll": "eq",
}
# Enough to say "this is a POD MI file" (then a missing column is reported by name).
KENMERKEN = {"codecpasins(cd)", "paicpasbenanmois(cd)", "nomcpas(nl)", "nomcpas(fr)", "(eq.ll)"}

# Values (normalised by _woord: no accents, no case, no spaces, dots, dashes or underscores).
TOTAALWOORDEN = {"total", "totaal"}
WAARDEN: dict[str, dict[str, str]] = {
    "geslacht": {
        **dict.fromkeys(("homme", "hommes", "man", "mannen"), "man"),
        **dict.fromkeys(("femme", "femmes", "vrouw", "vrouwen"), "vrouw"),
    },
    "huishoudtype": {
        **dict.fromkeys(
            ("isole", "isoles", "alleenstaand", "alleenstaande", "alleenstaanden"), "alleenstaand"
        ),
        **dict.fromkeys(
            ("cohabitant", "cohabitants", "samenwonend", "samenwonende", "samenwonenden"),
            "samenwonend",
        ),
        **dict.fromkeys(
            (
                "familleacharge",
                "personneavecfamilleacharge",
                "gezinslast",
                "metgezinslast",
                "persoonmetgezinslast",
            ),
            "gezinslast",
        ),
    },
    "nationaliteit": {
        **dict.fromkeys(("belge", "belges", "belg", "belgen", "belgisch"), "belg"),
        **dict.fromkeys(("ue", "eu", "unioneuropeenne", "europeseunie"), "eu"),
        **dict.fromkeys(("horsue", "nonue", "nieteu", "buiteneu", "extraue"), "niet_eu"),
    },
}
LEEFTIJDEN = {
    **dict.fromkeys(("-25", "<25", "moinsde25", "jongerdan25", "minderdan25"), "-25"),
    **dict.fromkeys(("25-34", "25a34", "25tot34"), "25-34"),
    **dict.fromkeys(("35-49", "35a49", "35tot49"), "35-49"),
    **dict.fromkeys(("50-64", "50a64", "50tot64"), "50-64"),
    **dict.fromkeys(("65+", ">=65", "≥65", "65etplus", "65enouder", "65ouplus", "+65"), "65+"),
}

# Names of the pre-2019 municipalities (merged on 1 January 2019; the reference table only
# names the 2019-2024 ones). Source: Statbel REFNIS, gemeentefusies 1 januari 2019.
NAMEN_2018 = {
    "12030": "Puurs",
    "12034": "Sint-Amands",
    "44001": "Aalter",
    "44029": "Knesselare",
    "44011": "Deinze",
    "44049": "Nevele",
    "44036": "Lovendegem",
    "44072": "Waarschoot",
    "44080": "Zomergem",
    "45017": "Kruishoutem",
    "45057": "Zingem",
    "71047": "Meeuwen-Gruitrode",
    "72040": "Opglabbeek",
    "72025": "Neerpelt",
    "72029": "Overpelt",
}
INDELINGEN = ("vóór 2019", "2019–2024", "vanaf 2025")
MAX_RIJEN_IN_ZIN = 6


def _sleutel(kop: str) -> str:
    tekst = unicodedata.normalize("NFKD", kop)
    tekst = "".join(t for t in tekst if not unicodedata.combining(t)).casefold()
    tekst = re.sub(r"[’‘`´]", "'", tekst)
    return re.sub(r"\s+", "", tekst).lstrip("*")


def _woord(waarde: str) -> str:
    tekst = unicodedata.normalize("NFKD", waarde)
    tekst = "".join(t for t in tekst if not unicodedata.combining(t)).casefold()
    return re.sub(r"[\s.\-_‐‑–—−]+", "", tekst)


def _leeftijd(waarde: str) -> str | None:
    tekst = unicodedata.normalize("NFKD", waarde)
    tekst = "".join(t for t in tekst if not unicodedata.combining(t)).casefold()
    tekst = re.sub(r"[‐‑–—−]", "-", tekst)
    tekst = re.sub(r"\s+", "", tekst)
    tekst = re.sub(r"ans|jaar|j$", "", tekst)
    return LEEFTIJDEN.get(tekst)


def categorie(dimensie: str, waarde: str) -> str | None:
    """The code of a delivered value ('totaal' for Total/Totaal), None when unknown."""
    if _woord(waarde) in TOTAALWOORDEN:
        return TOTAAL
    if dimensie == "leeftijdsklasse":
        return _leeftijd(waarde)
    return WAARDEN[dimensie].get(_woord(waarde))


def _maand(waarde: str) -> str | None:
    gevonden = re.fullmatch(r"(\d{4})-?(\d{2})", waarde)
    if not gevonden or not 1 <= int(gevonden[2]) <= 12:
        return None
    return f"{gevonden[1]}-{gevonden[2]}"


def _aantal(waarde: str) -> int | None:
    """A count (thousands may be separated by a space); None when not a whole number >= 0."""
    if re.fullmatch(r"\d{1,3}([ \u00a0\u202f]\d{3})+", waarde):
        waarde = re.sub(r"\D", "", waarde)
    return int(waarde) if re.fullmatch(r"\d+", waarde) else None


def _rijen(rijen) -> str:
    rijen = sorted(int(r) for r in rijen)
    tekst = ", ".join(str(r) for r in rijen[:MAX_RIJEN_IN_ZIN])
    if len(rijen) > MAX_RIJEN_IN_ZIN:
        tekst += f" en nog {len(rijen) - MAX_RIJEN_IN_ZIN}"
    return ("rij " if len(rijen) == 1 else "rijen ") + tekst


@dataclass(frozen=True)
class Gemeente2025:
    nis: str
    naam: str
    indelingen: tuple[frozenset[str], frozenset[str], frozenset[str]]  # per INDELINGEN


@dataclass(frozen=True)
class Codes:
    """Every code the file may use: the 2025 municipality each belongs to, and names."""

    gemeente: dict[str, Gemeente2025]
    namen: dict[str, str]


def _codes() -> Codes:
    gemeente: dict[str, Gemeente2025] = {}
    namen = dict(NAMEN_2018)
    for rij in gemeenten_referentie().itertuples(index=False):
        nieuw = Gemeente2025(
            rij.nis,
            rij.naam,
            (frozenset(rij.voorgangers_2018), frozenset(rij.voorgangers), frozenset({rij.nis})),
        )
        for code in set(rij.voorgangers_2018) | set(rij.voorgangers) | {rij.nis}:
            gemeente[code] = nieuw
        namen.update(zip(rij.voorgangers, rij.voorgangers_namen.split("|"), strict=True))
        namen[rij.nis] = rij.naam
    return Codes(gemeente, namen)


def _indeling(maand: str) -> int:
    return 0 if maand < "2019-01" else 1 if maand < "2025-01" else 2


class _Verslag:
    """Collects ImportFouten in the file's terms."""

    def __init__(self, bestand: str):
        self.bestand = bestand
        self.fouten: list[ImportFout] = []

    def fout(self, rij, kolom: str, waarde: str, reden: str, oplossing: str = "") -> None:
        self.fouten.append(ImportFout(self.bestand, rij, kolom, str(waarde), reden, oplossing))


# ---------------------------------------------------------------------------------------------
# The layout


class PodmiLayout:
    naam = NAAM

    def herken(self, kolommen: list[str]) -> bool:
        return any(_sleutel(k) in KENMERKEN for k in kolommen)

    def vertaal(self, ingelezen: Ingelezen, vandaag: date) -> Vertaling:
        return _vertaal(ingelezen, vandaag)


PODMI = PodmiLayout()


def _leeg(fouten: list[ImportFout], bestand: str) -> Vertaling:
    return Vertaling(NAAM, _frame([]), fouten, [], BRON.format(bestand))


def _vertaal(ingelezen: Ingelezen, vandaag: date) -> Vertaling:
    bestand = ingelezen.bestand
    verslag = _Verslag(bestand)
    frame = ingelezen.frame.rename(columns=_koppen_zoals_geleverd(ingelezen))
    rollen = _rollen(frame.columns, verslag)
    if verslag.fouten:
        return _leeg(verslag.fouten, bestand)
    if frame.empty:
        verslag.fout(None, "", "", "het bestand bevat geen gegevensrijen")
        return _leeg(verslag.fouten, bestand)
    codes = _codes()
    rijen = _lees_rijen(frame, rollen, codes, vandaag, verslag)
    if verslag.fouten:
        return _leeg(verslag.fouten, bestand)
    dims = [d for d in CATEGORIEEN if d in rollen]
    _dubbels(rijen, dims, rollen, verslag)
    _niet_gedeclareerd(rijen, dims, rollen, verslag)
    if verslag.fouten:
        return _leeg(verslag.fouten, bestand)
    rijen["patroon"] = _patroon(rijen, dims)
    notities: list[str] = []
    maten = [m for m in MATEN if m in rollen]
    cellen: dict[str, pd.DataFrame] = {}
    ontbreekt: dict[str, set[tuple[str, str]]] = {}
    for maat in maten:
        cellen[maat], ontbreekt[maat] = _maat(rijen, dims, maat, rollen, verslag)
    _gemeentefouten(rijen, codes, rollen, verslag)
    if verslag.fouten:
        return _leeg(verslag.fouten, bestand)
    notities += _fusienotities(rijen, codes)
    per_maat = {}
    for maat in maten:
        per_maat[maat], weg = _naar_2025(cellen[maat], ontbreekt[maat], rijen, dims, codes)
        notities += _ontbrekend(weg, MATEN[maat], codes)
    delen = [df.assign(indicator=MATEN[m]) for m, df in per_maat.items() if not df.empty]
    if len(per_maat) == 2:
        som = _som(per_maat["ll"], per_maat["eq"], dims)
        if not som.empty:
            delen.append(som.assign(indicator=SOM))
    uit = _frame(delen)
    return Vertaling(NAAM, uit, [], notities, BRON.format(bestand))


# ---------------------------------------------------------------------------------------------
# Columns and cells


def _koppen_zoals_geleverd(ingelezen: Ingelezen) -> dict[str, str]:
    """Reading lower-cases the header; the report speaks the file's own spelling ('Sexe')."""
    kolommen = list(ingelezen.frame.columns)
    try:
        if ingelezen.codering == "XLSX":
            from openpyxl import load_workbook  # only for XLSX, as the reader does

            boek = load_workbook(io.BytesIO(ingelezen.inhoud), read_only=True)
            try:
                eerste = next(boek.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            finally:
                boek.close()
            kop = ["" if c is None else str(c).strip() for c in eerste]
        else:
            codering = "utf-8-sig" if ingelezen.codering == "UTF-8" else "cp1252"
            tekst = ingelezen.inhoud.decode(codering)
            regel = next(r for r in tekst.splitlines() if r.strip())
            kop = [
                c.strip() for c in next(csv.reader([regel], delimiter=ingelezen.scheidingsteken))
            ]
    except Exception:  # noqa: BLE001 - only cosmetic: fall back to the lower-cased names
        return {}
    kop = kop[: len(kolommen)]
    if [k.lower() for k in kop] != kolommen or len(set(kop)) != len(kop):
        return {}
    return dict(zip(kolommen, kop, strict=True))


def _rollen(kolommen, verslag: _Verslag) -> dict[str, str]:
    """role -> column name as in the file; column errors go to the report."""
    rollen: dict[str, str] = {}
    for kolom in kolommen:
        rol = KOPPEN.get(_sleutel(kolom))
        if rol is None:
            verslag.fout(
                1,
                kolom,
                "",
                "onbekende kolom in een POD MI-bestand",
                "laat alleen de kolommen van de barometer staan: Code CPAS INS (cd), "
                "* NomCPAS (nl), Année, PaiCPASBénAnMois (cd), de uitsplitsingen (Sexe, "
                "Classe d'âge, Type de ménage, Nationalité) en de maten ll en (eq. ll)",
            )
        elif rol in rollen and rol != "naam":
            verslag.fout(
                1,
                kolom,
                "",
                f"deze kolom betekent hetzelfde als '{rollen[rol]}'",
                "houd één van beide kolommen",
            )
        else:
            rollen.setdefault(rol, kolom)
    if "nis" not in rollen:
        verslag.fout(
            None,
            "Code CPAS INS (cd)",
            "",
            "verplichte kolom ontbreekt: de NIS-code van het OCMW",
            "exporteer de barometer met de kolom 'Code CPAS INS (cd)'",
        )
    if "maand" not in rollen and "jaar" in rollen:
        verslag.fout(
            None,
            rollen["jaar"],
            "",
            "dit is een jaarbestand (alleen 'Année', geen maand): jaarcijfers (maandgemiddelde "
            "of minstens eenmaal in het jaar) worden nog niet ingelezen",
            "exporteer per maand, met de kolom 'PaiCPASBénAnMois (cd)'",
        )
    elif "maand" not in rollen:
        verslag.fout(
            None,
            "PaiCPASBénAnMois (cd)",
            "",
            "verplichte kolom ontbreekt: de maand (JJJJMM)",
            "exporteer de barometer per maand, met de kolom 'PaiCPASBénAnMois (cd)'",
        )
    if not any(m in rollen for m in MATEN):
        verslag.fout(
            None,
            "ll",
            "",
            "geen maat gevonden: verwacht de kolom 'll' (leefloon) en/of '(eq. ll)' "
            "(equivalent leefloon)",
            "exporteer de barometer met de aantallen leefloon en equivalent leefloon",
        )
    return rollen


def _onbekend(verslag, frame, kolom, masker, reden, oplossing) -> None:
    """One problem per distinct bad value (first row; the other rows in the reason)."""
    slecht = frame.loc[masker, kolom]
    for waarde, groep in slecht.groupby(slecht, sort=False):
        rijnummers = [i + 2 for i in groep.index]
        extra = f" (ook op {_rijen(rijnummers[1:])})" if len(rijnummers) > 1 else ""
        verslag.fout(rijnummers[0], kolom, waarde, reden + extra, oplossing)


def _lees_rijen(frame, rollen, codes: Codes, vandaag: date, verslag) -> pd.DataFrame:
    """The file as codes: nis, maand, <dims>, <maten as Int64 (NA = blank)>, rij."""
    uit = pd.DataFrame({"rij": frame.index + 2})
    kolom = rollen["nis"]
    nis = frame[kolom]
    masker = ~nis.isin(list(codes.gemeente))
    _onbekend(
        verslag,
        frame,
        kolom,
        masker,
        "onbekende NIS-code: geen Vlaamse gemeente van 2025 en geen voorganger (vóór 2019 of "
        "2019–2024)",
        "gebruik de 5-cijferige REFNIS-code, bv. 12025 voor Mechelen; laat rijen van andere "
        "gewesten en totaalrijen zonder code weg",
    )
    uit["nis"] = nis.to_numpy()

    kolom = rollen["maand"]
    maand = _per_waarde(frame[kolom], _maand)
    _onbekend(
        verslag,
        frame,
        kolom,
        maand.isna(),
        "geen geldige maand",
        "schrijf de maand als JJJJMM, bv. 202403",
    )
    nu = f"{vandaag.year:04d}-{vandaag.month:02d}"
    _onbekend(
        verslag,
        frame,
        kolom,
        maand.notna() & (maand > nu),
        "maand ligt in de toekomst",
        f"de laatste toegelaten maand is {nu}",
    )
    uit["maand"] = maand.to_numpy()

    if "jaar" in rollen:
        kolom = rollen["jaar"]
        jaar = frame[kolom]
        geldig = jaar.str.fullmatch(r"\d{4}")
        _onbekend(verslag, frame, kolom, ~geldig, "geen geldig jaar", "schrijf het jaar als JJJJ")
        anders = geldig & maand.notna() & (jaar != maand.str[:4])
        for i in frame.index[anders]:
            verslag.fout(
                i + 2,
                kolom,
                jaar[i],
                f"het jaar past niet bij de maand '{frame.at[i, rollen['maand']]}'",
                "controleer 'Année' en de maand: ze moeten hetzelfde jaar geven",
            )

    for dim in CATEGORIEEN:
        if dim not in rollen:
            continue
        kolom = rollen[dim]
        vertaald = _per_waarde(frame[kolom], lambda w, d=dim: categorie(d, w))
        _onbekend(
            verslag,
            frame,
            kolom,
            vertaald.isna(),
            f"onbekende waarde voor '{kolom}'",
            "gebruik " + _toegelaten(dim),
        )
        uit[dim] = vertaald.to_numpy()

    for maat in MATEN:
        if maat not in rollen:
            continue
        kolom = rollen[maat]
        tekst = frame[kolom]
        getal = _per_waarde(tekst, _aantal)
        slecht = (tekst != "") & getal.isna()
        _onbekend(
            verslag,
            frame,
            kolom,
            slecht,
            "geen geheel getal ≥ 0 (negatief, decimaal of tekst)",
            "tel personen: 0, 1, 2, … zonder decimalen; laat de cel leeg als er geen formulier is",
        )
        uit[maat] = pd.array(getal.where(~slecht & (tekst != "")), dtype="Int64")
    return uit


def _per_waarde(kolom: pd.Series, functie) -> pd.Series:
    """functie applied once per distinct value (a file repeats its few values many times)."""
    return kolom.map({waarde: functie(waarde) for waarde in kolom.unique()})


def _toegelaten(dim: str) -> str:
    voorbeelden = {
        "geslacht": "Total/Totaal, Homme/Man, Femme/Vrouw",
        "leeftijdsklasse": "Total/Totaal, -25, 25-34, 35-49, 50-64, 65+",
        "huishoudtype": "Total/Totaal, Isolé/Alleenstaand, Cohabitant/Samenwonend, "
        "Famille à charge/Gezinslast",
        "nationaliteit": "Total/Totaal, Belge/Belg, UE/EU, Hors UE/Niet-EU",
    }
    return voorbeelden[dim]


def _dubbels(rijen: pd.DataFrame, dims, rollen, verslag) -> None:
    sleutel = ["nis", "maand", *dims]
    dubbel = rijen.duplicated(sleutel, keep=False)
    for _, groep in rijen[dubbel].groupby(sleutel, sort=False):
        eerste, *later = groep["rij"].tolist()
        for rij in later:
            verslag.fout(
                rij,
                "",
                ";".join(str(groep.iloc[0][k]) for k in sleutel),
                f"dubbele rij: dezelfde gemeente, maand en uitsplitsing als rij {eerste}",
                "houd één rij per combinatie van "
                + ", ".join(rollen[k] for k in ("nis", "maand", *dims)),
            )


def _niet_gedeclareerd(rijen, dims, rollen, verslag) -> None:
    """A breakdown the cube cannot hold yet is refused, never silently added up."""
    for dim in dims:
        if dim in domein.DIMENSIE_NAMEN:
            continue
        if (rijen[dim] != TOTAAL).any():
            verslag.fout(
                None,
                rollen[dim],
                "",
                f"de databank kent de uitsplitsing '{dim}' nog niet",
                "exporteer zonder deze uitsplitsing (alleen Total) of werk de Leefloonmonitor bij",
            )


# ---------------------------------------------------------------------------------------------
# One measure: blanks, breakdowns that add up, the cells of every total


def _patroon(rijen: pd.DataFrame, dims) -> pd.Series:
    """Per row: the dimensions it breaks down (the others are Total), as a tuple."""
    masker = (
        sum((rijen[d].to_numpy() != TOTAAL).astype(int) << i for i, d in enumerate(dims))
        if dims
        else pd.Series(0, index=rijen.index).to_numpy()
    )
    naar = {m: tuple(d for i, d in enumerate(dims) if m >> i & 1) for m in range(1 << len(dims))}
    return pd.Series(masker, index=rijen.index).map(naar)


def _maat(rijen, dims, maat, rollen, verslag) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """(cells of every pattern in the closure: nis, maand, <dims>, aantal; the (nis, maand)
    without a form). Problems go to the report."""
    kolom = rollen[maat]
    leeg = rijen[maat].isna()
    per_groep = leeg.groupby([rijen["nis"], rijen["maand"]])
    allemaal = per_groep.transform("all")
    ontbreekt = set(map(tuple, rijen.loc[allemaal, ["nis", "maand"]].drop_duplicates().values))
    for i in rijen.index[leeg & ~allemaal]:
        verslag.fout(
            int(rijen.at[i, "rij"]),
            kolom,
            "",
            "lege cel terwijl andere rijen van dezelfde gemeente en maand ingevuld zijn "
            "(leeg betekent: geen formulier ontvangen)",
            "vul 0 in als er niemand is, of laat de hele maand leeg als het formulier ontbreekt",
        )
    if any(f.kolom == kolom for f in verslag.fouten):
        return pd.DataFrame(), ontbreekt  # sums are meaningful only without holes
    gevuld = rijen[~leeg].copy()
    gevuld["aantal"] = gevuld[maat].astype(int)
    patronen = set(rijen["patroon"])  # the file's layout: blanks count too
    sluiting = sorted(
        {tuple(d for d in dims if d in deel) for p in patronen for deel in _deelverzamelingen(p)},
        key=lambda p: (len(p), [dims.index(d) for d in p]),
    )
    groepen = gevuld[["nis", "maand"]].drop_duplicates()
    uit = []
    for s in sluiting:
        bronnen = _minimale_bronnen(s, patronen)
        gegeven = s in patronen
        bron = s if gegeven else bronnen[0]
        referentie = _tabel(gevuld, groepen, bron, s)
        for t in bronnen if gegeven else bronnen[1:]:
            andere = _tabel(gevuld, groepen, t, s)
            verschil = referentie[referentie != andere].index
            if len(verschil):
                vergelijking = _Vergelijking(gevuld, s, t, gegeven, bron, kolom, rollen)
                vergelijking.meld(verschil, referentie, andere, verslag)
        cel = referentie.reset_index()
        for d in dims:
            if d not in s:
                cel[d] = TOTAAL
        uit.append(cel)
    cellen = pd.concat(uit, ignore_index=True) if uit else pd.DataFrame()
    return cellen, ontbreekt


def _deelverzamelingen(patroon: tuple[str, ...]):
    for k in range(len(patroon) + 1):
        yield from combinations(patroon, k)


def _minimale_bronnen(s, patronen) -> list[tuple[str, ...]]:
    """The delivered patterns just finer than s (the others follow by transitivity)."""
    fijner = [t for t in patronen if set(t) > set(s)]
    return sorted(
        (t for t in fijner if not any(set(s) < set(u) < set(t) for u in fijner)),
        key=lambda t: (len(t), t),
    )


def _tabel(gevuld, groepen, t, s) -> pd.Series:
    """Pattern t's rows summed to the cells of s: `aantal` per (nis, maand, *s), every
    combination of categories present (absent combinations 0)."""
    sleutel = ["nis", "maand", *s]
    som = gevuld[gevuld["patroon"] == t].groupby(sleutel)["aantal"].sum()
    cellen = pd.DataFrame(list(product(*(CATEGORIEEN[d] for d in s))), columns=list(s))
    index = pd.MultiIndex.from_frame(groepen.merge(cellen, how="cross")[sleutel])
    return som.reindex(index, fill_value=0).astype(int).rename("aantal")


def _namen(dims, rollen) -> str:
    return " × ".join(f"'{rollen[d]}'" for d in dims)


@dataclass
class _Vergelijking:
    """Two patterns that must give the same cells of s: the reference (the delivered s cells
    when `gegeven`, else pattern `bron` summed) and pattern t summed."""

    gevuld: pd.DataFrame
    s: tuple[str, ...]
    t: tuple[str, ...]
    gegeven: bool
    bron: tuple[str, ...]
    kolom: str
    rollen: dict[str, str]

    def rijen(self, patroon, sleutel) -> list[int]:
        eigen = self.gevuld[self.gevuld["patroon"] == patroon]
        masker = (eigen["nis"] == sleutel[0]) & (eigen["maand"] == sleutel[1])
        for d, code in zip(self.s, sleutel[2:], strict=True):
            masker &= eigen[d] == code
        return sorted(eigen.loc[masker, "rij"].astype(int))

    def meld(self, verschil, referentie, andere, verslag) -> None:
        extra = [d for d in self.t if d not in self.s]
        for sleutel in verschil:
            ref, ander = int(referentie[sleutel]), int(andere[sleutel])
            ref_rijen, delen_rijen = self.rijen(self.bron, sleutel), self.rijen(self.t, sleutel)
            waar = f"NIS {sleutel[0]}, {sleutel[1]}"
            delen = f"de delen naar {_namen(extra, self.rollen)}"
            delen += f" ({_rijen(delen_rijen)})" if delen_rijen else " (geen rijen)"
            if self.gegeven and ref_rijen:
                verslag.fout(
                    ref_rijen[0],
                    self.kolom,
                    ref,
                    f"{delen} tellen op tot {ander}, niet tot dit totaal ({waar})",
                    "controleer de uitsplitsing: elke persoon telt in precies één categorie",
                )
            elif self.gegeven:
                verslag.fout(
                    delen_rijen[0],
                    self.kolom,
                    "",
                    f"{delen} tellen op tot {ander}, maar hun totaalrij ontbreekt ({waar})",
                    "voeg de rij met hun totaal (Total) toe",
                )
            else:
                andere_delen = [d for d in self.bron if d not in self.s]
                verslag.fout(
                    min(delen_rijen or ref_rijen),
                    self.kolom,
                    ander,
                    f"{delen} tellen op tot {ander}, maar de delen naar "
                    f"{_namen(andere_delen, self.rollen)} "
                    f"({_rijen(ref_rijen) if ref_rijen else 'geen rijen'}) tot {ref} ({waar})",
                    "controleer de uitsplitsingen: ze moeten hetzelfde totaal geven",
                )


# ---------------------------------------------------------------------------------------------
# Municipalities: codes of 2019 and 2025 summed into the 2025 municipality


def _leden(rijen, codes: Codes) -> pd.DataFrame:
    """nis25, maand, codes (frozenset), eerste (first row) per 2025 municipality and month."""
    basis = rijen.assign(nis25=rijen["nis"].map(lambda c: codes.gemeente[c].nis))
    return (
        basis.groupby(["nis25", "maand"], sort=True)
        .agg(codes=("nis", frozenset), eerste=("rij", "min"))
        .reset_index()
    )


def _gemeentefouten(rijen, codes: Codes, rollen, verslag) -> None:
    problemen: dict[tuple, list] = defaultdict(list)
    for lid in _leden(rijen, codes).itertuples(index=False):
        gemeente = codes.gemeente[next(iter(lid.codes))]
        e = _indeling(lid.maand)
        verwacht = gemeente.indelingen[e]
        if lid.codes == verwacht:
            continue
        if lid.codes.isdisjoint(verwacht) and lid.codes in gemeente.indelingen:
            continue  # already in another layout, none of whose codes means something else then
        problemen[(gemeente, lid.codes, e)].append((lid.maand, lid.eerste))
    for (gemeente, geleverd, e), maanden in problemen.items():
        verwacht = gemeente.indelingen[e]
        ontbreekt = sorted(verwacht - geleverd)
        wat = ", ".join(f"{c} {codes.namen.get(c, '')}".strip() for c in ontbreekt)
        reden = (
            f"voor {_maanden([m for m, _ in maanden])} vormen de codes "
            f"{', '.join(sorted(geleverd))} geen volledige gemeente {gemeente.naam} "
            f"({gemeente.nis}): in de indeling {INDELINGEN[e]} bestaat ze uit "
            f"{', '.join(sorted(verwacht))}" + (f"; ontbreekt: {wat}" if ontbreekt else "")
        )
        verslag.fout(
            min(r for _, r in maanden),
            rollen["nis"],
            ", ".join(sorted(geleverd)),
            reden,
            _fusie_oplossing(gemeente, e),
        )


def _fusie_oplossing(gemeente: Gemeente2025, e: int) -> str:
    oplossing = "lever voor die maanden de rijen van alle voorgangers aan (ze worden opgeteld)"
    if e < 2 and gemeente.nis in gemeente.indelingen[e]:
        # Antwerpen 11002 before 2025 is the old municipality, not the merged one: ambiguous
        return oplossing + f"; de code {gemeente.nis} alleen is vóór 2025 de oude gemeente"
    return (
        oplossing
        + f", of alleen de code {gemeente.nis} als het bestand al in de indeling van 2025 is"
    )


def _maanden(maanden: list[str]) -> str:
    maanden = sorted(set(maanden))
    if len(maanden) <= 4:
        return ", ".join(maanden)
    return f"{len(maanden)} maanden ({maanden[0]} tot {maanden[-1]})"


def _indelingnaam(code: str, gemeente: Gemeente2025) -> str:
    in_2018, in_2019 = code in gemeente.indelingen[0], code in gemeente.indelingen[1]
    return "vóór 2025" if in_2018 and in_2019 else "vóór 2019" if in_2018 else "2019–2024"


def _fusienotities(rijen, codes: Codes) -> list[str]:
    notities = []
    for code in sorted(rijen["nis"].unique()):
        gemeente = codes.gemeente[code]
        if code == gemeente.nis:
            continue
        notities.append(
            f"NIS {code} ({codes.namen.get(code, '?')}, {_indelingnaam(code, gemeente)}) "
            f"opgeteld bij {gemeente.nis} {gemeente.naam}"
        )
    return notities


def _naar_2025(cellen, ontbreekt, rijen, dims, codes: Codes):
    """Cells summed per 2025 municipality; (nis25, maand, codes without a form) left out."""
    naar = {c: codes.gemeente[c].nis for c in rijen["nis"].unique()}
    leden = rijen.groupby([rijen["nis"].map(naar), "maand"])["nis"].agg(frozenset)
    zonder = defaultdict(set)
    for code, maand in ontbreekt:
        zonder[(naar[code], maand)].add(code)
    # (nis25, maand, the codes without a form, or None when none of its codes had one)
    weg = [
        (nis25, maand, None if leeg == leden[(nis25, maand)] else frozenset(leeg))
        for (nis25, maand), leeg in zonder.items()
    ]
    if cellen.empty:
        return cellen, weg
    cellen = cellen.assign(nis=cellen["nis"].map(naar))
    sleutel = pd.MultiIndex.from_frame(cellen[["nis", "maand"]])
    schrap = sleutel.isin(list(zonder))
    som = cellen[~schrap].groupby(["nis", "maand", *dims], sort=False, as_index=False)["aantal"]
    return som.sum(), weg


def _ontbrekend(weg, indicator: str, codes: Codes) -> list[str]:
    per: dict[tuple, list[str]] = defaultdict(list)
    for nis25, maand, leeg in weg:
        per[(nis25, leeg)].append(maand)
    notities = []
    for (nis25, leeg), maanden in sorted(
        per.items(), key=lambda x: (x[0][0], sorted(x[0][1] or []))
    ):
        naam = codes.namen.get(nis25, "")
        zin = f"{naam} ({nis25}), {indicator}: geen formulier ontvangen (lege cel) voor "
        zin += _maanden(maanden)
        if leeg is not None:
            van = ", ".join(f"{c} {codes.namen.get(c, '')}".strip() for c in sorted(leeg))
            zin += (
                f" van {van}; die maanden ontbreken (een som zonder alle voorgangers zou te "
                "laag zijn)"
            )
        notities.append(zin + "; niet ingelezen, niet als 0 geteld")
    return notities


def _som(ll: pd.DataFrame, eq: pd.DataFrame, dims) -> pd.DataFrame:
    sleutel = ["nis", "maand", *dims]
    beide = ll.merge(eq, on=sleutel, suffixes=("_ll", "_eq"))
    return beide.assign(aantal=beide["aantal_ll"] + beide["aantal_eq"])[[*sleutel, "aantal"]]


def _frame(delen: list[pd.DataFrame]) -> pd.DataFrame:
    """The `feiten` template as text: nis, periode, indicator, <domein dims>, aantal,
    teldefinitie, status (dimensions are read from domein at run time)."""
    kolommen = ["nis", "periode", "indicator", *domein.DIMENSIE_NAMEN, "aantal"]
    kolommen += ["teldefinitie", "status"]
    if not delen:
        return pd.DataFrame({k: pd.Series(dtype=str) for k in kolommen})
    frame = pd.concat(delen, ignore_index=True).rename(columns={"maand": "periode"})
    for dim in domein.DIMENSIE_NAMEN:
        if dim not in frame:
            frame[dim] = TOTAAL
    frame["aantal"] = frame["aantal"].astype(int).astype(str)
    frame["teldefinitie"] = TELDEFINITIE
    frame["status"] = STATUS
    frame = frame[kolommen].sort_values(["nis", "periode", "indicator", *domein.DIMENSIE_NAMEN])
    return frame.reset_index(drop=True).astype(str)
