"""Streamlit pieces of the Beheer page (`pages/7_Beheer.py`): upload with validation report and
preview, release history and restore, targets, users, audit log.

The logic lives in `data_access` (importer, voorbeeld, doelbeheer, gebruikers, audit); this
module only reads widgets, calls those functions and renders. Rules that hold everywhere here:

- nothing from an upload (file name, cell value) is rendered as markdown or HTML: it goes into a
  dataframe, or through `_md()` which escapes markdown; `unsafe_allow_html` is never used;
- every action is wrapped: an unexpected error is logged on the server and the user gets a
  Dutch message, never a traceback (Streamlit's own stop/rerun are BaseExceptions and pass);
  a database that refuses (down, locked, read-only, damaged) gets its own Dutch reason
  (`db.databankfout`) instead of the message for the unexpected;
- nothing is written before the user confirms a preview, and the write is one transaction.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from charts import formaat
from data_access import audit, db, doelbeheer, gebruikers, importer, queries, voorbeeld
from data_access.db import REPO
from data_access.inlezen import ImportFout
from data_access.referentie import gemeenten_referentie
from data_access.toegang import MAX_UPLOAD_MB, ROL_KORT, ROL_LABELS, ROLLEN, Gebruiker
from domein import DIMENSIES, INDICATOREN, LABELS
from ui import auth, weergave

log = logging.getLogger("leefloonmonitor.beheer")

SJABLOON_MAP = REPO / "data" / "sjabloon"
SJABLONEN = (
    ("sjabloon.csv", "Sjabloon maandcijfers", "De kopregel en 2 voorbeeldrijen."),
    (
        "voorbeeld_volledig_12025_2026-09.csv",
        "Volledig voorbeeld",
        "Eén volledige maand (Mechelen, september 2026, demodata) met alle uitsplitsingen.",
    ),
    ("sjabloon_doelen.csv", "Sjabloon doelen", "De kopregel en 1 voorbeelddoel."),
    ("sjabloon_bevolking.csv", "Sjabloon bevolking", "Inwoners op 1 januari per gemeente."),
)
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
BRUSSEL = ZoneInfo("Europe/Brussels")

TAB_OPLADEN = "Gegevens opladen"
TAB_RELEASES = "Releases"
TAB_DOELEN = "Doelen"
TAB_GEBRUIKERS = "Gebruikers"
TAB_AUDIT = "Auditlog"

SOORT_LABELS = {
    "feiten": "maandcijfers",
    "bevolking": "bevolking",
    "doelen": "doelen",
    "gemeenten": "gemeenten",
    "herstel": "herstel",
}
STATUS_LABELS = {
    "gewijzigd": "gewijzigd",
    "toegevoegd": "nieuw in deze maand",
    "verdwijnt": "verdwijnt",
    "nieuw": "nieuw",
    "ongewijzigd": "ongewijzigd",
}
UITBETALING_LABELS = {
    "proportioneel": "Proportioneel (naar rato van het behaalde)",
    "alles_of_niets": "Alles of niets",
}
FOUTMELDING = (
    "Er liep iets onverwachts mis. Er is niets gewijzigd in de gegevens. Probeer het opnieuw; "
    "blijft het probleem, verwittig dan de beheerder van de Leefloonmonitor (de details staan "
    "in het serverlogboek)."
)

# session-state keys (all with the prefix of this page)
K_TELLER = "beheer_upload_teller"
K_CONTROLE = "beheer_controle"
K_MELDING = "beheer_melding"
K_HERSTEL = "beheer_herstelvoorbeeld"

_MARKDOWN_TEKENS = re.compile(r"([\\`*_{}\[\]()<>#!|~:$&=^])")
_REGELBEGIN = re.compile(r"(?m)^(\s*)([-+]|\d+[.)])")


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


def _md(tekst: object) -> str:
    """Escape markdown (and so HTML-ish input) in text that did not come from our own code."""
    tekst = _MARKDOWN_TEKENS.sub(r"\\\1", str(tekst))
    return _REGELBEGIN.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], tekst)


def _veilig(functie, *args, **kwargs):
    """Run one part of the page; an unexpected error becomes a Dutch message, never a trace."""
    try:
        return functie(*args, **kwargs)
    except SQLAlchemyError as fout:  # a read: the writes below catch their own
        melding = db.databankfout(fout)
        naam = getattr(functie, "__name__", functie)
        log.warning("Beheer: databank weigerde in %s: %s", naam, melding.reden)
        st.error(
            f"Dit deel van de pagina kan nu niet getoond worden: {melding.reden}. "
            f"{melding.oplossing}",
            icon=":material/cloud_off:",
        )
        return None
    except Exception:  # noqa: BLE001 - the user gets a message, the server log the details
        log.exception("Beheer: onverwachte fout in %s", getattr(functie, "__name__", functie))
        st.error(FOUTMELDING)
        return None


def _databank_weigerde(fout: Exception) -> None:
    """A write the database refused (down, locked, read-only): its Dutch message, no trace.
    Every write here is one transaction, so nothing changed."""
    melding = fout if isinstance(fout, db.DatabankFout) else db.databankfout(fout)
    log.warning("Beheer: databank weigerde het schrijven: %s", melding.reden)
    st.error(str(melding), icon=":material/cloud_off:")


def _audit(engine: Engine, gebruiker: Gebruiker, actie: str, details: str) -> None:
    """An audit row for a refused write; the database that refused may refuse this too."""
    try:
        audit.log(engine, gebruiker, actie, details, auth.client_id())
    except SQLAlchemyError as fout:
        log.warning("Beheer: auditregel %s niet bewaard: %s", actie, type(fout).__name__)


def tijd_nl(waarde) -> str:
    """A UTC timestamp as Belgian local time in Dutch: ``22 nov 2026 18:31``."""
    if waarde is None or (not isinstance(waarde, str) and pd.isna(waarde)):
        return formaat.LEEG
    ts = pd.Timestamp(waarde)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    ts = ts.tz_convert(BRUSSEL)
    return f"{ts.day} {formaat.MAANDEN_KORT[ts.month - 1]} {ts.year} {ts:%H:%M}"


def _gemeentenamen() -> dict[str, str]:
    ref = gemeenten_referentie()
    return dict(zip(ref["nis"], ref["naam"], strict=True))


def _maand(periode: str) -> str:
    try:
        return formaat.maand(periode)
    except (TypeError, ValueError):
        return str(periode)


def _getal(waarde) -> str:
    return formaat.getal(waarde)


def _verschil(waarde) -> str:
    return formaat.getal(waarde, plus=True)


def _meervoud(n: int, enkel: str, meer: str) -> str:
    return f"{formaat.getal(n)} {enkel if n == 1 else meer}"


def _toon_melding() -> None:
    melding = st.session_state.pop(K_MELDING, None)
    if melding:
        st.success(melding, icon=":material/check_circle:")


def _demo(engine: Engine) -> bool:
    return gebruikers.demo_modus(engine)


def _nieuwe_gegevens() -> None:
    """After a write: drop this process's cached reads at once. `ui.cache` keys its reads on the
    data version as well (which also reaches other server processes); clearing here makes the
    new figures visible on every page of this server without relying on that alone."""
    st.cache_data.clear()


# --------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------


def tabbladen(gebruiker: Gebruiker) -> list[str]:
    """The tabs this user gets (Gebruikers and Auditlog only for admins)."""
    tabs = [TAB_OPLADEN, TAB_RELEASES, TAB_DOELEN]
    if gebruiker.is_admin:
        tabs += [TAB_GEBRUIKERS, TAB_AUDIT]
    return tabs


def pagina(engine: Engine, gebruiker: Gebruiker) -> None:
    """The whole Beheer page after the guard. Only the open tab runs (state in the URL)."""
    st.title("Beheer")
    st.caption(
        "Maandcijfers opladen, releases terugzetten, doelen beheren"
        + (", gebruikers en het auditlogboek." if gebruiker.is_admin else ".")
    )
    _toon_melding()
    namen = tabbladen(gebruiker)
    tabs = st.tabs(namen, key="tab", bind="query-params")
    tekenaars = {
        TAB_OPLADEN: tab_opladen,
        TAB_RELEASES: tab_releases,
        TAB_DOELEN: tab_doelen,
        TAB_GEBRUIKERS: tab_gebruikers,
        TAB_AUDIT: tab_audit,
    }
    for naam, tab in zip(namen, tabs, strict=True):
        if tab.open is False:
            continue
        with tab:
            _veilig(tekenaars[naam], engine, gebruiker)


# --------------------------------------------------------------------------------------------
# tab: upload
# --------------------------------------------------------------------------------------------


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
    return pd.DataFrame(rijen, columns=["kolom", "code", "betekenis"])


def controleer_upload(bestanden: list[tuple[str, int, bytes | None]]) -> Controle:
    """Validate uploaded files: (name, size, bytes or None when not read). Files above
    MAX_UPLOAD_MB are refused by our own check without being parsed. Writes nothing."""
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
    gecontroleerd, resultaat = importer.controleer_bestanden(te_lezen)
    return Controle(
        sleutel=(),
        bestanden=[b[0] for b in bestanden],
        fouten=fouten + resultaat.fouten,
        verslagen=resultaat.bestanden,
        gecontroleerd=gecontroleerd,
    )


def _controle(engine: Engine, gebruiker: Gebruiker, uploads) -> Controle:
    sleutel = tuple((f.name, f.size, getattr(f, "file_id", "")) for f in uploads)
    bewaard: Controle | None = st.session_state.get(K_CONTROLE)
    if bewaard is not None and bewaard.sleutel == sleutel:
        return bewaard
    with st.status("Bestanden controleren …", expanded=True) as status:
        invoer = []
        for f in uploads:
            if f.size > MAX_BYTES:
                st.write(f"✗ {_md(f.name)}: te groot, niet gelezen")
                invoer.append((f.name, f.size, None))
            else:
                invoer.append((f.name, f.size, f.getvalue()))
                st.write(f"✓ {_md(f.name)}: ontvangen ({_getal(f.size)} bytes)")
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
                label=f"Controle klaar: {_meervoud(len(controle.fouten), 'probleem', 'problemen')}",
                state="error",
                expanded=False,
            )
    if controle.fouten:
        _audit_geweigerd(engine, gebruiker, controle)
    st.session_state[K_CONTROLE] = controle
    return controle


def _audit_geweigerd(engine: Engine, gebruiker: Gebruiker, controle: Controle) -> None:
    # Reasons and places only: never a cell value (it could be a hidden small count).
    redenen = sorted({f"{f.kolom or 'bestand'}: {f.reden}" for f in controle.fouten})
    details = (
        f"{', '.join(controle.bestanden)}: "
        f"{_meervoud(len(controle.fouten), 'probleem', 'problemen')} ("
        + "; ".join(redenen[:5])
        + (" …" if len(redenen) > 5 else "")
        + ")"
    )
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
        f"**Niet geïmporteerd:** {_meervoud(n, 'probleem', 'problemen')} gevonden. Er is niets "
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
        st.dataframe(soorten, hide_index=True, width="stretch")
    st.markdown("**Alle problemen**")
    weergave.tabel(tabel, "importverslag", "beheer-verslag")


def _bestandsoverzicht(controle: Controle) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "bestand": b.bestand,
                "soort": SOORT_LABELS.get(b.soort or "", b.soort or ""),
                "rijen": _getal(b.rijen),
                "codering": b.codering,
                "scheidingsteken": b.scheidingsteken,
            }
            for b in controle.verslagen
        ]
    )


def _nieuwe_maanden_tabel(v: voorbeeld.Voorbeeld) -> pd.DataFrame:
    nieuw = v.totalen[v.totalen["status"] == "nieuw"]
    if nieuw.empty:
        return pd.DataFrame()
    breed = nieuw.pivot_table(
        index=["gemeente", "periode"], columns="indicator", values="nieuw", aggfunc="first"
    )
    volgorde = [i for i in INDICATOREN if i in breed.columns]
    breed = breed[volgorde].reset_index()
    uit = pd.DataFrame(
        {"gemeente": breed["gemeente"], "maand": [_maand(p) for p in breed["periode"]]}
    )
    for ind in volgorde:
        uit[LABELS["indicator"][ind]] = [_getal(w) for w in breed[ind]]
    return uit


def _gewijzigde_totalen_tabel(v: voorbeeld.Voorbeeld) -> pd.DataFrame:
    tot = v.gewijzigde_totalen
    return pd.DataFrame(
        {
            "gemeente": tot["gemeente"],
            "maand": [_maand(p) for p in tot["periode"]],
            "indicator": [LABELS["indicator"].get(i, i) for i in tot["indicator"]],
            "oud": [_getal(w) for w in tot["oud"]],
            "nieuw": [_getal(w) for w in tot["nieuw"]],
            "verschil": [_verschil(w) for w in tot["verschil"]],
            "status": [STATUS_LABELS.get(s, s) for s in tot["status"]],
        }
    )


def toon_voorbeeld(v: voorbeeld.Voorbeeld, sleutel: str) -> None:
    """Render a preview (import or restore): summary, new months, changed totals old → new,
    the number of changed breakdown cells (never their values)."""
    st.markdown("#### Wat verandert er?")
    st.info(_md(v.samenvatting), icon=":material/preview:")
    for opmerking in v.opmerkingen:
        st.warning(_md(opmerking))
    nieuw = _nieuwe_maanden_tabel(v)
    if not nieuw.empty:
        st.markdown(f"**Nieuwe maanden** ({formaat.getal(len(nieuw))}): gemeentetotalen")
        weergave.tabel(nieuw, f"{sleutel} nieuwe maanden", f"{sleutel}-nieuw")
    gewijzigd = _gewijzigde_totalen_tabel(v)
    if not gewijzigd.empty:
        st.markdown("**Gewijzigde gemeentetotalen** (oud → nieuw)")
        weergave.tabel(gewijzigd, f"{sleutel} gewijzigde totalen", f"{sleutel}-gewijzigd")
    if v.cellen_totaal:
        st.caption(
            "Daarnaast wijzigen "
            + _meervoud(v.cellen_totaal, "cel", "cellen")
            + " van uitsplitsingen (naar doelgroep, leeftijd, pijler of bestemming): "
            f"{formaat.getal(v.cellen_gewijzigd)} met een andere waarde, "
            f"{formaat.getal(v.cellen_toegevoegd)} nieuw, "
            f"{formaat.getal(v.cellen_verdwenen)} vervallen. Hun waarden tonen we hier niet: "
            "kleine aantallen zijn beschermd."
        )
    if not v.ongewijzigde_maanden.empty:
        with st.expander(
            "Ongewijzigde maanden (" + formaat.getal(len(v.ongewijzigde_maanden)) + ")"
        ):
            st.dataframe(
                pd.DataFrame(
                    {
                        "gemeente": v.ongewijzigde_maanden["gemeente"],
                        "maand": [_maand(p) for p in v.ongewijzigde_maanden["periode"]],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    if not v.overige.empty:
        st.markdown("**Bevolking, doelen en gemeenten**")
        overige = v.overige.assign(
            soort=[SOORT_LABELS.get(s, s) for s in v.overige["soort"]],
            status=[STATUS_LABELS.get(s, s) for s in v.overige["status"]],
        )
        weergave.tabel(overige, f"{sleutel} overige wijzigingen", f"{sleutel}-overige")


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
        details = f"{', '.join(controle.bestanden)}: {rijen} rijen; release(s) "
        details += f"{', '.join(map(str, ids))}; {samenvatting}"
        audit.log(conn, gebruiker, "import", details, auth.client_id())

    try:
        demo = _demo(engine)
        with st.spinner("Gegevens bewaren …"):
            ids = importer.schrijf(
                engine,
                controle.gecontroleerd,
                door=gebruiker.gebruikersnaam,
                demo=demo,
                auditregel=auditregel,
            )
    except (db.DatabankFout, SQLAlchemyError) as fout:
        _databank_weigerde(fout)
        _audit(
            engine,
            gebruiker,
            "import_geweigerd",
            f"{', '.join(controle.bestanden)}: de databank weigerde het schrijven (teruggedraaid)",
        )
        return
    except Exception:  # noqa: BLE001 - one transaction: nothing was written
        log.exception("Beheer: import mislukt bij het schrijven")
        _audit(
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
    _nieuwe_gegevens()
    st.session_state[K_MELDING] = (
        f"Geïmporteerd als release {', '.join(map(str, ids))}: "
        f"{_md(', '.join(controle.bestanden))} ({_meervoud(rijen, 'rij', 'rijen')}). "
        "Alle pagina's tonen de nieuwe cijfers meteen."
    )
    _reset_upload()
    st.rerun()


def tab_opladen(engine: Engine, gebruiker: Gebruiker) -> None:
    st.subheader("Gegevens opladen")
    _uitleg()
    if _demo(engine):
        st.warning(
            "**Demomodus.** Wat u hier oplaadt, wordt bewaard als demodata en is zichtbaar voor "
            "iedereen met een demo-account. Laad hier geen echte cijfers op.",
            icon=":material/science:",
        )
    st.markdown(
        f"**Maximaal {MAX_UPLOAD_MB} MB per bestand.** CSV (met `;` of `,`, UTF-8 of "
        "Windows-1252) of Excel (XLSX met één tabblad, zonder formules). U mag meerdere "
        "bestanden tegelijk kiezen, bijvoorbeeld één per gemeente."
    )
    uploads = st.file_uploader(
        "Kies een of meer bestanden (maandcijfers, bevolking, doelen of gemeenten)",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key=f"beheer_upload_{st.session_state.get(K_TELLER, 0)}",
        help=f"Maximaal {MAX_UPLOAD_MB} MB per bestand.",
    )
    if not uploads:
        st.session_state.pop(K_CONTROLE, None)
        return
    controle = _controle(engine, gebruiker, uploads)
    if controle.fouten:
        _toon_verslag(controle)
        return
    st.success(
        "**Het bestand is in orde:** geen fouten gevonden. Er is nog niets bewaard.",
        icon=":material/task_alt:",
    )
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


# --------------------------------------------------------------------------------------------
# tab: releases
# --------------------------------------------------------------------------------------------


def _actueel(soort: str, rijen: int, actief: int | None) -> str:
    if soort != "feiten":
        return ""
    if not actief:
        return "nee"
    if actief >= rijen:
        return "ja"
    return f"deels ({_getal(actief)} rijen)"


def releasetabel(frame: pd.DataFrame, actief: dict[int, int] | None = None) -> pd.DataFrame:
    """The release history as shown: id, soort, bestand, rijen, door, tijdstip (Dutch,
    Brussels time), sha256 (shortened), actueel (for monthly figures: in use now?), demo,
    opmerking."""
    actief = actief or {}
    return pd.DataFrame(
        {
            "id": frame["id"].astype(int).astype(str),
            "soort": [SOORT_LABELS.get(s, s) for s in frame["soort"]],
            "bestand": frame["bestand"].astype(str),
            "rijen": [_getal(r) for r in frame["rijen"]],
            "door": frame["door"].astype(str),
            "tijdstip": [tijd_nl(t) for t in frame["tijdstip"]],
            "sha256": [str(s)[:12] + "…" for s in frame["sha256"]],
            "actueel": [
                _actueel(s, int(r), actief.get(int(i)))
                for i, s, r in zip(frame["id"], frame["soort"], frame["rijen"], strict=True)
            ],
            "demo": ["ja" if d else "" for d in frame["demo"]],
            "opmerking": frame["opmerking"].fillna("").astype(str),
        }
    )


def _release_label(rij) -> str:
    return f"#{rij['id']} · {rij['bestand']} · {tijd_nl(rij['tijdstip'])} · door {rij['door']}"


def tab_releases(engine: Engine, gebruiker: Gebruiker) -> None:
    st.subheader("Releases")
    st.caption(
        "Elke import, elk herstel en elke wijziging van een doel is een release. Een nieuwe "
        "import van een maand vervangt de vorige; met *Terugzetten* maakt u een eerdere release "
        "weer actueel voor de maanden die ze bevatte."
    )
    frame = queries.releases(engine)
    if frame.empty:
        st.info("Er zijn nog geen gegevens geladen.")
        return
    weergave.tabel(
        releasetabel(frame, voorbeeld.actieve_rijen(engine)), "releases", "beheer-releases"
    )

    st.markdown("#### Een eerdere release terugzetten")
    feiten = frame[frame["soort"] == "feiten"].reset_index(drop=True)
    if feiten.empty:
        st.info("Er zijn nog geen releases met maandcijfers.")
        return
    labels = {int(r["id"]): _release_label(r) for _, r in feiten.iterrows()}
    keuze = st.selectbox(
        "Welke release wilt u terugzetten?",
        list(labels),
        format_func=labels.get,
        index=None,
        placeholder="Kies een release met maandcijfers",
        key="beheer_herstel_keuze",
    )
    if keuze is None:
        return
    versie = queries.data_versie(engine)
    bewaard = st.session_state.get(K_HERSTEL)
    if bewaard is not None and bewaard[0] == (keuze, versie):
        v = bewaard[1]
    else:
        with st.spinner("Vergelijken met de gegevens die nu geladen zijn …"):
            v = voorbeeld.voorbeeld_herstel(engine, keuze)
        st.session_state[K_HERSTEL] = ((keuze, versie), v)
    toon_voorbeeld(v, f"herstel-{keuze}")
    if v.niets_verandert:
        return
    if st.button(
        f"Ja, zet release {keuze} terug",
        type="primary",
        key="beheer_bevestig_herstel",
        icon=":material/history:",
    ):
        _herstel(engine, gebruiker, keuze, versie, v)


def _herstel(engine: Engine, gebruiker: Gebruiker, keuze: int, versie: int, v) -> None:
    if queries.data_versie(engine) != versie:
        st.session_state.pop(K_HERSTEL, None)
        st.warning(
            "Intussen zijn er andere gegevens geladen. Kijk het bijgewerkte overzicht na en "
            "bevestig opnieuw."
        )
        return

    def auditregel(conn, rijen: int) -> None:  # in the restore's own transaction
        details = f"release {keuze}: {rijen} rijen weer actueel; {v.samenvatting}"
        audit.log(conn, gebruiker, "herstel", details, auth.client_id())

    try:
        with st.spinner("Release terugzetten …"):
            rijen = importer.herstel(
                engine, keuze, door=gebruiker.gebruikersnaam, auditregel=auditregel
            )
    except db.DatabankFout as fout:
        _databank_weigerde(fout)
        return
    except ValueError as fout:
        st.error(_md(fout))
        return
    _nieuwe_gegevens()
    st.session_state.pop(K_HERSTEL, None)
    st.session_state.pop("beheer_herstel_keuze", None)
    st.session_state[K_MELDING] = (
        f"Release {keuze} is teruggezet ({_meervoud(rijen, 'rij', 'rijen')} weer actueel). "
        "Alle pagina's tonen deze cijfers meteen."
    )
    st.rerun()


# --------------------------------------------------------------------------------------------
# tab: targets
# --------------------------------------------------------------------------------------------


def doeltabel(frame: pd.DataFrame) -> pd.DataFrame:
    namen = _gemeentenamen()
    return pd.DataFrame(
        {
            "doel_id": frame["doel_id"].astype(str),
            "gemeente": [namen.get(n, n) for n in frame["nis"]],
            "naam": frame["naam"].astype(str),
            "indicator": [LABELS["indicator"].get(i, i) for i in frame["indicator"]],
            "van": [_maand(p) for p in frame["van"]],
            "tot en met": [_maand(p) for p in frame["tot"]],
            "doelwaarde": [_getal(w) for w in frame["doelwaarde"]],
            "max. subsidie": [formaat.euro(w) for w in frame["max_subsidie_eur"]],
            "uitbetaling": [UITBETALING_LABELS.get(u, u) for u in frame["uitbetaling"]],
            "bron": frame["bron"].astype(str),
        }
    )


def tab_doelen(engine: Engine, gebruiker: Gebruiker) -> None:
    st.subheader("Doelen")
    frame = queries.doelen(engine)
    if frame.empty:
        st.info("Er zijn nog geen doelen.")
    else:
        weergave.tabel(doeltabel(frame), "doelen", "beheer-doelen")
    st.markdown("#### Doel toevoegen of wijzigen")
    modus = st.radio(
        "Wat wilt u doen?",
        ["nieuw", "wijzig"],
        format_func={"nieuw": "Nieuw doel toevoegen", "wijzig": "Bestaand doel wijzigen"}.get,
        horizontal=True,
        key="beheer_doel_modus",
    )
    huidig: dict = {}
    if modus == "wijzig":
        if frame.empty:
            st.info("Er is nog geen doel om te wijzigen.")
            return
        ids = list(frame["doel_id"].astype(str))
        gekozen = st.selectbox("Welk doel?", ids, key="beheer_doel_keuze")
        huidig = frame[frame["doel_id"] == gekozen].iloc[0].to_dict()
    _doelformulier(engine, gebruiker, huidig, nieuw=modus == "nieuw")


def _doelformulier(engine: Engine, gebruiker: Gebruiker, huidig: dict, *, nieuw: bool) -> None:
    ref = gemeenten_referentie().sort_values("naam")
    nis_opties = list(ref["nis"])
    namen = _gemeentenamen()
    sleutel = "nieuw" if nieuw else f"wijzig-{huidig.get('doel_id', '')}"
    with st.form(f"beheer_doelform_{sleutel}", clear_on_submit=False):
        doel_id = st.text_input(
            "Doel-id (uniek, zonder spaties)",
            value=str(huidig.get("doel_id", "")),
            disabled=not nieuw,
            placeholder="bv. activeringspact-2027-mechelen",
            max_chars=60,
        )
        nis_standaard = str(huidig.get("nis") or gebruiker.hoofdgemeente or "12025")
        nis = st.selectbox(
            "Gemeente",
            nis_opties,
            index=nis_opties.index(nis_standaard) if nis_standaard in nis_opties else 0,
            format_func=lambda n: f"{namen.get(n, n)} ({n})",
        )
        naam = st.text_input("Naam", value=str(huidig.get("naam", "")), max_chars=200)
        indicator = st.selectbox(
            "Indicator",
            list(INDICATOREN),
            index=list(INDICATOREN).index(huidig.get("indicator") or "activeringen"),
            format_func=LABELS["indicator"].get,
            help="Een doel op Activeringen telt activeringen naar werk (regulier, interim, "
            "sociale economie, artikel 60).",
        )
        links, rechts = st.columns(2)
        van = links.text_input(
            "Van (maand, JJJJ-MM)", value=str(huidig.get("van", "")), placeholder="2026-01"
        )
        tot = rechts.text_input(
            "Tot en met (maand, JJJJ-MM)", value=str(huidig.get("tot", "")), placeholder="2027-12"
        )
        doelwaarde = links.number_input(
            "Doelwaarde (aantal)", min_value=0, step=1, value=int(huidig.get("doelwaarde") or 0)
        )
        subsidie = rechts.number_input(
            "Maximale subsidie (euro)",
            min_value=0,
            step=1000,
            value=int(huidig.get("max_subsidie_eur") or 0),
        )
        uitbetalingen = list(UITBETALING_LABELS)
        uitbetaling = st.radio(
            "Uitbetaling",
            uitbetalingen,
            index=uitbetalingen.index(huidig.get("uitbetaling") or "proportioneel"),
            format_func=UITBETALING_LABELS.get,
            horizontal=True,
        )
        bron = st.text_area(
            "Bron (beslissing, document of link)", value=str(huidig.get("bron", "")), height=80
        )
        bewaren = st.form_submit_button("Doel bewaren", type="primary")
    if not bewaren:
        return
    invoer = {
        "doel_id": doel_id if nieuw else huidig.get("doel_id", ""),
        "nis": nis,
        "naam": naam,
        "indicator": indicator,
        "van": van,
        "tot": tot,
        "doelwaarde": int(doelwaarde),
        "max_subsidie_eur": int(subsidie),
        "uitbetaling": uitbetaling,
        "bron": bron,
    }
    try:
        release_id = doelbeheer.bewaar_doel(engine, invoer, gebruiker, nieuw=nieuw)
    except doelbeheer.DoelFout as fout:
        st.error(
            "**Het doel is niet bewaard:**\n\n" + "\n".join(f"- {_md(z)}" for z in fout.fouten)
        )
        return
    except (db.DatabankFout, SQLAlchemyError) as fout:
        _databank_weigerde(fout)
        return
    _nieuwe_gegevens()
    st.session_state[K_MELDING] = (
        f"Doel {_md(invoer['doel_id'])} is bewaard (release {release_id})."
    )
    st.rerun()


# --------------------------------------------------------------------------------------------
# tab: users (admins)
# --------------------------------------------------------------------------------------------


def gebruikerstabel(frame: pd.DataFrame) -> pd.DataFrame:
    namen = _gemeentenamen()
    return pd.DataFrame(
        {
            "gebruikersnaam": frame["gebruikersnaam"],
            "naam": frame["naam"],
            "e-mail": frame["email"],
            "rollen": [
                ", ".join(ROL_KORT.get(r, r) for r in str(rs).split(",") if r)
                for rs in frame["rollen"]
            ],
            "gemeenten": [
                ", ".join(namen.get(n, n) for n in str(g).split(",") if n)
                for g in frame["gemeenten"]
            ],
            "actief": ["ja" if a else "nee" for a in frame["actief"]],
            "demo-account": ["ja" if d else "" for d in frame["demo"]],
        }
    )


def tab_gebruikers(engine: Engine, gebruiker: Gebruiker) -> None:
    if not gebruiker.is_admin:  # the tab is not offered, but never trust that alone
        st.error("Alleen beheerders kunnen gebruikers beheren.")
        return
    st.subheader("Gebruikers")
    frame = gebruikers.lijst(engine)
    weergave.tabel(gebruikerstabel(frame), "gebruikers", "beheer-gebruikers")
    demo = _demo(engine)
    links, rechts = st.columns(2, gap="large")
    with links:
        _gebruiker_toevoegen(engine, gebruiker, demo)
    with rechts:
        _gebruiker_verwijderen(engine, gebruiker, frame)


def _gebruiker_toevoegen(engine: Engine, gebruiker: Gebruiker, demo: bool) -> None:
    st.markdown("#### Gebruiker toevoegen")
    if demo:
        st.warning(
            "Een echte gebruiker toevoegen **beëindigt de demomodus**: de demo-accounts (ook het "
            "account waarmee u nu bent aangemeld) werken daarna niet meer."
        )
    ref = gemeenten_referentie().sort_values("naam")
    namen = _gemeentenamen()
    with st.form("beheer_gebruiker_nieuw", clear_on_submit=False):
        naam = st.text_input("Gebruikersnaam", max_chars=60, placeholder="bv. jan.peeters")
        volledig = st.text_input("Naam", max_chars=120)
        email = st.text_input("E-mail (optioneel)", max_chars=200)
        wachtwoord = st.text_input(
            f"Wachtwoord (minstens {gebruikers.MIN_WACHTWOORD_TEKENS} tekens)",
            type="password",
            max_chars=200,
            autocomplete="new-password",
        )
        herhaal = st.text_input(
            "Wachtwoord herhalen", type="password", max_chars=200, autocomplete="new-password"
        )
        rollen = st.multiselect("Rollen", list(ROLLEN), format_func=ROL_LABELS.get)
        gemeenten_ = st.multiselect(
            "Gemeenten (voor analisten: detailcijfers)",
            list(ref["nis"]),
            format_func=lambda n: f"{namen.get(n, n)} ({n})",
        )
        akkoord = True
        if demo:
            akkoord = st.checkbox("Ik begrijp dat de demo hiermee eindigt.")
        toevoegen = st.form_submit_button("Gebruiker toevoegen", type="primary")
    if not toevoegen:
        return
    if wachtwoord != herhaal:
        st.error("De twee wachtwoorden zijn niet gelijk.")
        return
    if not akkoord:
        st.error("Bevestig eerst dat de demo hiermee eindigt.")
        return
    try:
        nieuw = gebruikers.voeg_toe(
            engine,
            naam,
            volledig,
            wachtwoord,
            rollen,
            gemeenten_,
            email,
            door=gebruiker.gebruikersnaam,
        )
    except gebruikers.GebruikerFout as fout:
        st.error("**Niet toegevoegd:**\n\n" + "\n".join(f"- {_md(z)}" for z in fout.fouten))
        return
    except SQLAlchemyError as fout:
        _databank_weigerde(fout)
        return
    st.session_state[K_MELDING] = f"Gebruiker {_md(nieuw.gebruikersnaam)} is toegevoegd."
    st.rerun()


def _gebruiker_verwijderen(engine: Engine, gebruiker: Gebruiker, frame: pd.DataFrame) -> None:
    st.markdown("#### Gebruiker verwijderen")
    anderen = [n for n in frame["gebruikersnaam"] if n != gebruiker.gebruikersnaam]
    if not anderen:
        st.caption("Er zijn geen andere gebruikers. Uw eigen account kunt u hier niet verwijderen.")
        return
    with st.form("beheer_gebruiker_weg"):
        weg = st.selectbox("Gebruiker", anderen, index=None, placeholder="Kies een gebruiker")
        zeker = st.checkbox("Ja, verwijder deze gebruiker definitief.")
        verwijderen = st.form_submit_button("Verwijderen")
    if not verwijderen:
        return
    if weg is None or not zeker:
        st.error("Kies een gebruiker en vink de bevestiging aan.")
        return
    try:
        gebruikers.verwijder(engine, weg, door=gebruiker.gebruikersnaam)
    except gebruikers.GebruikerFout as fout:
        st.error(_md(fout))
        return
    except SQLAlchemyError as fout:
        _databank_weigerde(fout)
        return
    st.session_state[K_MELDING] = f"Gebruiker {_md(weg)} is verwijderd."
    st.rerun()


# --------------------------------------------------------------------------------------------
# tab: audit log (admins)
# --------------------------------------------------------------------------------------------


def audittabel(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tijdstip": [tijd_nl(t) for t in frame["tijdstip"]],
            "gebruiker": frame["gebruiker"],
            "actie": frame["actie"],
            "details": frame["details"],
            "client": frame["client"],
        }
    )


def tab_audit(engine: Engine, gebruiker: Gebruiker) -> None:
    if not gebruiker.is_admin:
        st.error("Alleen beheerders kunnen het auditlogboek bekijken.")
        return
    st.subheader("Auditlogboek")
    links, rechts = st.columns([1, 3])
    limiet = links.selectbox("Aantal regels", [100, 500, 2000], key="beheer_audit_limiet")
    acties = rechts.multiselect(
        "Alleen deze acties (leeg = alle)", sorted(audit.ACTIES), key="beheer_audit_acties"
    )
    frame = audit.lees(engine, limiet, actie=acties or None)
    if frame.empty:
        st.info("Nog geen regels in het auditlogboek.")
        return
    weergave.tabel(audittabel(frame), "auditlog", "beheer-audit")
