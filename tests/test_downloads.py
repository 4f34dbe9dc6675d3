"""Every table download is built on click and written to the audit log (issue 15), in AppTest.

AppTest does not click download buttons, so the callables the page hands to Streamlit are
caught where Streamlit registers them (`MediaFileManager.add_deferred`) and run as a click runs
them. The browser half (the file really downloaded, bound to its browser) is in
tests/browser/test_serverwacht.py.
"""

import pytest
from apptest_hulp import aangemeld

from data_access import audit, db

TABEL = "tabel-uitsplitsing-activeringen-pijler"


def _tabelknop(naam: str):
    """Doelgroepen for Essen in 2023 as `naam`, with the pillar table open: its CSV button."""
    at = aangemeld(naam)
    at.switch_page("pages/2_Doelgroepen.py").run()
    at.selectbox(key="gemeente").set_value("11016")
    at.selectbox(key="periode_snel").set_value("jaar:2023").run()
    at.session_state[TABEL] = True  # open the table under the chart
    at.run()
    assert not at.exception, at.exception
    [knop] = [k for k in at.get("download_button") if k.proto.label == "⬇ CSV van deze tabel"]
    return knop


def _klik_tabel_csv(naam: str, klikken: dict) -> bytes:
    knop = _tabelknop(naam)
    assert not knop.proto.url  # nothing built or served while the page ran
    return klikken[knop.proto.deferred_file_id]()


@pytest.mark.parametrize("naam,weergave", [("analist", "exact"), ("raad", "raad")])
def test_elke_tabeldownload_staat_in_het_auditlog(omgeving, klikken, naam, weergave):
    engine = db.maak_engine(omgeving)
    voor = len(audit.lees(engine, 10_000, actie="download"))
    inhoud = _klik_tabel_csv(naam, klikken)
    tekst = inhoud.decode("utf-8-sig")
    assert tekst.startswith("kwartaal;")
    assert ("<5" in tekst) == (weergave == "raad")  # the analyst's file holds exact cells
    rijen = audit.lees(engine, 10_000, actie="download")
    assert len(rijen) == voor + 1
    rij = rijen.iloc[0]
    assert rij["gebruiker"] == naam
    assert rij["details"].startswith(f"csv nis=11016 weergave={weergave} "), rij["details"]
    assert "bestand=activeringen-in-essen-naar-pijler.csv" in rij["details"]
    assert f"bytes={len(inhoud)}" in rij["details"]
    engine.dispose()


def test_geen_download_zonder_auditregel(omgeving, klikken, monkeypatch):
    """When the audit row cannot be written, the click gives no file."""

    def kapot(*_args, **_kwargs):
        raise RuntimeError("auditlog onbereikbaar")

    knop = _tabelknop("analist")
    monkeypatch.setattr(audit, "log", kapot)
    with pytest.raises(RuntimeError):
        klikken[knop.proto.deferred_file_id]()


def test_mediapoort_kent_alleen_de_eigen_browser(monkeypatch):
    """The /media check of ui/serverwacht.py on its own: the right XSRF token passes (its mask
    may differ per page load), a wrong, missing or expired one gets 404, unbound ids pass."""
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    from ui import serverwacht

    token = b"0123456789abcdef"
    monkeypatch.setitem(serverwacht._gebonden, "a" * 32, serverwacht._Binding(token, None))
    verlopen = serverwacht._Binding(token, 0.0)
    monkeypatch.setitem(serverwacht._gebonden, "b" * 32, verlopen)

    def verzoek(pad: str, cookie: str | None) -> dict:
        koppen = [(b"cookie", f"_streamlit_xsrf={cookie}; x=1".encode())] if cookie else []
        return {"type": "http", "path": pad, "headers": koppen}

    eigen = generate_xsrf_token_string(token)  # another mask than the session saw
    vreemd = generate_xsrf_token_string(b"fedcba9876543210")
    assert not serverwacht._geweigerd(verzoek(f"/media/{'a' * 32}.csv", eigen))
    assert serverwacht._geweigerd(verzoek(f"/media/{'a' * 32}.csv", vreemd))
    assert serverwacht._geweigerd(verzoek(f"/media/{'a' * 32}.csv", None))
    assert serverwacht._geweigerd(verzoek(f"/app/media/{'a' * 32}", "rommel"))
    assert serverwacht._geweigerd(verzoek(f"/media/{'b' * 32}.csv", eigen))  # expired
    assert not serverwacht._geweigerd(verzoek(f"/media/{'c' * 32}.png", None))  # not bound
