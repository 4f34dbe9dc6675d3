"""The release rules of `data_access.vrijgave` (docs/privacy.md, "Alles samen"): rounding and
what a reader can conclude from it, the tiles of a target, the release points, the outcome kept
exact, the capacity derived from the protected table, and the table protected jointly."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import schermen
from data_access import queries, suppression, vrijgave
from domein.maanden import van_tot


@given(st.integers(0, 400), st.integers(3, 10))
def test_rond_bereik_is_precies_wat_afronden_openlaat(waarde, basis):
    afgerond = vrijgave.rond(waarde, basis)
    assert afgerond % basis == 0 and abs(afgerond - waarde) <= basis / 2
    lo, hi = vrijgave.rond_bereik(afgerond, basis)
    assert lo <= waarde <= hi
    assert all(vrijgave.rond(x, basis) == afgerond for x in range(lo, hi + 1))
    assert vrijgave.rond(hi + 1, basis) != afgerond
    assert lo == 0 or vrijgave.rond(lo - 1, basis) != afgerond


KWARTALEN_MECHELEN = [("2023-07", "2023-09"), ("2023-10", "2023-12"), ("2024-01", "2024-03")]
KWARTALEN_MECHELEN += [("2024-04", "2024-06"), ("2024-07", "2024-09"), ("2024-10", "2024-12")]


@pytest.mark.parametrize(
    ("van", "tot", "blokken"),
    [
        # a pact year from December: December joins January-March, October-November joins Q3
        (
            "2024-12",
            "2025-11",
            [("2024-12", "2025-03"), ("2025-04", "2025-06"), ("2025-07", "2025-11")],
        ),
        # Mechelen's pact: April joins the first quarter of 2025
        ("2023-07", "2025-04", [*KWARTALEN_MECHELEN, ("2025-01", "2025-04")]),
        ("2024-12", "2025-02", [("2024-12", "2025-02")]),  # shorter than two quarters: one tile
        ("2024-11", "2025-04", [("2024-11", "2025-04")]),
        ("2025-02", "2025-02", [("2025-02", "2025-02")]),
    ],
)
def test_doelblokken(van, tot, blokken):
    uit = vrijgave.doelblokken(van, tot)
    assert uit == blokken
    assert [m for a, b in uit for m in van_tot(a, b)] == van_tot(van, tot)  # a partition


def test_vrijgavepunten_en_terugschuiven():
    doel = {"van": "2024-12", "tot": "2025-11", "indicator": "activeringen"}
    punten = vrijgave.stand_punten(doel, "2026-09")
    # the month before the start, the end of each quarter after the first tile, the deadline
    assert punten == ["2024-11", "2025-03", "2025-06", "2025-09", "2025-11"]
    assert vrijgave.snap(doel, "2025-08", "2026-09") == "2025-06"
    assert vrijgave.snap(doel, "2025-01", "2026-09") == "2024-11"  # nothing counted yet
    assert vrijgave.snap(doel, "2023-05", "2026-09") == "2023-05"  # before the start
    assert vrijgave.snap(doel, "2026-10", "2026-09") is None  # after the data
    # a target on published totals (inflow): every month
    instroom = {**doel, "indicator": "instroom"}
    assert vrijgave.stand_punten(instroom, "2025-02") == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]


def _reeks(waarden: dict[str, int]) -> pd.Series:
    return pd.Series(waarden, dtype="int64")


def test_stand_rondt_per_tegel_en_houdt_de_uitkomst_exact():
    maanden = van_tot("2024-10", "2025-12")
    reeks = _reeks(dict.fromkeys(maanden, 2))  # 2 a month: 24 in the target's 12 months
    doel = {"van": "2024-12", "tot": "2025-11", "doelwaarde": 22, "indicator": "activeringen"}
    stand = vrijgave.stand_uit(reeks, doel, 5)
    assert list(stand["periode"]) == ["2024-11", "2025-03", "2025-06", "2025-09", "2025-11"]
    # tiles of 8 (Dec-Mar), 6, 6 (Q3) and 10 (Jul-Nov): rounded 10, 5, 5, 10
    assert list(stand["cumulatief"]) == [0, 10, 15, 20, 25]
    assert list(stand["gehaald"]) == [False, False, False, False, True]
    # the same data with a target of 25: exact 24 < 25, so the count stays below the target
    stand = vrijgave.stand_uit(reeks, {**doel, "doelwaarde": 25}, 5)
    assert stand["cumulatief"].iloc[-1] == 24 and not stand["gehaald"].iloc[-1]
    # with 20: reached at the end of September (exact 20 from December to September)
    stand = vrijgave.stand_uit(reeks, {**doel, "doelwaarde": 20}, 5)
    assert list(stand["gehaald"]) == [False, False, False, True, True]
    assert stand["cumulatief"].iloc[3] == 20  # 10 + 5 + 5, on the reached side already


def test_kwartalen_en_tempo():
    reeks = _reeks({m: 3 for m in van_tot("2024-02", "2025-08")})  # Q1 2024 incomplete
    kw = vrijgave.kwartalen_uit(reeks, 5)
    assert list(kw["venster"]) == ["2024-K2", "2024-K3", "2024-K4", "2025-K1", "2025-K2"]
    assert (kw["waarde"] == 10).all()  # 9 rounded to 10
    assert vrijgave.tempo(kw, "2025-08") == pytest.approx(20 / 6)  # Q1 and Q2 2025
    assert vrijgave.tempo(kw, "2024-08") is None  # only one full quarter before


def test_vrijgeefbaar():
    werk = ["regulier", "interim", "sociale_economie", "art60"]
    assert vrijgave.vrijgeefbaar([*werk, "opleiding", "overig"])
    assert vrijgave.vrijgeefbaar(["regulier", "interim", "opleiding", "niet_uitgesplitst"])
    assert not vrijgave.vrijgeefbaar(["regulier", "opleiding", "overig"])  # one work category
    assert not vrijgave.vrijgeefbaar([*werk, "opleiding"])  # one other category
    relaties = vrijgave.relaties_uit(
        _reeks(dict.fromkeys(van_tot("2024-01", "2024-06"), 3)),
        [],
        5,
        categorieen=["regulier", "opleiding"],
    )
    assert relaties == []  # nothing is released


def test_werkkaart_telt_volledige_kwartalen_van_het_jaar():
    kw = pd.DataFrame({"periode": ["2025-12", "2026-03", "2026-06"], "waarde": [10, 15, 5]})
    kaart = schermen.werk_kaart(kw, naam="Essen", tot="2026-08", afronding=5)
    assert kaart.titel == "Activeringen naar werk in 2026" and kaart.waarde == "20"
    assert "tot en met juni 2026" in kaart.zin and "afgerond op 5" in kaart.zin
    assert "ongeveer 20" in kaart.zin
    leeg = schermen.werk_kaart(kw, naam="Essen", tot="2027-02", afronding=5)
    assert leeg.waarde == "–" and "Nog geen volledig kwartaal in 2027" in leeg.zin


def test_schatting_uit_de_getoonde_rij():
    rij = pd.DataFrame(
        {
            "categorie": ["a", "b", "c", "d"],
            "aantal": pd.array([7, pd.NA, pd.NA, 0], dtype="Int64"),
            "onderdrukt": [False, True, True, False],
            "reden": ["", "klein", "complementair", ""],
        }
    )
    uit = vrijgave.schatting(rij, 20, 5)
    assert uit == {"a": 7.0, "d": 0.0, "b": 2.5, "c": 10.5}  # 20 - 7 - 2.5 for the "x"
    assert sum(uit.values()) == pytest.approx(20)


def _cellen(delen: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(delen, columns=["periode", "categorie", "aantal"])


def test_gekoppelde_tabel_verbergt_wat_de_werkcijfers_zouden_verraden():
    """A quarter like Essen's in the issue: 9 activations, 7 to work (3 + 4), 2 to training.
    The row alone keeps every "<5" at 1..4; the work figure 7 is released as 5 (so 3..7), which
    makes training 2..6: its "<5" would lose the value 1. There is no cell of 5 or more to hide
    as well, so the joint protection hides the whole row."""
    maanden = van_tot("2024-01", "2024-03")
    delen = _cellen(
        [(maanden[0], "regulier", 3), (maanden[1], "interim", 4), (maanden[2], "opleiding", 2)]
        + [(m, c, 0) for m in maanden for c in ("sociale_economie", "verhuisd")]
    )
    totalen = delen.groupby("periode")["aantal"].sum()
    werk = ("regulier", "interim", "sociale_economie")
    relatie = suppression.Relatie("2024-01", "2024-03", werk, 3, 7, "kwartaal")
    alleen = suppression.beschermde_tabel(delen, totalen, indicator="activeringen", drempel=5)
    samen = suppression.beschermde_tabel(
        delen, totalen, indicator="activeringen", relaties=[relatie], drempel=5
    )
    assert list(alleen["weergave"]) == ["<5", "<5", "<5", "0", "0"]
    assert (samen["weergave"] == "x").all() and (samen["reden"] == "volledig").all()


def test_de_tabel_hangt_niet_af_van_de_gevraagde_periode(demo_engine):
    # Lier: shown per quarter (Essen's table is merged to years: tests/test_samenvoegen.py)
    heel = queries.uitsplitsing(demo_engine, "12021", "activeringen", "bestemming")
    stuk = queries.uitsplitsing(
        demo_engine, "12021", "activeringen", "bestemming", van="2024-02", tot="2025-06"
    )
    assert list(stuk["venster"].unique()) == ["2024-K2", "2024-K3", "2024-K4", "2025-K1", "2025-K2"]
    verwacht = heel[heel["venster"].isin(stuk["venster"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(stuk, verwacht)


def test_werkcijfers_van_de_demo(demo_engine):
    kw = queries.werk_per_kwartaal(demo_engine, "12025")
    assert (kw["waarde"] % 5 == 0).all() and kw["venster"].iloc[-1] == "2026-K3"
    exact = queries._werk_exact(demo_engine, "12025")
    for r in kw.itertuples(index=False):
        lo, hi = vrijgave.rond_bereik(r.waarde, 5)
        assert lo <= exact[r.van : r.periode].sum() <= hi
    doel = queries.doelen(demo_engine, "12025").iloc[0].to_dict()
    stand = queries.doelstand(demo_engine, doel)
    assert stand["cumulatief"].iloc[-1] == 580 and not stand["gehaald"].iloc[-1]  # 579 exact
    assert len(queries.werk_relaties(demo_engine, "12025")) >= len(kw)
