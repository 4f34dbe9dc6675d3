"""Dutch number and date formats: exact strings."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from charts import formaat as f

MIN = "\u2212"


@pytest.mark.parametrize(
    ("waarde", "decimalen", "verwacht"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (12.5, 1, "12,5"),
        (12.45, 1, "12,5"),  # half up on the decimal notation, not binary float
        (12.44, 1, "12,4"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (0.5, 0, "1"),
        (1234.5, 1, "1.234,5"),
        (1234.567, 2, "1.234,57"),
        (-1234, 0, f"{MIN}1.234"),
        (-2.5, 0, f"{MIN}3"),  # away from zero
        (-0.4, 0, "0"),  # never "−0"
        (-0.04, 1, "0,0"),
        (12, 1, "12,0"),
        (np.int64(5000), 0, "5.000"),
        (np.float64(0.25), 2, "0,25"),
        (Decimal("1000.05"), 1, "1.000,1"),
    ],
)
def test_getal(waarde, decimalen, verwacht):
    assert f.getal(waarde, decimalen) == verwacht


def test_getal_plusteken_en_leeg():
    assert f.getal(12, plus=True) == "+12"
    assert f.getal(-12, plus=True) == f"{MIN}12"
    assert f.getal(0, plus=True) == "0"
    for leeg in (None, pd.NA, float("nan"), np.nan):
        assert f.getal(leeg) == "–"
    # a suppressed display value passes through unchanged, never becomes a number
    assert f.getal("<5") == "<5"
    assert f.getal("x") == "x"


def test_getal_weigert_onzin():
    with pytest.raises(TypeError):
        f.getal(True)
    with pytest.raises(ValueError):
        f.getal(math.inf)


@pytest.mark.parametrize(
    ("aandeel", "decimalen", "verwacht"),
    [
        (0.125, 1, "12,5%"),
        (0.1245, 1, "12,5%"),
        (0.12449, 1, "12,4%"),
        (0, 1, "0,0%"),
        (0, 0, "0%"),
        (1, 0, "100%"),
        (0.655, 0, "66%"),
        (0.6550, 1, "65,5%"),
        (12.345, 0, "1.235%"),
        (-0.125, 1, f"{MIN}12,5%"),
    ],
)
def test_procent(aandeel, decimalen, verwacht):
    assert f.procent(aandeel, decimalen) == verwacht


def test_procent_standaard_een_decimaal():
    assert f.procent(0.125) == "12,5%"
    assert f.procent(None) == "–"


@pytest.mark.parametrize(
    ("verschil", "verwacht"),
    [
        (-0.6, f"{MIN}60%"),
        (0.25, "+25%"),
        (0, "0%"),
        (0.004, "0%"),
        (-0.004, "0%"),
        (0.005, "+1%"),
        (-0.005, f"{MIN}1%"),
        (-0.5976, f"{MIN}60%"),
        (1.5, "+150%"),
        (12.0, "+1.200%"),
    ],
)
def test_verschil_procent(verschil, verwacht):
    assert f.verschil_procent(verschil) == verwacht


def test_verschil_procent_decimalen():
    assert f.verschil_procent(0.0034, 1) == "+0,3%"
    assert f.verschil_procent(-0.6, 1) == f"{MIN}60,0%"


@pytest.mark.parametrize(
    ("bedrag", "decimalen", "verwacht"),
    [
        (320156, 0, "€ 320.156"),
        (0, 0, "€ 0"),
        (1234.5, 2, "€ 1.234,50"),
        (999.5, 0, "€ 1.000"),
        (-1234, 0, f"{MIN}€ 1.234"),
        (2_500_000, 0, "€ 2.500.000"),
    ],
)
def test_euro(bedrag, decimalen, verwacht):
    assert f.euro(bedrag, decimalen) == verwacht


MAANDEN = [
    ("01", "jan", "januari"),
    ("02", "feb", "februari"),
    ("03", "mrt", "maart"),
    ("04", "apr", "april"),
    ("05", "mei", "mei"),
    ("06", "jun", "juni"),
    ("07", "jul", "juli"),
    ("08", "aug", "augustus"),
    ("09", "sep", "september"),
    ("10", "okt", "oktober"),
    ("11", "nov", "november"),
    ("12", "dec", "december"),
]


@pytest.mark.parametrize(("mm", "kort", "lang"), MAANDEN)
def test_maanden(mm, kort, lang):
    assert f.maand(f"2023-{mm}") == f"{kort} 2023"
    assert f.maand_lang(f"2023-{mm}") == f"{lang} 2023"


def test_maand_andere_invoer_en_fouten():
    assert f.maand("2023-10") == "okt 2023"
    assert f.maand_lang("2023-10") == "oktober 2023"
    assert f.maand(pd.Timestamp("2021-04-30")) == "apr 2021"
    assert f.maand(pd.Period("2026-09", "M")) == "sep 2026"
    assert f.maand("2023-10-01") == "okt 2023"
    for fout in ("2023-13", "2023-00", "okt 2023", "202310", ""):
        with pytest.raises(ValueError):
            f.maand(fout)


def test_periode_rekenen():
    assert f.periode_plus("2023-11", 2) == "2024-01"
    assert f.periode_plus("2024-01", -1) == "2023-12"
    assert f.maanden_tussen("2023-01", "2023-03") == 2
    assert f.maanden_tussen("2021-04", "2023-10") == 30
    assert f.datum("2023-10") == "2023-10-01"


@pytest.mark.parametrize(
    ("p", "tekst", "label"),
    [
        (0.0, "<5%", "zeer onwaarschijnlijk"),
        (0.02, "<5%", "zeer onwaarschijnlijk"),
        (0.025, "5%", "zeer onwaarschijnlijk"),
        (0.074, "5%", "zeer onwaarschijnlijk"),
        (0.075, "10%", "onwaarschijnlijk"),
        (0.2, "20%", "onwaarschijnlijk"),
        (0.225, "25%", "eerder onwaarschijnlijk"),
        (0.347, "35%", "eerder onwaarschijnlijk"),
        (0.424, "40%", "eerder onwaarschijnlijk"),
        (0.425, "45%", "even waarschijnlijk"),
        (0.5, "50%", "even waarschijnlijk"),
        (0.574, "55%", "even waarschijnlijk"),
        (0.575, "60%", "eerder waarschijnlijk"),
        (0.75, "75%", "eerder waarschijnlijk"),
        (0.775, "80%", "waarschijnlijk"),
        (0.9, "90%", "waarschijnlijk"),
        (0.925, "95%", "zeer waarschijnlijk"),
        (0.97, "95%", "zeer waarschijnlijk"),
        (0.98, ">95%", "zeer waarschijnlijk"),
        (1.0, ">95%", "zeer waarschijnlijk"),
    ],
)
def test_kans_en_label(p, tekst, label):
    assert f.kans(p) == tekst
    assert f.kans_label(p) == label


def test_kansschaal_dekt_alles_en_is_symmetrisch():
    labels = [f.kans_label(r / 100) for r in range(0, 101, 5)]
    assert len(set(labels)) == 7
    assert labels == [
        {
            "zeer onwaarschijnlijk": "zeer waarschijnlijk",
            "onwaarschijnlijk": "waarschijnlijk",
            "eerder onwaarschijnlijk": "eerder waarschijnlijk",
            "even waarschijnlijk": "even waarschijnlijk",
            "eerder waarschijnlijk": "eerder onwaarschijnlijk",
            "waarschijnlijk": "onwaarschijnlijk",
            "zeer waarschijnlijk": "zeer onwaarschijnlijk",
        }[x]
        for x in reversed(labels)
    ]
    # one displayed number always gets one word
    for p in np.linspace(0, 1, 401):
        assert f.kans_label(p) == f.kans_label(f.kans_afgerond(p) / 100)
    with pytest.raises(ValueError):
        f.kans(1.2)
    assert f.kans(None) == "–"


def test_maand_ticks():
    vals, teksten = f.maand_ticks([f"2023-{m:02d}" for m in range(1, 13)])
    assert teksten == ["jan 2023", "mrt 2023", "mei 2023", "jul 2023", "sep 2023", "nov 2023"]
    assert vals[0] == "2023-01-01"
    vals, teksten = f.maand_ticks(["2019-01", "2026-09"])
    assert teksten == [str(j) for j in range(2019, 2027)]
    assert vals == [f"{j}-01-01" for j in range(2019, 2027)]
    vals, teksten = f.maand_ticks(["2023-10"])
    assert teksten == ["okt 2023"]
    vals, teksten = f.maand_ticks(["2023-10", "2023-11", "2023-12"])
    assert teksten == ["okt 2023", "nov 2023", "dec 2023"]


def test_nl_maandas_en_scheiders():
    fig = go.Figure(go.Scatter(x=["2023-01-01", "2023-12-01"], y=[1, 2]))
    f.nl_maandas(fig, ["2023-01", "2023-12"])
    f.nl_getallen(fig)
    assert fig.layout.xaxis.tickmode == "array"
    assert fig.layout.xaxis.type == "date"
    assert "okt 2023" not in fig.layout.xaxis.ticktext  # 2-month step from january
    assert "nov 2023" in fig.layout.xaxis.ticktext
    assert fig.layout.separators == ",."


# --------------------------------------------------------------------------------------------
# tables and CSV: one rule (issue 16, point 3)


def _tabel():
    import pandas as pd

    return pd.DataFrame(
        {
            "periode": ["2021-10", "2021-11"],
            "per 1.000": [14.245141170574149, 7.167],
            "aantal": pd.array([1411, None], dtype="Int64"),
            "nis": ["11016", "12025"],
            "verandering (%)": [-9.4, 0.0],
            "Essen": ["<5", "x"],
        }
    )


def test_tabel_scherm_belgisch():
    scherm = f.tabel_scherm(_tabel())
    assert scherm.to_dict("records") == [
        {
            "periode": "okt 2021",
            "per 1.000": "14,25",
            "aantal": "1.411",
            "nis": "11016",
            "verandering (%)": "−9,4",
            "Essen": "<5",
        },
        {
            "periode": "nov 2021",
            "per 1.000": "7,17",
            "aantal": "–",
            "nis": "12025",
            "verandering (%)": "0,0",
            "Essen": "x",
        },
    ]


def test_tabel_csv_zelfde_afronding_decimale_komma():
    from charts import export

    tekst = export.tabel_csv(_tabel())
    assert tekst.splitlines() == [
        "periode;per 1.000;aantal;nis;verandering (%);Essen",
        "2021-10;14,25;1411;11016;-9,4;<5",
        "2021-11;7,17;;12025;0,0;x",
    ]
    # a text cell that is a Dutch number is written as a number as well
    import pandas as pd

    assert export.tabel_csv(pd.DataFrame({"rijen": ["12.090", "−3"]})).splitlines() == [
        "rijen",
        "12090",
        "-3",
    ]


def test_raadsexport_csv_heeft_de_decimalen_van_het_scherm():
    """export.naar_csv (the council's CSV, app and CLI) follows the same rule."""
    import plotly.graph_objects as go

    from charts import export
    from charts.schermen import Scherm

    scherm = Scherm("s", "Per 1.000 inwoners", None, go.Figure(), _tabel())
    tekst = export.naar_csv([scherm]).decode("utf-8-sig")
    assert "14,25" in tekst and "14.245" not in tekst and "14,245" not in tekst
    assert ";1411;" in tekst and "None" not in tekst and "nan" not in tekst
    [(titel, terug)] = export.lees_csv(export.naar_csv([scherm]))
    assert titel == "Per 1.000 inwoners"
    assert list(terug["per 1.000"]) == ["14,25", "7,17"]


def test_tijdstip_in_brussel():
    import pandas as pd

    assert f.tijdstip("2026-11-22 17:31") == "22 nov 2026 18:31"  # no zone: UTC, winter +1
    assert f.tijdstip(pd.Timestamp("2026-07-01 10:00", tz="UTC")) == "1 jul 2026 12:00"
    assert f.tijdstip(pd.Timestamp("2026-07-01 12:00", tz="Europe/Brussels")) == "1 jul 2026 12:00"
    assert f.tijdstip(None) == "–"
