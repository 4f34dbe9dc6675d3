"""The benchmark's oracle (`bench/synthetisch.orakel_nb`) knows the hidden level of the series
it forecasts: with almost no noise its forecast is the series' own future."""

import numpy as np

from bench import synthetisch as syn

BIJNA_ZONDER_RUIS = {"niveau": 20_000.0, "drift_sd": 1e-4, "seizoen": 0.12, "k": 1e7}


def test_orakel_volgt_de_verborgen_toekomst_van_de_reeks():
    reeks = syn.reeks_nb(seed=11, trend_jaar=-0.2, **BIJNA_ZONDER_RUIS).to_numpy()
    orakel = syn.orakel_nb(seed=11, t=60, h=12, trend_jaar=-0.2, **BIJNA_ZONDER_RUIS)
    assert np.max(np.abs(orakel / reeks[60:72] - 1)) < 0.03


def test_orakel_van_een_andere_reeks_volgt_ze_niet():
    reeks = syn.reeks_nb(seed=11, trend_jaar=-0.2, **BIJNA_ZONDER_RUIS).to_numpy()
    ander = syn.orakel_nb(seed=12, t=60, h=12, trend_jaar=-0.2, **BIJNA_ZONDER_RUIS)
    assert np.max(np.abs(ander / reeks[60:72] - 1)) > 0.05


def test_kenmerken_maken_het_paneel():
    paneel = syn.activeringen_paneel(3, seed=5, niveau=(1.0, 300.0))
    for sleutel, kenmerken in syn.activeringen_kenmerken(3, seed=5, niveau=(1.0, 300.0)).items():
        assert paneel[sleutel].equals(syn.reeks_nb(**kenmerken))


def _venster(werkelijk: np.ndarray, leden: np.ndarray) -> dict:
    return {"werkelijk": werkelijk, "schaal": 1.0, "P": leden}


def test_bovengrens_neemt_het_orakel_waar_het_er_is_en_gewichten_elders():
    from bench.prognose_plafond import LEDEN, _bovengrens

    rng = np.random.default_rng(3)
    # Elsewhere member 0 is always right and the others are off: the hindsight weights find it.
    rest = []
    for _ in range(6):
        w = rng.uniform(5, 15, 12)
        rest.append(_venster(w, np.vstack([w] + [w + rng.normal(0, 3, 12)] * (len(LEDEN) - 1))))
    eigen = [_venster(np.full(12, 10.0), np.full((len(LEDEN), 12), 14.0))]
    perfect = _bovengrens(rest + eigen, eigen, [np.full(12, 10.0)], plain=1.0)
    fout = _bovengrens(rest + eigen, eigen, [np.full(12, 12.0)], plain=1.0)
    # MASE over 7 windows: ~0 with a perfect oracle, 2/7 when the oracle is 2 off every month.
    assert float(perfect.split()[1]) < 0.02
    assert abs(float(fout.split()[1]) - 2 / 7) < 0.02
