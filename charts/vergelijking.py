"""Comparison charts: small multiples per municipality and a ranked bar."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import formaat, reeksen, theme
from ._bouw import esc, lijn, namen_as, waarden


def vergelijking_small_multiples(
    frame: pd.DataFrame,
    *,
    titel: str,
    eenheid: str,
    bron: str,
    teldefinitie: str,
    modus: str = "absoluut",
    basis_maand: str | None = None,
    gedeelde_y: bool | None = None,
    nadruk: str | None = None,
    context: bool = True,
    kolommen: int | None = None,
    decimalen: int | None = None,
    laatste_maand: str | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """One panel per municipality: ``frame [nis, naam, periode, waarde]`` (+ ``inwoners`` for
    ``modus="per1000"``; ``modus="index"`` indexes each to ``basis_maand`` = 100).

    The y axis is shared when the comparison is fair, i.e. by default for ``per1000`` and
    ``index`` (same scale per inhabitant / relative); for absolute counts of municipalities of
    very different size it is not shared unless ``gedeelde_y=True``. With ``context`` the other
    municipalities are drawn thin and grey behind each panel's own line. ``nadruk``: the nis of
    the user's own municipality (bold panel title).
    """
    if modus not in ("absoluut", "per1000", "index"):
        raise ValueError(f"onbekende modus {modus!r}")
    m = theme.maat(presentatie)
    df = frame.copy()
    df["nis"] = df["nis"].astype(str)
    df["periode"] = df["periode"].map(formaat.periode)
    df["_y"], basis = reeksen.volgens_modus(df, modus, "waarde", "nis", basis_maand, weglaten=True)
    # a municipality with 0 in the base month has no index: an empty panel that says why
    weg = reeksen.zonder_basis(df, "waarde", "nis", basis) if modus == "index" else []
    dec = reeksen.STANDAARD_DECIMALEN[modus] if decimalen is None else decimalen
    if gedeelde_y is None:
        gedeelde_y = modus != "absoluut"
    nissen = list(pd.unique(df["nis"]))
    if not nissen:
        raise ValueError("geen gemeenten om te vergelijken")
    namen = {n: str(df.loc[df["nis"] == n, "naam"].iloc[0]) for n in nissen}
    k = kolommen or min(len(nissen), 3)
    rijen = math.ceil(len(nissen) / k)
    titels = [
        f"<b>{esc(namen[n])}</b>" + (" (eigen gemeente)" if n == nadruk else "") for n in nissen
    ]
    fig = make_subplots(
        rows=rijen,
        cols=k,
        shared_xaxes="all",
        shared_yaxes="all" if gedeelde_y else False,
        subplot_titles=titels,
        horizontal_spacing=0.09 if gedeelde_y else 0.12,
        vertical_spacing=min(0.22, 0.5 / rijen) if rijen > 1 else 0.1,
    )
    reeks = {
        n: (
            list(g.sort_values("periode")["periode"]),
            waarden(g.sort_values("periode")["_y"]),
        )
        for n, g in df.groupby("nis", sort=False)
    }
    alle_y = [y for _, ys in reeks.values() for y in ys if y is not None]
    if modus == "index":
        alle_y.append(100.0)
    yb_gedeeld = theme.bereik(alle_y, nul=modus != "index", marge=0.15)
    for j, n in enumerate(nissen):
        r, c = j // k + 1, j % k + 1
        if context:
            for ander in nissen:
                if ander == n or ander in weg:
                    continue
                ps, ys = reeks[ander]
                tr = lijn(
                    ps,
                    ys,
                    naam=namen[ander],
                    i=0,
                    m=m,
                    decimalen=dec,
                    kleur=theme.CONTEXT,
                    streepje="solid",
                    breedte=max(1.5, m.lijn * 0.4),
                )
                tr.mode = "lines"
                tr.meta = "context"
                fig.add_trace(tr, row=r, col=c)
        ps, ys = reeks[n]
        as_nr = "" if j == 0 else str(j + 1)
        if n in weg:
            fig.add_annotation(
                name="geen_index",
                text=f"geen index:<br>0 in {formaat.maand(basis)}",
                x=0.5,
                y=0.5,
                xref=f"x{as_nr} domain",
                yref=f"y{as_nr} domain",
                showarrow=False,
                font=dict(size=m.basis, color=theme.TEKST),
            )
            continue
        tr = lijn(ps, ys, naam=namen[n], i=0, m=m, decimalen=dec, streepje="solid")
        tr.meta = n
        fig.add_trace(tr, row=r, col=c)
        eind = next(
            ((p, y) for p, y in zip(reversed(ps), reversed(ys), strict=True) if y is not None), None
        )
        if eind is not None:
            fig.add_annotation(
                name="eindwaarde",
                text=f"<b>{formaat.getal(eind[1], dec)}</b>",
                x=formaat.datum(eind[0]),
                y=eind[1],
                xref=f"x{as_nr}",
                yref=f"y{as_nr}",
                xanchor="right",
                yanchor="bottom",
                yshift=6,
                showarrow=False,
                bgcolor="rgba(255,255,255,0.8)",
                font=dict(size=m.basis, color=theme.stijl(0)["tekstkleur"]),
            )
        if modus == "index":
            fig.add_hline(y=100, line=dict(color=theme.AS, width=1.5, dash="dot"), row=r, col=c)
        if not gedeelde_y:
            eigen = [y for y in ys if y is not None]
            fig.update_yaxes(range=theme.bereik(eigen, nul=True, marge=0.15), row=r, col=c)
    if gedeelde_y:
        fig.update_yaxes(range=yb_gedeeld)
    alle_p = [p for ps, _ in reeks.values() for p in ps]
    formaat.nl_maandas(fig, alle_p, max_ticks=3 if k >= 3 else 5)
    for a in fig.layout.annotations:  # subplot titles
        if a.name is None:
            a.font = dict(size=m.basis + 2, color=theme.TEKST)
    lm = laatste_maand or max(df.loc[df["_y"].notna(), "periode"], default=max(df["periode"]))
    eenheid_tekst = eenheid
    if basis and "100" not in eenheid:
        eenheid_tekst = f"{eenheid} ({formaat.maand(basis)} = 100)"
    noten = [] if gedeelde_y else ["Elke gemeente heeft een eigen schaal"]
    noten.append(reeksen.geen_index_noot([namen[n] for n in weg], basis) or "")
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid_tekst,
        bron=bron,
        laatste_maand=lm,
        teldefinitie=teldefinitie,
        presentatie=presentatie,
        noten=noten,
        hoogte=max(m.hoogte, round(rijen * m.hoogte * 0.62) + 160),
        extra_boven=round(m.basis * 1.6),
    )
    fig.update_layout(showlegend=False)
    fig.layout.meta["modus"] = modus
    fig.layout.meta["basis_maand"] = basis
    fig.layout.meta["gedeelde_y"] = gedeelde_y
    return fig


def rangschikking(
    frame: pd.DataFrame,
    *,
    titel: str,
    eenheid: str,
    bron: str,
    laatste_maand: str,
    teldefinitie: str,
    decimalen: int = 0,
    plus: bool = False,
    achtervoegsel: str = "",
    nadruk: str | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """A ranked horizontal bar, highest on top: ``frame [naam, waarde]`` (optional ``nis``).

    ``nadruk`` (a nis or a name) highlights the own municipality (other colour and bold name).
    Values are labelled directly (``decimalen``, ``plus`` for changes, ``achtervoegsel`` e.g.
    ``"%"`` when the values are already percentages). Missing values are listed in the footnote.
    """
    m = theme.maat(presentatie)
    df = frame.copy()
    df["_w"] = pd.to_numeric(df["waarde"], errors="coerce")
    zonder = list(df.loc[df["_w"].isna(), "naam"].astype(str))
    df = df[df["_w"].notna()].sort_values("_w", ascending=True, kind="stable")

    def is_nadruk(rij) -> bool:
        return nadruk is not None and (
            str(rij.get("nis", "")) == str(nadruk) or str(rij["naam"]) == str(nadruk)
        )

    nadrukken = [is_nadruk(r) for _, r in df.iterrows()]
    namen = [
        f"<b>{esc(n)}</b>" if nd else esc(n) for n, nd in zip(df["naam"], nadrukken, strict=True)
    ]
    ws = [float(w) for w in df["_w"]]
    fig = go.Figure(
        go.Bar(
            y=namen,
            x=ws,
            orientation="h",
            marker=dict(
                color=[theme.PALET[1] if nd else theme.PALET[0] for nd in nadrukken],
                line=dict(color=theme.WIT, width=1),
            ),
            text=[formaat.getal(w, decimalen, plus=plus) + achtervoegsel for w in ws],
            textposition="outside",
            textfont=dict(size=m.basis, color=theme.TEKST),
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    lo, hi = min([0.0, *ws]), max([0.0, *ws])
    span = (hi - lo) or 1.0
    fig.update_xaxes(
        range=[lo - (span * 0.25 if lo < 0 else 0), hi + span * 0.25],
        showgrid=True,
        gridcolor=theme.RASTER,
        zeroline=True,
        zerolinecolor=theme.AS,
        zerolinewidth=2,
    )
    namen_as(fig, namen, m, presentatie, type="category")
    noten = ["Zonder gegevens: " + ", ".join(zonder)] if zonder else []
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=laatste_maand,
        teldefinitie=teldefinitie,
        presentatie=presentatie,
        noten=noten,
        hoogte=max(round(m.hoogte * 0.6), len(ws) * m.basis * 3 + 220),
    )
    return fig
