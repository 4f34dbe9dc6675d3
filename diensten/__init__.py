"""Composition per municipality, without Streamlit: what a municipality's screens, slides and CLI
answers show. Imports charts, forecasting, data_access and domein; never ui, cli or streamlit.

- `prognose`: the forecast service (database → forecasting models, once per data release);
- `pact`: the pact's cards, sentences and screens (one card builder, one rounding rule);
- `dek`: the council's key screens (the pact slide is passed in as a parameter);
- `export`: the one export builder for the app's buttons and the CLI;
- `bron`: the one source line under every chart.
"""
