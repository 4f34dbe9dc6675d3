"""`forecast` and `backtest` sub-commands (README: Command line), through a small parser built with
`cli.prognose.registreer` (independent of how the console script wires it), on the
demo database of both backends."""

import argparse
import json
import sys

import pytest
from spec_velden import BACKTEST_VELDEN, FORECAST_VELDEN

from cli.hulp import Geweigerd
from cli.prognose import registreer


@pytest.fixture
def cli(demo_engine, monkeypatch, capsys):
    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_engine.url.render_as_string(hide_password=False))

    def draai(*argv: str) -> tuple[int, str, str]:
        parser = argparse.ArgumentParser(prog="leefloonmonitor")
        registreer(parser.add_subparsers(dest="commando", required=True))
        args = parser.parse_args(list(argv))
        try:
            code = args.func(args)
        except Geweigerd as fout:  # what cli.main does
            print(f"Fout: {fout}", file=sys.stderr)
            code = 2
        uit = capsys.readouterr()
        return code, uit.out, uit.err

    return draai


def test_forecast_json(cli):
    code, uit, fout = cli(
        "forecast", "--nis", "12025", "--target", "activeringspact-2023", "--as-of", "2024-06",
        "--json",
    )  # fmt: skip
    assert code == 0, fout
    data = json.loads(uit)
    assert list(data) == FORECAST_VELDEN
    # the released count: four quarters rounded to 5 (exact 311)
    assert data["as_of"] == "2024-06" and data["achieved"] == 310 and data["target_value"] == 629
    assert 0 <= data["probability"] <= 1 and data["p10"] <= data["p50"] <= data["p90"]
    assert data["needed_per_month"] == pytest.approx((629 - 310) / 10)


def test_forecast_as_of_binnen_een_kwartaal_schuift_naar_het_kwartaaleinde(cli):
    code, uit, fout = cli(
        "forecast", "--nis", "12025", "--target", "activeringspact-2023", "--as-of", "2024-05",
        "--json",
    )  # fmt: skip
    assert code == 0, fout
    data = json.loads(uit)
    assert data["as_of"] == "2024-03" and data["achieved"] % 5 == 0
    assert "--as-of 2024-05 wordt 2024-03" in fout


@pytest.mark.parametrize(
    ("argv", "melding"),
    [
        (["--nis", "12025", "--target", "bestaat-niet"], "Onbekend doel 'bestaat-niet'"),
        (["--nis", "11016", "--target", "activeringspact-2023"], "hoort bij NIS 12025"),
        (["--nis", "12025", "--target", "activeringspact-2023", "--as-of", "2024-13"], "JJJJ-MM"),
        (["--nis", "12025", "--target", "activeringspact-2023", "--as-of", "juni"], "JJJJ-MM"),
        (
            ["--nis", "12025", "--target", "activeringspact-2023", "--as-of", "2031-01"],
            "nog geen gegevens voor 2031-01",
        ),
    ],
)
def test_forecast_weigert_met_exit_2(cli, argv, melding):
    code, uit, fout = cli("forecast", *argv, "--json")
    assert code == 2
    assert uit == ""
    assert melding in fout and fout.startswith("Fout: ")


def test_backtest_json(cli):
    code, uit, fout = cli("backtest", "--json")
    assert code == 0, fout
    data = json.loads(uit)
    assert list(data) == BACKTEST_VELDEN
    assert data["series"] > 3  # totals and per-pillar series
    assert data["rel_mae_naive"] < 1 and 0 < data["coverage80"] < 1
    code, uit, _ = cli("backtest", "--nis", "12025", "11016", "--json")
    assert code == 0
    assert json.loads(uit)["series"] < data["series"]


def test_backtest_onbekende_gemeente(cli):
    code, _, fout = cli("backtest", "--nis", "99999", "--json")
    assert code == 2 and "99999" in fout


def test_backtest_indicator_geeft_het_trackrecord(cli):
    code, uit, fout = cli("backtest", "--indicator", "instroom", "--trackrecord", "--json")
    assert code == 0, fout
    data = json.loads(uit)
    assert data["indicator"] == "instroom"
    assert set(BACKTEST_VELDEN) <= set(data)
    alle = data["trackrecord"][0]
    assert alle["soort"] == "alle reeksen"
    assert {"mase", "rel_mae_naive", "rel_mae_snaive", "coverage80", "coverage95", "brier"} <= set(
        alle
    )
    assert alle["coverage80"] == pytest.approx(data["coverage80"], abs=1e-4)
    assert 0 <= alle["brier"] <= 1
    assert sum(r["n"] for r in data["betrouwbaarheid"]) == alle["kansen"] > 0
