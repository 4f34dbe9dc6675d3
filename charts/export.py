"""Exports of a list of screens for the council: a PPTX deck, a self-contained HTML report, CSV.

Pure functions (no Streamlit, no database): they take `charts.schermen.Scherm` objects as the
app shows them, so what is handed out is what was on screen — the same headline sentences, the
same charts and the same table cells (a suppressed cell stays "<5" or "x").

- :func:`naar_pptx`: a title slide, then one slide per screen: the headline sentence as slide
  title, the chart as a 1600×900 PNG (all images of a deck rendered in ONE Kaleido/Chromium
  session), source and data date in a text box, the headline and a table summary as speaker
  notes. Raises :class:`GeenBrowser` when Kaleido finds no Chromium.
- :func:`naar_html`: one HTML file with interactive charts; plotly.js is inlined once, so the
  report opens offline; `lang="nl"`.
- :func:`naar_csv`: the tables one after the other with their titles (`;`, UTF-8 with BOM,
  decimal comma — the way Excel in Belgium opens it).
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

from . import formaat

#: Pixel size of a slide image.
BREEDTE_PX, HOOGTE_PX = 1600, 900

#: Plotly options in the HTML report (the same as on screen, minus the logo).
HTML_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}

GEEN_BROWSER_TEKST = (
    "De PowerPoint-export kan de grafieken niet als afbeelding maken: Kaleido vond geen "
    "Chromium-browser op deze machine. Installeer het Debian-pakket 'chromium' of zet de "
    "omgevingsvariabele BROWSER_PATH naar de browser. De HTML- en CSV-export werken wel."
)


class GeenBrowser(RuntimeError):
    """Kaleido cannot find or start Chromium: no images, so no PPTX (HTML and CSV still work)."""

    def __init__(self, detail: str = ""):
        super().__init__(GEEN_BROWSER_TEKST)
        self.detail = detail


# --------------------------------------------------------------------------------------------
# texts shared by the exports and the presentation mode


def meta(scherm) -> dict:
    """The plain texts `charts.theme.opmaak` keeps in the figure (titel, bron, laatste_maand…)."""
    waarde = scherm.fig.layout.meta
    return dict(waarde) if isinstance(waarde, dict) else {}


def bronregel(scherm) -> str:
    """``Bron: … · Gegevens tot en met september 2026`` for a screen (its data date)."""
    m = meta(scherm)
    delen = []
    if m.get("bron"):
        delen.append(f"Bron: {m['bron']}")
    if m.get("laatste_maand"):
        delen.append(f"Gegevens tot en met {formaat.maand_lang(m['laatste_maand'])}")
    return " · ".join(delen)


def kop(scherm) -> str:
    """The headline sentence of a screen, or its title when it has none."""
    return scherm.kop or scherm.titel


def cellen(tabel: pd.DataFrame) -> list[list[str]]:
    """The table's cells as text in Dutch notation: ``1.234``, ``14,25``, ``okt 2023``, ``<5``,
    exactly as the app shows them (`formaat.tabel_scherm`, the one rule)."""
    if tabel.shape[1] == 0:
        return []
    return formaat.tabel_scherm(tabel).to_numpy().tolist()


def tabel_samenvatting(scherm) -> str:
    """A short text version of the table for speaker notes: columns, first and last row."""
    tabel = scherm.tabel
    if tabel is None or tabel.empty:
        return "Geen tabel."
    rijen = cellen(tabel)
    kolommen = [str(k) for k in tabel.columns]
    tekst = f"Tabel ({len(rijen)} {'rij' if len(rijen) == 1 else 'rijen'}): {', '.join(kolommen)}."
    keuzes = [("Eerste rij", rijen[0]), ("Laatste rij", rijen[-1])] if len(rijen) > 1 else []
    if len(rijen) == 1:
        keuzes = [("Rij", rijen[0])]
    for naam, rij in keuzes:
        paren = "; ".join(f"{k}: {w}" for k, w in zip(kolommen, rij, strict=True))
        tekst += f"\n{naam} — {paren}."
    return tekst


def notities(scherm) -> str:
    """Speaker notes of a slide: headline, notes, source line and the table summary."""
    delen = [kop(scherm), *scherm.noten, bronregel(scherm), tabel_samenvatting(scherm)]
    return "\n\n".join(d for d in delen if d)


# --------------------------------------------------------------------------------------------
# images (Kaleido, one Chromium session for the whole deck)


def _draai(coro):
    """Run a coroutine to completion in its own thread (safe inside a running event loop)."""
    uitkomst: dict = {}

    def doel():
        try:
            uitkomst["waarde"] = asyncio.run(coro)
        except BaseException as fout:  # noqa: BLE001 - handed to the caller
            uitkomst["fout"] = fout

    draad = threading.Thread(target=doel, name="kaleido-export", daemon=True)
    draad.start()
    draad.join()
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst.get("waarde")


def _afmetingen(fig: go.Figure) -> dict:
    """Layout size and scale so the image is 1600×900 px while the figure keeps the height its
    margins were computed for (`charts.theme.opmaak`): the layout is widened to 16:9."""
    hoogte = int(fig.layout.height or HOOGTE_PX)
    return {
        "width": round(hoogte * BREEDTE_PX / HOOGTE_PX),
        "height": hoogte,
        "scale": HOOGTE_PX / hoogte,
        "format": "png",
    }


def browser_pad() -> str | None:
    """The Chromium Kaleido would start (BROWSER_PATH first), or None when there is none.

    A cheap check (no browser is started), so the app can disable the PPTX button with a
    Dutch explanation instead of failing after the click."""
    import os

    try:
        from choreographer.browsers.chromium import Chromium
    except ImportError:  # pragma: no cover - a dependency of kaleido
        return None
    try:
        pad = Chromium.find_browser(skip_local=False)
    except Exception:  # noqa: BLE001 - any failure means: no usable browser
        return None
    return pad if pad and os.path.isfile(pad) and os.access(pad, os.X_OK) else None


def afbeeldingen(figuren: Sequence[go.Figure]) -> list[bytes]:
    """PNG images (1600×900) of the figures, rendered in ONE Kaleido batch (one Chromium).

    Raises :class:`GeenBrowser` when Chromium cannot be found or started."""
    if not figuren:
        return []
    try:
        import kaleido
        from kaleido.errors import BrowserFailedError, ChromeNotFoundError
    except ImportError as fout:  # pragma: no cover - kaleido is a dependency
        raise GeenBrowser(str(fout)) from fout

    with tempfile.TemporaryDirectory(prefix="lfm-dek-") as map_:
        paden = [Path(map_) / f"dia-{i:02d}.png" for i in range(len(figuren))]
        specs = [
            {"fig": fig.to_dict(), "path": pad, "opts": _afmetingen(fig)}
            for fig, pad in zip(figuren, paden, strict=True)
        ]

        async def teken():
            # mathjax=False: no CDN request; plotly.js comes from the installed plotly package
            async with kaleido.Kaleido(n=1, mathjax=False) as k:
                await k.write_fig_from_object(specs, cancel_on_error=True)

        try:
            _draai(teken())
        except (ChromeNotFoundError, BrowserFailedError, FileNotFoundError) as fout:
            raise GeenBrowser(str(fout)) from fout
        return [pad.read_bytes() for pad in paden]


# --------------------------------------------------------------------------------------------
# PPTX


def _nl(tekstkader) -> None:
    """Mark every run as Dutch (Belgium), for spelling and screen readers."""
    from pptx.enum.lang import MSO_LANGUAGE_ID

    for alinea in tekstkader.paragraphs:
        for run in alinea.runs:
            run.font.language_id = MSO_LANGUAGE_ID.BELGIAN_DUTCH


def titel_punten(tekst: str) -> int:
    """Font size (pt) of a slide title: the whole headline fits in the title box (12,5 in ×
    1,25 in), at most 4 lines."""
    lengte = len(tekst)
    for grens, punten in ((90, 28), (140, 24), (200, 20), (270, 18)):
        if lengte <= grens:
            return punten
    return 16


def naar_pptx(schermen: Sequence, *, titel: str, ondertitel: str = "") -> bytes:
    """A 16:9 deck: a title slide, then one slide per screen (headline as title, the chart as
    a 1600×900 PNG, source and data date, headline and table summary as speaker notes)."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    beelden = afbeeldingen([s.fig for s in schermen])  # first: fail fast without a browser

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    breedte, hoogte = prs.slide_width, prs.slide_height
    rand = Inches(0.4)
    donker = RGBColor(0x1A, 0x1A, 0x1A)

    # title slide
    dia = prs.slides.add_slide(prs.slide_layouts[0])
    dia.shapes.title.left, dia.shapes.title.top = rand, Inches(2.2)
    dia.shapes.title.width, dia.shapes.title.height = breedte - 2 * rand, Inches(1.6)
    dia.shapes.title.text = titel
    _nl(dia.shapes.title.text_frame)
    onder = dia.placeholders[1]
    onder.left, onder.top = rand, Inches(4.0)
    onder.width, onder.height = breedte - 2 * rand, Inches(1.6)
    onder.text = ondertitel
    _nl(onder.text_frame)

    titel_hoogte = Inches(1.25)
    voet_hoogte = Inches(0.45)
    for scherm, beeld in zip(schermen, beelden, strict=True):
        dia = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
        kader = dia.shapes.title
        kader.left, kader.top = rand, Inches(0.2)
        kader.width, kader.height = breedte - 2 * rand, titel_hoogte
        kader.text = kop(scherm)
        tf = kader.text_frame
        tf.word_wrap = True
        grootte = Pt(titel_punten(kop(scherm)))
        for alinea in tf.paragraphs:
            for run in alinea.runs:
                run.font.size = grootte
                run.font.bold = True
                run.font.color.rgb = donker
        _nl(tf)

        # the chart: as large as fits between title and footer, centred, 16:9
        vrij_boven = Inches(0.2) + titel_hoogte + Inches(0.1)
        vrij = hoogte - vrij_boven - voet_hoogte - Inches(0.15)
        b = min(breedte - 2 * rand, Emu(int(vrij * BREEDTE_PX / HOOGTE_PX)))
        h = Emu(int(b * HOOGTE_PX / BREEDTE_PX))
        foto = dia.shapes.add_picture(io.BytesIO(beeld), (breedte - b) // 2, vrij_boven, b, h)
        alt = meta(scherm).get("alt") or scherm.titel
        foto._element.nvPicPr.cNvPr.set("descr", str(alt))  # alt text for screen readers

        voet = dia.shapes.add_textbox(
            rand, hoogte - voet_hoogte - Inches(0.1), breedte - 2 * rand, voet_hoogte
        )
        voet.text_frame.word_wrap = True
        voet.text_frame.text = bronregel(scherm)
        for alinea in voet.text_frame.paragraphs:
            for run in alinea.runs:
                run.font.size = Pt(14)
                run.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
        _nl(voet.text_frame)

        dia.notes_slide.notes_text_frame.text = notities(scherm)
        _nl(dia.notes_slide.notes_text_frame)

    prs.core_properties.title = titel
    prs.core_properties.subject = ondertitel
    prs.core_properties.language = "nl-BE"
    uit = io.BytesIO()
    prs.save(uit)
    return uit.getvalue()


# --------------------------------------------------------------------------------------------
# HTML

_CSS = """
:root { color-scheme: light; }
body { font-family: Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif; color: #1A1A1A;
       background: #FFFFFF; margin: 0; line-height: 1.5; font-size: 18px; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; border-bottom: 2px solid #4D4D4D; }
h1 { font-size: 2rem; margin: 0 0 .25rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 .75rem; }
.ondertitel, .bron, footer { color: #333333; }
section { border-bottom: 1px solid #DDDDDD; padding-bottom: 1.5rem; }
figure { margin: 0; }
.noot { color: #333333; font-size: .95rem; }
details { margin-top: .75rem; }
summary { cursor: pointer; font-weight: bold; }
summary:focus-visible, a:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.tabelkader { overflow-x: auto; max-height: 32rem; }
table { border-collapse: collapse; font-size: .95rem; margin-top: .5rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #BBBBBB; padding: .2rem .6rem; text-align: right; }
th[scope=col] { background: #F2F2F2; position: sticky; top: 0; }
th[scope=row] { text-align: left; font-weight: normal; }
@media print { .tabelkader { max-height: none; overflow: visible; }
               section { break-inside: avoid-page; } }
"""


def _tabel_html(tabel: pd.DataFrame, bijschrift: str) -> str:
    esc = html.escape
    kop_ = "".join(f'<th scope="col">{esc(str(k))}</th>' for k in tabel.columns)
    rijen = []
    for rij in cellen(tabel):
        eerste, *rest = rij
        rijen.append(
            f'<tr><th scope="row">{esc(eerste)}</th>'
            + "".join(f"<td>{esc(c)}</td>" for c in rest)
            + "</tr>"
        )
    return (
        f"<table><caption>{esc(bijschrift)}</caption><thead><tr>{kop_}</tr></thead>"
        f"<tbody>{''.join(rijen)}</tbody></table>"
    )


def _sectie(i: int, scherm) -> str:
    esc = html.escape
    m = meta(scherm)
    grafiek = pio.to_html(
        scherm.fig,
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=HTML_CONFIG,
        div_id=f"grafiek-{i}",
        default_width="100%",
        default_height=f"{int(scherm.fig.layout.height or 500)}px",
    )
    noten = "".join(f'<p class="noot">{esc(n)}</p>' for n in scherm.noten)
    tabel = ""
    if scherm.tabel is not None and not scherm.tabel.empty:
        tabel = (
            f"<details><summary>Tabel bij: {esc(scherm.titel)}</summary>"
            f'<div class="tabelkader" tabindex="0" role="region" '
            f'aria-label="Tabel bij: {esc(scherm.titel, quote=True)}">'
            f"{_tabel_html(scherm.tabel, scherm.titel)}</div></details>"
        )
    alt = m.get("alt") or scherm.titel
    return (
        f'<section id="scherm-{i}" class="scherm" data-sleutel="{esc(scherm.sleutel)}" '
        f'aria-labelledby="kop-{i}">'
        f'<h2 id="kop-{i}">{esc(kop(scherm))}</h2>'
        f'<figure aria-label="{esc(str(alt), quote=True)}">{grafiek}</figure>'
        f'<p class="bron">{esc(bronregel(scherm))}</p>{noten}{tabel}</section>'
    )


def naar_html(schermen: Sequence, *, titel: str, ondertitel: str = "") -> str:
    """One self-contained HTML report (plotly.js inlined once; no network needed)."""
    from plotly.offline import get_plotlyjs

    esc = html.escape
    secties = "\n".join(_sectie(i, s) for i, s in enumerate(schermen, start=1))
    inhoud = "".join(
        f'<li><a href="#scherm-{i}">{esc(kop(s))}</a></li>' for i, s in enumerate(schermen, 1)
    )
    plotlyjs = get_plotlyjs()
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(titel)}</title>\n<style>{_CSS}</style>\n"
        f'<script type="text/javascript">{plotlyjs}</script>\n</head>\n<body>\n'
        f"<header><h1>{esc(titel)}</h1>"
        + (f'<p class="ondertitel">{esc(ondertitel)}</p>' if ondertitel else "")
        + f'<nav aria-label="Inhoud"><ol>{inhoud}</ol></nav></header>\n'
        f"<main>\n{secties}\n</main>\n"
        "<footer><p>Gemaakt met de Leefloonmonitor. Kleine aantallen (1 tot 4 personen) staan "
        "als '&lt;5'; 'x' is verborgen zodat niemand een kleine cel kan terugrekenen.</p>"
        "</footer>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------------
# CSV: every CSV the product writes goes through `veilige_cel` (in the app: ui.weergave.csv_bytes
# for each table's download, naar_csv for the council export; the CLI: naar_csv).

#: A text cell starting with one of these is run as a formula by Excel and LibreOffice (OWASP,
#: "CSV injection"): a target name, a file name or a user name typed at the login could be one.
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
_GETAL_ALS_TEKST = re.compile(r"[+-]?\d[\d.,]*%?")  # "-3", "+12,5%", "1.234"


def veilige_cel(waarde: object) -> object:
    """A text cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP);
    numbers, and text that is only a signed number ("-3", "+12,5%"), stay as they are."""
    if (
        isinstance(waarde, str)
        and waarde.startswith(FORMULE_TEKENS)
        and not _GETAL_ALS_TEKST.fullmatch(waarde)
    ):
        return "'" + waarde
    return waarde


def veilige_tabel(tabel: pd.DataFrame) -> pd.DataFrame:
    """A copy with `veilige_cel` applied to the column names and every text column; numeric
    columns are untouched, so a negative number stays a number."""
    uit = tabel.copy()
    uit.columns = [veilige_cel(k) for k in uit.columns]
    for positie in range(uit.shape[1]):
        kolom = uit.iloc[:, positie]
        if not (is_numeric_dtype(kolom) or is_datetime64_any_dtype(kolom)):
            uit.isetitem(positie, kolom.astype(object).map(veilige_cel))
    return uit


def tabel_csv(tabel: pd.DataFrame) -> str:
    """One table as Belgian CSV text: `;`, decimal comma, no thousands separator, rounded to the
    decimals shown on screen (`formaat.tabel_csv`), formulas neutralised. See docs/csv.md."""
    cellen_ = formaat.tabel_csv(tabel) if tabel.shape[1] else tabel
    return veilige_tabel(cellen_).to_csv(sep=";", index=False, lineterminator="\n")


def naar_csv(schermen: Sequence) -> bytes:
    """The tables one after the other: a title row, a source row, the table, an empty row.

    `;` as separator, decimal comma, UTF-8 with BOM (Excel in Belgium opens it as is)."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    for i, scherm in enumerate(schermen):
        if i:
            uit.write("\n")
        schrijver.writerow([veilige_cel(scherm.titel)])
        schrijver.writerow([veilige_cel(bronregel(scherm))])
        uit.write(tabel_csv(scherm.tabel if scherm.tabel is not None else pd.DataFrame()))
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def lees_csv(inhoud: bytes) -> list[tuple[str, pd.DataFrame]]:
    """Read :func:`naar_csv` back: [(titel, tabel), ...] (for tests and checks)."""
    tekst = inhoud.decode("utf-8-sig")
    blokken = [b for b in tekst.split("\n\n") if b.strip()]
    uit = []
    for blok in blokken:
        regels = blok.split("\n")
        titel = next(csv.reader([regels[0]], delimiter=";"))[0]
        tabel = pd.read_csv(
            io.StringIO("\n".join(regels[2:]) + "\n"), sep=";", decimal=",", dtype=str
        )
        uit.append((titel, tabel))
    return uit
