"""Preview of what an import or a restore would change, computed before anything is written.

For monthly figures (`feiten`) the unit of change is the municipality-month: an import replaces
every active cell of each municipality-month it delivers (see `importer._schrijf_feiten`), and a
restore makes an earlier release current again for the months it delivered. The preview compares,
per municipality-month, the cells that are current now with the cells that would be current
afterwards:

- new municipality-months (nothing was loaded for them yet),
- changed municipality totals per indicator, old → new (published statistics: fine to show),
- the *number* of changed breakdown cells (never their values: the person looking at the preview
  may not be allowed to see unsuppressed detail),
- unchanged months.

Population, target and municipality files get a short old → new list as well (all public).
Pure SQLAlchemy and pandas; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.importer import Gecontroleerd
from data_access.referentie import gemeenten_referentie
from data_access.schema import bevolking, doel, feit, gemeente, release
from domein import DIMENSIE_NAMEN, DOEL_KOLOMMEN, INDICATOREN, LABELS

SLEUTEL = ("nis", "periode", "indicator", *DIMENSIE_NAMEN, "teldefinitie", "status")
# The versioning slice of the importer: an own count and an official delivery of the same
# municipality-month are replaced separately.
SNEDE = ("nis", "periode", "status")
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# The fields compared per target; doel_id is the key that pairs old and new.
DOELVELDEN = tuple(k for k in DOEL_KOLOMMEN if k != "doel_id")

TOTAAL_KOLOMMEN = ["nis", "gemeente", "periode", "indicator", "oud", "nieuw", "verschil", "status"]
MAAND_KOLOMMEN = ["nis", "gemeente", "periode"]
OVERIG_KOLOMMEN = ["bestand", "soort", "sleutel", "veld", "oud", "nieuw", "status"]


@dataclass
class Voorbeeld:
    """What would change. Frames use Dutch column names; values of totals are Int64 (<NA> for
    "none")."""

    #: municipality-months with no data yet: nis, gemeente, periode
    nieuwe_maanden: pd.DataFrame
    #: municipality-months whose cells change: nis, gemeente, periode
    gewijzigde_maanden: pd.DataFrame
    #: municipality-months delivered again with exactly the same cells: nis, gemeente, periode
    ongewijzigde_maanden: pd.DataFrame
    #: municipality totals (all dimensions `totaal`) that differ, per indicator:
    #: nis, gemeente, periode, indicator, oud, nieuw, verschil, status
    #: (status: `nieuw` in a new month, `gewijzigd`, `toegevoegd`, `verdwijnt`)
    totalen: pd.DataFrame
    #: breakdown cells (any dimension not `totaal`) in existing months: counts only
    cellen_gewijzigd: int = 0
    cellen_toegevoegd: int = 0
    cellen_verdwenen: int = 0
    #: population / targets / municipalities: bestand, soort, sleutel, veld, oud, nieuw, status
    overige: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OVERIG_KOLOMMEN))
    #: remarks for the user (e.g. the same month delivered by two files)
    opmerkingen: list[str] = field(default_factory=list)
    samenvatting: str = ""

    @property
    def cellen_totaal(self) -> int:
        """Breakdown cells that change in any way (other value, added or removed)."""
        return self.cellen_gewijzigd + self.cellen_toegevoegd + self.cellen_verdwenen

    @property
    def gewijzigde_totalen(self) -> pd.DataFrame:
        """Only totals of months that already had data (old → new)."""
        return self.totalen[self.totalen["status"] != "nieuw"].reset_index(drop=True)

    @property
    def niets_verandert(self) -> bool:
        return (
            self.nieuwe_maanden.empty
            and self.gewijzigde_maanden.empty
            and not (self.overige["status"] != "ongewijzigd").any()
        )


# --------------------------------------------------------------------------------------------
# Dutch text helpers (kept here: data_access does not import charts)
# --------------------------------------------------------------------------------------------


def maand(periode: str) -> str:
    """``"2026-10" -> "okt 2026"`` (the raw text when it is not a month)."""
    try:
        jaar, nummer = str(periode).split("-")
        return f"{MAANDEN_KORT[int(nummer) - 1]} {int(jaar)}"
    except (ValueError, IndexError):
        return str(periode)


def _getal(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


def _meervoud(n: int, enkel: str, meer: str) -> str:
    return f"{_getal(n)} {enkel if n == 1 else meer}"


def _namen() -> dict[str, str]:
    ref = gemeenten_referentie()
    return dict(zip(ref["nis"], ref["naam"], strict=True))


# --------------------------------------------------------------------------------------------
# reading current cells
# --------------------------------------------------------------------------------------------


def _leeg_cellen() -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype=str) for k in SLEUTEL}).assign(
        aantal=pd.Series(dtype="int64")
    )


def _actieve_cellen(engine: Engine, sneden: pd.DataFrame) -> pd.DataFrame:
    """The active cells of the given slices (nis, periode, status; columns SLEUTEL + aantal)."""
    if sneden.empty:
        return _leeg_cellen()
    delen = []
    kolommen = [getattr(feit.c, k) for k in SLEUTEL]
    with engine.connect() as conn:
        for (nis, status), groep in sneden.groupby(["nis", "status"]):
            periodes = sorted(groep["periode"].unique())
            for start in range(0, len(periodes), 500):
                stmt = select(*kolommen, feit.c.aantal).where(
                    feit.c.nis == nis,
                    feit.c.status == status,
                    feit.c.periode.in_(periodes[start : start + 500]),
                    feit.c.actief,
                )
                rijen = conn.execute(stmt).all()
                if rijen:
                    delen.append(
                        pd.DataFrame([tuple(r) for r in rijen], columns=[*SLEUTEL, "aantal"])
                    )
    if not delen:
        return _leeg_cellen()
    return pd.concat(delen, ignore_index=True).astype({"aantal": "int64"})


def _release_cellen(engine: Engine, release_id: int) -> pd.DataFrame:
    kolommen = [getattr(feit.c, k) for k in SLEUTEL]
    with engine.connect() as conn:
        rijen = conn.execute(
            select(*kolommen, feit.c.aantal).where(feit.c.release_id == release_id)
        ).all()
    if not rijen:
        return _leeg_cellen()
    frame = pd.DataFrame([tuple(r) for r in rijen], columns=[*SLEUTEL, "aantal"])
    return frame.astype({"aantal": "int64"})


# --------------------------------------------------------------------------------------------
# comparison of cells per municipality-month
# --------------------------------------------------------------------------------------------


def _is_totaal(frame: pd.DataFrame) -> pd.Series:
    masker = pd.Series(True, index=frame.index)
    for dim in DIMENSIE_NAMEN:
        masker &= frame[dim] == "totaal"
    return masker


def _maandframe(sneden: pd.DataFrame, namen: dict[str, str]) -> pd.DataFrame:
    if sneden.empty:
        return pd.DataFrame({k: pd.Series(dtype=str) for k in MAAND_KOLOMMEN})
    frame = sneden[["nis", "periode"]].drop_duplicates().sort_values(["nis", "periode"])
    frame = frame.reset_index(drop=True)
    frame.insert(1, "gemeente", [namen.get(n, n) for n in frame["nis"]])
    return frame[MAAND_KOLOMMEN]


def _vergelijk(oud: pd.DataFrame, nieuw: pd.DataFrame) -> Voorbeeld:
    """Compare the cells current now (`oud`, only for the slices of `nieuw`) with `nieuw`."""
    namen = _namen()
    oud = oud[list(SLEUTEL) + ["aantal"]].astype({"aantal": "int64"})
    nieuw = nieuw[list(SLEUTEL) + ["aantal"]].astype({"aantal": "int64"})
    sneden = nieuw[list(SNEDE)].drop_duplicates()
    bestaande = oud[list(SNEDE)].drop_duplicates()
    sneden = sneden.merge(bestaande, on=list(SNEDE), how="left", indicator="_m")
    sneden = sneden.assign(_bestaat=sneden["_m"] == "both").drop(columns="_m")

    samen = oud.merge(
        nieuw, on=list(SLEUTEL), how="outer", suffixes=("_oud", "_nieuw"), indicator=True
    )
    samen = samen.merge(sneden, on=list(SNEDE), how="left")
    samen["_bestaat"] = samen["_bestaat"].eq(True)
    anders = (samen["_merge"] != "both") | (samen["aantal_oud"] != samen["aantal_nieuw"])
    samen["_anders"] = anders

    per_snede = samen[samen["_bestaat"]].groupby(list(SNEDE))["_anders"].any().reset_index()
    gewijzigd = per_snede[per_snede["_anders"]]
    ongewijzigd = per_snede[~per_snede["_anders"]]

    # Breakdown cells in existing months: counted, never shown.
    detail = samen[samen["_bestaat"] & ~_is_totaal(samen)]
    cellen_gewijzigd = int(((detail["_merge"] == "both") & detail["_anders"]).sum())
    cellen_toegevoegd = int((detail["_merge"] == "right_only").sum())
    cellen_verdwenen = int((detail["_merge"] == "left_only").sum())

    # Municipality totals (published statistics): old → new per indicator.
    tot = samen[_is_totaal(samen)].copy()
    tot["status"] = "gewijzigd"
    tot.loc[~tot["_bestaat"], "status"] = "nieuw"
    tot.loc[tot["_bestaat"] & (tot["_merge"] == "right_only"), "status"] = "toegevoegd"
    tot.loc[tot["_bestaat"] & (tot["_merge"] == "left_only"), "status"] = "verdwijnt"
    tot = tot[~tot["_bestaat"] | tot["_anders"]]
    volgorde = {ind: i for i, ind in enumerate(INDICATOREN)}
    totalen = pd.DataFrame(
        {
            "nis": tot["nis"].astype(str),
            "gemeente": [namen.get(n, n) for n in tot["nis"]],
            "periode": tot["periode"].astype(str),
            "indicator": tot["indicator"].astype(str),
            "oud": tot["aantal_oud"].astype("Int64"),
            "nieuw": tot["aantal_nieuw"].astype("Int64"),
            "status": tot["status"].astype(str),
        }
    )
    totalen["verschil"] = (totalen["nieuw"].fillna(0) - totalen["oud"].fillna(0)).astype("Int64")
    totalen = (
        totalen.assign(_volg=totalen["indicator"].map(volgorde).fillna(99))
        .sort_values(["nis", "periode", "_volg"])
        .drop(columns="_volg")[TOTAAL_KOLOMMEN]
        .reset_index(drop=True)
    )
    opmerkingen = []
    n_weg = int((totalen["status"] == "verdwijnt").sum())
    if n_weg:
        opmerkingen.append(
            "Let op: "
            + _meervoud(n_weg, "gemeentetotaal verdwijnt", "gemeentetotalen verdwijnen")
            + " (status 'verdwijnt'), omdat de nieuwe gegevens voor die maand geen rij met die "
            "indicator bevatten. Een gemeente-maand wordt altijd volledig vervangen: lever "
            "alle indicatoren van de maand samen aan."
        )
    if cellen_verdwenen:
        opmerkingen.append(
            _meervoud(
                cellen_verdwenen,
                "cel van een uitsplitsing valt",
                "cellen van uitsplitsingen vallen",
            )
            + " weg in bestaande maanden."
        )
    return Voorbeeld(
        opmerkingen=opmerkingen,
        nieuwe_maanden=_maandframe(sneden[~sneden["_bestaat"]], namen),
        gewijzigde_maanden=_maandframe(gewijzigd, namen),
        ongewijzigde_maanden=_maandframe(ongewijzigd, namen),
        totalen=totalen,
        cellen_gewijzigd=cellen_gewijzigd,
        cellen_toegevoegd=cellen_toegevoegd,
        cellen_verdwenen=cellen_verdwenen,
    )


# --------------------------------------------------------------------------------------------
# population, targets, municipalities
# --------------------------------------------------------------------------------------------


def _wijziging(bestand: str, soort: str, sleutel: str, status: str, veld="", oud="", nieuw=""):
    """One row of `Voorbeeld.overige`, keyed like OVERIG_KOLOMMEN."""
    return dict(
        zip(OVERIG_KOLOMMEN, (bestand, soort, sleutel, veld, oud, nieuw, status), strict=True)
    )


def _overig_bevolking(engine: Engine, bestand: str, frame: pd.DataFrame) -> list[dict]:
    with engine.connect() as conn:
        rijen = conn.execute(
            select(bevolking.c.nis, bevolking.c.jaar, bevolking.c.inwoners).where(
                bevolking.c.nis.in_(sorted(frame["nis"].unique()))
            )
        ).all()
    huidig = {(n, int(j)): int(i) for n, j, i in rijen}
    namen = _namen()
    uit = []
    for r in frame.itertuples(index=False):
        sleutel = (r.nis, int(r.jaar))
        oud, nieuw = huidig.get(sleutel), int(r.inwoners)
        status = "nieuw" if oud is None else ("ongewijzigd" if oud == nieuw else "gewijzigd")
        uit.append(
            _wijziging(
                bestand,
                "bevolking",
                f"{namen.get(r.nis, r.nis)} {r.jaar}",
                status,
                veld="inwoners",
                oud="" if oud is None else _getal(oud),
                nieuw=_getal(nieuw),
            )
        )
    return uit


def _overig_doelen(engine: Engine, bestand: str, frame: pd.DataFrame) -> list[dict]:
    return doel_wijzigingen(engine, frame, bestand)


def doel_wijzigingen(engine: Engine, frame: pd.DataFrame, bestand: str = "") -> list[dict]:
    """Per target in `frame` (text cells, the columns of a `doelen` file): new, unchanged, or
    the fields that change old → new. Also used by the target form."""
    ids = sorted(frame["doel_id"].astype(str).unique())
    with engine.connect() as conn:
        rijen = conn.execute(select(doel).where(doel.c.doel_id.in_(ids))).mappings().all()
    huidig = {r["doel_id"]: r for r in rijen}
    uit = []
    for r in frame.to_dict("records"):
        sleutel = str(r["doel_id"])
        oud = huidig.get(sleutel)
        if oud is None:
            uit.append(_wijziging(bestand, "doelen", sleutel, "nieuw", nieuw=str(r["naam"])))
            continue
        velden = [v for v in DOELVELDEN if str(oud[v]) != str(r[v]).strip()]
        if not velden:
            uit.append(_wijziging(bestand, "doelen", sleutel, "ongewijzigd"))
        for veld in velden:
            uit.append(
                _wijziging(
                    bestand, "doelen", sleutel, "gewijzigd", veld, str(oud[veld]), str(r[veld])
                )
            )
    return uit


def _overig_gemeenten(engine: Engine, bestand: str, frame: pd.DataFrame) -> list[dict]:
    with engine.connect() as conn:
        rijen = (
            conn.execute(select(gemeente).where(gemeente.c.nis.in_(sorted(frame["nis"].unique()))))
            .mappings()
            .all()
        )
    huidig = {r["nis"]: r for r in rijen}
    uit = []
    for r in frame.to_dict("records"):
        oud = huidig.get(r["nis"])
        for veld in ("naam", "provincie"):
            oud_w = "" if oud is None else str(oud[veld])
            status = (
                "nieuw" if oud is None else ("ongewijzigd" if oud_w == r[veld] else "gewijzigd")
            )
            uit.append(
                _wijziging(bestand, "gemeenten", r["nis"], status, veld, oud_w, str(r[veld]))
            )
    return uit


_OVERIG = {
    "bevolking": _overig_bevolking,
    "doelen": _overig_doelen,
    "gemeenten": _overig_gemeenten,
}


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------


def _feiten_na_import(gecontroleerd: list[Gecontroleerd]) -> tuple[pd.DataFrame, list[str]]:
    """The cells that would be current after writing, per municipality-month the LAST file
    that delivers it wins (as in `importer.schrijf`)."""
    delen = []
    for volgnummer, item in enumerate(gecontroleerd):
        if item.soort != "feiten":
            continue
        frame = item.ingelezen.frame[list(SLEUTEL) + ["aantal"]].copy()
        frame["aantal"] = frame["aantal"].astype("int64")
        delen.append(frame.assign(_bestand=volgnummer, _naam=item.ingelezen.bestand))
    if not delen:
        return _leeg_cellen(), []
    alles = pd.concat(delen, ignore_index=True)
    laatste = alles.groupby(list(SNEDE))["_bestand"].transform("max")
    opmerkingen = []
    dubbel = alles.groupby(list(SNEDE))["_bestand"].nunique()
    dubbel = dubbel[dubbel > 1]
    if not dubbel.empty:
        namen = _namen()
        voorbeelden = ", ".join(
            f"{namen.get(n, n)} {maand(p)}" for n, p, *_ in list(dubbel.index)[:3]
        )
        opmerkingen.append(
            f"{_meervoud(len(dubbel), 'gemeente-maand komt', 'gemeente-maanden komen')} in meer "
            f"dan één bestand voor ({voorbeelden}); het laatst gekozen bestand telt."
        )
    gekozen = alles[alles["_bestand"] == laatste]
    return gekozen.drop(columns=["_bestand", "_naam"]).reset_index(drop=True), opmerkingen


def voorbeeld(engine: Engine, gecontroleerd: list[Gecontroleerd]) -> Voorbeeld:
    """What `importer.schrijf(engine, gecontroleerd, ...)` would change, without writing."""
    nieuw, opmerkingen = _feiten_na_import(gecontroleerd)
    oud = _actieve_cellen(engine, nieuw[list(SNEDE)].drop_duplicates())
    uitkomst = _vergelijk(oud, nieuw)
    overige: list[dict] = []
    for item in gecontroleerd:
        if item.soort in _OVERIG:
            overige += _OVERIG[item.soort](engine, item.ingelezen.bestand, item.ingelezen.frame)
    uitkomst.overige = pd.DataFrame(overige, columns=OVERIG_KOLOMMEN)
    uitkomst.opmerkingen = opmerkingen + uitkomst.opmerkingen
    uitkomst.samenvatting = samenvatting(uitkomst)
    return uitkomst


def voorbeeld_herstel(engine: Engine, release_id: int) -> Voorbeeld:
    """What `importer.herstel(engine, release_id, ...)` would change, without writing.

    Raises ValueError (Dutch) when the release does not exist or holds no monthly figures.
    """
    with engine.connect() as conn:
        bron = conn.execute(select(release).where(release.c.id == int(release_id))).mappings()
        bron = bron.first()
    if bron is None or bron["soort"] != "feiten":
        raise ValueError(f"Release {release_id} bestaat niet of bevat geen maandcijfers.")
    nieuw = _release_cellen(engine, int(release_id))
    oud = _actieve_cellen(engine, nieuw[list(SNEDE)].drop_duplicates())
    uitkomst = _vergelijk(oud, nieuw)
    uitkomst.samenvatting = samenvatting(uitkomst, herstel=True)
    return uitkomst


def actieve_rijen(engine: Engine) -> dict[int, int]:
    """Per release of monthly figures: how many of its rows are current now (for the history:
    which delivery is in use, wholly or in part)."""
    stmt = select(feit.c.release_id, func.count()).where(feit.c.actief).group_by(feit.c.release_id)
    with engine.connect() as conn:
        return {int(r): int(n) for r, n in conn.execute(stmt).all()}


def _maandlijst(frame: pd.DataFrame, max_n: int = 4) -> str:
    delen = [f"{g} {maand(p)}" for g, p in zip(frame["gemeente"], frame["periode"], strict=True)]
    if len(delen) > max_n:
        return ", ".join(delen[:max_n]) + f" en {_getal(len(delen) - max_n)} meer"
    return ", ".join(delen)


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def _overige_zin(overige: pd.DataFrame) -> list[str]:
    woord = {"bevolking": "Bevolkingscijfers", "doelen": "Doelen", "gemeenten": "Gemeenten"}
    zinnen = []
    for soort, groep in overige.groupby("soort", sort=False):
        per_sleutel = groep.groupby("sleutel", sort=False)["status"].agg(
            lambda s: s.iloc[0] if s.nunique() == 1 else "gewijzigd"
        )
        n_nieuw = int((per_sleutel == "nieuw").sum())
        n_gew = int((per_sleutel == "gewijzigd").sum())
        n_zelfde = len(per_sleutel) - n_nieuw - n_gew
        zinnen.append(
            f"{woord.get(soort, soort)}: {_getal(n_nieuw)} nieuw, {_getal(n_gew)} gewijzigd, "
            f"{_getal(n_zelfde)} ongewijzigd."
        )
    return zinnen


def samenvatting(v: Voorbeeld, herstel: bool = False) -> str:
    """The preview in one or two plain Dutch sentences."""
    onderwerp = "Dit herstel" if herstel else "Deze import"
    if v.niets_verandert:
        n = len(v.ongewijzigde_maanden)
        if herstel:
            tekst = "Er verandert niets: deze release is al de actuele versie"
            return tekst + (
                f" van {_meervoud(n, 'gemeente-maand', 'gemeente-maanden')}." if n else "."
            )
        if n:
            return (
                "Er verandert niets: "
                + _meervoud(n, "gemeente-maand is", "gemeente-maanden zijn")
                + " al precies zo geladen."
            )
        zinnen = _overige_zin(v.overige)
        return " ".join(["Er verandert niets.", *zinnen]).strip()
    delen = []
    if not v.nieuwe_maanden.empty:
        delen.append(
            "voegt "
            + _meervoud(len(v.nieuwe_maanden), "nieuwe gemeente-maand", "nieuwe gemeente-maanden")
            + f" toe ({_maandlijst(v.nieuwe_maanden)})"
        )
    if not v.gewijzigde_maanden.empty:
        tekst = "wijzigt " + _meervoud(
            len(v.gewijzigde_maanden), "gemeente-maand", "gemeente-maanden"
        )
        details = []
        if len(v.gewijzigde_totalen):
            details.append(
                _meervoud(len(v.gewijzigde_totalen), "gemeentetotaal", "gemeentetotalen")
            )
        if v.cellen_totaal:
            details.append(
                _meervoud(v.cellen_totaal, "cel van een uitsplitsing", "cellen van uitsplitsingen")
            )
        if details:
            tekst += " (" + " en ".join(details) + ")"
        delen.append(tekst)
    if not v.ongewijzigde_maanden.empty:
        delen.append(
            "laat "
            + _meervoud(len(v.ongewijzigde_maanden), "gemeente-maand", "gemeente-maanden")
            + " ongewijzigd"
        )
    zinnen = [f"{onderwerp} {_opsomming(delen)}."] if delen else []
    zinnen += _overige_zin(v.overige)
    return " ".join(zinnen)


def indicatorlabel(code: str) -> str:
    return LABELS["indicator"].get(code, code)


__all__ = [
    "Voorbeeld",
    "actieve_rijen",
    "doel_wijzigingen",
    "indicatorlabel",
    "maand",
    "samenvatting",
    "voorbeeld",
    "voorbeeld_herstel",
]
