"""Importer (README): every bad input rejected in Dutch, nothing written; releases; restore.

Runs on SQLite and on a real PostgreSQL server (fixture `leeg_engine`).
"""

import json
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from maak_bestanden import csv_bytes, kubusrijen, maanden, xlsx_bytes
from sqlalchemy import func, select

from data_access import importer, inlezen, queries
from data_access.schema import feit, release
from domein import SJABLOON_KOLOMMEN as KOLOMMEN

VANDAAG = date(2026, 11, 22)
MECHELEN = "12025"


def toestand(engine) -> tuple[int, int, int]:
    """What must not change after a rejected import: facts, active facts, releases."""
    with engine.connect() as conn:
        n_feit = conn.execute(select(func.count()).select_from(feit)).scalar_one()
        n_actief = conn.execute(
            select(func.count()).select_from(feit).where(feit.c.actief)
        ).scalar_one()
        n_release = conn.execute(select(func.count()).select_from(release)).scalar_one()
    return n_feit, n_actief, n_release


def importeer(engine, naam: str, inhoud: bytes, **kw):
    return importer.importeer_bytes(engine, [(naam, inhoud)], door="test", vandaag=VANDAAG, **kw)


@pytest.fixture
def gevulde_engine(leeg_engine):
    resultaat = importeer(
        leeg_engine, "basis.csv", csv_bytes(kubusrijen(MECHELEN, maanden("2024-01", 12)))
    )
    assert resultaat.geldig, resultaat.verslag()
    return leeg_engine


def test_geldig_bestand_wordt_een_release(leeg_engine):
    rijen = kubusrijen(MECHELEN, maanden("2024-01", 3))
    resultaat = importeer(leeg_engine, "jan-mrt.csv", csv_bytes(rijen))
    assert resultaat.geldig and resultaat.geschreven
    assert toestand(leeg_engine) == (len(rijen), len(rijen), 1)
    rel = queries.releases(leeg_engine).iloc[0]
    assert rel["bestand"] == "jan-mrt.csv" and rel["rijen"] == len(rijen) and rel["door"] == "test"
    assert len(rel["sha256"]) == 64
    reeks = queries.reeks(leeg_engine, MECHELEN, "leefloongerechtigden")
    assert list(reeks["periode"]) == ["2024-01", "2024-02", "2024-03"]
    assert int(reeks["waarde"].iloc[0]) == int(rijen[0][-1])


def test_proefimport_schrijft_niets(leeg_engine):
    resultaat = importeer(
        leeg_engine, "x.csv", csv_bytes(kubusrijen(MECHELEN, ["2024-01"])), dry_run=True
    )
    assert resultaat.geldig and not resultaat.geschreven
    assert toestand(leeg_engine) == (0, 0, 0)


def test_komma_windows1252_en_bom_worden_herkend(leeg_engine):
    rijen = kubusrijen(MECHELEN, ["2024-01"])
    for naam, inhoud in [
        ("komma.csv", csv_bytes(rijen, sep=",")),
        ("ansi.csv", csv_bytes(rijen, codering="cp1252")),
        ("bom.csv", b"\xef\xbb\xbf" + csv_bytes(rijen)),
        ("excel.xlsx", xlsx_bytes(rijen)),
    ]:
        resultaat = importeer(leeg_engine, naam, inhoud, dry_run=True)
        assert resultaat.geldig, (naam, resultaat.verslag())


def _gewijzigd(rijen, rij: int, kolom: int, waarde: str):
    kopie = [list(r) for r in rijen]
    kopie[rij][kolom] = waarde
    return kopie


GOED = kubusrijen(MECHELEN, maanden("2024-01", 2))


def _slechte_bestanden():
    """(name, bytes, a word the Dutch reason must contain) for every bad input of README."""
    tab = csv_bytes(GOED, sep="\t")
    komma_decimaal = csv_bytes(_gewijzigd(GOED, 3, 7, "4,5"))
    komma_in_kommabestand = csv_bytes(_gewijzigd(GOED, 3, 7, "4,5"), sep=",")
    ontbrekend = "\n".join(
        ";".join(r[:7])
        for r in [
            ["nis", "periode", "indicator", "doelgroep", "leeftijd", "pijler", "bestemming"],
            *GOED,
        ]
    ).encode()
    extra = csv_bytes([r + ["x"] for r in GOED], kop=(*KOLOMMEN, "extra"))
    return [
        ("tab.csv", tab, "scheidingsteken"),
        ("decimaal.csv", komma_decimaal, "geheel getal"),
        ("decimaal2.csv", komma_in_kommabestand, "velden"),
        (
            "utf16.csv",
            "\ufeff".encode("utf-16-le") + csv_bytes(GOED).decode().encode("utf-16-le"),
            "UTF-16",
        ),
        ("ontbreekt.csv", ontbrekend, "ontbreekt"),
        ("extra.csv", extra, "kolom"),
        ("nis.csv", csv_bytes(_gewijzigd(GOED, 0, 0, "99999")), "NIS"),
        ("nul.csv", csv_bytes(_gewijzigd(GOED, 0, 0, "2025")), "NIS"),
        ("code.csv", csv_bytes(_gewijzigd(GOED, 1, 4, "16-17")), "onbekende code"),
        ("negatief.csv", csv_bytes(_gewijzigd(GOED, 2, 7, "-3")), "geheel getal"),
        ("breuk.csv", csv_bytes(_gewijzigd(GOED, 2, 7, "2.5")), "geheel getal"),
        ("dubbel.csv", csv_bytes(GOED + [GOED[1]]), "dubbele rij"),
        ("toekomst.csv", csv_bytes(kubusrijen(MECHELEN, ["2027-01"])), "toekomst"),
        ("maand.csv", csv_bytes(_gewijzigd(GOED, 0, 1, "2024-13")), "maand"),
        ("som.csv", csv_bytes(_gewijzigd(GOED, 0, 7, "999")), "tellen op"),
        ("leeg.csv", b"", "leeg"),
        ("alleen_kop.csv", csv_bytes([]), "geen gegevensrijen"),
        ("groot.csv", b"nis;periode\n" + b"1" * (inlezen.MAX_BYTES + 10), "te groot"),
        ("binair.csv", bytes(range(256)) * 40, "geen tekstbestand"),
        ("formule.xlsx", xlsx_bytes(GOED, formule=True), "formules"),
        ("bladen.xlsx", xlsx_bytes(GOED, bladen=2), "tabbladen"),
        ("kapot.xlsx", inlezen.XLSX_MAGIE + b"kapot", "beschadigd"),
    ]


@pytest.mark.parametrize(
    "naam,inhoud,woord",
    _slechte_bestanden(),
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "",
)
def test_slechte_invoer_geweigerd_en_databank_ongewijzigd(gevulde_engine, naam, inhoud, woord):
    voor = toestand(gevulde_engine)
    voor_reeks = queries.reeks(gevulde_engine, MECHELEN, "leefloongerechtigden")
    resultaat = importeer(gevulde_engine, naam, inhoud)
    assert not resultaat.geldig and not resultaat.geschreven
    verslag = resultaat.verslag()
    assert woord.lower() in verslag.lower(), verslag
    assert "niets geschreven" in verslag
    assert toestand(gevulde_engine) == voor
    assert queries.reeks(gevulde_engine, MECHELEN, "leefloongerechtigden").equals(voor_reeks)


def test_fout_meldt_rij_kolom_en_waarde(leeg_engine):
    resultaat = importeer(leeg_engine, "x.csv", csv_bytes(_gewijzigd(GOED, 2, 7, "-3")))
    fout = next(f for f in resultaat.fouten if f.kolom == "aantal")
    assert (fout.rij, fout.waarde) == (4, "-3")  # header is line 1, data row index 2 is line 4
    assert fout.oplossing


def test_alle_fouten_worden_verzameld(leeg_engine):
    rijen = _gewijzigd(_gewijzigd(GOED, 2, 7, "-3"), 5, 0, "99999")
    resultaat = importeer(leeg_engine, "x.csv", csv_bytes(rijen))
    assert {f.rij for f in resultaat.fouten} >= {4, 7}


def test_rijbreedte_is_een_numpy_array_buiten_frame_attrs():
    """pandas deep-copies frame.attrs on nearly every operation (a list of 100k ints there made
    validating 3 large files take 5.8 s instead of 0.8 s), and pd.concat compares attrs."""
    import numpy as np
    import pandas as pd

    rijen = _gewijzigd(GOED, 3, 7, "4,5")  # one row gets a field too many in a ','-file
    ingelezen = inlezen.lees(csv_bytes(rijen, sep=","), "x.csv")
    assert isinstance(ingelezen.rijbreedte, np.ndarray)
    assert not ingelezen.frame.attrs  # nothing for pandas to copy
    assert ingelezen.rijbreedte.tolist() == [9 if i == 3 else 8 for i in range(len(GOED))]
    xlsx = inlezen.lees(xlsx_bytes(GOED), "x.xlsx")
    assert isinstance(xlsx.rijbreedte, np.ndarray) and set(xlsx.rijbreedte.tolist()) == {8}
    # the readers: the width check names the row, the preview concatenates frames of two files
    _, resultaat = importer.controleer_bestanden([("x.csv", csv_bytes(rijen, sep=","))])
    [fout] = [f for f in resultaat.fouten if "velden" in f.reden]
    assert (fout.rij, fout.waarde) == (5, "9 velden")
    assert len(pd.concat([ingelezen.frame, xlsx.frame])) == 2 * len(GOED)


def test_duizenden_goede_rijen_en_een_slechte_aan_het_einde(gevulde_engine):
    rijen = kubusrijen(MECHELEN, maanden("2019-01", 60)) + kubusrijen(
        "11016", maanden("2019-01", 60)
    )
    assert len(rijen) > 1000
    rijen[-1][7] = "-1"
    voor = toestand(gevulde_engine)
    resultaat = importeer(gevulde_engine, "groot.csv", csv_bytes(rijen))
    assert not resultaat.geldig
    assert [f.rij for f in resultaat.fouten if f.kolom == "aantal"] == [len(rijen) + 1]
    assert toestand(gevulde_engine) == voor


def test_herimport_maakt_nieuwe_release_en_herstel_geeft_oude_cijfers(gevulde_engine):
    oud = queries.reeks(gevulde_engine, MECHELEN, "leefloongerechtigden")
    oude_release = int(queries.releases(gevulde_engine)["id"].max())
    nieuw = kubusrijen(MECHELEN, ["2024-06"], basis=300)
    resultaat = importeer(gevulde_engine, "juni-correctie.csv", csv_bytes(nieuw))
    assert resultaat.geldig and resultaat.release_ids[0] > oude_release
    na = queries.reeks(gevulde_engine, MECHELEN, "leefloongerechtigden").set_index("periode")[
        "waarde"
    ]
    assert (
        int(na["2024-06"])
        == int(nieuw[0][-1])
        != int(oud.set_index("periode")["waarde"]["2024-06"])
    )
    assert len(na) == 12  # other months untouched
    importer.herstel(gevulde_engine, oude_release, door="test")
    terug = queries.reeks(gevulde_engine, MECHELEN, "leefloongerechtigden")
    assert terug.equals(oud)
    soorten = list(queries.releases(gevulde_engine)["soort"])
    assert soorten[0] == "herstel" and len(soorten) == 3


def test_cli_weigert_met_exitcode_2_en_schrijft_niets(tmp_path, monkeypatch):
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    goed = tmp_path / "goed.csv"
    goed.write_bytes(csv_bytes(kubusrijen(MECHELEN, ["2024-01"])))
    slecht = tmp_path / "slecht.csv"
    slecht.write_bytes(csv_bytes(_gewijzigd(GOED, 2, 7, "-3")))
    env = {"LEEFLOONMONITOR_DB": db_url, "PATH": "/usr/bin:/bin"}

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "cli.main", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    assert cli("import", str(goed)).returncode == 0
    weigering = cli("import", str(slecht))
    assert weigering.returncode == 2
    assert "geheel getal" in weigering.stderr and "rij 4" in weigering.stderr
    uit = cli("stats", "--nis", MECHELEN, "--indicator", "leefloongerechtigden", "--json")
    assert uit.returncode == 0, uit.stderr
    data = json.loads(uit.stdout)
    assert data["nis"] == MECHELEN and [s["period"] for s in data["series"]] == ["2024-01"]


# --- property-based: generated files ----------------------------------------------------------

aantallen = st.lists(st.integers(min_value=0, max_value=400), min_size=6, max_size=6)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(delen=st.lists(aantallen, min_size=1, max_size=4), sep=st.sampled_from([";", ","]))
def test_gegenereerde_geldige_bestanden_komen_exact_binnen(leeg_engine, delen, sep):
    periodes = maanden("2023-01", len(delen))
    rijen = []
    for periode, verdeling in zip(periodes, delen, strict=True):
        rijen.append(
            [
                MECHELEN,
                periode,
                "instroom",
                "totaal",
                "totaal",
                "totaal",
                "totaal",
                str(sum(verdeling)),
            ]
        )
        for band, aantal in zip(
            ("18-24", "25-34", "35-44", "45-54", "55-64", "65+"), verdeling, strict=True
        ):
            rijen.append(
                [MECHELEN, periode, "instroom", "totaal", band, "totaal", "totaal", str(aantal)]
            )
    resultaat = importeer(leeg_engine, "gen.csv", csv_bytes(rijen, sep=sep))
    assert resultaat.geldig, resultaat.verslag()
    reeks = queries.reeks(leeg_engine, MECHELEN, "instroom").set_index("periode")["waarde"]
    for periode, verdeling in zip(periodes, delen, strict=True):
        assert int(reeks[periode]) == sum(verdeling)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rij=st.integers(min_value=0, max_value=len(GOED) - 1),
    kolom=st.integers(min_value=0, max_value=7),
    rommel=st.sampled_from(["", "-1", "1,5", "abc", "2024-00", "99999", "1e3", "Ⅻ"]),
)
def test_een_gegenereerde_fout_weigert_het_hele_bestand(leeg_engine, rij, kolom, rommel):
    rijen = _gewijzigd(GOED, rij, kolom, rommel)
    if rijen == GOED:
        return
    voor = toestand(leeg_engine)
    resultaat = importeer(leeg_engine, "kapot.csv", csv_bytes(rijen))
    assert not resultaat.geldig
    assert all(f.reden for f in resultaat.fouten)
    assert toestand(leeg_engine) == voor
