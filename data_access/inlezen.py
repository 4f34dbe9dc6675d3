"""Reading an upload into a frame of text cells: encoding, separator, XLSX — with Dutch errors.

Nothing here writes to the database. Every cell stays text so that NIS codes keep their leading
zeros and so that validation, not parsing, decides what a bad value is.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_access.toegang import MAX_UPLOAD_MB

# One limit for the CLI and the upload; Streamlit's own (server.maxUploadSize) is the same.
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_RIJEN = 500_000
XLSX_MAGIE = b"PK\x03\x04"
# An XLSX is a zip of XML parts, and openpyxl's cost grows with the unpacked XML (read-only:
# about 0.2-0.8 s and 13 MB per MB), so a small zip that unpacks to gigabytes (a zip bomb) is
# refused from the zip's own directory before openpyxl sees it. zipfile never hands out more
# than an entry's declared size (it stops there and the CRC check fails), so checking the
# declared sizes is a real bound. A normal workbook has about 10 parts packed 5 to 20 times;
# 50 MB of XML is some 110,000 template rows (larger deliveries: split them or use CSV).
XLSX_MAX_DELEN = 100
XLSX_MAX_UITGEPAKT = 50 * 1024 * 1024  # per part and in total
XLSX_MAX_VERHOUDING = 100  # packing ratio of a part above 1 MB
# Read at most this many columns: a single cell at XFD1048576 would otherwise make openpyxl pad
# 16,384 columns x 1,048,576 rows. A template has 8 to 10 columns.
XLSX_MAX_KOLOMMEN = 100
# A cell longer than this is refused by name (row, column) instead of reaching validation; it is
# far above any real value (the longest, a target's source, is at most 2,000 characters) and
# usually means a missing closing quote that swallowed the rest of the file.
MAX_CEL_TEKENS = 10_000


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
    # The csv module refuses a field above 131,072 characters with an exception that names no
    # row or column. Let it read any field the size limit allows (idempotent, never lowered) and
    # refuse long cells ourselves, by row and column (_controleer_lengte).
    if csv.field_size_limit() < MAX_BYTES + 1:
        csv.field_size_limit(MAX_BYTES + 1)
    lezer = csv.reader(io.StringIO(tekst), delimiter=teken)
    try:
        rijen = [rij for rij in lezer]
    except csv.Error as exc:  # e.g. a lone carriage return inside an unquoted cell
        raise LeesFout(
            ImportFout(
                bestand,
                lezer.line_num,
                "",
                "",
                "deze regel is geen geldige CSV (een regeleinde midden in een cel?)",
                "sla het bestand opnieuw op als 'CSV UTF-8' of 'CSV (puntkomma-gescheiden)'",
            )
        ) from exc
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
    _controleer_lengte(frame, bestand)
    breedtes = np.fromiter((len(r) for r in data), dtype=np.int32, count=len(data))
    return Ingelezen(bestand, inhoud, frame, codering, teken, breedtes)


def _controleer_lengte(frame: pd.DataFrame, bestand: str) -> None:
    """Refuse the first cell (header included) longer than MAX_CEL_TEKENS, by row and column."""
    for kolom in frame.columns:
        if len(kolom) > MAX_CEL_TEKENS:
            raise LeesFout(_te_lang(bestand, 1, "", kolom))
    for positie, kolom in enumerate(frame.columns):
        lengtes = frame.iloc[:, positie].str.len()
        if len(lengtes) and lengtes.max() > MAX_CEL_TEKENS:
            index = int(np.argmax(lengtes.to_numpy() > MAX_CEL_TEKENS))
            waarde = frame.iat[index, positie]
            raise LeesFout(_te_lang(bestand, index + 2, kolom, waarde))


def _te_lang(bestand: str, rij: int, kolom: str, waarde: str) -> ImportFout:
    return ImportFout(
        bestand,
        rij,
        kolom[:40],
        " ".join(waarde[:40].split()) + "…",  # the start, on one line
        f"de cel is te lang ({len(waarde):,} tekens; maximum {MAX_CEL_TEKENS:,})".replace(",", "."),
        'controleer of er een aanhalingsteken (") ontbreekt: dan loopt één cel door over de '
        "rest van het bestand",
    )


def _mb(aantal: int) -> str:
    return f"{aantal / 1024 / 1024:,.0f} MB".replace(",", ".")


def _controleer_zip(inhoud: bytes, bestand: str) -> None:
    """Refuse a zip bomb from the zip directory alone (nothing is unpacked): too many parts, a
    part or the whole unpacking to more than XLSX_MAX_UITGEPAKT, or packed suspiciously tight."""
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            delen = archief.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _fout(
            bestand, "het Excel-bestand kan niet gelezen worden (beschadigd?)", "sla opnieuw op"
        ) from exc
    oplossing = "sla het bestand opnieuw op in Excel met alleen de gegevens, of lever een CSV aan"
    if len(delen) > XLSX_MAX_DELEN:
        raise _fout(
            bestand,
            f"het Excel-bestand bestaat uit te veel onderdelen ({len(delen):,}; maximum "
            f"{XLSX_MAX_DELEN})".replace(",", "."),
            oplossing,
        )
    for deel in delen:
        if deel.flag_bits & 0x1:
            raise _fout(bestand, "het Excel-bestand is versleuteld", "sla het op zonder wachtwoord")
        if deel.file_size > XLSX_MAX_UITGEPAKT:
            raise _fout(
                bestand,
                f"het Excel-bestand is uitgepakt te groot: het onderdeel '{deel.filename[:60]}' "
                f"wordt {_mb(deel.file_size)} (maximum {_mb(XLSX_MAX_UITGEPAKT)})",
                oplossing,
            )
        verhouding = deel.file_size / max(1, deel.compress_size)
        if deel.file_size > 1024 * 1024 and verhouding > XLSX_MAX_VERHOUDING:
            raise _fout(
                bestand,
                f"het Excel-bestand is verdacht sterk samengeperst: het onderdeel "
                f"'{deel.filename[:60]}' wordt {verhouding:.0f} keer groter bij het uitpakken "
                f"(een gewoon Excel-bestand: hoogstens 20 keer)",
                oplossing,
            )
    totaal = sum(d.file_size for d in delen)
    if totaal > XLSX_MAX_UITGEPAKT:
        raise _fout(
            bestand,
            f"het Excel-bestand is uitgepakt te groot ({_mb(totaal)}; maximum "
            f"{_mb(XLSX_MAX_UITGEPAKT)})",
            oplossing,
        )


def _lees_xlsx(inhoud: bytes, bestand: str) -> Ingelezen:
    _controleer_zip(inhoud, bestand)
    from openpyxl import load_workbook

    try:
        # read_only: rows stream from the zip instead of every cell becoming an object first
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parse error is the same message to the user
        raise _fout(
            bestand, "het Excel-bestand kan niet gelezen worden (beschadigd?)", "sla opnieuw op"
        ) from exc
    try:
        rijen = _xlsx_rijen(boek, bestand)
    except LeesFout:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet part surfaces while streaming
        raise _fout(
            bestand, "het Excel-bestand kan niet gelezen worden (beschadigd?)", "sla opnieuw op"
        ) from exc
    finally:
        boek.close()
    while rijen and not any(rijen[-1]):
        rijen.pop()
    if not rijen:
        raise _fout(bestand, "het Excel-bestand is leeg")
    kop = [c.strip().lower() for c in rijen[0]]
    while kop and kop[-1] == "":
        kop.pop()
    data = [(r + [""] * len(kop))[: len(kop)] for r in rijen[1:]]
    frame = pd.DataFrame(data, columns=kop, dtype=str).apply(lambda k: k.str.strip())
    _controleer_lengte(frame, bestand)
    breedtes = np.full(len(data), len(kop), dtype=np.int32)
    return Ingelezen(bestand, inhoud, frame, "XLSX", "", breedtes)


def _xlsx_rijen(boek, bestand: str) -> list[list[str]]:
    """The sheet's rows as text (trailing empty cells dropped), refusing formulas. Reads at most
    MAX_RIJEN + 2 rows and XLSX_MAX_KOLOMMEN columns, whatever the sheet claims."""
    if len(boek.worksheets) != 1:
        raise _fout(
            bestand,
            f"het Excel-bestand heeft {len(boek.worksheets)} tabbladen; verwacht precies 1",
            "zet de gegevens op één tabblad en verwijder de andere",
        )
    blad = boek.worksheets[0]
    rijen: list[list[str]] = []
    vorige = None
    for cellen in blad.iter_rows(max_row=MAX_RIJEN + 2, max_col=XLSX_MAX_KOLOMMEN):
        if cellen is vorige:  # openpyxl hands out one shared tuple for every missing row
            rijen.append([])
            continue
        vorige = cellen
        rij = []
        for cel in cellen:
            if cel.value is None:
                rij.append("")
                continue
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
            rij.append(_xlsx_tekst(cel.value))
        while rij and rij[-1] == "":
            rij.pop()
        rijen.append(rij)
    if len(rijen) > MAX_RIJEN + 1:  # the sheet goes on past what is read: never drop rows
        raise _fout(bestand, f"te veel rijen (maximum {MAX_RIJEN:,})".replace(",", "."))
    return rijen


def _xlsx_tekst(waarde) -> str:
    # Excel stores 12 as 12.0 and NIS codes as numbers; keep integers integral, and never turn
    # a fraction into an integer silently (validation rejects "1.5").
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if hasattr(waarde, "strftime"):
        return waarde.strftime("%Y-%m")
    return str(waarde)
