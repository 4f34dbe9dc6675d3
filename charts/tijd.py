"""Time-series charts: trend, inflow/outflow, breakdowns, probability over time, track record."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

import domein

from . import formaat, reeksen, theme
from ._bouw import MAAND_MS, eenheid_tekst, esc, hlijn, laatste, lijn, markeringen, waarden

MODI = ("absoluut", "per1000", "index")


def _teldefinitie(teldefinitie: str | None, indicator: str | None) -> str:
    if teldefinitie:
        return teldefinitie
    if indicator and indicator in domein.TELDEFINITIE:
        return domein.TELDEFINITIE[indicator]
    raise ValueError("geef een teldefinitie of een indicator uit data_access.domein.INDICATOREN")


def _laatste_maand(laatste_maand: str | None, *frames_kolommen) -> str:
    """The given last month, else the last period with a value in any of the (frame, column)."""
    if laatste_maand:
        return formaat.periode(laatste_maand)
    kandidaten = []
    for frame, kolom in frames_kolommen:
        df = frame[frame[kolom].notna()] if kolom else frame
        if not df.empty:
            kandidaten.append(formaat.periode(df["periode"].max()))
    if not kandidaten:
        raise ValueError("geen gegevens: de laatste maand is onbekend")
    return max(kandidaten)


def _check_reeksen(aantal: int, max_reeksen: int = theme.MAX_REEKSEN) -> None:
    if aantal > max_reeksen:
        raise ValueError(
            f"{aantal} reeksen in één grafiek is te veel (maximaal {max_reeksen}); "
            "gebruik vergelijking_small_multiples"
        )


def _per_maand(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A copy of ``frame`` with its periods as ``YYYY-MM`` in month order, and those periods."""
    df = frame.copy()
    df["periode"] = df["periode"].map(formaat.periode)
    df = df.sort_values("periode")
    return df, list(df["periode"])


# --------------------------------------------------------------------------------------------


def trend(
    frame: pd.DataFrame,
    *,
    titel: str,
    bron: str,
    waarde_kolom: str = "waarde",
    reeks_kolom: str | None = None,
    reeks_labels: Mapping[object, str] | None = None,
    modus: str = "absoluut",
    basis_maand: str | None = None,
    annotaties: Sequence[tuple[str, str]] | None = None,
    eenheid: str | None = None,
    teldefinitie: str | None = None,
    indicator: str | None = None,
    laatste_maand: str | None = None,
    decimalen: int | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """Lines over time for one or more series (≤ 5), with direct end-of-line labels.

    ``frame``: ``[periode, <waarde_kolom>]`` plus ``<reeks_kolom>`` (e.g. ``nis`` or ``naam``)
    for several series; for ``modus="per1000"`` also ``inwoners`` (see
    :func:`data_access.queries.per_1000`). ``modus="index"``: every series divided by its value in
    ``basis_maand`` (default: first month where all series have data) × 100, with a reference
    line at 100. ``annotaties``: list of ``(periode, tekst)`` key changes. ``teldefinitie``
    defaults to ``domein.TELDEFINITIE[indicator]``.
    """
    if modus not in MODI:
        raise ValueError(f"modus moet een van {MODI} zijn, niet {modus!r}")
    teldef = _teldefinitie(teldefinitie, indicator)
    m = theme.maat(presentatie)
    df = frame.copy()
    df["periode"] = df["periode"].map(formaat.periode)
    sleutels = list(pd.unique(df[reeks_kolom])) if reeks_kolom else [None]
    _check_reeksen(len(sleutels))

    df["_y"], basis = reeksen.volgens_modus(
        df, modus, waarde_kolom, reeks_kolom, basis_maand, weglaten=True
    )
    # a series with 0 in the base month has no index: its line is left out, the note says so
    weg = reeksen.zonder_basis(df, waarde_kolom, reeks_kolom, basis) if modus == "index" else []
    dec = reeksen.STANDAARD_DECIMALEN[modus] if decimalen is None else decimalen
    if modus == "per1000":
        standaard_eenheid = "per 1.000 inwoners"
    elif modus == "index":
        standaard_eenheid = f"index, {formaat.maand(basis)} = 100"
    else:
        standaard_eenheid = "aantal"
    lm = _laatste_maand(laatste_maand, (df, "_y" if df["_y"].notna().any() else None))

    def _naam(sleutel) -> str:
        return (reeks_labels or {}).get(sleutel, str(sleutel)) if sleutel is not None else titel

    fig = go.Figure()
    labels: list[tuple[float, str, str]] = []
    alle_y: list[float] = []
    alle_perioden: list[str] = []
    for i, sleutel in enumerate(sleutels):
        if sleutel in weg:
            continue
        deel = df if sleutel is None else df[df[reeks_kolom] == sleutel]
        deel = deel.sort_values("periode")
        perioden = list(deel["periode"])
        ys = waarden(deel["_y"])
        naam = (reeks_labels or {}).get(sleutel, str(sleutel)) if sleutel is not None else titel
        fig.add_trace(lijn(perioden, ys, naam=naam, i=i, m=m, decimalen=dec))
        alle_y += [y for y in ys if y is not None]
        alle_perioden += perioden
        eind = laatste(perioden, ys)
        if eind is not None:
            waarde_tekst = formaat.getal(eind[1], dec)
            tekst = waarde_tekst if sleutel is None else f"{esc(naam)} {waarde_tekst}"
            labels.append((eind[1], tekst, theme.stijl(i)["tekstkleur"]))

    yb = theme.bereik([*alle_y, 100.0] if modus == "index" else alle_y, nul=modus != "index")
    fig.update_yaxes(range=yb)
    formaat.nl_maandas(fig, alle_perioden or [lm])
    if modus == "index":
        hlijn(fig, 100, f"{formaat.maand(basis)} = 100", m, naam="basis", streepje="solid")
    markeringen(fig, annotaties, m)
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid_tekst(eenheid, standaard_eenheid),
        bron=bron,
        laatste_maand=lm,
        teldefinitie=teldef,
        presentatie=presentatie,
        noten=[reeksen.geen_index_noot([_naam(s) for s in weg], basis) or ""],
    )
    theme.eindlabels(fig, labels, presentatie=presentatie, bereik=tuple(yb))
    fig.layout.meta["modus"] = modus
    fig.layout.meta["basis_maand"] = basis
    return fig


def instroom_uitstroom(
    frame: pd.DataFrame,
    *,
    bron: str,
    titel: str = "Instroom en uitstroom",
    eenheid: str | None = None,
    teldefinitie: str | None = None,
    laatste_maand: str | None = None,
    voortschrijdend: int | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """Inflow vs outflow per month: ``frame [periode, instroom, uitstroom]``.

    ``voortschrijdend=3`` draws trailing 3-month means (small municipalities have noisy months);
    the unit line says so.
    """
    m = theme.maat(presentatie)
    df, perioden = _per_maand(frame)
    dec = 0
    standaard = "personen per maand"
    if voortschrijdend and voortschrijdend > 1:
        for k in ("instroom", "uitstroom"):
            df[k] = reeksen.voortschrijdend(df[k].reset_index(drop=True), voortschrijdend).values
        dec = 1
        standaard = f"personen per maand, gemiddelde over {voortschrijdend} maanden"
    teldef = teldefinitie or (
        "Stroom: nieuwe leefloongerechtigden in de maand (instroom) en personen die in de maand "
        "het leefloon verlieten (uitstroom)"
    )
    lm = _laatste_maand(laatste_maand, (df, "instroom"), (df, "uitstroom"))
    fig = go.Figure()
    namen = (domein.label("indicator", "instroom"), "Uitstroom")
    alle_y, labels = _lijnen_met_eindwaarde(
        fig,
        perioden,
        [(0, namen[0], waarden(df["instroom"])), (1, namen[1], waarden(df["uitstroom"]))],
        m=m,
        decimalen=dec,
    )
    return _lijnen_afwerken(
        fig,
        perioden,
        alle_y,
        labels,
        titel=titel,
        eenheid=eenheid_tekst(eenheid, standaard),
        bron=bron,
        laatste_maand=lm,
        teldefinitie=teldef,
        presentatie=presentatie,
    )


# --------------------------------------------------------------------------------------------
# breakdowns under disclosure control


def _samenvoegen(df: pd.DataFrame, codes: list[str], max_reeksen: int, dimensie: str):
    """Keep the largest ``max_reeksen - 1`` categories, merge the rest into 'Overige'.

    A merged cell is visible only when all its parts are visible (a sum never reveals a
    hidden cell); otherwise it is hidden as 'x'."""
    if len(codes) <= max_reeksen:
        return df, codes, []
    grootte = df[~df["onderdrukt"]].groupby("categorie")["aantal"].sum()
    top = sorted(codes, key=lambda c: -float(grootte.get(c, 0) or 0))[: max_reeksen - 1]
    houden = [c for c in codes if c in top]
    rest = [c for c in codes if c not in top]
    delen = []
    for periode, g in df[df["categorie"].isin(rest)].groupby("periode"):
        verborgen = bool(g["onderdrukt"].any()) or g["aantal"].isna().any()
        totaal = pd.NA if verborgen else int(g["aantal"].sum())
        delen.append(
            {
                "periode": periode,
                "categorie": "_overige",
                "aantal": totaal,
                "weergave": "x" if verborgen else str(totaal),
                "onderdrukt": verborgen,
            }
        )
    samen = pd.DataFrame(delen, columns=df.columns)
    samen["aantal"] = samen["aantal"].astype("Int64")
    uit = pd.concat([df[df["categorie"].isin(houden)], samen], ignore_index=True)
    return uit, [*houden, "_overige"], [domein.label(dimensie, c) for c in rest]


def uitsplitsing(
    frame: pd.DataFrame,
    dimensie: str,
    *,
    titel: str,
    bron: str,
    eenheid: str = "aantal personen",
    teldefinitie: str | None = None,
    indicator: str | None = None,
    laatste_maand: str | None = None,
    vorm: str = "lijnen",
    drempel: int = 5,
    max_reeksen: int = theme.MAX_REEKSEN,
    presentatie: bool = False,
    noot: str | None = None,
) -> go.Figure:
    """A breakdown over time by ``dimensie`` (doelgroep, leeftijd, pijler, bestemming).

    ``frame`` is the disclosure-controlled shape from ``data_access.queries.uitsplitsing``:
    ``[periode, categorie, aantal (Int64, <NA> where hidden), weergave (str), onderdrukt (bool)]``.
    A ``totaal`` category is left out. Hidden cells are never drawn as a number:

    - ``vorm="lijnen"`` (default): a gap in the category's line; months with a ``<5`` cell get a
      hatched band from 0 to the threshold labelled ``<5`` (the value lies in that band),
      months with an ``x`` cell (hidden so no other cell can be recomputed) only the gap.
    - ``vorm="staven"`` (stacked, for ≤ 24 months): the hidden segment is left out and the bar
      gets the text ``<5`` / ``x`` on top.

    More than ``max_reeksen`` categories: the largest are kept, the rest merged into 'Overige'
    (named in the footnote). The footnote states the disclosure rule, after ``noot`` (e.g. that
    the categories were merged).
    """
    if vorm not in ("lijnen", "staven"):
        raise ValueError("vorm moet 'lijnen' of 'staven' zijn")
    vereist = {"periode", "categorie", "aantal", "weergave", "onderdrukt"}
    if not vereist <= set(frame.columns):
        raise ValueError(f"uitsplitsing verwacht de kolommen {sorted(vereist)}")
    teldef = _teldefinitie(teldefinitie, indicator)
    m = theme.maat(presentatie)
    df = frame[frame["categorie"] != "totaal"].copy()
    df["periode"] = df["periode"].map(formaat.periode)
    if df.duplicated(["categorie", "periode"]).any():
        raise ValueError("uitsplitsing met dubbele (categorie, periode)-rijen")
    df["onderdrukt"] = df["onderdrukt"].fillna(True).astype(bool)
    # a cell is shown only when it is not suppressed AND has a number
    df["onderdrukt"] = df["onderdrukt"] | df["aantal"].isna()
    df["aantal"] = df["aantal"].astype("Int64").mask(df["onderdrukt"])
    volgorde = list(domein.DIMENSIES.get(dimensie, ()))
    aanwezig = list(pd.unique(df["categorie"]))
    codes = [c for c in volgorde if c in aanwezig] + [c for c in aanwezig if c not in volgorde]
    df, codes, samengevoegd = _samenvoegen(df, codes, max_reeksen, dimensie)
    perioden = sorted(df["periode"].unique())
    lm = _laatste_maand(laatste_maand, (df, None))

    def lab(code: str) -> str:
        return "Overige" if code == "_overige" else domein.label(dimensie, code)

    # one dict lookup per cell (a MultiIndex .loc per cell cost ~50 ms per chart)
    tabel = {
        (r.categorie, r.periode): r
        for r in df[["categorie", "periode", "onderdrukt", "weergave", "aantal"]].itertuples(
            index=False
        )
    }
    fig = go.Figure()
    labels = []
    alle_y: list[float] = []
    verborgen_lt: dict[str, list[str]] = {p: [] for p in perioden}  # "<5"-cells per month
    verborgen_x: dict[str, list[str]] = {p: [] for p in perioden}
    zichtbaar_totaal = dict.fromkeys(perioden, 0.0)
    for i, code in enumerate(codes):
        ys: list[float | None] = []
        for p in perioden:
            rij = tabel.get((code, p))
            if rij is None:
                ys.append(None)
            elif rij.onderdrukt:
                ys.append(None)
                weergave = str(rij.weergave).strip()
                doel = verborgen_lt if weergave.startswith("<") else verborgen_x
                doel[p].append(lab(code))
            else:
                ys.append(float(rij.aantal))
                zichtbaar_totaal[p] += float(rij.aantal)
        naam = lab(code)
        if vorm == "lijnen":
            tr = lijn(perioden, ys, naam=naam, i=i, m=m)
            tr.customdata = [[formaat.maand(p), _weergave(tabel, code, p)] for p in perioden]
            fig.add_trace(tr)
            eind = laatste(perioden, ys)
            if eind:
                labels.append((eind[1], esc(naam), theme.stijl(i)["tekstkleur"]))
        else:
            s = theme.stijl(i)
            fig.add_trace(
                go.Bar(
                    x=[formaat.datum(p) for p in perioden],
                    y=ys,
                    width=[MAAND_MS * 0.8] * len(perioden),
                    name=naam,
                    marker=dict(color=s["kleur"], line=dict(color=theme.WIT, width=1)),
                    customdata=[[formaat.maand(p), _weergave(tabel, code, p)] for p in perioden],
                    hovertemplate=(
                        f"%{{customdata[0]}}: %{{customdata[1]}}<extra>{esc(naam)}</extra>"
                    ),
                    showlegend=True,
                )
            )
        alle_y += [y for y in ys if y is not None]

    drempel_tekst = f"<{drempel}"
    if vorm == "lijnen":
        band_p = [p for p in perioden if verborgen_lt[p]]
        if band_p:
            fig.add_trace(
                go.Bar(
                    name=f"Verborgen: {drempel_tekst} (tussen 1 en {drempel - 1})",
                    x=[formaat.datum(p) for p in band_p],
                    y=[drempel] * len(band_p),
                    width=[MAAND_MS * 0.9] * len(band_p),
                    base=0,
                    marker=dict(
                        color=theme.rgba("#000000", 0.04),
                        line=dict(color="#767676", width=1),
                        pattern=dict(shape="/", fgcolor="#767676", size=10, solidity=0.15),
                    ),
                    text=[drempel_tekst] * len(band_p) if len(band_p) <= 24 else None,
                    textposition="outside",
                    textfont=dict(size=m.basis, color=theme.TEKST),
                    customdata=[[formaat.maand(p), ", ".join(verborgen_lt[p])] for p in band_p],
                    hovertemplate=(
                        f"%{{customdata[0]}}: {esc(drempel_tekst)} bij %{{customdata[1]}}"
                        "<extra></extra>"
                    ),
                    showlegend=True,
                    meta="verborgen",
                )
            )
            alle_y.append(drempel * 1.6)
    else:
        fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
        top_p = [p for p in perioden if verborgen_lt[p] or verborgen_x[p]]
        if top_p:
            fig.add_trace(
                go.Scatter(
                    name="verborgen",
                    x=[formaat.datum(p) for p in top_p],
                    y=[zichtbaar_totaal[p] for p in top_p],
                    mode="text",
                    text=[drempel_tekst if not verborgen_x[p] else "x" for p in top_p],
                    textposition="top center",
                    textfont=dict(size=m.basis, color=theme.TEKST),
                    hoverinfo="skip",
                    showlegend=False,
                    meta="verborgen",
                )
            )
        alle_y += list(zichtbaar_totaal.values())

    noten = [noot, _onderdrukking_noot(frame, drempel, any(verborgen_x.values()))]
    if samengevoegd:
        noten.append("Overige: " + ", ".join(samengevoegd))
    yb = theme.bereik(alle_y)
    fig.update_yaxes(range=yb)
    formaat.nl_maandas(fig, perioden or [lm])
    if vorm == "staven":
        fig.update_layout(showlegend=True)
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=lm,
        teldefinitie=teldef,
        presentatie=presentatie,
        noten=noten,
    )
    if vorm == "lijnen":
        theme.eindlabels(fig, labels, presentatie=presentatie, bereik=tuple(yb))
    return fig


def _lijnen_met_eindwaarde(
    fig: go.Figure,
    perioden: list[str],
    reeksen: list[tuple[int, str, list[float | None]]],
    *,
    m: theme.Maat,
    decimalen: int = 0,
    showlegend: bool = False,
) -> tuple[list[float], list[tuple[float, str, str]]]:
    """One line per (style index, name, values), each labelled with its last value; returns
    every drawn value (for the axis range) and the end labels."""
    alle_y: list[float] = []
    labels = []
    for i, naam, ys in reeksen:
        fig.add_trace(
            lijn(perioden, ys, naam=naam, i=i, m=m, decimalen=decimalen, showlegend=showlegend)
        )
        alle_y += [y for y in ys if y is not None]
        eind = laatste(perioden, ys)
        if eind:
            tekst = f"{naam} {formaat.getal(eind[1], decimalen)}"
            labels.append((eind[1], tekst, theme.stijl(i)["tekstkleur"]))
    return alle_y, labels


def _lijnen_afwerken(
    fig: go.Figure,
    perioden: list[str],
    alle_y: list[float],
    labels: list[tuple[float, str, str]],
    *,
    laatste_maand: str,
    presentatie: bool,
    **kader: str,
) -> go.Figure:
    """Finish lines drawn by :func:`_lijnen_met_eindwaarde`: y range over every drawn value, the
    month axis, the house frame (``kader``: titel, eenheid, bron, teldefinitie of
    :func:`theme.opmaak`), then the end labels (they need the final range and margins)."""
    yb = theme.bereik(alle_y)
    fig.update_yaxes(range=yb)
    formaat.nl_maandas(fig, perioden or [laatste_maand])
    theme.opmaak(fig, laatste_maand=laatste_maand, presentatie=presentatie, **kader)
    theme.eindlabels(fig, labels, presentatie=presentatie, bereik=tuple(yb))
    return fig


def _weergave(tabel: dict, code: str, p: str) -> str:
    rij = tabel.get((code, p))
    if rij is None:
        return formaat.LEEG
    if rij.onderdrukt:
        return str(rij.weergave)
    return formaat.getal(rij.aantal)


def _onderdrukking_noot(frame: pd.DataFrame, drempel: int, met_x: bool) -> str:
    onderdrukt = frame["onderdrukt"].fillna(True).astype(bool)
    getoond = frame.loc[~onderdrukt & frame["aantal"].notna(), "aantal"]
    kleine_zichtbaar = bool(((getoond >= 1) & (getoond < drempel)).any())
    if kleine_zichtbaar:
        return (
            f"Onafgeschermde detail (ook cellen onder {drempel}): alleen voor analisten van de "
            "gemeente, niet verspreiden"
        )
    noot = f"Cellen van 1 tot {drempel - 1} zijn verborgen (<{drempel})"
    if met_x:
        noot += "; x = verborgen zodat geen verborgen cel kan worden herberekend"
    return noot


# --------------------------------------------------------------------------------------------


def kans_verloop(
    frame: pd.DataFrame,
    *,
    bron: str,
    titel: str = "Hoe de kans om het doel te halen veranderde",
    eenheid: str = "kans in %, berekend met de gegevens tot en met elke maand",
    teldefinitie: str | None = None,
    laatste_maand: str | None = None,
    presentatie: bool = False,
) -> go.Figure:
    """The probability of reaching the target as computed at each month: ``frame [periode,
    kans]`` with ``kans`` in 0…1. Drawn as 0–100%; the end label gives the rounded probability
    and its verbal label."""
    m = theme.maat(presentatie)
    df, perioden = _per_maand(frame)
    ps = waarden(df["kans"])
    for p in ps:
        if p is not None and not 0 <= p <= 1:
            raise ValueError(f"een kans ligt tussen 0 en 1, niet {p}")
    ys = [None if p is None else p * 100 for p in ps]
    teldef = teldefinitie or (
        "Activeringen naar werk, opgeteld sinds de start van het doel; kans uit de prognose"
    )
    lm = _laatste_maand(laatste_maand, (df, "kans"))
    fig = go.Figure()
    tr = lijn(perioden, ys, naam="Kans", i=0, m=m)
    tr.customdata = [[formaat.maand(p), formaat.kans(k)] for p, k in zip(perioden, ps, strict=True)]
    fig.add_trace(tr)
    # explicit tick texts: with tickvals, Plotly drops ticksuffix
    fig.update_yaxes(
        range=[0, 105],
        tickmode="array",
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0%", "25%", "50%", "75%", "100%"],
    )
    formaat.nl_maandas(fig, perioden or [lm])
    hlijn(fig, 50, "even waarschijnlijk", m, naam="helft", streepje="dot", positie="links")
    theme.opmaak(
        fig,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=lm,
        teldefinitie=teldef,
        presentatie=presentatie,
    )
    eind = laatste(perioden, ys)
    if eind:
        k = eind[1] / 100
        tekst = f"<b>{formaat.kans(k)}</b><br>" + "<br>".join(
            textwrap.wrap(formaat.kans_label(k), 14, break_long_words=False)
        )
        theme.eindlabels(
            fig,
            [(eind[1], tekst, theme.stijl(0)["tekstkleur"])],
            presentatie=presentatie,
            bereik=(0, 105),
        )
    return fig


def trackrecord(
    frame: pd.DataFrame,
    *,
    bron: str,
    titel: str = "Wat de prognose voorspelde en wat er gebeurde",
    eenheid: str = "activeringen naar werk per maand",
    teldefinitie: str | None = None,
    indicator: str | None = None,
    laatste_maand: str | None = None,
    interval_tekst: str = "80%-interval van de voorspelling",
    presentatie: bool = False,
) -> go.Figure:
    """Forecast vs outcome: ``frame [periode, voorspeld, werkelijk]`` plus optional
    ``ondergrens, bovengrens`` (the forecast interval, drawn as a band)."""
    m = theme.maat(presentatie)
    df, perioden = _per_maand(frame)
    teldef = (
        teldefinitie
        if teldefinitie
        else (
            domein.TELDEFINITIE[indicator]
            if indicator in domein.TELDEFINITIE
            else "Voorspeld: prognose gemaakt vóór de maand; werkelijk: de latere telling"
        )
    )
    lm = _laatste_maand(laatste_maand, (df, "werkelijk"))
    fig = go.Figure()
    alle_y: list[float] = []
    if {"ondergrens", "bovengrens"} <= set(df.columns):
        onder, boven = waarden(df["ondergrens"]), waarden(df["bovengrens"])
        x = [formaat.datum(p) for p in perioden]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=onder,
                mode="lines",
                line=dict(width=0),
                showlegend=False,
                hoverinfo="skip",
                name="ondergrens",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=boven,
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor=theme.rgba(theme.PALET[1], 0.18),
                name=interval_tekst,
                hoverinfo="skip",
                showlegend=True,
            )
        )
        alle_y += [y for y in onder + boven if y is not None]
    lijn_y, labels = _lijnen_met_eindwaarde(
        fig,
        perioden,
        [(1, "Voorspeld", waarden(df["voorspeld"])), (0, "Werkelijk", waarden(df["werkelijk"]))],
        m=m,
        showlegend=True,
    )
    alle_y += lijn_y
    return _lijnen_afwerken(
        fig,
        perioden,
        alle_y,
        labels,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        laatste_maand=lm,
        teldefinitie=teldef,
        presentatie=presentatie,
    )
