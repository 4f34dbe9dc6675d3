"""Load: 20 concurrent sessions opening pages; p50/p95 time to first chart and errors.

    .venv/bin/python bench/last.py                        # 20 sessions: 6 Chromium + 14 websocket
    .venv/bin/python bench/last.py --browsers 4 --rondes 2

One `streamlit run app.py` on a fresh SQLite demo database. Every session is logged in as
`raad` (signed cookie) and opens the pages with charts in turn (each session starting at another
page), `--rondes` times. Sessions are real Chromium contexts (as many as 2 cores bear; one
renderer each) plus websocket-level clients (`browser_tijden.WsKlant`: the browser's protobuf
protocol without rendering) up to `--sessies`.

Measured in the same run: a single user first (one Chromium context, then one websocket
client, same pages, same rounds), then all sessions at once. Reported: p50/p95 of the time to
the first chart per kind of session, the ratio to the single user (goal: p95 within 2x),
errors (exceptions on screen or in the stream, timeouts, tracebacks in the server log: goal 0),
and the server's peak CPU and memory (psutil, every 0.5 s). The caches are warmed first (one
pass over the pages), so this measures concurrency, not cold caches.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import threading
import time
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


async def browser_sessie(browser, server, paginas, start, rondes, uit, fouten) -> None:
    context = await bt.context_met_cookie(browser, server)
    page = await context.new_page()
    try:
        for _pad, titel, url_pad in _volgorde(paginas, start, rondes):
            try:
                eerste, _ = await bt.laad(page, f"{server.url}/{url_pad}", True)
                uit.append(eerste)
                n = await bt.fouten(page)
                if n:
                    fouten.append(f"browser {start}: {n} uitzondering(en) op {titel}")
            except Exception as exc:  # noqa: BLE001 - counted as an error
                fouten.append(f"browser {start}: {titel}: {type(exc).__name__}: {exc}"[:200])
    finally:
        await context.close()


async def ws_sessie(server, paginas, start, rondes, uit, fouten) -> None:
    try:
        async with bt.WsKlant(server) as klant:
            for _pad, titel, url_pad in _volgorde(paginas, start, rondes):
                run = await klant.open_pagina(url_pad)
                if run.eerste_grafiek is not None:
                    uit.append(run.eerste_grafiek)
                if run.fouten or run.eerste_grafiek is None:
                    fouten.append(f"ws {start}: {titel}: {run.fouten or 'geen grafiek'}")
    except Exception as exc:  # noqa: BLE001 - counted as an error
        fouten.append(f"ws {start}: {type(exc).__name__}: {exc}"[:200])


async def meet(args) -> dict:
    from playwright.async_api import async_playwright

    map_ = Path(tempfile.mkdtemp(prefix="leefloon-last-"))
    server = bt.app_server(bt.demo_databank(map_), "last")
    paginas = [p for p in bt.paginas() if p[0] not in bt.ZONDER_GRAFIEK]
    uit: dict = {"paginas": [t for _p, t, _u in paginas]}
    try:
        async with async_playwright() as pw:
            browser = await bt.nieuwe_browser(pw)
            # warm the caches and the forecasts
            await ws_sessie(server, paginas, 0, 1, [], uit.setdefault("opwarmen", []))
            # a single user, same pages and rounds
            enkel_b, enkel_w, fouten_enkel = [], [], []
            await browser_sessie(browser, server, paginas, 0, args.rondes, enkel_b, fouten_enkel)
            await ws_sessie(server, paginas, 0, args.rondes, enkel_w, fouten_enkel)
            uit.update(enkel_browser=enkel_b, enkel_ws=enkel_w, fouten_enkel=fouten_enkel)
            # everyone at once
            last_b, last_w, fouten = [], [], []
            aantal_b = min(args.browsers, args.sessies)
            taken = [
                browser_sessie(browser, server, paginas, i, args.rondes, last_b, fouten)
                for i in range(aantal_b)
            ] + [
                ws_sessie(server, paginas, i, args.rondes, last_w, fouten)
                for i in range(aantal_b, args.sessies)
            ]
            with Meter(server.pid) as meter:
                start = time.perf_counter()
                await asyncio.gather(*taken)
                duur = time.perf_counter() - start
            uit.update(
                last_browser=last_b,
                last_ws=last_w,
                fouten=fouten,
                duur=duur,
                browsers=aantal_b,
                ws=args.sessies - aantal_b,
                cpu_piek=max(meter.cpu, default=float("nan")),
                cpu_gem=statistics.mean(meter.cpu) if meter.cpu else float("nan"),
                rss_piek=max(meter.rss, default=0),
            )
            await browser.close()
    finally:
        uit["tracebacks"] = server.tracebacks()
        server.stop()
        shutil.rmtree(map_, ignore_errors=True)
    return uit


def rapport(uit: dict, args) -> None:
    print(
        f"\n=== Last: {args.sessies} gelijktijdige sessies ({uit['browsers']} Chromium + "
        f"{uit['ws']} websocket), {args.rondes} rondes over {len(uit['paginas'])} pagina's "
        f"({', '.join(uit['paginas'])}); duur {uit['duur']:.0f} s ==="
    )
    print(f"{'':34s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'p95/enkel-p95':>14s}")
    for soort, enkel, last in (
        ("Chromium", uit["enkel_browser"], uit["last_browser"]),
        ("websocket (zonder weergave)", uit["enkel_ws"], uit["last_ws"]),
    ):
        e50, e95 = percentiel(enkel, 50), percentiel(enkel, 95)
        l50, l95 = percentiel(last, 50), percentiel(last, 95)
        print(f"{soort + ', 1 gebruiker':34s} {len(enkel):5d} {e50 * 1000:8.0f} {e95 * 1000:8.0f}")
        oordeel = "OK" if l95 <= 2 * e95 else "MIS"
        print(
            f"{soort + ', onder last':34s} {len(last):5d} {l50 * 1000:8.0f} {l95 * 1000:8.0f} "
            f"{l95 / e95:13.2f}x  {oordeel} (doel <= 2x)"
        )
    alle = uit["fouten_enkel"] + uit["fouten"]
    print(
        f"Fouten: {len(alle)} (doel 0); tracebacks in het serverlog: {uit['tracebacks']}; "
        f"server-CPU piek {uit['cpu_piek']:.0f}% (gem. {uit['cpu_gem']:.0f}%), "
        f"RSS piek {uit['rss_piek'] / 1e6:.0f} MB"
    )
    for fout in alle[:10]:
        print("  - " + fout)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessies", type=int, default=20)
    p.add_argument("--browsers", type=int, default=6, help="echte Chromium-contexten")
    p.add_argument("--rondes", type=int, default=2, help="keer dat elke sessie alle pagina's opent")
    args = p.parse_args(argv)
    uit = asyncio.run(meet(args))
    rapport(uit, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
