"""Sub-commands on the data itself: `demo`, `import`, `stats` and `users`."""

import getpass
import sys
import time
from pathlib import Path

from charts import formaat
from cli import hulp, vervangen
from cli.hulp import Geweigerd
from data_access import demo, gebruikers, importer, queries
from data_access.db import toonbare_url
from data_access.formaten import profiel
from data_access.formaten.profiel import ProfielLayout
from domein import DEFINITIEF, DIMENSIE_NAMEN, INDICATOREN, LABELS, TELDEFINITIES, VOORLOPIG
from domein.maanden import venster_maanden


def cmd_demo(args) -> int:
    engine = hulp.engine(schema=False)  # herbouw_demo makes the schema itself
    echt = vervangen.echte_inhoud(engine)
    if echt:
        vervangen.bevestig(args, engine, echt)
    elif args.bevestig is not None and not args.vervang_alles:
        raise Geweigerd("--bevestig hoort bij --vervang-alles.")
    if args.genereer:
        paden = demo.genereer(demo.DEMO_MAP)
        print(f"Demobestanden geschreven: {len(paden)} in {demo.DEMO_MAP}", file=sys.stderr)
    start = time.perf_counter()
    try:
        demo.herbouw_demo(engine)
    except demo.DemoOngeldig as fout:
        raise Geweigerd(str(fout)) from fout
    if echt:
        vervangen.log_vervanging(engine, echt)
    duur = time.perf_counter() - start
    print(f"Demodatabank opgebouwd in {duur:.1f} s ({toonbare_url(engine.url)})", file=sys.stderr)
    return 0


def _profiel_layout(engine, naam: str | None) -> ProfielLayout | None:
    """The stored import profile `naam` as a layout; unknown or unusable: refused (exit 2)."""
    if naam is None:
        return None
    try:
        gevonden = profiel.laad(engine, naam)
    except profiel.ProfielFout as fout:
        raise Geweigerd(f"Het importprofiel '{naam}' is niet bruikbaar: {fout}.") from fout
    if gevonden is None:
        namen = list(profiel.lijst(engine)["naam"])
        keuze = f"bewaarde profielen: {', '.join(namen)}" if namen else "er zijn nog geen profielen"
        raise Geweigerd(
            f"Onbekend importprofiel '{naam}' ({keuze}). Maak een profiel in Beheer → Gegevens "
            "opladen, of bekijk ze met `leefloonmonitor profielen`."
        )
    return ProfielLayout(gevonden)


def cmd_import(args) -> int:
    engine = hulp.engine()
    layout = _profiel_layout(engine, args.profiel)
    resultaat = importer.importeer(
        engine, args.bestanden, door=args.door, dry_run=args.dry_run, client="cli", layout=layout
    )
    if not resultaat.geldig:
        print(resultaat.verslag(), file=sys.stderr)
        return 2
    print(resultaat.verslag())
    return 0


def cmd_profielen(args) -> int:
    engine = hulp.engine()
    frame = profiel.lijst(engine)
    if args.json:
        records = []
        for r in frame.itertuples(index=False):
            p = profiel.laad(engine, r.naam)
            records.append(
                {"name": r.naam, "by": r.door, "saved": str(r.tijdstip), "definition": p.als_dict()}
            )
        hulp.print_json(records)
    elif frame.empty:
        print("Er zijn nog geen importprofielen (maak er een in Beheer → Gegevens opladen).")
    else:
        for r in frame.itertuples(index=False):
            print(f"{r.naam}\t(door {r.door}, {formaat.tijdstip(r.tijdstip)})")
    return 0


def cmd_stats(args) -> int:
    hulp.controleer_periode(args.van, "from")
    hulp.controleer_periode(args.tot, "to")
    if args.indicator not in INDICATOREN:
        raise Geweigerd(
            f"Onbekende indicator '{args.indicator}'; kies uit {', '.join(INDICATOREN)}."
        )
    if args.teldefinitie and args.teldefinitie not in TELDEFINITIES:
        raise Geweigerd(
            f"Onbekende teldefinitie '{args.teldefinitie}'; kies uit {', '.join(TELDEFINITIES)}."
        )
    engine = hulp.engine()
    tel = queries.teldefinitie_van(args.indicator, args.teldefinitie)
    status = queries.statussen(engine, args.nis, args.indicator, teldefinitie=tel)
    if args.by:
        if args.by not in DIMENSIE_NAMEN:
            raise Geweigerd(
                f"Onbekende dimensie '{args.by}'; kies uit {', '.join(DIMENSIE_NAMEN)}."
            )
        u = queries.uitsplitsing_op_niveau(
            engine, args.nis, args.indicator, args.by, None, args.van, args.tot, teldefinitie=tel
        )
        tabel = u.tabel
        niveau = {"level": u.niveau.code, "merged": u.zin is not None}
        if u.zin:
            niveau["note"] = u.zin
        series = [
            {
                "period": r.venster,
                "category": r.categorie,
                "value": _cli_waarde(r),
                "status": _status_van(u.statussen, str(r.venster)),
            }
            for r in tabel.itertuples(index=False)
        ]
    else:
        frame = queries.reeks(
            engine, args.nis, args.indicator, args.van, args.tot, teldefinitie=tel
        )
        series = [
            {"period": p, "value": int(w), "status": _status_van(status, p)}
            for p, w in zip(frame.periode, frame.waarde, strict=True)
        ]
        niveau = {}
    if not series:
        _geen_gegevens(engine, args.nis, args.indicator, tel)
    uit = {
        "nis": args.nis,
        "indicator": args.indicator,
        "teldefinitie": tel,
        "teldefinitie_label": TELDEFINITIES[tel]["label"],
        **niveau,
        "series": series,
    }
    hulp.print_json(uit)
    return 0


def _status_van(status, venster: str) -> str:
    """'definitief' when every month of the window is an official stable month."""
    maanden = venster_maanden(venster)
    return DEFINITIEF if all(status.get(m) == DEFINITIEF for m in maanden) else VOORLOPIG


def _geen_gegevens(engine, nis: str, indicator: str, tel: str):
    """Refuse in Dutch, saying so when the figures exist in another count definition."""
    andere = [t for t in queries.teldefinities(engine, nis, indicator) if t != tel]
    if andere:
        namen = ", ".join(f"{TELDEFINITIES[t]['label'].lower()} ({t})" for t in andere)
        raise Geweigerd(
            f"Geen cijfers van {LABELS['indicator'][indicator]} voor NIS {nis} als "
            f"{TELDEFINITIES[tel]['label'].lower()}: de opgeslagen cijfers hebben een andere "
            f"teldefinitie: {namen}. Cijfers met een andere telling worden nooit samengeteld; "
            f"vraag ze op met --teldefinitie {andere[0]}."
        )
    raise Geweigerd(f"Geen gegevens voor NIS {nis} en indicator {indicator}.")


def _cli_waarde(rij):
    """What a council member may see: the integer, or the symbol of the disclosure rule."""
    return rij.weergave if rij.onderdrukt else int(rij.aantal)


def _wachtwoord(args) -> str:
    """From stdin (`--wachtwoord-stdin`, for scripts) or a hidden prompt; never an argument,
    so it does not end up in the shell history or the process list."""
    if args.wachtwoord_stdin:
        return sys.stdin.readline().rstrip("\n")
    eerste = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Herhaal het wachtwoord: ") != eerste:
        raise Geweigerd("De wachtwoorden zijn niet gelijk.")
    return eerste


def cmd_users(args) -> int:
    engine = hulp.engine()
    try:
        if args.actie == "add":
            gebruiker = gebruikers.voeg_toe(
                engine,
                args.gebruikersnaam,
                args.naam or args.gebruikersnaam,
                None if args.alleen_sso else _wachtwoord(args),
                args.rollen,
                args.gemeenten or (),
                args.email or "",
                vervang=args.vervang,
                sso=args.sso_id or "",
            )
            rollen = ", ".join(sorted(gebruiker.rollen))
            print(f"Gebruiker {gebruiker.gebruikersnaam} opgeslagen ({rollen}).")
        elif args.actie == "remove":
            gebruikers.verwijder(engine, args.gebruikersnaam)
            print(f"Gebruiker {args.gebruikersnaam} verwijderd.")
        else:
            frame = gebruikers.lijst(engine)
            hulp.print_json(frame.to_dict("records")) if args.json else print(
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
    a.add_argument("--sso-id", help="identiteit bij single sign-on: provider:sub (bv. acmidm:1234)")
    a.add_argument(
        "--alleen-sso",
        action="store_true",
        help="geen wachtwoord: aanmelden alleen met single sign-on (e-mail of --sso-id)",
    )
    lst = acties.add_parser("list", help="gebruikers tonen (nooit wachtwoorden)")
    lst.add_argument("--json", action="store_true")
    r = acties.add_parser("remove", help="gebruiker verwijderen")
    r.add_argument("gebruikersnaam")
    u.set_defaults(func=cmd_users)


def registreer(sub) -> None:
    d = sub.add_parser("demo", help="(her)bouw de demodatabank uit data/demo")
    d.add_argument("--genereer", action="store_true", help="schrijf eerst de demo-CSV's opnieuw")
    d.add_argument(
        "--vervang-alles",
        action="store_true",
        help="ook een databank met echte gegevens of gebruikers wissen (vraagt bevestiging)",
    )
    d.add_argument(
        "--bevestig",
        metavar="NAAM",
        help="bevestig --vervang-alles zonder prompt: de naam van de databank (of het bestand)",
    )
    d.set_defaults(func=cmd_demo)

    i = sub.add_parser("import", help="importeer CSV/XLSX-bestanden (alles of niets)")
    i.add_argument("bestanden", nargs="+", type=Path)
    i.add_argument("--dry-run", action="store_true", help="alleen valideren, niets schrijven")
    i.add_argument("--door", default="cli", help="wie importeert (voor de releasehistoriek)")
    i.add_argument(
        "--profiel",
        metavar="NAAM",
        help="lees de bestanden met een bewaard importprofiel (kolomkoppeling, zie `profielen`)",
    )
    i.set_defaults(func=cmd_import)

    p = sub.add_parser("profielen", help="bewaarde importprofielen (kolomkoppelingen) tonen")
    p.add_argument("--json", action="store_true", help="met de volledige definitie, als JSON")
    p.set_defaults(func=cmd_profielen)

    s = sub.add_parser("stats", help="maandreeks van een gemeente als JSON")
    s.add_argument("--nis", required=True)
    s.add_argument("--indicator", required=True)
    s.add_argument("--from", dest="van")
    s.add_argument("--to", dest="tot")
    s.add_argument("--by", help="uitsplitsing naar dimensie (met onderdrukking kleine cellen)")
    s.add_argument(
        "--teldefinitie",
        help="maandstand, jaargemiddelde, minstens_eenmaal … (standaard die van de indicator)",
    )
    s.add_argument("--json", action="store_true", help="JSON-uitvoer (standaard)")
    s.set_defaults(func=cmd_stats)

    _users_parser(sub)
