"""Beheer, "Gegevens opladen": the mapping step for a file the importer does not recognise.

The user says per column what it is (municipality, month, year, a dimension, a measure →
indicator, or ignore), per dimension column which file value means which category, sees the
first translated rows and every problem, and saves the mapping as a named import profile
(docs/importprofielen.md) and/or imports the file with it. The import itself then goes through
the tab's normal preview and confirmation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

import domein
from charts import formaat
from data_access import audit
from data_access.formaten import profiel as pf
from data_access.inlezen import ImportFout, Ingelezen
from data_access.referentie import gemeenten_referentie
from data_access.toegang import Gebruiker
from ui import auth
from ui.beheer.hulp import databank_weigerde, md, meervoud

NIEUW = ""  # the choice "a new profile" in the list of saved ones
NEGEREN = "negeren"
MAX_WAARDEN = 40  # distinct values of a dimension column offered for mapping
VOORBEELD_RIJEN = 10
K_BEWAARD = "beheer_kop_bewaard"
K_BASIS = "beheer_kop_basis"
K_KIES = "beheer_kop_kies"
K_LAATSTE = "beheer_kop_laatste"
LAATSTE = "\x00laatste"  # the choice "the mapping last used" (no profile name has \x00)


def rollen() -> list[str]:
    """Every role a column can have (codes; `rol_label` gives the Dutch text)."""
    return [
        NEGEREN,
        "gemeente:nis",
        "gemeente:naam",
        "maand",
        "jaar",
        *(f"dimensie:{d}" for d in domein.DIMENSIE_NAMEN),
        *(f"meetwaarde:{i}" for i in domein.INDICATOREN),
    ]


def rol_label(rol: str) -> str:
    vast = {
        NEGEREN: "Negeren",
        "gemeente:nis": "Gemeente (NIS-code)",
        "gemeente:naam": "Gemeente (naam)",
        "maand": "Maand (JJJJ-MM, JJJJMM, datum; of maandnummer naast een jaarkolom)",
        "jaar": "Jaar (met een aparte maandkolom)",
    }
    if rol in vast:
        return vast[rol]
    soort, _, code = rol.partition(":")
    if soort == "dimensie":
        return f"Uitsplitsing: {domein.DIMENSIE_LABELS.get(code, code)}"
    return f"Aantal: {domein.label('indicator', code)}"


def _raad_rol(kolom: str) -> str:
    """A first guess from the column name (the user checks every one)."""
    k = re.sub(r"[^a-z]", "", kolom.lower())
    if k in ("nis", "niscode", "refnis", "geoitem", "nis5"):
        return "gemeente:nis"
    if k in ("gemeente", "gemeentenaam", "naam", "ocmw"):
        return "gemeente:naam"
    if k in ("maand", "periode", "period", "datum"):
        return "maand"
    if k == "jaar":
        return "jaar"
    if kolom in domein.DIMENSIES:
        return f"dimensie:{kolom}"
    if kolom in domein.INDICATOREN:
        return f"meetwaarde:{kolom}"
    return NEGEREN


def _rol_uit_profiel(profiel: pf.Profiel, kolom: str) -> str:
    if kolom == profiel.gemeente_kolom:
        return f"gemeente:{profiel.gemeente_soort}"
    if kolom == profiel.maand_kolom:
        return "maand"
    if kolom == profiel.jaar_kolom:
        return "jaar"
    if kolom in profiel.dimensies:
        return f"dimensie:{profiel.dimensies[kolom]}"
    if kolom in profiel.meetwaarden:
        return f"meetwaarde:{profiel.meetwaarden[kolom].indicator}"
    return NEGEREN


def profiel_uit_keuzes(
    naam: str,
    keuzes: dict[str, str],
    tellingen: dict[str, tuple[str, str]],
    waarden: dict[str, dict[str, str]],
) -> pf.Profiel:
    """The profile the choices on screen describe: `keuzes` column → role, `tellingen` measure
    column → (teldefinitie, status), `waarden` dimension → file value → category code.
    A role chosen twice keeps its first column (`problemen` then names what is missing)."""
    per_rol: dict[str, list[str]] = {}
    for kolom, rol in keuzes.items():
        per_rol.setdefault(rol, []).append(kolom)
    gemeente = next((r for r in ("gemeente:nis", "gemeente:naam") if r in per_rol), "")
    profiel = pf.Profiel(
        naam=naam.strip(),
        gemeente_kolom=per_rol[gemeente][0] if gemeente else "",
        gemeente_soort=gemeente.partition(":")[2] or "nis",
        maand_kolom=per_rol.get("maand", [""])[0],
        jaar_kolom=per_rol.get("jaar", [""])[0],
        dimensies={k: r.partition(":")[2] for k, r in keuzes.items() if r.startswith("dimensie:")},
        meetwaarden={
            k: pf.Meetwaarde(
                r.partition(":")[2],
                *tellingen.get(
                    k, (pf.standaard_teldefinitie(r.partition(":")[2]), domein.VOORLOPIG)
                ),
            )
            for k, r in keuzes.items()
            if r.startswith("meetwaarde:")
        },
        waarden={
            d: {pf._sleutel(w): c for w, c in kaart.items() if c} for d, kaart in waarden.items()
        },
    )
    return profiel


def _dubbele_rollen(keuzes: dict[str, str]) -> list[str]:
    enkelvoudig = ("gemeente:nis", "gemeente:naam", "maand", "jaar")
    fouten = []
    for rol in enkelvoudig:
        kolommen = [k for k, r in keuzes.items() if r == rol]
        if len(kolommen) > 1:
            fouten.append(f"'{rol_label(rol)}' is gekozen voor {len(kolommen)} kolommen")
    if "gemeente:nis" in keuzes.values() and "gemeente:naam" in keuzes.values():
        fouten.append("kies één kolom voor de gemeente (NIS-code of naam)")
    return fouten


# --------------------------------------------------------------------------------------------
# the step on screen


def stap(
    engine: Engine,
    gebruiker: Gebruiker,
    ingelezen: Ingelezen,
    toon_fouten: Callable[[list[ImportFout]], None],
) -> pf.Profiel | None:
    """Show the mapping step for `ingelezen`; the profile when the user clicks "Importeren"."""
    st.info(
        f"**{md(ingelezen.bestand)}** heeft niet de kolommen van het sjabloon. Zeg hieronder wat "
        "elke kolom betekent; u ziet meteen de eerste vertaalde rijen en eventuele problemen. "
        "Bewaar de koppeling als profiel om hetzelfde soort bestand later (ook met "
        "`leefloonmonitor import BESTAND --profiel NAAM`) in één keer in te lezen.",
        icon=":material/table_convert:",
    )
    melding = st.session_state.pop(K_BEWAARD, None)
    if melding:
        st.success(melding, icon=":material/bookmark_added:")
    bewaarde = _bewaarde(engine)
    laatste: pf.Profiel | None = st.session_state.get(K_LAATSTE)
    if laatste is not None and bewaarde.get(laatste.naam) != laatste:
        bewaarde[LAATSTE] = laatste  # the mapping last imported with, not saved as such
    if K_KIES in st.session_state:  # a widget's value can only be set before it is drawn
        kies = st.session_state.pop(K_KIES)
        if kies == LAATSTE and LAATSTE not in bewaarde:  # the last mapping is a saved profile
            kies = laatste.naam
        st.session_state[K_BASIS] = kies
    basisnaam = st.selectbox(
        "Vertrek van een bewaard profiel",
        [NIEUW, *bewaarde],
        format_func=lambda n: {NIEUW: "Nieuw profiel", LAATSTE: "De laatste koppeling"}.get(n, n),
        key=K_BASIS,
    )
    basis = bewaarde.get(basisnaam)
    voorvoegsel = f"beheer_kop_{basisnaam}_"
    kolommen = list(ingelezen.frame.columns)
    keuzes = _kies_rollen(kolommen, basis, voorvoegsel)
    tellingen = _kies_tellingen(keuzes, basis, voorvoegsel)
    waarden = _kies_waarden(ingelezen, keuzes, basis, voorvoegsel)
    naam = st.text_input(
        "Profiel bewaren als …",
        value=(basis.naam if basis else "")
        or re.sub(r"[^\w .()+-]", "_", ingelezen.bestand.rsplit(".", 1)[0])[:60],
        key=f"{voorvoegsel}naam",
        max_chars=pf.MAX_NAAM,
    )
    profiel = profiel_uit_keuzes(naam, keuzes, tellingen, waarden)
    problemen = _dubbele_rollen(keuzes) + profiel.problemen()
    if problemen:
        st.warning(
            "**Nog te kiezen:**\n" + "\n".join(f"- {md(p)}" for p in problemen),
            icon=":material/edit_note:",
        )
        return None
    vertaling = pf.vertaal(profiel, ingelezen, date.today())
    _toon_voorbeeld(vertaling, toon_fouten)
    links, rechts, _ = st.columns([1, 1, 2])
    if links.button("Profiel bewaren", key="beheer_kop_bewaar", icon=":material/bookmark_add:"):
        _bewaar(engine, gebruiker, profiel)
    if rechts.button(
        "Importeren",
        key="beheer_kop_importeer",
        type="primary",
        disabled=bool(vertaling.fouten),
        icon=":material/upload:",
        help="Controleert het hele bestand met deze koppeling; daarna ziet u wat er verandert "
        "en bevestigt u.",
    ):
        return profiel
    return None


def terug(profiel: pf.Profiel) -> None:
    """Back from the preview to the mapping step, with the mapping `profiel` selected."""
    st.session_state[K_LAATSTE] = profiel
    st.session_state[K_KIES] = LAATSTE
    st.rerun()


def _bewaarde(engine: Engine) -> dict[str, pf.Profiel]:
    uit = {}
    for naam in pf.lijst(engine)["naam"]:
        try:
            uit[naam] = pf.laad(engine, naam)
        except pf.ProfielFout:
            continue  # no longer fits the registry: not offered as a starting point
    return uit


def _kies_rollen(kolommen, basis: pf.Profiel | None, voorvoegsel: str) -> dict[str, str]:
    st.markdown("**1. Wat betekent elke kolom?**")
    opties = rollen()
    keuzes = {}
    rasters = st.columns(3)
    for i, kolom in enumerate(kolommen):
        gok = _rol_uit_profiel(basis, kolom) if basis else _raad_rol(kolom)
        keuzes[kolom] = rasters[i % 3].selectbox(
            f"Kolom '{kolom}'",
            opties,
            index=opties.index(gok) if gok in opties else 0,
            format_func=rol_label,
            key=f"{voorvoegsel}rol_{i}",
        )
    return keuzes


def _kies_tellingen(keuzes, basis, voorvoegsel) -> dict[str, tuple[str, str]]:
    meet = [k for k, r in keuzes.items() if r.startswith("meetwaarde:")]
    if not meet:
        return {}
    st.markdown("**2. Hoe is elk aantal geteld?**")
    uit = {}
    for i, kolom in enumerate(meet):
        vorige = basis.meetwaarden.get(kolom) if basis else None
        links, rechts = st.columns(2)
        indicator = keuzes[kolom].partition(":")[2]
        standaard = vorige.teldefinitie if vorige else pf.standaard_teldefinitie(indicator)
        teldefinitie = links.selectbox(
            f"Teldefinitie van '{kolom}'",
            pf.TELDEFINITIES,
            index=pf.TELDEFINITIES.index(standaard),
            format_func=TELDEFINITIE_LABELS.get,
            key=f"{voorvoegsel}tel_{i}_{kolom}",
        )
        status = rechts.selectbox(
            f"Status van '{kolom}'",
            pf.STATUSSEN,
            index=pf.STATUSSEN.index(vorige.status) if vorige else 0,
            format_func=STATUS_LABELS.get,
            key=f"{voorvoegsel}status_{i}_{kolom}",
        )
        uit[kolom] = (teldefinitie, status)
    return uit


TELDEFINITIE_LABELS = {code: d["label"] for code, d in domein.TELDEFINITIES.items()}
STATUS_LABELS = {
    code: label[:1].upper() + label[1:] for code, label in domein.FEITSTATUS_LABELS.items()
}


def _kies_waarden(ingelezen, keuzes, basis, voorvoegsel) -> dict[str, dict[str, str]]:
    dims = [(k, r.partition(":")[2]) for k, r in keuzes.items() if r.startswith("dimensie:")]
    if not dims:
        return {}
    st.markdown("**3. Welke waarde is welke categorie?**")
    st.caption("Een waarde die 'alle categorieën' betekent, koppelt u aan Totaal.")
    uit: dict[str, dict[str, str]] = {}
    for kolom, dim in dims:
        waarden = sorted(ingelezen.frame[kolom].unique(), key=str)
        if len(waarden) > MAX_WAARDEN:
            st.error(
                f"Kolom '{md(kolom)}' heeft {len(waarden)} verschillende waarden (maximum "
                f"{MAX_WAARDEN}): is dit wel een uitsplitsing?"
            )
            uit[dim] = {}
            continue
        codes = ["", *domein.DIMENSIES[dim]]
        hulpprofiel = basis or pf.Profiel(naam="x", gemeente_kolom="")
        kaart = {}
        with st.expander(f"Waarden van '{kolom}' → {dim}", expanded=True):
            rasters = st.columns(3)
            for i, waarde in enumerate(waarden):
                gok = pf.categorie_van(hulpprofiel, dim, waarde) or ""
                kaart[waarde] = rasters[i % 3].selectbox(
                    f"'{waarde}' betekent",
                    codes,
                    index=codes.index(gok),
                    format_func=lambda c, d=dim: "— kies —" if c == "" else domein.label(d, c),
                    key=f"{voorvoegsel}w_{kolom}_{dim}_{i}",
                )
        uit[dim] = kaart
    return uit


def _naam_van(nis: str) -> str:
    ref = gemeenten_referentie().set_index("nis")["naam"]
    return str(ref.get(nis, nis))


def voorbeeldrijen(frame: pd.DataFrame, n: int = VOORBEELD_RIJEN) -> pd.DataFrame:
    """The first translated rows in Dutch: gemeente, maand, indicator, categorie, aantal."""
    rijen = []
    for r in frame.head(n).itertuples(index=False):
        r = r._asdict()
        delen = [domein.label(d, r[d]) for d in domein.DIMENSIE_NAMEN if r[d] != "totaal"]
        rijen.append(
            {
                "gemeente": _naam_van(r["nis"]),
                "maand": formaat.maand_lang(r["periode"]),
                "indicator": domein.label("indicator", r["indicator"]),
                "categorie": ", ".join(delen) or "Totaal",
                "aantal": formaat.getal(int(r["aantal"])),
            }
        )
    return pd.DataFrame(rijen, columns=["gemeente", "maand", "indicator", "categorie", "aantal"])


def _toon_voorbeeld(vertaling, toon_fouten) -> None:
    st.markdown("**4. Voorbeeld**")
    if vertaling.fouten:
        n = len(vertaling.fouten)
        st.error(
            f"Met deze koppeling zijn er {meervoud(n, 'probleem', 'problemen')}. Pas de "
            "koppeling aan of verbeter het bestand.",
            icon=":material/error:",
        )
        toon_fouten(vertaling.fouten)
        return
    tabel = voorbeeldrijen(vertaling.frame)
    totaal = len(vertaling.frame)
    alle = meervoud(totaal, "vertaalde rij", "vertaalde rijen")
    st.caption(f"De eerste {min(totaal, VOORBEELD_RIJEN)} van {alle}:")
    st.dataframe(tabel, hide_index=True, width="stretch")
    # the same rows as text (screen readers; st.dataframe is a canvas)
    st.markdown(
        "\n".join(
            f"- {md(r.gemeente)}, {md(r.maand)}, {md(r.indicator)}, {md(r.categorie)}: {r.aantal}"
            for r in tabel.itertuples(index=False)
        )
    )
    for notitie in vertaling.notities:
        st.caption(md(notitie))


def _bewaar(engine: Engine, gebruiker: Gebruiker, profiel: pf.Profiel) -> None:
    try:
        pf.bewaar(engine, profiel, gebruiker.gebruikersnaam)
        audit.log(
            engine,
            gebruiker,
            "importprofiel_bewaard",
            f"profiel '{profiel.naam}' bewaard",
            auth.client_id(),
        )
    except pf.ProfielFout as fout:
        st.error("Niet bewaard: " + md(str(fout)))
        return
    except SQLAlchemyError as fout:
        databank_weigerde(fout)
        return
    st.session_state[K_BEWAARD] = (
        f"Profiel '{md(profiel.naam)}' bewaard. Op de opdrachtregel: "
        f'`leefloonmonitor import BESTAND --profiel "{profiel.naam}"`.'
    )
    st.session_state[K_KIES] = profiel.naam  # selected as the starting point after the rerun
    st.rerun()
