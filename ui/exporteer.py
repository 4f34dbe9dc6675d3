"""Export buttons on Overzicht: the key screens of the current view as PPTX, HTML and CSV.

Each `st.download_button` gets a zero-argument callable as `data`, so a file is only built when
its button is clicked (Streamlit runs the callable in a worker thread and shows a spinner on the
button meanwhile). Files are cached per data version, municipality, period, comparison set and
view, and every export is written to the audit log.

The view is the council's (small cells as "<5"/"x"). An analyst of the municipality can switch
on the exact cells for internal use; that choice is part of the cache key and of the audit line.
"""

from __future__ import annotations

import streamlit as st

from charts import export
from data_access import audit
from diensten import dek
from ui import auth, cache

SOORTEN = {
    "pptx": (
        "PowerPoint (dia's)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ":material/slideshow:",
    ),
    "html": ("HTML-rapport (offline)", "text/html", ":material/description:"),
    "csv": ("CSV (alle tabellen)", "text/csv", ":material/table:"),
}


def bestand(keuze, soort: str, *, detail: bool = False) -> bytes:
    """The export file of the current view (cached)."""
    return cache.exportbestand(
        cache.versie(), soort, keuze.nis, keuze.van, keuze.tot, keuze.vergelijk, detail
    ).inhoud


def _maker(keuze, soort: str, gebruiker, detail: bool, client: str, engine, versie: int):
    """The zero-argument callable for `st.download_button(data=...)`: builds (or takes from the
    cache) the file, then writes the audit line. Runs in Streamlit's worker thread."""

    def maak() -> bytes:
        inhoud = cache.exportbestand(
            versie, soort, keuze.nis, keuze.van, keuze.tot, keuze.vergelijk, detail
        ).inhoud
        audit.log(
            engine,
            gebruiker,
            "export",
            f"{soort} nis={keuze.nis} {keuze.van}..{keuze.tot} "
            f"weergave={'exact' if detail else 'raad'} "
            f"vergelijk={','.join(keuze.vergelijk) or '-'} bytes={len(inhoud)}",
            client,
        )
        return inhoud

    return maak


def exportknoppen(keuze, gebruiker) -> None:
    """The expander "Exporteren voor de raad" with the three download buttons."""
    with st.expander("Exporteren voor de raad", icon=":material/download:"):
        st.markdown(
            "De kernschermen van deze weergave (gemeente, periode en vergelijking uit de "
            "zijbalk): per scherm de kernzin, de grafiek, bron en datum van de gegevens."
        )
        detail = False
        if gebruiker is not None and gebruiker.ziet_detail(keuze.nis):
            detail = st.toggle(
                "Exacte cijfers (alleen intern, niet voor de raad)",
                key="lfm_export_exact",
                value=False,
                help="Standaard is de export afgeschermd zoals voor de raad: 1 tot 4 personen "
                "als '<5'. Als analist van deze gemeente kunt u de exacte cijfers exporteren.",
            )
        else:
            st.caption("Kleine aantallen zijn afgeschermd ('<5', 'x'), zoals op het scherm.")
        browser = export.browser_pad() is not None
        engine, versie, client = cache.engine(), cache.versie(), auth.client_id()
        kolommen = st.columns(3)
        for kolom, (soort, (label, mime, icoon)) in zip(kolommen, SOORTEN.items(), strict=True):
            uit = soort == "pptx" and not browser
            kolom.download_button(
                label,
                data=_maker(keuze, soort, gebruiker, detail, client, engine, versie),
                file_name=dek.bestandsnaam(keuze.naam, keuze.van, keuze.tot, soort),
                mime=mime,
                key=f"lfm_export_{soort}",
                on_click="ignore",
                icon=icoon,
                disabled=uit,
                width="stretch",
            )
        if not browser:
            st.warning(export.GEEN_BROWSER_TEKST)
        else:
            st.caption("De PowerPoint maken duurt enkele seconden (de grafieken worden getekend).")
