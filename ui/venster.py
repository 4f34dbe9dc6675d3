"""The size of the browser window, so charts can be laid out for it (issue 16: phone, tablet,
laptop, projector). A hidden component measures the width of the page's content and the
window, once per page and after a resize, and reports it only when it changed: the page then
runs once more with the known size. Until then (the very first run) the size is unknown and
the charts keep their desktop layout."""

from __future__ import annotations

import streamlit as st

#: {"inhoud": content width in px (in steps of STAP), "breedte": ..., "hoogte": ...}
SLEUTEL = "lfm_venster"
STAP = 40  # report the content width in steps: a few pixels do not rerun the page

_CSS_VERBORGEN = "<style>.st-key-lfm_venster_vak { display: none; }</style>"

_JS = """
export default function(component) {
  const { setStateValue, data } = component;
  const meet = () => {
    const blok = document.querySelector('[data-testid="stMainBlockContainer"]');
    let inhoud = window.innerWidth;
    if (blok) {
      const cs = getComputedStyle(blok);
      inhoud = blok.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    }
    const maat = {inhoud: Math.floor(inhoud / data.stap) * data.stap,
                  breedte: window.innerWidth, hoogte: window.innerHeight};
    const bekend = data.bekend || {};
    if (['inhoud', 'breedte', 'hoogte'].some(k => maat[k] !== bekend[k])) {
      setStateValue('maat', maat);
    }
  };
  let klok = null;
  const later = () => { clearTimeout(klok); klok = setTimeout(meet, 250); };
  window.addEventListener('resize', later);
  later();
  return () => { window.removeEventListener('resize', later); clearTimeout(klok); };
}
"""

_meter = None


def meet() -> None:
    """Mount the (invisible) meter; the guard does it on every page."""
    global _meter  # noqa: PLW0603 - one registration per process
    if _meter is None:
        _meter = st.components.v2.component("lfm_venster", js=_JS)
    st.html(_CSS_VERBORGEN)
    with st.container(key="lfm_venster_vak"):
        uitslag = _meter(
            key="lfm_venster_meter",
            data={"stap": STAP, "bekend": st.session_state.get(SLEUTEL)},
            on_maat_change=lambda: None,
        )
    maat = getattr(uitslag, "maat", None)
    if isinstance(maat, dict) and maat != st.session_state.get(SLEUTEL):
        st.session_state[SLEUTEL] = maat


def _waarde(naam: str) -> int | None:
    maat = st.session_state.get(SLEUTEL) or {}
    try:
        return int(maat[naam]) if maat.get(naam) else None
    except (TypeError, ValueError):
        return None


def inhoud() -> int | None:
    """The width of the page's content in px (None: not measured yet)."""
    return _waarde("inhoud")


def schaal(breedte: int = 1920, hoogte: int = 1080) -> float:
    """How much of a slide designed for `breedte`×`hoogte` fits the window (≤ 1, in steps of
    0,05 so a resize by a few pixels gives the same slide); 1 while the size is unknown."""
    b, h = _waarde("breedte"), _waarde("hoogte")
    if not b or not h:
        return 1.0
    k = min(1.0, b / breedte, h / hoogte)
    return max(0.4, int(k * 20) / 20)
