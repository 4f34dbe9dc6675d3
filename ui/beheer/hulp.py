"""Beheer: constants, session keys and the small helpers every tab shares (escaping, the
wrapper that turns an unexpected error into a Dutch message, times in Europe/Brussels)."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from charts import formaat
from data_access import audit, db, gebruikers
from data_access.db import REPO
from data_access.referentie import gemeenten_referentie
from data_access.toegang import MAX_UPLOAD_MB, Gebruiker
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
    "intrekking": "intrekking",
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


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------


md = weergave.letterlijk  # escape Markdown in text that did not come from our own code


def veilig(functie, *args, **kwargs):
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


def databank_weigerde(fout: Exception) -> None:
    """A write the database refused (down, locked, read-only): its Dutch message, no trace.
    Every write here is one transaction, so nothing changed."""
    melding = fout if isinstance(fout, db.DatabankFout) else db.databankfout(fout)
    log.warning("Beheer: databank weigerde het schrijven: %s", melding.reden)
    st.error(str(melding), icon=":material/cloud_off:")


def schrijf_audit(engine: Engine, gebruiker: Gebruiker, actie: str, details: str) -> None:
    """An audit row for a refused write; the database that refused may refuse this too."""
    try:
        audit.log(engine, gebruiker, actie, details, auth.client_id())
    except SQLAlchemyError as fout:
        log.warning("Beheer: auditregel %s niet bewaard: %s", actie, type(fout).__name__)


def tijd_nl(waarde) -> str:
    """A UTC timestamp as Belgian local time in Dutch: ``22 nov 2026 18:31``."""
    return formaat.tijdstip(waarde)


def gemeentenamen() -> dict[str, str]:
    ref = gemeenten_referentie()
    return dict(zip(ref["nis"], ref["naam"], strict=True))


def maand_nl(periode: str) -> str:
    try:
        return formaat.maand(periode)
    except (TypeError, ValueError):
        return str(periode)


def getal_nl(waarde) -> str:
    return formaat.getal(waarde)


def verschil_nl(waarde) -> str:
    return formaat.getal(waarde, plus=True)


def meervoud(n: int, enkel: str, meer: str) -> str:
    return f"{formaat.getal(n)} {enkel if n == 1 else meer}"


def toon_melding() -> None:
    melding = st.session_state.pop(K_MELDING, None)
    if melding:
        st.success(melding, icon=":material/check_circle:")


def is_demo(engine: Engine) -> bool:
    return gebruikers.demo_modus(engine)


def nieuwe_gegevens() -> None:
    """After a write: drop this process's cached reads at once. `ui.cache` keys its reads on the
    data version as well (which also reaches other server processes); clearing here makes the
    new figures visible on every page of this server without relying on that alone."""
    st.cache_data.clear()
