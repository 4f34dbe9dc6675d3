"""Every window size of issue 16 (items 3, 4, 7) in the browser: at 1920×1080, 1366×768,
820×1180 (tablet) and 390×844 (phone) Overzicht, Trends, Pact & prognose and Vergelijking show
whole cards and charts — no key figure cut off, no word broken in the middle, every chart text
inside its chart, no x-axis labels on top of each other —, Belgian numbers only, and a link in
codes keeps its view and its codes. (The Doel selector above the fold, item 13, is checked at
all four sizes in test_raadsdefecten_browser.)

One shared server (`streamlit_server`), the logged-in context of `raad`, one page per case.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from .helpers import (
    SCHERMAFDRUKKEN,
    fouten_op_scherm,
    pagina_url,
    schermafdruk,
    wacht_op_app,
    wacht_op_grafieken,
)

FORMATEN = {
    "1920x1080": {"width": 1920, "height": 1080},
    "1366x768": {"width": 1366, "height": 768},
    "tablet-820x1180": {"width": 820, "height": 1180},
    "telefoon-390x844": {"width": 390, "height": 844},
}
PAGINAS = {
    "overzicht": "app.py",
    "trends": "pages/1_Trends.py",
    "pact": "pages/3_Pact_en_prognose.py",
    "vergelijking": "pages/5_Vergelijking.py",
}

# What does not fit on screen, measured in the DOM (CSS px, 1 px tolerance for rounding):
# - afgekapt: a text element in a KPI card that clips its text (scrollWidth > clientWidth with
#   overflow hidden or an ellipsis), or card text that sticks out of its card;
# - gebroken: a word of the page set on two lines (its range has rects on two lines);
# - buiten: a text in a chart outside the chart's own box (clipped by the SVG);
# - overlap: two x-axis tick labels of one axis whose boxes intersect.
_METING = r"""
() => {
  const T = 1;
  const uit = {afgekapt: [], gebroken: [], buiten: [], overlap: [], breedte: []};
  const kort = s => s.replace(/\s+/g, ' ').trim().slice(0, 60);
  // 1. KPI cards
  for (const kaart of document.querySelectorAll("[data-testid='stMetric']")) {
    const rand = (kaart.closest("[data-testid='stVerticalBlock']") || kaart)
      .getBoundingClientRect();
    for (const e of [kaart, ...kaart.querySelectorAll('*')]) {
      if (!e.textContent.trim()) continue;
      const cs = getComputedStyle(e);
      const knipt = cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis';
      if (knipt && e.scrollWidth > e.clientWidth + T) {
        uit.afgekapt.push(kort(e.textContent) + ` (${e.scrollWidth}>${e.clientWidth})`);
      }
    }
    const w = document.createTreeWalker(kaart, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (!n.textContent.trim()) continue;
      const r = document.createRange(); r.selectNodeContents(n);
      const b = r.getBoundingClientRect();
      if (b.width && (b.left < rand.left - T || b.right > rand.right + T)) {
        uit.afgekapt.push(kort(n.textContent) + ' (buiten de kaart)');
      }
    }
  }
  // 2. words on two lines (text of the page itself, not code, links as text or charts)
  const hoofd = document.querySelector("[data-testid='stMain']");
  const w = document.createTreeWalker(hoofd, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest('svg, code, pre, .lfm-url, [data-testid="stDataFrame"]')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const tekst = n.textContent;
    for (const m of tekst.matchAll(/[^\s\-–—\/]{2,}/g)) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter(x => x.width > 0)
        .map(x => Math.round(x.bottom)));
      if (tops.size > 1) uit.gebroken.push(m[0]);
    }
  }
  // 3. and 4. charts
  const vw = document.documentElement.clientWidth;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    if (box.right > vw + T) uit.breedte.push(`grafiek ${Math.round(box.right)} > ${vw}`);
    for (const t of plot.querySelectorAll('svg text')) {
      if (!t.textContent.trim() || t.closest('.hoverlayer')) continue;
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      if (r.left < box.left - T || r.right > box.right + T || r.top < box.top - T
          || r.bottom > box.bottom + T) {
        uit.buiten.push(kort(t.textContent));
      }
    }
    for (const laag of plot.querySelectorAll('.xaxislayer-above')) {
      const vakken = [...laag.querySelectorAll('text')]
        .filter(t => t.textContent.trim())
        .map(t => [t.textContent.trim(), t.getBoundingClientRect()])
        .filter(([, r]) => r.width)
        .sort((a, b) => a[1].left - b[1].left);
      for (let i = 1; i < vakken.length; i++) {
        const [ta, a] = vakken[i - 1], [tb, b] = vakken[i];
        if (a.right > b.left + T && a.bottom > b.top + T && b.bottom > a.top + T) {
          uit.overlap.push(`${ta} / ${tb}`);
        }
      }
    }
  }
  return uit;
}
"""


@pytest.fixture
def raad_pagina(aangemeld):
    page = aangemeld("raad").new_page()
    yield page
    page.close()


def _open(page, url: str, formaat: dict) -> None:
    """Open `url` at `formaat` and wait until the page was drawn for the window's size (the
    size meter of ui/venster marks <html data-lfm-venster> once the server knows it)."""
    page.set_viewport_size(formaat)
    page.goto(url, wait_until="domcontentloaded")
    wacht_op_app(page)
    page.wait_for_function("() => document.documentElement.dataset.lfmVenster", timeout=30_000)
    wacht_op_app(page)
    wacht_op_grafieken(page, minimaal=1)
    page.wait_for_timeout(300)  # Plotly's relayout after its width is known


# item 7: the view in codes, defaults included (12025 is raad's own municipality)
LINK = {"gemeente": "12025", "periode": "2021-06..2023-06"}
LINK_EXTRA = {"trends": {"modus": "index"}, "vergelijking": {"maatstaf": "index"}}
# item 3: a decimal point (0.30, 14.2451), too many decimals, None/nan are no Belgian numbers
NIET_BELGISCH = re.compile(r"\b\d+\.\d{1,2}\b(?!\.\d)|\d[.,]\d{4,}|\bNone\b|\bnan\b")
# visible texts with figures: the page itself (charts included) and the sliders in the sidebar
_TEKSTEN = """
() => [...document.querySelectorAll("[data-testid='stMain'], [data-testid='stSlider']")]
  .map(e => e.innerText + ' ' + [...e.querySelectorAll('svg text')].map(t => t.textContent)
    .join(' '))
"""


@pytest.mark.parametrize("pagina", list(PAGINAS))
@pytest.mark.parametrize("formaat", list(FORMATEN))
def test_pagina_op_elk_formaat(formaat, pagina, raad_pagina, app_url, streamlit_server):
    positie = streamlit_server.log_lengte()
    page = raad_pagina
    codes = {**LINK, **LINK_EXTRA.get(pagina, {})}
    _open(page, pagina_url(app_url, PAGINAS[pagina]) + "?" + urlencode(codes), FORMATEN[formaat])
    meting = page.evaluate(_METING)
    schermafdruk(page, f"formaat-{formaat}-{pagina}")
    assert not fouten_op_scherm(page)
    assert page.locator(".js-plotly-plot").count() >= 1
    assert "— Mechelen" in page.locator("h1").first.inner_text()
    # item 4: cards and charts whole
    problemen = {k: v for k, v in meting.items() if v}
    assert not problemen, f"{pagina} op {formaat}: {problemen}"
    # item 7: the codes stay in the address bar
    q = parse_qs(urlsplit(page.url).query)
    assert {k: q.get(k) for k in codes} == {k: [v] for k, v in codes.items()}, page.url
    # item 3: Belgian numbers only
    fout = [m.group(0) for t in page.evaluate(_TEKSTEN) for m in NIET_BELGISCH.finditer(t)]
    assert not fout, f"{pagina} op {formaat}: {fout[:10]}"
    assert not streamlit_server.tracebacks_sinds(positie)


# --------------------------------------------------------------------------------------------
# presentation mode (item 5): each slide whole on the screen, without scrolling

PROJECTOREN = {
    "1280x720": {"width": 1280, "height": 720},
    "1366x768": {"width": 1366, "height": 768},
    "1920x1080": {"width": 1920, "height": 1080},
}
MIN_PX_1920 = 20.0

# The boxes of headline, chart, data line and buttons (in view coordinates), whether anything
# scrolled, and the computed font sizes of the chart's visible texts.
_DIA = r"""
() => {
  const hoofd = document.querySelector("[data-testid='stMain']");
  const vak = e => { if (!e) return null; const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const knoppen = [...hoofd.querySelectorAll('button')]
    .filter(b => /Vorige|Volgende|Presentatie verlaten/.test(b.innerText));
  const regel = [...hoofd.querySelectorAll("[data-testid='stCaptionContainer']")]
    .find(c => c.innerText.includes('Gegevens tot en met'));
  const teller = [...hoofd.querySelectorAll('p')]
    .find(p => /^Scherm \d+ van \d+$/.test(p.innerText.trim()));
  return {
    kop: vak(hoofd.querySelector('h1')),
    grafiek: vak(hoofd.querySelector('.js-plotly-plot .main-svg')),
    regel: vak(regel),
    teller: vak(teller),
    knoppen: knoppen.map(vak),
    gescrold: Math.max(hoofd.scrollTop, document.scrollingElement.scrollTop),
    buiten: (() => {
      const svg = hoofd.querySelector('.js-plotly-plot .main-svg');
      if (!svg) return [];
      const b = svg.getBoundingClientRect();
      return [...hoofd.querySelectorAll('.js-plotly-plot svg text')]
        .filter(t => t.textContent.trim() && !t.closest('.hoverlayer'))
        .filter(t => { const r = t.getBoundingClientRect(); return r.width && (
          r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1
          || r.bottom > b.bottom + 1); })
        .map(t => t.textContent.trim().slice(0, 50));
    })(),
    letters: [...hoofd.querySelectorAll('.js-plotly-plot svg text')]
      .filter(t => t.textContent.trim() && t.getClientRects().length)
      .map(t => parseFloat(getComputedStyle(t).fontSize)),
  };
}
"""


def _scherm_nummer(page) -> int:
    tekst = page.get_by_text(re.compile(r"^Scherm \d+ van \d+$")).inner_text()
    return int(re.findall(r"\d+", tekst)[0])


@pytest.mark.parametrize("formaat", list(PROJECTOREN))
def test_presentatie_past_op_het_scherm(formaat, raad_pagina, app_url):
    page = raad_pagina
    scherm = PROJECTOREN[formaat]
    _open(page, f"{app_url}/?presentatie=1", scherm)
    totaal = int(
        re.findall(r"\d+", page.get_by_text(re.compile(r"^Scherm \d+ van")).inner_text())[1]
    )
    assert totaal >= 6
    for i in range(1, totaal + 1):
        if i > 1:
            page.get_by_role("button", name="Volgende").click()
            page.wait_for_function(
                "n => [...document.querySelectorAll('p')].some(p => p.textContent.trim()"
                ".startsWith('Scherm ' + n + ' van'))",
                arg=i,
            )
            wacht_op_app(page)
            wacht_op_grafieken(page, minimaal=1)
        assert _scherm_nummer(page) == i
        dia = page.evaluate(_DIA)
        if i in (1, totaal):
            page.screenshot(path=str(SCHERMAFDRUKKEN / f"dia-{formaat}-{i}.png"))
        delen = {"kop": dia["kop"], "grafiek": dia["grafiek"], "regel": dia["regel"]}
        delen.update({"teller": dia["teller"]})
        delen.update({f"knop{k}": v for k, v in enumerate(dia["knoppen"])})
        assert len(dia["knoppen"]) == 3 and all(delen.values()), (i, delen)
        assert dia["gescrold"] == 0, f"scherm {i} op {formaat}: gescrold"
        buiten = {
            naam: vak
            for naam, vak in delen.items()
            if vak["top"] < 0 or vak["bottom"] > scherm["height"] or vak["right"] > scherm["width"]
        }
        assert not buiten, f"scherm {i} op {formaat}: niet (helemaal) op het scherm: {buiten}"
        assert not dia["buiten"], f"scherm {i} op {formaat}: tekst buiten de grafiek"
        if formaat == "1920x1080":
            assert dia["letters"] and min(dia["letters"]) >= MIN_PX_1920, (i, dia["letters"])
