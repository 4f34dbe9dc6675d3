"""Validation of import files (README) with pandera: every error collected, in Dutch.

Column checks are declared as pandera schemas (one per file kind); the checks that span rows
(duplicate keys, breakdowns that must add up to their total) are vectorised pandas on the whole
frame. Nothing here touches the database.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data_access.inlezen import ImportFout, Ingelezen
from data_access.referentie import bekende_nis
from domein import (
    DIMENSIE_NAMEN,
    DIMENSIES,
    DOEL_KOLOMMEN,
    FEIT_EXTRA,
    INDICATOR_TELDEFINITIE,
    INDICATOREN,
    KOLOMMEN,
    LABELS,
    SJABLOON_KOLOMMEN,
    SOM_VAN,
    STANDAARD_TELDEFINITIE,
    STATUSSEN,
    TELDEFINITIES,
    VOORLOPIG,
)
from domein.maanden import PATROON

GEHEEL_RE = r"^\d+$"

#: Every column a `feiten` file may have, in the order a file must keep: today's template
#: (`SJABLOON_KOLOMMEN`, required) with the other dimensions of the registry and `teldefinitie`,
#: `status` as optional extra columns. A validated frame has all of them (`vul_feiten_aan`).
FEIT_KOLOMMEN = (*KOLOMMEN, *FEIT_EXTRA)
#: The required columns of each kind (a `feiten` file may add optional ones, FEIT_KOLOMMEN).
SOORTEN: dict[str, tuple[str, ...]] = {
    "feiten": SJABLOON_KOLOMMEN,
    "bevolking": ("nis", "jaar", "inwoners"),
    "doelen": DOEL_KOLOMMEN,
    "gemeenten": ("nis", "naam", "provincie"),
}
UITBETALINGEN = ("proportioneel", "alles_of_niets")


@dataclass(frozen=True)
class Regel:
    """A check with its Dutch reason and fix, so the report can say what to do."""

    check: pa.Check
    reden: str
    oplossing: str


def _periode_regel() -> Regel:
    return Regel(
        pa.Check.str_matches(PATROON, name="periode"),
        "geen geldige maand",
        "schrijf de maand als JJJJ-MM, bv. 2024-03",
    )


def _code_regel(kolom: str, codes: tuple[str, ...]) -> Regel:
    return Regel(
        pa.Check.isin(codes, name=f"code_{kolom}"),
        f"onbekende code voor '{kolom}'",
        "gebruik een van: " + ", ".join(codes),
    )


def _geheel_regel(kolom: str) -> Regel:
    return Regel(
        pa.Check.str_matches(GEHEEL_RE, name=f"geheel_{kolom}"),
        "geen geheel getal ≥ 0 (negatief, decimaal of tekst)",
        "tel personen: 0, 1, 2, … zonder decimalen, punten of komma's",
    )


def _nis_regel() -> Regel:
    return Regel(
        pa.Check.isin(sorted(bekende_nis()), name="nis"),
        "onbekende NIS-code (geen Vlaamse gemeente volgens REFNIS 2025)",
        "gebruik de 5-cijferige REFNIS-code, bv. 12025 voor Mechelen",
    )


def _regels(soort: str) -> dict[str, list[Regel]]:
    if soort == "feiten":
        regels = {
            "nis": [_nis_regel()],
            "periode": [_periode_regel()],
            "indicator": [_code_regel("indicator", INDICATOREN)],
            "aantal": [_geheel_regel("aantal")],
        }
        for dim in DIMENSIE_NAMEN:
            regels[dim] = [_code_regel(dim, DIMENSIES[dim])]
        regels["teldefinitie"] = [_code_regel("teldefinitie", tuple(TELDEFINITIES))]
        regels["status"] = [_code_regel("status", STATUSSEN)]
        return regels
    if soort == "bevolking":
        jaar = Regel(
            pa.Check.str_matches(r"^(19|20)\d{2}$", name="jaar"),
            "geen geldig jaar",
            "schrijf het jaar als JJJJ",
        )
        return {"nis": [_nis_regel()], "jaar": [jaar], "inwoners": [_geheel_regel("inwoners")]}
    if soort == "doelen":
        niet_leeg = Regel(
            pa.Check.str_length(min_value=1, name="niet_leeg"), "mag niet leeg zijn", "vul in"
        )
        return {
            "nis": [_nis_regel()],
            "doel_id": [niet_leeg],
            "naam": [niet_leeg],
            "indicator": [_code_regel("indicator", INDICATOREN)],
            "van": [_periode_regel()],
            "tot": [_periode_regel()],
            "doelwaarde": [_geheel_regel("doelwaarde")],
            "max_subsidie_eur": [_geheel_regel("max_subsidie_eur")],
            "uitbetaling": [_code_regel("uitbetaling", UITBETALINGEN)],
            "bron": [niet_leeg],
        }
    naam = Regel(pa.Check.str_length(min_value=1, name="naam"), "mag niet leeg zijn", "vul in")
    nis = Regel(
        pa.Check.str_matches(r"^\d{5}$", name="nis5"), "geen NIS-code van 5 cijfers", "bv. 12025"
    )
    return {"nis": [nis], "naam": [naam], "provincie": [naam]}


def is_feitenkop(kolommen: list[str]) -> bool:
    """Today's template, optionally with extra columns of FEIT_KOLOMMEN, in that order."""
    if len(set(kolommen)) != len(kolommen) or not set(SJABLOON_KOLOMMEN) <= set(kolommen):
        return False
    if not set(kolommen) <= set(FEIT_KOLOMMEN):
        return False
    posities = [FEIT_KOLOMMEN.index(k) for k in kolommen]
    return posities == sorted(posities)


def herken_soort(kolommen: list[str]) -> str | None:
    if is_feitenkop(kolommen):
        return "feiten"
    for soort, verwacht in SOORTEN.items():
        if tuple(kolommen) == verwacht:
            return soort
    return None


def vul_feiten_aan(frame: pd.DataFrame) -> pd.DataFrame:
    """A `feiten` frame with every column of FEIT_KOLOMMEN: a dimension the file leaves out is
    'totaal', a missing `teldefinitie` the indicator's own (domein.INDICATOR_TELDEFINITIE), a
    missing `status` 'voorlopig' (the OCMW's own count)."""
    extra: dict[str, object] = {d: "totaal" for d in DIMENSIE_NAMEN if d not in frame.columns}
    if "teldefinitie" not in frame.columns:
        standaard = frame["indicator"].map(INDICATOR_TELDEFINITIE)
        extra["teldefinitie"] = standaard.fillna(STANDAARD_TELDEFINITIE).astype(str)
    if "status" not in frame.columns:
        extra["status"] = VOORLOPIG
    return frame.assign(**extra)[list(FEIT_KOLOMMEN)] if extra else frame[list(FEIT_KOLOMMEN)]


def voeg_sommen_toe(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A validated `feiten` frame with the monthly totals of every indicator of domein.SOM_VAN
    (leefloongerechtigden = leefloon + equivalent leefloon) where the file delivers the totals
    of all its parts and not the indicator itself; and the report's lines about them. Only
    totals: a derived breakdown beside its parts' would let one part's hidden cells be
    recomputed from the other two tables."""
    totaal = (frame[list(DIMENSIE_NAMEN)] == "totaal").all(axis=1)
    sleutel = ["nis", "periode", "teldefinitie", "status"]
    nieuw, notities = [], []
    for doel, delen in SOM_VAN.items():
        al = frame.loc[frame["indicator"] == doel, ["nis", "periode", "status"]].drop_duplicates()
        rijen = frame[totaal & frame["indicator"].isin(delen)]
        if rijen.empty:
            continue
        rijen = rijen.assign(getal=rijen["aantal"].astype(int))
        per = rijen.groupby(sleutel, sort=False).agg(
            n=("indicator", "nunique"), som=("getal", "sum")
        )
        per = per[per["n"] == len(delen)].reset_index()
        per = per.merge(al, on=["nis", "periode", "status"], how="left", indicator="_al")
        per = per[per["_al"] == "left_only"]
        if per.empty:
            continue
        nieuw.append(
            per.assign(
                indicator=doel,
                aantal=per["som"].astype(str),
                **dict.fromkeys(DIMENSIE_NAMEN, "totaal"),
            )[list(FEIT_KOLOMMEN)]
        )
        namen = " en ".join(LABELS["indicator"][d] for d in delen)
        notities.append(
            f"{LABELS['indicator'][doel]} berekend als som van {namen}: {len(per)} maandtotalen"
        )
    if not nieuw:
        return frame, []
    return pd.concat([frame, *nieuw], ignore_index=True), notities


def _kolomfouten(ingelezen: Ingelezen) -> tuple[str | None, list[ImportFout]]:
    kolommen = list(ingelezen.frame.columns)
    soort = herken_soort(kolommen)
    if soort:
        return soort, []
    best = max(SOORTEN, key=lambda s: len(set(SOORTEN[s]) & set(kolommen)))
    verwacht = SOORTEN[best]
    toegelaten = FEIT_KOLOMMEN if best == "feiten" else verwacht
    fouten = []
    bestand = ingelezen.bestand
    if len(kolommen) == 1 and ingelezen.scheidingsteken:
        fouten.append(
            ImportFout(
                bestand,
                1,
                "",
                kolommen[0][:80],
                "maar één kolom gevonden: verkeerd scheidingsteken?",
                "gebruik ';' of ',' tussen de kolommen",
            )
        )
        return None, fouten
    for kolom in verwacht:
        if kolom not in kolommen:
            fouten.append(ImportFout(bestand, 1, kolom, "", "kolom ontbreekt", "voeg de kolom toe"))
    for kolom in kolommen:
        if kolom not in toegelaten:
            fouten.append(
                ImportFout(
                    bestand, 1, kolom, "", "onverwachte kolom", "verwijder de kolom of hernoem ze"
                )
            )
    dubbel = sorted({k for k in kolommen if kolommen.count(k) > 1})
    for kolom in dubbel:
        fouten.append(ImportFout(bestand, 1, kolom, "", "kolom komt twee keer voor", "houd er één"))
    if not fouten:
        kop = [k for k in toegelaten if k in kolommen]
        fouten.append(
            ImportFout(
                bestand,
                1,
                "",
                ";".join(kolommen)[:80],
                "kolommen in de verkeerde volgorde",
                "gebruik de kopregel " + ";".join(kop),
            )
        )
    return None, fouten


def _breedtefouten(ingelezen: Ingelezen) -> list[ImportFout]:
    if ingelezen.rijbreedte is None:
        return []
    breedte = len(ingelezen.frame.columns)
    breedtes = ingelezen.rijbreedte
    fouten = []
    for i in np.flatnonzero(breedtes != breedte):
        n = int(breedtes[i])
        fouten.append(
            ImportFout(
                ingelezen.bestand,
                int(i) + 2,
                "",
                f"{n} velden",
                f"verkeerd aantal velden ({n} in plaats van {breedte})",
                "decimale komma of extra scheidingsteken? Tel hele personen zonder komma's",
            )
        )
    return fouten


def _schemafouten(frame: pd.DataFrame, soort: str, bestand: str) -> list[ImportFout]:
    regels = _regels(soort)
    uitleg = {}
    kolommen = {}
    for kolom, lijst in regels.items():
        kolommen[kolom] = pa.Column(str, checks=[r.check for r in lijst], nullable=False)
        for r in lijst:
            r.check.error = r.check.name  # pandera reports `error` in failure_cases
            uitleg[(kolom, r.check.name)] = r
    schema = pa.DataFrameSchema(kolommen, strict=True, coerce=False)
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        gevallen = exc.failure_cases
    fouten = []
    for geval in gevallen.itertuples(index=False):
        index = geval.index
        rij = int(index) + 2 if index is not None and not pd.isna(index) else None
        regel = uitleg.get((geval.column, geval.check))
        reden = regel.reden if regel else f"ongeldig ({geval.check})"
        oplossing = regel.oplossing if regel else ""
        fouten.append(
            ImportFout(bestand, rij, str(geval.column), str(geval.failure_case), reden, oplossing)
        )
    return fouten


def _rijnummers(masker: pd.Series) -> list[int]:
    return [int(i) + 2 for i in masker[masker].index]


def _toekomstfouten(frame, kolom, bestand, vandaag: date) -> list[ImportFout]:
    nu = f"{vandaag.year:04d}-{vandaag.month:02d}"
    geldig = frame[kolom].str.match(PATROON)
    masker = geldig & (frame[kolom] > nu)
    return [
        ImportFout(
            bestand,
            rij,
            kolom,
            frame.at[rij - 2, kolom],
            "maand ligt in de toekomst",
            f"de laatste toegelaten maand is {nu}",
        )
        for rij in _rijnummers(masker)
    ]


def _dubbels(frame, sleutel, bestand) -> list[ImportFout]:
    masker = frame.duplicated(list(sleutel), keep="first")
    return [
        ImportFout(
            bestand,
            rij,
            "",
            ";".join(frame.loc[rij - 2, list(sleutel)]),
            "dubbele rij: deze combinatie komt al eerder in het bestand voor",
            "houd één rij per combinatie van " + ", ".join(sleutel),
        )
        for rij in _rijnummers(masker)
    ]


def _somfouten(frame: pd.DataFrame, bestand: str) -> list[ImportFout]:
    """Where a breakdown of one dimension is given, its categories must add up to 'totaal'."""
    frame = frame.assign(getal=pd.to_numeric(frame["aantal"], errors="coerce"))
    fouten: list[ImportFout] = []
    for dim in DIMENSIE_NAMEN:
        overige = ["nis", "periode", "indicator", *[d for d in DIMENSIE_NAMEN if d != dim]]
        overige += list(FEIT_EXTRA)
        delen = frame[frame[dim] != "totaal"]
        if delen.empty:
            continue
        sommen = delen.groupby(overige, sort=False)["getal"].sum().rename("som")
        totalen = frame[frame[dim] == "totaal"].reset_index(names="rijindex")
        vergelijk = sommen.reset_index().merge(totalen, on=overige, how="left")
        ontbreekt = vergelijk[vergelijk["rijindex"].isna()]
        for r in ontbreekt.itertuples(index=False):
            sleutel = ";".join(str(getattr(r, k)) for k in overige)
            fouten.append(
                ImportFout(
                    bestand,
                    None,
                    dim,
                    sleutel,
                    f"uitsplitsing naar '{dim}' zonder totaalrij",
                    f"voeg de rij met {dim} = totaal toe",
                )
            )
        fout = vergelijk[vergelijk["rijindex"].notna() & (vergelijk["som"] != vergelijk["getal"])]
        for r in fout.itertuples(index=False):
            fouten.append(
                ImportFout(
                    bestand,
                    int(r.rijindex) + 2,
                    "aantal",
                    str(r.aantal),
                    f"de categorieën van '{dim}' tellen op tot {int(r.som)}, niet tot het totaal",
                    "controleer de uitsplitsing: elke persoon telt in precies één categorie",
                )
            )
    return fouten


def _gemengd(frame: pd.DataFrame, bestand: str) -> list[ImportFout]:
    """One count definition per indicator in a file: figures that count persons differently
    (a month stock, a yearly average, at least once in a year) are never added or compared."""
    fouten = []
    for indicator, groep in frame.groupby("indicator", sort=False)["teldefinitie"]:
        codes = list(pd.unique(groep))
        if len(codes) < 2:
            continue
        afwijkend = groep[groep != codes[0]]
        label = LABELS["indicator"].get(str(indicator), str(indicator))
        fouten.append(
            ImportFout(
                bestand,
                int(afwijkend.index[0]) + 2,
                "teldefinitie",
                str(afwijkend.iloc[0]),
                f"gemengde teldefinities voor '{label}' ({', '.join(codes)}): cijfers met een "
                "andere telling worden nooit samengeteld of vergeleken",
                "lever elke teldefinitie in een apart bestand aan",
            )
        )
    return fouten


def _doelfouten(frame: pd.DataFrame, bestand: str) -> list[ImportFout]:
    masker = frame["van"].str.match(PATROON) & frame["tot"].str.match(PATROON)
    masker &= frame["tot"] < frame["van"]
    return [
        ImportFout(
            bestand,
            rij,
            "tot",
            frame.at[rij - 2, "tot"],
            "de einddatum ligt vóór de begindatum",
            "controleer 'van' en 'tot'",
        )
        for rij in _rijnummers(masker)
    ]


def valideer(ingelezen: Ingelezen, vandaag: date | None = None) -> tuple[str | None, list]:
    """Return the file kind and every problem found (an empty list means: safe to write)."""
    vandaag = vandaag or date.today()
    soort, fouten = _kolomfouten(ingelezen)
    if soort is None:
        return None, fouten
    bestand = ingelezen.bestand
    if ingelezen.frame.empty:
        return soort, [ImportFout(bestand, None, "", "", "het bestand bevat geen gegevensrijen")]
    fouten = _breedtefouten(ingelezen)  # against the columns as delivered
    if soort == "feiten":
        # the writer and every check below see all columns (optional ones filled in)
        ingelezen.frame = vul_feiten_aan(ingelezen.frame)
    frame = ingelezen.frame
    fouten += _schemafouten(frame, soort, bestand)
    if soort == "feiten":
        fouten += _toekomstfouten(frame, "periode", bestand, vandaag)
        # the same cell in another count definition is not a duplicate but a mixed file
        sleutel = ("nis", "periode", "indicator", *DIMENSIE_NAMEN, *FEIT_EXTRA)
        fouten += _dubbels(frame, sleutel, bestand)
        if not fouten:  # sums are meaningful only on clean cells
            fouten += _gemengd(frame, bestand)
            fouten += _somfouten(frame, bestand)
    elif soort == "bevolking":
        fouten += _dubbels(frame, ("nis", "jaar"), bestand)
    elif soort == "doelen":
        fouten += _dubbels(frame, ("doel_id",), bestand)
        fouten += _doelfouten(frame, bestand)
    return soort, fouten
