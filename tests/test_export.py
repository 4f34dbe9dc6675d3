"""Council exports: `leefloonmonitor export` (PPTX, HTML, CSV), key screens of `diensten.dek`.

The CLI runs as a subprocess against a temporary SQLite demo database (LEEFLOONMONITOR_DB), as
a clerk would run it before a council meeting. The PPTX needs Debian's Chromium (Kaleido).
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from charts import export
from data_access import audit, db
from data_access.toegang import Gebruiker
from diensten import dek, pact, prognose

REPO = Path(__file__).resolve().parent.parent
NIS = "12025"
KLEIN = {"1", "2", "3", "4"}
_SCRIPT = Path(sys.executable).parent / "leefloonmonitor"
#: The console script `leefloonmonitor` (README), or the module when it is not installed.
LEEFLOONMONITOR = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "cli.main"]


@pytest.fixture(scope="module")
def engine(demo_url):
    motor = db.maak_engine(demo_url)
    yield motor
    motor.dispose()


def cli(demo_url: str, *args: str, cwd: Path, env: dict | None = None):
    omgeving = {**os.environ, "LEEFLOONMONITOR_DB": demo_url, **(env or {})}
    return subprocess.run(
        [*LEEFLOONMONITOR, "export", *args],
        cwd=cwd,
        env={**omgeving, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _main(demo_url, monkeypatch, tmp_path, capsys, *args) -> tuple[int, str]:
    """The CLI in-process (fast) for the refusals; the exports themselves run as subprocess."""
    from cli.main import main

    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_url)
    monkeypatch.chdir(tmp_path)
    code = main(["export", *args])
    return code, capsys.readouterr().err


@pytest.fixture
def exporteer(demo_url, monkeypatch, tmp_path, capsys):
    """`exporteer(nis, formaat, bestand, *extra)`: a successful in-process export (`_main`) of
    `nis` as `formaat`; the file it wrote."""

    def _exporteer(nis: str, formaat: str, bestand: str, *extra: str) -> Path:
        args = ("--nis", nis, "--format", formaat, "--out", bestand, *extra)
        code, fout = _main(demo_url, monkeypatch, tmp_path, capsys, *args)
        assert code == 0, fout
        return tmp_path / bestand

    return _exporteer


@pytest.fixture(scope="module")
def haak(engine):
    """The deck's pact hook on the forecast model of the demo data (built once)."""
    return pact.haak(prognose.bouw_model(engine))


@pytest.fixture(scope="module")
def standaard(engine, haak):
    """The CLI's default view: the last 5 years, council's view."""
    van, tot = dek.standaard_periode(engine, NIS)
    return van, tot, dek.schermen_voor(engine, NIS, van, tot, pact=haak)


# --------------------------------------------------------------------------------------------
# the screens


def test_kernschermen_hebben_kernzin_en_datum(standaard):
    van, tot, lijst = standaard
    assert len(lijst) >= 6
    sleutels = [s.sleutel for s in lijst]
    for sleutel in dek.KERNSCHERMEN:
        assert sleutel in sleutels
    for s in lijst:
        assert s.kop and s.kop.strip().endswith("."), s.sleutel
        assert s.fig.layout.meta["laatste_maand"] == tot
        assert "Gegevens tot en met" in export.bronregel(s)
        assert "oekraine" not in s.kop and "_" not in s.kop  # no raw code names
    assert (van, tot) == ("2021-10", "2026-09")


def test_trenddia_noemt_de_kentering(standaard):
    """The absolute trend slide of Mechelen (fell over five years, rose in the last one) does
    not just say 'daalde −9%': it names the rise the curve and the 12-month card show."""
    [absoluut] = [s for s in standaard[2] if s.sleutel == "trend-leefloongerechtigden-absoluut"]
    assert absoluut.kop.startswith("In Mechelen daalde")
    assert absoluut.kop.endswith("−9% sinds oktober 2021, maar +10% in het laatste jaar.")


def test_dia_van_een_eigen_uitsplitsing_noemt_de_eigen_telling(standaard):
    """The demo is official (definitief) up to 2026-06 for its totals, but the breakdowns by
    doelgroep and the own age bands exist only in the own count: their slides say so, the
    total's slides name the official months (issue 19)."""
    per_sleutel = {s.sleutel: export.bronregel(s) for s in standaard[2]}
    for sleutel in (
        "uitsplitsing-leefloongerechtigden-doelgroep",
        "uitsplitsing-leefloongerechtigden-leeftijd",
    ):
        assert "eigen telling van het OCMW (voorlopig)" in per_sleutel[sleutel], sleutel
        assert "officiële cijfers" not in per_sleutel[sleutel], sleutel
    trend = per_sleutel["trend-leefloongerechtigden-absoluut"]
    assert "officiële cijfers (definitief) t.e.m. jun 2026, daarna eigen telling" in trend


def test_standaardperiode_is_vijf_jaar(engine):
    van, tot = dek.standaard_periode(engine, NIS)
    assert tot == "2026-09" and van == "2021-10"  # 60 months, as the sidebar


def _kleine_cellen(tabel: pd.DataFrame) -> set[str]:
    waarden = {str(w).strip() for w in tabel.iloc[:, 1:].to_numpy().ravel()}
    return waarden & KLEIN


def _y_waarden(fig) -> set[float]:
    uit: set[float] = set()
    for tr in fig.data:
        if getattr(tr, "meta", None) == "verborgen" or tr.type != "scatter":
            continue
        uit |= {float(y) for y in (tr.y or ()) if y is not None}
    return uit


@pytest.mark.parametrize("nis", ["11016", "12021", "12025"])
def test_raad_ziet_geen_kleine_cellen(engine, nis):
    """Council's view: no breakdown cell 1–4, not in the table and not drawn in the chart."""
    van, tot = dek.standaard_periode(engine, nis)
    uitsplitsingen = [
        s for s in dek.schermen_voor(engine, nis, van, tot) if s.sleutel.startswith("uitsplitsing")
    ]
    assert len(uitsplitsingen) == 3
    for s in uitsplitsingen:
        assert not _kleine_cellen(s.tabel), s.sleutel
        assert not {y for y in _y_waarden(s.fig) if 0 < y < 5}, s.sleutel
    assert any("<5" in set(s.tabel.iloc[:, 1:].to_numpy().ravel()) for s in uitsplitsingen)


def test_analist_krijgt_exacte_cellen_alleen_met_kijker(engine):
    analist = Gebruiker("a", "A", frozenset({"analyst"}), frozenset({"11016"}))
    van, tot = dek.standaard_periode(engine, "11016")
    exact = dek.schermen_voor(engine, "11016", van, tot, kijker=analist)
    tabellen = [s.tabel for s in exact if s.sleutel.startswith("uitsplitsing")]
    assert any(_kleine_cellen(t) for t in tabellen)
    # an analyst of another municipality gets the protected view
    ander = Gebruiker("b", "B", frozenset({"analyst"}), frozenset({"12025"}))
    beschermd = dek.schermen_voor(engine, "11016", van, tot, kijker=ander)
    assert not any(
        _kleine_cellen(s.tabel) for s in beschermd if s.sleutel.startswith("uitsplitsing")
    )


def test_geen_gegevens(engine):
    with pytest.raises(dek.GeenGegevens, match="NIS 99999"):
        dek.schermen_voor(engine, "99999", "2021-01", "2021-12")
    with pytest.raises(dek.GeenGegevens, match="Geen gegevens voor Mechelen"):
        dek.schermen_voor(engine, NIS, "2030-01", "2030-12")


# --------------------------------------------------------------------------------------------
# CLI: PPTX


#: The chosen order of the deck under test (not the standard one).
ORDE = "pact,vergelijking,overzicht,trends,doelgroepen"
#: The pact table's columns by the series name of the native chart.
PACT_REEKSEN = {
    "Doelpad": "doelpad",
    "Gerealiseerd": "gerealiseerd",
    "Prognose, 90%-band ondergrens": "p05",
    "Prognose (mediaan)": "p50",
    "Prognose, 90%-band bovengrens": "p95",
}


def _sjabloon(pad: Path) -> Path:
    """A municipality's template: 4:3, its own layout names, one slide of its own."""
    from pptx import Presentation

    prs = Presentation()
    for indeling in prs.slide_layouts:
        indeling._element.cSld.set("name", "Mechelen " + indeling.name)
    oud = prs.slides.add_slide(prs.slide_layouts[1])
    oud.shapes.title.text = "Oude dia van het sjabloon"
    prs.save(str(pad))
    return pad


def _logo(pad: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (240, 80), (200, 30, 30)).save(pad, format="PNG")
    return pad


@pytest.fixture(scope="module")
def gekozen_dek(demo_url, tmp_path_factory, engine, haak):
    """One CLI run (subprocess, as a clerk runs it): the chosen screens in ORDE, on the
    municipality's template with its logo. (deck, screens as built, logo bytes, seconds)."""
    from pptx import Presentation

    map_ = tmp_path_factory.mktemp("dek")
    sjabloon, logo = _sjabloon(map_ / "huisstijl.pptx"), _logo(map_ / "logo.png")
    args = ("--nis", NIS, "--format", "pptx", "--out", "deck.pptx", "--schermen", ORDE)
    start = time.perf_counter()
    r = cli(demo_url, *args, "--sjabloon", str(sjabloon), "--logo", str(logo), cwd=map_)
    duur = time.perf_counter() - start
    assert r.returncode == 0, r.stderr
    van, tot = dek.standaard_periode(engine, NIS)
    lijst = dek.schermen_voor(engine, NIS, van, tot, pact=haak, keuze=ORDE)
    return Presentation(str(map_ / "deck.pptx")), lijst, logo.read_bytes(), duur


def test_dek_in_de_gekozen_volgorde(gekozen_dek, engine):
    deck, lijst, _, duur = gekozen_dek
    print(f"\nPPTX-export via CLI (9 schermen, sjabloon, logo): {duur:.1f} s")
    dias = list(deck.slides)
    assert dias[0].shapes.title.text == "Leefloonmonitor — Mechelen"
    sleutels = [s.sleutel for s in lijst]
    assert sleutels[0].startswith("pact-")
    assert sleutels[1:] == [
        "vergelijking",
        "rangschikking",
        "trend-leefloongerechtigden-per1000",
        "trend-leefloongerechtigden-absoluut",
        "stromen",
        "uitsplitsing-leefloongerechtigden-doelgroep",
        "uitsplitsing-leefloongerechtigden-leeftijd",
        "uitsplitsing-activeringen-bestemming",
    ]
    titels = [d.shapes.title.text for d in dias[1:]]
    assert titels == [export.dia_zin(s) for s in lijst]
    assert titels[0].startswith("Illustratief doel, geen gepubliceerd cijfer. ")
    for titel, s in zip(titels, lijst, strict=True):
        # one short sentence from the headline; the whole headline is in the speaker notes
        assert len(titel) <= 160 and titel.endswith("."), titel
        assert titel.split(". ")[-1].rstrip(".") in s.kop
    for dia, s in zip(dias[1:], lijst, strict=True):
        assert s.kop in dia.notes_slide.notes_text_frame.text
        teksten = " ".join(v.text_frame.text for v in dia.shapes if v.has_text_frame)
        assert "Gegevens tot en met september 2026" in teksten
    rij = audit.lees(engine, 5, actie="export").iloc[0]
    assert "keuze=" + ORDE in rij["details"] and "sjabloon=ja logo=ja" in rij["details"]


def _verwacht(tabel: pd.DataFrame, kolom: str) -> list[float | None]:
    """The screen table's column as the chart must hold it: a number, or a gap (None) for an
    empty or suppressed cell ('<5', 'x')."""
    uit = []
    for cel in tabel[kolom]:
        if isinstance(cel, str):
            uit.append(float(cel) if cel.isdigit() else None)
        else:
            uit.append(None if pd.isna(cel) else float(cel))
    return uit


def test_dek_grafieken_zijn_bewerkbaar_met_de_cijfers_van_de_tabel(gekozen_dek):
    """Every chart is a native PowerPoint chart (no picture) whose series are the columns of
    the screen's table, value for value; a suppressed cell is a gap, never a number."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck, lijst, logo, _ = gekozen_dek
    gaten = 0
    for dia, s in zip(list(deck.slides)[1:], lijst, strict=True):
        fotos = [v for v in dia.shapes if v.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert all(f.image.blob == logo for f in fotos), s.sleutel  # only the logo
        [kader] = [v for v in dia.shapes if v.has_chart]
        assert kader._element.nvGraphicFramePr.cNvPr.get("descr")  # alt text
        plot = kader.chart.plots[0]
        assert plot.categories and len(plot.categories) == len(s.tabel)
        assert len(plot.series) >= 1
        for reeks in plot.series:
            if s.sleutel == "rangschikking":
                kolom = "verandering (%)"
            elif s.sleutel.startswith("pact-"):
                kolom = PACT_REEKSEN[reeks.name]
            else:
                [kolom] = [k for k in s.tabel.columns if str(k).lower() == reeks.name.lower()]
            verwacht = _verwacht(s.tabel, kolom)
            assert list(reeks.values) == pytest.approx(verwacht, nan_ok=True), (s.sleutel, kolom)
            assert [v is None for v in reeks.values] == [v is None for v in verwacht]
            gaten += sum(v is None for v in reeks.values)
    assert gaten  # the council's view of Mechelen has suppressed cells: they stay gaps


def test_dek_tekst_minstens_18_punten(gekozen_dek):
    from pptx.util import Pt

    deck = gekozen_dek[0]
    runs = 0
    for dia in deck.slides:
        for vorm in dia.shapes:
            if vorm.has_text_frame:
                for alinea in vorm.text_frame.paragraphs:
                    for run in alinea.runs:
                        assert run.font.size is not None and run.font.size >= Pt(18), run.text
                        runs += 1
            if vorm.has_chart:
                ch = vorm.chart
                assert ch.font.size >= Pt(18)
                for as_ in (ch.category_axis, ch.value_axis):
                    assert as_.tick_labels.font.size >= Pt(18)
                if ch.has_legend:
                    assert ch.legend.font.size >= Pt(18)
    assert runs >= 2 * len(deck.slides)  # title and source line (sentence) on every slide


def test_dek_op_het_sjabloon_met_logo(gekozen_dek):
    from pptx.util import Inches

    deck, _, logo, _ = gekozen_dek
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(7.5))  # the template's
    alle_tekst = [v.text_frame.text for d in deck.slides for v in d.shapes if v.has_text_frame]
    assert "Oude dia van het sjabloon" not in alle_tekst  # its own slides are left out
    for dia in deck.slides:
        assert dia.slide_layout.name.startswith("Mechelen "), dia.slide_layout.name
        [beeld] = [v for v in dia.shapes if v.name == "Logo"]
        assert beeld.image.blob == logo
        assert beeld.left + beeld.width <= deck.slide_width
        assert beeld.top + beeld.height <= deck.slide_height


def test_standaardschermen_cli_en_dek_gelijk():
    from cli.export import STANDAARD

    assert STANDAARD == dek.STANDAARD_ONDERDELEN


@pytest.mark.parametrize(
    ("maak", "optie", "melding"),
    [
        (lambda p: p.write_bytes(b"dit is geen pptx"), "--sjabloon", "geen PowerPoint-bestand"),
        (lambda p: p.write_bytes(b"PK\x03\x04kapot"), "--sjabloon", "geen PowerPoint-bestand"),
        (lambda p: p.write_bytes(b"GIF89a" + bytes(50)), "--logo", "geen PNG-afbeelding"),
        (
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40)),
            "--logo",
            "beschadigde PNG",
        ),
        (
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)),
            "--logo",
            "te groot",
        ),
        (None, "--sjabloon", "bestaat niet"),
    ],
    ids=["tekst", "kapotte-zip", "gif", "kapotte-png", "te-groot", "ontbreekt"],
)
def test_slecht_sjabloon_of_logo_geweigerd(
    demo_url, monkeypatch, tmp_path, capsys, maak, optie, melding
):
    pad = tmp_path / "bestand"
    if maak is not None:
        maak(pad)
    args = ("--nis", NIS, "--format", "pptx", "--out", "deck.pptx", optie, str(pad))
    code, fout = _main(demo_url, monkeypatch, tmp_path, capsys, *args)
    assert code == 2, fout
    assert fout.startswith("Fout: ") and melding in fout and "Traceback" not in fout
    assert not (tmp_path / "deck.pptx").exists()


def test_pptx_zonder_chromium(exporteer, monkeypatch):
    """The deck's charts are native: PowerPoint needs no browser (only the PDF does)."""
    monkeypatch.setenv("BROWSER_PATH", "/geen/chromium")
    assert export.browser_pad() is None
    deck = exporteer(NIS, "pptx", "deck.pptx", "--schermen", "trends").read_bytes()
    assert deck.startswith(b"PK")


def test_pdf_zonder_chromium_geeft_duidelijke_fout(demo_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "geen-chromium"))
    args = ("--nis", NIS, "--format", "pdf", "--out", "rapport.pdf")
    code, fout = _main(demo_url, monkeypatch, tmp_path, capsys, *args)
    assert code == 2
    assert "Chromium" in fout and "PowerPoint" in fout
    assert "Traceback" not in fout
    assert not (tmp_path / "rapport.pdf").exists()


def test_cli_pdf_a4(exporteer, engine):
    """The PDF report: A4 pages (595 × 842 pt), the headline, the source line and the table."""
    from pypdf import PdfReader

    pad = exporteer(NIS, "pdf", "rapport.pdf", "--schermen", "overzicht,trends")
    pdf = PdfReader(str(pad))
    assert len(pdf.pages) >= 3
    for pagina in pdf.pages:
        assert (round(float(pagina.mediabox.width)), round(float(pagina.mediabox.height))) == (
            595,
            842,
        )
    # NFKC: the PDF's font sets "fl" as a ligature
    tekst = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
    tekst = " ".join(tekst.split())
    van, tot = dek.standaard_periode(engine, NIS)
    lijst = dek.schermen_voor(engine, NIS, van, tot, keuze="overzicht,trends")
    assert "Leefloonmonitor — Mechelen" in tekst
    for s in lijst:
        assert " ".join(s.kop.split()) in tekst, s.kop
        assert "Tabel bij: " + s.titel in tekst
    assert "Gegevens tot en met september 2026" in tekst
    assert "1.279" in tekst  # a table cell in Belgian notation (Mechelen, september 2026)


def test_afbeeldingen_in_een_kaleido_sessie(standaard, monkeypatch):
    import kaleido

    gestart = []
    echte = kaleido.Kaleido

    class Tellend(echte):
        def __init__(self, *a, **k):
            gestart.append(1)
            super().__init__(*a, **k)

    monkeypatch.setattr(kaleido, "Kaleido", Tellend)
    beelden = export.afbeeldingen([s.fig for s in standaard[2][:3]])
    assert len(gestart) == 1
    assert len(beelden) == 3 and all(b.startswith(b"\x89PNG") for b in beelden)


# --------------------------------------------------------------------------------------------
# CLI: HTML


class _Tabellen(HTMLParser):
    """Cells of the tables per section (data-sleutel)."""

    def __init__(self):
        super().__init__()
        self.sectie = None
        self.cellen: dict[str, list[str]] = {}
        self._in_cel = False
        self._buffer = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sectie = attrs.get("data-sleutel")
            self.cellen.setdefault(self.sectie, [])
        if tag in ("td", "th"):
            self._in_cel, self._buffer = True, ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._in_cel:
            self.cellen[self.sectie].append(self._buffer.strip())
            self._in_cel = False

    def handle_data(self, data):
        if self._in_cel:
            self._buffer += data


def test_cli_html(exporteer, standaard):
    tekst = exporteer(NIS, "html", "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in tekst
    for s in standaard[2]:
        assert html.escape(s.kop) in tekst
    assert not re.search(r"<script[^>]+src=[\"']?https?:", tekst, re.I)  # self-contained
    assert not re.search(r"<script[^>]+src=", tekst, re.I)  # every script is inline
    assert not re.search(r"<link[^>]+href=[\"']?https?:", tekst, re.I)
    assert tekst.count("* plotly.js v") == 1  # plotly.js inlined exactly once
    assert tekst.count('class="plotly-graph-div"') == len(standaard[2])
    assert "Gegevens tot en met september 2026" in tekst
    parser = _Tabellen()
    parser.feed(tekst)
    uitsplitsingen = {k: v for k, v in parser.cellen.items() if k.startswith("uitsplitsing")}
    assert len(uitsplitsingen) == 3
    for sleutel, cellen in uitsplitsingen.items():
        assert not set(cellen) & KLEIN, sleutel
    assert any("<5" in cellen for cellen in uitsplitsingen.values())


# --------------------------------------------------------------------------------------------
# CLI: CSV


def test_cli_csv_is_de_tabellen(exporteer, standaard):
    inhoud = exporteer(NIS, "csv", "tabellen.csv").read_bytes()
    assert inhoud.startswith(b"\xef\xbb\xbf")
    blokken = export.lees_csv(inhoud)
    lijst = standaard[2]
    assert [t for t, _ in blokken] == [s.titel for s in lijst]
    for (_, gelezen), s in zip(blokken, lijst, strict=True):
        verwacht = s.tabel.reset_index(drop=True)
        assert list(gelezen.columns) == [str(k) for k in verwacht.columns]
        assert gelezen.shape == verwacht.shape
        for kolom in verwacht.columns:
            for g, v in zip(gelezen[str(kolom)], verwacht[kolom], strict=True):
                if isinstance(v, str):
                    assert g == v
                elif pd.isna(v):
                    assert pd.isna(g)
                else:
                    assert float(g.replace(",", ".")) == pytest.approx(float(v))


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["--nis", "99999", "--format", "html", "--out", "x.html"], "Geen gegevens voor NIS 99999"),
        (["--nis", NIS, "--format", "odt", "--out", "x.odt"], "Onbekend formaat"),
        (
            ["--nis", NIS, "--format", "csv", "--out", "x.csv", "--schermen", "trends,atlas"],
            "Onbekend scherm 'atlas'",
        ),
        (
            ["--nis", NIS, "--format", "html", "--out", "x.html", "--logo", "geen.png"],
            "bestaat niet",
        ),
        (["--nis", NIS, "--format", "csv", "--out", "x.csv", "--from", "2030-01"], "Mechelen"),
        (["--nis", NIS, "--format", "csv", "--out", "x.csv", "--to", "2024-13"], "JJJJ-MM"),
        (["--nis", NIS, "--format", "csv", "--out", "geen/map/x.csv"], "bestaat niet"),
    ],
    ids=["nis", "formaat", "scherm", "logo", "geen-data", "maand", "map"],
)
def test_cli_weigert_met_nederlandse_melding(
    demo_url, monkeypatch, tmp_path, capsys, args, melding
):
    code, fout = _main(demo_url, monkeypatch, tmp_path, capsys, *args)
    assert code == 2, fout
    assert fout.startswith("Fout: ") and melding in fout
    assert not list(tmp_path.iterdir())  # nothing written


def test_cli_periode(exporteer):
    pad = exporteer("11016", "csv", "essen.csv", "--from", "2023-01", "--to", "2023-12")
    blokken = export.lees_csv(pad.read_bytes())
    trend = blokken[0][1]
    assert list(trend.iloc[:, 0]) == [f"2023-{m:02d}" for m in range(1, 13)]


# --------------------------------------------------------------------------------------------
# the app: presentation mode and export buttons (AppTest, no browser)


def _aangemeld_app(demo_url, monkeypatch, naam: str, query: dict | None = None):
    from apptest_hulp import aangemeld, demo_omgeving

    demo_omgeving(monkeypatch, demo_url)
    return aangemeld(naam, query)


def _knop(at, label: str):
    [knop] = [b for b in at.button if b.label == label]
    return knop


def test_presentatie_in_de_app(demo_url, monkeypatch, standaard):
    """A presentation link opened before logging in: after the login the third screen shows,
    with the headline as title; next/previous move through the screens of `diensten.dek`."""
    lijst = standaard[2]
    at = _aangemeld_app(demo_url, monkeypatch, "raad", {"presentatie": "1", "scherm": "3"})
    assert not at.exception, at.exception
    # the headline as title (markdown-escaped, since it holds names from the database)
    assert [t.value.replace("\\", "") for t in at.title] == [lijst[2].kop]
    tekst = " ".join(str(m.value) for m in at.markdown)
    assert f"Scherm 3 van {len(lijst)}" in tekst
    assert len(at.get("plotly_chart")) == 1
    _knop(at, "Volgende").click()
    at.run()
    assert f"Scherm 4 van {len(lijst)}" in " ".join(str(m.value) for m in at.markdown)
    assert at.query_params["scherm"] in ("4", ["4"])
    _knop(at, "Vorige").click()
    at.run()
    _knop(at, "Vorige").click()
    at.run()
    assert f"Scherm 2 van {len(lijst)}" in " ".join(str(m.value) for m in at.markdown)
    # leaving the presentation is tested in the browser (AppTest re-sends its own URL)


def test_exportknoppen_in_de_app(demo_url, monkeypatch):
    at = _aangemeld_app(demo_url, monkeypatch, "raad")
    assert not at.exception, [e.stack for e in at.exception]
    [expander] = [e for e in at.expander if e.label == "Exporteren voor de raad"]
    knoppen = [e for e in at.get("download_button") if e.key.startswith("lfm_export_")]
    assert [k.key for k in knoppen] == [f"lfm_export_{s}" for s in ("pptx", "pdf", "html", "csv")]
    [keuze] = [m for m in at.multiselect if m.key == "dek"]
    assert list(keuze.value) == list(dek.STANDAARD_ONDERDELEN)
    assert not [t for t in at.toggle if t.label.startswith("Exacte cijfers")]  # raad: never
    assert [t.label for t in at.toggle] == ["Presentatiemodus"]
    analist = _aangemeld_app(demo_url, monkeypatch, "analist")
    assert [t for t in analist.toggle if t.label.startswith("Exacte cijfers")]
    assert expander


def test_dek_en_export_zonder_streamlit(demo_url):
    """`diensten.dek`, `diensten.pact` and `charts.export` stay free of Streamlit (the CLI uses
    them): the deck with its pact slide is built without loading Streamlit."""
    code = (
        "import sys\n"
        "from data_access import db\n"
        "from diensten import dek, pact, prognose\n"
        "from charts import export\n"
        "e = db.get_engine()\n"
        "haak = pact.haak(prognose.bouw_model(e))\n"
        "lijst = dek.schermen_voor(e, '12025', '2025-01', '2026-09', pact=haak)\n"
        "assert lijst[-1].sleutel.startswith('pact'), lijst[-1].sleutel\n"
        "export.naar_html(lijst, titel='t'); export.naar_csv(lijst)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit geladen'\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "LEEFLOONMONITOR_DB": demo_url, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr


# --------------------------------------------------------------------------------------------
# the target's status on every export (issue 16, item 6)


@pytest.mark.parametrize(
    ("van", "tot", "status", "doelwoord", "niet"),
    [
        # September 2026 lies in the illustrative 2025-2026 target of the demo data
        (
            "2025-10",
            "2026-09",
            "Illustratief doel, geen gepubliceerd cijfer.",
            "illustratieve",
            "Gepubliceerd",
        ),
        # June 2024 lies in the published 2023 pact (629 activations, July 2023 – April 2025)
        ("2023-07", "2024-06", "Gepubliceerd doel.", "gepubliceerde", "Illustratief"),
    ],
)
def test_pactdia_zegt_of_het_doel_illustratief_is(engine, haak, van, tot, status, doelwoord, niet):
    """The pact slide leads with the target's status on the slide itself (its title, not only
    the speaker notes), in the HTML report's headline, and in the chart's own title."""
    import io

    from pptx import Presentation

    from diensten import export as dienst

    deck = dienst.bestand(engine, NIS, van, tot, "pptx", vergelijk=[], pact=haak)
    dia = list(Presentation(io.BytesIO(deck.inhoud)).slides)[-1]
    assert dia.shapes.title.text.startswith(status), dia.shapes.title.text
    assert niet not in dia.shapes.title.text
    rapport = dienst.bestand(engine, NIS, van, tot, "html", vergelijk=[], pact=haak)
    tekst = rapport.inhoud.decode("utf-8")
    [sectie] = re.findall(r'<section[^>]+data-sleutel="pact-[^"]+".*?</section>', tekst, re.S)
    [kop] = re.findall(r"<h2[^>]*>(.*?)</h2>", sectie)
    assert html.unescape(kop).startswith(status), kop
    assert f"op weg naar het {doelwoord} doel" in sectie  # the chart title (in the figure JSON)


# --------------------------------------------------------------------------------------------
# the PDF of the current page (Trends, Doelgroepen, Vergelijking)


def _pdf_tekst(inhoud: bytes) -> tuple[list, str]:
    """(pages, their text with ligatures undone and whitespace collapsed)."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(inhoud))
    tekst = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
    return list(pdf.pages), " ".join(tekst.split())


def test_pdf_van_de_pagina(demo_url, monkeypatch, klikken, engine):
    """Doelgroepen builds its screens one by one; the PDF button holds the screens as shown
    (their titles), on A4, and the click is audited. Trends and Vergelijking have the button."""
    at = _aangemeld_app(demo_url, monkeypatch, "raad")
    for pagina in ("pages/1_Trends.py", "pages/5_Vergelijking.py", "pages/2_Doelgroepen.py"):
        at.switch_page(pagina).run()
        assert not at.exception, at.exception
        [knop] = [k for k in at.get("download_button") if k.key == "lfm_pdf_pagina"]
        assert knop.proto.label == "PDF van deze pagina (A4)"
    getekend = len(at.get("plotly_chart"))  # the breakdowns the page drew
    voor = len(audit.lees(engine, 10_000, actie="download"))
    pagina_s, tekst = _pdf_tekst(klikken[knop.proto.deferred_file_id]())
    assert all(round(float(p.mediabox.height)) == 842 for p in pagina_s)
    assert "Leefloonmonitor — Mechelen: Doelgroepen" in tekst
    assert getekend >= 3 and tekst.count("Tabel bij: ") == getekend  # every screen, once
    assert "Leefloongerechtigden in Mechelen naar leeftijd" in tekst
    rijen = audit.lees(engine, 10_000, actie="download")
    assert len(rijen) == voor + 1
    assert rijen.iloc[0]["details"].startswith("pdf nis=12025 weergave=raad ")


def test_sjabloon_en_logo_in_de_app(demo_url, monkeypatch, klikken, tmp_path):
    """A refused upload gets a Dutch error and the PowerPoint waits; a real template and logo
    go into the file of the chosen screens."""
    from pptx import Presentation

    at = _aangemeld_app(demo_url, monkeypatch, "raad")
    at.multiselect(key="dek").set_value(["trends"])
    kiezer = next(u for u in at.file_uploader if u.key == "lfm_export_sjabloon")
    kiezer.set_value(("huisstijl.pptx", b"geen pptx", "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    fouten = [e.value for e in at.error]
    assert any("Het sjabloon is geen PowerPoint-bestand (.pptx)." in f for f in fouten), fouten
    assert _knop_export(at, "pptx").proto.disabled
    assert not _knop_export(at, "html").proto.disabled
    sjabloon = _sjabloon(tmp_path / "huisstijl.pptx").read_bytes()
    logo = _logo(tmp_path / "logo.png").read_bytes()
    kiezer = next(u for u in at.file_uploader if u.key == "lfm_export_sjabloon")
    kiezer.set_value(("huisstijl.pptx", sjabloon, "application/octet-stream"))
    beeld = next(u for u in at.file_uploader if u.key == "lfm_export_logo")
    beeld.set_value(("logo.png", logo, "image/png"))
    at.run()
    assert not at.exception and not list(at.error), [e.value for e in at.error]
    knop = _knop_export(at, "pptx")
    assert not knop.proto.disabled
    deck = Presentation(io.BytesIO(klikken[knop.proto.deferred_file_id]()))
    dias = list(deck.slides)
    assert len(dias) == 3  # title, trend, inflow and outflow
    assert all(d.slide_layout.name.startswith("Mechelen ") for d in dias)
    assert all(any(v.name == "Logo" for v in d.shapes) for d in dias)


def _knop_export(at, soort: str):
    [knop] = [k for k in at.get("download_button") if k.key == f"lfm_export_{soort}"]
    return knop


def test_alleen_pact_zonder_doel_geeft_uitleg(demo_url, monkeypatch):
    """Essen before its first target, deck = only the pact slide (from the link): a Dutch
    note instead of buttons that would build an empty file."""
    query = {"gemeente": "11016", "periode": "2022-01..2023-12", "dek": "pact"}
    at = _aangemeld_app(demo_url, monkeypatch, "raad", query)
    assert not at.exception, at.exception
    assert list(at.multiselect(key="dek").value) == ["pact"]
    assert any("Essen heeft geen pactdoel in deze periode" in i.value for i in at.info)
    assert not [k for k in at.get("download_button") if k.key.startswith("lfm_export_")]
