"""Streamlit's own entrances, attacked as issue 15 did, against a real server (ui/serverwacht.py).

- `clear_cache` over a raw websocket: an anonymous client (or a council member) leaves every
  cache as it is (and the server logs the refusal); a logged-in admin may still clear. The
  evidence is Streamlit's own cache counters at /_stcore/metrics: after the request, the same
  page run again has no new cache misses.
- /media: an analyst downloads an exact table in Chromium; the file is built on click, logged in
  the audit table, and a plain HTTP client gets 404 both at the address the browser used and at
  the address computed from the content (Streamlit's own content hash), while the analyst's
  browser itself can still fetch it.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .helpers import DATAFRAME, ga_naar, pagina_url, wacht_op_app

SLEUTEL = secrets.token_urlsafe(48)  # a cookie key for this module's server only


# --------------------------------------------------------------------------------------------
# a raw websocket session, as the browser speaks it (protobuf BackMsg/ForwardMsg)


class Sessie:
    """One Streamlit session over /_stcore/stream; logged in when `gebruiker` is given (a login
    cookie signed with the server's key in the handshake, as a browser would send it)."""

    def __init__(self, port: int, gebruiker: str | None = None):
        self.port, self.gebruiker, self.ws = port, gebruiker, None

    async def __aenter__(self) -> Sessie:
        import websockets

        from data_access.toegang import COOKIE_NAAM, maak_cookie_token

        koppen = {}
        if self.gebruiker:
            token, _ = maak_cookie_token(self.gebruiker, SLEUTEL)
            koppen["Cookie"] = f"{COOKIE_NAAM}={token}"
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers=koppen,
            max_size=None,
            open_timeout=60,
        )
        return self

    async def __aexit__(self, *_exc) -> None:
        await self.ws.close()

    async def _lees_tot(self, soort: str, timeout: float = 180) -> list:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        einde = time.monotonic() + timeout
        berichten = []
        while True:
            fw = ForwardMsg()
            fw.ParseFromString(await asyncio.wait_for(self.ws.recv(), einde - time.monotonic()))
            berichten.append(fw)
            if fw.WhichOneof("type") == soort:
                return berichten

    async def open_pagina(self, url_pad: str = "") -> list:
        """Run a page (by its URL path) and read until the run has finished."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.rerun_script.page_name = url_pad
        await self.ws.send(msg.SerializeToString())
        return await self._lees_tot("script_finished")

    async def wis_cache(self) -> None:
        """Send `clear_cache`, then a heartbeat: its answer means the request was handled (a
        session handles its messages in order)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        for veld in ("clear_cache", "app_heartbeat"):
            msg = BackMsg()
            setattr(msg, veld, True)
            await self.ws.send(msg.SerializeToString())
        await self._lees_tot("heartbeat_ack")


def _cachetellers(server) -> dict[str, int]:
    """Streamlit's cache lookup counters, {"hit": n, "miss": n}, over every cached function."""
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=30) as antwoord:
        tekst = antwoord.read().decode()
    tellers = {"hit": 0, "miss": 0}
    for soort, waarde in re.findall(r'^cache_lookups_total\{.*result="(\w+)"\} (\d+)', tekst, re.M):
        tellers[soort] = tellers.get(soort, 0) + int(waarde)
    return tellers


async def _overzicht_opnieuw(server) -> tuple[dict, dict]:
    """A council member's second run of Overzicht: the counters before and after it."""
    async with Sessie(server.port, "raad") as raad:
        voor = _cachetellers(server)
        berichten = await raad.open_pagina("")
    assert not [b for b in berichten if b.WhichOneof("type") == "page_not_found"]
    return voor, _cachetellers(server)


@pytest.fixture
def server_met_sleutel(start_streamlit):
    return start_streamlit("cache-wissen", env={"LEEFLOONMONITOR_COOKIE_KEY": SLEUTEL})


def _in_eigen_lus(maak):
    """Run a coroutine in a thread with its own event loop: Playwright's sync API (used by the
    other browser tests in the same session) keeps a loop running in the main thread, where
    `asyncio.run` refuses to start."""
    uit = {}

    def draai():
        try:
            uit["waarde"] = asyncio.run(maak())
        except BaseException as fout:  # handed to the test's thread
            uit["fout"] = fout

    draad = threading.Thread(target=draai)
    draad.start()
    draad.join()
    if "fout" in uit:
        raise uit["fout"]
    return uit["waarde"]


def test_anoniem_cache_wissen_wordt_genegeerd(server_met_sleutel):
    server = server_met_sleutel

    async def scenario():
        async with Sessie(server.port, "raad") as raad:
            await raad.open_pagina("")  # warms the caches of Overzicht
        async with Sessie(server.port) as anoniem:  # never logged in, never ran a page
            await anoniem.wis_cache()
        async with Sessie(server.port, "raad") as raad:  # a council member may not either
            await raad.open_pagina("")
            await raad.wis_cache()
        return await _overzicht_opnieuw(server)

    voor, na = _in_eigen_lus(scenario)
    assert na["miss"] == voor["miss"], (voor, na)  # everything still came from the cache
    assert na["hit"] > voor["hit"], (voor, na)
    assert server.log().count("Verzoek om alle caches te wissen genegeerd") == 2, server.log()


def test_beheerder_mag_de_cache_wissen(server_met_sleutel):
    server = server_met_sleutel

    async def scenario():
        async with Sessie(server.port, "raad") as raad:
            await raad.open_pagina("")
        async with Sessie(server.port, "beheer") as beheer:
            await beheer.open_pagina("")  # the guard restores the admin from the cookie
            await beheer.wis_cache()
        return await _overzicht_opnieuw(server)

    voor, na = _in_eigen_lus(scenario)
    assert na["miss"] > voor["miss"], (voor, na)
    assert "Alle caches gewist op verzoek van beheerder beheer" in server.log()


# --------------------------------------------------------------------------------------------
# /media: an analyst's exact table


def _http_status(url: str) -> int:
    """The status of a plain GET without any cookie (urllib keeps none)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as antwoord:
            return antwoord.status
    except urllib.error.HTTPError as fout:
        return fout.code


def _open_tabel(page, titel_begin: str):
    kop = page.locator("[data-testid='stExpander'] summary").filter(has_text=titel_begin).first
    kop.scroll_into_view_if_needed()
    kop.click()
    wacht_op_app(page)
    knop = page.get_by_role("button", name="⬇ CSV van deze tabel").first
    knop.wait_for(state="visible", timeout=60_000)
    page.locator(DATAFRAME).first.wait_for(state="attached", timeout=60_000)
    return knop


def test_exacte_tabel_alleen_voor_de_eigen_browser_en_gelogd(aangemeld, app_url, demo_db_url):
    from streamlit.runtime.memory_media_file_storage import _calculate_file_id

    from data_access import audit, db

    context = aangemeld("analist")
    page = context.new_page()
    page.goto(
        pagina_url(app_url, "pages/2_Doelgroepen.py")
        + "?gemeente=11016&periode=2023-01&periode=2023-12",
        wait_until="domcontentloaded",
    )
    wacht_op_app(page)
    assert page.get_by_text("exacte cijfers").count() >= 1  # the analyst's exact view
    knop = _open_tabel(page, "Tabel bij: Activeringen in Essen naar pijler")
    gestart = time.time()
    with page.expect_download(timeout=120_000) as info:
        knop.click()
    download = info.value
    inhoud = Path(download.path()).read_bytes()
    tekst = inhoud.decode("utf-8-sig")
    assert tekst.startswith("kwartaal;") and "<5" not in tekst  # exact cells, nothing hidden
    assert re.search(r";[1-4](;|\n)", tekst), tekst  # with small counts in it

    # the address the browser used: not for a client without the browser's cookies
    assert download.url.startswith(f"{app_url}/media/"), download.url
    assert _http_status(download.url) == 404
    # the address anyone can compute from the content (Streamlit's content hash)
    geraden = _calculate_file_id(inhoud, "text/csv", download.suggested_filename)
    assert _http_status(f"{app_url}/media/{geraden}.csv") == 404
    # the analyst's own browser still gets it
    eigen = context.request.get(download.url)
    assert eigen.status == 200 and eigen.body() == inhoud

    engine = db.maak_engine(demo_db_url)
    try:
        rijen = audit.lees(engine, 20, actie="download", gebruiker="analist")
    finally:
        engine.dispose()
    rijen = rijen[rijen["tijdstip"].map(lambda t: t.timestamp()) >= gestart - 5]
    assert len(rijen) == 1, rijen
    details = rijen.iloc[0]["details"]
    assert "csv nis=11016 weergave=exact" in details, details
    assert f"bestand={download.suggested_filename}" in details, details


def test_exacte_export_alleen_voor_de_eigen_browser(aangemeld, app_url):
    page = aangemeld("analist").new_page()
    ga_naar(page, app_url, "app.py")
    kop = page.locator("[data-testid='stExpander'] summary").filter(
        has_text="Exporteren voor de raad"
    )
    kop.scroll_into_view_if_needed()
    kop.click()
    page.get_by_text("Exacte cijfers (alleen intern").click()
    wacht_op_app(page)
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="CSV (alle tabellen)").click()
    download = info.value
    inhoud = Path(download.path()).read_bytes()
    assert inhoud.startswith(b"\xef\xbb\xbf") and len(inhoud) > 100
    assert _http_status(download.url) == 404
    assert page.context.request.get(download.url).status == 200


def test_download_van_de_pagina_zelf_ook_gebonden(aangemeld, app_url):
    """A file handed to Streamlit while the page runs (Beheer's templates): the same binding,
    taken from the session whose script made it."""
    page = aangemeld("beheer").new_page()
    ga_naar(page, app_url, "pages/7_Beheer.py")
    knop = page.get_by_role("button", name="Sjabloon maandcijfers")
    knop.wait_for(state="visible", timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        knop.click()
    download = info.value
    assert Path(download.path()).read_bytes().lstrip(b"\xef\xbb\xbf").startswith(b"nis;")
    assert _http_status(download.url) == 404
    assert page.context.request.get(download.url).status == 200
