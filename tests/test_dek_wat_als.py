"""Wat als? as a part of the council's deck (issue 16): `dek.ONDERDELEN["wat_als"]`, the
scenario from the link's codes, a native PowerPoint chart with the table's numbers at >= 18 pt,
the PDF, `--schermen wat_als --scenario` in the CLI and `?dek=wat_als` in the app."""

from __future__ import annotations

import io
import unicodedata

import pytest

from charts import export as export_
from data_access import db
from diensten import dek, export, prognose, wat_als

NIS = "12025"


@pytest.fixture(scope="module")
def engine(demo_url):
    motor = db.maak_engine(demo_url)
    yield motor
    motor.dispose()


@pytest.fixture(scope="module")
def model(engine):
    return prognose.bouw_model(engine)


@pytest.fixture(scope="module")
def periode(engine):
    return dek.standaard_periode(engine, NIS)


def _dia(engine, model, periode, query):
    van, tot = periode
    return dek.schermen_voor(
        engine, NIS, van, tot, keuze="wat_als", wat_als=wat_als.haak(model, query)
    )


def test_wat_als_is_een_onderdeel_van_het_dek():
    assert dek.ONDERDELEN["wat_als"][0] == "Wat als?"
    assert dek.onderdelen("pact,wat_als") == ("pact", "wat_als")
    assert "wat_als" not in dek.STANDAARD_ONDERDELEN  # a scenario is chosen, never implied


def test_dia_met_het_scenario_uit_de_link(engine, model, periode):
    [standaard] = _dia(engine, model, periode, None)
    assert standaard.sleutel == "wat-als"
    # without codes: the named scenario, its effect lands after the deadline and says so
    assert standaard.kop.startswith("Wat als? Extra jobhunters in Mechelen: het effect komt pas")
    assert "na de deadline (nov 2026)" in standaard.kop
    assert "Een scenario is een rekenvoorbeeld" in standaard.noten[0]
    [eigen] = _dia(engine, model, periode, {"sm_cap": "80", "tel_tot": "2027-09"})
    assert eigen.kop.startswith("Wat als? Eigen scenario in Mechelen: +")
    assert "tegen sep 2027" in eigen.kop
    tabel = eigen.tabel
    assert list(tabel.columns) == ["maand", wat_als.KOLOM_BRUTO, wat_als.KOLOM_NETTO]
    assert (tabel[wat_als.KOLOM_NETTO] <= tabel[wat_als.KOLOM_BRUTO] + 1e-9).all()
    assert tabel[wat_als.KOLOM_BRUTO].iloc[-1] > tabel[wat_als.KOLOM_BRUTO].iloc[0]
    # the table holds what the chart draws: the cumulative gross extra, month by month
    [bruto] = [t for t in eigen.fig.data if "bruto" in str(t.name).lower()]
    assert list(bruto.y) == pytest.approx(list(tabel[wat_als.KOLOM_BRUTO]), abs=0.051)


def test_pptx_heeft_een_bewerkbare_grafiek_van_minstens_18_punten(engine, model, periode):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.util import Pt

    van, tot = periode
    haak = wat_als.haak(model, {"sm_cap": "80", "tel_tot": "2027-09"})
    uit = export.bestand(engine, NIS, van, tot, "pptx", keuze=["wat_als"], wat_als=haak)
    deck = Presentation(io.BytesIO(uit.inhoud))
    [_, dia] = list(deck.slides)
    assert not [v for v in dia.shapes if v.shape_type == MSO_SHAPE_TYPE.PICTURE]
    [kader] = [v for v in dia.shapes if v.has_chart]
    [s] = _dia(engine, model, periode, {"sm_cap": "80", "tel_tot": "2027-09"})
    assert dia.shapes.title.text == export_.dia_zin(s)
    reeksen = {r.name: list(r.values) for r in kader.chart.plots[0].series}
    assert reeksen["Extra bruto (opgeteld)"] == pytest.approx(list(s.tabel[wat_als.KOLOM_BRUTO]))
    assert reeksen["Extra netto (opgeteld)"] == pytest.approx(list(s.tabel[wat_als.KOLOM_NETTO]))
    assert len(kader.chart.plots[0].categories) == len(s.tabel)
    ch = kader.chart
    assert ch.font.size >= Pt(18)
    for as_ in (ch.category_axis, ch.value_axis):
        assert as_.tick_labels.font.size >= Pt(18)
    for vorm in dia.shapes:
        if vorm.has_text_frame:
            for alinea in vorm.text_frame.paragraphs:
                for run in alinea.runs:
                    assert run.font.size is not None and run.font.size >= Pt(18), run.text


def test_pdf_met_de_wat_als_dia(engine, model, periode):
    from pypdf import PdfReader

    if export_.browser_pad() is None:
        pytest.fail("Chromium ontbreekt: scripts/systeempakketten.sh installeert het")
    van, tot = periode
    haak = wat_als.haak(model, None)
    uit = export.bestand(engine, NIS, van, tot, "pdf", keuze=["wat_als"], wat_als=haak)
    pdf = PdfReader(io.BytesIO(uit.inhoud))
    tekst = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pdf.pages))
    tekst = " ".join(tekst.split())
    assert "Wat als? Extra jobhunters in Mechelen" in tekst
    assert "Tabel bij: Wat het scenario verandert" in tekst


def test_cli_weigert_een_onbekend_scenario(demo_url, monkeypatch, tmp_path, capsys):
    from cli.main import main

    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_url)
    monkeypatch.chdir(tmp_path)
    basis = ["export", "--nis", NIS, "--format", "pptx", "--out", "d.pptx"]
    assert main([*basis, "--schermen", "wat_als", "--scenario", "toverstaf"]) == 2
    assert "Onbekend scenario 'toverstaf'; kies uit" in capsys.readouterr().err
    assert main([*basis, "--schermen", "wat_als", "--scenario", "sm_cap=30&x=1"]) == 2
    assert "Onbekende code 'x' in --scenario" in capsys.readouterr().err
    assert main([*basis, "--schermen", "trends", "--scenario", "extra_jobhunters"]) == 2
    assert "--scenario geldt alleen met het scherm wat_als" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


def test_cli_scenario_codes():
    from cli.export import scenario_codes

    assert scenario_codes("instroomschok_2026") == {"scenario": "instroomschok_2026"}
    assert scenario_codes("?sm_cap=30&tel_tot=2027-06") == {"sm_cap": "30", "tel_tot": "2027-06"}
    assert scenario_codes(None) == {}


def test_app_dek_wat_als_uit_de_link(demo_url, monkeypatch, klikken):
    """`?dek=wat_als&sm_cap=80` on Overzicht: the deck holds the Wat als? slide of that
    scenario (the PowerPoint built on click)."""
    from apptest_hulp import aangemeld, demo_omgeving
    from pptx import Presentation

    demo_omgeving(monkeypatch, demo_url)
    at = aangemeld("raad", {"gemeente": NIS, "dek": "wat_als", "sm_cap": "80"})
    assert not at.exception, at.exception
    assert list(at.multiselect(key="dek").value) == ["wat_als"]
    assert any("het scenario uit de link" in str(c.value) for c in at.caption)
    [knop] = [k for k in at.get("download_button") if k.key == "lfm_export_pptx"]
    deck = Presentation(io.BytesIO(klikken[knop.proto.deferred_file_id]()))
    [_, dia] = list(deck.slides)
    assert dia.shapes.title.text.startswith(
        "Wat als? Eigen scenario in Mechelen: het effect komt pas"
    )


def test_wat_als_pagina_linkt_naar_het_dek_met_het_scenario(demo_url, monkeypatch):
    """On Wat als?, one link opens Overzicht with the deck's Wat als? part and the codes of
    the scenario on the sliders."""
    from apptest_hulp import aangemeld, demo_omgeving

    demo_omgeving(monkeypatch, demo_url)
    at = aangemeld("raad", {"gemeente": NIS, "sm_cap": "80", "tel_tot": "2027-09"})
    at.switch_page("pages/4_Wat_als.py")
    at.run()
    assert not at.exception, at.exception
    [link] = [e for e in at.main.get("page_link") if "als dia voor de raad" in e.proto.label]
    query = dict(p.split("=", 1) for p in link.proto.query_string.split("&"))
    assert query == {"gemeente": NIS, "sm_cap": "80", "tel_tot": "2027-09", "dek": "wat_als"}
