"""One Plotly template for every chart, on screen and in exports, plus the common frame.

- Colours: the Okabe-Ito palette, restricted for lines to the five colours that reach a 3:1
  contrast against white (WCAG 2.1 SC 1.4.11); text in series colour uses a darkened variant
  with at least 4.5:1 (SC 1.4.3). Every series also gets its own dash style, so no meaning rests
  on colour alone.
- Sizes: base text 16 px on screen; the presentation variant (``presentatie=True``, designed
  for 1920×1080) has no chart text below 20 px. Lines are 3,5 px (5 px in presentation).
- :func:`opmaak` puts the title with its unit and a footnote ``Bron: … · Laatste maand: … ·
  Teldefinitie: …`` on every chart, inside the figure, so screen and export show the same.
  Pages render with ``st.plotly_chart(fig, theme=None)``.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from . import formaat

# --------------------------------------------------------------------------------------------
# colours

OKABE_ITO = {
    "oranje": "#E69F00",
    "hemelsblauw": "#56B4E9",
    "blauwgroen": "#009E73",
    "geel": "#F0E442",
    "blauw": "#0072B2",
    "vermiljoen": "#D55E00",
    "roodpaars": "#CC79A7",
    "zwart": "#000000",
}

#: Series colours, in order of use: the Okabe-Ito colours with ≥ 3:1 contrast on white.
PALET: tuple[str, ...] = (
    OKABE_ITO["blauw"],
    OKABE_ITO["vermiljoen"],
    OKABE_ITO["blauwgroen"],
    OKABE_ITO["roodpaars"],
    OKABE_ITO["zwart"],
)
#: Dash style per series (same order as PALET): meaning never rests on colour alone.
STREEPJES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash")
#: Marker symbol per series (same order), for points and bars' direct labels.
SYMBOLEN: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x")

MAX_REEKSEN = len(PALET)

WIT = "#FFFFFF"
TEKST = "#1A1A1A"  # 17,4:1 on white
TEKST_ZACHT = "#333333"  # 12,6:1 — axis labels; no light-grey text anywhere
AS = "#4D4D4D"  # axis lines
RASTER = "#DDDDDD"  # grid lines (decoration, not information)
CONTEXT = "#8C8C8C"  # background lines in small multiples (3,4:1)
BAND = OKABE_ITO["blauw"]  # fan chart bands (as transparent fills)


def _lineair(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminantie(kleur: str) -> float:
    """Relative luminance (WCAG 2.1) of ``#RRGGBB``."""
    h = kleur.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _lineair(r) + 0.7152 * _lineair(g) + 0.0722 * _lineair(b)


def contrast(kleur: str, achtergrond: str = WIT) -> float:
    """WCAG contrast ratio between two ``#RRGGBB`` colours (1…21)."""
    a, b = luminantie(kleur), luminantie(achtergrond)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def donkerder(kleur: str, minimum: float = 4.5, achtergrond: str = WIT) -> str:
    """The colour, darkened towards black just enough to reach ``minimum`` contrast."""
    h = kleur.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    factor = 1.0
    while True:
        kandidaat = "#" + "".join(f"{round(c * factor):02X}" for c in rgb)
        if contrast(kandidaat, achtergrond) >= minimum or factor <= 0:
            return kandidaat
        factor -= 0.02


#: Text colour for labels in a series' colour (≥ 4,5:1 on white).
TEKSTKLEUR: dict[str, str] = {k: donkerder(k) for k in (*PALET, *OKABE_ITO.values())}


def rgba(kleur: str, alfa: float) -> str:
    h = kleur.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alfa})"


def stijl(i: int) -> dict:
    """Colour, dash and symbol of the i-th series."""
    i %= MAX_REEKSEN
    return {
        "kleur": PALET[i],
        "tekstkleur": TEKSTKLEUR[PALET[i]],
        "streepje": STREEPJES[i],
        "symbool": SYMBOLEN[i],
    }


# --------------------------------------------------------------------------------------------
# sizes


@dataclass(frozen=True)
class Maat:
    """Type and line sizes of one variant (screen or presentation)."""

    basis: int  # ticks, legend, labels, annotations
    titel: int
    eenheid: int  # the unit line under the title
    voet: int  # footnote
    lijn: float  # line width in px
    hoogte: int  # default figure height in px
    voet_tekens: int  # characters per footnote line before wrapping
    links: int  # left margin
    min_plot: int  # minimum height of the plot area in px
    titel_tekens: int  # characters per title line before wrapping


SCHERM = Maat(
    basis=16,
    titel=22,
    eenheid=16,
    voet=16,
    lijn=3.5,
    hoogte=500,
    voet_tekens=80,
    links=72,
    min_plot=300,
    titel_tekens=60,
)
PRESENTATIE = Maat(
    basis=22,
    titel=32,
    eenheid=22,
    voet=20,
    lijn=5.0,
    hoogte=1000,
    voet_tekens=150,
    links=100,
    min_plot=560,
    titel_tekens=90,
)

FONT = "Arial, 'Liberation Sans', 'Helvetica Neue', Helvetica, 'DejaVu Sans', sans-serif"


def maat(presentatie: bool = False) -> Maat:
    return PRESENTATIE if presentatie else SCHERM


# --------------------------------------------------------------------------------------------
# template

TEMPLATE = "leefloon"
TEMPLATE_PRESENTATIE = "leefloon_presentatie"


#: Distance of title and footnote from the left edge of the figure.
RAND_PX = {False: 14, True: 24}


def maak_template(presentatie: bool = False) -> go.layout.Template:
    m = maat(presentatie)
    as_opmaak = dict(
        showgrid=False,
        showline=True,
        linecolor=AS,
        linewidth=2 if not presentatie else 3,
        ticks="outside",
        tickcolor=AS,
        ticklen=6,
        tickwidth=2,
        tickfont=dict(size=m.basis, color=TEKST_ZACHT, family=FONT),
        title=dict(font=dict(size=m.basis, color=TEKST)),
        zeroline=False,
        automargin=True,
    )
    y_opmaak = {
        **as_opmaak,
        "showgrid": True,
        "gridcolor": RASTER,
        "gridwidth": 1,
        "showline": False,
        "ticks": "",
        "tickformat": ",~f",  # 1.234 and 0,5 with the Dutch separators
    }
    scatter = [
        go.Scatter(
            line=dict(color=kleur, dash=streep, width=m.lijn),
            marker=dict(color=kleur, symbol=symbool, size=m.basis * 0.6),
        )
        for kleur, streep, symbool in zip(PALET, STREEPJES, SYMBOLEN, strict=True)
    ]
    bars = [
        go.Bar(marker=dict(color=kleur, line=dict(color=WIT, width=1)), textfont=dict(size=m.basis))
        for kleur in PALET
    ]
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT, size=m.basis, color=TEKST),
            title=dict(
                font=dict(size=m.titel, color=TEKST, family=FONT),
                x=0,
                xref="container",
                xanchor="left",
                # for figures titled outside opmaak (which draws its title as an annotation)
                y=1,
                yref="container",
                yanchor="top",
                pad=dict(l=RAND_PX[presentatie], t=RAND_PX[presentatie]),
            ),
            paper_bgcolor=WIT,
            plot_bgcolor=WIT,
            colorway=list(PALET),
            separators=formaat.PLOTLY_SEPARATORS,
            xaxis=as_opmaak,
            yaxis=y_opmaak,
            legend=dict(
                font=dict(size=m.basis, color=TEKST),
                orientation="h",
                x=0,
                xanchor="left",
                y=1.0,
                yanchor="bottom",
                bgcolor="rgba(255,255,255,0)",
                title=dict(font=dict(size=m.basis)),
            ),
            hoverlabel=dict(font=dict(size=m.basis, family=FONT), bgcolor=WIT, bordercolor=AS),
            hovermode="closest",
            annotationdefaults=dict(
                font=dict(size=m.basis, color=TEKST, family=FONT), showarrow=False
            ),
            shapedefaults=dict(line=dict(color=AS, width=2)),
            margin=dict(l=m.links, r=40, t=100, b=110),
            height=m.hoogte,
            bargap=0.15,
        ),
        data=go.layout.template.Data(scatter=scatter, bar=bars),
    )


pio.templates[TEMPLATE] = maak_template(False)
pio.templates[TEMPLATE_PRESENTATIE] = maak_template(True)


def zet_template(fig: go.Figure, presentatie: bool = False) -> None:
    """Give `fig` the project's template without validating it again.

    Both templates were validated once, when they were built above; Plotly assigns its own
    default template the same way (validation off). Validating it on every figure cost about
    a quarter of the time to build a chart, on every page run.
    """
    layout = fig.layout
    oud = layout._validate
    layout._validate = False
    try:
        layout.template = pio.templates[template_naam(presentatie)]
    finally:
        layout._validate = oud


def template_naam(presentatie: bool = False) -> str:
    return TEMPLATE_PRESENTATIE if presentatie else TEMPLATE


# --------------------------------------------------------------------------------------------
# the common frame: title with unit, footnote on every chart

VOETNOOT = "voetnoot"  # name of the footnote annotation
TITEL = "titel"  # name of the title annotation
SCHEIDER = " · "


def _ontsnap(tekst: str) -> str:
    """Escape text for Plotly's HTML-like labels (a source name may contain '<' or '&')."""
    return html.escape(str(tekst), quote=False)


def _regels(delen: Sequence[str], breedte: int) -> list[str]:
    """Join footnote parts with ' · ' into lines of at most ``breedte`` characters."""
    regels: list[str] = []
    huidig = ""
    for deel in delen:
        stukken = textwrap.wrap(deel, breedte) or [""]
        for j, stuk in enumerate(stukken):
            if j == 0 and huidig and len(huidig) + len(SCHEIDER) + len(stuk) <= breedte:
                huidig += SCHEIDER + stuk
            else:
                if huidig:
                    regels.append(huidig)
                huidig = stuk
    if huidig:
        regels.append(huidig)
    return regels


def voetnoot_delen(
    *, bron: str, laatste_maand: object, teldefinitie: str, noten: Iterable[str] = ()
) -> list[str]:
    """Footnote parts: notes first, then ``Bron: …``, ``Laatste maand: …``, ``Teldefinitie: …``."""
    lm = formaat.maand(formaat.periode(laatste_maand))
    return [
        *(n for n in noten if n),
        f"Bron: {bron}",
        f"Laatste maand: {lm}",
        f"Teldefinitie: {teldefinitie}",
    ]


def opmaak(
    fig: go.Figure,
    *,
    titel: str,
    eenheid: str,
    bron: str,
    laatste_maand: object,
    teldefinitie: str,
    presentatie: bool = False,
    noten: Sequence[str] = (),
    hoogte: int | None = None,
    extra_boven: int = 0,
) -> go.Figure:
    """Apply the template, title (with unit) and footnote; returns the same figure.

    ``laatste_maand`` is a period ``"YYYY-MM"`` (shown as ``okt 2023``). ``noten`` are extra
    footnote sentences (e.g. the disclosure rule), shown above the source line.
    The plain texts are kept in ``fig.layout.meta`` (keys ``titel``, ``eenheid``, ``bron``,
    ``laatste_maand``, ``teldefinitie``, ``voetnoot``, ``alt``) for alt texts, slides and tests.
    """
    if not titel or not eenheid or not bron or not teldefinitie or laatste_maand is None:
        raise ValueError("titel, eenheid, bron, laatste maand en teldefinitie zijn verplicht")
    m = maat(presentatie)
    links = max(m.links, fig.layout.margin.l or 0)  # a builder may need more (long labels)
    lm_periode = formaat.periode(laatste_maand)
    noten = [n for n in noten if n]
    delen = voetnoot_delen(
        bron=bron, laatste_maand=lm_periode, teldefinitie=teldefinitie, noten=noten
    )
    regels = _regels(delen, m.voet_tekens)
    regel_px = round(m.voet * 1.35)

    # x tick labels take about one line plus tick length; rotated labels never happen
    # (tickangle=0), multi-line tick labels are not used.
    as_band = round(m.basis * 1.4) + 16
    onder = as_band + len(regels) * regel_px + 16
    titel_regels = textwrap.wrap(titel, m.titel_tekens) or [titel]
    rijen = legenda_rijen(fig, presentatie) if fig.layout.showlegend is not False else 0
    legenda_px = rijen * round(m.basis * 1.5) + 6 if rijen else 0
    boven = (
        round(len(titel_regels) * m.titel * 1.3 + m.eenheid * 1.4)
        + legenda_px
        + extra_boven
        + 8  # title pad above the legend / plot
        + (12 if not presentatie else 20)  # room above the title
    )

    # never squeeze the plot area below a readable height
    hoogte = max(hoogte or m.hoogte, boven + onder + m.min_plot)
    zet_template(fig, presentatie)
    fig.update_layout(height=hoogte, separators=formaat.PLOTLY_SEPARATORS)
    # Title and unit as one annotation anchored on the top of the plot area, above the legend:
    # Plotly's layout.title misplaces multi-line text (yanchor "top" clips the first line,
    # "bottom" overlaps what is below), an annotation's box is exact.
    fig.add_annotation(
        name=TITEL,
        text=(
            "<br>".join(f"<b>{_ontsnap(r)}</b>" for r in titel_regels)
            + f"<br><span style='font-size:{m.eenheid}px'>{_ontsnap(eenheid)}</span>"
        ),
        xref="paper",
        yref="paper",
        x=0,
        y=1,
        xanchor="left",
        yanchor="bottom",
        xshift=-(links - RAND_PX[presentatie]),
        yshift=8 + legenda_px + extra_boven,
        align="left",
        showarrow=False,
        font=dict(size=m.titel, color=TEKST, family=FONT),
    )
    fig.update_layout(margin=dict(t=boven, b=onder, l=links))
    if fig.layout.margin.r is None:
        fig.update_layout(margin=dict(r=40))
    fig.add_annotation(
        name=VOETNOOT,
        text="<br>".join(_ontsnap(r) for r in regels),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-as_band,
        xshift=-(links - RAND_PX[presentatie]),  # align with the title
        align="left",
        showarrow=False,
        font=dict(size=m.voet, color=TEKST),
    )
    voet = SCHEIDER.join(delen)
    fig.update_layout(
        meta=dict(
            titel=titel,
            eenheid=eenheid,
            bron=bron,
            laatste_maand=lm_periode,
            teldefinitie=teldefinitie,
            noten=list(noten),
            voetnoot=voet,
            alt=f"{titel} ({eenheid}). {voet}",
            presentatie=presentatie,
        )
    )
    return fig


def legenda_rijen(fig: go.Figure, presentatie: bool = False, breedte: int | None = None) -> int:
    """Estimated rows of the horizontal legend above the plot (0 without legend), assuming a
    chart about 680 px wide on screen and 1700 px in presentation mode (or `breedte`).
    Conservative: when the entries do not fit on one row, Plotly aligns them in columns as wide
    as the widest."""
    m = maat(presentatie)
    namen = [t.name or "" for t in fig.data if t.showlegend]
    if not namen:
        return 0
    breedte = breedte or (1700 if presentatie else 680)
    breedtes = [len(_zonder_tags(n)) * m.basis * 0.56 + 3 * m.basis for n in namen]
    if sum(breedtes) <= breedte:
        return 1
    per_rij = max(1, int(breedte // max(breedtes)))
    return math.ceil(len(namen) / per_rij)


def titel_tekst(fig: go.Figure) -> str:
    """The title annotation's text (title lines and unit, with ``<br>``)."""
    for a in fig.layout.annotations:
        if a.name == TITEL:
            return a.text
    raise LookupError("figuur zonder titel")


def voetnoot(fig: go.Figure) -> str:
    """The footnote text of a figure made by :func:`opmaak` (with ``<br>`` between lines)."""
    for a in fig.layout.annotations:
        if a.name == VOETNOOT:
            return a.text
    raise LookupError("figuur zonder voetnoot")


# --------------------------------------------------------------------------------------------
# direct labels (hover is useless on a projector)


def spreid(posities: Sequence[float], min_afstand: float, laag: float, hoog: float) -> list[float]:
    """Move label positions apart by at least ``min_afstand`` (same units), keeping the order,
    inside [laag, hoog] where possible. Returns positions in the input order."""
    if not posities:
        return []
    volgorde = sorted(range(len(posities)), key=lambda i: posities[i])
    ys = [float(posities[i]) for i in volgorde]
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + min_afstand)
    overschot = ys[-1] - hoog
    if overschot > 0:
        ys[-1] -= overschot
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - min_afstand)
    if ys[0] < laag:  # cannot fit everything: keep the minimum distance from the bottom up
        ys[0] = laag
        for i in range(1, len(ys)):
            ys[i] = max(ys[i], ys[i - 1] + min_afstand)
    uit = [0.0] * len(ys)
    for plek, i in enumerate(volgorde):
        uit[i] = ys[plek]
    return uit


def plot_hoogte_px(fig: go.Figure) -> float:
    h = fig.layout.height or SCHERM.hoogte
    t = fig.layout.margin.t or 0
    b = fig.layout.margin.b or 0
    return max(100.0, h - t - b)


def eindlabels(
    fig: go.Figure,
    items: Sequence[tuple[float, str, str]],
    *,
    presentatie: bool = False,
    yas: str = "y",
    bereik: tuple[float, float] | None = None,
) -> go.Figure:
    """Labels right of the plot at the end of each line: items are (y, tekst, tekstkleur).

    Labels are pushed apart so they never overlap; the right margin grows to fit the longest.
    Call after :func:`opmaak` (it needs the final margins) and after the y range is set.
    """
    if not items:
        return fig
    m = maat(presentatie)
    as_naam = "yaxis" if yas == "y" else "yaxis" + yas[1:]
    if bereik is None:
        rng = fig.layout[as_naam].range
        if rng is None:
            ys = [y for y, _, _ in items]
            rng = (min(0.0, *ys), max(ys) * 1.1 or 1.0)
        bereik = (float(rng[0]), float(rng[1]))
    laag, hoog = bereik
    items = [(y, _omloop(t), k) for y, t, k in items]
    px_per_eenheid = plot_hoogte_px(fig) / max(hoog - laag, 1e-9)
    regels_max = max(t.count("<br>") + 1 for _, t, _ in items)
    min_afstand = (m.basis * 1.25 * regels_max) / px_per_eenheid
    posities = spreid([y for y, _, _ in items], min_afstand, laag, hoog)
    for (_, tekst, kleur), y in zip(items, posities, strict=True):
        fig.add_annotation(
            name="eindlabel",
            text=tekst,
            xref="paper",
            x=1,
            xanchor="left",
            xshift=8,
            yref=yas,
            y=y,
            yanchor="middle",
            align="left",
            showarrow=False,
            font=dict(size=m.basis, color=kleur),
        )
    langste = max(max(len(r) for r in _zonder_tags(t).split("\n")) for _, t, _ in items)
    rechts = int(langste * m.basis * 0.62) + 32
    fig.update_layout(margin=dict(r=max(rechts, fig.layout.margin.r or 0)))
    return fig


def label_marge(labels: Iterable[str], presentatie: bool = False) -> int:
    """Left margin in px for horizontal-bar category labels (longest line + room)."""
    m = maat(presentatie)
    langste = max(
        (len(r) for t in labels for r in _zonder_tags(t).split("\n")),
        default=0,
    )
    return max(m.links, int(langste * m.basis * 0.6) + 2 * RAND_PX[presentatie] + 12)


def _omloop(tekst: str, breedte: int = 18) -> str:
    """Wrap a long end label onto lines of about ``breedte`` characters."""
    if "<br>" in tekst or len(_zonder_tags(tekst)) <= breedte:
        return tekst
    return "<br>".join(textwrap.wrap(tekst, breedte, break_long_words=False))


def _zonder_tags(tekst: str) -> str:
    return re.sub(r"<[^>]+>", "", tekst.replace("<br>", "\n"))


def bereik(waarden: Iterable[float], *, nul: bool = True, marge: float = 0.1) -> list[float]:
    """A y range with room above (and below) the data; includes 0 when ``nul``."""
    ws = [float(w) for w in waarden if not formaat.is_leeg(w)]
    if not ws:
        return [0.0, 1.0]
    lo, hi = min(ws), max(ws)
    if nul:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo or max(abs(hi), 1.0)
    lo_uit = lo - span * marge if (lo < 0 or not nul) else lo
    return [lo_uit, hi + span * marge]


# --------------------------------------------------------------------------------------------
# the same chart for another screen: a narrow one (tablet, phone) or a smaller projector

#: Below this width (px) of the page's content a chart is laid out again for that width.
SMAL = 760
_TEKEN_BREED = {"titel": 0.62, "eenheid": 0.56, "voet": 0.55, "basis": 0.6}


def _font_px(tekst: str, factor: float) -> str:
    return re.sub(
        r"font-size:\s*(\d+(?:\.\d+)?)px",
        lambda m: f"font-size:{max(8, round(float(m.group(1)) * factor))}px",
        tekst,
    )


def schaal(fig: go.Figure, factor: float) -> go.Figure:
    """A copy of a finished figure with all text, lines and margins scaled by `factor` (< 1): a
    slide designed for 1920×1080 on a 1280×720 projector, the same slide, smaller."""
    if factor >= 1:
        return fig
    nieuw = go.Figure(fig)
    m = maat(bool((fig.layout.meta or {}).get("presentatie")))

    def f(px) -> int:
        return max(8, round((px or m.basis) * factor))

    lay = nieuw.layout
    lay.font.size = f(lay.font.size)
    lay.legend.font.size = f(lay.legend.font.size)

    def as_schalen(as_) -> None:
        as_.tickfont.size = f(as_.tickfont.size)
        as_.title.font.size = f(as_.title.font.size)

    nieuw.for_each_xaxis(as_schalen)
    nieuw.for_each_yaxis(as_schalen)
    for a in lay.annotations:
        a.font.size = f(a.font.size)
        a.text = _font_px(a.text or "", factor)
        a.xshift = (a.xshift or 0) * factor
        a.yshift = (a.yshift or 0) * factor
    for spoor in nieuw.data:
        if getattr(spoor, "textfont", None) is not None:
            spoor.textfont.size = f(spoor.textfont.size)
        lijn = getattr(spoor, "line", None)
        if lijn is not None and lijn.width:
            lijn.width = max(1, lijn.width * factor)
    marge = lay.margin
    lay.margin = dict(
        l=round((marge.l or 0) * factor),
        r=round((marge.r or 0) * factor),
        t=round((marge.t or 0) * factor),
        b=round((marge.b or 0) * factor),
    )
    lay.height = round((lay.height or m.hoogte) * factor)
    return nieuw


def _regelaantal(tekst: str) -> int:
    return tekst.count("<br>") + 1


def pas_aan(fig: go.Figure, breedte: int | None) -> go.Figure:
    """The figure laid out for a content width of `breedte` px, when that is narrow (< SMAL):
    title, unit and footnote wrap within the width, the room for them and for the legend grows,
    fewer x-axis labels so they never print on top of each other, long notes in the plot wrap.
    A copy; the figure itself (cached) is left as it is. Wide or unknown: `fig` unchanged."""
    meta = fig.layout.meta or {}
    if not breedte or breedte >= SMAL or "titel" not in meta or meta.get("presentatie"):
        return fig
    m = SCHERM
    nieuw = go.Figure(fig)
    lay = nieuw.layout
    tekst_px = breedte - 2 * RAND_PX[False]

    def tekens(soort: str, px: int) -> int:
        return max(10, int(tekst_px / (px * _TEKEN_BREED[soort])))

    titel_a = next((a for a in lay.annotations if a.name == TITEL), None)
    voet_a = next((a for a in lay.annotations if a.name == VOETNOOT), None)
    boven = onder = 0
    if titel_a is not None:
        oud = _regelaantal(titel_a.text)
        titel_r = textwrap.wrap(meta["titel"], tekens("titel", m.titel)) or [meta["titel"]]
        eenheid_r = textwrap.wrap(meta["eenheid"], tekens("eenheid", m.eenheid)) or [""]
        titel_a.text = "<br>".join(f"<b>{_ontsnap(r)}</b>" for r in titel_r) + "".join(
            f"<br><span style='font-size:{m.eenheid}px'>{_ontsnap(r)}</span>" for r in eenheid_r
        )
        boven += round(
            (len(titel_r) + 1 - oud) * m.titel * 1.3 + (len(eenheid_r) - 1) * m.eenheid * 1.4
        )
        if fig.layout.showlegend is not False:
            rijen_oud = legenda_rijen(fig)
            rijen = legenda_rijen(fig, breedte=tekst_px)
            extra = (rijen - rijen_oud) * round(m.basis * 1.5)
            titel_a.yshift = (titel_a.yshift or 0) + extra
            boven += extra
    if voet_a is not None:
        delen = voetnoot_delen(
            bron=meta["bron"],
            laatste_maand=meta["laatste_maand"],
            teldefinitie=meta["teldefinitie"],
            noten=meta.get("noten") or (),
        )
        regels = _regels(delen, tekens("voet", m.voet))
        onder += (len(regels) - _regelaantal(voet_a.text)) * round(m.voet * 1.35)
        voet_a.text = "<br>".join(_ontsnap(r) for r in regels)
    marge = lay.margin
    lay.margin.t = (marge.t or 0) + max(0, boven)
    lay.margin.b = (marge.b or 0) + max(0, onder)
    lay.height = (lay.height or m.hoogte) + max(0, boven) + max(0, onder)
    plot_px = max(80, breedte - (marge.l or 0) - (marge.r or 0))
    nieuw.for_each_xaxis(lambda as_: _minder_ticks(as_, plot_px, m))
    # small multiples: a panel's title wraps within its column; room above for the top row's
    erbij = _paneeltitels_omlopen(lay.annotations, plot_px, m)
    if erbij:
        lay.margin.t += erbij
        lay.height += erbij
        if titel_a is not None:
            titel_a.yshift = (titel_a.yshift or 0) + erbij
    for a in lay.annotations:
        if a.name in (TITEL, VOETNOOT, "eindlabel") or not a.text or "<br>" in a.text:
            continue
        past = max(10, int(plot_px * 0.9 / ((a.font.size or m.basis) * 0.6)))
        if len(_zonder_tags(a.text)) > past and "<span" not in a.text:
            a.text = _omloop_met_tags(a.text, past)
    return nieuw


def _paneeltitels_omlopen(annotaties, plot_px: float, m: Maat) -> int:
    """Wrap the panel titles of small multiples (centred above each panel) within a column;
    return the extra room in px that the top row needs."""
    rijen: dict[float, list] = {}
    for a in annotaties:
        if (
            a.name is None
            and a.xanchor == "center"
            and a.xref == "paper"
            and a.yref == "paper"
            and a.text
            and "<br>" not in a.text
        ):
            rijen.setdefault(round(a.y, 4), []).append(a)
    if not rijen:
        return 0
    extra = 0
    bovenste = max(rijen)
    for y, rij in rijen.items():
        for a in rij:
            grootte = a.font.size or m.basis
            past = max(6, int(plot_px / len(rij) * 0.95 / (grootte * 0.62)))
            if len(_zonder_tags(a.text)) > past:
                a.text = _omloop_met_tags(a.text, past)
                if y == bovenste:
                    extra = max(extra, round((_regelaantal(a.text) - 1) * grootte * 1.3))
    return extra


def _omloop_met_tags(tekst: str, breedte: int) -> str:
    """Wrap a label on spaces into lines of at most `breedte` visible characters; tags without
    spaces (``<b>580</b>``) stay whole."""
    regels: list[str] = []
    for woord in tekst.split(" "):
        if regels and len(_zonder_tags(regels[-1] + " " + woord)) <= breedte:
            regels[-1] += " " + woord
        else:
            regels.append(woord)
    return "<br>".join(regels)


def _minder_ticks(as_, plot_px: float, m: Maat) -> None:
    """Keep every n-th of an axis's own tick labels so they fit `plot_px` side by side; an
    axis with automatic ticks gets a maximum number of them."""
    domein = as_.domain or (0, 1)
    beschikbaar = plot_px * (domein[1] - domein[0])
    grootte = as_.tickfont.size or m.basis
    if as_.tickvals is not None and as_.ticktext is not None and len(as_.tickvals) > 1:
        vals, teksten = list(as_.tickvals), list(as_.ticktext)

        def past(labels) -> int:
            breed = max(len(_zonder_tags(str(t))) for t in labels) * grootte * 0.6 + grootte
            return max(1, int(beschikbaar // breed))

        if len(vals) <= past(teksten):
            return
        # months on a date axis: January alone, labelled with its year ("2022"), is the
        # shortest label that still says where the time is
        januari = [v for v in vals if str(v)[4:8] == "-01-"]
        if januari:
            vals, teksten = januari, [str(v)[:4] for v in januari]
        stap = math.ceil(len(vals) / past(teksten))
        as_.tickvals, as_.ticktext = vals[::stap], teksten[::stap]
    elif as_.tickmode != "array":
        as_.nticks = max(2, int(beschikbaar // (grootte * 4)))
