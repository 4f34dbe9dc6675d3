"""The map's screen geometry and the size of the map figure (issue 20: the map's first paint
within 1.5x a page with one line chart; bench/browser_tijden.py measures it, bench/README.md).

The screen geometry `gemeenten_2025_scherm.geojson` is built by scripts/kaartgeometrie.py from
the shipped boundaries: it must stay a valid map of all 285 municipalities (every one a valid
polygon with all its parts, neighbours sharing their borders, the area of Flanders kept) and
small. The figure sent to the browser must stay small and free of typed arrays: plotly.js decodes
a typed array anew on every `Plotly.react`, and Streamlit's second render of the chart then
redrew all polygons."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
import shapely
from shapely.geometry import shape

import domein
from charts import kaart
from data_access import referentie
from diensten import kaart as dienst_kaart

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "kaartgeometrie", REPO / "scripts" / "kaartgeometrie.py"
)
kaartgeometrie = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kaartgeometrie)

#: budgets of the shipped screen geometry and of the map figure (JSON as Streamlit sends it)
MAX_PUNTEN = 16_000
MAX_BYTES_GEOMETRIE = 300_000
MAX_BYTES_FIGUUR = 350_000
_COS = math.cos(math.radians(51.0))


def _vlak(geom):
    return shapely.transform(geom, lambda c: np.column_stack([c[:, 0] * _COS, c[:, 1]]))


def _delen(geom) -> int:
    return len(geom.geoms) if hasattr(geom, "geoms") else 1


def _per_nis(collectie: dict) -> dict:
    return {f["properties"]["nis"]: _vlak(shape(f["geometry"])) for f in collectie["features"]}


def test_schermgeometrie_is_een_geldige_kaart_van_alle_gemeenten():
    bron = _per_nis(referentie.grenzen())
    scherm = _per_nis(referentie.grenzen_scherm())
    assert set(scherm) == set(referentie.gemeenten_referentie()["nis"]) and len(scherm) == 285
    verschillen = []
    for nis, geom in scherm.items():
        assert shapely.is_valid(geom), (nis, shapely.is_valid_reason(geom))
        assert _delen(geom) == _delen(bron[nis]), nis  # the enclaves of Baarle-Hertog, Voeren
        verschillen.append(geom.symmetric_difference(bron[nis]).area / bron[nis].area)
    # every municipality keeps its shape: a median of 2% of its area moved, at most a quarter
    # for the smallest (Baarle-Hertog's 26 enclaves of 7 km² in all: 18%; Herstappe, 1 km²: 10%)
    assert np.median(verschillen) < 0.03 and max(verschillen) < 0.25
    # neighbours share their borders: no overlap, no gap between them
    assert shapely.coverage_is_valid(list(scherm.values()))
    oppervlakte = sum(g.area for g in scherm.values()) / sum(g.area for g in bron.values())
    assert oppervlakte == pytest.approx(1, abs=0.001)


def test_schermgeometrie_is_klein_en_draagt_haar_bron():
    pad = referentie.MAP / "gemeenten_2025_scherm.geojson"
    scherm = referentie.grenzen_scherm()
    punten = kaartgeometrie.punten(scherm)
    assert punten < MAX_PUNTEN and punten < kaartgeometrie.punten(referentie.grenzen()) / 3
    assert pad.stat().st_size < MAX_BYTES_GEOMETRIE
    assert "Statbel" in scherm["bron"] and "provincies.incijfers.be" in scherm["bron"]


def test_schermgeometrie_is_wat_het_script_bouwt(capsys):
    assert kaartgeometrie.main(["--controle"]) == 0, capsys.readouterr().out


def test_het_script_schrijft_geen_kapotte_kaart():
    bron = referentie.grenzen()
    scherm = json.loads(json.dumps(referentie.grenzen_scherm()))
    ring = scherm["features"][0]["geometry"]["coordinates"][0]
    (x0, y0), (x1, y1) = ring[0], ring[len(ring) // 2]
    # a bow tie: crosses itself
    scherm["features"][0]["geometry"]["coordinates"][0] = [
        [x0, y0],
        [x1, y1],
        [x1, y0],
        [x0, y1],
        [x0, y0],
    ]
    del scherm["features"][-1]
    problemen = kaartgeometrie.fouten(bron, scherm)
    assert any("284 gemeenten" in p for p in problemen)
    assert any(p.startswith("11001: ongeldig") for p in problemen)


def _alle_gemeenten() -> pd.DataFrame:
    """A figure for every municipality (the heaviest map: all coloured), as the page builds it."""
    namen = dienst_kaart.namen()
    rng = np.random.default_rng(20)
    frame = pd.DataFrame(
        {
            "nis": list(namen),
            "periode": "2026-09",
            "waarde": rng.integers(5, 500, len(namen)).astype(float),
            "inwoners": rng.integers(5_000, 90_000, len(namen)).astype(float),
            "bevolkingsjaar": 2020,
        }
    )
    return frame.assign(per_1000=frame["waarde"] / frame["inwoners"] * 1000)


def test_kaartfiguur_is_klein_zonder_getypte_arrays_en_met_elke_gemeente():
    scherm = dienst_kaart.kaart_scherm(
        _alle_gemeenten(),
        indicator="leefloongerechtigden",
        periode="2026-09",
        eigen="12025",
        bron="test",
    )
    spec = pio.to_json(scherm.fig, validate=False)  # what st.plotly_chart sends
    assert len(spec) < MAX_BYTES_FIGUUR, len(spec)
    assert '"bdata"' not in spec  # plain numbers: Streamlit's second render does not redraw
    # the count definition in the tooltip template, footnote and metadata: not once per
    # municipality (285 times)
    assert spec.count(json.dumps(domein.TELDEFINITIE["leefloongerechtigden"])[1:-1]) < 10
    vlakken = [t for t in scherm.fig.data if t.fill == "toself" and "eigen" not in t.name]
    ringen = sum(int(np.isnan(np.asarray(t.x, dtype=float)).sum()) for t in vlakken)
    vormen = kaart.vormen(referentie.grenzen_scherm())
    assert ringen == sum(len(r) for r in vormen.values())  # every municipality is drawn
    assert len(next(t for t in scherm.fig.data if t.name == "gemeenten").customdata) == 285
