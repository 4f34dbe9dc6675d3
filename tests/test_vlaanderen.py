"""All 285 Flemish municipalities: the shipped reference data, the official population under
every per-1,000 figure (and the year it borrows), the map and the activation rate — on SQLite
and PostgreSQL (the data fixtures run on both)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from maak_bestanden import csv_bytes, een_werkbestemming_rijen

import domein
from charts import kaart, reeksen
from data_access import importer, queries, referentie

MECHELEN, ESSEN, AARTSELAAR, BOECHOUT = "12025", "11016", "11001", "11004"


# --- reference data --------------------------------------------------------------------------
def test_referentie_285_gemeenten_met_indelingen():
    ref = referentie.gemeenten_referentie()
    assert len(ref) == 285 and ref["nis"].is_unique
    assert ref["provincie"].value_counts().to_dict() == {
        "Antwerpen": 67,
        "Vlaams-Brabant": 63,
        "West-Vlaanderen": 62,
        "Oost-Vlaanderen": 55,
        "Limburg": 38,
    }
    assert ref["centrumstad"].sum() == 13 and ref.set_index("nis").loc[MECHELEN, "centrumstad"]
    # a 2025 merger keeps its predecessors: Antwerpen = Antwerpen + Borsbeek
    assert ref.set_index("nis").loc["11002", "voorgangers"] == ("11002", "11007")
    grenzen = referentie.grenzen()
    assert {f["properties"]["nis"] for f in grenzen["features"]} == set(ref["nis"])


def test_officiele_bevolking_2015_2020():
    bev = referentie.officiele_bevolking().set_index(["nis", "jaar"])["inwoners"]
    assert [bev[(MECHELEN, j)] for j in range(2015, 2021)] == [
        83975,
        84523,
        85665,
        86304,
        86616,
        86921,
    ]
    assert bev[(ESSEN, 2020)] == 19162
    assert bev.xs(2020, level="jaar").sum() == 6_629_143  # Vlaams Gewest on 1 January 2020


# --- population under per-1,000 figures ---------------------------------------------------------
def test_bevolking_officieel_aangevuld_met_ingevoerde_jaren(demo_engine):
    bev = queries.bevolking(demo_engine, [AARTSELAAR, MECHELEN])
    aartselaar = bev[bev["nis"] == AARTSELAAR]
    assert list(aartselaar["jaar"]) == list(range(2015, 2021)) and aartselaar["officieel"].all()
    mechelen = bev[bev["nis"] == MECHELEN].set_index("jaar")
    assert mechelen.loc[2020, "inwoners"] == 86921
    assert not mechelen.loc[2024, "officieel"] and mechelen.loc[2015, "officieel"]


def test_per_1000_zegt_welk_bevolkingsjaar(demo_engine):
    frame = queries.reeksen(demo_engine, [AARTSELAAR], "leefloongerechtigden", "2019-01", "2023-12")
    met = queries.per_1000(frame, queries.bevolking(demo_engine, [AARTSELAAR]))
    rij = met[met["periode"] == "2023-06"].iloc[0]
    assert rij["bevolkingsjaar"] == 2020
    assert rij["per_1000"] == pytest.approx(rij["waarde"] / rij["inwoners"] * 1000)
    assert met[met["periode"] == "2019-06"]["bevolkingsjaar"].iloc[0] == 2019
    noot = reeksen.bevolkingsnoot(met)
    assert noot == (
        "Inwoners op 1 januari van hetzelfde jaar (Statbel 2015–2020; latere jaren uit een "
        "ingevoerd bevolkingsbestand); voor 2021–2023: 2020 (laatst bekende jaar)."
    )


# --- the map ---------------------------------------------------------------------------------
def test_maandstand_van_alle_gemeenten(demo_engine):
    stand = queries.maandstand(demo_engine, "leefloongerechtigden", "2026-09")
    assert len(stand) == 285
    reeks = queries.reeks(demo_engine, MECHELEN, "leefloongerechtigden")
    assert (
        stand.set_index("nis").loc[MECHELEN, "waarde"]
        == reeks.set_index("periode").loc["2026-09", "waarde"]
    )


def _kaartframe():
    return pd.DataFrame(
        {
            "nis": [MECHELEN, ESSEN, AARTSELAAR],
            "naam": ["Mechelen", "Essen", "Aartselaar"],
            "aantal": [1279, 3, None],
            "maat": [14.2, 0.2, None],
            "status": [domein.GETOOND, domein.AFGESCHERMD, domein.GEEN_GEGEVENS],
        }
    )


def _ringen(trace) -> int:
    x = np.asarray(trace.x, dtype=float)
    return int(np.isnan(x).sum())


def _tips(fig) -> list[str]:
    """Every municipality's tooltip as plotly shows it: the template over its customdata."""
    t = next(t for t in fig.data if t.name == "gemeenten")
    return [
        t.hovertemplate.replace("%{customdata[0]}", naam).replace("%{customdata[1]}", regel)
        for naam, regel in t.customdata
    ]


def test_kaart_markeert_afgeschermd_en_kleurt_het_niet():
    fig = kaart.kaart(
        _kaartframe(),
        referentie.grenzen(),
        titel="Leefloongerechtigden",
        eenheid="per 1.000 inwoners",
        bron="test",
        teldefinitie="maandstand",
        laatste_maand="2026-09",
        eigen=MECHELEN,
    )
    vlakken = {t.name: t for t in fig.data if t.fill == "toself"}
    grijs = vlakken[domein.STATUS_LABEL[domein.AFGESCHERMD]]
    assert grijs.fillcolor == kaart.KLEUR_AFGESCHERMD and grijs.showlegend
    klassen = [t for t in fig.data if t.fill == "toself" and t.fillcolor in kaart.KLEUREN]
    # only Mechelen is coloured: the coloured traces hold exactly its rings
    assert sum(_ringen(t) for t in klassen) == len(kaart.vormen(referentie.grenzen())[MECHELEN])
    # 282 municipalities absent from the frame count as "geen gegevens", with Aartselaar
    wit = vlakken[domein.STATUS_LABEL[domein.GEEN_GEGEVENS]]
    vormen = kaart.vormen(referentie.grenzen())
    zonder = [n for n in vormen if n not in (MECHELEN, ESSEN)]
    assert _ringen(wit) == sum(len(vormen[n]) for n in zonder)
    assert "Mechelen (eigen gemeente)" in vlakken
    tips = _tips(fig)
    assert len(tips) == 3 and all("teldefinitie: maandstand" in t for t in tips)
    essen = next(t for t in tips if "Essen" in t)
    assert "afgeschermd" in essen and "0,2" not in essen and "aantal:" not in essen
    assert any("14,2 per 1.000 inwoners" in t and "aantal: 1.279" in t for t in tips)


# --- the activation rate ---------------------------------------------------------------------
def test_activeringsgraad_uit_totalen_en_vrijgegeven_tegels(demo_engine):
    graad = queries.activeringsgraad(demo_engine, [ESSEN, AARTSELAAR], 2023).set_index("nis")
    essen = graad.loc[ESSEN]
    # Essen 2023: more than 50% activated, most of them into work (published: 70%)
    assert essen["geactiveerd"] > 0.5 and 0.6 <= essen["aan_het_werk"] <= 0.8
    tegels = queries.werk_per_kwartaal(demo_engine, ESSEN)
    jaar = tegels[tegels["venster"].str.startswith("2023")]
    assert len(jaar) == 4 and essen["werk"] == jaar["waarde"].sum()
    assert essen["status_werk"] == domein.GETOOND
    # a municipality with totals only: activated share known, work unknown (never 0)
    assert graad.loc[AARTSELAAR, "status_geactiveerd"] == domein.GETOOND
    assert graad.loc[AARTSELAAR, "status_werk"] == domein.GEEN_GEGEVENS
    assert pd.isna(graad.loc[AARTSELAAR, "werk"])


def test_activeringsgraad_afgeschermd_als_werk_niet_vrijgegeven_kan(leeg_engine):
    resultaat = importer.importeer_bytes(
        leeg_engine,
        [("boechout.csv", csv_bytes(een_werkbestemming_rijen(BOECHOUT)))],
        door="test",
        vandaag=date(2026, 11, 1),
    )
    assert resultaat.geldig, resultaat.verslag()
    rij = queries.activeringsgraad(leeg_engine, [BOECHOUT], 2023).iloc[0]
    assert rij["geactiveerd"] == pytest.approx(36 / 20)
    assert rij["status_werk"] == domein.AFGESCHERMD and pd.isna(rij["werk"])


def test_niveaureeks_is_de_som_over_de_groep(demo_engine):
    groepen = referentie.niveaugroepen(MECHELEN)
    assert groepen["provincie"][0] == "Provincie Antwerpen" and len(groepen["provincie"][1]) == 67
    assert len(groepen["centrumsteden"][1]) == 13
    leden = groepen["referentieregio"][1]
    niveau = queries.niveaureeks(demo_engine, leden, "leefloongerechtigden").set_index("periode")
    los = queries.per_1000(
        queries.reeksen(demo_engine, leden, "leefloongerechtigden"),
        queries.bevolking(demo_engine, leden),
    )
    for periode in ("2019-01", "2023-06", "2026-09"):
        maand = los[los["periode"] == periode]
        assert niveau.loc[periode, "waarde"] == maand["waarde"].sum()
        assert niveau.loc[periode, "inwoners"] == maand["inwoners"].sum()
        assert niveau.loc[periode, "gemeenten"] == len(leden)
    # instroom: only 3 municipalities deliver it, so the Flemish level covers a part only
    vl = queries.niveaureeks(demo_engine, groepen["vlaanderen"][1], "instroom")
    assert (vl["gemeenten"] == 3).all()


def test_kaart_in_het_dek_als_afbeelding(demo_engine):
    """The map is a deck part (`--schermen kaart`): a picture on its slide (no native
    PowerPoint form), the headline in the notes; the default comparison of the deck stays with
    the municipalities that deliver their full data."""
    import io

    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from charts import export
    from diensten import dek

    [scherm] = dek.schermen_voor(demo_engine, MECHELEN, "2024-10", "2026-09", keuze="kaart")
    assert scherm.sleutel == "kaart-leefloongerechtigden" and "Vlaams Gewest" in scherm.kop
    assert export.grafiek(scherm) is None
    deck = Presentation(io.BytesIO(export.naar_pptx([scherm], titel="Kaart")))
    dia = list(deck.slides)[1]
    assert any(v.shape_type == MSO_SHAPE_TYPE.PICTURE for v in dia.shapes)
    assert scherm.kop in dia.notes_slide.notes_text_frame.text
    [overzicht] = dek.schermen_voor(demo_engine, MECHELEN, "2024-10", "2026-09", keuze="overzicht")
    assert set(overzicht.tabel.columns) >= {"Mechelen", "Essen", "Lier"}
    assert "Aalst" not in overzicht.tabel.columns


def test_activeringsgraad_in_een_keer_gelijk_aan_de_vrijgegeven_kwartalen(demo_engine):
    """The batched work figure equals the sum of the quarter tiles `werk_per_kwartaal`
    releases, for every municipality with destinations and several years."""
    for jaar in (2020, 2022, 2025):
        graad = queries.activeringsgraad(demo_engine, [MECHELEN, ESSEN, "12021"], jaar)
        for rij in graad.itertuples(index=False):
            tegels = queries.werk_per_kwartaal(demo_engine, rij.nis)
            jaartegels = tegels[tegels["venster"].str.startswith(str(jaar))]
            assert len(jaartegels) == 4
            assert rij.werk == jaartegels["waarde"].sum(), (rij.nis, jaar)
