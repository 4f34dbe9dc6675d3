"""Links carry the whole view in short codes, defaults included (issue 16, defect 7).

AppTest on a temporary demo database, logged in through the real form (`apptest_hulp`).
Old links with display labels (`gemeente=Essen (11016)`, `maatstaf=Geïndexeerd (begin periode =
100)`, two `periode` labels) still open the right view; the URL is then rewritten in codes.
"""

from apptest_hulp import REPO, aangemeld, meld_aan
from streamlit.testing.v1 import AppTest

from ui import link

TRENDS = "pages/1_Trends.py"
VERGELIJKING = "pages/5_Vergelijking.py"
WAT_ALS = "pages/4_Wat_als.py"


def _qp(at: AppTest) -> dict:
    return {k: [v] if isinstance(v, str) else list(v) for k, v in dict(at.query_params).items()}


def periode(at: AppTest) -> tuple[str, str]:
    """The period the sidebar shows: its two month pickers (van, tot)."""
    return at.selectbox(key="periode_van").value, at.selectbox(key="periode_tot").value


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _pagina(at: AppTest, pad: str, query: dict | None = None) -> AppTest:
    for sleutel, waarde in (query or {}).items():
        at.query_params[sleutel] = waarde
    at.switch_page(pad)
    return at.run()


def test_standaardweergave_staat_in_codes_in_de_url(omgeving):
    """Opening Trends without a link: municipality, period and mode are in the URL as codes,
    although every one of them is the default."""
    at = _pagina(aangemeld("raad"), TRENDS)
    _ok(at)
    assert at.title[0].value == "Trends — Mechelen"
    qp = _qp(at)
    assert qp["gemeente"] == ["12025"]
    van, tot = periode(at)
    assert qp["periode"] == [f"{van}..{tot}"]
    assert qp["modus"] == ["absoluut"] and qp["indicator"] == ["leefloongerechtigden"]
    assert sorted(qp["vergelijk"]) == ["11016", "12021"]


def test_overzicht_schrijft_ook_de_standaardgemeente(omgeving):
    at = aangemeld("raad")
    _ok(at)
    assert _qp(at)["gemeente"] == ["12025"]
    assert ".." in _qp(at)["periode"][0]


def test_link_in_codes_opent_de_weergave_en_blijft_staan(omgeving):
    """A code-form link opened logged out survives the login and stays in the URL."""
    query = {"gemeente": "11016", "periode": "2021-06..2023-06", "modus": "index"}
    at = aangemeld("raad", query)
    at = _pagina(at, TRENDS)
    _ok(at)
    assert at.title[0].value == "Trends — Essen"
    assert periode(at) == ("2021-06", "2023-06")
    assert at.radio(key="modus").value == "index"
    qp = _qp(at)
    assert qp["gemeente"] == ["11016"] and qp["periode"] == ["2021-06..2023-06"]
    assert qp["modus"] == ["index"]


def test_oude_link_met_labels_opent_de_juiste_weergave(omgeving):
    """The label form the old binding wrote, opened by someone already logged in."""
    at = aangemeld("raad")
    oud = {
        "gemeente": "Essen (11016)",
        "periode": ["jun 2021", "jun 2023"],
        "vergelijk": ["Lier"],
        "indicator": "Activeringen",
        "maatstaf": "Geïndexeerd (begin periode = 100)",
    }
    at = _pagina(at, VERGELIJKING, oud)
    _ok(at)
    assert at.title[0].value.startswith("Vergelijking — Essen en 1 ")
    assert periode(at) == ("2021-06", "2023-06")
    assert at.multiselect(key="vergelijk").value == ["12021"]
    assert at.radio(key="maatstaf").value == "index"
    assert at.selectbox(key="indicator").value == "activeringen"
    qp = _qp(at)  # rewritten in codes
    assert qp["gemeente"] == ["11016"] and qp["periode"] == ["2021-06..2023-06"]
    assert qp["vergelijk"] == ["12021"] and qp["maatstaf"] == ["index"]
    assert qp["indicator"] == ["activeringen"]


def test_wat_als_link_draagt_de_gemeente_ook_als_die_standaard_is(omgeving):
    """raad's default is Mechelen; the analyst's is Essen. raad's Wat als? link must open
    Mechelen for the analyst, with the scenario."""
    raad = _pagina(aangemeld("raad"), WAT_ALS)
    _ok(raad)
    raad.session_state["wa_tabs"] = "Interim"
    raad.run()
    capaciteit = raad.slider(key="wa_ik_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    gedeeld = {k: v[-1] for k, v in _qp(raad).items()}
    assert gedeeld["gemeente"] == "12025" and gedeeld["ik_cap"] == str(capaciteit.value)

    analist = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for sleutel, waarde in gedeeld.items():
        analist.query_params[sleutel] = waarde
    analist = meld_aan(analist.run(), "analist")
    analist.switch_page(WAT_ALS)
    analist.run()
    _ok(analist)
    assert analist.title[0].value == "Wat als? — Mechelen"
    analist.session_state["wa_tabs"] = "Interim"
    analist.run()
    assert analist.slider(key="wa_ik_cap").value == capaciteit.value


def test_lezen_van_codes_en_labels():
    maanden = ["2021-05", "2021-06", "2023-06"]
    assert link.lees_bereik(["2021-06..2023-06"], maanden) == ("2021-06", "2023-06")
    assert link.lees_bereik(["2023-06", "2021-06"], maanden) == ("2021-06", "2023-06")
    assert link.lees_bereik(["2021-06..2099-01"], maanden) is None
    assert link.lees_een(["Essen (11016)"], ["11016", "12025"]) == "11016"
    assert link.lees_een(["onzin"], ["11016"]) is None
    assert link.lees_meer([""], ["11016"]) == []
    assert link.lees_meer(["11016", "x", "Lier"], ["11016", "12021"], {"12021": "Lier"}.get) == [
        "11016",
        "12021",
    ]
    assert link.als_tekst(("2021-06", "2023-06")) == "2021-06..2023-06"
    assert link.als_tekst([]) == ""
