"""Links in the browser (issue 16, defect 7): a code-form link keeps its parameters in the
address bar after load, "Kopieer link" copies the full URL of the view, and that copied link
opened by someone else (another browser context, another default municipality) reproduces the
view — also on Wat als?, where the scenario and the municipality must travel together.

Runs on the shared server (`streamlit_server`): `raad` (default Mechelen) shares, `analist`
(default Essen, the first of its municipalities) opens.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .helpers import (
    fouten_op_scherm,
    pagina_url,
    schermafdruk,
    wacht_op_app,
    wacht_op_grafieken,
)

TRENDS = "pages/1_Trends.py"
WAT_ALS = "pages/4_Wat_als.py"
KNOP = "button.lfm-kopieer"


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wacht_op_app(page)
    wacht_op_grafieken(page)


def _kopieer(page) -> str:
    """Click "Kopieer link" and read the clipboard."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    knop = page.locator(KNOP)
    knop.scroll_into_view_if_needed()
    knop.click()
    page.get_by_text("Link gekopieerd").wait_for(timeout=10_000)
    return page.evaluate("navigator.clipboard.readText()")


def _gekozen_radio(page) -> str:
    return page.locator("[data-testid='stRadio'] input:checked").first.evaluate(
        "e => e.closest('label').innerText"
    )


def _keuze(page, sleutel: str) -> str:
    """What a selectbox shows: its text and the value of its input (the chosen option)."""
    return page.locator(f".st-key-{sleutel}").evaluate(
        "e => e.innerText + ' ' + Array.from(e.querySelectorAll('input'))"
        ".map(i => i.value + ' ' + (i.getAttribute('aria-label') || '')).join(' ')"
    )


def test_codelink_blijft_staan_en_kopie_opent_dezelfde_weergave(
    aangemeld, app_url, streamlit_server
):
    positie = streamlit_server.log_lengte()
    page = aangemeld("raad").new_page()
    ander = aangemeld("analist").new_page()
    try:
        link = pagina_url(app_url, TRENDS) + "?gemeente=11016&periode=2021-06..2023-06&modus=index"
        _open(page, link)
        assert page.locator("h1").first.inner_text() == "Trends — Essen"
        assert _gekozen_radio(page).startswith("Geïndexeerd")
        page.wait_for_timeout(1000)  # nothing rewrites the address afterwards
        assert _query(page.url)["gemeente"] == ["11016"]
        # a rerun (the period's preset set to "Eigen keuze": the period stays) keeps the codes
        # in the address bar
        page.locator(".st-key-periode_snel [data-testid='stSelectbox']").click()
        page.get_by_role("option", name="Eigen keuze").click()
        wacht_op_app(page)
        page.wait_for_timeout(500)
        q = _query(page.url)
        assert q["gemeente"] == ["11016"] and q["periode"] == ["2021-06..2023-06"]
        assert q["modus"] == ["index"] and q["indicator"] == ["leefloongerechtigden"]
        gekopieerd = _kopieer(page)
        assert gekopieerd == page.url
        # the link is also shown as text
        assert page.locator(".lfm-url").inner_text() == page.url
        schermafdruk(page, "link-trends-gekopieerd")

        _open(ander, gekopieerd)
        assert ander.locator("h1").first.inner_text() == "Trends — Essen"
        assert _gekozen_radio(ander).startswith("Geïndexeerd")
        assert _query(ander.url)["periode"] == ["2021-06..2023-06"]
        assert "jun 2021" in _keuze(ander, "periode_van")
        assert "jun 2023" in _keuze(ander, "periode_tot")
        assert not fouten_op_scherm(ander)
    finally:
        page.close()
        ander.close()
    assert not streamlit_server.tracebacks_sinds(positie)


def test_wat_als_link_van_de_standaardgemeente_opent_die_gemeente(
    aangemeld, app_url, streamlit_server
):
    """raad opens Wat als? without a link (its default, Mechelen), moves a slider and copies
    the link; the analyst, whose default is Essen, must get Mechelen with that scenario."""
    positie = streamlit_server.log_lengte()
    page = aangemeld("raad").new_page()
    ander = aangemeld("analist").new_page()
    try:
        _open(page, pagina_url(app_url, WAT_ALS))
        assert page.locator("h1").first.inner_text() == "Wat als? — Mechelen"
        page.get_by_role("tab", name="Interim", exact=True).click()
        wacht_op_app(page)
        duim = page.locator(".st-key-wa_ik_cap input[type='range']")
        start = int(duim.get_attribute("value"))
        for _ in range(5):
            duim.press("ArrowRight")
            wacht_op_app(page, rust_ms=150)
        assert f"ik_cap={start + 5}" in page.url
        assert _query(page.url)["gemeente"] == ["12025"]  # also the default municipality
        gekopieerd = _kopieer(page)
        q = _query(gekopieerd)
        assert q["gemeente"] == ["12025"] and q["ik_cap"] == [str(start + 5)]

        _open(ander, gekopieerd)
        assert ander.locator("h1").first.inner_text() == "Wat als? — Mechelen"
        ander.get_by_role("tab", name="Interim", exact=True).click()
        wacht_op_app(ander)
        waarde = ander.locator(".st-key-wa_ik_cap input[type='range']").get_attribute("value")
        assert int(waarde) == start + 5
        assert _query(ander.url)["gemeente"] == ["12025"]
        assert not fouten_op_scherm(ander)
    finally:
        page.close()
        ander.close()
    assert not streamlit_server.tracebacks_sinds(positie)
