"""Engine from LEEFLOONMONITOR_DB (an SQLAlchemy URL), with the embedded SQLite file as default,
and `DatabankFout`: the Dutch message for a database that refuses."""

import logging
import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from data_access import migraties
from data_access.referentie import laad_gemeenten
from data_access.schema import metadata

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
STANDAARD_DB = REPO / "data" / "leefloonmonitor.db"
OMGEVINGSVARIABELE = "LEEFLOONMONITOR_DB"


class DatabankFout(RuntimeError):
    """Writing failed in the database (busy, read-only, damaged, unreachable); the transaction
    was rolled back, so nothing changed. `str()` is a Dutch message for the user; `reden` and
    `oplossing` are its parts."""

    def __init__(self, reden: str, oplossing: str):
        super().__init__(
            f"De gegevens zijn niet bewaard: {reden}. Er is niets gewijzigd. {oplossing}"
        )
        self.reden = reden
        self.oplossing = oplossing


_MELDINGEN: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("database is locked", "database table is locked", "lock timeout"),
        "de databank is bezet door een andere import of bewerking en kwam niet op tijd vrij",
        "Wacht tot die klaar is en probeer het opnieuw.",
    ),
    (
        ("readonly database", "read-only", "read only"),
        "de databank is alleen-lezen",
        "Geef de Leefloonmonitor schrijfrechten op het databankbestand en zijn map, of kies een "
        "andere databank (LEEFLOONMONITOR_DB).",
    ),
    (
        ("file is not a database", "disk image is malformed", "malformed"),
        "het databankbestand is beschadigd of is geen SQLite-databank",
        "Zet een back-up terug of bouw de databank opnieuw op; verwittig de beheerder.",
    ),
    (
        ("database or disk is full", "no space left"),
        "de schijf van de databank is vol",
        "Maak ruimte vrij en probeer het opnieuw; verwittig de beheerder.",
    ),
    (
        ("no such table", "does not exist"),
        "de databank bestaat niet of heeft de tabellen van de Leefloonmonitor niet",
        "Controleer LEEFLOONMONITOR_DB; een nieuwe databank krijgt haar tabellen bij de eerste "
        "start van de app of van `leefloonmonitor`.",
    ),
    (
        (
            "unable to open database file",
            "connection refused",
            "could not connect",
            "connection failed",
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "timeout expired",
        ),
        "de databank is niet bereikbaar",
        "Probeer het over enkele ogenblikken opnieuw; blijft het probleem, verwittig dan de "
        "beheerder.",
    ),
)


def databankfout(exc: BaseException) -> DatabankFout:
    """The Dutch `DatabankFout` for a database error (SQLAlchemy or driver) while writing."""
    tekst = f"{exc} {getattr(exc, 'orig', '')}".lower()
    for sleutels, reden, oplossing in _MELDINGEN:
        if any(s in tekst for s in sleutels):
            return DatabankFout(reden, oplossing)
    soort = type(getattr(exc, "orig", None) or exc).__name__
    return DatabankFout(
        f"de databank weigerde het schrijven ({soort})",
        "Probeer het opnieuw; blijft het probleem, verwittig dan de beheerder.",
    )


def database_url() -> str:
    return os.environ.get(OMGEVINGSVARIABELE) or f"sqlite:///{STANDAARD_DB}"


def toonbare_url(url) -> str:
    """A database URL (text or SQLAlchemy URL) for a message or a log: the password as ***. An
    unparsable text shows only its scheme, since it may still hold a password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, TypeError, ValueError):
        schema = str(url).split("://", 1)[0] if "://" in str(url) else "onbekend"
        return f"{schema}://***"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the dashboard read while an import writes; the busy timeout waits for a writer
    # instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


PG_CONNECT_TIMEOUT_S = 5


def maak_engine(url: str | None = None) -> Engine:
    """A new engine for `url` (default: LEEFLOONMONITOR_DB or the SQLite file)."""
    url = url or database_url()
    if url.startswith("sqlite"):
        pad = url.split("///", 1)[-1]
        if pad and pad != ":memory:":
            Path(pad).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A server that silently drops packets would otherwise hang every page run for minutes
    # (libpq waits without limit); a URL that sets its own connect_timeout wins.
    connect_args = {} if "connect_timeout=" in url else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def get_engine(url: str | None = None) -> Engine:
    """One shared engine per URL and process (the URL is resolved first, so a changed
    LEEFLOONMONITOR_DB gets its own engine)."""
    return _gedeelde_engine(url or database_url())


@lru_cache(maxsize=8)
def _gedeelde_engine(url: str) -> Engine:
    return maak_engine(url)


def init_schema(engine: Engine) -> None:
    """Create missing tables, run the schema migrations not yet recorded (data_access.migraties),
    create missing indexes and load the municipality reference (idempotent)."""
    metadata.create_all(engine)
    migraties.migreer(engine)
    _maak_ontbrekende_indexen(engine)
    laad_gemeenten(engine)


def _maak_ontbrekende_indexen(engine: Engine) -> None:
    """create_all skips the indexes of a table that exists already, so an index added in a later
    version (ix_feit_totaal) would never reach a database made by an older one."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        ontbrekend = [
            index
            for tabel in metadata.sorted_tables
            for index in tabel.indexes
            if not inspector.has_index(tabel.name, index.name)
        ]
    for index in ontbrekend:
        try:
            with engine.begin() as conn:
                index.create(conn, checkfirst=True)  # another process may have just made it
        except SQLAlchemyError as fout:
            # An index only speeds up reads: a read-only database (or replica) must still open.
            log.warning(
                "Index %s niet aangemaakt (%s); de app werkt verder, maar trager.",
                index.name,
                type(getattr(fout, "orig", None) or fout).__name__,
            )
