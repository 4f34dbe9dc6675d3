"""Pages at a page path as fast as `/`: time to first chart through the proxy, with and without
nginx's injected backend address (issue 18, item 4).

    .venv/bin/python bench/pagina_pad.py                 # 5 warm loads per page and variant
    .venv/bin/python bench/pagina_pad.py --herhalingen 8 --basispad lm

At a page path (/Trends) Streamlit's frontend first probes /Trends/_stcore/health, gets a 404
and waits a hard-coded 100 ms before it tries the base path; `window.__streamlit
.BACKEND_BASE_URL`, which nginx puts first in <head> (deploy/cluster.py), skips that probe.

In one run, on one PostgreSQL with the demo, two clusters of one replica each behind the same
HAProxy/nginx configuration, one with and one without the script, and the floor app of
`browser_tijden` (the bare page with one chart, at `/` and at the page path /Vloer) behind
both. Headless Chromium, logged in as `raad` with a signed cookie; loads alternate between the
variants so that the machine's load hits them alike. Reported: the median time to first chart
of every page (warm loads), its ratio to the same cluster's `/` (goal with the script: <= 1.2x)
and the ratio with/without the script.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HIER = Path(__file__).resolve().parent
sys.path.insert(0, str(HIER))
sys.path.insert(0, str(HIER.parent / "deploy"))
sys.path.insert(0, str(HIER.parent / "tests"))

import browser_tijden as bt  # noqa: E402
from cluster import Cluster, laad_demo_indien_leeg  # noqa: E402


async def meet(args) -> dict:
    from playwright.async_api import async_playwright
    from postgres_lokaal import PostgresServer

    map_ = Path(tempfile.mkdtemp(prefix="leefloon-paginapad-"))
    map_.chmod(0o755)
    vloer_map = bt.schrijf_vloer(map_)
    pg = PostgresServer().start()
    clusters: dict[str, Cluster] = {}
    uit: dict = {}
    try:
        db_url = pg.nieuwe_database()
        laad_demo_indien_leeg(db_url)
        for naam, injectie in (("met", True), ("zonder", False)):
            clusters[naam] = Cluster(
                1,
                db_url=db_url,
                basispad=args.basispad,
                cookie_key=bt.SLEUTEL,
                injectie=injectie,
                map_=map_ / f"app-{naam}",
            )
            clusters[f"vloer-{naam}"] = Cluster(
                1,
                basispad=args.basispad,
                script="vloer.py",
                app_map=vloer_map,
                injectie=injectie,
                map_=map_ / f"vloer-{naam}",
                extra_env={"STREAMLIT_CLIENT_SHOW_SIDEBAR_NAVIGATION": "false"},
            )
        for c in clusters.values():
            c.start()
        paginas = [(t, u) for p, t, u in bt.paginas() if p not in bt.ZONDER_GRAFIEK]
        vloer = [("Vloer /", ""), ("Vloer /Vloer", "Vloer")]
        async with async_playwright() as pw:
            browser = await bt.nieuwe_browser(pw)
            pages = {}
            for naam, c in clusters.items():
                # Playwright's interval polling (bt.laad) compiles its predicate in the page,
                # which the proxy's CSP (no 'unsafe-eval') refuses: bypass it for the harness.
                context = await browser.new_context(
                    viewport=dict(bt.VIEWPORT), locale="nl-BE", bypass_csp=True
                )
                naam_cookie, waarde = bt.login_cookie()
                await context.add_cookies([{"name": naam_cookie, "value": waarde, "url": c.url}])
                pages[naam] = await context.new_page()
            tijden: dict[tuple[str, str], list[float]] = {}
            for ronde in range(args.herhalingen + 1):  # round 0: cold, not counted
                for variant in ("met", "zonder"):
                    for titel, url in paginas:
                        t, _ = await bt.laad(pages[variant], f"{clusters[variant].url}/{url}", True)
                        if ronde:
                            tijden.setdefault((variant, titel), []).append(t)
                    v = f"vloer-{variant}"
                    for titel, url in vloer:
                        t, _ = await bt.laad(pages[v], f"{clusters[v].url}/{url}", True)
                        if ronde:
                            tijden.setdefault((variant, titel), []).append(t)
            await browser.close()
        uit = {k: statistics.median(v) for k, v in tijden.items()}
        uit["_paginas"] = [t for t, _ in paginas] + [t for t, _ in vloer]
        uit["_tracebacks"] = sum(
            r.log_pad.read_text(errors="replace").count("Traceback (most recent")
            for c in clusters.values()
            for r in c.replicas
        )
    finally:
        for c in clusters.values():
            c.stop()
        pg.stop()
        shutil.rmtree(map_, ignore_errors=True)
    return uit


def rapport(uit: dict, args) -> None:
    titels = uit["_paginas"]
    basis = {v: uit[(v, titels[0])] for v in ("met", "zonder")}
    vloer = {v: uit[(v, "Vloer /")] for v in ("met", "zonder")}
    print(
        f"\nMediaan tijd tot de eerste grafiek ({args.herhalingen} warme laadbeurten; basispad "
        f"'{args.basispad or '/'}'), via HAProxy -> nginx -> 1 replica; gedeelde machine (2 kernen)"
    )
    print(
        f"{'pagina':24s} {'met ms':>7s} {'/ of met':>9s} {'zonder ms':>10s} {'/ of zonder':>12s} "
        f"{'met/zonder':>11s}"
    )
    for titel in titels:
        met, zonder = uit[("met", titel)], uit[("zonder", titel)]
        ref = vloer if titel.startswith("Vloer") else basis
        oordeel = "OK" if met / ref["met"] <= 1.2 else "MIS"
        print(
            f"{titel:24s} {met * 1000:7.0f} {met / ref['met']:8.2f}x {zonder * 1000:10.0f} "
            f"{zonder / ref['zonder']:11.2f}x {met / zonder:10.2f}x  {oordeel} (doel <= 1,2x)"
        )
    print(f"tracebacks in de logboeken: {uit['_tracebacks']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--herhalingen", type=int, default=5)
    parser.add_argument("--basispad", default="")
    args = parser.parse_args(argv)
    rapport(asyncio.run(meet(args)), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
