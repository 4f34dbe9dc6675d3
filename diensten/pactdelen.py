"""The pact per pillar and per target group (Pact & prognose): for each pillar of the local
action plan and each target group the pact names, what the protected tables release over the
target's window, with its count definition and source line.

Only released figures go in: the cells of the quarterly tables by `pijler` and by `doelgroep`
(`queries.uitsplitsing_op_niveau`, protected for everyone but an analyst of the municipality),
summed over the full quarters of the window only when no cell of that row is hidden. Activations
to work per pillar come from `queries.werk_per_pijler_kwartaal` (quarter tiles rounded to the
base, for an analyst only); they are never a monthly figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from charts import formaat
from domein import HOOFDPIJLERS, PACT_DOELGROEPEN, PIJLERS, TELDEFINITIE, label
from domein.maanden import venster_maanden

GEEN = "–"
#: Percentages only where the denominator is at least this (docs/privacy.md).
MIN_NOEMER = 20

KOLOM_STARTS = "Trajectstarts"
KOLOM_AANDEEL = "Aandeel in de trajectstarts"
KOLOM_ACTIVERINGEN = "Activeringen"
KOLOM_WERK = "Naar werk (per kwartaal afgerond op {drempel})"
KOLOM_STAND = "Leefloongerechtigden"


@dataclass(frozen=True)
class Som:
    """A released figure over the window: `waarde` None when it cannot be shown."""

    waarde: int | None
    weergave: str

    @property
    def cel(self):
        """The table cell: the number itself, or the reason text."""
        return self.waarde if self.waarde is not None else self.weergave


@dataclass
class Deel:
    """One pact table (pillars or target groups): rows, its sentence and its notes."""

    titel: str
    tabel: pd.DataFrame
    zin: str  # the text alternative of the table, in words
    noten: list[str] = field(default_factory=list)


def venster(doel: dict, tot: str) -> tuple[str, str]:
    """The target's window up to `tot` (the as-of month or the last month with data)."""
    return str(doel["van"]), min(str(doel["tot"]), str(tot))


def _binnen(tabel: pd.DataFrame, van: str, tot: str) -> pd.DataFrame:
    """Rows whose window lies wholly inside [van, tot] (a quarter: from its first month)."""
    if tabel is None or tabel.empty:
        return pd.DataFrame(columns=["periode", "venster", "categorie", "aantal", "onderdrukt"])
    vensters = tabel["venster"] if "venster" in tabel else tabel["periode"]
    eerste = vensters.astype(str).map(lambda v: venster_maanden(v)[0])
    return tabel[(eerste >= van) & (tabel["periode"].astype(str) <= tot)]


def som(tabel: pd.DataFrame, categorie: str, van: str, tot: str) -> Som:
    """The sum of one category's released cells over the full windows in [van, tot]; not
    shown when any of them is hidden (a sum with a hidden cell would be a new figure)."""
    rijen = _binnen(tabel, van, tot)
    rijen = rijen[rijen["categorie"] == categorie]
    if rijen.empty:
        return Som(None, GEEN)
    verborgen = rijen["onderdrukt"].astype(bool)
    if verborgen.any():
        # a lower bound from what is shown: the shown cells, and 1 for each '<5' (1 to 4)
        klein = int((rijen["weergave"].astype(str).str.startswith("<") & verborgen).sum())
        minstens = int(rijen.loc[~verborgen, "aantal"].astype("int64").sum()) + klein
        return Som(None, f"minstens {formaat.getal(minstens)}")
    totaal = int(rijen["aantal"].astype("int64").sum())
    return Som(totaal, formaat.getal(totaal))


def stand(tabel: pd.DataFrame, categorie: str, periode: str) -> Som:
    """One category's monthly stock in `periode` as released."""
    if tabel is None or tabel.empty:
        return Som(None, GEEN)
    rij = tabel[(tabel["periode"] == periode) & (tabel["categorie"] == categorie)]
    if rij.empty:
        return Som(None, GEEN)
    if bool(rij["onderdrukt"].iloc[0]):
        return Som(None, str(rij["weergave"].iloc[0]))
    waarde = int(rij["aantal"].iloc[0])
    return Som(waarde, formaat.getal(waarde))


def gedekt(tabel: pd.DataFrame, van: str, tot: str) -> tuple[str, str] | None:
    """(first, last month) covered by the full windows in [van, tot]; None without one."""
    rijen = _binnen(tabel, van, tot)
    if rijen.empty:
        return None
    vensters = rijen["venster"] if "venster" in rijen else rijen["periode"]
    eerste = min(venster_maanden(str(v))[0] for v in vensters)
    return eerste, str(rijen["periode"].max())


def _werk_som(werk: pd.DataFrame, pijler: str, van: str, tot: str) -> Som:
    rijen = werk[(werk["pijler"] == pijler) & (werk["van"] >= van) & (werk["periode"] <= tot)]
    if rijen.empty:
        return Som(None, GEEN)
    totaal = int(rijen["waarde"].sum())
    return Som(totaal, formaat.getal(totaal))


def pijlers_van_pact(starts: pd.DataFrame, activeringen: pd.DataFrame, van, tot) -> list[str]:
    """The pillars shown: the three every pact has, then every other pillar (not 'overig')
    with trajectory starts or activations in the window. Each its own row: a pact pillar is
    never folded into 'Overige'."""
    andere = []
    for p in PIJLERS:
        if p in HOOFDPIJLERS or p == "overig":
            continue
        for tabel in (starts, activeringen):
            rijen = _binnen(tabel, van, tot)
            rijen = rijen[rijen["categorie"] == p]
            aantal = pd.to_numeric(rijen["aantal"], errors="coerce").fillna(0)
            if (rijen["onderdrukt"].astype(bool) | (aantal > 0)).any():
                andere.append(p)
                break
    return [*HOOFDPIJLERS, *andere]


def _teldefinitie_noot(*indicatoren: str) -> str:
    delen = []
    for i in indicatoren:
        soort, _, uitleg = TELDEFINITIE[i].partition(": ")
        delen.append(f"{label('indicator', i)} ({soort.lower()}): {uitleg}")
    return "Teldefinitie. " + "; ".join(delen) + "."


def _bereik_zin(bereik: tuple[str, str] | None) -> str:
    if bereik is None:
        return "nog geen volledig kwartaal"
    return f"{formaat.maand(bereik[0])} – {formaat.maand(bereik[1])}"


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def pijler_deel(
    starts: pd.DataFrame,
    activeringen: pd.DataFrame,
    werk: pd.DataFrame | None,
    doel: dict,
    *,
    tot: str,
    naam: str,
    bron: str,
    drempel: int = 5,
) -> Deel:
    """Progress per pillar over the target's window: trajectory starts (and each pillar's share
    of them), activations, and for an analyst the activations to work (quarter tiles rounded).
    `starts`/`activeringen`: the released quarterly tables by `pijler`; `werk`: the frame of
    `queries.werk_per_pijler_kwartaal` (empty for everyone but an analyst)."""
    van, tot = venster(doel, tot)
    bereik = gedekt(starts, van, tot) or gedekt(activeringen, van, tot)
    pijlers = pijlers_van_pact(starts, activeringen, van, tot)
    met_werk = werk is not None and not werk.empty
    sommen = {p: som(starts, p, van, tot) for p in [*pijlers, "overig"]}
    bekend = [s.waarde for s in sommen.values()]
    noemer = sum(bekend) if None not in bekend else None
    rijen = []
    for p in pijlers:
        rij = {"Pijler": label("pijler", p), KOLOM_STARTS: sommen[p].cel}
        aandeel = GEEN
        if noemer is not None and noemer >= MIN_NOEMER and sommen[p].waarde is not None:
            aandeel = formaat.procent(sommen[p].waarde / noemer, 0)
        rij[KOLOM_AANDEEL] = aandeel
        rij[KOLOM_ACTIVERINGEN] = som(activeringen, p, van, tot).cel
        if met_werk:
            rij[KOLOM_WERK.format(drempel=drempel)] = _werk_som(werk, p, van, tot).cel
        rijen.append(rij)
    tabel = pd.DataFrame(rijen)
    periode = _bereik_zin(bereik)
    delen = [f"{label('pijler', p)} {sommen[p].weergave}" for p in pijlers]
    zin = (
        f"Trajectstarts per pijler in {naam}, {periode}: {_opsomming(delen)}."
        if bereik
        else f"In {naam} is er nog geen volledig kwartaal binnen het doel."
    )
    noten = [
        f"Volledige kwartalen binnen het doel ({periode}); is een kwartaal van een pijler "
        "afgeschermd, dan staat er 'minstens' de som van wat getoond wordt (een '<5' telt "
        "als 1).",
        "Het doel legt geen aandeel per pijler vast: de pijlers staan zonder eigen doel; het "
        "aandeel is hun deel van alle trajectstarts (ook buiten de pijlers van het pact).",
        _teldefinitie_noot("trajectstarts", "activeringen"),
    ]
    if met_werk:
        noten.append(
            "Naar werk per pijler: som van kwartalen, elk afgerond op een veelvoud van "
            f"{drempel}; alleen voor analisten van de gemeente (niet delen)."
        )
    else:
        noten.append(
            "Activeringen naar werk per pijler tonen we niet: samen met de andere cijfers "
            "zouden ze kleine aantallen verraden. Het totaal naar werk staat hierboven."
        )
    noten.append(f"Bron: {bron}")
    return Deel(f"Voortgang per pijler in {naam}", tabel, zin, noten)


def doelgroep_deel(
    stand_tabel: pd.DataFrame,
    starts: pd.DataFrame,
    activeringen: pd.DataFrame,
    doel: dict,
    *,
    tot: str,
    naam: str,
    bron: str,
) -> Deel:
    """The three target groups the pact names (`domein.PACT_DOELGROEPEN`): recipients in the
    last month of the window (monthly stock), trajectory starts and activations over its full
    quarters, from the released tables by `doelgroep`."""
    van, tot = venster(doel, tot)
    maand = _laatste_maand(stand_tabel, van, tot)
    bereik = gedekt(starts, van, tot) or gedekt(activeringen, van, tot)
    rijen, delen = [], []
    for g in PACT_DOELGROEPEN:
        s = stand(stand_tabel, g, maand) if maand else Som(None, GEEN)
        rijen.append(
            {
                "Doelgroep": label("doelgroep", g),
                KOLOM_STAND: s.cel,
                KOLOM_STARTS: som(starts, g, van, tot).cel,
                KOLOM_ACTIVERINGEN: som(activeringen, g, van, tot).cel,
            }
        )
        delen.append(f"{label('doelgroep', g)} {s.weergave}")
    tabel = pd.DataFrame(rijen)
    zin = (
        f"Leefloongerechtigden in {naam} in {formaat.maand(maand)} in de doelgroepen van het "
        f"pact: {_opsomming(delen)}."
        if maand
        else f"In {naam} zijn er nog geen cijfers per doelgroep binnen het doel."
    )
    noten = [
        f"Leefloongerechtigden: maandstand in {formaat.maand(maand) if maand else GEEN}. "
        f"Trajectstarts en activeringen: volledige kwartalen binnen het doel "
        f"({_bereik_zin(bereik)}); is een kwartaal afgeschermd, dan staat "
        "er 'minstens' de som van wat getoond wordt (een '<5' telt als 1).",
        _teldefinitie_noot("leefloongerechtigden", "trajectstarts", "activeringen"),
        "Elke persoon telt in één doelgroep (de eerste die van toepassing is).",
        f"Bron: {bron}",
    ]
    return Deel(f"De doelgroepen van het pact in {naam}", tabel, zin, noten)


def _laatste_maand(tabel: pd.DataFrame, van: str, tot: str) -> str | None:
    if tabel is None or tabel.empty:
        return None
    maanden = tabel["periode"].astype(str)
    binnen = maanden[(maanden >= van) & (maanden <= tot)]
    return str(binnen.max()) if not binnen.empty else None
