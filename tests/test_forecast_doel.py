"""Target probability: arithmetic, no peeking, fan, and calibration on many generated series."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from spec_velden import FORECAST_VELDEN

from bench import synthetisch as syn
from forecasting.backtest import backtest
from forecasting.baseline import voorspel, voorspel_veel
from forecasting.doel import kans_op_doel, kans_verloop, trackrecord
from forecasting.fouten import Foutenmodel

DOEL = {
    "doel_id": "activeringspact-2023",
    "van": "2023-07",
    "tot": "2025-04",
    "doelwaarde": 629,
    "max_subsidie_eur": 320156,
    "uitbetaling": "proportioneel",
}


def _fouten(sd: float = 1.0) -> Foutenmodel:
    """Hand-made pool: standard-normal quantiles as scaled errors, every horizon 1..24."""
    e = stats.norm.ppf((np.arange(200) + 0.5) / 200) * sd
    rijen = [
        pd.DataFrame(
            {"groep": f"G{i % 10}", "sleutel": f"G{i % 10}", "band": "15-50", "h": h, "fout": e}
        )
        for i, h in enumerate(range(1, 25))
    ]
    maand = pd.concat(rijen, ignore_index=True)
    return Foutenmodel(maand=maand, cumulatief=maand.rename(columns={"h": "r"}))


@pytest.fixture(scope="module")
def reeks():
    """Mechelen-like work activations, about 28 a month, 2019-01 .. 2026-09."""
    return syn.reeks_nb(seed=3, niveau=28, drift_sd=0.01, seizoen=0.05, k=30)


def test_json_heeft_precies_de_sleutels_van_de_spec(reeks):
    j = kans_op_doel(reeks, DOEL, "2024-06", _fouten()).als_json()
    assert list(j) == FORECAST_VELDEN
    assert j["target"] == "activeringspact-2023" and j["as_of"] == "2024-06"
    assert j["target_value"] == 629 and 0 <= j["probability"] <= 1


def test_behaald_nodig_en_tempo_kloppen(reeks):
    d = kans_op_doel(reeks, DOEL, "2024-06", _fouten())
    behaald = reeks.loc["2023-07":"2024-06"].sum()
    assert d.achieved == round(behaald)
    assert d.needed_per_month == pytest.approx((629 - behaald) / 10)  # 2024-07 .. 2025-04
    assert d.run_rate == pytest.approx(reeks.loc["2024-01":"2024-06"].mean())
    assert d.maanden_resterend == 10
    assert d.p10 <= d.p50 <= d.p90 and d.p10 >= behaald


def test_kans_daalt_met_een_hoger_doel(reeks):
    kansen = [
        kans_op_doel(reeks, {**DOEL, "doelwaarde": t}, "2024-06", _fouten()).probability
        for t in (300, 550, 600, 650, 700, 2000)
    ]
    assert kansen[0] == 1.0 and kansen[-1] == 0.0
    assert all(a >= b for a, b in zip(kansen, kansen[1:], strict=False))


def test_uitbetaling_volgens_de_regel(reeks):
    prop = kans_op_doel(reeks, DOEL, "2024-06", _fouten())
    alles = kans_op_doel(reeks, {**DOEL, "uitbetaling": "alles_of_niets"}, "2024-06", _fouten())
    assert alles.expected_funding_eur == pytest.approx(alles.probability * 320156)
    verwacht = np.mean(np.minimum(1, prop.verdeling / 629)) * 320156
    assert prop.expected_funding_eur == pytest.approx(verwacht)
    assert prop.expected_funding_eur >= prop.achieved / 629 * 320156


def test_na_de_deadline_is_de_uitkomst_gekend(reeks):
    d = kans_op_doel(reeks, DOEL, "2025-08", _fouten())
    finaal = reeks.loc["2023-07":"2025-04"].sum()
    assert d.probability == float(finaal >= 629)
    assert d.p10 == d.p50 == d.p90 == finaal
    assert d.needed_per_month == 0 and d.waaier.empty


def test_as_of_kijkt_niet_vooruit(reeks):
    later_anders = reeks.copy()
    later_anders.loc["2024-07":] = later_anders.loc["2024-07":] * 5
    a = kans_op_doel(reeks, DOEL, "2024-06", _fouten())
    b = kans_op_doel(later_anders, DOEL, "2024-06", _fouten())
    assert a.als_json() == b.als_json()
    pd.testing.assert_frame_equal(a.waaier, b.waaier)
    assert not a.pad_nadien.equals(b.pad_nadien)  # only the realised path after as_of differs


def test_geen_gegevens_tot_as_of_geeft_een_fout(reeks):
    with pytest.raises(ValueError, match="geen gegevens"):
        kans_op_doel(reeks, DOEL, "2027-01", _fouten())


def test_waaier_begint_bij_behaald_en_stijgt(reeks):
    d = kans_op_doel(reeks, DOEL, "2024-06", _fouten())
    w = d.waaier
    assert list(w.columns) == ["periode", "p05", "p10", "p25", "p50", "p75", "p90", "p95"]
    assert w.periode.iloc[0] == "2024-06" and w.periode.iloc[-1] == "2025-04"
    assert (w.iloc[0, 1:] == d.achieved).all()
    q = w.iloc[:, 1:].to_numpy()
    assert np.all(np.diff(q, axis=0) >= -1e-9) and np.all(np.diff(q, axis=1) >= -1e-9)
    assert w.p50.iloc[-1] == pytest.approx(d.p50, rel=0.02)
    assert list(d.pad.periode) == list(reeks.loc["2023-07":"2024-06"].index)


def test_doel_dat_nog_moet_beginnen(reeks):
    d = kans_op_doel(reeks, DOEL, "2023-03", _fouten())
    assert d.achieved == 0 and d.maanden_resterend == 22
    assert (d.waaier.set_index("periode").loc["2023-03":"2023-06"].to_numpy() == 0).all()
    assert d.waaier.p50.iloc[-1] > 0


def test_extra_activeringen_uit_een_scenario_verhogen_de_kans(reeks):
    basis = kans_op_doel(reeks, {**DOEL, "doelwaarde": 650}, "2024-06", _fouten())
    extra = pd.Series(5.0, index=[f"2024-{m:02d}" for m in range(7, 13)])
    meer = kans_op_doel(reeks, {**DOEL, "doelwaarde": 650}, "2024-06", _fouten(), extra=extra)
    assert meer.probability > basis.probability and meer.p50 > basis.p50


def test_meegegeven_prognose_geeft_hetzelfde(reeks):
    hist = reeks.loc[:"2024-06"]
    prognose = voorspel(hist, 10)
    a = kans_op_doel(reeks, DOEL, "2024-06", _fouten())
    b = kans_op_doel(reeks, DOEL, "2024-06", _fouten(), prognose=prognose)
    assert a.als_json() == b.als_json()
    with pytest.raises(ValueError, match="dekt"):
        kans_op_doel(reeks, DOEL, "2024-06", _fouten(), prognose=voorspel(hist, 4))


def test_kans_verloop_per_maand(reeks):
    maanden = ["2023-09", "2024-03", "2024-09", "2025-06"]
    v = kans_verloop(reeks, DOEL, maanden, _fouten())
    assert list(v.as_of) == maanden
    assert v.achieved.is_monotonic_increasing
    uitkomst = reeks.loc["2023-07":"2025-04"].sum() >= 629
    assert (v.gehaald == uitkomst).all()
    assert v.probability.iloc[-1] == float(uitkomst)


def test_trackrecord_vergelijkt_oude_prognoses_met_de_werkelijkheid(reeks):
    tr = trackrecord(reeks, fouten=_fouten(), horizonnen=(1, 6), n=12)
    assert set(tr.horizon) == {1, 6}
    assert (tr.groupby("horizon").size() == 12).all()
    zes = tr[tr.horizon == 6].iloc[0]
    assert zes.oorsprong == "2025-04" and zes.periode == "2025-10"
    np.testing.assert_allclose(tr.werkelijk, reeks.loc[tr.periode].to_numpy())
    assert tr.binnen80.mean() > 0.5


# --- Calibration on many generated series -------------------------------------------------


def _poisson_kans(run_rate: float, maanden: int, nodig: float) -> float:
    """The 'obvious' method, only as a comparison: Poisson at the current run-rate."""
    return float(stats.poisson.sf(np.ceil(nodig) - 1, run_rate * maanden))


@pytest.fixture(scope="module")
def kalibratie():
    """120 activation series (2-50 a month), two 12-month windows each: stated vs happened.

    The error pool comes from a backtest on the first 60 months only, so neither window was
    seen; each series is judged on the other series' errors. Four targets per window
    (0.8 to 1.25 x the run-rate x 12).
    """
    volledig = syn.activeringen_paneel(120, seed=31, n=84)
    fouten = backtest({k: v.iloc[:60] for k, v in volledig.items()}, h=12, h_cum=12).fouten
    rijen = []
    for eind in (60, 72):
        prognoses = voorspel_veel({k: v.iloc[:eind] for k, v in volledig.items()}, 12)
        for k, v in volledig.items():
            as_of, van, tot = v.index[eind - 1], v.index[eind], v.index[eind + 11]
            run_rate, uitkomst = v.iloc[eind - 6 : eind].mean(), v.iloc[eind : eind + 12].sum()
            for factor in (0.8, 0.95, 1.1, 1.25):
                doelwaarde = max(1, round(run_rate * 12 * factor))
                doel = {"doel_id": k, "van": van, "tot": tot, "doelwaarde": doelwaarde}
                d = kans_op_doel(v, doel, as_of, fouten, sleutel=k, prognose=prognoses[k])
                rijen.append(
                    {
                        "kans": d.probability,
                        "poisson": _poisson_kans(run_rate, 12, doelwaarde),
                        "gehaald": float(uitkomst >= doelwaarde),
                        "in_p10_p90": d.p10 <= uitkomst <= d.p90,
                    }
                )
    return pd.DataFrame(rijen)


def _betrouwbaarheid(df: pd.DataFrame, kolom: str) -> pd.DataFrame:
    bakken = pd.cut(df[kolom], [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0001], right=False)
    return df.groupby(bakken, observed=True).agg(
        n=("gehaald", "size"), gezegd=(kolom, "mean"), gebeurd=("gehaald", "mean")
    )


def test_kansen_komen_even_vaak_uit_als_ze_zeggen(kalibratie):
    tabel = _betrouwbaarheid(kalibratie, "kans")
    print("\nBetrouwbaarheid (gepoold empirisch):\n", tabel.round(3))
    print("Poisson aan het huidige tempo:\n", _betrouwbaarheid(kalibratie, "poisson").round(3))
    goed_gevuld = tabel[tabel.n >= 40]
    assert len(goed_gevuld) >= 4
    assert ((goed_gevuld.gebeurd - goed_gevuld.gezegd).abs() <= 0.15).all()


def test_brier_beter_dan_poisson_aan_het_huidige_tempo(kalibratie):
    brier = float(((kalibratie.kans - kalibratie.gehaald) ** 2).mean())
    brier_poisson = float(((kalibratie.poisson - kalibratie.gehaald) ** 2).mean())
    print(f"\nBrier gepoold {brier:.3f}, Poisson {brier_poisson:.3f}")
    assert brier < brier_poisson
    assert brier < 0.20


def test_p10_p90_bevat_ongeveer_tachtig_procent_van_de_uitkomsten(kalibratie):
    assert 0.70 <= kalibratie.in_p10_p90.mean() <= 0.90


def test_as_of_voor_de_eerste_maand_geeft_een_fout(reeks):
    with pytest.raises(ValueError, match="eerste maand"):
        kans_op_doel(reeks, DOEL, "2018-06", _fouten())
