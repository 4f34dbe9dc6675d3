"""The view in the link: short codes, defaults included, kept in the address bar.

Every choice of the sidebar (and the target, month and horizon of Pact & prognose) is written
to the URL as a code after it is drawn, also when it is the default, so a shared link opens
the same view for anyone, whatever their own default municipality:

    ?gemeente=12025&periode=2021-06..2023-06&vergelijk=11016&indicator=leefloongerechtigden&modus=index

Widgets are NOT bound to the URL (`bind="query-params"` writes display labels, leaves defaults
out and strips a code it does not know); this module reads and writes the URL itself and keeps
the session's choice for the other pages.

Reading accepts the code and the old label form (`Essen (11016)`, `jan 2023`,
`Geïndexeerd (begin periode = 100)`, two repeated `periode` values). A link value is applied
when it differs from what this session last wrote, so a first visit, a link opened while logged
in and the browser's back button take the URL's view, while a menu click (an empty URL) keeps
the session's view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlencode

import streamlit as st

from ui.guard import LINK_NA_AANMELDING

BEREIK = ".."  # periode=2021-06..2023-06
_GESCHREVEN = "lfm_link_geschreven"  # key -> the value this session last put in the URL
_GEKOZEN = "lfm_link_gekozen"  # key -> the value this session chose last (for other pages)
_LINK_GEBRUIKT = "lfm_link_gebruikt"  # keys already taken from the link kept during login
_NIS_IN_LABEL = re.compile(r"\((\d{5})\)\s*$")  # old label form "Essen (11016)"


def _ruw(sleutel: str) -> list[str] | None:
    """The URL's values for `sleutel`; else those of the link kept while the visitor logged in
    (once per key)."""
    if sleutel in st.query_params:
        return list(st.query_params.get_all(sleutel))
    link = st.session_state.get(LINK_NA_AANMELDING) or {}
    gebruikt = st.session_state.setdefault(_LINK_GEBRUIKT, set())
    if sleutel in link and sleutel not in gebruikt:
        gebruikt.add(sleutel)
        return list(link[sleutel])
    return None


def _code(tekst: str, opties: Sequence[str], label: Callable | None) -> str | None:
    """An option from its code or its (old) label."""
    tekst = str(tekst).strip()
    if tekst in opties:
        return tekst
    if label is not None:
        for optie in opties:
            if str(label(optie)).strip() == tekst:
                return optie
    nis = _NIS_IN_LABEL.search(tekst)
    if nis and nis.group(1) in opties:
        return nis.group(1)
    return None


def lees_een(waarden: Iterable[str], opties: Sequence[str], label: Callable | None = None):
    """The option named by the last usable value, or None."""
    for tekst in reversed(list(waarden)):
        code = _code(tekst, opties, label)
        if code is not None:
            return code
    return None


def lees_bereik(waarden: Iterable[str], opties: Sequence[str], label: Callable | None = None):
    """`(van, tot)` from `a..b` or from two values (codes or labels), or None."""
    delen = [d for w in waarden for d in str(w).split(BEREIK) if d.strip()]
    codes = [_code(d, opties, label) for d in delen[-2:]]
    if len(codes) != 2 or None in codes:
        return None
    return tuple(sorted(codes))


def lees_meer(waarden: Iterable[str], opties: Sequence[str], label: Callable | None = None):
    """A list of options (an empty value is an empty list); unknown values are left out."""
    uit = []
    for tekst in waarden:
        for deel in str(tekst).split(","):
            code = _code(deel, opties, label) if deel.strip() else None
            if code is not None and code not in uit:
                uit.append(code)
    return uit


def als_tekst(waarde) -> str | list[str]:
    """The URL form of a widget value: a code, `van..tot`, or a list of codes."""
    if isinstance(waarde, tuple):
        return BEREIK.join(waarde)
    if isinstance(waarde, list):
        return list(waarde) or ""
    return str(waarde)


def neem_over(sleutel: str, lezer: Callable[[list[str]], object]) -> None:
    """Before a widget is drawn: put its value in its Session State key.

    The link's value when it names a usable one that this session did not write itself (a
    first visit, a link opened while logged in, the back button); otherwise the value this
    session chose last (also on another page), if it is still an option. Assigned every run:
    a widget on a newly opened page ignores a value it did not set itself."""
    ruw = _ruw(sleutel)
    geschreven = st.session_state.get(_GESCHREVEN, {})
    waarde = None
    if ruw is not None and geschreven.get(sleutel) != _vorm(ruw):
        waarde = lezer(ruw)
    for bewaard in (st.session_state.get(sleutel), st.session_state.get(_GEKOZEN, {}).get(sleutel)):
        if waarde is None and bewaard is not None:
            waarde = lezer(_vorm(als_tekst(bewaard)))
    if waarde is not None:
        st.session_state[sleutel] = waarde


def _vorm(waarde) -> list[str]:
    return [waarde] if isinstance(waarde, str) else list(waarde)


def schrijf(sleutel: str, waarde) -> None:
    """After a widget is drawn: its value as a code in the URL (also the default), and kept for
    the other pages of this session."""
    st.session_state.setdefault(_GEKOZEN, {})[sleutel] = waarde
    tekst = als_tekst(waarde)
    st.session_state.setdefault(_GESCHREVEN, {})[sleutel] = _vorm(tekst)
    if sleutel in st.query_params and list(st.query_params.get_all(sleutel)) == _vorm(tekst):
        return
    st.query_params[sleutel] = tekst


def volledige_url() -> str:
    """The full URL of the current view (page address and its query string)."""
    query = urlencode(
        [(k, v) for k in st.query_params for v in st.query_params.get_all(k)], safe=":"
    )
    basis = st.context.url or ""
    return f"{basis}?{query}" if query else basis


# --------------------------------------------------------------------------------------------
# "Kopieer link": a real button in the page (components v2, no iframe), so the click itself is
# the user gesture the clipboard asks for. It copies the address bar as it is at that moment
# (Wat als? updates it from its fragment) and shows that address as text, for copying by hand.
# The page may be served over plain http (no navigator.clipboard): then execCommand("copy").

_HTML = """
<div class="lfm-link">
  <button type="button" class="lfm-kopieer">Kopieer link</button>
  <span class="lfm-status" role="status" aria-live="polite"></span>
  <code class="lfm-url"></code>
</div>
"""

_CSS = """
.lfm-link { font-family: var(--st-font, sans-serif); }
.lfm-kopieer { font: inherit; font-size: 0.95rem; color: var(--st-text-color, #111);
  background: var(--st-background-color, #fff); border: 1px solid #8a8a8a; border-radius: 0.5rem;
  padding: 0.3rem 0.8rem; cursor: pointer; }
.lfm-kopieer:hover, .lfm-kopieer:focus-visible { border-color: var(--st-primary-color, #0072B2);
  color: var(--st-primary-color, #0072B2); }
.lfm-status { margin-left: 0.5rem; font-size: 0.9rem; }
.lfm-url { display: block; margin-top: 0.4rem; font-size: 0.75rem; word-break: break-all;
  white-space: normal; user-select: all; color: var(--st-text-color, #111); }
"""

_JS = """
export default function(component) {
  const { parentElement, data } = component;
  const knop = parentElement.querySelector('.lfm-kopieer');
  const status = parentElement.querySelector('.lfm-status');
  const tekst = parentElement.querySelector('.lfm-url');
  const huidig = () => window.location.href || (data && data.url) || '';
  const toon = () => { const u = huidig(); if (tekst.textContent !== u) tekst.textContent = u; };
  toon();
  const klok = setInterval(toon, 500);
  const reserve = (u) => {
    const veld = document.createElement('textarea');
    veld.value = u; veld.setAttribute('readonly', '');
    veld.style.position = 'fixed'; veld.style.opacity = '0';
    document.body.appendChild(veld); veld.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    veld.remove();
    return ok;
  };
  knop.onclick = async () => {
    const u = huidig();
    toon();
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(u); ok = true;
      }
    } catch (e) { ok = false; }
    if (!ok) ok = reserve(u);
    status.textContent = ok ? 'Link gekopieerd' : 'Kopiëren lukte niet: kopieer de link hieronder';
    knop.dataset.gekopieerd = ok ? u : '';
  };
  return () => clearInterval(klok);
}
"""

_knop = None


def deelknop() -> None:
    """ "Kopieer link" with the link as text, at the bottom of the sidebar."""
    global _knop  # noqa: PLW0603 - one registration per process
    if _knop is None:
        _knop = st.components.v2.component("lfm_kopieer_link", html=_HTML, css=_CSS, js=_JS)
    with st.sidebar:
        st.markdown("**Link naar deze weergave**")
        _knop(key="lfm_kopieer_link", data={"url": volledige_url()}, height="content")
