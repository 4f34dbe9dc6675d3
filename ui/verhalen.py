"""The seed stories on Overzicht: one click opens the exact view (`diensten.verhalen`)."""

from __future__ import annotations

import streamlit as st

from diensten import verhalen
from ui import cache, weergave


def blok() -> None:
    """ "Verhalen voor de raad": a link per story (its view in codes) with one line of Dutch."""
    nissen = cache.gemeenten_met_data()["nis"]
    lijst = verhalen.beschikbaar(nissen)
    if not lijst:
        return
    cijfers = cache.verhaalcijfers(nissen)
    with st.expander("Verhalen voor de raad", icon=":material/auto_stories:"):
        st.caption("Elk verhaal opent de weergave die het cijfer toont (gemeente, periode, doel).")
        for verhaal in lijst:
            st.page_link(
                verhaal.pagina,
                label=verhaal.titel,
                query_params=verhaal.query,
                icon=":material/arrow_forward:",
            )
            st.caption(verhaal.zin)
            cijfer = cijfers.get(verhaal.sleutel)
            if cijfer:
                st.markdown(f"**{weergave.letterlijk(cijfer.tekst)}**")
                st.caption(
                    weergave.letterlijk(
                        f"Teldefinitie — {cijfer.teldefinitie}. Bron: {cijfer.bron}"
                    )
                )
