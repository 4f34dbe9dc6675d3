"""What the page around a chart costs: the app's Kaart page with one line chart (the reference of
bench/browser_tijden.py, `LIJNKAART_SCRIPT`), and variants of it that each leave ONE part of the
page out, against the bare Streamlit page with one line chart, in rounds.

    .venv/bin/python bench/kaart_chroom.py                      # every variant, 25 rounds
    .venv/bin/python bench/kaart_chroom.py --alleen volledig volledig_2 zonder_filters
    .venv/bin/python bench/kaart_chroom.py --oud /tmp/main      # also main's reference page

One copy of the app (`browser_tijden.lijnkaart_map`) with a page per variant
(`pages/2x_Chroom_<naam>.py`): the variant replaces one function (or method) of the app with a
no-op or a stand-in while its script runs and puts it back after (the bench loads one page at
a time). Every round loads every page once, in an order drawn anew (seeded); fewer than ~25
rounds do not separate two copies of the same page on the shared machine (bench/README.md).
With `--oud` the same reference page of another checkout is measured in the same rounds.
Figures: median first paint per variant (ms), its ratio to the bare page at `/`, and what
leaving the part out saves against the full page (ms). Wall-clock on a shared machine: read the
differences within one run.

Order variants (`HERSCHRIJVINGEN`, tools in bench/kaart_volgorde.py) keep every element and
rewrite the end of pages/8_Kaart.py so the chart is sent before the sidebar (`grafiek_eerst`),
or fill a container made at the top of the page (`plek_bovenaan`). `--volgorde` first prints
the elements of each variant in the order the server sends them, with their arrival (ms) over
the websocket; `--momenten N` first times, in the browser, title, sidebar, Streamlit's Plotly
chunk and chart element (N warm loads per page).

    .venv/bin/python bench/kaart_chroom.py --herhalingen 25 --volgorde --alleen volledig \
        volledig_2 grafiek_eerst grafiek_eerst_2 filters_na_grafiek plek_bovenaan
    .venv/bin/python bench/kaart_chroom.py --momenten 15 --herhalingen 0 --alleen volledig \
        grafiek_eerst filters_na_grafiek plek_bovenaan
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

import browser_tijden as bt  # noqa: E402

_TAAL_LEEG = (
    "lambda: (st.html(guard._TAAL_CSS), st.container(key='lfm_taal').html("
    "'<script>void 0;</script>', unsafe_allow_javascript=True))"
)
#: the sidebar's view without its widgets: the default municipality and its last month
_VASTE_KEUZE = (
    "lambda *a, **k: (lambda r: instellingen.Instellingen(r.nis, r.naam, r.laatste_periode, "
    "r.laatste_periode, (), {r.nis: r.naam}))(next(cache.gemeenten_met_data()"
    ".query('nis == \"12025\"').itertuples()))"
)
_FILTERS = [
    ("ui.instellingen", "zijbalk", _VASTE_KEUZE),
    ("streamlit", "selectbox", "lambda label, opties, *a, **k: list(opties)[0]"),
]
#: the first element also imports Streamlit's Plotly chunk (Streamlit 1.67's file name), before
#: the chart element asks for it: tried on 2026-12-02, no gain (bench/README.md)
_PLOTLY_VOORAF = (
    "(lambda oud: lambda: (st.html('<script>(() => { const s = document.querySelector("
    '"script[type=module][src*=\\"/static/js/index.\\"]"); if (s) import(new URL('
    '"./PlotlyChart.D9Z0_fxz.js", s.src).href).catch(() => {}); })();</script>\', '
    "unsafe_allow_javascript=True), oud()))(guard.zet_taal)"
)
#: the period's two month boxes (Van, Tot: a box per month of the data each) left out
_ZONDER_VAN_TOT = (
    "(lambda oud: lambda self, label, *a, **k: st.session_state[k['key']] "
    "if label in ('Van', 'Tot') else oud(self, label, *a, **k))"
    "(__import__('streamlit').delta_generator.DeltaGenerator.selectbox)"
)
_TAAL_KAAL = "lambda: st.html(guard._TAAL_SCRIPT, unsafe_allow_javascript=True)"

#: name -> [(module, function[, replacement])]: replaced while the page runs, by a no-op or by
#: the replacement (a Python expression; `st`, `cache`, `guard`, `instellingen` are known).
VARIANTEN: dict[str, list[tuple[str, ...]]] = {
    "volledig": [],
    "volledig_2": [],  # the same page twice: the spread of the method
    "zonder_taal": [("ui.guard", "zet_taal")],
    "taal_leeg_script": [("ui.guard", "zet_taal", _TAAL_LEEG)],
    "taal_zonder_vak": [("ui.guard", "zet_taal", _TAAL_KAAL)],
    "zonder_stijl": [("ui.weergave", "stijl")],
    "zonder_venster": [("ui.venster", "meet")],
    "zonder_navigatie": [("ui.navigatie", "teken_navigatie")],
    "zonder_cookie": [("ui.auth", "zet_cookie_indien_gevraagd")],
    "zonder_demolabel": [("ui.instellingen", "demolabel")],
    "zonder_tabel": [("ui.weergave", "tabel_onder_grafiek")],
    "zonder_deelknop": [("ui.link", "deelknop")],
    "zonder_noten": [("streamlit", "caption")],
    "zonder_filters": _FILTERS,
    "zonder_van_tot": [("streamlit.delta_generator:DeltaGenerator", "selectbox", _ZONDER_VAN_TOT)],
    "plotly_vooraf": [("ui.guard", "zet_taal", _PLOTLY_VOORAF)],
    "zonder_alles": [
        ("ui.guard", "zet_taal"),
        ("ui.weergave", "stijl"),
        ("ui.venster", "meet"),
        ("ui.navigatie", "teken_navigatie"),
        ("ui.auth", "zet_cookie_indien_gevraagd"),
        ("ui.instellingen", "demolabel"),
        ("ui.weergave", "tabel_onder_grafiek"),
        ("ui.link", "deelknop"),
        ("streamlit", "caption"),
    ],
}
VARIANTEN["zonder_alles_en_filters"] = VARIANTEN["zonder_alles"] + _FILTERS

# Order: every element kept, the chart sent before the sidebar (bench/kaart_volgorde.py). The
# end of pages/8_Kaart.py, rewritten in the page's source (the variant fails if it changed).
_EINDE = """
keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    indicator = kies_indicator()
    toon(keuze, indicator, bouw(keuze, indicator, laad(keuze, indicator)))
    link.deelknop()
"""
#: the view computed dry (Session State and defaults), title and chart, then the sidebar
_GRAFIEK_EERST = """
with kaart_volgorde.droog():
    keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
    indicator = kies_indicator() if keuze is not None else None
if keuze is not None:
    toon(keuze, indicator, bouw(keuze, indicator, laad(keuze, indicator)))
kaart_volgorde.speel_af(_uitgesteld)
kaart_volgorde.zelfde(keuze, instellingen.zijbalk(gebruiker, met_vergelijking=False))
if keuze is not None:
    kaart_volgorde.zelfde(indicator, kies_indicator())
    link.deelknop()
"""
#: the proxy: a container at the top of the main area (made before the navigation), filled with
#: title and chart after the widgets have run
_PLEK_BOVENAAN = """
keuze = instellingen.zijbalk(gebruiker, met_vergelijking=False)
if keuze is not None:
    indicator = kies_indicator()
    with _plek[0]:
        toon(keuze, indicator, bouw(keuze, indicator, laad(keuze, indicator)))
    link.deelknop()
"""
_NAVIGATIE_LATER = ("ui.navigatie", "teken_navigatie", "kaart_volgorde.later(_oud, _uitgesteld)")
VARIANTEN["grafiek_eerst"] = [_NAVIGATIE_LATER]  # navigation and filters after the chart
VARIANTEN["grafiek_eerst_2"] = [_NAVIGATIE_LATER]
VARIANTEN["filters_na_grafiek"] = []  # the navigation in its place, the filters after the chart
VARIANTEN["plek_bovenaan"] = [
    ("ui.navigatie", "teken_navigatie", "kaart_volgorde.plek_eerst(_oud, _plek)")
]
#: name -> (text of pages/8_Kaart.py, its replacement)
HERSCHRIJVINGEN: dict[str, tuple[str, str]] = {
    "grafiek_eerst": (_EINDE, _GRAFIEK_EERST),
    "grafiek_eerst_2": (_EINDE, _GRAFIEK_EERST),
    "filters_na_grafiek": (_EINDE, _GRAFIEK_EERST),
    "plek_bovenaan": (_EINDE, _PLEK_BOVENAAN),
}

_VARIANT_SCRIPT = """
import importlib
import sys
from pathlib import Path

import streamlit as st

from ui import cache, guard, instellingen

sys.path.insert(0, {hulp!r})
import kaart_volgorde

_uitgesteld, _plek = [], []  # this run's (kaart_volgorde)
_vervangen = []
for _module, _naam, *_door in {vervang!r}:
    _module, _, _klasse = _module.partition(":")  # "module:Class": a method
    _m = importlib.import_module(_module)
    _m = getattr(_m, _klasse) if _klasse else _m
    _oud = getattr(_m, _naam)
    _vervangen.append((_m, _naam, _oud))
    setattr(_m, _naam, eval(_door[0]) if _door else lambda *a, **k: None)


def _herschreven(bron):
    for tekst, nieuw in {herschrijf!r}:
        if bron.count(tekst) != 1:
            raise RuntimeError("pages/8_Kaart.py is veranderd: herschrijf de variant")
        bron = bron.replace(tekst, nieuw)
    return bron


try:
    # the lijnkaart page runs pages/8_Kaart.py: rewritten on its way (HERSCHRIJVINGEN)
    _pad = Path({kaart!r})
    _lees = '_pad.read_text(encoding="utf-8")'
    _bron = _pad.read_text(encoding="utf-8")
    if _bron.count(_lees) != 1:
        raise RuntimeError("browser_tijden.LIJNKAART_SCRIPT is veranderd")
    _bron = _bron.replace(_lees, f"_herschreven({{_lees}})")
    exec(compile(_bron, str(_pad), "exec"))
finally:
    for _m, _naam, _oud in _vervangen:
        setattr(_m, _naam, _oud)
"""


def chroom_map(map_: Path, bron: Path = bt.REPO) -> Path:
    """The lijnkaart copy of `bron` with a page per variant; returns its folder."""
    doel = bt.lijnkaart_map(map_, bron)
    kaart = doel / "pages" / "8_Kaart.py"
    for i, (naam, vervang) in enumerate(VARIANTEN.items()):
        herschrijf = [HERSCHRIJVINGEN[naam]] if naam in HERSCHRIJVINGEN else []
        script = _VARIANT_SCRIPT.format(
            vervang=vervang, kaart=str(kaart), herschrijf=herschrijf, hulp=str(REPO / "bench")
        )
        (doel / "pages" / f"{20 + i}_Chroom_{naam}.py").write_text(script, encoding="utf-8")
    return doel


async def meet(args) -> dict:
    from playwright.async_api import async_playwright

    map_ = Path(tempfile.mkdtemp(prefix="leefloon-chroom-"))
    db_url = bt.demo_databank(map_)
    env = {"LEEFLOONMONITOR_COOKIE_KEY": bt.SLEUTEL}
    basis = bt.basis_server(map_)
    servers = [basis, bt.Server(db_url, "bench-chroom", env, map_=chroom_map(map_)).start()]
    doelen = [("basis", basis, "", False)]
    gekozen = args.alleen or list(VARIANTEN)
    doelen += [(naam, servers[1], f"Chroom_{naam}", True) for naam in gekozen]
    if args.oud:
        oud = map_ / "oud"
        oud.mkdir()
        servers.append(
            bt.Server(db_url, "bench-chroom-oud", env, map_=bt.lijnkaart_map(oud, Path(args.oud)))
        )
        servers[-1].start()
        doelen.append(("volledig (oud)", servers[-1], "Kaart", True))
    uit: dict = {naam: [] for naam, *_ in doelen}
    load = [os.getloadavg()[0]]
    try:
        if args.volgorde:
            toon_volgorde(await elementvolgorde(servers[1], gekozen))
            load = [os.getloadavg()[0]]
        async with async_playwright() as pw:
            browser = await bt.nieuwe_browser(pw)
            pages = {}
            for naam, srv, pad, app in doelen:
                pages[naam] = await _pagina(browser, srv, app)
                if app:
                    await bt.laad(pages[naam], srv.url + "/Data_en_methode", False)
                await bt.laad(pages[naam], f"{srv.url}/{pad}", True)  # cold
            if args.momenten:
                toon_momenten(await momenten(browser, doelen, args.momenten), args.momenten)
            volgorde = random.Random(20)
            for ronde in range(args.herhalingen):
                # a new order every round: no part is always measured right after another
                for naam, srv, pad, _app in volgorde.sample(doelen, len(doelen)):
                    uit[naam].append((await bt.laad(pages[naam], f"{srv.url}/{pad}", True))[0])
                print(f"  ronde {ronde + 1}/{args.herhalingen}", file=sys.stderr)
            uit["fouten"] = sum([await bt.fouten(p) for p in pages.values()])
            await browser.close()
    finally:
        uit["tracebacks"] = sum(s.tracebacks() for s in servers[1:])
        for s in servers:
            s.stop()
        shutil.rmtree(map_, ignore_errors=True)
    load.append(os.getloadavg()[0])
    uit["load"] = load
    return uit


_BAKKEN = {0: "main", 1: "sidebar", 2: "event", 3: "bottom"}  # Streamlit's RootContainer


async def elementvolgorde(server, namen: list[str]) -> dict[str, list[str]]:
    """Per variant the elements in the order the server sends them (`main`/`sidebar`: the
    container) and when they arrive, over the websocket as the browser speaks it: the first run
    of a new session (as every page load in the browser), after one session had warmed up the
    caches."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    uit = {}
    for naam in namen:
        positie = server.log_lengte()
        async with bt.WsKlant(server) as klant:
            await klant.open_pagina(f"Chroom_{naam}")  # warms the process's caches
        async with bt.WsKlant(server) as klant:
            msg = BackMsg()
            msg.rerun_script.page_name = f"Chroom_{naam}"
            begin = time.perf_counter()
            await klant.ws.send(msg.SerializeToString())
            reeks = []
            while True:
                fw = ForwardMsg()
                fw.ParseFromString(await asyncio.wait_for(klant.ws.recv(), timeout=120))
                ms = (time.perf_counter() - begin) * 1000
                if fw.WhichOneof("type") == "script_finished":
                    reeks.append(f"klaar@{ms:.0f}")
                    break
                if fw.WhichOneof("type") == "delta":
                    d = fw.delta
                    soort = d.WhichOneof("type")
                    soort = d.new_element.WhichOneof("type") if soort == "new_element" else soort
                    bak = _BAKKEN.get(fw.metadata.delta_path[0], str(fw.metadata.delta_path[0]))
                    reeks.append(f"{bak}:{soort}@{ms:.0f}")
            uit[naam] = reeks
        for blok in server.tracebacks_sinds(positie):
            print(blok[-2000:], file=sys.stderr)
    return uit


def toon_volgorde(uit: dict[str, list[str]]) -> None:
    for naam, reeks in uit.items():
        grafiek = next((i for i, e in enumerate(reeks) if "plotly_chart@" in e), None)
        zijbalk = sum(1 for e in reeks[:grafiek] if e.startswith("sidebar"))
        print(
            f"\n{naam}: grafiek element {grafiek} van {len(reeks) - 1}, na {zijbalk} in de "
            f"zijbalk (@ms: na het verzoek om de rerun, op de websocket)"
        )
        print("  " + " ".join(reeks))


#: when an element first is in the DOM (ms from the start of the navigation, the page's clock)
_MOMENTEN_JS = """(() => {
  const zoek = {
    plotly_element: "[data-testid='stPlotlyChart']",
    zijbalk_keuze: "[data-testid='stSidebar'] [data-testid='stSelectbox']",
    zijbalk_link: "[data-testid='stSidebar'] [data-testid='stPageLink']",
    titel: "h1",
  };
  window.__lfmMoment = {};
  const kijk = () => {
    for (const [naam, sel] of Object.entries(zoek)) {
      if (!(naam in window.__lfmMoment) && document.querySelector(sel))
        window.__lfmMoment[naam] = performance.now();
    }
  };
  new MutationObserver(kijk).observe(document, {subtree: true, childList: true});
})();"""
_CHUNK_JS = """() => {
  const r = performance.getEntriesByType("resource").find(e => e.name.includes("PlotlyChart"));
  return r ? {chunk_gevraagd: r.startTime, chunk_binnen: r.responseEnd} : {};
}"""


async def _pagina(browser, srv, app: bool):
    """A tab for one target: with the login cookie for the app's pages, plain for the bare page."""
    ctx = await (
        bt.context_met_cookie(browser, srv)
        if app
        else browser.new_context(viewport=dict(bt.VIEWPORT))
    )
    return await ctx.new_page()


async def momenten(browser, doelen, n: int) -> dict[str, dict[str, float]]:
    """Per page the median moment (ms) of its chart element, its first sidebar link and box,
    the request and arrival of Streamlit's Plotly chunk and the first paint: `n` warm loads in
    a new order every round."""
    pages, uit = {}, {}
    for naam, srv, pad, app in doelen:
        pages[naam] = await _pagina(browser, srv, app)
        await pages[naam].add_init_script(_MOMENTEN_JS)
        await bt.laad(pages[naam], f"{srv.url}/{pad}", True)  # cold
        uit[naam] = {}
    volgorde = random.Random(21)
    for _ in range(n):
        for naam, srv, pad, _app in volgorde.sample(doelen, len(doelen)):
            verf, _ = await bt.laad(pages[naam], f"{srv.url}/{pad}", True)
            gemeten = await pages[naam].evaluate("() => window.__lfmMoment")
            gemeten |= await pages[naam].evaluate(_CHUNK_JS)
            gemeten["eerste_verf"] = verf * 1000
            for k, v in gemeten.items():
                uit[naam].setdefault(k, []).append(v)
    for p in pages.values():
        await p.context.close()
    return {naam: {k: bt.med(v) for k, v in m.items()} for naam, m in uit.items()}


def toon_momenten(uit: dict[str, dict[str, float]], n: int) -> None:
    kolommen = [
        "titel", "zijbalk_link", "zijbalk_keuze", "plotly_element", "chunk_gevraagd",
        "chunk_binnen", "eerste_verf",
    ]  # fmt: skip
    print(f"\n=== Momenten (ms sinds de navigatie, mediaan van {n} warme keren) ===")
    print(f"{'pagina':20s} " + " ".join(f"{k:>14s}" for k in kolommen))
    for naam, m in uit.items():
        print(f"{naam:20s} " + " ".join(f"{m.get(k, float('nan')):14.0f}" for k in kolommen))


def rapport(uit: dict) -> None:
    t = {k: bt.med(v) * 1000 for k, v in uit.items() if isinstance(v, list) and k != "load"}
    n = len(uit["basis"])
    print(f"\n=== Kaart-pagina met 1 lijngrafiek: wat kost elk deel (mediaan, {n} rondes) ===")
    print(f"{'pagina':24s} {'eerste verf':>11s} {'x basis /':>9s} {'bespaart':>9s}")
    for naam, ms in t.items():
        bespaart = "" if naam == "basis" else f"{t['volledig'] - ms:9.0f}"
        print(f"{naam:24s} {ms:11.0f} {ms / t['basis']:9.2f} {bespaart}")
    print(f"uitzonderingen: {uit['fouten']}; tracebacks: {uit['tracebacks']}")
    print(f"load average (1 min) begin {uit['load'][0]:.1f}, einde {uit['load'][1]:.1f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--herhalingen", type=int, default=25)
    p.add_argument("--alleen", nargs="+", metavar="VARIANT", help="alleen deze varianten")
    p.add_argument("--oud", metavar="MAP", help="ook de referentiepagina van een andere checkout")
    p.add_argument(
        "--momenten", type=int, default=0, metavar="N", help="eerst N keer de tijdlijn per pagina"
    )
    p.add_argument(
        "--volgorde", action="store_true", help="eerst de volgorde van de elementen per variant"
    )
    rapport(asyncio.run(meet(p.parse_args(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
