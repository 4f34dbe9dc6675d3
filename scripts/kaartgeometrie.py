"""Build the screen geometry of the map: `gemeenten_2025_scherm.geojson` from the shipped
`gemeenten_2025.geojson` (sources and licence in data_access/referentiedata/BRONNEN.md).

    .venv/bin/python scripts/kaartgeometrie.py            # writes the file
    .venv/bin/python scripts/kaartgeometrie.py --controle # exit 1 when the file differs

The map of all 285 municipalities is drawn about 600-1,000 px wide: 200-400 m a pixel. The
source (50 m tolerance, 45,777 points) made a figure of 1.1 MB that the browser drew twice as
long as the page around it. Here every shared border is simplified ONCE for the whole coverage
(`shapely.coverage_simplify`: neighbours keep the same border, no gaps or overlaps), in a plane
at Flanders' latitude, then rounded to 4 decimals (about 10 m) without repeated points. The
result is checked before it is written: 285 municipalities, every one valid and with all its
parts (the enclaves of Baarle-Hertog, Voeren), the coverage still valid, the area of Flanders
kept. Needs shapely (the `[test]` extra); the app only reads the file.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

MAP = Path(__file__).resolve().parent.parent / "data_access" / "referentiedata"
BRON = MAP / "gemeenten_2025.geojson"
DOEL = MAP / "gemeenten_2025_scherm.geojson"
TOLERANTIE_M = 200  # about half a pixel on the page, one pixel on a projector
DECIMALEN = 4
_COS = math.cos(math.radians(51.0))
_M_PER_GRAAD = 111_320.0
ATTRIBUTIE = (
    "Statbel, statistische sectoren 2025, vereenvoudigd door provincies.incijfers.be "
    "(gebiedsniveaus, gemeente.shp); voor het scherm verder vereenvoudigd met "
    f"scripts/kaartgeometrie.py (gedeelde grenzen samen, tolerantie {TOLERANTIE_M} m)"
)


def _vlak(geom, terug: bool = False):
    """lon/lat ↔ a plane with equal metres in x and y at 51° N."""
    f = 1 / _COS if terug else _COS
    return shapely.transform(geom, lambda c: np.column_stack([c[:, 0] * f, c[:, 1]]))


def _afronden(ring: list) -> list:
    """A ring rounded to DECIMALEN, without repeated consecutive points, still closed."""
    uit: list = []
    for x, y in ring:
        p = [round(x, DECIMALEN), round(y, DECIMALEN)]
        if not uit or p != uit[-1]:
            uit.append(p)
    if uit[0] != uit[-1]:
        uit.append(uit[0])
    return uit


def _als_lijst(geom) -> dict:
    """GeoJSON geometry (Polygon or MultiPolygon) with rounded coordinates."""
    g = mapping(geom)
    if g["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [_afronden(r) for r in g["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[_afronden(r) for r in p] for p in g["coordinates"]],
    }


def _delen(geom) -> int:
    return len(geom.geoms) if hasattr(geom, "geoms") else 1


def vereenvoudig(bron: dict, tolerantie_m: float = TOLERANTIE_M) -> dict:
    """The screen geometry of `bron` (a FeatureCollection of the 285 municipalities)."""
    geoms = [_vlak(shape(f["geometry"])) for f in bron["features"]]
    eenvoudig = shapely.coverage_simplify(geoms, tolerantie_m / _M_PER_GRAAD)
    features = []
    for f, g in zip(bron["features"], eenvoudig, strict=True):
        geometrie = _als_lijst(_vlak(g, terug=True))
        features.append({"type": "Feature", "properties": f["properties"], "geometry": geometrie})
    return {"type": "FeatureCollection", "bron": ATTRIBUTIE, "features": features}


def fouten(bron: dict, scherm: dict, max_afwijking: float = 0.001) -> list[str]:
    """What is wrong with `scherm` as the screen form of `bron` (empty: nothing)."""
    uit = []
    b = {f["properties"]["nis"]: shape(f["geometry"]) for f in bron["features"]}
    s = {f["properties"]["nis"]: shape(f["geometry"]) for f in scherm["features"]}
    if set(b) != set(s) or len(scherm["features"]) != len(b):
        uit.append(f"{len(s)} gemeenten, verwacht {len(b)}")
    for nis in sorted(set(b) & set(s)):
        if not shapely.is_valid(s[nis]):
            uit.append(f"{nis}: ongeldig ({shapely.is_valid_reason(s[nis])})")
        if _delen(s[nis]) != _delen(b[nis]):
            uit.append(f"{nis}: {_delen(s[nis])} delen, bron {_delen(b[nis])}")
    vlak = [_vlak(s[n]) for n in sorted(s)]
    if not shapely.coverage_is_valid(vlak):
        uit.append("de gemeenten overlappen of laten gaten tussen buren")
    opp_b = sum(_vlak(g).area for g in b.values())
    opp_s = sum(g.area for g in vlak)
    if abs(opp_s / opp_b - 1) > max_afwijking:
        uit.append(f"oppervlakte {opp_s / opp_b:.4f} x de bron")
    return uit


def punten(collectie: dict) -> int:
    """The number of points of all rings of a FeatureCollection."""
    return sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in collectie["features"])


def tekst(scherm: dict) -> str:
    """The file's text: one feature a line (a readable diff), compact coordinates."""
    kop = json.dumps({k: v for k, v in scherm.items() if k != "features"}, ensure_ascii=False)
    regels = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in scherm["features"]]
    return kop[:-1] + ',"features":[\n' + ",\n".join(regels) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--controle", action="store_true", help="niets schrijven; 1 als het afwijkt")
    args = p.parse_args(argv)
    bron = json.loads(BRON.read_text(encoding="utf-8"))
    scherm = vereenvoudig(bron)
    problemen = fouten(bron, scherm)
    if problemen:
        print("Schermgeometrie niet geschreven:\n- " + "\n- ".join(problemen), file=sys.stderr)
        return 1
    nieuw = tekst(scherm)
    if args.controle:
        gelijk = DOEL.is_file() and DOEL.read_text(encoding="utf-8") == nieuw
        print("gelijk" if gelijk else f"{DOEL.name} wijkt af: opnieuw bouwen")
        return 0 if gelijk else 1
    DOEL.write_text(nieuw, encoding="utf-8")
    print(f"{DOEL.name}: {len(nieuw.encode()):,} bytes, {punten(scherm):,} punten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
