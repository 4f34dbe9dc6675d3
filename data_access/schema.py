"""SQLAlchemy 2 schema of the Leefloonmonitor database (SQLite and PostgreSQL alike).

Facts are versioned per release: a re-import of a municipality-month deactivates the rows of the
earlier release for that slice and adds the new ones; restoring flips them back. Queries read only
`actief` rows, so a slice always has exactly one active release.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    false,
)

from domein import DEFINITIEF, DIMENSIE_NAMEN, STANDAARD_TELDEFINITIE, VOORLOPIG

metadata = MetaData()

gemeente = Table(
    "gemeente",
    metadata,
    Column("nis", String(5), primary_key=True),
    Column("naam", String(80), nullable=False),
    Column("provincie", String(40), nullable=False),
)

release = Table(
    "release",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("soort", String(20), nullable=False),  # feiten | bevolking | doelen | gemeenten
    Column("bestand", String(255), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rijen", Integer, nullable=False),
    Column("door", String(80), nullable=False),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("demo", Boolean, nullable=False, default=False),
    Column("opmerking", Text, nullable=True),
    # Source line of the figures (a delivery layout's `Vertaling.bron`; '' = own template).
    # Added in schema version 4 (migraties.py).
    Column("bron", Text, nullable=False, default="", server_default=""),
)

# The dimensions of today's template have their historic widths; every other dimension of the
# registry (domein/kubus.yaml) gets String(30) with 'totaal' as server default, so that rows
# written before it existed are its total (a new dimension needs a migration step).
_BREEDTE = {"doelgroep": 30, "leeftijd": 10, "pijler": 30, "bestemming": 30}


def _dimensiekolom(naam: str) -> Column:
    if naam in _BREEDTE:
        return Column(naam, String(_BREEDTE[naam]), nullable=False)
    return Column(naam, String(30), nullable=False, server_default="totaal")


feit = Table(
    "feit",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("release_id", Integer, ForeignKey("release.id"), nullable=False),
    Column("nis", String(5), ForeignKey("gemeente.nis"), nullable=False),
    Column("periode", String(7), nullable=False),
    Column("indicator", String(30), nullable=False),
    *(_dimensiekolom(naam) for naam in DIMENSIE_NAMEN),
    Column("aantal", Integer, nullable=False),
    Column("actief", Boolean, nullable=False),
    # How the figure counts persons (domein.TELDEFINITIES) and whether it is the OCMW's own
    # count ('voorlopig') or an official stable month ('definitief'); added in version 3.
    Column("teldefinitie", String(20), nullable=False, server_default=STANDAARD_TELDEFINITIE),
    Column("status", String(12), nullable=False, server_default=VOORLOPIG),
)
Index("ix_feit_zoek", feit.c.nis, feit.c.indicator, feit.c.actief, feit.c.periode)
Index("ix_feit_release", feit.c.release_id, feit.c.nis, feit.c.periode)
# Municipality totals (every dimension 'totaal', 4% of the rows) are what most pages read: the
# series, the comparison of up to 20 municipalities, the list of municipalities with data. This
# small partial index covers those reads (bench/schaal.py: 285 municipalities, 2015-2026). The
# dimension columns are listed too, so that SQLite sees it as covering; queries must compare
# with the literal 'totaal' (SQLite cannot match a bound parameter against a partial index's
# WHERE), see queries._totaal_behalve. Its columns follow the registry: migration step 3
# drops the index of an older definition and db.init_schema makes it again.
_ALLEEN_TOTALEN = and_(*(feit.c[naam] == "totaal" for naam in DIMENSIE_NAMEN))
Index(
    "ix_feit_totaal",
    feit.c.indicator,
    feit.c.nis,
    feit.c.actief,
    feit.c.periode,
    feit.c.teldefinitie,
    feit.c.status,
    feit.c.aantal,
    *(feit.c[naam] for naam in DIMENSIE_NAMEN),
    sqlite_where=_ALLEEN_TOTALEN,
    postgresql_where=_ALLEEN_TOTALEN,
)
# The official rows are few: whether a cell of a municipality-month has one (the read rule of
# queries.zichtbaar: per cell of the breakdown, definitive where it exists, else provisional)
# is one seek here. Its columns follow the registry (every dimension is part of the cell):
# migration step 5 drops the index of an older definition and db.init_schema makes it again.
_DEFINITIEF = and_(feit.c.status == DEFINITIEF, feit.c.actief)
Index(
    "ix_feit_definitief",
    feit.c.nis,
    feit.c.indicator,
    feit.c.periode,
    feit.c.teldefinitie,
    *(feit.c[naam] for naam in DIMENSIE_NAMEN),
    sqlite_where=_DEFINITIEF,
    postgresql_where=_DEFINITIEF,
)
# The table by destination (every other dimension 'totaal', ~5% of the rows): whether a
# municipality's work figures may be released reads its whole history
# (queries._vrijgeefbaar_per_gemeente: the activation rate on Vergelijking and the map); without
# this index SQLite visits every activation row of each municipality (bench/schaal.py). Covering
# and compared with the literal 'totaal', as ix_feit_totaal; its columns follow the registry.
_TABEL_BESTEMMING = and_(
    *(feit.c[naam] == "totaal" for naam in DIMENSIE_NAMEN if naam != "bestemming")
)
Index(
    "ix_feit_bestemming",
    feit.c.indicator,
    feit.c.nis,
    feit.c.actief,
    feit.c.periode,
    feit.c.teldefinitie,
    feit.c.status,
    feit.c.aantal,
    *(feit.c[naam] for naam in DIMENSIE_NAMEN),
    sqlite_where=_TABEL_BESTEMMING,
    postgresql_where=_TABEL_BESTEMMING,
)

bevolking = Table(
    "bevolking",
    metadata,
    Column("nis", String(5), ForeignKey("gemeente.nis"), primary_key=True),
    Column("jaar", Integer, primary_key=True),
    Column("inwoners", Integer, nullable=False),
    Column("release_id", Integer, ForeignKey("release.id"), nullable=False),
)

doel = Table(
    "doel",
    metadata,
    Column("doel_id", String(60), primary_key=True),
    Column("nis", String(5), ForeignKey("gemeente.nis"), nullable=False),
    Column("naam", String(200), nullable=False),
    Column("indicator", String(30), nullable=False),
    Column("van", String(7), nullable=False),
    Column("tot", String(7), nullable=False),
    Column("doelwaarde", Integer, nullable=False),
    Column("max_subsidie_eur", Integer, nullable=False),
    Column("uitbetaling", String(20), nullable=False),
    Column("bron", Text, nullable=False),
    Column("release_id", Integer, ForeignKey("release.id"), nullable=False),
)

gebruiker = Table(
    "gebruiker",
    metadata,
    Column("gebruikersnaam", String(60), primary_key=True),
    Column("naam", String(120), nullable=False),
    Column("email", String(200), nullable=False, default=""),
    Column("wachtwoord_hash", String(100), nullable=False),  # bcrypt only, never plain text
    Column("rollen", String(120), nullable=False),  # comma separated: viewer,analyst,editor,admin
    Column("gemeenten", Text, nullable=False, default=""),  # comma separated NIS codes (analyst)
    Column("actief", Boolean, nullable=False, default=True),
    # Made while the database held only demo data (by anyone, or later by such an account):
    # removed when the first real facts arrive. A column added later: it needs a server
    # default, see data_access/migraties.py.
    Column("demo_aangemaakt", Boolean, nullable=False, default=False, server_default=false()),
    # Single sign-on: "<provider>:<sub>" of the OIDC identity bound to this user ('' = none; then
    # the e-mail claim is matched against `email`). Added in schema version 2 (migraties.py).
    Column("sso_id", String(200), nullable=False, default="", server_default=""),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("gebruiker", String(60), nullable=False),
    Column(
        "actie", String(40), nullable=False
    ),  # login_ok, login_fout, import, herstel, export ...
    Column("details", Text, nullable=False, default=""),
    Column("client", String(80), nullable=False, default=""),
)
Index("ix_audit_tijd", audit.c.tijdstip)

# The login limiter's own record: one row per password check, written (as 'bezig') BEFORE the
# check, under a lock, so that parallel attempts count each other (data_access.gebruikers). The
# audit table keeps the trail; this table only the limiter's state, pruned after a month.
aanmeldpoging = Table(
    "aanmeldpoging",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
    Column("gebruiker", String(60), nullable=False),  # user name, or the marker of an unknown one
    Column("client", String(80), nullable=False),
    Column("uitkomst", String(10), nullable=False),  # bezig | fout | ok
)
Index("ix_poging_gebruiker", aanmeldpoging.c.gebruiker, aanmeldpoging.c.tijdstip)
Index("ix_poging_client", aanmeldpoging.c.client, aanmeldpoging.c.tijdstip)
Index("ix_poging_tijd", aanmeldpoging.c.tijdstip)

# Small settings of the database itself, e.g. the key that turns an unknown user name (maybe a
# password typed into the wrong field) into a marker for the audit log.
instelling = Table(
    "instelling",
    metadata,
    Column("naam", String(40), primary_key=True),
    Column("waarde", Text, nullable=False),
)

# Column-mapping profiles for spreadsheets in other layouts (data_access/formaten/profiel.py,
# docs/importprofielen.md): the definition as JSON text, so a profile survives registry changes
# and is checked again when used. Added in schema version 4 (migraties.py).
importprofiel = Table(
    "importprofiel",
    metadata,
    Column("naam", String(60), primary_key=True),
    Column("definitie", Text, nullable=False),
    Column("door", String(80), nullable=False),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
)

# Which schema migrations (data_access.migraties.STAPPEN) have run on this database.
schema_versie = Table(
    "schema_versie",
    metadata,
    Column("versie", Integer, primary_key=True, autoincrement=False),
    Column("omschrijving", Text, nullable=False),
    Column("tijdstip", DateTime(timezone=True), nullable=False),
)
