"""Rendering helpers shared by pages: a chart with its data table and CSV, KPI cards, and
`letterlijk` for every text from data that goes into Markdown.

Charts render with `theme=None` so the project's own Plotly template decides what the screen
and the exports look like. The table under each chart is its text alternative, and the CSV
download holds exactly the cells of that table (suppressed cells stay "<5"/"x"); it is built
on click and every download is written to the audit log.
"""

import re

import pandas as pd
import streamlit as st

from charts import export, formaat, theme
from data_access.toegang import MAX_UPLOAD_MB
from ui import downloads, venster

# Streamlit writes its own limit under a file uploader, in English ("10MB per file • CSV, XLSX");
# the page states it once, in Dutch, in the uploader's label, which is also the drop zone's
# accessible name. The caption is hidden from view and from screen readers alike.
_UPLOAD_CSS = '<style>[data-testid="stFileUploaderDropzoneInstructions"]{display:none}</style>'

# Markdown (and Streamlit's :directives:, $math$, HTML) that text from data must not trigger.
_MARKDOWN_TEKENS = re.compile(r"([\\`*_{}\[\]()<>#!|~:$&=^@])")
_REGELBEGIN = re.compile(r"(?m)^(\s*)([-+]|\d+[.)])")  # a list item at the start of a line
# GFM turns http://…, www.… and e-mail addresses into links after escapes are resolved, so a
# backslash cannot stop it; an invisible word joiner (U+2060) inside the pattern does.
_AUTOLINK = re.compile(r"(?i)(?<=\w)(?=://)|(?<=\bwww)(?=\.)|(?<=@)")
WOORDVERBINDER = "\u2060"

# The layout CSS of every page (static, no data in it), in this one place. Key-figure cards stay
# whole at every width (issue 16): their label and value wrap instead of ending in "…", the
# value shrinks with its card (container units), a row of cards wraps to a new row before a card
# gets narrower than 11rem, and no text breaks inside a word (a long word moves to the next line).
SCHERM_CSS = """<style>
[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) { flex-wrap: wrap; }
[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {
  flex: 1 1 11rem; min-width: 11rem; }
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetric"] *, [data-testid="stMetric"] [data-testid="stCaptionContainer"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  word-break: normal !important; overflow-wrap: normal !important; }
[data-testid="stMetricValue"] { font-size: clamp(1.25rem, 15cqi, 2.25rem); line-height: 1.2; }
[data-testid="stColumn"] [data-testid="stCaptionContainer"] {
  word-break: normal; overflow-wrap: normal; }
</style>"""

PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "nl",
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def stijl() -> None:
    """The page's layout CSS (`SCHERM_CSS`); the guard sets it on every page."""
    st.html(SCHERM_CSS)


def letterlijk(tekst: object) -> str:
    """`tekst` escaped so that Markdown shows it as written: for every text that comes from data
    (names of municipalities, targets, files and users; sentences that hold them) wherever
    Streamlit renders Markdown (markdown, caption, title, info/warning/error, widget and
    expander labels). A target named ``![x](http://…)`` is shown as those characters; it loads
    and links nothing. Our own Markdown goes around it, never inside it."""
    tekst = _AUTOLINK.sub(WOORDVERBINDER, str(tekst))
    tekst = _MARKDOWN_TEKENS.sub(r"\\\1", tekst)
    return _REGELBEGIN.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], tekst)


def csv_bytes(tabel: pd.DataFrame) -> bytes:
    """Belgian CSV: ';' separator, decimal comma, UTF-8 with BOM so Excel opens it right; a text
    cell that a spreadsheet would run as a formula is neutralised (`export.veilige_cel`)."""
    return ("\ufeff" + export.tabel_csv(tabel)).encode("utf-8")


def bestandskiezer(label: str, **kwargs):
    """`st.file_uploader` limited to MAX_UPLOAD_MB (Streamlit's `server.maxUploadSize` is the
    same): `label` must state that limit; Streamlit's English caption is hidden."""
    st.html(_UPLOAD_CSS)
    return st.file_uploader(label, max_upload_size=MAX_UPLOAD_MB, **kwargs)


def _bestandsnaam(tekst: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")[:60] or "tabel"


def tabel(
    tabel_: pd.DataFrame,
    titel: str,
    sleutel: str,
    *,
    toon: bool = True,
    exact: bool | None = None,
) -> None:
    """A table as shown, with a CSV download of exactly these cells. The CSV is built on click
    and logged (ui/downloads.py); `exact=False` for a table known to be the council's view."""
    if toon:
        # Dutch text cell by cell (1.234; 14,25; – for missing): st.dataframe itself would show
        # 14.2451 and None, whatever the browser's language
        st.dataframe(formaat.tabel_scherm(tabel_), hide_index=True, width="stretch")
    bestand = f"{_bestandsnaam(titel)}.csv"
    st.download_button(
        "⬇ CSV van deze tabel",
        data=downloads.gelogd(
            lambda: csv_bytes(tabel_), soort="csv", wat=titel, bestand=bestand, exact=exact
        ),
        file_name=bestand,
        mime="text/csv",
        key=f"csv-{sleutel}",
        on_click="ignore",
    )


def grafiek(fig, tabel_, titel: str, sleutel: str, alt: str = "") -> None:
    """The chart, then (folded) its data table and CSV download. `tabel_` is a frame, a
    function that builds it (called only when the table is opened), or None."""
    st.plotly_chart(
        theme.pas_aan(fig, venster.inhoud()),  # a phone or tablet: laid out for its width
        theme=None,
        width="stretch",
        config=PLOTLY_CONFIG,
        key=f"fig-{sleutel}",
        alt=alt or titel,
    )
    if tabel_ is not None:
        tabel_onder_grafiek(tabel_, titel, sleutel)


def tabel_onder_grafiek(tabel_, titel: str, sleutel: str) -> None:
    """The chart's table and CSV in a lazy expander: built and sent only while it is open
    (opening it reruns the page). Folded, every table and its CSV were still built, sent and
    laid out by the browser on every run, before the page could paint."""
    uitklap = st.expander(
        f"Tabel bij: {letterlijk(titel)}", key=f"tabel-{sleutel}", on_change="rerun"
    )
    if uitklap.open:
        with uitklap:
            tabel(tabel_() if callable(tabel_) else tabel_, titel, sleutel)


def kaart(kolom, titel: str, waarde: str, zin: str | None, delta: str | None = None) -> None:
    """A KPI card with one plain-Dutch sentence under it."""
    with kolom.container(border=True):
        st.metric(titel, waarde, delta=delta, delta_color="off")
        if zin:
            st.caption(letterlijk(zin))


def kaarten(lijst) -> None:
    """A row of `diensten.pact.Kaart`s, one column each."""
    for kolom, k in zip(st.columns(len(lijst)), lijst, strict=True):
        kaart(kolom, k.titel, k.waarde, k.uitleg)


def scherm(s) -> None:
    """A `charts.schermen.Scherm`: headline, chart, notes, table with CSV."""
    if s.kop:
        st.markdown(f"#### {letterlijk(s.kop)}")
    grafiek(s.fig, s.tabel, s.titel, s.sleutel, alt=s.kop or s.titel)
    for noot in s.noten:
        st.caption(letterlijk(noot))
