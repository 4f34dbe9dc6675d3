"""The one export builder: a municipality's key screens as PPTX, HTML or CSV, for the app's
download buttons and `leefloonmonitor export` alike (what is handed out is what was on screen)."""

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Engine

from charts import export
from diensten import dek

FORMATEN = ("pptx", "html", "csv")
INTERN = " · EXACTE CIJFERS — alleen voor intern gebruik, niet verspreiden"


class Export(NamedTuple):
    inhoud: bytes
    schermen: int  # how many screens it holds (for the audit line and the CLI's report)


def bestand(
    engine: Engine,
    nis: str,
    van: str,
    tot: str,
    soort: str,
    *,
    vergelijk: Sequence[str] | None = None,
    kijker=None,
    pact: dek.PactHaak | None = None,
) -> Export:
    """The file's bytes. `kijker` with detail rights gives exact cells, marked as internal in the
    subtitle; raises `dek.GeenGegevens` and `export.GeenBrowser` (Dutch messages)."""
    lijst = dek.schermen_voor(
        engine,
        nis,
        van,
        tot,
        presentatie=soort == "pptx",
        kijker=kijker,
        vergelijk=vergelijk,
        pact=pact,
    )
    titel, ondertitel = dek.titels(engine, nis, van, tot)
    if kijker is not None and kijker.ziet_detail(nis):
        ondertitel += INTERN
    if soort == "pptx":
        inhoud = export.naar_pptx(lijst, titel=titel, ondertitel=ondertitel)
    elif soort == "html":
        inhoud = export.naar_html(lijst, titel=titel, ondertitel=ondertitel).encode("utf-8")
    else:
        inhoud = export.naar_csv(lijst)
    return Export(inhoud, len(lijst))
