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
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import sys
import tempfile
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

_VARIANT_SCRIPT = """
import importlib
from pathlib import Path

import streamlit as st

from ui import cache, guard, instellingen

_vervangen = []
for _module, _naam, *_door in {vervang!r}:
    _module, _, _klasse = _module.partition(":")  # "module:Class": a method
    _m = importlib.import_module(_module)
    _m = getattr(_m, _klasse) if _klasse else _m
    _vervangen.append((_m, _naam, getattr(_m, _naam)))
    setattr(_m, _naam, eval(_door[0]) if _door else lambda *a, **k: None)
try:
    _pad = Path({kaart!r})
    exec(compile(_pad.read_text(encoding="utf-8"), str(_pad), "exec"))
finally:
    for _m, _naam, _oud in _vervangen:
        setattr(_m, _naam, _oud)
"""


def chroom_map(map_: Path, bron: Path = bt.REPO) -> Path:
    """The lijnkaart copy of `bron` with a page per variant; returns its folder."""
    doel = bt.lijnkaart_map(map_, bron)
    kaart = doel / "pages" / "8_Kaart.py"
    for i, (naam, vervang) in enumerate(VARIANTEN.items()):
        script = _VARIANT_SCRIPT.format(vervang=vervang, kaart=str(kaart))
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
        async with async_playwright() as pw:
            browser = await bt.nieuwe_browser(pw)
            pages = {}
            for naam, srv, pad, app in doelen:
                ctx = await (
                    bt.context_met_cookie(browser, srv)
                    if app
                    else browser.new_context(viewport=dict(bt.VIEWPORT))
                )
                pages[naam] = await ctx.new_page()
                if app:
                    await bt.laad(pages[naam], srv.url + "/Data_en_methode", False)
                await bt.laad(pages[naam], f"{srv.url}/{pad}", True)  # cold
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
    rapport(asyncio.run(meet(p.parse_args(argv))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
