"""Pact & prognose: progress to the target, the forecast fan, the probability, the pace needed,
the expected funding, an as-of replay of what the forecast said at an earlier month, and the
forecast's track record."""

import streamlit as st

from charts import formaat
from forecasting import gemeente
from ui import cache, instellingen, prognose, prognose_scherm, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Pact & prognose")

HORIZONNEN = {1: "1 maand vooraf", 6: "6 maanden vooraf"}


def _doel_label(doelen, doel_id: str) -> str:
    return str(doelen.loc[doelen["doel_id"] == doel_id, "naam"].iloc[0])


def uit_url(sleutel: str, opties) -> None:
    """A link may also carry the code instead of the shown label (`?doel=activeringspact-2023`,
    `?as_of=2024-01`); binding alone only knows the label ("jan 2024"), so hand the code to the
    widget before it is drawn."""
    instellingen.uit_link(sleutel, opties)
    waarde = st.query_params.get(sleutel)
    if waarde in opties and sleutel not in st.session_state:
        st.session_state[sleutel] = waarde


def opties(keuze, doelen):
    """Target and as-of month, both kept in the URL (`?doel=...&as_of=2024-01`)."""
    ids = list(doelen["doel_id"])
    standaard = gemeente.kies_doel(doelen, keuze.tot)["doel_id"]
    uit_url("doel", ids)
    with st.sidebar:
        st.subheader("Doel")
        doel_id = st.selectbox(
            "Doel",
            ids,
            index=ids.index(standaard),
            format_func=lambda i: _doel_label(doelen, i),
            key="doel",
            bind="query-params",
        )
    doel = doelen[doelen["doel_id"] == doel_id].iloc[0].to_dict()
    laatste = cache.laatste_periode(keuze.nis) or keuze.tot
    maanden = gemeente.as_of_maanden(doel, laatste)
    uit_url("as_of", maanden)
    if len(maanden) < 2:
        return doel, maanden[0], laatste
    with st.sidebar:
        as_of = st.select_slider(
            "Prognose zoals in",
            options=maanden,
            value=maanden[-1],
            format_func=formaat.maand,
            key="as_of",
            bind="query-params",
            help=(
                "Kies een vroegere maand om te zien wat de prognose toen zei: alleen de "
                "gegevens tot en met die maand tellen mee."
            ),
        )
    return doel, as_of, laatste


def toon_doel(keuze, doel, d, laatste):
    st.title(f"Pact & prognose — {keuze.naam}")
    instellingen.demolabel()
    st.markdown(f"### {doel['naam']}")
    regels = [
        f"Doel: **{formaat.getal(doel['doelwaarde'])} activeringen naar werk** van "
        f"{formaat.maand_lang(doel['van'])} tot en met {formaat.maand_lang(doel['tot'])}, "
        f"maximaal {formaat.euro(doel['max_subsidie_eur'])} subsidie."
    ]
    if d.as_of < min(laatste, str(doel["tot"])):
        regels.append(
            f"**Terugblik:** zo zag de prognose eruit in {formaat.maand_lang(d.as_of)}, met "
            "alleen de gegevens tot en met die maand."
        )
    st.markdown(" ".join(regels))
    illustratief = prognose_scherm.illustratief_zin(doel)
    if illustratief:
        st.warning(f"**Illustratief doel.** {illustratief}")
    if doel.get("bron"):
        st.caption(f"Bron van het doel: {doel['bron']}")


def toon_kaarten(keuze, doel, d):
    kolommen = st.columns(4)
    weergave.kaart(
        kolommen[0],
        f"Gerealiseerd ({formaat.maand(d.as_of)})",
        prognose_scherm.voortgang_tekst(d, met_aandeel=False),
        f"{prognose_scherm.aandeel(d)} van het doel",
    )
    weergave.kaart(
        kolommen[1],
        "Kans om het doel te halen",
        prognose_scherm.kans_waarde(d),
        formaat.kans_label(d.probability) if d.maanden_resterend else None,
    )
    weergave.kaart(
        kolommen[2],
        f"Verwacht tegen {formaat.maand(d.tot)}",
        formaat.getal(d.p50),
        (
            f"in 8 op de 10 gevallen tussen {formaat.getal(d.p10)} en {formaat.getal(d.p90)}"
            if d.maanden_resterend
            else "de eindstand"
        ),
    )
    aanname = "aanname" in str(doel.get("bron", "")).lower()
    weergave.kaart(
        kolommen[3],
        "Verwachte subsidie" if d.maanden_resterend else "Subsidie volgens de regel",
        formaat.euro(round(d.expected_funding_eur / 1000) * 1000),
        f"van maximaal {formaat.euro(d.max_subsidie_eur)}"
        + ("; uitbetalingsregel is een aanname" if aanname else ""),
    )


def toon_voortgang(keuze, doel, d, bron):
    scherm = cache.scherm(prognose_scherm.voortgang_scherm, doel, d, naam=keuze.naam, bron=bron)
    weergave.scherm(scherm)
    if d.maanden_resterend:
        st.markdown(
            f"{prognose_scherm.kans_tekst(d)} {prognose_scherm.eind_zin(d, keuze.naam) or ''}"
        )
        st.caption(prognose_scherm.KANS_UITLEG)
    else:
        st.markdown(prognose_scherm.kans_tekst(d))
    nadien = prognose_scherm.nadien_zin(d)
    if nadien:
        st.info(nadien, icon=":material/history:")


def toon_tempo(keuze, doel, d, bron):
    st.subheader("Nodig tempo en subsidie")
    if d.maanden_resterend:
        weergave.scherm(cache.scherm(prognose_scherm.tempo_scherm, d, naam=keuze.naam, bron=bron))
    st.markdown(prognose_scherm.subsidie_zin(d, doel))


def toon_verloop(keuze, doel, d, bron):
    st.subheader("Hoe de kans veranderde")
    try:
        verloop = prognose.kansverloop(doel["doel_id"])
    except gemeente.GeenPrognose as fout:
        st.info(str(fout))
        return
    scherm = cache.scherm(
        prognose_scherm.kansverloop_scherm, verloop, naam=keuze.naam, bron=bron, tot=d.as_of
    )
    if scherm is None:
        st.caption("Nog geen maanden om te tonen: het doel is pas begonnen.")
        return
    weergave.scherm(scherm)
    st.caption(
        "Elke maand is de kans opnieuw berekend met alleen de gegevens tot en met die maand. "
        "Een kans van 30% die niet uitkomt is geen fout: in 3 op de 10 zulke gevallen haal je "
        "het doel wel."
    )


def toon_trackrecord(keuze, bron):
    st.subheader("Trackrecord: hoe goed waren eerdere prognoses?")
    try:
        frame = prognose.trackrecord(keuze.nis)
    except gemeente.GeenPrognose as fout:
        st.info(str(fout))
        return
    instellingen.uit_link("horizon", [str(h) for h in HORIZONNEN])
    horizon = st.radio(
        "Prognose gemaakt",
        [str(h) for h in HORIZONNEN],
        format_func=lambda h: HORIZONNEN[int(h)],
        horizontal=True,
        key="horizon",
        bind="query-params",
    )
    scherm = cache.scherm(
        prognose_scherm.trackrecord_scherm, frame, naam=keuze.naam, bron=bron, horizon=int(horizon)
    )
    if scherm is not None:
        weergave.scherm(scherm)


def toon_geen_doel(keuze):
    st.title(f"Pact & prognose — {keuze.naam}")
    instellingen.demolabel()
    st.info(
        f"Voor {keuze.naam} is er nog geen doel ingesteld. Een beheerder kan een doel toevoegen "
        "(Beheer → Doelen)."
    )
    toon_trackrecord(keuze, cache.bron())


keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    doelen = cache.doelen(keuze.nis)
    if doelen.empty:
        toon_geen_doel(keuze)
    else:
        doel, as_of, laatste = opties(keuze, doelen)
        bron = cache.bron()
        try:
            d = prognose.doelprognose(keuze.nis, doel["doel_id"], as_of)
        except gemeente.GeenPrognose as fout:
            st.title(f"Pact & prognose — {keuze.naam}")
            instellingen.demolabel()
            st.warning(str(fout))
        else:
            toon_doel(keuze, doel, d, laatste)
            toon_kaarten(keuze, doel, d)
            toon_voortgang(keuze, doel, d, bron)
            toon_tempo(keuze, doel, d, bron)
            toon_verloop(keuze, doel, d, bron)
            toon_trackrecord(keuze, bron)
