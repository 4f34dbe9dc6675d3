"""Pact & prognose: progress to the target, the forecast fan, the probability, the pace needed,
the expected funding, an as-of replay of what the forecast said at an earlier month, and the
forecast's track record."""

import streamlit as st

from charts import formaat
from data_access.suppression import drempel_uit_omgeving
from diensten import pact, pactdelen
from diensten.prognose import GeenPrognose, as_of_maanden, kies_doel
from domein import maanden
from ui import cache, instellingen, link, weergave
from ui.guard import bewaak

gebruiker = bewaak(titel="Pact & prognose")

HORIZONNEN = pact.HORIZON_TEKST


def _doel_label(doelen, doel_id: str) -> str:
    return str(doelen.loc[doelen["doel_id"] == doel_id, "naam"].iloc[0])


def uit_url(sleutel: str, opties, *, terug: bool = False, label=None) -> None:
    """The link's code (`?doel=activeringspact-2023`, `?as_of=2024-01`) or the label older
    links carried ("jan 2024"), handed to the widget before it is drawn. `terug`: a month that
    is no option moves back to the last option before it (the count is released per quarter,
    older links named any month)."""
    opties = list(opties)

    def lees(ruw):
        waarde = link.lees_een(ruw, opties, label)
        if waarde is None and terug and ruw and maanden.is_maand(str(ruw[-1]).strip()):
            eerder = [o for o in opties if o <= str(ruw[-1]).strip()]
            waarde = eerder[-1] if eerder else None
        return waarde

    if sleutel in st.session_state and st.session_state[sleutel] not in opties:
        del st.session_state[sleutel]  # another target's months
    link.neem_over(sleutel, lees)


def kop(keuze) -> None:
    st.title(f"Pact & prognose — {weergave.letterlijk(keuze.naam)}")
    instellingen.demolabel()


def opties(keuze, doelen):
    """Target and as-of month, both kept in the URL (`?doel=...&as_of=2024-01`). The target is
    chosen right under the title: in the sidebar it fell below the fold of a 1366×768 laptop."""
    ids = list(doelen["doel_id"])
    standaard = kies_doel(doelen, keuze.tot)["doel_id"]
    uit_url("doel", ids, label=lambda i: _doel_label(doelen, i))
    doel_id = st.selectbox(
        "Doel",
        ids,
        index=ids.index(standaard),
        format_func=lambda i: _doel_label(doelen, i),
        key="doel",
    )
    link.schrijf("doel", doel_id)
    doel = doelen[doelen["doel_id"] == doel_id].iloc[0].to_dict()
    laatste = cache.laatste_periode(keuze.nis) or keuze.tot
    punten = as_of_maanden(doel, laatste)
    uit_url("as_of", punten, terug=True, label=formaat.maand)
    if len(punten) < 2:
        return doel, (punten or [None])[-1], laatste
    with st.sidebar:
        as_of = st.select_slider(
            "Prognose zoals in",
            options=punten,
            value=punten[-1],
            format_func=formaat.maand,
            key="as_of",
            help=(
                "Kies een vroegere maand om te zien wat de prognose toen zei: alleen de "
                "gegevens tot en met die maand tellen mee. De stand telt per volledig kwartaal."
            ),
        )
    link.schrijf("as_of", as_of)
    return doel, as_of, laatste


def toon_doel(keuze, doel, d, laatste):
    st.markdown(f"### {weergave.letterlijk(doel['naam'])}")
    regels = [
        f"Doel: **{formaat.getal(doel['doelwaarde'])} activeringen naar werk** van "
        f"{formaat.maand_lang(doel['van'])} tot en met {formaat.maand_lang(doel['tot'])}, "
        f"maximaal {formaat.euro(doel['max_subsidie_eur'])} subsidie."
    ]
    punten = as_of_maanden(doel, laatste)
    if punten and d.as_of < punten[-1]:
        regels.append(
            f"**Terugblik:** zo zag de prognose eruit in {formaat.maand_lang(d.as_of)}, met "
            "alleen de gegevens tot en met die maand."
        )
    st.markdown(" ".join(regels))
    illustratief = pact.illustratief_zin(doel)
    if illustratief:
        st.warning(f"**Illustratief doel.** {illustratief}")
    else:
        st.caption(pact.status(doel))
    if doel.get("bron"):
        st.caption(f"Bron van het doel: {weergave.letterlijk(doel['bron'])}")


def toon_kaarten(keuze, doel, d):
    weergave.kaarten(pact.pact_kaarten(d, doel))


def toon_voortgang(keuze, doel, d, bron):
    scherm = cache.scherm(pact.voortgang_scherm, doel, d, naam=keuze.naam, bron=bron)
    weergave.scherm(scherm)
    # the chart's headline already states a known outcome: say the rest once
    rest = pact.kop_met_kans(d, keuze.naam, kop="")
    if rest:
        st.markdown(weergave.letterlijk(rest))
    if d.maanden_resterend:
        st.caption(pact.KANS_UITLEG)
    nadien = pact.nadien_zin(d)
    if nadien:
        st.info(nadien, icon=":material/history:")


def toon_tempo(keuze, doel, d, bron):
    st.subheader("Nodig tempo en subsidie")
    if d.maanden_resterend:
        weergave.scherm(cache.scherm(pact.tempo_scherm, d, naam=keuze.naam, bron=bron))
    st.markdown(pact.subsidie_zin(d, doel))


def laad_delen(keuze):
    """The released tables by `pijler` and by `doelgroep` (protected unless the user is an
    analyst of this municipality) and, for an analyst, the work tiles per pillar."""

    def tabel(indicator, dimensie):
        return cache.uitsplitsing(keuze.nis, indicator, dimensie, gebruiker)

    return {
        "pijler": (
            tabel("trajectstarts", "pijler"),
            tabel("activeringen", "pijler"),
            cache.werk_per_pijler(keuze.nis, gebruiker),
        ),
        "doelgroep": (
            tabel("leefloongerechtigden", "doelgroep"),
            tabel("trajectstarts", "doelgroep"),
            tabel("activeringen", "doelgroep"),
        ),
    }


def toon_deel(deel, sleutel):
    """A pact table: its sentence (the table's text alternative), the table with its CSV, the
    notes (window, count definition, source)."""
    st.markdown(f"#### {weergave.letterlijk(deel.titel)}")
    st.markdown(weergave.letterlijk(deel.zin))
    weergave.tabel(deel.tabel, deel.titel, sleutel)
    for noot in deel.noten:
        st.caption(weergave.letterlijk(noot))


def toon_delen(keuze, doel, d, bron):
    st.subheader("Per pijler en per doelgroep")
    data = laad_delen(keuze)
    drempel = drempel_uit_omgeving()
    pijlers = pactdelen.pijler_deel(
        *data["pijler"], doel, tot=d.as_of, naam=keuze.naam, bron=bron, drempel=drempel
    )
    toon_deel(pijlers, "pact-pijlers")
    groepen = pactdelen.doelgroep_deel(
        *data["doelgroep"], doel, tot=d.as_of, naam=keuze.naam, bron=bron
    )
    toon_deel(groepen, "pact-doelgroepen")


def toon_verloop(keuze, doel, d, bron):
    st.subheader("Hoe de kans veranderde")
    try:
        verloop = cache.kansverloop(doel["doel_id"])
    except GeenPrognose as fout:
        st.info(weergave.letterlijk(fout))
        return
    scherm = cache.scherm(pact.kansverloop_scherm, verloop, naam=keuze.naam, bron=bron, tot=d.as_of)
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
        frame = cache.trackrecord(keuze.nis)
    except GeenPrognose as fout:
        st.info(weergave.letterlijk(fout))
        return
    instellingen.uit_link(
        "horizon", [str(h) for h in HORIZONNEN], label=lambda h: HORIZONNEN[int(h)]
    )
    horizon = st.radio(
        "Prognose gemaakt",
        [str(h) for h in HORIZONNEN],
        format_func=lambda h: HORIZONNEN[int(h)],
        horizontal=True,
        key="horizon",
    )
    link.schrijf("horizon", horizon)
    scherm = cache.scherm(
        pact.trackrecord_scherm, frame, naam=keuze.naam, bron=bron, horizon=int(horizon)
    )
    if scherm is not None:
        weergave.scherm(scherm)


def toon_geen_doel(keuze):
    naam = weergave.letterlijk(keuze.naam)
    kop(keuze)
    st.info(
        f"Voor {naam} is er nog geen doel ingesteld. Een beheerder kan een doel toevoegen "
        "(Beheer → Doelen)."
    )
    toon_trackrecord(keuze, cache.bron(keuze.nis))


keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    doelen = cache.doelen(keuze.nis)
    if doelen.empty:
        toon_geen_doel(keuze)
    else:
        kop(keuze)
        doel, as_of, laatste = opties(keuze, doelen)
        bron = cache.bron(keuze.nis)
        try:
            d = cache.doelprognose(keuze.nis, doel["doel_id"], as_of)
        except GeenPrognose as fout:
            st.warning(weergave.letterlijk(fout))
        else:
            toon_doel(keuze, doel, d, laatste)
            toon_kaarten(keuze, doel, d)
            toon_voortgang(keuze, doel, d, bron)
            toon_tempo(keuze, doel, d, bron)
            toon_delen(keuze, doel, d, bron)
            toon_verloop(keuze, doel, d, bron)
            toon_trackrecord(keuze, bron)
    link.deelknop()
