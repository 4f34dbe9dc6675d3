"""Issue 16, defect 1 in Chromium: a shared link to activations indexed, with Essen at 0 in the
base month, opens without Streamlit's exception box at every window size of the issue; Essen's
index is left out with a Dutch note (in the chart's footnote, and on Vergelijking in its panel).

Uses the shared server (read-only) and the shared `raad` login."""

from __future__ import annotations

from .helpers import fouten_op_scherm, pagina_url, wacht_op_app, wacht_op_grafieken

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
