"""Benchmark: from a "Wat als?" slider step to the updated chart, fragment vs full rerun.

Run from the repository root (about 1 minute on 2 cores):

    .venv/bin/python bench/wat_als_slider.py            # N=15 steps per mode
    .venv/bin/python bench/wat_als_slider.py --n 30 --json

Starts the app (`streamlit run app.py`) on a free port with a fresh demo database in a temp
directory, logs in as `raad` in Debian's Chromium (Playwright, `executable_path`), opens
"Wat als?" and, for each mode, steps the interim capacity slider with the keyboard (focus the
thumb, ArrowRight) N times. One step is timed from the key press until the script state is
`notRunning` again, the first KPI (extra activations by the deadline) shows a new number and
the chart's gross line has a new value, on the page's own clock (key down to the first
animation frame that shows the new state).

Modes, measured in the same run on the same server, interleaved step by step (one browser page
per mode, alternating order) so that load from other processes hits both alike:

- `fragment`: the page as users get it; only the `@st.fragment` of `ui/wat_als.py` reruns;
- `volledig`: the same page opened with `?fragment=0` (the benchmark switch of
  `ui/wat_als.py`): every step reruns the whole page script, guard and sidebar included.

Prints median and p95 per mode and their ratio. Goal: fragment median < 250 ms and faster
than the full rerun. A benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_tijden import demo_databank  # noqa: E402

from tests.browser.helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    StreamlitServer,
    ga_naar,
    log_in,
    toont_aanmelding,
    wacht_op_app,
    wacht_op_grafieken,
)

SLIDER = ".st-key-wa_ik_cap input[type='range']"
TAB = "Interim"
DOEL_MS = 250.0

# The state the page is in after a step: the script has finished, the first KPI and the last
# point of the chart's gross line differ from what they were before the key press.
_TOESTAND = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const kpi = document.querySelector("[data-testid='stMetricValue']");
  const plot = document.querySelector('.js-plotly-plot');
  let bruto = null;
  if (plot && plot.data) {
    const t = plot.data.find(d => d.name === 'Bruto');
    if (t && t.y && t.y.length) bruto = String(t.y[t.y.length - 1]);
  }
  return {state: app ? app.getAttribute('data-test-script-state') : null,
          kpi: kpi ? kpi.innerText : null, bruto};
}"""
_KLAAR = """([kpi, bruto]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const k = document.querySelector("[data-testid='stMetricValue']");
  const plot = document.querySelector('.js-plotly-plot');
  if (!k || k.innerText === kpi || !plot || !plot.data) return false;
  const t = plot.data.find(d => d.name === 'Bruto');
  const klaar = !!t && String(t.y[t.y.length - 1]) !== bruto;
  if (klaar) window.__wa_t1 = performance.now();
  return klaar;
}"""
# The in-page clock starts at the key press itself (capture phase, before Streamlit sees it).
_KLOK = """() => {
  if (window.__wa_klok) return;
  window.__wa_klok = true;
  document.addEventListener('keydown', () => { window.__wa_t0 = performance.now(); }, true);
}"""


def _p95(waarden: list[float]) -> float:
    rij = sorted(waarden)
    return rij[min(len(rij) - 1, max(0, round(0.95 * len(rij)) - 1))]


def aanmelden(page, base_url: str, pogingen: int = 3) -> None:
    """Log in as raad; again when the login cookie did not arrive (a known race of the app,
    handled the same way by the `aangemeld` fixture of tests/browser)."""
    for poging in range(pogingen):
        ga_naar(page, base_url, "app.py")
        if not toont_aanmelding(page):
            return
        try:
            log_in(page, "raad", "demo")
            return
        except AssertionError:
            if poging == pogingen - 1:
                raise


def open_pagina(page, base_url: str, modus: str):
    """Open Wat als? in `modus` on the interim tab; return the capacity slider's thumb."""
    vlag = "1" if modus == "fragment" else "0"
    page.goto(f"{base_url}/Wat_als?gemeente=12025&fragment={vlag}", wait_until="domcontentloaded")
    wacht_op_app(page)
    wacht_op_grafieken(page)
    page.get_by_role("tab", name=TAB, exact=True).click()
    wacht_op_app(page)
    page.evaluate(_KLOK)
    return page.locator(SLIDER)


def stap(page, duim) -> float:
    """One keyboard step; milliseconds from key down to the first frame with the new state."""
    page.bring_to_front()
    voor = page.evaluate(_TOESTAND)
    begin = time.perf_counter()
    duim.press("ArrowRight")
    page.wait_for_function(_KLAAR, arg=[voor["kpi"], voor["bruto"]], polling="raf")
    in_pagina = page.evaluate("() => window.__wa_t1 - window.__wa_t0")
    # the page's own clock; the Python clock only when the page could not time it
    return in_pagina if in_pagina and in_pagina > 0 else (time.perf_counter() - begin) * 1000


def meet(context, base_url: str, n: int, rust_ms: int) -> dict[str, list[float]]:
    """N steps per mode, the modes interleaved (one page each, alternating order), so that
    load from other processes on the machine hits both modes alike."""
    modi = ("fragment", "volledig")
    paginas = {m: context.new_page() for m in modi}
    duimen = {m: open_pagina(paginas[m], base_url, m) for m in modi}
    tijden: dict[str, list[float]] = {m: [] for m in modi}
    for ronde in range(n + 1):  # round 0 warms up (fragment registration, caches)
        for m in modi if ronde % 2 else modi[::-1]:
            ms = stap(paginas[m], duimen[m])
            if ronde:
                tijden[m].append(ms)
            paginas[m].wait_for_timeout(rust_ms)
            wacht_op_app(paginas[m], rust_ms=50)
    for page in paginas.values():
        page.close()
    return tijden


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=15, help="steps per mode (default 15)")
    parser.add_argument("--rust", type=int, default=300, help="ms of rest between steps")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args(argv)

    last_voor = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="wat-als-bench-") as tmp:
        t0 = time.perf_counter()
        url = demo_databank(Path(tmp))
        print(f"Demodatabank gebouwd in {time.perf_counter() - t0:.1f} s", flush=True)
        server = StreamlitServer(url, naam="bench-wat-als").start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                context = browser.new_context(
                    viewport={"width": 1600, "height": 1000}, locale="nl-BE"
                )
                page = context.new_page()
                aanmelden(page, server.url)
                t0 = time.perf_counter()
                ga_naar(page, server.url, "pages/4_Wat_als.py")
                wacht_op_grafieken(page)
                print(
                    f"Eerste bezoek aan Wat als? (model per datalevering): "
                    f"{time.perf_counter() - t0:.1f} s",
                    flush=True,
                )
                page.close()
                resultaten = meet(context, server.url, args.n, args.rust)
                browser.close()
        finally:
            server.stop()

    samenvatting = {
        modus: {
            "n": len(t),
            "mediaan_ms": round(statistics.median(t), 1),
            "p95_ms": round(_p95(t), 1),
            "min_ms": round(min(t), 1),
            "max_ms": round(max(t), 1),
        }
        for modus, t in resultaten.items()
    }
    frag, vol = samenvatting["fragment"], samenvatting["volledig"]
    verhouding = vol["mediaan_ms"] / frag["mediaan_ms"] if frag["mediaan_ms"] else float("nan")
    print()
    print("Wat als?: schuifregelaarstap -> bijgewerkte grafiek (ms)")
    print(f"{'modus':<28}{'n':>4}{'mediaan':>10}{'p95':>10}{'min':>10}{'max':>10}")
    labels = (("fragment", "fragment (st.fragment)"), ("volledig", "volledig (?fragment=0)"))
    for modus, label in labels:
        s = samenvatting[modus]
        print(
            f"{label:<28}{s['n']:>4}{s['mediaan_ms']:>10.0f}{s['p95_ms']:>10.0f}"
            f"{s['min_ms']:>10.0f}{s['max_ms']:>10.0f}"
        )
    print(f"verhouding mediaan volledig / fragment: {verhouding:.2f}x")
    last_na = os.getloadavg()[0]
    print(
        f"belasting van de machine (load average, 1 min): {last_voor:.1f} bij de start, "
        f"{last_na:.1f} op het einde, op {os.cpu_count()} cores"
    )
    doel = frag["mediaan_ms"] < DOEL_MS and frag["mediaan_ms"] < vol["mediaan_ms"]
    print(
        f"doel (mediaan fragment < {DOEL_MS:.0f} ms en sneller dan volledig): "
        f"{'gehaald' if doel else 'NIET gehaald'}"
    )
    if args.json:
        extra = {"verhouding": round(verhouding, 2), "doel": doel, "load": [last_voor, last_na]}
        print(json.dumps({**samenvatting, **extra}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
