"""Migration step 3 (issue 19): a database of the release before the registry of dimensions
(domein/kubus.yaml) gets the official dimension columns, `teldefinitie`, `status` and
`release.bron`, with its figures intact. SQLite and a real PostgreSQL server.
"""

from datetime import UTC, datetime

import pytest
from conftest import BACKENDS, _engine_voor
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
    insert,
    inspect,
    select,
)

from data_access import db, migraties, queries
from data_access.schema import feit, metadata, release, schema_versie
from domein import DIMENSIE_NAMEN

MECHELEN = "12025"


def _oude_tabellen() -> MetaData:
    """gemeente, release and feit as schema version 2 declared them."""
    oud = MetaData()
    Table(
        "gemeente",
        oud,
        Column("nis", String(5), primary_key=True),
        Column("naam", String(80), nullable=False),
        Column("provincie", String(40), nullable=False),
    )
    Table(
        "release",
        oud,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("soort", String(20), nullable=False),
        Column("bestand", String(255), nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("rijen", Integer, nullable=False),
        Column("door", String(80), nullable=False),
        Column("tijdstip", DateTime(timezone=True), nullable=False),
        Column("demo", Boolean, nullable=False),
        Column("opmerking", Text, nullable=True),
    )
    f = Table(
        "feit",
        oud,
        Column(
            "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
        Column("release_id", Integer, ForeignKey("release.id"), nullable=False),
        Column("nis", String(5), ForeignKey("gemeente.nis"), nullable=False),
        Column("periode", String(7), nullable=False),
        Column("indicator", String(30), nullable=False),
        Column("doelgroep", String(30), nullable=False),
        Column("leeftijd", String(10), nullable=False),
        Column("pijler", String(30), nullable=False),
        Column("bestemming", String(30), nullable=False),
        Column("aantal", Integer, nullable=False),
        Column("actief", Boolean, nullable=False),
    )
    Index("ix_feit_zoek", f.c.nis, f.c.indicator, f.c.actief, f.c.periode)
    totalen = and_(*(f.c[d] == "totaal" for d in ("doelgroep", "leeftijd", "pijler", "bestemming")))
    Index(
        "ix_feit_totaal",
        f.c.indicator,
        f.c.nis,
        f.c.actief,
        f.c.periode,
        f.c.aantal,
        f.c.doelgroep,
        f.c.leeftijd,
        f.c.pijler,
        f.c.bestemming,
        sqlite_where=totalen,
        postgresql_where=totalen,
    )
    return oud


def _rij(periode, indicator, aantal, leeftijd="totaal", actief=True):
    return dict(
        release_id=1,
        nis=MECHELEN,
        periode=periode,
        indicator=indicator,
        doelgroep="totaal",
        leeftijd=leeftijd,
        pijler="totaal",
        bestemming="totaal",
        aantal=aantal,
        actief=actief,
    )


OUDE_FEITEN = [
    _rij("2024-01", "leefloongerechtigden", 999, actief=False),  # replaced by a re-import
    _rij("2024-01", "leefloongerechtigden", 100),
    _rij("2024-01", "leefloongerechtigden", 30, leeftijd="18-24"),
    _rij("2024-01", "leefloongerechtigden", 70, leeftijd="25-34"),
    _rij("2024-02", "leefloongerechtigden", 104),
    _rij("2024-01", "instroom", 7),
    _rij("2024-02", "instroom", 9),
]


@pytest.fixture(params=BACKENDS)
def oude_databank(request, tmp_path):
    """A database of schema version 2 with facts of one release."""
    engine, pg = _engine_voor(request.param, request, tmp_path)
    oud = _oude_tabellen()
    oud.create_all(engine)
    metadata.create_all(
        engine, tables=[t for t in metadata.sorted_tables if t.name not in oud.tables]
    )
    with engine.begin() as conn:
        conn.execute(
            insert(oud.tables["gemeente"]).values(
                nis=MECHELEN, naam="Mechelen", provincie="Antwerpen"
            )
        )
        conn.execute(
            insert(oud.tables["release"]).values(
                id=1,
                soort="feiten",
                bestand="oud.csv",
                sha256="0" * 64,
                rijen=len(OUDE_FEITEN),
                door="test",
                tijdstip=datetime.now(UTC),
                demo=False,
            )
        )
        conn.execute(insert(oud.tables["feit"]), OUDE_FEITEN)
        for stap in migraties.STAPPEN[:2]:
            conn.execute(
                insert(schema_versie).values(
                    versie=stap.versie, omschrijving=stap.omschrijving, tijdstip=datetime.now(UTC)
                )
            )
    yield engine
    engine.dispose()
    if pg:
        pg[0].verwijder_database(pg[1])


def test_oude_databank_krijgt_de_kubuskolommen_met_intacte_cijfers(oude_databank):
    engine = oude_databank
    assert migraties.huidige_versie(engine) == 2
    assert "geslacht" not in {k["name"] for k in inspect(engine).get_columns("feit")}

    db.init_schema(engine)  # what the app and the CLI do on start

    inspector = inspect(engine)
    for tabel in (feit, release):
        assert {k["name"] for k in inspector.get_columns(tabel.name)} == set(tabel.c.keys())
    indexen = {i["name"]: i["column_names"] for i in inspector.get_indexes("feit")}
    totaalindex = next(i for i in feit.indexes if i.name == "ix_feit_totaal")
    assert indexen["ix_feit_totaal"] == [c.name for c in totaalindex.columns]
    assert "ix_feit_definitief" in indexen
    assert migraties.huidige_versie(engine) == migraties.SCHEMA_VERSIE >= 3

    with engine.connect() as conn:
        rijen = [dict(r) for r in conn.execute(select(feit).order_by(feit.c.id)).mappings()]
        bron = conn.execute(select(release.c.bron)).scalar_one()
    assert bron == ""
    oude_kolommen = list(OUDE_FEITEN[0])
    assert [{k: r[k] for k in oude_kolommen} for r in rijen] == OUDE_FEITEN
    nieuwe_dimensies = [d for d in DIMENSIE_NAMEN if d not in OUDE_FEITEN[0]]
    assert nieuwe_dimensies and all(r[d] == "totaal" for r in rijen for d in nieuwe_dimensies)
    assert {r["status"] for r in rijen} == {"voorlopig"}
    teldefinities = {(r["indicator"], r["teldefinitie"]) for r in rijen}
    assert teldefinities == {("leefloongerechtigden", "maandstand"), ("instroom", "maandstroom")}

    # the app reads the upgraded figures as before
    reeks = queries.reeks(engine, MECHELEN, "leefloongerechtigden")
    assert reeks.to_dict("list") == {"periode": ["2024-01", "2024-02"], "waarde": [100, 104]}
    assert list(queries.reeks(engine, MECHELEN, "instroom")["waarde"]) == [7, 9]
    assert migraties.migreer(engine) == []  # idempotent
