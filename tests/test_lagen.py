"""The floors of the house, read from the source (docs/architectuur.md):

```
app.py, pages/   face 1 (Streamlit): thin pages; no database reader of their own
cli/             face 2: imports downward only, no Streamlit
ui/              Streamlit only: every file imports streamlit; caches only in ui/cache.py
diensten/        composition per municipality, no Streamlit
charts/  forecasting/  data_access/   only themselves and domein/
domein/          the bottom floor: imports nothing of ours
```

Every import counts, also one inside a function; such a function-level import of a project
module needs its reason in a comment (on its line or the line above). No import cycle between
files. `schendingen(root)` is also run on small fixture trees with one violation each, so the
test is seen to fail on every kind of violation.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

ONDER = {"domein", "data_access", "forecasting", "charts"}
MAG_IMPORTEREN: dict[str, set[str]] = {
    "domein": set(),
    "data_access": {"domein"},
    "forecasting": {"domein"},
    "charts": {"domein"},
    "diensten": ONDER,
    "ui": ONDER | {"diensten"},
    "cli": ONDER | {"diensten"},
    "pages": ONDER | {"diensten", "ui"},
    "app": ONDER | {"diensten", "ui"},
}
MET_STREAMLIT = {"ui", "pages", "app"}
# Pages read through ui/cache.py (cached, keyed on the data version, through the fault handler).
LEZERS = {"data_access.queries", "data_access.db"}


def _verdieping(rel: Path) -> str | None:
    if rel.parts[0] in MAG_IMPORTEREN and len(rel.parts) > 1:
        return rel.parts[0]
    return "app" if rel.as_posix() == "app.py" else None


def _module(rel: Path) -> str:
    delen = list(rel.with_suffix("").parts)
    if delen[-1] == "__init__":
        delen.pop()
    return ".".join(delen)


def _bestanden(root: Path) -> dict[str, Path]:
    uit = {}
    for pad in sorted(root.rglob("*.py")):
        rel = pad.relative_to(root)
        if _verdieping(rel) is not None:
            uit[_module(rel)] = rel
    return uit


def _imports(boom: ast.Module, module: str, is_pakket: bool):
    """(imported module, line, inside a function?) for every import of the file."""
    binnen: set[int] = set()
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.FunctionDef | ast.AsyncFunctionDef):
            binnen |= {id(k) for k in ast.walk(knoop)} - {id(knoop)}
    for knoop in ast.walk(boom):
        if isinstance(knoop, ast.Import):
            for alias in knoop.names:
                yield alias.name, knoop.lineno, id(knoop) in binnen
        elif isinstance(knoop, ast.ImportFrom):
            basis = knoop.module or ""
            if knoop.level:
                pakket = module.split(".") if is_pakket else module.split(".")[:-1]
                pakket = pakket[: len(pakket) - knoop.level + 1]
                basis = ".".join([*pakket, basis] if basis else pakket)
            for alias in knoop.names:
                yield f"{basis}.{alias.name}", knoop.lineno, id(knoop) in binnen


def _doel(naam: str, modules: dict[str, Path]) -> str | None:
    """The project module `naam` refers to (`pakket.naam` may be a name in `pakket`)."""
    while naam:
        if naam in modules:
            return naam
        naam = naam.rpartition(".")[0]
    return None


def _declareert_cache(tekst: str) -> bool:
    """A function decorated with st.cache_data / st.cache_resource."""
    for knoop in ast.walk(ast.parse(tekst)):
        if isinstance(knoop, ast.FunctionDef | ast.AsyncFunctionDef):
            for d in knoop.decorator_list:
                naam = ast.unparse(d.func if isinstance(d, ast.Call) else d)
                if naam.endswith(("cache_data", "cache_resource")):
                    return True
    return False


def _heeft_reden(regels: list[str], regel: int) -> bool:
    """A comment on the import's line, or above the block of imports it belongs to."""
    if "#" in regels[regel]:
        return True
    regel -= 1
    while regel > 0 and regels[regel].strip().startswith(("from ", "import ")):
        regel -= 1
    return regels[regel].strip().startswith("#")


def schendingen(root: Path) -> list[str]:
    modules = _bestanden(root)
    fouten: list[str] = []
    graaf: dict[str, set[str]] = {m: set() for m in modules}
    for module, rel in modules.items():
        tekst = (root / rel).read_text(encoding="utf-8")
        regels = ["", *tekst.splitlines()]
        verdieping = _verdieping(rel)
        streamlit = False
        for naam, regel, in_functie in _imports(ast.parse(tekst), module, rel.stem == "__init__"):
            plaats = f"{rel}:{regel}"
            if naam.split(".")[0] == "streamlit":
                streamlit = True
                if verdieping not in MET_STREAMLIT:
                    fouten.append(f"{plaats}: streamlit buiten ui/, pages/ en app.py")
                continue
            doel = _doel(naam, modules)
            if doel is None:
                continue
            doel_verdieping = _verdieping(modules[doel])
            if doel_verdieping != verdieping and doel_verdieping not in MAG_IMPORTEREN[verdieping]:
                fouten.append(f"{plaats}: {verdieping} importeert {doel} ({doel_verdieping})")
            if verdieping in {"pages", "app"} and doel in LEZERS:
                fouten.append(f"{plaats}: pagina leest zelf de databank ({doel}); via ui.cache")
            if in_functie and not _heeft_reden(regels, regel):
                fouten.append(f"{plaats}: import in een functie zonder reden ({doel})")
            if doel != module:
                graaf[module].add(doel)
        if rel.as_posix() != "ui/cache.py" and _declareert_cache(tekst):
            fouten.append(f"{rel}: Streamlit-cache buiten ui/cache.py (de enige adapter)")
        if verdieping == "ui" and rel.name != "__init__.py" and not streamlit:
            fouten.append(f"{rel}: bestand in ui/ zonder streamlit (hoort in diensten/)")
    fouten += [f"importcyclus: {' -> '.join(c)}" for c in _cycli(graaf)]
    return list(dict.fromkeys(fouten))


def _cycli(graaf: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one file (Tarjan)."""
    index: dict[str, int] = {}
    laag: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []

    def bezoek(v: str) -> None:
        index[v] = laag[v] = len(index)
        stapel.append(v)
        op_stapel.add(v)
        for w in sorted(graaf[v]):
            if w not in index:
                bezoek(w)
                laag[v] = min(laag[v], laag[w])
            elif w in op_stapel:
                laag[v] = min(laag[v], index[w])
        if laag[v] == index[v]:
            component = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                uit.append(sorted(component))

    for v in sorted(graaf):
        if v not in index:
            bezoek(v)
    return uit


def test_het_huis_houdt_zich_aan_de_verdiepingen():
    assert schendingen(REPO) == []


def _boom(tmp_path: Path, bestanden: dict[str, str]) -> Path:
    basis = {
        "domein/__init__.py": "X = 1\n",
        "data_access/__init__.py": "",
        "data_access/queries.py": "import domein\n",
        "charts/__init__.py": "",
        "forecasting/__init__.py": "",
        "diensten/__init__.py": "",
        "ui/__init__.py": "",
        "ui/cache.py": "import streamlit as st\nfrom data_access import queries\n",
        "cli/__init__.py": "",
        "pages/1_A.py": "from ui import cache\n",
        "app.py": "import streamlit as st\nfrom ui import cache\n",
    }
    for pad, tekst in {**basis, **bestanden}.items():
        (tmp_path / pad).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / pad).write_text(tekst)
    return tmp_path


def test_een_schone_fixtureboom_geeft_niets(tmp_path):
    assert schendingen(_boom(tmp_path, {})) == []


@pytest.mark.parametrize(
    ("bestanden", "verwacht"),
    [
        # the vocabulary in the data layer, read by charts (today's charts -> data_access.domein)
        ({"charts/tijd.py": "from data_access import queries\n"}, "charts importeert"),
        # the CLI in data_access importing upward (cli_extra -> ui.dek)
        ({"data_access/cli.py": "def f():\n    from ui import cache\n"}, "data_access importeert"),
        # a pure model folder reading the database (forecasting/gemeente.py)
        ({"forecasting/gemeente.py": "from data_access import queries\n"}, "forecasting"),
        # Streamlit outside its floors
        ({"diensten/dek.py": "import sys\nimport streamlit\n"}, "streamlit buiten"),
        # a Streamlit-free file in ui/ (ui/dek.py, ui/prognose_scherm.py)
        ({"ui/dek.py": "from diensten import x\n", "diensten/x.py": ""}, "zonder streamlit"),
        # the CLI cycle cli.py <-> cli_extra.py
        (
            {
                "cli/a.py": "from cli import b\n",
                "cli/b.py": "def f():\n    from cli import a  # x\n",
            },
            "importcyclus",
        ),
        # a page reading the database itself (pages/4_Wat_als.py)
        ({"pages/4_B.py": "from data_access import queries\n"}, "leest zelf de databank"),
        # a function-level import without a reason
        ({"diensten/y.py": "def f():\n    import domein\n"}, "zonder reden"),
        # a Streamlit cache outside the one adapter (ui/prognose.py, ui/exporteer.py, ...)
        (
            {"ui/prognose.py": "import streamlit as st\n@st.cache_data(ttl=1)\ndef f(): ...\n"},
            "Streamlit-cache buiten",
        ),
        # the bottom floor importing upward
        ({"domein/maanden.py": "from data_access import queries\n"}, "domein importeert"),
    ],
)
def test_elke_soort_schending_wordt_gevonden(tmp_path, bestanden, verwacht):
    fouten = schendingen(_boom(tmp_path, bestanden))
    assert any(verwacht in f for f in fouten), fouten
