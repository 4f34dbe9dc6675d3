"""Names from data are shown as text, never as Markdown (issue 15): an editor's target name,
an uploaded municipality name, a user's name, an uploaded file name. In the AppTest every
element that Streamlit renders as Markdown is checked for Markdown that would still work; the
browser test (tests/browser/test_tekst_uit_data_browser.py) checks what Chromium shows.
"""

import re
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from data_access import db
from data_access.schema import doel, gemeente
from data_access.toegang import Gebruiker
from ui import auth, guard, weergave

REPO = db.REPO
MECHELEN = "12025"
DOELNAAM = "![x](http://127.0.0.1:9/x.png) **vet**"
GEMEENTENAAM = "Mechelen [klik](http://127.0.0.1:9/g) _schuin_"
GEBRUIKERSNAAM = "<img src=http://127.0.0.1:9/u.png> *Jan*"
BRON = "# Kop\n- lijst :red[rood] $x^2$ www.voorbeeld.be jan@voorbeeld.be"

# the Markdown elements of a page (and the labels Streamlit renders as Markdown)
SOORTEN = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")


def markdown_bronnen(at: AppTest) -> list[str]:
    bronnen = [str(e.value) for soort in SOORTEN for e in at.get(soort)]
    bronnen += [str(e.value) for e in at.success]
    bronnen += [e.label for e in at.expander]
    return bronnen


# The Markdown in those names, each piece as it reads when it still works
WERKEND = ("![x](", "**vet**", "[klik](", "_schuin_", "<img", "*Jan*", "# Kop", "- lijst")
WERKEND += (":red[", "$x^2$", "www.voorbeeld", "jan@voorbeeld")


def werkende_markdown(bron: str) -> list[str]:
    """The pieces of the names' Markdown that still work in `bron` (an escaped character is
    literal text, so it is taken out first)."""
    kaal = re.sub(r"\\.", "", bron)
    return [stuk for stuk in WERKEND if stuk in kaal]


def autolinks(bron: str) -> list[str]:
    """What GFM would still turn into a link once the escapes are resolved."""
    tekst = re.sub(r"\\(.)", r"\1", bron)
    return re.findall(r"(?i)https?://|www\.|\w@\w", tekst)


def zichtbaar(bron: str) -> str:
    """What a reader sees: escapes resolved, the invisible word joiners left out."""
    return re.sub(r"\\(.)", r"\1", bron).replace(weergave.WOORDVERBINDER, "")


@pytest.fixture
def engine(demo_url, tmp_path, monkeypatch):
    """A copy of the demo database with a target, a municipality named as an attacker would."""
    pad = tmp_path / "demo.db"
    with sqlite3.connect(Path(demo_url.removeprefix("sqlite:///"))) as van:
        with sqlite3.connect(pad) as naar:
            van.backup(naar)
    url = f"sqlite:///{pad}"
    eng = db.get_engine(url)
    with eng.begin() as conn:
        conn.execute(update(doel).where(doel.c.nis == MECHELEN).values(naam=DOELNAAM, bron=BRON))
        conn.execute(update(gemeente).where(gemeente.c.nis == MECHELEN).values(naam=GEMEENTENAAM))
    monkeypatch.setenv("LEEFLOONMONITOR_DB", url)
    monkeypatch.delenv("LEEFLOONMONITOR_COOKIE_KEY", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    guard.vergeet_caches()
    yield eng
    st.cache_data.clear()
    st.cache_resource.clear()


def pagina(pad: str, gebruiker: Gebruiker, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / pad), default_timeout=120)
    at.session_state[auth.GEBRUIKER] = gebruiker
    at.session_state[auth.SINDS] = datetime.now(UTC)
    at.session_state[auth.GECONTROLEERD] = time.monotonic()
    for sleutel, waarde in (query or {}).items():
        at.query_params[sleutel] = waarde
    at.run()
    assert not at.exception, at.exception
    return at


RAAD = Gebruiker("raad", GEBRUIKERSNAAM, frozenset({"viewer"}), frozenset({MECHELEN}), MECHELEN)
PAGINAS = {
    "overzicht": ("app.py", {"gemeente": MECHELEN}),
    "pact": ("pages/3_Pact_en_prognose.py", {"gemeente": MECHELEN}),
    "pact-2023": (
        "pages/3_Pact_en_prognose.py",
        {"gemeente": MECHELEN, "doel": "activeringspact-2023", "as_of": "2024-01"},
    ),
    "wat-als": ("pages/4_Wat_als.py", {"gemeente": MECHELEN}),
    "trends": ("pages/1_Trends.py", {"gemeente": MECHELEN}),
    "vergelijking": ("pages/5_Vergelijking.py", {"gemeente": MECHELEN}),
}


@pytest.mark.parametrize("naam", list(PAGINAS))
def test_namen_uit_data_zijn_tekst(engine, naam):
    pad, query = PAGINAS[naam]
    at = pagina(pad, RAAD, query)
    bronnen = markdown_bronnen(at)
    fout = {b: werkende_markdown(b) + autolinks(b) for b in bronnen}
    fout = {b: f for b, f in fout.items() if f}
    assert not fout, fout
    getoond = "\n".join(zichtbaar(b) for b in bronnen)
    assert f"— {GEMEENTENAAM}" in getoond  # the title, literally
    zijbalk = "\n".join(zichtbaar(str(c.value)) for c in at.sidebar.caption)
    assert f"Aangemeld als **{GEBRUIKERSNAAM}**" in zijbalk  # bold around it, as text
    if naam.startswith("pact"):
        assert f"### {DOELNAAM}" in getoond.splitlines()  # a heading: the name as typed
        assert f"Bron van het doel: {BRON}" in getoond
    if naam == "overzicht":
        assert f"##### {DOELNAAM}" in getoond.splitlines()


def test_letterlijk():
    assert weergave.letterlijk(DOELNAAM) == (
        r"\!\[x\]\(http" + weergave.WOORDVERBINDER + r"\://127.0.0.1\:9/x.png\) \*\*vet\*\*"
    )
    assert zichtbaar(weergave.letterlijk(BRON)) == BRON
    alles = weergave.letterlijk(BRON + GEBRUIKERSNAAM + GEMEENTENAAM)
    assert not werkende_markdown(alles) and not autolinks(alles)
    assert weergave.letterlijk("Sint-Niklaas 1.234") == "Sint-Niklaas 1.234"  # nothing to do
