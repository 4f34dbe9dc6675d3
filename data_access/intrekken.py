"""Withdrawing a wrongly imported month from the current figures (Beheer and
`leefloonmonitor intrekken`).

A withdrawal is a release of its own (soort `intrekking`): the month's active rows (of every
municipality, or of one) stop being current, nothing is deleted, and the audit row is written in
the same transaction. Restoring the release that delivered the month (Beheer, Releases:
"Terugzetten") makes it current again. By default both the OCMW's own count and an official
delivery of the month are withdrawn; `status` limits it to one of them (the versioning slice
of the importer). Only a municipality's newest month can be withdrawn: a
month in the middle would leave a gap in the series (models and charts expect none); a wrong
month there is corrected by importing the right figures, which replace it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from data_access.db import databankfout
from data_access.importer import _neem_schrijfslot
from data_access.queries import zichtbaar
from data_access.schema import feit, gemeente, release
from domein import (
    DIMENSIE_NAMEN,
    INDICATOR_TELDEFINITIE,
    INDICATOREN,
    LABELS,
    STANDAARD_TELDEFINITIE,
    STATUSSEN,
)
from domein.maanden import is_maand

SOORT = "intrekking"


class Geweigerd(ValueError):
    """A withdrawal that cannot be done, with the Dutch reason."""


@dataclass
class Intrekking:
    """What a withdrawal takes out: per municipality and indicator the month's total (a
    published figure) and the number of rows (`per_indicator`), and all rows together."""

    maand: str
    nis: str | None
    per_indicator: pd.DataFrame  # nis, gemeente, indicator, maandcijfer, rijen
    rijen: int
    status: str | None = None  # None: own count and official figures alike

    @property
    def gemeenten(self) -> list[str]:
        return list(dict.fromkeys(self.per_indicator["gemeente"]))

    def omschrijving(self) -> str:
        """'maand 2026-09, Essen (11016)' or 'maand 2026-09, alle gemeenten (3)'."""
        welke = f" ({self.status})" if self.status else ""
        if self.nis:
            return f"maand {self.maand}{welke}, {self.gemeenten[0]} ({self.nis})"
        return f"maand {self.maand}{welke}, alle gemeenten ({len(self.gemeenten)})"


def _actief_in(maand: str, nis: str | None, status: str | None = None):
    voorwaarden = [feit.c.actief, feit.c.periode == maand]
    if nis:
        voorwaarden.append(feit.c.nis == nis)
    if status:
        voorwaarden.append(feit.c.status == status)
    return and_(*voorwaarden)


def _controleer_maand(maand: str) -> None:
    if not is_maand(maand):
        raise Geweigerd(f"'{maand}' is geen maand: schrijf ze als JJJJ-MM (bv. 2024-03).")


def _controleer_status(status: str | None) -> None:
    if status is not None and status not in STATUSSEN:
        raise Geweigerd(f"Onbekende status '{status}': kies {' of '.join(STATUSSEN)}.")


# The month's figure per indicator: the shown total in the indicator's own count definition
# (figures of another count definition are never added to it).
_EIGEN_TELDEFINITIE = case(
    INDICATOR_TELDEFINITIE, value=feit.c.indicator, else_=STANDAARD_TELDEFINITIE
)


def _lees_voorbeeld(
    conn: Connection, maand: str, nis: str | None, status: str | None = None
) -> Intrekking:
    _controleer_maand(maand)
    _controleer_status(status)
    if nis is not None:
        naam = conn.execute(select(gemeente.c.naam).where(gemeente.c.nis == nis)).scalar()
        if naam is None:
            raise Geweigerd(f"Onbekende NIS-code {nis}.")
    totaal = and_(
        *(getattr(feit.c, d) == "totaal" for d in DIMENSIE_NAMEN),
        feit.c.teldefinitie == _EIGEN_TELDEFINITIE,
        zichtbaar(),
    )
    stmt = (
        select(
            feit.c.nis,
            gemeente.c.naam.label("gemeente"),
            feit.c.indicator,
            func.sum(feit.c.aantal).filter(totaal).label("maandcijfer"),
            func.count().label("rijen"),
        )
        .join(gemeente, gemeente.c.nis == feit.c.nis)
        .where(_actief_in(maand, nis, status))
        .group_by(feit.c.nis, gemeente.c.naam, feit.c.indicator)
    )
    frame = pd.DataFrame(conn.execute(stmt).mappings().all())
    if frame.empty:
        waar = f" voor NIS {nis}" if nis else ""
        raise Geweigerd(f"Er zijn geen actuele cijfers van {maand}{waar}: niets om in te trekken.")
    volgorde = {i: k for k, i in enumerate(INDICATOREN)}
    frame = frame.sort_values(
        ["gemeente", "indicator"], key=lambda s: s.map(volgorde) if s.name == "indicator" else s
    ).reset_index(drop=True)
    frame["indicator"] = frame["indicator"].map(lambda i: LABELS["indicator"].get(i, i))
    frame = frame.fillna({"maandcijfer": 0}).astype({"maandcijfer": "int64", "rijen": "int64"})
    namen = dict(zip(frame["nis"], frame["gemeente"], strict=True))
    _controleer_laatste(conn, maand, list(namen), namen, status)
    return Intrekking(maand, nis, frame, int(frame["rijen"].sum()), status)


def _controleer_laatste(
    conn: Connection, maand: str, nissen: list[str], namen: dict, status: str | None = None
) -> None:
    voorwaarden = [feit.c.actief, feit.c.nis.in_(nissen)]
    if status:
        voorwaarden.append(feit.c.status == status)
    stmt = select(feit.c.nis, func.max(feit.c.periode)).where(*voorwaarden).group_by(feit.c.nis)
    later = sorted(namen[n] for n, laatste in conn.execute(stmt).all() if laatste > maand)
    if later:
        raise Geweigerd(
            f"{maand} is niet de laatste maand van {', '.join(later)}: een maand midden in de "
            "reeks trekt u niet in (dat laat een gat). Laad de verbeterde cijfers van die maand "
            "op; ze vervangen de huidige."
        )


def voorbeeld(
    engine: Engine, maand: str, nis: str | None = None, status: str | None = None
) -> Intrekking:
    """What `trek_in` would take out, without writing. Raises `Geweigerd` (Dutch)."""
    with engine.connect() as conn:
        return _lees_voorbeeld(conn, maand, nis, status)


def trek_in(
    engine: Engine,
    maand: str,
    nis: str | None = None,
    *,
    door: str,
    reden: str,
    auditregel: Callable[[Connection, Intrekking], None] | None = None,
    status: str | None = None,
) -> Intrekking:
    """Take `maand` (of every municipality, or of `nis`) out of the current figures, as a new
    release; `auditregel(conn, intrekking)` runs in the same transaction. Raises `Geweigerd`
    (Dutch) for a refusal and `DatabankFout` when the database refuses; nothing changes then."""
    _controleer_maand(maand)
    reden = " ".join(str(reden or "").split())
    if not reden:
        raise Geweigerd("Geef een reden op: ze komt in het auditlogboek.")
    try:
        with engine.begin() as conn:
            _neem_schrijfslot(conn)
            uit = _lees_voorbeeld(conn, maand, nis, status)  # again, under the lock
            conn.execute(update(feit).where(_actief_in(maand, nis, status)).values(actief=False))
            bestand = f"intrekking {uit.omschrijving()}"
            conn.execute(
                insert(release).values(
                    soort=SOORT,
                    bestand=bestand[:255],
                    sha256=hashlib.sha256(bestand.encode()).hexdigest(),
                    rijen=uit.rijen,
                    door=door,
                    tijdstip=datetime.now(UTC),
                    demo=False,
                    opmerking=f"reden: {reden}",
                )
            )
            if auditregel is not None:
                auditregel(conn, uit)
    except SQLAlchemyError as exc:
        raise databankfout(exc) from exc
    return uit


def auditdetails(uit: Intrekking, reden: str) -> str:
    """The audit row's text: what was withdrawn (rows per municipality) and why."""
    per = uit.per_indicator.groupby("gemeente", sort=False)["rijen"].sum()
    delen = ", ".join(f"{g}: {n} rijen" for g, n in per.items())
    return f"{uit.omschrijving()} ingetrokken ({delen}); reden: {' '.join(reden.split())}"
