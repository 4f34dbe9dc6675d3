"""Browser timings: time to first chart of every page, against a bare Streamlit page with one
Plotly chart measured in the same run, and rerun times of widget changes.

    .venv/bin/python bench/browser_tijden.py                 # 5 warm loads per page
    .venv/bin/python bench/browser_tijden.py --herhalingen 9
    .venv/bin/python bench/browser_tijden.py --paginas Kaart Trends --zonder-reruns   # the map
    .venv/bin/python bench/browser_tijden.py --alleen-kaart --oud /tmp/main   # map, before/after

Headless Debian Chromium (/usr/bin/chromium, no `playwright install`) against `streamlit run
app.py` on a fresh SQLite demo database, logged in as `raad` through a signed login cookie
(the server gets a bench cookie key, so no login form and no bcrypt in the timings).

- *Time to first chart*: on the page's own clock, from the start of the navigation until the
  first Plotly chart's traces are in the DOM and the frame that shows them has been rendered
  (style, layout and paint included: a task posted from that frame's animation-frame callback;
  a MutationObserver registered before the page loads); then *klaar*: until the script has
  finished and every chart on the page is drawn. The first load
  of a page is cold (empty Streamlit cache); the median of the warm loads is compared with the
  bare page (goal: within 1.3x).
- *Rerun*: from the click on a widget until the page has stopped changing (the last DOM
  mutation, once the page has been quiet for 400 ms and the script state is `notRunning`;
  timed in the page), for the bare page's radio and for widgets on the pages.

Timings are wall-clock on a shared 2-core machine: read the ratios, not the absolute figures.
Also the shared code of bench/last.py and bench/geheugen.py: the server, the login cookie and a
websocket-level Streamlit client.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.apptest_hulp import demo_databank  # noqa: E402, F401 - also for last.py, geheugen.py
from tests.browser.helpers import CHROMIUM  # noqa: E402
from tests.browser.helpers import CHROMIUM_ARGS as _ARGS  # noqa: E402
from tests.browser.helpers import StreamlitServer as Server  # noqa: E402

CHROMIUM_ARGS = [*_ARGS, "--disable-dev-shm-usage"]  # many renderers at once (bench/last.py)
VIEWPORT = {"width": 1600, "height": 1000}
APP_KLAAR = "[data-testid='stApp'][data-test-script-state='notRunning']"
GETEKEND = ".js-plotly-plot .main-svg"
UITZONDERING = "[data-testid='stException']"
#: A cookie key for the bench servers only (strong, random per run).
SLEUTEL = secrets.token_urlsafe(48)

BASIS_SCRIPT = """
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Basis", layout="wide")
st.title("Basispagina")
reeks = st.radio("Reeks", ["A", "B"], horizontal=True)
y = [((i * 37) % 23) + (5 if reeks == "B" else 0) for i in range(93)]
st.plotly_chart(go.Figure(go.Scatter(y=y, mode="lines")), width="stretch")
"""

#: Streamlit's own floor for a page of this app, without any of the app's work: the sidebar
#: every page must have (navigation per role with `st.page_link`, the user line, logout, the
#: view filters) above the bare page's radio and chart.
_ZIJBALK = """
with st.sidebar:
    st.markdown("### Leefloonmonitor")
    for pad, titel, icoon in PAGINAS:
        st.page_link(pad, label=titel, icon=icoon)
    st.divider()
    st.caption("Aangemeld als **Raadslid** · gemeenteraad")
    st.button("Afmelden", icon=":material/logout:")
    st.subheader("Weergave")
    st.selectbox("Gemeente", ["Mechelen (12025)", "Essen (11016)", "Lier (12021)"])
    maanden = [f"{j}-{m:02d}" for j in range(2015, 2027) for m in range(1, 13)]
    st.select_slider("Periode", options=maanden, value=(maanden[-60], maanden[-1]))
    st.multiselect("Vergelijken met", ["Essen", "Lier", "Mechelen"], default=["Essen", "Lier"])
"""
VLOER_SCRIPT = BASIS_SCRIPT.replace('st.title("Basispagina")', _ZIJBALK + 'st.title("Basispagina")')
#: The floor app's pages: (file, url path, script); the floor at / and at a page path, the bare
#: page at a page path (Streamlit's frontend first probes `/<page>/_stcore/health` there).
VLOER_PAGINAS = (
    ("vloer.py", "", VLOER_SCRIPT),
    ("pages/1_Vloer.py", "Vloer", VLOER_SCRIPT),
    ("pages/2_Kaal.py", "Kaal", BASIS_SCRIPT),
)


#: The app's own Kaart page with ONE line chart in place of the map: the same guard, sidebar,
#: title, headline, notes, table and link, the same data and the same chart frame (title, unit,
#: footnote), so that the map's first paint is compared with a page of this app with one line
#: chart. Written into a copy of the app (`lijnkaart_map`); `{kaart}` is the real page's file.
LIJNKAART_SCRIPT = """
from pathlib import Path

import plotly.graph_objects as go

from charts import kaart, theme


def _lijn(frame, grenzen, *, titel, eenheid, bron, teldefinitie, laatste_maand, eigen=None,
          decimalen=1, noten=None, presentatie=False):
    fig = go.Figure(go.Scatter(y=[float(v) for v in frame["maat"].dropna()], mode="lines"))
    theme.opmaak(fig, titel=titel, eenheid=eenheid, bron=bron, laatste_maand=laatste_maand,
                 teldefinitie=teldefinitie, presentatie=presentatie, noten=noten or ())
    return fig


kaart.kaart = _lijn  # this server only serves this bench
_pad = Path({kaart!r})
exec(compile(_pad.read_text(encoding="utf-8"), str(_pad), "exec"))
"""


# --------------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------------


def app_server(db_url: str, naam: str = "app") -> Server:
    return Server(db_url, f"bench-{naam}", {"LEEFLOONMONITOR_COOKIE_KEY": SLEUTEL}).start()


def basis_server(map_: Path) -> Server:
    (Path(map_) / "basis.py").write_text(BASIS_SCRIPT, encoding="utf-8")
    return Server(None, "bench-basis", script="basis.py", map_=Path(map_)).start()


def vloer_server(map_: Path) -> Server:
    """The floor app: VLOER_PAGINAS plus empty pages for the rest of the navigation, with the
    app's own navigation setting (Streamlit's page list hidden)."""
    map_ = schrijf_vloer(map_)
    env = {"STREAMLIT_CLIENT_SHOW_SIDEBAR_NAVIGATION": "false"}
    return Server(None, "bench-vloer", env, script="vloer.py", map_=map_).start()


def schrijf_vloer(map_: Path) -> Path:
    """The floor app's files in `map_`/vloer (main script vloer.py); returns that folder."""
    map_ = Path(map_) / "vloer"
    (map_ / "pages").mkdir(parents=True, exist_ok=True)
    links = [(bestand, url or "Overzicht") for bestand, url, _ in VLOER_PAGINAS]
    links += [(f"pages/{i}_Leeg{i}.py", f"Pagina {i}") for i in range(3, 8)]
    for bestand, _titel in links[len(VLOER_PAGINAS) :]:
        (map_ / bestand).write_text("import streamlit as st\n\nst.write('leeg')\n", "utf-8")
    paginas_code = "PAGINAS = " + repr([(b, t, ":material/dashboard:") for b, t in links]) + "\n"
    for bestand, _url, script in VLOER_PAGINAS:
        (map_ / bestand).write_text(paginas_code + script, encoding="utf-8")
    return map_


def lijnkaart_map(map_: Path, bron: Path = REPO) -> Path:
    """A copy of the app in `map_`/lijnkaart (links to `bron`'s files) whose Kaart page draws one
    line chart instead of the map (LIJNKAART_SCRIPT); returns that folder."""
    doel = Path(map_) / "lijnkaart"
    (doel / "pages").mkdir(parents=True, exist_ok=True)
    for item in bron.iterdir():
        if item.name == "app.py":  # a copy: Streamlit finds pages/ beside the real main script
            shutil.copyfile(item, doel / item.name)
        elif item.name not in ("pages", ".git", "test-artefacten"):
            (doel / item.name).symlink_to(item)
    for pagina in (bron / "pages").glob("*.py"):
        if pagina.name == "8_Kaart.py":
            script = LIJNKAART_SCRIPT.format(kaart=str(pagina.resolve()))
            (doel / "pages" / pagina.name).write_text(script, encoding="utf-8")
        else:
            (doel / "pages" / pagina.name).symlink_to(pagina)
    return doel


def login_cookie(gebruiker: str = "raad") -> tuple[str, str]:
    """(name, value) of a valid login cookie for the bench servers."""
    from data_access.toegang import COOKIE_NAAM, maak_cookie_token

    token, _ = maak_cookie_token(gebruiker, SLEUTEL)
    return COOKIE_NAAM, token


def paginas() -> list[tuple[str, str, str]]:
    """(path, title, url path) of the pages a council member sees, that exist."""
    import re

    from ui.navigatie import PAGINAS

    uit = []
    for p in PAGINAS:
        if p.pad == "pages/7_Beheer.py" or not (REPO / p.pad).is_file():
            continue
        url = "" if p.pad == "app.py" else re.sub(r"^[0-9]+[_ -]*", "", Path(p.pad).stem)
        uit.append((p.pad, p.titel, url))
    return uit


ZONDER_GRAFIEK = {"pages/6_Data_en_methode.py", "pages/9_Uitleg_en_begrippen.py"}


def gekozen(args) -> list[tuple[str, str, str]]:
    """`paginas()`, or only those titled in --paginas."""
    alle = paginas()
    if not args.paginas:
        return alle
    onbekend = set(args.paginas) - {titel for _, titel, _ in alle}
    if onbekend:
        raise SystemExit(f"Onbekende pagina('s): {', '.join(sorted(onbekend))}")
    return [p for p in alle if p[1] in args.paginas]


# --------------------------------------------------------------------------------------------
# Timing in the browser
# --------------------------------------------------------------------------------------------

_RERUN_JS = """() => {
  // From the pointer-down (or key-down) to the last change of the page, once the page has been
  // quiet for 400 ms and the script is not running. A very short run can go running ->
  // notRunning without the attribute ever showing it, so the page's changes are the signal.
  const app = document.querySelector("[data-testid='stApp']");
  window.__lfmRerun = new Promise((resolve, reject) => {
    let t0 = null, laatste = null;
    const begin = () => { if (t0 === null) t0 = performance.now(); };
    document.addEventListener("pointerdown", begin, {capture: true, once: true});
    document.addEventListener("keydown", begin, {capture: true, once: true});
    const obs = new MutationObserver(() => { if (t0 !== null) laatste = performance.now(); });
    obs.observe(document.body, {subtree: true, childList: true, attributes: true,
                                characterData: true});
    const klok = setInterval(() => {
      const nu = performance.now();
      const rustig = app.getAttribute("data-test-script-state") === "notRunning";
      if (t0 !== null && laatste !== null && nu - laatste > 400 && rustig) {
        clearInterval(klok); obs.disconnect(); resolve(laatste - t0);
      } else if (t0 !== null && nu - t0 > 120000) {
        clearInterval(klok); obs.disconnect(); reject(new Error("geen wijziging binnen 120 s"));
      }
    }, 25);
  });
}"""


# Registered on every page before its first navigation: the page's own clock (0 = start of the
# navigation) once the first chart's traces (or the title) are in the DOM AND the frame that shows
# them has been rendered: a task posted from that frame's animation-frame callback runs after the
# frame's style, layout and paint. Plotly first adds the chart's empty SVG frame and then draws the
# traces into it, and a map's style and layout (the SVG path data) cost more than its script, so
# neither the SVG nor the animation-frame callback alone is the moment the chart is seen.
# Playwright's own polling sees the element only when the page's main thread is free again, which
# on a busy page is later than the user does.
_KLOK_JS = """(() => {
  const zoek = (sel, naam) => {
    const kijk = () => {
      if (window[naam] !== undefined) return true;
      if (!document.querySelector(sel)) return false;
      window[naam] = null;
      requestAnimationFrame(() => {
        const kanaal = new MessageChannel();
        kanaal.port1.onmessage = () => { window[naam] = performance.now(); };
        kanaal.port2.postMessage(0);
      });
      return true;
    };
    const obs = new MutationObserver(() => { if (kijk()) obs.disconnect(); });
    obs.observe(document, {subtree: true, childList: true});
  };
  zoek(".js-plotly-plot .main-svg .trace", "__lfmGrafiek");
  zoek("h1", "__lfmTitel");
})();"""
_MET_KLOK: set[int] = set()


async def laad(page, url: str, met_grafiek: bool, timeout: float = 120_000) -> tuple[float, float]:
    """(seconds from the start of the navigation to the frame that paints the first chart, or
    the title without charts; seconds until the script finished and every chart is drawn),
    both on the page's own clock, the same way for the bare page and the app."""
    if id(page) not in _MET_KLOK:
        await page.add_init_script(_KLOK_JS)
        _MET_KLOK.add(id(page))
    await page.goto(url, wait_until="commit", timeout=timeout)
    naam = "__lfmGrafiek" if met_grafiek else "__lfmTitel"
    await page.wait_for_function(
        f"() => typeof window.{naam} === 'number'", timeout=timeout, polling=50
    )
    eerste = await page.evaluate(f"() => window.{naam}")
    await wacht_klaar(page, timeout)
    klaar = await page.evaluate("() => performance.now()")
    return eerste / 1000, max(klaar, eerste) / 1000


async def wacht_klaar(page, timeout: float = 120_000) -> None:
    await page.wait_for_selector(APP_KLAAR, state="attached", timeout=timeout)
    n = await page.locator("[data-testid='stPlotlyChart']").count()
    if n:
        await page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=n,
            timeout=timeout,
        )


async def rerun(page, klik) -> float:
    """Seconds from the pointer-down of `klik()` until the page has stopped changing."""
    await page.wait_for_timeout(300)  # settle after the previous run (not timed)
    await page.evaluate(_RERUN_JS)
    await klik()
    ms = await page.evaluate("() => window.__lfmRerun")
    await wacht_klaar(page)
    return ms / 1000


async def fouten(page) -> int:
    return await page.locator(UITZONDERING).count()


async def nieuwe_browser(playwright):
    return await playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )


async def context_met_cookie(browser, server: Server, gebruiker: str = "raad"):
    context = await browser.new_context(viewport=dict(VIEWPORT), locale="nl-BE")
    naam, waarde = login_cookie(gebruiker)
    await context.add_cookies([{"name": naam, "value": waarde, "url": server.url}])
    return context


# --------------------------------------------------------------------------------------------
# A websocket-level client (no browser): for load beyond what Chromium allows on 2 cores
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    eerste_grafiek: float | None  # seconds to the first plotly delta, None without a chart
    klaar: float  # seconds to script_finished
    fouten: list[str] = field(default_factory=list)


class WsKlant:
    """One Streamlit session over `/_stcore/stream`, as the browser speaks it (protobuf
    BackMsg/ForwardMsg), with the login cookie in the handshake. `open_pagina` sends a
    rerun for a page (by its URL path) and reads until the run has finished."""

    def __init__(self, server: Server, gebruiker: str = "raad"):
        self.server = server
        self.gebruiker = gebruiker
        self.ws = None

    async def __aenter__(self) -> WsKlant:
        import websockets

        naam, waarde = login_cookie(self.gebruiker)
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.server.port}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": f"{naam}={waarde}"},
            max_size=None,
            open_timeout=60,
        )
        return self

    async def __aexit__(self, *_exc) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def open_pagina(self, url_pad: str, query: str = "", timeout: float = 120) -> Run:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = url_pad
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        eerste = None
        fouten: list[str] = []
        einde = start + timeout
        while True:
            rest = einde - time.perf_counter()
            if rest <= 0:
                fouten.append("timeout")
                return Run(eerste, time.perf_counter() - start, fouten)
            data = await asyncio.wait_for(self.ws.recv(), timeout=rest)
            fw = ForwardMsg()
            fw.ParseFromString(data)
            soort = fw.WhichOneof("type")
            if soort == "delta" and fw.delta.WhichOneof("type") == "new_element":
                element = fw.delta.new_element.WhichOneof("type")
                if element == "plotly_chart" and eerste is None:
                    eerste = time.perf_counter() - start
                elif element == "exception":
                    fouten.append(fw.delta.new_element.exception.message[:200])
            elif soort == "script_finished":
                status = fw.script_finished
                if status in (
                    ForwardMsg.FINISHED_SUCCESSFULLY,
                    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                ):
                    if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        fouten.append("compile error")
                    return Run(eerste, time.perf_counter() - start, fouten)
            elif soort == "page_not_found":
                fouten.append(f"pagina niet gevonden: {url_pad}")


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


def med(waarden: list[float]) -> float:
    return statistics.median(waarden) if waarden else float("nan")


async def _klik_radio(page, label: str):
    await page.locator("[data-testid='stRadio'] label").filter(has_text=label).first.click()


async def _kies(page, widget_label: str, optie: str):
    """Choose `optie` in a selectbox: type it into the combobox and confirm with Enter."""
    veld = page.get_by_role("combobox", name=widget_label).first
    await veld.click()
    await veld.fill(optie)
    await page.get_by_role("option", name=optie).first.wait_for(state="visible")
    await page.keyboard.press("Enter")


def _reruns():
    """(name, page url path, [two alternating actions]) of the widget changes to time."""
    return [
        (
            "Trends: weergave (radio, data in cache)",
            "Trends",
            [
                lambda p: _klik_radio(p, "Per 1.000 inwoners"),
                lambda p: _klik_radio(p, "Absoluut"),
            ],
        ),
        (
            "Trends: indicator (selectbox, nieuwe reeks)",
            "Trends",
            [
                lambda p: _kies(p, "Indicator", "Instroom"),
                lambda p: _kies(p, "Indicator", "Uitstroom"),
            ],
        ),
        (
            "Vergelijking: maatstaf (radio)",
            "Vergelijking",
            [
                lambda p: _klik_radio(p, "Geïndexeerd (begin periode = 100)"),
                lambda p: _klik_radio(p, "Per 1.000 inwoners"),
            ],
        ),
        (
            "Overzicht: gemeente (zijbalk)",
            "",
            [
                lambda p: _kies(p, "Gemeente", "Essen (11016)"),
                lambda p: _kies(p, "Gemeente", "Mechelen (12025)"),
            ],
        ),
    ]


async def kaartrondes(browser, args, map_: Path, db_url: str, servers: dict) -> dict:
    """The map's first paint against its references, in rounds: one warm load of each page per
    round, in an order drawn anew every round (seeded), so that a change of the machine's load
    hits all of them alike and no page always follows the same other one. References:
    the bare page with one line chart at / and at a page path (/Kaal), Streamlit's floor with
    the app's sidebar (/Vloer), and this app's Kaart page with one line chart in place of the map
    (`LIJNKAART_SCRIPT`); with --oud also the Kaart page of another checkout (before/after)."""
    env = {"LEEFLOONMONITOR_COOKIE_KEY": SLEUTEL}
    eigen = [Server(db_url, "bench-lijnkaart", env, map_=lijnkaart_map(map_)).start()]
    if args.oud:
        eigen.append(Server(db_url, "bench-kaart-oud", env, map_=Path(args.oud)).start())
    doelen = [
        ("basis", servers["basis"], "", False),
        ("Kaal", servers["vloer"], "Kaal", False),
        ("Vloer", servers["vloer"], "Vloer", False),
        ("lijnkaart", eigen[0], "Kaart", True),
        ("Kaart", servers["app"], "Kaart", True),
    ]
    if args.oud:
        doelen.append(("Kaart (oud)", eigen[1], "Kaart", True))
    contexten, pages = [], {}
    uit: dict = {"tijden": {naam: [] for naam, *_ in doelen}}
    try:
        for naam, srv, pad, app in doelen:
            ctx = await (
                context_met_cookie(browser, srv)
                if app
                else browser.new_context(viewport=dict(VIEWPORT))
            )
            contexten.append(ctx)
            pages[naam] = await ctx.new_page()
            if app:
                await laad(pages[naam], srv.url + "/Data_en_methode", False)
            await laad(pages[naam], f"{srv.url}/{pad}", True)  # cold: not counted
        volgorde = random.Random(20)
        for _ in range(args.herhalingen):
            # a new order every round: no page is always loaded right after the same other one
            for naam, srv, pad, _app in volgorde.sample(doelen, len(doelen)):
                uit["tijden"][naam].append(await laad(pages[naam], f"{srv.url}/{pad}", True))
        uit["fouten"] = sum([await fouten(p) for p in pages.values()])
    finally:
        for ctx in contexten:
            await ctx.close()
        uit["tracebacks"] = sum(srv.tracebacks() for srv in eigen)
        for srv in eigen:
            srv.stop()
    return uit


async def meet(args) -> dict:
    from playwright.async_api import async_playwright

    map_ = Path(tempfile.mkdtemp(prefix="leefloon-browser-"))
    db_url = demo_databank(map_)
    app = app_server(db_url, "tijden")
    basis = basis_server(map_)
    vloer = vloer_server(map_)
    uit: dict = {"paginas": {}, "reruns": {}}
    try:
        async with async_playwright() as pw:
            browser = await nieuwe_browser(pw)
            if "Kaart" in {titel for _, titel, _ in gekozen(args)}:
                servers = {"basis": basis, "vloer": vloer, "app": app}
                uit["kaartrondes"] = await kaartrondes(browser, args, map_, db_url, servers)
            if args.alleen_kaart:
                await browser.close()
                return uit
            # the bare page: one Plotly chart
            ctx = await browser.new_context(viewport=dict(VIEWPORT))
            page = await ctx.new_page()
            koud = await laad(page, basis.url + "/", True)
            warm = [await laad(page, basis.url + "/", True) for _ in range(args.herhalingen)]
            uit["basis"] = {"koud": koud, "warm": warm}
            reruns = []
            for i in range(args.herhalingen):
                label = "B" if i % 2 == 0 else "A"
                reruns.append(await rerun(page, lambda lb=label: _klik_radio(page, lb)))
            uit["basis_rerun"] = reruns
            await ctx.close()

            # Streamlit's floor: the sidebar every page has, at / and at a page path
            ctx = await browser.new_context(viewport=dict(VIEWPORT))
            page = await ctx.new_page()
            uit["vloer"] = {}
            for _bestand, url_pad, _script in VLOER_PAGINAS:
                koud = await laad(page, f"{vloer.url}/{url_pad}", True)
                warm = [
                    await laad(page, f"{vloer.url}/{url_pad}", True)
                    for _ in range(args.herhalingen)
                ]
                uit["vloer"][url_pad] = {"koud": koud, "warm": warm}
            await ctx.close()

            ctx = await context_met_cookie(browser, app)
            page = await ctx.new_page()
            await laad(page, app.url + "/Data_en_methode", False)  # session, login, engine
            for pad, titel, url_pad in gekozen(args):
                met = pad not in ZONDER_GRAFIEK
                koud = await laad(page, f"{app.url}/{url_pad}", met)
                warm = [
                    await laad(page, f"{app.url}/{url_pad}", met) for _ in range(args.herhalingen)
                ]
                uit["paginas"][titel] = {
                    "koud": koud,
                    "warm": warm,
                    "grafiek": met,
                    "url": url_pad,
                    "fouten": await fouten(page),
                }
                print(f"  {titel}: {med([w[0] for w in warm]) * 1000:.0f} ms", file=sys.stderr)
            for naam, url_pad, acties in [] if args.zonder_reruns else _reruns():
                await laad(page, f"{app.url}/{url_pad}", True)
                tijden = []
                for i in range(args.herhalingen + 1):
                    actie = acties[i % 2]
                    tijden.append(await rerun(page, lambda a=actie: a(page)))
                uit["reruns"][naam] = tijden[1:]  # the first change may load new data
                uit["reruns"][naam + " — eerste keer"] = tijden[:1]
            uit["fouten"] = await fouten(page)
            await ctx.close()
            await browser.close()
        # the server's share: the same pages over the websocket, without rendering
        async with WsKlant(basis) as klant:
            uit["basis_server"] = [await klant.open_pagina("") for _ in range(args.herhalingen)]
        async with WsKlant(app) as klant:
            for _pad, titel, url_pad in gekozen(args):
                uit["paginas"][titel]["server"] = [
                    await klant.open_pagina(url_pad) for _ in range(args.herhalingen)
                ]
    finally:
        uit["tracebacks"] = app.tracebacks()
        app.stop()
        basis.stop()
        vloer.stop()

        shutil.rmtree(map_, ignore_errors=True)
    return uit


def rapport(uit: dict) -> None:
    def server(runs: list[Run]) -> str:
        eerste = med([r.eerste_grafiek for r in runs if r.eerste_grafiek is not None])
        return f"{eerste * 1000:8.0f} {med([r.klaar for r in runs]) * 1000:8.0f}"

    basis_warm = med([w[0] for w in uit["basis"]["warm"]])

    def eerste(r: dict) -> float:
        return med([w[0] for w in r["warm"]])

    def rij(naam: str, r: dict, x_vloer: str = "", oordeel: str = "", srv: str = "") -> None:
        print(
            f"{naam[:28]:28s} {eerste(r) * 1000:7.0f} {med([w[1] for w in r['warm']]) * 1000:7.0f} "
            f"{r['koud'][0] * 1000:7.0f} {eerste(r) / basis_warm:7.2f} {x_vloer:>7s} "
            f"{oordeel:>4s} | {srv}"
        )

    print("\n=== Tijd tot eerste grafiek (ms; Chromium: mediaan van de warme laadbeurten) ===")
    print(
        f"{'pagina':28s} {'eerste':>7s} {'klaar':>7s} {'koud':>7s} {'x basis':>7s} "
        f"{'x vloer':>7s} {'doel':>4s} | server: eerste, klaar"
    )
    rij("basis (1 Plotly-grafiek), /", uit["basis"], srv=server(uit["basis_server"]))
    vloer_namen = {
        "": "vloer: zijbalk + grafiek, /",
        "Vloer": "vloer: zijbalk, /Vloer",
        "Kaal": "basis op paginapad /Kaal",
    }
    for url_pad, r in uit["vloer"].items():
        rij(vloer_namen[url_pad], r)
    for titel, r in uit["paginas"].items():
        vloer = uit["vloer"]["" if r["url"] == "" else "Vloer"]
        verhouding = eerste(r) / basis_warm
        oordeel = "-" if not r["grafiek"] else ("OK" if verhouding <= 1.3 else "MIS")
        x_vloer = f"{eerste(r) / eerste(vloer):.2f}" if r["grafiek"] else ""
        rij(titel, r, x_vloer, oordeel, server(r["server"]))
    print(
        "(doel: eerste grafiek binnen 1,3x de basispagina; Data & methode heeft geen grafiek: "
        "tijd tot de titel. vloer = Streamlit zelf met de zijbalk die elke pagina heeft "
        "(navigatie, gebruiker, filters) en de grafiek van de basispagina, zonder app-werk; "
        "x vloer = tegenover de vloer van dezelfde soort adres (/ of een paginapad). "
        "server = dezelfde pagina over de websocket zonder weergave: tot de "
        "eerste grafiek-delta en tot het einde van de run.)"
    )
    print("\n=== Rerun na een widgetwijziging (klik -> run klaar, mediaan, ms) ===")
    basis_rerun = med(uit["basis_rerun"])
    print(f"{'basis: radio':58s} {basis_rerun * 1000:7.0f}   x1.00")
    for naam, tijden in uit["reruns"].items():
        print(f"{naam:58s} {med(tijden) * 1000:7.0f}   x{med(tijden) / basis_rerun:.2f}")
    fouten = sum(r["fouten"] for r in uit["paginas"].values()) + uit["fouten"]
    tracebacks = uit["tracebacks"]
    print(f"\nUitzonderingen op het scherm: {fouten}; tracebacks in het serverlog: {tracebacks}")


#: Issue "Flanders at a glance": the map's first paint within 1.5x a page with one line chart.
KAART_DOEL = 1.5


def kaart(uit: dict) -> None:
    """The map's first paint against its references, from the rounds of `kaartrondes`."""
    r = uit.get("kaartrondes")
    if r is None:
        return
    t = {naam: med([w[0] for w in warm]) for naam, warm in r["tijden"].items()}
    n = len(next(iter(r["tijden"].values())))
    kop = f"Kaart: eerste verf tegenover een pagina met één lijngrafiek (doel {KAART_DOEL}x)"
    print(f"\n=== {kop} ===")
    print(f"(mediaan van {n} rondes; elke ronde laadt elke pagina één keer, warm, om beurten)")
    namen = {
        "basis": "kale pagina, 1 lijngrafiek, /",
        "Kaal": "kale pagina op paginapad /Kaal",
        "Vloer": "vloer: zijbalk + grafiek, /Vloer",
        "lijnkaart": "Kaart-pagina met 1 lijngrafiek",
        "Kaart": "Kaart",
        "Kaart (oud)": "Kaart, --oud",
    }
    for naam, ms in t.items():
        print(f"  {namen[naam]:34s} {ms * 1000:6.0f} ms")
    for kaart_naam in [k for k in ("Kaart", "Kaart (oud)") if k in t]:
        for ref in ("basis", "Kaal", "lijnkaart"):
            x = t[kaart_naam] / t[ref]
            oordeel = "OK" if x <= KAART_DOEL else "MIS"
            print(f"  {namen[kaart_naam]:14s} / {namen[ref]:34s} = {x:4.2f}x {oordeel}")
    print(f"  uitzonderingen op het scherm: {r['fouten']}; tracebacks: {r['tracebacks']}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--herhalingen", type=int, default=5)
    p.add_argument("--paginas", nargs="+", metavar="TITEL", help="alleen deze pagina's van de app")
    p.add_argument("--zonder-reruns", action="store_true", help="geen reruns van de app meten")
    p.add_argument(
        "--oud", metavar="MAP", help="ook de Kaart-pagina van een andere checkout (voor/na)"
    )
    p.add_argument(
        "--alleen-kaart", action="store_true", help="alleen de kaart en haar ijkpunten, in rondes"
    )
    args = p.parse_args(argv)
    if args.alleen_kaart and not args.paginas:
        args.paginas = ["Kaart"]
    uit = asyncio.run(meet(args))
    if not args.alleen_kaart:
        rapport(uit)
    kaart(uit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
