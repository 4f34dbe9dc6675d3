"""Every row of the calibration table holds in the database built by `leefloonmonitor demo`,
on SQLite and on PostgreSQL."""

from data_access import queries


def test_elke_kalibratieregel_klopt_in_de_demodatabank(demo_engine):
    controles = queries.kalibratie(demo_engine)
    assert len(controles) >= 12
    mislukt = [
        f"{c.nummer} {c.gemeente}: {c.omschrijving} — verwacht {c.verwacht}, gemeten {c.gemeten}"
        for c in controles
        if not c.geslaagd
    ]
    assert not mislukt, "\n".join(mislukt)


def test_essen_83_en_33_exact(demo_engine):
    reeks = queries.reeks(demo_engine, "11016", "leefloongerechtigden").set_index("periode")[
        "waarde"
    ]
    assert (int(reeks["2021-04"]), int(reeks["2023-10"])) == (83, 33)
    assert reeks.index[0] == "2019-01" and reeks.index[-1] == "2026-09"


def test_demo_is_gemarkeerd(demo_engine):
    assert queries.is_demo(demo_engine)
    rel = queries.releases(demo_engine)
    assert set(rel["soort"]) >= {"feiten", "bevolking", "doelen"}


_INDICATOREN = {
    "voorlopig": ["leefloongerechtigden"],
    "definitief": ["leefloon", "equivalent_leefloon"],
}


def _stand(
    engine, nis: str, status: str, indicator: str | None = None, **filters: str
) -> dict[str, int]:
    """{periode: aantal} of the active recipients cell with this status (raw rows): the own
    count's leefloongerechtigden, or the official leefloon + equivalent leefloon; or the
    `indicator` asked for."""
    from sqlalchemy import select

    from data_access.schema import feit
    from domein import DIMENSIE_NAMEN

    voorwaarden = [getattr(feit.c, d) == filters.get(d, "totaal") for d in DIMENSIE_NAMEN]
    stmt = select(feit.c.periode, feit.c.aantal).where(
        feit.c.nis == nis,
        feit.c.indicator.in_(_INDICATOREN[status] if indicator is None else [indicator]),
        feit.c.status == status,
        feit.c.actief,
        *voorwaarden,
    )
    uit: dict[str, int] = {}
    with engine.connect() as conn:
        for periode, aantal in conn.execute(stmt):
            uit[periode] = uit.get(periode, 0) + int(aantal)
    return uit


def test_voorlopig_en_definitief_voor_dezelfde_maand(demo_engine):
    """The own count for every month, the official figures up to 2026-06, both in between,
    with small revisions; the published months identical (docs/demodata.md)."""
    voorlopig = _stand(demo_engine, "12025", "voorlopig")
    definitief = _stand(demo_engine, "12025", "definitief")
    assert min(voorlopig) == "2019-01" and max(voorlopig) == "2026-09"
    assert min(definitief) == "2019-01" and max(definitief) == "2026-06"
    assert set(definitief) < set(voorlopig)
    verschil = {m: definitief[m] - voorlopig[m] for m in definitief}
    assert any(verschil.values()) and all(
        abs(v) <= 0.01 * voorlopig[m] + 1 for m, v in verschil.items()
    )
    assert verschil["2021-06"] == verschil["2023-06"] == 0
    essen = _stand(demo_engine, "11016", "definitief")
    assert (essen["2021-04"], essen["2023-10"]) == (83, 33)
    # leefloon itself: the own count every month, the official figure up to 2026-06
    for status, laatste in (("voorlopig", "2026-09"), ("definitief", "2026-06")):
        ll = _stand(demo_engine, "12025", status, indicator="leefloon")
        assert min(ll) == "2019-01" and max(ll) == laatste and len(ll) == len(set(ll))


def test_officiele_leeftijdsklasse_min25_draagt_70_procent_van_de_stijging(demo_engine):
    totaal = _stand(demo_engine, "12025", "definitief")
    jong = _stand(demo_engine, "12025", "definitief", leeftijdsklasse="-25")
    eigen_jong = _stand(demo_engine, "12025", "voorlopig", leeftijd="18-24")
    stijging = totaal["2021-08"] - totaal["2020-08"]
    aandeel = (jong["2021-08"] - jong["2020-08"]) / stijging
    assert abs(aandeel - 0.70) <= 0.03
    assert (jong["2020-08"], jong["2021-08"]) == (eigen_jong["2020-08"], eigen_jong["2021-08"])


def test_demo_releases_zeggen_demo_ook_in_de_bron(demo_engine):
    from data_access.demo import OFFICIEEL_BESTAND

    rel = queries.releases(demo_engine)
    assert rel["demo"].astype(bool).all()
    bronnen = dict(zip(rel["bestand"], rel["bron"], strict=True))
    assert all(b.startswith("Demodata") for b in bronnen.values()), bronnen
    assert "POD MI" in bronnen[OFFICIEEL_BESTAND]


def test_reeks_toont_definitief_en_daarna_de_eigen_telling(demo_engine):
    """The read rule on the demo: official figures up to 2026-06, the own count after; the
    shown Mechelen series is the definitive one where it exists."""
    for indicator in ("leefloongerechtigden", "leefloon"):
        status = queries.statussen(demo_engine, "12025", indicator)
        assert set(status[status.index <= "2026-06"]) == {"definitief"}, indicator
        assert list(status[status.index > "2026-06"]) == ["voorlopig"] * 3, indicator
    reeks = queries.reeks(demo_engine, "12025", "leefloongerechtigden").set_index("periode")
    definitief = _stand(demo_engine, "12025", "definitief")
    voorlopig = _stand(demo_engine, "12025", "voorlopig")
    verwacht = {m: definitief.get(m, voorlopig[m]) for m in voorlopig}
    assert reeks["waarde"].to_dict() == verwacht
    assert any(definitief[m] != voorlopig[m] for m in definitief)  # a revision is visible


def test_kalibratie_door_het_leespad_met_officiele_cijfers(demo_engine, monkeypatch, capsys):
    """The calibration stories through the real read path (the CLI's `stats` and the
    breakdowns the pages read) with the official figures in the database: Essen 83 -> 33 and
    Mechelen -11% from the official series, 70% of the rise under 25 both in the official class
    -25 and in the own band 18-24, whose history the per-cell read rule keeps (as own count)."""
    import argparse
    import json

    from cli.gegevens import registreer

    monkeypatch.setenv("LEEFLOONMONITOR_DB", demo_engine.url.render_as_string(hide_password=False))

    def stats(*argv: str) -> dict:
        parser = argparse.ArgumentParser(prog="leefloonmonitor")
        registreer(parser.add_subparsers(dest="commando", required=True))
        args = parser.parse_args(["stats", *argv, "--indicator", "leefloongerechtigden", "--json"])
        assert args.func(args) == 0
        return json.loads(capsys.readouterr().out)

    def reeks(nis: str) -> dict[str, tuple[int, str]]:
        return {r["period"]: (r["value"], r["status"]) for r in stats("--nis", nis)["series"]}

    essen = reeks("11016")
    assert (essen["2021-04"], essen["2023-10"]) == ((83, "definitief"), (33, "definitief"))
    mechelen = reeks("12025")
    (juni21, s21), (juni23, s23) = mechelen["2021-06"], mechelen["2023-06"]
    assert s21 == s23 == "definitief"
    assert round(100 * (juni23 - juni21) / juni21) == -11

    stijging = mechelen["2021-08"][0] - mechelen["2020-08"][0]
    analist = type("Analist", (), {"ziet_detail": lambda self, nis: True})()
    for dimensie, klasse, status in (
        ("leeftijdsklasse", "-25", "definitief"),
        ("leeftijd", "18-24", "voorlopig"),
    ):
        u = queries.uitsplitsing_op_niveau(
            demo_engine, "12025", "leefloongerechtigden", dimensie, analist
        )
        jong = u.tabel[u.tabel["categorie"] == klasse].set_index("periode")["aantal"]
        assert abs((jong["2021-08"] - jong["2020-08"]) / stijging - 0.70) <= 0.03, dimensie
        assert u.statussen["2021-08"] == u.statussen["2020-08"] == status, dimensie
        assert min(jong.index) == "2019-01", dimensie  # the whole history
    # the public CLI table of the own band is marked as own count
    eigen = stats("--nis", "12025", "--by", "leeftijd", "--from", "2021-08", "--to", "2021-08")
    assert {r["status"] for r in eigen["series"]} == {"voorlopig"}
    assert {r["category"]: r["value"] for r in eigen["series"]}["18-24"] == int(jong["2021-08"])
