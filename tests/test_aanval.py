"""The attacker audit (docs/privacy.md, "Alles samen"): everything the product releases about a
municipality, taken from the functions that feed the screens, the exports and the CLI, is
handed to an outside attacker (`aanvaller.py`: an integer program over the exact monthly
cells). No hidden cell may be pinned, no "<5" narrowed below 1..4, on the demo data of Essen,
Lier and Mechelen (SQLite and PostgreSQL), and on random cubes of the property-test generator
of `test_suppression.py`.

What is collected, per municipality:
* the CLI's `stats` (monthly totals) and `stats --by bestemming` (the protected table: what the
  Doelgroepen page, the deck and the exports show, all through `queries.uitsplitsing`);
* the Overzicht card "Activeringen naar werk in JJJJ" for every month of the data;
* for every target and every month the as-of slider offers: the progress table behind the
  pact chart, the table "Hoe de kans veranderde", the pace table and the CLI's `forecast`;
* the track record tables (1 and 2 quarters ahead);
* the "Wat als?" capacity defaults (checked to be derived from the protected table of starts).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from aanvaller import Aanval, maanden_tussen, maanden_van_venster, telling
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_suppression import kubussen

from charts import formaat, schermen
from cli.main import main as cli_main
from data_access import queries, suppression, vrijgave
from data_access.suppression import STANDAARD_DREMPEL
from diensten import pact as ps
from diensten import prognose as gemeente
from domein import DIMENSIE_NAMEN, INDELINGEN, INDICATOREN, WERK_BESTEMMINGEN
from domein.maanden import plus_maanden

GEMEENTEN = {"11016": "Essen", "12021": "Lier", "12025": "Mechelen"}
WERK = list(WERK_BESTEMMINGEN)
BASIS = STANDAARD_DREMPEL
MAAND_NR = {formaat.maand_lang(f"2020-{m:02d}").split()[0]: m for m in range(1, 13)}


@pytest.fixture(scope="module")
def model(demo_engine):
    return gemeente.bouw_model(demo_engine)


@pytest.fixture
def stats(demo_engine, monkeypatch):
    """The CLI's `stats` in this process, on the demo database: the parsed JSON."""
    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_engine.url.render_as_string(hide_password=False))

    def draai(*argv: str) -> dict:
        uit = io.StringIO()
        with contextlib.redirect_stdout(uit):
            assert cli_main(["stats", *argv, "--json"]) == 0
        return json.loads(uit.getvalue())

    return draai


def _tabel(
    stats, nis: str, indicator: str, dimensie: str, engine=None
) -> tuple[pd.Series, pd.DataFrame]:
    """(published totals, the table as `stats --by` gives it); `tabel.attrs["groepen"]`: the
    merged codes of its level, as published in domein.INDELINGEN (empty at the finest).

    A table of own-count cells (status voorlopig: a breakdown the official source lacks, read
    per cell, queries.zichtbaar) adds up to the own total of its month, not to the official
    total the series shows; Trends releases that own total beside the official one
    (`queries.eigen_en_officieel`), so with `engine` the attacker uses it for those months."""
    reeks = stats("--nis", nis, "--indicator", indicator)["series"]
    totalen = pd.Series({r["period"]: r["value"] for r in reeks})
    officieel = {r["period"] for r in reeks if r["status"] == "definitief"}
    uit = stats("--nis", nis, "--indicator", indicator, "--by", dimensie)
    reeks = uit["series"]
    if engine is not None and officieel:
        eigen = queries.eigen_en_officieel(engine, nis, indicator).set_index("periode")["eigen"]
        for r in reeks:
            if r["status"] == "voorlopig":
                for m in maanden_van_venster(r["period"]):
                    if m in officieel and m in eigen.index:
                        totalen[m] = int(eigen[m])
    indeling = uit["level"].split("/")[0]
    groepen = {
        g: list(leden)
        for i in INDELINGEN.get(dimensie, ())
        if i.code == indeling
        for g, leden in i.groepen
    }
    tabel = pd.DataFrame(
        {
            "venster": [r["period"] for r in reeks],
            "categorie": [r["category"] for r in reeks],
            "weergave": [str(r["value"]) for r in reeks],
        }
    )
    tabel.attrs["groepen"] = groepen
    return totalen, tabel


def _maand(tekst: str) -> str:
    naam, jaar = tekst.split()
    return f"{jaar}-{MAAND_NR[naam]:02d}"


class Verzamelaar:
    """Cumulative work counts as the screens show them, turned into what they tell an attacker:
    each step between two shown cumulative counts is one released rounded sum; a count on the
    target's side says whether the target was reached."""

    def __init__(self, aanval: Aanval, werk=WERK, basis: int = BASIS):
        self.a = aanval
        self.werk = list(werk)
        self.basis = basis
        self.gezien: dict[tuple[str, str], int] = {}

    def stap(self, van: str, tot: str, waarde: int, bron: str) -> None:
        sleutel = (van, tot)
        if sleutel in self.gezien:  # the same figure everywhere it is shown
            assert self.gezien[sleutel] == waarde, (sleutel, bron)
            return
        self.gezien[sleutel] = waarde
        self.a.afgerond(maanden_tussen(van, tot), self.werk, waarde, self.basis, bron=bron)

    def cumulatief(self, doel: dict, punten: list[tuple[str, int]], bron: str) -> None:
        """A shown count is the sum of the rounded tiles that cover the window up to its month
        (the tiling is public: docs/privacy.md). A step between two counts is one released
        rounded sum only where the later tiles extend the earlier ones: where a target block
        replaces a quarter, the difference of two roundings is wider than one rounding."""
        van, tot, doelwaarde = str(doel["van"]), str(doel["tot"]), int(doel["doelwaarde"])
        vorige_tegels, vorige = [], 0
        for maand, waarde in sorted(punten):
            if maand < van:
                assert waarde == 0
                continue
            ms = maanden_tussen(van, maand)
            if waarde >= doelwaarde:  # reached: the count is kept at or above the target
                self.a.som(ms, self.werk, doelwaarde, math.inf, f"{bron} gehaald")
            else:
                self.a.som(ms, self.werk, 0, doelwaarde - 1, f"{bron} niet gehaald")
            tegels = vrijgave._tegels(van, tot, maand)
            ruis = {doelwaarde, doelwaarde - 1}  # a count kept at the target may be moved
            if waarde not in ruis:
                self.a.afgerond(ms, self.werk, waarde, self.basis, len(tegels), f"{bron} som")
                nieuw = tegels[len(vorige_tegels) :]
                if vorige not in ruis and tegels[: len(vorige_tegels)] == vorige_tegels and nieuw:
                    if len(nieuw) == 1:
                        self.stap(nieuw[0][0], nieuw[0][1], waarde - vorige, bron)
                    else:
                        stap = maanden_tussen(nieuw[0][0], nieuw[-1][1])
                        self.a.afgerond(stap, self.werk, waarde - vorige, self.basis, len(nieuw))
            vorige_tegels, vorige = tegels, waarde


def verzamel(engine, stats, model, nis: str) -> Aanval:
    """Everything released about activations to work of `nis`, as the attacker sees it."""
    totalen, tabel = _tabel(stats, nis, "activeringen", "bestemming")
    aanval = Aanval(totalen, tabel, drempel=STANDAARD_DREMPEL, groepen=tabel.attrs["groepen"])
    v = Verzamelaar(aanval)
    naam = GEMEENTEN[nis]

    # Overzicht: the card for every month of the data (what `app.py` passes it)
    werk = queries.werk_per_kwartaal(engine, nis)
    leefloon = queries.per_1000(
        queries.reeksen(engine, [nis], "leefloongerechtigden"), queries.bevolking(engine, [nis])
    )
    kaarten: dict[str, dict[str, int]] = {}
    for tot in sorted(totalen.index):
        kaart = schermen.kpis(leefloon, werk, naam=naam, van=tot, tot=tot, afronding=BASIS)[-1]
        treffer = re.search(r"Van (\w+ \d{4}) tot en met (\w+ \d{4})", kaart.zin or "")
        if treffer:
            eerste, laatste = _maand(treffer[1]), _maand(treffer[2])
            kaarten.setdefault(eerste, {})[laatste] = int(kaart.waarde.replace(".", ""))
    for eerste, per_einde in kaarten.items():  # a year's card grows by whole quarters
        vorige, begin = 0, eerste
        for einde in sorted(per_einde):
            v.stap(begin, einde, per_einde[einde] - vorige, "kaart")
            vorige, begin = per_einde[einde], plus_maanden(einde, 1)

    # Pact & prognose and the CLI's forecast, for every target and as-of month
    laatste = queries.laatste_periode(engine, nis)
    for doel in queries.doelen(engine, nis).to_dict("records"):
        verloop = ps.kansverloop_scherm(
            gemeente.kansverloop(engine, model, doel["doel_id"]), naam=naam, bron="b"
        )
        punten = list(zip(verloop.tabel["maand"], verloop.tabel["gerealiseerd"], strict=True))
        for as_of in gemeente.as_of_maanden(doel, laatste):
            d = gemeente.doelprognose(engine, model, doel["doel_id"], as_of)
            tabel_ = ps.voortgang_tabel(d).dropna(subset=["gerealiseerd"])
            punten += list(zip(tabel_["maand"], tabel_["gerealiseerd"].astype(int), strict=True))
            j = gemeente.forecast_json(engine, doel["doel_id"], as_of, nis=nis, model=model)
            punten.append((j["as_of"], j["achieved"]))
            tempo = ps.tempo_scherm(d, naam=naam, bron="b").tabel.iloc[1, 1]
            if d.maanden_resterend and not np.isnan(tempo):  # 2 quarters: 6 x the pace
                einde = vrijgave.laatste_kwartaaleinde(d.as_of)
                begin = plus_maanden(einde, -5)
                aanval.afgerond(maanden_tussen(begin, einde), WERK, round(6 * tempo), BASIS, 2)
        v.cumulatief(doel, sorted(set(punten)), f"doel {doel['doel_id']}")

    # the track record, 1 quarter ahead and the next 2 quarters together
    frame = gemeente.trackrecord(engine, model, nis)
    for horizon in (1, 2):
        tabel_ = ps.trackrecord_scherm(frame, naam=naam, bron="b", horizon=horizon).tabel
        for label, waarde in zip(tabel_["kwartaal"], tabel_["werkelijk (afgerond)"], strict=True):
            vensters = [w.strip() for w in str(label).split("t/m")]
            ms = maanden_van_venster(vensters[0])[:1] + maanden_van_venster(vensters[-1])[-1:]
            if horizon == 1:
                v.stap(ms[0], ms[-1], int(waarde), "trackrecord")
            else:
                aanval.afgerond(maanden_tussen(*ms), WERK, int(waarde), BASIS, 2, "trackrecord")
    return aanval


@pytest.mark.parametrize("nis", list(GEMEENTEN))
def test_niets_wat_samen_vrijkomt_pint_een_verborgen_cel(demo_engine, stats, model, nis):
    aanval = verzamel(demo_engine, stats, model, nis)
    assert len(aanval.relaties) > 40  # the cards, the pact and the track record were read
    verborgen = aanval.tabel[aanval.tabel["soort"] != ""]
    assert (verborgen["soort"] == "klein").any() or nis == "11016"
    bevindingen = aanval.bevindingen()
    assert bevindingen == [], (telling(bevindingen), bevindingen[:5])


def test_de_aanvaller_vindt_wat_vroeger_vrijkwam(demo_engine, stats):
    """The attacker has teeth: given what the old code released (work activations per month,
    exact), it pins cells of today's table of Lier and Mechelen."""
    gevonden = {}
    for nis in ("12021", "12025"):
        totalen, tabel = _tabel(stats, nis, "activeringen", "bestemming")
        aanval = Aanval(totalen, tabel)
        exact = queries._werk_exact(demo_engine, nis)
        for maand, waarde in exact.items():
            aanval.exact([maand], WERK, int(waarde), "per maand")
        gevonden[nis] = telling(aanval.bevindingen())
    assert gevonden["12021"].get("<5 vastgepind", 0) > 0, gevonden
    assert sum(gevonden["12025"].values()) > 0, gevonden


def _schatting_zelf(rij: pd.DataFrame, totaal: int, drempel: int) -> dict[str, float]:
    """The documented estimate (docs/privacy.md), written out again: a "<d" is d/2 (at most an
    equal share), the other hidden cells share what is left of the published row total."""
    getoond = {}
    for r in rij.itertuples(index=False):
        if r.soort == "":
            getoond[r.categorie] = float(str(r.weergave).replace(".", ""))
    klein = list(rij.loc[rij["soort"] == "klein", "categorie"])
    x = list(rij.loc[rij["soort"].isin(["complementair", "volledig"]), "categorie"])
    rest = totaal - sum(getoond.values())
    uit = dict(getoond)
    if not x:
        uit.update({k: rest / len(klein) for k in klein})
        return uit
    uit.update({k: min(drempel / 2, rest / (len(klein) + len(x))) for k in klein})
    over = max(rest - sum(uit[k] for k in klein), 0.0)
    uit.update({k: over / len(x) for k in x})
    return uit


@pytest.mark.parametrize("nis", list(GEMEENTEN))
def test_wat_als_capaciteit_komt_uit_de_beschermde_tabel(demo_engine, stats, model, nis):
    """The capacity defaults add nothing: they follow from the released table of trajectory
    starts by pillar and its published totals; and that table alone pins nothing."""
    totalen, tabel = _tabel(stats, nis, "trajectstarts", "pijler")
    aanval = Aanval(totalen, tabel)
    assert aanval.bevindingen() == []
    basis = gemeente.basis_invoer(demo_engine, model, nis)
    laatste = plus_maanden(basis.periodes[0], -1)
    vensters = sorted({w for w in aanval.tabel["venster"] if maanden_van_venster(w)[-1] <= laatste})
    som: dict[str, float] = {}
    for w in vensters[-2:]:
        rij = aanval.tabel[aanval.tabel["venster"] == w]
        totaal = int(sum(totalen[m] for m in maanden_van_venster(w)))
        for k, waarde in _schatting_zelf(rij, totaal, STANDAARD_DREMPEL).items():
            som[k] = som.get(k, 0.0) + waarde
    verwacht = {k: w / 6 for k, w in som.items() if w > 0}
    assert basis.capaciteit == pytest.approx(verwacht)


@pytest.mark.parametrize("nis", list(GEMEENTEN))
def test_elke_tabel_alleen_pint_niets(demo_engine, stats, nis):
    """Every breakdown the CLI gives keeps every "<5" at 1..4 and pins no "x" (the full margin
    of `vrijgave.beschermde_tabel`), flows per quarter and stocks per month."""
    for indicator in INDICATOREN:
        for dimensie in DIMENSIE_NAMEN:
            if indicator == "activeringen" and dimensie == "bestemming":
                continue  # linked to the work figures: see the test above
            try:
                totalen, tabel = _tabel(stats, nis, indicator, dimensie, demo_engine)
            except (AssertionError, SystemExit):
                continue  # no such breakdown in the data
            bevindingen = Aanval(totalen, tabel).bevindingen()
            assert bevindingen == [], (indicator, dimensie, telling(bevindingen))


# ------------------------------------------------------------------------------------------
# the property-test generator: random cubes, work categories and targets


def _maanden(n: int) -> list[str]:
    return [f"{2020 + k // 12}-{k % 12 + 1:02d}" for k in range(n)]


@st.composite
def gevallen(draw):
    """A cube of `test_suppression.kubussen` read as quarters x categories, each quarter spread
    over its three months; some categories count as work (mostly at least two of each kind, so
    that work figures are released); zero to two targets."""
    drempel, rijen = draw(kubussen(max_rijen=6, max_kol=6))
    n_kol = len(rijen[0])
    maanden = _maanden(3 * len(rijen))
    cellen = []
    for i, rij in enumerate(rijen):
        for j, waarde in enumerate(rij):
            a = draw(st.integers(0, waarde))
            b = draw(st.integers(0, waarde - a))
            for k, deel in enumerate((a, b, waarde - a - b)):
                cellen.append((maanden[3 * i + k], f"c{j}", deel))
    volgorde = draw(st.permutations([f"c{j}" for j in range(n_kol)]))
    if n_kol >= 4 and draw(st.integers(0, 3)) > 0:
        werk = volgorde[: draw(st.integers(2, n_kol - 2))]
    else:
        werk = volgorde[: draw(st.integers(1, n_kol))]
    doelen = []
    for k in range(draw(st.integers(0, 2))):
        van = draw(st.integers(0, len(maanden) - 1))
        tot = draw(st.integers(van, len(maanden) + 3))
        doelen.append(
            {
                "doel_id": f"d{k}",
                "indicator": "activeringen",
                "van": _maanden(van + 1)[-1],
                "tot": _maanden(tot + 1)[-1],
                "doelwaarde": draw(st.integers(1, 60)),
            }
        )
    return drempel, pd.DataFrame(cellen, columns=["periode", "categorie", "aantal"]), werk, doelen


@given(gevallen())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_willekeurige_kubussen_samen_met_werk_en_doelen(geval):
    drempel, delen, werk, doelen = geval
    totalen = delen.groupby("periode")["aantal"].sum()
    reeks = delen[delen["categorie"].isin(werk)].groupby("periode")["aantal"].sum()
    categorieen = list(pd.unique(delen["categorie"]))
    vrij = vrijgave.vrijgeefbaar(categorieen, werk)
    relaties = vrijgave.relaties_uit(reeks, doelen, drempel, werk, categorieen=categorieen)
    assert vrij or relaties == []
    tabel = suppression.beschermde_tabel(
        delen, totalen, indicator="activeringen", relaties=relaties, drempel=drempel
    )
    aanval = Aanval(
        totalen,
        tabel.rename(columns={"periode": "venster"})[["venster", "categorie", "weergave"]],
        drempel=drempel,
    )
    # what the screens show: the quarters, and each target's progress at its release points
    v = Verzamelaar(aanval, werk, drempel)
    for r in vrijgave.kwartalen_uit(reeks if vrij else reeks.iloc[:0], drempel).itertuples(
        index=False
    ):
        v.stap(r.van, r.periode, r.waarde, "kwartaal")
    for doel in doelen if vrij else []:
        stand = vrijgave.stand_uit(reeks, doel, drempel)
        punten = list(zip(stand["periode"], stand["cumulatief"], strict=True))
        v.cumulatief(doel, punten, doel["doel_id"])
    bevindingen = aanval.bevindingen()
    assert bevindingen == [], (telling(bevindingen), bevindingen[:3])
