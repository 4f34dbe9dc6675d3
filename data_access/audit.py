"""Audit log: who did what, when, from where (table `audit`).

Logged: logins (ok, failed, refused by the limiter, restored from the login cookie), logouts,
imports (accepted and refused), restores, withdrawals of a month (`intrekking`), exports, every
download (`download`: a table's CSV, with the municipality and whether the view was exact),
changes to users and targets, and the removal of the accounts made in demo mode. Never log a
password, a password hash or a value that the disclosure rule hides: `details` is free text
meant for file names, counts and reasons. A failed login with a user name that does not exist
stores a marker instead of the name (it may be a password typed into the wrong field;
data_access.gebruikers._merk).

The login limiter keeps its own state (table `aanmeldpoging`, data_access.gebruikers), so a
block survives a restart and holds across server threads, processes and replicas that share the
database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from data_access.schema import audit

LOGIN_OK = "login_ok"
LOGIN_FOUT = "login_fout"
LOGIN_GEBLOKKEERD = "login_geblokkeerd"
LOGIN_COOKIE = "login_cookie"
AFMELDEN = "afmelden"
DEMO_BEEINDIGD = "demo_beeindigd"

ACTIES: frozenset[str] = frozenset(
    {
        LOGIN_OK,
        LOGIN_FOUT,
        LOGIN_GEBLOKKEERD,
        LOGIN_COOKIE,
        AFMELDEN,
        DEMO_BEEINDIGD,
        "import",
        "import_geweigerd",
        "herstel",
        "intrekking",
        "export",
        "download",
        "gebruiker_toegevoegd",
        "gebruiker_verwijderd",
        "doel_gewijzigd",
        "importprofiel_bewaard",
        "databank_vervangen",
    }
)

_MAX_GEBRUIKER = 60
_MAX_CLIENT = 80
_MAX_DETAILS = 2000
KOLOMMEN = ["tijdstip", "gebruiker", "actie", "details", "client"]


def _naam(gebruiker: object) -> str:
    """Accept a Gebruiker, a user name or None."""
    if gebruiker is None:
        return "-"
    naam = getattr(gebruiker, "gebruikersnaam", gebruiker)
    return (str(naam).strip() or "-")[:_MAX_GEBRUIKER]


def _utc(tijd: datetime) -> datetime:
    return tijd.replace(tzinfo=UTC) if tijd.tzinfo is None else tijd.astimezone(UTC)


def log(
    engine: Engine | Connection,
    gebruiker: object,
    actie: str,
    details: str = "",
    client: str = "",
    *,
    tijdstip: datetime | None = None,
) -> None:
    """Write one audit row. `gebruiker`: a `Gebruiker`, a user name or None (system).

    `engine` may be an open connection: the row is then part of that transaction, so a change
    and its audit row are written together or not at all.

    Raises ValueError for an action outside `ACTIES` (a typo would silently break the trail).
    """
    if actie not in ACTIES:
        raise ValueError(f"Onbekende auditactie: {actie!r}")
    rij = {
        "tijdstip": _utc(tijdstip or datetime.now(UTC)),
        "gebruiker": _naam(gebruiker),
        "actie": actie,
        "details": str(details or "")[:_MAX_DETAILS],
        "client": str(client or "")[:_MAX_CLIENT],
    }
    if isinstance(engine, Connection):
        engine.execute(insert(audit), rij)
        return
    with engine.begin() as conn:
        conn.execute(insert(audit), rij)


def import_details(
    bestanden: Iterable[str], rijen: int, release_ids: Iterable[int], extra: str = ""
) -> str:
    """The details of an `import` row, the same from Beheer and the CLI."""
    tekst = f"{', '.join(bestanden)}: {rijen} rijen; release(s) {', '.join(map(str, release_ids))}"
    return f"{tekst}; {extra}" if extra else tekst


def weigering_details(bestanden: Iterable[str], fouten: Sequence) -> str:
    """The details of an `import_geweigerd` row: places and reasons of the `ImportFout`s, never
    a cell value (it could be a hidden small count)."""
    redenen = sorted({f"{f.kolom or 'bestand'}: {f.reden}" for f in fouten})
    aantal = f"{len(fouten):,}".replace(",", ".")
    return (
        f"{', '.join(bestanden)}: {aantal} {'probleem' if len(fouten) == 1 else 'problemen'} ("
        + "; ".join(redenen[:5])
        + (" …" if len(redenen) > 5 else "")
        + ")"
    )


def lees(
    engine: Engine,
    limiet: int = 500,
    *,
    actie: str | Iterable[str] | None = None,
    gebruiker: str | None = None,
) -> pd.DataFrame:
    """The newest `limiet` audit rows (newest first): tijdstip (UTC), gebruiker, actie, details,
    client. Optional filters on action(s) and user name."""
    query = select(
        audit.c.tijdstip, audit.c.gebruiker, audit.c.actie, audit.c.details, audit.c.client
    )
    if actie is not None:
        acties = [actie] if isinstance(actie, str) else list(actie)
        query = query.where(audit.c.actie.in_(acties))
    if gebruiker is not None:
        query = query.where(audit.c.gebruiker == _naam(gebruiker))
    query = query.order_by(audit.c.tijdstip.desc(), audit.c.id.desc()).limit(max(0, int(limiet)))
    with engine.connect() as conn:
        rijen = conn.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rijen], columns=KOLOMMEN)
    frame["tijdstip"] = pd.to_datetime(frame["tijdstip"], utc=True)
    return frame


def afgemeld_sinds(engine: Engine, gebruiker: str, sinds: datetime) -> bool:
    """Whether the user logged out after `sinds`. A logout revokes every login cookie and session
    of that user that started before it (the library itself cannot revoke a copied cookie)."""
    query = (
        select(audit.c.id)
        .where(
            audit.c.tijdstip > _utc(sinds),
            audit.c.actie == AFMELDEN,
            audit.c.gebruiker == _naam(gebruiker),
        )
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(query).first() is not None
