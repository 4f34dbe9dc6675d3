"""Load: 20 concurrent sessions opening pages and moving a slider; p50/p95 and errors.

    .venv/bin/python bench/last.py                        # 20 sessions: 2 Chromium + 18 websocket
    .venv/bin/python bench/last.py --browsers 6 --rondes 2 --scenario raadszaal

One `streamlit run app.py` on a fresh SQLite demo database. Every session is logged in as
`raad` (signed cookie) and opens the pages with charts in turn (each session starting at another
page), `--rondes` times. Sessions are real Chromium contexts (`--browsers`, default 2: a
drawing renderer takes about a core) plus websocket-level clients (`browser_tijden.WsKlant`:
the browser's protobuf protocol without rendering) up to `--sessies`.

Measured in the same run: a single user first (one Chromium context, then one websocket
client, same pages, same rounds), then all sessions at once. Reported: p50/p95 of the time to
the first chart per kind of session, the ratio to the single user (goal: p95 within 2x),
errors (exceptions on screen or in the stream, timeouts, tracebacks in the server log: goal 0),
and the server's peak CPU and memory (psutil, every 0.5 s). The first page of each Chromium
session is its cold visit (the browser loads and compiles the app's JavaScript), reported on
its own line: mixed in, two cold visits among 24 samples would be the p95 under load while the
single user's p95 mixes cold and warm. The caches are warmed first (one
pass over the pages), so this measures concurrency, not cold caches. On "Wat als?" every
Chromium session also moves a slider one step (ArrowRight on the first slider of the page) and
times the rerun until the page is quiet again (`browser_tijden.rerun`).

Two scenarios, both measured in the same run against the same single user:

- `raadszaal` (a council room): the sessions arrive spread over `--spreiding` seconds and read
  each page for a random `--denktijd` (default 3-8 s) before opening the next one, as people do;
- `stoot` (a stress test): everyone starts at the same instant and clicks on without pause.
  One Python process serves every session (the GIL): a burst of 20 page runs queues behind
  each other, so this scenario shows the worst case, not the room.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_tijden as bt  # noqa: E402


def percentiel(waarden: list[float], p: float) -> float:
    if not waarden:
        return float("nan")
    geordend = sorted(waarden)
    k = (len(geordend) - 1) * p / 100
    laag = int(k)
    hoog = min(laag + 1, len(geordend) - 1)
    return geordend[laag] + (geordend[hoog] - geordend[laag]) * (k - laag)


class Meter:
    """Samples the server process (and its children) every 0.5 s in a thread."""

    def __init__(self, pid: int):
        import psutil

        self.proces = psutil.Process(pid)
        self.cpu: list[float] = []
        self.rss: list[int] = []
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        self.proces.cpu_percent(None)
        while not self._stop.wait(0.5):
            try:
                self.cpu.append(self.proces.cpu_percent(None))
                self.rss.append(self.proces.memory_info().rss)
            except Exception:  # noqa: BLE001 - the process ended
                return

    def __enter__(self) -> Meter:
        self._draad.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._draad.join(timeout=5)


def _volgorde(paginas: list, start: int, rondes: int) -> list:
    return [paginas[(start + i) % len(paginas)] for i in range(rondes * len(paginas))]


@dataclass
class Tempo:
    """When a session arrives and how long it reads a page before the next (seconds)."""

    spreiding: float = 0.0
    denktijd: tuple[float, float] = (0.0, 0.0)
    seed: int = 0

    async def aankomst(self, rng: random.Random) -> None:
        if self.spreiding:
            await asyncio.sleep(rng.uniform(0, self.spreiding))

    async def lezen(self, rng: random.Random) -> None:
        if self.denktijd[1]:
            await asyncio.sleep(rng.uniform(*self.denktijd))


ZONDER_PAUZE = Tempo()
SCHUIF = "[data-testid='stMain'] [data-testid='stSlider'] input[type='range']"


async def schuif_stap(page) -> float:
    """One keyboard step on the page's first slider; seconds until the page is quiet again."""

    async def klik():
        duim = page.locator(SCHUIF).first
        await duim.focus()
        await duim.press("ArrowRight")

    return await bt.rerun(page, klik)


async def browser_sessie(
    browser,
    server,
    paginas,
    start,
    rondes,
    uit,
    fouten,
    tempo=ZONDER_PAUZE,
    schuif=None,
    koud=None,
) -> None:
    rng = random.Random(tempo.seed * 1000 + start)
    await tempo.aankomst(rng)
    context = await bt.context_met_cookie(browser, server)
    page = await context.new_page()
    try:
        for i, (pad, titel, url_pad) in enumerate(_volgorde(paginas, start, rondes)):
            if i:
                await tempo.lezen(rng)
            try:
                eerste, _ = await bt.laad(page, f"{server.url}/{url_pad}", True)
                # the first page of a browser loads and compiles the app's JavaScript (cold):
                # kept apart, so that warm page changes are compared with warm ones
                (koud if i == 0 and koud is not None else uit).append(eerste)
                if schuif is not None and pad == WAT_ALS:
                    schuif.append(await schuif_stap(page))
                n = await bt.fouten(page)
                if n:
                    fouten.append(f"browser {start}: {n} uitzondering(en) op {titel}")
            except Exception as exc:  # noqa: BLE001 - counted as an error
                fouten.append(f"browser {start}: {titel}: {type(exc).__name__}: {exc}"[:200])
    finally:
        await context.close()


async def ws_sessie(server, paginas, start, rondes, uit, fouten, tempo=ZONDER_PAUZE) -> None:
    rng = random.Random(tempo.seed * 1000 + start)
    await tempo.aankomst(rng)
    try:
        async with bt.WsKlant(server) as klant:
            for i, (_pad, titel, url_pad) in enumerate(_volgorde(paginas, start, rondes)):
                if i:
                    await tempo.lezen(rng)
                run = await klant.open_pagina(url_pad)
                if run.eerste_grafiek is not None:
                    uit.append(run.eerste_grafiek)
                if run.fouten or run.eerste_grafiek is None:
                    fouten.append(f"ws {start}: {titel}: {run.fouten or 'geen grafiek'}")
    except Exception as exc:  # noqa: BLE001 - counted as an error
        fouten.append(f"ws {start}: {type(exc).__name__}: {exc}"[:200])


async def scenario(browser, server, paginas, args, tempo: Tempo) -> dict:
    """All sessions at once (each with `tempo`); their timings, errors, CPU and memory."""
    last_b, last_w, schuif, koud, fouten = [], [], [], [], []
    aantal_b = min(args.browsers, args.sessies)
    taken = [
        browser_sessie(
            browser, server, paginas, i, args.rondes, last_b, fouten, tempo, schuif, koud
        )
        for i in range(aantal_b)
    ] + [
        ws_sessie(server, paginas, i, args.rondes, last_w, fouten, tempo)
        for i in range(aantal_b, args.sessies)
    ]
    with Meter(server.pid) as meter:
        start = time.perf_counter()
        await asyncio.gather(*taken)
        duur = time.perf_counter() - start
    return dict(
        browser=last_b,
        koud=koud,
        ws=last_w,
        schuif=schuif,
        fouten=fouten,
        duur=duur,
        cpu_piek=max(meter.cpu, default=float("nan")),
        cpu_gem=statistics.mean(meter.cpu) if meter.cpu else float("nan"),
        rss_piek=max(meter.rss, default=0),
    )


WAT_ALS = "pages/4_Wat_als.py"


async def basis_stoot(map_: Path, args) -> dict:
    """The same burst against the bare Streamlit page with one chart (`browser_tijden`): what
    one Streamlit process does with 20 runs at once before any of this app's work."""
    server = bt.basis_server(map_)
    try:
        pagina = [("basis.py", "basis", "")]
        await ws_sessie(server, pagina, 0, 3, [], [])
        enkel, last, fouten = [], [], []
        await ws_sessie(server, pagina, 0, args.rondes * 6, enkel, fouten)
        await asyncio.gather(
            *[
                ws_sessie(server, pagina, i, args.rondes * 6, last, fouten)
                for i in range(args.sessies)
            ]
        )
        return dict(enkel=enkel, last=last, fouten=fouten)
    finally:
        server.stop()


async def meet(args) -> dict:
    from playwright.async_api import async_playwright

    map_ = Path(tempfile.mkdtemp(prefix="leefloon-last-"))
    server = bt.app_server(bt.demo_databank(map_), "last")
    paginas = [p for p in bt.paginas() if p[0] not in bt.ZONDER_GRAFIEK]
    uit: dict = {"paginas": [t for _p, t, _u in paginas], "scenarios": {}}
    tempi = {
        "raadszaal": Tempo(args.spreiding, args.denktijd, seed=1),
        "stoot": ZONDER_PAUZE,
    }
    gekozen = list(tempi) if args.scenario == "beide" else [args.scenario]
    try:
        async with async_playwright() as pw:
            browser = await bt.nieuwe_browser(pw)
            # warm the caches and the forecasts
            await ws_sessie(server, paginas, 0, 1, [], uit.setdefault("opwarmen", []))
            # a single user, same pages, rounds and slider steps, without pauses
            enkel_b, enkel_w, enkel_s, enkel_k, fouten_enkel = [], [], [], [], []
            await browser_sessie(
                browser,
                server,
                paginas,
                0,
                args.rondes,
                enkel_b,
                fouten_enkel,
                schuif=enkel_s,
                koud=enkel_k,
            )
            await ws_sessie(server, paginas, 0, args.rondes, enkel_w, fouten_enkel)
            uit.update(
                enkel_browser=enkel_b,
                enkel_koud=enkel_k,
                enkel_ws=enkel_w,
                enkel_schuif=enkel_s,
                fouten_enkel=fouten_enkel,
            )
            for naam in gekozen:
                uit["scenarios"][naam] = await scenario(browser, server, paginas, args, tempi[naam])
            uit["browsers"] = min(args.browsers, args.sessies)
            uit["ws"] = args.sessies - uit["browsers"]
            await browser.close()
        if "stoot" in gekozen:
            uit["basis_stoot"] = await basis_stoot(map_, args)
    finally:
        uit["tracebacks"] = server.tracebacks()
        server.stop()
        shutil.rmtree(map_, ignore_errors=True)
    return uit


def _regel(soort: str, enkel: list[float], last: list[float], scenario: str) -> None:
    e95 = percentiel(enkel, 95)
    l50, l95 = percentiel(last, 50), percentiel(last, 95)
    oordeel = "OK" if l95 <= 2 * e95 else "MIS"
    print(
        f"{soort + ', ' + scenario:44s} {len(last):5d} {l50 * 1000:8.0f} {l95 * 1000:8.0f} "
        f"{l95 / e95:13.2f}x  {oordeel} (doel <= 2x)"
    )


def rapport(uit: dict, args) -> None:
    print(
        f"\n=== Last: {args.sessies} gelijktijdige sessies ({uit['browsers']} Chromium + "
        f"{uit['ws']} websocket), {args.rondes} rondes over {len(uit['paginas'])} pagina's "
        f"({', '.join(uit['paginas'])}); op 'Wat als?' schuift elke Chromium-sessie een "
        "schuifregelaar ==="
    )
    print(
        f"raadszaal: aankomst gespreid over {args.spreiding:g} s, {args.denktijd[0]:g}-"
        f"{args.denktijd[1]:g} s lezen per pagina; stoot: iedereen tegelijk, zonder pauze"
    )
    print(f"{'':44s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p95/enkel-p95':>14s}")
    soorten = (
        ("Chromium: eerste grafiek, warm", "enkel_browser", "browser"),
        ("Chromium: eerste bezoek, koud", "enkel_koud", "koud"),
        ("Chromium: schuifregelaarstap", "enkel_schuif", "schuif"),
        ("websocket: eerste grafiek", "enkel_ws", "ws"),
    )
    for soort, enkel_sleutel, last_sleutel in soorten:
        enkel = uit[enkel_sleutel]
        print(
            f"{soort + ', 1 gebruiker':44s} {len(enkel):5d} {percentiel(enkel, 50) * 1000:8.0f} "
            f"{percentiel(enkel, 95) * 1000:8.0f}"
        )
        for naam, s in uit["scenarios"].items():
            _regel(soort, enkel, s[last_sleutel], naam)
    if "basis_stoot" in uit:
        b = uit["basis_stoot"]
        soort = "ter vergelijking: kale pagina, websocket"
        print(
            f"{soort + ', 1 gebruiker':44s} {len(b['enkel']):5d} "
            f"{percentiel(b['enkel'], 50) * 1000:8.0f} {percentiel(b['enkel'], 95) * 1000:8.0f}"
        )
        _regel(soort, b["enkel"], b["last"], "stoot")
    alle = list(uit["fouten_enkel"])
    for naam, s in uit["scenarios"].items():
        alle += s["fouten"]
        print(
            f"{naam}: duur {s['duur']:.0f} s, fouten {len(s['fouten'])}, server-CPU piek "
            f"{s['cpu_piek']:.0f}% (gem. {s['cpu_gem']:.0f}%), "
            f"RSS piek {s['rss_piek'] / 1e6:.0f} MB"
        )
    print(
        f"Fouten in totaal: {len(alle)} (doel 0); tracebacks in het serverlog: {uit['tracebacks']}"
    )
    for fout in alle[:10]:
        print("  - " + fout)


def _bereik(tekst: str) -> tuple[float, float]:
    laag, _, hoog = tekst.partition(",")
    return float(laag), float(hoog or laag)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessies", type=int, default=20)
    # A drawing Chromium renderer takes about a core: on 2 cores, two renderers beside the
    # server is what the machine bears; with more, the figures measure the machine's CPU (each
    # council member brings their own laptop), not the server. --browsers 6 shows that.
    p.add_argument("--browsers", type=int, default=2, help="echte Chromium-contexten")
    p.add_argument("--rondes", type=int, default=2, help="keer dat elke sessie alle pagina's opent")
    p.add_argument("--scenario", choices=("beide", "raadszaal", "stoot"), default="beide")
    p.add_argument("--spreiding", type=float, default=10.0, help="s waarover sessies aankomen")
    p.add_argument("--denktijd", type=_bereik, default=(3.0, 8.0), help="min,max s per pagina")
    args = p.parse_args(argv)
    uit = asyncio.run(meet(args))
    rapport(uit, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
