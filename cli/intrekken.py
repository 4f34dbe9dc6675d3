"""Sub-command `intrekken`: take a wrongly imported month out of the current figures
(`data_access.intrekken`; Beheer, Releases does the same). Restore with the release that
delivered the month."""

from charts import formaat
from cli.hulp import Geweigerd
from cli.hulp import engine as open_engine
from data_access import audit, intrekken


def _toon(uit: intrekken.Intrekking) -> None:
    print(f"Intrekken: {uit.omschrijving()}, {formaat.getal(uit.rijen)} rijen.")
    for r in uit.per_indicator.itertuples(index=False):
        print(
            f"  {r.gemeente}: {r.indicator} — maandcijfer {formaat.getal(r.maandcijfer)}, "
            f"{formaat.getal(r.rijen)} rijen"
        )


def cmd_intrekken(args) -> int:
    """`leefloonmonitor intrekken --maand JJJJ-MM [--nis N] [--status S] [--dry-run] --reden
    TEKST`.
    Exit 0 done (or previewed), 2 refused (unknown month or NIS, not the newest month, no
    reason) with a Dutch message."""
    engine = open_engine()
    try:
        if args.dry_run:
            _toon(intrekken.voorbeeld(engine, args.maand, args.nis, args.status))
            print("Proefdraai (--dry-run): er is niets gewijzigd.")
            return 0

        def auditregel(conn, uit) -> None:
            audit.log(conn, args.door, "intrekking", intrekken.auditdetails(uit, args.reden), "cli")

        uit = intrekken.trek_in(
            engine,
            args.maand,
            args.nis,
            door=args.door,
            reden=args.reden,
            auditregel=auditregel,
            status=args.status,
        )
    except intrekken.Geweigerd as fout:
        raise Geweigerd(str(fout)) from fout
    _toon(uit)
    print(
        "Ingetrokken als nieuwe release. Terugzetten kan met de release die de maand leverde "
        "(Beheer, tabblad Releases)."
    )
    return 0


def registreer(sub) -> None:
    i = sub.add_parser("intrekken", help="een maand uit de actuele cijfers halen (als release)")
    i.add_argument("--maand", required=True, help="de maand, JJJJ-MM")
    i.add_argument("--nis", help="alleen deze gemeente (standaard: alle gemeenten)")
    i.add_argument(
        "--status",
        choices=("voorlopig", "definitief"),
        help="alleen de eigen telling (voorlopig) of de officiële cijfers (definitief)",
    )
    i.add_argument("--dry-run", action="store_true", help="alleen tonen wat verdwijnt")
    i.add_argument("--reden", default="", help="waarom (komt in het auditlogboek)")
    i.add_argument("--door", default="cli", help="wie intrekt (voor de releasehistoriek)")
    i.set_defaults(func=cmd_intrekken)
