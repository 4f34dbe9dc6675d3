"""Withdrawing a wrongly imported month (issue 16 item 11): on SQLite and PostgreSQL, the
preview says exactly what disappears, the withdrawal is a release with its audit row, the data
version changes, restoring the delivering release brings the month back; the CLI the same."""

from __future__ import annotations

import contextlib
import io

import pytest
from maak_bestanden import csv_bytes, kubusrijen
from sqlalchemy import func, select

from cli.main import main as cli_main
from data_access import audit, importer, intrekken, queries
from data_access.schema import feit

MECHELEN, LIER = "12025", "12021"
MAANDEN = ["2026-07", "2026-08", "2026-09"]


@pytest.fixture
def engine(leeg_engine):
    for nis in (MECHELEN, LIER):
        uit = importer.importeer_bytes(
            leeg_engine, [(f"{nis}.csv", csv_bytes(kubusrijen(nis, MAANDEN)))], door="test"
        )
        assert uit.geldig, uit.verslag()
    return leeg_engine


def _actief(engine, maand: str, nis: str | None = None) -> int:
    stmt = select(func.count()).select_from(feit).where(feit.c.actief, feit.c.periode == maand)
    if nis:
        stmt = stmt.where(feit.c.nis == nis)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def test_voorbeeld_zegt_precies_wat_verdwijnt(engine):
    v = intrekken.voorbeeld(engine, "2026-09", MECHELEN)
    assert v.rijen == _actief(engine, "2026-09", MECHELEN) > 0
    assert v.gemeenten == ["Mechelen"]
    rij = v.per_indicator.set_index("indicator").loc["Leefloongerechtigden"]
    verwacht = queries.reeks(engine, MECHELEN, "leefloongerechtigden").set_index("periode")
    assert rij["maandcijfer"] == verwacht.loc["2026-09", "waarde"]
    alle = intrekken.voorbeeld(engine, "2026-09")
    assert alle.rijen == _actief(engine, "2026-09") and set(alle.gemeenten) == {"Lier", "Mechelen"}
    assert _actief(engine, "2026-09", MECHELEN) == v.rijen  # a preview writes nothing


@pytest.mark.parametrize(
    ("maand", "nis", "reden"),
    [
        ("2026-13", None, "geen maand"),
        ("2025-01", None, "geen actuele cijfers"),
        ("2026-08", MECHELEN, "niet de laatste maand"),
        ("2026-09", "99999", "Onbekende NIS-code"),
    ],
)
def test_weigeringen_in_het_nederlands(engine, maand, nis, reden):
    with pytest.raises(intrekken.Geweigerd, match=reden):
        intrekken.voorbeeld(engine, maand, nis)
    with pytest.raises(intrekken.Geweigerd, match=reden):
        intrekken.trek_in(engine, maand, nis, door="t", reden="r")


def test_intrekken_is_een_release_met_auditregel_en_terugzetten_brengt_ze_terug(engine):
    versie = queries.data_versie(engine)
    voor = _actief(engine, "2026-09", MECHELEN)
    lier = _actief(engine, "2026-09", LIER)

    def auditregel(conn, uit):
        audit.log(conn, "beheer", "intrekking", intrekken.auditdetails(uit, "verkeerd bestand"))

    uit = intrekken.trek_in(
        engine, "2026-09", MECHELEN, door="beheer", reden="verkeerd bestand", auditregel=auditregel
    )
    assert uit.rijen == voor and _actief(engine, "2026-09", MECHELEN) == 0
    assert _actief(engine, "2026-09", LIER) == lier  # another municipality's month stays
    assert queries.laatste_periode(engine, MECHELEN) == "2026-08"
    assert queries.data_versie(engine) > versie  # every cached read refreshes
    releases = queries.releases(engine)
    assert releases["soort"].iloc[0] == "intrekking" and releases["door"].iloc[0] == "beheer"
    assert "verkeerd bestand" in releases["opmerking"].iloc[0]
    regel = audit.lees(engine, 1, actie="intrekking").iloc[0]
    assert regel["gebruiker"] == "beheer"
    assert "maand 2026-09, Mechelen (12025)" in regel["details"]
    assert "reden: verkeerd bestand" in regel["details"]

    levering = int(releases[releases["bestand"] == f"{MECHELEN}.csv"]["id"].iloc[0])
    importer.herstel(engine, levering, door="beheer")
    assert _actief(engine, "2026-09", MECHELEN) == voor
    assert queries.laatste_periode(engine, MECHELEN) == "2026-09"


def test_zonder_reden_geweigerd_en_niets_gewijzigd(engine):
    voor = _actief(engine, "2026-09")
    with pytest.raises(intrekken.Geweigerd, match="reden"):
        intrekken.trek_in(engine, "2026-09", door="t", reden="  ")
    assert _actief(engine, "2026-09") == voor


def _cli(engine, monkeypatch, *argv) -> tuple[int, str, str]:
    monkeypatch.setenv("LEEFLOONMONITOR_DB", engine.url.render_as_string(hide_password=False))
    uit, fout = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(uit), contextlib.redirect_stderr(fout):
        code = cli_main(["intrekken", *argv])
    return code, uit.getvalue(), fout.getvalue()


def test_cli_intrekken(engine, monkeypatch):
    voor = _actief(engine, "2026-09")
    code, uit, _ = _cli(engine, monkeypatch, "--maand", "2026-09", "--dry-run")
    assert code == 0 and "Proefdraai" in uit and "Mechelen: Leefloongerechtigden" in uit
    assert _actief(engine, "2026-09") == voor
    code, _, fout = _cli(engine, monkeypatch, "--maand", "2024-03", "--dry-run")
    assert code == 2 and fout.startswith("Fout: Er zijn geen actuele cijfers van 2024-03")
    code, _, fout = _cli(engine, monkeypatch, "--maand", "maart")
    assert code == 2 and "geen maand" in fout
    code, uit, _ = _cli(
        engine,
        monkeypatch,
        "--maand",
        "2026-09",
        "--nis",
        LIER,
        "--reden",
        "dubbel",
        "--door",
        "an",
    )
    assert code == 0 and "Ingetrokken" in uit
    assert _actief(engine, "2026-09", LIER) == 0 and _actief(engine, "2026-09", MECHELEN) > 0
    regel = audit.lees(engine, 1, actie="intrekking").iloc[0]
    assert regel["gebruiker"] == "an" and regel["client"] == "cli" and "dubbel" in regel["details"]
