"""Synthetic demo totals for every other Flemish municipality, so that the map, the Flemish level
and the peer groups show something on a fresh install (labelled demo like all demo data).

Only municipality totals per month of ``leefloongerechtigden`` (as the official barometer
publishes them) and ``activeringen`` (every dimension ``totaal``; no destinations, so activations
*to work* stay unknown for these municipalities): a level
per 1,000 inhabitants that depends on the municipality's uitrustingsgraad (large towns higher,
rural municipalities lower), a common shape over time (a rise in 2020, Ukrainians with equivalent
leefloon from 2022-03, the inflow after the federal limit on unemployment benefits from 2026-01)
with a drift of its own, weak seasonality and AR(1) noise. Deterministic: one seed per
municipality, no clock.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from data_access import referentie
from domein.maanden import maanden_tussen, van_tot

#: Recipients per 1,000 inhabitants by the first letter of the uitrustingsgraad code
#: (a = towns and centres, b = within a town's sphere of influence, c = outside it).
_NIVEAU_PER_1000 = {"a0": 12.0, "a": 5.5, "b": 3.2, "c": 2.6}
_VORM = {  # the common shape over time (1 = the level of 2019-01)
    "2019-01": 1.0,
    "2020-03": 1.0,
    "2021-03": 1.07,
    "2022-02": 1.02,
    "2022-09": 1.14,
    "2024-06": 1.06,
    "2025-12": 1.04,
    "2026-09": 1.12,
}
_SEIZOEN = np.array([1.010, 1.010, 1.006, 1.0, 0.998, 0.994, 0.992, 0.994, 1.0, 1.0, 1.0, 1.006])
_ACTIVERING_PER_STAND = 0.045  # activations per recipient per month


def _niveau(code: str) -> float:
    return _NIVEAU_PER_1000.get(code, _NIVEAU_PER_1000[code[0]])


def _reeks(rng: np.random.Generator, maanden: list[str], niveau: float) -> np.ndarray:
    """Recipients per month (one extra month before the first: the opening stock)."""
    posities = [maanden_tussen(maanden[0], m) for m in _VORM]
    drift = np.exp(rng.normal(0.0, 0.06, len(_VORM)))
    vorm = np.interp(np.arange(-1, len(maanden)), posities, np.array(list(_VORM.values())) * drift)
    seizoen = np.array([_SEIZOEN[(int(maanden[0][5:]) - 2 + i) % 12] for i in range(len(vorm))])
    ruis = np.empty(len(vorm))
    vorige = 0.0
    for i, schok in enumerate(rng.normal(0.0, 0.02, len(vorm))):
        vorige = 0.7 * vorige + schok
        ruis[i] = vorige
    return np.maximum(np.rint(niveau * vorm * seizoen * np.exp(ruis)), 0).astype(np.int64)


def rijen(
    seed: int, van: str, tot: str, overslaan: frozenset[str]
) -> Iterator[tuple[str, str, str, int]]:
    """(nis, periode, indicator, aantal) for every Flemish municipality not in `overslaan`."""
    maanden = van_tot(van, tot)
    ref = referentie.gemeenten_referentie()
    inwoners = referentie.officiele_bevolking().query("jaar == 2020").set_index("nis")["inwoners"]
    for nis, code in ref[["nis", "uitrustingsgraad_code"]].itertuples(index=False):
        if nis in overslaan:
            continue
        rng = np.random.default_rng([seed, int(nis)])
        niveau = _niveau(code) * float(np.exp(rng.normal(0.0, 0.3))) * inwoners[nis] / 1000
        stand = _reeks(rng, maanden, niveau)
        activeringen = rng.poisson(_ACTIVERING_PER_STAND * stand[1:])
        for i, maand in enumerate(maanden):
            yield nis, maand, "leefloongerechtigden", int(stand[i + 1])
            yield nis, maand, "activeringen", int(activeringen[i])
