"""The POD MI barometer layout (docs/podmi.md): files as delivered (French Windows-1252 ';',
Dutch UTF-8 ',', XLSX) translated to the feiten template, every refusal in the file's terms,
blanks, cross-tables, and the 2019 and 2025 mergers. Pure functions: nothing touches a database.
"""

from datetime import date

import pytest
from podmi_bestanden import (
    CATEGORIEEN,
    csv_bytes,
    podmi_rijen,
    som,
    ware_cijfers,
    xlsx_bytes,
)

import domein
from data_access import formaten, inlezen
from data_access.formaten import podmi

VANDAAG = date(2026, 11, 22)
DRIE = ("geslacht", "leeftijdsklasse", "huishoudtype")
MECHELEN, ESSEN = "12025", "11016"


def vertaal(inhoud: bytes, naam="podmi.csv", vandaag=VANDAAG):
    ingelezen = inlezen.lees(inhoud, naam)
    layout = formaten.herken(list(ingelezen.frame.columns))
    assert layout is podmi.PODMI, list(ingelezen.frame.columns)
    return layout.vertaal(ingelezen, vandaag)


def waarde(frame, nis, periode, indicator, **vast) -> int:
    masker = (
        (frame["nis"] == nis) & (frame["periode"] == periode) & (frame["indicator"] == indicator)
    )
    for dim in domein.DIMENSIE_NAMEN:
        masker &= frame[dim] == vast.get(dim, "totaal")
    gevonden = frame.loc[masker, "aantal"]
    assert len(gevonden) == 1, (nis, periode, indicator, vast, len(gevonden))
    return int(gevonden.iloc[0])


def fouten_tekst(vertaling) -> str:
    return "\n".join(f.als_tekst() for f in vertaling.fouten)


def controleer_alles(frame, cijfers, dims):
    """Every total and every one-dimension breakdown equals the true figures, for LL, eq. LL
    and their sum."""
    for (nis, maand), _ in cijfers.items():
        vakjes = [{}] + [{d: c} for d in dims for c in CATEGORIEEN[d]]
        for vast in vakjes:
            ll = som(cijfers, nis, maand, dims, vast, 0)
            eq = som(cijfers, nis, maand, dims, vast, 1)
            assert waarde(frame, nis, maand, "leefloon", **vast) == ll
            assert waarde(frame, nis, maand, "equivalent_leefloon", **vast) == eq
            assert waarde(frame, nis, maand, "leefloongerechtigden", **vast) == ll + eq


# --- files as delivered --------------------------------------------------------------------


def test_frans_windows1252_puntkomma_met_marginalen():
    cijfers = ware_cijfers([(MECHELEN, "2024-01"), (MECHELEN, "2024-02"), (ESSEN, "2024-01")])
    kop, rijen = podmi_rijen(cijfers, DRIE, "marginaal", "fr")
    inhoud = csv_bytes(kop, rijen, ";", "cp1252")
    assert "Année".encode("cp1252") in inhoud and b"Famille \xe0 charge" in inhoud
    vertaling = vertaal(inhoud, "barometer_mechelen.csv")
    assert not vertaling.fouten, fouten_tekst(vertaling)
    frame = vertaling.frame
    assert list(frame.columns) == [
        "nis", "periode", "indicator", *domein.DIMENSIE_NAMEN, "aantal", "teldefinitie", "status"
    ]  # fmt: skip
    assert frame.map(lambda c: isinstance(c, str)).all().all()
    assert set(frame["teldefinitie"]) == {"maandstand"} and set(frame["status"]) == {"definitief"}
    assert set(frame["doelgroep"]) == {"totaal"} and set(frame["pijler"]) == {"totaal"}
    controleer_alles(frame, cijfers, DRIE)
    # marginals only: no cross cells are invented
    kruis = (frame["geslacht"] != "totaal") & (frame["leeftijdsklasse"] != "totaal")
    assert not kruis.any()
    assert len(frame) == 3 * 3 * (1 + 2 + 5 + 3)
    assert vertaling.bron == (
        "POD Maatschappelijke Integratie, barometer leefloon (stat.mi-is.be), geleverd bestand "
        "barometer_mechelen.csv"
    )
    assert vertaling.layout == "POD MI-barometer" and vertaling.notities == []


def test_nederlands_utf8_komma_kruistabel_zonder_totalen_en_zonder_nulrijen():
    cijfers = ware_cijfers([(MECHELEN, "2023-12"), (ESSEN, "2023-12")], seed=7)
    kop, rijen = podmi_rijen(cijfers, DRIE, "kruis", "nl")
    assert not any("Totaal" in r for r in rijen)  # a cross-table without any margin
    nul = [c for c, (ll, eq) in cijfers[(ESSEN, "2023-12")].items() if ll == 0 and eq == 0]
    assert nul  # some combinations are absent from the file: they are 0
    vertaling = vertaal(csv_bytes(kop, rijen, ",", "utf-8"))
    assert not vertaling.fouten, fouten_tekst(vertaling)
    frame = vertaling.frame
    controleer_alles(frame, cijfers, DRIE)
    g, lft, h = nul[0]
    vast = {"geslacht": g, "leeftijdsklasse": lft, "huishoudtype": h}
    assert waarde(frame, ESSEN, "2023-12", "leefloon", **vast) == 0
    # the two-dimension margins are summed too (the cube needs every total of a breakdown)
    for g, lft in [("man", "-25"), ("vrouw", "65+")]:
        verwacht = som(
            cijfers, MECHELEN, "2023-12", DRIE, {"geslacht": g, "leeftijdsklasse": lft}, 0
        )
        assert waarde(frame, MECHELEN, "2023-12", "leefloon", geslacht=g, leeftijdsklasse=lft) == (
            verwacht
        )
    assert len(frame) == 2 * 3 * (3 * 6 * 4)


def test_xlsx_met_getallen_als_cellen():
    cijfers = ware_cijfers([(MECHELEN, "2024-03")], dims=("leeftijdsklasse",), seed=3)
    kop, rijen = podmi_rijen(cijfers, ("leeftijdsklasse",), "marginaal", "fr")
    vertaling = vertaal(xlsx_bytes(kop, rijen), "barometer.xlsx")
    assert not vertaling.fouten, fouten_tekst(vertaling)
    controleer_alles(vertaling.frame, cijfers, ("leeftijdsklasse",))
    assert set(vertaling.frame["geslacht"]) == {"totaal"}
    rijen[2][4] = "18-24"  # an age class of another source
    [fout] = vertaal(xlsx_bytes(kop, rijen), "barometer.xlsx").fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (4, "Classe d'âge", "18-24")  # as in the file


def test_nationaliteit_en_alleen_ll():
    dims = ("nationaliteit",)
    cijfers = ware_cijfers([(ESSEN, "2024-05")], dims=dims)
    for taal in ("fr", "nl"):
        kop, rijen = podmi_rijen(cijfers, dims, "marginaal", taal, maten=("ll",))
        frame = vertaal(csv_bytes(kop, rijen)).frame
        assert set(frame["indicator"]) == {"leefloon"}  # no sum without eq. LL
        for code in CATEGORIEEN["nationaliteit"]:
            verwacht = som(cijfers, ESSEN, "2024-05", dims, {"nationaliteit": code}, 0)
            assert waarde(frame, ESSEN, "2024-05", "leefloon", nationaliteit=code) == verwacht


def test_koppen_en_waarden_verdraagzaam_maar_exact():
    inhoud = (
        "  CODE CPAS INS (CD) ;*NomCPAS (NL);ANNEE;paicpasbenanmois (cd);CLASSE D’ÂGE;ll;"
        "( eq. LL )\n"
        "12025;Mechelen;2024;202404;TOTAL;10;2\n"
        "12025;Mechelen;2024;202404;< 25;4;1\n"
        "12025;Mechelen;2024;202404;25 - 34 ans;3;0\n"
        "12025;Mechelen;2024;202404;35–49;1;1\n"
        "12025;Mechelen;2024;202404;50-64 jaar;1;0\n"
        "12025;Mechelen;2024;202404;65 +;1;0\n"
    ).encode("cp1252")
    vertaling = vertaal(inhoud)
    assert not vertaling.fouten, fouten_tekst(vertaling)
    frame = vertaling.frame
    assert waarde(frame, MECHELEN, "2024-04", "leefloon", leeftijdsklasse="-25") == 4
    assert waarde(frame, MECHELEN, "2024-04", "leefloon", leeftijdsklasse="35-49") == 1
    assert waarde(frame, MECHELEN, "2024-04", "leefloongerechtigden", leeftijdsklasse="65+") == 1
    assert waarde(frame, MECHELEN, "2024-04", "leefloongerechtigden") == 12
    spellingen = [("-25 ans", "-25"), ("moins de 25 ans", "-25"), ("65 jaar en ouder", "65+"),
                  ("25 à 34 ans", "25-34"), ("18-24", None), ("25-35", None)]  # fmt: skip
    for spelling, code in spellingen:
        assert podmi.categorie("leeftijdsklasse", spelling) == code, spelling
    assert podmi.categorie("huishoudtype", "Famille a charge") == "gezinslast"
    assert podmi.categorie("nationaliteit", "hors UE") == "niet_eu"
    assert podmi.categorie("geslacht", "Inconnu") is None


def test_categorieen_zijn_die_van_de_kubus():
    for dim, codes in podmi.CATEGORIEEN.items():
        assert tuple(c for c in domein.DIMENSIES[dim] if c != "totaal") == codes, dim
    assert {*podmi.MATEN.values(), podmi.SOM} <= set(domein.INDICATOREN)


def test_herkent_alleen_podmi():
    assert podmi.PODMI.herken(["Code CPAS INS (cd)", "x"])
    assert podmi.PODMI.herken(["(eq. ll)"])
    assert not podmi.PODMI.herken(list(domein.KOLOMMEN))
    assert not podmi.PODMI.herken(["period", "geolevel", "geoitem", "ll"])


# --- blanks ----------------------------------------------------------------------------------


def test_lege_maat_is_geen_formulier_nooit_nul():
    cijfers = ware_cijfers([(ESSEN, "2024-01"), (ESSEN, "2024-02")], dims=("geslacht",))
    kop, rijen = podmi_rijen(cijfers, ("geslacht",), "marginaal", "fr")
    for rij in rijen:
        if rij[3] == "202402":
            rij[-2] = ""  # ll of February: no form received
    vertaling = vertaal(csv_bytes(kop, rijen))
    assert not vertaling.fouten, fouten_tekst(vertaling)
    frame = vertaling.frame
    februari = frame[frame["periode"] == "2024-02"]
    assert set(februari["indicator"]) == {"equivalent_leefloon"}  # no LL, no sum, never 0
    assert waarde(frame, ESSEN, "2024-01", "leefloon") == som(
        cijfers, ESSEN, "2024-01", ("geslacht",), {}, 0
    )
    assert vertaling.notities == [
        "Essen (11016), leefloon: geen formulier ontvangen (lege cel) voor 2024-02; niet "
        "ingelezen, niet als 0 geteld"
    ]


def test_lege_cel_naast_ingevulde_wordt_geweigerd():
    cijfers = ware_cijfers([(ESSEN, "2024-01")], dims=("geslacht",))
    kop, rijen = podmi_rijen(cijfers, ("geslacht",), "marginaal", "fr")
    rijen[1][-1] = ""
    vertaling = vertaal(csv_bytes(kop, rijen))
    [fout] = vertaling.fouten
    assert (fout.rij, fout.kolom) == (3, "(eq. ll)") and "lege cel" in fout.reden
    assert vertaling.frame.empty


# --- refusals, each in the file's own terms ----------------------------------------------------


def marginaal_bestand(**kw):
    cijfers = ware_cijfers([(MECHELEN, "2024-01")], dims=("geslacht",), seed=5)
    kop, rijen = podmi_rijen(cijfers, ("geslacht",), "marginaal", "fr", **kw)
    return kop, rijen  # rows: Total (2), Homme (3), Femme (4)


@pytest.mark.parametrize(
    ("kolom", "nieuw", "rij", "kolomnaam", "woorden"),
    [
        (0, "21004", 2, "Code CPAS INS (cd)", "onbekende NIS-code"),
        (0, "", 2, "Code CPAS INS (cd)", "onbekende NIS-code"),
        (4, "Inconnu", 3, "Sexe", "onbekende waarde voor 'Sexe'"),
        (3, "202613", 2, "PaiCPASBénAnMois (cd)", "geen geldige maand"),
        (3, "202701", 2, "PaiCPASBénAnMois (cd)", "toekomst"),
        (2, "2023", 2, "Année", "het jaar past niet bij de maand '202401'"),
        (5, "2,5", 3, "ll", "geen geheel getal"),
        (5, "-3", 3, "ll", "geen geheel getal"),
        (6, "1.234", 4, "(eq. ll)", "geen geheel getal"),
    ],
)
def test_weigering_per_cel(kolom, nieuw, rij, kolomnaam, woorden):
    kop, rijen = marginaal_bestand()
    rijen[rij - 2][kolom] = nieuw
    if kolom == 3 and nieuw[:4] != "2026":
        rijen[rij - 2][2] = nieuw[:4]  # Année follows the month
    vertaling = vertaal(csv_bytes(kop, rijen))
    [fout] = vertaling.fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (rij, kolomnaam, nieuw), fout.als_tekst()
    assert woorden in fout.reden and fout.oplossing
    assert vertaling.frame.empty


def test_onbekende_waarde_eenmaal_gemeld_met_alle_rijen():
    cijfers = ware_cijfers(
        [(MECHELEN, m) for m in ("2024-01", "2024-02", "2024-03")], dims=("geslacht",)
    )
    kop, rijen = podmi_rijen(cijfers, ("geslacht",), "marginaal", "fr")
    for rij in rijen:
        if rij[4] == "Femme":
            rij[4] = "F"
    [fout] = vertaal(csv_bytes(kop, rijen)).fouten
    assert (fout.rij, fout.waarde) == (4, "F") and "ook op rijen 7, 10" in fout.reden
    assert "Femme/Vrouw" in fout.oplossing


def test_delen_tellen_niet_op_noemt_de_rijen():
    kop, rijen = marginaal_bestand()
    rijen[1][5] = str(int(rijen[1][5]) + 1)  # Homme one too many
    [fout] = vertaal(csv_bytes(kop, rijen)).fouten
    assert (fout.rij, fout.kolom, fout.waarde) == (2, "ll", rijen[0][5])
    assert "de delen naar 'Sexe' (rijen 3, 4) tellen op tot" in fout.reden
    assert "niet tot dit totaal (NIS 12025, 2024-01)" in fout.reden


def test_totaalrij_ontbreekt():
    kop, rijen = marginaal_bestand()
    cijfers = ware_cijfers([(ESSEN, "2024-01")], dims=("geslacht",), seed=2)
    _, essen = podmi_rijen(cijfers, ("geslacht",), "marginaal", "fr")
    essen[1][5:7], essen[2][5:7] = ["3", "0"], ["4", "0"]
    rijen += essen[1:]  # Essen without its Total row, next to Mechelen with one
    [fout] = vertaal(csv_bytes(kop, rijen)).fouten
    assert (fout.rij, fout.kolom) == (5, "ll")  # at the first part; eq. ll 0 + 0 is fine
    assert "tellen op tot 7, maar hun totaalrij ontbreekt (NIS 11016, 2024-01)" in fout.reden


def test_marginalen_zonder_totaal_moeten_hetzelfde_geven():
    inhoud = (
        "Code CPAS INS (cd);PaiCPASBénAnMois (cd);Sexe;Classe d'âge;ll\n"
        "12025;202401;Homme;Total;3\n12025;202401;Femme;Total;4\n"
        "12025;202401;Total;-25;2\n12025;202401;Total;25-34;4\n"
    ).encode("cp1252")
    [fout] = vertaal(inhoud).fouten
    assert fout.rij == 4 and "tellen op tot 6, maar de delen naar 'Sexe' (rijen 2, 3) tot 7" in (
        fout.reden
    )


def test_dubbele_rij():
    kop, rijen = marginaal_bestand()
    dubbel = list(rijen[1])
    dubbel[4] = "Man"  # the same row, in Dutch
    [fout] = vertaal(csv_bytes(kop, [*rijen, dubbel])).fouten
    assert fout.rij == 5 and "dubbele rij" in fout.reden and "rij 3" in fout.reden


def test_ontbrekende_verplichte_kolommen():
    kop, rijen = marginaal_bestand()
    zonder_nis = [[c for i, c in enumerate(r) if i != 0] for r in [kop, *rijen]]
    [fout] = vertaal(csv_bytes(zonder_nis[0], zonder_nis[1:])).fouten
    assert fout.kolom == "Code CPAS INS (cd)" and "verplichte kolom ontbreekt" in fout.reden
    zonder_maten = [r[:5] for r in [kop, *rijen]]
    [fout] = vertaal(csv_bytes(zonder_maten[0], zonder_maten[1:])).fouten
    assert "geen maat gevonden" in fout.reden


def test_jaarbestand_wordt_nog_geweigerd():
    kop, rijen = marginaal_bestand()
    jaar = [[c for i, c in enumerate(r) if i != 3] for r in [kop, *rijen]]
    [fout] = vertaal(csv_bytes(jaar[0], jaar[1:])).fouten
    assert fout.kolom == "Année" and "jaarbestand" in fout.reden
    assert "PaiCPASBénAnMois" in fout.oplossing


def test_onbekende_kolom():
    kop, rijen = marginaal_bestand()
    vertaling = vertaal(csv_bytes([*kop, "Région"], [[*r, "Flandre"] for r in rijen]))
    [fout] = vertaling.fouten
    assert (fout.rij, fout.kolom) == (1, "Région") and "onbekende kolom" in fout.reden


def test_uitsplitsing_die_de_kubus_nog_niet_kent(monkeypatch):
    monkeypatch.setattr(domein, "DIMENSIE_NAMEN", ("doelgroep", "leeftijd"))
    kop, rijen = marginaal_bestand()
    [fout] = vertaal(csv_bytes(kop, rijen)).fouten
    assert fout.kolom == "Sexe" and "kent de uitsplitsing 'geslacht' nog niet" in fout.reden


# --- mergers of 2019 and 2025 ----------------------------------------------------------------


def gemeenten_bestand(nis_maanden, ll=None):
    """Only totals: one row per code and month (ll given per code, eq. ll = 1)."""
    kop = ["Code CPAS INS (cd)", "Année", "PaiCPASBénAnMois (cd)", "ll", "(eq. ll)"]
    rijen = [
        [nis, maand[:4], maand.replace("-", ""), str((ll or {}).get(nis, 10)), "1"]
        for nis, maand in nis_maanden
    ]
    return csv_bytes(kop, rijen)


def test_fusie_2019_opgeteld_met_notitie():
    inhoud = gemeenten_bestand(
        [("12030", "2018-06"), ("12034", "2018-06")], {"12030": 7, "12034": 5}
    )
    vertaling = vertaal(inhoud)
    assert not vertaling.fouten, fouten_tekst(vertaling)
    assert waarde(vertaling.frame, "12041", "2018-06", "leefloon") == 12
    assert waarde(vertaling.frame, "12041", "2018-06", "leefloongerechtigden") == 14
    assert set(vertaling.frame["nis"]) == {"12041"}
    assert vertaling.notities == [
        "NIS 12030 (Puurs, vóór 2019) opgeteld bij 12041 Puurs-Sint-Amands",
        "NIS 12034 (Sint-Amands, vóór 2019) opgeteld bij 12041 Puurs-Sint-Amands",
    ]


def test_fusie_2025_opgeteld_ook_per_uitsplitsing():
    cijfers = ware_cijfers([("11002", "2024-06"), ("11007", "2024-06")], dims=("geslacht",))
    kop, rijen = podmi_rijen(cijfers, ("geslacht",), "marginaal", "nl")
    vertaling = vertaal(csv_bytes(kop, rijen, ",", "utf-8"))
    assert not vertaling.fouten, fouten_tekst(vertaling)
    for g in ("man", "vrouw"):
        verwacht = sum(
            som(cijfers, nis, "2024-06", ("geslacht",), {"geslacht": g}, 0)
            for nis in ("11002", "11007")
        )
        assert waarde(vertaling.frame, "11002", "2024-06", "leefloon", geslacht=g) == verwacht
    assert vertaling.notities == ["NIS 11007 (Borsbeek, vóór 2025) opgeteld bij 11002 Antwerpen"]


def test_fusie_al_in_indeling_2025_aangeleverd():
    vertaling = vertaal(gemeenten_bestand([("46030", "2024-06"), ("12041", "2018-01")]))
    assert not vertaling.fouten, fouten_tekst(vertaling)
    assert set(vertaling.frame["nis"]) == {"46030", "12041"} and vertaling.notities == []


def test_oude_codes_na_de_fusie_worden_opgeteld():
    oud = {"46003": 30, "46013": 8, "11056": 12}
    vertaling = vertaal(gemeenten_bestand([(c, "2025-02") for c in oud], oud))
    assert not vertaling.fouten, fouten_tekst(vertaling)
    assert waarde(vertaling.frame, "46030", "2025-02", "leefloon") == 50
    assert len(vertaling.notities) == 3


def test_duizendtallen_met_spatie_en_jaar_in_het_nederlands():
    inhoud = "Code CPAS INS (cd);Jaar;PaiCPASBénAnMois (cd);ll\n11002;2024;2024-11;\n".encode()
    inhoud += b"11007;2024;202411;\n"  # no form from either: missing, not refused
    vertaling = vertaal(inhoud)
    assert not vertaling.fouten and vertaling.frame.empty
    assert vertaling.notities[-1].startswith("Antwerpen (11002), leefloon: geen formulier")
    assert podmi._aantal("12 345") == 12345 and podmi._aantal("12.345") is None


@pytest.mark.parametrize(
    ("codes", "maand", "woorden"),
    [
        (["12030"], "2018-06", "ontbreekt: 12034 Sint-Amands"),
        (["11002"], "2024-06", "ontbreekt: 11007 Borsbeek"),  # 11002 alone: old Antwerpen
        (["46003", "46013"], "2024-06", "ontbreekt: 11056 Zwijndrecht"),
        (["11007"], "2025-02", "in de indeling vanaf 2025 bestaat ze uit 11002"),
        (["46030", "46003"], "2024-06", "ontbreekt: 11056 Zwijndrecht, 46013 Kruibeke"),
    ],
)
def test_onvolledige_fusie_wordt_geweigerd(codes, maand, woorden):
    vertaling = vertaal(gemeenten_bestand([(c, maand) for c in codes]))
    [fout] = vertaling.fouten
    assert fout.rij == 2 and fout.kolom == "Code CPAS INS (cd)" and woorden in fout.reden, (
        fout.als_tekst()
    )
    assert f"voor {maand} vormen de codes" in fout.reden
    if codes == ["11002"]:
        assert "de code 11002 alleen is vóór 2025 de oude gemeente" in fout.oplossing
    else:
        assert "of alleen de code" in fout.oplossing


def test_voorganger_zonder_formulier_laat_de_fusiemaand_weg():
    inhoud = gemeenten_bestand(
        [("11002", "2024-05"), ("11007", "2024-05"), ("11002", "2024-06"), ("11007", "2024-06")]
    )
    tekst = inhoud.decode("cp1252").splitlines()
    tekst[4] = tekst[4].replace(";10;", ";;")  # Borsbeek 2024-06: no LL form
    vertaling = vertaal(("\n".join(tekst) + "\n").encode("cp1252"))
    assert not vertaling.fouten, fouten_tekst(vertaling)
    frame = vertaling.frame
    assert waarde(frame, "11002", "2024-05", "leefloon") == 20
    ll_juni = frame[(frame["periode"] == "2024-06") & (frame["indicator"] == "leefloon")]
    assert ll_juni.empty  # never the partial sum 10
    assert waarde(frame, "11002", "2024-06", "equivalent_leefloon") == 2
    assert (
        "Antwerpen (11002), leefloon: geen formulier ontvangen (lege cel) voor 2024-06 van "
        "11007 Borsbeek; die maanden ontbreken" in "\n".join(vertaling.notities)
    )
