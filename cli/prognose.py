"""Sub-commands `forecast` and `backtest` of the console script (README: Command line).

```
leefloonmonitor forecast --nis N --target DOEL_ID [--as-of YYYY-MM] --json
leefloonmonitor forecast --nis N [N ...] --indicator leefloongerechtigden
                         [--as-of M [M ...]] [--horizon 12] --json
leefloonmonitor backtest [--nis N ...] [--indicator werk|leefloongerechtigden|...]
                         [--trackrecord] --json
```

Exit 0 with the JSON on stdout; exit 2 with a Dutch message on stderr for an unknown target or
indicator, a target of another municipality, a month that is not `YYYY-MM` or lies outside the
data, or an unknown municipality. Register with `registreer(sub)` next to the other
sub-commands.

The forecasting service is imported inside the commands: the other commands do not pay for
loading statsforecast (~1.5 s).
"""

from __future__ import annotations

import sys
import time

from cli.hulp import Geweigerd, controleer_periode, print_json
from cli.hulp import engine as open_engine
from data_access import queries


def _weiger(fout) -> Exception:
    return Geweigerd(str(fout))


def cmd_forecast(args) -> int:
    for maand in args.as_of or []:
        controleer_periode(maand, "as-of")
    if args.indicator is not None:
        if args.target is not None:
            raise Geweigerd("Geef --target (een doel) of --indicator (een reeks), niet allebei.")
        return _forecast_indicator(args)
    if args.target is None:
        raise Geweigerd("Geef --target (een doel) of --indicator (een reeks).")
    if len(args.nis) != 1 or len(args.as_of or []) > 1:
        raise Geweigerd("Met --target: één --nis en hoogstens één --as-of.")
    args.nis, args.as_of = args.nis[0], (args.as_of or [None])[0]
    return _forecast_doel(args)


def _forecast_indicator(args) -> int:
    from diensten import prognose, trendprognose  # statsforecast (see above)

    engine = open_engine()
    start = time.perf_counter()
    try:
        resultaat = trendprognose.forecast_json(
            engine, args.nis, args.indicator, args.as_of, args.horizon
        )
    except prognose.GeenPrognose as fout:
        raise _weiger(fout) from fout
    print_json(resultaat)
    print(
        f"Prognose van {args.indicator} voor {len(args.nis)} gemeente(n) in "
        f"{time.perf_counter() - start:.1f} s (per --as-of een backtest op de gegevens tot dan).",
        file=sys.stderr,
    )
    return 0


def _forecast_doel(args) -> int:
    from diensten import prognose  # statsforecast: only for this command (see above)

    engine = open_engine()
    start = time.perf_counter()
    try:
        doel = prognose.doel_rij(engine, args.target)
        if str(doel["nis"]) != str(args.nis):
            raise prognose.GeenPrognose(
                f"Doel '{args.target}' hoort bij NIS {doel['nis']}, niet bij NIS {args.nis}."
            )
        laatste = queries.laatste_periode(engine, args.nis)
        if args.as_of and laatste and args.as_of > laatste:
            raise prognose.GeenPrognose(
                f"Er zijn nog geen gegevens voor {args.as_of}: de laatste maand is {laatste}."
            )
        model = prognose.bouw_model(engine)
        resultaat = prognose.forecast_json(
            engine, args.target, args.as_of, nis=args.nis, model=model
        )
    except prognose.GeenPrognose as fout:
        raise _weiger(fout) from fout
    print_json(resultaat)
    if args.as_of and resultaat["as_of"] != args.as_of:
        print(
            f"De stand van activeringen naar werk telt per volledig kwartaal (afgerond): "
            f"--as-of {args.as_of} wordt {resultaat['as_of']}.",
            file=sys.stderr,
        )
    print(
        f"Prognose voor {args.target} op {resultaat['as_of']} in "
        f"{time.perf_counter() - start:.1f} s (backtest over {len(model.nissen)} gemeenten, "
        f"{len(model.reeksen_werk)} reeksen).",
        file=sys.stderr,
    )
    return 0


def cmd_backtest(args) -> int:
    from diensten import prognose, trendprognose  # statsforecast (see above)

    engine = open_engine()
    start = time.perf_counter()
    try:
        wat = args.indicator
        if args.trackrecord:  # issue 17: accuracy, bands and P per size and trend class
            resultaat = prognose.backtest_indicator_json(engine, args.indicator, args.nis or None)
        elif args.indicator == "werk":
            resultaat = prognose.backtest_json(engine, args.nis or None)
            wat = "de activeringen naar werk (gemeentetotalen en per pijler)"
        else:
            resultaat = trendprognose.backtest_json(engine, args.indicator, args.nis or None)
    except prognose.GeenPrognose as fout:
        raise _weiger(fout) from fout
    print_json(resultaat)
    print(
        f"Backtest van {wat} over {resultaat['series']} reeksen in "
        f"{time.perf_counter() - start:.1f} s.",
        file=sys.stderr,
    )
    return 0


def registreer(sub) -> None:
    """Add `forecast` and `backtest` to the console script's sub-parsers."""
    f = sub.add_parser(
        "forecast",
        help="prognose van een doel (--target) of van een reeks (--indicator), als JSON",
        description=(
            "Met --target: prognose van een doel (lokaal activeringspact): behaald, kans, "
            "P10/P50/P90 van de eindstand, nodig per maand, huidig tempo en verwachte subsidie. "
            "Activeringen naar werk tellen per volledig kwartaal, afgerond: --as-of schuift "
            "naar het laatste kwartaaleinde (of de deadline) ervoor. Met --indicator: de "
            "maandprognose van leefloongerechtigden, instroom of uitstroom per gemeente, met "
            "mediaan (p50), 80%-band (p10-p90) en 95%-band (p2_5-p97_5). Met --as-of: wat de "
            "prognose zei met alleen de gegevens tot en met die maand."
        ),
    )
    f.add_argument(
        "--nis", required=True, action="extend", nargs="+", help="NIS-code(s), bv. 12025"
    )
    f.add_argument("--target", help="doel-id, bv. activeringspact-2023")
    f.add_argument("--indicator", help="leefloongerechtigden, instroom of uitstroom")
    f.add_argument(
        "--as-of",
        dest="as_of",
        action="extend",
        nargs="+",
        help="maand(en) JJJJ-MM (standaard: laatste maand)",
    )
    f.add_argument(
        "--horizon", type=int, default=12, help="maanden vooruit met --indicator (standaard 12)"
    )
    f.add_argument("--json", action="store_true", help="JSON-uitvoer (standaard)")
    f.set_defaults(func=cmd_forecast)

    b = sub.add_parser(
        "backtest",
        help="nauwkeurigheid van de prognose (rolling-origin backtest) als JSON",
        description=(
            "Rolling-origin backtest van de activeringen naar werk, samen over de gemeenten "
            "(standaard alle gemeenten met gegevens): MASE, relatieve MAE t.o.v. de naïeve en "
            "de seizoensnaïeve prognose, dekking van de 80%- en 95%-banden."
        ),
    )
    b.add_argument(
        "--nis", action="extend", nargs="+", help="NIS-code(s); herhaal of geef er meerdere"
    )
    b.add_argument(
        "--indicator",
        default="werk",
        help="werk (activeringen naar werk, standaard), leefloongerechtigden, instroom, uitstroom",
    )
    b.add_argument(
        "--trackrecord",
        action="store_true",
        help=(
            "met trackrecord: nauwkeurigheid, dekking, Brier-score en betrouwbaarheid van de "
            "kans, per grootte- en trendklasse"
        ),
    )
    b.add_argument("--json", action="store_true", help="JSON-uitvoer (standaard)")
    b.set_defaults(func=cmd_backtest)
