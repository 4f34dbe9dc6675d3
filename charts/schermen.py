"""Screens: one message each — a headline sentence, a chart and the table behind it.

Pure functions from frames to `Scherm`; the pages, the presentation mode and the exports
(PPTX, HTML) all use these, so what is handed out is what was on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

import domein

from . import formaat, kaart, reeksen, tijd, vergelijking, waaier, zinnen


@dataclass
class Scherm:
    sleutel: str
    titel: str
    kop: str | None  # the headline sentence (also the speaker notes of a slide)
    fig: go.Figure
    tabel: pd.DataFrame
    noten: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Kpi:
    titel: str
    waarde: str
    zin: str | None
    delta: str | None = None


def waarde_op(frame: pd.DataFrame, periode: str, kolom: str = "waarde"):
    rij = frame[frame["periode"] == periode]
    return None if rij.empty else rij[kolom].iloc[0]


def venster(frame: pd.DataFrame, van: str, tot: str) -> pd.DataFrame:
    return frame[(frame["periode"] >= van) & (frame["periode"] <= tot)].reset_index(drop=True)


def _verandering(nu, toen) -> float | None:
    if nu is None or toen is None or toen == 0:
        return None
    return (nu - toen) / toen


#: The recent stretch a headline checks for a turn (the card beside it: 12 months earlier).
RECENT_MAANDEN = 12


def verloop(frame: pd.DataFrame, *, naam: str, indicator: str, van: str, tot: str) -> str | None:
    """`zinnen.verloop_zin` from `van` to `tot` of a [periode, waarde] frame, naming a turn in
    the last 12 months when the figure moved the other way there ("…, maar +10% in het laatste
    jaar"): a headline never contradicts the curve or the card beside it."""
    begin = formaat.periode_plus(tot, -RECENT_MAANDEN)
    recent = (begin, waarde_op(frame, begin)) if begin > van else None
    return zinnen.verloop_zin(
        gemeente=naam,
        indicator=indicator,
        van=(van, waarde_op(frame, van)),
        tot=(tot, waarde_op(frame, tot)),
        recent=recent,
    )


def kpis(
    totalen: pd.DataFrame,
    activeringen: pd.DataFrame,
    *,
    naam: str,
    van: str,
    tot: str,
    afronding: int | None = None,
) -> list[Kpi]:
    """Cards for Overzicht: recipients now, change vs 12/24 months, per 1,000, activations to
    work this year (`werk_kaart`).

    `totalen` is [periode, waarde, per_1000] of leefloongerechtigden; `activeringen` [periode,
    waarde] of activations into work per full quarter as released (`periode`: its last month).
    """
    nu = waarde_op(totalen, tot)
    per1000 = waarde_op(totalen, tot, "per_1000")
    kaarten = [
        Kpi(
            f"Leefloongerechtigden ({formaat.maand(tot)})",
            formaat.getal(nu),
            verloop(totalen, naam=naam, indicator="leefloongerechtigden", van=van, tot=tot),
        )
    ]
    for maanden in (12, 24):
        eerder = formaat.periode_plus(tot, -maanden)
        toen = waarde_op(totalen, eerder)
        verschil = _verandering(nu, toen)
        kaarten.append(
            Kpi(
                f"Verandering t.o.v. {maanden} maanden eerder",
                formaat.verschil_procent(verschil) if verschil is not None else formaat.LEEG,
                verloop(totalen, naam=naam, indicator="leefloongerechtigden", van=eerder, tot=tot)
                if toen is not None
                else "Geen gegevens voor die maand.",
            )
        )
    kaarten.append(
        Kpi(
            "Per 1.000 inwoners",
            formaat.getal(per1000, 1) if per1000 is not None else formaat.LEEG,
            zinnen.per1000_zin(gemeente=naam, waarde=per1000, periode=tot),
        )
    )
    kaarten.append(werk_kaart(activeringen, naam=naam, tot=tot, afronding=afronding))
    return kaarten


def werk_kaart(
    kwartalen: pd.DataFrame, *, naam: str, tot: str, afronding: int | None = None
) -> Kpi:
    """Activations to work in the year of `tot`, over its full quarters up to `tot`.

    `kwartalen`: [periode (the quarter's last month), waarde] as released (rounded to
    `afronding`, `data_access.vrijgave.werk_per_kwartaal`): the card is a sum of released
    quarters, never a running monthly sum (two such sums would give a month by subtraction)."""
    jaar_start = tot[:4] + "-01"
    deel = venster(kwartalen, jaar_start, tot)
    titel = f"Activeringen naar werk in {tot[:4]}"
    if deel.empty:
        return Kpi(
            titel,
            formaat.LEEG,
            f"Nog geen volledig kwartaal in {tot[:4]}: activeringen naar werk tonen we per "
            "volledig kwartaal.",
        )
    dit_jaar = int(deel["waarde"].sum())
    einde = str(deel["periode"].max())
    ongeveer = "ongeveer " if afronding else ""
    zin = (
        f"Van {formaat.maand_lang(jaar_start)} tot en met {formaat.maand_lang(einde)} vonden in "
        f"{naam} {ongeveer}{formaat.getal(dit_jaar)} "
        f"{'persoon' if dit_jaar == 1 else 'personen'} met leefloon werk"
    )
    if afronding:
        zin += f" (per volledig kwartaal, afgerond op {afronding})"
    return Kpi(titel, formaat.getal(dit_jaar), zin + ".")


def _opsomming(namen) -> str:
    namen = list(namen)
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def trend_scherm(
    frame: pd.DataFrame,
    *,
    indicator: str,
    modus: str,
    namen: dict,
    van: str,
    tot: str,
    bron: str,
    eigen: str,
    basis_maand: str | None = None,
    presentatie: bool = False,
    status: pd.Series | None = None,
    verschil: pd.DataFrame | None = None,
) -> Scherm:
    """Several municipalities' totals over the window: absolute, per 1,000 or indexed.

    The headline sentence is always about `eigen` (the chosen municipality, required: the
    first series in the frame may be a compared one), and names a recent turn. `status`
    (periode -> 'definitief' / 'voorlopig', `queries.statussen` of `eigen`) marks where the
    official series gives way to the OCMW's own count; `verschil` (`queries.
    eigen_en_officieel`) says how far the own count was off where both exist."""
    deel = venster(frame, van, tot).assign(naam=lambda d: d["nis"].map(namen))
    annotaties, statusnoten = _statusnoten(status, verschil, van, tot)
    label = domein.LABELS["indicator"][indicator]
    eenheden = {
        "absoluut": "aantal personen",
        "per1000": "per 1.000 inwoners",
        "index": f"index, {formaat.maand(basis_maand or van)} = 100",
    }
    fig = tijd.trend(
        deel.assign(waarde=deel["waarde"].astype(float)),
        titel=f"{label} in {_opsomming(deel['naam'].unique())}",
        bron=bron,
        reeks_kolom="naam",
        modus=modus,
        basis_maand=basis_maand or (van if modus == "index" else None),
        eenheid=eenheden[modus],
        indicator=indicator,
        laatste_maand=tot,
        presentatie=presentatie,
        annotaties=annotaties,
    )
    tabel = reeksen.tabel(
        deel.assign(waarde=deel["waarde"].astype(float)),
        modus,
        reeks_kolom="naam",
        basis_maand=fig.layout.meta["basis_maand"],
    )
    eigen_reeks = deel[deel["nis"] == str(eigen)].sort_values("periode")
    kop = None
    if not eigen_reeks.empty:
        kop = verloop(
            eigen_reeks,
            naam=eigen_reeks["naam"].iloc[0],
            indicator=indicator,
            van=eigen_reeks["periode"].iloc[0],
            tot=eigen_reeks["periode"].iloc[-1],
        )
    noten = [reeksen.bevolkingsnoot(deel)] if modus == "per1000" else []
    return Scherm(
        f"trend-{indicator}-{modus}",
        f"{label} ({eenheden[modus]})",
        kop,
        fig,
        tabel,
        noten + statusnoten,
    )


def _statusnoten(
    status: pd.Series | None, verschil: pd.DataFrame | None, van: str, tot: str
) -> tuple[list[tuple[str, str]], list[str]]:
    """The marker where the official months (definitief) end and the own count (voorlopig)
    takes over, and the notes saying so; nothing when the window has one kind only."""
    if status is None or status.empty:
        return [], []
    binnen = status[(status.index >= van) & (status.index <= tot)].sort_index()
    definitief = binnen[binnen == domein.DEFINITIEF]
    voorlopig = binnen[binnen == domein.VOORLOPIG]
    if definitief.empty or voorlopig.empty:
        return [], []
    laatste_officieel = str(definitief.index[-1])
    na = voorlopig[voorlopig.index > laatste_officieel]
    annotaties = [(str(na.index[0]), "eigen telling (voorlopig)")] if not na.empty else []
    noten = [
        f"Officiële cijfers (definitief) tot en met {formaat.maand_lang(laatste_officieel)}"
        + (
            f"; vanaf {formaat.maand_lang(str(na.index[0]))} de eigen telling van het OCMW "
            "(voorlopig, na de stippellijn)."
            if not na.empty
            else "."
        )
        + (
            f" {formaat.getal(len(voorlopig) - len(na))} eerdere maanden zijn alleen eigen telling."
            if len(voorlopig) > len(na)
            else ""
        )
    ]
    if verschil is not None and not verschil.empty:
        beide = verschil[(verschil["periode"] >= van) & (verschil["periode"] <= tot)]
        if not beide.empty:
            laatste = beide.iloc[-1]
            gemiddeld = float(beide["verschil"].mean())
            noten.append(
                f"Waar beide bestaan ({formaat.getal(len(beide))} maanden) telde het OCMW zelf "
                f"{_verschilzin(gemiddeld)} de officiële cijfers; "
                f"{formaat.maand_lang(str(laatste['periode']))}: eigen telling "
                f"{formaat.getal(int(laatste['eigen']))}, officieel "
                f"{formaat.getal(int(laatste['officieel']))}."
            )
    return annotaties, noten


def _verschilzin(gemiddeld: float) -> str:
    """'gemiddeld 2,5 personen meer dan' / '… minder dan' / 'evenveel als'."""
    if round(gemiddeld, 1) == 0:
        return "gemiddeld evenveel als"
    richting = "meer" if gemiddeld > 0 else "minder"
    return f"gemiddeld {formaat.getal(abs(gemiddeld), 1)} personen {richting} dan"


def stromen_scherm(
    instroom: pd.DataFrame,
    uitstroom: pd.DataFrame,
    *,
    naam: str,
    van: str,
    tot: str,
    bron: str,
    presentatie: bool = False,
) -> Scherm:
    frame = (
        venster(instroom, van, tot)
        .rename(columns={"waarde": "instroom"})
        .merge(venster(uitstroom, van, tot).rename(columns={"waarde": "uitstroom"}), on="periode")[
            ["periode", "instroom", "uitstroom"]
        ]
    )
    fig = tijd.instroom_uitstroom(
        frame,
        bron=bron,
        titel=f"Instroom en uitstroom in {naam}",
        laatste_maand=tot,
        voortschrijdend=3,
        presentatie=presentatie,
    )
    saldo = int(frame["instroom"].sum() - frame["uitstroom"].sum())
    richting = "meer" if saldo > 0 else "minder"
    kop = (
        f"Van {formaat.maand_lang(van)} tot {formaat.maand_lang(tot)} stroomden in {naam} "
        f"{formaat.getal(abs(saldo))} {'persoon' if abs(saldo) == 1 else 'personen'} {richting} "
        f"in dan uit."
        if saldo
        else f"In {naam} waren instroom en uitstroom in deze periode even groot."
    )
    return Scherm("stromen", f"Instroom en uitstroom in {naam}", kop, fig, frame)


#: The table column of a flow's time window, by the shape of its label.
_VENSTER_KOLOM = (("-K", "kwartaal", "per kwartaal"), ("-H", "halfjaar", "per halfjaar"))


def _venster_soort(tabel: pd.DataFrame) -> tuple[str, str]:
    """(column name, unit) of the windows of a flow's table: quarters, half-years or years."""
    label = str(tabel["venster"].iloc[0]) if "venster" in tabel and len(tabel) else "-K"
    for teken, kolom, eenheid in _VENSTER_KOLOM:
        if teken in label:
            return kolom, eenheid
    return "jaar", "per jaar"


def uitsplitsing_scherm(
    tabel: pd.DataFrame,
    *,
    indicator: str,
    dimensie: str,
    naam: str,
    tot: str,
    bron: str,
    drempel: int = 5,
    presentatie: bool = False,
    samengevoegd: str | None = None,
) -> Scherm:
    """A disclosure-controlled breakdown (shape of `queries.uitsplitsing`) and its table.
    `samengevoegd`: the sentence saying the breakdown is shown at a coarser level
    (`queries.Uitsplitsing.zin`), shown under the chart and in its footnote."""
    label = domein.LABELS["indicator"][indicator]
    dim_label = {
        "doelgroep": "doelgroep",
        "leeftijd": "leeftijd",
        "bestemming": "bestemming",
        "pijler": "pijler",
    }[dimensie]
    per_venster = indicator != "leefloongerechtigden"
    kolom, per = _venster_soort(tabel)
    fig = tijd.uitsplitsing(
        tabel,
        dimensie,
        eenheid=f"aantal personen {per}" if per_venster else "aantal personen (maandstand)",
        titel=f"{label} in {naam} naar {dim_label}",
        bron=bron,
        indicator=indicator,
        laatste_maand=tot,
        drempel=drempel,
        presentatie=presentatie,
        noot=samengevoegd,
    )
    getoond = tabel.assign(
        categorie=tabel["categorie"].map(lambda c: domein.label(dimensie, c))
    ).pivot(index="periode", columns="categorie", values="weergave")
    getoond = getoond.reset_index().rename(columns={"periode": "maand"})
    if per_venster and "venster" in tabel:
        vensters = tabel.drop_duplicates("periode").set_index("periode")["venster"]
        getoond.insert(0, kolom, getoond["maand"].map(vensters))
        getoond = getoond.drop(columns="maand")
    noten = [samengevoegd] if samengevoegd else []
    if tabel["onderdrukt"].any():
        noten.append(
            f"Cellen van 1 tot {drempel - 1} personen tonen we als '<{drempel}'; cellen met 'x' "
            "zijn verborgen zodat niemand een kleine cel kan terugrekenen."
        )
    kop = (
        _jongeren_kop(tabel, naam)
        if (indicator, dimensie) == ("leefloongerechtigden", "leeftijd")
        else None
    )
    return Scherm(
        f"uitsplitsing-{indicator}-{dimensie}", fig.layout.meta["titel"], kop, fig, getoond, noten
    )


def _jongeren_kop(tabel: pd.DataFrame, naam: str) -> str | None:
    """The share of the rise under 25 between the first and last month of the window, from the
    cells as shown (a hidden cell in either month: no sentence)."""
    if tabel.empty:
        return None
    maanden = sorted(tabel["periode"].unique())
    van, tot = maanden[0], maanden[-1]
    if van == tot:
        return None

    def rij(maand):
        return tabel[tabel["periode"] == maand]

    def som(deel):
        if deel.empty or deel["onderdrukt"].any():
            return None
        return int(sum(int(w) for w in deel["weergave"]))

    jong = [som(rij(m)[rij(m)["categorie"] == "18-24"]) for m in (van, tot)]
    totaal = [som(rij(m)) for m in (van, tot)]
    return zinnen.jongeren_zin(
        gemeente=naam, van=van, tot=tot, jong=tuple(jong), totaal=tuple(totaal)
    )


def vergelijking_schermen(
    frame: pd.DataFrame,
    *,
    indicator: str,
    modus: str,
    namen: dict,
    eigen: str,
    van: str,
    tot: str,
    bron: str,
    presentatie: bool = False,
) -> tuple[Scherm, Scherm]:
    """Small multiples over the window and a ranked table of the change in the window."""
    deel = venster(frame, van, tot).assign(naam=lambda d: d["nis"].map(namen))
    label = domein.LABELS["indicator"][indicator]
    eenheid = {
        "per1000": "per 1.000 inwoners",
        "index": f"index, {formaat.maand(van)} = 100",
        "absoluut": "aantal personen",
    }[modus]
    fig = vergelijking.vergelijking_small_multiples(
        deel.assign(waarde=deel["waarde"].astype(float)),
        titel=f"{label}: {eenheid}",
        eenheid=eenheid,
        bron=bron,
        teldefinitie=domein.TELDEFINITIE[indicator],
        modus=modus,
        basis_maand=van if modus == "index" else None,
        nadruk=eigen,
        laatste_maand=tot,
        presentatie=presentatie,
    )
    rijen = []
    for nis, groep in deel.groupby("nis"):
        begin, eind = waarde_op(groep, van), waarde_op(groep, tot)
        rijen.append(
            {
                "nis": nis,
                "naam": namen[nis],
                "begin": begin,
                "eind": eind,
                "per_1000_eind": waarde_op(groep, tot, "per_1000"),
                "verandering_pct": None
                if _verandering(eind, begin) is None
                else round(_verandering(eind, begin) * 100, 1),
            }
        )
    rang = pd.DataFrame(rijen).sort_values("verandering_pct", na_position="last")
    balk = vergelijking.rangschikking(
        rang.rename(columns={"verandering_pct": "waarde"})[["nis", "naam", "waarde"]],
        titel=f"Verandering {formaat.maand(van)} – {formaat.maand(tot)}",
        eenheid="% verandering van het aantal " + label.lower(),
        bron=bron,
        laatste_maand=tot,
        teldefinitie=domein.TELDEFINITIE[indicator],
        decimalen=1,
        plus=True,
        achtervoegsel="%",
        nadruk=eigen,
        presentatie=presentatie,
    )
    tabel = rang.rename(
        columns={
            "naam": "gemeente",
            "begin": f"aantal {formaat.maand(van)}",
            "eind": f"aantal {formaat.maand(tot)}",
            "per_1000_eind": f"per 1.000 inw. {formaat.maand(tot)}",
            "verandering_pct": "verandering (%)",
        }
    )
    # the table holds what the panels draw (per 1.000, index or count), one column per panel
    waarden = reeksen.tabel(
        deel.assign(waarde=deel["waarde"].astype(float)),
        modus,
        reeks_kolom="nis",
        basis_maand=fig.layout.meta["basis_maand"],
    )
    klein = Scherm(
        "vergelijking",
        f"{label}: {eenheid}",
        None,
        fig,
        waarden.rename(columns=namen),
        [reeksen.bevolkingsnoot(deel)] if modus == "per1000" else [],
    )
    noot = [reeksen.bevolkingsnoot(venster(frame, tot, tot))]
    return klein, Scherm("rangschikking", "Rangschikking", None, balk, tabel, noot)


PROGNOSE_EENHEID = {
    "leefloongerechtigden": "aantal personen (maandstand)",
    "instroom": "aantal personen per maand",
    "uitstroom": "aantal personen per maand",
}


def prognose_scherm(
    historie: pd.DataFrame,
    fan: pd.DataFrame,
    laag: pd.DataFrame | None = None,
    *,
    indicator: str,
    naam: str,
    bron: str,
    laag_naam: str = "Scenario",
    laag_tekst: str | None = None,
    presentatie: bool = False,
) -> Scherm:
    """The forecast fan of one municipality (`waaier.reeks_waaier`) with its table; `laag`
    (the scenario, optional) is drawn on top and named in the headline and a note."""
    label = domein.LABELS["indicator"][indicator]
    h = len(fan)
    titel = f"{label} in {naam}: prognose voor de komende {h} maanden"
    fig = waaier.reeks_waaier(
        historie,
        fan,
        laag,
        titel=titel,
        eenheid=PROGNOSE_EENHEID[indicator],
        bron=bron,
        teldefinitie=domein.TELDEFINITIE[indicator],
        laag_naam=laag_naam,
        presentatie=presentatie,
    )
    hist = historie.sort_values("periode")
    nu_p, nu = str(hist["periode"].iloc[-1]), hist["waarde"].iloc[-1]
    slot = fan.iloc[-1]
    kop = (
        f"{label} in {naam}: in {formaat.maand_lang(slot['periode'])} verwacht rond "
        f"{formaat.getal(slot['p50'])} (80%-band {formaat.getal(slot['p10'])} tot "
        f"{formaat.getal(slot['p90'])}), tegenover {formaat.getal(nu)} in "
        f"{formaat.maand_lang(nu_p)}."
    )
    noten = []
    if laag is not None:
        kop = kop[:-1] + f"; met het scenario rond {formaat.getal(laag['p50'].iloc[-1])}."
        if laag_tekst:
            noten.append(laag_tekst)
    tabel = waaier.tabel(historie, fan, laag)
    # one key with or without the scenario: an open table stays open when it is toggled
    return Scherm(f"prognose-{indicator}", titel, kop, fig, tabel, noten)


def vlaams_niveau(frame: pd.DataFrame) -> float | None:
    """Per 1,000 inhabitants over every municipality with a figure: Σ count / Σ inhabitants."""
    deel = frame.dropna(subset=["waarde", "inwoners"])
    inwoners = float(deel["inwoners"].sum())
    return float(deel["waarde"].sum()) / inwoners * 1000 if inwoners else None


def _kaart_en_kop(
    df: pd.DataFrame,
    grenzen: dict,
    *,
    sleutel: str,
    titel: str,
    eenheid: str,
    wanneer: str,
    laatste_maand: str,
    teldefinitie: str,
    vlaams: float | None,
    decimalen: int,
    eigen: str,
    bron: str,
    noten: list[str],
    aantal_kolom: str,
    presentatie: bool,
    achtervoegsel: str = "",
) -> Scherm:
    """The map screen from `df` (nis, naam, aantal, maat, status; every municipality): the
    headline compares the own municipality with the Flemish level and says its place."""
    met = int((df["status"] == kaart.OK).sum())
    if met < len(df):
        noten = [*noten, f"{len(df) - met} van de {len(df)} gemeenten zonder getoond cijfer."]
    fig = kaart.kaart(
        df,
        grenzen,
        titel=titel,
        eenheid=eenheid,
        bron=bron,
        teldefinitie=teldefinitie,
        laatste_maand=laatste_maand,
        eigen=eigen,
        decimalen=decimalen,
        noten=noten,
        presentatie=presentatie,
    )
    rij = df[df["nis"] == eigen]
    kop = None
    if not rij.empty and rij["status"].iloc[0] == kaart.OK and vlaams is not None:
        w = float(rij["maat"].iloc[0])
        rang = int((df.loc[df["status"] == kaart.OK, "maat"] > w).sum()) + 1
        omschrijving = eenheid.removeprefix(achtervoegsel).strip()
        kop = (
            f"{rij['naam'].iloc[0]}: {formaat.getal(w, decimalen)}{achtervoegsel} {omschrijving} "
            f"{wanneer}, tegenover {formaat.getal(vlaams, decimalen)}{achtervoegsel} in het "
            "Vlaams Gewest "
            f"(plaats {rang} van {met} gemeenten met een cijfer, hoogste eerst)."
        )
    tabel = df.sort_values("naam")[["naam", "nis", "aantal", "maat", "status"]].rename(
        columns={"naam": "gemeente", "aantal": aantal_kolom, "maat": eenheid}
    )
    tabel["status"] = tabel["status"].map(domein.STATUS_LABEL)
    return Scherm(sleutel, titel, kop, fig, tabel, noten)


def _alle(namen: dict) -> pd.DataFrame:
    return pd.DataFrame({"nis": list(namen), "naam": list(namen.values())})


def kaart_scherm(
    frame: pd.DataFrame,
    grenzen: dict,
    *,
    indicator: str,
    periode: str,
    namen: dict,
    eigen: str,
    bron: str,
    presentatie: bool = False,
) -> Scherm:
    """Every Flemish municipality per 1,000 inhabitants in one month (frame: nis, waarde,
    inwoners, bevolkingsjaar, per_1000 as from `data_access.queries.per_1000`; municipalities of
    `namen` without a row have no figure). Headline: the own municipality against Flanders."""
    label = domein.LABELS["indicator"][indicator]
    df = _alle(namen).merge(frame, on="nis", how="left")
    df["status"] = df["waarde"].notna().map({True: kaart.OK, False: kaart.GEEN})
    df = df.assign(aantal=df["waarde"], maat=df["per_1000"])
    return _kaart_en_kop(
        df,
        grenzen,
        sleutel=f"kaart-{indicator}",
        titel=f"{label} per gemeente, {formaat.maand(periode)}",
        eenheid=f"{label.lower()} per 1.000 inwoners",
        wanneer=f"in {formaat.maand(periode)}",
        laatste_maand=periode,
        teldefinitie=domein.TELDEFINITIE[indicator],
        vlaams=vlaams_niveau(df),
        decimalen=1,
        eigen=eigen,
        bron=bron,
        noten=[reeksen.bevolkingsnoot(df.dropna(subset=["waarde"]))],
        aantal_kolom=f"aantal {formaat.maand(periode)}",
        presentatie=presentatie,
    )


#: the activation-rate maps: (share column, numerator, denominator, status column, unit)
GRAAD_MATEN = {
    "geactiveerd": ("geactiveerd", "activeringen", "gemiddeld", "status_geactiveerd"),
    "aan_het_werk": ("aan_het_werk", "werk", "activeringen", "status_werk"),
}
GRAAD_LABELS = {
    "geactiveerd": "% geactiveerd (van de leefloongerechtigden)",
    "aan_het_werk": "% aan het werk (van de geactiveerden)",
}


def graad_kaart_scherm(
    frame: pd.DataFrame,
    grenzen: dict,
    *,
    maat: str,
    jaar: int,
    namen: dict,
    eigen: str,
    bron: str,
    presentatie: bool = False,
) -> Scherm:
    """Every Flemish municipality's activation rate over calendar year `jaar` (frame as from
    `data_access.queries.activeringsgraad`): a protected work figure is marked, not coloured."""
    aandeel, teller, noemer, status = GRAAD_MATEN[maat]
    df = _alle(namen).merge(frame, on="nis", how="left")
    df["status"] = df[status].fillna(domein.GEEN_GEGEVENS)
    getoond = df["status"] == kaart.OK
    df = df.assign(aantal=df[teller].where(getoond), maat=(df[aandeel] * 100).where(getoond))
    deel = df[getoond]
    vlaams = (
        float(deel[teller].sum()) / float(deel[noemer].sum()) * 100
        if not deel.empty and deel[noemer].sum()
        else None
    )
    return _kaart_en_kop(
        df,
        grenzen,
        sleutel=f"kaart-{maat}",
        titel=f"Activeringsgraad per gemeente, {jaar}",
        eenheid=GRAAD_LABELS[maat],
        wanneer=f"in {jaar}",
        laatste_maand=f"{jaar}-12",
        teldefinitie=domein.ACTIVERINGSGRAAD[maat],
        vlaams=vlaams,
        decimalen=0,
        eigen=eigen,
        bron=bron,
        noten=[],
        aantal_kolom=f"{teller} {jaar}",
        presentatie=presentatie,
        achtervoegsel="%",
    )


def activeringsgraad_scherm(
    frame: pd.DataFrame,
    *,
    namen: dict,
    jaar: int,
    eigen: str,
    bron: str,
    presentatie: bool = False,
) -> Scherm:
    """The activation rate of several municipalities over calendar year `jaar` (frame as from
    `data_access.queries.activeringsgraad`): a ranked bar of "geactiveerd", the table with
    "aan het werk" beside it, the two definitions under it."""
    df = frame.assign(naam=frame["nis"].map(namen))
    balk = vergelijking.rangschikking(
        df.assign(waarde=df["geactiveerd"] * 100)[["nis", "naam", "waarde"]],
        titel=f"Geactiveerd in {jaar}",
        eenheid="% van het gemiddelde aantal leefloongerechtigden per maand",
        bron=bron,
        laatste_maand=f"{jaar}-12",
        teldefinitie=domein.TELDEFINITIE["activeringen"],
        decimalen=0,
        achtervoegsel="%",
        nadruk=eigen,
        presentatie=presentatie,
    )
    rij = df[df["nis"] == eigen]
    kop = None
    if not rij.empty and rij["status_geactiveerd"].iloc[0] == domein.GETOOND:
        aandeel = formaat.procent(rij["geactiveerd"].iloc[0], 0)
        kop = f"{rij['naam'].iloc[0]} activeerde in {jaar} {aandeel}"
        if rij["status_werk"].iloc[0] == domein.GETOOND:
            kop += f"; {formaat.procent(rij['aan_het_werk'].iloc[0], 0)} daarvan naar werk"
        kop += "."
    tabel = df[["naam", "gemiddeld", "activeringen", "geactiveerd", "werk", "aan_het_werk"]]
    tabel = tabel.assign(
        geactiveerd=(df["geactiveerd"] * 100).round(1),
        aan_het_werk=(df["aan_het_werk"] * 100).round(1),
        werk=[
            w if s == domein.GETOOND else domein.STATUS_LABEL[s]
            for w, s in zip(df["werk"], df["status_werk"], strict=True)
        ],
    ).rename(
        columns={
            "naam": "gemeente",
            "gemiddeld": "leefloongerechtigden (gemiddeld per maand)",
            "activeringen": f"activeringen {jaar}",
            "geactiveerd": "geactiveerd (%)",
            "werk": "naar werk (afgerond per kwartaal)",
            "aan_het_werk": "aan het werk (% van de geactiveerden)",
        }
    )
    noten = list(domein.ACTIVERINGSGRAAD.values())
    return Scherm("activeringsgraad", f"Activeringsgraad {jaar}", kop, balk, tabel, noten)
