"""Council mode: the key screens of `diensten.dek` one at a time, for a projector.

Turned on by the URL parameter `presentatie=1` (a link reproduces it, with `scherm=3` for the
third screen) or by the toggle "Presentatiemodus" in the sidebar of Overzicht. In this mode
the sidebar is collapsed and hidden, the type is large, and each screen is one message: the
headline sentence as title, the chart in the presentation template (no chart text under 20 px),
the data date, and the buttons "Vorige" / "Volgende" (also PageUp / PageDown, as sent by a
presenter's clicker). The projector always shows the council's protected view.

`app.py` uses it like this (the guard must know the sidebar state before the page config):

```python
gebruiker = bewaak(titel="Overzicht", initial_sidebar_state=presentatie.zijbalk_stand())
...
if presentatie.actief():
    presentatie.toon(keuze)
else:
    presentatie.schakelaar()
```
"""

from __future__ import annotations

import math

import streamlit as st

from charts import export, formaat, theme
from ui import cache, venster, weergave
from ui.guard import LINK_NA_AANMELDING

PARAM = "presentatie"
SCHERM = "scherm"
SCHAKELAAR = "lfm_presentatie_schakelaar"
#: Chart height in presentation mode: headline, chart, date and buttons fit on 1920×1080.
GRAFIEK_HOOGTE = 700

CONFIG = {**weergave.PLOTLY_CONFIG, "displayModeBar": False}

# Static CSS only (no data in it): hide the sidebar and its toggle, larger base text.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: min(1.5rem, 2.2vh); padding-bottom: 1rem;
  max-width: 100%; }
[data-testid="stMain"] h1 { font-size: min(2.6rem, 3.85vh); line-height: 1.25; padding-top: 0; }
[data-testid="stMain"] .st-key-lfm_kop_lang h1 { font-size: min(2rem, 2.95vh); }
[data-testid="stMain"] p, [data-testid="stMain"] button p,
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: min(1.3rem, 1.9vh); }
</style>
"""

_tekst = weergave.letterlijk  # a generated sentence holds names from the database


# --------------------------------------------------------------------------------------------
# state in the URL


def actief() -> bool:
    return st.query_params.get(PARAM) == "1"


def zijbalk_stand() -> str:
    """`initial_sidebar_state` for the guard: collapsed in presentation mode."""
    return "collapsed" if actief() else "auto"


def herstel_uit_link() -> None:
    """A presentation link opened before logging in: the login rerun emptied the URL, the guard
    kept the link (`LINK_NA_AANMELDING`); put presentatie/scherm back."""
    link = st.session_state.get(LINK_NA_AANMELDING) or {}
    if (
        link.get(PARAM) == ["1"]
        and PARAM not in st.query_params
        and "_lfm_pres_hersteld" not in (st.session_state)
    ):
        st.session_state["_lfm_pres_hersteld"] = True
        st.query_params[PARAM] = "1"
        if link.get(SCHERM):
            st.query_params[SCHERM] = link[SCHERM][-1]


def _nummer(aantal: int) -> int:
    try:
        n = int(st.query_params.get(SCHERM, "1"))
    except ValueError:
        n = 1
    return min(max(n, 1), max(aantal, 1))


def _ga_naar(n: int) -> None:
    st.query_params[SCHERM] = str(n)


def _aan() -> None:
    if st.session_state.get(SCHAKELAAR):
        st.query_params[PARAM] = "1"
        st.query_params[SCHERM] = "1"
        st.session_state[SCHAKELAAR] = False


def _uit() -> None:
    for sleutel in (PARAM, SCHERM):
        if sleutel in st.query_params:
            del st.query_params[sleutel]


def schakelaar() -> None:
    """The toggle in the sidebar (normal mode) that starts the presentation."""
    with st.sidebar:
        st.toggle(
            "Presentatiemodus",
            key=SCHAKELAAR,
            value=False,
            on_change=_aan,
            help="Voor de projector: één boodschap per scherm, grote letters, zonder zijbalk. "
            "Ook via de link met ?presentatie=1.",
        )


# --------------------------------------------------------------------------------------------
# screens (cached per data version and view; always the council's view)


def kernschermen(keuze, *, presentatie: bool) -> list:
    """The key screens of the chosen view in the council's protected view (cached)."""
    return cache.kernschermen(
        keuze.nis, keuze.van, keuze.tot, keuze.vergelijk, presentatie=presentatie
    )


def op_hoogte(fig, hoogte: int):
    """A copy of a finished figure at another height; end labels are moved apart again for the
    new plot height (the figure was laid out by `charts.theme.opmaak` for a taller one)."""
    import plotly.graph_objects as go

    nieuw = go.Figure(fig)
    if (fig.layout.height or hoogte) <= hoogte:
        return nieuw
    nieuw.update_layout(height=hoogte)
    m = theme.maat(bool((fig.layout.meta or {}).get("presentatie")))
    plot_px = theme.plot_hoogte_px(nieuw)
    per_as: dict[str, list[int]] = {}
    for i, a in enumerate(nieuw.layout.annotations):
        if a.name == "eindlabel":
            per_as.setdefault(a.yref or "y", []).append(i)
    for yref, indices in per_as.items():
        as_naam = "yaxis" if yref == "y" else "yaxis" + yref[1:]
        bereik = nieuw.layout[as_naam].range
        if not bereik:
            continue
        laag, hoog = float(bereik[0]), float(bereik[1])
        regels = max(nieuw.layout.annotations[i].text.count("<br>") + 1 for i in indices)
        afstand = m.basis * 1.25 * regels * (hoog - laag) / plot_px
        ys = theme.spreid([nieuw.layout.annotations[i].y for i in indices], afstand, laag, hoog)
        for i, y in zip(indices, ys, strict=True):
            nieuw.layout.annotations[i].y = y
    return nieuw


#: A headline longer than this is set in smaller type (class `st-key-lfm_kop_lang`).
LANGE_KOP = 180


def grafiek_hoogte(kop: str) -> int:
    """The chart gives way to a long headline, so headline, chart and buttons stay on one
    projector screen (at 1920 px about 80 characters per title line, 115 in the smaller type
    of a long headline)."""
    per_regel, regel_px = (115, 42) if len(kop) > LANGE_KOP else (80, 65)
    regels = max(1, math.ceil(len(kop) / per_regel))
    return GRAFIEK_HOOGTE - max(0, regels - 2) * regel_px


def toon(keuze) -> None:
    """The presentation: one screen of `diensten.dek` with next/previous."""
    st.html(_CSS)
    lijst = kernschermen(keuze, presentatie=True)
    if not lijst:
        st.warning("Er zijn geen schermen om te tonen voor deze gemeente en periode.")
        return
    n = _nummer(len(lijst))
    if st.query_params.get(SCHERM) != str(n):
        st.query_params[SCHERM] = str(n)  # the link always names the screen shown
    scherm = lijst[n - 1]

    kop = export.kop(scherm)
    with st.container(key="lfm_kop_lang" if len(kop) > LANGE_KOP else "lfm_kop"):
        st.title(_tekst(kop), anchor=False)
    # designed for 1920×1080; a smaller projector gets the same slide, smaller (type in the
    # CSS above in vh, the chart's text, lines and height by the same factor)
    factor = venster.schaal()
    fig = op_hoogte(theme.schaal(scherm.fig, factor), round(grafiek_hoogte(kop) * factor))
    alt = (fig.layout.meta or {}).get("alt") or scherm.titel
    st.plotly_chart(
        fig,
        theme=None,
        width="stretch",
        config=CONFIG,
        key=f"pres-fig-{scherm.sleutel}",
        alt=alt,
    )
    # the data date (the source is in the chart's footnote)
    lm = (fig.layout.meta or {}).get("laatste_maand")
    regel = f"Gegevens tot en met {formaat.maand_lang(lm)}" if lm else ""
    if cache.is_demo():
        regel += " · **Demodata** — synthetische cijfers, niet citeren als officiële statistiek"
    st.caption(regel)

    links, midden, rechts, uit = st.columns([2, 3, 2, 2], vertical_alignment="center")
    links.button(
        "Vorige",
        icon=":material/arrow_back:",
        key="lfm_pres_vorige",
        disabled=n <= 1,
        on_click=_ga_naar,
        args=(n - 1,),
        shortcut="PageUp",
        width="stretch",
    )
    midden.markdown(f"Scherm {n} van {len(lijst)}", text_alignment="center")
    rechts.button(
        "Volgende",
        icon=":material/arrow_forward:",
        icon_position="right",
        key="lfm_pres_volgende",
        disabled=n >= len(lijst),
        on_click=_ga_naar,
        args=(n + 1,),
        shortcut="PageDown",
        width="stretch",
    )
    uit.button(
        "Presentatie verlaten",
        icon=":material/close:",
        key="lfm_pres_uit",
        on_click=_uit,
        width="stretch",
    )
    if scherm.tabel is not None:
        with st.expander(f"Tabel bij: {_tekst(scherm.titel)}"):
            weergave.tabel(scherm.tabel, scherm.titel, f"pres-{scherm.sleutel}", exact=False)
