"""Memory: the server's RSS while one user moves through all pages 100 times.

    .venv/bin/python bench/geheugen.py                 # 100 rounds, websocket client
    .venv/bin/python bench/geheugen.py --rondes 20 --browser

One `streamlit run app.py` on a fresh SQLite demo database; ONE session (logged in as `raad`)
opens every page of the council menu in turn, `--rondes` times: by default through the
websocket-level client of browser_tijden.py (the browser's protocol, one session, no rendering:
fast), with `--browser` in Chromium (page links in the same tab, so the same session).
The resident set size of the Streamlit process (psutil) is read before the first page, after
round 1, 10, 25, 50, … and at the end. "Bounded" means: after the warm-up (round 10) memory
grows by less than `--grens-mb` (default 20 MB) over the remaining rounds; the growth per
round (least squares over rounds 10 … end) is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_tijden as bt  # noqa: E402


def helling(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    noemer = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / noemer if noemer else 0.0


async def rondes_ws(server, paginas, aantal, rss, fouten) -> None:
    async with bt.WsKlant(server) as klant:
        for ronde in range(1, aantal + 1):
            for _pad, titel, url_pad in paginas:
                run = await klant.open_pagina(url_pad)
                if run.fouten:
                    fouten.append(f"ronde {ronde}, {titel}: {run.fouten}")
            rss.append(rss_mb(server))


async def rondes_browser(server, paginas, aantal, rss, fouten) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await bt.nieuwe_browser(pw)
        context = await bt.context_met_cookie(browser, server)
        page = await context.new_page()
        await bt.laad(page, server.url + "/", True)
        for ronde in range(1, aantal + 1):
            for pad, titel, _url in paginas:
                link = page.locator("[data-testid='stSidebar']").get_by_role(
                    "link", name=titel, exact=True
                )
                await link.click()
                await page.wait_for_function(
                    "t => document.title.startsWith(t)", arg=titel, timeout=120_000
                )
                await bt.wacht_klaar(page)
                if await bt.fouten(page):
                    fouten.append(f"ronde {ronde}, {titel}: uitzondering op het scherm ({pad})")
            rss.append(rss_mb(server))
        await browser.close()


def rss_mb(server) -> float:
    import psutil

    return psutil.Process(server.pid).memory_info().rss / 1e6


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rondes", type=int, default=100)
    p.add_argument("--browser", action="store_true", help="in Chromium i.p.v. websocket")
    p.add_argument("--grens-mb", type=float, default=20.0)
    args = p.parse_args(argv)
    map_ = Path(tempfile.mkdtemp(prefix="leefloon-geheugen-"))
    server = bt.app_server(bt.demo_databank(map_), "geheugen")
    paginas = bt.paginas()
    rss: list[float] = []
    fouten: list[str] = []
    try:
        time.sleep(1)
        start_rss = rss_mb(server)
        start = time.perf_counter()
        loop = rondes_browser if args.browser else rondes_ws
        asyncio.run(loop(server, paginas, args.rondes, rss, fouten))
        duur = time.perf_counter() - start
        tracebacks = server.tracebacks()
    finally:
        server.stop()
        shutil.rmtree(map_, ignore_errors=True)

    print(
        f"\n=== Geheugen van de Streamlit-server: 1 sessie, {args.rondes} rondes over "
        f"{len(paginas)} pagina's ({'Chromium' if args.browser else 'websocket'}), "
        f"{duur:.0f} s ==="
    )
    print(f"RSS voor de eerste pagina: {start_rss:7.1f} MB")
    for ronde in sorted({1, 10, 25, 50, 75, len(rss)}):
        if ronde <= len(rss):
            print(f"RSS na ronde {ronde:3d}:        {rss[ronde - 1]:7.1f} MB")
    basis = rss[min(9, len(rss) - 1)]
    groei = rss[-1] - basis
    xs = list(range(10, len(rss) + 1))
    per_ronde = helling(xs, rss[9:]) if len(rss) > 10 else float("nan")
    oordeel = "begrensd" if groei < args.grens_mb else "GROEIT"
    print(
        f"Piek {max(rss):.1f} MB; groei na de opwarming (ronde 10 -> {len(rss)}): {groei:+.1f} MB "
        f"({per_ronde * 1000:+.0f} kB per ronde) -> {oordeel} (grens {args.grens_mb:.0f} MB)"
    )
    print(f"Fouten: {len(fouten)}; tracebacks in het serverlog: {tracebacks}")
    for fout in fouten[:5]:
        print("  - " + fout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
