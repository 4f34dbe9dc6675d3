"""Pact charts: progress to the target with forecast fan, needed vs current pace, scenarios."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

import domein

from . import formaat, reeksen, theme, zinnen
from ._bouw import hlijn, laatste, lijn, namen_as, vlijn, waarden

TELDEFINITIE_PACT = (
    "Activeringen naar werk ("
    + ", ".join(domein.label("bestemming", b) for b in domein.WERK_BESTEMMINGEN)
    + "), opgeteld sinds de start van het doel"
)

KWANTIELEN = ("p05", "p10", "p25", "p50", "p75", "p90", "p95")
#: (lower, upper, share in %, opacity): drawn from the widest to the narrowest band, so the
#: band around the median is the darkest.
BANDEN = (("p05", "p95", 90, 0.14), ("p10", "p90", 80, 0.22), ("p25", "p75", 50, 0.34))


def rechte_doellijn(van: str, tot: str, doelwaarde: float) -> pd.DataFrame:
    """The straight target path: ``[periode, doel]`` from ``van`` to ``tot`` (inclusive), where
    the cumulative target after month k of n is ``doelwaarde × k / n``."""
    n = formaat.maanden_tussen(van, tot) + 1
    if n < 1:
        raise ValueError("de einddatum van het doel ligt vóór de startdatum")
    return pd.DataFrame(
        {
            "periode": [formaat.periode_plus(van, k) for k in range(n)],
            "doel": [doelwaarde * (k + 1) / n for k in range(n)],
        }
    )


def _controleer_waaier(fan: pd.DataFrame) -> pd.DataFrame:
    ontbreekt = [k for k in ("periode", *KWANTIELEN) if k not in fan.columns]
    if ontbreekt:
        raise ValueError(f"waaier zonder kolommen {ontbreekt}")
    df = fan.copy()
    df["periode"] = df["periode"].map(formaat.periode)
    df = df.sort_values("periode").reset_index(drop=True)
    waarden_ = df[list(KWANTIELEN)].astype(float)
    if (waarden_.diff(axis=1).iloc[:, 1:] < -1e-9).any().any():
        raise ValueError("de kwantielen van de waaier moeten oplopen (p05 ≤ p10 ≤ … ≤ p95)")
    return df


def pact_voortgang(
    realisatie: pd.DataFrame,
    doelpad: pd.DataFrame,
    fan: pd.DataFrame | None,
    *,
    doelwaarde: float,
    deadline: str,
    as_of: str,
    bron: str,
    titel: str = "Activeringen naar werk: op weg naar het doel?",
    eenheid: str | None = None,
    teldefinitie: str = TELDEFINITIE_PACT,
    presentatie: bool = False,
) -> go.Figure:
    """Cumulative realised activations vs the straight target path and the forecast fan.

    - ``realisatie``: ``[periode, cumulatief]`` (cumulative since the target's start, up to
      ``as_of``; rows after ``as_of`` are ignored so a replay never shows the future).
    - ``doelpad``: ``[periode, doel]`` (see :func:`rechte_doellijn`).
    - ``fan``: ``[periode, p05, p10, p25, p50, p75, p90, p95]`` cumulative forecast for the
      months after ``as_of``, or ``None``. Bands 90/80/50% shaded, median dotted.
    A horizontal line marks the target, a vertical line the deadline; the footnote explains the
    bands in words (``fig.layout.meta["toelichting"]``).
    """
    m = theme.maat(presentatie)
    as_of = formaat.periode(as_of)
    deadline = formaat.periode(deadline)
    real = reeksen.als_frame(realisatie, "cumulatief")
    real = real[real["periode"] <= as_of]
    pad = reeksen.als_frame(doelpad, "doel")
    start = (
        pad["periode"].min() if not pad.empty else (real["periode"].min() if len(real) else as_of)
    )
    fig = go.Figure()
    alle_y: list[float] = [float(doelwaarde)]
    alle_p: list[str] = [deadline, as_of, start]

    laatste_real = laatste(list(real["periode"]), waarden(real["cumulatief"]))
    toelichting = None
    band_labels: list[tuple[float, str, str]] = []
    if fan is not None and not fan.empty:
        w = _controleer_waaier(fan)
        w = w[w["periode"] > as_of]
        if laatste_real is not None and laatste_real[0] == as_of:
            anker = {"periode": as_of, **dict.fromkeys(KWANTIELEN, laatste_real[1])}
            w = pd.concat([pd.DataFrame([anker]), w], ignore_index=True)
        x = [formaat.datum(p) for p in w["periode"]]
        for onder, boven, procent, alfa in BANDEN:
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=list(w[onder].astype(float)),
                    mode="lines",
                    line=dict(width=0),
                    name=f"{procent}%-band ondergrens",
                    hoverinfo="skip",
                    showlegend=False,
                    meta=f"band{procent}_onder",
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=list(w[boven].astype(float)),
                    mode="lines",
                    line=dict(width=0),
                    fill="tonexty",
                    fillcolor=theme.rgba(theme.BAND, alfa),
                    name=f"{procent}%-band",
                    customdata=[
                        [formaat.maand(p), formaat.getal(a), formaat.getal(b)]
                        for p, a, b in zip(w["periode"], w[onder], w[boven], strict=True)
                    ],
                    hovertemplate=(
                        f"%{{customdata[0]}}: {procent}%-band %{{customdata[1]}}–%{{customdata[2]}}"
                        "<extra></extra>"
                    ),
                    showlegend=False,
                    meta=f"band{procent}",
                )
            )
        mediaan = waarden(w["p50"])
        fig.add_trace(
            lijn(
                list(w["periode"]),
                mediaan,
                naam="Prognose (mediaan)",
                i=0,
                m=m,
                streepje="dot",
                showlegend=True,
            )
        )
        alle_y += [float(v) for v in w["p95"]]
        alle_p += list(w["periode"])
        toelichting = zinnen.band_zin()
        slot = w.iloc[-1]
        band_labels = [
            (float(slot[boven]), f"{procent // 10} op 10", theme.TEKSTKLEUR[theme.BAND])
            for _, boven, procent, _ in BANDEN
        ]
        band_labels.append(
            (float(slot["p50"]), f"Mediaan {formaat.getal(slot['p50'])}", theme.TEKST)
        )

    # target path and realisation on top of the fan
    pad_y = waarden(pad["doel"])
    fig.add_trace(
        lijn(
            list(pad["periode"]),
            pad_y,
            naam="Doelpad",
            i=4,
            m=m,
            streepje="dash",
            breedte=max(2.5, m.lijn * 0.7),
            showlegend=True,
        )
    )
    alle_p += list(pad["periode"])
    real_y = waarden(real["cumulatief"])
    fig.add_trace(
        lijn(list(real["periode"]), real_y, naam="Gerealiseerd", i=0, m=m, showlegend=True)
    )
    alle_y += [y for y in real_y if y is not None]
    alle_p += list(real["periode"])

    yb = theme.bereik(alle_y, marge=0.12)
    fig.update_yaxes(range=yb)
    formaat.nl_maandas(fig, alle_p)
    fig.update_xaxes(
        range=[
            formaat.datum(formaat.periode_plus(min(alle_p), -1)),
            formaat.datum(formaat.periode_plus(max(alle_p), 1)),
        ]
    )
    hlijn(
        fig,
        float(doelwaarde),
        f"Doel: {formaat.getal(doelwaarde)} tegen {formaat.maand(deadline)}",
        m,
        naam="doel",
        streepje="solid",
        breedte=max(2.0, m.lijn * 0.6),
    )
    # deadline label at the bottom: a cumulative chart is empty below its lines on the right
    vlijn(
        fig,
        deadline,
        f"Deadline<br>{formaat.maand(deadline)}",
        m,
        naam="deadline",
        streepje="dash",
        hoogte=0.03,
        xanchor="right",
        yanchor="bottom",
    )
    if laatste_real is not None:
        # the quotable number, in the empty upper left just under the target line
        fig.add_annotation(
            name="gerealiseerd",
            text=(
                f"<b>{formaat.getal(laatste_real[1])}</b> gerealiseerd tot en met "
                f"{formaat.maand(laatste_real[0])} "
                f"({zinnen.aandeel_tekst(laatste_real[1], doelwaarde)} van het doel)"
            ),
            xref="paper",
            x=0,
            xanchor="left",
            xshift=4,
            yref="y",
            y=float(doelwaarde),
            yanchor="top",
            yshift=-6,
            align="left",
            showarrow=False,
            bgcolor="rgba(255,255,255,0.85)",
            font=dict(size=m.basis, color=theme.TEKST),
        )
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid or f"aantal activeringen naar werk, opgeteld sinds {formaat.maand(start)}",
        bron=bron,
        laatste_maand=as_of,
        teldefinitie=teldefinitie,
        presentatie=presentatie,
        noten=[toelichting] if toelichting else [],
    )
    fig.update_layout(legend=dict(traceorder="reversed"))
    theme.eindlabels(fig, band_labels, presentatie=presentatie, bereik=tuple(yb))
    fig.layout.meta["toelichting"] = toelichting
    return fig


def nodig_vs_tempo(
    nodig_per_maand: float,
    huidig_tempo: float,
    *,
    bron: str,
    laatste_maand: str,
    titel: str = "Nodig tempo tegenover huidig tempo",
    eenheid: str = "activeringen naar werk per maand",
    nodig_label: str = "Nodig per maand tot de deadline",
    tempo_label: str = "Huidig tempo (gemiddelde van de laatste 12 maanden)",
    teldefinitie: str = TELDEFINITIE_PACT,
    decimalen: int = 1,
    presentatie: bool = False,
) -> go.Figure:
    """Two horizontal bars with direct labels. A target already reached (needed ≤ 0) shows 0
    with the text 'doel gehaald'."""
    m = theme.maat(presentatie)
    nodig = max(0.0, float(nodig_per_maand))
    tempo = max(0.0, float(huidig_tempo))
    namen = ["<br>".join(textwrap.wrap(t, 24)) for t in (nodig_label, tempo_label)]
    teksten = [
        "doel gehaald" if nodig_per_maand <= 0 else f"{formaat.getal(nodig, decimalen)} per maand",
        f"{formaat.getal(tempo, decimalen)} per maand",
    ]
    fig = go.Figure(
        go.Bar(
            y=list(reversed(namen)),
            x=[tempo, nodig],
            orientation="h",
            marker=dict(
                color=[theme.PALET[0], theme.PALET[1]],
                pattern=dict(shape=["", "/"], fgcolor=theme.WIT, solidity=0.3),
                line=dict(color=theme.WIT, width=1),
            ),
            text=list(reversed(teksten)),
            textposition="outside",
            textfont=dict(size=m.basis + 2, color=theme.TEKST),
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    hoogste = max(nodig, tempo, 1e-9)
    fig.update_xaxes(range=[0, hoogste * 1.45], showgrid=True, gridcolor=theme.RASTER)
    namen_as(fig, namen, m, presentatie)
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=laatste_maand,
        teldefinitie=teldefinitie,
        presentatie=presentatie,
        hoogte=round(m.hoogte * 0.7),
    )
    return fig


def scenario_verschil(
    basis: pd.DataFrame | pd.Series,
    scenario_bruto: pd.DataFrame | pd.Series,
    scenario_netto: pd.DataFrame | pd.Series,
    *,
    bron: str,
    laatste_maand: str,
    cumulatief: bool = True,
    titel: str = "Wat het scenario verandert",
    eenheid: str | None = None,
    teldefinitie: str | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """The scenario as a difference from the baseline forecast, gross and net.

    Each input is the monthly number of activations to work (not cumulative), as a ``Series``
    indexed by period or a frame ``[periode, waarde]``. Drawn: (scenario − basis) per month, or
    summed from the first month when ``cumulatief`` (default). ``laatste_maand``: the last month
    with data (the forecast starts after it).
    """
    m = theme.maat(presentatie)
    b = reeksen.als_frame(basis, "basis")
    br = reeksen.als_frame(scenario_bruto, "bruto")
    ne = reeksen.als_frame(scenario_netto, "netto")
    df = b.merge(br, on="periode").merge(ne, on="periode").sort_values("periode")
    if df.empty:
        raise ValueError("basis en scenario hebben geen maanden gemeen")
    perioden = list(df["periode"])
    fig = go.Figure()
    labels = []
    alle_y: list[float] = []
    for i, (kolom, naam) in enumerate((("bruto", "Bruto"), ("netto", "Netto"))):
        verschil = df[kolom].astype(float) - df["basis"].astype(float)
        if cumulatief:
            verschil = verschil.cumsum()
        ys = [float(v) for v in verschil]
        fig.add_trace(lijn(perioden, ys, naam=naam, i=i, m=m, decimalen=0, plus=True))
        alle_y += ys
        eind = laatste(perioden, ys)
        if eind:
            labels.append(
                (
                    eind[1],
                    f"{naam} {formaat.getal(eind[1], plus=True)}",
                    theme.stijl(i)["tekstkleur"],
                )
            )
    yb = theme.bereik(alle_y)
    fig.update_yaxes(range=yb)
    formaat.nl_maandas(fig, perioden)
    hlijn(
        fig, 0, "basisprognose", m, naam="nul", streepje="solid", kleur=theme.AS, positie="rechts"
    )
    standaard = (
        "extra activeringen naar werk t.o.v. de basisprognose, opgeteld"
        if cumulatief
        else "extra activeringen naar werk per maand t.o.v. de basisprognose"
    )
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid or standaard,
        bron=bron,
        laatste_maand=laatste_maand,
        teldefinitie=teldefinitie
        or (
            "Bruto: wat het pact telt (activeringen naar werk); netto: bruto min wie ook zonder "
            "de maatregel werk had gevonden (deadweight)"
        ),
        presentatie=presentatie,
    )
    theme.eindlabels(fig, labels, presentatie=presentatie, bereik=tuple(yb))
    return fig


__all__ = [
    "BANDEN",
    "KWANTIELEN",
    "TELDEFINITIE_PACT",
    "nodig_vs_tempo",
    "pact_voortgang",
    "rechte_doellijn",
    "scenario_verschil",
]
