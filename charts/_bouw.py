"""Building blocks shared by the chart modules (private)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from . import formaat, theme

#: One month in milliseconds: bar widths on a date axis (Plotly measures them in ms).
MAAND_MS = 30.44 * 24 * 3600 * 1000


def esc(tekst: object) -> str:
    return html.escape(str(tekst), quote=False)


def waarden(reeks: Iterable[object]) -> list[float | None]:
    """Numbers as floats, anything missing or a string (suppressed) as None (a gap)."""
    uit: list[float | None] = []
    for v in reeks:
        if isinstance(v, str) or formaat.is_leeg(v):
            uit.append(None)
        else:
            uit.append(float(v))  # type: ignore[arg-type]
    return uit


def losse_punten(ys: Sequence[float | None]) -> list[bool]:
    """True for a value whose neighbours are both gaps: a line alone would not show it."""
    uit = []
    for i, y in enumerate(ys):
        links = ys[i - 1] if i > 0 else None
        rechts = ys[i + 1] if i + 1 < len(ys) else None
        uit.append(y is not None and links is None and rechts is None)
    return uit


def lijn(
    perioden: Sequence[str],
    ys: Sequence[float | None],
    *,
    naam: str,
    i: int,
    m: theme.Maat,
    decimalen: int = 0,
    plus: bool = False,
    achtervoegsel: str = "",
    showlegend: bool = False,
    breedte: float | None = None,
    kleur: str | None = None,
    streepje: str | None = None,
) -> go.Scatter:
    """One series as a thick line with Dutch hover text; gaps stay gaps."""
    s = theme.stijl(i)
    kleur = kleur or s["kleur"]
    losse = losse_punten(ys)
    return go.Scatter(
        x=[formaat.datum(p) for p in perioden],
        y=list(ys),
        name=naam,
        mode="lines+markers",
        connectgaps=False,
        line=dict(color=kleur, dash=streepje or s["streepje"], width=breedte or m.lijn),
        marker=dict(
            color=kleur,
            symbol=s["symbool"],
            size=[m.lijn * 3 if los else 0 for los in losse],
        ),
        customdata=[
            [formaat.maand(p), formaat.getal(y, decimalen, plus=plus) + achtervoegsel]
            for p, y in zip(perioden, ys, strict=True)
        ],
        hovertemplate=f"%{{customdata[0]}}: %{{customdata[1]}}<extra>{esc(naam)}</extra>",
        showlegend=showlegend,
    )


def laatste(perioden: Sequence[str], ys: Sequence[float | None]) -> tuple[str, float] | None:
    """The last (period, value) that is not a gap."""
    for p, y in zip(reversed(perioden), reversed(ys), strict=True):
        if y is not None:
            return p, y
    return None


def hlijn(
    fig: go.Figure,
    y: float,
    tekst: str | None,
    m: theme.Maat,
    *,
    naam: str,
    streepje: str = "dash",
    kleur: str = theme.TEKST,
    positie: str = "links",
    breedte: float | None = None,
) -> None:
    """A horizontal reference line across the plot with a label above it (no add_hline, so the
    result does not depend on the axis type)."""
    fig.add_shape(
        name=naam,
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref="y",
        y0=y,
        y1=y,
        line=dict(color=kleur, dash=streepje, width=breedte or max(2.0, m.lijn * 0.6)),
        layer="below",
    )
    if tekst:
        fig.add_annotation(
            name=naam,
            text=tekst,
            xref="paper",
            x=0 if positie == "links" else 1,
            xanchor="left" if positie == "links" else "right",
            xshift=4 if positie == "links" else -4,
            yref="y",
            y=y,
            yanchor="bottom",
            yshift=2,
            showarrow=False,
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(size=m.basis, color=kleur),
        )


def vlijn(
    fig: go.Figure,
    periode: str,
    tekst: str | None,
    m: theme.Maat,
    *,
    naam: str,
    streepje: str = "dot",
    hoogte: float = 1.0,
    xanchor: str = "left",
    yanchor: str = "top",
) -> None:
    """A vertical line at a month with a label at the top of the plot."""
    x = formaat.datum(periode)
    fig.add_shape(
        name=naam,
        type="line",
        xref="x",
        x0=x,
        x1=x,
        yref="paper",
        y0=0,
        y1=1,
        line=dict(color=theme.AS, dash=streepje, width=max(2.0, m.lijn * 0.6)),
        layer="below",
    )
    if tekst:
        fig.add_annotation(
            name=naam,
            text=tekst,
            xref="x",
            x=x,
            xanchor=xanchor,
            xshift=6 if xanchor == "left" else -6,
            yref="paper",
            y=hoogte,
            yanchor=yanchor,
            showarrow=False,
            align=xanchor,
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(size=m.basis, color=theme.TEKST),
        )


def markeringen(
    fig: go.Figure, annotaties: Sequence[tuple[str, str]] | None, m: theme.Maat
) -> list[str]:
    """Annotated key changes: a dotted vertical line per (periode, tekst), labels staggered so
    neighbours do not overlap. Returns the periods used."""
    if not annotaties:
        return []
    perioden = []
    for k, (periode, tekst) in enumerate(sorted(annotaties, key=lambda a: a[0])):
        p = formaat.periode(periode)
        perioden.append(p)
        vlijn(fig, p, esc(tekst), m, naam="markering", hoogte=1.0 - 0.09 * (k % 3))
    return perioden


def namen_as(
    fig: go.Figure, namen: Sequence[str], m: theme.Maat, presentatie: bool, **as_opties
) -> None:
    """The y axis of horizontal bars: the bar names with a blank tick as room before the bar,
    and a left margin that fits the longest name. ``as_opties``: further y-axis settings."""
    fig.update_yaxes(
        showgrid=False,
        **as_opties,
        tickfont=dict(size=m.basis, color=theme.TEKST),
        ticks="outside",
        ticklen=10,
        tickcolor=theme.WIT,
        # no automargin: theme.opmaak aligns title and footnote with the margin set here
        automargin=False,
    )
    fig.update_layout(margin=dict(l=theme.label_marge(namen, presentatie)))


def eenheid_tekst(eenheid: str | None, standaard: str) -> str:
    return eenheid if eenheid else standaard
