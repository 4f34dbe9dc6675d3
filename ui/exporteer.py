"""Export buttons on Overzicht: the chosen screens of the current view as PPTX, PDF, HTML, CSV.

Each `st.download_button` gets a zero-argument callable as `data`, so a file is only built when
its button is clicked (Streamlit runs the callable in a worker thread and shows a spinner on the
button meanwhile). Files are cached per data version, municipality, period, comparison set,
view, chosen screens (in their order), template and logo; every export is written to the audit
log.

The view is the council's (small cells as "<5"/"x"). An analyst of the municipality can switch
on the exact cells for internal use; that choice is part of the cache key and of the audit line.
The choice of screens is in the link (`dek=overzicht,pact`), like the rest of the view.
"""

from __future__ import annotations

import streamlit as st

from charts import export
from data_access import audit
from diensten import dek, prognose, wat_als
from forecasting import scenario_url as su
from ui import auth, cache, downloads, link, weergave

SOORTEN = {
    "pptx": (
        "PowerPoint (dia's)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ":material/slideshow:",
    ),
    "pdf": ("PDF-rapport (A4)", "application/pdf", ":material/picture_as_pdf:"),
    "html": ("HTML-rapport (offline)", "text/html", ":material/description:"),
    "csv": ("CSV (alle tabellen)", "text/csv", ":material/table:"),
}
DEK = "dek"  # the multiselect's key and the link's


def bestand(keuze, soort: str, *, detail: bool = False) -> bytes:
    """The export file of the current view with the standard screens (cached)."""
    return cache.exportbestand(
        cache.versie(), soort, keuze.nis, keuze.van, keuze.tot, keuze.vergelijk, detail
    ).inhoud


def _maker(keuze, soort: str, gebruiker, detail: bool, client: str, engine, versie: int, extra):
    """The zero-argument callable for `st.download_button(data=...)`: builds (or takes from the
    cache) the file, then writes the audit line. Runs in Streamlit's worker thread."""
    delen, sjabloon, logo, scenario = extra

    def maak() -> bytes:
        inhoud = cache.exportbestand(
            versie,
            soort,
            keuze.nis,
            keuze.van,
            keuze.tot,
            keuze.vergelijk,
            detail,
            delen,
            sjabloon if soort == "pptx" else None,
            logo if soort == "pptx" else None,
            scenario if "wat_als" in delen else None,
        ).inhoud
        audit.log(
            engine,
            gebruiker,
            "export",
            f"{soort} nis={keuze.nis} {keuze.van}..{keuze.tot} "
            f"weergave={'exact' if detail else 'raad'} "
            f"vergelijk={','.join(keuze.vergelijk) or '-'} schermen={','.join(delen)} "
            f"sjabloon={'ja' if sjabloon and soort == 'pptx' else 'nee'} "
            f"logo={'ja' if logo and soort == 'pptx' else 'nee'} bytes={len(inhoud)}",
            client,
        )
        return inhoud

    return maak


def schermkeuze() -> list[str]:
    """The multiselect of the deck's parts, in the order the user picks them (in the link)."""
    opties = list(dek.ONDERDELEN)
    link.neem_over(DEK, lambda ruw: link.lees_meer(ruw, opties) or None)
    if DEK not in st.session_state:
        st.session_state[DEK] = list(dek.STANDAARD_ONDERDELEN)
    delen = st.multiselect(
        "Schermen, in de volgorde van de dia's",
        opties,
        format_func=lambda code: dek.ONDERDELEN[code][0],
        key=DEK,
        help="Klik de schermen aan in de volgorde waarin ze in de export moeten staan; "
        "met het kruisje haalt u er een weg.",
    )
    link.schrijf(DEK, list(delen))
    return list(delen)


def scenariocodes() -> tuple[tuple[str, str], ...]:
    """The Wat als? scenario in this page's link (its codes: `scenario=extra_jobhunters`,
    `sm_cap=30`, `tel_tot=2027-06`), for the deck's Wat als? slide."""
    sleutels = {*su.PARAMETERS, *su.SLEUTELS, su.SCENARIO_SLEUTEL, wat_als.TEL_TOT}
    return tuple(sorted((k, str(v)) for k, v in st.query_params.items() if k in sleutels))


def wat_als_uitleg(scenario) -> str:
    if scenario:
        return "Wat als? toont het scenario uit de link van deze pagina."
    label = wat_als.scenario_label(wat_als.STANDAARD_SCENARIO)
    return (
        f"Wat als? toont het scenario '{label}'. Een eigen scenario: open de export met de "
        "scenariocodes van Wat als? in de link (bv. ?dek=wat_als&sm_cap=30)."
    )


def _upload(label: str, soort: str, controle, sleutel: str) -> bytes | None:
    """An uploaded template or logo, checked whole; a Dutch error and None when unusable."""
    bestand_ = weergave.bestandskiezer(label, type=[soort], key=sleutel)
    if bestand_ is None:
        return None
    inhoud = bestand_.getvalue()
    try:
        controle(inhoud)
    except export.OngeldigBestand as fout:
        st.error(f"{weergave.letterlijk(bestand_.name)}: {fout}")
        return None
    return inhoud


def huisstijl() -> tuple[bytes | None, bytes | None, bool]:
    """Template and logo of the municipality (optional, PowerPoint only); `fout`: an upload
    was refused, so the PowerPoint button waits for a usable file."""
    st.markdown("**Huisstijl van de gemeente** (niet verplicht, alleen voor PowerPoint)")
    links, rechts = st.columns(2)
    with links:
        sjabloon = _upload(
            f"Sjabloon (.pptx, maximaal {export.MAX_SJABLOON_MB} MB)",
            "pptx",
            export.open_sjabloon,
            "lfm_export_sjabloon",
        )
    with rechts:
        logo = _upload(
            f"Logo (.png, maximaal {export.MAX_LOGO_MB} MB)",
            "png",
            export.controleer_logo,
            "lfm_export_logo",
        )
    geweigerd = any(
        st.session_state.get(k) is not None and w is None
        for k, w in (("lfm_export_sjabloon", sjabloon), ("lfm_export_logo", logo))
    )
    if geweigerd:
        st.error("De PowerPoint wacht op een bruikbaar sjabloon en logo.")
    return sjabloon, logo, geweigerd


def _heeft_pactdoel(keuze) -> bool:
    """Whether the deck can hold a pact slide (the target rule of `diensten.pact.pact_scherm`):
    a deck of only the pact slide would otherwise be an empty file."""
    doel = prognose.kies_doel(cache.doelen(keuze.nis), keuze.tot)
    return doel is not None and str(doel["van"]) <= keuze.tot


def exportknoppen(keuze, gebruiker) -> None:
    """The expander "Exporteren voor de raad": the screens and their order, the municipality's
    template and logo, and the four download buttons."""
    with st.expander("Exporteren voor de raad", icon=":material/download:"):
        st.markdown(
            "De gekozen schermen van deze weergave (gemeente, periode en vergelijking uit de "
            "zijbalk): per scherm de kernzin, de grafiek, bron en datum van de gegevens. In "
            "PowerPoint zijn de grafieken bewerkbaar."
        )
        delen = schermkeuze()
        sjabloon, logo, geweigerd = huisstijl()
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
        if not delen:
            st.info("Kies minstens één scherm.")
            return
        if delen == ["pact"] and not _heeft_pactdoel(keuze):
            st.info(
                f"{weergave.letterlijk(keuze.naam)} heeft geen pactdoel in deze periode: kies "
                "ook een ander scherm."
            )
            return
        browser = export.browser_pad() is not None
        engine, versie, client = cache.engine(), cache.versie(), auth.client_id()
        scenario = scenariocodes()
        if "wat_als" in delen:
            st.caption(wat_als_uitleg(scenario))
        extra = (tuple(delen), sjabloon, logo, scenario)
        kolommen = st.columns(len(SOORTEN))
        for kolom, (soort, (label, mime, icoon)) in zip(kolommen, SOORTEN.items(), strict=True):
            uit = (soort == "pdf" and not browser) or (soort == "pptx" and geweigerd)
            kolom.download_button(
                label,
                data=_maker(keuze, soort, gebruiker, detail, client, engine, versie, extra),
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
            st.caption(
                "Het PDF-rapport maken duurt enkele seconden (de grafieken worden getekend)."
            )


def pdf_knop(keuze, schermen, *, pagina: str) -> None:
    """ "PDF van deze pagina (A4)": the screens this page shows (headline, chart, table, source
    line), built on click by headless Chromium and written to the audit log."""
    if export.browser_pad() is None:
        return  # the PDF needs Chromium; Overzicht's export explains it
    lijst, engine = list(schermen), cache.engine()
    nis, van, tot = keuze.nis, keuze.van, keuze.tot

    def maak() -> bytes:
        titel, ondertitel = dek.titels(engine, nis, van, tot)
        return export.naar_pdf(lijst, titel=f"{titel}: {pagina}", ondertitel=ondertitel)

    naam = dek.bestandsnaam(f"{keuze.naam}-{pagina}", van, tot, "pdf")
    st.download_button(
        "PDF van deze pagina (A4)",
        data=downloads.gelogd(maak, soort="pdf", wat=pagina, bestand=naam),
        file_name=naam,
        mime="application/pdf",
        key="lfm_pdf_pagina",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
