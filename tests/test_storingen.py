"""Faults: a busy, read-only, damaged, missing or stopped database; concurrent and interrupted
imports; a database that goes away while a page is open.

Data parts run on SQLite and PostgreSQL where the fault exists on both. What must hold:

- an import that cannot write says why in Dutch, and leaves no partial release;
- two imports at the same time end as two releases (one after the other) or as one release and
  one clear refusal, never as a mix: every municipality-month has exactly one active release;
- a page never shows a traceback: without a database the guard says so in Dutch; when the
  database goes away mid-session the page shows the last data it had, with their date
  (`ui.storing`), or a Dutch error when it has nothing to show.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from maak_bestanden import csv_bytes, kubusrijen, maanden
from postgres_lokaal import PostgresServer
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from data_access import db, importer
from data_access.schema import feit, release

REPO = Path(__file__).resolve().parent.parent
PERIODES = maanden("2024-01", 6)
GEMEENTEN = ("12025", "11016", "12021")


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def bestand(basis: int, nis: str = "12025", periodes=PERIODES, naam: str | None = None):
    """A valid cube file; `basis` makes its numbers (and its SHA-256) differ."""
    inhoud = csv_bytes(kubusrijen(nis, periodes, basis=basis))
    return (naam or f"levering_{nis}_{basis}.csv", inhoud)


def tellingen(engine) -> tuple[int, int]:
    """(releases, fact rows)."""
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(release)).scalar_one(),
            conn.execute(select(func.count()).select_from(feit)).scalar_one(),
        )


def actieve_staat(engine) -> set[tuple]:
    with engine.connect() as conn:
        return set(
            conn.execute(
                select(feit.c.release_id, feit.c.nis, feit.c.periode, feit.c.indicator).where(
                    feit.c.actief
                )
            ).all()
        )


def controleer_een_actieve_release(engine) -> None:
    """Every municipality-month has exactly one active release, and every cell of the cube at
    most one active row."""
    with engine.connect() as conn:
        per_snede = conn.execute(
            select(feit.c.nis, feit.c.periode, func.count(feit.c.release_id.distinct()))
            .where(feit.c.actief)
            .group_by(feit.c.nis, feit.c.periode)
        ).all()
        dubbel = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT nis, periode, indicator, doelgroep, leeftijd, "
                "pijler, bestemming FROM feit WHERE actief = :waar GROUP BY nis, periode, "
                "indicator, doelgroep, leeftijd, pijler, bestemming HAVING count(*) > 1) d"
            ),
            {"waar": True},
        ).scalar_one()
    assert per_snede, "geen actieve gegevens"
    gemengd = [(nis, p, n) for nis, p, n in per_snede if n != 1]
    assert not gemengd, f"sneden met meer dan één actieve release: {gemengd[:5]}"
    assert dubbel == 0, f"{dubbel} cellen met meer dan één actieve rij"


def sqlite_engine(pad: Path, busy_ms: int | None = None, alleen_lezen: bool = False):
    """db.maak_engine for a SQLite file, optionally with a shorter busy timeout (the product's
    10 s makes a test slow) or as a read-only connection (PRAGMA query_only: as root, file
    permissions do not stop writes)."""
    engine = db.maak_engine(f"sqlite:///{pad}")

    @event.listens_for(engine, "connect")
    def _na_de_pragmas(dbapi_connection, _record):  # runs after db._sqlite_pragmas
        cursor = dbapi_connection.cursor()
        if busy_ms is not None:
            cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        if alleen_lezen:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    return engine


def met_een_import(engine):
    """`engine` with the schema and one written import (`bestand(60)`); the engine."""
    db.init_schema(engine)
    assert importer.importeer_bytes(engine, [bestand(60)]).geschreven
    return engine


def geweigerde_import(engine) -> str:
    """Import `bestand(60)` into a database that cannot take it: nothing is written; the report
    (`engine` is disposed of)."""
    try:
        resultaat = importer.importeer_bytes(engine, [bestand(60)])
    finally:
        engine.dispose()
    assert not resultaat.geschreven
    return resultaat.verslag()


def is_nederlands_databankbericht(tekst: str) -> bool:
    return "databank" in tekst and "Traceback" not in tekst


# --------------------------------------------------------------------------------------------
# SQLite: busy, read-only, damaged, missing
# --------------------------------------------------------------------------------------------


def test_sqlite_wacht_de_busy_timeout_van_10_s():
    engine = db.maak_engine("sqlite:///:memory:")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 10_000


def test_sqlite_bezet_door_andere_schrijver_wacht_en_weigert_dan_duidelijk(tmp_path):
    pad = tmp_path / "bezet.db"
    engine = met_een_import(sqlite_engine(pad, busy_ms=1000))
    voor = tellingen(engine)

    houder = sqlite3.connect(pad, isolation_level=None)
    houder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    houder.execute("UPDATE feit SET aantal = aantal WHERE id = 1")
    try:
        start = time.monotonic()
        resultaat = importer.importeer_bytes(engine, [bestand(61)])
        gewacht = time.monotonic() - start
    finally:
        houder.execute("ROLLBACK")
        houder.close()

    assert not resultaat.geschreven and not resultaat.geldig
    assert gewacht >= 0.9, f"wachtte maar {gewacht:.2f} s (busy timeout 1 s)"
    verslag = resultaat.verslag()
    assert "bezet" in verslag and "niets" in verslag, verslag
    assert "Traceback" not in verslag and "OperationalError" not in verslag
    assert tellingen(engine) == voor
    # once the other writer is done, the same import goes through
    assert importer.importeer_bytes(engine, [bestand(61)]).geschreven
    controleer_een_actieve_release(engine)
    engine.dispose()


def test_sqlite_schrijver_wacht_tot_de_andere_klaar_is(tmp_path):
    """Within the busy timeout the second writer waits and then writes (BEGIN IMMEDIATE)."""
    pad = tmp_path / "wacht.db"
    engine = met_een_import(db.maak_engine(f"sqlite:///{pad}"))
    houder = sqlite3.connect(pad, isolation_level=None, check_same_thread=False)
    houder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: houder.execute("COMMIT")).start()
    start = time.monotonic()
    resultaat = importer.importeer_bytes(engine, [bestand(62)])
    assert resultaat.geschreven, resultaat.verslag()
    assert time.monotonic() - start >= 0.9
    houder.close()
    controleer_een_actieve_release(engine)
    engine.dispose()


def test_sqlite_alleen_lezen_geeft_duidelijk_bericht(tmp_path):
    pad = tmp_path / "lezen.db"
    met_een_import(db.maak_engine(f"sqlite:///{pad}")).dispose()
    lezer = sqlite_engine(pad, alleen_lezen=True)
    voor = tellingen(lezer)
    resultaat = importer.importeer_bytes(lezer, [bestand(63)])
    assert not resultaat.geschreven
    assert "alleen-lezen" in resultaat.verslag(), resultaat.verslag()
    assert tellingen(lezer) == voor
    lezer.dispose()


def test_sqlite_beschadigd_bestand_geeft_duidelijk_bericht(tmp_path):
    pad = tmp_path / "kapot.db"
    pad.write_bytes(b"Dit is geen SQLite-databank, maar een kapot bestand. " * 200)
    verslag = geweigerde_import(db.maak_engine(f"sqlite:///{pad}"))
    assert "beschadigd" in verslag and "niets" in verslag, verslag
    assert "Traceback" not in verslag


def test_ontbrekende_databank_sqlite_zonder_tabellen(tmp_path):
    verslag = geweigerde_import(db.maak_engine(f"sqlite:///{tmp_path / 'nieuw' / 'leeg.db'}"))
    assert "bestaat niet of heeft de tabellen" in verslag, verslag


def test_ontbrekende_databank_postgres(postgres_server):
    url = postgres_server.url("bestaat_niet_" + str(os.getpid()))
    verslag = geweigerde_import(db.maak_engine(url))
    assert "bestaat niet" in verslag, verslag


def test_onbereikbare_postgres_geeft_duidelijk_bericht():
    import socket

    with socket.socket() as s:  # a free port: nothing listens there
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    url = f"postgresql+psycopg://niemand@127.0.0.1:{poort}/leefloon"
    verslag = geweigerde_import(db.maak_engine(url))
    assert "niet bereikbaar" in verslag, verslag


def test_postgres_die_niet_antwoordt_hangt_niet(monkeypatch):
    """A server that accepts the connection but never answers (a firewall that drops packets
    behaves alike): the connection gives up after PG_CONNECT_TIMEOUT_S with a Dutch message,
    instead of hanging the page for minutes."""
    import socket
    import time

    monkeypatch.setattr(db, "PG_CONNECT_TIMEOUT_S", 2)
    with socket.socket() as stil:  # the kernel completes the handshake; nobody ever replies
        stil.bind(("127.0.0.1", 0))
        stil.listen(8)
        poort = stil.getsockname()[1]
        engine = db.maak_engine(f"postgresql+psycopg://niemand@127.0.0.1:{poort}/leefloon")
        begin = time.monotonic()
        resultaat = importer.importeer_bytes(engine, [bestand(60)])
        duur = time.monotonic() - begin
        engine.dispose()
    assert not resultaat.geschreven
    assert "niet bereikbaar" in resultaat.verslag(), resultaat.verslag()
    assert duur < 20, duur  # without the timeout libpq waits without limit


# --------------------------------------------------------------------------------------------
# Interrupted imports
# --------------------------------------------------------------------------------------------


def test_onderbroken_import_laat_geen_halve_release(leeg_engine, monkeypatch):
    assert importer.importeer_bytes(leeg_engine, [bestand(60)]).geschreven
    voor_tellingen, voor_staat = tellingen(leeg_engine), actieve_staat(leeg_engine)

    origineel = importer._schrijf_feiten
    monkeypatch.setattr(importer, "BATCH", 10)
    gezien = []

    def half_en_dan_stroomuitval(conn, frame, release_id):
        gezien.append(release_id)
        if len(gezien) == 1:
            return origineel(conn, frame, release_id)  # first file: whole
        origineel(conn, frame.iloc[: len(frame) // 2], release_id)  # second: half …
        raise RuntimeError("stroomuitval midden in het schrijven")  # … then the fault

    monkeypatch.setitem(importer.SCHRIJVERS, "feiten", half_en_dan_stroomuitval)
    with pytest.raises(RuntimeError, match="stroomuitval"):
        importer.importeer_bytes(
            leeg_engine, [bestand(70), bestand(71, nis="11016", naam="tweede.csv")]
        )
    assert len(gezien) == 2
    assert tellingen(leeg_engine) == voor_tellingen
    assert actieve_staat(leeg_engine) == voor_staat
    monkeypatch.setitem(importer.SCHRIJVERS, "feiten", origineel)
    assert importer.importeer_bytes(leeg_engine, [bestand(72)]).geschreven
    controleer_een_actieve_release(leeg_engine)


_AFGEBROKEN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from data_access import db, importer
origineel = importer._schrijf_feiten
importer.BATCH = 25
def traag(conn, frame, release_id):
    origineel(conn, frame.iloc[: len(frame) // 2], release_id)
    print("HALVERWEGE", flush=True)
    time.sleep(120)
importer.SCHRIJVERS["feiten"] = traag
engine = db.maak_engine(sys.argv[2])
importer.importeer(engine, [sys.argv[3]])
"""


def test_gedood_importproces_laat_geen_halve_release(leeg_engine, tmp_path):
    """kill -9 of the importing process in the middle of writing: the database rolls back."""
    assert importer.importeer_bytes(leeg_engine, [bestand(60)]).geschreven
    voor_tellingen, voor_staat = tellingen(leeg_engine), actieve_staat(leeg_engine)
    csv = tmp_path / "groot.csv"
    csv.write_bytes(bestand(80, periodes=maanden("2023-01", 24))[1])
    url = leeg_engine.url.render_as_string(hide_password=False)
    proces = subprocess.Popen(
        [sys.executable, "-c", _AFGEBROKEN, str(REPO), url, str(csv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        regel = proces.stdout.readline()
        assert regel.strip() == "HALVERWEGE", regel + proces.stderr.read()
        os.kill(proces.pid, signal.SIGKILL)
        proces.wait(timeout=30)
    finally:
        if proces.poll() is None:
            proces.kill()
            proces.wait(timeout=30)
    leeg_engine.dispose()
    assert tellingen(leeg_engine) == voor_tellingen
    assert actieve_staat(leeg_engine) == voor_staat
    if leeg_engine.dialect.name == "sqlite":
        with leeg_engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    resultaat = importer.importeer_bytes(leeg_engine, [bestand(81)])
    assert resultaat.geschreven, resultaat.verslag()
    controleer_een_actieve_release(leeg_engine)


# --------------------------------------------------------------------------------------------
# Concurrent imports
# --------------------------------------------------------------------------------------------


def test_twee_imports_tegelijk_geen_mengsel(leeg_engine):
    """Two threads import different deliveries of the same municipality-months at once."""
    assert importer.importeer_bytes(leeg_engine, [bestand(60)]).geschreven
    voor = tellingen(leeg_engine)
    groot = maanden("2023-01", 24)
    leveringen = [[bestand(90 + i, periodes=groot)] for i in range(2)]
    start = threading.Barrier(2)
    resultaten: list = [None, None]

    def importeer(i: int) -> None:
        start.wait()
        resultaten[i] = importer.importeer_bytes(leeg_engine, leveringen[i], door=f"t{i}")

    draden = [threading.Thread(target=importeer, args=(i,)) for i in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=120)
    assert all(r is not None for r in resultaten)
    geschreven = [r for r in resultaten if r.geschreven]
    geweigerd = [r for r in resultaten if not r.geschreven]
    assert geschreven, [r.verslag() for r in resultaten]
    for r in geweigerd:  # a refusal must be the clear "busy" message
        assert "bezet" in r.verslag(), r.verslag()
    releases, _ = tellingen(leeg_engine)
    assert releases == voor[0] + len(geschreven)
    controleer_een_actieve_release(leeg_engine)
    # counts consistent: the active slices of 2023-01 … 2024-12 are exactly one delivery
    rijen_per_levering = len(kubusrijen("12025", groot))
    with leeg_engine.connect() as conn:
        actief = conn.execute(
            select(func.count()).select_from(feit).where(feit.c.actief, feit.c.nis == "12025")
        ).scalar_one()
    assert actief == rijen_per_levering


def _wacht_tot_iemand_op_een_slot_wacht(url: str, timeout: float = 20.0) -> bool:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    einde = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < einde:
            n = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            ).fetchone()[0]
            if n:
                return True
            time.sleep(0.05)
    return False


def _race_op_postgres(engine, monkeypatch) -> tuple[list, list]:
    """The interleaving that breaks READ COMMITTED without a lock: writer 1 has deactivated and
    inserted, writer 2 starts and blocks, writer 1 commits, writer 2 continues."""
    assert importer.importeer_bytes(engine, [bestand(60)]).geschreven
    url = engine.url.render_as_string(hide_password=False)
    [eerste], _ = importer.controleer_bestanden([bestand(91)])
    [tweede], _ = importer.controleer_bestanden([bestand(92)])
    origineel = importer._schrijf_feiten
    geschreven = threading.Event()
    gezien_wachten: list[bool] = []

    def schrijf_en_wacht(conn, frame, release_id):
        origineel(conn, frame, release_id)
        if threading.current_thread().name == "schrijver-1":
            geschreven.set()
            gezien_wachten.append(_wacht_tot_iemand_op_een_slot_wacht(url))

    monkeypatch.setitem(importer.SCHRIJVERS, "feiten", schrijf_en_wacht)
    fouten: list = []

    def schrijver(item, wacht: bool):
        try:
            if wacht:
                assert geschreven.wait(30)
            importer.schrijf(engine, [item], door=threading.current_thread().name)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            fouten.append(exc)

    een = threading.Thread(target=schrijver, args=(eerste, False), name="schrijver-1")
    twee = threading.Thread(target=schrijver, args=(tweede, True), name="schrijver-2")
    een.start()
    twee.start()
    een.join(60)
    twee.join(60)
    return fouten, gezien_wachten


@pytest.fixture
def pg_engine(postgres_server):
    url = postgres_server.nieuwe_database()
    engine = db.maak_engine(url)
    db.init_schema(engine)
    yield engine
    engine.dispose()
    postgres_server.verwijder_database(url)


def test_postgres_gelijktijdige_imports_worden_na_elkaar_geschreven(pg_engine, monkeypatch):
    fouten, gezien_wachten = _race_op_postgres(pg_engine, monkeypatch)
    assert not fouten, fouten
    assert gezien_wachten == [True], "de tweede schrijver wachtte niet op een slot"
    controleer_een_actieve_release(pg_engine)
    with pg_engine.connect() as conn:
        # the later writer wins every slice
        laatste = conn.execute(
            select(func.max(release.c.id)).where(release.c.soort == "feiten")
        ).scalar_one()
        bronnen = set(conn.execute(select(feit.c.release_id).where(feit.c.actief).distinct()))
    assert bronnen == {(laatste,)}


def test_postgres_zonder_schrijfslot_ontstaat_een_mengsel(pg_engine, monkeypatch):
    """Why `importer._neem_schrijfslot` exists: without it the same interleaving leaves two
    active releases for the same municipality-months (this proves the test above can fail)."""
    monkeypatch.setattr(importer, "_neem_schrijfslot", lambda conn: None)
    fouten, gezien_wachten = _race_op_postgres(pg_engine, monkeypatch)
    assert not fouten, fouten
    assert gezien_wachten == [True]
    with pytest.raises(AssertionError, match="meer dan één actieve"):
        controleer_een_actieve_release(pg_engine)


def test_postgres_tweede_schrijver_geeft_op_na_de_wachttijd(pg_engine, monkeypatch):
    """A writer that holds the lock too long: the second gets the Dutch 'busy' refusal."""
    monkeypatch.setattr(importer, "SLOT_WACHTTIJD_S", 1)
    assert importer.importeer_bytes(pg_engine, [bestand(60)]).geschreven
    voor = tellingen(pg_engine)
    with pg_engine.begin() as conn:
        importer._neem_schrijfslot(conn)  # another writer holds the lock
        start = time.monotonic()
        resultaat = importer.importeer_bytes(pg_engine, [bestand(93)])
        gewacht = time.monotonic() - start
    assert not resultaat.geschreven
    assert "bezet" in resultaat.verslag(), resultaat.verslag()
    assert 0.9 <= gewacht < 10
    assert tellingen(pg_engine) == voor


# --------------------------------------------------------------------------------------------
# PostgreSQL stopped mid-session and restarted
# --------------------------------------------------------------------------------------------


class HerstartbarePostgres(PostgresServer):
    """A PostgresServer of its own (never the shared one) that can stop and start again."""

    def stop(self) -> None:
        try:
            super().stop()
        except subprocess.CalledProcessError:  # already stopped (a test failed mid-outage)
            import shutil

            shutil.rmtree(self.map, ignore_errors=True)

    def stop_tijdelijk(self) -> None:
        self.pg_ctl_stop()

    def herstart(self) -> None:
        self.pg_ctl_start()


@pytest.fixture(scope="module")
def eigen_postgres(postgres_server):  # depends on the shared one only for the opt-out skip
    server = HerstartbarePostgres().start()
    yield server
    server.stop()


@pytest.fixture
def draaiende_postgres(eigen_postgres):
    """The restartable server, running (restarted if a failed test left it stopped)."""
    try:
        eigen_postgres.url()
        import psycopg

        psycopg.connect(
            f"host=127.0.0.1 port={eigen_postgres.poort} user={eigen_postgres.gebruiker} "
            "dbname=postgres",
            connect_timeout=5,
        ).close()
    except Exception:  # noqa: BLE001 - stopped: start it again
        eigen_postgres.herstart()
    yield eigen_postgres


def test_postgres_gestopt_en_herstart(draaiende_postgres):
    eigen_postgres = draaiende_postgres
    url = eigen_postgres.nieuwe_database()
    engine = met_een_import(db.maak_engine(url))
    from data_access import queries

    assert queries.laatste_periode(engine) == PERIODES[-1]

    eigen_postgres.stop_tijdelijk()
    with pytest.raises(SQLAlchemyError):
        queries.laatste_periode(engine)
    resultaat = importer.importeer_bytes(engine, [bestand(61)])
    assert not resultaat.geschreven
    assert "niet bereikbaar" in resultaat.verslag(), resultaat.verslag()

    eigen_postgres.herstart()
    # pool_pre_ping replaces the dead pooled connections: the next query just works
    assert queries.laatste_periode(engine) == PERIODES[-1]
    assert importer.importeer_bytes(engine, [bestand(62)]).geschreven
    controleer_een_actieve_release(engine)
    engine.dispose()


# --------------------------------------------------------------------------------------------
# A database made by an older version: init_schema adds the indexes added since
# --------------------------------------------------------------------------------------------


def index_sql(engine, naam: str) -> str | None:
    """The CREATE INDEX text as the database keeps it (None when the index does not exist)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :naam"
        else:
            query = "SELECT indexdef FROM pg_indexes WHERE indexname = :naam"
        return conn.execute(text(query), {"naam": naam}).scalar()


def test_init_schema_maakt_ontbrekende_indexen_op_een_oude_databank(leeg_engine):
    from sqlalchemy import inspect

    with leeg_engine.begin() as conn:  # as a database made before these indexes existed
        conn.execute(text("DROP INDEX ix_feit_totaal"))
        conn.execute(text("DROP INDEX ix_audit_tijd"))
    assert "ix_feit_totaal" not in {i["name"] for i in inspect(leeg_engine).get_indexes("feit")}

    db.init_schema(leeg_engine)
    assert "ix_feit_totaal" in {i["name"] for i in inspect(leeg_engine).get_indexes("feit")}
    assert "ix_audit_tijd" in {i["name"] for i in inspect(leeg_engine).get_indexes("audit")}
    assert "WHERE" in index_sql(leeg_engine, "ix_feit_totaal").upper()  # still partial
    db.init_schema(leeg_engine)  # idempotent
    assert importer.importeer_bytes(leeg_engine, [bestand(60)]).geschreven


def test_init_schema_op_oude_alleen_lezen_databank_werkt_zonder_nieuwe_index(tmp_path, caplog):
    """An index only speeds up reads: a read-only database without it still opens."""
    pad = tmp_path / "oud.db"
    engine = db.maak_engine(f"sqlite:///{pad}")
    db.init_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_feit_totaal"))
    engine.dispose()
    lezer = sqlite_engine(pad, alleen_lezen=True)
    with caplog.at_level("WARNING", logger="data_access.db"):
        db.init_schema(lezer)
    assert index_sql(lezer, "ix_feit_totaal") is None
    assert any("ix_feit_totaal" in r.getMessage() for r in caplog.records), caplog.records
    from data_access import queries

    assert queries.laatste_periode(lezer) is None  # reads work
    lezer.dispose()


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fout, woord",
    [
        ("database is locked", "bezet"),
        ("canceling statement due to lock timeout", "bezet"),
        ("attempt to write a readonly database", "alleen-lezen"),
        ("cannot execute INSERT in a read-only transaction", "alleen-lezen"),
        ("file is not a database", "beschadigd"),
        ("database disk image is malformed", "beschadigd"),
        ("database or disk is full", "vol"),
        ('database "x" does not exist', "bestaat niet"),
        ("connection refused", "niet bereikbaar"),
        ("unable to open database file", "niet bereikbaar"),
        ("iets onverwachts", "weigerde"),
    ],
)
def test_databankfout_in_het_nederlands(fout, woord):
    from sqlalchemy.exc import OperationalError

    melding = db.databankfout(OperationalError("INSERT …", {}, Exception(fout)))
    assert woord in str(melding)
    assert str(melding).startswith("De gegevens zijn niet bewaard:")
    assert re.search(r"[A-Z][a-z]+Error", melding.reden) is None or woord == "weigerde"


# --------------------------------------------------------------------------------------------
# Pages (AppTest): no database, and a database that goes away mid-session
# --------------------------------------------------------------------------------------------

GUARD_BERICHT = "De database van de Leefloonmonitor is op dit moment niet bereikbaar"
WAARSCHUWING_RE = re.compile(
    r"^De databank is niet bereikbaar; u ziet de gegevens van \d{2}-\d{2}-\d{4} om \d{2}:\d{2}\.$"
)


@pytest.fixture
def app_omgeving(monkeypatch):
    """A clean Streamlit side: no cached data, engines or kept results of earlier tests."""
    import streamlit as st

    from data_access import gebruikers
    from ui import guard, storing

    def schoon():
        st.cache_data.clear()
        st.cache_resource.clear()
        storing.vergeet()
        guard.vergeet_caches()

    schoon()
    monkeypatch.delenv("LEEFLOONMONITOR_COOKIE_KEY", raising=False)
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)
    yield monkeypatch
    schoon()


@pytest.fixture(scope="module")
def demo_bestand(tmp_path_factory) -> Path:
    from data_access.demo import herbouw_demo

    pad = tmp_path_factory.mktemp("storing-demo") / "demo.db"
    engine = db.maak_engine(f"sqlite:///{pad}")
    herbouw_demo(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return pad


@pytest.fixture
def demo_kopie(demo_bestand, tmp_path, app_omgeving) -> str:
    """A private copy of the demo database for one test (it may be broken on purpose)."""
    import shutil

    pad = tmp_path / "demo.db"
    shutil.copy(demo_bestand, pad)
    url = f"sqlite:///{pad}"
    app_omgeving.setenv("LEEFLOONMONITOR_DB", url)
    return url


def start_app(pagina: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    at.run()
    if pagina:
        at.switch_page(pagina)
        at.run()
    return at


def aanmelden(naam: str = "raad"):
    from apptest_hulp import meld_aan

    at = meld_aan(start_app(), naam)
    assert not at.exception, at.exception
    # AppTest cannot run the cookie component; its confirmation ends the runs that redraw it
    # (and read the users from the database) right after a login (ui.auth)
    at.session_state["set"] = True
    at.run()
    assert "lfm_cookie_zetten" not in at.session_state
    return at


def meldingen(at, soort: str) -> list[str]:
    return [str(e.value) for e in at.get(soort)]


def grafieken(at) -> int:
    return len(at.get("plotly_chart"))


def maak_sqlite_kapot(url: str) -> None:
    """The database file is overwritten with rubbish and every pooled connection dropped."""
    pad = Path(url.split("///", 1)[1])
    db.get_engine(url).dispose()
    for extra in (pad.with_name(pad.name + "-wal"), pad.with_name(pad.name + "-shm")):
        extra.unlink(missing_ok=True)
    pad.write_bytes(b"kapot " * 4096)


def zonder_hercontrole(monkeypatch) -> None:
    """The guard re-checks the user and demo mode against the database every 60 and 30 s; the
    mid-session tests look at what the page does within that window."""
    from ui import auth, guard

    monkeypatch.setattr(guard, "DEMO_HERCONTROLE_SECONDEN", 3600)
    monkeypatch.setattr(auth, "HERCONTROLE_SECONDEN", 3600)


def test_pagina_met_beschadigde_databank_geeft_nederlands_bericht(tmp_path, app_omgeving):
    pad = tmp_path / "kapot.db"
    pad.write_bytes(b"geen databank " * 1000)
    app_omgeving.setenv("LEEFLOONMONITOR_DB", f"sqlite:///{pad}")
    for pagina in (None, "pages/1_Trends.py"):
        at = start_app(pagina)
        assert not at.exception, at.exception
        assert any(GUARD_BERICHT in m for m in meldingen(at, "error")), meldingen(at, "error")
        assert grafieken(at) == 0


def test_pagina_met_onbereikbare_postgres_geeft_nederlands_bericht(app_omgeving):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    app_omgeving.setenv("LEEFLOONMONITOR_DB", f"postgresql+psycopg://x@127.0.0.1:{poort}/x")
    at = start_app("pages/5_Vergelijking.py")
    assert not at.exception, at.exception
    assert any(GUARD_BERICHT in m for m in meldingen(at, "error")), meldingen(at, "error")


def test_pagina_met_ontbrekende_postgres_databank(postgres_server, app_omgeving):
    app_omgeving.setenv("LEEFLOONMONITOR_DB", postgres_server.url("bestaat_niet_app"))
    at = start_app()
    assert not at.exception, at.exception
    assert any(GUARD_BERICHT in m for m in meldingen(at, "error")), meldingen(at, "error")


def test_databank_weg_midden_in_sessie_toont_laatste_gegevens(demo_kopie, app_omgeving):
    zonder_hercontrole(app_omgeving)
    at = aanmelden("raad")
    at.switch_page("pages/1_Trends.py")
    at.run()
    assert not at.exception
    getekend = grafieken(at)
    assert getekend >= 2
    assert not [m for m in meldingen(at, "warning") if "niet bereikbaar" in m]

    maak_sqlite_kapot(demo_kopie)
    at.run()  # any interaction reruns the page
    assert not at.exception, at.exception
    storingen = [m for m in meldingen(at, "warning") if "niet bereikbaar" in m]
    # one warning, however many reads fell back
    assert len(storingen) == 1, (meldingen(at, "warning"), meldingen(at, "error"), grafieken(at))
    assert WAARSCHUWING_RE.match(storingen[0]), storingen[0]
    assert grafieken(at) == getekend  # the last data, still drawn
    assert not meldingen(at, "error")

    # a view this session never loaded: a Dutch error instead of a traceback
    at.selectbox(key="indicator").select("activeringen")
    at.run()
    assert not at.exception, at.exception
    from ui import storing

    assert storing.FOUT in meldingen(at, "error")


def herstel_sqlite(url: str, bron: Path) -> None:
    """The database is back: the file restored, the connections to the rubbish dropped."""
    import shutil

    db.get_engine(url).dispose()
    shutil.copy(bron, Path(url.split("///", 1)[1]))


def test_hercontrole_tijdens_storing_houdt_de_gebruiker_aangemeld(
    demo_kopie, demo_bestand, app_omgeving, caplog
):
    """Past the guard's re-check windows (user 60 s, demo mode 30 s) during an outage: no answer
    is not a "no". The user stays logged in and the page shows its last data with their date;
    only a working database that says the account is gone ends the session."""
    from ui import auth, guard

    zonder_hercontrole(app_omgeving)
    at = aanmelden("raad")
    at.switch_page("pages/1_Trends.py")
    at.run()
    getekend = grafieken(at)
    assert getekend >= 2

    maak_sqlite_kapot(demo_kopie)
    app_omgeving.setattr(guard, "DEMO_HERCONTROLE_SECONDEN", 0)
    app_omgeving.setattr(auth, "HERCONTROLE_SECONDEN", 0)
    for _ in range(2):  # and again on the next run: the re-check is retried, not given up
        with caplog.at_level("WARNING", logger="ui"):
            at.run()
        assert not at.exception, at.exception
        assert not [m for m in meldingen(at, "error") if GUARD_BERICHT in m]
        assert "Gebruikersnaam" not in [t.label for t in at.text_input]  # no login form
        assert at.session_state[auth.GEBRUIKER].gebruikersnaam == "raad"
        storingen = [m for m in meldingen(at, "warning") if "niet bereikbaar" in m]
        assert len(storingen) == 1 and WAARSCHUWING_RE.match(storingen[0]), storingen
        assert grafieken(at) == getekend
    berichten = [r.getMessage() for r in caplog.records if r.name in ("ui.auth", "ui.guard")]
    assert any("Aanmelding niet opnieuw gecontroleerd" in b for b in berichten), berichten
    assert any("Demomodus niet opnieuw gecontroleerd" in b for b in berichten), berichten
    assert not [b for b in berichten if "raad" in b]  # no personal data in the log

    # the database is back and says the account is no longer active: now the session ends
    herstel_sqlite(demo_kopie, demo_bestand)
    with sqlite3.connect(Path(demo_kopie.split("///", 1)[1])) as conn:
        conn.execute("UPDATE gebruiker SET actief = 0 WHERE gebruikersnaam = 'raad'")
    at.run()
    assert not at.exception, at.exception
    assert "Uw sessie is beëindigd. Meld u opnieuw aan." in meldingen(at, "info")
    assert "Gebruikersnaam" in [t.label for t in at.text_input]
    assert grafieken(at) == 0


def test_afmelden_tijdens_storing_meldt_af_zonder_traceback(demo_kopie, app_omgeving, caplog):
    """Logging out while the database is down: this browser is logged out all the same, with a
    Dutch note that the logout was not recorded (the audit row is what revokes copied cookies)."""
    zonder_hercontrole(app_omgeving)
    at = aanmelden("raad")
    maak_sqlite_kapot(demo_kopie)
    [afmelden] = [b for b in at.button if b.label == "Afmelden"]
    with caplog.at_level("WARNING", logger="ui"):
        afmelden.click().run()
    assert not at.exception, at.exception
    alles = {s: meldingen(at, s) for s in ("info", "warning", "error", "success")}
    assert any("niet vastgelegd" in m for m in meldingen(at, "info")), alles
    assert "Gebruikersnaam" in [t.label for t in at.text_input]
    assert grafieken(at) == 0
    berichten = [r.getMessage() for r in caplog.records if r.name == "ui.auth"]
    assert any("Afmelding niet gelogd" in b for b in berichten), berichten
    assert not [b for b in berichten if "raad" in b]


def test_guard_zonder_bekende_demomodus_tijdens_storing_geeft_nederlands_bericht(
    demo_kopie, app_omgeving
):
    """A process that never reached the database has no last answer to keep: the guard's own
    Dutch message, no traceback."""
    from ui import auth, guard

    at = aanmelden("raad")
    maak_sqlite_kapot(demo_kopie)
    guard._demo_cache.clear()  # as a server process that never got an answer
    app_omgeving.setattr(auth, "HERCONTROLE_SECONDEN", 0)
    at.run()
    assert not at.exception, at.exception
    assert any(GUARD_BERICHT in m for m in meldingen(at, "error")), meldingen(at, "error")


def test_postgres_gestopt_midden_in_sessie_en_herstart(draaiende_postgres, app_omgeving):
    from data_access.demo import herbouw_demo

    url = draaiende_postgres.nieuwe_database()
    engine = db.maak_engine(url)
    herbouw_demo(engine)
    engine.dispose()
    app_omgeving.setenv("LEEFLOONMONITOR_DB", url)
    zonder_hercontrole(app_omgeving)
    at = aanmelden("raad")
    at.switch_page("pages/5_Vergelijking.py")
    at.run()
    assert not at.exception
    getekend = grafieken(at)
    assert getekend

    draaiende_postgres.stop_tijdelijk()
    at.run()
    assert not at.exception, at.exception
    storingen = [m for m in meldingen(at, "warning") if "niet bereikbaar" in m]
    assert len(storingen) == 1 and WAARSCHUWING_RE.match(storingen[0]), storingen
    assert grafieken(at) == getekend

    draaiende_postgres.herstart()
    at.run()  # pool_pre_ping: the first read after the restart works again
    assert not at.exception, at.exception
    assert not [m for m in meldingen(at, "warning") if "niet bereikbaar" in m]
    assert grafieken(at) == getekend


# --------------------------------------------------------------------------------------------
# The query rewrites of bench/schaal.py give the same answers as the plain forms
# --------------------------------------------------------------------------------------------


def test_snelle_queries_geven_hetzelfde_als_de_eenvoudige_vorm(demo_engine):
    import pandas as pd
    from sqlalchemy import inspect

    from data_access import queries
    from data_access.schema import gemeente

    assert "ix_feit_totaal" in {i["name"] for i in inspect(demo_engine).get_indexes("feit")}
    totaal = [getattr(feit.c, d) == "totaal" for d in ("doelgroep", "leeftijd", "pijler")]
    totaal.append(feit.c.bestemming == "totaal")
    with demo_engine.connect() as conn:
        oud_laatste = conn.execute(select(func.max(feit.c.periode)).where(feit.c.actief)).scalar()
        oud_gemeenten = conn.execute(
            select(feit.c.nis, gemeente.c.naam, func.min(feit.c.periode), func.max(feit.c.periode))
            .join(gemeente, gemeente.c.nis == feit.c.nis)
            .where(feit.c.actief, feit.c.indicator == "leefloongerechtigden", *totaal)
            .group_by(feit.c.nis, gemeente.c.naam)
            .order_by(gemeente.c.naam)
        ).all()
        oud_reeks = conn.execute(
            select(feit.c.nis, feit.c.periode, feit.c.aantal)
            .where(feit.c.actief, feit.c.indicator == "instroom", *totaal)
            .order_by(feit.c.nis, feit.c.periode)
        ).all()
    assert queries.laatste_periode(demo_engine) == oud_laatste
    nieuw = queries.gemeenten_met_data(demo_engine)
    assert list(nieuw.columns) == ["nis", "naam", "eerste_periode", "laatste_periode"]
    assert [tuple(r) for r in nieuw.itertuples(index=False)] == [tuple(r) for r in oud_gemeenten]
    reeks = queries.reeksen(demo_engine, GEMEENTEN, "instroom")
    assert [tuple(r) for r in reeks.itertuples(index=False)] == [tuple(r) for r in oud_reeks]

    # per_1000 in one merge_asof: the nearest year's population of the same municipality
    bev = queries.bevolking(demo_engine, GEMEENTEN)
    per = queries.per_1000(reeks, bev)
    for rij in per.sample(20, random_state=1).itertuples(index=False):
        eigen = bev[bev["nis"] == rij.nis]
        jaar = int(rij.periode[:4])
        dichtst = eigen.iloc[(eigen["jaar"] - jaar).abs().argsort().iloc[0]]
        assert rij.inwoners == dichtst["inwoners"]
        assert rij.per_1000 == pytest.approx(rij.waarde / dichtst["inwoners"] * 1000)
    assert list(per["nis"]) == list(reeks["nis"]) and list(per["periode"]) == list(reeks["periode"])
    leeg = queries.per_1000(reeks, pd.DataFrame(columns=["nis", "jaar", "inwoners"]))
    assert leeg["per_1000"].isna().all()
