"""Import of monthly deliveries: validate every file whole, then write all in one transaction.

A valid delivery becomes a *release* (file name, SHA-256, rows, who, when). Facts of a
municipality-month that is imported again are deactivated, not deleted, so an earlier release can
be restored exactly.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, and_, delete, func, insert, select, update

from data_access import inlezen
from data_access.domein import DIMENSIE_NAMEN
from data_access.inlezen import ImportFout, Ingelezen, LeesFout
from data_access.schema import bevolking, doel, feit, gemeente, release
from data_access.validatie import valideer

BATCH = 20_000


@dataclass
class Bestandsverslag:
    bestand: str
    soort: str | None
    rijen: int
    sha256: str
    codering: str = ""
    scheidingsteken: str = ""


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
        delen = [f"{b.bestand}: {b.rijen} rijen ({b.soort})" for b in self.bestanden]
        werkwoord = "Geïmporteerd" if self.geschreven else "Geldig (proefimport, niets geschreven)"
        return werkwoord + ": " + "; ".join(delen)


@dataclass
class Gecontroleerd:
    ingelezen: Ingelezen
    soort: str


def controleer_bestanden(
    bestanden: list[tuple[str, bytes]], vandaag: date | None = None
) -> tuple[list[Gecontroleerd], ImportResultaat]:
    """Read and validate all files; collect every problem of every file."""
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
        soort, fouten = valideer(ingelezen, vandaag)
        resultaat.fouten += fouten
        resultaat.bestanden.append(
            Bestandsverslag(
                naam,
                soort,
                len(ingelezen.frame),
                sha,
                ingelezen.codering,
                ingelezen.scheidingsteken,
            )
        )
        if soort and not fouten:
            goed.append(Gecontroleerd(ingelezen, soort))
    return goed, resultaat


def _bevolking_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(jaar=frame["jaar"].astype(int), inwoners=frame["inwoners"].astype(int))


def _doelen_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        doelwaarde=frame["doelwaarde"].astype(int),
        max_subsidie_eur=frame["max_subsidie_eur"].astype(int),
    )


def _nieuwe_release(conn, ingelezen: Ingelezen, soort: str, door: str, demo: bool) -> int:
    waarden = dict(
        soort=soort,
        bestand=ingelezen.bestand[:255],
        sha256=hashlib.sha256(ingelezen.inhoud).hexdigest(),
        rijen=len(ingelezen.frame),
        door=door,
        tijdstip=datetime.now(UTC),
        demo=demo,
    )
    return conn.execute(insert(release).values(**waarden).returning(release.c.id)).scalar_one()


def _schrijf_feiten(conn, frame: pd.DataFrame, release_id: int) -> None:
    # Deactivate the current rows of every municipality-month this file delivers.
    for nis, groep in frame.groupby("nis"):
        periodes = sorted(groep["periode"].unique())
        conn.execute(
            update(feit)
            .where(and_(feit.c.nis == nis, feit.c.periode.in_(periodes), feit.c.actief))
            .values(actief=False)
        )
    records = frame.assign(aantal=frame["aantal"].astype(int), release_id=release_id, actief=True)[
        ["release_id", "nis", "periode", "indicator", *DIMENSIE_NAMEN, "aantal", "actief"]
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


SCHRIJVERS = {
    "gemeenten": _schrijf_gemeenten,  # first: facts refer to municipalities
    "bevolking": _schrijf_bevolking,
    "doelen": _schrijf_doelen,
    "feiten": _schrijf_feiten,
}


def schrijf(
    engine: Engine, gecontroleerd: list[Gecontroleerd], door: str, demo: bool = False
) -> list[int]:
    """Write validated files in ONE transaction; any failure rolls everything back."""
    volgorde = list(SCHRIJVERS)
    ids = []
    with engine.begin() as conn:
        for item in sorted(gecontroleerd, key=lambda g: volgorde.index(g.soort)):
            release_id = _nieuwe_release(conn, item.ingelezen, item.soort, door, demo)
            SCHRIJVERS[item.soort](conn, item.ingelezen.frame, release_id)
            ids.append(release_id)
    return ids


def importeer_bytes(
    engine: Engine,
    bestanden: list[tuple[str, bytes]],
    door: str = "cli",
    dry_run: bool = False,
    demo: bool = False,
    vandaag: date | None = None,
) -> ImportResultaat:
    gecontroleerd, resultaat = controleer_bestanden(bestanden, vandaag)
    if resultaat.fouten or dry_run:
        return resultaat
    resultaat.release_ids = schrijf(engine, gecontroleerd, door, demo)
    resultaat.geschreven = True
    return resultaat


def importeer(
    engine: Engine,
    paden: list[Path | str],
    door: str = "cli",
    dry_run: bool = False,
    demo: bool = False,
    vandaag: date | None = None,
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
    return importeer_bytes(engine, bestanden, door, dry_run, demo, vandaag)


def herstel(engine: Engine, release_id: int, door: str) -> int:
    """Make `release_id` current again for every municipality-month it delivered.

    Returns the number of fact rows reactivated. Records the restore as a release of its own.
    """
    with engine.begin() as conn:
        bron = conn.execute(select(release).where(release.c.id == release_id)).mappings().first()
        if bron is None or bron["soort"] != "feiten":
            raise ValueError(f"Release {release_id} bestaat niet of bevat geen maandcijfers.")
        sneden = conn.execute(
            select(feit.c.nis, feit.c.periode).where(feit.c.release_id == release_id).distinct()
        ).all()
        per_gemeente: dict[str, list[str]] = {}
        for nis, periode in sneden:
            per_gemeente.setdefault(nis, []).append(periode)
        for nis, periodes in per_gemeente.items():
            conn.execute(
                update(feit)
                .where(feit.c.nis == nis, feit.c.periode.in_(periodes), feit.c.actief)
                .values(actief=False)
            )
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
    return rijen
