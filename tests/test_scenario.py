"""The "Wat als?" funnel: arithmetic pinned on hand-computed cases, and the parameter registry."""

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasting.scenario import (
    PIJLERS,
    BasisInvoer,
    benoemd_scenario,
    bereken,
    gevoeligheid,
    laad_parameters,
    los_op,
)

PERIODES = [f"2026-{m:02d}" for m in range(1, 13)]


def _basis(capaciteit=None, uitstroomgraad=0.0):
    """12 months, 10 activations and 1,000 recipients a month, 10 jobhunting starts a month."""
    return BasisInvoer(
        periodes=PERIODES,
        activeringen=np.full(12, 10.0),
        leefloongerechtigden=np.full(12, 1000.0),
        capaciteit=capaciteit if capaciteit is not None else {"screening_matching": 10.0},
        uitstroomgraad=uitstroomgraad,
    )


EXTRA_10 = {"screening_matching.capaciteit": 20.0}  # 10 extra starts a month


def _pijler(res, naam="screening_matching"):
    return PIJLERS.index(naam)


def test_huidig_beleid_verandert_niets():
    r = bereken({}, _basis())
    np.testing.assert_array_equal(r.bruto, r.basis)
    np.testing.assert_array_equal(r.netto, r.basis)
    assert r.totaal()["verschil_bruto"] == 0 and r.gewijzigd == []


def test_nul_capaciteit_verandert_niets_wat_de_andere_parameters_ook_zijn():
    basis = _basis(capaciteit={})
    scenario = {f"{p}.conversie": 1.0 for p in PIJLERS} | {f"{p}.retentie": 1.0 for p in PIJLERS}
    r = bereken(scenario, basis)
    np.testing.assert_array_equal(r.bruto, r.basis)
    assert np.all(r.extra_starts == 0)


def test_tien_extra_starts_met_de_hand_gerekend():
    """10 starts x conversion 0.30 x retention 0.90 = 2.7 gross from month 4 (delay 3)."""
    r = bereken(EXTRA_10, _basis())
    i = _pijler(r)
    np.testing.assert_allclose(r.extra_starts[i], 10.0)
    np.testing.assert_allclose(r.extra_bruto[i], [0, 0, 0] + [2.7] * 9)
    np.testing.assert_allclose(r.extra_netto[i], [0, 0, 0] + [2.7 * 0.2] * 9)  # deadweight 0.80
    np.testing.assert_allclose(r.bruto - r.basis, r.extra_bruto[i])
    assert r.totaal()["verschil_bruto"] == pytest.approx(24.3)
    assert r.gewijzigd == ["screening_matching.capaciteit"]


def test_dubbele_conversie_verdubbelt_de_extra_activeringen_van_de_pijler():
    a = bereken(EXTRA_10, _basis())
    b = bereken(EXTRA_10 | {"screening_matching.conversie": 0.60}, _basis())
    i = _pijler(a)
    np.testing.assert_allclose(b.extra_bruto[i], 2 * a.extra_bruto[i])
    np.testing.assert_allclose(b.extra_netto[i], 2 * a.extra_netto[i])


@pytest.mark.parametrize("vertraging", [0, 1, 5, 11])
def test_vertraging_schuift_de_activeringen_op(vertraging):
    r = bereken(EXTRA_10 | {"screening_matching.vertraging": vertraging}, _basis())
    verwacht = np.r_[np.zeros(vertraging), np.full(12 - vertraging, 2.7)]
    np.testing.assert_allclose(r.extra_bruto[_pijler(r)], verwacht)


def test_halve_maand_vertraging_verdeelt_over_twee_maanden():
    r = bereken(EXTRA_10 | {"screening_matching.vertraging": 2.5}, _basis())
    np.testing.assert_allclose(r.extra_bruto[_pijler(r)], [0, 0, 1.35] + [2.7] * 9)


def test_retentie_schaalt_evenredig():
    a = bereken(EXTRA_10, _basis())
    b = bereken(EXTRA_10 | {"screening_matching.retentie": 0.45}, _basis())
    np.testing.assert_allclose(b.extra_bruto, a.extra_bruto / 2)


def test_afbouw_van_een_pijler_verlaagt_bruto():
    r = bereken({"screening_matching.capaciteit": 0.0}, _basis())
    np.testing.assert_allclose(r.extra_bruto[_pijler(r)], [0, 0, 0] + [-2.7] * 9)
    assert np.all(np.abs(r.netto - r.basis) <= np.abs(r.bruto - r.basis))


def test_werkklare_groep_begrenst_de_extra_starts():
    """max 2% of 650 work-ready = 13 starts a month, 10 already used: 3 extra fit."""
    r = bereken(EXTRA_10 | {"max_instap_per_maand": 0.02}, _basis())
    np.testing.assert_allclose(r.werkklaar, 650.0)
    np.testing.assert_allclose(r.extra_starts[_pijler(r)], 3.0)
    assert r.begrensd


def test_schok_voegt_het_juiste_aantal_personen_toe():
    scenario = {"schok.personen": 60, "schok.start": "2026-03", "schok.spreiding": 3}
    r = bereken(scenario, _basis(uitstroomgraad=0.0))
    np.testing.assert_allclose(r.schok_instroom, [0, 0, 20, 20, 20] + [0] * 7)
    np.testing.assert_allclose(r.extra_stand, [0, 0, 20, 40, 60] + [60] * 7)
    np.testing.assert_allclose(r.leefloon_scenario, 1000 + r.extra_stand)
    np.testing.assert_allclose(r.werkklaar, (1000 + r.extra_stand) * 0.65)
    # Activated at the current rate: 10 activations per 1,000 recipients a month.
    np.testing.assert_allclose(r.schok_activeringen, r.extra_stand * 0.01)
    assert r.totaal()["schok_personen"] == pytest.approx(60)


def test_schok_stroomt_uit_aan_de_uitstroomgraad():
    scenario = {"schok.personen": 100, "schok.start": "2026-01", "schok.spreiding": 1}
    r = bereken(scenario, _basis(uitstroomgraad=0.10))
    np.testing.assert_allclose(r.extra_stand, 100 * 0.9 ** np.arange(12))


def test_netto_extra_verlaagt_het_aantal_leefloongerechtigden():
    r = bereken(EXTRA_10, _basis())
    netto_extra = np.cumsum(r.netto - r.basis)
    np.testing.assert_allclose(r.leefloon_scenario, 1000 - netto_extra)


@settings(max_examples=60, deadline=None)
@given(
    capaciteit=st.floats(10, 200),
    conversie=st.floats(0, 1),
    vertraging=st.floats(0, 12),
    retentie=st.floats(0, 1),
    deadweight=st.floats(0, 1),
    personen=st.floats(0, 500),
)
def test_netto_is_nooit_groter_dan_bruto(
    capaciteit, conversie, vertraging, retentie, deadweight, personen
):
    p = "interim"
    scenario = {
        f"{p}.capaciteit": capaciteit,
        f"{p}.conversie": conversie,
        f"{p}.vertraging": vertraging,
        f"{p}.retentie": retentie,
        f"{p}.deadweight": deadweight,
        "schok.personen": personen,
    }
    r = bereken(scenario, _basis(capaciteit={p: 10.0}))
    assert np.all(r.netto <= r.bruto + 1e-9)
    assert np.all(r.bruto >= r.basis - 1e-9)


def test_factor_in_een_benoemd_scenario_is_relatief_aan_de_data():
    waarden = los_op(benoemd_scenario("extra_jobhunters"), _basis())
    assert waarden["screening_matching.capaciteit"] == pytest.approx(15.0)
    r = bereken(benoemd_scenario("extra_jobhunters"), _basis())
    assert r.totaal()["verschil_bruto"] > 0


def test_benoemd_scenario_instroomschok():
    basis = BasisInvoer(
        periodes=[f"{j}-{m:02d}" for j in (2026, 2027) for m in range(1, 13)],
        activeringen=np.full(24, 10.0),
        leefloongerechtigden=np.full(24, 1000.0),
        capaciteit={},
        uitstroomgraad=0.0,
    )
    r = bereken(benoemd_scenario("instroomschok_2026"), basis)
    assert r.totaal()["schok_personen"] == pytest.approx(81)
    assert r.extra_stand[-1] == pytest.approx(81)


def test_onbekende_parameter_geeft_een_fout():
    with pytest.raises(ValueError, match="Onbekende scenarioparameter"):
        bereken({"screening_matching.conversi": 0.5}, _basis())
    with pytest.raises(ValueError, match="Onbekend scenario"):
        benoemd_scenario("bestaat_niet")


def test_gevoeligheid_tien_procent_conversie_geeft_tien_procent_meer_extra():
    g = gevoeligheid(EXTRA_10, _basis()).set_index("parameter")
    assert g.loc["screening_matching.conversie", "effect_bruto"] == pytest.approx(2.43)
    assert g.loc["screening_matching.deadweight", "effect_bruto"] == 0.0
    assert g.loc["screening_matching.deadweight", "effect_netto"] < 0
    assert g.loc["interim.conversie", "effect_bruto"] == 0.0  # no extra starts there
    effecten = g.effect_bruto.abs().to_numpy()
    assert np.all(effecten[:-1] >= effecten[1:])
    assert "schok.start" not in g.index


def test_gevoeligheid_tot_een_deadline():
    g = gevoeligheid(EXTRA_10, _basis(), tot="2026-06").set_index("parameter")
    assert g.loc["screening_matching.conversie", "effect_bruto"] == pytest.approx(0.1 * 2.7 * 3)


def test_frames_en_verschilreeks():
    r = bereken(EXTRA_10, _basis())
    pm = r.per_maand
    assert list(pm.periode) == PERIODES
    np.testing.assert_allclose(pm.bruto_cum.iloc[-1], r.totaal()["bruto"])
    pp = r.per_pijler
    assert len(pp) == 12 * len(PIJLERS) and set(pp.pijler) == set(PIJLERS)
    v = r.verschil("bruto")
    assert list(v.index) == PERIODES and v.sum() == pytest.approx(24.3)


def test_een_berekening_duurt_minder_dan_een_milliseconde_of_wat():
    basis = _basis()
    bereken(EXTRA_10, basis)
    begin = time.perf_counter()
    for _ in range(200):
        bereken(EXTRA_10, basis)
    assert (time.perf_counter() - begin) / 200 < 0.005


def test_elke_parameter_heeft_waarde_bereik_eenheid_label_bron_en_betrouwbaarheid():
    reg = laad_parameters()
    assert set(reg["pijlers"]) == set(PIJLERS)
    assert "deadweight" in reg["definities"] and "1 - deadweight" in reg["definities"]["deadweight"]
    for pid, meta in reg["parameters"].items():
        for sleutel in ("waarde", "eenheid", "label", "bron", "betrouwbaarheid"):
            assert sleutel in meta, (pid, sleutel)
        assert meta["bron"]["titel"], pid
        assert meta["betrouwbaarheid"] in {"hoog", "middel", "laag", "aanname", "data"}, pid
        if pid.endswith(".capaciteit"):
            assert meta["waarde"] is None and meta["betrouwbaarheid"] == "data"
        elif pid != "schok.start":
            assert meta["min"] <= meta["waarde"] <= meta["max"] and meta["stap"] > 0, pid
    reg["parameters"]["werkklaar_aandeel"]["waarde"] = 0.99  # a copy: the registry is unchanged
    assert laad_parameters()["parameters"]["werkklaar_aandeel"]["waarde"] == 0.65


def test_standaardwaarden_uit_evidence():
    w = laad_parameters()["parameters"]
    assert w["screening_matching.conversie"]["waarde"] == 0.30
    assert w["sollicitatietraining.conversie"]["waarde"] == 0.25
    assert w["interim.conversie"]["waarde"] == 0.40
    assert [w[f"{p}.vertraging"]["waarde"] for p in PIJLERS[:3]] == [3, 2, 1]
    assert [w[f"{p}.retentie"]["waarde"] for p in PIJLERS[:3]] == [0.90, 0.90, 0.80]
    assert [w[f"{p}.deadweight"]["waarde"] for p in PIJLERS[:3]] == [0.80, 0.85, 0.80]
    assert (w["werkklaar_aandeel"]["min"], w["werkklaar_aandeel"]["max"]) == (0.56, 0.75)
