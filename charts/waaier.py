"""Forecast fan of a monthly series (Trends): the observed months, an 80% and a 95% band around
the median, and optionally a scenario drawn on top as a dashed line with its own 80% band.

Pure: frames in, a Plotly `Figure` out, through the one template (`theme.opmaak`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import formaat, theme
from ._bouw import lijn, waarden

WAAIER_KWANTIELEN = ("p2_5", "p10", "p50", "p90", "p97_5")
#: (lower, upper, legend name, opacity, legend rank): the wide band first, so the 80% band
#: lies on top. Legend order: observed, median, 80%, 95%, then the scenario.
BANDEN = (("p2_5", "p97_5", "95%-band", 0.14, 4), ("p10", "p90", "80%-band", 0.30, 3))
SCENARIO_KLEUR = theme.OKABE_ITO["vermiljoen"]
#: Observed months shown before the forecast (enough to see a season and a trend).
HISTORIE_MAANDEN = 36


def band_zin() -> str:
    return (
        "In 8 op de 10 gevallen valt de uitkomst binnen de 80%-band, in 19 op de 20 binnen de "
        "95%-band (gemeten op vroegere prognoses)."
    )


def _band(fig, x, onder, boven, *, naam, kleur, alfa, rang, rand=None) -> None:
    fig.add_trace(
        go.Scatter(
            x=x,
            y=onder,
            mode="lines",
            line=dict(width=1.5 if rand else 0, color=kleur, dash=rand),
            name=f"{naam} ondergrens",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=boven,
            mode="lines",
            line=dict(width=1.5 if rand else 0, color=kleur, dash=rand),
            fill="tonexty",
            fillcolor=theme.rgba(kleur, alfa),
            name=naam,
            customdata=[
                [formaat.getal(a), formaat.getal(b)] for a, b in zip(onder, boven, strict=True)
            ],
            hovertemplate=f"{naam} %{{customdata[0]}}–%{{customdata[1]}}<extra></extra>",
            showlegend=True,
            legendrank=rang,
        )
    )


def reeks_waaier(
    historie: pd.DataFrame,
    waaier: pd.DataFrame,
    laag: pd.DataFrame | None = None,
    *,
    titel: str,
    eenheid: str,
    bron: str,
    teldefinitie: str,
    laag_naam: str = "Scenario",
    noten: tuple[str, ...] = (),
    presentatie: bool = False,
) -> go.Figure:
    """`historie`: `periode, waarde`; `waaier`: `periode, p2_5, p10, p50, p90, p97_5` for the
    months after the last observed one; `laag`: `periode, p10, p50, p90` of the scenario."""
    m = theme.maat(presentatie)
    hist = historie.sort_values("periode").tail(HISTORIE_MAANDEN)
    laatste_p, laatste_y = str(hist["periode"].iloc[-1]), float(hist["waarde"].iloc[-1])
    # the fan starts at the last observation, so line and bands join
    anker = pd.DataFrame([{"periode": laatste_p, **dict.fromkeys(WAAIER_KWANTIELEN, laatste_y)}])
    w = pd.concat([anker, waaier], ignore_index=True)
    x = [formaat.datum(p) for p in w["periode"]]
    fig = go.Figure()
    for onder, boven, naam, alfa, rang in BANDEN:
        _band(fig, x, waarden(w[onder]), waarden(w[boven]), naam=naam, kleur=theme.BAND,
              alfa=alfa, rang=rang)  # fmt: skip
    fig.add_trace(
        lijn(list(w["periode"]), waarden(w["p50"]), naam="Prognose (mediaan)", i=0, m=m,
             streepje="dot", showlegend=True)
    )  # fmt: skip
    fig.data[-1].legendrank = 2
    alle_y = [*waarden(hist["waarde"]), *waarden(w["p2_5"]), *waarden(w["p97_5"])]
    if laag is not None:
        s = pd.concat(
            [pd.DataFrame([{"periode": laatste_p, "p10": laatste_y, "p50": laatste_y,
                            "p90": laatste_y}]), laag], ignore_index=True
        )  # fmt: skip
        xs = [formaat.datum(p) for p in s["periode"]]
        _band(fig, xs, waarden(s["p10"]), waarden(s["p90"]), naam=f"{laag_naam}: 80%-band",
              kleur=SCENARIO_KLEUR, alfa=0.12, rang=6, rand="dash")  # fmt: skip
        fig.add_trace(
            lijn(list(s["periode"]), waarden(s["p50"]), naam=f"{laag_naam} (mediaan)", i=1, m=m,
                 streepje="dash", kleur=SCENARIO_KLEUR, showlegend=True)
        )  # fmt: skip
        fig.data[-1].legendrank = 5
        alle_y += waarden(s["p90"])
    fig.add_trace(
        lijn(list(hist["periode"]), waarden(hist["waarde"]), naam="Waargenomen", i=0, m=m,
             streepje="solid", showlegend=True)
    )  # fmt: skip
    fig.data[-1].legendrank = 1
    perioden = [*hist["periode"], *w["periode"]]
    # not from 0: the width of the bands is the message, and a caseload never nears 0 here
    onder, boven = theme.bereik([y for y in alle_y if y is not None], nul=False)
    fig.update_yaxes(range=[max(onder, 0.0), boven])
    formaat.nl_maandas(fig, perioden)
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=laatste_p,
        teldefinitie=teldefinitie,
        presentatie=presentatie,
        noten=[band_zin(), *noten],
    )
    fig.update_layout(legend=dict(traceorder="normal"))
    return fig


def tabel(historie: pd.DataFrame, waaier: pd.DataFrame, laag: pd.DataFrame | None = None):
    """Exactly what the chart draws, per month: observed, median, both bands (and the scenario),
    in whole persons."""
    hist = historie.sort_values("periode").tail(HISTORIE_MAANDEN)
    t = pd.DataFrame({"maand": list(hist["periode"]) + list(waaier["periode"])})
    t["waargenomen"] = list(hist["waarde"]) + [None] * len(waaier)
    kolommen = {
        "p50": "prognose (mediaan)",
        "p10": "80%-band van",
        "p90": "80%-band tot",
        "p2_5": "95%-band van",
        "p97_5": "95%-band tot",
    }
    for k, naam in kolommen.items():
        t[naam] = [None] * len(hist) + list(waaier[k])
    if laag is not None:
        for k, naam in (("p50", "scenario (mediaan)"), ("p10", "scenario 80%-band van"),
                        ("p90", "scenario 80%-band tot")):  # fmt: skip
            t[naam] = [None] * len(hist) + list(laag[k])
    getallen = t.columns[1:]
    t[getallen] = t[getallen].astype(float).round(0).astype("Int64")
    return t
