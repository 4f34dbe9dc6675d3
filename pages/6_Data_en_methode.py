"""Data & methode: sources, releases, definitions, the disclosure rule, forecast accuracy."""

import pandas as pd
import streamlit as st

import domein
from charts import formaat
from data_access import referentie
from data_access.suppression import MINIMALE_NOEMER, drempel_uit_omgeving
from ui import cache, prognose, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Data & methode")


def definities() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"indicator": domein.LABELS["indicator"][code], "definitie": domein.TELDEFINITIE[code]}
            for code in domein.INDICATOREN
        ]
    )


def release_tabel(releases: pd.DataFrame) -> pd.DataFrame:
    if releases.empty:
        return releases
    return pd.DataFrame(
        {
            "release": releases["id"],
            "soort": releases["soort"],
            "bestand": releases["bestand"],
            "rijen": releases["rijen"].astype(int),  # 12.090 on screen, 12090 in the CSV
            "door": releases["door"],
            "tijdstip": [formaat.tijdstip(t) for t in releases["tijdstip"]],
            "sha256": [s[:12] + "…" for s in releases["sha256"]],
        }
    )


def toon_bronnen():
    st.header("Bronnen")
    laatste = cache.laatste_periode()
    st.markdown(
        f"- **Maandcijfers**: {weergave.letterlijk(cache.bron())}; laatste maand met gegevens: "
        f"**{formaat.maand_lang(laatste) if laatste else '–'}**.\n"
        f"- **Bevolking**: {referentie.BRON_BEVOLKING}, meegeleverd voor alle 285 gemeenten "
        "(een fusiegemeente van 2025 = de som van haar voorgangers); latere jaren uit een "
        "ingevoerd bevolkingsbestand. Een jaar zonder cijfer gebruikt het dichtstbijzijnde "
        "bekende jaar, en de grafiek zegt welk.\n"
        f"- **Gemeenten**: {referentie.BRON}.\n"
        f"- **Kaart**: {referentie.BRON_KAART} (2025).\n"
        "- **Doelen**: lokaal activeringspact (Vlaamse overheid) en de gemeentelijke "
        "engagementen; zie Pact & prognose."
    )
    if cache.is_demo():
        st.warning(
            "Er zijn nu **demodata** geladen: synthetische cijfers die gepubliceerde cijfers "
            "exact nabootsen (zie Kalibratie) en elders plausibel zijn."
        )


def toon_definities():
    st.header("Definities")
    st.markdown(
        "Een **maandstand** telt personen met (equivalent) leefloon in de maand; een **stroom** "
        "telt gebeurtenissen in de maand. Een persoon telt in precies één doelgroep (de eerste "
        "die van toepassing is). Activeringen naar **werk**: reguliere job, interimwerk, sociale "
        "economie en artikel 60."
    )
    weergave.tabel(definities(), "definities", "definities")


def toon_privacy():
    drempel = drempel_uit_omgeving()
    st.header("Privacy: kleine aantallen")
    st.markdown(
        f"- Gemeentetotalen per maand tonen we exact (het zijn gepubliceerde cijfers).\n"
        f"- In elke uitsplitsing tonen we een cel van 1 tot {drempel - 1} personen als "
        f"**<{drempel}**.\n"
        "- Waar nodig verbergen we nog andere cellen (**x**), zodat niemand een kleine cel kan "
        "terugrekenen uit het totaal.\n"
        f"- Percentages alleen als de noemer minstens {MINIMALE_NOEMER} personen telt.\n"
        "- Kleine stromen (instroom, uitstroom, activeringen) in uitsplitsingen tonen we per "
        "kwartaal, niet per maand, zodat verschillen tussen maanden niets verraden.\n"
        "- Zou een uitsplitsing zo grotendeels verborgen zijn (in een kleine gemeente), dan "
        "voegen we samen: bredere leeftijdsgroepen, naar werk / niet naar werk, per halfjaar of "
        "jaar, of alleen het totaal. Dat staat dan onder de grafiek.\n"
        "- Activeringen naar werk (de telling van het activeringspact) tonen we per volledig "
        f"kwartaal, afgerond op {drempel}: samen met de tabel per bestemming verraden ze zo geen "
        "kleine aantallen. Of een doel gehaald is, klopt wel exact.\n"
        "- Alleen analisten van de eigen gemeente zien de exacte cijfers van die gemeente. De "
        "regel geldt ook voor downloads, exports en de command line."
    )


def toon_releases():
    st.header("Leveringen (releases)")
    weergave.tabel(release_tabel(cache.releases()), "releases", "releases")


def toon_kalibratie():
    if not cache.is_demo():
        return
    st.header("Kalibratie van de demodata")
    tabel = cache.kalibratie()
    tabel = tabel.assign(geslaagd=tabel["geslaagd"].map({True: "ja", False: "NEE"}))
    weergave.tabel(tabel, "kalibratie", "kalibratie")


st.title("Data & methode")
toon_bronnen()
toon_definities()
toon_privacy()
prognose.methode_en_nauwkeurigheid()
toon_releases()
toon_kalibratie()
