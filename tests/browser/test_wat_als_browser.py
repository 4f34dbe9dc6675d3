"""Wat als? in the browser: a keyboard step on a slider moves the chart and the probability, and
the link in the address bar reproduces the scenario in a new tab.

Runs on the shared server (`streamlit_server`) as `raad`; screenshots in
test-artefacten/screenshots/.
"""

from __future__ import annotations

from .helpers import (
    PLOTLY,
    fouten_op_scherm,
    ga_naar,
    schermafdruk,
    wacht_op_app,
    wacht_op_grafieken,
)

PAGINA = "pages/4_Wat_als.py"
INTERIM = "Interim"
DUIM = ".st-key-wa_ik_cap input[type='range']"
# 15 starts a month more: the probability (from Mechelen's released count, 255 of 320) moves
# from 45% to 55%; 10 more left it at 45% (the shown probability is rounded to 5%)
STAPPEN = 15

# The three KPI cards (value and delta) and the last point of the chart's gross line.
_TOESTAND = """() => {
  const kaarten = [...document.querySelectorAll("[data-testid='stMetric']")].map(m => {
    const v = m.querySelector("[data-testid='stMetricValue']");
    const d = m.querySelector("[data-testid='stMetricDelta']");
    return [v ? v.innerText : '', d ? d.innerText : ''];
  });
  const plot = document.querySelector('.js-plotly-plot');
  const t = plot && plot.data ? plot.data.find(d => d.name === 'Bruto') : null;
  return {kaarten, bruto: t ? t.y[t.y.length - 1] : null};
}"""


def _toestand(page) -> dict:
    return page.evaluate(_TOESTAND)


def test_schuifregelaar_verandert_grafiek_en_kans(aangemeld, app_url, streamlit_server):
    positie = streamlit_server.log_lengte()
    page = aangemeld("raad").new_page()
    try:
        ga_naar(page, app_url, PAGINA)
        assert wacht_op_grafieken(page) >= 1
        assert not fouten_op_scherm(page)
        page.get_by_role("tab", name=INTERIM, exact=True).click()
        wacht_op_app(page)
        voor = _toestand(page)
        assert len(voor["kaarten"]) == 3 and voor["bruto"] is not None
        assert voor["kaarten"][0][0] == "0,0"  # current policy: nothing extra
        duim = page.locator(DUIM)
        start = int(duim.get_attribute("value"))
        for _ in range(STAPPEN):  # keyboard: focus the thumb, ArrowRight
            duim.press("ArrowRight")
            wacht_op_app(page, rust_ms=150)
        wacht_op_grafieken(page)
        assert int(duim.get_attribute("value")) == start + STAPPEN
        na = _toestand(page)
        assert not fouten_op_scherm(page)
        extra, kans, subsidie = na["kaarten"]
        assert extra[0].startswith("+") and extra[0] != voor["kaarten"][0][0]
        assert kans[0] != voor["kaarten"][1][0], (voor, na)  # the probability moved
        assert "procentpunten" in kans[1]
        assert subsidie[0] != voor["kaarten"][2][0]
        assert na["bruto"] > voor["bruto"]  # the chart's gross line moved up
        assert f"ik_cap={start + STAPPEN}" in page.url
        schermafdruk(page, "wat-als-na-schuifregelaar")

        # the address bar reproduces the scenario in a new tab of the same (logged-in) user
        link = page.url
        tweede = page.context.new_page()
        try:
            tweede.goto(link, wait_until="domcontentloaded")
            wacht_op_app(tweede)
            wacht_op_grafieken(tweede)
            assert tweede.locator(PLOTLY).count() >= 1
            assert _toestand(tweede)["kaarten"] == na["kaarten"]
        finally:
            tweede.close()
    finally:
        page.close()
    assert not streamlit_server.tracebacks_sinds(positie)


def test_aandelen_op_de_schuifregelaar_in_procent(aangemeld, app_url):
    """The conversion slider reads "30%" in the browser (it read 0.30): Dutch labels on every
    fractional slider, whatever the browser's language."""
    page = aangemeld("raad").new_page()
    try:
        ga_naar(page, app_url, PAGINA)
        assert wacht_op_grafieken(page) >= 1
        schuif = page.locator(".st-key-wa_sm_con")
        tekst = schuif.inner_text()
        assert "30%" in tekst, tekst
        assert "0.30" not in tekst and "0,30" not in tekst, tekst
        assert not fouten_op_scherm(page)
    finally:
        page.close()
