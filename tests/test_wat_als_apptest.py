"""AppTest of "Wat als?" on a temporary demo database: sliders move the outcome, links carry it.

Logs in as `raad` through the real login form (the pattern of test_paginas_apptest.py), then
opens pages/4_Wat_als.py. Sliders are found by their keys (`wa_<URL key>`, see
`forecasting.scenario_url`), because several pillars share a slider label. The slider tabs are
lazy (only the open tab's sliders are drawn): `tab(at, label)` opens one, as a click would.
"""

from apptest_hulp import aangemeld, grafieken
from streamlit.testing.v1 import AppTest

from forecasting.scenario_url import PARAMETERS

PAGINA = "pages/4_Wat_als.py"
EXTRA = "Extra "
KANS = "Kans op het doel"


def wat_als(query: dict | None = None, *, na_aanmelding: dict | None = None) -> AppTest:
    """Log in as raad (with `query` in the URL before logging in), then open Wat als?
    (`na_aanmelding`: query parameters set after logging in, as a shared link opened by a
    visitor who is already logged in)."""
    at = aangemeld("raad", query)
    for sleutel, waarde in (na_aanmelding or {}).items():
        at.query_params[sleutel] = waarde
    at.switch_page(PAGINA)
    return at.run()


INTERIM = "Interim"


def tab(at: AppTest, label: str) -> AppTest:
    """Open a slider tab (the tabs keep their state under the key `wa_tabs`)."""
    at.session_state["wa_tabs"] = label
    return at.run()


def schuiven(at: AppTest) -> set[str]:
    """The keys of the drawn sliders (whole numbers: st.slider; shares and factors: a
    select_slider with Dutch labels; the start month: a select_slider too)."""
    keys = {s.key for s in at.slider} | {s.key for s in at.select_slider}
    return {k for k in keys if k.startswith("wa_") and k != "wa_sk_start"}


def metrieken(at: AppTest) -> dict[str, tuple[str, str]]:
    uit = {}
    for m in at.metric:
        for begin in (EXTRA, KANS, "Verwachte subsidie"):
            if m.label.startswith(begin):
                uit[begin] = (m.value, m.proto.delta)
    return uit


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_pagina_rendert_met_grafiek_kaarten_en_bronnen(omgeving):
    at = wat_als({"gemeente": "12025"})
    _ok(at)
    assert at.title[0].value == "Wat als? — Mechelen"
    assert any("Demodata" in str(i.value) for i in at.info)
    [fig] = grafieken(at)
    namen = {t.get("name") for t in fig["data"]}
    assert {"Bruto", "Netto"} <= namen
    assert set(metrieken(at)) == {EXTRA, KANS, "Verwachte subsidie"}
    assert metrieken(at)[EXTRA][0] == "0,0"  # the current policy adds nothing
    # sliders per pillar with unit, source and confidence (tooltip and caption)
    tabs = [t.label for t in at.get("tab")]
    assert tabs[:3] == ["Screening & matching", "Sollicitatietraining", INTERIM]
    assert tabs[-2:] == ["Instroomschok", "Werkklaar"]
    pijler = {f"wa_sm_{x}" for x in ("cap", "con", "ver", "ret", "dw")}
    assert schuiven(at) == pijler  # lazy tabs: only the open one is drawn
    for label, sleutels in (
        (INTERIM, {f"wa_ik_{x}" for x in ("cap", "con", "ver", "ret", "dw")}),
        ("Instroomschok", {"wa_sk_n", "wa_sk_spr", "wa_sk_uit", "wa_sk_act"}),
        ("Werkklaar", {"wa_wk", "wa_mi"}),
    ):
        assert schuiven(tab(at, label)) == sleutels
        if label == "Instroomschok":
            assert at.select_slider(key="wa_sk_start").value == "2026-01"
    tab(at, tabs[0])
    conversie = at.select_slider(key="wa_sm_con")
    assert "Bron:" in conversie.help and "Betrouwbaarheid:" in conversie.help
    bijschriften = [c.value for c in at.caption]
    assert any(
        c.startswith("aandeel · standaard 30% · bron: JobRoad") and "betrouwbaarheid: middel" in c
        for c in bijschriften
    )
    # the table of defaults with their sources (in a closed expander, but sent)
    standaard = next(d.value for d in at.dataframe if "Sleutel in de link" in d.value.columns)
    assert len(standaard) == 37 and standaard["Bron"].str.len().min() > 0
    assert {"Standaard", "Eenheid", "Betrouwbaarheid", "Datum"} <= set(standaard.columns)
    # the chart's table and the sensitivity table wait in lazy expanders: not sent while closed
    assert len(at.get("download_button")) == 2  # defaults; cost and benefit
    assert any("Gevoeligheid" in m.value and "zwaarst" in m.value for m in at.markdown)
    at.session_state["tabel-wat-als-verschil"] = True
    at.session_state["wa_gevoelig_open"] = True
    at.run()
    _ok(at)
    per_maand = next(d.value for d in at.dataframe if "Scenario bruto" in d.value.columns)
    assert len(per_maand) >= 12 and (per_maand["Extra bruto (opgeteld)"] == "0").all()
    gevoelig = next(d.value for d in at.dataframe if "Effect bruto" in d.value.columns)
    assert len(gevoelig) == 36  # every numeric parameter (not the start month)
    effect = gevoelig["Effect bruto"].str.replace("\u2212", "-").str.replace(",", ".").astype(float)
    assert list(effect.abs()) == sorted(effect.abs())[::-1]
    assert len(at.get("download_button")) == 4


def test_schuifregelaar_verandert_activeringen_en_kans(omgeving):
    at = tab(wat_als({"gemeente": "12025"}), INTERIM)
    voor = metrieken(at)
    fig_voor = grafieken(at)[0]
    capaciteit = at.slider(key="wa_ik_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    _ok(at)
    na = metrieken(at)
    assert na[EXTRA][0] != voor[EXTRA][0] and na[EXTRA][0].startswith("+")
    assert na[KANS] != voor[KANS]
    assert "procentpunten" in na[KANS][1]
    assert grafieken(at)[0]["data"] != fig_voor["data"]
    # the URL carries the change (only what differs from the default)
    assert _qp(at)["ik_cap"] == str(capaciteit.value)
    assert at.selectbox(key="wa_scenario").value == "eigen"


def _qp(at: AppTest) -> dict:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in dict(at.query_params).items()}


def test_link_reproduceert_scenario(omgeving):
    bewogen = tab(wat_als({"gemeente": "12025"}), INTERIM)
    capaciteit = bewogen.slider(key="wa_ik_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    tab(bewogen, "Screening & matching").select_slider(key="wa_sm_con").set_value(0.45).run()
    link = {k: v for k, v in _qp(bewogen).items() if k in PARAMETERS}
    assert link == {"ik_cap": str(capaciteit.value), "sm_con": "0.45"}
    assert _qp(bewogen)["gemeente"] == "12025"  # the view's codes come with it

    # a visitor who opens the link logged out: it survives the login
    gedeeld = wat_als({"gemeente": "12025", **link})
    _ok(gedeeld)
    assert metrieken(gedeeld) == metrieken(bewogen)
    assert gedeeld.select_slider(key="wa_sm_con").value == 0.45
    assert tab(gedeeld, INTERIM).slider(key="wa_ik_cap").value == capaciteit.value
    # and one who is already logged in
    ingelogd = wat_als(na_aanmelding={"gemeente": "12025", **link})
    assert metrieken(ingelogd) == metrieken(bewogen)


def test_benoemd_scenario_en_herstel(omgeving):
    at = wat_als({"gemeente": "12025", "scenario": "extra_jobhunters"})
    _ok(at)
    assert at.selectbox(key="wa_scenario").value == "extra_jobhunters"
    standaard = wat_als({"gemeente": "12025"}).slider(key="wa_sm_cap").value
    # +50% of the exact data default (a mean of 6 months), on the slider's whole-number grid
    assert abs(at.slider(key="wa_sm_cap").value - standaard * 1.5) <= 1
    assert _qp(at)["scenario"] == "extra_jobhunters"
    at.selectbox(key="wa_scenario").set_value("instroomschok_2026").run()
    _ok(at)
    assert at.slider(key="wa_sm_cap").value == standaard
    assert tab(at, "Instroomschok").slider(key="wa_sk_n").value == 81
    assert _qp(at).get("sk_n") == "81" and "sm_cap" not in _qp(at)
    at.button(key="wa_herstel").click().run()
    _ok(at)
    assert at.slider(key="wa_sk_n").value == 0
    assert at.selectbox(key="wa_scenario").value == "huidig_beleid"
    assert not {"sk_n", "scenario"} & set(_qp(at))
    assert metrieken(at)[EXTRA][0] == "0,0"


def test_rommel_in_de_link_is_onschadelijk(omgeving):
    at = wat_als(
        {
            "gemeente": "12025",
            "ik_cap": "abc",
            "sm_con": "nan",
            "wk": "9",
            "sk_start": "<script>",
            "scenario": "bestaat_niet",
            "onbekend": "1",
        }
    )
    _ok(at)
    assert at.select_slider(key="wa_sm_con").value == 0.30
    assert tab(at, "Werkklaar").select_slider(key="wa_wk").value == 0.75  # clamped to the maximum
    assert _qp(at).get("wk") == "0.75" and "ik_cap" not in _qp(at)


def test_andere_gemeente_krijgt_eigen_capaciteit(omgeving):
    at = wat_als({"gemeente": "12025"})
    at.select_slider(key="wa_sm_con").set_value(0.4).run()
    at.slider(key="wa_sm_cap").set_value(at.slider(key="wa_sm_cap").value + 30).run()
    vers = wat_als()
    vers.selectbox(key="gemeente").set_value("11016").run()
    essen = vers.slider(key="wa_sm_cap").value
    at.selectbox(key="gemeente").set_value("11016").run()
    _ok(at)
    assert at.title[0].value == "Wat als? — Essen"
    assert at.slider(key="wa_sm_cap").value == essen  # data-driven: Essen's own default
    assert at.select_slider(key="wa_sm_con").value == 0.4  # a choice: kept


def test_fragment_schakelaar_voor_de_benchmark(omgeving):
    at = tab(wat_als({"gemeente": "12025"}, na_aanmelding={"fragment": "0"}), INTERIM)
    _ok(at)
    capaciteit = at.slider(key="wa_ik_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    _ok(at)
    assert metrieken(at)[EXTRA][0].startswith("+")
    assert _qp(at).get("fragment") == "0"


def test_te_veel_extra_starts_worden_ingekort_met_melding(omgeving):
    at = wat_als({"gemeente": "12025"})
    at.slider(key="wa_sm_cap").set_value(200).run()
    _ok(at)
    assert any("ingekort" in str(w.value) for w in at.warning)
    at.button(key="wa_herstel").click().run()
    assert not any("ingekort" in str(w.value) for w in at.warning)
