"""Small, valid import files for tests (consistent totals), and ways to break them."""

import io

from domein import SJABLOON_KOLOMMEN as KOLOMMEN
from domein.maanden import periodes

LEEFTIJDEN = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")


def kubusrijen(nis: str, periodes, basis: int = 60, stap: int = 1) -> list[list[str]]:
    """Recipients with an age breakdown and activations by destination, adding up exactly."""
    rijen = []
    for i, periode in enumerate(periodes):
        delen = [basis // 6 + ((i * stap + k) % 5) for k in range(6)]
        rijen.append(
            [
                nis,
                periode,
                "leefloongerechtigden",
                "totaal",
                "totaal",
                "totaal",
                "totaal",
                str(sum(delen)),
            ]
        )
        for band, aantal in zip(LEEFTIJDEN, delen, strict=True):
            rijen.append(
                [
                    nis,
                    periode,
                    "leefloongerechtigden",
                    "totaal",
                    band,
                    "totaal",
                    "totaal",
                    str(aantal),
                ]
            )
        werk = [2 + i % 3, 1, 0, 1]
        rijen.append(
            [nis, periode, "activeringen", "totaal", "totaal", "totaal", "totaal", str(sum(werk))]
        )
        for bestemming, aantal in zip(
            ("regulier", "interim", "sociale_economie", "art60"), werk, strict=True
        ):
            rijen.append(
                [
                    nis,
                    periode,
                    "activeringen",
                    "totaal",
                    "totaal",
                    "totaal",
                    bestemming,
                    str(aantal),
                ]
            )
    return rijen


def maanden(van: str, aantal: int) -> list[str]:
    return periodes(van, aantal)


def een_werkbestemming_rijen(nis: str, jaar: int = 2023) -> list[list[str]]:
    """A year of totals and activations by destination with ONE work destination (regulier)
    and one other (opleiding): its work figures can never be released
    (`data_access.vrijgave.vrijgeefbaar`)."""
    rijen = []
    for m in range(1, 13):
        periode, t = f"{jaar}-{m:02d}", ["totaal"] * 4
        rijen += [
            [nis, periode, "leefloongerechtigden", *t, "20"],
            [nis, periode, "activeringen", *t, "3"],
            [nis, periode, "activeringen", *t[:3], "regulier", "2"],
            [nis, periode, "activeringen", *t[:3], "opleiding", "1"],
        ]
    return rijen


def csv_bytes(rijen, sep: str = ";", kop=KOLOMMEN, codering: str = "utf-8") -> bytes:
    buf = io.StringIO()
    buf.write(sep.join(kop) + "\n")
    for rij in rijen:
        buf.write(sep.join(rij) + "\n")
    return buf.getvalue().encode(codering)


def xlsx_bytes(rijen, kop=KOLOMMEN, formule: bool = False, bladen: int = 1) -> bytes:
    from openpyxl import Workbook

    boek = Workbook()
    blad = boek.active
    blad.append(list(kop))
    for rij in rijen:
        blad.append([int(c) if c.isdigit() and k == len(kop) - 1 else c for k, c in enumerate(rij)])
    if formule:
        blad.cell(row=2, column=len(kop), value="=1+1")
    for n in range(1, bladen):
        boek.create_sheet(f"Blad{n + 1}")
    buf = io.BytesIO()
    boek.save(buf)
    return buf.getvalue()


def xlsx_bom(uitgepakt_mb: int = 400) -> bytes:
    """A real zip bomb: a valid workbook whose sheet XML is `uitgepakt_mb` MB of cells, packed to
    well under 1 MB (written in pieces, so the test never holds the unpacked XML)."""
    import zipfile

    basis = zipfile.ZipFile(io.BytesIO(xlsx_bytes(kubusrijen("12025", ["2026-10"]))))
    rij = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 100 + b"</row>"
    stuk = rij * (1024 * 1024 // len(rij) + 1)
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as bom:
        for deel in basis.infolist():
            if deel.filename != "xl/worksheets/sheet1.xml":
                bom.writestr(deel.filename, basis.read(deel))
                continue
            with bom.open(deel.filename, "w", force_zip64=True) as blad:
                blad.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData>'
                )
                for _ in range(uitgepakt_mb):
                    blad.write(stuk)
                blad.write(b"</sheetData></worksheet>")
    return uit.getvalue()
