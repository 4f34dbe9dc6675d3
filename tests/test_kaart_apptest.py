"""Flanders at a glance on the real pages (AppTest, demo database): the map of all 285
municipalities with the population's source, and the activation rate on Vergelijking."""

import pytest
from apptest_hulp import aangemeld, grafieken

KAART = "pages/8_Kaart.py"


def _teksten(at) -> str:
    delen = [str(e.value) for soort in ("title", "markdown", "caption") for e in at.get(soort)]
    return "\n".join(delen).replace("\\", "")


@pytest.mark.parametrize("naam", ["raad", "analist", "beheer"])
def test_kaart_voor_elke_rol(omgeving, naam):
    at = aangemeld(naam, {"gemeente": "12025", "periode": ["2024-10", "2026-09"]})
    at.switch_page(KAART).run()
    assert not at.exception, at.exception
    figuren = grafieken(at)
    assert len(figuren) == 1
    tekst = _teksten(at)
    assert "Mechelen:" in tekst and "in het Vlaams Gewest" in tekst and "sep 2026" in tekst
    # population: official 2020 for the municipalities without a newer file, said so
    assert "2020 (laatst bekende jaar)" in tekst
    # the own municipality is outlined, every municipality has a shape
    namen = [t.get("name", "") for t in figuren[0]["data"]]
    assert "Mechelen (eigen gemeente)" in namen
    at.session_state["tabel-kaart-leefloongerechtigden"] = True  # open the table
    at.run()
    tabel = at.dataframe[0].value
    assert len(tabel) == 285  # every Flemish municipality, the map's numbers beside it
    mechelen = tabel[tabel["gemeente"] == "Mechelen"].iloc[0]
    assert mechelen["nis"] == "12025" and mechelen["status"] == "getoond"


def test_kaart_indicator_in_de_link(omgeving):
    at = aangemeld("raad", {"gemeente": "11016", "kaartindicator": "activeringen"})
    at.switch_page(KAART).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="kaartindicator").value == "activeringen"
    assert at.query_params["kaartindicator"] in ("activeringen", ["activeringen"])
    assert "Essen:" in _teksten(at)


def test_activeringsgraad_op_vergelijking(omgeving):
    at = aangemeld(
        "raad",
        {"gemeente": "11016", "periode": ["2022-01", "2023-12"], "vergelijk": ["12025", "11001"]},
    )
    at.switch_page("pages/5_Vergelijking.py").run()
    at.session_state["tabel-activeringsgraad"] = True
    at.run()
    assert not at.exception, at.exception
    tekst = _teksten(at)
    # Essen's story: more than half activated in 2023, most of them into work
    assert "Essen activeerde in 2023 65%" in tekst
    assert "Geactiveerd: activeringen in het kalenderjaar" in tekst
    tabellen = [d.value for d in at.dataframe]
    graad = next(t for t in tabellen if "geactiveerd (%)" in t.columns)
    aartselaar = graad[graad["gemeente"] == "Aartselaar"].iloc[0]
    assert aartselaar["naar werk (afgerond per kwartaal)"] == "geen gegevens"


def test_niveaus_op_trends_en_vergelijking_in_de_link(omgeving):
    at = aangemeld(
        "raad",
        {
            "gemeente": "12025",
            "modus": "per1000",
            "niveaus": ["vlaanderen", "provincie"],
            "periode": ["2024-10", "2026-09"],
        },
    )
    at.switch_page("pages/1_Trends.py").run()
    assert not at.exception, at.exception
    namen = [t.get("name") for t in grafieken(at)[0]["data"]]
    assert "Vlaams Gewest" in namen and "Provincie Antwerpen" in namen and "Mechelen" in namen
    assert at.multiselect(key="niveaus").value == ["vlaanderen", "provincie"]
    # the Flemish level = Σ recipients / Σ inhabitants of all 285, per 1,000
    at.session_state["tabel-trend-leefloongerechtigden-per1000"] = True
    at.run()
    tabel = at.dataframe[0].value
    assert "Vlaams Gewest" in tabel.columns
    # instroom is delivered by 3 municipalities only: no Flemish level, and the page says so
    at.selectbox(key="indicator").set_value("instroom").run()
    assert not at.exception, at.exception
    assert "Niet getoond omdat niet elke gemeente van de groep cijfers heeft" in _teksten(at)
    namen = [t.get("name") for t in grafieken(at)[0]["data"]]
    assert "Vlaams Gewest" not in namen

    at.switch_page("pages/5_Vergelijking.py").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="niveaus").value == ["vlaanderen", "provincie"]


def test_kaart_activeringsgraad(omgeving):
    at = aangemeld(
        "raad",
        {"gemeente": "11016", "kaartindicator": "aan_het_werk", "periode": ["2022-01", "2024-06"]},
    )
    at.switch_page(KAART).run()
    assert not at.exception, at.exception
    tekst = _teksten(at)
    # the last full calendar year of the period; work figures only where destinations are known
    assert "Essen: 74% aan het werk (van de geactiveerden) in 2023, tegenover" in tekst
    titels = [f["layout"]["meta"]["titel"] for f in grafieken(at)]
    assert titels == ["Activeringsgraad per gemeente, 2023"]
    assert "282 van de 285 gemeenten zonder getoond cijfer" in tekst
