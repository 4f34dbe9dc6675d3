"""Disclosure control (docs/privacy.md): property-based proofs plus hand-made cases.

Every property test builds random cubes (many small values, thresholds 3..10) and checks the
output of `onderdruk` with the independent LP audit `herleidbare_cellen`. The audit itself is
checked against exact enumeration and shown to fail on badly suppressed tables.
"""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access import suppression as s

SNEL = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRAAG = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------


def periode(i: int) -> str:
    return f"{2020 + i // 12}-{i % 12 + 1:02d}"


def lang_uit(rijen: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(periode(i), f"c{j}", v) for i, rij in enumerate(rijen) for j, v in enumerate(rij)],
        columns=["periode", "categorie", "aantal"],
    )


def totalen_uit(rijen: list[list[int]], extra: list[int] | None = None) -> pd.Series:
    extra = extra or [0] * len(rijen)
    return pd.Series(
        {periode(i): sum(r) + e for i, (r, e) in enumerate(zip(rijen, extra, strict=True))}
    )


def cellen(uit: pd.DataFrame) -> pd.DataFrame:
    """Only the breakdown cells (no total rows/columns)."""
    return uit[(uit["periode"] != "totaal") & (uit["categorie"] != "totaal")]


@st.composite
def kubussen(draw, max_rijen: int = 5, max_kol: int = 5):
    drempel = draw(st.integers(3, 10))
    n_rij = draw(st.integers(1, max_rijen))
    n_kol = draw(st.integers(2, max_kol))
    waarde = st.one_of(
        st.integers(0, drempel + 1),  # many small values and zeros
        st.sampled_from([1, 1, 2, drempel - 1, drempel, drempel]),
        st.integers(0, 3 * drempel),
        st.integers(0, 150),
    )
    rijen = draw(
        st.lists(st.lists(waarde, min_size=n_kol, max_size=n_kol), min_size=n_rij, max_size=n_rij)
    )
    return drempel, rijen


def controleer_uitvoer(uit, rijen, drempel, totalen, kolomtotalen, marge=s.STANDAARD_MARGE):
    teken = f"<{drempel}"
    binnen = cellen(uit)
    # (a) no displayed cell has a value from 1 to drempel-1 (column totals included)
    getoond = uit[~uit["onderdrukt"]]
    klein = getoond[(getoond["aantal"] >= 1) & (getoond["aantal"] <= drempel - 1)]
    assert klein[klein["categorie"] != "totaal"].empty
    assert set(uit.loc[uit["onderdrukt"], "weergave"]) <= {teken, "x"}
    assert uit.loc[uit["onderdrukt"], "aantal"].isna().all()
    assert uit.loc[~uit["onderdrukt"], "aantal"].notna().all()
    assert ((uit["weergave"] == teken) == (uit["reden"] == "klein")).all()
    # (c) shown values are the true values
    waar = lang_uit(rijen).set_index(["periode", "categorie"])["aantal"]
    b = binnen.set_index(["periode", "categorie"])
    zichtbaar = b[~b["onderdrukt"]]
    if "niet_uitgesplitst" not in set(binnen["categorie"]):
        assert (zichtbaar["aantal"].astype(int) == waar.loc[zichtbaar.index]).all()
    # zeros stay 0, except in a fully hidden row/column
    nul = binnen.merge(
        lang_uit(rijen), on=["periode", "categorie"], suffixes=("", "_waar"), how="left"
    )
    nul = nul[nul["aantal_waar"] == 0]
    assert ((nul["weergave"] == "0") | (nul["reden"] == "volledig")).all()
    # (d) totals unchanged
    tot = uit[(uit["categorie"] == "totaal") & (uit["periode"] != "totaal")]
    assert dict(zip(tot["periode"], tot["aantal"].astype(int), strict=True)) == dict(totalen)
    assert not tot["onderdrukt"].any()
    if kolomtotalen:
        kt = uit[(uit["periode"] == "totaal") & (uit["categorie"] != "totaal")]
        kt = kt[~kt["onderdrukt"]]
        waar_kol = waar.groupby(level="categorie").sum()
        for k, a in zip(kt["categorie"], kt["aantal"], strict=True):
            assert a == waar_kol.get(k, 0)
        groot = uit[(uit["periode"] == "totaal") & (uit["categorie"] == "totaal")]
        assert int(groot["aantal"].iloc[0]) == int(sum(totalen))
    # (b) the LP audit finds no recoverable cell: not with the minimum of privacy.md (every "<5"
    # can take >= 2 values), and not with the margin the algorithm promises
    assert s.herleidbare_cellen(uit, totalen, drempel=drempel, kolomtotalen=kolomtotalen) == []
    if marge > 2:
        gevonden = s.herleidbare_cellen(
            uit, totalen, drempel=drempel, kolomtotalen=kolomtotalen, marge=marge
        )
        assert gevonden == []


# ------------------------------------------------------------------------------------------
# property-based proofs
# ------------------------------------------------------------------------------------------


@SNEL
@given(kubussen(max_rijen=6, max_kol=6), st.sampled_from([2, 3, 4]))
def test_rijtabellen_lekken_niets(kubus, marge):
    drempel, rijen = kubus
    totalen = totalen_uit(rijen)
    uit = s.onderdruk(
        lang_uit(rijen), drempel=drempel, totalen=totalen, met_rijtotalen=True, marge=marge
    )
    controleer_uitvoer(uit, rijen, drempel, totalen, kolomtotalen=False, marge=marge)


@TRAAG
@given(kubussen(max_rijen=4, max_kol=4))
def test_tabellen_met_kolomtotalen_lekken_niets(kubus):
    drempel, rijen = kubus
    totalen = totalen_uit(rijen)
    uit = s.onderdruk(
        lang_uit(rijen), drempel=drempel, totalen=totalen, kolomtotalen=True, met_rijtotalen=True
    )
    controleer_uitvoer(uit, rijen, drempel, totalen, kolomtotalen=True)


@SNEL
@given(kubussen(max_rijen=3, max_kol=4), st.data())
def test_onvolledige_uitsplitsing_krijgt_restcategorie(kubus, data):
    drempel, rijen = kubus
    extra = data.draw(st.lists(st.integers(0, 8), min_size=len(rijen), max_size=len(rijen)))
    totalen = totalen_uit(rijen, extra)
    uit = s.onderdruk(lang_uit(rijen), drempel=drempel, totalen=totalen, met_rijtotalen=True)
    if any(extra):
        assert "niet_uitgesplitst" in set(uit["categorie"])
    controleer_uitvoer(uit, rijen, drempel, totalen, kolomtotalen=False)


@SNEL
@given(kubussen(max_rijen=6, max_kol=5), st.data())
def test_rijpatroon_hangt_niet_af_van_de_gekozen_periode(kubus, data):
    """Without column totals a month is suppressed the same way in every view (Eurostat:
    stable patterns), so shifting the period window reveals nothing."""
    drempel, rijen = kubus
    deel = data.draw(st.lists(st.sampled_from(range(len(rijen))), min_size=1, unique=True))
    heel = s.onderdruk(lang_uit(rijen), drempel=drempel)
    lang = lang_uit(rijen)
    gekozen = lang[lang["periode"].isin([periode(i) for i in deel])]
    stuk = s.onderdruk(gekozen, drempel=drempel)
    vergelijk = heel[heel["periode"].isin(stuk["periode"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        stuk.sort_values(["periode", "categorie"]).reset_index(drop=True),
        vergelijk.sort_values(["periode", "categorie"]).reset_index(drop=True),
    )


@TRAAG
@given(kubussen(max_rijen=3, max_kol=4))
def test_deterministisch(kubus):
    drempel, rijen = kubus
    een = s.onderdruk(lang_uit(rijen), drempel=drempel, kolomtotalen=True)
    twee = s.onderdruk(lang_uit(rijen), drempel=drempel, kolomtotalen=True)
    pd.testing.assert_frame_equal(een, twee)


@settings(max_examples=25, deadline=None)
@given(st.integers(-100, 2))
def test_drempel_onder_3_geweigerd(drempel):
    with pytest.raises(ValueError, match="minstens 3"):
        s.onderdruk(lang_uit([[1, 2]]), drempel=drempel)
    with pytest.raises(ValueError, match="minstens 3"):
        s.herleidbare_cellen(lang_uit([[1, 2]]), drempel=drempel)


# ------------------------------------------------------------------------------------------
# the audit itself: exact, and able to fail
# ------------------------------------------------------------------------------------------


def _opsomming(rijen, soorten, drempel, kolomtotalen):
    """Brute force: every integer table consistent with what is shown -> min/max per cell."""
    n_rij, n_kol = len(rijen), len(rijen[0])
    kol_som = [sum(r[j] for r in rijen) for j in range(n_kol)]
    per_rij = []
    for i, rij in enumerate(rijen):
        opties = []
        for j, v in enumerate(rij):
            k = soorten[i][j]
            if k == "":
                opties.append([v])
            elif k == "klein":
                opties.append(range(1, drempel))
            elif k == "complementair":
                opties.append(range(drempel, sum(rij) + 1))
            else:
                opties.append(range(0, sum(rij) + 1))
        per_rij.append([c for c in itertools.product(*opties) if sum(c) == sum(rij)])
    kol_opties = []
    for j in range(n_kol):
        k = soorten[n_rij][j] if kolomtotalen else ""
        if k == "":
            kol_opties.append((kol_som[j], kol_som[j]))
        elif k == "klein":
            kol_opties.append((1, drempel - 1))
        elif k == "complementair":
            kol_opties.append((drempel, 10**9))
        else:
            kol_opties.append((0, 10**9))
    bereik: dict[tuple[int, int], list[int]] = {}
    for tabel in itertools.product(*per_rij):
        kolommen = [sum(t[j] for t in tabel) for j in range(n_kol)]
        if kolomtotalen:
            # the column totals themselves are cells; their sum is the published grand total
            if any(not lo <= c <= hi for c, (lo, hi) in zip(kolommen, kol_opties, strict=True)):
                continue
        for i in range(n_rij):
            for j in range(n_kol):
                if soorten[i][j]:
                    lo, hi = bereik.get((i, j), [10**9, -1])
                    bereik[(i, j)] = [min(lo, tabel[i][j]), max(hi, tabel[i][j])]
        if kolomtotalen:
            for j in range(n_kol):
                if soorten[n_rij][j]:
                    lo, hi = bereik.get((n_rij, j), [10**9, -1])
                    bereik[(n_rij, j)] = [min(lo, kolommen[j]), max(hi, kolommen[j])]
    return bereik


@st.composite
def verborgen_patronen(draw):
    """A small true table with an arbitrary (not necessarily safe) hiding pattern."""
    drempel = draw(st.integers(3, 5))
    n_rij = draw(st.integers(1, 2))
    n_kol = draw(st.integers(2, 3))
    rijen = draw(
        st.lists(
            st.lists(st.integers(0, 9), min_size=n_kol, max_size=n_kol),
            min_size=n_rij,
            max_size=n_rij,
        )
    )
    kolomtotalen = draw(st.booleans())
    waarden = [*rijen, [sum(r[j] for r in rijen) for j in range(n_kol)]]
    soorten = []
    for i, rij in enumerate(waarden):
        if i == n_rij and not kolomtotalen:
            break
        lijn = []
        for v in rij:
            if 1 <= v <= drempel - 1:
                lijn.append(draw(st.sampled_from(["klein", "klein", "volledig", ""])))
            elif v >= drempel:
                lijn.append(draw(st.sampled_from(["", "", "complementair", "volledig"])))
            else:
                lijn.append(draw(st.sampled_from(["", "", "volledig"])))
        soorten.append(lijn)
    return drempel, rijen, soorten, kolomtotalen


def _frame_met_patroon(rijen, soorten, drempel, kolomtotalen):
    n_rij = len(rijen)
    waarden = [*rijen, [sum(r[j] for r in rijen) for j in range(len(rijen[0]))]]
    regels = []
    for i, rij in enumerate(waarden[: n_rij + (1 if kolomtotalen else 0)]):
        for j, v in enumerate(rij):
            k = soorten[i][j]
            label = periode(i) if i < n_rij else "totaal"
            weergave = f"<{drempel}" if k == "klein" else ("x" if k else str(v))
            regels.append((label, f"c{j}", pd.NA if k else v, weergave, bool(k), k))
    return pd.DataFrame(
        regels, columns=["periode", "categorie", "aantal", "weergave", "onderdrukt", "reden"]
    ).astype({"aantal": "Int64"})


@settings(max_examples=80, deadline=None)
@given(verborgen_patronen())
def test_lp_audit_is_exact_tegen_opsomming(patroon):
    drempel, rijen, soorten, kolomtotalen = patroon
    frame = _frame_met_patroon(rijen, soorten, drempel, kolomtotalen)
    totalen = totalen_uit(rijen)
    lp = s.verborgen_bereiken(frame, totalen, drempel=drempel, kolomtotalen=kolomtotalen)
    exact = _opsomming(rijen, soorten, drempel, kolomtotalen)
    assert len(lp) == len(exact)
    for r in lp.itertuples(index=False):
        i = len(rijen) if r.periode == "totaal" else [periode(k) for k in range(3)].index(r.periode)
        j = int(r.categorie[1:])
        assert (r.minimum, r.maximum) == tuple(exact[(i, j)]), (r, exact)


@SNEL
@given(
    st.integers(3, 10).flatmap(
        lambda d: st.tuples(
            st.just(d),
            st.integers(1, d - 1),
            st.lists(st.one_of(st.just(0), st.integers(d, 40)), min_size=1, max_size=5),
        )
    )
)
def test_audit_vindt_rij_met_alleen_primaire_onderdrukking(geval):
    """One small cell hidden and everything else shown: the audit must fail."""
    drempel, klein, rest = geval
    rijen = [[klein, *rest]]
    soorten = [["klein"] + [""] * len(rest)]
    frame = _frame_met_patroon(rijen, soorten, drempel, False)
    gevonden = s.herleidbare_cellen(frame, totalen_uit(rijen), drempel=drempel)
    assert [(c.kolom, c.minimum, c.maximum) for c in gevonden] == [("c0", klein, klein)]


def test_audit_vindt_getoonde_kleine_cel():
    frame = _frame_met_patroon([[3, 10]], [["", ""]], 5, False)
    gevonden = s.herleidbare_cellen(frame, totalen_uit([[3, 10]]))
    assert [(c.kolom, c.reden) for c in gevonden] == [("c0", "getoond")]


def test_audit_met_aanvallerskennis_1_en_5_verborgen():
    """[1 '<5', 5 'x', total 6]: 'x' means >= 5, so the '<5' must be 1."""
    frame = _frame_met_patroon([[1, 5]], [["klein", "complementair"]], 5, False)
    gevonden = s.herleidbare_cellen(frame, totalen_uit([[1, 5]]))
    assert [(c.kolom, c.minimum, c.maximum) for c in gevonden] == [("c0", 1.0, 1.0)]


def test_audit_vindt_lek_via_kolomtotalen():
    """Rows alone look safe, but the shown column total pins the cell."""
    rijen = [[2, 3, 20], [10, 10, 10]]
    soorten = [["klein", "klein", ""], ["", "", ""], ["", "", ""]]
    frame = _frame_met_patroon(rijen, soorten, 5, True)
    assert s.herleidbare_cellen(frame, totalen_uit(rijen), kolomtotalen=False) == []
    gevonden = s.herleidbare_cellen(frame, totalen_uit(rijen), kolomtotalen=True)
    assert {c.kolom for c in gevonden} == {"c0", "c1"}


# ------------------------------------------------------------------------------------------
# hand-made cases
# ------------------------------------------------------------------------------------------


def _toon(rijen, **kw):
    uit = s.onderdruk(lang_uit(rijen), **kw)
    return list(uit["weergave"]), list(uit["reden"])


def test_enkele_kleine_cel_krijgt_complementaire_cel():
    weergave, reden = _toon([[3, 10, 12]])
    assert weergave == ["<5", "x", "12"]
    assert reden == ["klein", "complementair", ""]
    assert (
        s.herleidbare_cellen(s.onderdruk(lang_uit([[3, 10, 12]])), totalen_uit([[3, 10, 12]])) == []
    )


def test_rij_1_1_totaal_2_is_beschermd():
    """Two '<5' summing to 2 would each be 1: the whole row is hidden instead."""
    uit = s.onderdruk(lang_uit([[1, 1]]), totalen=pd.Series({periode(0): 2}))
    assert list(uit["weergave"]) == ["x", "x"]
    assert set(uit["reden"]) == {"volledig"}
    assert s.herleidbare_cellen(uit, totalen_uit([[1, 1]])) == []


def test_algoritme_stopt_niet_bij_1_en_5():
    """[1, 5, 8]: hiding 1 and 5 leaves 1 + x = 6 with x >= 5 -> 1. We hide 8 instead."""
    naief = _frame_met_patroon([[1, 5, 8]], [["klein", "complementair", ""]], 5, False)
    assert len(s.herleidbare_cellen(naief, totalen_uit([[1, 5, 8]]))) == 1
    weergave, reden = _toon([[1, 5, 8]])
    assert weergave == ["<5", "5", "x"]
    uit = s.onderdruk(lang_uit([[1, 5, 8]]))
    assert s.herleidbare_cellen(uit, totalen_uit([[1, 5, 8]])) == []


def test_alleen_vijven_beschermen_een_1_niet():
    """[1, 5, 5, 20]: 1 + 5 + 5 = 11 with both fives hidden still pins the 1."""
    weergave, _ = _toon([[1, 5, 5, 20]])
    assert weergave == ["<5", "5", "5", "x"]


def test_groepsonthulling_alle_drie_in_een_categorie():
    weergave, reden = _toon([[0, 3, 0, 0]])
    assert weergave == ["x"] * 4 and set(reden) == {"volledig"}


def test_twee_kleine_cellen_beschermen_elkaar():
    """2 + 1 = 3: each '<5' is 1 or 2. Enough for the minimum (marge=2); the default margin 3
    hides one more cell."""
    weergave, _ = _toon([[2, 1, 0, 30]], marge=2)
    assert weergave == ["<5", "<5", "0", "30"]
    weergave, _ = _toon([[2, 1, 0, 30]])
    assert weergave == ["<5", "<5", "0", "x"]
    with pytest.raises(ValueError, match="marge"):
        _toon([[2, 1, 0, 30]], marge=1)


def test_nul_blijft_nul_en_duizendtallen():
    weergave, reden = _toon([[0, 1234, 5]])
    assert weergave == ["0", "1.234", "5"] and reden == ["", "", ""]


def test_drempel_configureerbaar():
    weergave, _ = _toon([[7, 30, 12]], drempel=10)
    assert weergave == ["<10", "30", "x"]
    uit = s.onderdruk(lang_uit([[7, 30, 12]]), drempel=10)
    assert s.herleidbare_cellen(uit, totalen_uit([[7, 30, 12]]), drempel=10) == []


def test_een_categorie_is_het_totaal():
    weergave, _ = _toon([[3], [2]])
    assert weergave == ["3", "2"]


def test_kolomtotalen_worden_mee_onderdrukt():
    rijen = [[1, 0, 9], [0, 0, 7], [2, 0, 8]]  # column total c0 = 3: small
    uit = s.onderdruk(lang_uit(rijen), kolomtotalen=True)
    kt = uit[uit["periode"] == "totaal"].set_index("categorie")
    assert kt.loc["c0", "onderdrukt"]
    assert s.herleidbare_cellen(uit, totalen_uit(rijen), kolomtotalen=True) == []


def test_onvolledige_uitsplitsing_rest_is_een_cel():
    uit = s.onderdruk(lang_uit([[10, 8]]), totalen=pd.Series({periode(0): 20}))
    assert list(uit["categorie"]) == ["c0", "c1", "niet_uitgesplitst"]
    assert list(uit["weergave"]) == ["10", "x", "<5"]


def test_ongeldige_invoer():
    with pytest.raises(ValueError, match="negatieve"):
        s.onderdruk(lang_uit([[1, -2]]))
    with pytest.raises(ValueError, match="gehele"):
        s.onderdruk(lang_uit([[1.5, 2]]))
    dubbel = pd.concat([lang_uit([[1, 2]]), lang_uit([[1, 2]])])
    with pytest.raises(ValueError, match="Dubbele"):
        s.onderdruk(dubbel)
    with pytest.raises(ValueError, match="meer dan"):
        s.onderdruk(lang_uit([[4, 4]]), totalen=pd.Series({periode(0): 5}))
    with pytest.raises(ValueError, match="Geen gepubliceerd totaal"):
        s.onderdruk(lang_uit([[4, 4]]), totalen=pd.Series({"1999-01": 8}))


def test_lege_tabel():
    uit = s.onderdruk(pd.DataFrame(columns=["periode", "categorie", "aantal"]))
    assert list(uit.columns) == [
        "periode",
        "categorie",
        "aantal",
        "weergave",
        "onderdrukt",
        "reden",
    ]
    assert uit.empty


def test_zonder_onderdrukking_zelfde_vorm():
    rijen = [[1, 2, 30]]
    open_ = s.zonder_onderdrukking(lang_uit(rijen))
    dicht = s.onderdruk(lang_uit(rijen))
    assert list(open_.columns) == list(dicht.columns)
    assert list(open_["aantal"]) == [1, 2, 30] and not open_["onderdrukt"].any()


# ------------------------------------------------------------------------------------------
# threshold from the environment
# ------------------------------------------------------------------------------------------


def test_drempel_uit_omgeving(monkeypatch):
    monkeypatch.delenv("LEEFLOONMONITOR_DREMPEL", raising=False)
    assert s.drempel_uit_omgeving() == 5
    monkeypatch.setenv("LEEFLOONMONITOR_DREMPEL", "8")
    assert s.drempel_uit_omgeving() == 8
    monkeypatch.setenv("LEEFLOONMONITOR_DREMPEL", "2")
    with pytest.raises(ValueError, match="minstens 3"):
        s.drempel_uit_omgeving()
    monkeypatch.setenv("LEEFLOONMONITOR_DREMPEL", "vijf")
    with pytest.raises(ValueError, match="geheel getal"):
        s.drempel_uit_omgeving()


# ------------------------------------------------------------------------------------------
# percentages
# ------------------------------------------------------------------------------------------


def test_percentage():
    assert s.percentage(5, 19) is None
    assert s.percentage(5, 0) is None
    assert s.percentage(None, 40) is None
    assert s.percentage(5, 20) == 25.0
    assert s.formatteer_percentage(12.5) == "12,5%"


def test_aandelen_niet_voor_verborgen_cellen_of_kleine_noemer():
    rijen = [[3, 10, 12], [2, 4, 6]]
    uit = s.onderdruk(lang_uit(rijen))
    met = s.aandelen(uit, totalen_uit(rijen))
    rij0 = met[met["periode"] == periode(0)]
    assert rij0["aandeel"].isna().tolist() == [True, True, False]
    assert rij0["aandeel_weergave"].tolist() == ["", "", "48,0%"]
    assert met[met["periode"] == periode(1)]["aandeel"].isna().all()  # total 12 < 20


# ------------------------------------------------------------------------------------------
# flows: no monthly breakdowns, so no month-to-month differencing
# ------------------------------------------------------------------------------------------


def _stroom(maanden: list[str], rijen: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(m, f"c{j}", v) for m, r in zip(maanden, rijen, strict=True) for j, v in enumerate(r)],
        columns=["periode", "categorie", "aantal"],
    )


def test_kwartalen_alleen_volledig():
    maanden = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    uit = s.aggregeer_stromen(_stroom(maanden, [[1, 2], [0, 1], [3, 0], [4, 4], [1, 1]]))
    assert uit.to_dict("records") == [
        {"periode": "2024-K1", "categorie": "c0", "aantal": 4},
        {"periode": "2024-K1", "categorie": "c1", "aantal": 3},
    ]
    tot = s.aggregeer_reeks(pd.Series({m: 1 for m in maanden}))
    assert tot.to_dict() == {"2024-K1": 3}


def test_twaalf_maanden():
    maanden = [periode(i) for i in range(14)]
    uit = s.aggregeer_stromen(_stroom(maanden, [[i, 1] for i in range(14)]), "12m")
    assert sorted(set(uit["periode"])) == [periode(11), periode(12), periode(13)]
    assert uit[(uit.periode == periode(13)) & (uit.categorie == "c0")]["aantal"].item() == sum(
        range(2, 14)
    )
    with pytest.raises(ValueError, match="wijze"):
        s.aggregeer_stromen(_stroom(maanden, [[1, 1]] * 14), "maand")


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 6), min_size=3, max_size=3), min_size=12, max_size=12),
    st.randoms(use_true_random=False),
)
def test_maanden_binnen_kwartaal_niet_te_onderscheiden(maandwaarden, rnd):
    """Any reshuffle of monthly flows within a quarter gives the same published table: the
    monthly values cannot be recovered by subtraction."""
    maanden = [f"2024-{m:02d}" for m in range(1, 13)]
    geschud = []
    for q in range(4):
        blok = maandwaarden[3 * q : 3 * q + 3]
        rnd.shuffle(blok)
        geschud.extend(blok)
    for mw in (maandwaarden, geschud):
        tot = pd.Series({m: sum(r) for m, r in zip(maanden, mw, strict=True)})
        uit = s.beschermde_uitsplitsing(
            _stroom(maanden, mw), indicator="instroom", totalen=tot, drempel=5, kolomtotalen=True
        )
        if mw is maandwaarden:
            eerste = uit
    pd.testing.assert_frame_equal(eerste, uit)
    assert set(uit["periode"]) == {"2024-K1", "2024-K2", "2024-K3", "2024-K4", "totaal"}


def test_kolomtotalen_alleen_over_een_kalenderjaar():
    maanden = [f"2024-{m:02d}" for m in range(1, 12)]  # 11 months: a growing sum
    lang = _stroom(maanden, [[6, 7]] * 11)
    with pytest.raises(ValueError, match="kalenderjaar"):
        s.beschermde_uitsplitsing(
            lang, indicator="leefloongerechtigden", drempel=5, kolomtotalen=True
        )
    uit = s.beschermde_uitsplitsing(lang, indicator="leefloongerechtigden", drempel=5)
    assert set(uit["periode"]) == set(maanden)
    jaar = _stroom([f"2024-{m:02d}" for m in range(1, 13)], [[6, 7]] * 12)
    with pytest.raises(ValueError, match="12-maanden"):
        s.beschermde_uitsplitsing(
            jaar, indicator="instroom", drempel=5, wijze_stromen="12m", kolomtotalen=True
        )
    uit = s.beschermde_uitsplitsing(
        jaar, indicator="leefloongerechtigden", drempel=5, kolomtotalen=True
    )
    assert "totaal" in set(uit["periode"])


def test_stroom_wordt_nooit_per_maand_getoond():
    maanden = [f"2024-{m:02d}" for m in range(1, 7)]
    uit = s.beschermde_uitsplitsing(
        _stroom(maanden, [[1, 2]] * 6), indicator="uitstroom", drempel=5
    )
    assert set(uit["periode"]) == {"2024-K1", "2024-K2"}
    assert np.all(uit["weergave"] != "1")
