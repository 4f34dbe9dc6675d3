"""The Streamlit cache adapter sees a new import at once (it keys on the data version)."""

from maak_bestanden import csv_bytes, kubusrijen, maanden

from data_access import db, importer
from ui import cache


def test_nieuwe_release_is_meteen_zichtbaar(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    monkeypatch.setenv("LEEFLOONMONITOR_DB", url)
    engine = db.get_engine(url)
    db.init_schema(engine)
    eerste = importer.importeer_bytes(
        engine, [("a.csv", csv_bytes(kubusrijen("12025", maanden("2024-01", 3))))]
    )
    assert eerste.geldig
    assert list(cache.reeksen(["12025"], "leefloongerechtigden")["periode"])[-1] == "2024-03"
    tweede = importer.importeer_bytes(
        engine, [("b.csv", csv_bytes(kubusrijen("12025", ["2024-04"])))]
    )
    assert tweede.geldig
    assert list(cache.reeksen(["12025"], "leefloongerechtigden")["periode"])[-1] == "2024-04"
    assert cache.laatste_periode("12025") == "2024-04"
