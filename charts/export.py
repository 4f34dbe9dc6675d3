"""Exports of a list of screens for the council: a PPTX deck, a self-contained HTML report, CSV.

Pure functions (no Streamlit, no database): they take `charts.schermen.Scherm` objects as the
app shows them, so what is handed out is what was on screen — the same headline sentences, the
same charts and the same table cells (a suppressed cell stays "<5" or "x").

- :func:`naar_pptx`: a title slide, then one slide per screen: the headline sentence as slide
  title, the chart as a native PowerPoint chart with the numbers of the screen's table (a
  1600×900 PNG only for a chart without native form, all rendered in ONE Kaleido session),
  source and data date, all text ≥ 18 pt; optionally on the municipality's template and logo.
- :func:`naar_pdf`: the HTML report printed on A4 by headless Chromium (tables open).
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
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

from . import formaat, theme

#: Pixel size of a slide image.
BREEDTE_PX, HOOGTE_PX = 1600, 900

#: Plotly options in the HTML report (the same as on screen, minus the logo).
HTML_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}

GEEN_BROWSER_TEKST = (
    "De PDF-export heeft een Chromium-browser nodig en vond er geen op deze machine. "
    "Installeer het Debian-pakket 'chromium' of zet de omgevingsvariabele BROWSER_PATH naar de "
    "browser. De PowerPoint-, HTML- en CSV-export werken wel."
)


class GeenBrowser(RuntimeError):
    """Chromium cannot be found or started: no PDF, no picture of a chart without a native
    PowerPoint form (PPTX with native charts, HTML and CSV still work)."""

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


#: A sentence ends at ". " before a capital or digit (months are written "okt 2021", no dot).
_ZINSEINDE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÉÈÖ])")
#: A first sentence this short is a label (the target's status), kept before the message.
LABEL_TEKENS = 60


def dia_zin(scherm) -> str:
    """The one short sentence on a slide: the headline's first sentence up to its first ';'
    (after a short label such as "Illustratief doel, geen gepubliceerd cijfer."). The whole
    headline stays in the speaker notes."""
    zinnen_ = _ZINSEINDE.split(kop(scherm).strip())
    label = ""
    if len(zinnen_) > 1 and len(zinnen_[0]) <= LABEL_TEKENS:
        label, zinnen_ = zinnen_[0] + " ", zinnen_[1:]
    zin = zinnen_[0].split("; ")[0].rstrip(".;:,")
    return f"{label}{zin}."


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


#: Smallest text on a slide (pt): titles, sentence, axis labels, legend and source line alike.
MIN_PUNTEN = 18


def titel_punten(tekst: str) -> int:
    """Font size (pt) of a slide title: the whole headline fits in the title box (12,5 in ×
    1,5 in), never below :data:`MIN_PUNTEN` + 2."""
    lengte = len(tekst)
    for grens, punten in ((90, 32), (140, 28), (200, 24)):
        if lengte <= grens:
            return punten
    return MIN_PUNTEN + 2


# --------------------------------------------------------------------------------------------
# native PowerPoint charts: the numbers of the screen's table, editable in PowerPoint


class Grafiek(NamedTuple):
    """A native chart: kind ("lijn", "staaf" = stacked columns, "balk" = horizontal bars),
    category labels as on screen, and series (name, values; None is a gap, never a number)."""

    soort: str
    categorieen: list[str]
    reeksen: list[tuple[str, list[float | None]]]
    decimalen: int


#: Pact table columns drawn natively (the fan's 80% and 50% bands stay in the table).
PACT_KOLOMMEN = {
    "doelpad": "Doelpad",
    "gerealiseerd": "Gerealiseerd",
    "p05": "Prognose, 90%-band ondergrens",
    "p50": "Prognose (mediaan)",
    "p95": "Prognose, 90%-band bovengrens",
}


def _waarde(cel: str) -> float | None:
    """A CSV cell of `formaat.tabel_csv` ("1234", "-9,4") as a number; "<5", "x" and empty
    cells (suppressed or missing) are None: a gap in the chart."""
    try:
        return float(cel.replace(",", "."))
    except (AttributeError, ValueError):
        return None


def _kolommen(tabel: pd.DataFrame, namen: dict[str, str] | None) -> list[tuple[int, str]]:
    """(position, series name) of the table columns to draw: all but the first, or `namen`."""
    kolommen = [str(k) for k in tabel.columns]
    if namen is None:
        return [(i, k) for i, k in enumerate(kolommen) if i > 0]
    return [(kolommen.index(k), naam) for k, naam in namen.items() if k in kolommen]


def _is_gestapeld(scherm) -> bool:
    return any(tr.type == "bar" and tr.meta != "verborgen" for tr in scherm.fig.data)


def grafiek(scherm) -> Grafiek | None:
    """The native chart of a screen, from its table (the numbers the screen shows), or None
    when the chart has no native PowerPoint form (then the slide gets a picture)."""
    tabel = scherm.tabel
    if tabel is None or tabel.empty or tabel.shape[1] < 2:
        return None
    sleutel, namen, soort, eerste = scherm.sleutel, None, "lijn", 0
    if sleutel == "rangschikking":
        soort, eerste = "balk", [str(k) for k in tabel.columns].index("gemeente")
        namen = {"verandering (%)": "Verandering (%)"}
    elif sleutel.startswith("pact-"):
        namen = PACT_KOLOMMEN
    elif sleutel.startswith("uitsplitsing-"):
        soort = "staaf" if _is_gestapeld(scherm) else "lijn"
    elif not (sleutel.startswith("trend-") or sleutel in ("stromen", "vergelijking", "wat-als")):
        return None
    scherm_cellen = formaat.tabel_scherm(tabel)
    csv_cellen = formaat.tabel_csv(tabel)
    gekozen = _kolommen(tabel, namen)
    reeksen = [
        (naam[:1].upper() + naam[1:], [_waarde(c) for c in csv_cellen.iloc[:, i]])
        for i, naam in gekozen
    ]
    reeksen = [(n, w) for n, w in reeksen if any(v is not None for v in w)]
    if not reeksen:
        return None
    decimalen = max(
        (
            len(str(c).split(",")[1])
            for i, _ in gekozen
            for c in csv_cellen.iloc[:, i]
            if "," in str(c)
        ),
        default=0,
    )
    categorieen = [str(c) for c in scherm_cellen.iloc[:, eerste]]
    return Grafiek(soort, categorieen, reeksen, decimalen)


def _getalnotatie(decimalen: int) -> str:
    # PowerPoint shows separators in the reader's locale: 1.234,5 in Belgium
    return "#,##0" + ("." + "0" * decimalen if decimalen else "")


def _tekst_op_as(as_, punten: int) -> None:
    from pptx.dml.color import RGBColor  # python-pptx: ~1 s to import, only for a deck
    from pptx.util import Pt

    as_.tick_labels.font.size = Pt(punten)
    as_.tick_labels.font.color.rgb = RGBColor(0x33, 0x33, 0x33)


def _label_stap(as_, aantal: int, max_labels: int = 8) -> None:
    """Every n-th category label only, so 60 months at 18 pt do not overprint."""
    stap = -(-aantal // max_labels)
    if stap <= 1:
        return
    from pptx.oxml.ns import qn

    cat = as_._element
    for naam in ("c:tickLblSkip", "c:tickMarkSkip"):
        el = cat.makeelement(qn(naam), {"val": str(stap)})
        voor = cat.find(qn("c:noMultiLvlLbl"))
        if voor is not None:
            voor.addprevious(el)
        else:
            cat.append(el)


def voeg_grafiek_toe(dia, g: Grafiek, links, boven, breedte, hoogte, *, alt: str):
    """Add `g` as a native chart (editable, its data in the embedded workbook)."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor  # python-pptx: ~1 s to import, only for a deck
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    data = CategoryChartData(number_format=_getalnotatie(g.decimalen))
    data.categories = g.categorieen
    for naam, waarden in g.reeksen:
        data.add_series(naam, waarden)
    soort = {
        "lijn": XL_CHART_TYPE.LINE,
        "staaf": XL_CHART_TYPE.COLUMN_STACKED,
        "balk": XL_CHART_TYPE.BAR_CLUSTERED,
    }[g.soort]
    kader = dia.shapes.add_chart(soort, links, boven, breedte, hoogte, data)
    kader.name = "Grafiek"
    kader._element.nvGraphicFramePr.cNvPr.set("descr", alt)  # alt text for screen readers
    ch = kader.chart
    ch.has_title = False
    ch.font.size = Pt(MIN_PUNTEN)
    ch.font.name = "Arial"
    ch.has_legend = len(g.reeksen) > 1
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
        ch.legend.font.size = Pt(MIN_PUNTEN)
    _tekst_op_as(ch.category_axis, MIN_PUNTEN)
    _tekst_op_as(ch.value_axis, MIN_PUNTEN)
    ch.value_axis.has_major_gridlines = True
    ch.value_axis.tick_labels.number_format = _getalnotatie(g.decimalen)
    ch.value_axis.tick_labels.number_format_is_linked = False
    if g.soort != "balk":
        _label_stap(ch.category_axis, len(g.categorieen))
    for i, reeks in enumerate(ch.plots[0].series):
        kleur = RGBColor.from_string(theme.PALET[i % len(theme.PALET)].lstrip("#"))
        if g.soort == "lijn":
            reeks.smooth = False
            reeks.marker.style = XL_MARKER_STYLE.NONE
            reeks.format.line.color.rgb = kleur
            reeks.format.line.width = Pt(3)
        else:
            reeks.format.fill.solid()
            reeks.format.fill.fore_color.rgb = kleur
    return kader


# --------------------------------------------------------------------------------------------
# the municipality's template and logo


#: Largest template and logo accepted (an upload in the app, a file in the CLI).
MAX_SJABLOON_MB, MAX_LOGO_MB = 10, 2  # 10: also the app's maxUploadSize


class OngeldigBestand(ValueError):
    """A template or logo that cannot be used (Dutch message)."""


def _mb(inhoud: bytes) -> str:
    return formaat.getal(len(inhoud) / 1024 / 1024, 1) + " MB"


def _met_titel(indeling) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    titels = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    return any(ph.placeholder_format.type in titels for ph in indeling.placeholders)


def open_sjabloon(inhoud: bytes):
    """The template as a `Presentation` without its slides; :class:`OngeldigBestand` when it is
    not a usable .pptx (too large, not a zip, not PowerPoint, no layout with a title)."""
    import zipfile

    from pptx import Presentation

    if not inhoud:
        raise OngeldigBestand("Het sjabloon is leeg; kies een PowerPoint-bestand (.pptx).")
    if len(inhoud) > MAX_SJABLOON_MB * 1024 * 1024:
        raise OngeldigBestand(
            f"Het sjabloon is te groot ({_mb(inhoud)}); maximaal {MAX_SJABLOON_MB} MB."
        )
    if not zipfile.is_zipfile(io.BytesIO(inhoud)):
        raise OngeldigBestand("Het sjabloon is geen PowerPoint-bestand (.pptx).")
    try:
        prs = Presentation(io.BytesIO(inhoud))
    except Exception as fout:  # noqa: BLE001 - any reading error: not a usable template
        raise OngeldigBestand(
            "Het sjabloon kan niet gelezen worden als PowerPoint-presentatie (.pptx). Een "
            "PowerPoint-sjabloon (.potx) eerst opslaan als .pptx."
        ) from fout
    if not any(_met_titel(i) for i in prs.slide_layouts):
        raise OngeldigBestand("Het sjabloon heeft geen dia-indeling met een titel.")
    lijst = prs.slides._sldIdLst
    for dia_id in list(lijst):  # the template's own slides do not belong in the deck
        prs.part.drop_rel(dia_id.rId)
        lijst.remove(dia_id)
    return prs


def controleer_logo(inhoud: bytes) -> tuple[int, int]:
    """The logo's size in pixels; :class:`OngeldigBestand` unless it is a real PNG ≤ 2 MB."""
    from PIL import Image, UnidentifiedImageError

    if not inhoud:
        raise OngeldigBestand("Het logo is leeg; kies een PNG-afbeelding.")
    if len(inhoud) > MAX_LOGO_MB * 1024 * 1024:
        raise OngeldigBestand(f"Het logo is te groot ({_mb(inhoud)}); maximaal {MAX_LOGO_MB} MB.")
    if not inhoud.startswith(b"\x89PNG\r\n\x1a\n"):
        raise OngeldigBestand("Het logo is geen PNG-afbeelding.")
    try:
        with Image.open(io.BytesIO(inhoud)) as beeld:
            beeld.verify()
            return beeld.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as fout:
        raise OngeldigBestand("Het logo is een beschadigde PNG-afbeelding.") from fout


def _indeling(prs, *, titeldia: bool):
    """The title-slide layout (title and subtitle) or the content layout (a title and as few
    other placeholders as possible: "Title Only" in the default template)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    met_titel = [i for i in prs.slide_layouts if _met_titel(i)]
    if titeldia:
        for indeling in met_titel:
            soorten = {ph.placeholder_format.type for ph in indeling.placeholders}
            if PP_PLACEHOLDER.CENTER_TITLE in soorten or PP_PLACEHOLDER.SUBTITLE in soorten:
                return indeling
        return met_titel[0]
    return min(met_titel, key=lambda i: (len(i.placeholders), not _met_alleen_titel(i)))


def _met_alleen_titel(indeling) -> bool:
    return indeling.name.lower() in ("title only", "alleen titel", "titel alleen")


def _lege_plaatshouders_weg(dia) -> None:
    """Placeholders of the template's layout the deck does not fill would show 'Click to add
    text' in PowerPoint."""
    for ph in list(dia.placeholders):
        if ph.placeholder_format.idx != 0 and not (ph.has_text_frame and ph.text_frame.text):
            ph._element.getparent().remove(ph._element)


def _zet_tekst(kader, tekst: str, punten: int, *, vet: bool = False, kleur=None) -> None:
    from pptx.util import Pt

    kader.text_frame.word_wrap = True
    kader.text_frame.text = tekst
    for alinea in kader.text_frame.paragraphs:
        for run in alinea.runs:
            run.font.size = Pt(punten)
            run.font.bold = vet
            if kleur is not None:
                run.font.color.rgb = kleur
    _nl(kader.text_frame)


def _logo(dia, logo: bytes, grootte: tuple[int, int], rechts, boven, hoogte) -> None:
    from pptx.util import Emu

    b, h = grootte
    breedte = Emu(int(hoogte * b / max(h, 1)))
    foto = dia.shapes.add_picture(io.BytesIO(logo), rechts - breedte, boven, breedte, hoogte)
    foto.name = "Logo"
    foto._element.nvPicPr.cNvPr.set("descr", "Logo van de gemeente")


def naar_pptx(
    schermen: Sequence,
    *,
    titel: str,
    ondertitel: str = "",
    sjabloon: bytes | None = None,
    logo: bytes | None = None,
) -> bytes:
    """A deck: a title slide, then one slide per screen: one short sentence (`dia_zin`) as title,
    the chart as a native, editable PowerPoint chart with the numbers of the screen's table
    (a picture only for a chart without native form), source and data date; the headline,
    notes and a table summary as speaker notes. All text on a slide ≥ 18 pt.

    `sjabloon`: the municipality's .pptx (its masters, layouts and slide size; its own slides
    are left out); `logo`: a PNG in the corner of every slide. Raises :class:`OngeldigBestand`
    for an unusable template or logo, :class:`GeenBrowser` only when a picture is needed."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor  # python-pptx: ~1 s to import, only for a deck
    from pptx.util import Emu, Inches

    logo_maat = controleer_logo(logo) if logo is not None else None
    if sjabloon is not None:
        prs = open_sjabloon(sjabloon)
    else:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    grafieken = [grafiek(s) for s in schermen]
    zonder = [s.fig for s, g in zip(schermen, grafieken, strict=True) if g is None]
    beelden = iter(afbeeldingen(zonder))  # first: fail fast without a browser

    breedte, hoogte = prs.slide_width, prs.slide_height
    rand = Inches(0.4)
    donker = RGBColor(0x1A, 0x1A, 0x1A)
    logo_hoogte = Inches(0.6)

    # title slide
    dia = prs.slides.add_slide(_indeling(prs, titeldia=True))
    kader = dia.shapes.title
    if sjabloon is None:
        kader.left, kader.top = rand, Inches(2.2)
        kader.width, kader.height = breedte - 2 * rand, Inches(1.6)
    _zet_tekst(kader, titel, 40, vet=True)
    onder = next((ph for ph in dia.placeholders if ph.placeholder_format.idx == 1), None)
    if onder is None:
        onder = dia.shapes.add_textbox(rand, Inches(4.0), breedte - 2 * rand, Inches(1.6))
    elif sjabloon is None:
        onder.left, onder.top = rand, Inches(4.0)
        onder.width, onder.height = breedte - 2 * rand, Inches(1.6)
    _zet_tekst(onder, ondertitel, 20)
    _lege_plaatshouders_weg(dia)
    if logo is not None:
        _logo(dia, logo, logo_maat, breedte - rand, rand, Inches(1.0))

    voet_hoogte = Inches(0.5)
    for scherm, g in zip(schermen, grafieken, strict=True):
        dia = prs.slides.add_slide(_indeling(prs, titeldia=False))
        kader = dia.shapes.title
        if sjabloon is None:
            kader.left, kader.top = rand, Inches(0.2)
            kader.width, kader.height = breedte - 2 * rand, Inches(1.5)
        zin = dia_zin(scherm)
        _zet_tekst(kader, zin, titel_punten(zin), vet=True, kleur=donker)
        _lege_plaatshouders_weg(dia)

        # the chart: between title and footer
        boven = kader.top + kader.height + Inches(0.1)
        if boven > hoogte // 3:  # a template's title low on the slide: the chart under 1,7 in
            boven = Inches(1.7)
        vrij = hoogte - boven - voet_hoogte - Inches(0.2)
        alt = str(meta(scherm).get("alt") or scherm.titel)
        if g is not None:
            voeg_grafiek_toe(dia, g, rand, boven, breedte - 2 * rand, vrij, alt=alt)
        else:  # no native form: the picture, 16:9, centred
            b = min(breedte - 2 * rand, Emu(int(vrij * BREEDTE_PX / HOOGTE_PX)))
            h = Emu(int(b * HOOGTE_PX / BREEDTE_PX))
            foto = dia.shapes.add_picture(
                io.BytesIO(next(beelden)), (breedte - b) // 2, boven, b, h
            )
            foto._element.nvPicPr.cNvPr.set("descr", alt)

        voet_breedte = breedte - 2 * rand - (Inches(2.2) if logo is not None else 0)
        voet = dia.shapes.add_textbox(
            rand, hoogte - voet_hoogte - Inches(0.1), voet_breedte, voet_hoogte
        )
        _zet_tekst(voet, bronregel(scherm), MIN_PUNTEN, kleur=RGBColor(0x33, 0x33, 0x33))
        if logo is not None:
            _logo(
                dia,
                logo,
                logo_maat,
                breedte - rand,
                hoogte - logo_hoogte - Inches(0.1),
                logo_hoogte,
            )

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

#: The A4 print (PDF): every screen on a new page, the table open under its chart.
_CSS_AFDRUK = """
@page { size: A4; margin: 14mm 12mm; }
body { font-size: 11pt; }
header, main, footer { max-width: none; padding: 0; }
nav { display: none; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 0; break-after: avoid; }
section { break-before: page; border: 0; }
figure { break-inside: avoid; }
.tabelkader { max-height: none; overflow: visible; }
table { font-size: 9pt; }
th[scope=row] { white-space: nowrap; }
th[scope=col] { position: static; }
"""

#: Chart size in the PDF (px at 96 dpi): the width of A4 between its margins.
AFDRUK_PX = (700, 420)


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


def _sectie(i: int, scherm, afdruk: bool = False) -> str:
    esc = html.escape
    m = meta(scherm)
    fig, config = scherm.fig, HTML_CONFIG
    breedte, hoogte = "100%", f"{int(scherm.fig.layout.height or 500)}px"
    if afdruk:  # a fixed size that fits A4, no buttons
        fig = go.Figure(fig).update_layout(width=AFDRUK_PX[0], height=AFDRUK_PX[1])
        config = {"staticPlot": True, "displayModeBar": False}
        breedte, hoogte = f"{AFDRUK_PX[0]}px", f"{AFDRUK_PX[1]}px"
    grafiek = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=config,
        div_id=f"grafiek-{i}",
        default_width=breedte,
        default_height=hoogte,
    )
    noten = "".join(f'<p class="noot">{esc(n)}</p>' for n in scherm.noten)
    tabel = ""
    if scherm.tabel is not None and not scherm.tabel.empty:
        tabel = (
            f"<details{' open' if afdruk else ''}><summary>Tabel bij: {esc(scherm.titel)}</summary>"
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


def naar_html(schermen: Sequence, *, titel: str, ondertitel: str = "", afdruk: bool = False) -> str:
    """One self-contained HTML report (plotly.js inlined once; no network needed). `afdruk`:
    laid out for A4 (each screen on a page, fixed chart size, tables open) for :func:`naar_pdf`."""
    from plotly.offline import get_plotlyjs

    esc = html.escape
    secties = "\n".join(_sectie(i, s, afdruk) for i, s in enumerate(schermen, start=1))
    css = _CSS + (_CSS_AFDRUK if afdruk else "")
    inhoud = "".join(
        f'<li><a href="#scherm-{i}">{esc(kop(s))}</a></li>' for i, s in enumerate(schermen, 1)
    )
    plotlyjs = get_plotlyjs()
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(titel)}</title>\n<style>{css}</style>\n"
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
# PDF (A4): the HTML report printed by headless Chromium

#: Chromium's flags: no sandbox (containers), nothing from the network, no profile.
CHROMIUM_VLAGGEN = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--virtual-time-budget=20000",  # plotly.js draws before the page is printed
)
PDF_WACHT_S = 120


def naar_pdf(schermen: Sequence, *, titel: str, ondertitel: str = "") -> bytes:
    """The report on A4 pages: title, then per screen the headline, chart, source line, notes
    and the table. Raises :class:`GeenBrowser` without a working Chromium."""
    import subprocess

    pad = browser_pad()
    if pad is None:
        raise GeenBrowser("geen Chromium gevonden")
    tekst = naar_html(schermen, titel=titel, ondertitel=ondertitel, afdruk=True)
    with tempfile.TemporaryDirectory(prefix="lfm-pdf-") as map_:
        bron_, doel = Path(map_) / "rapport.html", Path(map_) / "rapport.pdf"
        bron_.write_text(tekst, encoding="utf-8")
        opdracht = [
            pad,
            *CHROMIUM_VLAGGEN,
            f"--user-data-dir={Path(map_) / 'profiel'}",
            f"--print-to-pdf={doel}",
            bron_.as_uri(),
        ]
        try:
            subprocess.run(opdracht, capture_output=True, timeout=PDF_WACHT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as fout:
            raise GeenBrowser(str(fout)) from fout
        if not doel.is_file() or not doel.read_bytes().startswith(b"%PDF"):
            raise GeenBrowser("Chromium schreef geen PDF")
        return doel.read_bytes()


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
