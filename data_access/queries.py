"""Read functions: SQL in, pandas frames out. The only place where pages get their numbers.

Municipality totals (every dimension `totaal`) are published statistics and come back exactly.
Breakdowns go through `uitsplitsing`, which applies the disclosure rule of privacy.md for everyone
except an analyst of that municipality. There is no public function that returns an
unsuppressed breakdown without a `kijker`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)

from data_access import kalibratie as k
from data_access import referentie
from data_access.schema import bevolking as t_bevolking
from data_access.schema import doel, feit, gemeente, release
from domein import (
    AFGESCHERMD,
    DEFINITIEF,
    DIMENSIE_NAMEN,
    GEEN_GEGEVENS,
    GETOOND,
    INDICATOR_TELDEFINITIE,
    INDICATOREN,
    REST_CODE,
    STANDAARD_TELDEFINITIE,
    VOORLOPIG,
    WERK_BESTEMMINGEN,
    Niveau,
    niveaus,
)
from domein.maanden import venster_maanden

STROMEN = ("instroom", "uitstroom", "activeringen", "trajectstarts")


_TOTAAL = literal_column("'totaal'")


def _totaal_behalve(*uitgezonderd: str):
    # 'totaal' as a literal, not a bound parameter: only then can SQLite (and a generic plan on
    # PostgreSQL) use the partial index ix_feit_totaal (data_access/schema.py).
    return and_(*(getattr(feit.c, d) == _TOTAAL for d in DIMENSIE_NAMEN if d not in uitgezonderd))


_DEFINITIEF = literal_column(f"'{DEFINITIEF}'")


def zichtbaar(t=feit):
    """The rows that are shown (every read of `feit` goes through this): active, and per cell
    of the breakdown - (nis, periode, indicator, teldefinitie) and the same category in every
    declared dimension (domein.DIMENSIE_NAMEN) - the definitive row (an official stable month)
    where it exists, else the provisional one (the OCMW's own count). So an official total
    replaces the own total and an official -25 the own -25, but an own breakdown the official
    source does not carry (doelgroep, own age bands) stays visible, as own count. `t`: `feit`
    or an alias of it. The official row is found with one seek in ix_feit_definitief (literals,
    not bound parameters, so that SQLite matches the partial index)."""
    d = feit.alias("definitief")
    officieel = exists().where(
        d.c.nis == t.c.nis,
        d.c.indicator == t.c.indicator,
        d.c.periode == t.c.periode,
        d.c.teldefinitie == t.c.teldefinitie,
        *(d.c[naam] == t.c[naam] for naam in DIMENSIE_NAMEN),
        d.c.status == _DEFINITIEF,
        d.c.actief,
    )
    return and_(t.c.actief, or_(t.c.status == _DEFINITIEF, ~officieel))


def teldefinitie_van(indicator: str, teldefinitie: str | None = None) -> str:
    """The count definition a read of `indicator` shows: the one asked for, else the
    indicator's own (domein.INDICATOR_TELDEFINITIE). One per read: figures of different count
    definitions are never added."""
    return teldefinitie or INDICATOR_TELDEFINITIE.get(indicator, STANDAARD_TELDEFINITIE)


def _feiten(indicator: str, teldefinitie: str | None = None, t=feit):
    """The shown rows of one indicator in one count definition."""
    return and_(
        t.c.indicator == indicator,
        t.c.teldefinitie == teldefinitie_van(indicator, teldefinitie),
        zichtbaar(t),
    )


def _periode_filter(stmt, van: str | None, tot: str | None):
    if van:
        stmt = stmt.where(feit.c.periode >= van)
    if tot:
        stmt = stmt.where(feit.c.periode <= tot)
    return stmt


def _lees(engine: Engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        resultaat = conn.execute(stmt)
        kolommen = list(resultaat.keys())
        rijen = [tuple(rij) for rij in resultaat]
    if not rijen:
        return pd.DataFrame()
    # From tuples, not from mappings: pandas turns every mapping into a dict first (4x slower
    # at a few thousand rows, bench/schaal.py). The frame is the same: the columns in the
    # order pandas gives mappings (sorted by name), the same type inference.
    frame = pd.DataFrame.from_records(rijen, columns=kolommen)
    return frame[sorted(kolommen)]


def reeksen(
    engine: Engine,
    nissen: Iterable[str],
    indicator: str,
    van: str | None = None,
    tot: str | None = None,
    *,
    teldefinitie: str | None = None,
) -> pd.DataFrame:
    """Monthly municipality totals: columns nis, periode, waarde (int)."""
    stmt = select(feit.c.nis, feit.c.periode, feit.c.aantal.label("waarde")).where(
        feit.c.nis.in_(list(nissen)),
        _feiten(indicator, teldefinitie),
        _totaal_behalve(),
    )
    stmt = _periode_filter(stmt, van, tot).order_by(feit.c.nis, feit.c.periode)
    frame = _lees(engine, stmt)
    if frame.empty:
        return pd.DataFrame({"nis": [], "periode": [], "waarde": []}).astype(
            {"nis": str, "periode": str, "waarde": "int64"}
        )
    return frame.astype({"waarde": "int64"})


def reeks(
    engine: Engine,
    nis: str,
    indicator: str,
    van: str | None = None,
    tot: str | None = None,
    *,
    teldefinitie: str | None = None,
) -> pd.DataFrame:
    """One municipality's monthly totals: columns periode, waarde."""
    frame = reeksen(engine, [nis], indicator, van, tot, teldefinitie=teldefinitie)
    return frame.drop(columns="nis").reset_index(drop=True)


def statussen(
    engine: Engine, nis: str, indicator: str, *, teldefinitie: str | None = None
) -> pd.Series:
    """The status of each shown monthly total (index periode): 'definitief' (official) or
    'voorlopig' (own count), by the rule of `zichtbaar`."""
    stmt = (
        select(feit.c.periode, feit.c.status)
        .where(feit.c.nis == nis, _feiten(indicator, teldefinitie), _totaal_behalve())
        .order_by(feit.c.periode)
    )
    frame = _lees(engine, stmt)
    if frame.empty:
        return pd.Series(dtype=str, name="status")
    return frame.set_index("periode")["status"]


def eigen_en_officieel(
    engine: Engine, nis: str, indicator: str, *, teldefinitie: str | None = None
) -> pd.DataFrame:
    """The months in which both the OCMW's own count (voorlopig) and an official figure
    (definitief) of `nis`'s total exist: periode, eigen, officieel, verschil (eigen minus
    officieel). Both are totals (published statistics); only the official one is shown in the
    series (`zichtbaar`), this is the difference beside it."""
    stmt = (
        select(feit.c.periode, feit.c.status, feit.c.aantal)
        .where(
            feit.c.nis == nis,
            feit.c.indicator == indicator,
            feit.c.teldefinitie == teldefinitie_van(indicator, teldefinitie),
            feit.c.actief,
            _totaal_behalve(),
        )
        .order_by(feit.c.periode)
    )
    frame = _lees(engine, stmt)
    kolommen = ["periode", "eigen", "officieel", "verschil"]
    leeg = pd.DataFrame({k: pd.Series(dtype="int64" if k != "periode" else str) for k in kolommen})
    if frame.empty or not {VOORLOPIG, DEFINITIEF} <= set(frame["status"]):
        return leeg
    breed = frame.pivot_table(index="periode", columns="status", values="aantal", aggfunc="sum")
    breed = breed.dropna(subset=[VOORLOPIG, DEFINITIEF]).reset_index()
    if breed.empty:
        return leeg
    uit = pd.DataFrame(
        {
            "periode": breed["periode"].astype(str),
            "eigen": breed[VOORLOPIG].astype("int64"),
            "officieel": breed[DEFINITIEF].astype("int64"),
        }
    )
    return uit.assign(verschil=uit["eigen"] - uit["officieel"])[kolommen]


def teldefinities(engine: Engine, nis: str, indicator: str) -> list[str]:
    """The count definitions of `nis`'s active figures of `indicator` (to say so when a read
    in another definition finds nothing)."""
    stmt = (
        select(feit.c.teldefinitie)
        .where(feit.c.nis == nis, feit.c.indicator == indicator, feit.c.actief)
        .distinct()
        .order_by(feit.c.teldefinitie)
    )
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def activeringen_naar_werk(
    engine: Engine,
    nis: str,
    van: str | None = None,
    tot: str | None = None,
    pijlers: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Activations into work (the pact's count) per month: columns periode, waarde.

    With `pijlers`, only activations through those pillars count (pijler × bestemming cells).
    """
    pijler_filter = feit.c.pijler.in_(list(pijlers)) if pijlers else feit.c.pijler == "totaal"
    stmt = (
        select(feit.c.periode, func.sum(feit.c.aantal).label("waarde"))
        .where(
            feit.c.nis == nis,
            _feiten("activeringen"),
            _totaal_behalve("pijler", "bestemming"),
            feit.c.bestemming.in_(WERK_BESTEMMINGEN),
            pijler_filter,
        )
        .group_by(feit.c.periode)
    )
    frame = _lees(engine, _periode_filter(stmt, van, tot).order_by(feit.c.periode))
    alle = reeks(engine, nis, "activeringen", van, tot)[["periode"]]
    if frame.empty:
        # no work cell in the window: 0 a month if the municipality delivers destinations at
        # all, unknown (empty) if it delivers totals only
        return alle.assign(waarde=0) if nis in gemeenten_met_werk(engine) else alle.iloc[:0]
    return (
        alle.merge(frame, on="periode", how="left")
        .fillna({"waarde": 0})
        .astype({"waarde": "int64"})
    )


def _ruwe_uitsplitsing(
    engine: Engine,
    nis: str,
    indicator: str,
    dimensie: str,
    van: str | None,
    tot: str | None,
    teldefinitie: str | None = None,
) -> pd.DataFrame:
    """periode, categorie, aantal, status: the shown cells of a breakdown and, per month, the
    total they add up to (`_totaal_van_de_delen`)."""
    stmt = select(
        feit.c.periode,
        getattr(feit.c, dimensie).label("categorie"),
        feit.c.aantal,
        feit.c.status,
    ).where(feit.c.nis == nis, _feiten(indicator, teldefinitie), _totaal_behalve(dimensie))
    stmt = _periode_filter(stmt, van, tot).order_by(feit.c.periode)
    frame = _lees(engine, stmt)
    if frame.empty:
        return pd.DataFrame(columns=["periode", "categorie", "aantal", "status"])
    frame = frame.astype({"aantal": "int64"})
    return _totaal_van_de_delen(engine, nis, indicator, teldefinitie, frame)


def _totaal_van_de_delen(
    engine: Engine, nis: str, indicator: str, teldefinitie: str | None, ruw: pd.DataFrame
) -> pd.DataFrame:
    """A month whose shown cells are all own count (a breakdown the official source does not
    carry, e.g. doelgroep) is read against the own total, the sum those cells were cut from:
    a breakdown is one count, and the disclosure rule adds its cells up to its total. The
    official total of that month stays the one the series shows."""
    is_totaal = ruw["categorie"] == "totaal"
    delen = ruw[~is_totaal]
    per_maand = (delen["status"] == VOORLOPIG).groupby(delen["periode"]).all()
    eigen_maanden = set(per_maand[per_maand].index)
    te_vervangen = is_totaal & ruw["periode"].isin(eigen_maanden) & (ruw["status"] == DEFINITIEF)
    if not te_vervangen.any():
        return ruw
    stmt = select(feit.c.periode, feit.c.aantal).where(
        feit.c.nis == nis,
        feit.c.indicator == indicator,
        feit.c.teldefinitie == teldefinitie_van(indicator, teldefinitie),
        feit.c.status == literal_column(f"'{VOORLOPIG}'"),
        feit.c.actief,
        _totaal_behalve(),
    )
    eigen = _lees(engine, stmt)
    if eigen.empty:
        return ruw
    eigen_totaal = eigen.set_index("periode")["aantal"]
    te_vervangen &= ruw["periode"].isin(eigen_totaal.index)
    uit = ruw.copy()
    uit.loc[te_vervangen, "aantal"] = uit.loc[te_vervangen, "periode"].map(eigen_totaal)
    uit.loc[te_vervangen, "status"] = VOORLOPIG
    return uit.astype({"aantal": "int64"})


def uitsplitsing(
    engine: Engine,
    nis: str,
    indicator: str,
    dimensie: str,
    kijker=None,
    van: str | None = None,
    tot: str | None = None,
    *,
    teldefinitie: str | None = None,
) -> pd.DataFrame:
    """A breakdown as a user may see it (`uitsplitsing_op_niveau` without the level)."""
    return uitsplitsing_op_niveau(
        engine, nis, indicator, dimensie, kijker, van, tot, teldefinitie=teldefinitie
    ).tabel


@dataclass(frozen=True)
class Uitsplitsing:
    """A released breakdown and the level it is shown at (`domein.Niveau`)."""

    tabel: pd.DataFrame
    niveau: Niveau
    stroom: bool
    #: per month (index periode) the status of the shown cells: 'definitief' when every cell is
    #: official, else 'voorlopig' (own count; `zichtbaar` reads per cell)
    statussen: pd.Series = field(default_factory=lambda: pd.Series(dtype=str, name="status"))

    @property
    def zin(self) -> str | None:
        """The sentence "Samengevoegd tot …, omdat …" of a merged level; None at the finest."""
        return self.niveau.zin(self.stroom)


def uitsplitsing_op_niveau(
    engine: Engine,
    nis: str,
    indicator: str,
    dimensie: str,
    kijker=None,
    van: str | None = None,
    tot: str | None = None,
    *,
    teldefinitie: str | None = None,
) -> Uitsplitsing:
    """A breakdown as a user may see it: periode, categorie, aantal, weergave, onderdrukt, reden,
    with the level it is shown at.

    `kijker` is a `data_access.toegang.Gebruiker` (or None = the public/council view). Only an
    analyst of `nis` gets the exact cells (at the finest level); everyone else gets the table
    protected together with every other figure the product releases about it
    (`suppression.beschermde_tabel` with `werk_relaties` for the table by `bestemming`), at the
    finest level of the merge hierarchy that the rule does not hide too much of
    (`suppression.beschermd_op_niveau`). Table and level are built over the whole history and
    then cut to [van, tot] (rows whose months all lie inside), so neither depends on the window
    asked for. Flows are summed per complete quarter (or half-year or year when merged); the
    column `venster` names the window and `periode` is its last month.
    """
    suppression = _suppression()
    stroom = suppression.is_stroom(indicator)
    ruw = _ruwe_uitsplitsing(engine, nis, indicator, dimensie, None, None, teldefinitie)
    delen = ruw[ruw["categorie"] != "totaal"].reset_index(drop=True)
    totalen = ruw[ruw["categorie"] == "totaal"].set_index("periode")["aantal"]
    if delen.empty:
        return Uitsplitsing(_leeg_uitsplitsing(), niveaus(dimensie, stroom)[0], stroom)
    officieel = (delen["status"] == DEFINITIEF).groupby(delen["periode"]).all()
    statussen = officieel.map({True: DEFINITIEF, False: VOORLOPIG}).rename("status")
    delen = delen.drop(columns="status")
    if kijker is not None and kijker.ziet_detail(nis):
        niveau = niveaus(dimensie, stroom)[0]
        tabel = suppression.exact_op_niveau(delen, totalen, indicator=indicator, niveau=niveau)
    else:
        gekoppeld = (indicator, dimensie) == ("activeringen", "bestemming")
        tabel, niveau = suppression.beschermd_op_niveau(
            delen,
            totalen,
            indicator=indicator,
            dimensie=dimensie,
            relaties=werk_relaties(engine, nis) if gekoppeld else (),
        )
    return Uitsplitsing(_in_venster(_met_maandlabel(tabel), van, tot), niveau, stroom, statussen)


def _in_venster(tabel: pd.DataFrame, van: str | None, tot: str | None) -> pd.DataFrame:
    """Rows whose months all lie within [van, tot] (a quarter: from its first month)."""
    if tabel.empty or (van is None and tot is None):
        return tabel
    eerste = tabel["venster"].map(lambda v: venster_maanden(str(v))[0])
    binnen = pd.Series(True, index=tabel.index)
    if van:
        binnen &= eerste >= van
    if tot:
        binnen &= tabel["periode"] <= tot
    return tabel[binnen].reset_index(drop=True)


def _suppression():
    # Loaded on first use: the disclosure rule's programs (scipy.optimize) cost ~0.4 s at
    # start-up that the CLI's other commands and the pages without breakdowns should not pay.
    from data_access import suppression

    return suppression


def _vrijgave():
    # Loaded on first use, for the same reason: the release rules build on the disclosure rule.
    from data_access import vrijgave

    return vrijgave


# --------------------------------------------------------------------------------------------
# activations to work as they may be released (data_access.vrijgave, docs/privacy.md)


def _werk_exact(engine: Engine, nis: str) -> pd.Series:
    """Exact work activations per month. Private: never released as such (only the forecast
    service fits on it, and the release rules round it)."""
    frame = activeringen_naar_werk(engine, nis)
    if frame.empty:
        return pd.Series(dtype="int64")
    return frame.set_index("periode")["waarde"].astype("int64")


def bestemmingen(engine: Engine, nis: str) -> list[str]:
    """The categories of the released table by `bestemming` (with the rest code when a month's
    categories do not add up to its total)."""
    return _categorieen(_ruwe_uitsplitsing(engine, nis, "activeringen", "bestemming", None, None))


def _categorieen(ruw: pd.DataFrame) -> list[str]:
    """`bestemmingen` from the raw breakdown of one municipality (periode, categorie, aantal)."""
    if ruw.empty:
        return []
    delen = ruw[ruw["categorie"] != "totaal"]
    totalen = ruw[ruw["categorie"] == "totaal"].groupby("periode")["aantal"].sum()
    sommen = delen.groupby("periode")["aantal"].sum().reindex(totalen.index, fill_value=0)
    rest = [REST_CODE] if (totalen > sommen).any() else []
    return [*pd.unique(delen["categorie"]), *rest]


def werk_vrijgeefbaar(engine: Engine, nis: str) -> bool:
    """Whether `nis`'s activations to work may be released (`vrijgave.vrijgeefbaar`)."""
    return _vrijgave().vrijgeefbaar(bestemmingen(engine, nis))


def werk_per_kwartaal(engine: Engine, nis: str, drempel: int | None = None) -> pd.DataFrame:
    """Activations to work per full calendar quarter as released: rounded to the base
    (`vrijgave.kwartalen_uit`; columns `venster`, `van`, `periode` = its last month, `waarde`).
    Empty when they cannot be released (`werk_vrijgeefbaar`)."""
    v = _vrijgave()
    reeks = _werk_exact(engine, nis)
    if not reeks.empty and not werk_vrijgeefbaar(engine, nis):
        reeks = reeks.iloc[:0]
    return v.kwartalen_uit(reeks, v.afrondingsbasis(drempel))


def werk_per_pijler_kwartaal(
    engine: Engine, nis: str, kijker=None, pijlers: Iterable[str] = (), drempel: int | None = None
) -> pd.DataFrame:
    """Activations to work per pillar per full calendar quarter, each rounded to the base
    (`vrijgave.kwartalen_uit`): `pijler`, `venster`, `van`, `periode`, `waarde`. Only for an
    analyst of `nis` (`kijker.ziet_detail`): for anyone else it is empty, because a rounded
    work figure per pillar bounds hidden cells of the protected table by `pijler` (a pillar's
    work is at most its activations) and, summed over the pillars, narrows the released work
    tiles; no release rule covers it (docs/privacy.md)."""
    v = _vrijgave()
    kolommen = ["pijler", "venster", "van", "periode", "waarde"]
    if kijker is None or not kijker.ziet_detail(nis):
        return pd.DataFrame(columns=kolommen)
    basis = v.afrondingsbasis(drempel)
    delen = []
    for p in pijlers:
        frame = activeringen_naar_werk(engine, nis, pijlers=[p])
        reeks = frame.set_index("periode")["waarde"].astype("int64")
        delen.append(v.kwartalen_uit(reeks, basis).assign(pijler=p))
    if not delen:
        return pd.DataFrame(columns=kolommen)
    return pd.concat(delen, ignore_index=True)[kolommen]


def doel_reeks(engine: Engine, doel: dict) -> pd.Series:
    """The exact monthly series a target counts (the forecast service fits on it; it is never
    shown: `doelstand` is what may be)."""
    nis = str(doel["nis"])
    if _vrijgave().is_werkdoel(doel):
        return _werk_exact(engine, nis)
    frame = reeks(engine, nis, str(doel["indicator"]))
    return frame.set_index("periode")["waarde"].astype("int64")


def doelstand(engine: Engine, doel: dict, drempel: int | None = None) -> pd.DataFrame:
    """A target's released progress (`vrijgave.stand_uit`): per release point `periode`,
    `cumulatief` (a sum of rounded tiles, on the side of the target `gehaald` says) and
    `gehaald`. Raises `vrijgave.NietVrijgeefbaar` for a work target whose figures cannot be
    released."""
    v = _vrijgave()
    if v.is_werkdoel(doel) and not werk_vrijgeefbaar(engine, str(doel["nis"])):
        raise v.NietVrijgeefbaar(v.NIET_VRIJGEEFBAAR)
    return v.stand_uit(doel_reeks(engine, doel), doel, v.afrondingsbasis(drempel))


def werk_relaties(engine: Engine, nis: str, drempel: int | None = None) -> list:
    """Everything released about `nis`'s activations to work, as relations on the cells of the
    table by `bestemming` (`vrijgave.relaties_uit`): what protects that table jointly."""
    v = _vrijgave()
    gezocht = doelen(engine, nis)
    lijst = gezocht.to_dict("records") if not gezocht.empty else []
    return v.relaties_uit(
        _werk_exact(engine, nis),
        lijst,
        v.afrondingsbasis(drempel),
        categorieen=bestemmingen(engine, nis),
    )


def _leeg_uitsplitsing() -> pd.DataFrame:
    kolommen = ["periode", "venster", "categorie", "aantal", "weergave", "onderdrukt", "reden"]
    return pd.DataFrame(columns=kolommen)


def _met_maandlabel(tabel: pd.DataFrame) -> pd.DataFrame:
    """Window labels ('YYYY-Kn', 'YYYY-Hn', 'YYYY') become their last month, so every chart has
    a month axis; `venster` keeps the label."""
    venster = tabel["periode"].astype(str)
    maand = venster.map(lambda v: venster_maanden(v)[-1])
    return tabel.assign(periode=maand, venster=venster)


def bevolking(engine: Engine, nissen: Iterable[str]) -> pd.DataFrame:
    """nis, jaar, inwoners, officieel: the population on 1 January.

    The shipped official figures (Statbel, 2015–2020, `referentie.officiele_bevolking`) for every
    Flemish municipality, plus the years of an imported population file; an imported figure for
    the same year replaces the shipped one (`officieel` is then False).
    """
    nissen = list(nissen)
    stmt = (
        select(t_bevolking.c.nis, t_bevolking.c.jaar, t_bevolking.c.inwoners)
        .where(t_bevolking.c.nis.in_(nissen))
        .order_by(t_bevolking.c.nis, t_bevolking.c.jaar)
    )
    ingevoerd = _lees(engine, stmt).assign(officieel=False)
    officieel = referentie.officiele_bevolking()
    officieel = officieel[officieel["nis"].isin(nissen)].assign(officieel=True)
    samen = pd.concat([ingevoerd, officieel], ignore_index=True)
    if samen.empty:
        return pd.DataFrame(columns=["nis", "jaar", "inwoners", "officieel"])
    samen = samen.astype({"jaar": int, "inwoners": int, "officieel": bool})
    samen = samen.drop_duplicates(["nis", "jaar"], keep="first")  # the imported figure wins
    return samen.sort_values(["nis", "jaar"], kind="stable").reset_index(drop=True)


def per_1000(reeksen_frame: pd.DataFrame, bevolking_frame: pd.DataFrame) -> pd.DataFrame:
    """Add `inwoners`, `bevolkingsjaar` and `per_1000`: the value per 1,000 inhabitants on 1
    January of the same year.

    A year without a population figure uses the nearest known year of that municipality, and
    `bevolkingsjaar` says which (the screens name it: "inwoners van 2020, laatst bekende jaar").
    """
    frame = reeksen_frame.assign(jaar=reeksen_frame["periode"].str[:4].astype(int))
    if bevolking_frame.empty:
        return frame.assign(
            inwoners=float("nan"), bevolkingsjaar=pd.NA, per_1000=float("nan")
        ).drop(columns="jaar")
    # One merge_asof for all municipalities (`by="nis"`; a loop per municipality cost ~5 ms
    # each, bench/schaal.py); rows come back per municipality in order of appearance, by month.
    volgorde = {nis: i for i, nis in enumerate(pd.unique(frame["nis"]))}
    links = frame.assign(_groep=frame["nis"].map(volgorde)).sort_values("jaar", kind="stable")
    bev = (
        bevolking_frame[["nis", "jaar", "inwoners"]]
        .astype({"jaar": links["jaar"].dtype})
        .assign(bevolkingsjaar=lambda f: f["jaar"])
        .sort_values("jaar", kind="stable")
    )
    samen = pd.merge_asof(links, bev, on="jaar", by="nis", direction="nearest")
    samen = samen.sort_values(["_groep", "periode"], kind="stable").reset_index(drop=True)
    samen["per_1000"] = samen["waarde"] / samen["inwoners"] * 1000
    return samen.drop(columns=["jaar", "_groep"])


def doelen(engine: Engine, nis: str | None = None) -> pd.DataFrame:
    stmt = select(doel).order_by(doel.c.nis, doel.c.van)
    if nis:
        stmt = stmt.where(doel.c.nis == nis)
    frame = _lees(engine, stmt)
    return frame if not frame.empty else pd.DataFrame(columns=[c.name for c in doel.columns])


def gemeenten(engine: Engine) -> pd.DataFrame:
    return _lees(engine, select(gemeente).order_by(gemeente.c.naam))


def maandstand(engine: Engine, indicator: str, periode: str) -> pd.DataFrame:
    """nis, periode, waarde: every municipality's total of `indicator` in one month (the map)."""
    stmt = (
        select(feit.c.nis, feit.c.periode, feit.c.aantal.label("waarde"))
        .where(feit.c.periode == periode, _feiten(indicator), _totaal_behalve())
        .order_by(feit.c.nis)
    )
    frame = _lees(engine, stmt)
    return frame if not frame.empty else pd.DataFrame(columns=["nis", "periode", "waarde"])


def _werk_in_jaar(engine: Engine, nissen: list[str], van: str, tot: str) -> pd.DataFrame:
    """nis, periode, waarde: exact activations to work per month in [van, tot] (one query for
    all `nissen`; private: only released as rounded quarter tiles)."""
    stmt = (
        select(feit.c.nis, feit.c.periode, func.sum(feit.c.aantal).label("waarde"))
        .where(
            feit.c.nis.in_(nissen),
            _feiten("activeringen"),
            _totaal_behalve("bestemming"),
            feit.c.bestemming.in_(WERK_BESTEMMINGEN),
            feit.c.periode >= van,
            feit.c.periode <= tot,
        )
        .group_by(feit.c.nis, feit.c.periode)
    )
    return _lees(engine, stmt)


def _vrijgeefbaar_per_gemeente(engine: Engine, nissen: list[str]) -> dict[str, bool]:
    """`werk_vrijgeefbaar` for several municipalities, aggregated in the database (one query,
    not every row of the table by `bestemming` into pandas; bench/schaal.py): per municipality
    its categories, plus the rest code when some month's total exceeds the sum of its
    categories (as `_categorieen`)."""
    # the table by destination, read once: a CTE used twice is materialized (SQLite,
    # PostgreSQL 12+), so the municipalities' activation rows are searched one time
    cel = (
        select(feit.c.nis, feit.c.periode, feit.c.bestemming, feit.c.aantal)
        .where(
            feit.c.nis.in_(nissen),
            _feiten("activeringen"),  # the read rule: definitive over provisional
            _totaal_behalve("bestemming"),
        )
        .cte("cel")
    )
    is_totaal = cel.c.bestemming == _TOTAAL
    delen = select(cel.c.nis, cel.c.bestemming.label("categorie")).where(~is_totaal).distinct()
    per_maand = (
        select(
            cel.c.nis,
            func.sum(case((is_totaal, cel.c.aantal))).label("totaal"),
            func.coalesce(func.sum(case((~is_totaal, cel.c.aantal))), 0).label("delen"),
        )
        .group_by(cel.c.nis, cel.c.periode)
        .subquery()
    )
    # a month without a total row has totaal NULL: the comparison is then not true
    met_rest = (
        select(per_maand.c.nis, literal(REST_CODE).label("categorie"))
        .where(per_maand.c.totaal > per_maand.c.delen)
        .distinct()
    )
    categorieen: dict[str, set[str]] = {nis: set() for nis in nissen}
    with engine.connect() as conn:
        for nis, categorie in conn.execute(union_all(delen, met_rest)):
            categorieen[nis].add(categorie)
    v = _vrijgave()
    return {nis: v.vrijgeefbaar(categorieen[nis]) for nis in nissen}


def activeringsgraad(engine: Engine, nissen: Iterable[str], jaar: int) -> pd.DataFrame:
    """The activation rate of each municipality over calendar year `jaar` (domein.
    ACTIVERINGSGRAAD): nis, gemiddeld (mean recipients a month), activeringen (sum),
    geactiveerd (share), werk (activations to work as released: the year's four quarter tiles,
    each rounded to the base, as `werk_per_kwartaal` gives them), aan_het_werk (share of the
    activations), status_geactiveerd, status_werk (domein.GETOOND / AFGESCHERMD /
    GEEN_GEGEVENS). Built only from exact totals and released tiles, so it tells nothing the
    other released figures do not. A few queries for all `nissen` together."""
    nissen = [str(n) for n in nissen]
    van, tot = f"{jaar}-01", f"{jaar}-12"
    stand = reeksen(engine, nissen, "leefloongerechtigden", van, tot)
    act = reeksen(engine, nissen, "activeringen", van, tot)
    alle_met_werk = gemeenten_met_werk(engine)  # one query, not one per municipality
    met_werk = [n for n in nissen if n in alle_met_werk]
    werk = _werk_in_jaar(engine, met_werk, van, tot) if met_werk else pd.DataFrame()
    vrij = _vrijgeefbaar_per_gemeente(engine, met_werk) if met_werk else {}
    v = _vrijgave()
    basis = v.afrondingsbasis()
    # per municipality once (a boolean mask per municipality scanned the frames 20 times)
    stand_per, act_per = (dict(tuple(f.groupby("nis")["waarde"])) for f in (stand, act))
    leeg = pd.Series(dtype="int64")
    werk_per = {}  # (nis, periode) -> exact work activations, looked up per month below
    if not werk.empty:
        werk_per = {(n, p): w for n, p, w in werk[["nis", "periode", "waarde"]].itertuples(False)}
    rijen = []
    for nis in nissen:
        s, a = stand_per.get(nis, leeg), act_per.get(nis, leeg)
        rij = {"nis": nis, "gemiddeld": None, "activeringen": None, "geactiveerd": None}
        rij |= {"werk": None, "aan_het_werk": None}
        volledig = len(s) == 12 and len(a) == 12 and s.mean() > 0
        if volledig:
            rij |= {"gemiddeld": float(s.mean()), "activeringen": int(a.sum())}
            rij["geactiveerd"] = rij["activeringen"] / rij["gemiddeld"]
        rij["status_geactiveerd"] = GETOOND if volledig else GEEN_GEGEVENS
        rij["status_werk"] = GEEN_GEGEVENS
        if volledig and nis in vrij:
            if not vrij[nis]:
                rij["status_werk"] = AFGESCHERMD
            else:
                maanden = [(nis, f"{jaar}-{m:02d}") for m in range(1, 13)]
                per_maand = [int(werk_per.get(maand, 0)) for maand in maanden]
                tegels = [v.rond(sum(per_maand[i : i + 3]), basis) for i in range(0, 12, 3)]
                rij["werk"] = int(sum(tegels))
                if rij["activeringen"]:
                    rij["aan_het_werk"] = rij["werk"] / rij["activeringen"]
                    rij["status_werk"] = GETOOND
        rijen.append(rij)
    return pd.DataFrame(rijen)


def niveaureeks(engine: Engine, nissen: Iterable[str], indicator: str) -> pd.DataFrame:
    """A group of municipalities as one series: periode, waarde (sum), inwoners (sum of each
    member's population, nearest known year as in `per_1000`), gemeenten (members with a
    figure). Only the months in which every member with data has a figure: a level is never a
    sum over a part. Summed in the database (one row per month, not per municipality)."""
    nissen = list(nissen)
    filter_ = and_(feit.c.nis.in_(nissen), _feiten(indicator), _totaal_behalve())
    per_maand = select(
        feit.c.periode,
        func.sum(feit.c.aantal).label("waarde"),
        func.count(feit.c.nis).label("gemeenten"),
    ).where(filter_)
    som = _lees(engine, per_maand.group_by(feit.c.periode).order_by(feit.c.periode))
    with engine.connect() as conn:
        leden = list(conn.execute(select(feit.c.nis).where(filter_).distinct()).scalars())
    if som.empty or not leden:
        return pd.DataFrame(columns=["periode", "waarde", "inwoners", "gemeenten"])
    som = som[som["gemeenten"] == len(leden)].reset_index(drop=True)
    jaren = pd.DataFrame({"periode": som["periode"].str[:4].unique()})
    rooster = jaren.merge(pd.DataFrame({"nis": leden}), how="cross").assign(waarde=0)
    inwoners = per_1000(rooster, bevolking(engine, leden))
    per_jaar = inwoners.groupby("periode")["inwoners"].sum(min_count=len(leden))
    som["inwoners"] = som["periode"].str[:4].map(per_jaar)
    return som.astype({"waarde": "int64", "gemeenten": "int64"})


def gemeenten_met_werk(engine: Engine) -> frozenset[str]:
    """Municipalities that deliver activations by destination (so activations *to work* are
    known); a municipality with totals only is not among them."""
    stmt = (
        select(feit.c.nis)
        .where(_feiten("activeringen"), feit.c.bestemming.in_(WERK_BESTEMMINGEN))
        .distinct()
    )
    with engine.connect() as conn:
        return frozenset(conn.execute(stmt).scalars())


def gemeenten_met_data(engine: Engine) -> pd.DataFrame:
    """Municipalities with at least one active total: nis, naam, eerste_periode, laatste_periode."""

    def grens(functie):
        # per municipality one seek at each end of ix_feit_totaal (indicator, nis, actief,
        # periode) instead of grouping every total row (bench/schaal.py: 1 ms vs 22 ms)
        return (
            select(functie(feit.c.periode))
            .where(
                feit.c.nis == gemeente.c.nis,
                _feiten("leefloongerechtigden"),
                _totaal_behalve(),
            )
            .scalar_subquery()
        )

    per_gemeente = select(
        gemeente.c.nis,
        gemeente.c.naam,
        grens(func.min).label("eerste_periode"),
        grens(func.max).label("laatste_periode"),
    ).subquery("g")
    stmt = (
        select(per_gemeente)
        .where(per_gemeente.c.eerste_periode.is_not(None))
        .order_by(per_gemeente.c.naam)
    )
    frame = _lees(engine, stmt)
    kolommen = ["nis", "naam", "eerste_periode", "laatste_periode"]
    return frame[kolommen] if not frame.empty else pd.DataFrame(columns=kolommen)


def laatste_periode(engine: Engine, nis: str | None = None) -> str | None:
    if nis:
        stmt = select(func.max(feit.c.periode)).where(zichtbaar(), feit.c.nis == nis)
    else:
        # The newest month per municipality and indicator, each one seek at the end of
        # ix_feit_zoek (nis, indicator, actief, periode): a plain max() over every active row
        # scans the whole table (bench/schaal.py).
        indicatoren = union_all(
            *(select(literal_column(f"'{i}'").label("indicator")) for i in INDICATOREN)
        ).subquery("i")
        f = feit.alias("f")
        per_snede = (
            select(func.max(f.c.periode))
            .where(
                f.c.nis == gemeente.c.nis,
                f.c.indicator == indicatoren.c.indicator,
                zichtbaar(f),
            )
            .scalar_subquery()
        )
        stmt = select(func.max(per_snede)).select_from(gemeente).join(indicatoren, true())
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def laatste_definitief(engine: Engine, nis: str | None = None) -> str | None:
    """The newest month with official (definitive) figures in the current data, of `nis` or of
    any municipality; None when every figure is the own count (provisional)."""
    stmt = select(func.max(feit.c.periode)).where(feit.c.actief, feit.c.status == _DEFINITIEF)
    if nis:
        stmt = stmt.where(feit.c.nis == nis)
    with engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


def releases(engine: Engine) -> pd.DataFrame:
    frame = _lees(engine, select(release).order_by(release.c.id.desc()))
    return frame if not frame.empty else pd.DataFrame(columns=[c.name for c in release.columns])


def data_versie(engine: Engine) -> int:
    """Changes with every release; the Streamlit cache keys on it."""
    with engine.connect() as conn:
        return conn.execute(select(func.coalesce(func.max(release.c.id), 0))).scalar_one()


def is_demo(engine: Engine) -> bool:
    """True while only demo data are loaded (the 'Demodata' label shows on every page)."""
    stmt = select(release.c.demo, func.count()).where(release.c.soort == "feiten")
    with engine.connect() as conn:
        rijen = conn.execute(stmt.group_by(release.c.demo)).all()
    soorten = {bool(demo) for demo, _ in rijen}
    return soorten == {True}


def _cel_reeks(engine: Engine, nis: str, indicator: str, filters: dict[str, str]) -> pd.Series:
    """Exact monthly values of one cube cell. Private: breakdown cells are unprotected here."""
    voorwaarden = [getattr(feit.c, d) == filters.get(d, "totaal") for d in DIMENSIE_NAMEN]
    stmt = (
        select(feit.c.periode, feit.c.aantal)
        .where(feit.c.nis == nis, _feiten(indicator), *voorwaarden)
        .order_by(feit.c.periode)
    )
    frame = _lees(engine, stmt)
    if frame.empty:
        return pd.Series(dtype="int64")
    return frame.set_index("periode")["aantal"].astype("int64")


def kalibratie(engine: Engine) -> list:
    """The calibration checks of the demo data against this database (published figures only)."""

    def haal(nis: str, indicator: str, filters: dict[str, str]) -> pd.Series:
        return _cel_reeks(engine, nis, indicator, filters)

    bev = bevolking(engine, list(k.GEMEENTE_NAMEN))

    def inwoners(nis: str, jaar: int) -> int:
        rij = bev[(bev["nis"] == nis) & (bev["jaar"] == jaar)]
        if rij.empty:
            raise LookupError(f"geen bevolking voor {nis} in {jaar}")
        return int(rij["inwoners"].iloc[0])

    alle_doelen = doelen(engine)

    def doel_rij(nis: str, doel_id: str):
        rij = alle_doelen[(alle_doelen["nis"] == nis) & (alle_doelen["doel_id"] == doel_id)]
        return None if rij.empty else rij.iloc[0].to_dict()

    return k.controleer(haal, inwoners, doel_rij)
