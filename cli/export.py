"""Sub-command `export`: a municipality's chosen screens for the council (pptx, pdf, html, csv)."""

import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

from cli.hulp import Geweigerd, controleer_periode
from cli.hulp import engine as open_engine
from data_access import audit

#: The standard deck (`diensten.dek.STANDAARD_ONDERDELEN`, repeated: the CLI's help must not
#: load the deck; tests/test_export.py checks they are equal).
STANDAARD = ("overzicht", "trends", "doelgroepen", "pact")


def _lees(pad: str | None, wat: str) -> bytes | None:
    """The bytes of `--sjabloon`/`--logo`, or a Dutch refusal (missing, unreadable)."""
    if pad is None:
        return None
    bestand = Path(pad)
    if not bestand.is_file():
        raise Geweigerd(f"{wat} '{pad}' bestaat niet.")
    try:
        return bestand.read_bytes()
    except OSError as fout:
        raise Geweigerd(f"Kan {wat.lower()} '{pad}' niet lezen: {fout.strerror or fout}.") from fout


def cmd_export(args) -> int:
    """`leefloonmonitor export --nis N --format pptx|pdf|html|csv --out PATH [--from --to]
    [--schermen overzicht,trends,...] [--sjabloon FILE.pptx] [--logo FILE.png]`.

    The council's view (breakdowns disclosure-controlled). Exit 0 written; 2 refused (unknown
    NIS or screen, no data in the period, a bad template or logo, no Chromium for pdf,
    unwritable path) with a Dutch message."""
    # Loaded here, not at start: plotly, kaleido, statsforecast and the deck cost seconds that
    # `stats` and `import` should not pay.
    from charts import export
    from diensten import dek, pact, prognose, wat_als
    from diensten.export import FORMATEN, bestand

    if args.formaat not in FORMATEN:
        raise Geweigerd(f"Onbekend formaat '{args.formaat}'; kies uit {', '.join(FORMATEN)}.")
    controleer_periode(args.van, "from")
    controleer_periode(args.tot, "to")
    uit = Path(args.out)
    if not uit.parent.is_dir():
        raise Geweigerd(f"De map '{uit.parent}' bestaat niet; maak ze eerst aan.")
    try:
        keuze = dek.onderdelen(args.schermen)
    except dek.OnbekendOnderdeel as fout:
        raise Geweigerd(str(fout)) from fout
    scenario = scenario_codes(args.scenario)
    if args.scenario and "wat_als" not in keuze:
        raise Geweigerd("--scenario geldt alleen met het scherm wat_als in --schermen.")
    sjabloon, logo = _lees(args.sjabloon, "Het sjabloon"), _lees(args.logo, "Het logo")
    if (sjabloon or logo) and args.formaat != "pptx":
        raise Geweigerd("--sjabloon en --logo gelden alleen voor --format pptx.")
    try:  # before the work, not after it
        if sjabloon is not None:
            export.open_sjabloon(sjabloon)
        if logo is not None:
            export.controleer_logo(logo)
    except export.OngeldigBestand as fout:
        raise Geweigerd(str(fout)) from fout
    if args.formaat == "pdf" and export.browser_pad() is None:
        raise Geweigerd(export.GEEN_BROWSER_TEKST)
    engine = open_engine()
    start = time.perf_counter()
    try:
        standaard_van, standaard_tot = dek.standaard_periode(engine, args.nis)
        van, tot = args.van or standaard_van, args.tot or standaard_tot
        haak = wat = None
        if {"pact", "wat_als"} & set(keuze):  # the model costs seconds: only when needed
            try:
                model = prognose.bouw_model(engine)
            except prognose.GeenPrognose:  # too little data for a forecast: the deck without it
                model = None
            if model is not None:
                haak = pact.haak(model)
                wat = wat_als.haak(model, scenario)
        inhoud, schermen = bestand(
            engine,
            args.nis,
            van,
            tot,
            args.formaat,
            pact=haak if "pact" in keuze else None,
            keuze=keuze,
            sjabloon=sjabloon,
            logo=logo,
            wat_als=wat if "wat_als" in keuze else None,
        )
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
        f"keuze={','.join(keuze)} sjabloon={'ja' if sjabloon else 'nee'} "
        f"logo={'ja' if logo else 'nee'} bestand={uit.name}",
        client="cli",
    )
    print(
        f"Export geschreven: {uit} ({args.formaat}, {schermen} schermen, "
        f"{len(inhoud) / 1024:.0f} kB) in {duur:.1f} s",
        file=sys.stderr,
    )
    return 0


def scenario_codes(tekst: str | None) -> dict:
    """The Wat als? scenario of `--scenario`: a named scenario, or link codes
    ('scenario=extra_jobhunters&sm_cap=30'). An unknown name or code is refused in Dutch."""
    if not tekst:
        return {}
    # Loaded here, not at start: the scenario register (YAML) only for `--scenario`.
    from forecasting import scenario as model
    from forecasting import scenario_url as su

    namen = model.laad_parameters()["scenarios"]
    if "=" not in tekst:
        if tekst.strip() not in namen:
            raise Geweigerd(
                f"Onbekend scenario '{tekst.strip()}'; kies uit {', '.join(namen)} of geef de "
                "codes uit de link van Wat als? (bv. 'sm_cap=30')."
            )
        return {su.SCENARIO_SLEUTEL: tekst.strip()}
    codes = dict(parse_qsl(tekst.lstrip("?"), keep_blank_values=True))
    bekend = {*su.PARAMETERS, *su.SLEUTELS, su.SCENARIO_SLEUTEL, "tel_tot"}
    onbekend = [k for k in codes if k not in bekend]
    if onbekend:
        raise Geweigerd(
            f"Onbekende code '{onbekend[0]}' in --scenario (codes uit de link van Wat als?)."
        )
    if su.SCENARIO_SLEUTEL in codes and codes[su.SCENARIO_SLEUTEL] not in namen:
        raise Geweigerd(
            f"Onbekend scenario '{codes[su.SCENARIO_SLEUTEL]}'; kies uit {', '.join(namen)}."
        )
    return codes


def registreer(sub) -> None:
    e = sub.add_parser(
        "export",
        help="exporteer gekozen schermen van een gemeente voor de raad (pptx, pdf, html, csv)",
        description=(
            "Exporteer de kernschermen van een gemeente in de weergave van de raad (kleine "
            "aantallen afgeschermd). Standaard: de laatste 5 jaar tot de laatste maand met "
            "gegevens, de schermen " + ",".join(STANDAARD) + "."
        ),
    )
    e.add_argument("--nis", required=True, help="NIS-code van de gemeente, bv. 12025")
    e.add_argument("--format", dest="formaat", required=True, help="pptx, pdf, html of csv")
    e.add_argument("--out", required=True, help="pad van het bestand dat geschreven wordt")
    e.add_argument("--from", dest="van", help="eerste maand (JJJJ-MM)")
    e.add_argument("--to", dest="tot", help="laatste maand (JJJJ-MM)")
    e.add_argument(
        "--schermen",
        help="schermen in de volgorde van de dia's, gescheiden door komma's: "
        "overzicht,trends,doelgroepen,vergelijking,pact,wat_als,kaart",
    )
    e.add_argument(
        "--scenario",
        help="het scenario van de dia wat_als: een benoemd scenario (extra_jobhunters, "
        "instroomschok_2026, huidig_beleid) of de codes uit de link van Wat als?, bv. "
        "'sm_cap=30&tel_tot=2027-06' (standaard: extra_jobhunters)",
    )
    e.add_argument("--sjabloon", help="PowerPoint-sjabloon van de gemeente (.pptx, max. 10 MB)")
    e.add_argument("--logo", help="logo van de gemeente (PNG, max. 2 MB) op elke dia")
    e.set_defaults(func=cmd_export)
