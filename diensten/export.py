"""The one export builder: a municipality's chosen screens as PPTX, PDF, HTML or CSV, for the
app's download buttons and `leefloonmonitor export` alike (what is handed out is what was on
screen)."""

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Engine

from charts import export
from diensten import dek

FORMATEN = ("pptx", "pdf", "html", "csv")
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
    keuze: str | Sequence[str] | None = None,
    sjabloon: bytes | None = None,
    wat_als: dek.WatAlsHaak | None = None,
    logo: bytes | None = None,
) -> Export:
    """The file's bytes, with the screens of `keuze` in that order (`dek.ONDERDELEN`; default
    the standard deck). `sjabloon`/`logo` (PPTX only): the municipality's .pptx template and PNG
    logo. `kijker` with detail rights gives exact cells, marked as internal in the subtitle.
    Raises `dek.GeenGegevens`, `dek.OnbekendOnderdeel`, `export.OngeldigBestand` and
    `export.GeenBrowser` (Dutch messages)."""
    if soort == "pptx":  # a bad template or logo is refused before the screens are built
        if sjabloon is not None:
            export.open_sjabloon(sjabloon)
        if logo is not None:
            export.controleer_logo(logo)
    lijst = dek.schermen_voor(
        engine,
        nis,
        van,
        tot,
        presentatie=soort == "pptx",
        kijker=kijker,
        vergelijk=vergelijk,
        pact=pact,
        keuze=keuze,
        wat_als=wat_als,
    )
    titel, ondertitel = dek.titels(engine, nis, van, tot)
    if kijker is not None and kijker.ziet_detail(nis):
        ondertitel += INTERN
    if soort == "pptx":
        inhoud = export.naar_pptx(
            lijst, titel=titel, ondertitel=ondertitel, sjabloon=sjabloon, logo=logo
        )
    elif soort == "pdf":
        inhoud = export.naar_pdf(lijst, titel=titel, ondertitel=ondertitel)
    elif soort == "html":
        inhoud = export.naar_html(lijst, titel=titel, ondertitel=ondertitel).encode("utf-8")
    else:
        inhoud = export.naar_csv(lijst)
    return Export(inhoud, len(lijst))
