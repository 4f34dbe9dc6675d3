"""The forecast pieces shown on several pages (Overzicht cards, Data & methode accuracy).

The forecasts come cached per data version from `ui.cache` (the model once per release, never
on a widget change), so a database fault reaches the user as the cache's Dutch message.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import formaat
from diensten import pact, prognose
from ui import cache, weergave

# --------------------------------------------------------------------------------------------
# Overzicht


def pact_kaarten(keuze) -> None:
    """Target progress and probability cards for the chosen municipality (nothing without a
    target). The target is the one whose window contains the period's last month, else the
    most recent one; the forecast is as it stood at that month."""
    doelen = cache.doelen(keuze.nis)
    doel = prognose.kies_doel(doelen, keuze.tot)
    if doel is None:
        return
    as_of = min(keuze.tot, str(doel["tot"]))
    if as_of < str(doel["van"]):
        return
    try:
        d = cache.doelprognose(keuze.nis, doel["doel_id"], as_of)
    except prognose.GeenPrognose as fout:
        st.caption(weergave.letterlijk(f"Geen prognose voor {doel['naam']}: {fout}"))
        return
    st.markdown(f"##### {weergave.letterlijk(doel['naam'])}")
    weergave.kaarten(pact.overzicht_kaarten(d, keuze.naam))
    # every place that shows a target says whether it is a published one
    st.caption(pact.illustratief_zin(doel) or pact.status(doel))
    st.page_link("pages/3_Pact_en_prognose.py", label="Meer over het doel: Pact & prognose")


# --------------------------------------------------------------------------------------------
# Data & methode


def _getal(x, decimalen: int = 2) -> str:
    return formaat.getal(x, decimalen) if x is not None and pd.notna(x) else formaat.LEEG


def nauwkeurigheid_tabel(tabel: pd.DataFrame) -> pd.DataFrame:
    """The accuracy table as shown (Dutch numbers and column names)."""
    return pd.DataFrame(
        {
            "reeks": tabel["reeks"],
            "MASE": [_getal(x) for x in tabel["mase"]],
            "rel. MAE t.o.v. naïef": [_getal(x) for x in tabel["rel_mae_naive"]],
            "rel. MAE t.o.v. seizoensnaïef": [_getal(x) for x in tabel["rel_mae_snaive"]],
            "dekking 80%-band": [formaat.procent(x, 0) for x in tabel["coverage80"]],
            "dekking 95%-band": [formaat.procent(x, 0) for x in tabel["coverage95"]],
            "reeksen": tabel["series"].astype(int),
            "gemeenten": tabel["gemeenten"].astype(int),
            "prognoses": tabel["prognoses"].astype(int),  # 1.248 on screen, 1248 in the CSV
        }
    )


def eerlijke_zinnen(tabel: pd.DataFrame) -> list[str]:
    """Plain statements per series kind: where the model beats the baselines, and where not."""
    zinnen_ = []
    for rij in tabel.itertuples(index=False):
        naief, snaief = rij.rel_mae_naive, rij.rel_mae_snaive
        if pd.isna(naief) or pd.isna(snaief):
            continue
        if naief >= 1 or snaief >= 1:
            slechter = "naïeve" if naief >= 1 else "seizoensnaïeve"
            zinnen_.append(
                f"**{rij.reeks}**: het model doet het hier niet beter dan de {slechter} prognose "
                f"(relatieve MAE {_getal(naief if naief >= 1 else snaief)}). "
                + (
                    "Een maandstand verandert traag, zodat 'de laatste waarde doortrekken' al "
                    "een sterke prognose is. Lees de prognose van deze reeks daarom met "
                    "voorzichtigheid."
                    if rij.soort == "leefloongerechtigden"
                    else "Lees de prognose van deze reeks met voorzichtigheid."
                )
            )
        else:
            zinnen_.append(
                f"**{rij.reeks}**: de fout is {formaat.procent(1 - naief, 0)} kleiner dan die "
                f"van de naïeve prognose en {formaat.procent(1 - snaief, 0)} kleiner dan die "
                f"van de seizoensnaïeve; de 80%-band bevatte de uitkomst in "
                f"{formaat.procent(rij.coverage80, 0)} van de gevallen."
            )
    return zinnen_


def trackrecord_tabel(tabel: pd.DataFrame) -> pd.DataFrame:
    """The track record per series kind as shown (Dutch numbers and column names)."""
    return pd.DataFrame(
        {
            "reeksen": tabel["soort"],
            "MASE": [_getal(x) for x in tabel["mase"]],
            "rel. MAE t.o.v. naïef": [_getal(x) for x in tabel["rel_mae_naive"]],
            "rel. MAE t.o.v. seizoensnaïef": [_getal(x) for x in tabel["rel_mae_snaive"]],
            "dekking 80%-band": [formaat.procent(x, 0) for x in tabel["coverage80"]],
            "dekking 95%-band": [formaat.procent(x, 0) for x in tabel["coverage95"]],
            "Brier-score kans": [_getal(x) for x in tabel["brier"]],
            "gezegde kans (gem.)": [formaat.procent(x, 0) for x in tabel["kans_gezegd"]],
            "uitgekomen": [formaat.procent(x, 0) for x in tabel["kans_gebeurd"]],
            "prognoses": tabel["prognoses"].astype(int),
            "kansen": tabel["kansen"].astype(int),
        }
    )


def betrouwbaarheid_tabel(tabel: pd.DataFrame) -> pd.DataFrame:
    """The reliability table of P as shown: per tenth of stated P, how often it came true."""
    return pd.DataFrame(
        {
            "gezegde kans": [
                f"{formaat.procent(a, 0)} tot {formaat.procent(b, 0)}"
                for a, b in zip(tabel["van"], tabel["tot"], strict=True)
            ],
            "gevallen": tabel["n"].astype(int),
            "gemiddeld gezegd": [formaat.procent(x, 0) for x in tabel["gezegd"]],
            "uitgekomen": [formaat.procent(x, 0) for x in tabel["gebeurd"]],
        }
    )


def trackrecord_zinnen(tr: dict[str, pd.DataFrame]) -> list[str]:
    """The track record in words (the tables' text alternative)."""
    t = tr["nauwkeurigheid"]
    if t.empty:
        return []
    alle = t.iloc[0]
    zinnen_ = [
        f"Over alle reeksen viel de uitkomst in {formaat.procent(alle.coverage80, 0)} van de "
        f"gevallen binnen de 80%-band en in {formaat.procent(alle.coverage95, 0)} binnen de "
        f"95%-band (doel: 80% en 95%)."
    ]
    if pd.notna(alle.brier):
        zinnen_.append(
            f"De kans om een doel te halen had een Brier-score van {_getal(alle.brier)} "
            f"(0 is perfect; altijd 50% zeggen geeft 0,25). Gemiddeld zeiden we "
            f"{formaat.procent(alle.kans_gezegd, 0)}, uitgekomen is "
            f"{formaat.procent(alle.kans_gebeurd, 0)}."
        )
    b = tr["betrouwbaarheid"]
    genoeg = b[b.n >= 30]
    if not genoeg.empty:
        afwijking = (genoeg.gebeurd - genoeg.gezegd).abs()
        rij = genoeg.loc[afwijking.idxmax()]
        zinnen_.append(
            f"De grootste afwijking (klassen met minstens 30 gevallen): een gezegde kans van "
            f"gemiddeld {formaat.procent(rij.gezegd, 0)} kwam in "
            f"{formaat.procent(rij.gebeurd, 0)} van de gevallen uit."
        )
    return zinnen_


def trackrecord_tonen(m) -> None:
    """Data & methode: the track record of the as-of replays, per series kind."""
    soorten = [(k, v) for k, v in prognose.SOORTEN if k in m.backtests]
    if not soorten:
        return
    st.subheader("Trackrecord: hoe goed waren onze vroegere prognoses?")
    st.markdown(
        "We doen de prognoses van het verleden over met alleen de gegevens van toen (elk "
        "vertrekpunt), en vergelijken ze met wat daarna gebeurde: per grootte van de reeks "
        "(gemiddeld per maand) en per trend van het jaar ervoor. De kans is die om "
        "80% tot 125% van de voorspelde som van de volgende 12 maanden te halen."
    )
    labels = dict(soorten)
    soort = st.selectbox(
        "Reeks", [k for k, _ in soorten], format_func=labels.get, key="trackrecord_soort"
    )
    try:
        tr = cache.trackrecord_backtest(soort)
    except prognose.GeenPrognose as fout:
        st.info(weergave.letterlijk(fout))
        return
    for zin in trackrecord_zinnen(tr):
        st.markdown(f"- {zin}")
    weergave.tabel(
        trackrecord_tabel(tr["nauwkeurigheid"]), f"trackrecord {labels[soort]}", "trackrecord"
    )
    st.markdown("**Betrouwbaarheid van de kans**: gezegd tegenover uitgekomen.")
    weergave.tabel(
        betrouwbaarheid_tabel(tr["betrouwbaarheid"]),
        f"betrouwbaarheid kans {labels[soort]}",
        "betrouwbaarheid",
    )


METHODE = """
**Hoe de prognose werkt**

- **Basisprognose.** Per reeks (bv. de activeringen naar werk van een gemeente) rekenen drie
  beproefde methoden een prognose uit: exponentiële afvlakking (*ETS*), de *Theta*-methode en
  complexe exponentiële afvlakking (*CES*), elk met een jaarlijks seizoenspatroon en de vorm die
  het best bij de gegevens past. We nemen het gemiddelde van de drie en laten het nooit onder 0
  zakken. Voor kleine aantallen (veel maanden met 0 of minder dan 3 per maand) gebruiken we
  methoden die daarvoor gemaakt zijn (ADIDA en TSB); voor korte reeksen (minder dan 2 jaar) de
  middelste (mediaan) van ETS, Theta en de laatste waarde.
- **Banden.** De gekleurde banden komen niet uit een formule maar uit **echte fouten uit het
  verleden**: we doen de prognoses van de voorbije jaren over alsof we toen stonden
  (*backtest*: elke 3 maanden een nieuw vertrekpunt, 1 tot 12 maanden vooruit) voor alle
  gemeenten samen, en kijken hoe ver ze ernaast zaten. We gebruiken alleen de fouten van
  **vergelijkbare reeksen** (even groot, dezelfde trend, even woelig) van andere gemeenten,
  zonder hun gemiddelde afwijking: andere gemeenten bepalen hoe breed de band is, nooit in welke
  richting ze schuift. In 8 op de 10 gevallen hoort de uitkomst binnen de 80%-band te vallen;
  waar dat in het verleden niet zo was, stellen we de banden bij.
- **Kans om het doel te halen.** We voorspellen de resterende maanden tot de deadline en
  tellen ze op. Hoe onzeker die som is, halen we uit de fouten van eerdere *opgetelde*
  prognoses over even veel maanden (weer uit de backtest, vergelijkbare reeksen). De kans is het
  aandeel van de uitkomsten dat het doel haalt, bijgesteld zodat een gezegde kans van 70% in
  het verleden ook 7 op de 10 keer uitkwam, afgerond op 5%. We rekenen bewust **niet** met
  een Poisson-verdeling aan het huidige tempo: die vergeet dat het tempo zelf onzeker is en
  geeft veel te zekere kansen.
- **Eén keer per levering.** Het model wordt één keer berekend na elke nieuwe levering van
  cijfers, nooit bij het verschuiven van een schuifregelaar.
"""

UITLEG_MAATSTAVEN = (
    "**MASE**: gemiddelde fout gedeeld door de fout van 'zelfde maand vorig jaar' binnen de "
    "eigen gegevens (lager is beter). **Relatieve MAE**: de fout van het model gedeeld door die "
    "van de naïeve prognose (de laatste waarde doortrekken) of de seizoensnaïeve (de waarde van "
    "dezelfde maand een jaar eerder); onder 1 betekent beter dan die eenvoudige prognose. "
    "**Dekking**: hoe vaak de uitkomst binnen de 80%- of 95%-band viel (doel: ongeveer 80% en "
    "95%)."
)


def methode_en_nauwkeurigheid() -> None:
    """Data & methode: the forecast method in plain Dutch and its measured accuracy."""
    st.header("Prognosemethode")
    st.markdown(METHODE)
    st.subheader("Gemeten nauwkeurigheid")
    try:
        m = cache.model()
    except prognose.GeenPrognose as fout:
        st.info(weergave.letterlijk(fout))
        return
    tabel = m.nauwkeurigheid
    if tabel.empty:
        st.info("Er zijn nog te weinig maanden met gegevens om de prognose te toetsen.")
        return
    st.markdown(
        f"Backtest over {len(m.nissen)} gemeenten, horizon 1 tot 12 maanden, een vertrekpunt "
        f"om de 3 maanden. Berekend in {formaat.getal(m.duur_s, 1)} seconden op de gegevens van "
        f"levering {m.versie}."
    )
    weergave.tabel(nauwkeurigheid_tabel(tabel), "nauwkeurigheid prognose", "nauwkeurigheid")
    st.caption(UITLEG_MAATSTAVEN)
    for zin in eerlijke_zinnen(tabel):
        st.markdown(f"- {zin}")
    trackrecord_tonen(m)
    if len(m.nissen) < 10:
        st.caption(
            f"Met {len(m.nissen)} gemeenten is de verzameling fouten klein: de banden en kansen "
            "worden betrouwbaarder naarmate er meer gemeenten in de databank zitten. Daarom "
            "tellen ook de activeringen naar werk per pijler mee in de foutenpool."
        )
