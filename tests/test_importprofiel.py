"""Import profiles (column mappings) and the Provincies in Cijfers layout (issue 19, item 3).

The translation is a pure function of the file (no database); the profile store runs on SQLite
and on a real PostgreSQL server (fixture `leeg_engine`)."""

import contextlib
import io
import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

import domein
from cli.main import main as cli_main
from data_access import inlezen
from data_access.formaten import herken
from data_access.formaten import profiel as pf
from data_access.formaten.pic import PIC
from data_access.formaten.profiel import Meetwaarde, Profiel, ProfielFout
from data_access.schema import feit

VANDAAG = date(2026, 11, 22)


def lees(tekst: str, naam: str = "eigen.csv") -> inlezen.Ingelezen:
    return inlezen.lees(tekst.encode("utf-8"), naam)


def profiel(**kw) -> Profiel:
    basis = dict(
        naam="ocmw export",
        gemeente_kolom="gemeente",
        gemeente_soort="naam",
        maand_kolom="maand",
        dimensies={"leeftijdsgroep": "leeftijd"},
        meetwaarden={"aantal ll": Meetwaarde("leefloongerechtigden", "maandstand", "voorlopig")},
        waarden={"leeftijd": {"jonger dan 25": "18-24", "alle": "totaal"}},
    )
    basis.update(kw)
    return Profiel(**basis)


EIGEN = (
    "Gemeente;Maand;Leeftijdsgroep;Aantal LL;Opmerking\n"
    "Mechelen;2024-03;Alle;120;x\n"
    "Mechelen;2024-03;jonger dan 25;30;\n"
    "Mechelen;2024-03;25-34;90;\n"
    "Essen;202403;alle;;niet ontvangen\n"
)


def test_profiel_vertaalt_naar_het_sjabloon_met_elke_dimensie():
    v = pf.vertaal(profiel(), lees(EIGEN), VANDAAG)
    assert v.fouten == []
    assert list(v.frame.columns) == [
        "nis",
        "periode",
        "indicator",
        *domein.DIMENSIE_NAMEN,
        "aantal",
        "teldefinitie",
        "status",
    ]
    rijen = v.frame.set_index("leeftijd")
    assert rijen.loc["totaal", "aantal"] == "120" and rijen.loc["18-24", "aantal"] == "30"
    assert rijen.loc["25-34", "aantal"] == "90"  # the code itself needs no mapping
    assert set(v.frame["nis"]) == {"12025"} and set(v.frame["periode"]) == {"2024-03"}
    andere = [d for d in domein.DIMENSIE_NAMEN if d != "leeftijd"]
    assert (v.frame[andere] == "totaal").all().all()
    assert set(v.frame["teldefinitie"]) == {"maandstand"} and set(v.frame["status"]) == {
        "voorlopig"
    }
    assert all(isinstance(c, str) for c in v.frame.to_numpy().ravel())
    # the blank measure of Essen is 'no figure', not 0, and the extra column is named
    assert "1 lege cel" in " ".join(v.notities) and "opmerking" in " ".join(v.notities)


@pytest.mark.parametrize(
    ("rij", "kolom", "reden"),
    [
        ("Mechelen;2024-03;18 tot 24;5;", "leeftijdsgroep", "niet gekoppeld"),
        ("Atlantis;2024-03;Alle;5;", "gemeente", "onbekende gemeente"),
        ("Mechelen;maart;Alle;5;", "maand", "geen geldige maand"),
        ("Mechelen;2024-13;Alle;5;", "maand", "geen geldige maand"),
        ("Mechelen;2027-01;Alle;5;", "maand", "toekomst"),
        ("Mechelen;2024-04;Alle;5,5;", "aantal ll", "geen geheel getal"),
        ("Mechelen;2024-04;Alle;-3;", "aantal ll", "geen geheel getal"),
    ],
)
def test_elk_probleem_in_de_termen_van_het_bestand(rij, kolom, reden):
    v = pf.vertaal(profiel(), lees(EIGEN + rij + "\n"), VANDAAG)
    assert len(v.fouten) == 1, [f.als_tekst() for f in v.fouten]
    fout = v.fouten[0]
    assert (fout.rij, fout.kolom) == (6, kolom) and reden in fout.reden and fout.oplossing
    assert v.frame.empty  # nothing is translated from a file with a problem


def test_dubbele_rij_na_koppeling_noemt_beide_rijen():
    v = pf.vertaal(profiel(), lees(EIGEN + "Mechelen;2024-03;jonger dan 25;31;\n"), VANDAAG)
    assert [(f.rij, "rij 3" in f.reden) for f in v.fouten] == [(6, True)]


def test_oude_nis_code_krijgt_de_code_van_2025_als_oplossing():
    p = profiel(gemeente_soort="nis")
    v = pf.vertaal(
        p, lees("gemeente;maand;leeftijdsgroep;aantal ll\n12030;2018-05;alle;7\n"), VANDAAG
    )
    assert "12041" in v.fouten[0].oplossing  # Puurs -> Puurs-Sint-Amands (2019)


def test_jaar_en_maandkolom_en_datums():
    p = profiel(
        gemeente_soort="nis", maand_kolom="mnd", jaar_kolom="jaar", dimensies={}, waarden={}
    )
    tekst = "gemeente;jaar;mnd;aantal ll\n11016;2023;maart;33\n11016;2023;4;31\n"
    v = pf.vertaal(p, lees(tekst), VANDAAG)
    assert v.fouten == [] and list(v.frame["periode"]) == ["2023-03", "2023-04"]
    assert pf._maand("15/03/2024") == "2024-03" and pf._maand("2024-03-01 00:00:00") == "2024-03"
    assert pf._maand("2024-3") == "2024-03" and pf._maand("3-2024") is None


def test_ontbrekende_kolom_en_onbruikbaar_profiel():
    v = pf.vertaal(profiel(), lees("gemeente;maand;aantal ll\nMechelen;2024-03;5\n"), VANDAAG)
    assert [(f.rij, f.kolom, "ontbreekt" in f.reden) for f in v.fouten] == [
        (1, "leeftijdsgroep", True)
    ]
    with pytest.raises(ProfielFout) as fout:
        Profiel.uit_dict(
            "x",
            {
                "gemeente": {"kolom": "g"},
                "maand": {"kolom": "m"},
                "dimensies": {"d": "kleur"},
                "meetwaarden": {"a": {"indicator": "geluk", "teldefinitie": "soms"}},
            },
        )
    tekst = " ".join(fout.value.fouten)
    assert "onbekende dimensie 'kleur'" in tekst and "onbekende indicator 'geluk'" in tekst
    assert "onbekende teldefinitie 'soms'" in tekst


def test_json_heen_en_terug():
    p = profiel()
    assert Profiel.uit_json(p.naam, p.als_json()) == p


def test_profielen_bewaren_laden_lijst(leeg_engine):
    p = profiel()
    pf.bewaar(leeg_engine, p, "analist")
    assert pf.laad(leeg_engine, "ocmw export") == p
    assert pf.laad(leeg_engine, "bestaat niet") is None
    p2 = profiel(maand_kolom="periode")
    pf.bewaar(leeg_engine, p2, "analist")  # same name: replaced
    assert pf.laad(leeg_engine, "ocmw export").maand_kolom == "periode"
    assert list(pf.lijst(leeg_engine)["naam"]) == ["ocmw export"]
    with pytest.raises(ProfielFout):
        pf.bewaar(leeg_engine, profiel(naam="x/../y"), "analist")


PIC_BESTAND = (
    "period;geolevel;geoitem;leefloongerechtigden;instroom\n"
    "2024-01;gemeente;12025;1200;40\n"
    "202402;gemeente;11016;33;\n"
)


def test_pic_layout_wordt_herkend_en_vertaald():
    ingelezen = lees(PIC_BESTAND, "pic.csv")
    assert herken(list(ingelezen.frame.columns)) is PIC
    v = PIC.vertaal(ingelezen, VANDAAG)
    assert v.fouten == []
    rijen = {(r.nis, r.periode, r.indicator): r.aantal for r in v.frame.itertuples()}
    assert rijen == {
        ("12025", "2024-01", "leefloongerechtigden"): "1200",
        ("12025", "2024-01", "instroom"): "40",
        ("11016", "2024-02", "leefloongerechtigden"): "33",
    }


def test_pic_weigert_ander_niveau_jaar_en_onbekende_variabele():
    tekst = (
        "period;geolevel;geoitem;leefloongerechtigden;ll_per_1000\n"
        "2023;gemeente;12025;1200;14\n"
        "2024-01;provincie;10000;9000;5\n"
    )
    fouten = PIC.vertaal(lees(tekst, "pic.csv"), VANDAAG).fouten
    gevonden = {(f.rij, f.kolom) for f in fouten}
    assert gevonden == {(1, "ll_per_1000"), (2, "period"), (3, "geolevel")}
    jaar = next(f for f in fouten if f.kolom == "period")
    assert "2023-12" in jaar.oplossing


# --------------------------------------------------------------------------------------------
# End to end through the console script, on SQLite and PostgreSQL


@dataclass
class Uitvoer:
    returncode: int
    stdout: str
    stderr: str


def cli(engine, *args) -> Uitvoer:
    """The console script in this process (as tests/test_intrekken.py): exit code and output."""
    url = engine.url.render_as_string(hide_password=False)
    uit, fout = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as mp,
        contextlib.redirect_stdout(uit),
        contextlib.redirect_stderr(fout),
    ):
        mp.setenv("LEEFLOONMONITOR_DB", url)
        code = cli_main(list(args))
    return Uitvoer(code, uit.getvalue(), fout.getvalue())


def feiten(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                select(feit.c.nis, feit.c.periode, feit.c.leeftijd, feit.c.aantal).where(
                    feit.c.actief
                )
            ).all()
        )


def test_cli_import_met_profiel_en_weigeringen(leeg_engine, tmp_path):
    pf.bewaar(leeg_engine, profiel(), "analist")
    goed = tmp_path / "eigen.csv"
    goed.write_text(
        "Gemeente;Maand;Leeftijdsgroep;Aantal LL\n"
        "Mechelen;2024-03;Alle;120\n"
        "Mechelen;2024-03;jonger dan 25;30\n"
        "Mechelen;2024-03;25-34;90\n",
        encoding="utf-8",
    )
    onbekend = cli(leeg_engine, "import", str(goed), "--profiel", "bestaat niet")
    assert onbekend.returncode == 2 and "Onbekend importprofiel 'bestaat niet'" in onbekend.stderr
    assert "ocmw export" in onbekend.stderr and "Traceback" not in onbekend.stderr
    fout = tmp_path / "fout.csv"
    fout.write_text(goed.read_text() + "Atlantis;2024-03;Alle;5\n", encoding="utf-8")
    geweigerd = cli(leeg_engine, "import", str(fout), "--profiel", "ocmw export")
    assert geweigerd.returncode == 2
    assert "rij 5, kolom 'gemeente', waarde 'Atlantis': onbekende gemeente" in geweigerd.stderr
    assert feiten(leeg_engine) == []
    uit = cli(leeg_engine, "import", str(goed), "--profiel", "ocmw export")
    assert uit.returncode == 0, uit.stderr
    assert feiten(leeg_engine) == [
        ("12025", "2024-03", "18-24", 30),
        ("12025", "2024-03", "25-34", 90),
        ("12025", "2024-03", "totaal", 120),
    ]
    lijst = cli(leeg_engine, "profielen", "--json")
    assert lijst.returncode == 0
    (gegeven,) = json.loads(lijst.stdout)
    assert gegeven["name"] == "ocmw export" and gegeven["by"] == "analist"
    assert gegeven["definition"]["meetwaarden"]["aantal ll"]["indicator"] == "leefloongerechtigden"


def _rijen(engine, *kolommen) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(
            conn.execute(select(*(feit.c[k] for k in kolommen)).where(feit.c.actief)).all()
        )


def test_cli_profiel_met_officiele_dimensie_teldefinitie_en_status(leeg_engine, tmp_path):
    """Two measure columns (LL and eq. LL) broken down by sex, delivered as official figures."""
    p = Profiel(
        naam="barometer eigen",
        gemeente_kolom="nis",
        maand_kolom="maand",
        dimensies={"sexe": "geslacht"},
        meetwaarden={
            "ll": Meetwaarde("leefloon", "maandstand", "definitief"),
            "eq ll": Meetwaarde("equivalent_leefloon", "maandstand", "definitief"),
        },
        waarden={"geslacht": {"homme": "man", "femme": "vrouw", "total": "totaal"}},
    )
    pf.bewaar(leeg_engine, p, "analist")
    bestand = tmp_path / "barometer.csv"
    bestand.write_text(
        "NIS;Maand;Sexe;LL;EQ LL\n"
        "11016;2023-10;Total;33;4\n"
        "11016;2023-10;Homme;15;\n"
        "11016;2023-10;Femme;18;\n",
        encoding="utf-8",
    )
    uit = cli(leeg_engine, "import", str(bestand), "--profiel", "barometer eigen")
    assert uit.returncode == 0, uit.stderr
    assert _rijen(leeg_engine, "indicator", "geslacht", "aantal", "teldefinitie", "status") == [
        ("equivalent_leefloon", "totaal", 4, "maandstand", "definitief"),
        ("leefloon", "man", 15, "maandstand", "definitief"),
        ("leefloon", "totaal", 33, "maandstand", "definitief"),
        ("leefloon", "vrouw", 18, "maandstand", "definitief"),
        # the importer adds the sum LL + eq. LL where both totals are delivered
        ("leefloongerechtigden", "totaal", 37, "maandstand", "definitief"),
    ]
    assert _rijen(leeg_engine, "leeftijdsklasse", "huishoudtype")[0] == ("totaal", "totaal")


def test_cli_pic_bestand_wordt_herkend_en_weigering_laat_de_databank_ongemoeid(
    leeg_engine, tmp_path
):
    fout = tmp_path / "pic_fout.csv"
    fout.write_text(PIC_BESTAND + "2024-01;provincie;10000;9000;\n", encoding="utf-8")
    geweigerd = cli(leeg_engine, "import", str(fout))
    assert geweigerd.returncode == 2
    assert "rij 4, kolom 'geolevel', waarde 'provincie'" in geweigerd.stderr
    assert _rijen(leeg_engine, "nis") == []
    goed = tmp_path / "pic.csv"
    goed.write_text(PIC_BESTAND, encoding="utf-8")
    uit = cli(leeg_engine, "import", str(goed))
    assert uit.returncode == 0, uit.stderr
    assert _rijen(leeg_engine, "nis", "periode", "indicator", "aantal", "teldefinitie") == [
        ("11016", "2024-02", "leefloongerechtigden", 33, "maandstand"),
        ("12025", "2024-01", "instroom", 40, "maandstroom"),
        ("12025", "2024-01", "leefloongerechtigden", 1200, "maandstand"),
    ]


def test_cli_onbruikbaar_profiel_en_lijst_als_tekst(leeg_engine, tmp_path):
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from data_access.schema import importprofiel

    definitie = profiel().als_dict()
    definitie["dimensies"] = {"leeftijdsgroep": "kleur"}  # a dimension the registry lacks
    with leeg_engine.begin() as conn:
        conn.execute(
            insert(importprofiel).values(
                naam="oud", definitie=json.dumps(definitie), door="x", tijdstip=datetime.now(UTC)
            )
        )
    bestand = tmp_path / "x.csv"
    bestand.write_text("gemeente;maand\nMechelen;2024-01\n", encoding="utf-8")
    uit = cli(leeg_engine, "import", str(bestand), "--profiel", "oud")
    assert uit.returncode == 2 and "niet bruikbaar" in uit.stderr and "'kleur'" in uit.stderr
    lijst = cli(leeg_engine, "profielen")
    assert lijst.returncode == 0 and lijst.stdout.startswith("oud\t(door x, ")
