"""Chart builders: assert figure content (values, labels, footnote, template), not just a figure."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import charts
import domein
from charts import formaat, reeksen, schermen, theme

BRON = "Demodata Leefloonmonitor"
MAAND = re.compile(r"^((jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}|\d{4})$")


def perioden(van: str, n: int) -> list[str]:
    return [formaat.periode_plus(van, i) for i in range(n)]


def voet(fig: go.Figure) -> str:
    return html.unescape(theme.voetnoot(fig).replace("<br>", " "))


def annotaties(fig: go.Figure, naam: str) -> list:
    return [a for a in fig.layout.annotations if a.name == naam]


def vormen(fig: go.Figure, naam: str) -> list:
    return [s for s in fig.layout.shapes if s.name == naam]


@pytest.fixture(scope="module")
def gemeenten() -> pd.DataFrame:
    ps = perioden("2021-04", 31)  # 2021-04 … 2023-10
    essen = np.linspace(83, 33, len(ps)).round().astype(int)
    mechelen = np.linspace(1250, 1100, len(ps)).round().astype(int)
    lier = np.linspace(300, 330, len(ps)).round().astype(int)
    rijen = []
    for nis, naam, reeks, inw in (
        ("12025", "Mechelen", mechelen, 87_000),
        ("11016", "Essen", essen, 19_000),
        ("12021", "Lier", lier, 37_000),
    ):
        for p, w in zip(ps, reeks, strict=True):
            rijen.append(
                {"nis": nis, "naam": naam, "periode": p, "waarde": int(w), "inwoners": inw}
            )
    return pd.DataFrame(rijen)


@pytest.fixture(scope="module")
def cellen() -> pd.DataFrame:
    """Disclosure-controlled breakdown as data_access delivers it."""
    ps = perioden("2023-01", 6)
    waarden = {
        "voorschot": [12, 3, 14, 15, 2, 16],  # 3 and 2 hidden as "<5"
        "oekraine": [20, 21, 22, 23, 24, 25],
        "nieuwkomers": [7, 8, None, 9, 10, 11],  # complementary suppression: "x"
        "overig": [30, 31, 32, 33, 34, 35],
    }
    rijen = []
    for cat, reeks in waarden.items():
        for p, w in zip(ps, reeks, strict=True):
            if w is None:
                rijen.append((p, cat, pd.NA, "x", True))
            elif 1 <= w < 5:
                rijen.append((p, cat, pd.NA, "<5", True))
            else:
                rijen.append((p, cat, w, str(w), False))
    for p in ps:
        rijen.append((p, "totaal", 100, "100", False))
    df = pd.DataFrame(rijen, columns=["periode", "categorie", "aantal", "weergave", "onderdrukt"])
    df["aantal"] = df["aantal"].astype("Int64")
    return df


@pytest.fixture(scope="module")
def pact_invoer():
    pad = charts.rechte_doellijn("2024-01", "2026-12", 629)
    ps = perioden("2024-01", 28)  # up to 2026-04, beyond the as-of month
    real = pd.DataFrame({"periode": ps, "cumulatief": np.arange(1, 29) * 15})
    fan_p = perioden("2025-11", 14)
    basis = 330 + np.arange(1, 15) * 16.0
    breed = np.sqrt(np.arange(1, 15)) * 10
    z = {"p05": -1.64, "p10": -1.28, "p25": -0.67, "p50": 0, "p75": 0.67, "p90": 1.28, "p95": 1.64}
    fan = pd.DataFrame({"periode": fan_p, **{k: basis + v * breed for k, v in z.items()}})
    return real, pad, fan


# --------------------------------------------------------------------------------------------
# template


def test_charts_importeert_geen_streamlit():
    code = "import sys, charts; assert 'streamlit' not in sys.modules, 'streamlit geladen'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_template_geregistreerd_en_toegankelijk():
    for naam in ("leefloon", "leefloon_presentatie"):
        assert naam in pio.templates
    t = pio.templates["leefloon"].layout
    assert t.font.size >= 16
    assert t.separators == ",."
    assert t.paper_bgcolor == "#FFFFFF" and t.plot_bgcolor == "#FFFFFF"
    assert list(t.colorway) == list(theme.PALET)
    # lines: 3:1 against white (WCAG 1.4.11); text: 4.5:1 (1.4.3)
    for kleur in theme.PALET:
        assert theme.contrast(kleur) >= 3
        assert theme.contrast(theme.TEKSTKLEUR[kleur]) >= 4.5
    for kleur in (theme.TEKST, theme.TEKST_ZACHT, t.font.color, t.xaxis.tickfont.color):
        assert theme.contrast(kleur) >= 4.5
    # every series its own dash as well as colour
    scat = pio.templates["leefloon"].data.scatter
    assert len({s.line.dash for s in scat}) == len(scat) == len(theme.PALET)
    assert all(s.line.width >= 3 for s in scat)
    tp = pio.templates["leefloon_presentatie"].layout
    assert tp.font.size >= 20 and tp.title.font.size >= 20 and tp.xaxis.tickfont.size >= 20


def test_opmaak_titel_eenheid_voetnoot():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    theme.opmaak(
        fig,
        titel="Leefloongerechtigden in Essen",
        eenheid="aantal personen",
        bron="Bron & co <test>",
        laatste_maand="2023-10",
        teldefinitie=domein.TELDEFINITIE["leefloongerechtigden"],
    )
    kop = theme.titel_tekst(fig)
    assert kop.startswith("<b>Leefloongerechtigden in Essen</b><br>")
    assert "aantal personen" in kop  # unit line under the title
    lang = go.Figure()
    theme.opmaak(
        lang,
        titel="Een heel lange titel die op een laptopscherm niet op één regel past, echt niet",
        eenheid="aantal",
        bron="b",
        laatste_maand="2023-10",
        teldefinitie="d",
    )
    assert theme.titel_tekst(lang).count("<b>") == 2  # wrapped, each line bold
    tekst = voet(fig)
    assert "Bron: Bron & co <test>" in tekst  # escaped in the figure, readable on screen
    assert "&lt;test&gt;" in theme.voetnoot(fig)
    assert "Laatste maand: okt 2023" in tekst
    assert "Teldefinitie: Maandstand" in tekst
    assert fig.layout.meta["laatste_maand"] == "2023-10"
    assert fig.layout.template.layout.font.size == 16
    with pytest.raises(ValueError):
        theme.opmaak(
            go.Figure(), titel="t", eenheid="e", bron="", laatste_maand="2023-10", teldefinitie="d"
        )


def test_spreid_houdt_afstand_en_volgorde():
    uit = theme.spreid([10, 10.5, 11, 50], 5, 0, 100)
    assert uit[0] < uit[1] < uit[2]
    assert all(b - a >= 5 - 1e-9 for a, b in zip(sorted(uit), sorted(uit)[1:], strict=False))
    assert uit[3] == 50


# --------------------------------------------------------------------------------------------
# trend


def test_trend_absoluut_waarden_en_eindlabels(gemeenten):
    fig = charts.trend(
        gemeenten,
        titel="Leefloongerechtigden",
        bron=BRON,
        reeks_kolom="naam",
        indicator="leefloongerechtigden",
    )
    assert [t.name for t in fig.data] == ["Mechelen", "Essen", "Lier"]
    essen = next(t for t in fig.data if t.name == "Essen")
    verwacht = gemeenten[gemeenten.naam == "Essen"]["waarde"].tolist()
    assert list(essen.y) == verwacht
    assert essen.x[0] == "2021-04-01" and essen.x[-1] == "2023-10-01"
    assert all(t.line.width >= 3 for t in fig.data)
    assert len({t.line.dash for t in fig.data}) == 3
    labels = [a.text for a in annotaties(fig, "eindlabel")]
    assert "Essen 33" in labels and "Mechelen 1.100" in labels
    tekst = voet(fig)
    assert f"Bron: {BRON}" in tekst
    assert "Laatste maand: okt 2023" in tekst
    assert domein.TELDEFINITIE["leefloongerechtigden"] in tekst
    assert fig.layout.separators == ",."
    assert fig.layout.yaxis.range[0] == 0


def test_trend_nederlandse_maandlabels(gemeenten):
    kort = gemeenten[gemeenten.periode >= "2023-01"]
    fig = charts.trend(kort, titel="t", bron=BRON, reeks_kolom="naam", indicator="instroom")
    teksten = list(fig.layout.xaxis.ticktext)
    assert teksten[0] == "jan 2023"
    assert all(MAAND.match(t) for t in teksten)
    assert fig.layout.xaxis.tickmode == "array"
    assert len(fig.layout.xaxis.tickvals) == len(teksten)
    lang = charts.trend(gemeenten, titel="t", bron=BRON, reeks_kolom="naam", indicator="instroom")
    assert all(MAAND.match(t) for t in lang.layout.xaxis.ticktext)


def test_trend_index_start_op_100(gemeenten):
    fig = charts.trend(
        gemeenten,
        titel="t",
        bron=BRON,
        reeks_kolom="naam",
        modus="index",
        indicator="leefloongerechtigden",
    )
    for t in fig.data:
        assert t.y[0] == pytest.approx(100)
    essen = next(t for t in fig.data if t.name == "Essen")
    assert essen.y[-1] == pytest.approx(33 / 83 * 100)
    assert [s.y0 for s in vormen(fig, "basis")] == [100]
    assert any("apr 2021 = 100" in a.text for a in annotaties(fig, "basis"))
    assert "apr 2021 = 100" in fig.layout.meta["eenheid"]
    # a chosen base month
    fig2 = charts.trend(
        gemeenten,
        titel="t",
        bron=BRON,
        reeks_kolom="naam",
        modus="index",
        basis_maand="2022-04",
        indicator="leefloongerechtigden",
    )
    for t in fig2.data:
        assert t.y[list(t.x).index("2022-04-01")] == pytest.approx(100)


def test_index_weigert_nul_in_basismaand():
    df = pd.DataFrame({"periode": ["2023-01", "2023-02"], "waarde": [0, 4]})
    with pytest.raises(ValueError, match="basismaand"):
        reeksen.index(df, basis_maand="2023-01")


def test_trend_index_laat_een_reeks_met_nul_in_de_basismaand_weg():
    """An index on 0 does not exist: that line is left out and the note says why."""
    df = pd.DataFrame(
        {
            "naam": ["Mechelen"] * 2 + ["Essen"] * 2,
            "periode": ["2023-01", "2023-02"] * 2,
            "waarde": [40, 44, 0, 4],
        }
    )
    fig = charts.trend(
        df,
        titel="t",
        bron=BRON,
        reeks_kolom="naam",
        modus="index",
        basis_maand="2023-01",
        indicator="activeringen",
    )
    assert [t.name for t in fig.data] == ["Mechelen"]
    assert list(fig.data[0].y) == pytest.approx([100, 110])
    assert "Geen index voor Essen: 0 (of geen cijfer) in de basismaand jan 2023" in voet(fig)


def test_trend_per_1000(gemeenten):
    fig = charts.trend(
        gemeenten,
        titel="t",
        bron=BRON,
        reeks_kolom="naam",
        modus="per1000",
        indicator="leefloongerechtigden",
    )
    essen = next(t for t in fig.data if t.name == "Essen")
    assert essen.y[0] == pytest.approx(83 / 19_000 * 1000)
    assert any(a.text == "Essen 1,7" for a in annotaties(fig, "eindlabel"))
    assert fig.layout.meta["eenheid"] == "per 1.000 inwoners"
    with pytest.raises(ValueError, match="inwoners"):
        charts.trend(
            gemeenten.drop(columns="inwoners"),
            titel="t",
            bron=BRON,
            reeks_kolom="naam",
            modus="per1000",
            indicator="leefloongerechtigden",
        )


def test_trend_annotaties_gaten_en_maximum(gemeenten):
    df = gemeenten[gemeenten.naam == "Essen"].copy()
    df["waarde"] = df["waarde"].astype("Int64")
    df.loc[df.index[3], "waarde"] = pd.NA
    fig = charts.trend(
        df,
        titel="Essen",
        bron=BRON,
        indicator="leefloongerechtigden",
        annotaties=[("2022-03", "Opvang Oekraïners")],
    )
    assert fig.data[0].y[3] is None  # a gap, not a zero
    mark = annotaties(fig, "markering")
    assert mark[0].text == "Opvang Oekraïners" and mark[0].x == "2022-03-01"
    veel = pd.concat([gemeenten.assign(naam=gemeenten.naam + str(i)) for i in range(2)])
    with pytest.raises(ValueError, match="maximaal 5"):
        charts.trend(veel, titel="t", bron=BRON, reeks_kolom="naam", indicator="instroom")


def test_instroom_uitstroom():
    ps = perioden("2023-01", 12)
    df = pd.DataFrame({"periode": ps, "instroom": range(10, 22), "uitstroom": range(20, 8, -1)})
    fig = charts.instroom_uitstroom(df, bron=BRON)
    assert [t.name for t in fig.data] == ["Instroom", "Uitstroom"]
    assert list(fig.data[0].y) == list(range(10, 22))
    assert {a.text for a in annotaties(fig, "eindlabel")} == {"Instroom 21", "Uitstroom 9"}
    assert "Laatste maand: dec 2023" in voet(fig)
    gem = charts.instroom_uitstroom(df, bron=BRON, voortschrijdend=3)
    assert gem.data[0].y[0] is None and gem.data[0].y[2] == pytest.approx(11)
    assert "gemiddelde over 3 maanden" in gem.layout.meta["eenheid"]


# --------------------------------------------------------------------------------------------
# breakdowns: hidden cells are never drawn as a number


def _y(fig, naam):
    return list(next(t for t in fig.data if t.name == naam).y)


def test_uitsplitsing_lijnen_verbergt_kleine_cellen(cellen):
    fig = charts.uitsplitsing(
        cellen, "doelgroep", titel="Doelgroepen", bron=BRON, indicator="leefloongerechtigden"
    )
    namen = [t.name for t in fig.data if t.meta != "verborgen"]
    assert namen == [
        domein.label("doelgroep", c) for c in ("voorschot", "oekraine", "nieuwkomers", "overig")
    ]
    assert "Totaal" not in namen
    voorschot = _y(fig, domein.label("doelgroep", "voorschot"))
    assert voorschot == [12, None, 14, 15, None, 16]
    assert _y(fig, domein.label("doelgroep", "nieuwkomers"))[2] is None
    # no trace anywhere carries the hidden values 3 and 2 at the hidden months
    band = [t for t in fig.data if t.meta == "verborgen"]
    assert len(band) == 1
    assert list(band[0].x) == ["2023-02-01", "2023-05-01"]  # the "<5" months only
    assert list(band[0].text) == ["<5", "<5"]
    assert "<5" in band[0].name
    tr = next(t for t in fig.data if t.name == domein.label("doelgroep", "voorschot"))
    assert tr.customdata[1][1] == "<5"
    tekst = voet(fig)
    assert "Cellen van 1 tot 4 zijn verborgen (<5)" in tekst
    assert "x = verborgen" in tekst
    assert "Laatste maand: jun 2023" in tekst


def test_uitsplitsing_staven(cellen):
    fig = charts.uitsplitsing(
        cellen, "doelgroep", titel="t", bron=BRON, indicator="leefloongerechtigden", vorm="staven"
    )
    assert fig.layout.barmode == "stack"
    assert _y(fig, domein.label("doelgroep", "voorschot")) == [12, None, 14, 15, None, 16]
    tekst = next(t for t in fig.data if t.meta == "verborgen")
    assert list(tekst.text) == ["<5", "x", "<5"]
    # the text sits on the visible stack, not at a hidden value
    assert tekst.y[0] == 21 + 8 + 31


def test_uitsplitsing_foutieve_onderdrukking_wint(cellen):
    """A cell flagged as suppressed is hidden even if a number slipped through."""
    df = cellen.copy()
    rij = (df.categorie == "overig") & (df.periode == "2023-01")
    df.loc[rij, "onderdrukt"] = True
    fig = charts.uitsplitsing(df, "doelgroep", titel="t", bron=BRON, indicator="instroom")
    assert _y(fig, "Overige")[0] is None


def test_uitsplitsing_analist_en_samenvoegen():
    ps = perioden("2023-01", 3)
    rijen = [
        (p, c, 3 if c == "regulier" else 10 + i, str(3 if c == "regulier" else 10 + i), False)
        for p in ps
        for i, c in enumerate(domein.DIMENSIES["bestemming"][1:])
    ]
    df = pd.DataFrame(rijen, columns=["periode", "categorie", "aantal", "weergave", "onderdrukt"])
    df["aantal"] = df["aantal"].astype("Int64")
    fig = charts.uitsplitsing(df, "bestemming", titel="t", bron=BRON, indicator="activeringen")
    lijnen = [t for t in fig.data if t.meta != "verborgen"]
    assert len(lijnen) == 5 and lijnen[-1].name == "Overige"
    tekst = voet(fig)
    assert "alleen voor analisten" in tekst  # unsuppressed small cells are visible
    assert "Overige: " in tekst and "Reguliere job" in tekst


# --------------------------------------------------------------------------------------------
# pact


def test_rechte_doellijn():
    pad = charts.rechte_doellijn("2024-01", "2026-12", 629)
    assert len(pad) == 36
    assert pad["doel"].iloc[-1] == pytest.approx(629)
    assert pad["doel"].iloc[0] == pytest.approx(629 / 36)
    assert pad["periode"].iloc[-1] == "2026-12"


def test_pact_voortgang(pact_invoer):
    real, pad, fan = pact_invoer
    fig = charts.pact_voortgang(
        real, pad, fan, doelwaarde=629, deadline="2026-12", as_of="2025-10", bron=BRON
    )
    gerealiseerd = next(t for t in fig.data if t.name == "Gerealiseerd")
    assert gerealiseerd.x[-1] == "2025-10-01"  # nothing after the as-of month
    assert gerealiseerd.y[-1] == 22 * 15
    # fan bands in order 90 → 80 → 50, nested, each upper ≥ lower, anchored at the as-of value
    banden = [t.meta for t in fig.data if t.meta and str(t.meta).startswith("band")]
    assert banden == ["band90_onder", "band90", "band80_onder", "band80", "band50_onder", "band50"]
    tr = {t.meta: t for t in fig.data if t.meta}
    for pct in (90, 80, 50):
        onder, boven = np.array(tr[f"band{pct}_onder"].y), np.array(tr[f"band{pct}"].y)
        assert (boven >= onder).all()
        assert tr[f"band{pct}"].fill == "tonexty"
        assert onder[0] == boven[0] == 330
    assert (np.array(tr["band90"].y) >= np.array(tr["band80"].y)).all()
    assert (np.array(tr["band80"].y) >= np.array(tr["band50"].y)).all()
    assert (np.array(tr["band90_onder"].y) <= np.array(tr["band80_onder"].y)).all()
    alfa = [float(tr[f"band{p}"].fillcolor.split(",")[-1].rstrip(")")) for p in (90, 80, 50)]
    assert alfa == sorted(alfa)  # darkest in the middle
    # target line with its label, deadline line
    assert [s.y0 for s in vormen(fig, "doel")] == [629]
    assert annotaties(fig, "doel")[0].text == "Doel: 629 tegen dec 2026"
    assert [s.x0 for s in vormen(fig, "deadline")] == ["2026-12-01"]
    assert "dec 2026" in annotaties(fig, "deadline")[0].text
    assert annotaties(fig, "gerealiseerd")[0].text.startswith("<b>330</b> gerealiseerd")
    tekst = voet(fig)
    assert "in 8 op de 10" in tekst and "Laatste maand: okt 2025" in tekst
    assert fig.layout.meta["toelichting"] == charts.zinnen.band_zin()
    assert {a.text for a in annotaties(fig, "eindlabel")} >= {"9 op 10", "8 op 10", "5 op 10"}
    assert fig.layout.yaxis.range[1] > max(fan["p95"])


def test_pact_waaier_moet_oplopen(pact_invoer):
    real, pad, fan = pact_invoer
    slecht = fan.copy()
    slecht.loc[0, "p90"] = slecht.loc[0, "p10"] - 1
    with pytest.raises(ValueError, match="oplopen"):
        charts.pact_voortgang(
            real, pad, slecht, doelwaarde=629, deadline="2026-12", as_of="2025-10", bron=BRON
        )
    zonder = charts.pact_voortgang(
        real, pad, None, doelwaarde=629, deadline="2026-12", as_of="2025-10", bron=BRON
    )
    assert not [t for t in zonder.data if t.meta and str(t.meta).startswith("band")]


def test_nodig_vs_tempo():
    fig = charts.nodig_vs_tempo(15.53, 12.34, bron=BRON, laatste_maand="2025-10")
    bar = fig.data[0]
    assert list(bar.x) == [12.34, 15.53]
    assert list(bar.text) == ["12,3 per maand", "15,5 per maand"]
    assert "Nodig per maand" in bar.y[1]
    gehaald = charts.nodig_vs_tempo(-3, 12, bron=BRON, laatste_maand="2025-10")
    assert gehaald.data[0].x[1] == 0 and gehaald.data[0].text[1] == "doel gehaald"


def test_kans_verloop():
    df = pd.DataFrame({"periode": perioden("2025-01", 4), "kans": [0.8, 0.6, 0.5, 0.347]})
    fig = charts.kans_verloop(df, bron=BRON)
    assert list(fig.data[0].y) == pytest.approx([80, 60, 50, 34.7])
    assert list(fig.layout.yaxis.range) == [0, 105]
    assert list(fig.layout.yaxis.ticktext) == ["0%", "25%", "50%", "75%", "100%"]
    assert annotaties(fig, "eindlabel")[0].text == "<b>35%</b><br>eerder<br>onwaarschijnlijk"
    with pytest.raises(ValueError):
        charts.kans_verloop(df.assign(kans=[0.1, 2, 0.3, 0.4]), bron=BRON)


def test_scenario_verschil():
    ps = perioden("2025-11", 6)
    basis = pd.Series([10.0] * 6, index=ps)
    bruto = pd.DataFrame({"periode": ps, "waarde": [12.0] * 6})
    netto = pd.Series([11.0] * 6, index=ps)
    fig = charts.scenario_verschil(basis, bruto, netto, bron=BRON, laatste_maand="2025-10")
    assert list(fig.data[0].y) == [2, 4, 6, 8, 10, 12]
    assert list(fig.data[1].y) == [1, 2, 3, 4, 5, 6]
    assert {a.text for a in annotaties(fig, "eindlabel")} == {"Bruto +12", "Netto +6"}
    per_maand = charts.scenario_verschil(
        basis, bruto, netto, bron=BRON, laatste_maand="2025-10", cumulatief=False
    )
    assert list(per_maand.data[0].y) == [2] * 6
    assert [s.y0 for s in vormen(fig, "nul")] == [0]


# --------------------------------------------------------------------------------------------
# comparison


def test_small_multiples(gemeenten):
    fig = charts.vergelijking_small_multiples(
        gemeenten,
        titel="Per 1.000 inwoners",
        eenheid="leefloongerechtigden per 1.000 inwoners",
        bron=BRON,
        teldefinitie=domein.TELDEFINITIE["leefloongerechtigden"],
        modus="per1000",
        nadruk="12025",
    )
    eigen = [t for t in fig.data if t.meta != "context"]
    assert [t.meta for t in eigen] == ["12025", "11016", "12021"]
    assert eigen[1].y[0] == pytest.approx(83 / 19_000 * 1000)
    assert len([t for t in fig.data if t.meta == "context"]) == 6
    assert fig.layout.meta["gedeelde_y"] is True
    ranges = {tuple(fig.layout[a].range) for a in ("yaxis", "yaxis2", "yaxis3")}
    assert len(ranges) == 1
    titels = [a.text for a in fig.layout.annotations if a.name is None]
    assert "<b>Mechelen</b> (eigen gemeente)" in titels and "<b>Essen</b>" in titels
    assert "1,7" in [html.unescape(a.text).strip("<b>/") for a in annotaties(fig, "eindwaarde")]
    assert all(MAAND.match(t) for t in fig.layout.xaxis.ticktext)
    absoluut = charts.vergelijking_small_multiples(
        gemeenten, titel="t", eenheid="aantal", bron=BRON, teldefinitie="d"
    )
    assert absoluut.layout.meta["gedeelde_y"] is False
    assert "eigen schaal" in voet(absoluut)


@pytest.mark.parametrize("modus", ["absoluut", "per1000", "index"])
def test_trend_en_small_multiples_tonen_dezelfde_waarden(gemeenten, modus):
    """Both go through `reeksen.volgens_modus`: a municipality reads the same on either chart."""
    basis = "2021-06" if modus == "index" else None
    kw = dict(titel="t", bron=BRON, modus=modus, basis_maand=basis)
    trend = charts.trend(gemeenten, reeks_kolom="naam", indicator="leefloongerechtigden", **kw)
    klein = charts.vergelijking_small_multiples(
        gemeenten, eenheid="e", teldefinitie="d", context=False, **kw
    )
    lijnen = {t.name: t for t in trend.data}
    for t in klein.data:
        assert list(t.y) == pytest.approx(list(lijnen[t.name].y))
        assert t.customdata == lijnen[t.name].customdata  # same default decimals
    assert trend.layout.meta["basis_maand"] == klein.layout.meta["basis_maand"]


def test_rangschikking():
    df = pd.DataFrame(
        {
            "nis": ["12025", "11016", "12021"],
            "naam": ["Mechelen", "Essen", "Lier"],
            "waarde": [4.61, 1.64, None],
        }
    )
    fig = charts.rangschikking(
        df,
        titel="t",
        eenheid="per 1.000 inwoners",
        bron=BRON,
        laatste_maand="2023-10",
        teldefinitie="d",
        decimalen=1,
        nadruk="12025",
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Essen", "<b>Mechelen</b>"]  # highest at the top (last)
    assert list(bar.text) == ["1,6", "4,6"]
    assert bar.marker.color[1] != bar.marker.color[0]
    assert "Zonder gegevens: Lier" in voet(fig)


def test_trackrecord():
    ps = perioden("2024-01", 6)
    df = pd.DataFrame(
        {
            "periode": ps,
            "voorspeld": [10, 11, 12, 13, 14, 15],
            "werkelijk": [9, 12, 12, 14, None, None],
        }
    )
    df["ondergrens"] = df["voorspeld"] - 3
    df["bovengrens"] = df["voorspeld"] + 3
    fig = charts.trackrecord(df, bron=BRON, indicator="activeringen")
    werkelijk = next(t for t in fig.data if t.name == "Werkelijk")
    assert list(werkelijk.y) == [9, 12, 12, 14, None, None]
    assert list(next(t for t in fig.data if t.name == "Voorspeld").y) == [10, 11, 12, 13, 14, 15]
    assert "Laatste maand: apr 2024" in voet(fig)


# --------------------------------------------------------------------------------------------
# every builder: footnote, fonts, presentation mode


def _alle(gemeenten, cellen, pact_invoer, presentatie):
    real, pad, fan = pact_invoer
    ps = perioden("2025-11", 6)
    b = pd.Series([10.0] * 6, index=ps)
    io = pd.DataFrame({"periode": ps, "instroom": range(6), "uitstroom": range(6)})
    kw = {"bron": BRON, "presentatie": presentatie}
    return {
        "trend": charts.trend(gemeenten, titel="t", reeks_kolom="naam", indicator="instroom", **kw),
        "io": charts.instroom_uitstroom(io, **kw),
        "uitsplitsing": charts.uitsplitsing(
            cellen, "doelgroep", titel="t", indicator="instroom", **kw
        ),
        "pact": charts.pact_voortgang(
            real, pad, fan, doelwaarde=629, deadline="2026-12", as_of="2025-10", **kw
        ),
        "nodig": charts.nodig_vs_tempo(5, 4, laatste_maand="2025-10", **kw),
        "kans": charts.kans_verloop(pd.DataFrame({"periode": ps, "kans": [0.5] * 6}), **kw),
        "scenario": charts.scenario_verschil(b, b + 1, b + 0.5, laatste_maand="2025-10", **kw),
        "small": charts.vergelijking_small_multiples(
            gemeenten, titel="t", eenheid="e", teldefinitie="d", **kw
        ),
        "rang": charts.rangschikking(
            pd.DataFrame({"naam": ["A", "B"], "waarde": [1, 2]}),
            titel="t",
            eenheid="e",
            laatste_maand="2023-10",
            teldefinitie="d",
            **kw,
        ),
        "track": charts.trackrecord(
            pd.DataFrame({"periode": ps, "voorspeld": range(6), "werkelijk": range(6)}), **kw
        ),
    }


def _lettergroottes(fig: go.Figure) -> list[float]:
    tl = fig.layout.template.layout
    maten = [tl.font.size, tl.title.font.size, tl.legend.font.size, tl.hoverlabel.font.size]
    maten += [tl.xaxis.tickfont.size, tl.yaxis.tickfont.size]
    for a in fig.layout.annotations:
        maten.append(a.font.size if a.font.size is not None else tl.font.size)
    for t in fig.data:
        if getattr(t, "textfont", None) is not None and t.textfont.size is not None:
            maten.append(t.textfont.size)
    for naam in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        ax = fig.layout[naam] if naam in fig.layout else None
        if ax is not None and ax.tickfont.size is not None:
            maten.append(ax.tickfont.size)
    return maten


@pytest.mark.parametrize("presentatie", [False, True])
def test_elke_grafiek_draagt_voetnoot_en_leesbare_tekst(
    gemeenten, cellen, pact_invoer, presentatie
):
    minimum = 20 if presentatie else 16
    for naam, fig in _alle(gemeenten, cellen, pact_invoer, presentatie).items():
        tekst = voet(fig)
        assert f"Bron: {BRON}" in tekst, naam
        assert re.search(r"Laatste maand: [a-z]{3} \d{4}", tekst), naam
        assert "Teldefinitie: " in tekst, naam
        assert theme.titel_tekst(fig).startswith("<b>"), naam
        assert fig.layout.template.layout.font.size == (22 if presentatie else 16)
        maten = _lettergroottes(fig)
        assert min(maten) >= minimum, (naam, maten)
        for a in fig.layout.annotations:  # no light-grey text
            if a.font.color:
                assert theme.contrast(a.font.color) >= 4.5, (naam, a.font.color)
        for t in fig.data:
            if isinstance(t, go.Scatter) and t.line.width not in (None, 0) and t.meta != "context":
                assert t.line.width >= 2.5, naam
        assert fig.layout.separators == ",."
        assert fig.layout.meta["alt"].startswith("t") or fig.layout.meta["alt"]
        # margins leave room for the footnote below the axis
        assert fig.layout.margin.b >= 60


NULBASIS = {"11016": "2021-04"}  # Essen without activations in the first month


def _met_nul(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as `queries.per_1000` gives it, with Essen at 0 in the first month."""
    df = frame.copy()
    for nis, maand in NULBASIS.items():
        df.loc[(df["nis"] == nis) & (df["periode"] == maand), "waarde"] = 0
    return df.assign(per_1000=df["waarde"] / df["inwoners"] * 1000)


def test_small_multiples_index_zonder_basis_toont_leeg_paneel_met_reden(gemeenten):
    fig = charts.vergelijking_small_multiples(
        _met_nul(gemeenten),
        titel="t",
        eenheid="index",
        bron=BRON,
        teldefinitie="d",
        modus="index",
        basis_maand="2021-04",
    )
    assert "11016" not in [t.meta for t in fig.data]
    assert "Essen" not in [t.name for t in fig.data]  # nor as a grey context line
    [leeg] = annotaties(fig, "geen_index")
    assert "geen index" in leeg.text and leeg.xref == "x2 domain"
    assert "Geen index voor Essen" in voet(fig)


def _tabel_is_grafiek(tabel: pd.DataFrame, lijnen: dict, modus: str) -> None:
    """Every line of the chart is a column of the table holding its y values (rounded as the
    table rounds them), and the table holds no column the chart does not draw."""
    dec = reeksen.TABEL_DECIMALEN[modus]
    assert set(tabel.columns) - {"periode"} == set(lijnen)
    for naam, trace in lijnen.items():
        verwacht = [None if y is None else round(y, dec) for y in trace.y]
        kolom = [None if pd.isna(v) else float(v) for v in tabel[naam]]
        assert kolom == pytest.approx(verwacht), (modus, naam)


@pytest.mark.parametrize("modus", ["absoluut", "per1000", "index"])
def test_tabel_onder_trend_is_wat_de_grafiek_toont(gemeenten, modus):
    namen = dict(zip(gemeenten["nis"], gemeenten["naam"], strict=False))
    s = schermen.trend_scherm(
        _met_nul(gemeenten).drop(columns="naam"),
        indicator="activeringen",
        modus=modus,
        namen=namen,
        eigen="12025",
        van="2021-04",
        tot="2023-10",
        bron=BRON,
    )
    _tabel_is_grafiek(s.tabel, {t.name: t for t in s.fig.data}, modus)
    if modus == "index":
        assert "Essen" not in s.tabel.columns


@pytest.mark.parametrize("modus", ["absoluut", "per1000", "index"])
def test_tabel_onder_vergelijking_is_wat_de_grafiek_toont(gemeenten, modus):
    """Vergelijking per 1.000 once listed the counts (80; 440; 1411) under a chart of rates."""
    namen = dict(zip(gemeenten["nis"], gemeenten["naam"], strict=False))
    klein, _ = schermen.vergelijking_schermen(
        _met_nul(gemeenten).drop(columns="naam"),
        indicator="activeringen",
        modus=modus,
        namen=namen,
        eigen="12025",
        van="2021-04",
        tot="2023-10",
        bron=BRON,
    )
    eigen_lijnen = {t.name: t for t in klein.fig.data if t.meta != "context"}
    _tabel_is_grafiek(klein.tabel, eigen_lijnen, modus)
    if modus == "per1000":
        assert klein.tabel["Mechelen"].max() < 20  # rates, not counts of 1.100 and more


def _trend_lang(gemeenten, presentatie: bool = False) -> go.Figure:
    return charts.trend(
        gemeenten,
        titel="Leefloongerechtigden in Essen, Lier en Mechelen per maand",
        bron=BRON,
        reeks_kolom="naam",
        indicator="leefloongerechtigden",
        presentatie=presentatie,
    )


def test_pas_aan_een_smal_scherm(gemeenten):
    """Issue 16, item 4: on a phone (content 360 px) the title, unit and footnote wrap within
    the width, the room for them grows, and the month labels thin out; the cached figure stays
    as it was, and a wide screen gets the figure itself."""
    fig = _trend_lang(gemeenten)
    voor = fig.to_dict()
    assert theme.pas_aan(fig, None) is fig and theme.pas_aan(fig, 1200) is fig
    smal = theme.pas_aan(fig, 360)
    assert fig.to_dict() == voor
    tekens = (360 - 2 * theme.RAND_PX[False]) / (theme.SCHERM.titel * 0.62)
    titel = [re.sub(r"<[^>]+>", "", r) for r in theme.titel_tekst(smal).split("<br>")]
    assert len(titel) > len(theme.titel_tekst(fig).split("<br>"))
    assert max(len(r) for r in titel) <= tekens
    voetregels = theme.voetnoot(smal).split("<br>")
    assert max(len(html.unescape(r)) for r in voetregels) <= 360 / (theme.SCHERM.voet * 0.55)
    assert smal.layout.margin.t > fig.layout.margin.t and smal.layout.margin.b > fig.layout.margin.b
    assert smal.layout.height - fig.layout.height == (
        smal.layout.margin.t - fig.layout.margin.t + smal.layout.margin.b - fig.layout.margin.b
    )
    assert len(smal.layout.xaxis.tickvals) < len(fig.layout.xaxis.tickvals)
    # January alone, labelled with its year
    assert set(smal.layout.xaxis.tickvals) <= set(fig.layout.xaxis.tickvals)
    assert list(smal.layout.xaxis.ticktext) == [v[:4] for v in smal.layout.xaxis.tickvals]
    assert all(v[5:7] == "01" for v in smal.layout.xaxis.tickvals)


def test_schaal_een_dia_voor_een_kleinere_projector(gemeenten):
    """Item 5: a 1920×1080 slide on 1280×720 is the same slide, two thirds the size."""
    fig = _trend_lang(gemeenten, presentatie=True)
    assert theme.schaal(fig, 1.0) is fig
    klein = theme.schaal(fig, 2 / 3)
    assert klein.layout.height == round(fig.layout.height * 2 / 3)
    assert klein.layout.margin.l == round(fig.layout.margin.l * 2 / 3)
    assert klein.layout.xaxis.tickfont.size == round(theme.PRESENTATIE.basis * 2 / 3)
    eind = annotaties(klein, "eindlabel")[0]
    assert eind.font.size == round(annotaties(fig, "eindlabel")[0].font.size * 2 / 3)
    assert f"font-size:{round(theme.PRESENTATIE.eenheid * 2 / 3)}px" in theme.titel_tekst(klein)
    assert fig.layout.xaxis.tickfont.size is None  # the original is left alone


def test_pas_aan_paneeltitels_van_kleine_veelvouden():
    """On a tablet the panel title "Mechelen (eigen gemeente)" wraps within its column."""
    from plotly.subplots import make_subplots

    fig = make_subplots(
        rows=1, cols=3, subplot_titles=["Essen", "Lier", "<b>Mechelen</b> (eigen gemeente)"]
    )
    for kol in (1, 2, 3):
        fig.add_scatter(x=[1, 2], y=[1, 2], row=1, col=kol, showlegend=False)
    theme.opmaak(fig, titel="t", eenheid="e", bron=BRON, laatste_maand="2023-06", teldefinitie="d")
    smal = theme.pas_aan(fig, 440)
    titels = {
        re.sub(r"<[^>]+>", "", a.text.split("<br>")[0]): a.text
        for a in smal.layout.annotations
        if a.xanchor == "center"
    }
    assert titels["Essen"] == "Essen" and titels["Lier"] == "Lier"
    assert "<br>" in titels["Mechelen"] and titels["Mechelen"].startswith("<b>Mechelen</b>")
    assert smal.layout.margin.t > fig.layout.margin.t
