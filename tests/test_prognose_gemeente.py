"""Forecasts on the demo database (SQLite and PostgreSQL): the pooled backtest passes the bar,
the Mechelen as-of replay works at every release point, the JSON has the documented keys, no peek.

Counts of activations to work are the released ones (`data_access.vrijgave`: per full quarter,
rounded to 5, the outcome exact): Mechelen's pact ended at 579 of 629, shown as 580."""

import pickle

import numpy as np
import pandas as pd
import pytest
from spec_velden import BACKTEST_VELDEN, FORECAST_VELDEN
from sqlalchemy import text

from data_access.demo import herbouw_demo
from diensten import prognose
from forecasting.scenario import BasisInvoer

PACT = "activeringspact-2023"
MECHELEN = "12025"
# the month before the start, every quarter end, then the deadline (April: in the last tile)
REPLAY = ["2023-06", "2023-09", "2023-12", "2024-03", "2024-06", "2024-09", "2024-12"]
REPLAY += ["2025-03", "2025-04"]


@pytest.fixture(scope="module")
def model(demo_engine):
    return prognose.bouw_model(demo_engine)


def _rij(model, soort: str) -> pd.Series:
    tabel = model.nauwkeurigheid.set_index("soort")
    assert soort in tabel.index, tabel
    return tabel.loc[soort]


def test_model_is_picklebaar_en_volledig(model):
    terug = pickle.loads(pickle.dumps(model))
    assert terug.nissen == model.nissen == ("11016", "12021", "12025")
    assert set(model.backtests) == {"werk", "leefloongerechtigden", "instroom", "uitstroom"}
    assert [s for s, _ in prognose.SOORTEN] == list(model.nauwkeurigheid["soort"])
    # the pool is richer than the three totals: pillar series joined it
    assert len(model.reeksen_werk) > 3
    assert all("|" in k for k in model.reeksen_werk if k not in model.nissen)
    assert model.duur_s < 120


def test_gepoolde_backtest_over_alle_soorten_haalt_de_lat(model):
    for soort in ("alles", "werk_pool"):
        rij = _rij(model, soort)
        assert rij.rel_mae_naive <= 0.90, (soort, rij.to_dict())
        assert rij.rel_mae_snaive <= 0.90, (soort, rij.to_dict())
        assert 0.75 <= rij.coverage80 <= 0.85, (soort, rij.to_dict())
        assert rij.coverage95 > rij.coverage80


def test_elke_soort_heeft_eindige_cijfers(model):
    for rij in model.nauwkeurigheid.itertuples(index=False):
        for waarde in (rij.mase, rij.rel_mae_naive, rij.rel_mae_snaive, rij.coverage80):
            assert np.isfinite(waarde), rij
        assert rij.series >= 3 and rij.gemeenten == 3


def test_backtest_json_heeft_de_spec_sleutels(model, demo_engine):
    j = model.backtest_json()
    assert list(j) == BACKTEST_VELDEN
    assert j == prognose.backtest_json(demo_engine)
    assert j["series"] == len(model.reeksen_werk)


def test_mechelen_terugblik_op_elk_vrijgavepunt(model, demo_engine):
    verloop = prognose.kansverloop(demo_engine, model, PACT)
    assert list(verloop["as_of"]) == REPLAY
    assert verloop["probability"].between(0, 1).all()
    assert (verloop["p10"] <= verloop["p50"]).all() and (verloop["p50"] <= verloop["p90"]).all()
    assert verloop["achieved"].is_monotonic_increasing
    assert (verloop["achieved"] % 5 == 0).all()  # sums of tiles rounded to 5
    assert verloop["achieved"].iloc[0] == 0  # the month before the start
    # the deadline is in the data: the last replay knows the outcome (579 of 629, shown as 580)
    slot = verloop.iloc[-1]
    assert slot["achieved"] == 580 and slot["probability"] == 0.0
    assert slot["needed_per_month"] == 0.0
    assert not verloop["gehaald"].iloc[0]
    # the page's call at a month inside a quarter shows the last quarter end before it
    d = prognose.doelprognose(demo_engine, model, PACT, "2024-01")
    assert d.as_of == "2023-12"
    rij = verloop[verloop["as_of"] == "2023-12"].iloc[0]
    assert d.achieved == rij["achieved"] == 150  # 68 and 82 exact: 70 + 80
    assert d.needed_per_month == pytest.approx((629 - 150) / 16)
    assert list(d.pad["periode"]) == REPLAY[:3] and list(d.pad["cumulatief"])[-1] == 150
    assert round(d.probability, 3) == rij["probability"]
    q = d.waaier[list(gemeente_kwantielen())].to_numpy()
    assert np.all(np.diff(q, axis=1) >= -1e-9) and np.all(np.diff(q, axis=0) >= -1e-9)
    assert d.waaier["periode"].iloc[-1] == "2025-04"


def gemeente_kwantielen():
    from forecasting.doel import WAAIER_KOLOMMEN

    return WAAIER_KOLOMMEN


def test_forecast_json_heeft_precies_de_spec_sleutels(model, demo_engine):
    j = prognose.forecast_json(demo_engine, PACT, "2024-06", nis=MECHELEN, model=model)
    assert list(j) == FORECAST_VELDEN
    assert j["target"] == PACT and j["as_of"] == "2024-06" and j["target_value"] == 629
    assert j["achieved"] == 310  # exact 311: four quarters, each rounded to 5
    assert 0 <= j["probability"] <= 1
    assert j["p10"] <= j["p50"] <= j["p90"]
    standaard = prognose.doelprognose(demo_engine, model, PACT)
    assert standaard.as_of == "2025-04"  # capped at the deadline


def test_fouten_in_invoer_geven_nederlandse_meldingen(model, demo_engine):
    with pytest.raises(prognose.GeenPrognose, match="Onbekend doel"):
        prognose.doelprognose(demo_engine, model, "bestaat-niet")
    with pytest.raises(prognose.GeenPrognose, match="hoort bij NIS 12025"):
        prognose.forecast_json(demo_engine, PACT, nis="11016", model=model)
    with pytest.raises(prognose.GeenPrognose, match="geen gegevens voor 2030-01"):
        prognose.doelprognose(demo_engine, model, PACT, "2030-01")
    with pytest.raises(prognose.GeenPrognose, match="geen maand"):
        prognose.doelprognose(demo_engine, model, PACT, "2024-13")


def test_doelkeuze_en_terugblikmaanden():
    doelen = pd.DataFrame(
        {
            "doel_id": ["a", "b"],
            "van": ["2023-07", "2025-12"],
            "tot": ["2025-04", "2026-11"],
        }
    )
    assert prognose.kies_doel(doelen, "2024-01")["doel_id"] == "a"
    assert prognose.kies_doel(doelen, "2025-08")["doel_id"] == "a"  # most recent started
    assert prognose.kies_doel(doelen, "2026-09")["doel_id"] == "b"
    assert prognose.kies_doel(doelen, "2020-01")["doel_id"] == "a"  # first upcoming
    assert prognose.kies_doel(doelen.iloc[:0], "2024-01") is None
    assert prognose.as_of_maanden({"van": "2023-07", "tot": "2025-04"}, "2026-09") == REPLAY
    # December is joined to the first quarter: the first count comes at the end of March
    assert prognose.as_of_maanden({"van": "2025-12", "tot": "2026-11"}, "2026-09") == [
        "2025-11",
        "2026-03",
        "2026-06",
        "2026-09",
    ]
    # a target whose first tile has not ended yet: only the month before its start
    assert prognose.as_of_maanden({"van": "2026-09", "tot": "2027-08"}, "2026-09") == ["2026-08"]


def test_trackrecord_en_basis_invoer(model, demo_engine):
    tr = prognose.trackrecord(demo_engine, model, MECHELEN)
    assert set(tr["horizon"]) == {1, 2}  # quarters ahead
    een = tr[tr["horizon"] == 1]
    kwartalen = [f"{j}-K{k}" for j in (2024, 2025, 2026) for k in (1, 2, 3, 4)]
    assert list(een["periode"]) == kwartalen[3:11]  # the last 8 full quarters: 2024-K4..2026-K3
    assert (tr["lo80"] <= tr["hi80"]).all()
    assert (tr["werkelijk"] % 5 == 0).all()  # the released quarter figures, rounded to 5
    assert (een["oorsprong"] < een["einde"]).all()
    basis = prognose.basis_invoer(demo_engine, model, MECHELEN)
    assert isinstance(basis, BasisInvoer)
    # up to the deadline of the first open target (2026-11), after the last month (2026-09)
    assert basis.periodes == ["2026-10", "2026-11"]
    assert (basis.activeringen > 0).all() and (basis.leefloongerechtigden > 0).all()
    assert basis.capaciteit and all(v >= 0 for v in basis.capaciteit.values())
    assert sum(basis.capaciteit.values()) > 0
    assert 0 < basis.uitstroomgraad < 1
    assert len(prognose.basis_invoer(demo_engine, model, MECHELEN, h=24).periodes) == 24


def test_pact_scherm_voor_dek(model, demo_engine):
    from diensten import pact

    scherm = pact.pact_scherm(demo_engine, model, MECHELEN, as_of="2024-01")
    assert scherm is not None and scherm.sleutel == f"pact-{PACT}"
    assert "Tot en met december 2023" in scherm.kop  # the last quarter end before January
    assert "150 van de 629" in scherm.kop and "De kans om het doel te halen" in scherm.kop
    assert any("afgerond op 5" in n for n in scherm.noten)
    banden = [t.meta for t in scherm.fig.data if t.meta]
    assert "band80" in banden
    assert {"maand", "doelpad", "gerealiseerd", "p10", "p50", "p90"} <= set(scherm.tabel.columns)
    later = scherm.tabel[scherm.tabel["maand"] > "2023-12"]
    assert later["gerealiseerd"].isna().all()  # the replay shows no future
    assert pact.dek_scherm(demo_engine, "11016", "2021-01", "2026-09", model=model)


def test_geen_gluren_naar_gegevens_na_as_of(leeg_engine):
    """Changing the data after as_of leaves the as-of forecast unchanged (same model)."""
    herbouw_demo(leeg_engine)
    model = prognose.bouw_model(leeg_engine)
    voor = prognose.doelprognose(leeg_engine, model, PACT, "2024-06")
    with leeg_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE feit SET aantal = aantal + 9 WHERE nis = :nis AND periode > :m "
                "AND indicator = 'activeringen' AND bestemming = 'regulier'"
            ),
            {"nis": MECHELEN, "m": "2024-06"},
        )
    na = prognose.doelprognose(leeg_engine, model, PACT, "2024-06")
    assert voor.als_json() == na.als_json()
    pd.testing.assert_frame_equal(voor.waaier, na.waaier)
    # the change did happen: what came after differs
    assert not voor.pad_nadien.equals(na.pad_nadien)


def test_afgelopen_pact_zegt_een_keer_dat_het_doel_niet_gehaald_werd(model, demo_engine):
    """Mechelen's pact ended in April 2025 short of 629: the deck's pact slide (projector, PPTX
    and HTML all take its headline) says so once, with the count, and no probability."""
    from diensten import dek, pact

    lijst = dek.schermen_voor(demo_engine, MECHELEN, "2023-07", "2025-06", pact=pact.haak(model))
    [scherm] = [s for s in lijst if s.sleutel == f"pact-{PACT}"]
    assert scherm.kop.lower().count("niet gehaald") == 1, scherm.kop
    assert "580 van de 629" in scherm.kop and "De kans" not in scherm.kop
