"""The figures of the seed stories (diensten.verhalen.cijfers): computed from what the data
release, with count definition and source; a claim the data cannot carry is not told."""

import pandas as pd
import pytest

from data_access import db, queries
from diensten import verhalen
from domein import GETOOND


def _pijlertabel(waarden: dict, verborgen: frozenset = frozenset()) -> pd.DataFrame:
    """Quarterly released table by pijler for 2021-K3 … 2023-K3: {pijler: aantal per kwartaal}."""
    rijen = []
    for jaar in (2021, 2022, 2023):
        for k in range(1, 5):
            venster, periode = f"{jaar}-K{k}", f"{jaar}-{3 * k:02d}"
            if not "2021-09" <= periode <= "2023-09":
                continue
            for pijler, w in waarden.items():
                weg = (venster, pijler) in verborgen
                rijen.append(
                    {
                        "periode": periode,
                        "venster": venster,
                        "categorie": pijler,
                        "aantal": pd.NA if weg else w,
                        "weergave": "<5" if weg else str(w),
                        "onderdrukt": weg,
                    }
                )
    return pd.DataFrame(rijen)


def test_actieplan_telt_uit_de_tabel_binnen_het_venster():
    tekst = verhalen.actieplan_tekst(_pijlertabel({"partners": 10, "art60": 20, "interim": 99}))
    # the seven full quarters inside sep 2021 – aug 2023 (okt 2021 – jun 2023), two pillars
    assert tekst.startswith(
        "210 activeringen via de partners en artikel 60 van okt 2021 tot en met jun 2023"
    )
    assert "Partners (o.a. Duo for a Job, JobRoad): 70" in tekst
    assert "ongeveer 200" not in tekst  # the city's work claim is not released per pillar


def test_actieplan_met_afgeschermde_cel_wordt_niet_verteld():
    tabel = _pijlertabel({"partners": 10, "art60": 20}, frozenset({("2022-K2", "partners")}))
    assert verhalen.actieplan_tekst(tabel) is None


def test_essen_tekst_uit_de_activeringsgraad():
    rij = {
        "gemiddeld": 41.4,
        "activeringen": 27,
        "geactiveerd": 27 / 41.4,
        "werk": 20,
        "aan_het_werk": 20 / 27,
        "status_geactiveerd": GETOOND,
        "status_werk": GETOOND,
    }
    assert verhalen.essen_tekst(rij) == (
        "In 2023: 27 activeringen bij gemiddeld 41 leefloongerechtigden per maand, 65% "
        "geactiveerd; 20 naar werk, 74% van de activeringen."
    )
    # fewer than 20 activations: no share into work (the rule for percentages)
    klein = rij | {"activeringen": 12, "geactiveerd": 12 / 41.4}
    assert "naar werk" not in verhalen.essen_tekst(klein)
    assert verhalen.essen_tekst(rij | {"status_geactiveerd": "geen_gegevens"}) is None


def test_geen_verhaal_vertelt_een_claim_zonder_cijfer():
    zinnen = " ".join(v.zin for v in verhalen.VERHALEN)
    assert "ongeveer 200" not in zinnen


@pytest.fixture(scope="module")
def demo(demo_url):
    engine = db.maak_engine(demo_url)
    yield engine
    engine.dispose()


def test_cijfers_op_de_demodata(demo):
    cijfers = verhalen.cijfers(demo, ["12025", "11016", "12021"])
    assert set(cijfers) == {"mechelen-actieplan", "essen-2023"}
    tabel = queries.uitsplitsing(demo, "12025", "activeringen", "pijler")
    deel = tabel[
        tabel["categorie"].isin(["partners", "art60"])
        & (tabel["periode"] >= "2021-12")
        & (tabel["periode"] <= "2023-06")
    ]
    assert not deel["onderdrukt"].any()
    assert cijfers["mechelen-actieplan"].tekst.startswith(
        f"{int(deel['aantal'].sum())} activeringen"
    )
    graad = queries.activeringsgraad(demo, ["11016"], 2023).iloc[0]
    essen = cijfers["essen-2023"]
    assert f"{graad['werk']} naar werk" in essen.tekst
    assert graad["geactiveerd"] > 0.5  # the published "more than half", from the data
    assert essen.teldefinitie.startswith("Geactiveerd:")
    assert essen.bron.startswith("Demodata")
    assert verhalen.cijfers(demo, ["12021"]) == {}
