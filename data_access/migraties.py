"""Schema migrations: ordered, idempotent steps with a version table (`schema_versie`).

`db.init_schema` first lets `metadata.create_all` make the tables that are missing (a new table
needs no step), then runs here every step whose number is not yet recorded, in order, and
records it. A step changes what `create_all` cannot: a column added to an existing table, data
that has to follow. Every step is idempotent, so a database of any earlier release (with or
without the version table), and several replicas that start at the same moment, end up the
same. Adding a column later: give it a server default (existing rows need a value) and add a
step at the end of `STAPPEN`; never renumber or change a step that has shipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.schema import CreateColumn

from data_access.gebruikers import markeer_oude_demo_accounts
from data_access.schema import feit, metadata, schema_versie
from domein import DIMENSIE_NAMEN, INDICATOR_TELDEFINITIE, STANDAARD_TELDEFINITIE

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stap:
    versie: int
    omschrijving: str
    uitvoeren: Callable[[Engine], None]


def voeg_kolom_toe(engine: Engine, tabel: str, kolom: str) -> bool:
    """Add the column `tabel.kolom` as `schema.py` declares it, if the table lacks it (create_all
    skips the columns of an existing table). True when this call added it (False when it was
    there, or another process added it at the same moment)."""
    definitie = metadata.tables[tabel].c[kolom]
    with engine.connect() as conn:
        if kolom in {k["name"] for k in inspect(conn).get_columns(tabel)}:
            return False
    ddl = CreateColumn(definitie).compile(dialect=engine.dialect)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"ALTER TABLE {tabel} ADD COLUMN {ddl}")
    except SQLAlchemyError:
        with engine.connect() as conn:
            if kolom in {k["name"] for k in inspect(conn).get_columns(tabel)}:
                return False  # another process added it just now
        raise
    return True


def _demo_aangemaakt(engine: Engine) -> None:
    # The accounts made in demo mode before the column existed are marked right after it is
    # added (docs/toegang.md, "Demomodus").
    if voeg_kolom_toe(engine, "gebruiker", "demo_aangemaakt"):
        markeer_oude_demo_accounts(engine)


def _sso_id(engine: Engine) -> None:
    voeg_kolom_toe(engine, "gebruiker", "sso_id")


def _kubus(engine: Engine) -> None:
    # Issue 19: the official dimensions of the registry (domein/kubus.yaml), the count
    # definition and status of every figure, the source of a release. Existing rows become
    # totals of the new dimensions, own provisional counts; the flows get their count definition.
    for kolom in (*DIMENSIE_NAMEN, "teldefinitie", "status"):
        voeg_kolom_toe(engine, "feit", kolom)
    voeg_kolom_toe(engine, "release", "bron")
    with engine.begin() as conn:
        for code, teldefinitie in INDICATOR_TELDEFINITIE.items():
            if teldefinitie != STANDAARD_TELDEFINITIE:
                conn.execute(
                    update(feit)
                    .where(feit.c.indicator == code, feit.c.teldefinitie != teldefinitie)
                    .values(teldefinitie=teldefinitie)
                )
    # The totals index of an older definition (four dimensions) is dropped here and made again
    # with today's columns by db.init_schema (_maak_ontbrekende_indexen).
    _vernieuw_index(engine, "feit", "ix_feit_totaal")


def _vernieuw_index(engine: Engine, tabel: str, naam: str) -> None:
    """Drop index `naam` when its columns differ from schema.py's (init_schema remakes it)."""
    gewenst = next(i for i in metadata.tables[tabel].indexes if i.name == naam)
    with engine.connect() as conn:
        bestaand = {i["name"]: i for i in inspect(conn).get_indexes(tabel)}
    if naam in bestaand and bestaand[naam]["column_names"] != [c.name for c in gewenst.columns]:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {naam}")


def _importprofiel(engine: Engine) -> None:
    # create_all makes the table already; the step records the version (and makes it when a
    # caller migrates without create_all)
    metadata.tables["importprofiel"].create(engine, checkfirst=True)


def _leesregel_per_cel(engine: Engine) -> None:
    # Issue 19: the read rule compares every dimension (queries.zichtbaar, per cell of the
    # breakdown); the index of the older rule (nis, indicator, periode, teldefinitie) is dropped
    # here and made again with the dimensions by db.init_schema.
    _vernieuw_index(engine, "feit", "ix_feit_definitief")


#: Every step ever shipped, in order. Version 0 is the first release (before the login limiter).
STAPPEN: tuple[Stap, ...] = (
    Stap(1, "gebruiker.demo_aangemaakt (accounts uit de demomodus)", _demo_aangemaakt),
    Stap(2, "gebruiker.sso_id (aanmelden met single sign-on)", _sso_id),
    Stap(3, "feit: officiële dimensies, teldefinitie, status; release.bron (issue 19)", _kubus),
    Stap(4, "tabel importprofiel (kolomkoppelingen voor andere spreadsheets)", _importprofiel),
    Stap(
        5,
        "ix_feit_definitief per cel van de uitsplitsing (leesregel, issue 19)",
        _leesregel_per_cel,
    ),
)
SCHEMA_VERSIE = STAPPEN[-1].versie


def huidige_versie(engine: Engine) -> int:
    """The highest step recorded in this database (0: none, or no version table yet)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("schema_versie"):
            return 0
        return int(conn.execute(select(func.max(schema_versie.c.versie))).scalar() or 0)


def migreer(engine: Engine) -> list[int]:
    """Run the steps not yet recorded, in order; returns their numbers. The version table must
    exist (create_all). A read-only database that is up to date is only read."""
    gedaan = huidige_versie(engine)
    uitgevoerd: list[int] = []
    for stap in STAPPEN:
        if stap.versie <= gedaan:
            continue
        log.info("Schemamigratie %d: %s", stap.versie, stap.omschrijving)
        stap.uitvoeren(engine)
        try:
            with engine.begin() as conn:
                conn.execute(
                    insert(schema_versie).values(
                        versie=stap.versie,
                        omschrijving=stap.omschrijving,
                        tijdstip=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            pass  # recorded by another replica that ran the same (idempotent) step
        uitgevoerd.append(stap.versie)
    return uitgevoerd
