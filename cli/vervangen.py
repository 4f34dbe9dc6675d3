"""`leefloonmonitor demo` on a database with real data (issue 15): refuse unless replaced on
purpose.

`demo` drops every table. On a database with a real user or a non-demo release it stops (exit 2,
nothing changed) unless `--vervang-alles` is given and confirmed: `--bevestig NAAM`, or NAAM
typed at the prompt (a terminal only), NAAM being the database (PostgreSQL) or file (SQLite)
name. Messages show the database URL without its password.
"""

import sys
from pathlib import Path

from sqlalchemy import false, func, inspect, select

from cli.hulp import Geweigerd
from data_access import audit, gebruikers
from data_access.db import toonbare_url
from data_access.schema import release


def echte_inhoud(engine) -> list[str]:
    """What `demo` would destroy that is not demo, as Dutch phrases ("2 echte releases", "1
    echte gebruiker"); empty when the database holds only demo data (or nothing)."""
    tabellen = set(inspect(engine).get_table_names())
    delen = []
    if "release" in tabellen:
        with engine.connect() as conn:
            n = conn.execute(
                select(func.count()).select_from(release).where(release.c.demo == false())
            ).scalar_one()
        if n:
            delen.append(f"{n} echte {'release' if n == 1 else 'releases'}")
    if "gebruiker" in tabellen:
        lijst = gebruikers.lijst(engine)
        n = int((~lijst["demo"].astype(bool)).sum())
        if n:
            delen.append(f"{n} echte {'gebruiker' if n == 1 else 'gebruikers'}")
    return delen


def databanknaam(engine) -> str:
    """The name to type as confirmation: the database (PostgreSQL) or the file name (SQLite)."""
    naam = engine.url.database or ""
    return Path(naam).name if engine.dialect.name == "sqlite" else naam


def bevestig(args, engine, echt: list[str]) -> None:
    """Raise `Geweigerd` unless `--vervang-alles` is given and confirmed: `--bevestig NAAM`, or
    NAAM typed at the prompt (a terminal only), NAAM being `databanknaam(engine)`."""
    plaats, naam = toonbare_url(engine.url), databanknaam(engine)
    if not args.vervang_alles:
        raise Geweigerd(
            f"de databank {plaats} bevat echte gegevens ({', '.join(echt)}). "
            "`leefloonmonitor demo` zou ze wissen, met alle gebruikers en het auditlog. "
            "Er is niets gewijzigd. Bouw de demo in een eigen databank (LEEFLOONMONITOR_DB), of "
            f"vervang bewust alles met: leefloonmonitor demo --vervang-alles --bevestig {naam}"
        )
    if args.bevestig is not None:
        if args.bevestig != naam:
            raise Geweigerd(
                f"--bevestig '{args.bevestig}' is niet de naam van de databank ({naam}). "
                "Er is niets gewijzigd."
            )
        return
    if not sys.stdin.isatty():
        raise Geweigerd(
            "--vervang-alles vraagt een bevestiging en er is geen terminal om ze te typen: "
            f"geef --bevestig {naam}. Er is niets gewijzigd."
        )
    print(
        f"De databank {plaats} bevat {', '.join(echt)}. ALLES wordt gewist en vervangen door "
        f"de demo, ook de gebruikers en het auditlog.\nTyp de naam van de databank ({naam}) "
        "om door te gaan: ",
        end="",
        file=sys.stderr,
        flush=True,
    )
    if sys.stdin.readline().strip() != naam:
        raise Geweigerd("Niet bevestigd. Er is niets gewijzigd.")


def log_vervanging(engine, echt: list[str]) -> None:
    """The first row of the new audit log says what the rebuild wiped, and that it was meant."""
    audit.log(
        engine,
        "cli",
        "databank_vervangen",
        f"demo --vervang-alles: gewist {', '.join(echt)}",
        client="cli",
    )
