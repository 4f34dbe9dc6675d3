"""Beheer, tab "Gegevens opladen": upload, validation report, preview, confirm."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from charts import formaat
from data_access import audit, db, formaten, importer, inlezen, queries, validatie, voorbeeld
from data_access.formaten import profiel as pf
from data_access.formaten.profiel import ProfielLayout
from data_access.inlezen import ImportFout, Ingelezen
from data_access.toegang import MAX_UPLOAD_MB, Gebruiker
from domein import DIMENSIES, FEITSTATUS_LABELS, INDICATOREN, LABELS, TELDEFINITIES
from ui import auth, weergave
from ui.beheer import koppeling
from ui.beheer.hulp import (
    K_CONTROLE,
    K_MELDING,
    K_TELLER,
    MAX_BYTES,
    SJABLONEN,
    SJABLOON_MAP,
    SOORT_LABELS,
    databank_weigerde,
    getal_nl,
    is_demo,
    md,
    meervoud,
    nieuwe_gegevens,
    schrijf_audit,
)
from ui.beheer.voorbeeldweergave import toon_voorbeeld

log = logging.getLogger("leefloonmonitor.beheer")


@dataclass
class Controle:
    """The validated upload kept in the session until it is imported or replaced."""

    sleutel: tuple
    bestanden: list[str]
    fouten: list[ImportFout]
    verslagen: list[importer.Bestandsverslag] = field(default_factory=list)
    gecontroleerd: list[importer.Gecontroleerd] = field(default_factory=list)
    voorbeeld: voorbeeld.Voorbeeld | None = None
    versie: int = 0
    # one file in a layout the importer does not know: offered the mapping step (koppeling.py)
    onherkend: Ingelezen | None = None
    profiel: str = ""  # the import profile the files were read with ('' = recognised)
    koppeling: Controle | None = None  # the check before the mapping (to change the mapping)
    gekoppeld: pf.Profiel | None = None  # the mapping the files were read with


def _uitleg() -> None:
    st.markdown(
        "**Zo laadt u de cijfers van een nieuwe maand:**\n"
        "1. Download het sjabloon hieronder en vul het in (of exporteer uit uw eigen systeem "
        "met dezelfde kolommen).\n"
        "2. Kies het bestand. De Leefloonmonitor controleert het volledig; er wordt nog niets "
        "bewaard.\n"
        "3. Zijn er problemen, dan ziet u per rij wat er mis is en hoe u het oplost. Verbeter "
        "het bestand en kies het opnieuw.\n"
        "4. Is alles in orde, dan ziet u wat er zal veranderen. Pas na uw bevestiging worden "
        "de cijfers bewaard, in één keer (alles of niets)."
    )
    kolommen = st.columns(len(SJABLONEN))
    for kolom, (bestand, label, uitleg) in zip(kolommen, SJABLONEN, strict=True):
        pad = SJABLOON_MAP / bestand
        if not pad.is_file():
            continue
        kolom.download_button(
            label,
            data=pad.read_bytes(),
            file_name=bestand,
            mime="text/csv",
            key=f"beheer_sjabloon_{bestand}",
            on_click="ignore",
            icon=":material/download:",
            help=uitleg,
        )
    with st.expander("Welke kolommen en codes mag ik gebruiken?"):
        st.markdown(
            "- De kopregel is precies `nis;periode;indicator;doelgroep;leeftijd;pijler;"
            "bestemming;aantal` (kleine letters; `;` of `,` als scheidingsteken).\n"
            "- Eén rij per cel. `totaal` betekent *alle categorieën*. Geeft u een uitsplitsing, "
            "dan moeten de categorieën optellen tot de rij met `totaal`.\n"
            "- Een gemeente-maand wordt **altijd volledig vervangen** door wat u oplaadt: "
            "lever alle indicatoren en uitsplitsingen van de maand samen aan.\n"
            "- `aantal` is een geheel getal ≥ 0, zonder punten of komma's. Maanden schrijft u "
            "als JJJJ-MM en ze mogen niet in de toekomst liggen."
        )
        st.dataframe(_codetabel(), hide_index=True, width="stretch")


def _codetabel() -> pd.DataFrame:
    rijen = [
        ("nis", "5 cijfers (REFNIS)", "de gemeente, bv. 12025 = Mechelen, 11016 = Essen"),
        ("periode", "JJJJ-MM", "de maand, bv. 2026-10"),
    ]
    for code in INDICATOREN:
        rijen.append(("indicator", code, LABELS["indicator"][code]))
    for dim, codes in DIMENSIES.items():
        for code in codes:
            rijen.append((dim, code, LABELS[dim][code]))
    rijen.append(("aantal", "0, 1, 2, …", "aantal personen (geheel getal)"))
    for code, tel in TELDEFINITIES.items():
        rijen.append(("teldefinitie (optioneel)", code, tel["label"]))
    for code, label in FEITSTATUS_LABELS.items():
        rijen.append(("status (optioneel)", code, label))
    return pd.DataFrame(rijen, columns=["kolom", "code", "betekenis"])


def controleer_upload(
    bestanden: list[tuple[str, int, bytes | None]], profiel: pf.Profiel | None = None
) -> Controle:
    """Validate uploaded files: (name, size, bytes or None when not read), read with the
    import `profiel` when given. Files above MAX_UPLOAD_MB are refused by our own check without
    being parsed. Writes nothing."""
    fouten: list[ImportFout] = []
    te_lezen = []
    for naam, grootte, inhoud in bestanden:
        if grootte > MAX_BYTES or inhoud is None:
            mb = formaat.getal(grootte / 1024 / 1024, 1)
            fouten.append(
                ImportFout(
                    naam,
                    None,
                    "",
                    f"{mb} MB",
                    f"het bestand is te groot ({mb} MB; maximum {MAX_UPLOAD_MB} MB)",
                    "lever één maand of één gemeente per bestand aan, of splits het bestand",
                )
            )
            continue
        te_lezen.append((naam, inhoud))
    layout = ProfielLayout(profiel) if profiel else None
    gecontroleerd, resultaat = importer.controleer_bestanden(te_lezen, layout=layout)
    return Controle(
        sleutel=(),
        bestanden=[b[0] for b in bestanden],
        fouten=fouten + resultaat.fouten,
        verslagen=resultaat.bestanden,
        gecontroleerd=gecontroleerd,
        onherkend=_onherkend(te_lezen) if not fouten and resultaat.fouten else None,
        profiel=profiel.naam if profiel else "",
    )


def _onherkend(bestanden: list[tuple[str, bytes]]) -> Ingelezen | None:
    """The one uploaded file, read, when neither the template nor a known layout fits it."""
    if len(bestanden) != 1:
        return None
    naam, inhoud = bestanden[0]
    try:
        ingelezen = inlezen.lees(inhoud, naam)
    except inlezen.LeesFout:
        return None
    kolommen = list(ingelezen.frame.columns)
    if validatie.herken_soort(kolommen) or formaten.herken(kolommen) or len(kolommen) < 2:
        return None
    # more than half of a template's columns: a template with a mistake (the report says which)
    if any(2 * len(set(v) & set(kolommen)) > len(v) for v in validatie.SOORTEN.values()):
        return None
    return ingelezen


def _controle(engine: Engine, gebruiker: Gebruiker, uploads) -> Controle:
    sleutel = tuple((f.name, f.size, getattr(f, "file_id", "")) for f in uploads)
    bewaard: Controle | None = st.session_state.get(K_CONTROLE)
    if bewaard is not None and bewaard.sleutel == sleutel:
        return bewaard
    with st.status("Bestanden controleren …", expanded=True) as status:
        invoer = []
        for f in uploads:
            if f.size > MAX_BYTES:
                st.write(f"✗ {md(f.name)}: te groot, niet gelezen")
                invoer.append((f.name, f.size, None))
            else:
                invoer.append((f.name, f.size, f.getvalue()))
                st.write(f"✓ {md(f.name)}: ontvangen ({getal_nl(f.size)} bytes)")
        st.write("Kolommen, codes, aantallen en optellingen nakijken …")
        controle = controleer_upload(invoer)
        controle.sleutel = sleutel
        if not controle.fouten:
            st.write("Vergelijken met de gegevens die nu geladen zijn …")
            controle.versie = queries.data_versie(engine)
            controle.voorbeeld = voorbeeld.voorbeeld(engine, controle.gecontroleerd)
            status.update(label="Controle klaar: geen fouten", state="complete", expanded=False)
        else:
            status.update(
                label=f"Controle klaar: {meervoud(len(controle.fouten), 'probleem', 'problemen')}",
                state="error",
                expanded=False,
            )
    if controle.fouten:
        _audit_geweigerd(engine, gebruiker, controle)
    st.session_state[K_CONTROLE] = controle
    return controle


def _audit_geweigerd(engine: Engine, gebruiker: Gebruiker, controle: Controle) -> None:
    details = audit.weigering_details(controle.bestanden, controle.fouten)
    audit.log(engine, gebruiker, "import_geweigerd", details, auth.client_id())


def verslagtabel(fouten: list[ImportFout]) -> pd.DataFrame:
    """The validation report as shown and downloaded: bestand, rij, kolom, waarde, reden,
    oplossing (rij 'hele bestand' for a problem of the whole file)."""
    return pd.DataFrame(
        [
            {
                "bestand": f.bestand,
                "rij": str(f.rij) if f.rij else "hele bestand",
                "kolom": f.kolom,
                "waarde": f.waarde,
                "reden": f.reden,
                "oplossing": f.oplossing,
            }
            for f in fouten
        ],
        columns=["bestand", "rij", "kolom", "waarde", "reden", "oplossing"],
    )


def _toon_verslag(controle: Controle) -> None:
    n = len(controle.fouten)
    st.error(
        f"**Niet geïmporteerd:** {meervoud(n, 'probleem', 'problemen')} gevonden. Er is niets "
        "in de databank geschreven. Verbeter het bestand en kies het daarna opnieuw.",
        icon=":material/error:",
    )
    tabel = verslagtabel(controle.fouten)
    if n > 5:
        st.markdown("**Samenvatting per soort probleem**")
        soorten = (
            tabel.groupby(["kolom", "reden"], sort=False)
            .size()
            .reset_index(name="aantal")
            .sort_values("aantal", ascending=False)
        )
        st.dataframe(formaat.tabel_scherm(soorten), hide_index=True, width="stretch")
    st.markdown("**Alle problemen**")
    weergave.tabel(tabel, "importverslag", "beheer-verslag")


def _toon_fouten(fouten: list[ImportFout]) -> None:
    weergave.tabel(verslagtabel(fouten), "koppelingsverslag", "beheer-koppeling-verslag")


def _met_profiel(engine: Engine, gebruiker: Gebruiker, controle: Controle, profiel) -> None:
    """Check the unrecognised file whole with the mapping; the tab then shows the usual preview
    and confirmation (or the report)."""
    ingelezen = controle.onherkend
    invoer = [(ingelezen.bestand, len(ingelezen.inhoud), ingelezen.inhoud)]
    with st.spinner("Het hele bestand controleren met deze koppeling …"):
        nieuw = controleer_upload(invoer, profiel)
        nieuw.sleutel, nieuw.onherkend = controle.sleutel, ingelezen
        nieuw.koppeling, nieuw.gekoppeld = controle.koppeling or controle, profiel
        if not nieuw.fouten:
            nieuw.versie = queries.data_versie(engine)
            nieuw.voorbeeld = voorbeeld.voorbeeld(engine, nieuw.gecontroleerd)
    if nieuw.fouten:
        _audit_geweigerd(engine, gebruiker, nieuw)
    st.session_state[K_CONTROLE] = nieuw
    st.rerun()


def _bestandsoverzicht(controle: Controle) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "bestand": b.bestand,
                "soort": SOORT_LABELS.get(b.soort or "", b.soort or ""),
                "rijen": getal_nl(b.rijen),
                "codering": b.codering,
                "scheidingsteken": b.scheidingsteken,
            }
            for b in controle.verslagen
        ]
    )


def _reset_upload() -> None:
    st.session_state[K_TELLER] = st.session_state.get(K_TELLER, 0) + 1
    st.session_state.pop(K_CONTROLE, None)


def _importeer(engine: Engine, gebruiker: Gebruiker, controle: Controle) -> None:
    if queries.data_versie(engine) != controle.versie:
        # Someone else imported or restored since the preview was made: show it afresh.
        controle.voorbeeld = voorbeeld.voorbeeld(engine, controle.gecontroleerd)
        controle.versie = queries.data_versie(engine)
        st.warning(
            "Intussen zijn er andere gegevens geladen. Het overzicht hieronder is bijgewerkt; "
            "kijk het na en bevestig opnieuw."
        )
        return
    rijen = sum(b.rijen for b in controle.verslagen)
    samenvatting = controle.voorbeeld.samenvatting if controle.voorbeeld else ""

    def auditregel(conn, ids: list[int]) -> None:  # in the import's own transaction
        details = audit.import_details(controle.bestanden, rijen, ids, samenvatting)
        audit.log(conn, gebruiker, "import", details, auth.client_id())

    try:
        demo = is_demo(engine)
        with st.spinner("Gegevens bewaren …"):
            ids = importer.schrijf(
                engine,
                controle.gecontroleerd,
                door=gebruiker.gebruikersnaam,
                demo=demo,
                auditregel=auditregel,
            )
    except (db.DatabankFout, SQLAlchemyError) as fout:
        databank_weigerde(fout)
        schrijf_audit(
            engine,
            gebruiker,
            "import_geweigerd",
            f"{', '.join(controle.bestanden)}: de databank weigerde het schrijven (teruggedraaid)",
        )
        return
    except Exception:  # noqa: BLE001 - one transaction: nothing was written
        log.exception("Beheer: import mislukt bij het schrijven")
        schrijf_audit(
            engine,
            gebruiker,
            "import_geweigerd",
            f"{', '.join(controle.bestanden)}: schrijven mislukt (teruggedraaid)",
        )
        st.error(
            "Het bewaren is mislukt. Omdat alles in één keer gebeurt, is er niets gewijzigd. "
            "Probeer het opnieuw; blijft het probleem, verwittig dan de beheerder."
        )
        return
    nieuwe_gegevens()
    st.session_state[K_MELDING] = (
        f"Geïmporteerd als release {', '.join(map(str, ids))}: "
        f"{md(', '.join(controle.bestanden))} ({meervoud(rijen, 'rij', 'rijen')}). "
        "Alle pagina's tonen de nieuwe cijfers meteen."
    )
    _reset_upload()
    st.rerun()


def tab_opladen(engine: Engine, gebruiker: Gebruiker) -> None:
    st.subheader("Gegevens opladen")
    _uitleg()
    if is_demo(engine):
        st.warning(
            "**Demomodus.** Wat u hier oplaadt, wordt bewaard als demodata en is zichtbaar voor "
            "iedereen met een demo-account. Laad hier geen echte cijfers op.",
            icon=":material/science:",
        )
    st.markdown(
        "CSV (met `;` of `,`, UTF-8 of Windows-1252) of Excel (XLSX met één tabblad, zonder "
        "formules). U mag meerdere bestanden tegelijk kiezen, bijvoorbeeld één per gemeente."
    )
    uploads = weergave.bestandskiezer(
        # plain text: the label is also the drop zone's aria-label, read out as written
        "Kies een of meer bestanden (maandcijfers, bevolking, doelen of gemeenten), "
        f"maximaal {MAX_UPLOAD_MB} MB per bestand",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key=f"beheer_upload_{st.session_state.get(K_TELLER, 0)}",
    )
    if not uploads:
        st.session_state.pop(K_CONTROLE, None)
        return
    controle = _controle(engine, gebruiker, uploads)
    if controle.fouten and controle.onherkend is not None:
        if controle.profiel:  # read with a mapping, and still refused: why, then the mapping
            _toon_verslag(controle)
        profiel = koppeling.stap(engine, gebruiker, controle.onherkend, _toon_fouten)
        if profiel is not None:
            _met_profiel(engine, gebruiker, controle, profiel)
        return
    if controle.fouten:
        _toon_verslag(controle)
        return
    st.success(
        "**Het bestand is in orde:** geen fouten gevonden. Er is nog niets bewaard.",
        icon=":material/task_alt:",
    )
    if controle.profiel:
        st.caption(f"Gelezen met het importprofiel '{md(controle.profiel)}'.")
        if controle.koppeling is not None and st.button(
            "Koppeling aanpassen", key="beheer_kop_terug", icon=":material/edit:"
        ):
            st.session_state[K_CONTROLE] = controle.koppeling
            koppeling.terug(controle.gekoppeld)
    st.dataframe(_bestandsoverzicht(controle), hide_index=True, width="stretch")
    toon_voorbeeld(controle.voorbeeld, "import")
    if controle.voorbeeld.niets_verandert:
        st.caption("Er verandert niets; importeren maakt alleen een nieuwe release aan.")
    links, rechts, _ = st.columns([2, 1, 3])
    if links.button(
        "Ja, importeer deze gegevens",
        type="primary",
        key="beheer_bevestig_import",
        icon=":material/upload:",
    ):
        _importeer(engine, gebruiker, controle)
    if rechts.button("Annuleren", key="beheer_annuleer_import"):
        _reset_upload()
        st.rerun()
