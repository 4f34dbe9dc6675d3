"""User store, demo accounts, roles and pages (data_access.gebruikers / toegang / audit)."""

from datetime import UTC, datetime

import pytest
from apptest_hulp import markeer_als_demo
from sqlalchemy import insert, select

from data_access import audit, db, gebruikers, importer
from data_access.schema import gebruiker as gebruiker_tabel
from data_access.schema import release
from data_access.toegang import Gebruiker
from ui.navigatie import PAGINAS, paginas_voor

WACHTWOORD = "Correct-Paard-9"


@pytest.fixture(autouse=True)
def snel_bcrypt(monkeypatch):
    monkeypatch.setattr(gebruikers, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def engine(leeg_engine):
    """An empty database, on SQLite and on PostgreSQL (tests/conftest.py)."""
    return leeg_engine


def voeg_release_toe(engine, demo: bool, soort: str = "feiten") -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(release).values(
                soort=soort,
                bestand="demo.csv" if demo else "echt.csv",
                sha256="0" * 64,
                rijen=1,
                door="test",
                tijdstip=datetime.now(UTC),
                demo=demo,
            )
        )


def hashes(engine) -> dict[str, str]:
    with engine.connect() as conn:
        rijen = conn.execute(
            select(gebruiker_tabel.c.gebruikersnaam, gebruiker_tabel.c.wachtwoord_hash)
        )
        return dict(rijen.all())


# ------------------------------------------------------------------ add / list / remove


def test_toevoegen_lijst_verwijderen(engine):
    nieuw = gebruikers.voeg_toe(
        engine,
        "An.Peeters",
        "An Peeters",
        WACHTWOORD,
        ["analyst"],
        ["12025", "11016"],
        email="an@mechelen.be",
    )
    assert nieuw == Gebruiker(
        "an.peeters", "An Peeters", frozenset({"analyst"}), frozenset({"12025", "11016"}), "12025"
    )

    frame = gebruikers.lijst(engine)
    assert list(frame["gebruikersnaam"]) == ["an.peeters"]
    rij = frame.iloc[0]
    assert rij["rollen"] == "analyst" and rij["gemeenten"] == "12025,11016"
    assert bool(rij["actief"]) and not bool(rij["demo"])
    # never the hash or the password in the list
    assert not any("hash" in kolom or "wachtwoord" in kolom for kolom in frame.columns)
    tekst = frame.astype(str).to_string()
    assert "$2b$" not in tekst and WACHTWOORD not in tekst

    opgeslagen = hashes(engine)["an.peeters"]
    assert opgeslagen.startswith("$2b$") and WACHTWOORD not in opgeslagen

    gebruikers.verwijder(engine, "an.peeters")
    assert gebruikers.lijst(engine).empty
    with pytest.raises(gebruikers.GebruikerFout, match="bestaat niet"):
        gebruikers.verwijder(engine, "an.peeters")


def test_gebruikerswijzigingen_in_auditlog_zonder_geheimen(engine):
    gebruikers.voeg_toe(engine, "jan", "Jan", WACHTWOORD, "editor,admin", door="beheer")
    gebruikers.verwijder(engine, "jan", door="beheer")
    log = audit.lees(engine)
    assert list(log["actie"]) == ["gebruiker_verwijderd", "gebruiker_toegevoegd"]
    assert set(log["gebruiker"]) == {"beheer"}
    assert "rollen=editor,admin" in log["details"].iloc[1]
    assert not log["details"].str.contains(WACHTWOORD, regex=False).any()
    assert not log["details"].str.contains("$2b$", regex=False).any()


def test_wachtwoord_controle(engine):
    gebruikers.voeg_toe(engine, "jan", "Jan", WACHTWOORD, ["viewer"])
    assert gebruikers.controleer_wachtwoord(engine, "jan", WACHTWOORD).gebruikersnaam == "jan"
    assert gebruikers.controleer_wachtwoord(engine, " JAN ", WACHTWOORD) is not None
    assert gebruikers.controleer_wachtwoord(engine, "jan", "verkeerd-wachtwoord") is None
    assert gebruikers.controleer_wachtwoord(engine, "jan", WACHTWOORD + " ") is None
    assert gebruikers.controleer_wachtwoord(engine, "niemand", WACHTWOORD) is None
    assert gebruikers.controleer_wachtwoord(engine, "jan", "x" * 100) is None


def test_vervangen_zet_nieuw_wachtwoord(engine):
    gebruikers.voeg_toe(engine, "jan", "Jan", WACHTWOORD, ["viewer"])
    with pytest.raises(gebruikers.GebruikerFout, match="bestaat al"):
        gebruikers.voeg_toe(engine, "jan", "Jan", "Nieuw-wachtwoord-1", ["viewer"])
    gebruikers.voeg_toe(engine, "jan", "Jan", "Nieuw-wachtwoord-1", ["editor"], vervang=True)
    assert gebruikers.controleer_wachtwoord(engine, "jan", WACHTWOORD) is None
    assert gebruikers.controleer_wachtwoord(engine, "jan", "Nieuw-wachtwoord-1").is_editor


@pytest.mark.parametrize(
    ("argumenten", "fout"),
    [
        ({"rollen": ["baas"]}, "Onbekende rol 'baas'"),
        ({"rollen": []}, "minstens één rol"),
        ({"wachtwoord": ""}, "wachtwoord is leeg"),
        ({"wachtwoord": "é" * 37}, "te lang (74 bytes"),
        ({"wachtwoord": "kort"}, "te kort"),
        ({"gemeenten": ["99999"]}, "Onbekende NIS-code '99999'"),
        ({"rollen": ["analyst"], "gemeenten": []}, "analist heeft minstens één gemeente"),
        ({"gebruikersnaam": "met spatie"}, "Ongeldige gebruikersnaam"),
        ({"email": "geen-adres"}, "Ongeldig e-mailadres"),
        ({"email": gebruikers.DEMO_EMAIL}, "voorbehouden aan de demo-accounts"),
    ],
)
def test_ongeldige_invoer_geeft_nederlandse_fout(engine, argumenten, fout):
    basis = {
        "gebruikersnaam": "jan",
        "naam": "Jan",
        "wachtwoord": WACHTWOORD,
        "rollen": ["viewer"],
        "gemeenten": ["12025"],
        "email": "",
    }
    basis.update(argumenten)
    with pytest.raises(gebruikers.GebruikerFout) as info:
        gebruikers.voeg_toe(engine, **basis)
    assert fout in str(info.value)
    assert gebruikers.lijst(engine).empty


def test_alle_fouten_tegelijk(engine):
    with pytest.raises(gebruikers.GebruikerFout) as info:
        gebruikers.voeg_toe(engine, "jan", "Jan", "", ["baas"], ["00000"])
    assert len(info.value.fouten) == 3


def test_credentials_voor_authenticator(engine):
    gebruikers.voeg_toe(
        engine, "jan", "Jan Janssens", WACHTWOORD, ["admin", "editor"], email="jan@lier.be"
    )
    cred = gebruikers.credentials_voor_authenticator(engine)
    jan = cred["usernames"]["jan"]
    assert jan["name"] == "Jan Janssens" and jan["email"] == "jan@lier.be"
    assert jan["roles"] == ["editor", "admin"]
    assert jan["password"].startswith("$2b$")

    from streamlit_authenticator import Hasher

    assert Hasher.is_hash(jan["password"]) and Hasher.check_pw(WACHTWOORD, jan["password"])


# ------------------------------------------------------------------ demo accounts


def test_geen_demo_accounts_zonder_demodata(engine):
    assert not gebruikers.demo_modus(engine)
    assert gebruikers.zorg_voor_demo_accounts(engine) is False
    assert gebruikers.lijst(engine).empty
    assert gebruikers.controleer_wachtwoord(engine, "raad", "demo") is None


def test_demo_accounts_in_demomodus(engine):
    voeg_release_toe(engine, demo=True)
    assert gebruikers.demo_modus(engine)
    assert gebruikers.zorg_voor_demo_accounts(engine) is True
    assert gebruikers.zorg_voor_demo_accounts(engine) is True  # idempotent
    frame = gebruikers.lijst(engine)
    assert sorted(frame["gebruikersnaam"]) == ["analist", "beheer", "raad"]
    assert frame["demo"].all()

    raad = gebruikers.controleer_wachtwoord(engine, "raad", "demo")
    assert raad.rollen == {"viewer"} and not raad.is_editor
    analist = gebruikers.controleer_wachtwoord(engine, "analist", "demo")
    assert analist.gemeenten == {"12025", "11016", "12021"}
    assert analist.ziet_detail("11016") and not raad.ziet_detail("12025")
    beheer = gebruikers.controleer_wachtwoord(engine, "beheer", "demo")
    assert beheer.is_editor and beheer.is_admin
    assert set(gebruikers.credentials_voor_authenticator(engine)["usernames"]) == {
        "raad",
        "analist",
        "beheer",
    }


def test_echte_import_beeindigt_demomodus(engine):
    voeg_release_toe(engine, demo=True)
    gebruikers.zorg_voor_demo_accounts(engine)
    voeg_release_toe(engine, demo=False, soort="feiten")
    assert not gebruikers.demo_modus(engine)
    # ignored at once, even before they are removed
    assert gebruikers.controleer_wachtwoord(engine, "raad", "demo") is None
    assert gebruikers.haal(engine, "beheer") is None
    assert gebruikers.credentials_voor_authenticator(engine) == {"usernames": {}}
    assert gebruikers.zorg_voor_demo_accounts(engine) is False
    assert gebruikers.lijst(engine).empty


def test_echte_gebruiker_beeindigt_demomodus(engine):
    voeg_release_toe(engine, demo=True)
    gebruikers.zorg_voor_demo_accounts(engine)
    gebruikers.voeg_toe(engine, "jan", "Jan", WACHTWOORD, ["admin"])
    assert not gebruikers.demo_modus(engine)
    assert list(gebruikers.lijst(engine)["gebruikersnaam"]) == ["jan"]
    assert gebruikers.zorg_voor_demo_accounts(engine) is False


def test_echte_gebruiker_met_demonaam_is_geen_demo_account(engine):
    gebruikers.voeg_toe(engine, "raad", "Raad Mechelen", WACHTWOORD, ["viewer"])
    voeg_release_toe(engine, demo=True)
    assert not gebruikers.demo_modus(engine)
    gebruikers.zorg_voor_demo_accounts(engine)
    assert list(gebruikers.lijst(engine)["demo"]) == [False]
    assert gebruikers.controleer_wachtwoord(engine, "raad", WACHTWOORD) is not None
    assert gebruikers.controleer_wachtwoord(engine, "raad", "demo") is None


# ------------------------------------------------------------------ accounts made in demo mode

STERK = "Sterk-Wachtwoord-1"


def echte_import(engine, door: str = "cli"):
    """The first real facts, through the real importer."""
    from maak_bestanden import csv_bytes, kubusrijen, maanden

    resultaat = importer.importeer_bytes(
        engine,
        [("leefloon_2024.csv", csv_bytes(kubusrijen("12025", maanden("2024-01", 2))))],
        door=door,
    )
    assert resultaat.geschreven, resultaat.verslag()


def demodatabank(engine) -> None:
    markeer_als_demo(engine)
    assert gebruikers.zorg_voor_demo_accounts(engine) is True


def test_geplante_beheerder_verdwijnt_bij_de_echte_import(engine):
    """The public demo admin `beheer` plants an admin; that one adds an accomplice. After the
    real import neither logs in, and the audit log says so."""
    demodatabank(engine)
    gebruikers.voeg_toe(engine, "indringer", "X", STERK, ["editor", "admin"], door="beheer")
    gebruikers.voeg_toe(engine, "handlanger", "Y", STERK, ["admin"], door="indringer")
    assert gebruikers.aanmelden(engine, "indringer", STERK, "10.0.0.1").gebruiker  # demo still
    assert set(gebruikers.lijst(engine).query("uit_demo")["gebruikersnaam"]) == {
        "indringer",
        "handlanger",
    }

    echte_import(engine, door="cli")

    for naam in ("indringer", "handlanger"):
        assert gebruikers.aanmelden(engine, naam, STERK, "10.0.0.1").gebruiker is None
        assert gebruikers.haal(engine, naam) is None  # open sessions end at the next check
    assert gebruikers.credentials_voor_authenticator(engine) == {"usernames": {}}
    frame = gebruikers.lijst(engine)
    assert not frame["actief"].any()
    [rij] = audit.lees(engine, actie="demo_beeindigd").itertuples()
    assert rij.gebruiker == "cli" and "handlanger, indringer" in rij.details
    # a session that is still open cannot hand its access on, nor remove a real admin
    gebruikers.voeg_toe(engine, "echt", "Echte beheerder", STERK, ["admin"])
    with pytest.raises(gebruikers.GebruikerFout, match="demomodus"):
        gebruikers.voeg_toe(engine, "nog1", "Z", STERK, ["admin"], door="indringer")
    with pytest.raises(gebruikers.GebruikerFout, match="demomodus"):
        gebruikers.verwijder(engine, "echt", door="indringer")
    assert gebruikers.aanmelden(engine, "echt", STERK, "10.0.0.2").gebruiker
    # a real admin may give such an account a new password: it is a real account then
    gebruikers.voeg_toe(engine, "handlanger", "Y", "Nieuw-Wachtwoord-2", ["viewer"], vervang=True)
    assert gebruikers.aanmelden(engine, "handlanger", "Nieuw-Wachtwoord-2", "10.0.0.3").gebruiker


def test_demo_eindigt_ook_zonder_importeur(engine):
    """Real facts that arrive another way (an older version, the database directly): the marked
    accounts are refused at once and disabled by the next `zorg_voor_demo_accounts` (every
    import calls it), with their audit row."""
    demodatabank(engine)
    gebruikers.voeg_toe(engine, "indringer", "X", STERK, ["admin"], door="beheer")
    voeg_release_toe(engine, demo=False, soort="feiten")
    assert gebruikers.aanmelden(engine, "indringer", STERK, "10.0.0.1").gebruiker is None
    assert gebruikers.zorg_voor_demo_accounts(engine) is False
    assert list(audit.lees(engine, actie="demo_beeindigd")["gebruiker"]) == ["-"]
    assert gebruikers.zorg_voor_demo_accounts(engine) is False  # once
    assert len(audit.lees(engine, actie="demo_beeindigd")) == 1


def test_accounts_van_voor_de_demo_en_na_de_import_blijven(engine):
    gebruikers.voeg_toe(engine, "jan", "Jan", WACHTWOORD, ["admin"])  # production, no demo data
    echte_import(engine)
    gebruikers.voeg_toe(engine, "an", "An", WACHTWOORD, ["viewer"], door="jan")
    voeg_release_toe(engine, demo=True)  # demo data next to real facts: not a demo database
    gebruikers.voeg_toe(engine, "piet", "Piet", WACHTWOORD, ["viewer"], door="jan")
    assert not gebruikers.lijst(engine)["uit_demo"].any()
    for naam in ("jan", "an", "piet"):
        assert gebruikers.aanmelden(engine, naam, WACHTWOORD, "10.0.0.1").gebruiker
    assert audit.lees(engine, actie="demo_beeindigd").empty


def test_oude_databank_krijgt_de_kolom_en_de_markering(engine):
    """A database of the previous version (no column `demo_aangemaakt`) in which the demo admin
    planted an admin: opening it adds the column and marks the planted admin from the audit
    trail; after the real import it no longer logs in. An account without such a trail (put in
    by hand) is left alone."""
    demodatabank(engine)
    gebruikers.voeg_toe(engine, "indringer", "X", STERK, ["admin"], door="beheer")
    with engine.begin() as conn:
        conn.execute(
            insert(gebruiker_tabel).values(
                gebruikersnaam="handwerk",
                naam="H",
                email="",
                wachtwoord_hash=gebruikers._hash(WACHTWOORD, 4),
                rollen="viewer",
                gemeenten="",
                actief=True,
            )
        )
        conn.exec_driver_sql("ALTER TABLE gebruiker DROP COLUMN demo_aangemaakt")
        conn.exec_driver_sql("DROP TABLE schema_versie")  # that version had no version table
    db.init_schema(engine)
    assert set(gebruikers.lijst(engine).query("uit_demo")["gebruikersnaam"]) == {"indringer"}
    db.init_schema(engine)  # idempotent
    echte_import(engine)
    assert gebruikers.aanmelden(engine, "indringer", STERK, "10.0.0.1").gebruiker is None
    assert gebruikers.aanmelden(engine, "handwerk", WACHTWOORD, "10.0.0.1").gebruiker


def test_oude_databank_na_de_import_schakelt_uit_bij_openen(engine):
    demodatabank(engine)
    gebruikers.voeg_toe(engine, "indringer", "X", STERK, ["admin"], door="beheer")
    voeg_release_toe(engine, demo=False, soort="feiten")
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE gebruiker DROP COLUMN demo_aangemaakt")
        conn.exec_driver_sql("DROP TABLE schema_versie")  # that version had no version table
    db.init_schema(engine)
    assert gebruikers.aanmelden(engine, "indringer", STERK, "10.0.0.1").gebruiker is None
    assert "indringer" in audit.lees(engine, actie="demo_beeindigd")["details"].iloc[0]


# ------------------------------------------------------------------ roles and pages


def test_rollen_en_paginas():
    viewer = Gebruiker("r", "R", frozenset({"viewer"}), frozenset({"12025"}))
    analist = Gebruiker("a", "A", frozenset({"analyst"}), frozenset({"11016"}))
    editor = Gebruiker("e", "E", frozenset({"editor"}))
    admin = Gebruiker("b", "B", frozenset({"admin"}))

    assert [p.pad for p in PAGINAS] == [
        "app.py",
        "pages/1_Trends.py",
        "pages/2_Doelgroepen.py",
        "pages/3_Pact_en_prognose.py",
        "pages/4_Wat_als.py",
        "pages/5_Vergelijking.py",
        "pages/8_Kaart.py",
        "pages/6_Data_en_methode.py",
        "pages/9_Uitleg_en_begrippen.py",
        "pages/7_Beheer.py",
    ]
    for wie in (viewer, analist):
        titels = [p.titel for p in paginas_voor(wie)]
        assert "Beheer" not in titels and len(titels) == 9
        assert titels[-1] == "Uitleg & begrippen"
    for wie in (editor, admin):
        assert [p.titel for p in paginas_voor(wie)][-1] == "Beheer"

    assert viewer.mag("viewer") and not viewer.mag("editor") and not viewer.mag("analyst")
    assert admin.mag("editor") and admin.is_editor and admin.is_admin
    assert editor.is_editor and not editor.is_admin and not editor.mag("analyst")
    assert analist.ziet_detail("11016") and not analist.ziet_detail("12025")
    assert not viewer.ziet_detail("12025")  # a viewer never sees detail, even of its own town
    with pytest.raises(ValueError):
        viewer.mag("baas")


def test_audit_weigert_onbekende_actie(engine):
    with pytest.raises(ValueError, match="Onbekende auditactie"):
        audit.log(engine, "jan", "inbraak")
    audit.log(engine, None, "export", "trends.csv", "10.0.0.1")
    rij = audit.lees(engine).iloc[0]
    assert (rij["gebruiker"], rij["actie"], rij["client"]) == ("-", "export", "10.0.0.1")
    assert str(rij["tijdstip"].tz) == "UTC"


@pytest.mark.parametrize("actie", ["toevoegen", "verwijderen"])
def test_wijziging_en_auditrij_samen_of_niet(engine, monkeypatch, actie):
    """A user change and its audit row are one transaction: when the audit row fails, the change
    is rolled back too (Beheer then rightly says nothing changed)."""
    from sqlalchemy.exc import OperationalError

    gebruikers.voeg_toe(engine, "jan", "Jan", "Correct-Paard-9", ["viewer"])
    echt = audit.log

    def mislukt(bron, *args, **kwargs):
        echt(bron, *args, **kwargs)
        raise OperationalError("INSERT INTO audit", {}, Exception("database is locked"))

    monkeypatch.setattr(gebruikers.audit, "log", mislukt)
    with pytest.raises(OperationalError):
        if actie == "toevoegen":
            gebruikers.voeg_toe(engine, "piet", "Piet", "Correct-Paard-9", ["viewer"])
        else:
            gebruikers.verwijder(engine, "jan")
    namen = set(gebruikers.lijst(engine)["gebruikersnaam"])
    assert namen == {"jan"}  # piet not added, jan not removed
    assert not (audit.lees(engine, 10)["details"].str.startswith("piet").any())
