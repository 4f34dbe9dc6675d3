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
