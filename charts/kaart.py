"""A map of the Flemish municipalities (the barometer's "kaart type B"): one colour class per
municipality for a rate, the own municipality outlined, suppressed municipalities marked in grey
(never coloured), municipalities without figures left blank. Pure: frame + boundaries → `Figure`.

Drawn as filled polygons on plain axes, not as a plotly "geo" map: a geo map fetches a world
topojson from the internet (the product runs without). Kept small and quick to draw (issue 20:
the map's first paint within 1.5x a page with one line chart): the screen geometry (shared
borders simplified once, `referentie.grenzen_scherm`), one trace per colour class, plain rounded
numbers, and one marker per municipality whose tooltip is a template over its customdata."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

import domein

from . import formaat, theme
from ._bouw import esc

#: status of a municipality's figure on the map (vocabulary in domein)
OK, AFGESCHERMD, GEEN = domein.GETOOND, domein.AFGESCHERMD, domein.GEEN_GEGEVENS
STATUS_LABEL = domein.STATUS_LABEL
# sequential, colour-blind safe, dark = high (ColorBrewer "Blues", 5 classes)
KLEUREN = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
KLEUR_AFGESCHERMD = "#7a7a7a"  # grey with its own legend entry: marked, not coloured
KLEUR_GEEN = "#ffffff"
RAND = "#8c8c8c"
_COS_LAT = math.cos(math.radians(51.0))  # lon/lat → equal-area-ish plane at Flanders' latitude
_DECIMALEN = 4  # in the plane (degrees of latitude): about 10 m, far below a pixel


def _ringen(geometrie: dict) -> list[list]:
    """The outer rings of a (Multi)Polygon."""
    polygonen = geometrie["coordinates"]
    if geometrie["type"] == "Polygon":
        polygonen = [polygonen]
    return [poly[0] for poly in polygonen]


_VORMEN: dict[int, tuple[dict, dict]] = {}  # id(grenzen) → (grenzen, vormen): computed once


def vormen(grenzen: dict) -> dict[str, list[np.ndarray]]:
    """nis → its rings as arrays of (x, y) in the map plane."""
    if id(grenzen) in _VORMEN and _VORMEN[id(grenzen)][0] is grenzen:
        return _VORMEN[id(grenzen)][1]
    uit = {}
    for f in grenzen["features"]:
        ringen = [np.asarray(r, dtype=float) for r in _ringen(f["geometry"])]
        vlak = [np.column_stack([r[:, 0] * _COS_LAT, r[:, 1]]) for r in ringen]
        uit[f["properties"]["nis"]] = vlak
    _VORMEN[id(grenzen)] = (grenzen, uit)
    return uit


def _pad(ringen: list[np.ndarray]) -> tuple[list, list]:
    """x and y of several rings as plain lists separated by None (plotly fills each part on its
    own). Plain rounded numbers, not numpy arrays: plotly.py sends an array as a typed array,
    which plotly.js decodes anew on every `Plotly.react`, so Streamlit's second render of the
    chart redrew every polygon; a list is also smaller than 8-byte floats in base64."""
    x: list = []
    y: list = []
    for r in ringen:
        x.extend([*r[:, 0].round(_DECIMALEN).tolist(), None])
        y.extend([*r[:, 1].round(_DECIMALEN).tolist(), None])
    return x, y


def _vlak(ringen, *, naam: str, kleur: str, lijn: str = RAND, breedte: float = 0.5, legende=True):
    x, y = _pad(ringen)
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        fill="toself",
        fillcolor=kleur,
        line=dict(color=lijn, width=breedte, dash="solid"),
        name=naam,
        hoverinfo="skip",
        showlegend=legende,
    )


def _ankerpunt(ringen: list[np.ndarray]) -> tuple[float, float]:
    """A point for the tooltip: the vertex mean of the largest ring."""
    grootste = max(ringen, key=len)
    return round(float(grootste[:, 0].mean()), _DECIMALEN), round(
        float(grootste[:, 1].mean()), _DECIMALEN
    )


def klassen(waarden: pd.Series, decimalen: int) -> list[float]:
    """Class bounds (at most 5 classes), quintiles rounded as shown; unique and increasing."""
    w = pd.to_numeric(waarden, errors="coerce").dropna()
    if w.empty:
        return []
    grenzen = sorted({round(float(q), decimalen) for q in w.quantile([0.2, 0.4, 0.6, 0.8])})
    return [g for g in grenzen if w.min() < g <= w.max()]


def klasse_labels(grenzen: list[float], decimalen: int) -> list[str]:
    if not grenzen:
        return ["alle"]
    g = [formaat.getal(x, decimalen) for x in grenzen]
    tussen = [f"{a} tot {b}" for a, b in zip(g, g[1:], strict=False)]
    return [f"minder dan {g[0]}", *tussen, f"{g[-1]} of meer"]


def hoverregel(rij, *, eenheid: str, decimalen: int) -> str:
    """The municipality's line in its tooltip: rate and count, or its status."""
    if rij["status"] == OK:
        return (
            f"{formaat.getal(rij['maat'], decimalen)} {esc(eenheid)}"
            f"<br>aantal: {formaat.getal(rij['aantal'])}"
        )
    return STATUS_LABEL[rij["status"]]


def hovertemplate(teldefinitie: str) -> str:
    """The tooltip of every municipality (name and its line in customdata): the count definition
    once in the template, not 285 times in the figure."""
    return (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}"
        f"<br>teldefinitie: {esc(teldefinitie)}<extra></extra>"
    )


def kaart(
    frame: pd.DataFrame,
    grenzen: dict,
    *,
    titel: str,
    eenheid: str,
    bron: str,
    teldefinitie: str,
    laatste_maand: str,
    eigen: str | None = None,
    decimalen: int = 1,
    noten: list[str] | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """`frame`: nis, naam, aantal, maat (the rate shown), status (`OK`/`AFGESCHERMD`/`GEEN`);
    municipalities of `grenzen` missing from the frame count as `GEEN`."""
    alle = vormen(grenzen)
    df = frame.set_index("nis")
    fig = go.Figure()
    getoond = df[df["status"] == OK]
    bounds = klassen(getoond["maat"], decimalen)
    klasse = np.searchsorted(bounds, pd.to_numeric(getoond["maat"]).to_numpy(), side="right")
    kleuren = KLEUREN if len(bounds) == 4 else KLEUREN[-(len(bounds) + 1) :]
    for i, label in enumerate(klasse_labels(bounds, decimalen)):
        nissen = getoond.index[klasse == i]
        ringen = [r for n in nissen for r in alle.get(n, [])]
        fig.add_trace(_vlak(ringen or [np.empty((0, 2))], naam=label, kleur=kleuren[i]))
    status = df["status"].reindex(list(alle), fill_value=GEEN)
    for soort, kleur in ((AFGESCHERMD, KLEUR_AFGESCHERMD), (GEEN, KLEUR_GEEN)):
        nissen = status.index[status == soort]
        if len(nissen):
            ringen = [r for n in nissen for r in alle[n]]
            fig.add_trace(_vlak(ringen, naam=STATUS_LABEL[soort], kleur=kleur))
    if eigen is not None and eigen in alle:
        naam = df["naam"].get(eigen, eigen)
        fig.add_trace(
            _vlak(
                alle[eigen],
                naam=f"{naam} (eigen gemeente)",
                kleur="rgba(0,0,0,0)",
                lijn=theme.TEKST,
                breedte=3,
            )
        )
    tip = df.reset_index()
    tip = tip[tip["nis"].isin(alle)]
    punten = [_ankerpunt(alle[n]) for n in tip["nis"]]
    fig.add_trace(
        go.Scatter(
            x=[p[0] for p in punten],
            y=[p[1] for p in punten],
            mode="markers",
            marker=dict(size=14, color="rgba(0,0,0,0)"),
            customdata=[
                [esc(r["naam"]), hoverregel(r, eenheid=eenheid, decimalen=decimalen)]
                for r in tip.to_dict("records")
            ],
            hovertemplate=hovertemplate(teldefinitie),
            showlegend=False,
            name="gemeenten",
        )
    )
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), dragmode=False)
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=laatste_maand,
        teldefinitie=teldefinitie,
        presentatie=presentatie,
        noten=noten or (),
    )
    # after the template: the plane has no axes, keeps its aspect and cannot be dragged
    fig.update_xaxes(visible=False, fixedrange=True)
    fig.update_yaxes(visible=False, fixedrange=True, scaleanchor="x", scaleratio=1)
    return fig
