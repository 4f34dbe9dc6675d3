"""Reading an upload into a frame of text cells: encoding, separator, XLSX — with Dutch errors.

Nothing here writes to the database. Every cell stays text so that NIS codes keep their leading
zeros and so that validation, not parsing, decides what a bad value is.
"""

import csv
import io
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_BYTES = 10 * 1024 * 1024  # same limit for CLI and upload; Streamlit's own limit is higher
MAX_RIJEN = 500_000
XLSX_MAGIE = b"PK\x03\x04"


@dataclass(frozen=True)
class ImportFout:
    """One problem in an import file, as shown to an OCMW analyst."""

    bestand: str
    rij: int | None  # line number in the file (header = 1); None for the whole file
    kolom: str
    waarde: str
    reden: str
    oplossing: str = ""

    def als_tekst(self) -> str:
        plaats = f"rij {self.rij}" if self.rij else "bestand"
        kolom = f", kolom '{self.kolom}'" if self.kolom else ""
        waarde = f", waarde '{self.waarde}'" if self.waarde != "" else ""
        hulp = f" — {self.oplossing}" if self.oplossing else ""
        return f"{self.bestand}: {plaats}{kolom}{waarde}: {self.reden}{hulp}"


class LeesFout(Exception):
    def __init__(self, fout: ImportFout):
        super().__init__(fout.als_tekst())
        self.fout = fout


@dataclass
class Ingelezen:
    bestand: str
    inhoud: bytes
    frame: pd.DataFrame  # all cells str; header as given (stripped)
    codering: str
    scheidingsteken: str
    # fields per data row as in the file (before padding); None when not known. Not in
    # frame.attrs: pandas deep-copies attrs on almost every operation (a list of 100k ints made
    # validating 3 large files 7x slower) and pd.concat cannot compare arrays there.
    rijbreedte: np.ndarray | None = None


def _fout(bestand: str, reden: str, oplossing: str = "", kolom: str = "", waarde: str = ""):
    return LeesFout(ImportFout(bestand, None, kolom, waarde, reden, oplossing))


def lees(inhoud: bytes, bestand: str) -> Ingelezen:
    """Turn raw bytes into a text frame or raise LeesFout with a clear Dutch reason."""
    if len(inhoud) == 0:
        raise _fout(bestand, "het bestand is leeg", "kies het juiste bestand of exporteer opnieuw")
    if len(inhoud) > MAX_BYTES:
        mb = len(inhoud) / 1024 / 1024
        raise _fout(
            bestand,
            f"het bestand is te groot ({mb:.1f} MB; maximum {MAX_BYTES // 1024 // 1024} MB)",
            "lever één maand of één gemeente per bestand aan",
        )
    if inhoud.startswith(XLSX_MAGIE):
        return _lees_xlsx(inhoud, bestand)
    if inhoud[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _fout(
            bestand,
            "verkeerde tekencodering (UTF-16)",
            "sla het bestand op als 'CSV UTF-8' of 'CSV (puntkomma-gescheiden)'",
        )
    if b"\x00" in inhoud[:8192]:
        raise _fout(
            bestand,
            "dit is geen tekstbestand (CSV) en geen Excel-bestand (XLSX)",
            "exporteer als CSV (puntkomma-gescheiden) of XLSX",
        )
    return _lees_csv(inhoud, bestand)


def _decodeer(inhoud: bytes, bestand: str) -> tuple[str, str]:
    try:
        return inhoud.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        tekst = inhoud.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _fout(
            bestand,
            "de tekencodering is onbekend (geen UTF-8 en geen Windows-1252)",
            "sla het bestand op als 'CSV UTF-8'",
        ) from exc
    return tekst, "Windows-1252"


def _scheidingsteken(kopregel: str, bestand: str) -> str:
    tellingen = {teken: kopregel.count(teken) for teken in (";", ",", "\t", "|")}
    teken = max(tellingen, key=tellingen.get)
    if tellingen[teken] == 0:
        raise _fout(
            bestand,
            "geen scheidingsteken gevonden in de kopregel",
            "gebruik ';' of ',' tussen de kolommen",
            waarde=kopregel[:80],
        )
    if teken not in (";", ","):
        naam = "tab" if teken == "\t" else teken
        raise _fout(
            bestand,
            f"verkeerd scheidingsteken ({naam})",
            "gebruik ';' (zoals Excel in België) of ','",
            waarde=kopregel[:80],
        )
    return teken


def _lees_csv(inhoud: bytes, bestand: str) -> Ingelezen:
    tekst, codering = _decodeer(inhoud, bestand)
    regels = tekst.splitlines()
    kopregel = next((r for r in regels if r.strip()), "")
    if not kopregel:
        raise _fout(bestand, "het bestand bevat geen kopregel en geen gegevens")
    teken = _scheidingsteken(kopregel, bestand)
    lezer = csv.reader(io.StringIO(tekst), delimiter=teken)
    rijen = [rij for rij in lezer]
    while rijen and not any(c.strip() for c in rijen[-1]):
        rijen.pop()
    if len(rijen) - 1 > MAX_RIJEN:
        raise _fout(bestand, f"te veel rijen ({len(rijen) - 1:,}; maximum {MAX_RIJEN:,})")
    kop = [c.strip().lower() for c in rijen[0]]
    data = rijen[1:]
    breedte = len(kop)
    # Ragged rows (a decimal comma in a ','-file, a stray separator) get padded so validation
    # can name the row instead of pandas failing on the whole file.
    genormaliseerd = [(r + [""] * breedte)[:breedte] if len(r) != breedte else r for r in data]
    frame = pd.DataFrame(genormaliseerd, columns=kop, dtype=str)
    frame = frame.apply(lambda k: k.str.strip())
    breedtes = np.fromiter((len(r) for r in data), dtype=np.int32, count=len(data))
    return Ingelezen(bestand, inhoud, frame, codering, teken, breedtes)


def _lees_xlsx(inhoud: bytes, bestand: str) -> Ingelezen:
    from openpyxl import load_workbook

    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=False, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parse error is the same message to the user
        raise _fout(
            bestand, "het Excel-bestand kan niet gelezen worden (beschadigd?)", "sla opnieuw op"
        ) from exc
    if len(boek.worksheets) != 1:
        raise _fout(
            bestand,
            f"het Excel-bestand heeft {len(boek.worksheets)} tabbladen; verwacht precies 1",
            "zet de gegevens op één tabblad en verwijder de andere",
        )
    blad = boek.worksheets[0]
    rijen: list[list[str]] = []
    for cellen in blad.iter_rows():
        for cel in cellen:
            if cel.data_type == "f":
                raise LeesFout(
                    ImportFout(
                        bestand,
                        cel.row,
                        cel.column_letter,
                        str(cel.value)[:40],
                        "het Excel-bestand bevat formules",
                        "kopieer en plak als waarden (Plakken speciaal → Waarden)",
                    )
                )
        rijen.append(["" if c.value is None else _xlsx_tekst(c.value) for c in cellen])
    while rijen and not any(rijen[-1]):
        rijen.pop()
    if not rijen:
        raise _fout(bestand, "het Excel-bestand is leeg")
    if len(rijen) - 1 > MAX_RIJEN:
        raise _fout(bestand, f"te veel rijen ({len(rijen) - 1:,}; maximum {MAX_RIJEN:,})")
    kop = [c.strip().lower() for c in rijen[0]]
    while kop and kop[-1] == "":
        kop.pop()
    data = [(r + [""] * len(kop))[: len(kop)] for r in rijen[1:]]
    frame = pd.DataFrame(data, columns=kop, dtype=str).apply(lambda k: k.str.strip())
    breedtes = np.full(len(data), len(kop), dtype=np.int32)
    return Ingelezen(bestand, inhoud, frame, "XLSX", "", breedtes)


def _xlsx_tekst(waarde) -> str:
    # Excel stores 12 as 12.0 and NIS codes as numbers; keep integers integral, and never turn
    # a fraction into an integer silently (validation rejects "1.5").
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if hasattr(waarde, "strftime"):
        return waarde.strftime("%Y-%m")
    return str(waarde)
