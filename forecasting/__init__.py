"""Forecasts, target probability and "Wat als?" scenarios (no Streamlit, no database).

Inputs are `pandas.Series` of monthly values with index `YYYY-MM` (ascending, no gaps); the
caller fetches them through `data_access.queries`. Typical use per data release (cache it):

    bt = backtest({nis: reeks for nis, reeks in werkactiveringen.items()})   # pooled errors
    prognose = voorspel(reeks, 12, fouten=bt.fouten, sleutel=nis)            # fan per month
    doel = kans_op_doel(reeks, doelrij, as_of, bt.fouten, sleutel=nis)       # P(target)

and on every slider move only `scenario.bereken` (microseconds).

Import from the modules (`from forecasting.baseline import voorspel`); this package file
imports nothing, so `forecasting.scenario` stays light (no statsforecast) and the module
`forecasting.backtest` is not shadowed by the function of the same name.

Modules: `baseline` (mean of ETS, Theta and CES), `backtest` (rolling-origin accuracy, the
error model and its PITs, `trackrecord`), `fouten` (errors of comparable series, centred,
recalibrated), `doel` (target probability, as-of replay), `scenario` + `params.yaml` (the
pillar funnel and its sourced parameters).
"""
