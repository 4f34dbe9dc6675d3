"""An editor's target name is text in the browser, never Markdown (issue 15): before, a target
named ``![x](http://…)`` made every viewer's browser fetch that address.

Runs on its OWN server and database copy (`start_streamlit`), because the names are changed.
"""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy import update

from data_access import db
from data_access.schema import doel, gemeente

from .helpers import fouten_op_scherm, ga_naar, log_in, wacht_op_app, wacht_op_grafieken

MECHELEN = "12025"
PACT = "pages/3_Pact_en_prognose.py"
AANVALLER = "127.0.0.1:9/"  # port 9 (discard), with the slash: not the test server's port
DOELNAAM = f"![x](http://{AANVALLER}x.png) **vet**"
GEMEENTENAAM = f"Mechelen [klik](http://{AANVALLER}g)"


def test_doelnaam_is_tekst_en_laadt_niets(start_streamlit, demo_db_url, new_context, tmp_path):
    pad = tmp_path / "namen.db"
    with sqlite3.connect(demo_db_url.split("///", 1)[1]) as van, sqlite3.connect(pad) as naar:
        van.backup(naar)
    engine = db.maak_engine(f"sqlite:///{pad}")
    with engine.begin() as conn:
        conn.execute(update(doel).where(doel.c.nis == MECHELEN).values(naam=DOELNAAM))
        conn.execute(update(gemeente).where(gemeente.c.nis == MECHELEN).values(naam=GEMEENTENAAM))
    engine.dispose()

    server = start_streamlit("namen", db_url=f"sqlite:///{pad}")
    page = new_context().new_page()
    verzoeken: list[str] = []
    page.on("request", lambda verzoek: verzoeken.append(verzoek.url))
    ga_naar(page, server.url, PACT)
    log_in(page, "raad", "demo", wacht_op_cookie_ook=False)
    page.get_by_role("heading", name=re.compile("^Pact & prognose")).wait_for(timeout=60_000)
    wacht_op_grafieken(page, minimaal=1)
    wacht_op_app(page)

    assert not [u for u in verzoeken if AANVALLER in u], verzoeken  # the finding: no fetch
    assert page.locator(f"img[src*='{AANVALLER}']").count() == 0
    links = page.locator(f"a[href*='{AANVALLER}']")
    assert links.count() == 0, [
        links.nth(i).evaluate("e => e.parentElement.outerHTML.slice(0, 300)")
        for i in range(links.count())
    ]
    hoofd = page.locator("[data-testid='stMain']")
    assert hoofd.locator("strong", has_text="vet").count() == 0
    tekst = hoofd.inner_text().replace("\u2060", "")  # invisible word joiners (no autolink)
    assert f"Pact & prognose — {GEMEENTENAAM}" in tekst
    assert f"\n{DOELNAAM}\n" in tekst  # the target's heading: the name as typed
    assert fouten_op_scherm(page) == []
    assert server.tracebacks() == 0
    page.close()
