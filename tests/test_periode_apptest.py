"""The period in the sidebar: presets and two month pickers instead of a slider (issue 16).

AppTest on the demo database (Mechelen's data run to sep 2026; its published pact ran from
jul 2023 to apr 2025). The period stays one code in the link (`periode=van..tot`).
"""

from apptest_hulp import aangemeld
from test_link_apptest import TRENDS, _ok, _pagina, _qp, periode


def test_snelkeuzes_zetten_de_periode_en_de_link(omgeving):
    at = _pagina(aangemeld("raad"), TRENDS)
    _ok(at)
    snel = at.selectbox(key="periode_snel")
    assert snel.value == "standaard"  # untouched: the last 5 years
    assert periode(at) == ("2021-10", "2026-09")
    labels = list(snel.options)  # the labels as shown
    assert labels[:3] == ["Laatste 5 jaar", "Laatste 12 maanden", "Laatste 24 maanden"]
    assert "Pactperiode jul 2023 – apr 2025" in labels
    assert "Kalenderjaar 2025" in labels and labels[-1] == "Eigen keuze"
    for code, verwacht in (
        ("12m", ("2025-10", "2026-09")),
        ("24m", ("2024-10", "2026-09")),
        ("pact:activeringspact-2023", ("2023-07", "2025-04")),
        ("jaar:2025", ("2025-01", "2025-12")),
    ):
        at.selectbox(key="periode_snel").set_value(code).run()
        _ok(at)
        assert periode(at) == verwacht, code
        assert _qp(at)["periode"] == ["..".join(verwacht)]
    # a month picker: an own period, the preset says so
    at.selectbox(key="periode_van").set_value("2024-03").run()
    _ok(at)
    assert periode(at) == ("2024-03", "2025-12")
    assert at.selectbox(key="periode_snel").value == "eigen"
    assert _qp(at)["periode"] == ["2024-03..2025-12"]
    # "tot" before "van": the two are put in order, never an empty period
    at.selectbox(key="periode_tot").set_value("2023-01").run()
    _ok(at)
    assert periode(at) == ("2023-01", "2024-03")


def test_link_met_pactperiode_opent_die_snelkeuze(omgeving):
    at = _pagina(aangemeld("raad", {"gemeente": "12025", "periode": "2023-07..2025-04"}), TRENDS)
    _ok(at)
    assert periode(at) == ("2023-07", "2025-04")
    assert at.selectbox(key="periode_snel").value == "pact:activeringspact-2023"
