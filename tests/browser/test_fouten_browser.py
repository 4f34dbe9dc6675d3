"""Issue 16, defect 1 in Chromium: a shared link to activations indexed, with Essen at 0 in the
base month, opens without Streamlit's exception box at every window size of the issue; Essen's
index is left out with a Dutch note (in the chart's footnote, and on Vergelijking in its panel).

Uses the shared server (read-only) and the shared `raad` login; the unforeseen error runs on a
server of its own, with a throwaway app whose build step raises."""

from __future__ import annotations

import re

from .helpers import (
    FOUTMELDING,
    REPO,
    UITZONDERING,
    StreamlitServer,
    fouten_op_scherm,
    log_in,
    pagina_url,
    wacht_op_app,
    wacht_op_grafieken,
)

VENSTERS = [(1920, 1080), (1366, 768), (820, 1180), (390, 844)]
LINKS = {
    "pages/5_Vergelijking.py": "gemeente=12025&indicator=activeringen&maatstaf=index",
    "pages/1_Trends.py": "gemeente=12025&indicator=activeringen&modus=index",
}
NOOT = "Geen index voor Essen"


def _grafiektekst(page) -> str:
    return " ".join(page.locator(".js-plotly-plot text").all_text_contents())


def test_index_op_nul_via_link_bij_elke_venstergrootte(aangemeld, app_url):
    page = aangemeld("raad").new_page()
    try:
        for i, (breed, hoog) in enumerate(VENSTERS):
            page.set_viewport_size({"width": breed, "height": hoog})
            # Vergelijking at every size; Trends once (the crash does not depend on the size)
            for pad, query in list(LINKS.items())[: 2 if i == 1 else 1]:
                page.goto(f"{pagina_url(app_url, pad)}?{query}", wait_until="domcontentloaded")
                wacht_op_app(page)
                wacht_op_grafieken(page, minimaal=1)
                assert fouten_op_scherm(page) == [], (pad, breed)
                tekst = _grafiektekst(page)
                assert NOOT in tekst, (pad, breed, tekst[:500])
                if pad == "pages/5_Vergelijking.py":
                    assert "geen index:" in tekst, breed
    finally:
        page.close()


STUKKE_APP = """
import streamlit as st
from ui.guard import bewaak

gebruiker = bewaak(titel="Stuk")


def bouw():
    raise RuntimeError("bouwstap kapot")


st.write("VOOR DE FOUT")
bouw()
"""


def test_onverwachte_fout_toont_excuus_met_referentie_in_het_serverlog(
    demo_db_url, new_context, tmp_path
):
    """The browser shows the Dutch apology with its reference, never Streamlit's box; the
    server log holds the traceback under the same reference."""
    (tmp_path / "app.py").write_text(STUKKE_APP, encoding="utf-8")
    server = StreamlitServer(
        demo_db_url, naam="stuk", extra_env={"PYTHONPATH": str(REPO)}, map_=tmp_path
    ).start()
    try:
        page = new_context().new_page()
        page.goto(server.url, wait_until="domcontentloaded")
        wacht_op_app(page)
        log_in(page, "raad", "demo", wacht_op_cookie_ook=False)
        page.locator(FOUTMELDING).wait_for(timeout=30_000)
        assert page.locator(UITZONDERING).count() == 0
        [excuus] = fouten_op_scherm(page)
        assert "Sorry, er ging iets mis bij het tonen van deze pagina." in excuus
        assert "bouwstap" not in excuus and "Traceback" not in excuus
        [ref] = re.findall(r"referentie ([0-9a-f]{8})\b", excuus)
        log = server.log()
        assert f"Onverwachte fout {ref}: RuntimeError" in log
        blok = log[log.index(f"Onverwachte fout {ref}") :]
        assert "Traceback (most recent call last)" in blok and "bouwstap kapot" in blok
        page.close()
    finally:
        server.stop()
