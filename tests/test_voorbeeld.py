"""Preview of an import or a restore (data_access.voorbeeld) and the target form's validation
and saving (data_access.doelbeheer), on SQLite and PostgreSQL."""

from datetime import date

import pytest
from maak_bestanden import csv_bytes, kubusrijen, maanden
from sqlalchemy import func, select

from data_access import audit, db, doelbeheer, importer, queries, voorbeeld
from data_access.schema import doel, feit, release
from domein import DIMENSIE_NAMEN

VANDAAG = date(2026, 11, 22)
MECHELEN, ESSEN = "12025", "11016"


def controleer(*bestanden):
    gecontroleerd, resultaat = importer.controleer_bestanden(list(bestanden), VANDAAG)
    assert resultaat.geldig, resultaat.verslag()
    return gecontroleerd


def importeer(engine, *bestanden) -> int:
    [release_id, *_] = importer.schrijf(engine, controleer(*bestanden), door="test")
    return release_id


def toestand(engine):
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(feit).where(feit.c.actief)).scalar(),
            conn.execute(select(func.count()).select_from(feit)).scalar(),
            conn.execute(select(func.count()).select_from(release)).scalar(),
        )


def totaal(rijen, periode, indicator):
    [rij] = [r for r in rijen if r[1] == periode and r[2] == indicator and r[3:7] == ["totaal"] * 4]
    return int(rij[7])


def test_lege_databank_alles_nieuw(leeg_engine):
    rijen = kubusrijen(MECHELEN, maanden("2026-09", 2))
    voor = toestand(leeg_engine)
    v = voorbeeld.voorbeeld(leeg_engine, controleer(("m.csv", csv_bytes(rijen))))
    assert toestand(leeg_engine) == voor  # a preview writes nothing
    assert list(v.nieuwe_maanden["periode"]) == ["2026-09", "2026-10"]
    assert set(v.nieuwe_maanden["gemeente"]) == {"Mechelen"}
    assert v.gewijzigde_maanden.empty and v.ongewijzigde_maanden.empty
    assert set(v.totalen["status"]) == {"nieuw"}
    assert v.totalen["oud"].isna().all()
    nieuw = v.totalen.set_index(["periode", "indicator"])["nieuw"]
    assert nieuw[("2026-10", "leefloongerechtigden")] == totaal(
        rijen, "2026-10", "leefloongerechtigden"
    )
    assert nieuw[("2026-09", "activeringen")] == totaal(rijen, "2026-09", "activeringen")
    assert v.cellen_totaal == 0  # breakdown cells of new months are not "changes"
    assert v.gewijzigde_totalen.empty
    assert not v.niets_verandert
    assert v.samenvatting == (
        "Deze import voegt 2 nieuwe gemeente-maanden toe (Mechelen sep 2026, Mechelen okt 2026)."
    )


def test_zelfde_bestand_opnieuw_verandert_niets(leeg_engine):
    inhoud = csv_bytes(kubusrijen(MECHELEN, maanden("2026-08", 3)))
    importeer(leeg_engine, ("m.csv", inhoud))
    v = voorbeeld.voorbeeld(leeg_engine, controleer(("m.csv", inhoud)))
    assert v.niets_verandert
    assert len(v.ongewijzigde_maanden) == 3
    assert v.nieuwe_maanden.empty and v.gewijzigde_maanden.empty and v.totalen.empty
    assert v.samenvatting == "Er verandert niets: 3 gemeente-maanden zijn al precies zo geladen."


def test_gewijzigde_totalen_oud_naar_nieuw_en_enkel_aantal_cellen(leeg_engine):
    oud = kubusrijen(MECHELEN, maanden("2026-07", 3))
    importeer(leeg_engine, ("oud.csv", csv_bytes(oud)))
    # August and September again with other figures (still consistent), plus a new October.
    nieuw = kubusrijen(MECHELEN, maanden("2026-08", 3), basis=90, stap=2)
    voor = toestand(leeg_engine)
    v = voorbeeld.voorbeeld(leeg_engine, controleer(("nieuw.csv", csv_bytes(nieuw))))
    assert toestand(leeg_engine) == voor
    assert list(v.nieuwe_maanden["periode"]) == ["2026-10"]
    # 2026-07 is not delivered: not in the preview at all
    alle = set(v.gewijzigde_maanden["periode"]) | set(v.ongewijzigde_maanden["periode"])
    assert "2026-07" not in alle
    assert list(v.gewijzigde_maanden["periode"]) == ["2026-08", "2026-09"]
    gewijzigd = v.gewijzigde_totalen.set_index(["periode", "indicator"])
    for periode in ("2026-08", "2026-09"):
        rij = gewijzigd.loc[(periode, "leefloongerechtigden")]
        assert rij["oud"] == totaal(oud, periode, "leefloongerechtigden")
        assert rij["nieuw"] == totaal(nieuw, periode, "leefloongerechtigden")
        assert rij["verschil"] == rij["nieuw"] - rij["oud"]
        assert rij["status"] == "gewijzigd"
    # Breakdown cells are counted, never listed: no frame of the preview has a dimension column
    # or a row below the municipality total.
    assert v.cellen_gewijzigd > 0 and v.cellen_toegevoegd == 0 and v.cellen_verdwenen == 0
    for frame in (v.totalen, v.nieuwe_maanden, v.gewijzigde_maanden, v.ongewijzigde_maanden):
        assert not set(DIMENSIE_NAMEN) & set(frame.columns)
    assert v.samenvatting == (
        "Deze import voegt 1 nieuwe gemeente-maand toe (Mechelen okt 2026) en wijzigt "
        f"2 gemeente-maanden ({len(v.gewijzigde_totalen)} gemeentetotalen en "
        f"{v.cellen_totaal} cellen van uitsplitsingen)."
    )


def test_voorbeeld_klopt_met_wat_het_schrijven_doet(leeg_engine):
    importeer(leeg_engine, ("oud.csv", csv_bytes(kubusrijen(MECHELEN, maanden("2026-06", 4)))))
    nieuw = kubusrijen(MECHELEN, maanden("2026-08", 3), basis=120, stap=3)
    gecontroleerd = controleer(("nieuw.csv", csv_bytes(nieuw)))
    v = voorbeeld.voorbeeld(leeg_engine, gecontroleerd)
    importer.schrijf(leeg_engine, gecontroleerd, door="test")
    for ind in ("leefloongerechtigden", "activeringen"):
        reeks = queries.reeks(leeg_engine, MECHELEN, ind).set_index("periode")["waarde"]
        verwacht = v.totalen[v.totalen["indicator"] == ind].set_index("periode")["nieuw"]
        for periode, waarde in verwacht.items():
            assert reeks[periode] == waarde
    # and afterwards the same file is a no-op
    assert voorbeeld.voorbeeld(leeg_engine, gecontroleerd).niets_verandert


def test_ontbrekende_indicator_verdwijnt_met_waarschuwing(leeg_engine):
    rijen = kubusrijen(ESSEN, ["2026-09"])
    importeer(leeg_engine, ("e.csv", csv_bytes(rijen)))
    alleen_totaal = [r for r in rijen if r[2] == "leefloongerechtigden" and r[4] == "totaal"]
    v = voorbeeld.voorbeeld(leeg_engine, controleer(("e2.csv", csv_bytes(alleen_totaal))))
    statussen = v.gewijzigde_totalen.set_index("indicator")["status"].to_dict()
    assert statussen == {"activeringen": "verdwijnt"}  # the recipients total is unchanged
    assert v.cellen_verdwenen == 6 + 4  # age bands of recipients and work destinations
    assert any("verdwijnt" in o and "volledig vervangen" in o for o in v.opmerkingen)


def test_zelfde_maand_in_twee_bestanden_laatste_telt(leeg_engine):
    a = kubusrijen(MECHELEN, ["2026-09"], basis=60)
    b = kubusrijen(MECHELEN, ["2026-09"], basis=96)
    v = voorbeeld.voorbeeld(
        leeg_engine, controleer(("a.csv", csv_bytes(a)), ("b.csv", csv_bytes(b)))
    )
    nieuw = v.totalen.set_index("indicator")["nieuw"]
    assert nieuw["leefloongerechtigden"] == totaal(b, "2026-09", "leefloongerechtigden")
    assert any("meer dan één bestand" in o for o in v.opmerkingen)


def test_bevolking_en_doelen_oud_naar_nieuw(leeg_engine):
    importeer(leeg_engine, ("bev.csv", b"nis;jaar;inwoners\n12025;2025;88000\n"))
    kop = ";".join(doelbeheer.KOLOMMEN)
    doelen = (
        f"{kop}\n12025;pact-a;Pact A;activeringen;2026-01;2026-12;300;1000;proportioneel;raad\n"
    ).encode()
    v = voorbeeld.voorbeeld(
        leeg_engine,
        controleer(
            ("bev2.csv", b"nis;jaar;inwoners\n12025;2025;88500\n12025;2026;89000\n"),
            ("doelen.csv", doelen),
        ),
    )
    assert v.nieuwe_maanden.empty and v.totalen.empty
    bev = v.overige[v.overige["soort"] == "bevolking"].set_index("sleutel")
    assert bev.loc["Mechelen 2025", ["oud", "nieuw", "status"]].tolist() == [
        "88.000",
        "88.500",
        "gewijzigd",
    ]
    assert bev.loc["Mechelen 2026", "status"] == "nieuw"
    assert v.overige[v.overige["soort"] == "doelen"]["status"].tolist() == ["nieuw"]
    assert "Bevolkingscijfers: 1 nieuw, 1 gewijzigd, 0 ongewijzigd." in v.samenvatting
    assert "Doelen: 1 nieuw" in v.samenvatting


def test_voorbeeld_herstel(leeg_engine):
    a = kubusrijen(MECHELEN, maanden("2026-08", 2), basis=60)
    b = kubusrijen(MECHELEN, ["2026-09"], basis=84, stap=2)
    id_a = importeer(leeg_engine, ("a.csv", csv_bytes(a)))
    id_b = importeer(leeg_engine, ("b.csv", csv_bytes(b)))
    actief = voorbeeld.actieve_rijen(leeg_engine)
    assert actief[id_b] == len(b)
    assert actief[id_a] == len([r for r in a if r[1] == "2026-08"])  # September was replaced
    voor = toestand(leeg_engine)
    v = voorbeeld.voorbeeld_herstel(leeg_engine, id_a)
    assert toestand(leeg_engine) == voor
    assert list(v.gewijzigde_maanden["periode"]) == ["2026-09"]
    assert list(v.ongewijzigde_maanden["periode"]) == ["2026-08"]
    rij = v.gewijzigde_totalen.set_index("indicator").loc["leefloongerechtigden"]
    assert (rij["oud"], rij["nieuw"]) == (
        totaal(b, "2026-09", "leefloongerechtigden"),
        totaal(a, "2026-09", "leefloongerechtigden"),
    )
    assert v.samenvatting.startswith("Dit herstel wijzigt 1 gemeente-maand")
    importer.herstel(leeg_engine, id_a, door="test")
    assert voorbeeld.actieve_rijen(leeg_engine).get(id_a) == len(a)
    assert id_b not in voorbeeld.actieve_rijen(leeg_engine)
    na = voorbeeld.voorbeeld_herstel(leeg_engine, id_a)
    assert na.niets_verandert
    assert na.samenvatting.startswith("Er verandert niets: deze release is al de actuele versie")
    assert not voorbeeld.voorbeeld_herstel(leeg_engine, id_b).niets_verandert
    with pytest.raises(ValueError, match="bestaat niet"):
        voorbeeld.voorbeeld_herstel(leeg_engine, 9999)


# --------------------------------------------------------------------------------------------
# targets
# --------------------------------------------------------------------------------------------

GOED_DOEL = {
    "doel_id": "pact-2027-mechelen",
    "nis": MECHELEN,
    "naam": "Activeringspact 2027",
    "indicator": "activeringen",
    "van": "2027-01",
    "tot": "2027-12",
    "doelwaarde": 400,
    "max_subsidie_eur": 200000,
    "uitbetaling": "proportioneel",
    "bron": "Beslissing OCMW-raad",
}


@pytest.mark.parametrize(
    ("wijziging", "verwacht"),
    [
        ({"tot": "2026-12"}, "de einddatum ligt vóór de begindatum"),
        ({"doelwaarde": -5}, "geen geheel getal ≥ 0"),
        ({"doelwaarde": 0}, "moet groter zijn dan 0"),
        ({"max_subsidie_eur": "12,5"}, "geen geheel getal ≥ 0"),
        ({"nis": "99999"}, "onbekende NIS-code"),
        ({"bron": "  "}, "Bron: mag niet leeg zijn"),
        ({"van": "januari"}, "geen geldige maand"),
        ({"indicator": "banen"}, "onbekende code voor 'indicator'"),
        ({"uitbetaling": "soms"}, "onbekende code voor 'uitbetaling'"),
        ({"doel_id": "met spatie"}, "zonder spaties"),
        ({"doel_id": "activeringspact-2023"}, "er bestaat al een doel"),
    ],
)
def test_doel_validatie_in_het_nederlands(leeg_engine, wijziging, verwacht):
    importeer(
        leeg_engine,
        (
            "d.csv",
            (
                ";".join(doelbeheer.KOLOMMEN)
                + "\n12025;activeringspact-2023;Pact;activeringen;2023-07;2025-04;629;1;"
                "proportioneel;x\n"
            ).encode(),
        ),
    )
    fouten = doelbeheer.valideer_doel(leeg_engine, {**GOED_DOEL, **wijziging}, nieuw=True)
    assert any(verwacht in f for f in fouten), fouten
    voor = toestand(leeg_engine)
    with pytest.raises(doelbeheer.DoelFout):
        doelbeheer.bewaar_doel(leeg_engine, {**GOED_DOEL, **wijziging}, "beheer", nieuw=True)
    assert toestand(leeg_engine) == voor


def test_doel_bewaren_maakt_release_en_audit(leeg_engine):
    assert doelbeheer.valideer_doel(leeg_engine, GOED_DOEL, nieuw=True) == []
    assert doelbeheer.valideer_doel(leeg_engine, GOED_DOEL, nieuw=False) == [
        "Doel-id: er bestaat geen doel ‘pact-2027-mechelen’."
    ]
    id1 = doelbeheer.bewaar_doel(leeg_engine, GOED_DOEL, "beheer", nieuw=True, demo=False)
    id2 = doelbeheer.bewaar_doel(
        leeg_engine, {**GOED_DOEL, "doelwaarde": 450}, "beheer", nieuw=False, demo=False
    )
    assert id2 > id1
    releases = queries.releases(leeg_engine)
    assert list(releases["soort"][:2]) == ["doelen", "doelen"]
    assert releases["door"].iloc[0] == "beheer"
    doelen = queries.doelen(leeg_engine)
    assert doelen.set_index("doel_id").loc["pact-2027-mechelen", "doelwaarde"] == 450
    with leeg_engine.connect() as conn:
        assert conn.execute(select(doel.c.release_id)).scalar_one() == id2
    log = audit.lees(leeg_engine, actie="doel_gewijzigd")
    assert len(log) == 2
    assert "doelwaarde: 400 → 450" in log["details"].iloc[0]
    assert "nieuw doel" in log["details"].iloc[1]
    with pytest.raises(doelbeheer.DoelFout, match="er bestaat al een doel"):
        doelbeheer.bewaar_doel(leeg_engine, GOED_DOEL, "beheer", nieuw=True)


def _audit_mislukt(monkeypatch):
    """audit.log writes its row, then the database fails (as when it dies mid-transaction)."""
    from sqlalchemy.exc import OperationalError

    echt = audit.log

    def mislukt(bron, *args, **kwargs):
        echt(bron, *args, **kwargs)
        raise OperationalError("INSERT INTO audit", {}, Exception("database is locked"))

    monkeypatch.setattr(audit, "log", mislukt)


def test_doel_en_auditrij_samen_of_niet(leeg_engine, monkeypatch):
    """A target and its audit row are one transaction: Beheer's 'nothing changed' is then true."""
    doelbeheer.bewaar_doel(leeg_engine, GOED_DOEL, "beheer", nieuw=True, demo=False)
    voor = toestand(leeg_engine)
    _audit_mislukt(monkeypatch)
    with pytest.raises(db.DatabankFout):
        doelbeheer.bewaar_doel(
            leeg_engine, {**GOED_DOEL, "doelwaarde": 450}, "beheer", nieuw=False, demo=False
        )
    assert toestand(leeg_engine) == voor
    assert (
        queries.doelen(leeg_engine).set_index("doel_id").loc[GOED_DOEL["doel_id"], "doelwaarde"]
        == 400
    )
    assert len(audit.lees(leeg_engine, actie="doel_gewijzigd")) == 1


def test_herstel_en_auditrij_samen_of_niet(leeg_engine, monkeypatch):
    a = kubusrijen(MECHELEN, ["2026-09"], basis=60)
    b = kubusrijen(MECHELEN, ["2026-09"], basis=84, stap=2)
    id_a = importeer(leeg_engine, ("a.csv", csv_bytes(a)))
    importeer(leeg_engine, ("b.csv", csv_bytes(b)))
    voor = (toestand(leeg_engine), voorbeeld.actieve_rijen(leeg_engine))
    _audit_mislukt(monkeypatch)

    def auditregel(conn, rijen):
        audit.log(conn, "beheer", "herstel", f"release {id_a}: {rijen} rijen")

    with pytest.raises(db.DatabankFout):
        importer.herstel(leeg_engine, id_a, door="beheer", auditregel=auditregel)
    assert (toestand(leeg_engine), voorbeeld.actieve_rijen(leeg_engine)) == voor
    assert audit.lees(leeg_engine, actie="herstel").empty
