"""Registration of the sub-commands that belong to later layers (forecast, backtest, users, export).

Each entry is a function that adds one sub-parser; kept apart so `cli.py` stays small.
"""

REGISTRATIES: list = []
