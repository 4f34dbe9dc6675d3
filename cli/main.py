"""Console script `leefloonmonitor` (SPEC §8). Every command honours LEEFLOONMONITOR_DB.

Exit codes: 0 success, 2 rejected input (report on stderr), 1 the database failed (damaged,
unreachable, locked, a folder that cannot be made: a Dutch message on stderr) or an unexpected
failure.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from data_access import db, importer, queries
from domein import DIMENSIE_NAMEN, INDICATOREN
from domein.maanden import is_maand

DEMO_MAP = db.REPO / "data" / "demo"


class Geweigerd(Exception):
    """Bad input from the user: printed in Dutch on stderr, exit code 2."""


def _engine(schema: bool = True):
    """The engine of LEEFLOONMONITOR_DB, with the schema made or brought up to date."""
    try:
        engine = db.get_engine()
    except OSError as fout:  # the SQLite file's folder cannot be made
        raise importer.DatabankFout(
            f"de map van de databank ({fout.filename}) kan niet aangemaakt worden",
            "Controleer LEEFLOONMONITOR_DB en de rechten op die map.",
        ) from fout
    if schema:
        db.init_schema(engine)
    return engine


def databank_melding(fout: Exception) -> str:
    """The Dutch message for a database error, without the "niet bewaard" of `DatabankFout`: a
    read command saves nothing, and `demo` is not one transaction."""
    if not isinstance(fout, importer.DatabankFout):
        fout = importer.databankfout(fout)
    return f"Fout: {fout.reden}. {fout.oplossing}"


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_demo(args) -> int:
    from data_access import demo

    if args.genereer:
        paden = demo.genereer(DEMO_MAP)
        print(f"Demobestanden geschreven: {len(paden)} in {DEMO_MAP}", file=sys.stderr)
    engine = _engine(schema=False)  # herbouw_demo makes the schema itself
    start = time.perf_counter()
    herbouw_demo(engine)
    duur = time.perf_counter() - start
    print(f"Demodatabank opgebouwd in {duur:.1f} s ({db.database_url()})", file=sys.stderr)
    return 0


def demo_bestanden() -> list[Path]:
    return sorted(DEMO_MAP.glob("*.csv"))


def herbouw_demo(engine) -> importer.ImportResultaat:
    """Drop and rebuild every table, then import the demo CSVs through the normal importer."""
    from data_access.schema import metadata

    metadata.drop_all(engine)
    db.init_schema(engine)
    resultaat = importer.importeer(engine, demo_bestanden(), door="demo", demo=True)
    if not resultaat.geldig:
        raise Geweigerd(resultaat.verslag())
    _zorg_voor_demo_accounts(engine)
    return resultaat


def _zorg_voor_demo_accounts(engine) -> None:
    try:
        from data_access import gebruikers
    except ImportError:  # users arrive with the access module
        return
    gebruikers.zorg_voor_demo_accounts(engine)


def cmd_import(args) -> int:
    engine = _engine()
    resultaat = importer.importeer(engine, args.bestanden, door=args.door, dry_run=args.dry_run)
    if not resultaat.geldig:
        print(resultaat.verslag(), file=sys.stderr)
        return 2
    print(resultaat.verslag())
    return 0


def _controleer_periode(waarde: str | None, naam: str) -> None:
    if waarde and not is_maand(waarde):
        raise Geweigerd(f"--{naam} moet een maand zijn als JJJJ-MM, niet '{waarde}'.")


def cmd_stats(args) -> int:
    _controleer_periode(args.van, "from")
    _controleer_periode(args.tot, "to")
    if args.indicator not in INDICATOREN:
        raise Geweigerd(
            f"Onbekende indicator '{args.indicator}'; kies uit {', '.join(INDICATOREN)}."
        )
    engine = _engine()
    if args.by:
        if args.by not in DIMENSIE_NAMEN:
            raise Geweigerd(
                f"Onbekende dimensie '{args.by}'; kies uit {', '.join(DIMENSIE_NAMEN)}."
            )
        tabel = queries.uitsplitsing(
            engine, args.nis, args.indicator, args.by, None, args.van, args.tot
        )
        series = [
            {"period": r.venster, "category": r.categorie, "value": _cli_waarde(r)}
            for r in tabel.itertuples(index=False)
        ]
    else:
        frame = queries.reeks(engine, args.nis, args.indicator, args.van, args.tot)
        series = [
            {"period": p, "value": int(w)} for p, w in zip(frame.periode, frame.waarde, strict=True)
        ]
    if not series:
        raise Geweigerd(f"Geen gegevens voor NIS {args.nis} en indicator {args.indicator}.")
    _print_json({"nis": args.nis, "indicator": args.indicator, "series": series})
    return 0


def _cli_waarde(rij):
    """What a council member may see: the integer, or the symbol of the disclosure rule."""
    return rij.weergave if rij.onderdrukt else int(rij.aantal)


def _wachtwoord(args) -> str:
    """From stdin (`--wachtwoord-stdin`, for scripts) or a hidden prompt; never an argument,
    so it does not end up in the shell history or the process list."""
    if args.wachtwoord_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    eerste = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Herhaal het wachtwoord: ") != eerste:
        raise Geweigerd("De wachtwoorden zijn niet gelijk.")
    return eerste


def cmd_users(args) -> int:
    from data_access import gebruikers

    engine = _engine()
    try:
        if args.actie == "add":
            gebruiker = gebruikers.voeg_toe(
                engine,
                args.gebruikersnaam,
                args.naam or args.gebruikersnaam,
                _wachtwoord(args),
                args.rollen,
                args.gemeenten or (),
                args.email or "",
                vervang=args.vervang,
            )
            rollen = ", ".join(sorted(gebruiker.rollen))
            print(f"Gebruiker {gebruiker.gebruikersnaam} opgeslagen ({rollen}).")
        elif args.actie == "remove":
            gebruikers.verwijder(engine, args.gebruikersnaam)
            print(f"Gebruiker {args.gebruikersnaam} verwijderd.")
        else:
            frame = gebruikers.lijst(engine)
            _print_json(frame.to_dict("records")) if args.json else print(
                frame.to_string(index=False)
            )
    except gebruikers.GebruikerFout as exc:
        raise Geweigerd("; ".join(exc.fouten)) from exc
    return 0


def _users_parser(sub) -> None:
    u = sub.add_parser("users", help="gebruikers beheren (add, list, remove)")
    acties = u.add_subparsers(dest="actie", required=True)
    a = acties.add_parser("add", help="gebruiker toevoegen (wachtwoord via prompt of stdin)")
    a.add_argument("gebruikersnaam")
    a.add_argument("--naam", help="volledige naam")
    a.add_argument("--rollen", required=True, help="viewer,analyst,editor,admin")
    a.add_argument("--gemeenten", help="NIS-codes voor analisten, komma-gescheiden")
    a.add_argument("--email")
    a.add_argument("--vervang", action="store_true", help="bestaande gebruiker overschrijven")
    a.add_argument("--wachtwoord-stdin", action="store_true", help="lees het wachtwoord van stdin")
    lst = acties.add_parser("list", help="gebruikers tonen (nooit wachtwoorden)")
    lst.add_argument("--json", action="store_true")
    r = acties.add_parser("remove", help="gebruiker verwijderen")
    r.add_argument("gebruikersnaam")
    u.set_defaults(func=cmd_users)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="leefloonmonitor", description="Leefloonmonitor-beheer")
    sub = p.add_subparsers(dest="commando", required=True)

    d = sub.add_parser("demo", help="(her)bouw de demodatabank uit data/demo")
    d.add_argument("--genereer", action="store_true", help="schrijf eerst de demo-CSV's opnieuw")
    d.set_defaults(func=cmd_demo)

    i = sub.add_parser("import", help="importeer CSV/XLSX-bestanden (alles of niets)")
    i.add_argument("bestanden", nargs="+", type=Path)
    i.add_argument("--dry-run", action="store_true", help="alleen valideren, niets schrijven")
    i.add_argument("--door", default="cli", help="wie importeert (voor de releasehistoriek)")
    i.set_defaults(func=cmd_import)

    s = sub.add_parser("stats", help="maandreeks van een gemeente als JSON")
    s.add_argument("--nis", required=True)
    s.add_argument("--indicator", required=True)
    s.add_argument("--from", dest="van")
    s.add_argument("--to", dest="tot")
    s.add_argument("--by", help="uitsplitsing naar dimensie (met onderdrukking kleine cellen)")
    s.add_argument("--json", action="store_true", help="JSON-uitvoer (standaard)")
    s.set_defaults(func=cmd_stats)

    _users_parser(sub)
    for registreer in _uitbreidingen():
        registreer(sub)
    return p


def _uitbreidingen():
    """Sub-commands that live with their own layer (forecast, backtest, users, export)."""
    from data_access import cli_extra

    return cli_extra.REGISTRATIES


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Geweigerd as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, importer.DatabankFout) as exc:  # for every sub-command
        print(databank_melding(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
