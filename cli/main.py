"""Console script `leefloonmonitor` (entry point `cli.main:main`). Every command honours
LEEFLOONMONITOR_DB.

Exit codes: 0 success, 2 rejected input (report on stderr), 1 the database failed (damaged,
unreachable, locked, a folder that cannot be made: a Dutch message on stderr) or an unexpected
failure.
"""

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from cli import export, gegevens, intrekken, prognose
from cli.hulp import Geweigerd, databank_melding
from cli.taal import in_het_nederlands
from data_access.db import DatabankFout

# The one list of sub-commands: each entry adds its sub-parsers (datasette-style extension point).
REGISTRATIES = (
    gegevens.registreer,
    intrekken.registreer,
    prognose.registreer,
    export.registreer,
)


def parser() -> argparse.ArgumentParser:
    in_het_nederlands()
    p = argparse.ArgumentParser(prog="leefloonmonitor", description="Leefloonmonitor-beheer")
    sub = p.add_subparsers(dest="commando", required=True)
    for registreer in REGISTRATIES:
        registreer(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Geweigerd as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, DatabankFout) as exc:  # for every sub-command
        print(databank_melding(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
