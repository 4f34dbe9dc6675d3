"""Load through the proxy: the council room and the 20-session burst with 1, 2 and 4 replicas.

    .venv/bin/python bench/cluster_last.py                       # replicas 1 2 4, 20 sessions
    .venv/bin/python bench/cluster_last.py --replicas 1 2 --sessies 10

For every replica count one cluster of `deploy/cluster.py` (HAProxy -> nginx -> Streamlit on
127.0.0.1) on ONE PostgreSQL with the demo, in the same run:

- a single user (one session, the pages with charts, `--rondes-enkel` times: 3, so that its
  p95 is not one sample) as the baseline;
- `raadszaal`: `--sessies` sessions arriving over 10 s, each reading a page 3-8 s before the next;
- `stoot`: `--sessies` sessions starting at one instant, clicking on without pause;
- the floor: the bare Streamlit page with one chart (`browser_tijden.BASIS_SCRIPT`) behind the
  same proxy with the same number of replicas, single user and burst.

Sessions are websocket-level clients (`browser_tijden.WsKlant`: the browser's protobuf protocol,
logged in with a signed cookie, no rendering), each on its own websocket, so HAProxy spreads
them over the replicas (round robin) as it spreads browsers. Reported per replica count:
p50/p95 of the time to the first chart, the ratio of p95 to the single user's p95, and errors
(exceptions, timeouts, missing charts, tracebacks in a replica's log). The replicas' caches are
warmed first (every replica runs every page once), so this measures concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HIER = Path(__file__).resolve().parent
sys.path.insert(0, str(HIER))
sys.path.insert(0, str(HIER.parent / "deploy"))
sys.path.insert(0, str(HIER.parent / "tests"))

import browser_tijden as bt  # noqa: E402
from cluster import Cluster, laad_demo_indien_leeg  # noqa: E402
from last import Tempo, percentiel, ws_sessie  # noqa: E402


@dataclass
class Doel:
    """What `browser_tijden.WsKlant` needs of a server: the proxy's port."""

    port: int
    url: str


async def _meet_cluster(cluster: Cluster, paginas, args) -> dict:
    doel = Doel(cluster.poort, cluster.url)
    opwarm: list[str] = []
    # one session per replica at once, so round robin warms each replica
    await asyncio.gather(
        *[ws_sessie(doel, paginas, i, 1, [], opwarm) for i in range(len(cluster.replicas))]
    )
    enkel, fouten_enkel = [], []
    await ws_sessie(doel, paginas, 0, args.rondes_enkel, enkel, fouten_enkel)
    uit = {"enkel": enkel, "fouten_enkel": fouten_enkel + opwarm, "scenarios": {}}
    tempi = {"raadszaal": Tempo(10.0, (3.0, 8.0), seed=1), "stoot": Tempo()}
    for naam, tempo in tempi.items():
        tijden, fouten = [], []
        begin = time.perf_counter()
        await asyncio.gather(
            *[
                ws_sessie(doel, paginas, i, args.rondes, tijden, fouten, tempo)
                for i in range(args.sessies)
            ]
        )
        uit["scenarios"][naam] = dict(
            tijden=tijden, fouten=fouten, duur=time.perf_counter() - begin
        )
    uit["tracebacks"] = sum(
        r.log_pad.read_text(errors="replace").count("Traceback (most recent call last)")
        for r in cluster.replicas
    )
    return uit


async def _meet_vloer(map_: Path, n: int, args) -> dict:
    (map_ / "basis.py").write_text(bt.BASIS_SCRIPT, encoding="utf-8")
    cluster = Cluster(n, script="basis.py", app_map=map_, map_=map_ / f"vloer-{n}").start()
    try:
        doel = Doel(cluster.poort, cluster.url)
        pagina = [("basis.py", "basis", "")]
        await asyncio.gather(*[ws_sessie(doel, pagina, 0, 2, [], []) for _ in range(n)])
        enkel, last, fouten = [], [], []
        await ws_sessie(doel, pagina, 0, args.rondes * 6, enkel, fouten)
        await asyncio.gather(
            *[
                ws_sessie(doel, pagina, i, args.rondes * 6, last, fouten)
                for i in range(args.sessies)
            ]
        )
        return dict(enkel=enkel, last=last, fouten=fouten)
    finally:
        cluster.stop()


async def meet(args) -> dict:
    from postgres_lokaal import PostgresServer

    map_ = Path(tempfile.mkdtemp(prefix="leefloon-clusterlast-"))
    map_.chmod(0o755)
    pg = PostgresServer().start()
    paginas = [p for p in bt.paginas() if p[0] not in bt.ZONDER_GRAFIEK]
    uit: dict = {"paginas": [t for _p, t, _u in paginas], "per_n": {}}
    try:
        db_url = pg.nieuwe_database()
        laad_demo_indien_leeg(db_url)
        for n in args.replicas:
            cluster = Cluster(
                n, db_url=db_url, cookie_key=bt.SLEUTEL, map_=map_ / f"app-{n}"
            ).start()
            try:
                resultaat = await _meet_cluster(cluster, paginas, args)
            finally:
                cluster.stop()
            resultaat["vloer"] = await _meet_vloer(map_, n, args)
            uit["per_n"][n] = resultaat
            rapport_n(n, resultaat)
    finally:
        pg.stop()
        shutil.rmtree(map_, ignore_errors=True)
    return uit


def _ms(x: float) -> str:
    return f"{x * 1000:7.0f}"


def rapport_n(n: int, r: dict) -> None:
    e50, e95 = percentiel(r["enkel"], 50), percentiel(r["enkel"], 95)
    print(f"\n--- {n} replica('s) ---", flush=True)
    print(f"{'':28s} {'n':>5s} {'p50 ms':>7s} {'p95 ms':>7s} {'p95/enkel':>10s} fouten")
    fouten_enkel = len(r["fouten_enkel"])
    print(
        f"{'app, enkele gebruiker':28s} {len(r['enkel']):5d} {_ms(e50)} {_ms(e95)} "
        f"{'1.00x':>10s} {fouten_enkel}"
    )
    for naam, s in r["scenarios"].items():
        t = s["tijden"]
        p50, p95 = percentiel(t, 50), percentiel(t, 95)
        print(
            f"{'app, ' + naam:28s} {len(t):5d} {_ms(p50)} {_ms(p95)} {p95 / e95:9.2f}x "
            f"{len(s['fouten'])}  ({s['duur']:.0f} s)"
        )
    v = r["vloer"]
    v95 = percentiel(v["enkel"], 95)
    print(
        f"{'vloer (kale pagina), enkel':28s} {len(v['enkel']):5d} "
        f"{_ms(percentiel(v['enkel'], 50))} {_ms(v95)} {'1.00x':>10s}"
    )
    l95 = percentiel(v["last"], 95)
    print(
        f"{'vloer, stoot':28s} {len(v['last']):5d} {_ms(percentiel(v['last'], 50))} "
        f"{_ms(l95)} {l95 / v95:9.2f}x {len(v['fouten'])}"
    )
    print(f"tracebacks in de logboeken van de replica's: {r['tracebacks']}")
    for fout in (r["fouten_enkel"] + sum((s["fouten"] for s in r["scenarios"].values()), []))[:5]:
        print("  fout:", fout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--sessies", type=int, default=20)
    parser.add_argument("--rondes", type=int, default=1)
    parser.add_argument(
        "--rondes-enkel", type=int, default=3, help="rondes van de enkele gebruiker (basislijn)"
    )
    args = parser.parse_args(argv)
    print(
        f"Last via HAProxy -> nginx -> replica's: {args.sessies} websocketsessies, "
        f"{args.rondes} ronde(s) over de pagina's met grafieken; gedeelde machine met 2 kernen."
    )
    asyncio.run(meet(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
