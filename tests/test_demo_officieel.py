"""The demo's official figures (issue 19, item 5): leefloon vs equivalent leefloon by the POD MI
age classes, household type and sex, status ``definitief``, beside the own count (``voorlopig``).

Pure and fast: the frames come from the generator, not from a database. The calibration rules of
``data_access.kalibratie`` are run on the two series together, the definitive figure taking the
place of the own count wherever both exist for the same cell (the reading rule of issue 19)."""

import pandas as pd
import pytest

import domein
from data_access import demo, demo_officieel, kalibratie
from domein.maanden import maanden_tussen, van_tot

OFFICIEEL = {
    "leeftijdsklasse": ["-25", "25-34", "35-49", "50-64", "65+"],
    "huishoudtype": ["alleenstaand", "samenwonend", "gezinslast"],
    "geslacht": ["man", "vrouw"],
}
SLEUTEL = ["nis", "periode", "indicator"]


@pytest.fixture(scope="module")
def officieel() -> pd.DataFrame:
    return demo.officieel_frame()


@pytest.fixture(scope="module")
def eigen() -> pd.DataFrame:
    """The own count of the three municipalities (the cube files' rows), as a frame."""
    delen = []
    for nis in demo.DEMO_NIS:
        rijen = list(demo._rijen(nis, demo._bouw(demo._PROFIELEN[nis])))
        df = pd.DataFrame(
            rijen,
            columns=[
                "periode",
                "indicator",
                "doelgroep",
                "leeftijd",
                "pijler",
                "bestemming",
                "aantal",
            ],
        )
        df.insert(0, "nis", nis)
        delen.append(df)
    return pd.concat(delen, ignore_index=True)


def _dims(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in {*SLEUTEL, "aantal", "teldefinitie", "status"}]


def _cel(df: pd.DataFrame, nis: str, indicator: str, **filters: str) -> pd.Series:
    masker = (df["nis"] == nis) & (df["indicator"] == indicator)
    for dim in _dims(df):
        masker &= df[dim] == filters.get(dim, "totaal")
    return df[masker].set_index("periode")["aantal"].astype(int).sort_index()


def _haal_samen(eigen: pd.DataFrame, officieel: pd.DataFrame):
    """kalibratie's `haal`: per month the definitive figure where the cell has one, else the
    own count (a filter on a dimension a series does not have finds nothing there)."""

    def haal(nis: str, indicator: str, filters: dict[str, str]) -> pd.Series:
        delen = []
        for df in (officieel, eigen):
            if set(filters) <= set(_dims(df)):
                delen.append(_cel(df, nis, indicator, **filters))
        reeks = pd.concat(delen)
        return reeks[~reeks.index.duplicated(keep="first")].sort_index()

    return haal


# --- Shape ----------------------------------------------------------------------------------------
def test_kolommen_volgen_het_register(officieel):
    dims = list(domein.DIMENSIE_NAMEN)
    for dim, codes in OFFICIEEL.items():  # the POD MI categories, as the registry declares them
        assert list(domein.DIMENSIES[dim]) == ["totaal", *codes], dim
    assert list(officieel.columns) == [*SLEUTEL, *dims, "aantal", "teldefinitie", "status"]
    assert set(officieel["status"]) == {"definitief"}
    assert set(officieel["teldefinitie"]) == {"maandstand"}
    assert set(officieel["indicator"]) == {
        "leefloon",
        "equivalent_leefloon",
        "leefloongerechtigden",
    }
    for dim in dims:
        verwacht = {"totaal", *OFFICIEEL.get(dim, [])}
        assert set(officieel[dim]) == verwacht, dim
    assert not officieel.duplicated([*SLEUTEL, *dims]).any()
    assert (officieel["aantal"] >= 0).all()


def test_maanden_tot_enkele_maanden_voor_de_laatste(officieel):
    tot = demo_officieel.DEFINITIEF_TOT
    assert 3 <= maanden_tussen(tot, demo.LAATSTE_MAAND) <= 6
    for nis in demo.DEMO_NIS:
        for indicator in demo_officieel.INDICATOREN:
            reeks = _cel(officieel, nis, indicator)
            assert list(reeks.index) == van_tot(demo.EERSTE_MAAND, tot), (nis, indicator)


def test_elke_uitsplitsing_marginaal_volledig_en_sluitend(officieel):
    dims = _dims(officieel)
    totaal = officieel[(officieel[dims] == "totaal").all(axis=1)].set_index(SLEUTEL)["aantal"]
    for dim, codes in OFFICIEEL.items():
        anderen = [d for d in dims if d != dim]
        deel = officieel[
            (officieel[dim] != "totaal") & (officieel[anderen] == "totaal").all(axis=1)
        ]
        per_cel = deel.groupby(SLEUTEL)[dim].apply(list)
        assert len(per_cel) == len(totaal), dim
        assert all(c == codes for c in per_cel), dim
        som = deel.groupby(SLEUTEL)["aantal"].sum()
        assert (som.sort_index() == totaal.loc[som.index].sort_index()).all(), dim
    # nothing but totals and marginal breakdowns: never two dimensions broken down at once
    assert ((officieel[dims] != "totaal").sum(axis=1) <= 1).all()


def test_leefloongerechtigden_is_de_som_per_cel(officieel):
    dims = _dims(officieel)
    breed = officieel.pivot_table(
        index=["nis", "periode", *dims], columns="indicator", values="aantal", aggfunc="sum"
    )
    assert breed.notna().all().all()
    som = breed["leefloon"] + breed["equivalent_leefloon"]
    assert (som == breed["leefloongerechtigden"]).all()


def test_deterministisch(officieel):
    pd.testing.assert_frame_equal(officieel, demo.officieel_frame())


# --- Beside the own count ----------------------------------------------------------------------
def test_kleine_herzieningen_behalve_in_de_gepinde_maanden(officieel, eigen):
    aantal_herzien = 0
    for nis in demo.DEMO_NIS:
        definitief = _cel(officieel, nis, "leefloongerechtigden")
        voorlopig = _cel(eigen, nis, "leefloongerechtigden").loc[definitief.index]
        verschil = definitief - voorlopig
        assert (verschil.abs() <= 0.01 * voorlopig + 1).all(), nis
        for maand in kalibratie.GEPINDE_MAANDEN.get(nis, ()):
            assert verschil.loc[maand] == 0, (nis, maand)
        aantal_herzien += int((verschil != 0).sum())
        # some months revised, most not
        assert 0.1 < (verschil != 0).mean() < 0.8, nis
    assert aantal_herzien > 30


def test_voorlopig_en_definitief_leefloon_in_dezelfde_maanden(officieel, eigen):
    """The own count has leefloon and equivalent leefloon for every month, the official figures
    up to DEFINITIEF_TOT; where both exist they differ a little in some months."""
    for nis in demo.DEMO_NIS:
        for indicator in ("leefloon", "equivalent_leefloon"):
            voorlopig = _cel(eigen, nis, indicator)
            definitief = _cel(officieel, nis, indicator)
            assert list(voorlopig.index) == list(demo.MAANDEN), (nis, indicator)
            assert set(definitief.index) < set(voorlopig.index)
            verschil = definitief - voorlopig.loc[definitief.index]
            assert (verschil.abs() <= 0.01 * voorlopig.loc[definitief.index] + 1).all()
        verschil = _cel(officieel, nis, "leefloon") - _cel(eigen, nis, "leefloon")
        assert (verschil.dropna() != 0).any(), nis


def test_equivalent_leefloon_omvat_de_oekrainers(officieel, eigen):
    for nis in demo.DEMO_NIS:
        eq = _cel(officieel, nis, "equivalent_leefloon")
        totaal = _cel(officieel, nis, "leefloongerechtigden")
        oek = _cel(eigen, nis, "leefloongerechtigden", doelgroep="oekraine").loc[eq.index]
        assert (eq >= oek).all(), nis
        voor = (eq / totaal)[eq.index < "2022-03"]
        # before the Ukrainians: about 8% (Flanders 2019: 3,300 of 41,479), within the drift
        assert 0.04 < voor.mean() < 0.13, nis
        assert (eq / totaal)[eq.index >= "2022-06"].mean() > voor.mean() + 0.03, nis


def test_verhoudingen_plausibel(officieel):
    ll = officieel[officieel["indicator"] == "leefloongerechtigden"]
    totaal = ll[(ll[_dims(ll)] == "totaal").all(axis=1)]["aantal"].sum()

    def aandeel(dim: str, code: str) -> float:
        return ll[ll[dim] == code]["aantal"].sum() / totaal

    assert 0.50 < aandeel("geslacht", "vrouw") < 0.62
    assert aandeel("huishoudtype", "alleenstaand") > aandeel("huishoudtype", "samenwonend")
    assert aandeel("huishoudtype", "samenwonend") > 0.15
    assert aandeel("leeftijdsklasse", "65+") < 0.06
    assert 0.25 < aandeel("leeftijdsklasse", "-25") < 0.50


# --- Calibration ----------------------------------------------------------------------------------
def test_min25_is_de_eigen_18_24_in_de_gepinde_maanden(officieel, eigen):
    for maand in kalibratie.GEPINDE_MAANDEN[kalibratie.MECHELEN]:
        officieel_jong = _cel(officieel, "12025", "leefloongerechtigden", leeftijdsklasse="-25")
        eigen_jong = _cel(eigen, "12025", "leefloongerechtigden", leeftijd="18-24")
        assert officieel_jong.loc[maand] == eigen_jong.loc[maand], maand


def test_kalibratie_op_de_officiele_cijfers(officieel, eigen):
    """Essen 83 → 33, Mechelen −11% and 70% of the rise under 25 in the definitive series."""
    essen = _cel(officieel, "11016", "leefloongerechtigden")
    assert (essen.loc["2021-04"], essen.loc["2023-10"]) == (83, 33)
    mechelen = _cel(officieel, "12025", "leefloongerechtigden")
    a, b = mechelen.loc["2021-06"], mechelen.loc["2023-06"]
    assert kalibratie.rond((b - a) / a * 100) == kalibratie.MECHELEN_DALING_PCT
    jong = _cel(officieel, "12025", "leefloongerechtigden", leeftijdsklasse="-25")
    assert mechelen.loc["2021-08"] > mechelen.loc["2020-02"]
    stijging = mechelen.loc["2021-08"] - mechelen.loc["2020-08"]
    aandeel = (jong.loc["2021-08"] - jong.loc["2020-08"]) / stijging
    assert (
        abs(aandeel - kalibratie.MECHELEN_JONG_AANDEEL_STIJGING) <= kalibratie.MECHELEN_JONG_MARGE
    )


def test_alle_kalibratieregels_met_definitief_voor_voorlopig(officieel, eigen):
    bevolking = {(n, j): w for n, per_jaar in demo.BEVOLKING.items() for j, w in per_jaar.items()}
    doelen = {(d[0], d[1]): dict(zip(domein.DOEL_KOLOMMEN, d, strict=True)) for d in demo.DOELEN}
    controles = kalibratie.controleer(
        _haal_samen(eigen, officieel),
        lambda nis, jaar: bevolking[(nis, jaar)],
        lambda nis, doel_id: doelen.get((nis, doel_id)),
    )
    mislukt = [(c.nummer, c.verwacht, c.gemeten) for c in controles if not c.geslaagd]
    assert not mislukt, mislukt


def test_kalibratie_merkt_een_herziening_in_een_gepinde_maand(officieel, eigen):
    """No tautology: a definitive Essen April 2021 of 84 beside the own 83 fails rule 1."""
    fout = officieel.copy()
    dims = _dims(fout)
    masker = (
        (fout["nis"] == "11016")
        & (fout["periode"] == "2021-04")
        & (fout["indicator"] == "leefloongerechtigden")
        & (fout[dims] == "totaal").all(axis=1)
    )
    fout.loc[masker, "aantal"] += 1
    controles = {
        c.nummer: c for c in kalibratie.controleer(_haal_samen(eigen, fout), lambda n, j: 0, None)
    }
    assert not controles[1].geslaagd and controles[1].gemeten == "84"
    assert controles[4].geslaagd
