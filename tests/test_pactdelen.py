"""The pact per pillar and per target group (diensten.pactdelen) and the work tiles per pillar
(queries.werk_per_pijler_kwartaal): only released figures, each pillar its own row."""

import pandas as pd
import pytest

from data_access import db, queries
from diensten import pactdelen
from domein import HOOFDPIJLERS, LABELS, PACT_DOELGROEPEN, PIJLERS

DOEL = {"doel_id": "d", "van": "2024-01", "tot": "2024-12", "doelwaarde": 100}
KWARTALEN = (("2024-K1", "2024-03"), ("2024-K2", "2024-06"))


def _tabel(cellen: dict) -> pd.DataFrame:
    """A released quarterly table: {(venster, categorie): aantal or '<5' or 'x'}."""
    rijen = []
    for venster, periode in KWARTALEN:
        for (v, cat), w in cellen.items():
            if v != venster:
                continue
            verborgen = isinstance(w, str)
            rijen.append(
                {
                    "periode": periode,
                    "venster": venster,
                    "categorie": cat,
                    "aantal": pd.NA if verborgen else w,
                    "weergave": w if verborgen else str(w),
                    "onderdrukt": verborgen,
                }
            )
    return pd.DataFrame(rijen)


def _alle(waarde, extra=None):
    cellen = {(v, p): waarde for v, _ in KWARTALEN for p in PIJLERS}
    return cellen | (extra or {})


def test_elke_pactpijler_eigen_rij_nooit_overige():
    starts = _tabel(_alle(10, {("2024-K1", "art60"): 0, ("2024-K2", "art60"): 0}))
    deel = pactdelen.pijler_deel(starts, starts, None, DOEL, tot="2024-06", naam="Gem", bron="B")
    pijlers = list(deel.tabel["Pijler"])
    # the three pillars every pact has first, each its own row; no 'Overige' row; a pillar
    # without starts or activations in the window (art60 here) is left out
    assert pijlers[:3] == [LABELS["pijler"][p] for p in HOOFDPIJLERS]
    assert LABELS["pijler"]["overig"] not in pijlers
    assert LABELS["pijler"]["art60"] not in pijlers
    assert LABELS["pijler"]["partners"] in pijlers
    assert list(deel.tabel[pactdelen.KOLOM_STARTS]) == [20] * len(pijlers)
    # share of all starts (incl. 'overig'), as a Belgian percentage
    assert deel.tabel[pactdelen.KOLOM_AANDEEL].iloc[0] == "20%"
    assert "jan 2024 – jun 2024" in deel.zin
    assert any(n.startswith("Teldefinitie.") for n in deel.noten)
    assert deel.noten[-1] == "Bron: B"
    assert any("geen aandeel per pijler" in n for n in deel.noten)


def test_afgeschermd_kwartaal_geeft_ondergrens_en_geen_aandeel():
    starts = _tabel(_alle(10, {("2024-K2", "interim"): "<5", ("2024-K2", "overig"): "x"}))
    deel = pactdelen.pijler_deel(starts, starts, None, DOEL, tot="2024-12", naam="Gem", bron="B")
    rij = deel.tabel.set_index("Pijler").loc[LABELS["pijler"]["interim"]]
    assert rij[pactdelen.KOLOM_STARTS] == "minstens 11"  # 10 shown + a '<5' counts as 1
    # a hidden cell anywhere in the denominator: no percentage at all
    assert set(deel.tabel[pactdelen.KOLOM_AANDEEL]) == {"–"}


def test_werk_per_pijler_alleen_met_tegels():
    starts = _tabel(_alle(10))
    zonder = pactdelen.pijler_deel(starts, starts, None, DOEL, tot="2024-06", naam="G", bron="B")
    assert not any(k.startswith("Naar werk") for k in zonder.tabel.columns)
    assert any("naar werk per pijler tonen we niet" in n.lower() for n in zonder.noten)
    werk = pd.DataFrame(
        {
            "pijler": ["interim", "interim", "interim"],
            "venster": ["2023-K4", "2024-K1", "2024-K2"],
            "van": ["2023-10", "2024-01", "2024-04"],
            "periode": ["2023-12", "2024-03", "2024-06"],
            "waarde": [50, 10, 15],
        }
    )
    met = pactdelen.pijler_deel(starts, starts, werk, DOEL, tot="2024-06", naam="G", bron="B")
    kolom = "Naar werk (per kwartaal afgerond op 5)"
    rij = met.tabel.set_index("Pijler").loc[LABELS["pijler"]["interim"]]
    assert rij[kolom] == 25  # the quarters inside the target only


def test_drie_doelgroepen_van_het_pact():
    stand = pd.DataFrame(
        {
            "periode": ["2024-06"] * 3 + ["2025-01"],
            "venster": ["2024-06"] * 3 + ["2025-01"],
            "categorie": ["voorschot", "oekraine", "sociale_economie", "voorschot"],
            "aantal": [125, pd.NA, 80, 999],
            "weergave": ["125", "<5", "80", "999"],
            "onderdrukt": [False, True, False, False],
        }
    )
    flows = _tabel({(v, g): 7 for v, _ in KWARTALEN for g in PACT_DOELGROEPEN})
    deel = pactdelen.doelgroep_deel(stand, flows, flows, DOEL, tot="2024-06", naam="G", bron="B")
    assert list(deel.tabel["Doelgroep"]) == [LABELS["doelgroep"][g] for g in PACT_DOELGROEPEN]
    # the last month in the window, not a later one (2025-01 lies past `tot`)
    assert list(deel.tabel[pactdelen.KOLOM_STAND]) == [125, "<5", 80]
    assert list(deel.tabel[pactdelen.KOLOM_STARTS]) == [14, 14, 14]
    assert "jun 2024" in deel.zin and "<5" in deel.zin
    assert deel.noten[-1] == "Bron: B"


class _Kijker:
    def __init__(self, detail: bool):
        self.detail = detail

    def ziet_detail(self, _nis: str) -> bool:
        return self.detail


@pytest.fixture(scope="module")
def demo(demo_url):
    engine = db.maak_engine(demo_url)
    yield engine
    engine.dispose()


def test_werk_per_pijler_kwartaal_alleen_voor_analist(demo):
    assert queries.werk_per_pijler_kwartaal(demo, "12025", None, PIJLERS).empty
    assert queries.werk_per_pijler_kwartaal(demo, "12025", _Kijker(False), PIJLERS).empty
    werk = queries.werk_per_pijler_kwartaal(demo, "12025", _Kijker(True), PIJLERS)
    assert set(werk["pijler"]) == set(PIJLERS)
    assert (werk["waarde"] % 5 == 0).all()  # quarter tiles rounded to 5, never a month
    assert werk["venster"].str.contains("-K").all()
    assert werk["waarde"].sum() > 0
