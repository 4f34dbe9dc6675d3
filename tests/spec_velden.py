"""The JSON fields the README fixes for `leefloonmonitor forecast` and `backtest`, in order: pinned
here, apart from the code that writes them, so a renamed field fails the tests."""

FORECAST_VELDEN = [
    "target",
    "as_of",
    "achieved",
    "target_value",
    "probability",
    "p10",
    "p50",
    "p90",
    "needed_per_month",
    "run_rate",
    "expected_funding_eur",
]
BACKTEST_VELDEN = ["mase", "rel_mae_naive", "rel_mae_snaive", "coverage80", "coverage95", "series"]
# `forecast --indicator`: {"forecasts": [one row per municipality x as-of month x month ahead]}
REEKSPROGNOSE_VELDEN = ["nis", "as_of", "period", "p50", "p10", "p90", "p2_5", "p97_5"]
