"""The read rule per cell of the breakdown (issue 19, queries.zichtbaar): a provisional row is
hidden only where an active definitive row has the same nis, periode, indicator, teldefinitie
and the same category in every declared dimension. So the official total replaces the own
total, an official -25 the own -25, but the own breakdown by doelgroep (which the official
source does not carry) stays visible, as own count. SQLite and a real PostgreSQL server.
"""

from datetime import date

import pytest
from maak_bestanden import csv_bytes
from sqlalchemy import delete, inspect, select, text

import domein
from data_access import db, importer, queries
from data_access.schema import feit, schema_versie

VANDAAG = date(2026, 11, 22)
MECHELEN = "12025"
MAAND = "2024-01"
KOP = ("nis", "periode", "indicator", *domein.DIMENSIE_NAMEN, "aantal", "teldefinitie", "status")
DOELGROEPEN = domein.DIMENSIES["doelgroep"][1:]
KLASSEN = domein.DIMENSIES["leeftijdsklasse"][1:]

EIGEN_DOELGROEP = (40, 25, 15, 12, 8)  # own total 100
EIGEN_KLASSE = (30, 30, 20, 15, 5)  # the own count also by the official age classes
OFFICIEEL_KLASSE = (33, 31, 20, 15, 4)  # official total 103


def _rij(indicator: str, aantal: int, status: str, **cel: str) -> list[str]:
    dims = [cel.get(d, "totaal") for d in domein.DIMENSIE_NAMEN]
    return [MECHELEN, MAAND, indicator, *dims, str(aantal), "maandstand", status]


def _importeer(engine, naam: str, rijen: list[list[str]]) -> None:
    resultaat = importer.importeer_bytes(
        engine, [(naam, csv_bytes(rijen, kop=KOP))], door="test", vandaag=VANDAAG
    )
    assert resultaat.geschreven, resultaat.verslag()


@pytest.fixture
def eigen_en_officieel(leeg_engine):
    """Mechelen 2024-01: the own count (total, by doelgroep, by leeftijdsklasse) and an official
    delivery (total, by leeftijdsklasse) of leefloongerechtigden."""
    ind = "leefloongerechtigden"
    eigen = [_rij(ind, sum(EIGEN_DOELGROEP), "voorlopig")]
    eigen += [
        _rij(ind, n, "voorlopig", doelgroep=g)
        for g, n in zip(DOELGROEPEN, EIGEN_DOELGROEP, strict=True)
    ]
    eigen += [
        _rij(ind, n, "voorlopig", leeftijdsklasse=k)
        for k, n in zip(KLASSEN, EIGEN_KLASSE, strict=True)
    ]
    _importeer(leeg_engine, "eigen.csv", eigen)
    officieel = [_rij(ind, sum(OFFICIEEL_KLASSE), "definitief")]
    officieel += [
        _rij(ind, n, "definitief", leeftijdsklasse=k)
        for k, n in zip(KLASSEN, OFFICIEEL_KLASSE, strict=True)
    ]
    _importeer(leeg_engine, "pod.csv", officieel)
    return leeg_engine


class _Analist:
    """A viewer who sees the exact cells (an analyst of the municipality)."""

    def ziet_detail(self, nis: str) -> bool:
        return True


def _getoond(engine) -> set[tuple[str, str, str, int]]:
    """(status, dimension broken down or 'totaal', category, aantal) of every shown row."""
    stmt = select(feit).where(queries.zichtbaar())
    uit = set()
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            dims = [d for d in domein.DIMENSIE_NAMEN if r[d] != "totaal"]
            dim = dims[0] if dims else "totaal"
            uit.add((r["status"], dim, r[dim] if dims else "totaal", r["aantal"]))
    return uit


def test_eigen_uitsplitsing_blijft_naast_het_officiele_totaal(eigen_en_officieel):
    engine = eigen_en_officieel
    getoond = _getoond(engine)
    # the official total replaces the own total; the official classes replace the own classes
    assert ("definitief", "totaal", "totaal", 103) in getoond
    assert ("voorlopig", "totaal", "totaal", 100) not in getoond
    assert {(s, c, n) for s, d, c, n in getoond if d == "leeftijdsklasse"} == {
        ("definitief", k, n) for k, n in zip(KLASSEN, OFFICIEEL_KLASSE, strict=True)
    }
    # the own breakdown by doelgroep, which the official source lacks, stays
    assert {(s, c, n) for s, d, c, n in getoond if d == "doelgroep"} == {
        ("voorlopig", g, n) for g, n in zip(DOELGROEPEN, EIGEN_DOELGROEP, strict=True)
    }
    assert len(getoond) == 1 + len(KLASSEN) + len(DOELGROEPEN)

    assert queries.reeks(engine, MECHELEN, "leefloongerechtigden")["waarde"].tolist() == [103]
    # the breakdown by doelgroep reads against the total its cells add up to (the own one)
    doelgroep = queries.uitsplitsing_op_niveau(
        engine, MECHELEN, "leefloongerechtigden", "doelgroep", _Analist()
    )
    cellen = dict(zip(doelgroep.tabel["categorie"], doelgroep.tabel["aantal"], strict=True))
    assert {g: cellen[g] for g in DOELGROEPEN} == dict(
        zip(DOELGROEPEN, EIGEN_DOELGROEP, strict=True)
    )
    assert doelgroep.statussen.to_dict() == {MAAND: "voorlopig"}
    klasse = queries.uitsplitsing_op_niveau(
        engine, MECHELEN, "leefloongerechtigden", "leeftijdsklasse", _Analist()
    )
    cellen = dict(zip(klasse.tabel["categorie"], klasse.tabel["aantal"], strict=True))
    assert [cellen[k] for k in KLASSEN] == list(OFFICIEEL_KLASSE)
    assert klasse.statussen.to_dict() == {MAAND: "definitief"}


def test_beschermde_eigen_uitsplitsing_naast_officieel_totaal(eigen_en_officieel):
    """Everyone but an analyst gets the table protected against its own total (100): the
    official 103 would make the disclosure rule assume a hidden rest of 3."""
    tabel = queries.uitsplitsing(eigen_en_officieel, MECHELEN, "leefloongerechtigden", "doelgroep")
    assert domein.REST_CODE not in set(tabel["categorie"])
    getoond = tabel[~tabel["onderdrukt"]]
    verwacht = dict(zip(DOELGROEPEN, EIGEN_DOELGROEP, strict=True))
    assert len(getoond) >= 1
    assert all(int(r.aantal) == verwacht[r.categorie] for r in getoond.itertuples())


def test_stats_zegt_per_uitsplitsing_of_ze_eigen_telling_is(
    eigen_en_officieel, monkeypatch, capsys
):
    import argparse
    import json

    from cli.gegevens import registreer

    url = eigen_en_officieel.url.render_as_string(hide_password=False)
    monkeypatch.setenv("LEEFLOONMONITOR_DB", url)

    def stats(*argv: str) -> dict:
        parser = argparse.ArgumentParser(prog="leefloonmonitor")
        registreer(parser.add_subparsers(dest="commando", required=True))
        args = parser.parse_args(["stats", "--nis", MECHELEN, *argv, "--json"])
        assert args.func(args) == 0
        return json.loads(capsys.readouterr().out)

    ind = ("--indicator", "leefloongerechtigden")
    assert stats(*ind)["series"] == [{"period": MAAND, "value": 103, "status": "definitief"}]
    doelgroep = stats(*ind, "--by", "doelgroep")["series"]
    assert doelgroep and {r["status"] for r in doelgroep} == {"voorlopig"}
    klasse = stats(*ind, "--by", "leeftijdsklasse")["series"]
    assert {r["category"]: r["value"] for r in klasse}["-25"] == 33
    assert {r["status"] for r in klasse} == {"definitief"}


# --- the index: one seek per row, also on a database of the older rule ------------------------


def test_sqlite_plan_zoekt_in_ix_feit_definitief(tmp_path):
    engine = db.maak_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    db.init_schema(engine)
    stmt = select(feit.c.aantal).where(
        feit.c.nis == MECHELEN, queries._feiten("leefloongerechtigden")
    )
    sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = " | ".join(r[-1] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_feit_definitief" in plan, plan
    dims = " AND ".join(f"{d}=?" for d in domein.DIMENSIE_NAMEN)
    assert dims in plan, plan  # every dimension of the cell in the seek
    engine.dispose()


def test_databank_van_de_oude_regel_krijgt_de_index_per_cel(leeg_engine):
    engine = leeg_engine
    with engine.begin() as conn:  # the index as the rule per month declared it
        conn.execute(text("DROP INDEX ix_feit_definitief"))
        conn.execute(
            text("CREATE INDEX ix_feit_definitief ON feit (nis, indicator, periode, teldefinitie)")
        )
        conn.execute(delete(schema_versie).where(schema_versie.c.versie == 5))
    db.init_schema(engine)  # what the app and the CLI do on start
    indexen = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("feit")}
    verwacht = ["nis", "indicator", "periode", "teldefinitie", *domein.DIMENSIE_NAMEN]
    assert indexen["ix_feit_definitief"] == verwacht
