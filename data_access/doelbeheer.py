"""Targets (pact goals) edited in the Beheer page: validate and save one target. No Streamlit.

The rules are those of a `doelen` import file (`data_access.validatie`): a target from the form
is turned into a one-row `doelen` file and checked by the same validator, then written by the
same importer (`importer.schrijf`), so it becomes a release of soort `doelen` and shows up in the
release history. A few rules only make sense for a form (the id must be new when adding, a
target of 0 is meaningless) and are added here. Every save is audited as `doel_gewijzigd`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy import Engine, select

from data_access import audit, gebruikers, importer, validatie, voorbeeld
from data_access.inlezen import ImportFout, Ingelezen
from data_access.schema import doel

KOLOMMEN: tuple[str, ...] = validatie.SOORTEN["doelen"]
UITBETALINGEN = validatie.UITBETALINGEN
VELD_LABELS = {
    "doel_id": "Doel-id",
    "nis": "Gemeente (NIS-code)",
    "naam": "Naam",
    "indicator": "Indicator",
    "van": "Van (maand)",
    "tot": "Tot en met (maand)",
    "doelwaarde": "Doelwaarde",
    "max_subsidie_eur": "Maximale subsidie (euro)",
    "uitbetaling": "Uitbetaling",
    "bron": "Bron",
}
_ID_PATROON = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MAX_LENGTE = {"doel_id": 60, "naam": 200, "bron": 2000}


@dataclass(frozen=True)
class Doel:
    doel_id: str
    nis: str
    naam: str
    indicator: str
    van: str
    tot: str
    doelwaarde: int | str
    max_subsidie_eur: int | str
    uitbetaling: str
    bron: str


class DoelFout(ValueError):
    """An invalid target; `fouten` lists every problem in Dutch."""

    def __init__(self, fouten: str | list[str]):
        self.fouten = [fouten] if isinstance(fouten, str) else list(fouten)
        super().__init__("; ".join(self.fouten))


def _tekst(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()


def _waarden(invoer: Doel | Mapping) -> dict[str, str]:
    bron = asdict(invoer) if isinstance(invoer, Doel) else dict(invoer)
    return {k: _tekst(bron.get(k)) for k in KOLOMMEN}


def _als_bestand(waarden: dict[str, str], naam: str) -> Ingelezen:
    frame = pd.DataFrame([waarden], columns=list(KOLOMMEN), dtype=str)
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=";", index=False, lineterminator="\n")
    return Ingelezen(naam, buffer.getvalue().encode("utf-8"), frame, "UTF-8", ";")


def _als_zin(fout: ImportFout) -> str:
    veld = VELD_LABELS.get(fout.kolom, fout.kolom or "Doel")
    zin = f"{veld}: {fout.reden}"
    if fout.waarde not in ("", None):
        zin += f" (‘{fout.waarde}’)"
    if fout.oplossing:
        zin += f" — {fout.oplossing}"
    return zin + "."


def bestaat(engine: Engine, doel_id: str) -> bool:
    with engine.connect() as conn:
        rij = conn.execute(select(doel.c.doel_id).where(doel.c.doel_id == doel_id)).first()
    return rij is not None


def valideer_doel(engine: Engine, invoer: Doel | Mapping, *, nieuw: bool) -> list[str]:
    """Every problem with this target, in Dutch (empty list: it can be saved).

    `nieuw=True`: adding (the id must not exist yet); `nieuw=False`: editing an existing target.
    """
    waarden = _waarden(invoer)
    _, fouten = validatie.valideer(_als_bestand(waarden, "formulier"))
    zinnen = [_als_zin(f) for f in fouten]
    doel_id = waarden["doel_id"]
    if doel_id and not _ID_PATROON.match(doel_id):
        zinnen.append(
            f"{VELD_LABELS['doel_id']}: gebruik enkel letters, cijfers, '.', '_' en '-' "
            "zonder spaties (bv. activeringspact-2025-mechelen)."
        )
    for veld, maximum in _MAX_LENGTE.items():
        if len(waarden[veld]) > maximum:
            zinnen.append(f"{VELD_LABELS[veld]}: te lang (maximaal {maximum} tekens).")
    if waarden["doelwaarde"].isdigit() and int(waarden["doelwaarde"]) == 0:
        zinnen.append(f"{VELD_LABELS['doelwaarde']}: moet groter zijn dan 0.")
    if doel_id and _ID_PATROON.match(doel_id) and len(doel_id) <= _MAX_LENGTE["doel_id"]:
        er_is = bestaat(engine, doel_id)
        if nieuw and er_is:
            zinnen.append(
                f"{VELD_LABELS['doel_id']}: er bestaat al een doel ‘{doel_id}’; kies een ander "
                "id of wijzig het bestaande doel."
            )
        elif not nieuw and not er_is:
            zinnen.append(f"{VELD_LABELS['doel_id']}: er bestaat geen doel ‘{doel_id}’.")
    return zinnen


def bewaar_doel(
    engine: Engine,
    invoer: Doel | Mapping,
    door,
    *,
    nieuw: bool,
    demo: bool | None = None,
) -> int:
    """Validate and save one target as a release of soort `doelen`; audit `doel_gewijzigd`.

    Returns the release id. Raises `DoelFout` (nothing written) when the target is invalid.
    `door`: a `Gebruiker` or a user name. `demo`: mark the release as demo data (default: the
    database's demo mode).
    """
    waarden = _waarden(invoer)
    fouten = valideer_doel(engine, waarden, nieuw=nieuw)
    if fouten:
        raise DoelFout(fouten)
    if demo is None:
        demo = gebruikers.demo_modus(engine)
    naam = getattr(door, "gebruikersnaam", door) or "-"
    ingelezen = _als_bestand(waarden, f"formulier Beheer: doel {waarden['doel_id']}")
    wijzigingen = voorbeeld.doel_wijzigingen(engine, ingelezen.frame)
    gecontroleerd = importer.Gecontroleerd(ingelezen, "doelen")
    if nieuw:
        details = f"{waarden['doel_id']}: nieuw doel ({waarden['nis']}, {waarden['indicator']}, "
        details += f"{waarden['van']}–{waarden['tot']}, doelwaarde {waarden['doelwaarde']})"
    else:
        velden = [f"{w['veld']}: {w['oud']} → {w['nieuw']}" for w in wijzigingen if w["veld"]]
        details = f"{waarden['doel_id']}: " + ("; ".join(velden) if velden else "ongewijzigd")

    def auditregel(conn, ids: list[int]) -> None:  # in the release's own transaction
        audit.log(conn, door, "doel_gewijzigd", f"{details}; release {ids[0]}")

    [release_id] = importer.schrijf(
        engine, [gecontroleerd], door=str(naam), demo=bool(demo), auditregel=auditregel
    )
    return release_id
