"""AppTest of "Wat als?" for the council (issue 16): when the effect arrives, a later month to
count up to (kept in the link), cost and benefit, two scenarios side by side.

Mechelen's open target ends nov 2026; the baseline starts after sep 2026 (the last full
quarter), so a pillar with 6 months from start to work (Partners) only adds work in 2027.
"""

from test_wat_als_apptest import EXTRA, _ok, _qp, metrieken, tab, wat_als

PARTNERS = "Partners"


def _meldingen(at) -> list[str]:
    return [m.value for m in [*at.warning, *at.info]]


def test_effect_na_de_deadline_wordt_gezegd_en_later_tellen_toont_het(omgeving):
    at = tab(wat_als({"gemeente": "12025"}), PARTNERS)
    _ok(at)
    assert at.selectbox(key="tel_tot").value == "2026-11"  # the deadline by default
    assert _qp(at)["tel_tot"] == "2026-11"  # in the link, also when it is the default
    capaciteit = at.slider(key="wa_pa_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    _ok(at)
    assert metrieken(at)[EXTRA][0] == "0,0"  # nothing by the deadline ...
    [waarschuwing] = [w.value for w in at.warning if "effect komt" in w.value]
    # ... and the page says why: the effect arrives after it (6 months from start to work)
    assert "Het effect komt vanaf apr 2027" in waarschuwing
    assert "na de deadline van het doel (nov 2026)" in waarschuwing
    assert "6 maanden van start tot werk" in waarschuwing
    at.selectbox(key="tel_tot").set_value("2027-09").run()
    _ok(at)
    extra = metrieken(at)[EXTRA][0]
    assert extra.startswith("+") and extra != "+0,0"
    assert any(m.label == "Extra tegen sep 2027" for m in at.metric)
    assert _qp(at)["tel_tot"] == "2027-09"
    # the link opens the same count (the scenario and the month)
    link = {k: v for k, v in _qp(at).items() if k in ("gemeente", "pa_cap", "tel_tot")}
    gedeeld = wat_als(link)
    _ok(gedeeld)
    assert gedeeld.selectbox(key="tel_tot").value == "2027-09"
    assert metrieken(gedeeld)[EXTRA][0] == extra


def test_effect_voor_de_deadline_krijgt_zijn_maand(omgeving):
    at = tab(wat_als({"gemeente": "12025"}), "Interim")
    capaciteit = at.slider(key="wa_ik_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    _ok(at)
    assert metrieken(at)[EXTRA][0].startswith("+")
    [zin] = [m for m in _meldingen(at) if "effect komt" in m]
    assert zin.startswith("Het effect komt vanaf nov 2026.")  # 1 month from start to work
    assert "na de deadline" not in zin
    assert not any("effect komt" in w.value for w in at.warning)


def _euro(tekst: str) -> float:
    """'€ 1.234' / '−€ 1.234' -> 1234.0 / -1234.0"""
    teken = -1 if tekst.startswith("\u2212") else 1
    return teken * float(
        tekst.lstrip("\u2212").removeprefix("€ ").replace(".", "").replace(",", ".")
    )


def _kosten(at) -> dict[str, str]:
    [tabel] = [d.value for d in at.dataframe if "Post" in d.value.columns]
    return dict(zip(tabel["Post"], tabel["Tot de gekozen maand"], strict=True))


def test_kosten_en_baten_in_euro_met_kost_per_extra_job(omgeving):
    at = tab(wat_als({"gemeente": "12025", "tel_tot": "2027-09"}), "Interim")
    _ok(at)
    assert _kosten(at)["Nettokost voor de gemeente"] == "€ 0"  # current policy: nothing
    capaciteit = at.slider(key="wa_ik_cap")
    capaciteit.set_value(capaciteit.value + 20).run()
    _ok(at)
    k = _kosten(at)
    # about 20 extra starts a month (the slider minus the exact data default) for 12 months
    # (oct 2026 - sep 2027), at € 1.000 each (params.yaml)
    starts = float(k["Extra trajectstarts"].lstrip("+").replace(",", "."))
    assert 12 * 19 < starts <= 12 * 21
    assert abs(_euro(k["Kost extra trajecten"]) - 1000 * starts) <= 50
    assert _euro(k["Extra leefloon (− = bespaard)"]) < 0  # people into work leave leefloon
    assert _euro(k["Extra subsidie"]) > 0  # the target (nov 2026) gains from it
    netto = _euro(k["Nettokost voor de gemeente"])
    som = (
        _euro(k["Kost extra trajecten"])
        + _euro(k["Extra leefloon (− = bespaard)"])
        - _euro(k["Extra subsidie"])
    )
    assert abs(netto - som) <= 2  # each amount rounded to the euro
    bruto = float(k["Extra activeringen naar werk (bruto)"].lstrip("+").replace(",", "."))
    per_job = _euro(k["Nettokost per extra job (bruto)"])
    assert abs(per_job - netto / bruto) <= abs(netto) * 0.01 + 1
    zin = next(m.value for m in at.markdown if m.value.startswith("#### Kosten en baten"))
    assert "Tot sep 2027 kost dit scenario de gemeente netto" in zin and "Per extra job" in zin
    assert any("Leefloon per persoon per maand: € 1.288,46" in c.value for c in at.caption)


def test_instroomschok_kost_extra_leefloon(omgeving):
    at = wat_als({"gemeente": "12025", "scenario": "instroomschok_2026", "tel_tot": "2027-09"})
    _ok(at)
    k = _kosten(at)
    assert _euro(k["Extra leefloon (− = bespaard)"]) > 0
    assert k["Kost extra trajecten"] == "€ 0"


def _ab(at) -> dict[str, tuple[str, str]]:
    [tabel] = [d.value for d in at.dataframe if "Scenario B" in d.value.columns]
    return {r["Post"]: (r["Scenario A"], r["Scenario B"]) for _, r in tabel.iterrows()}


def test_twee_scenarios_naast_elkaar_elk_met_eigen_schuifregelaars_in_de_link(omgeving):
    at = wat_als({"gemeente": "12025", "tel_tot": "2027-09"})
    assert _qp(at)["ab"] == "0"
    at.toggle(key="ab").set_value(True).run()
    _ok(at)
    assert {s.key for s in at.selectbox} >= {"wa_scenario", "wb_scenario"}
    at.selectbox(key="wb_scenario").set_value("extra_jobhunters").run()
    _ok(at)
    tabel = _ab(at)
    assert tabel["Effect vanaf"] == ("geen effect", "jan 2027")  # 3 months from start to work
    a, b = tabel["Extra activeringen naar werk tegen sep 2027 (bruto)"]
    assert a == "0,0" and b.startswith("+") and b != "+0,0"
    kost_a, kost_b = tabel["Kost extra trajecten"]
    assert kost_a == "€ 0" and kost_b.startswith("€ ") and kost_b != "€ 0"
    assert tabel["Nettokost per extra job (bruto)"][0] == "–"
    # A unchanged in the link (no keys), B with its own prefix
    qp = _qp(at)
    assert qp["ab"] == "1" and qp["b_scenario"] == "extra_jobhunters"
    assert "scenario" not in qp and not any(k.startswith("sm_") for k in qp)
    # the link opens both scenarios side by side
    gedeeld = wat_als(
        {k: v for k, v in qp.items() if k in ("gemeente", "tel_tot", "ab", "b_scenario")}
    )
    _ok(gedeeld)
    assert gedeeld.toggle(key="ab").value is True
    assert gedeeld.selectbox(key="wb_scenario").value == "extra_jobhunters"
    assert _ab(gedeeld) == tabel
    # B's sliders are its own: moving one changes B only
    capaciteit = at.slider(key="wb_sm_cap")
    capaciteit.set_value(capaciteit.value + 5).run()
    _ok(at)
    assert _ab(at)["Kost extra trajecten"][0] == "€ 0"
    assert _qp(at)["b_sm_cap"] == str(capaciteit.value) and "sm_cap" not in _qp(at)
