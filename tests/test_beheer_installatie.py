"""docs/beheer-installatie.md, tested: a PostgreSQL backup restored into a fresh database gives
the same figures, and a database of the previous release is brought to today's schema by
`db.init_schema` (data_access/migraties.py), after which the app's queries and logins work.

Real PostgreSQL (deploy/postgres_lokaal.py), real pg_dump and pg_restore, the commands as the
document gives them.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from postgres_lokaal import _bin
from sqlalchemy import MetaData, delete, func, inspect, select, text, update

from data_access import db, gebruikers, migraties, queries
from data_access.demo import herbouw_demo
from data_access.schema import feit, metadata, release, schema_versie

HIER = Path(__file__).resolve().parent
OUD_SCHEMA = HIER / "schema_vorige_release.sql"
DEMO_GEMEENTEN = ("12025", "11016", "12021")
WACHTWOORD = "een-sterk-wachtwoord"


def cijfers(engine) -> dict[str, pd.DataFrame]:
    """What the app shows from a database: every release, the series of every indicator and
    every target's released progress, for the demo municipalities."""
    uit = {"releases": queries.releases(engine).drop(columns=["tijdstip"])}
    for nis in DEMO_GEMEENTEN:
        for indicator in ("leefloongerechtigden", "instroom", "activeringen"):
            uit[f"reeks {nis} {indicator}"] = queries.reeks(engine, nis, indicator)
        for doel in queries.doelen(engine, nis).to_dict("records"):
            uit[f"doelstand {doel['doel_id']}"] = queries.doelstand(engine, doel)
    with engine.connect() as conn:
        uit["feitrijen"] = pd.DataFrame(
            conn.execute(
                select(feit.c.release_id, feit.c.actief, func.count())
                .group_by(feit.c.release_id, feit.c.actief)
                .order_by(feit.c.release_id, feit.c.actief)
            ).all()
        )
    return uit


def gelijk(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    assert any(k.startswith("doelstand") for k in a), "geen doelen in de demo"
    for sleutel in a:
        pd.testing.assert_frame_equal(a[sleutel], b[sleutel], obj=sleutel)


def _pg(server, url: str) -> list[str]:
    return [
        "-h",
        "127.0.0.1",
        "-p",
        str(server.poort),
        "-U",
        server.gebruiker,
        "-d",
        url.rsplit("/", 1)[-1],
    ]


def test_pg_dump_en_pg_restore_geven_dezelfde_cijfers(postgres_server, tmp_path):
    bron_url = postgres_server.nieuwe_database()
    bron = db.maak_engine(bron_url)
    herbouw_demo(bron)
    voor = cijfers(bron)
    assert len(voor["releases"]) >= 2

    dump = tmp_path / "leefloonmonitor.dump"
    # the commands of docs/beheer-installatie.md, "Back-up en herstel"
    subprocess.run(
        [_bin("pg_dump"), "--format=custom", f"--file={dump}", *_pg(postgres_server, bron_url)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doel_url = postgres_server.nieuwe_database()
    subprocess.run(
        [
            _bin("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            *_pg(postgres_server, doel_url),
            str(dump),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doel = db.maak_engine(doel_url)
    db.init_schema(doel)  # what the app does when it opens the restored database
    gelijk(voor, cijfers(doel))
    assert migraties.huidige_versie(doel) == migraties.SCHEMA_VERSIE
    # the restored database keeps working: a new release on top (the sequences came along)
    from data_access import importer

    oudste_feiten = int(queries.releases(doel).query("soort == 'feiten'")["id"].min())
    importer.herstel(doel, oudste_feiten, "test")
    assert queries.data_versie(doel) == int(voor["releases"]["id"].max()) + 1
    for engine, url in ((bron, bron_url), (doel, doel_url)):
        engine.dispose()
        postgres_server.verwijder_database(url)


def _zoals_de_vorige_release(engine) -> None:
    """Today's demo reduced to what the previous release could hold: no official (definitive)
    figures and no source per release (both came with migration step 3)."""
    with engine.begin() as conn:
        officieel = select(feit.c.release_id).where(feit.c.status == "definitief").distinct()
        releases = list(conn.execute(officieel).scalars())
        assert releases, "de demo heeft geen officiële cijfers meer: deze stap kan weg"
        conn.execute(delete(feit).where(feit.c.release_id.in_(releases)))
        conn.execute(delete(release).where(release.c.id.in_(releases)))
        conn.execute(update(release).values(bron=""))


def _kopieer_naar_oud_schema(bron, oud) -> None:
    """Rows of today's demo database into the previous release's tables (only the columns that
    release had), with the sequences set as that release would have left them."""
    oude_tabellen = MetaData()
    oude_tabellen.reflect(oud)
    with bron.connect() as lezen, oud.begin() as schrijven:
        for tabel in oude_tabellen.sorted_tables:
            kolommen = [metadata.tables[tabel.name].c[k.name] for k in tabel.columns]
            rijen = [dict(r) for r in lezen.execute(select(*kolommen)).mappings()]
            if rijen:
                schrijven.execute(tabel.insert(), rijen)
            if "id" in tabel.c:
                schrijven.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{tabel.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {tabel.name}))"
                    )
                )


def test_upgrade_van_de_vorige_release_met_schemawijziging(postgres_server):
    bron_url = postgres_server.nieuwe_database()
    bron = db.maak_engine(bron_url)
    herbouw_demo(bron)
    _zoals_de_vorige_release(bron)
    gebruikers.voeg_toe(
        bron, "an.peeters", "An Peeters", WACHTWOORD, "analyst", "12025", "an@mechelen.be"
    )
    voor = cijfers(bron)

    oud_url = postgres_server.nieuwe_database()
    oud = db.maak_engine(oud_url)
    with oud.begin() as conn:
        conn.exec_driver_sql(OUD_SCHEMA.read_text(encoding="utf-8"))
    _kopieer_naar_oud_schema(bron, oud)
    kolommen_oud = {k["name"] for k in inspect(oud).get_columns("gebruiker")}
    assert "sso_id" not in kolommen_oud and "demo_aangemaakt" not in kolommen_oud
    assert migraties.huidige_versie(oud) == 0

    db.init_schema(oud)  # what the app (and the CLI) do on start

    inspector = inspect(oud)
    for tabel in metadata.sorted_tables:
        assert {k["name"] for k in inspector.get_columns(tabel.name)} == set(tabel.c.keys())
        assert {i["name"] for i in inspector.get_indexes(tabel.name)} >= {
            i.name for i in tabel.indexes
        }
    with oud.connect() as conn:
        versies = conn.execute(select(schema_versie.c.versie).order_by("versie")).scalars()
        assert list(versies) == [s.versie for s in migraties.STAPPEN]
    gelijk(voor, cijfers(oud))
    # the logins of today work on the upgraded data: the limiter's table, the SSO column
    assert gebruikers.aanmelden(oud, "an.peeters", WACHTWOORD, "10.0.0.1").gebruiker
    entra = gebruikers.SsoInstelling("entra", "Microsoft")
    sso = gebruikers.aanmelden_sso(
        oud, entra, {"sub": "x1", "email": "AN@mechelen.be"}, sinds=datetime.now(UTC)
    )
    assert sso.gebruiker is not None and sso.gebruiker.gebruikersnaam == "an.peeters"
    # step 1's data fix ran: an account made on a demo database carries the mark of accounts
    # made in demo mode (disabled at the first real import, docs/toegang.md)
    assert gebruikers.lijst(oud).set_index("gebruikersnaam").loc["an.peeters", "uit_demo"]
    assert migraties.migreer(oud) == []  # idempotent: nothing left to do
    for engine, url in ((bron, bron_url), (oud, oud_url)):
        engine.dispose()
        postgres_server.verwijder_database(url)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_nieuwe_databank_staat_meteen_op_de_laatste_versie(backend, tmp_path):
    engine = db.maak_engine(f"sqlite:///{tmp_path / 'nieuw.db'}")
    db.init_schema(engine)
    assert migraties.huidige_versie(engine) == migraties.SCHEMA_VERSIE
    db.init_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema_versie)).scalar() == len(
            migraties.STAPPEN
        )
    engine.dispose()
