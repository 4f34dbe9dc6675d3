"""The key screens of a municipality and period, for the council: one list for the presentation
mode, the PPTX/HTML/CSV exports in the app and the CLI (`leefloonmonitor export`).

No Streamlit here (the CLI uses it): the numbers come from `data_access.queries`, the screens
from `charts.schermen`, the sentences from `charts.zinnen`.

```python
from diensten import dek

van, tot = dek.standaard_periode(engine, "12025")          # the last 5 years with data
lijst = dek.schermen_voor(engine, "12025", van, tot, presentatie=True)
titel, ondertitel = dek.titels(engine, "12025", van, tot)
```

Breakdowns are always the council's protected view (cells 1–4 as "<5", complementary cells as
"x"), unless a `kijker` with detail rights for that municipality is passed (an analyst, for
internal use). Every screen carries a headline sentence and its data date (the last month, in
the chart's footnote and `fig.layout.meta`).

The pact slide comes last when the caller passes `pact=`, a `PactHaak` (`diensten.pact.haak(
model)`: the app hands in its cached model, the CLI the model it built); without it the deck has
the 6 core screens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd
from sqlalchemy import Engine

import domein
from charts import formaat, schermen, zinnen
from charts.schermen import Scherm
from data_access import queries
from data_access.suppression import drempel_uit_omgeving
from diensten import kaart
from diensten.bron import bron
from domein.maanden import venster_maanden

#: The pact slide: `(engine, nis, van, tot, *, presentatie) -> Scherm | None`.
PactHaak = Callable[..., Scherm | None]
#: The Wat als? slide, same signature (`diensten.wat_als.haak(model, scenario)`).
WatAlsHaak = Callable[..., Scherm | None]

STANDAARD_JAREN = 5  # the same default window as the sidebar (ui.instellingen)
MAX_GEMEENTEN = 5  # series in one trend chart (charts.theme.MAX_REEKSEN)

#: The core screens, in deck order (sleutel as in `charts.schermen`).
KERNSCHERMEN = (
    "trend-leefloongerechtigden-per1000",
    "trend-leefloongerechtigden-absoluut",
    "stromen",
    "uitsplitsing-leefloongerechtigden-doelgroep",
    "uitsplitsing-leefloongerechtigden-leeftijd",
    "uitsplitsing-activeringen-bestemming",
)


class GeenGegevens(LookupError):
    """Unknown municipality or no data in the period (Dutch message)."""


# --------------------------------------------------------------------------------------------
# context: source line, names, period


def _gemeenten(engine: Engine) -> pd.DataFrame:
    return queries.gemeenten_met_data(engine)


def gemeente(engine: Engine, nis: str) -> dict:
    """{nis, naam, eerste_periode, laatste_periode} of a municipality with data."""
    tabel = _gemeenten(engine)
    rij = tabel[tabel["nis"] == str(nis)]
    if rij.empty:
        raise GeenGegevens(
            f"Geen gegevens voor NIS {nis}: onbekende gemeente of nog niets geïmporteerd."
        )
    return rij.iloc[0].to_dict()


def standaard_periode(engine: Engine, nis: str) -> tuple[str, str]:
    """The last 5 years (60 months) up to the last month with data, as the sidebar does."""
    g = gemeente(engine, nis)
    tot = g["laatste_periode"]
    van = max(g["eerste_periode"], formaat.periode_plus(tot, -(12 * STANDAARD_JAREN - 1)))
    return van, tot


def titels(engine: Engine, nis: str, van: str, tot: str) -> tuple[str, str]:
    """Title and subtitle of a deck or report."""
    g = gemeente(engine, nis)
    ondertitel = (
        f"Periode {formaat.maand_lang(van)} – {formaat.maand_lang(tot)} · "
        f"gegevens tot en met {formaat.maand_lang(tot)}"
    )
    if queries.is_demo(engine):
        ondertitel += " · Demodata: synthetische cijfers, niet citeren als officiële statistiek"
    return f"Leefloonmonitor — {g['naam']}", ondertitel


def _controleer_periode(engine: Engine, nis: str, van: str, tot: str) -> dict:
    g = gemeente(engine, nis)
    if tot < g["eerste_periode"] or van > g["laatste_periode"]:
        raise GeenGegevens(
            f"Geen gegevens voor {g['naam']} tussen {formaat.maand_lang(van)} en "
            f"{formaat.maand_lang(tot)} (er zijn gegevens van "
            f"{formaat.maand_lang(g['eerste_periode'])} tot en met "
            f"{formaat.maand_lang(g['laatste_periode'])})."
        )
    if van > tot:
        raise GeenGegevens(
            f"De periode is leeg: {formaat.maand_lang(van)} ligt na {formaat.maand_lang(tot)}."
        )
    return g


# --------------------------------------------------------------------------------------------
# headline sentences for breakdowns (only about numbers that are visible)

#: Noun phrases for `zinnen.verloop_zin` per breakdown category.
ONDERWERP = {
    ("doelgroep", "voorschot"): "het aantal personen met leefloon als voorschot",
    ("doelgroep", "oekraine"): "het aantal Oekraïners met equivalent leefloon",
    ("doelgroep", "sociale_economie"): "het aantal kandidaten voor de sociale economie",
    ("doelgroep", "nieuwkomers"): "het aantal nieuwkomers (inburgering) met leefloon",
    ("doelgroep", "overig"): "het aantal overige leefloongerechtigden",
}


def _onderwerp(dimensie: str, code: str) -> str:
    if (dimensie, code) in ONDERWERP:
        return ONDERWERP[(dimensie, code)]
    if dimensie == "leeftijd":
        return f"het aantal leefloongerechtigden van {domein.label(dimensie, code)}"
    return f"het aantal {domein.label(dimensie, code).lower()}"


def _zichtbaar(tabel: pd.DataFrame) -> pd.DataFrame:
    return tabel[~tabel["onderdrukt"].astype(bool) & tabel["aantal"].notna()]


def _grootste_verandering(tabel: pd.DataFrame, dimensie: str, naam: str) -> str | None:
    """verloop_zin for the category whose visible value changed most (first → last visible
    month); categories 'overig' come last."""
    kandidaten = []
    for code, groep in _zichtbaar(tabel).groupby("categorie"):
        if code == "totaal" or len(groep) < 2:
            continue
        groep = groep.sort_values("periode")
        eerste, laatste = groep.iloc[0], groep.iloc[-1]
        verschil = abs(int(laatste["aantal"]) - int(eerste["aantal"]))
        kandidaten.append((code == "overig", -verschil, code, eerste, laatste))
    for _, _, code, eerste, laatste in sorted(kandidaten, key=lambda k: k[:3]):
        zin = zinnen.verloop_zin(
            gemeente=naam,
            indicator=_onderwerp(dimensie, code),
            van=(eerste["periode"], int(eerste["aantal"])),
            tot=(laatste["periode"], int(laatste["aantal"])),
        )
        if zin:
            return zin
    return None


def _afgeschermd_zin(naam: str, wat: str) -> str:
    return (
        f"In {naam} zijn de aantallen {wat} klein: we tonen ze afgeschermd ('<5' of 'x'), "
        "zodat niemand herkenbaar wordt."
    )


def doelgroep_zin(tabel: pd.DataFrame, *, naam: str) -> str:
    return _grootste_verandering(tabel, "doelgroep", naam) or _afgeschermd_zin(
        naam, "per doelgroep"
    )


def leeftijd_zin(tabel: pd.DataFrame, totalen: pd.DataFrame, *, naam: str, tot: str) -> str:
    """The share under 25 in the last month; a percentage only when the denominator
    is at least 20 (docs/privacy.md)."""
    jong = tabel["categorie"].isin(("18-24", "jonger_dan_25"))  # the same band when merged
    rij = tabel[jong & (tabel["periode"] == tot)]
    totaal = schermen.waarde_op(totalen, tot)
    maand = formaat.maand_lang(tot)
    if not rij.empty and totaal is not None and totaal > 0:
        cel = rij.iloc[0]
        n_tot = formaat.getal(totaal)
        if not bool(cel["onderdrukt"]) and pd.notna(cel["aantal"]):
            n = int(cel["aantal"])
            werkwoord = "was" if n == 1 else "waren"
            zin = (
                f"In {maand} {werkwoord} in {naam} {formaat.getal(n)} van de {n_tot} "
                f"leefloongerechtigden jonger dan 25 jaar"
            )
            if totaal >= 20:
                aandeel = zinnen._afgerond_procent(Fraction(n, int(totaal)))
                zin += f" ({aandeel}%)"
            return zin + "."
        if str(cel["weergave"]).startswith("<"):
            return (
                f"In {maand} waren in {naam} minder dan 5 van de {n_tot} leefloongerechtigden "
                "jonger dan 25 jaar."
            )
    return _grootste_verandering(tabel, "leeftijd", naam) or _afgeschermd_zin(
        naam, "per leeftijdsgroep"
    )


def bestemming_zin(
    tabel: pd.DataFrame, activeringen: pd.DataFrame, *, naam: str, van: str, tot: str
) -> str:
    """Total activations in the windows shown (a published total) and the largest destination
    among those that are visible in every quarter (a sum never includes a hidden cell)."""
    if tabel.empty:
        return f"In {naam} zijn er in deze periode geen activeringen per bestemming bekend."
    if "venster" in tabel:  # quarters, or half-years or years when merged
        begin = venster_maanden(str(tabel.loc[tabel["periode"].idxmin(), "venster"]))[0]
    else:  # quarters labelled by their last month
        begin = formaat.periode_plus(tabel["periode"].min(), -2)
    einde = tabel["periode"].max()
    totaal = int(schermen.venster(activeringen, begin, einde)["waarde"].sum())
    woord = zinnen.meervoud(totaal, "persoon", "personen")
    zin = (
        f"Van {formaat.maand_lang(begin)} tot en met {formaat.maand_lang(einde)} begonnen in "
        f"{naam} {formaat.getal(totaal)} {woord} met leefloon aan werk of een opleiding"
    )
    volledig = []
    for code, groep in tabel.groupby("categorie"):
        verborgen = groep["onderdrukt"].astype(bool).any() or groep["aantal"].isna().any()
        if code == "totaal" or verborgen:
            continue
        volledig.append((int(groep["aantal"].sum()), code))
    volledig = [(som, code) for som, code in volledig if som >= 5]
    if volledig and totaal:
        som, code = max(volledig)
        label = domein.label("bestemming", code).lower()
        zin += f"; de grootste zichtbare bestemming is {label} ({formaat.getal(som)})"
    return zin + "."


# --------------------------------------------------------------------------------------------
# the screens


def _vergelijk_nissen(engine: Engine, nis: str, vergelijk: Sequence[str] | None) -> list[str]:
    beschikbaar = list(_gemeenten(engine)["nis"])
    if vergelijk is None:
        # default: the municipalities that deliver their own full data (not every one of the
        # 285 with totals, which would be the first few in alphabetical order)
        met_werk = queries.gemeenten_met_werk(engine)
        vergelijk = [n for n in beschikbaar if n != nis and n in met_werk]
    andere = [n for n in dict.fromkeys(map(str, vergelijk)) if n != nis and n in beschikbaar]
    return [nis, *andere][:MAX_GEMEENTEN]


def _met_per_1000(engine: Engine, nissen: Sequence[str], indicator: str) -> pd.DataFrame:
    frame = queries.reeksen(engine, nissen, indicator)
    return queries.per_1000(frame, queries.bevolking(engine, nissen))


def _uitsplitsing(engine, nis, indicator, dimensie, kijker, van, tot):
    """(the table within [van, tot], the sentence when it is shown merged, its source line)."""
    u = queries.uitsplitsing_op_niveau(engine, nis, indicator, dimensie, kijker)
    tabel = schermen.venster(u.tabel, van, tot) if not u.tabel.empty else u.tabel
    return tabel, u.zin, bron(engine, nis, u.statussen)


@dataclass
class _Omgeving:
    """What every part of the deck needs: the view and what was read once for it."""

    engine: Engine
    nis: str
    naam: str
    van: str
    tot: str
    bron: str
    nissen: list[str]
    namen: dict
    presentatie: bool
    kijker: object
    pact: PactHaak | None
    wat_als: WatAlsHaak | None = None
    _per1000: pd.DataFrame | None = None

    @property
    def per1000(self) -> pd.DataFrame:
        """Recipients with per-1,000 rates of the municipality and the compared ones (read
        once: Overzicht and Vergelijking both draw it)."""
        if self._per1000 is None:
            self._per1000 = _met_per_1000(self.engine, self.nissen, "leefloongerechtigden")
        return self._per1000

    def trend(self, frame: pd.DataFrame, modus: str) -> Scherm:
        return schermen.trend_scherm(
            frame,
            indicator="leefloongerechtigden",
            modus=modus,
            namen=self.namen,
            eigen=self.nis,
            van=self.van,
            tot=self.tot,
            bron=self.bron,
            presentatie=self.presentatie,
        )

    def per1000_kop(self) -> str | None:
        alle = self.per1000
        eigen = alle[(alle["nis"] == self.nis) & (alle["periode"] == self.tot)]
        anderen = [
            (self.namen[n], schermen.waarde_op(alle[alle["nis"] == n], self.tot, "per_1000"))
            for n in self.nissen[1:]
        ]
        return zinnen.per1000_zin(
            gemeente=self.naam,
            waarde=None if eigen.empty else eigen["per_1000"].iloc[0],
            periode=self.tot,
            vergelijking=anderen,
        )


def _overzicht(o: _Omgeving) -> list[Scherm]:
    """Overzicht: recipients per 1,000 inhabitants against the compared municipalities."""
    scherm = o.trend(o.per1000, "per1000")
    scherm.kop = o.per1000_kop() or scherm.kop
    return [scherm]


def _trends(o: _Omgeving) -> list[Scherm]:
    """Trends: recipients (absolute, own municipality), inflow and outflow."""
    alle = o.per1000
    return [
        o.trend(alle[alle["nis"] == o.nis], "absoluut"),
        schermen.stromen_scherm(
            queries.reeks(o.engine, o.nis, "instroom"),
            queries.reeks(o.engine, o.nis, "uitstroom"),
            naam=o.naam,
            van=o.van,
            tot=o.tot,
            bron=o.bron,
            presentatie=o.presentatie,
        ),
    ]


def _doelgroepen(o: _Omgeving) -> list[Scherm]:
    """Doelgroepen: breakdowns, protected unless the kijker may see detail."""
    engine, nis, naam, van, tot = o.engine, o.nis, o.naam, o.van, o.tot
    totalen = queries.reeks(engine, nis, "leefloongerechtigden", van, tot)
    activeringen = queries.reeks(engine, nis, "activeringen")
    drempel = drempel_uit_omgeving()
    lijst = []
    for indicator, dimensie in (
        ("leefloongerechtigden", "doelgroep"),
        ("leefloongerechtigden", "leeftijd"),
        ("activeringen", "bestemming"),
    ):
        tabel, zin, bronzin = _uitsplitsing(engine, nis, indicator, dimensie, o.kijker, van, tot)
        if tabel.empty:
            continue
        scherm = schermen.uitsplitsing_scherm(
            tabel,
            indicator=indicator,
            dimensie=dimensie,
            naam=naam,
            tot=tot,
            bron=bronzin,
            drempel=drempel,
            presentatie=o.presentatie,
            samengevoegd=zin,
        )
        if dimensie == "doelgroep":
            scherm.kop = doelgroep_zin(tabel, naam=naam)
        elif dimensie == "leeftijd":
            scherm.kop = leeftijd_zin(tabel, totalen, naam=naam, tot=tot)
        else:
            scherm.kop = bestemming_zin(tabel, activeringen, naam=naam, van=van, tot=tot)
        lijst.append(scherm)
    return lijst


def rangschikking_zin(tabel: pd.DataFrame, *, naam: str, van: str, tot: str) -> str | None:
    """The ranked change in one sentence about the chosen municipality ("… in Mechelen met
    −9%: plaats 2 van 3, van sterkste daling naar sterkste stijging.")."""
    kolom = "verandering (%)"
    rij = tabel[tabel["gemeente"] == naam]
    if rij.empty or pd.isna(rij[kolom].iloc[0]):
        return None
    bekend = tabel[tabel[kolom].notna()].reset_index(drop=True)
    plaats = int(bekend.index[bekend["gemeente"] == naam][0]) + 1
    zin = (
        f"Van {formaat.maand_lang(van)} tot {formaat.maand_lang(tot)} veranderde het aantal "
        f"leefloongerechtigden in {naam} met {formaat.verschil_procent(rij[kolom].iloc[0] / 100)}"
    )
    if len(bekend) > 1:
        zin += f": plaats {plaats} van {len(bekend)}, van sterkste daling naar sterkste stijging"
    return zin + "."


def _vergelijking(o: _Omgeving) -> list[Scherm]:
    """Vergelijking: per 1,000 per municipality (small multiples) and the ranked change."""
    klein, rang = schermen.vergelijking_schermen(
        o.per1000,
        indicator="leefloongerechtigden",
        modus="per1000",
        namen=o.namen,
        eigen=o.nis,
        van=o.van,
        tot=o.tot,
        bron=o.bron,
        presentatie=o.presentatie,
    )
    klein.kop = o.per1000_kop()
    rang.kop = rangschikking_zin(rang.tabel, naam=o.naam, van=o.van, tot=o.tot)
    return [klein, rang]


def _pact(o: _Omgeving) -> list[Scherm]:
    """Pact: the slide of the hook (it needs the forecast model), when the caller passed it."""
    if o.pact is None:
        return []
    scherm = o.pact(o.engine, o.nis, o.van, o.tot, presentatie=o.presentatie)
    return [] if scherm is None else [scherm]


def _wat_als(o: _Omgeving) -> list[Scherm]:
    """Wat als?: the scenario slide of the hook (it needs the forecast model and the scenario
    in the link's codes), when the caller passed it."""
    if o.wat_als is None:
        return []
    scherm = o.wat_als(o.engine, o.nis, o.van, o.tot, presentatie=o.presentatie)
    return [] if scherm is None else [scherm]


#: The parts of the deck a user can choose and order: code (CLI `--schermen`, the link) →
#: (label in the app, builder). The map (Kaart) joins here when its page exists.
def _kaart(o: _Omgeving) -> list[Scherm]:
    """Kaart: every Flemish municipality per 1,000 inhabitants in the last month (a picture on
    a slide: a map has no native PowerPoint form)."""
    frame = kaart.gegevens(o.engine, "leefloongerechtigden", o.tot)
    scherm = kaart.kaart_scherm(
        frame,
        indicator="leefloongerechtigden",
        periode=o.tot,
        eigen=o.nis,
        bron=o.bron,
        presentatie=o.presentatie,
    )
    return [scherm]


ONDERDELEN: dict[str, tuple[str, Callable[[_Omgeving], list[Scherm]]]] = {
    "overzicht": ("Overzicht", _overzicht),
    "trends": ("Trends", _trends),
    "doelgroepen": ("Doelgroepen", _doelgroepen),
    "vergelijking": ("Vergelijking", _vergelijking),
    "pact": ("Pact & prognose", _pact),
    "wat_als": ("Wat als?", _wat_als),
    "kaart": ("Kaart", _kaart),
}
#: The deck when nothing is chosen (the presentation mode's screens).
STANDAARD_ONDERDELEN = ("overzicht", "trends", "doelgroepen", "pact")


class OnbekendOnderdeel(ValueError):
    """An unknown or empty choice of screens (Dutch message)."""


def onderdelen(keuze: str | Sequence[str] | None) -> tuple[str, ...]:
    """The chosen parts in their order, from "trends,pact" or a list; None: the standard deck.
    Duplicates are dropped; an unknown part raises :class:`OnbekendOnderdeel`."""
    if keuze is None:
        return STANDAARD_ONDERDELEN
    delen = keuze.split(",") if isinstance(keuze, str) else list(keuze)
    delen = [str(d).strip().lower() for d in delen if str(d).strip()]
    onbekend = [d for d in delen if d not in ONDERDELEN]
    if onbekend:
        raise OnbekendOnderdeel(
            f"Onbekend scherm '{onbekend[0]}'; kies uit {', '.join(ONDERDELEN)} "
            "(gescheiden door komma's, in de volgorde van de dia's)."
        )
    if not delen:
        raise OnbekendOnderdeel(f"Kies minstens één scherm uit {', '.join(ONDERDELEN)}.")
    return tuple(dict.fromkeys(delen))


def schermen_voor(
    engine: Engine,
    nis: str,
    van: str,
    tot: str,
    *,
    presentatie: bool = False,
    kijker=None,
    vergelijk: Sequence[str] | None = None,
    pact: PactHaak | None = None,
    keuze: str | Sequence[str] | None = None,
    wat_als: WatAlsHaak | None = None,
) -> list[Scherm]:
    """The key screens of `nis` from `van` to `tot` (periods "YYYY-MM"), each with a headline,
    in the order of the chosen parts (`keuze`, see :data:`ONDERDELEN`; default
    :data:`STANDAARD_ONDERDELEN`):

    - overzicht: recipients per 1,000 inhabitants, against the compared municipalities
      (`vergelijk`; default: the other municipalities with a full delivery, at most 5 lines);
    - trends: recipients, absolute; inflow and outflow;
    - doelgroepen: recipients by target group, by age band; activations by destination;
    - vergelijking: per 1,000 per municipality and the ranked change;
    - pact: the pact slide when `pact` is given;
    - wat_als: the scenario slide when `wat_als` is given (`diensten.wat_als.haak`);
    - kaart: every Flemish municipality per 1,000 inhabitants in the last month.

    `kijker=None` is the council's view: breakdowns disclosure-controlled (docs/privacy.md); only a
    kijker with `ziet_detail(nis)` gets exact cells. Raises :class:`GeenGegevens` and
    :class:`OnbekendOnderdeel`.
    """
    delen = onderdelen(keuze)
    nis = str(nis)
    g = _controleer_periode(engine, nis, van, tot)
    tabel = _gemeenten(engine)
    omgeving = _Omgeving(
        engine=engine,
        nis=nis,
        naam=g["naam"],
        van=max(van, g["eerste_periode"]),
        tot=min(tot, g["laatste_periode"]),
        bron=bron(engine, nis),
        nissen=_vergelijk_nissen(engine, nis, vergelijk),
        namen=dict(zip(tabel["nis"], tabel["naam"], strict=True)),
        presentatie=presentatie,
        kijker=kijker,
        pact=pact,
        wat_als=wat_als,
    )
    lijst: list[Scherm] = []
    for deel in delen:
        lijst.extend(ONDERDELEN[deel][1](omgeving))
    if not lijst:
        raise GeenGegevens(
            f"Voor {g['naam']} is er in deze keuze niets te tonen (geen doel of te weinig "
            "gegevens voor een prognose); kies andere schermen."
        )
    for scherm in lijst:
        if not scherm.kop:
            scherm.kop = scherm.titel
    return lijst


def bestandsnaam(naam: str, van: str, tot: str, extensie: str) -> str:
    """`leefloonmonitor-mechelen-2021-10-2026-09.pptx` (naam: the municipality's name)."""
    veilig = "".join(c if c.isalnum() else "-" for c in naam.lower()).strip("-")
    return f"leefloonmonitor-{veilig}-{van}-{tot}.{extensie.lstrip('.')}"
