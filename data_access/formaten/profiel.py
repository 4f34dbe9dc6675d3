"""Any spreadsheet through a column mapping: a named *importprofiel* (docs/importprofielen.md).

A profile says which column is the municipality (a NIS code, or a 2025 municipality name), which
column is the month (one column: JJJJ-MM, JJJJMM or a date; or a year and a month column), which
columns are dimensions (and which file values mean which category), and which columns are
measures (each an indicator with its count definition and status). Applying it to a file is a
`Vertaling`: the whole file is checked in its own terms (row, column, value) first, and only a
file without problems is turned into rows of the `feiten` template.

Profiles are stored in the database (table `importprofiel`, the definition as JSON), so the CLI
(`leefloonmonitor import FILE --profiel NAAM`) and Beheer use the same ones.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine, delete, insert, select

import domein
from data_access.formaten.basis import Vertaling
from data_access.inlezen import ImportFout, Ingelezen
from data_access.referentie import gemeenten_referentie
from data_access.schema import importprofiel

LAYOUT_NAAM = "importprofiel"
# Count definitions and statuses (domein/kubus.yaml declares them and their labels).
TELDEFINITIES = tuple(domein.TELDEFINITIES)
STATUSSEN = domein.STATUSSEN
GEMEENTE_SOORTEN = ("nis", "naam")
MAX_NAAM = 60
NAAM_RE = re.compile(r"^[\w .()+-]{1,60}$")
MAANDNAMEN = {
    naam: i + 1
    for i, namen in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for naam in namen
}


def standaard_teldefinitie(indicator: str) -> str:
    """The count definition an indicator's figures have unless a delivery says otherwise."""
    return domein.INDICATOR_TELDEFINITIE.get(indicator, domein.STANDAARD_TELDEFINITIE)


class ProfielFout(ValueError):
    """A profile that cannot be used: Dutch reasons, one per problem."""

    def __init__(self, fouten: list[str]):
        super().__init__("; ".join(fouten))
        self.fouten = fouten


@dataclass(frozen=True)
class Meetwaarde:
    indicator: str
    teldefinitie: str = domein.STANDAARD_TELDEFINITIE
    status: str = domein.VOORLOPIG


@dataclass
class Profiel:
    """A column mapping. Column names are as `inlezen` gives them: stripped, lower case."""

    naam: str
    gemeente_kolom: str
    gemeente_soort: str = "nis"  # 'nis' (REFNIS code) or 'naam' (2025 municipality name)
    maand_kolom: str = ""  # one column with the month ...
    jaar_kolom: str = ""  # ... or a year column plus `maand_kolom` holding the month number
    dimensies: dict[str, str] = field(default_factory=dict)  # column -> dimension
    meetwaarden: dict[str, Meetwaarde] = field(default_factory=dict)  # column -> indicator
    waarden: dict[str, dict[str, str]] = field(default_factory=dict)  # dim -> file value -> code

    @property
    def kolommen(self) -> list[str]:
        """Every column the file must have."""
        vast = [self.gemeente_kolom, self.jaar_kolom, self.maand_kolom]
        return [k for k in (*vast, *self.dimensies, *self.meetwaarden) if k]

    def als_dict(self) -> dict:
        return {
            "gemeente": {"kolom": self.gemeente_kolom, "soort": self.gemeente_soort},
            "maand": {"kolom": self.maand_kolom, "jaar_kolom": self.jaar_kolom},
            "dimensies": dict(self.dimensies),
            "meetwaarden": {
                k: {"indicator": m.indicator, "teldefinitie": m.teldefinitie, "status": m.status}
                for k, m in self.meetwaarden.items()
            },
            "waarden": {d: dict(w) for d, w in self.waarden.items()},
        }

    def als_json(self) -> str:
        return json.dumps(self.als_dict(), ensure_ascii=False, sort_keys=True, indent=1)

    @classmethod
    def uit_dict(cls, naam: str, definitie: dict) -> Profiel:
        """Build and check a profile; raises ProfielFout with every problem."""
        try:
            gemeente = definitie.get("gemeente") or {}
            maand = definitie.get("maand") or {}
            profiel = cls(
                naam=str(naam).strip(),
                gemeente_kolom=_kolomnaam(gemeente.get("kolom", "")),
                gemeente_soort=str(gemeente.get("soort", "nis")),
                maand_kolom=_kolomnaam(maand.get("kolom", "")),
                jaar_kolom=_kolomnaam(maand.get("jaar_kolom", "")),
                dimensies={
                    _kolomnaam(k): str(d) for k, d in (definitie.get("dimensies") or {}).items()
                },
                meetwaarden={
                    _kolomnaam(k): Meetwaarde(
                        str(m["indicator"]),
                        str(m.get("teldefinitie") or standaard_teldefinitie(str(m["indicator"]))),
                        str(m.get("status", domein.VOORLOPIG)),
                    )
                    for k, m in (definitie.get("meetwaarden") or {}).items()
                },
                waarden={
                    str(d): {_sleutel(w): str(c) for w, c in (kaart or {}).items()}
                    for d, kaart in (definitie.get("waarden") or {}).items()
                },
            )
        except (AttributeError, KeyError, TypeError) as exc:
            raise ProfielFout([f"de definitie van profiel '{naam}' is onvolledig ({exc})"]) from exc
        fouten = profiel.problemen()
        if fouten:
            raise ProfielFout(fouten)
        return profiel

    @classmethod
    def uit_json(cls, naam: str, tekst: str) -> Profiel:
        try:
            definitie = json.loads(tekst)
        except json.JSONDecodeError as exc:
            raise ProfielFout([f"de definitie van profiel '{naam}' is geen geldige JSON"]) from exc
        if not isinstance(definitie, dict):
            raise ProfielFout([f"de definitie van profiel '{naam}' is geen JSON-object"])
        return cls.uit_dict(naam, definitie)

    def problemen(self) -> list[str]:
        """What makes this profile unusable with today's registry (Dutch, one line each)."""
        fouten = []
        if not NAAM_RE.match(self.naam):
            fouten.append(
                f"ongeldige profielnaam '{self.naam}': 1 tot {MAX_NAAM} letters, cijfers, "
                "spaties of . ( ) + - _"
            )
        if not self.gemeente_kolom:
            fouten.append("kies welke kolom de gemeente is")
        if self.gemeente_soort not in GEMEENTE_SOORTEN:
            fouten.append(f"onbekende soort gemeentekolom '{self.gemeente_soort}' (nis of naam)")
        if not self.maand_kolom:
            fouten.append("kies welke kolom de maand is")
        if not self.meetwaarden:
            fouten.append("kies minstens één kolom met aantallen (meetwaarde → indicator)")
        gezien: dict[str, str] = {}
        for kolom in self.kolommen:
            if kolom in gezien:
                fouten.append(f"kolom '{kolom}' heeft twee rollen")
            gezien[kolom] = kolom
        for kolom, dim in self.dimensies.items():
            if dim not in domein.DIMENSIES:
                fouten.append(
                    f"kolom '{kolom}': onbekende dimensie '{dim}' (kies uit "
                    f"{', '.join(domein.DIMENSIE_NAMEN)})"
                )
        dubbel = {d for d in self.dimensies.values() if list(self.dimensies.values()).count(d) > 1}
        for dim in sorted(dubbel):
            fouten.append(f"dimensie '{dim}' is aan meer dan één kolom gekoppeld")
        for kolom, m in self.meetwaarden.items():
            if m.indicator not in domein.INDICATOREN:
                fouten.append(
                    f"kolom '{kolom}': onbekende indicator '{m.indicator}' (kies uit "
                    f"{', '.join(domein.INDICATOREN)})"
                )
            if m.teldefinitie not in TELDEFINITIES:
                fouten.append(
                    f"kolom '{kolom}': onbekende teldefinitie '{m.teldefinitie}' (kies uit "
                    f"{', '.join(TELDEFINITIES)})"
                )
            if m.status not in STATUSSEN:
                fouten.append(
                    f"kolom '{kolom}': onbekende status '{m.status}' (voorlopig of definitief)"
                )
        for dim, kaart in self.waarden.items():
            codes = domein.DIMENSIES.get(dim)
            if codes is None:
                fouten.append(f"waardentabel voor onbekende dimensie '{dim}'")
                continue
            for waarde, code in kaart.items():
                if code not in codes:
                    fouten.append(
                        f"dimensie '{dim}': waarde '{waarde}' verwijst naar onbekende categorie "
                        f"'{code}'"
                    )
        return fouten


def _kolomnaam(kolom) -> str:
    return str(kolom or "").strip().lower()


def _sleutel(waarde: str) -> str:
    """How file values are compared: trimmed, case and accents ignored, inner spaces single."""
    tekst = unicodedata.normalize("NFKD", str(waarde)).encode("ascii", "ignore").decode()
    return " ".join(tekst.casefold().split())


# --------------------------------------------------------------------------------------------
# Applying a profile


def categorie_van(profiel: Profiel, dimensie: str, waarde: str) -> str | None:
    """The category code a file value means: the profile's table first, then the code itself
    or its Dutch label (case and accents ignored); None when unmapped."""
    sleutel = _sleutel(waarde)
    kaart = profiel.waarden.get(dimensie, {})
    if sleutel in kaart:
        return kaart[sleutel]
    for code in domein.DIMENSIES[dimensie]:
        if sleutel in (_sleutel(code), _sleutel(domein.label(dimensie, code))):
            return code
    return None


def _gemeenten_op_naam() -> dict[str, str]:
    ref = gemeenten_referentie()
    return {_sleutel(n): nis for nis, n in zip(ref["nis"], ref["naam"], strict=True)}


def _opvolger(nis: str) -> str | None:
    """The 2025 municipality a pre-2019 or pre-2025 code became part of (for the fix)."""
    ref = gemeenten_referentie()
    for nieuw, v, v18 in zip(ref["nis"], ref["voorgangers"], ref["voorgangers_2018"], strict=True):
        if nis in v or nis in v18:
            return nieuw
    return None


def _maand(waarde: str) -> str | None:
    """JJJJ-MM from JJJJ-MM, JJJJMM, JJJJ/MM, a date (JJJJ-MM-DD, DD/MM/JJJJ, DD-MM-JJJJ)."""
    w = waarde.strip()
    for patroon in (
        r"^(\d{4})-(\d{1,2})$",
        r"^(\d{4})(\d{2})$",
        r"^(\d{4})/(\d{1,2})$",
        r"^(\d{4})-(\d{1,2})-\d{1,2}(?:[ T][\d:.]+)?$",
    ):
        m = re.match(patroon, w)
        if m:
            return _jjjj_mm(m.group(1), m.group(2))
    m = re.match(r"^\d{1,2}[/.-](\d{1,2})[/.-](\d{4})$", w)
    if m:
        return _jjjj_mm(m.group(2), m.group(1))
    return None


def _jjjj_mm(jaar: str, maand: str) -> str | None:
    j, m = int(jaar), int(maand)
    if not (1990 <= j <= 2100 and 1 <= m <= 12):
        return None
    return f"{j:04d}-{m:02d}"


def _maand_uit_delen(jaar: str, maand: str) -> str | None:
    if not re.match(r"^\d{4}$", jaar.strip()):
        return None
    m = maand.strip()
    if re.match(r"^\d{1,2}$", m):
        return _jjjj_mm(jaar, m)
    nummer = MAANDNAMEN.get(_sleutel(m).rstrip("."))
    return _jjjj_mm(jaar, str(nummer)) if nummer else None


def uitvoerkolommen() -> list[str]:
    """The `feiten` template with every dimension declared NOW, plus count definition and
    status (read at run time: the registry is data)."""
    return [
        "nis",
        "periode",
        "indicator",
        *domein.DIMENSIE_NAMEN,
        "aantal",
        "teldefinitie",
        "status",
    ]


@dataclass
class _Rijen:
    """Per file row (index) the translated pieces, or None where the row has a problem."""

    nis: list[str | None]
    periode: list[str | None]
    dims: dict[str, list[str | None]]


def vertaal(
    profiel: Profiel, ingelezen: Ingelezen, vandaag: date, layout: str = LAYOUT_NAAM
) -> Vertaling:
    """Check the whole file against the profile and translate it (see `Vertaling`)."""
    bestand = ingelezen.bestand
    frame = ingelezen.frame
    leeg = pd.DataFrame(columns=uitvoerkolommen(), dtype=str)
    fouten = [
        ImportFout(bestand, None, "", "", f"profiel '{profiel.naam}': {p}", "pas het profiel aan")
        for p in profiel.problemen()
    ]
    ontbreekt = [k for k in profiel.kolommen if k not in frame.columns]
    fouten += [
        ImportFout(
            bestand,
            1,
            k,
            "",
            f"kolom ontbreekt (profiel '{profiel.naam}' verwacht ze)",
            "kies het juiste profiel of voeg de kolom toe",
        )
        for k in ontbreekt
    ]
    if fouten:
        return Vertaling(layout, leeg, fouten)
    rijen = _Rijen(
        nis=_gemeenten(profiel, frame, bestand, fouten),
        periode=_periodes(profiel, frame, bestand, vandaag, fouten),
        dims={
            dim: _categorieen(profiel, kolom, dim, frame, bestand, fouten)
            for kolom, dim in profiel.dimensies.items()
        },
    )
    uit, lege = _meetwaarden(profiel, frame, rijen, bestand, fouten)
    fouten += _dubbels(uit, bestand)
    notities = []
    if lege:
        notities.append(
            f"{bestand}: {lege} lege cel(len) met aantallen overgeslagen (geen gegevens, niet 0)"
        )
    genegeerd = [k for k in frame.columns if k not in profiel.kolommen]
    if genegeerd:
        notities.append(f"{bestand}: kolommen genegeerd: {', '.join(genegeerd)}")
    if fouten:
        return Vertaling(layout, leeg, fouten, notities)
    return Vertaling(layout, uit.drop(columns="_rij").reset_index(drop=True), [], notities)


def _gemeenten(profiel, frame, bestand, fouten) -> list[str | None]:
    kolom = profiel.gemeente_kolom
    op_naam = profiel.gemeente_soort == "naam"
    codes = _gemeenten_op_naam() if op_naam else {n: n for n in gemeenten_referentie()["nis"]}
    gelezen: dict[str, str | None] = {}  # each distinct value looked up once
    uit: list[str | None] = []
    for i, waarde in enumerate(frame[kolom]):
        if waarde not in gelezen:
            gelezen[waarde] = codes.get(_sleutel(waarde) if op_naam else waarde.strip())
        nis = gelezen[waarde]
        uit.append(nis)
        if nis is not None:
            continue
        if op_naam:
            reden = "onbekende gemeente (geen Vlaamse gemeente van 2025)"
            hulp = "schrijf de naam zoals Statbel (bv. Puurs-Sint-Amands) of gebruik de NIS-code"
        else:
            reden = "onbekende NIS-code (REFNIS 2025)"
            opvolger = _opvolger(waarde.strip()) if re.match(r"^\d{5}$", waarde.strip()) else None
            hulp = (
                f"deze gemeente is opgegaan in {opvolger}: gebruik die code van 2025"
                if opvolger
                else "gebruik de 5-cijferige REFNIS-code van 2025, bv. 12025 voor Mechelen"
            )
        fouten.append(ImportFout(bestand, i + 2, kolom, waarde, reden, hulp))
    return uit


def _periodes(profiel, frame, bestand, vandaag: date, fouten) -> list[str | None]:
    nu = f"{vandaag.year:04d}-{vandaag.month:02d}"
    if profiel.jaar_kolom:
        kolom = f"{profiel.jaar_kolom} + {profiel.maand_kolom}"
        hulp = "jaar als JJJJ en maand als 1–12 of als naam (maart)"
        waarden = list(zip(frame[profiel.jaar_kolom], frame[profiel.maand_kolom], strict=True))
    else:
        kolom = profiel.maand_kolom
        hulp = "schrijf de maand als JJJJ-MM (2024-03), JJJJMM (202403) of als datum"
        waarden = list(frame[profiel.maand_kolom])
    # a file repeats a few months many times: parse each distinct value once
    gelezen: dict = {}
    uit: list[str | None] = []
    for i, waarde in enumerate(waarden):
        if waarde not in gelezen:
            gelezen[waarde] = _maand_uit_delen(*waarde) if profiel.jaar_kolom else _maand(waarde)
        periode = gelezen[waarde]
        getoond = " ".join(waarde) if profiel.jaar_kolom else waarde
        if periode is None:
            fouten.append(ImportFout(bestand, i + 2, kolom, getoond, "geen geldige maand", hulp))
        elif periode > nu:
            fouten.append(
                ImportFout(
                    bestand,
                    i + 2,
                    kolom,
                    getoond,
                    "maand ligt in de toekomst",
                    f"de laatste toegelaten maand is {nu}",
                )
            )
            periode = None
        uit.append(periode)
    return uit


def _categorieen(profiel, kolom, dim, frame, bestand, fouten) -> list[str | None]:
    uit: list[str | None] = []
    cache: dict[str, str | None] = {}
    for i, waarde in enumerate(frame[kolom]):
        if waarde not in cache:
            cache[waarde] = categorie_van(profiel, dim, waarde)
        code = cache[waarde]
        if code is None:
            fouten.append(
                ImportFout(
                    bestand,
                    i + 2,
                    kolom,
                    waarde,
                    f"waarde niet gekoppeld aan een categorie van '{dim}'",
                    "koppel de waarde in het profiel aan een van: "
                    + ", ".join(domein.DIMENSIES[dim]),
                )
            )
        uit.append(code)
    return uit


def _meetwaarden(profiel, frame, rijen: _Rijen, bestand, fouten) -> tuple[pd.DataFrame, int]:
    """One output row per file row and measure column with a count (vectorised: a delivery
    can have 100,000 rows)."""
    basis = pd.DataFrame(
        {
            "_rij": frame.index + 2,
            "nis": rijen.nis,
            "periode": rijen.periode,
            **{d: rijen.dims.get(d, "totaal") for d in domein.DIMENSIE_NAMEN},
        },
        index=frame.index,
    )
    delen = []
    lege = 0
    for kolom, m in profiel.meetwaarden.items():
        waarden = frame[kolom].str.strip()
        leeg = waarden == ""
        geheel = waarden.str.fullmatch(r"\d+")
        lege += int(leeg.sum())
        for i in frame.index[~leeg & ~geheel]:
            fouten.append(
                ImportFout(
                    bestand,
                    int(i) + 2,
                    kolom,
                    frame.at[i, kolom],
                    "geen geheel getal ≥ 0 (negatief, decimaal of tekst)",
                    "tel personen: 0, 1, 2, … zonder decimalen, punten of komma's; laat de "
                    "cel leeg als er geen gegevens zijn",
                )
            )
        aantal = waarden[geheel].str.lstrip("0").replace("", "0")
        delen.append(
            basis[geheel].assign(
                indicator=m.indicator, aantal=aantal, teldefinitie=m.teldefinitie, status=m.status
            )
        )
    kolommen = ["_rij", *uitvoerkolommen()]
    uit = pd.concat(delen)[kolommen] if delen else pd.DataFrame(columns=kolommen)
    # rows with a problem elsewhere (None) are already reported; drop them from the key check
    uit = uit.dropna().sort_values("_rij", kind="stable")
    return uit.astype({k: str for k in uitvoerkolommen()}), lege


def _dubbels(uit: pd.DataFrame, bestand: str) -> list[ImportFout]:
    sleutel = [k for k in uitvoerkolommen() if k != "aantal"]
    dubbel = uit.duplicated(sleutel, keep=False)
    fouten = []
    for _, groep in uit[dubbel].groupby(sleutel, sort=False):
        eerste = int(groep["_rij"].iloc[0])
        for rij in groep["_rij"].iloc[1:]:
            r = groep[groep["_rij"] == rij].iloc[0]
            omschrijving = ", ".join(
                [r["nis"], r["periode"], r["indicator"]]
                + [f"{d}={r[d]}" for d in domein.DIMENSIE_NAMEN if r[d] != "totaal"]
            )
            fouten.append(
                ImportFout(
                    bestand,
                    int(rij),
                    "",
                    omschrijving,
                    f"dubbele rij: dezelfde gemeente, maand en categorieën als rij {eerste}",
                    "houd één rij per gemeente, maand en combinatie van categorieën (of koppel "
                    "de waarden in het profiel anders)",
                )
            )
    return fouten


@dataclass
class ProfielLayout:
    """A stored profile as a `Layout`: recognises a file that has all the profile's columns."""

    profiel: Profiel

    @property
    def naam(self) -> str:
        return f"importprofiel '{self.profiel.naam}'"

    def herken(self, kolommen: list[str]) -> bool:
        return set(self.profiel.kolommen) <= {_kolomnaam(k) for k in kolommen}

    def vertaal(self, ingelezen: Ingelezen, vandaag: date) -> Vertaling:
        return vertaal(self.profiel, ingelezen, vandaag, self.naam)


# --------------------------------------------------------------------------------------------
# The store


def bewaar(engine: Engine, profiel: Profiel, door: str) -> None:
    """Save (or replace) a profile; refuses an unusable one with ProfielFout."""
    fouten = profiel.problemen()
    if fouten:
        raise ProfielFout(fouten)
    with engine.begin() as conn:
        conn.execute(delete(importprofiel).where(importprofiel.c.naam == profiel.naam))
        conn.execute(
            insert(importprofiel).values(
                naam=profiel.naam,
                definitie=profiel.als_json(),
                door=door[:80],
                tijdstip=datetime.now(UTC),
            )
        )


def laad(engine: Engine, naam: str) -> Profiel | None:
    """The stored profile `naam` (None when there is none); ProfielFout when it no longer fits
    the registry (e.g. a dimension that was removed)."""
    with engine.connect() as conn:
        tekst = conn.execute(
            select(importprofiel.c.definitie).where(importprofiel.c.naam == naam.strip())
        ).scalar()
    return None if tekst is None else Profiel.uit_json(naam.strip(), tekst)


def lijst(engine: Engine) -> pd.DataFrame:
    """naam, door, tijdstip of every stored profile, by name."""
    with engine.connect() as conn:
        rijen = conn.execute(
            select(importprofiel.c.naam, importprofiel.c.door, importprofiel.c.tijdstip).order_by(
                importprofiel.c.naam
            )
        ).all()
    return pd.DataFrame(rijen, columns=["naam", "door", "tijdstip"])


def verwijder(engine: Engine, naam: str) -> bool:
    with engine.begin() as conn:
        return conn.execute(delete(importprofiel).where(importprofiel.c.naam == naam)).rowcount > 0
