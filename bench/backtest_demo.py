"""The forecast model on a database, as the app builds it: accuracy per series kind and pooled,
build time, and the probability of a target over time (as-of replay).

    .venv/bin/python bench/backtest_demo.py                  # the demo, in a temporary SQLite
    .venv/bin/python bench/backtest_demo.py --db URL --doel activeringspact-2023

Not a timed test: it prints figures for a person to read (about 15 s on the demo, 2 cores).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from data_access import db  # noqa: E402
from diensten import prognose  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="SQLAlchemy-URL (standaard: een nieuwe demodatabank)")
    p.add_argument("--doel", default="activeringspact-2023")
    args = p.parse_args()
    if args.db:
        engine = db.get_engine(args.db)
    else:
        from data_access.demo import herbouw_demo

        pad = Path(tempfile.mkdtemp()) / "demo.db"
        engine = db.get_engine(f"sqlite:///{pad}")
        herbouw_demo(engine)

    model = prognose.bouw_model(engine)
    print(
        f"Model: {len(model.nissen)} gemeenten, {len(model.reeksen_werk)} werkreeksen "
        f"(totaal + pijlers), gebouwd in {model.duur_s:.1f} s"
    )
    kolommen = ["reeks", "mase", "rel_mae_naive", "rel_mae_snaive", "coverage80", "coverage95"]
    print(model.nauwkeurigheid[[*kolommen, "series"]].round(3).to_string(index=False))
    print("backtest JSON:", model.backtest_json())

    begin = time.perf_counter()
    verloop = prognose.kansverloop(engine, model, args.doel)
    duur = time.perf_counter() - begin
    print(f"\nKans op {args.doel} per as-of-maand ({len(verloop)} maanden in {duur:.1f} s):")
    print(verloop.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
