"""The cluster of `deploy/cluster.py` behaves as one product (issue 18): two replicas on one real
PostgreSQL behind the real HAProxy (cookie stickiness, health checks, headers) and nginx (the
frontend's backend address injected into the HTML), at a base path (/lm), driven by Chromium.

ONE cluster for the whole module (started once: ~30-40 s on 2 cores). Replicas are chosen by
setting HAProxy's SERVERID cookie in a browser context (`vast_op`), as a browser that was sent
there keeps it.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import re
import shutil
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import BrowserContext, Page

from .helpers import (
    APP_VERBONDEN,
    LOGMAP,
    PAGINALINK,
    REPO,
    UITZONDERING,
    ZIJBALK,
    ZONDER_GRAFIEK,
    afmelden,
    fouten_op_scherm,
    klik_menu,
    log_in,
    pagina_titel,
    toont_aanmelding,
    url_pad,
    verschijnt,
    wacht_op_app,
    wacht_op_bewaker,
    wacht_op_grafieken,
)

sys.path.insert(0, str(REPO / "deploy"))
from cluster import Cluster  # noqa: E402

BASISPAD = "/lm"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    c = Cluster(2, basispad=BASISPAD)
    c.bewaar = True  # the logs are copied to test-artefacten/logs/cluster/ first
    try:
        c.start()
        yield c
    finally:
        c.stop()
        doel = LOGMAP / "cluster"
        doel.mkdir(parents=True, exist_ok=True)
        for log in c.map.glob("*.log"):
            shutil.copy(log, doel / log.name)
        shutil.rmtree(c.map, ignore_errors=True)


def _http(cluster: Cluster, pad: str, cookie: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", cluster.poort, timeout=10)
    conn.request("GET", pad, headers={"Cookie": cookie} if cookie else {})
    antwoord = conn.getresponse()
    antwoord.read()
    conn.close()
    return antwoord


def _serverid(antwoord) -> str | None:
    for kop in antwoord.headers.get_all("Set-Cookie") or []:
        m = re.match(r"SERVERID=([^;]*)", kop)
        if m:
            return m.group(1)
    return None


def _context(browser, cluster: Cluster, replica: str | None, gebruiker: str | None = None):
    """A browser context sent to `replica` (HAProxy's cookie), logged in as `gebruiker` through
    a signed login cookie of the cluster's key (no form, no bcrypt)."""
    from data_access.toegang import COOKIE_NAAM, maak_cookie_token

    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-BE")
    cookies = []
    if replica:
        cookies.append({"name": "SERVERID", "value": replica, "url": cluster.url})
    if gebruiker:
        token, _ = maak_cookie_token(gebruiker, cluster.cookie_key)
        cookies.append({"name": COOKIE_NAAM, "value": token, "url": cluster.url})
    if cookies:
        context.add_cookies(cookies)
    return context


def _open(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)
    wacht_op_app(page)
    wacht_op_bewaker(page)


def _serverid_in(context: BrowserContext) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == "SERVERID"), None)


def _aangemeld(page: Page) -> bool:
    return page.locator(f"{ZIJBALK} {PAGINALINK}").count() > 0 and not toont_aanmelding(page)


# ------------------------------------------------------------------------------------------
# What the proxy adds
# ------------------------------------------------------------------------------------------


def test_proxy_koppen_geblokkeerde_metriek_en_kleefcookie(cluster: Cluster):
    antwoord = _http(cluster, f"{BASISPAD}/")
    assert antwoord.status == 200
    kop = antwoord.headers
    csp = kop["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
    assert "'unsafe-eval'" not in csp
    assert kop["X-Frame-Options"] == "SAMEORIGIN"
    assert kop["X-Content-Type-Options"] == "nosniff"
    assert kop["Referrer-Policy"] == "same-origin"
    assert kop["Strict-Transport-Security"] is None  # only over TLS

    # Streamlit's Prometheus metrics: refused, also encoded or under a page path
    for pad in ("/_stcore/metrics", "/%5Fstcore/metrics", "/Trends/_stcore/METRICS"):
        assert _http(cluster, BASISPAD + pad).status == 403, pad
    assert _http(cluster, f"{BASISPAD}/_stcore/health").status == 200

    # stickiness: a new visitor gets a replica in an HttpOnly cookie, round robin
    gezien = []
    for _ in range(4):
        antwoord = _http(cluster, f"{BASISPAD}/")
        kop = next(k for k in antwoord.headers.get_all("Set-Cookie") if k.startswith("SERVERID="))
        assert "HttpOnly" in kop and "SameSite=Lax" in kop
        gezien.append(_serverid(antwoord))
        assert "no-cache" in (antwoord.headers["Cache-Control"] or "")  # `nocache`
    assert set(gezien) == {"r1", "r2"}
    # a visitor with the cookie stays where it is (no new cookie)
    assert _serverid(_http(cluster, f"{BASISPAD}/", "SERVERID=r2")) is None


def _luisteraars(pids: list[int]) -> list[tuple[str, int, str]]:
    uit = []
    for pid in pids:
        try:
            hoofd = psutil.Process(pid)
            processen = [hoofd, *hoofd.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        for p in processen:
            try:
                for c in p.net_connections(kind="inet"):
                    if c.status == psutil.CONN_LISTEN:
                        uit.append((c.laddr.ip, c.laddr.port, p.name()))
            except psutil.NoSuchProcess:
                continue
    return uit


def test_niets_luistert_buiten_loopback(cluster: Cluster):
    pids = cluster.processen()
    pg = Path(cluster.postgres.data / "postmaster.pid").read_text().split()[0]
    pids.append(int(pg))
    luisteraars = _luisteraars(pids)
    namen = {naam for _ip, _poort, naam in luisteraars}
    assert {"haproxy", "nginx", "postgres"} <= namen and any("python" in n for n in namen)
    poorten = {poort for _ip, poort, _naam in luisteraars}
    assert cluster.poort in poorten
    assert all(r.poort in poorten and r.nginx_poort in poorten for r in cluster.replicas)
    buiten = [lp for lp in luisteraars if not ipaddress.ip_address(lp[0]).is_loopback]
    assert buiten == []


# ------------------------------------------------------------------------------------------
# The pages through the proxy, at a base path, with the injected backend address
# ------------------------------------------------------------------------------------------


def test_elke_pagina_via_de_proxy_met_basispad_en_sessie_blijft(browser, cluster: Cluster):
    from ui.navigatie import PAGINAS

    context = _context(browser, cluster, None)
    page = context.new_page()
    csp_fouten, probes, paginafouten = [], [], []
    page.on(
        "console",
        lambda m: csp_fouten.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: paginafouten.append(str(e)))
    page.on(
        "request",
        lambda r: (
            probes.append(r.url)
            if re.search(r"/lm/[^_][^/]*/_stcore/health", urllib.parse.urlsplit(r.url).path)
            else None
        ),
    )
    try:
        _open(page, f"{cluster.url}/")
        assert toont_aanmelding(page)
        log_in(page, "raad", "demo")
        replica = _serverid_in(context)
        assert replica in {"r1", "r2"}
        basis = page.evaluate("() => window.__streamlit && window.__streamlit.BACKEND_BASE_URL")
        assert basis == f"http://127.0.0.1:{cluster.poort}{BASISPAD}/"
        for p in PAGINAS:
            if not p.pad.startswith(("app.py", "pages/")) or "7_Beheer" in p.pad:
                continue
            _open(page, f"{cluster.url}/{url_pad(p.pad)}")
            assert page.title() == pagina_titel(p.titel), p.pad
            assert _aangemeld(page), f"{p.titel}: opnieuw om aanmelding gevraagd"
            if p.pad not in ZONDER_GRAFIEK:
                assert wacht_op_grafieken(page, minimaal=1) >= 1, p.titel
            assert fouten_op_scherm(page) == [], p.titel
            assert _serverid_in(context) == replica  # the same replica all along
        klik_menu(page, "Trends")  # the menu's links carry the base path too
        assert urllib.parse.urlsplit(page.url).path == f"{BASISPAD}/Trends"
        assert _aangemeld(page)
    finally:
        context.close()
    assert probes == []  # no detour over /lm/<page>/_stcore/health
    assert csp_fouten == []
    assert paginafouten == []


# ------------------------------------------------------------------------------------------
# One product: data, limiter, logout
# ------------------------------------------------------------------------------------------


def test_import_op_een_replica_is_binnen_30_s_op_de_andere_te_zien(browser, cluster: Cluster):
    from maak_bestanden import csv_bytes, kubusrijen

    from charts.formaat import maand_lang
    from data_access import db, importer, queries
    from domein.maanden import plus_maanden

    engine = db.get_engine(cluster.db_url)
    oud = queries.laatste_periode(engine)
    nieuw = plus_maanden(oud, 1)
    context = _context(browser, cluster, "r2", "raad")
    page = context.new_page()
    try:
        _open(page, f"{cluster.url}/Data_en_methode")
        assert _aangemeld(page)
        tekst = "laatste maand met gegevens: "
        assert verschijnt(page.get_by_text(tekst + maand_lang(oud)), timeout=30_000)
        # the import as Beheer does it on replica r1: the importer, in one transaction
        voor = queries.data_versie(engine)
        rijen = kubusrijen("12025", [nieuw])
        uit = importer.importeer_bytes(engine, [("extra.csv", csv_bytes(rijen))], demo=True)
        assert uit.geldig, uit
        assert queries.data_versie(engine) > voor
        begin = time.monotonic()
        gezien = False
        while time.monotonic() - begin < 30 and not gezien:
            _open(page, f"{cluster.url}/Data_en_methode")
            gezien = verschijnt(page.get_by_text(tekst + maand_lang(nieuw)), timeout=3_000)
        assert gezien, f"{maand_lang(nieuw)} verscheen niet binnen 30 s op r2"
        assert _serverid_in(context) == "r2"
    finally:
        context.close()


def test_de_aanmeldlimiet_geldt_over_de_replicas_heen(browser, cluster: Cluster):
    contexten = {r: _context(browser, cluster, r) for r in ("r1", "r2")}
    paginas = {r: c.new_page() for r, c in contexten.items()}
    try:
        for page in paginas.values():
            _open(page, f"{cluster.url}/")
            assert toont_aanmelding(page)
        for poging in range(5):  # the budget of user + address: 5 in 15 minutes
            page = paginas["r1" if poging % 2 == 0 else "r2"]
            page.get_by_role("textbox", name="Gebruikersnaam").fill("beheer")
            page.get_by_role("textbox", name="Wachtwoord").fill(f"fout-{poging}")
            page.get_by_role("button", name="Aanmelden", exact=True).click()
            wacht_op_app(page)
        # the right password, on either replica: refused
        for r, page in paginas.items():
            page.get_by_role("textbox", name="Gebruikersnaam").fill("beheer")
            page.get_by_role("textbox", name="Wachtwoord").fill("demo")
            page.get_by_role("button", name="Aanmelden", exact=True).click()
            wacht_op_app(page)
            assert verschijnt(page.get_by_text("Te veel mislukte aanmeldpogingen")), r
            assert toont_aanmelding(page), r
            assert _serverid_in(contexten[r]) == r
    finally:
        for c in contexten.values():
            c.close()


def test_afmelden_trekt_de_aanmelding_in_op_elke_replica(browser, cluster: Cluster):
    a = _context(browser, cluster, "r1", "analist")
    b = _context(browser, cluster, "r2", "analist")
    try:
        pa, pb = a.new_page(), b.new_page()
        _open(pa, f"{cluster.url}/Data_en_methode")
        _open(pb, f"{cluster.url}/Data_en_methode")
        assert _aangemeld(pa) and _aangemeld(pb)
        afmelden(pa)
        assert toont_aanmelding(pa)
        _open(pb, f"{cluster.url}/Data_en_methode")  # the same cookie, on the other replica
        assert toont_aanmelding(pb)
        assert _serverid_in(b) == "r2"
    finally:
        a.close()
        b.close()


# ------------------------------------------------------------------------------------------
# A replica goes away and comes back
# ------------------------------------------------------------------------------------------


def test_een_replica_valt_weg_en_komt_terug(browser, cluster: Cluster):
    context = _context(browser, cluster, "r1", "raad")
    page = context.new_page()
    r2 = cluster.replicas[1]
    try:
        _open(page, f"{cluster.url}/Trends")
        assert _aangemeld(page)
        log_r2 = r2.log_pad.read_text(errors="replace")
        cluster.stop_replica(0, hard=True)  # SIGKILL mid-session
        # the frontend reconnects; HAProxy sends it to r2, which restores the login cookie
        page.locator(APP_VERBONDEN).wait_for(state="detached", timeout=30_000)
        page.locator(APP_VERBONDEN).wait_for(state="attached", timeout=60_000)
        wacht_op_app(page)
        wacht_op_bewaker(page)
        assert _aangemeld(page) or toont_aanmelding(page)
        assert page.locator(UITZONDERING).count() == 0
        assert fouten_op_scherm(page) == []
        nieuw = r2.log_pad.read_text(errors="replace")[len(log_r2) :]
        assert "Traceback" not in nieuw
        # out: new visitors all go to r2
        for _ in range(4):
            antwoord = _http(cluster, f"{BASISPAD}/")
            assert antwoord.status == 200 and _serverid(antwoord) == "r2"
        # a reload keeps working, now on r2 (the cookie moved along)
        _open(page, f"{cluster.url}/Trends")
        assert _aangemeld(page)
        assert _serverid_in(context) == "r2"
    finally:
        context.close()
        if cluster.replicas[0].proces is None or cluster.replicas[0].proces.poll() is not None:
            cluster.start_replica(0)
    # back in: within a few health checks new visitors reach r1 again
    einde = time.monotonic() + 20
    gezien = set()
    while time.monotonic() < einde and "r1" not in gezien:
        gezien.add(_serverid(_http(cluster, f"{BASISPAD}/")))
        time.sleep(0.3)
    assert "r1" in gezien
    assert os.path.exists(cluster.replicas[0].log_pad)
