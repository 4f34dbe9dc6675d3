"""Run every benchmark in bench/ in turn (`make bench`).

    .venv/bin/python bench/run_all.py            # every benchmark, full size
    .venv/bin/python bench/run_all.py --snel     # smaller runs where a benchmark has a flag
    .venv/bin/python bench/run_all.py schaal last   # only these (by file name)

A benchmark is a script in bench/ with an `if __name__ == "__main__":` block (helper modules
without one, such as synthetisch.py, are skipped). Each runs in its own process with this
Python, from the repository root; its output goes straight through. A failing benchmark does
not stop the others; the exit code says whether all succeeded. Benchmarks print figures for a
person to read; they are not tests (see bench/README.md for each one's goals).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
#: Known benchmarks first in this order (quick ones first); new scripts follow alphabetically.
VOLGORDE = (
    "backtest",
    "backtest_demo",
    "wat_als_slider",
    "browser_tijden",
    "last",
    "geheugen",
    "schaal",
)
#: Flags for `--snel` (a quick check instead of the full run).
SNEL = {
    "backtest": ["--snel"],
    "schaal": ["--gemeenten", "40", "--herhalingen", "5"],
    "browser_tijden": ["--herhalingen", "3"],
    "last": ["--rondes", "1"],
    "geheugen": ["--rondes", "20"],
    "wat_als_slider": ["--n", "8"],
}


def benchmarks() -> list[Path]:
    scripts = [
        p
        for p in BENCH.glob("*.py")
        if p.name != Path(__file__).name
        and 'if __name__ == "__main__":' in p.read_text(encoding="utf-8")
    ]
    rang = {naam: i for i, naam in enumerate(VOLGORDE)}
    return sorted(scripts, key=lambda p: (rang.get(p.stem, len(rang)), p.stem))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("namen", nargs="*", help="alleen deze benchmarks (bestandsnaam zonder .py)")
    p.add_argument("--snel", action="store_true", help="kleinere runs (snelle controle)")
    args = p.parse_args(argv)
    gekozen = [b for b in benchmarks() if not args.namen or b.stem in args.namen]
    onbekend = set(args.namen) - {b.stem for b in gekozen}
    if onbekend:
        print(f"Onbekende benchmark(s): {', '.join(sorted(onbekend))}", file=sys.stderr)
        return 2
    uitkomsten = []
    for script in gekozen:
        opdracht = [sys.executable, str(script), *(SNEL.get(script.stem, []) if args.snel else [])]
        print(f"\n{'=' * 100}\n>>> {' '.join(opdracht[1:])}\n{'=' * 100}", flush=True)
        start = time.perf_counter()
        code = subprocess.run(opdracht, cwd=REPO).returncode
        uitkomsten.append((script.stem, code, time.perf_counter() - start))
    print(f"\n{'=' * 100}\nSamenvatting")
    for naam, code, duur in uitkomsten:
        print(f"  {naam:20s} {'ok' if code == 0 else f'MISLUKT (code {code})':20s} {duur:7.0f} s")
    return 0 if all(code == 0 for _, code, _ in uitkomsten) else 1


if __name__ == "__main__":
    sys.exit(main())
