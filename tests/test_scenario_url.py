"""A scenario in the URL: round trip, only known ids, clamped values, garbage is harmless."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasting import scenario_url as su
from forecasting.scenario import BasisInvoer, laad_parameters, los_op, standaardwaarden

PARAMS = laad_parameters()["parameters"]


@pytest.fixture(scope="module")
def standaard():
    basis = BasisInvoer(
        periodes=["2026-10", "2026-11", "2026-12"],
        activeringen=[10, 10, 10],
        leefloongerechtigden=[500, 500, 500],
        capaciteit={"screening_matching": 12.5, "interim": 90.0, "sollicitatietraining": 4.0},
        uitstroomgraad=0.037,
    )
    return standaardwaarden(basis)


def test_elke_parameter_heeft_een_unieke_korte_sleutel():
    assert set(su.SLEUTELS) == set(PARAMS)
    assert len(set(su.SLEUTELS.values())) == len(PARAMS)
    assert su.SCENARIO_SLEUTEL not in su.PARAMETERS
    for gereserveerd in ("gemeente", "periode", "vergelijk", "fragment", "modus"):
        assert gereserveerd not in su.PARAMETERS


def test_rondreis(standaard):
    waarden = dict(standaard)
    waarden.update(
        {
            "screening_matching.capaciteit": 30,
            "interim.conversie": 0.45,
            "partners.vertraging": 4,
            "schok.personen": 81,
            "schok.start": "2026-03",
            "schok.uitstroomgraad": 0.05,
            "werkklaar_aandeel": 0.7,
        }
    )
    query = su.codeer(waarden, standaard, naam="instroomschok_2026")
    assert query == {
        "scenario": "instroomschok_2026",
        "sm_cap": "30",
        "ik_con": "0.45",
        "pa_ver": "4",
        "sk_n": "81",
        "sk_start": "2026-03",
        "sk_uit": "0.05",
        "wk": "0.7",
    }
    naam, terug = su.decodeer(query, standaard)
    assert naam == "instroomschok_2026"
    for pid, sleutel in su.SLEUTELS.items():
        if sleutel in query:
            assert terug[pid] == waarden[pid], pid
    assert set(terug) == {su.PARAMETERS[k] for k in query if k != "scenario"}
    # and through a scenario: the model sees the same values
    assert los_op(terug, _basis_van(standaard))["interim.conversie"] == 0.45


def _basis_van(standaard):
    return BasisInvoer(
        periodes=["2026-10"],
        activeringen=[1],
        leefloongerechtigden=[1],
        capaciteit={p.split(".")[0]: v for p, v in standaard.items() if p.endswith("capaciteit")},
        uitstroomgraad=standaard["schok.uitstroomgraad"],
    )


def test_standaardwaarden_staan_niet_in_de_link(standaard):
    assert su.codeer(standaard, standaard) == {}
    # a data default that is not on the step grid (12.5 starts) is its own default
    assert su.codeer({**standaard, "screening_matching.capaciteit": 13}, standaard) == {}
    assert su.codeer({**standaard, "screening_matching.capaciteit": 14}, standaard) == {
        "sm_cap": "14"
    }


def test_onbekende_sleutels_en_scenarios_genegeerd(standaard):
    naam, waarden = su.decodeer(
        {
            "scenario": "alles_gratis",
            "gemeente": "12025",
            "xx_cap": "5",
            "screening_matching.bestaat_niet": "1",
            "__class__": "1",
            "sm_con": "0.4",
        },
        standaard,
    )
    assert naam is None
    assert waarden == {"screening_matching.conversie": 0.4}
    assert su.codeer({"onbekend": 3, "sm.cap": 4}, standaard) == {}


def test_volledige_ids_worden_ook_aanvaard(standaard):
    _, waarden = su.decodeer({"interim.retentie": "0.85"}, standaard)
    assert waarden == {"interim.retentie": 0.85}


@pytest.mark.parametrize(
    ("sleutel", "tekst", "pid", "verwacht"),
    [
        ("sm_con", "0.99", "screening_matching.conversie", 0.50),  # above max
        ("sm_con", "-3", "screening_matching.conversie", 0.20),  # below min
        ("sm_con", "0.333333", "screening_matching.conversie", 0.33),  # snapped to the step
        ("sm_ver", "2.6", "screening_matching.vertraging", 3),  # whole months
        ("sm_cap", "99999", "screening_matching.capaciteit", 200),  # 3 x 12.5 < 200
        ("ik_cap", "99999", "interim.capaciteit", 270),  # 3 x 90
        ("ik_cap", "-5", "interim.capaciteit", 0),
        ("sk_n", "1e9", "schok.personen", 2000),
        ("sk_uit", "0.0123", "schok.uitstroomgraad", 0.01),
        ("sk_start", "1999-12", "schok.start", "2000-01"),
    ],
)
def test_waarden_geklemd(standaard, sleutel, tekst, pid, verwacht):
    _, waarden = su.decodeer({sleutel: tekst}, standaard)
    assert waarden[pid] == verwacht
    lo, hi, _ = su.bereik(pid, standaard)
    assert lo <= waarden[pid] <= hi
    assert isinstance(waarden[pid], int) == su.is_geheel(pid)


def test_capaciteit_maximum_groeit_met_de_gemeente(standaard):
    assert su.bereik("screening_matching.capaciteit", standaard)[1] == 200
    assert su.bereik("interim.capaciteit", standaard)[1] == 270
    assert su.bereik("interim.capaciteit", None)[1] == 200


def test_bereiken_van_de_pagina_gaan_voor(standaard):
    bereiken = {"schok.start": ("2025-01", "2027-12", None)}
    _, w = su.decodeer({"sk_start": "2030-05"}, standaard, bereiken)
    assert w == {"schok.start": "2027-12"}


@pytest.mark.parametrize(
    "rommel",
    [
        "",
        " ",
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1e999",
        "abc",
        "0x10",
        "1,5",
        "<script>alert(1)</script>",
        "1" * 200,
        "2026-13",
        "2026-1",
        "'; DROP TABLE feit; --",
    ],
)
def test_rommel_is_onschadelijk(standaard, rommel):
    query = {k: rommel for k in su.PARAMETERS}
    query["scenario"] = rommel
    naam, waarden = su.decodeer(query, standaard)
    assert naam is None
    for pid, w in waarden.items():
        if su.is_maand(pid):
            assert isinstance(w, str) and len(w) == 7
        else:
            assert math.isfinite(w)
            lo, hi, _ = su.bereik(pid, standaard)
            assert lo <= w <= hi


def test_lijsten_en_vreemde_types(standaard):
    naam, waarden = su.decodeer(
        {
            "sm_con": ["0.25", "0.45"],  # repeated: the last one counts
            "ik_con": [],
            "st_con": [None],
            "pa_con": None,
            "ov_con": 0.3,  # not text
            "scenario": ["extra_jobhunters"],
            5: "x",
        },
        standaard,
    )
    assert naam == "extra_jobhunters"
    assert waarden == {"screening_matching.conversie": 0.45}
    assert su.decodeer({}, standaard) == (None, {})
    assert su.decodeer([], standaard) == (None, {})


def test_codeer_slaat_onbruikbare_waarden_over(standaard):
    query = su.codeer(
        {"sm_con": 1, "screening_matching.conversie": float("nan"), "interim.conversie": "x"},
        standaard,
    )
    assert query == {}


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(su.PARAMETERS) + ["scenario", "gemeente", "x"]),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=3)),
        max_size=12,
    )
)
def test_willekeurige_invoer_geeft_geldige_waarden(query):
    naam, waarden = su.decodeer(query)
    assert naam is None or naam in laad_parameters()["scenarios"]
    for pid, w in waarden.items():
        assert pid in PARAMS
        if not su.is_maand(pid):
            lo, hi, _ = su.bereik(pid)
            assert lo <= w <= hi
    # whatever came in, encoding and decoding again is stable
    std = {pid: m["waarde"] for pid, m in PARAMS.items()}
    _, terug = su.decodeer(su.codeer(waarden, std), std)
    assert all(terug[p] == waarden[p] for p in terug)
