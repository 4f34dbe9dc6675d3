"""Scale benchmark: all 285 Flemish municipalities, 2015-01 … 2026-09, the full demo cube.

    .venv/bin/python bench/schaal.py                    # full scale, SQLite and PostgreSQL
    .venv/bin/python bench/schaal.py --gemeenten 40     # quick check (40 municipalities)
    .venv/bin/python bench/schaal.py --backend sqlite   # one backend only

What it does:

1. Generates one import file per municipality (REFNIS 2025 from `data_access.referentie`) with
   the demo generator's own building blocks (`data_access.demo._bouw` and `_rijen`, run over
   2015-01 … 2026-09): the same cube as the demo (every breakdown complete and adding up),
   levels scaled by a plausible population (big cities by name, the rest log-normal) and a
   recipient rate per 1,000 that rises with the size of the municipality. Plus bevolking.csv
   (2015-2026) and doelen.csv (one target per municipality).
2. Imports them through the normal importer (`importer.importeer`, batches of files, each
   batch one transaction and one release per file) into a fresh SQLite file and into a
   throw-away PostgreSQL server on loopback (as deploy/postgres_lokaal.py starts it).
3. Prints the database size, the import time and the median time (of several runs) of every
   query the pages make through `ui/cache.py`, per query and summed per page, against the
   goals: each page's queries under 100 ms on SQLite, Vergelijking with 20 municipalities
   under 300 ms. Then drops the indexes added for this benchmark (`NIEUWE_INDEXEN`) and
   measures again, so the before/after of the indexes comes from the same run.

Timings are wall-clock on a shared machine: compare within one run, not between runs.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "deploy"))

from data_access import db, demo, importer, queries, referentie  # noqa: E402
from data_access.referentie import gemeenten_referentie  # noqa: E402
from domein import SJABLOON_KOLOMMEN as KOLOMMEN  # noqa: E402
from domein.maanden import maanden_tussen, van_tot  # noqa: E402

EERSTE = "2015-01"
LAATSTE = "2026-09"
SEED = 20250101
ALLE = list(referentie.gemeenten_referentie()["nis"])
#: Indexes from data_access/schema.py that this benchmark motivated: dropped for the "before".
NIEUWE_INDEXEN = ("ix_feit_totaal", "ix_feit_bestemming")

# Population on 1 January 2025 (rounded; Statbel order of magnitude) of the larger
# municipalities, by REFNIS code; the others are drawn log-normal around 14,000.
BEVOLKING_2025 = {
    "11002": 536_000,  # Antwerpen
    "44021": 270_000,  # Gent
    "31005": 119_000,  # Brugge
    "24062": 104_000,  # Leuven
    "41002": 89_000,  # Aalst
    "71072": 88_000,  # Hasselt
    "46021": 81_000,  # Sint-Niklaas
    "34022": 79_000,  # Kortrijk
    "35013": 72_000,  # Oostende
    "46030": 69_000,  # Beveren-Kruibeke-Zwijndrecht
    "71016": 67_000,  # Genk
    "36015": 64_000,  # Roeselare
    "42006": 47_000,  # Dendermonde
    "71004": 47_000,  # Beringen
    "13040": 46_000,  # Turnhout
    "23088": 46_000,  # Vilvoorde
    "44083": 45_000,  # Deinze
    "12014": 44_000,  # Heist-op-den-Berg
    "46029": 43_000,  # Lokeren
    "73111": 42_000,  # Tongeren-Borgloon
    "13008": 41_000,  # Geel
    "41048": 40_000,  # Ninove
    "23027": 40_000,  # Halle
    "73107": 39_000,  # Maasmechelen
    "34040": 39_000,  # Waregem
    "13025": 37_000,  # Mol
    "33011": 35_000,  # Ieper
    "24107": 35_000,  # Tienen
    "72020": 35_000,  # Lommel
    "23094": 35_000,  # Zaventem
    "31043": 33_000,  # Knokke-Heist
    "71071": 33_000,  # Tessenderlo-Ham
    "13011": 29_000,  # Herentals
    "42025": 26_000,  # Wetteren
}


# --------------------------------------------------------------------------------------------
# Generating the files
# --------------------------------------------------------------------------------------------


@contextmanager
def maandbereik(van: str, tot: str) -> Iterator[None]:
    """Run the demo generator over another span of months.

    `data_access.demo` fixes its months in module globals (MAANDEN, _N, _MAANDNR and `_idx`,
    position of a month from 2019-01); its building blocks read them at call time, so pointing
    them at another span reuses the generator unchanged. Restored on exit."""
    oud = (demo.MAANDEN, demo._N, demo._MAANDNR, demo._idx)
    maanden = tuple(van_tot(van, tot))

    def idx(maand: str) -> int:
        return maanden_tussen(van, maand)

    demo.MAANDEN, demo._N = maanden, len(maanden)
    demo._MAANDNR = np.array([int(m[5:]) for m in maanden])
    demo._idx = idx
    try:
        yield
    finally:
        demo.MAANDEN, demo._N, demo._MAANDNR, demo._idx = oud


def bevolking_2025(nissen: list[str]) -> dict[str, int]:
    rng = np.random.default_rng([SEED, 1])
    uit = {}
    for nis in nissen:
        getrokken = int(np.clip(rng.lognormal(np.log(14_000), 0.5), 2_500, 60_000))
        if nis in demo.BEVOLKING:
            uit[nis] = demo.BEVOLKING[nis][2025]
        else:
            uit[nis] = BEVOLKING_2025.get(nis, getrokken)
    return uit


def _profiel(nis: str, naam: str, inwoners: int) -> demo._Profiel:
    """A demo profile for `nis`: the demo municipality's own, or a scaled template.

    Recipients per 1,000 inhabitants rise with size (about 4 in a village of 20,000, 9 in a
    city of 90,000, 15 in Antwerpen), with municipality-level noise; the template (Essen-,
    Lier- or Mechelen-like path) is scaled to that level, with its noise, Ukrainian peak and
    pillar volumes."""
    if nis in demo.DEMO_NIS:
        return demo._PROFIELEN[nis]
    rng = np.random.default_rng([SEED, int(nis)])
    per_1000 = (1.5 + 8.0 * max(0.0, np.log10(inwoners / 10_000))) * rng.lognormal(0.0, 0.3)
    niveau = max(8.0, inwoners / 1000 * per_1000)
    sjabloon = demo._PROFIELEN["11016" if niveau < 150 else "12021" if niveau < 800 else "12025"]
    f = niveau / sjabloon.basis["2018-12"]
    basis = {m: v * f * rng.lognormal(0.0, 0.04) for m, v in sjabloon.basis.items()}
    basis = {"2015-01": basis["2018-12"] * rng.lognormal(0.0, 0.08), **basis}
    pijlers = {
        pj: {m: v * f * rng.lognormal(0.0, 0.1) for m, v in ankers.items()}
        for pj, ankers in sjabloon.pijlers.items()
    }
    return replace(
        sjabloon,
        nis=nis,
        naam=naam,
        basis=basis,
        ruis=sjabloon.ruis * float(np.sqrt(f)),
        pinnen={},
        oekraine_piek=sjabloon.oekraine_piek * f * rng.lognormal(0.0, 0.3),
        pijlers=pijlers,
    )


def _regels(nis: str, profiel: demo._Profiel) -> list[str]:
    g = demo._bouw(profiel)
    return [";".join((nis, *rij[:-1], str(rij[-1]))) for rij in demo._rijen(nis, g)]


def genereer(doelmap: Path, aantal: int | None = None) -> tuple[list[Path], list[Path]]:
    """Write the import files; return (cube files, [bevolking.csv, doelen.csv])."""
    ref = gemeenten_referentie()
    nissen = list(ref["nis"])
    if aantal is not None and aantal < len(nissen):
        # the demo municipalities first, then a spread over the list (all provinces)
        rest = [n for n in nissen if n not in demo.DEMO_NIS]
        stap = len(rest) / max(1, aantal - len(demo.DEMO_NIS))
        nissen = list(demo.DEMO_NIS) + [rest[int(i * stap)] for i in range(aantal - 3)]
    namen = dict(zip(ref["nis"], ref["naam"], strict=True))
    inwoners = bevolking_2025(nissen)
    doelmap.mkdir(parents=True, exist_ok=True)
    kop = ";".join(KOLOMMEN)
    kubussen = []
    doelen = []
    with maandbereik(EERSTE, LAATSTE):
        for nis in nissen:
            profiel = _profiel(nis, namen[nis], inwoners[nis])
            pad = doelmap / f"leefloon_{nis}.csv"
            pad.write_bytes(("\n".join([kop, *_regels(nis, profiel)]) + "\n").encode("utf-8"))
            kubussen.append(pad)
            werk_per_maand = sum(v[LAATSTE] for v in profiel.pijlers.values()) * 0.7
            doelen.append(
                f"{nis};schaal-{nis};Activeringspact 2025-2026 {namen[nis]} (schaaltest);"
                f"activeringen;2025-12;2026-11;{max(1, round(werk_per_maand * 12))};"
                f"{max(1000, round(werk_per_maand * 12) * 1000)};proportioneel;schaaltest"
            )
    regels = []
    for nis in nissen:
        for jaar in range(2015, 2027):
            bekend = demo.BEVOLKING.get(nis, {})
            regels.append(
                f"{nis};{jaar};{bekend.get(jaar) or round(inwoners[nis] * 1.004 ** (jaar - 2025))}"
            )
    bev = doelmap / "bevolking.csv"
    bev.write_text("nis;jaar;inwoners\n" + "\n".join(regels) + "\n", encoding="utf-8")
    doel = doelmap / "doelen.csv"
    doel.write_text(
        "nis;doel_id;naam;indicator;van;tot;doelwaarde;max_subsidie_eur;uitbetaling;bron\n"
        + "\n".join(doelen)
        + "\n",
        encoding="utf-8",
    )
    return kubussen, [bev, doel]


# --------------------------------------------------------------------------------------------
# Import and size
# --------------------------------------------------------------------------------------------


def importeer(engine, kubussen: list[Path], extra: list[Path], per_batch: int) -> float:
    start = time.perf_counter()
    resultaat = importer.importeer(engine, extra, door="schaal")
    if not resultaat.geldig:
        raise SystemExit(resultaat.verslag())
    for i in range(0, len(kubussen), per_batch):
        resultaat = importer.importeer(engine, kubussen[i : i + per_batch], door="schaal")
        if not resultaat.geldig:
            raise SystemExit(resultaat.verslag())
        gedaan = min(i + per_batch, len(kubussen))
        print(
            f"  … {gedaan}/{len(kubussen)} gemeenten ({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
        )
    return time.perf_counter() - start


def grootte(engine) -> tuple[int, int]:
    """(database bytes, fact rows)."""
    from sqlalchemy import func, select, text

    from data_access.schema import feit

    with engine.connect() as conn:
        rijen = conn.execute(select(func.count()).select_from(feit)).scalar_one()
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            pad = Path(engine.url.database)
            return sum(p.stat().st_size for p in pad.parent.glob(pad.name + "*")), rijen
        return conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one(), rijen


# --------------------------------------------------------------------------------------------
# Queries as the pages make them (ui/cache.py)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kijker:
    detail: bool

    def ziet_detail(self, _nis: str) -> bool:
        return self.detail


def _max_periode_oud(engine):
    """laatste_periode() as it was before bench/schaal.py: max over every active row."""
    from sqlalchemy import func, select

    from data_access.schema import feit

    with engine.connect() as conn:
        return conn.execute(select(func.max(feit.c.periode)).where(feit.c.actief)).scalar_one()


def plannen(engine, nis: str, twintig: list[str]) -> None:
    """EXPLAIN of the statements behind the heaviest page reads."""
    from sqlalchemy import text

    spion: list = []
    origineel = queries._lees

    def _lees(eng, stmt):
        spion.append(stmt)
        return origineel(eng, stmt)

    queries._lees = _lees
    try:
        queries.gemeenten_met_data(engine)
        queries.reeksen(engine, twintig, "leefloongerechtigden")
        queries.uitsplitsing(engine, nis, "activeringen", "bestemming", _Kijker(False))
    finally:
        queries._lees = origineel
    with engine.connect() as conn:
        for stmt in spion:
            sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
            print("  " + " ".join(sql.split())[:150] + " …")
            voor = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
            for rij in conn.execute(text(voor + sql)):
                print("      " + str(rij[-1]))


def vragen(engine, nis: str, vijf: list[str], twintig: list[str]) -> dict[str, Callable]:
    """Every read a page makes through ui/cache.py, as the adapter calls it."""

    def reeksen_met_per_1000(nissen, indicator):
        def f():
            frame = queries.reeksen(engine, nissen, indicator)
            return queries.per_1000(frame, queries.bevolking(engine, nissen))

        return f

    v = {
        "data_versie": lambda: queries.data_versie(engine),
        "gemeenten_met_data": lambda: queries.gemeenten_met_data(engine),
        "gemeenten": lambda: queries.gemeenten(engine),
        "is_demo": lambda: queries.is_demo(engine),
        "releases": lambda: queries.releases(engine),
        "doelen": lambda: queries.doelen(engine),
        "laatste_periode()": lambda: queries.laatste_periode(engine),
        "laatste_periode(nis)": lambda: queries.laatste_periode(engine, nis),
        "  ter vergelijking: laatste_periode() vorige vorm": lambda: _max_periode_oud(engine),
        "reeksen+per_1000 1 gem. leefloongerechtigden": reeksen_met_per_1000(
            [nis], "leefloongerechtigden"
        ),
        "reeksen+per_1000 1 gem. instroom": reeksen_met_per_1000([nis], "instroom"),
        "reeksen+per_1000 1 gem. uitstroom": reeksen_met_per_1000([nis], "uitstroom"),
        "reeksen+per_1000 5 gem.": reeksen_met_per_1000(vijf, "leefloongerechtigden"),
        "reeksen+per_1000 20 gem.": reeksen_met_per_1000(twintig, "leefloongerechtigden"),
        "reeksen (SQL alleen) 20 gem.": lambda: queries.reeksen(
            engine, twintig, "leefloongerechtigden"
        ),
        "bevolking 20 gem.": lambda: queries.bevolking(engine, twintig),
        "maandstand alle gem. (kaart)": lambda: queries.maandstand(
            engine, "leefloongerechtigden", LAATSTE
        ),
        "bevolking + per_1000 alle gem. (kaart)": lambda: queries.per_1000(
            queries.maandstand(engine, "leefloongerechtigden", LAATSTE),
            queries.bevolking(engine, ALLE),
        ),
        "niveaureeks Vlaams Gewest": lambda: queries.niveaureeks(
            engine, ALLE, "leefloongerechtigden"
        ),
        "niveaureeks provincie": lambda: queries.niveaureeks(
            engine, referentie.niveaugroepen(nis)["provincie"][1], "leefloongerechtigden"
        ),
        "activeringsgraad 20 gem.": lambda: queries.activeringsgraad(engine, twintig, 2025),
        "activeringen_naar_werk": lambda: queries.activeringen_naar_werk(engine, nis),
        "activeringen_naar_werk 2 pijlers": lambda: queries.activeringen_naar_werk(
            engine, nis, pijlers=("partners", "art60")
        ),
    }
    for indicator, dimensie in (
        ("leefloongerechtigden", "doelgroep"),
        ("leefloongerechtigden", "leeftijd"),
        ("activeringen", "bestemming"),
        ("activeringen", "pijler"),
    ):
        for detail in (False, True):
            naam = f"uitsplitsing {indicator}×{dimensie} {'exact' if detail else 'beschermd'}"
            v[naam] = lambda i=indicator, d=dimensie, k=_Kijker(detail): queries.uitsplitsing(
                engine, nis, i, d, k
            )
    return v


_UITSPLITSINGEN = [
    f"uitsplitsing {i}×{d} beschermd"
    for i, d in (
        ("leefloongerechtigden", "doelgroep"),
        ("leefloongerechtigden", "leeftijd"),
        ("activeringen", "bestemming"),
        ("activeringen", "pijler"),
    )
]
# What a page reads on a cold cache (the sidebar, the demo label and the source line included;
# ui/cache.py asks data_versie before every cached call).
_OVERAL = ["gemeenten_met_data", "is_demo", "releases"]
PAGINAS: dict[str, tuple[list[str], float]] = {
    "Overzicht": (
        _OVERAL
        + [
            "reeksen+per_1000 1 gem. leefloongerechtigden",
            "activeringen_naar_werk",
            "reeksen+per_1000 5 gem.",
        ],
        0.100,
    ),
    "Trends": (
        _OVERAL
        + [
            "reeksen+per_1000 5 gem.",
            "reeksen+per_1000 1 gem. instroom",
            "reeksen+per_1000 1 gem. uitstroom",
        ],
        0.100,
    ),
    "Doelgroepen": (_OVERAL + _UITSPLITSINGEN, 0.100),
    "Pact & prognose": (
        _OVERAL
        + ["doelen", "activeringen_naar_werk", "reeksen+per_1000 1 gem. leefloongerechtigden"],
        0.100,
    ),
    "Vergelijking (20 gemeenten)": (_OVERAL + ["reeksen+per_1000 20 gem."], 0.300),
    "Vergelijking (20 gem., Vlaams Gewest, provincie, activeringsgraad)": (
        _OVERAL
        + [
            "reeksen+per_1000 20 gem.",
            "niveaureeks Vlaams Gewest",
            "niveaureeks provincie",
            "activeringsgraad 20 gem.",
        ],
        0.300,
    ),
    "Kaart (285 gemeenten)": (_OVERAL + ["bevolking + per_1000 alle gem. (kaart)"], 0.300),
    "Data & methode": (["laatste_periode()", "releases", "is_demo"], 0.100),
}


def meet(v: dict[str, Callable], herhalingen: int) -> tuple[dict[str, float], dict[str, float]]:
    """Per read the median wall-clock time and the median CPU time of this process (SQLite
    runs in it): on a machine shared with other jobs the CPU time is what the read costs."""
    uit, cpu = {}, {}
    for naam, f in v.items():
        f()  # warm-up: connection, statement cache
        tijden, cpu_tijden = [], []
        for _ in range(herhalingen):
            start, start_cpu = time.perf_counter(), time.process_time()
            f()
            tijden.append(time.perf_counter() - start)
            cpu_tijden.append(time.process_time() - start_cpu)
        uit[naam] = statistics.median(tijden)
        cpu[naam] = statistics.median(cpu_tijden)
    return uit, cpu


def pagina_tijden(tijden: dict[str, float]) -> dict[str, float]:
    uit = {}
    for pagina, (namen, _doel) in PAGINAS.items():
        # one data_versie per cached call, as ui/cache.py does
        uit[pagina] = sum(tijden[n] for n in namen) + len(namen) * tijden["data_versie"]
    return uit


def drop_nieuwe_indexen(engine) -> list[str]:
    from sqlalchemy import text

    weg = []
    with engine.begin() as conn:
        for naam in NIEUWE_INDEXEN:
            conn.execute(text(f"DROP INDEX IF EXISTS {naam}"))
            weg.append(naam)
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE feit"))
        else:
            conn.execute(text("ANALYZE"))
    return weg


def maak_indexen(engine) -> list[str]:
    """Bring a reused database to today's schema (`db.init_schema`: the migration steps and the
    indexes of schema.py it lacks; create_all skips an existing table's indexes and a run that
    measured "zonder" dropped them), so it is measured as a new one would be. Returns the names
    of the indexes of `feit` it made."""
    from sqlalchemy import text

    voor = set(bestaande_indexen(engine))
    db.init_schema(engine)
    gemaakt = sorted(set(bestaande_indexen(engine)) - voor)
    if gemaakt:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return gemaakt


def bestaande_indexen(engine) -> list[str]:
    from sqlalchemy import inspect

    if not inspect(engine).has_table("feit"):
        return []
    return [i["name"] for i in inspect(engine).get_indexes("feit")]


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


@contextmanager
def backend_engine(backend: str, map_: Path) -> Iterator:
    if backend == "sqlite":
        engine = db.maak_engine(f"sqlite:///{map_ / 'schaal.db'}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    from postgres_lokaal import PostgresServer

    server = PostgresServer().start()
    try:
        engine = db.maak_engine(server.nieuwe_database())
        try:
            yield engine
        finally:
            engine.dispose()
    finally:
        server.stop()


def ms(s: float) -> str:
    return f"{s * 1000:8.1f}"


def draai_backend(backend, kubussen, extra, args, map_: Path) -> dict:
    print(f"\n=== {backend} ===", flush=True)
    with backend_engine(backend, map_) as engine:
        hergebruikt = backend == "sqlite" and args.hergebruik and bestaande_indexen(engine)
        if hergebruikt:
            print("Bestaande databank hergebruikt (--hergebruik): geen import gemeten.")
            duur = float("nan")
            if gemaakt := maak_indexen(engine):
                print("Ontbrekende indexen aangemaakt: " + ", ".join(gemaakt))
        else:
            db.init_schema(engine)
            gc.collect()
            duur = importeer(engine, kubussen, extra, args.per_batch)
        if engine.dialect.name == "postgresql":
            from sqlalchemy import text

            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        bytes_, rijen = grootte(engine)
        print(
            f"Import: {len(kubussen)} gemeenten, {rijen:,} feitrijen in {duur:.1f} s "
            f"({rijen / duur:,.0f} rijen/s); databank {bytes_ / 1e6:,.1f} MB".replace(",", ".")
        )
        nissen = [p.stem.split("_")[1] for p in kubussen]
        nis = "12025" if "12025" in nissen else nissen[0]
        vijf = ([nis] + [n for n in ("11016", "12021") if n in nissen] + nissen)[:5]
        vijf = list(dict.fromkeys(vijf + nissen))[:5]
        twintig = list(dict.fromkeys(vijf + nissen))[:20]
        v = vragen(engine, nis, vijf, twintig)
        indexen = bestaande_indexen(engine)
        if args.explain:
            print("Queryplannen met de indexen " + ", ".join(indexen) + ":")
            plannen(engine, nis, twintig)
        na, na_cpu = meet(v, args.herhalingen)
        voor = None
        if any(i in indexen for i in NIEUWE_INDEXEN) and not args.zonder_voor:
            drop_nieuwe_indexen(engine)
            if args.explain:
                print("Queryplannen zonder " + ", ".join(NIEUWE_INDEXEN) + ":")
                plannen(engine, nis, twintig)
            voor, _ = meet(v, args.herhalingen)
            maak_indexen(engine)  # so that --hergebruik measures the database as it should be
        return {
            "backend": backend,
            "import_s": duur,
            "bytes": bytes_,
            "rijen": rijen,
            "na": na,
            "na_cpu": na_cpu,
            "voor": voor,
            "indexen": indexen,
        }


def rapport(resultaten: list[dict]) -> None:
    print("\n=== Querytijden (mediaan, ms) ===")
    kop = f"{'query':52s}"
    for r in resultaten:
        kop += f" {r['backend'][:8]:>8s} {'cpu':>6s}"
        if r["voor"]:
            kop += f" {'zonder':>8s}"
    print(kop + "   (zonder = zonder de nieuwe indexen " + ", ".join(NIEUWE_INDEXEN) + ")")
    for naam in resultaten[0]["na"]:
        regel = f"{naam:52s}"
        for r in resultaten:
            regel += " " + ms(r["na"][naam]) + f" {r['na_cpu'][naam] * 1000:6.1f}"
            if r["voor"]:
                regel += " " + ms(r["voor"][naam])
        print(regel)
    print("\n=== Per pagina: som van de reads op een koude cache (ms) ===")
    for pagina, (_namen, doel) in PAGINAS.items():
        regel = f"{pagina:30s} doel {doel * 1000:5.0f}"
        for r in resultaten:
            t = pagina_tijden(r["na"])[pagina]
            oordeel = "OK " if t <= doel else "MIS"
            cpu = pagina_tijden(r["na_cpu"])[pagina]
            regel += f" | {r['backend']}: {t * 1000:7.1f} {oordeel} (cpu {cpu * 1000:6.1f})"
            if r["voor"]:
                regel += f" (zonder: {pagina_tijden(r['voor'])[pagina] * 1000:7.1f})"
        print(regel)
    print(
        "(Het doel geldt op SQLite; PostgreSQL ter vergelijking. cpu = CPU-tijd van dit proces: "
        "op een gedeelde machine wat de lezing kost, zonder het wachten op een kern; bij "
        "PostgreSQL zonder het werk van de server.)"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gemeenten", type=int, default=None, help="aantal gemeenten (standaard 285)")
    p.add_argument("--backend", choices=["sqlite", "postgres", "beide"], default="beide")
    p.add_argument("--herhalingen", type=int, default=7)
    p.add_argument("--per-batch", type=int, default=15, help="bestanden per importtransactie")
    p.add_argument("--zonder-voor", action="store_true", help="geen meting zonder nieuwe indexen")
    p.add_argument("--explain", action="store_true", help="toon de queryplannen (EXPLAIN)")
    p.add_argument("--map", type=Path, default=None, help="werkmap (standaard tijdelijk)")
    p.add_argument(
        "--hergebruik",
        action="store_true",
        help="met --map: de SQLite-databank van een vorige run hergebruiken (alleen queries)",
    )
    args = p.parse_args(argv)
    map_ = args.map or Path(tempfile.mkdtemp(prefix="leefloon-schaal-"))
    try:
        start = time.perf_counter()
        bestanden = map_ / "bestanden"
        if args.hergebruik and bestanden.is_dir():
            kubussen = sorted(bestanden.glob("leefloon_*.csv"))
            extra = [bestanden / "bevolking.csv", bestanden / "doelen.csv"]
        else:
            kubussen, extra = genereer(bestanden, args.gemeenten)
        mb = sum(p.stat().st_size for p in kubussen) / 1e6
        print(
            f"Gegenereerd: {len(kubussen)} gemeenten, {EERSTE} … {LAATSTE}, "
            f"{mb:.0f} MB CSV in {time.perf_counter() - start:.1f} s"
        )
        backends = ["sqlite", "postgres"] if args.backend == "beide" else [args.backend]
        resultaten = [draai_backend(b, kubussen, extra, args, map_) for b in backends]
        rapport(resultaten)
    finally:
        if args.map is None:
            shutil.rmtree(map_, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
