"""Baseline forecast: output contract, method choice, pooled intervals, one code path."""

import numpy as np
import pandas as pd
import pytest

from bench import synthetisch as syn
from forecasting.backtest import backtest
from forecasting.baseline import klasse, voorspel, voorspel_array, voorspel_veel
from forecasting.fouten import Foutenmodel


def _reeks(waarden, start="2020-01"):
    idx = pd.period_range(start, periods=len(waarden), freq="M").strftime("%Y-%m")
    return pd.Series(np.asarray(waarden, dtype=float), index=idx)


def test_voorspel_geeft_de_afgesproken_kolommen_en_maanden():
    reeks = syn.reeks_nb(seed=1, n=60, niveau=40)
    f = voorspel(reeks, 12)
    assert list(f.columns) == ["periode", "gemiddelde", "lo80", "hi80", "lo95", "hi95"]
    assert f.periode.iloc[0] == "2024-01" and f.periode.iloc[-1] == "2024-12"
    assert len(f) == 12


def test_grenzen_zijn_genest_en_nooit_negatief():
    reeks = syn.reeks_nb(seed=2, n=30, niveau=4, k=3)  # small counts: model bounds go below 0
    f = voorspel(reeks, 12)
    getallen = f.drop(columns="periode")
    assert (getallen >= 0).all().all()
    assert (f.lo95 <= f.lo80 + 1e-9).all() and (f.hi80 <= f.hi95 + 1e-9).all()
    assert (f.lo80 <= f.gemiddelde + 1e-9).all() and (f.gemiddelde <= f.hi80 + 1e-9).all()


@pytest.mark.parametrize(
    ("waarden", "verwacht"),
    [
        (np.r_[np.zeros(10), np.ones(14)], "klein"),  # >30% zero months
        (np.full(30, 2.0), "klein"),  # mean < 3
        (np.arange(20, 40.0), "kort"),
        (np.arange(20, 28.0), "zeer_kort"),
        (np.arange(20, 60.0), "lang"),
    ],
)
def test_methodekeuze_volgt_lengte_en_telgrootte(waarden, verwacht):
    assert klasse(np.asarray(waarden, dtype=float)) == verwacht


@pytest.mark.parametrize("n", [3, 8, 15, 30])
def test_korte_en_kleine_reeksen_geven_een_eindige_prognose(n):
    f = voorspel(_reeks(np.arange(n) % 4), 6)
    assert np.isfinite(f.drop(columns="periode").to_numpy()).all()


def test_lineaire_trend_wordt_doorgetrokken():
    f = voorspel(_reeks(100 + 2.0 * np.arange(48)), 6)
    assert f.gemiddelde.iloc[-1] > 196  # last value 194, trend +2 a month


@pytest.mark.parametrize(
    "reeks",
    [
        pd.Series([1.0, 2.0], index=["2020-01", "2020-03"]),  # gap
        pd.Series([1.0, -2.0], index=["2020-01", "2020-02"]),  # negative
        pd.Series([1.0, np.nan], index=["2020-01", "2020-02"]),  # missing
        pd.Series([1.0, 2.0], index=["2020-1", "2020-2"]),  # wrong format
    ],
)
def test_ongeldige_invoer_geeft_een_duidelijke_fout(reeks):
    with pytest.raises(ValueError):
        voorspel(reeks, 3)


def test_voorspel_veel_is_gelijk_aan_voorspel_per_reeks():
    reeksen = {f"G{i}": syn.reeks_nb(seed=i, n=40, niveau=10 + 10 * i) for i in range(3)}
    veel = voorspel_veel(reeksen, 6)
    assert list(veel) == list(reeksen)
    for k, r in reeksen.items():
        pd.testing.assert_frame_equal(veel[k], voorspel(r, 6))


def _foutenmodel(groep_a_fout: float, overig_fout: float) -> Foutenmodel:
    """Hand-made pool: municipality A made errors of +-groep_a_fout, the others +-overig_fout."""
    rijen = []
    for g, fout in [("A", groep_a_fout)] + [(f"B{i}", overig_fout) for i in range(5)]:
        for h in range(1, 13):
            for teken in (-1, 1) * 25:
                rijen.append(
                    {"groep": g, "sleutel": g, "band": "15-50", "h": h, "fout": teken * fout}
                )
    maand = pd.DataFrame(rijen)
    return Foutenmodel(maand=maand, cumulatief=maand.rename(columns={"h": "r"}))


def test_gepoolde_grenzen_laten_de_eigen_gemeente_weg():
    fouten = _foutenmodel(groep_a_fout=5.0, overig_fout=0.5)
    reeks = syn.reeks_nb(seed=4, n=48, niveau=30)
    met_eigen = voorspel(reeks, 3, fouten=fouten)
    zonder_eigen = voorspel(reeks, 3, fouten=fouten, sleutel="A|activeringen")
    breedte = lambda f: float((f.hi95 - f.lo95).mean())  # noqa: E731
    assert breedte(zonder_eigen) < breedte(met_eigen)
    pd.testing.assert_series_equal(met_eigen.gemiddelde, zonder_eigen.gemiddelde)


def test_gepoolde_grenzen_schalen_met_de_volatiliteit_van_de_reeks():
    fouten = _foutenmodel(groep_a_fout=0.5, overig_fout=0.5)
    rustig = syn.reeks_nb(seed=5, n=48, niveau=30, k=1000, drift_sd=0.0, seizoen=0.0)
    woelig = syn.reeks_nb(seed=5, n=48, niveau=30, k=3, drift_sd=0.0, seizoen=0.0)
    rel = lambda f: float(((f.hi80 - f.lo80) / (f.gemiddelde + 1)).mean())  # noqa: E731
    assert rel(voorspel(woelig, 3, fouten=fouten)) > 2 * rel(voorspel(rustig, 3, fouten=fouten))


def test_backtest_en_app_gebruiken_dezelfde_voorspeller():
    """With refit at every origin the backtest's last-origin forecast is the app's forecast."""
    reeks = syn.reeks_nb(seed=6, n=60, niveau=25)
    bt = backtest({"G1": reeks}, h=6, stap=3, n_vensters=2, h_cum=6, refit=True)
    laatste = bt.prognoses[bt.prognoses.oorsprong == reeks.index[-7]]
    app = voorspel(reeks.iloc[:-6], 6)
    np.testing.assert_allclose(laatste.model.to_numpy(), app.gemiddelde.to_numpy())


def test_forward_hergebruikt_de_parameters_zonder_opnieuw_te_fitten():
    y = syn.reeks_nb(seed=7, n=72, niveau=40).to_numpy()
    _, _, _, gefit = voorspel_array(y[:60], 12, bewaar=True)
    assert gefit is not None and gefit.klasse == "lang"
    punt_forward, *_ = voorspel_array(y[:63], 12, gefit=gefit)
    punt_refit, *_ = voorspel_array(y[:63], 12)
    assert np.all(np.isfinite(punt_forward))
    # Same data, older parameters: close to a refit, but not required to be identical.
    assert np.max(np.abs(punt_forward - punt_refit)) < 0.5 * np.mean(y[-12:])


def test_enige_gemeente_in_de_pool_gebruikt_dan_toch_haar_eigen_fouten():
    rijen = [
        {"groep": "A", "sleutel": "A", "band": "15-50", "h": h, "fout": f}
        for h in range(1, 4)
        for f in (-0.5, 0.5)
    ]
    maand = pd.DataFrame(rijen)
    fouten = Foutenmodel(maand=maand, cumulatief=maand.rename(columns={"h": "r"}))
    f = voorspel(syn.reeks_nb(seed=8, n=48, niveau=30), 3, fouten=fouten, sleutel="A")
    assert (f.hi80 > f.gemiddelde).all() and (f.lo80 < f.gemiddelde).all()


def test_een_herfit_in_de_backtest_houdt_de_vorm_en_schat_de_parameters_opnieuw():
    """A backtest refit keeps the ETS form, Theta variant and CES seasonal form of the earlier
    fit (the search is most of the cost) and re-estimates their parameters on the longer
    history."""
    y = syn.reeks_nb(seed=8, n=84, niveau=60, trend_jaar=0.1).to_numpy()
    _, _, _, gefit = voorspel_array(y[:60], 12, bewaar=True)
    ets, theta, ces = gefit.modellen
    _, _, _, nieuw = voorspel_array(y[:72], 12, gefit=gefit, bewaar=True, herfit=True)
    ets2, theta2, ces2 = nieuw.modellen
    assert ets2.model == ets.model_["components"][:3]
    assert ets2.model_["components"] == ets.model_["components"]
    assert not np.allclose(ets2.model_["states"][0], ets.model_["states"][0])
    assert theta2.model == theta.model_["modeltype"]
    assert ces2.model == ces.model_["seasontype"] == ces2.model_["seasontype"]
    assert ces2 is not ces and ces2.model_["par"]["alpha_0"] != ces.model_["par"]["alpha_0"]


def test_lange_reeks_is_het_gemiddelde_van_ets_theta_en_ces():
    """`lang`: the point is the mean of AutoETS, AutoTheta and AutoCES (bench/README.md, issue
    17), not their median."""
    from statsforecast.models import AutoCES, AutoETS, AutoTheta

    y = syn.reeks_nb(seed=9, n=60, niveau=40, trend_jaar=0.2).to_numpy()
    assert klasse(y) == "lang"
    leden = [m(season_length=12).forecast(y=y, h=12)["mean"] for m in (AutoETS, AutoTheta, AutoCES)]
    punt, *_ = voorspel_array(y, 12)
    np.testing.assert_allclose(punt, np.maximum(np.mean(leden, axis=0), 0), rtol=1e-9)
    assert not np.allclose(punt, np.median(leden, axis=0))


def test_ces_wordt_in_de_backtest_opnieuw_geschat_niet_doorgerold():
    """statsforecast's AutoCES `forward` over a longer history diverges (here ~9,700 for a
    series of 20-60): between backtest refits CES is refitted in its kept form instead."""
    y = syn.echt_geschaald()["ElNino1@40"].to_numpy(dtype=float)
    _, _, _, gefit = voorspel_array(y[:63], 12, bewaar=True)
    punt, *_ = voorspel_array(y[:66], 12, gefit=gefit)
    assert punt.max() < 2 * y[:66].max()
    # The upstream divergence itself: when this fails, `_niet_doorrollen` may go.
    assert gefit.modellen[2].forward(y=y[:66], h=12)["mean"].max() > 10 * y[:66].max()
