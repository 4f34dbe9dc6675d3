"""Import of monthly deliveries: validate every file whole, then write all in one transaction.

A valid delivery becomes a *release* (file name, SHA-256, rows, who, when). Facts of a
municipality-month that is imported again are deactivated, not deleted, so an earlier release can
be restored exactly.

Concurrent writers (two imports, an import and a restore) are serialised by a transaction-level
lock taken before anything is read or written (`_neem_schrijfslot`): on PostgreSQL an advisory
lock (under READ COMMITTED two transactions could otherwise each deactivate the old rows of the
same municipality-months and both insert theirs, leaving two active releases); on SQLite
`BEGIN IMMEDIATE` (the database write lock at once, so the transaction never starts from an
older snapshot). The second writer waits at most `SLOT_WACHTTIJD_S` (SQLite: the busy timeout
of `data_access.db`) and then fails with a clear Dutch message (`DatabankFout`), having
written nothing.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    and_,
    delete,
    func,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from data_access import audit, formaten, gebruikers, inlezen
from data_access.db import DatabankFout, databankfout
from data_access.formaten import Layout
from data_access.inlezen import ImportFout, Ingelezen, LeesFout
from data_access.schema import bevolking, doel, feit, gemeente, release
from data_access.validatie import herken_soort, valideer, voeg_sommen_toe
from domein import DIMENSIE_NAMEN

BATCH = 20_000
#: Key of the PostgreSQL advisory lock that serialises all writes of releases ("LFM" + 1).
SCHRIJFSLOT = 0x4C464D01
#: How long a second writer waits for the lock on PostgreSQL (SQLite: the busy timeout, 10 s).
SLOT_WACHTTIJD_S = 10


def _neem_schrijfslot(conn) -> None:
    """Serialise writers: call first in the transaction (see the module docstring)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SET LOCAL lock_timeout = '{int(SLOT_WACHTTIJD_S * 1000)}ms'"))
        conn.execute(select(func.pg_advisory_xact_lock(SCHRIJFSLOT)))
    elif conn.dialect.name == "sqlite":
        # pysqlite starts its implicit (deferred) transaction only before DML; an explicit
        # BEGIN IMMEDIATE takes the write lock now, waiting up to the busy timeout.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Bestandsverslag:
    bestand: str
    soort: str | None
    rijen: int
    sha256: str
    codering: str = ""
    scheidingsteken: str = ""
    layout: str = ""  # Dutch name of the delivery layout ('' = the project's own template)
    notities: list[str] = field(default_factory=list)  # the layout's lines for the report


@dataclass
class ImportResultaat:
    fouten: list[ImportFout] = field(default_factory=list)
    bestanden: list[Bestandsverslag] = field(default_factory=list)
    release_ids: list[int] = field(default_factory=list)
    geschreven: bool = False

    @property
    def geldig(self) -> bool:
        return not self.fouten

    def verslag(self) -> str:
        if self.fouten:
            kop = (
                f"Import geweigerd: {len(self.fouten)} probleem/problemen; er is niets geschreven."
            )
            return "\n".join([kop, *(f.als_tekst() for f in self.fouten)])
        delen = [
            f"{b.bestand}: {b.rijen} rijen ({b.soort}{', ' + b.layout if b.layout else ''})"
            for b in self.bestanden
        ]
        werkwoord = "Geïmporteerd" if self.geschreven else "Geldig (proefimport, niets geschreven)"
        notities = [f"{b.bestand}: {n}" for b in self.bestanden for n in b.notities]
        return "\n".join([werkwoord + ": " + "; ".join(delen), *notities])


@dataclass
class Gecontroleerd:
    ingelezen: Ingelezen
    soort: str
    bron: str = ""  # source line stored with the release (a delivery layout's)


def controleer_bestanden(
    bestanden: list[tuple[str, bytes]],
    vandaag: date | None = None,
    layout: Layout | None = None,
) -> tuple[list[Gecontroleerd], ImportResultaat]:
    """Read and validate all files; collect every problem of every file. With `layout` (an
    import profile chosen by the user) every file is read in that layout."""
    resultaat = ImportResultaat()
    goed: list[Gecontroleerd] = []
    for naam, inhoud in bestanden:
        sha = hashlib.sha256(inhoud).hexdigest()
        try:
            ingelezen = inlezen.lees(inhoud, naam)
        except LeesFout as exc:
            resultaat.fouten.append(exc.fout)
            resultaat.bestanden.append(Bestandsverslag(naam, None, 0, sha))
            continue
        verslag = Bestandsverslag(
            naam, None, len(ingelezen.frame), sha, ingelezen.codering, ingelezen.scheidingsteken
        )
        resultaat.bestanden.append(verslag)
        vertaling = _vertaal(ingelezen, vandaag or date.today(), layout)
        if vertaling is not None:
            verslag.layout, verslag.notities = vertaling.layout, list(vertaling.notities)
            if vertaling.fouten:  # in the file's own rows and columns, unchanged
                verslag.soort = "feiten"
                resultaat.fouten += vertaling.fouten
                continue
            # the translated rows go through the same validation and writer as the template
            ingelezen = replace(ingelezen, frame=vertaling.frame, rijbreedte=None)
        soort, fouten = valideer(ingelezen, vandaag)
        verslag.soort = soort
        resultaat.fouten += fouten
        if soort and not fouten:
            if soort == "feiten":
                frame, notities = voeg_sommen_toe(ingelezen.frame)
                ingelezen = replace(ingelezen, frame=frame)
                verslag.notities += notities
            bron = vertaling.bron if vertaling is not None else ""
            goed.append(Gecontroleerd(ingelezen, soort, bron))
    return goed, resultaat


def _vertaal(
    ingelezen: Ingelezen, vandaag: date, gekozen: Layout | None = None
) -> formaten.Vertaling | None:
    """A delivery layout's translation of a file that is not in one of the project's own
    templates (data_access/formaten); None when it is, or when no layout recognises it. A
    `gekozen` layout (an import profile) reads the file whatever its header."""
    if gekozen is not None:
        return gekozen.vertaal(ingelezen, vandaag)
    kolommen = list(ingelezen.frame.columns)
    if herken_soort(kolommen) is not None:
        return None
    layout = formaten.herken(kolommen)
    return None if layout is None else layout.vertaal(ingelezen, vandaag)


def _bevolking_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(jaar=frame["jaar"].astype(int), inwoners=frame["inwoners"].astype(int))


def _doelen_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        doelwaarde=frame["doelwaarde"].astype(int),
        max_subsidie_eur=frame["max_subsidie_eur"].astype(int),
    )


def _nieuwe_release(
    conn, ingelezen: Ingelezen, soort: str, door: str, demo: bool, bron: str = ""
) -> int:
    waarden = dict(
        bron=bron,
        soort=soort,
        bestand=ingelezen.bestand[:255],
        sha256=hashlib.sha256(ingelezen.inhoud).hexdigest(),
        rijen=len(ingelezen.frame),
        door=door,
        tijdstip=datetime.now(UTC),
        demo=demo,
    )
    return conn.execute(insert(release).values(**waarden).returning(release.c.id)).scalar_one()


def _deactiveer_sneden(conn, sneden) -> None:
    """Deactivate the current rows of the versioning slices (nis, status) -> months: an own
    count and an official delivery of the same month coexist; a new delivery of the same status
    replaces the earlier one."""
    for (nis, status), periodes in sneden.items():
        conn.execute(
            update(feit)
            .where(
                and_(
                    feit.c.nis == nis,
                    feit.c.status == status,
                    feit.c.periode.in_(sorted(periodes)),
                    feit.c.actief,
                )
            )
            .values(actief=False)
        )


def _schrijf_feiten(conn, frame: pd.DataFrame, release_id: int) -> None:
    sneden = {
        (nis, status): list(groep.unique())
        for (nis, status), groep in frame.groupby(["nis", "status"])["periode"]
    }
    _deactiveer_sneden(conn, sneden)
    kolommen = ["release_id", "nis", "periode", "indicator", *DIMENSIE_NAMEN, "aantal"]
    kolommen += ["actief", "teldefinitie", "status"]
    records = frame.assign(aantal=frame["aantal"].astype(int), release_id=release_id, actief=True)[
        kolommen
    ].to_dict("records")
    for start in range(0, len(records), BATCH):
        conn.execute(insert(feit), records[start : start + BATCH])


def _schrijf_bevolking(conn, frame: pd.DataFrame, release_id: int) -> None:
    frame = _bevolking_frame(frame)
    for r in frame.itertuples(index=False):
        conn.execute(delete(bevolking).where(bevolking.c.nis == r.nis, bevolking.c.jaar == r.jaar))
    conn.execute(insert(bevolking), frame.assign(release_id=release_id).to_dict("records"))


def _schrijf_doelen(conn, frame: pd.DataFrame, release_id: int) -> None:
    frame = _doelen_frame(frame)
    conn.execute(delete(doel).where(doel.c.doel_id.in_(list(frame["doel_id"]))))
    conn.execute(insert(doel), frame.assign(release_id=release_id).to_dict("records"))


def _schrijf_gemeenten(conn, frame: pd.DataFrame, _release_id: int) -> None:
    for r in frame.itertuples(index=False):
        conn.execute(delete(gemeente).where(gemeente.c.nis == r.nis))
    conn.execute(insert(gemeente), frame.to_dict("records"))


def _zet_demofeiten_af(conn) -> None:
    """Deactivate every fact of a demo release (kept, so the releases list stays whole)."""
    demo_releases = select(release.c.id).where(release.c.demo == true())
    conn.execute(
        update(feit)
        .where(and_(feit.c.actief, feit.c.release_id.in_(demo_releases)))
        .values(actief=False)
    )


SCHRIJVERS = {
    "gemeenten": _schrijf_gemeenten,  # first: facts refer to municipalities
    "bevolking": _schrijf_bevolking,
    "doelen": _schrijf_doelen,
    "feiten": _schrijf_feiten,
}


def schrijf(
    engine: Engine,
    gecontroleerd: list[Gecontroleerd],
    door: str,
    demo: bool = False,
    *,
    auditregel: Callable[[Connection, list[int]], None] | None = None,
) -> list[int]:
    """Write validated files in ONE transaction; any failure rolls everything back.

    `auditregel(conn, release_ids)` runs inside that transaction after the writes: the audit
    row of the change is written with it or not at all.

    Raises `DatabankFout` (Dutch message) when the database refuses: busy with another writer
    past the wait, read-only, damaged, missing or unreachable. Other exceptions propagate
    unchanged, after the rollback."""
    volgorde = list(SCHRIJVERS)
    ids = []
    try:
        with engine.begin() as conn:
            _neem_schrijfslot(conn)
            for item in sorted(gecontroleerd, key=lambda g: volgorde.index(g.soort)):
                release_id = _nieuwe_release(
                    conn, item.ingelezen, item.soort, door, demo, item.bron
                )
                SCHRIJVERS[item.soort](conn, item.ingelezen.frame, release_id)
                ids.append(release_id)
            if auditregel is not None:
                auditregel(conn, ids)
            if not demo and any(g.soort == "feiten" for g in gecontroleerd):
                # the first real facts end demo mode: the accounts made in it go, in the same
                # transaction (a planted admin must not survive the real import), and so do
                # the demo figures (no synthetic number may stand beside a real one)
                gebruikers.ruim_demo_accounts_op(conn, door)
                _zet_demofeiten_af(conn)
        if not demo:  # real data end demo mode: the demo accounts go (the guard only reads)
            gebruikers.zorg_voor_demo_accounts(engine)
    except SQLAlchemyError as exc:
        raise databankfout(exc) from exc
    return ids


def importeer_bytes(
    engine: Engine,
    bestanden: list[tuple[str, bytes]],
    door: str = "cli",
    dry_run: bool = False,
    demo: bool = False,
    vandaag: date | None = None,
    *,
    client: str | None = None,
    layout: Layout | None = None,
) -> ImportResultaat:
    """Validate, then write in one transaction. With `client` (e.g. "cli") the outcome goes to
    the audit log as from Beheer: an `import` row in the transaction of its releases, or an
    `import_geweigerd` row with the reasons (a dry run that passes is not logged)."""
    gecontroleerd, resultaat = controleer_bestanden(bestanden, vandaag, layout)
    namen = [naam for naam, _ in bestanden]
    if resultaat.fouten:
        if client is not None:
            _log_weigering(engine, door, namen, resultaat.fouten, client)
        return resultaat
    if dry_run:
        return resultaat
    auditregel = None
    if client is not None:
        rijen = sum(b.rijen for b in resultaat.bestanden)

        def auditregel(conn, ids: list[int]) -> None:
            audit.log(conn, door, "import", audit.import_details(namen, rijen, ids), client)

    try:
        resultaat.release_ids = schrijf(engine, gecontroleerd, door, demo, auditregel=auditregel)
    except DatabankFout as fout:
        plaats = ", ".join(namen) or "(databank)"
        resultaat.fouten.append(ImportFout(plaats, None, "", "", fout.reden, fout.oplossing))
        if client is not None:
            _log_weigering(engine, door, namen, resultaat.fouten[-1:], client)
        return resultaat
    resultaat.geschreven = True
    return resultaat


def _log_weigering(engine, door: str, namen: list[str], fouten, client: str) -> None:
    """The refusal's audit row; a database that is down must not hide the refusal itself."""
    try:
        audit.log(engine, door, "import_geweigerd", audit.weigering_details(namen, fouten), client)
    except SQLAlchemyError:
        pass


def importeer(
    engine: Engine,
    paden: list[Path | str],
    door: str = "cli",
    dry_run: bool = False,
    demo: bool = False,
    vandaag: date | None = None,
    *,
    client: str | None = None,
    layout: Layout | None = None,
) -> ImportResultaat:
    bestanden = []
    resultaat = ImportResultaat()
    for pad in paden:
        pad = Path(pad)
        if not pad.is_file():
            resultaat.fouten.append(
                ImportFout(pad.name, None, "", "", "het bestand bestaat niet", str(pad))
            )
            continue
        bestanden.append((pad.name, pad.read_bytes()))
    if resultaat.fouten:
        return resultaat
    return importeer_bytes(
        engine, bestanden, door, dry_run, demo, vandaag, client=client, layout=layout
    )


def herstel(
    engine: Engine,
    release_id: int,
    door: str,
    *,
    auditregel: Callable[[Connection, int], None] | None = None,
) -> int:
    """Make `release_id` current again for every municipality-month it delivered.

    Returns the number of fact rows reactivated. Records the restore as a release of its own.
    Takes the same write lock as `schrijf`; raises `DatabankFout` when the database refuses.
    `auditregel(conn, rijen)` runs inside the same transaction (see `schrijf`).
    """
    try:
        return _herstel(engine, release_id, door, auditregel)
    except SQLAlchemyError as exc:
        raise databankfout(exc) from exc


def _herstel(engine: Engine, release_id: int, door: str, auditregel) -> int:
    with engine.begin() as conn:
        _neem_schrijfslot(conn)
        bron = conn.execute(select(release).where(release.c.id == release_id)).mappings().first()
        if bron is None or bron["soort"] != "feiten":
            raise ValueError(f"Release {release_id} bestaat niet of bevat geen maandcijfers.")
        rijen = conn.execute(
            select(feit.c.nis, feit.c.status, feit.c.periode)
            .where(feit.c.release_id == release_id)
            .distinct()
        ).all()
        sneden: dict[tuple[str, str], list[str]] = {}
        for nis, status, periode in rijen:
            sneden.setdefault((nis, status), []).append(periode)
        _deactiveer_sneden(conn, sneden)
        conn.execute(update(feit).where(feit.c.release_id == release_id).values(actief=True))
        rijen = conn.execute(
            select(func.count()).select_from(feit).where(feit.c.release_id == release_id)
        ).scalar_one()
        conn.execute(
            insert(release).values(
                soort="herstel",
                bestand=bron["bestand"],
                sha256=bron["sha256"],
                rijen=rijen,
                door=door,
                tijdstip=datetime.now(UTC),
                demo=bron["demo"],
                opmerking=f"herstel van release {release_id}",
            )
        )
        if auditregel is not None:
            auditregel(conn, rijen)
    return rijen
