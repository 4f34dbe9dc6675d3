"""The Beheer page (`pages/7_Beheer.py`) in Streamlit's AppTest, on a throwaway copy of the demo
database (LEEFLOONMONITOR_DB), logged in by presetting the session the guard expects.

AppTest cannot run the login cookie component; the login form itself is covered in
test_guard_apptest.py. Uploads go through `at.file_uploader[...].set_value(...)` (Streamlit 1.67).
"""

import re
import secrets
import sqlite3
import time
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from maak_bestanden import csv_bytes, kubusrijen, xlsx_bom, xlsx_bytes
from sqlalchemy import event, func, select
from streamlit.testing.v1 import AppTest

import domein
from data_access import audit, db, importer, inlezen, queries
from data_access.schema import doel, feit, release
from data_access.toegang import MAX_UPLOAD_MB, Gebruiker
from ui import auth, guard
from ui.beheer import hulp, tab_opladen

REPO = db.REPO
PAGINA = str(REPO / "pages" / "7_Beheer.py")
MECHELEN = "12025"

BEHEER = Gebruiker("beheer", "Beheerder (demo)", frozenset({"editor", "admin"}))
REDACTEUR = Gebruiker("redacteur", "Redacteur", frozenset({"editor"}))
RAAD = Gebruiker("raad", "Raadslid", frozenset({"viewer"}), frozenset({MECHELEN}), MECHELEN)


@pytest.fixture(scope="module")
def demo_bron(demo_url):
    """The demo database file this module's tests copy (conftest's `demo_url`)."""
    return Path(demo_url.removeprefix("sqlite:///"))


@pytest.fixture
def engine(demo_bron, tmp_path, monkeypatch):
    """A private copy of the demo database for one test (the page writes to it)."""
    pad = tmp_path / "beheer.db"
    with sqlite3.connect(demo_bron) as bron, sqlite3.connect(pad) as doel_:
        bron.backup(doel_)
    url = f"sqlite:///{pad}"
    monkeypatch.setenv("LEEFLOONMONITOR_DB", url)
    monkeypatch.delenv("LEEFLOONMONITOR_COOKIE_KEY", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    guard.vergeet_caches()
    eng = db.get_engine(url)
    yield eng
    st.cache_data.clear()
    st.cache_resource.clear()


def start(gebruiker: Gebruiker = BEHEER, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGINA, default_timeout=60)
    at.session_state[auth.GEBRUIKER] = gebruiker
    at.session_state[auth.SINDS] = datetime.now(UTC)
    at.session_state[auth.GECONTROLEERD] = time.monotonic()
    if tab:
        at.query_params["tab"] = tab
    return at.run()


def toestand(engine):
    """Everything an import or restore could change."""
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(feit).where(feit.c.actief)).scalar(),
            conn.execute(select(func.count()).select_from(feit)).scalar(),
            conn.execute(select(func.count()).select_from(release)).scalar(),
            conn.execute(select(func.sum(feit.c.aantal)).where(feit.c.actief)).scalar(),
            conn.execute(select(func.count()).select_from(doel)).scalar(),
        )


def teksten(at: AppTest) -> str:
    delen = []
    for soort in ("title", "subheader", "markdown", "caption", "error", "info", "warning"):
        delen += [str(e.value) for e in at.get(soort)]
    delen += [str(e.value) for e in at.success]
    return "\n".join(delen).replace("\\", "")


def knop(at: AppTest, begin: str):
    [gevonden] = [b for b in at.button if b.label.startswith(begin)]
    return gevonden


def geen_html(at: AppTest) -> None:
    """Nothing on the page is rendered with unsafe_allow_html."""
    for element in at.markdown:
        assert not element.proto.allow_html, element.value


def upload(at: AppTest, *bestanden: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value(
        [(naam, inhoud, "application/octet-stream") for naam, inhoud in bestanden]
    )
    return at.run()


def verslag(at: AppTest) -> pd.DataFrame:
    """The validation report table (the dataframe with a 'reden' column)."""
    for element in at.dataframe:
        frame = element.value
        if "reden" in frame.columns and "oplossing" in frame.columns:
            return frame
    raise AssertionError("Geen verslagtabel op het scherm")


# --------------------------------------------------------------------------------------------
# access and tabs
# --------------------------------------------------------------------------------------------


def test_redacteur_ziet_de_tabs_zonder_fouten(engine):
    at = start(REDACTEUR)
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Gegevens opladen", "Releases", "Doelen"]
    assert len(at.file_uploader) == 1
    assert not at.error
    assert "maximaal 10 MB per bestand" in at.file_uploader[0].label
    geen_html(at)
    for tab in ("Releases", "Doelen"):
        at = start(REDACTEUR, tab)
        assert not at.exception, tab
        assert not at.error, [e.value for e in at.error]
        assert tab in [s.value for s in at.subheader]


def test_raadslid_wordt_geweigerd(engine):
    at = start(RAAD)
    assert not at.exception
    assert any("geen toegang" in e.value for e in at.error)
    assert len(at.tabs) == 0
    assert len(at.file_uploader) == 0


def test_gebruikers_en_auditlog_enkel_voor_beheerders(engine):
    at = start(BEHEER)
    assert [t.label for t in at.tabs] == [
        "Gegevens opladen",
        "Releases",
        "Doelen",
        "Gebruikers",
        "Auditlog",
    ]
    at = start(BEHEER, "Gebruikers")
    assert not at.exception and not at.error
    [lijst] = [d.value for d in at.dataframe if "gebruikersnaam" in d.value.columns]
    assert {"raad", "analist", "beheer"} <= set(lijst["gebruikersnaam"])
    alles = lijst.astype(str).to_string()
    assert "$2" not in alles and "hash" not in alles  # never a bcrypt hash
    assert "Gebruiker toevoegen" in teksten(at)
    # an editor asking for the tab by URL gets the first tab instead, and no user list
    at = start(REDACTEUR, "Gebruikers")
    assert not at.exception
    assert "Gebruikers" not in [t.label for t in at.tabs]
    assert not [d for d in at.dataframe if "gebruikersnaam" in d.value.columns]
    at = start(BEHEER, "Auditlog")
    assert not at.exception and not at.error
    assert "Auditlogboek" in [s.value for s in at.subheader]


# --------------------------------------------------------------------------------------------
# upload
# --------------------------------------------------------------------------------------------


def test_de_uploadlimiet_staat_er_een_keer_en_is_ook_die_van_streamlit(engine):
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert inlezen.MAX_BYTES == hulp.MAX_BYTES == MAX_UPLOAD_MB * 1024 * 1024
    at = start(REDACTEUR)
    [kiezer] = at.file_uploader
    assert kiezer.proto.max_upload_size_mb == MAX_UPLOAD_MB  # what the browser enforces
    assert kiezer.label.endswith(f", maximaal {MAX_UPLOAD_MB} MB per bestand")
    knoppen = [f"{b.proto.label} {b.proto.help}" for b in at.get("download_button")]
    alles = "\n".join([teksten(at), kiezer.label, kiezer.help or "", *knoppen])
    assert re.findall(r"\d+ ?MB", alles) == [f"{MAX_UPLOAD_MB} MB"]  # once
    # Streamlit's own caption under the drop zone ("10MB per file • CSV, XLSX", English) is
    # hidden by the page; the browser test checks that it is not on screen.
    css = "".join(h.proto.body for h in at.html)
    assert '[data-testid="stFileUploaderDropzoneInstructions"]{display:none}' in css


def test_geldig_bestand_voorbeeld_dan_bevestigen(engine):
    voor = toestand(engine)
    versie = queries.data_versie(engine)
    rijen = kubusrijen(MECHELEN, ["2026-10"], basis=1200)
    at = upload(start(), ("mechelen_2026-10.csv", csv_bytes(rijen)))
    assert not at.exception
    tekst = teksten(at)
    assert "Het bestand is in orde" in tekst
    assert "Deze import voegt 1 nieuwe gemeente-maand toe (Mechelen okt 2026)." in tekst
    [nieuw] = [d.value for d in at.dataframe if "Leefloongerechtigden" in d.value.columns]
    assert nieuw["maand"].tolist() == ["okt 2026"]
    assert toestand(engine) == voor  # the preview wrote nothing
    geen_html(at)

    at = knop(at, "Ja, importeer").click().run()
    assert not at.exception
    assert any("Geïmporteerd als release" in s.value for s in at.success)
    reeks = queries.reeks(engine, MECHELEN, "leefloongerechtigden").set_index("periode")
    assert reeks.loc["2026-10", "waarde"] == int(rijen[0][7])
    assert queries.data_versie(engine) > versie  # the caches key on this
    laatste = queries.releases(engine).iloc[0]
    assert (laatste["soort"], laatste["door"], laatste["bestand"]) == (
        "feiten",
        "beheer",
        "mechelen_2026-10.csv",
    )
    assert bool(laatste["demo"])  # demo mode: an upload stays demo data
    assert (
        audit.lees(engine, 1, actie="import")["details"]
        .iloc[0]
        .startswith("mechelen_2026-10.csv: 12 rijen")
    )
    # the uploader is empty again, the preview gone
    assert "Het bestand is in orde" not in teksten(at)


def test_annuleren_schrijft_niets(engine):
    voor = toestand(engine)
    at = upload(start(), ("m.csv", csv_bytes(kubusrijen(MECHELEN, ["2026-10"]))))
    at = knop(at, "Annuleren").click().run()
    assert not at.exception
    assert "Het bestand is in orde" not in teksten(at)
    assert toestand(engine) == voor


def test_kapot_bestand_toont_verslag_en_schrijft_niets(engine):
    voor = toestand(engine)
    rijen = kubusrijen(MECHELEN, ["2026-10"])
    rijen[1][7] = "-3"  # a negative count
    rijen[2][7] = "2,5"  # a decimal comma
    at = upload(start(), ("<b>kapot</b>.csv", csv_bytes(rijen)))
    assert not at.exception
    assert any("Niet geïmporteerd" in e.value for e in at.error)
    tabel = verslag(at)
    assert list(tabel.columns) == ["bestand", "rij", "kolom", "waarde", "reden", "oplossing"]
    assert {"3", "4"} <= set(tabel["rij"])
    assert set(tabel["kolom"]) == {"aantal"}
    assert all(tabel["oplossing"] != "")
    assert not [b for b in at.button if b.label.startswith("Ja, importeer")]
    assert toestand(engine) == voor
    geen_html(at)
    [regel] = audit.lees(engine, 5, actie="import_geweigerd")["details"]
    assert "<b>kapot</b>.csv" in regel and "-3" not in regel  # no cell values in the log
    # the report is downloadable as CSV
    assert any(d.proto.label.startswith("⬇ CSV") for d in at.get("download_button"))


def _xlsx(**kwargs) -> bytes:
    return xlsx_bytes(kubusrijen(MECHELEN, ["2026-10"]), **kwargs)


SLECHTE_BESTANDEN = {
    "groot": ("groot.csv", lambda: b"x" * (20 * 1024 * 1024), "te groot"),
    "leeg": ("leeg.csv", lambda: b"", "het bestand is leeg"),
    "binair": ("binair.csv", lambda: bytes(range(256)) * 64, "geen tekstbestand"),
    "twee_bladen": ("twee.xlsx", lambda: _xlsx(bladen=2), "2 tabbladen"),
    "formules": ("formule.xlsx", lambda: _xlsx(formule=True), "formules"),
    "zipbom": ("bom.xlsx", lambda: xlsx_bom(400), "uitgepakt te groot"),  # 1.4 MB -> 401 MB
}


@pytest.mark.parametrize("soort", list(SLECHTE_BESTANDEN))
def test_slechte_bestanden_geven_een_duidelijke_melding(engine, soort):
    naam, maak, reden = SLECHTE_BESTANDEN[soort]
    inhoud = maak()
    voor = toestand(engine)
    # the function the page calls
    controle = tab_opladen.controleer_upload([(naam, len(inhoud), inhoud)])
    assert controle.fouten and not controle.gecontroleerd
    assert any(reden in f.reden for f in controle.fouten), [f.reden for f in controle.fouten]
    # and the page itself
    at = upload(start(), (naam, inhoud))
    assert not at.exception
    assert any("Niet geïmporteerd" in e.value for e in at.error)
    assert any(reden in r for r in verslag(at)["reden"])
    assert not [b for b in at.button if b.label.startswith("Ja, importeer")]
    assert toestand(engine) == voor


def test_geldig_xlsx_bestand(engine):
    at = upload(start(), ("mechelen.xlsx", _xlsx()))
    assert not at.exception and not at.error
    assert "Het bestand is in orde" in teksten(at)


def test_onverwachte_fout_geeft_nederlandse_melding_zonder_traceback(engine, monkeypatch):
    def stuk(*_args, **_kwargs):
        raise RuntimeError("interne fout met geheime details")

    voor = toestand(engine)
    monkeypatch.setattr(importer, "controleer_bestanden", stuk)
    at = upload(start(), ("m.csv", csv_bytes(kubusrijen(MECHELEN, ["2026-10"]))))
    assert not at.exception
    assert [e.value for e in at.error] == [hulp.FOUTMELDING]
    assert "geheime details" not in teksten(at)
    assert toestand(engine) == voor


def test_mislukt_schrijven_laat_de_databank_ongewijzigd(engine, monkeypatch):
    voor = toestand(engine)
    at = upload(start(), ("m.csv", csv_bytes(kubusrijen(MECHELEN, ["2026-10"]))))

    def stuk(*_args, **_kwargs):
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(importer, "schrijf", stuk)
    at = knop(at, "Ja, importeer").click().run()
    assert not at.exception
    assert any("Het bewaren is mislukt" in e.value for e in at.error)
    assert "schijf vol" not in teksten(at)
    assert toestand(engine) == voor
    assert "schrijven mislukt" in audit.lees(engine, 1, actie="import_geweigerd")["details"][0]


def test_te_groot_wordt_niet_gelezen():
    groot = MAX_UPLOAD_MB * 1024 * 1024 + 1
    controle = tab_opladen.controleer_upload([("groot.csv", groot, None)])
    [fout] = controle.fouten
    assert fout.reden.startswith("het bestand is te groot (10,0 MB; maximum 10 MB)")


def test_sjablonen_zijn_geldige_bestanden():
    for bestand, *_ in hulp.SJABLONEN:
        inhoud = (hulp.SJABLOON_MAP / bestand).read_bytes()
        _, resultaat = importer.controleer_bestanden([(bestand, inhoud)], date(2026, 11, 22))
        assert resultaat.geldig, resultaat.verslag()
    kop = (hulp.SJABLOON_MAP / "sjabloon.csv").read_text(encoding="utf-8").splitlines()
    assert kop[0] == "nis;periode;indicator;doelgroep;leeftijd;pijler;bestemming;aantal"
    assert len(kop) == 3


# --------------------------------------------------------------------------------------------
# releases, targets
# --------------------------------------------------------------------------------------------


def test_release_terugzetten_met_voorbeeld(engine):
    releases = queries.releases(engine)
    demo_id = int(releases[releases["bestand"] == "leefloon_12025_mechelen.csv"]["id"].iloc[0])
    nieuw = kubusrijen(MECHELEN, ["2026-09"], basis=600)
    importer.importeer_bytes(
        engine, [("correctie.csv", csv_bytes(nieuw))], door="beheer", demo=True
    )
    assert queries.reeks(engine, MECHELEN, "leefloongerechtigden").iloc[-1]["waarde"] != 1279

    at = start(BEHEER, "Releases")
    assert not at.exception and not at.error
    [historiek] = [d.value for d in at.dataframe if "sha256" in d.value.columns]
    assert historiek["bestand"].iloc[0] == "correctie.csv"
    assert all(len(s) == 13 for s in historiek["sha256"])  # 12 hex digits and "…"
    actueel = dict(zip(historiek["bestand"], historiek["actueel"], strict=True))
    assert actueel["correctie.csv"] == "ja"
    assert actueel["leefloon_12025_mechelen.csv"].startswith("deels")
    assert actueel["leefloon_11016_essen.csv"] == "ja"
    at.selectbox(key="beheer_herstel_keuze").set_value(demo_id)
    at.run()
    assert not at.exception
    assert "Dit herstel wijzigt 1 gemeente-maand" in teksten(at)
    voor = toestand(engine)
    assert toestand(engine) == voor
    at = knop(at, f"Ja, zet release {demo_id} terug").click().run()
    assert not at.exception
    assert any(f"Release {demo_id} is teruggezet" in s.value for s in at.success)
    reeks = queries.reeks(engine, MECHELEN, "leefloongerechtigden").set_index("periode")
    assert reeks.loc["2026-09", "waarde"] == 1279
    assert (
        audit.lees(engine, 1, actie="herstel")["details"].iloc[0].startswith(f"release {demo_id}:")
    )


def alleen_lezen(engine) -> None:
    """From now on the page's engine cannot write (as a read-only file or replica would; as root,
    file permissions do not stop SQLite): every write fails inside its transaction."""

    @event.listens_for(engine, "connect")
    def _query_only(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA query_only=ON")

    engine.dispose()  # pooled connections were made without it


def databankmeldingen(at: AppTest) -> list[str]:
    assert not at.exception, at.exception
    assert hulp.FOUTMELDING not in [e.value for e in at.error]  # not "something unexpected"
    klaar = ("Geïmporteerd", "is bewaard", "is toegevoegd", "is verwijderd", "is teruggezet")
    assert not [m.value for m in at.success if any(w in m.value for w in klaar)]
    return [e.value for e in at.error if "alleen-lezen" in e.value]


def test_terugzetten_op_alleen_lezen_databank_geeft_nederlandse_melding(engine):
    releases = queries.releases(engine)
    demo_id = int(releases[releases["bestand"] == "leefloon_12025_mechelen.csv"]["id"].iloc[0])
    importer.importeer_bytes(
        engine,
        [("correctie.csv", csv_bytes(kubusrijen(MECHELEN, ["2026-09"], basis=600)))],
        door="beheer",
        demo=True,
    )
    at = start(BEHEER, "Releases")
    at.selectbox(key="beheer_herstel_keuze").set_value(demo_id)
    at.run()
    assert "Dit herstel wijzigt 1 gemeente-maand" in teksten(at)
    voor = toestand(engine)
    alleen_lezen(engine)

    at = knop(at, f"Ja, zet release {demo_id} terug").click().run()
    [melding] = databankmeldingen(at)
    assert melding.startswith("De gegevens zijn niet bewaard: de databank is alleen-lezen.")
    assert "Er is niets gewijzigd." in melding
    assert toestand(engine) == voor


def test_andere_schrijfacties_op_alleen_lezen_databank_geven_nederlandse_melding(engine):
    at = upload(start(), ("m.csv", csv_bytes(kubusrijen(MECHELEN, ["2026-10"]))))
    voor = toestand(engine)
    alleen_lezen(engine)

    # import after the preview
    at = knop(at, "Ja, importeer").click().run()
    assert len(databankmeldingen(at)) == 1
    # a target
    at = start(BEHEER, "Doelen")
    at = _vul_doelformulier(at, **GELDIG_DOEL)
    assert len(databankmeldingen(at)) == 1
    # a user added, a user removed
    at = start(BEHEER, "Gebruikers")
    invoer = {t.label: t for t in at.text_input}
    invoer["Gebruikersnaam"].input("jan.peeters")
    invoer["Naam"].input("Jan Peeters")
    invoer["Wachtwoord (minstens 8 tekens)"].input("Correct-Paard-9")
    invoer["Wachtwoord herhalen"].input("Correct-Paard-9")
    at.multiselect[0].set_value(["viewer"])
    [akkoord] = [c for c in at.checkbox if c.label.startswith("Ik begrijp")]
    akkoord.check()
    at = knop(at, "Gebruiker toevoegen").click().run()
    assert len(databankmeldingen(at)) == 1
    at = start(BEHEER, "Gebruikers")
    [keuze] = [s for s in at.selectbox if s.label == "Gebruiker"]
    keuze.set_value("raad")
    [zeker] = [c for c in at.checkbox if c.label.startswith("Ja, verwijder")]
    zeker.check()
    at = knop(at, "Verwijderen").click().run()
    assert len(databankmeldingen(at)) == 1
    assert toestand(engine) == voor


def test_beschadigde_databank_op_het_releasestabblad_geeft_nederlandse_melding(engine):
    at = start(BEHEER, "Releases")
    assert not at.exception and not at.error
    pad = engine.url.database
    engine.dispose()
    for extra in ("-wal", "-shm"):
        Path(pad + extra).unlink(missing_ok=True)
    Path(pad).write_bytes(b"kapot " * 4096)
    at.run()
    assert not at.exception, at.exception
    assert hulp.FOUTMELDING not in [e.value for e in at.error]
    [melding] = [e.value for e in at.error]
    assert melding.startswith("Dit deel van de pagina kan nu niet getoond worden: het ")
    assert "beschadigd" in melding


GELDIG_DOEL = dict(
    doel_id="pact-2027",
    naam="Pact 2027",
    van="2027-01",
    tot="2027-12",
    doelwaarde=300,
    subsidie=100000,
    bron="Beslissing OCMW-raad",
)


def _vul_doelformulier(at: AppTest, **waarden) -> AppTest:
    invoer = {t.label: t for t in at.text_input}
    invoer["Doel-id (uniek, zonder spaties)"].input(waarden["doel_id"])
    invoer["Naam"].input(waarden["naam"])
    invoer["Van (maand, JJJJ-MM)"].input(waarden["van"])
    invoer["Tot en met (maand, JJJJ-MM)"].input(waarden["tot"])
    getallen = {n.label: n for n in at.number_input}
    getallen["Doelwaarde (aantal)"].set_value(waarden["doelwaarde"])
    getallen["Maximale subsidie (euro)"].set_value(waarden["subsidie"])
    at.text_area[0].input(waarden["bron"])
    knop(at, "Doel bewaren").click()
    return at.run()


def test_doel_toevoegen_met_validatie(engine):
    at = start(BEHEER, "Doelen")
    assert not at.exception
    voor = toestand(engine)
    waarden = {**GELDIG_DOEL, "van": "2027-12", "tot": "2027-01"}  # end before start
    at = _vul_doelformulier(at, **waarden)
    assert not at.exception
    assert any("niet bewaard" in e.value and "vóór de begindatum" in e.value for e in at.error)
    assert toestand(engine) == voor

    at = _vul_doelformulier(at, **{**waarden, "van": "2027-01", "tot": "2027-12"})
    assert not at.exception
    assert any("pact-2027 is bewaard" in s.value.replace("\\", "") for s in at.success)
    doelen = queries.doelen(engine).set_index("doel_id")
    assert doelen.loc["pact-2027", "doelwaarde"] == 300
    assert queries.releases(engine).iloc[0]["soort"] == "doelen"
    assert audit.lees(engine, 1, actie="doel_gewijzigd")["gebruiker"].iloc[0] == "beheer"


# --------------------------------------------------------------------------------------------
# helpers of the page
# --------------------------------------------------------------------------------------------


def test_tijd_in_het_nederlands_en_brusselse_tijd():
    assert hulp.tijd_nl(datetime(2026, 10, 1, 12, 5)) == "1 okt 2026 14:05"
    assert hulp.tijd_nl(pd.Timestamp("2026-01-15 23:30", tz="UTC")) == "16 jan 2026 00:30"
    assert hulp.tijd_nl(None) == "–"


def test_markdown_uit_een_upload_wordt_ontsmet():
    assert hulp.md("![x](http://a)") == "\\!\\[x\\]\\(http\u2060\\://a\\)"
    assert hulp.md("<img src=x>") == "\\<img src\\=x\\>"
    assert hulp.md("- lijst") == "\\- lijst"


def test_maand_intrekken_met_voorbeeld_auditregel_en_terugzetten(engine):
    """Issue 16 item 11: Essen's September 2026 out of the current figures (preview per
    indicator, a reason, confirm), as a release with an audit row; restoring Essen's delivery
    brings it back."""
    essen = "11016"
    versie = queries.data_versie(engine)
    at = start(BEHEER, "Releases")
    assert not at.exception and not at.error
    at.selectbox(key="beheer_intrek_maand").set_value("2026-09")
    at.selectbox(key="beheer_intrek_nis").set_value(essen)
    at.run()
    assert not at.exception
    [wat] = [d.value for d in at.dataframe if "maandcijfer (totaal)" in d.value.columns]
    assert list(wat["gemeente"].unique()) == ["Essen"] and len(wat) == 7
    assert wat.set_index("indicator").loc["Leefloongerechtigden", "maandcijfer (totaal)"] == "40"
    maand = hulp.maand_nl("2026-09")
    assert f"Dit haalt {maand} van Essen uit de actuele cijfers: 132 rijen." in teksten(at)
    assert knop(at, f"Ja, trek {maand} in").disabled  # not without a reason
    assert queries.laatste_periode(engine, essen) == "2026-09"  # the preview wrote nothing

    at.text_input(key="beheer_intrek_reden").input("verkeerd bestand opgeladen").run()
    at = knop(at, f"Ja, trek {maand} in").click().run()
    assert not at.exception and not at.error
    assert any(f"{maand} is ingetrokken" in s.value for s in at.success)
    assert queries.laatste_periode(engine, essen) == "2026-08"
    assert queries.data_versie(engine) > versie
    regel = audit.lees(engine, 1, actie="intrekking").iloc[0]
    assert regel["gebruiker"] == "beheer" and "Essen: 132 rijen" in regel["details"]
    assert "reden: verkeerd bestand opgeladen" in regel["details"]
    [historiek] = [d.value for d in at.dataframe if "sha256" in d.value.columns]
    assert historiek["soort"].iloc[0] == "intrekking"

    releases = queries.releases(engine)
    levering = int(releases[releases["bestand"] == "leefloon_11016_essen.csv"]["id"].iloc[0])
    at.selectbox(key="beheer_herstel_keuze").set_value(levering)
    at.run()
    at = knop(at, f"Ja, zet release {levering} terug").click().run()
    assert not at.exception
    assert queries.laatste_periode(engine, essen) == "2026-09"


def test_alleen_de_officiele_cijfers_van_een_maand_intrekken(engine, monkeypatch):
    """Issue 19 item 4 in Beheer: an own count and an official delivery of the same month;
    "Welke cijfers? definitief" withdraws only the official figures, the own count stays."""
    # real figures end demo mode, which needs a cookie key
    monkeypatch.setenv("LEEFLOONMONITOR_COOKIE_KEY", secrets.token_urlsafe(48))
    essen, INDICATOR = "11016", "leefloongerechtigden"
    kop = (*domein.SJABLOON_KOLOMMEN[:7], "aantal", "teldefinitie", "status")

    def levering(naam: str, aantal: int, status: str) -> None:
        rij = [essen, "2026-09", INDICATOR, *["totaal"] * 4, str(aantal), "maandstand", status]
        uit = importer.importeer_bytes(engine, [(naam, csv_bytes([rij], kop=kop))], door="test")
        assert uit.geschreven, uit.verslag()

    levering("eigen_telling.csv", 39, "voorlopig")
    levering("podmi_essen.csv", 41, "definitief")
    assert queries.reeks(engine, essen, INDICATOR)["waarde"].tolist() == [41]
    at = start(BEHEER, "Releases")
    at.selectbox(key="beheer_intrek_maand").set_value("2026-09")
    at.selectbox(key="beheer_intrek_nis").set_value(essen)
    at.selectbox(key="beheer_intrek_status").set_value("definitief")
    at.run()
    assert not at.exception and not at.error
    [wat] = [d.value for d in at.dataframe if "maandcijfer (totaal)" in d.value.columns]
    assert wat[["indicator", "maandcijfer (totaal)", "rijen"]].values.tolist() == [
        ["Leefloongerechtigden", "41", "1"]
    ]
    at.text_input(key="beheer_intrek_reden").input("voorlopige levering van POD MI").run()
    at = knop(at, f"Ja, trek {hulp.maand_nl('2026-09')} in").click().run()
    assert not at.exception and not at.error
    # the own count of September is shown again; the official row is out, not deleted
    assert queries.reeks(engine, essen, INDICATOR)["waarde"].tolist() == [39]
    assert queries.laatste_periode(engine, essen) == "2026-09"
    with engine.connect() as conn:
        stand = conn.execute(
            select(feit.c.status, feit.c.actief)
            .join(release, release.c.id == feit.c.release_id)
            .where(release.c.bestand.in_(["eigen_telling.csv", "podmi_essen.csv"]))
        ).all()
    assert sorted(stand) == [("definitief", False), ("voorlopig", True)]
    assert "definitief" in audit.lees(engine, 1, actie="intrekking").iloc[0]["details"]


# --------------------------------------------------------------------------------------------
# mapping step: a file in another layout (issue 19)
# --------------------------------------------------------------------------------------------

EIGEN_EXPORT = (
    b"Gemeente;Maand;Leeftijdsgroep;Aantal LL\n"
    b"Mechelen;2026-10;Alle;1200\n"
    b"Mechelen;2026-10;jonger dan 25;300\n"
    b"Mechelen;2026-10;25-34;900\n"
)


def kies(at: AppTest, label: str, waarde: str) -> AppTest:
    [vak] = [s for s in at.selectbox if s.label == label]
    return vak.set_value(waarde).run()


def test_onbekend_bestand_koppelen_voorbeeld_profiel_en_importeren(engine):
    from data_access.formaten import profiel as pf

    voor = toestand(engine)
    at = upload(start(), ("eigen export.csv", EIGEN_EXPORT))
    assert not at.exception
    assert "heeft niet de kolommen van het sjabloon" in teksten(at)
    # first guesses from the column names; the rest is chosen by the user
    assert [s.value for s in at.selectbox if s.label == "Kolom 'gemeente'"] == ["gemeente:naam"]
    at = kies(at, "Kolom 'leeftijdsgroep'", "dimensie:leeftijd")
    at = kies(at, "Kolom 'aantal ll'", "meetwaarde:leefloongerechtigden")
    # '25-34' is a code itself; the other two values are not yet mapped
    assert [s.value for s in at.selectbox if s.label == "'25-34' betekent"] == ["25-34"]
    assert "Importeren" in [b.label for b in at.button if b.disabled]
    assert "waarde niet gekoppeld" in " ".join(verslag(at)["reden"])
    at = kies(at, "'Alle' betekent", "totaal")
    at = kies(at, "'jonger dan 25' betekent", "18-24")
    assert not at.exception and not at.error
    # the preview: the right figures, as a table and as text
    [tabel] = [d.value for d in at.dataframe if "categorie" in d.value.columns]
    assert tabel[["categorie", "aantal"]].values.tolist() == [
        ["Totaal", "1.200"],
        ["18–24 jaar", "300"],
        ["25–34 jaar", "900"],
    ]
    assert "- Mechelen, oktober 2026, Leefloongerechtigden, 18–24 jaar: 300" in teksten(at)
    assert toestand(engine) == voor
    # save the profile under a name
    [naam] = [t for t in at.text_input if t.label == "Profiel bewaren als …"]
    at = naam.input("OCMW export").run()
    at = knop(at, "Profiel bewaren").click().run()
    assert not at.exception
    assert any("Profiel 'OCMW export' bewaard" in s.value for s in at.success)
    bewaard = pf.laad(engine, "OCMW export")
    assert bewaard.dimensies == {"leeftijdsgroep": "leeftijd"}
    assert bewaard.waarden["leeftijd"] == {
        "alle": "totaal",
        "jonger dan 25": "18-24",
        "25-34": "25-34",
    }
    assert [s.value for s in at.selectbox if s.label == "Vertrek van een bewaard profiel"] == [
        "OCMW export"
    ]
    # import: the whole file is checked, then the usual preview and confirmation
    at = knop(at, "Importeren").click().run()
    assert not at.exception
    assert "Het bestand is in orde" in teksten(at)
    assert "Gelezen met het importprofiel 'OCMW export'." in teksten(at)
    assert toestand(engine) == voor
    # back to the mapping and forward again: the choices are kept (the saved profile)
    at = knop(at, "Koppeling aanpassen").click().run()
    assert "heeft niet de kolommen van het sjabloon" in teksten(at)
    at = knop(at, "Importeren").click().run()
    at = knop(at, "Ja, importeer").click().run()
    assert not at.exception
    assert any("Geïmporteerd als release" in s.value for s in at.success)
    uitsplitsing = queries.uitsplitsing_op_niveau(
        engine, MECHELEN, "leefloongerechtigden", "leeftijd", None, "2026-10", "2026-10"
    )
    assert (
        queries.reeks(engine, MECHELEN, "leefloongerechtigden")
        .set_index("periode")
        .loc["2026-10", "waarde"]
        == 1200
    )
    assert uitsplitsing is not None
    with db.get_engine().connect() as conn:
        rijen = conn.execute(
            select(feit.c.leeftijd, feit.c.aantal).where(
                feit.c.actief, feit.c.nis == MECHELEN, feit.c.periode == "2026-10"
            )
        ).all()
    assert sorted(rijen) == [("18-24", 300), ("25-34", 900), ("totaal", 1200)]


def test_sjabloon_met_een_fout_krijgt_het_verslag_en_geen_koppeling(engine):
    rijen = kubusrijen(MECHELEN, ["2026-10"])
    inhoud = csv_bytes(rijen).replace(b"bestemming", b"bestemmingen", 1)
    at = upload(start(), ("typo.csv", inhoud))
    assert not at.exception
    assert "heeft niet de kolommen van het sjabloon" not in teksten(at)
    assert "kolom ontbreekt" in set(verslag(at)["reden"])


def test_provincies_in_cijfers_bestand_zonder_koppeling(engine):
    inhoud = b"period;geolevel;geoitem;leefloongerechtigden\n2026-10;gemeente;11016;31\n"
    at = upload(start(), ("pic.csv", inhoud))
    assert not at.exception
    assert "heeft niet de kolommen van het sjabloon" not in teksten(at)
    assert "Het bestand is in orde" in teksten(at)
    at = knop(at, "Ja, importeer").click().run()
    assert any("Geïmporteerd als release" in s.value for s in at.success)
    reeks = queries.reeks(engine, "11016", "leefloongerechtigden").set_index("periode")
    assert reeks.loc["2026-10", "waarde"] == 31


def test_koppeling_aanpassen_zonder_bewaren_houdt_de_keuzes(engine):
    inhoud = b"NIS;Periode;LL\n11016;2026-10;31\n"
    at = upload(start(), ("eigen.csv", inhoud))
    at = kies(at, "Kolom 'll'", "meetwaarde:leefloongerechtigden")
    at = knop(at, "Importeren").click().run()
    assert "Het bestand is in orde" in teksten(at)
    at = knop(at, "Koppeling aanpassen").click().run()
    assert not at.exception
    [basis] = [s for s in at.selectbox if s.label == "Vertrek van een bewaard profiel"]
    assert basis.value == tab_opladen.koppeling.LAATSTE
    assert [s.value for s in at.selectbox if s.label == "Kolom 'll'"] == [
        "meetwaarde:leefloongerechtigden"
    ]
    at = knop(at, "Importeren").click().run()
    at = knop(at, "Ja, importeer").click().run()
    reeks = queries.reeks(engine, "11016", "leefloongerechtigden").set_index("periode")
    assert reeks.loc["2026-10", "waarde"] == 31
