"""The size of the browser window, so charts can be laid out for it (issue 16: phone, tablet,
laptop, projector). A hidden component measures the width of the page's content and the
window, once per page and after a resize, and reports it only when it changed and matters (a
narrow page, a presentation on a screen smaller than 1920×1080): the page then runs once more
with the known size. Until then the size is unknown and the charts keep their desktop layout.
Once the server knows the size (or it does not matter), `<html data-lfm-venster>` is set."""

from __future__ import annotations

import streamlit as st

from charts import theme

#: {"inhoud": content width in px (in steps of STAP), "breedte": ..., "hoogte": ...}
SLEUTEL = "lfm_venster"
_METER = "lfm_venster_meter"
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
    // a wide page in normal mode is laid out as without a size: no extra run for it
    const pres = new URLSearchParams(location.search).get('presentatie') === '1';
    const nodig = bekend.inhoud !== undefined || maat.inhoud < data.smal
      || (pres && (maat.breedte < 1920 || maat.hoogte < 1080));
    const wijkt = nodig && ['inhoud', 'breedte', 'hoogte'].some(k => maat[k] !== bekend[k]);
    // the page knows this size (for tests and for the curious: <html data-lfm-venster>)
    if (wijkt) {
      delete document.documentElement.dataset.lfmVenster;
      setStateValue('maat', maat);
    } else {
      document.documentElement.dataset.lfmVenster = `${maat.inhoud}`;
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
    # the size the meter reported (its state, before it is drawn again): the meter is told
    # what the server knows, so it reports only a change and marks the page as measured
    _bewaar((st.session_state.get(_METER) or {}).get("maat"))
    with st.container(key="lfm_venster_vak"):
        uitslag = _meter(
            key=_METER,
            data={"stap": STAP, "smal": theme.SMAL, "bekend": st.session_state.get(SLEUTEL)},
            on_maat_change=lambda: None,
        )
    _bewaar(getattr(uitslag, "maat", None))


def _bewaar(maat) -> None:
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
