"""Sub-command `export`: a municipality's core screens for the council (pptx, html or csv)."""

import sys
import time
from pathlib import Path

from cli.hulp import Geweigerd, controleer_periode
from cli.hulp import engine as open_engine
from data_access import audit


def cmd_export(args) -> int:
    """`leefloonmonitor export --nis N --format pptx|html|csv --out PATH [--from --to]`.

    The council's view (breakdowns disclosure-controlled). Exit 0 written; 2 refused (unknown
    NIS, no data in the period, no Chromium for pptx, unwritable path) with a Dutch message."""
    # Loaded here, not at start: plotly, kaleido, statsforecast and the deck cost seconds that
    # `stats` and `import` should not pay.
    from charts import export
    from diensten import dek, pact, prognose
    from diensten.export import FORMATEN, bestand

    if args.formaat not in FORMATEN:
        raise Geweigerd(f"Onbekend formaat '{args.formaat}'; kies uit {', '.join(FORMATEN)}.")
    controleer_periode(args.van, "from")
    controleer_periode(args.tot, "to")
    uit = Path(args.out)
    if not uit.parent.is_dir():
        raise Geweigerd(f"De map '{uit.parent}' bestaat niet; maak ze eerst aan.")
    if args.formaat == "pptx" and export.browser_pad() is None:
        raise Geweigerd(export.GEEN_BROWSER_TEKST)  # before the work, not after it
    engine = open_engine()
    start = time.perf_counter()
    try:
        standaard_van, standaard_tot = dek.standaard_periode(engine, args.nis)
        van, tot = args.van or standaard_van, args.tot or standaard_tot
        try:
            haak = pact.haak(prognose.bouw_model(engine))
        except prognose.GeenPrognose:  # too little data for a forecast: the deck without it
            haak = None
        inhoud, schermen = bestand(engine, args.nis, van, tot, args.formaat, pact=haak)
    except dek.GeenGegevens as fout:
        raise Geweigerd(str(fout)) from fout
    except export.GeenBrowser as fout:
        raise Geweigerd(str(fout)) from fout
    try:
        uit.write_bytes(inhoud)
    except OSError as fout:
        raise Geweigerd(f"Kan '{uit}' niet schrijven: {fout.strerror or fout}.") from fout
    duur = time.perf_counter() - start
    audit.log(
        engine,
        "cli",
        "export",
        f"{args.formaat} nis={args.nis} {van}..{tot} weergave=raad schermen={schermen} "
        f"bestand={uit.name}",
        client="cli",
    )
    print(
        f"Export geschreven: {uit} ({args.formaat}, {schermen} schermen, "
        f"{len(inhoud) / 1024:.0f} kB) in {duur:.1f} s",
        file=sys.stderr,
    )
    return 0


def registreer(sub) -> None:
    e = sub.add_parser(
        "export",
        help="exporteer de kernschermen van een gemeente voor de raad (pptx, html of csv)",
        description=(
            "Exporteer de kernschermen van een gemeente in de weergave van de raad (kleine "
            "aantallen afgeschermd). Standaard: de laatste 5 jaar tot de laatste maand met "
            "gegevens."
        ),
    )
    e.add_argument("--nis", required=True, help="NIS-code van de gemeente, bv. 12025")
    e.add_argument("--format", dest="formaat", required=True, help="pptx, html of csv")
    e.add_argument("--out", required=True, help="pad van het bestand dat geschreven wordt")
    e.add_argument("--from", dest="van", help="eerste maand (JJJJ-MM)")
    e.add_argument("--to", dest="tot", help="laatste maand (JJJJ-MM)")
    e.set_defaults(func=cmd_export)
