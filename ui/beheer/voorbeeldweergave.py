"""Beheer: the preview of what a confirmed import or restore would change (shared by the
upload and the releases tab)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import formaat
from data_access import voorbeeld
from domein import INDICATOREN, LABELS
from ui import weergave
from ui.beheer.hulp import (
    SOORT_LABELS,
    STATUS_LABELS,
    getal_nl,
    maand_nl,
    md,
    meervoud,
    verschil_nl,
)


def _nieuwe_maanden_tabel(v: voorbeeld.Voorbeeld) -> pd.DataFrame:
    nieuw = v.totalen[v.totalen["status"] == "nieuw"]
    if nieuw.empty:
        return pd.DataFrame()
    breed = nieuw.pivot_table(
        index=["gemeente", "periode"], columns="indicator", values="nieuw", aggfunc="first"
    )
    volgorde = [i for i in INDICATOREN if i in breed.columns]
    breed = breed[volgorde].reset_index()
    uit = pd.DataFrame(
        {"gemeente": breed["gemeente"], "maand": [maand_nl(p) for p in breed["periode"]]}
    )
    for ind in volgorde:
        uit[LABELS["indicator"][ind]] = [getal_nl(w) for w in breed[ind]]
    return uit


def _gewijzigde_totalen_tabel(v: voorbeeld.Voorbeeld) -> pd.DataFrame:
    tot = v.gewijzigde_totalen
    return pd.DataFrame(
        {
            "gemeente": tot["gemeente"],
            "maand": [maand_nl(p) for p in tot["periode"]],
            "indicator": [LABELS["indicator"].get(i, i) for i in tot["indicator"]],
            "oud": [getal_nl(w) for w in tot["oud"]],
            "nieuw": [getal_nl(w) for w in tot["nieuw"]],
            "verschil": [verschil_nl(w) for w in tot["verschil"]],
            "status": [STATUS_LABELS.get(s, s) for s in tot["status"]],
        }
    )


def toon_voorbeeld(v: voorbeeld.Voorbeeld, sleutel: str) -> None:
    """Render a preview (import or restore): summary, new months, changed totals old → new,
    the number of changed breakdown cells (never their values)."""
    st.markdown("#### Wat verandert er?")
    st.info(md(v.samenvatting), icon=":material/preview:")
    for opmerking in v.opmerkingen:
        st.warning(md(opmerking))
    nieuw = _nieuwe_maanden_tabel(v)
    if not nieuw.empty:
        st.markdown(f"**Nieuwe maanden** ({formaat.getal(len(nieuw))}): gemeentetotalen")
        weergave.tabel(nieuw, f"{sleutel} nieuwe maanden", f"{sleutel}-nieuw")
    gewijzigd = _gewijzigde_totalen_tabel(v)
    if not gewijzigd.empty:
        st.markdown("**Gewijzigde gemeentetotalen** (oud → nieuw)")
        weergave.tabel(gewijzigd, f"{sleutel} gewijzigde totalen", f"{sleutel}-gewijzigd")
    if v.cellen_totaal:
        st.caption(
            "Daarnaast wijzigen "
            + meervoud(v.cellen_totaal, "cel", "cellen")
            + " van uitsplitsingen (naar doelgroep, leeftijd, pijler of bestemming): "
            f"{formaat.getal(v.cellen_gewijzigd)} met een andere waarde, "
            f"{formaat.getal(v.cellen_toegevoegd)} nieuw, "
            f"{formaat.getal(v.cellen_verdwenen)} vervallen. Hun waarden tonen we hier niet: "
            "kleine aantallen zijn beschermd."
        )
    if not v.ongewijzigde_maanden.empty:
        with st.expander(
            "Ongewijzigde maanden (" + formaat.getal(len(v.ongewijzigde_maanden)) + ")"
        ):
            st.dataframe(
                pd.DataFrame(
                    {
                        "gemeente": v.ongewijzigde_maanden["gemeente"],
                        "maand": [maand_nl(p) for p in v.ongewijzigde_maanden["periode"]],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    if not v.overige.empty:
        st.markdown("**Bevolking, doelen en gemeenten**")
        overige = v.overige.assign(
            soort=[SOORT_LABELS.get(s, s) for s in v.overige["soort"]],
            status=[STATUS_LABELS.get(s, s) for s in v.overige["status"]],
        )
        weergave.tabel(overige, f"{sleutel} overige wijzigingen", f"{sleutel}-overige")
