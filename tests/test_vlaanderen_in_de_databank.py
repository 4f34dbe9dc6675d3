"""The reads of the Flemish screens that aggregate in the database (issue "Flanders at a glance",
bench/schaal.py) give exactly what the per-municipality pandas path gives — on SQLite and
PostgreSQL (the data fixtures run on both)."""

from datetime import date

import pytest
from maak_bestanden import csv_bytes

import domein
from data_access import importer, queries

JAAR = 2023


def _rij(nis: str, periode: str, indicator: str, aantal: int, bestemming: str = "totaal"):
    # a row of the project's import template (csv_bytes' header), every dimension 'totaal'
    # except the destination
    waarden = {d: "totaal" for d in domein.DIMENSIE_NAMEN} | {"bestemming": bestemming}
    waarden |= {"nis": nis, "periode": periode, "indicator": indicator, "aantal": str(aantal)}
    return [waarden[k] for k in domein.SJABLOON_KOLOMMEN]


def _jaar(nis: str, delen: dict[str, int], alleen_totaal: dict[int, int] | None = None):
    """A year of activations by destination, every month the same `delen`; in the months of
    `alleen_totaal` only a total (that number) without a breakdown: a month with a rest when it
    is above 0 (the importer accepts no breakdown that does not add up to its total)."""
    alleen_totaal = alleen_totaal or {}
    rijen = []
    for m in range(1, 13):
        periode = f"{JAAR}-{m:02d}"
        rijen.append(_rij(nis, periode, "leefloongerechtigden", 40))
        if m in alleen_totaal:
            rijen.append(_rij(nis, periode, "activeringen", alleen_totaal[m]))
            continue
        rijen.append(_rij(nis, periode, "activeringen", sum(delen.values())))
        rijen += [_rij(nis, periode, "activeringen", a, b) for b, a in delen.items()]
    return rijen


DRIE = {"regulier": 2, "interim": 1, "opleiding": 1}
# nis -> (rows, releasable): work figures need >= 2 work and >= 2 other categories, the rest
# (a month whose total exceeds its categories) counting as another category
GEVALLEN = {
    "11001": (_jaar("11001", {"regulier": 2, "opleiding": 1}), False),
    "11004": (_jaar("11004", DRIE), False),
    "11005": (_jaar("11005", DRIE, {7: 3}), True),
    "11008": (_jaar("11008", DRIE | {"verhuisd": 0}), True),
    "11013": (_jaar("11013", DRIE, {5: 0}), False),
}
# a rest that a later delivery of the same months took away: inactive rows do not count
HERZIEN = "11009"


@pytest.fixture
def gevallen_engine(leeg_engine):
    def importeer(naam: str, rijen) -> None:
        uit = importer.importeer_bytes(
            leeg_engine, [(naam, csv_bytes(rijen))], door="test", vandaag=date(2026, 11, 1)
        )
        assert uit.geldig, uit.verslag()

    for nis, (rijen, _) in GEVALLEN.items():
        importeer(f"{nis}.csv", rijen)
    importeer("herzien_1.csv", _jaar(HERZIEN, DRIE, {3: 1}))
    importeer("herzien_2.csv", _jaar(HERZIEN, DRIE))
    return leeg_engine


def test_vrijgeefbaar_in_de_databank_gelijk_aan_de_pandasweg(gevallen_engine):
    nissen = [*GEVALLEN, HERZIEN, "11002"]  # 11002: no data at all
    verwacht = {nis: vrij for nis, (_, vrij) in GEVALLEN.items()} | {HERZIEN: False, "11002": False}
    per_gemeente = {nis: queries.werk_vrijgeefbaar(gevallen_engine, nis) for nis in nissen}
    assert per_gemeente == verwacht
    assert queries._vrijgeefbaar_per_gemeente(gevallen_engine, nissen) == verwacht
    graad = queries.activeringsgraad(gevallen_engine, nissen, JAAR).set_index("nis")
    for nis in GEVALLEN:
        status = domein.GETOOND if verwacht[nis] else domein.AFGESCHERMD
        assert graad.loc[nis, "status_werk"] == status, nis


def test_vrijgeefbaar_in_de_databank_gelijk_op_de_demo(demo_engine):
    nissen = sorted(queries.gemeenten_met_werk(demo_engine)) + ["11001"]
    per_gemeente = {nis: queries.werk_vrijgeefbaar(demo_engine, nis) for nis in nissen}
    assert any(per_gemeente.values())
    assert queries._vrijgeefbaar_per_gemeente(demo_engine, nissen) == per_gemeente


def test_lezen_uit_tuples_geeft_hetzelfde_frame_als_uit_mappings(demo_engine):
    """`queries._lees` builds frames from tuples (faster): the same columns in the same order,
    the same types and values as pandas made from row mappings, for every kind of column."""
    import pandas as pd
    from sqlalchemy import select

    from data_access.schema import bevolking, feit, gemeente, release

    vragen = [
        select(release),  # datetimes with a time zone, booleans, NULL remarks
        select(gemeente),
        select(bevolking).where(bevolking.c.nis == "12025"),
        select(feit.c.nis, feit.c.periode, feit.c.aantal.label("waarde"), feit.c.actief)
        .where(feit.c.nis == "11016", feit.c.indicator == "activeringen")
        .limit(500),
        select(feit.c.nis).where(feit.c.nis == "00000"),  # nothing
    ]
    for stmt in vragen:
        with demo_engine.connect() as conn:
            verwacht = pd.DataFrame(conn.execute(stmt).mappings().all())
        pd.testing.assert_frame_equal(queries._lees(demo_engine, stmt), verwacht)
