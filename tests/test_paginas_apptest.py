"""AppTest of the real pages on the demo database: every page for every role, real content.

The data layer is the real one on a temporary SQLite demo database (the boundary is the
LEEFLOONMONITOR_DB setting); only the browser is missing.
"""

import json
import re

import pytest
from apptest_hulp import aangemeld, grafieken
from streamlit.testing.v1 import AppTest

import domein
from domein import INDICATOREN
from ui.navigatie import PAGINAS

ROLLEN = {"raad": "viewer", "analist": "analyst", "beheer": "editor"}
UITLEG = "pages/9_Uitleg_en_begrippen.py"
GEWONE_PAGINAS = [p.pad for p in PAGINAS if p.pad != "pages/7_Beheer.py" and p.pad != "app.py"]


def teksten(at: AppTest) -> str:
    delen = []
    for soort in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "success",
        "error",
    ):
        delen += [str(e.value) for e in at.get(soort)]
    delen += [f"{m.label} {m.value}" for m in at.metric]
    # as read: sentences from data are escaped Markdown (ui.weergave.letterlijk)
    return re.sub(r"\\(.)", r"\1", "\n".join(delen))


def bezoek(at: AppTest, pagina: str) -> AppTest:
    at.switch_page(pagina)
    return at.run()


@pytest.mark.parametrize("naam", list(ROLLEN))
def test_elke_pagina_rendert_voor_elke_rol(omgeving, naam):
    at = aangemeld(naam)
    assert not at.exception, at.exception
    for pagina in GEWONE_PAGINAS:
        bezoek(at, pagina)
        assert not at.exception, (pagina, at.exception)
        tekst = teksten(at)
        assert "Demodata" in tekst, pagina
        if pagina not in ("pages/6_Data_en_methode.py", UITLEG):
            assert grafieken(at), f"geen grafiek op {pagina}"


def test_overzicht_essen_zin_uit_de_data(omgeving):
    at = aangemeld("raad", {"gemeente": "11016", "periode": ["2021-04", "2023-10"]})
    assert not at.exception
    tekst = teksten(at)
    assert (
        "In Essen daalde het aantal leefloongerechtigden van 83 (april 2021) naar 33 "
        "(oktober 2023), −60%." in tekst
    )


def test_overzicht_mechelen_kpi(omgeving):
    at = aangemeld("raad", {"gemeente": "12025", "periode": ["2021-06", "2023-06"]})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Leefloongerechtigden (jun 2023)"] == "1.271"
    assert metrics["Verandering t.o.v. 24 maanden eerder"] == "−11%"


def test_trends_index_start_op_100(omgeving):
    query = {"gemeente": "12025", "periode": ["2021-01", "2023-12"], "modus": "index"}
    at = aangemeld("raad", query)
    bezoek(at, "pages/1_Trends.py")
    assert not at.exception
    [index, *_] = grafieken(at)
    lijnen = {
        t["name"]: t["y"] for t in index["data"] if t.get("name") in ("Mechelen", "Essen", "Lier")
    }
    assert set(lijnen) == {"Mechelen", "Essen", "Lier"}
    for y in lijnen.values():
        assert abs(y[0] - 100) < 1e-9


def test_raad_ziet_geen_beheer(omgeving):
    at = aangemeld("raad")
    labels = [e.proto.label for e in at.get("page_link")]
    assert "Beheer" not in labels and "Trends" in labels
    bezoek(at, "pages/7_Beheer.py")
    assert not at.exception
    assert "geen toegang" in teksten(at)
    assert not at.get("file_uploader")


def test_doelgroepen_raad_ziet_onderdrukking_analist_exact(omgeving):
    query = {"gemeente": "11016", "periode": ["2023-10", "2023-10"]}
    raad = aangemeld("raad", query)
    bezoek(raad, "pages/2_Doelgroepen.py")
    assert "<5" in json.dumps(grafieken(raad)) or "<5" in teksten(raad)
    analist = aangemeld("analist", query)
    bezoek(analist, "pages/2_Doelgroepen.py")
    assert "exacte cijfers" in teksten(analist)


def _csv_knoppen(at: AppTest) -> list:
    return [k for k in at.get("download_button") if k.proto.label.startswith("⬇ CSV")]


def test_tabel_onder_grafiek_pas_verstuurd_als_hij_open_gaat(omgeving):
    """The table under a chart is a lazy expander: nothing is sent while it is closed; opened,
    it shows the chart's cells (suppressed ones as '<5'/'x') with their CSV."""
    raad = aangemeld("raad")
    bezoek(raad, "pages/2_Doelgroepen.py")
    raad.selectbox(key="gemeente").set_value("11016").run()
    assert "Essen" in teksten(raad)
    assert len(grafieken(raad)) == 4
    assert not raad.dataframe and not _csv_knoppen(raad)
    assert any(e.label.startswith("Tabel bij:") for e in raad.expander)
    raad.session_state["tabel-uitsplitsing-activeringen-pijler"] = True
    raad.run()
    assert not raad.exception, raad.exception
    [tabel] = [d.value for d in raad.dataframe]
    [knop] = _csv_knoppen(raad)
    cellen = tabel.astype(str).to_numpy().ravel().tolist()
    assert "<5" in cellen  # Essen's pillars have small cells, shown as '<5' and never exact
    assert not [c for c in cellen if c in {"1", "2", "3", "4"}]
    assert len(tabel) >= 2 and knop.proto.label == "⬇ CSV van deze tabel"


def test_gedeelde_schermcache_lekt_geen_exacte_cijfers(omgeving):
    """Chart screens are built once per server and shared; an analyst's exact view must never
    come back for the council: the cache key holds the cells themselves."""
    query = {"gemeente": "11016", "periode": ["2023-10", "2023-10"]}
    analist = aangemeld("analist", query)
    bezoek(analist, "pages/2_Doelgroepen.py")
    assert "exacte cijfers" in teksten(analist)
    exact = json.dumps(grafieken(analist))
    raad = aangemeld("raad", query)
    bezoek(raad, "pages/2_Doelgroepen.py")
    beschermd = json.dumps(grafieken(raad))
    assert beschermd != exact
    assert "<5" in beschermd


ACTIVERINGEN_INDEX = {
    "pages/1_Trends.py": {"gemeente": "12025", "indicator": "activeringen", "modus": "index"},
    "pages/5_Vergelijking.py": {
        "gemeente": "12025",
        "indicator": "activeringen",
        "maatstaf": "index",
    },
}


@pytest.mark.parametrize("pagina", list(ACTIVERINGEN_INDEX))
def test_index_op_nul_geeft_nederlandse_noot_geen_foutvak(omgeving, pagina):
    """Essen had no activations in the base month (okt 2021): its index line is left out and the
    chart says why, in Dutch; no exception box, no apology."""
    at = bezoek(aangemeld("raad", ACTIVERINGEN_INDEX[pagina]), pagina)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    [index, *_] = grafieken(at)
    noot = json.dumps(index, ensure_ascii=False)
    assert "Geen index voor Essen: 0 (of geen cijfer) in de basismaand okt 2021" in noot
    assert {t.get("name") for t in index["data"]} >= {"Mechelen", "Lier"}
    assert "Essen" not in {t.get("name") for t in index["data"]}


def getal_uit(tekst: str) -> float:
    """A table cell as shown (Dutch text: "1.234,5", "−3") back to a number."""
    return float(tekst.replace(".", "").replace(",", ".").replace("\u2212", "-"))


TABELLEN = [
    ("pages/5_Vergelijking.py", "maatstaf", "per1000", "tabel-vergelijking"),
    ("pages/5_Vergelijking.py", "maatstaf", "index", "tabel-vergelijking"),
    ("pages/1_Trends.py", "modus", "per1000", "tabel-trend-leefloongerechtigden-per1000"),
    ("pages/1_Trends.py", "modus", "index", "tabel-trend-leefloongerechtigden-index"),
]


@pytest.mark.parametrize(("pagina", "param", "maatstaf", "uitklap"), TABELLEN)
def test_tabel_is_wat_de_grafiek_toont(omgeving, pagina, param, maatstaf, uitklap):
    """The table (and its CSV) under Vergelijking's small multiples held the counts (80; 440;
    1411) while the chart showed 2,0 / 11,5 / 14,2 per 1.000: now each column is its line."""
    query = {"gemeente": "12025", "indicator": "leefloongerechtigden", param: maatstaf}
    at = bezoek(aangemeld("raad", query), pagina)
    at.session_state[uitklap] = True
    at.run()
    assert not at.exception, at.exception
    [grafiek, *_] = grafieken(at)
    lijnen = {t["name"]: t["y"] for t in grafiek["data"] if t.get("meta") != "context"}
    [tabel, *_] = [d.value for d in at.dataframe]
    assert set(lijnen) == {"Mechelen", "Essen", "Lier"} == set(tabel.columns) - {"periode"}
    decimalen = 2 if maatstaf == "per1000" else 1
    for naam, ys in lijnen.items():
        assert [getal_uit(v) for v in tabel[naam]] == pytest.approx(
            [round(y, decimalen) for y in ys]
        ), naam
    if maatstaf == "per1000":
        # a rate per 1.000, not a count of 1.271
        assert max(getal_uit(v) for v in tabel["Mechelen"]) < 30


MECHELEN_KOP = (
    "In Mechelen daalde het aantal leefloongerechtigden van 1.411 (oktober 2021) naar 1.279 "
    "(september 2026): −9% sinds oktober 2021, maar +10% in het laatste jaar."
)


def test_trends_kop_over_de_gekozen_gemeente_met_kentering(omgeving):
    """Trends for Mechelen (compared with Essen and Lier) leads with Mechelen, not with the
    first compared series, and names the rise of the last year; Overzicht's card says the same
    (issue 16, item 8)."""
    at = aangemeld("raad", {"gemeente": "12025"})
    assert not at.exception, at.exception
    assert MECHELEN_KOP in teksten(at)  # the Overzicht card
    bezoek(at, "pages/1_Trends.py")
    assert not at.exception, at.exception
    koppen = [str(m.value) for m in at.markdown if str(m.value).startswith("#### ")]
    koppen = [re.sub(r"\\(.)", r"\1", k.removeprefix("#### ")) for k in koppen]
    assert koppen[0] == MECHELEN_KOP, koppen
    assert not any("Essen" in k for k in koppen), koppen


def test_doelgroepen_essen_samengevoegd_mechelen_fijn(omgeving):
    """Issue 16 item 10: Essen's destinations are no longer empty hatched boxes: merged to
    "naar werk / niet naar werk" per year, with the sentence; Mechelen keeps the finest level."""
    raad = aangemeld("raad", {"gemeente": "11016", "periode": ["2022-01", "2026-09"]})
    bezoek(raad, "pages/2_Doelgroepen.py")
    assert not raad.exception, raad.exception
    tekst = teksten(raad)
    zin = (
        "Samengevoegd tot naar werk / niet naar werk, per jaar, omdat de fijnere indeling "
        "kleine aantallen zou tonen."
    )
    assert zin in tekst
    [bestemming] = [
        g for g in grafieken(raad) if "naar bestemming" in json.dumps(g, ensure_ascii=False)
    ]
    assert {"Naar werk", "Niet naar werk"} <= {tr.get("name") for tr in bestemming["data"]}
    getallen = [y for tr in bestemming["data"] for y in (tr.get("y") or []) if y is not None]
    assert len(getallen) >= 4  # numbers drawn, not only hatched boxes
    raad.selectbox(key="gemeente").set_value("12025").run()
    assert not raad.exception
    assert "Samengevoegd tot" not in teksten(raad)


def test_uitleg_en_begrippen_legt_elk_begrip_uit(omgeving):
    at = bezoek(aangemeld("raad"), UITLEG)
    assert not at.exception
    assert at.title[0].value == "Uitleg & begrippen"
    koppen = [s.value for s in at.subheader]
    for begrip in (
        "Leefloon",
        "Equivalent leefloon",
        "Activering",
        "Maandstand en stroom",
        "Per 1.000 inwoners",
        "Kleine aantallen",
        "Illustratief of gepubliceerd doel",
        "Prognoseband",
    ):
        assert begrip in koppen
    tekst = teksten(at)
    assert "Maandstand: personen met (equivalent) leefloon in de maand" in tekst  # domein
    assert "**<5**" in tekst and "1 tot 4" in tekst  # the rule with its threshold filled in
    assert "in 9 op de 10 binnen de hele waaier" in tekst
    [definities] = [d.value for d in at.dataframe if "Telling" in d.value.columns]
    # one row per declared indicator (domein/kubus.yaml), each with its own count definition
    assert list(definities["Indicator"]) == [domein.LABELS["indicator"][i] for i in INDICATOREN]
    # in the menu for every role, after Data & methode
    links = [e.proto.label for e in at.sidebar.get("page_link")]
    assert links[-1] == "Uitleg & begrippen"
