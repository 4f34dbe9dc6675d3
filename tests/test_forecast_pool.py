"""Issue 17: a municipality's bands and P(target) do not depend on which unlike series happen to
be in the error pool (comparable cells, centred errors, recalibration per cell)."""

import numpy as np
import pandas as pd
import pytest

from bench import synthetisch as syn
from forecasting.backtest import KANS_FACTOREN, backtest, trackrecord
from forecasting.baseline import voorspel
from forecasting.doel import kans_op_doel
from forecasting.fouten import Foutenmodel, vergelijkbaar

N = 72  # months per series
FACTOREN = (0.85, 1.0, 1.15)


def _gemiddelde6(y, H, niveaus=(80, 95), gefit=None, bewaar=False, herfit=False):
    """A cheap stand-in forecaster: pool independence is a property of the error model."""
    y = np.asarray(y, dtype=float)
    return np.full(H, y[-6:].mean()), np.zeros((2, H)), np.full((2, H), np.inf), None


def _reeksen(prefix, aantal, seed, **kw):
    return {
        f"{prefix}{i:02d}": syn.reeks_nb(seed=seed + i, n=N, start="2019-01", **kw)
        for i in range(aantal)
    }


GELIJK = dict(niveau=30.0, trend_jaar=0.0, drift_sd=0.01, seizoen=0.05, k=60.0)
DALEND_WOELIG = dict(niveau=120.0, trend_jaar=-0.3, drift_sd=0.05, seizoen=0.1, k=3.0)
GROOT_STIJGEND = dict(niveau=400.0, trend_jaar=0.6, drift_sd=0.03, seizoen=0.2, k=30.0)


@pytest.fixture(scope="module")
def reeksen():
    return {
        "gelijk": _reeksen("L", 30, 1000, **GELIJK),
        "dalend": _reeksen("D", 30, 2000, **DALEND_WOELIG),
        "groot": _reeksen("G", 20, 3000, **GROOT_STIJGEND),
        "x": syn.reeks_nb(seed=7, n=N, start="2019-01", **GELIJK),
    }


def _kansen(pool: dict, x) -> list[float]:
    fouten = backtest(pool, h=12, h_cum=12, voorspeller=_gemiddelde6).fouten
    as_of = x.index[-1]
    van, tot = "2025-01", "2025-12"
    F = float(x.iloc[-6:].mean()) * 12
    uit = []
    for factor in FACTOREN:
        doel = {"doel_id": "x", "van": van, "tot": tot, "doelwaarde": round(F * factor)}
        uit.append(kans_op_doel(x, doel, as_of, fouten, sleutel="X").probability)
    return uit


def test_ongelijke_reeksen_toevoegen_of_weghalen_verschuift_de_kans_minder_dan_3_punten(
    reeksen,
):
    x = reeksen["x"]
    assert vergelijkbaar(x.to_numpy()).startswith("10-100|vlak")
    assert vergelijkbaar(next(iter(reeksen["dalend"].values())).to_numpy()) != vergelijkbaar(
        x.to_numpy()
    )
    basis = {**reeksen["gelijk"], "X": x}
    alleen = _kansen(basis, x)
    met_dalend = _kansen({**basis, **reeksen["dalend"]}, x)
    met_beide = _kansen({**basis, **reeksen["dalend"], **reeksen["groot"]}, x)
    print("\nP zonder / met dalende / met dalende en grote:", alleen, met_dalend, met_beide)
    assert 0.05 < alleen[1] < 0.95  # a real question, not a certainty either way
    for a, b, c in zip(alleen, met_dalend, met_beide, strict=True):
        assert abs(a - b) < 0.03 and abs(a - c) < 0.03 and abs(b - c) < 0.03


def _pool_met_pits(verschuiving: float, pits_laat) -> Foutenmodel:
    """A hand-made comparable pool: errors centred on `verschuiving`; PITs known by 2024-06
    are uniform, those after it are `pits_laat`."""
    rng = np.random.default_rng(0)
    cel = "10-100|vlak|rustig"
    maand = pd.DataFrame(
        {
            "groep": [f"G{i % 20}" for i in range(12 * 400)],
            "sleutel": [f"G{i % 20}" for i in range(12 * 400)],
            "band": "15-50",
            "cel": cel,
            "einde": "2024-01",
            "h": np.repeat(np.arange(1, 13), 400),
            "fout": verschuiving + rng.normal(0, 1, 12 * 400),
        }
    )
    vroeg = (np.arange(300) + 0.5) / 300
    pit = pd.DataFrame(
        {
            "groep": "G1",
            "soort": "maand",
            "cel": cel,
            "einde": ["2024-03"] * 300 + ["2025-03"] * len(pits_laat),
            "pit": np.r_[vroeg, pits_laat],
        }
    )
    return Foutenmodel(maand=maand, cumulatief=maand.rename(columns={"h": "r"}), pit=pit)


def test_gepoolde_fouten_zijn_gecentreerd_de_pool_bepaalt_de_breedte_niet_de_richting():
    x = syn.reeks_nb(seed=7, n=N, start="2019-01", **GELIJK)
    assert vergelijkbaar(x.to_numpy()).startswith("10-100|")
    naar_boven = voorspel(x, 6, fouten=_pool_met_pits(0.8, []), sleutel="X")
    zonder = voorspel(x, 6, fouten=_pool_met_pits(0.0, []), sleutel="X")
    pd.testing.assert_frame_equal(naar_boven, zonder)
    assert (naar_boven.lo80 < naar_boven.gemiddelde).all()
    assert (naar_boven.hi80 > naar_boven.gemiddelde).all()


def test_herijking_gebruikt_alleen_uitkomsten_die_as_of_bekend_waren():
    laat = np.full(500, 0.99)  # after 2024-06 every outcome fell in the top of the band
    pool = _pool_met_pits(0.0, laat)
    cel = "10-100|vlak|rustig"
    qs = [0.1, 0.5, 0.9]
    toen = pool.kwantielen_maand(3, cel, qs, zonder="X", tot="2024-06")
    zonder_late = _pool_met_pits(0.0, []).kwantielen_maand(3, cel, qs, zonder="X", tot="2024-06")
    np.testing.assert_allclose(toen, zonder_late)
    nu = pool.kwantielen_maand(3, cel, qs, zonder="X")
    assert nu[1] > toen[1] + 0.3  # with the later outcomes known, the band moves up


def _pool_met_som_pits(pits: dict) -> Foutenmodel:
    """The comparable pool of `_pool_met_pits`, with PITs of sums: `pits` maps
    (sum length r, outcome month) to the PIT values of such sums."""
    pool = _pool_met_pits(0.0, [])
    rijen = [
        pd.DataFrame(
            {
                "groep": "G1",
                "soort": "cumulatief",
                "cel": "10-100|vlak|rustig",
                "einde": einde,
                "pit": waarden,
                "stap": r,
            }
        )
        for (r, einde), waarden in pits.items()
    ]
    pool.pit = pd.concat(rijen, ignore_index=True)
    return pool


def test_herijking_van_een_som_gebruikt_even_lange_sommen_die_as_of_bekend_waren():
    """A sum over 12 months is recalibrated on PITs of sums over 9-12 months whose outcome was
    known by then: not on the (unbiased) one-month sums, not on later outcomes."""
    cel, uniform = "10-100|vlak|rustig", (np.arange(300) + 0.5) / 300
    hoog = np.full(300, 0.9)  # the 12-month sums came out high
    kort = {(1, "2024-03"): uniform}
    met_lang = _pool_met_som_pits({**kort, (12, "2024-03"): hoog})
    met_laat = _pool_met_som_pits({**kort, (12, "2025-03"): hoog})
    zonder = _pool_met_som_pits(kort)
    twaalf = met_lang.monster_cumulatief(12, cel, zonder="X", tot="2024-06")
    ongeijkt = zonder.monster_cumulatief(12, cel, zonder="X", tot="2024-06")
    assert np.median(twaalf) > np.median(ongeijkt) + 0.5  # moved up by the 12-month PITs
    # Outcomes after the as-of month are not known then: as if there were none.
    np.testing.assert_array_equal(
        met_laat.monster_cumulatief(12, cel, zonder="X", tot="2024-06"), ongeijkt
    )
    assert np.median(met_laat.monster_cumulatief(12, cel, zonder="X")) > np.median(ongeijkt) + 0.5
    # A one-month sum only sees one-month PITs (uniform: no change).
    np.testing.assert_allclose(
        met_lang.monster_cumulatief(1, cel, zonder="X", tot="2024-06"),
        zonder.monster_cumulatief(1, cel, zonder="X", tot="2024-06"),
    )


def test_trackrecord_per_soort_reeks_en_betrouwbaarheid():
    reeksen_ = {**_reeksen("L", 12, 1000, **GELIJK), **_reeksen("D", 12, 2000, **DALEND_WOELIG)}
    bt = backtest(reeksen_, h=12, h_cum=12, voorspeller=_gemiddelde6)
    tr = trackrecord(bt)
    t = tr["nauwkeurigheid"].set_index("soort")
    assert t.index[0] == "alle reeksen"
    assert t.loc["alle reeksen", "coverage80"] == pytest.approx(bt.metriek["coverage80"])
    assert t.loc["alle reeksen", "mase"] == pytest.approx(bt.metriek["mase"])
    assert {"10–100 per maand", "dalend", "vlak"} <= set(t.index)
    b = tr["betrouwbaarheid"]
    assert b.n.sum() == t.loc["alle reeksen", "kansen"] == 24 * 8 * len(KANS_FACTOREN)
    assert ((b.gezegd >= b.van - 1e-9) & (b.gezegd <= b.tot + 1e-9)).all()
    assert 0 < t.loc["alle reeksen", "brier"] < 0.25
