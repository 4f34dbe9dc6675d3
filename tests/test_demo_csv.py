"""The demo CSV files: deterministic, in the import format, internally consistent, calibrated.

The generator writes into a temporary folder; the committed ``data/demo/`` files must be
byte-identical to what it writes (regenerate them with ``leefloonmonitor demo`` or
``data_access.demo.genereer`` after a deliberate change).
"""

import re
from pathlib import Path

import pandas as pd
import pytest

from data_access import demo, kalibratie, referentie
from domein import DIMENSIE_NAMEN, DIMENSIES, DOEL_KOLOMMEN, INDICATOREN, WERK_BESTEMMINGEN

REPO = Path(__file__).resolve().parent.parent
DEMO_MAP = REPO / "data" / "demo"
DIMS = ["doelgroep", "leeftijd", "pijler", "bestemming"]
KOP = "nis;periode;indicator;doelgroep;leeftijd;pijler;bestemming;aantal"
# Months 2019-01 … 2026-09, built independently of the generator.
VERWACHTE_MAANDEN = [f"{j}-{m:02d}" for j in range(2019, 2027) for m in range(1, 13)][:93]
# The 1-D breakdowns every cube file must give, per indicator (the demo generator's brief).
UITSPLITSINGEN = {
    "leefloongerechtigden": ("doelgroep", "leeftijd"),
    "instroom": ("doelgroep", "leeftijd"),
    "uitstroom": ("doelgroep", "leeftijd", "bestemming"),
    "activeringen": ("bestemming", "pijler", "doelgroep", "leeftijd"),
    "trajectstarts": ("pijler", "doelgroep"),
    # the own count split into leefloon / equivalent leefloon: totals only
    "leefloon": (),
    "equivalent_leefloon": (),
}


@pytest.fixture(scope="module")
def gegenereerd(tmp_path_factory) -> list[Path]:
    return demo.genereer(tmp_path_factory.mktemp("demo_a"))


@pytest.fixture(scope="module")
def kubus(gegenereerd) -> pd.DataFrame:
    delen = [
        pd.read_csv(p, sep=";", dtype=str, keep_default_na=False)
        for p in gegenereerd
        if p.name.startswith("leefloon_")
    ]
    df = pd.concat(delen, ignore_index=True)
    df["aantal"] = df["aantal"].astype("int64")
    return df


@pytest.fixture(scope="module")
def officieel(gegenereerd) -> pd.DataFrame:
    """The official (definitive) figures as written, every dimension the file leaves out
    'totaal' (as the importer reads it)."""
    df = pd.read_csv(
        gegenereerd[0].parent / demo.OFFICIEEL_BESTAND, sep=";", dtype=str, keep_default_na=False
    )
    df["aantal"] = df["aantal"].astype("int64")
    df = df.assign(**{d: "totaal" for d in DIMENSIE_NAMEN if d not in df.columns})
    assert set(df["indicator"]) == {"leefloon", "equivalent_leefloon", "leefloongerechtigden"}
    return df


@pytest.fixture(scope="module")
def bevolking(gegenereerd) -> pd.DataFrame:
    return pd.read_csv(gegenereerd[0].parent / "bevolking.csv", sep=";", dtype={"nis": str})


@pytest.fixture(scope="module")
def doelen(gegenereerd) -> pd.DataFrame:
    return pd.read_csv(
        gegenereerd[0].parent / "doelen.csv", sep=";", dtype=str, keep_default_na=False
    )


def _totalen(df: pd.DataFrame, behalve: str | None = None) -> pd.Series:
    """Mask: every dimension `totaal` except `behalve`."""
    masker = pd.Series(True, index=df.index)
    for dim in DIMS:
        if dim != behalve:
            masker &= df[dim] == "totaal"
    return masker


def _haal_uit(df: pd.DataFrame, officieel: pd.DataFrame | None = None):
    """Adapter for kalibratie.controleer: the cell's monthly series from the CSV frames; with
    `officieel`, its definitive figure in the place of the own count where both have the cell.
    A cell neither has raises KeyError (a LookupError, as kalibratie expects)."""
    bronnen = []
    for frame, dims in ((officieel, list(DIMENSIE_NAMEN)), (df, DIMS)):
        if frame is not None:
            bronnen.append((frame.set_index(["nis", "indicator", *dims]).sort_index(), dims))

    def haal(nis: str, indicator: str, filters: dict[str, str]) -> pd.Series:
        onbekend = set(filters) - set(DIMENSIE_NAMEN)
        assert not onbekend, f"onbekende dimensie {onbekend}"
        delen = []
        for geindexeerd, dims in bronnen:
            sleutel = (nis, indicator, *(filters.get(d, "totaal") for d in dims))
            if set(filters) <= set(dims) and sleutel in geindexeerd.index:
                delen.append(geindexeerd.loc[sleutel].set_index("periode")["aantal"].astype(int))
        if not delen:
            raise KeyError(f"geen cel {nis} {indicator} {filters}")
        reeks = pd.concat(delen)
        return reeks[~reeks.index.duplicated(keep="first")].sort_index()

    return haal


def _bevolking_uit(bev: pd.DataFrame):
    def bevolking(nis: str, jaar: int) -> int:
        rij = bev[(bev["nis"] == nis) & (bev["jaar"] == jaar)]
        return int(rij["inwoners"].iloc[0])

    return bevolking


def _doel_uit(doelen: pd.DataFrame):
    def doel(nis: str, doel_id: str):
        rij = doelen[(doelen["nis"] == nis) & (doelen["doel_id"] == doel_id)]
        return None if rij.empty else rij.iloc[0].to_dict()

    return doel


# --- Determinism and the committed files -------------------------------------------------------
def test_twee_runs_byte_gelijk(gegenereerd, tmp_path):
    tweede = demo.genereer(tmp_path)
    assert [p.name for p in tweede] == [p.name for p in gegenereerd]
    for a, b in zip(gegenereerd, tweede, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_gelijk_aan_gecommitteerde_bestanden(gegenereerd):
    namen = sorted(p.name for p in gegenereerd)
    assert sorted(p.name for p in DEMO_MAP.glob("*.csv")) == namen
    for p in gegenereerd:
        assert (DEMO_MAP / p.name).read_bytes() == p.read_bytes(), (
            f"data/demo/{p.name} wijkt af van de generator: opnieuw genereren"
        )


def test_bestandsnamen_en_omvang(gegenereerd):
    namen = [p.name for p in gegenereerd]
    assert namen == [
        "leefloon_12025_mechelen.csv",
        "leefloon_11016_essen.csv",
        "leefloon_12021_lier.csv",
        "totalen_overige_gemeenten.csv",
        "officiele_cijfers.csv",
        "bevolking.csv",
        "doelen.csv",
    ]
    assert demo.DEMO_NIS == ("12025", "11016", "12021")
    for p in gegenereerd:
        # each file fits the upload limit of Beheer (10 MB) with room to spare
        assert p.stat().st_size < 4_000_000, p.name


# --- Format ---------------------------------------------------------------------------------------
def test_formaat_kubusbestanden(gegenereerd):
    patroon = re.compile(r"^(\d{5});(\d{4}-(0[1-9]|1[0-2]));([a-z0-9_+\-]+;){5}(0|[1-9]\d*)$")
    for p in gegenereerd:
        ruw = p.read_bytes()
        assert not ruw.startswith(b"\xef\xbb\xbf"), "geen BOM"
        assert b"\r" not in ruw and ruw.endswith(b"\n")
        regels = ruw.decode("utf-8").split("\n")[:-1]
        if not p.name.startswith("leefloon_"):
            continue
        assert regels[0] == KOP
        nis = p.name.split("_")[1]
        for nr, regel in enumerate(regels[1:], start=2):
            assert patroon.match(regel), f"{p.name} regel {nr}: {regel!r}"
            assert regel.startswith(nis + ";"), f"{p.name} regel {nr}: andere gemeente"


def test_codes_geldig_en_sleutels_uniek(kubus):
    assert set(kubus["indicator"]) == set(INDICATOREN) == set(UITSPLITSINGEN)
    for dim in DIMS:
        assert set(kubus[dim]) <= set(DIMENSIES[dim]), dim
    assert not kubus.duplicated(["nis", "periode", "indicator", *DIMS]).any()
    assert (kubus["aantal"] >= 0).all()


def test_maanden_compleet(kubus):
    for (nis, indicator), groep in kubus[_totalen(kubus)].groupby(["nis", "indicator"]):
        assert list(groep["periode"]) == VERWACHTE_MAANDEN, (nis, indicator)
    assert set(kubus["periode"]) == set(VERWACHTE_MAANDEN)
    assert set(kubus["nis"]) == set(demo.DEMO_NIS)


# --- Breakdowns add up ----------------------------------------------------------------------------
def test_elke_uitsplitsing_volledig_en_sluitend(kubus):
    sleutel = ["nis", "indicator", "periode"]
    totaal = kubus[_totalen(kubus)].set_index(sleutel)["aantal"]
    for indicator, dimensies in UITSPLITSINGEN.items():
        for dim in DIMS:
            deel = kubus[
                (kubus["indicator"] == indicator)
                & _totalen(kubus, behalve=dim)
                & (kubus[dim] != "totaal")
            ]
            if dim not in dimensies:
                assert deel.empty, f"{indicator} onverwacht per {dim}"
                continue
            categorieen = deel.groupby(sleutel)[dim].apply(lambda s: sorted(s))
            assert len(categorieen) == 3 * len(VERWACHTE_MAANDEN), (indicator, dim)
            for cats in categorieen:
                assert cats == sorted(DIMENSIES[dim][1:]), (indicator, dim)
            som = deel.groupby(sleutel)["aantal"].sum()
            verschil = som - totaal.loc[som.index]
            assert (verschil == 0).all(), f"{indicator} per {dim}: {verschil[verschil != 0].head()}"


def test_kruistabel_pijler_bestemming_sluit_in_beide_richtingen(kubus):
    act = kubus[(kubus["indicator"] == "activeringen") & (kubus["doelgroep"] == "totaal")]
    act = act[act["leeftijd"] == "totaal"]
    kruis = act[(act["pijler"] != "totaal") & (act["bestemming"] != "totaal")]
    assert len(kruis) == 3 * len(VERWACHTE_MAANDEN) * 6 * 8
    per_pijler = act[(act["pijler"] != "totaal") & (act["bestemming"] == "totaal")]
    per_bestemming = act[(act["pijler"] == "totaal") & (act["bestemming"] != "totaal")]

    rijsom = kruis.groupby(["nis", "periode", "pijler"])["aantal"].sum()
    rij = per_pijler.set_index(["nis", "periode", "pijler"])["aantal"]
    assert (rijsom.sort_index() == rij.sort_index()).all()

    kolomsom = kruis.groupby(["nis", "periode", "bestemming"])["aantal"].sum()
    kolom = per_bestemming.set_index(["nis", "periode", "bestemming"])["aantal"]
    assert (kolomsom.sort_index() == kolom.sort_index()).all()


def test_activeringen_nooit_naar_uitkering_verhuis_of_overig(kubus):
    act = kubus[(kubus["indicator"] == "activeringen") & (kubus["pijler"] == "totaal")]
    act = act[_totalen(act, behalve="bestemming")]
    rest = act[act["bestemming"].isin(["andere_uitkering", "verhuisd", "overig"])]
    assert (rest["aantal"] == 0).all()


# --- Plausibility ---------------------------------------------------------------------------------
def _reeks(kubus: pd.DataFrame, nis: str, indicator: str, **filters: str) -> pd.Series:
    masker = (kubus["nis"] == nis) & (kubus["indicator"] == indicator)
    for dim in DIMS:
        masker &= kubus[dim] == filters.get(dim, "totaal")
    return kubus[masker].set_index("periode")["aantal"]


def test_stand_en_stromen_sluiten(kubus):
    for nis in demo.DEMO_NIS:
        stand = _reeks(kubus, nis, "leefloongerechtigden")
        instroom = _reeks(kubus, nis, "instroom")
        uitstroom = _reeks(kubus, nis, "uitstroom")
        verwacht = stand.shift(1) + instroom - uitstroom
        assert (stand.iloc[1:] == verwacht.iloc[1:]).all(), nis
        werk_uit = sum(_reeks(kubus, nis, "uitstroom", bestemming=b) for b in WERK_BESTEMMINGEN)
        werk_act = sum(_reeks(kubus, nis, "activeringen", bestemming=b) for b in WERK_BESTEMMINGEN)
        # most activations into work leave leefloon: over the whole period at least 60%
        assert werk_uit.sum() >= 0.6 * werk_act.sum(), nis


def test_eigen_telling_leefloon_plus_equivalent_is_de_stand(kubus):
    for nis in demo.DEMO_NIS:
        stand = _reeks(kubus, nis, "leefloongerechtigden")
        ll = _reeks(kubus, nis, "leefloon")
        eq = _reeks(kubus, nis, "equivalent_leefloon")
        assert (ll + eq == stand).all(), nis
        assert (eq >= _reeks(kubus, nis, "leefloongerechtigden", doelgroep="oekraine")).all()
        assert (ll > 0).all() and (eq > 0).all(), nis


def test_oekrainers_pas_vanaf_maart_2022(kubus):
    pieken = {}
    for nis in demo.DEMO_NIS:
        for indicator in ("leefloongerechtigden", "instroom", "activeringen"):
            r = _reeks(kubus, nis, indicator, doelgroep="oekraine")
            assert (r[r.index < "2022-03"] == 0).all(), (nis, indicator)
        stand = _reeks(kubus, nis, "leefloongerechtigden", doelgroep="oekraine")
        assert (stand[stand.index >= "2022-04"] > 0).all(), nis
        pieken[nis] = stand.max()
    assert pieken["12025"] > pieken["12021"] > pieken["11016"]


def test_niveaus_en_instroomstijging_2026(kubus):
    mechelen = _reeks(kubus, "12025", "leefloongerechtigden")
    essen = _reeks(kubus, "11016", "leefloongerechtigden")
    assert mechelen[mechelen.index < "2020-01"].between(1100, 1400).all()
    assert essen.between(20, 99).all()
    for nis in demo.DEMO_NIS:
        instroom = _reeks(kubus, nis, "instroom")
        in_2025 = instroom[instroom.index.str.startswith("2025")].mean()
        in_2026 = instroom[instroom.index >= "2026-01"].mean()
        assert in_2026 > 1.15 * in_2025, nis
    # Essen: small breakdown cells 1..4 exist (they exercise the disclosure rule)
    cellen = kubus[(kubus["nis"] == "11016") & ~_totalen(kubus)]["aantal"]
    assert cellen.between(1, 4).mean() > 0.1


def test_pijlers_starten_plausibel(kubus):
    partners = _reeks(kubus, "12025", "activeringen", pijler="partners")
    assert partners[partners.index < "2021-09"].sum() == 0
    assert partners[partners.index >= "2022-01"].mean() > 3
    screening = _reeks(kubus, "11016", "activeringen", pijler="screening_matching")
    assert screening[screening.index < "2022-02"].sum() == 0
    assert screening[screening.index >= "2022-02"].sum() > 20


def test_bevolking_en_doelen(bevolking, doelen):
    assert list(bevolking.columns) == ["nis", "jaar", "inwoners"]
    for nis in demo.DEMO_NIS:
        rijen = bevolking[bevolking["nis"] == nis].set_index("jaar")["inwoners"]
        assert list(rijen.index) == list(range(2019, 2027))
        assert (rijen.pct_change().dropna().abs() < 0.02).all(), nis
    # The generator writes its own header line: it must be the import format's.
    assert list(doelen.columns) == list(DOEL_KOLOMMEN)
    assert doelen["doel_id"].is_unique
    assert set(doelen["uitbetaling"]) <= {"proportioneel", "alles_of_niets"}
    assert (doelen["van"] <= doelen["tot"]).all()
    assert set(doelen["nis"]) == set(demo.DEMO_NIS)
    for _, d in doelen.iterrows():
        if d["doel_id"] != "activeringspact-2023":
            assert "illustratief" in d["naam"], d["doel_id"]
        assert int(d["doelwaarde"]) > 0 and int(d["max_subsidie_eur"]) > 0


# --- Calibration (CALIBRATION.md rows 1-11 and the open pact outcome) ----------------------------
@pytest.mark.parametrize("met_officieel", [False, True], ids=["eigen_telling", "met_officieel"])
def test_alle_kalibratieregels_slagen(kubus, officieel, bevolking, doelen, met_officieel):
    """On the own count alone, and with the definitive figures in its place where they exist."""
    haal = _haal_uit(kubus, officieel if met_officieel else None)
    controles = kalibratie.controleer(haal, _bevolking_uit(bevolking), _doel_uit(doelen))
    assert [c.nummer for c in controles] == list(range(1, 13))
    mislukt = [(c.nummer, c.gemeente, c.verwacht, c.gemeten) for c in controles if not c.geslaagd]
    assert not mislukt, mislukt
    tabel = kalibratie.als_frame(controles)
    assert len(tabel) == 12 and tabel["bron"].str.len().min() > 10


def test_kalibratie_kan_falen(kubus, bevolking, doelen):
    """The checks detect a wrong figure, missing data and a missing target (no tautologies)."""
    fout = kubus.copy()
    masker = (
        (fout["nis"] == "11016")
        & (fout["indicator"] == "leefloongerechtigden")
        & (fout["periode"] == "2021-04")
        & _totalen(fout)
    )
    fout.loc[masker, "aantal"] += 1
    zonder_lier = fout[fout["nis"] != "12021"]
    anders = bevolking.copy()
    anders.loc[(anders["nis"] == "11016") & (anders["jaar"] == 2020), "inwoners"] += 1
    controles = {
        c.nummer: c
        for c in kalibratie.controleer(_haal_uit(zonder_lier), _bevolking_uit(anders), None)
    }
    assert not controles[1].geslaagd and controles[1].gemeten == "84"
    assert not controles[10].geslaagd and "niet te meten" in controles[10].gemeten
    assert not controles[8].geslaagd
    assert not controles[11].geslaagd
    assert controles[4].geslaagd and controles[7].geslaagd

    # a pact 20% short fails rule 12; an extra young person in Aug 2021 moves rule 5
    minder = kubus.copy()
    werk = (
        (minder["nis"] == "12025")
        & (minder["indicator"] == "activeringen")
        & (minder["pijler"] != "totaal")
        & minder["bestemming"].isin(WERK_BESTEMMINGEN)
        & minder["periode"].between(kalibratie.PACT_VAN, kalibratie.PACT_TOT)
    )
    minder.loc[werk, "aantal"] = (minder.loc[werk, "aantal"] * 0.8).astype("int64")
    for b in WERK_BESTEMMINGEN:  # keep the pijler-totaal rows consistent with the cross
        kolom = minder[werk & (minder["bestemming"] == b)].groupby("periode")["aantal"].sum()
        rij = (
            (minder["nis"] == "12025")
            & (minder["indicator"] == "activeringen")
            & _totalen(minder, behalve="bestemming")
            & (minder["bestemming"] == b)
            & minder["periode"].isin(kolom.index)
        )
        minder.loc[rij, "aantal"] = minder.loc[rij, "periode"].map(kolom).to_numpy()
    controles = {
        c.nummer: c
        for c in kalibratie.controleer(
            _haal_uit(minder), _bevolking_uit(bevolking), _doel_uit(doelen)
        )
    }
    assert not controles[12].geslaagd
    assert controles[1].geslaagd


def test_werkreeks_telt_de_vier_werkbestemmingen(kubus):
    haal = _haal_uit(kubus)
    werk = kalibratie.werkreeks(haal, "12025", {"pijler": "partners"})
    handmatig = sum(
        _reeks(kubus, "12025", "activeringen", pijler="partners", bestemming=b)
        for b in WERK_BESTEMMINGEN
    )
    assert (werk.sort_index() == handmatig.sort_index()).all()
    alles = _reeks(kubus, "12025", "activeringen", pijler="partners")
    assert (werk.sort_index() <= alles.sort_index()).all()
    assert (werk.sort_index() < alles.sort_index()).any()


# --- The other Flemish municipalities: totals only ------------------------------------------------
def test_overige_gemeenten_alle_vlaamse_met_alleen_totalen(gegenereerd):
    pad = next(p for p in gegenereerd if p.name == demo.OVERIGE_BESTAND)
    df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False)
    assert list(df.columns) == KOP.split(";")
    alle = set(referentie.gemeenten_referentie()["nis"])
    assert set(df["nis"]) == alle - set(demo.DEMO_NIS) and len(alle) == 285
    assert set(df["indicator"]) == {"leefloongerechtigden", "activeringen"}
    for dim in DIMS:
        assert set(df[dim]) == {"totaal"}, dim
    per_reeks = df.groupby(["nis", "indicator"])["periode"].apply(list)
    assert all(maanden == VERWACHTE_MAANDEN for maanden in per_reeks)
    assert (df["aantal"].astype(int) >= 0).all()


def test_overige_gemeenten_plausibel_per_1000(gegenereerd):
    """Flanders about 6 per 1,000 (POD MI: ~40,000 recipients on 6.6 million), the 13
    centrumsteden well above the rural municipalities."""
    pad = next(p for p in gegenereerd if p.name == demo.OVERIGE_BESTAND)
    df = pd.read_csv(pad, sep=";", dtype={"nis": str})
    stand = df[(df["indicator"] == "leefloongerechtigden") & (df["periode"] == "2020-01")]
    inw = referentie.officiele_bevolking().query("jaar == 2020").set_index("nis")["inwoners"]
    per_1000 = stand.set_index("nis")["aantal"] / inw.loc[stand["nis"]].to_numpy() * 1000
    ref = referentie.gemeenten_referentie().set_index("nis")
    assert 4 <= stand["aantal"].sum() / inw.drop(list(demo.DEMO_NIS)).sum() * 1000 <= 8
    stad = per_1000[ref.loc[per_1000.index, "centrumstad"].to_numpy()]
    platteland = per_1000[
        ref.loc[per_1000.index, "uitrustingsgraad_code"].str[0].eq("c").to_numpy()
    ]
    assert stad.median() > 2 * platteland.median()


def test_kalibratie_leest_jongeren_uit_de_officiele_klasse(kubus, officieel, bevolking, doelen):
    """Rule 5 reads the official age class -25 where it exists (20 more young people in the
    definitive August 2021 break it), and the own band 18-24 without official figures."""
    fout = officieel.copy()
    masker = (
        (fout["nis"] == "12025")
        & (fout["periode"] == "2021-08")
        & (fout["indicator"] == "leefloongerechtigden")
        & (fout["leeftijdsklasse"] == "-25")
    )
    assert masker.sum() == 1
    fout.loc[masker, "aantal"] += 20
    for officiele, geslaagd in ((fout, False), (officieel, True), (None, True)):
        controles = {
            c.nummer: c
            for c in kalibratie.controleer(
                _haal_uit(kubus, officiele), _bevolking_uit(bevolking), _doel_uit(doelen)
            )
        }
        assert controles[5].geslaagd is geslaagd, controles[5].gemeten
