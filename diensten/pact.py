"""Pact screens without Streamlit: progress with the forecast fan, pace, probability over time,
track record. Used by the Pact & prognose page, the Overzicht cards, the council deck and the
exports, so what is handed out is what was on screen.

Composes `diensten.prognose` (numbers) and `charts` (figures, sentences); `forecasting` may
import neither `charts` nor `ui`, which is why these live here.

```python
from diensten import pact, prognose

model = prognose.bouw_model(engine)                 # once per data release (slow)
scherm = pact.pact_scherm(engine, model, "12025")   # Scherm | None (None: no target)
lijst = dek.schermen_voor(engine, "12025", van, tot, pact=pact.haak(model))
```
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from charts import formaat, pact, tijd, zinnen
from charts.schermen import Scherm
from data_access import queries, vrijgave
from diensten import prognose
from diensten.bron import bron as bron_van
from forecasting.doel import DoelPrognose

TEMPO_LABEL = "Huidig tempo (gemiddelde van de laatste twee volledige kwartalen)"
UITBETALING_UITLEG = {
    "proportioneel": (
        "proportioneel: de subsidie volgt het gehaalde deel van het doel, tot het maximum"
    ),
    "alles_of_niets": "alles of niets: het volledige bedrag alleen als het doel gehaald wordt",
}
AFRONDING_UITLEG = (
    "Activeringen naar werk tellen we per volledig kwartaal (bij de start en het einde van het "
    "doel samen met het kwartaal ernaast), afgerond op {basis}: zo verraadt de stand geen kleine "
    "aantallen in de tabellen per bestemming. Of het doel gehaald is, klopt wel exact."
)
KANS_UITLEG = (
    "De kans komt uit de prognose van de resterende maanden, verbreed met hoe ver eerdere "
    "prognoses van opgetelde activeringen ernaast zaten (backtest over alle gemeenten, de eigen "
    "gemeente niet meegerekend). Geen Poisson-rekensom aan het huidige tempo: die is veel te "
    "zeker van zichzelf."
)


# --------------------------------------------------------------------------------------------
# sentences


def is_afgelopen(d: DoelPrognose) -> bool:
    """The deadline lies in the data: the outcome is known, no forecast."""
    return d.maanden_resterend == 0 and formaat.maanden_tussen(d.tot, d.as_of) >= 0


def kop_zin(d: DoelPrognose, naam: str) -> str | None:
    """Headline: progress (`charts.zinnen.pact_zin`), or the outcome once the deadline passed."""
    if is_afgelopen(d) and d.achieved < d.target_value:
        return (
            f"{naam} realiseerde tegen {formaat.maand_lang(d.tot)} {formaat.getal(d.achieved)} "
            f"van de {formaat.getal(d.target_value)} activeringen "
            f"({zinnen.aandeel_tekst(d.achieved, d.target_value)}): het doel werd niet gehaald."
        )
    return zinnen.pact_zin(
        gemeente=naam,
        gerealiseerd=d.achieved,
        doelwaarde=d.target_value,
        deadline=d.tot,
        as_of=d.as_of,
        nodig_per_maand=d.needed_per_month if d.maanden_resterend else None,
        huidig_tempo=d.run_rate if d.maanden_resterend else None,
    )


def kans_tekst(d: DoelPrognose) -> str:
    """The probability sentence (rounded to 5% with its verbal label)."""
    if d.achieved >= d.target_value:
        return zinnen.kans_zin(None, gehaald=True) or ""
    if is_afgelopen(d):
        return "Het doel werd niet gehaald."
    return zinnen.kans_zin(d.probability) or ""


def uitkomst_bekend(d: DoelPrognose) -> bool:
    """Reached, or the deadline passed without it: the headline (`kop_zin`) already says so."""
    return d.achieved >= d.target_value or is_afgelopen(d)


def kop_met_kans(d: DoelPrognose, naam: str, kop: str | None = None) -> str:
    """The headline with the probability and the expected final count, each said once: once the
    outcome is known the headline states it, so the probability sentence is left out."""
    kop = kop_zin(d, naam) if kop is None else kop
    kans = None if uitkomst_bekend(d) else kans_tekst(d)
    return " ".join(z for z in (kop, kans, eind_zin(d, naam)) if z)


def kans_waarde(d: DoelPrognose) -> str:
    """What the probability card shows: '35%', or the known outcome."""
    if d.achieved >= d.target_value:
        return "gehaald"
    if is_afgelopen(d):
        return "niet gehaald"
    return formaat.kans(d.probability)


def voortgang_tekst(d: DoelPrognose, *, met_aandeel: bool = True) -> str:
    """'412 van 629 (66%)' (without the share: '412 van 629', for narrow cards)."""
    tekst = f"{formaat.getal(d.achieved)} van {formaat.getal(d.target_value)}"
    if met_aandeel:
        tekst += f" ({zinnen.aandeel_tekst(d.achieved, d.target_value)})"
    return tekst


def aandeel(d: DoelPrognose) -> str:
    """'66%' of the target (never 100% before it is reached)."""
    return zinnen.aandeel_tekst(d.achieved, d.target_value) or formaat.LEEG


def eind_zin(d: DoelPrognose, naam: str) -> str | None:
    """P10/P50/P90 of the final count in words (None once the deadline passed)."""
    if d.maanden_resterend == 0:
        return None
    return zinnen.prognose_zin(gemeente=naam, deadline=d.tot, p10=d.p10, p50=d.p50, p90=d.p90)


def subsidie_afgerond(d: DoelPrognose) -> int:
    """The one rounding rule for expected funding: to the thousand euro (a forecast, not a
    promise), as the subsidy card shows it."""
    return round(d.expected_funding_eur / 1000) * 1000


def _regel_is_aanname(doel: dict) -> bool:
    return "aanname" in str(doel.get("bron", "")).lower()


def subsidie_zin(d: DoelPrognose, doel: dict) -> str:
    """Expected funding under the payout rule; says when the rule is an assumption."""
    regel = UITBETALING_UITLEG.get(d.uitbetaling, d.uitbetaling)
    verwacht = subsidie_afgerond(d)
    woord = "Verwachte" if d.maanden_resterend else "Berekende"
    zin = (
        f"{woord} subsidie: ongeveer {formaat.euro(verwacht)} van maximaal "
        f"{formaat.euro(d.max_subsidie_eur)} (uitbetaling {regel})."
    )
    if _regel_is_aanname(doel):
        zin += " Deze uitbetalingsregel is een aanname, geen gepubliceerde regel."
    return zin


def status(doel: dict) -> str:
    """The target's status, said wherever the target is shown (slide headline, chart title):
    'Illustratief doel, geen gepubliceerd cijfer.' or 'Gepubliceerd doel.'"""
    if prognose.is_illustratief(doel):
        return "Illustratief doel, geen gepubliceerd cijfer."
    return "Gepubliceerd doel."


def illustratief_zin(doel: dict) -> str | None:
    if prognose.is_illustratief(doel):
        return "Illustratief doel: geen gepubliceerd cijfer, alleen om de werking te tonen."
    return None


def afronding_zin(doel: dict) -> str | None:
    """How the count is released (only targets on activations to work are rounded)."""
    if not vrijgave.is_werkdoel(doel):
        return None
    return AFRONDING_UITLEG.format(basis=vrijgave.afrondingsbasis())


def nadien_zin(d: DoelPrognose) -> str | None:
    """In a replay: what really happened afterwards, against the forecast band."""
    if d.pad_nadien is None or d.pad_nadien.empty or d.maanden_resterend == 0:
        return None
    laatste = d.pad_nadien.iloc[-1]
    totaal = d.achieved + float(laatste["cumulatief"])
    if str(laatste["periode"]) < d.tot:
        return (
            f"Sindsdien (tot en met {formaat.maand_lang(laatste['periode'])}) kwamen er "
            f"{formaat.getal(laatste['cumulatief'])} activeringen bij: "
            f"{formaat.getal(totaal)} in totaal."
        )
    binnen = d.p10 <= totaal <= d.p90
    return (
        f"Wat er echt gebeurde: tegen {formaat.maand_lang(d.tot)} waren er "
        f"{formaat.getal(totaal)} activeringen, "
        + ("binnen" if binnen else "buiten")
        + " de band waarin de uitkomst in 8 op de 10 gevallen valt"
        + f" ({formaat.getal(d.p10)}–{formaat.getal(d.p90)})."
    )


# --------------------------------------------------------------------------------------------
# cards (Overzicht and Pact & prognose)


@dataclass(frozen=True)
class Kaart:
    """One key-figure card: a title, the figure, and a sentence that explains it."""

    titel: str
    waarde: str
    uitleg: str | None = None


def overzicht_kaarten(d: DoelPrognose, naam: str) -> list[Kaart]:
    """Progress, probability and pace: the pact cards of the Overzicht page."""
    lopend = d.maanden_resterend and d.achieved < d.target_value
    if lopend:
        tempo = f"{formaat.getal(d.needed_per_month, 1)} / {formaat.getal(d.run_rate, 1)}"
        tempo_uitleg = (
            f"Nodig tot {formaat.maand_lang(d.tot)}: {formaat.getal(d.needed_per_month, 1)} "
            f"activeringen per maand; huidig tempo (gemiddelde van de laatste twee volledige "
            f"kwartalen): {formaat.getal(d.run_rate, 1)} per maand."
        )
    else:
        tempo = formaat.LEEG
        tempo_uitleg = (
            "Geen extra tempo meer nodig of mogelijk: de uitkomst staat vast."
            if not d.maanden_resterend
            else "Het doel is gehaald."
        )
    return [
        Kaart(
            f"Voortgang naar het doel ({aandeel(d)})",
            voortgang_tekst(d, met_aandeel=False),
            kop_zin(d, naam),
        ),
        Kaart(
            f"Kans om het doel te halen ({formaat.maand(d.tot)})",
            kans_waarde(d),
            " ".join(z for z in (kans_tekst(d), eind_zin(d, naam)) if z),
        ),
        Kaart("Nodig / huidig tempo per maand", tempo, tempo_uitleg),
    ]


def pact_kaarten(d: DoelPrognose, doel: dict) -> list[Kaart]:
    """Realised, probability, expected final count and funding: the cards of Pact & prognose."""
    return [
        Kaart(
            f"Gerealiseerd ({formaat.maand(d.as_of)})",
            voortgang_tekst(d, met_aandeel=False),
            f"{aandeel(d)} van het doel",
        ),
        Kaart(
            "Kans om het doel te halen",
            kans_waarde(d),
            formaat.kans_label(d.probability) if d.maanden_resterend else None,
        ),
        Kaart(
            f"Verwacht tegen {formaat.maand(d.tot)}",
            formaat.getal(d.p50),
            (
                f"in 8 op de 10 gevallen tussen {formaat.getal(d.p10)} en {formaat.getal(d.p90)}"
                if d.maanden_resterend
                else "de eindstand"
            ),
        ),
        Kaart(
            "Verwachte subsidie" if d.maanden_resterend else "Subsidie volgens de regel",
            formaat.euro(subsidie_afgerond(d)),
            f"van maximaal {formaat.euro(d.max_subsidie_eur)}"
            + ("; uitbetalingsregel is een aanname" if _regel_is_aanname(doel) else ""),
        ),
    ]


# --------------------------------------------------------------------------------------------
# screens


def _rond(waarden) -> pd.Series:
    """Whole numbers, empty where there is no value (nullable integers, no '18.0')."""
    return pd.Series(
        [pd.NA if pd.isna(v) else int(round(float(v))) for v in waarden], dtype="Int64"
    )


def voortgang_tabel(d: DoelPrognose) -> pd.DataFrame:
    """The table behind the fan chart: target path, realised, forecast quantiles per month."""
    pad = pact.rechte_doellijn(d.van, d.tot, d.target_value)
    tabel = pad.rename(columns={"doel": "doelpad"})
    tabel["doelpad"] = _rond(tabel["doelpad"])
    real = d.pad.rename(columns={"cumulatief": "gerealiseerd"})
    tabel = tabel.merge(real, on="periode", how="left")
    if not d.waaier.empty:
        w = d.waaier[d.waaier["periode"] > d.as_of]
        tabel = tabel.merge(w, on="periode", how="left")
        for k in pact.KWANTIELEN:
            tabel[k] = _rond(tabel[k])
    tabel["gerealiseerd"] = _rond(tabel["gerealiseerd"])
    return tabel.rename(columns={"periode": "maand"})


def voortgang_scherm(
    doel: dict, d: DoelPrognose, *, naam: str, bron: str, presentatie: bool = False
) -> Scherm:
    """Cumulative activations vs the target path, with the forecast fan to the deadline."""
    fan = d.waaier if not d.waaier.empty else None
    fig = pact.pact_voortgang(
        d.pad,
        pact.rechte_doellijn(d.van, d.tot, d.target_value),
        fan,
        doelwaarde=d.target_value,
        deadline=d.tot,
        as_of=d.as_of,
        bron=bron,
        titel=f"{naam}: activeringen naar werk op weg naar het {_doelwoord(doel)}",
        presentatie=presentatie,
    )
    # the bands are explained in the chart's own footnote (`band_zin`), not repeated here
    noten = [n for n in (illustratief_zin(doel), afronding_zin(doel)) if n]
    return Scherm(
        sleutel=f"pact-{d.target}",
        titel=str(doel.get("naam") or d.target),
        kop=kop_zin(d, naam),
        fig=fig,
        tabel=voortgang_tabel(d),
        noten=noten,
    )


def _doelwoord(doel: dict) -> str:
    return "illustratieve doel" if prognose.is_illustratief(doel) else "gepubliceerde doel"


def tempo_scherm(d: DoelPrognose, *, naam: str, bron: str, presentatie: bool = False) -> Scherm:
    """Needed per month to the deadline vs the current pace (mean of the last two full
    quarters, from the released quarter figures)."""
    tempo_label = TEMPO_LABEL
    fig = pact.nodig_vs_tempo(
        d.needed_per_month if d.achieved < d.target_value else 0.0,
        d.run_rate,
        bron=bron,
        laatste_maand=d.as_of,
        tempo_label=tempo_label,
        presentatie=presentatie,
    )
    tabel = pd.DataFrame(
        {
            "maatstaf": ["Nodig per maand tot de deadline", tempo_label],
            "activeringen per maand": [
                round(float(d.needed_per_month), 1),
                round(float(d.run_rate), 1),
            ],
        }
    )
    verschil = d.needed_per_month - d.run_rate
    if d.achieved >= d.target_value:
        kop = "Het doel is gehaald: er is geen extra tempo meer nodig."
    elif d.maanden_resterend == 0:
        kop = "De deadline is voorbij."
    elif math.isnan(verschil):
        kop = (
            f"Om het doel te halen zijn er {formaat.getal(d.needed_per_month, 1)} activeringen "
            "per maand nodig; het huidige tempo is nog niet bekend (minder dan twee volledige "
            "kwartalen met gegevens)."
        )
    elif verschil > 0:
        kop = (
            f"Om het doel te halen zijn er {formaat.getal(d.needed_per_month, 1)} activeringen "
            f"per maand nodig, {formaat.getal(verschil, 1)} meer dan het huidige tempo van "
            f"{formaat.getal(d.run_rate, 1)} per maand (ongeveer "
            f"{formaat.getal(verschil * d.maanden_resterend)} extra in totaal)."
        )
    else:
        kop = (
            f"Het huidige tempo van {formaat.getal(d.run_rate, 1)} per maand ligt boven de "
            f"{formaat.getal(d.needed_per_month, 1)} per maand die nog nodig zijn."
        )
    return Scherm(f"tempo-{d.target}", f"Nodig tempo in {naam}", kop, fig, tabel)


def kansverloop_scherm(
    frame: pd.DataFrame,
    *,
    naam: str,
    bron: str,
    tot: str | None = None,
    presentatie: bool = False,
) -> Scherm | None:
    """How the stated probability evolved month by month (up to `tot`: a replay never shows
    later months)."""
    deel = frame if tot is None else frame[frame["as_of"] <= tot]
    if deel.empty:
        return None
    fig = tijd.kans_verloop(
        deel.rename(columns={"as_of": "periode", "probability": "kans"})[["periode", "kans"]],
        bron=bron,
        laatste_maand=str(deel["as_of"].iloc[-1]),
        presentatie=presentatie,
    )
    tabel = pd.DataFrame(
        {
            "maand": deel["as_of"],
            "gerealiseerd": deel["achieved"].astype(int),
            "kans": [formaat.kans(p) for p in deel["probability"]],
            "betekenis": [formaat.kans_label(p) for p in deel["probability"]],
            "p10": deel["p10"].astype(int),
            "p50": deel["p50"].astype(int),
            "p90": deel["p90"].astype(int),
        }
    )
    eerste, laatste = deel.iloc[0], deel.iloc[-1]
    kop = (
        f"In {formaat.maand_lang(eerste['as_of'])} was de kans op het doel "
        f"{formaat.kans(eerste['probability'])}; in {formaat.maand_lang(laatste['as_of'])} "
        f"{formaat.kans(laatste['probability'])}."
    )
    return Scherm(
        f"kansverloop-{naam}", "Hoe de kans veranderde", kop, fig, tabel.reset_index(drop=True)
    )


HORIZON_TEKST = {1: "1 kwartaal vooraf", 2: "2 kwartalen vooraf"}


def trackrecord_scherm(
    frame: pd.DataFrame,
    *,
    naam: str,
    bron: str,
    horizon: int = 1,
    presentatie: bool = False,
) -> Scherm | None:
    """Forecasts of whole quarters made `horizon` quarters ahead vs the released quarter
    figures (rounded), with the 80% band users saw."""
    deel = frame[frame["horizon"] == horizon].sort_values("einde")
    if deel.empty:
        return None
    vooraf = HORIZON_TEKST.get(horizon, f"{horizon} kwartalen vooraf")
    wat = "het kwartaal" if horizon == 1 else f"de {horizon} kwartalen samen"
    fig = tijd.trackrecord(
        pd.DataFrame(
            {
                "periode": deel["einde"],
                "voorspeld": deel["voorspeld"],
                "werkelijk": deel["werkelijk"],
                "ondergrens": deel["lo80"],
                "bovengrens": deel["hi80"],
            }
        ),
        bron=bron,
        titel=f"{naam}: prognose {vooraf} en de werkelijke activeringen naar werk",
        eenheid=f"activeringen naar werk in {wat} (afgerond op {vrijgave.afrondingsbasis()})",
        teldefinitie=(
            f"Voorspeld: prognose gemaakt {vooraf}; werkelijk: de telling per volledig kwartaal, "
            f"afgerond op {vrijgave.afrondingsbasis()}"
        ),
        presentatie=presentatie,
    )
    binnen = int(deel["binnen80"].sum())
    eenheid = "kwartalen" if horizon == 1 else "vensters"
    kop = (
        f"In {binnen} van de {len(deel)} {eenheid} viel het werkelijke aantal activeringen "
        f"binnen de band die de prognose {vooraf} gaf (verwacht: ongeveer 8 op 10)."
    )
    tabel = pd.DataFrame(
        {
            "kwartaal": deel["periode"],
            "prognose gemaakt in": deel["oorsprong"],
            "voorspeld": deel["voorspeld"].round(1),
            "ondergrens 80%": deel["lo80"].round(1),
            "bovengrens 80%": deel["hi80"].round(1),
            "werkelijk (afgerond)": deel["werkelijk"].astype(int),
            "binnen de band": deel["binnen80"].map({True: "ja", False: "nee"}),
        }
    ).reset_index(drop=True)
    return Scherm(f"trackrecord-{horizon}", f"Trackrecord ({vooraf})", kop, fig, tabel)


# --------------------------------------------------------------------------------------------
# the pact slide (deck, exports)


def pact_scherm(
    engine: Engine,
    model: prognose.Model,
    nis: str,
    *,
    doel_id: str | None = None,
    as_of: str | None = None,
    presentatie: bool = False,
    bron: str | None = None,
) -> Scherm | None:
    """The pact slide: progress and fan for the municipality's target, the probability in the
    headline. Target: `doel_id`, else the one whose window contains `as_of` (default: the
    last month with data), else the most recent. None without a target or forecast."""
    laatste = queries.laatste_periode(engine, nis)
    if laatste is None:
        return None
    maand = min(as_of, laatste) if as_of else laatste
    doelen = queries.doelen(engine, nis)
    doel = prognose.doel_rij(engine, doel_id) if doel_id else prognose.kies_doel(doelen, maand)
    if doel is None or str(doel["nis"]) != str(nis) or str(doel["van"]) > maand:
        return None
    naam = _naam(engine, nis)
    try:
        d = prognose.doelprognose(engine, model, doel["doel_id"], min(maand, str(doel["tot"])))
    except prognose.GeenPrognose:
        return None
    if bron is None:
        bron = bron_van(engine, nis)
    scherm = voortgang_scherm(doel, d, naam=naam, bron=bron, presentatie=presentatie)
    # the status first: projector, PPTX and HTML all lead with the headline
    scherm.kop = f"{status(doel)} {kop_met_kans(d, naam, scherm.kop)}"
    scherm.noten = [*scherm.noten, subsidie_zin(d, doel), KANS_UITLEG]
    return scherm


def _naam(engine: Engine, nis: str) -> str:
    g = queries.gemeenten(engine)
    rij = g[g["nis"] == str(nis)]
    return str(rij["naam"].iloc[0]) if not rij.empty else str(nis)


def dek_scherm(
    engine: Engine,
    nis: str,
    van: str,
    tot: str,
    *,
    model: prognose.Model,
    presentatie: bool = False,
) -> Scherm | None:
    """The pact slide of the deck: as it stood at the end of the period `tot`."""
    return pact_scherm(engine, model, nis, as_of=tot, presentatie=presentatie)


def haak(model: prognose.Model):
    """The deck's pact hook (`diensten.dek.PactHaak`) for this forecast model."""
    return functools.partial(dek_scherm, model=model)
