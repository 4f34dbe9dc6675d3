"""`pip install .` (docs/beheer-installatie.md) carries the whole product: every sub-package of
the floors and every data file they read, from pyproject.toml's own configuration."""

import fnmatch
import tomllib
from pathlib import Path

from setuptools import find_packages

REPO = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
VLOEREN = ("domein", "data_access", "charts", "forecasting", "diensten", "ui", "cli")


def _pakketten_in_de_boom() -> set[str]:
    return {
        ".".join(init.parent.relative_to(REPO).parts)
        for vloer in VLOEREN
        for init in (REPO / vloer).rglob("__init__.py")
    }


def test_elk_subpakket_zit_in_de_installatie():
    gevonden = set(find_packages(where=str(REPO), **CONFIG["packages"]["find"]))
    assert _pakketten_in_de_boom() <= gevonden
    assert {"data_access.suppression", "data_access.formaten", "ui.beheer"} <= gevonden
    assert not any(p.split(".")[0] in ("tests", "bench", "deploy", "pages") for p in gevonden)


def test_elk_gegevensbestand_zit_in_de_installatie():
    patronen = CONFIG["package-data"]
    ontbreekt = []
    for vloer in VLOEREN:
        for pad in (REPO / vloer).rglob("*"):
            if not pad.is_file() or pad.suffix in (".py", ".pyc") or "__pycache__" in pad.parts:
                continue
            relatief = pad.relative_to(REPO / vloer).as_posix()
            if not any(fnmatch.fnmatch(relatief, p) for p in patronen.get(vloer, [])):
                ontbreekt.append(f"{vloer}/{relatief}")
    assert not ontbreekt, ontbreekt
