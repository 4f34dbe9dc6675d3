"""Files in and out, as an attacker would try them (issue 15): XLSX zip bombs and far-away cells,
CSV cells beyond the csv module's limit, the audit trail of CLI imports, and formulas in every
CSV the product writes."""

import csv
import io
import re
import struct
import time
import zipfile

import openpyxl
import pandas as pd
import pytest
from maak_bestanden import csv_bytes, kubusrijen, xlsx_bom, xlsx_bytes
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from test_cli import cli

from charts import export
from data_access import audit, db, importer, inlezen
from data_access.schema import doel, release
from ui import weergave

MECHELEN = "12025"


@pytest.fixture
def geen_openpyxl(monkeypatch):
    """Fails the test the moment openpyxl is asked to parse a workbook."""
    aanroepen = []

    def verboden(*args, **kwargs):
        aanroepen.append(args)
        raise AssertionError("openpyxl mocht dit bestand niet lezen")

    monkeypatch.setattr(openpyxl, "load_workbook", verboden)
    return aanroepen


def weigering(inhoud: bytes, naam: str = "x.xlsx") -> tuple[inlezen.ImportFout, float]:
    start = time.perf_counter()
    with pytest.raises(inlezen.LeesFout) as fout:
        inlezen.lees(inhoud, naam)
    return fout.value.fout, time.perf_counter() - start


# --------------------------------------------------------------------------------------------
# XLSX: refused from the zip directory, before openpyxl parses anything
# --------------------------------------------------------------------------------------------


def test_zipbom_wordt_geweigerd_zonder_te_parsen(geen_openpyxl):
    bom = xlsx_bom(400)
    uitgepakt = sum(d.file_size for d in zipfile.ZipFile(io.BytesIO(bom)).infolist())
    assert len(bom) < 2 * 1024 * 1024 and uitgepakt > 400 * 1024 * 1024  # a real bomb
    fout, duur = weigering(bom, "bom.xlsx")
    assert not geen_openpyxl  # refused before parsing
    assert duur < 1.0, duur
    assert "uitgepakt te groot" in fout.reden and "401 MB" in fout.reden
    assert fout.oplossing


def _herpak(delen: dict[str, bytes], niveau: int = 6) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED, compresslevel=niveau) as z:
        for naam, inhoud in delen.items():
            z.writestr(naam, inhoud)
    return uit.getvalue()


def _delen(inhoud: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(inhoud))
    return {d.filename: z.read(d) for d in z.infolist()}


def test_te_veel_onderdelen(geen_openpyxl):
    delen = _delen(xlsx_bytes(kubusrijen(MECHELEN, ["2024-01"])))
    delen |= {f"xl/media/leeg{i}.bin": b"" for i in range(inlezen.XLSX_MAX_DELEN)}
    fout, _ = weigering(_herpak(delen))
    assert "te veel onderdelen" in fout.reden and not geen_openpyxl


def test_te_sterk_samengeperst(geen_openpyxl):
    delen = _delen(xlsx_bytes(kubusrijen(MECHELEN, ["2024-01"])))
    delen["xl/worksheets/sheet1.xml"] += b"<!--" + b" " * (2 * 1024 * 1024) + b"-->"
    fout, _ = weigering(_herpak(delen))
    assert "verdacht sterk samengeperst" in fout.reden and not geen_openpyxl


def test_samen_te_groot(geen_openpyxl, monkeypatch):
    # each part within the limit, together over it (the limit lowered so the test stays small)
    inhoud = xlsx_bytes(kubusrijen(MECHELEN, ["2024-01"]))
    grootte = [d.file_size for d in zipfile.ZipFile(io.BytesIO(inhoud)).infolist()]
    monkeypatch.setattr(inlezen, "XLSX_MAX_UITGEPAKT", max(grootte))
    fout, _ = weigering(inhoud)
    assert fout.reden.startswith("het Excel-bestand is uitgepakt te groot (") and not geen_openpyxl


def test_een_gelogen_grootte_levert_niet_meer_op():
    """zipfile stops at the size the directory declares, so the check of declared sizes bounds
    what openpyxl can ever unpack: a bomb that claims to be small reads as a damaged file."""
    bom = bytearray(xlsx_bom(400))
    start = bom.find(b"PK\x01\x02")  # the central directory
    while start != -1:
        naamlengte = struct.unpack_from("<H", bom, start + 28)[0]
        naam = bytes(bom[start + 46 : start + 46 + naamlengte])
        if naam == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", bom, start + 24, 4096)  # uncompressed size: 4 kB
        start = bom.find(b"PK\x01\x02", start + 46)
    declared = {d.filename: d.file_size for d in zipfile.ZipFile(io.BytesIO(bom)).infolist()}
    assert declared["xl/worksheets/sheet1.xml"] == 4096
    fout, duur = weigering(bytes(bom))
    assert "beschadigd" in fout.reden and duur < 5, (fout, duur)


def _blad(xml: bytes) -> bytes:
    delen = _delen(xlsx_bytes(kubusrijen(MECHELEN, ["2024-01"])))
    delen["xl/worksheets/sheet1.xml"] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + xml
        + b"</worksheet>"
    )
    return _herpak(delen)


VER_WEG = _blad(  # one cell at the last row and column Excel has: 1 kB that meant 1.7e10 cells
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nis</t></is></c></row>'
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
)


def test_een_cel_ver_weg_wordt_snel_geweigerd():
    fout, duur = weigering(VER_WEG)
    assert fout.reden == "te veel rijen (maximum 500.000)"
    assert duur < 5, duur


def test_een_cel_ver_weg_via_de_cli(tmp_path):
    # a subprocess, so that the old code (which never returns) fails on the timeout
    pad = tmp_path / "ver.xlsx"
    pad.write_bytes(VER_WEG)
    uit = cli(f"sqlite:///{tmp_path / 'x.db'}", "import", str(pad), timeout=60)
    assert uit.returncode == 2 and "te veel rijen" in uit.stderr, uit.stderr


def test_gewone_xlsx_wordt_nog_gelezen_zoals_voorheen():
    rijen = kubusrijen(MECHELEN, ["2024-01", "2024-02"])
    ingelezen = inlezen.lees(xlsx_bytes(rijen), "x.xlsx")
    assert ingelezen.frame.values.tolist() == rijen
    assert ingelezen.codering == "XLSX"


def test_zipbom_via_de_cli(tmp_path):
    pad = tmp_path / "bom.xlsx"
    pad.write_bytes(xlsx_bom(400))
    start = time.perf_counter()
    uit = cli(f"sqlite:///{tmp_path / 'x.db'}", "import", str(pad), timeout=60)
    assert uit.returncode == 2, uit.stderr
    assert "Import geweigerd" in uit.stderr and "uitgepakt te groot" in uit.stderr
    assert "Traceback" not in uit.stderr + uit.stdout
    assert time.perf_counter() - start < 30  # mostly the interpreter and the schema


# --------------------------------------------------------------------------------------------
# CSV: a cell beyond the csv module's limit, a stray carriage return
# --------------------------------------------------------------------------------------------


def test_te_lange_cel_via_de_cli(tmp_path):
    rijen = kubusrijen(MECHELEN, ["2024-01"])
    rijen[2][4] = "x" * 131_073  # leeftijd of the 3rd data row: file line 4
    pad = tmp_path / "lang.csv"
    pad.write_bytes(csv_bytes(rijen))
    uit = cli(f"sqlite:///{tmp_path / 'x.db'}", "import", str(pad))
    assert uit.returncode == 2, uit.stderr
    assert "Traceback" not in uit.stderr + uit.stdout
    assert "lang.csv: rij 4, kolom 'leeftijd'" in uit.stderr
    assert "de cel is te lang (131.073 tekens; maximum 10.000)" in uit.stderr
    assert len(uit.stderr) < 1000  # the value is not echoed whole


def test_ontbrekend_aanhalingsteken_wijst_de_plaats_aan():
    inhoud = csv_bytes(kubusrijen(MECHELEN, ["2024-01"])).replace(b";totaal;", b';"totaal;', 1)
    inhoud += (b"x" * 100 + b"\n") * 200
    fout, _ = weigering(inhoud, "quote.csv")
    assert fout.rij == 2 and fout.kolom == "doelgroep" and "te lang" in fout.reden
    assert "aanhalingsteken" in fout.oplossing and "\n" not in fout.waarde


def test_losse_regeleinde_in_een_cel(tmp_path):
    pad = tmp_path / "cr.csv"
    pad.write_bytes(csv_bytes(kubusrijen(MECHELEN, ["2024-01"])).replace(b"totaal", b"tot\raal", 1))
    uit = cli(f"sqlite:///{tmp_path / 'x.db'}", "import", str(pad))
    assert uit.returncode == 2 and "Traceback" not in uit.stderr, uit.stderr
    assert "cr.csv: rij 2: deze regel is geen geldige CSV" in uit.stderr


# --------------------------------------------------------------------------------------------
# the audit trail of CLI imports
# --------------------------------------------------------------------------------------------


def test_cli_import_staat_in_het_auditlogboek(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    goed, fout = tmp_path / "januari.csv", tmp_path / "kapot.csv"
    goed.write_bytes(csv_bytes(kubusrijen(MECHELEN, ["2024-01"])))
    rijen = kubusrijen(MECHELEN, ["2024-02"])
    rijen[1][7] = "-3"
    fout.write_bytes(csv_bytes(rijen))
    assert cli(url, "import", str(goed), "--door", "jan").returncode == 0
    assert cli(url, "import", str(fout), "--door", "jan").returncode == 2
    assert cli(url, "import", str(goed), "--dry-run").returncode == 0  # writes and logs nothing
    engine = db.maak_engine(url)
    log = audit.lees(engine)
    engine.dispose()
    assert list(log["actie"]) == ["import_geweigerd", "import"]
    assert set(log["gebruiker"]) == {"jan"} and set(log["client"]) == {"cli"}
    geweigerd, gelukt = log["details"]
    assert gelukt == f"januari.csv: {len(kubusrijen(MECHELEN, ['2024-01']))} rijen; release(s) 1"
    assert geweigerd.startswith("kapot.csv: 1 probleem (aantal: ") and "-3" not in geweigerd


def test_cli_import_en_zijn_auditregel_in_een_transactie(leeg_engine, tmp_path, monkeypatch):
    pad = tmp_path / "januari.csv"
    pad.write_bytes(csv_bytes(kubusrijen(MECHELEN, ["2024-01"])))

    def bezet(*_args, **_kwargs):
        raise OperationalError("INSERT INTO audit", {}, Exception("database is locked"))

    monkeypatch.setattr(audit, "log", bezet)
    resultaat = importer.importeer(leeg_engine, [pad], door="cli", client="cli")
    assert not resultaat.geschreven and "bezet" in resultaat.verslag()
    with leeg_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(release)).scalar() == 0


# --------------------------------------------------------------------------------------------
# formulas in every CSV the product writes (OWASP: a leading apostrophe)
# --------------------------------------------------------------------------------------------

FORMULE = '=HYPERLINK("http://127.0.0.1:9/x","klik")'


@pytest.mark.parametrize(
    ("cel", "verwacht"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-", "'-"),
        ("-3", "-3"),  # a number as text is no formula
        ("+12,5%", "+12,5%"),
        ("1.234", "1.234"),
        ("Mechelen", "Mechelen"),
        ("<5", "<5"),
        (-3, -3),
        (-1.5, -1.5),
    ],
)
def test_veilige_cel(cel, verwacht):
    assert export.veilige_cel(cel) == verwacht


def csv_cellen(inhoud: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))


def gevaarlijk(cellen: list[list[str]]) -> list[str]:
    return [
        c
        for rij in cellen
        for c in rij
        if c.startswith(export.FORMULE_TEKENS) and not re.fullmatch(r"[+-]?\d[\d.,]*%?", c)
    ]


def test_tabel_csv_houdt_getallen_en_neutraliseert_tekst():
    tabel = pd.DataFrame(
        {FORMULE: ["@x", "a"], "verschil": [-3, 2], "aandeel": [-1.5, 0.25], "tekst": ["-3", "b"]}
    )
    cellen = csv_cellen(weergave.csv_bytes(tabel))
    assert cellen == [
        ["'" + FORMULE, "verschil", "aandeel", "tekst"],
        ["'@x", "-3", "-1,50", "-3"],  # a column has one number of decimals, as on screen
        ["a", "2", "0,25", "b"],
    ]
    assert tabel.columns[0] == FORMULE and tabel.iloc[0, 0] == "@x"  # the table shown is untouched


def test_auditlog_csv_neutraliseert_een_aanmeldnaam(leeg_engine):
    """The audit log holds names and file names from outside, and an admin downloads it as CSV
    (Beheer → Auditlog: tab_audit.audittabel → weergave.csv_bytes)."""
    from ui.beheer import tab_audit

    audit.log(leeg_engine, FORMULE, audit.LOGIN_FOUT, "onbekende gebruiker", "@client")
    cellen = csv_cellen(weergave.csv_bytes(tab_audit.audittabel(audit.lees(leeg_engine))))
    assert cellen[0] == ["tijdstip", "gebruiker", "actie", "details", "client"]
    assert cellen[1][1:] == ["'" + FORMULE[:60], "login_fout", "onbekende gebruiker", "'@client"]
    assert not gevaarlijk(cellen)


def test_raads_csv_neutraliseert_een_doelnaam(demo_url, tmp_path):
    """An editor's target name reaches the council export (the pact screen's title), from the
    app's button and from `leefloonmonitor export` alike (both charts.export.naar_csv)."""
    engine = db.maak_engine(demo_url)
    with engine.begin() as conn:
        conn.execute(update(doel).where(doel.c.nis == MECHELEN).values(naam=FORMULE))
    engine.dispose()
    pad = tmp_path / "raad.csv"
    uit = cli(demo_url, "export", "--nis", MECHELEN, "--format", "csv", "--out", str(pad))
    assert uit.returncode == 0, uit.stderr
    cellen = csv_cellen(pad.read_bytes())
    assert ["'" + FORMULE] in cellen  # the title row of the pact screen
    assert not gevaarlijk(cellen)
