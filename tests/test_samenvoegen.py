"""Merging categories when the rule hides too much (issue 16 item 10; docs/privacy.md,
"Samenvoegen"): Essen's table by destination was 210 hidden cells of 248; it is now shown as
"naar werk / niet naar werk" per year, Mechelen keeps the finest level, every screen says so,
and the attacker finds nothing in what is released together."""

from __future__ import annotations

import contextlib
import io
import json

import pandas as pd
from aanvaller import Aanval, maanden_van_venster, telling

import domein
from charts import schermen
from cli.main import main as cli_main
from data_access import queries, suppression
from data_access.suppression import MAX_VERBORGEN, beschermd_op_niveau
from diensten import dek
from domein.maanden import van_tot

ESSEN, MECHELEN = "11016", "12025"
ZIN = "omdat de fijnere indeling kleine aantallen zou tonen."


def _cel(periode, categorie, aantal):
    return {"periode": periode, "categorie": categorie, "aantal": aantal}


def test_kleine_leeftijdsklassen_worden_samengevoegd_tot_de_fijnste_toonbare_indeling():
    """Stocks of 18 people over six age classes: too much hidden, also in four bands; two
    bands show."""
    maanden = [f"2024-{m:02d}" for m in range(1, 13)]
    verdeling = {"18-24": 12, "25-34": 2, "35-44": 1, "45-54": 1, "55-64": 1, "65+": 1}
    delen = pd.DataFrame([_cel(m, c, n) for m in maanden for c, n in verdeling.items()])
    totalen = delen.groupby("periode")["aantal"].sum()
    fijn = suppression.beschermde_tabel(delen, totalen, indicator="leefloongerechtigden")
    assert fijn["onderdrukt"].mean() > MAX_VERBORGEN  # the old screen: hatched boxes
    tabel, niveau = beschermd_op_niveau(
        delen, totalen, indicator="leefloongerechtigden", dimensie="leeftijd"
    )
    assert niveau.indeling.code == "twee"
    assert set(tabel["categorie"]) == {"jonger_dan_25", "25_en_ouder"}
    assert not tabel["onderdrukt"].any() and set(tabel["aantal"]) == {12, 6}
    assert niveau.zin(False) == (
        "Samengevoegd tot jonger dan 25 / 25 en ouder, omdat de fijnere indeling kleine "
        "aantallen zou tonen."
    )


def test_zonder_toonbare_splitsing_blijft_het_totaal():
    maanden = [f"2024-{m:02d}" for m in range(1, 13)]
    delen = pd.DataFrame([_cel(m, c, 1) for m in maanden for c in ("18-24", "25-34", "65+")])
    totalen = delen.groupby("periode")["aantal"].sum()
    tabel, niveau = beschermd_op_niveau(
        delen, totalen, indicator="leefloongerechtigden", dimensie="leeftijd"
    )
    assert niveau.indeling.code == "totaal" and set(tabel["categorie"]) == {"alle"}
    assert list(tabel["aantal"]) == [3] * 12  # the published totals, nothing hidden


def test_een_dimensie_zonder_hierarchie_wordt_niet_samengevoegd():
    """Pillars feed the capacity of "Wat als?" from their quarterly table: one level only."""
    assert domein.niveaus("pijler", True) == [domein.Niveau(domein.FIJN, "kwartaal")]


def test_essen_bestemming_samengevoegd_mechelen_fijnste(demo_engine):
    essen = queries.uitsplitsing_op_niveau(demo_engine, ESSEN, "activeringen", "bestemming")
    assert essen.niveau.code == "werk/jaar"
    assert set(essen.tabel["categorie"]) <= {"naar_werk", "niet_naar_werk", "niet_uitgesplitst"}
    assert essen.tabel["onderdrukt"].mean() <= MAX_VERBORGEN
    assert (~essen.tabel["onderdrukt"]).sum() >= 8  # shown numbers, not hatched boxes
    assert essen.zin.startswith("Samengevoegd tot naar werk / niet naar werk, per jaar")
    mechelen = queries.uitsplitsing_op_niveau(demo_engine, MECHELEN, "activeringen", "bestemming")
    assert mechelen.niveau.code == "fijn/kwartaal" and mechelen.zin is None
    assert "regulier" in set(mechelen.tabel["categorie"])


def test_het_niveau_hangt_niet_af_van_de_gevraagde_periode(demo_engine):
    """One level per breakdown for everyone but the analyst: never a finer and a coarser
    table of the same cells side by side."""
    heel = queries.uitsplitsing_op_niveau(demo_engine, ESSEN, "activeringen", "bestemming")
    for van, tot in (("2024-01", "2024-12"), ("2022-04", "2025-09"), (None, "2023-06")):
        stuk = queries.uitsplitsing_op_niveau(
            demo_engine, ESSEN, "activeringen", "bestemming", van=van, tot=tot
        )
        assert stuk.niveau == heel.niveau
        verwacht = heel.tabel[heel.tabel["venster"].isin(stuk.tabel["venster"])]
        pd.testing.assert_frame_equal(stuk.tabel, verwacht.reset_index(drop=True))


def _stats(demo_engine, monkeypatch, *argv) -> dict:
    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_engine.url.render_as_string(hide_password=False))
    uit = io.StringIO()
    with contextlib.redirect_stdout(uit):
        assert cli_main(["stats", *argv, "--json"]) == 0
    return json.loads(uit.getvalue())


def test_cli_json_zegt_het_niveau(demo_engine, monkeypatch):
    essen = _stats(demo_engine, monkeypatch, "--nis", ESSEN, "--indicator", "activeringen",
                   "--by", "bestemming")  # fmt: skip
    assert essen["level"] == "werk/jaar" and essen["merged"] is True
    assert essen["note"].endswith(ZIN)
    assert {r["period"] for r in essen["series"]} >= {"2023", "2024", "2025"}
    mechelen = _stats(demo_engine, monkeypatch, "--nis", MECHELEN, "--indicator",
                      "activeringen", "--by", "bestemming")  # fmt: skip
    assert mechelen["level"] == "fijn/kwartaal" and mechelen["merged"] is False
    assert "note" not in mechelen


def test_dek_toont_essen_samengevoegd_met_de_zin(demo_engine):
    van, tot = dek.standaard_periode(demo_engine, ESSEN)
    [scherm] = [
        s
        for s in dek.schermen_voor(demo_engine, ESSEN, van, tot)
        if s.sleutel == "uitsplitsing-activeringen-bestemming"
    ]
    assert scherm.noten[0].endswith(ZIN)
    assert list(scherm.tabel.columns[:1]) == ["jaar"]
    getoond = scherm.tabel.drop(columns="jaar").to_numpy().ravel().tolist()
    assert [w for w in getoond if str(w).isdigit()], getoond  # numbers, not only "x"
    lijnen = [tr for tr in scherm.fig.data if tr.type == "scatter" and tr.mode != "text"]
    assert any(y is not None for tr in lijnen for y in (tr.y or ()))
    assert ZIN in json.dumps(scherm.fig.to_plotly_json()["layout"], ensure_ascii=False)


def test_scherm_mechelen_zonder_zin(demo_engine):
    u = queries.uitsplitsing_op_niveau(demo_engine, MECHELEN, "activeringen", "bestemming")
    scherm = schermen.uitsplitsing_scherm(
        u.tabel, indicator="activeringen", dimensie="bestemming", naam="Mechelen",
        tot="2026-09", bron="b", samengevoegd=u.zin,
    )  # fmt: skip
    assert not any(ZIN in n for n in scherm.noten) and "kwartaal" in scherm.tabel.columns


def _als_relaties(aanval: Aanval, tabel: pd.DataFrame, groepen: dict, drempel: int) -> None:
    """Another released table of the same cells, as sums for the attacker."""
    for r in tabel.itertuples(index=False):
        leden = groepen.get(r.categorie, [r.categorie])
        ms = maanden_van_venster(r.venster)
        w = str(r.weergave)
        if w == f"<{drempel}":
            aanval.som(ms, leden, 1, drempel - 1, "grof")
        elif w != "x":
            aanval.exact(ms, leden, int(w.replace(".", "")), "grof")


def test_aanvaller_met_de_samengevoegde_tabellen(demo_engine):
    """The attacker gets the merged table and every figure released with it (the work
    relations, translated to "naar werk"): nothing pinned. Given the finer table as well
    (what a per-window choice of level would release), he does pin cells: that is why one
    level is chosen over the whole history."""
    u = queries.uitsplitsing_op_niveau(demo_engine, ESSEN, "activeringen", "bestemming")
    totalen = queries.reeks(demo_engine, ESSEN, "activeringen").set_index("periode")["waarde"]
    indeling = dict(domein.INDELINGEN["bestemming"][1].groepen)
    groepen = {g: list(leden) for g, leden in indeling.items()}
    relaties = queries.werk_relaties(demo_engine, ESSEN)
    assert relaties  # Essen's work figures are released (by quarter, rounded)

    def aanval_op(tabel, groepen_):
        a = Aanval(totalen, tabel[["venster", "categorie", "weergave"]], groepen=groepen_)
        for r in relaties:
            hoog = float("inf") if r.maximum is None else r.maximum
            a.som(van_tot(r.van, r.tot), list(r.categorieen), r.minimum, hoog, r.bron)
        return a

    samen = aanval_op(u.tabel, groepen)
    assert samen.relaties and (samen.tabel["soort"] != "").any()
    assert samen.bevindingen() == [], telling(samen.bevindingen())

    fijn = suppression.beschermde_tabel(
        queries._ruwe_uitsplitsing(demo_engine, ESSEN, "activeringen", "bestemming", None, None)
        .query("categorie != 'totaal'")
        .reset_index(drop=True),
        totalen,
        indicator="activeringen",
        relaties=relaties,
    ).rename(columns={"periode": "venster"})
    beide = aanval_op(fijn, {})
    _als_relaties(beide, u.tabel, groepen, 5)
    assert telling(beide.bevindingen()), "the finer table beside the coarser one should leak"
