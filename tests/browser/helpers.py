"""Helpers for the browser tests: the Streamlit server process and small Playwright steps.

Import them in a test module of this package with ``from .helpers import ...``. The fixtures that
use them are described at the top of ``conftest.py``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
#: The folder with app.py and pages/ that is served and tested (default: this repository).
# Debian's Chromium (no browser downloads here), with the flags every run uses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

APP_MAP = Path(os.environ.get("LEEFLOONMONITOR_APP_MAP") or REPO).resolve()
ARTEFACTEN = REPO / "test-artefacten"
SCHERMAFDRUKKEN = ARTEFACTEN / "screenshots"
LOGMAP = ARTEFACTEN / "logs"

# Selectors (Streamlit 1.67 test ids)
APP_KLAAR = "[data-testid='stApp'][data-test-script-state='notRunning']"
APP_VERBONDEN = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
PLOTLY = "[data-testid='stPlotlyChart']"
PLOTLY_GETEKEND = ".js-plotly-plot"
DATAFRAME = "[data-testid='stDataFrame']"
TABEL = "[data-testid='stTable']"
METRIEK = "[data-testid='stMetric']"
UITZONDERING = "[data-testid='stException']"
FOUTMELDING = "[data-testid='stAlertContentError']"
UPLOAD = "[data-testid='stFileUploader']"
ZIJBALK = "[data-testid='stSidebar']"
PAGINALINK = "[data-testid='stPageLink']"
#: Every element that shows figures; none of them may be on a page for a logged-out visitor.
DATA_ELEMENTEN = (PLOTLY, PLOTLY_GETEKEND, DATAFRAME, TABEL, METRIEK, UPLOAD)

PAGINA_TITEL_SUFFIX = " · Leefloonmonitor"  # st.set_page_config(page_title=...) in ui.guard
DEMOLABEL = re.compile(r"\bDemodata\b")  # ui.instellingen.demolabel (case-sensitive)

STREAMLIT_START_TIMEOUT_S = 60.0
#: Pages that show no chart (text, tables and downloads only).
ZONDER_GRAFIEK = frozenset({"pages/6_Data_en_methode.py", "pages/9_Uitleg_en_begrippen.py"})
BEHEER = "pages/7_Beheer.py"


# --------------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------------


def url_pad(pagina_pad: str) -> str:
    """The URL path Streamlit's pages/ router gives a page file: `app.py` -> "" (home),
    `pages/1_Trends.py` -> "Trends", `pages/3_Pact_en_prognose.py` -> "Pact_en_prognose"
    (number prefix and extension dropped; checked against the hrefs of st.page_link)."""
    pad = Path(pagina_pad)
    if pad.parent == Path("."):
        return ""  # the main script
    return re.sub(r"^[0-9]+[_ -]*", "", pad.stem)


def pagina_url(base_url: str, pagina_pad: str) -> str:
    return f"{base_url.rstrip('/')}/{url_pad(pagina_pad)}"


def pagina_titel(titel: str) -> str:
    """The document title the guard sets for a page with `titel`."""
    return f"{titel}{PAGINA_TITEL_SUFFIX}"


def bestaat(pagina_pad: str) -> bool:
    return (APP_MAP / pagina_pad).is_file()


# --------------------------------------------------------------------------------------------
# Waiting
# --------------------------------------------------------------------------------------------


def wacht_op_app(page: Page, timeout: float = 60_000, rust_ms: int = 250) -> None:
    """Wait until the app is connected and its script has finished, then until that state has
    held for three checks `rust_ms` apart (between two runs, e.g. after `st.rerun` or a
    component's value, the attribute says `notRunning` for a moment; bounded: 40 rounds)."""
    page.locator("[data-testid='stAppViewContainer']").wait_for(state="attached", timeout=timeout)
    stabiel = 0
    for _ in range(40):
        page.locator(APP_VERBONDEN).wait_for(state="attached", timeout=timeout)
        page.locator(APP_KLAAR).wait_for(state="attached", timeout=timeout)
        page.wait_for_timeout(rust_ms)
        if page.locator(APP_KLAAR).count() == 1 and page.locator(APP_VERBONDEN).count() == 1:
            stabiel += 1
            if stabiel == 3:
                return
        else:
            stabiel = 0
    raise AssertionError("De app kwam niet tot rust (40 pogingen).")


def wacht_op_bewaker(page: Page, timeout: float = 30_000) -> None:
    """Wait until the guard has drawn the login form or the menu (one of both is always there
    after the guard ran). Does not raise: the caller's assertions say what is missing."""
    try:
        page.locator(f"{ZIJBALK} {PAGINALINK}, [data-testid='stForm']").first.wait_for(
            state="attached", timeout=timeout
        )
    except PlaywrightTimeoutError:
        pass


def wacht_op_grafieken(page: Page, minimaal: int = 0, timeout: float = 30_000) -> int:
    """Wait until at least `minimaal` Plotly charts are on the page (without raising when they
    do not come) and every chart on it has been drawn; return how many there are."""
    if minimaal:
        try:
            page.wait_for_function(
                "n => document.querySelectorAll(\"[data-testid='stPlotlyChart']\").length >= n",
                arg=minimaal,
                timeout=timeout,
            )
        except PlaywrightTimeoutError:
            pass
    aantal = page.locator(PLOTLY).count()
    if aantal:
        page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=aantal,
            timeout=timeout,
        )
    return aantal


# --------------------------------------------------------------------------------------------
# Navigation and login
# --------------------------------------------------------------------------------------------


def ga_naar(page: Page, base_url: str, pagina_pad: str, timeout: float = 60_000) -> None:
    """Open a page by its URL (a deep link) and wait for the app."""
    page.goto(pagina_url(base_url, pagina_pad), wait_until="domcontentloaded", timeout=timeout)
    wacht_op_app(page, timeout=timeout)
    wacht_op_bewaker(page)


def aanmeldknop(page: Page):
    return page.get_by_role("button", name="Aanmelden", exact=True)


def toont_aanmelding(page: Page) -> bool:
    """The login form is on screen (Gebruikersnaam / Wachtwoord / Aanmelden)."""
    return (
        page.get_by_role("textbox", name="Gebruikersnaam").count() == 1
        and page.get_by_role("textbox", name="Wachtwoord").count() == 1
        and aanmeldknop(page).count() == 1
    )


COOKIE_TIMEOUT_MS = 15_000


def wacht_op_cookie(page: Page, timeout: float = COOKIE_TIMEOUT_MS) -> None:
    """Wait until the browser holds the login cookie (written by a component after login)."""
    try:
        page.wait_for_function(
            "() => document.cookie.includes('leefloonmonitor_sessie=')", timeout=timeout
        )
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"De aanmeldcookie werd niet gezet binnen {timeout / 1000:.0f} s na het aanmelden: "
            "een herlading of nieuw tabblad vraagt dan opnieuw om aan te melden."
        ) from None


def log_in(
    page: Page,
    gebruiker: str,
    wachtwoord: str,
    *,
    wacht_op_cookie_ook: bool = True,
    timeout: float = 60_000,
) -> None:
    """Fill in the login form on the current page and wait until the menu is drawn and (unless
    `wacht_op_cookie_ook=False`) the login cookie is written, so that a reload or a new tab
    stays logged in."""
    page.get_by_role("textbox", name="Gebruikersnaam").fill(gebruiker)
    page.get_by_role("textbox", name="Wachtwoord").fill(wachtwoord)
    aanmeldknop(page).click()
    aanmeldknop(page).wait_for(state="detached", timeout=timeout)
    page.locator(f"{ZIJBALK} {PAGINALINK}").first.wait_for(state="attached", timeout=timeout)
    wacht_op_app(page, timeout=timeout)
    if wacht_op_cookie_ook:
        wacht_op_cookie(page)


def afmelden(page: Page, timeout: float = 60_000) -> None:
    page.locator(ZIJBALK).get_by_role("button", name="Afmelden").click()
    aanmeldknop(page).wait_for(state="visible", timeout=timeout)
    wacht_op_app(page, timeout=timeout)


def menu_links(page: Page) -> list[str]:
    """The labels of the page links in the sidebar, in order (icons are aria-hidden)."""
    links = page.locator(f"{ZIJBALK} {PAGINALINK} [data-testid='stMarkdownContainer']")
    return [t.strip() for t in links.all_inner_texts()]


def klik_menu(page: Page, titel: str, timeout: float = 60_000) -> None:
    """Open a page through its link in the sidebar menu and wait for it."""
    page.locator(ZIJBALK).get_by_role("link", name=titel, exact=True).click()
    page.wait_for_function("t => document.title === t", arg=pagina_titel(titel), timeout=timeout)
    wacht_op_app(page, timeout=timeout)


# --------------------------------------------------------------------------------------------
# Assertions
# --------------------------------------------------------------------------------------------


def verschijnt(locator, timeout: float = 15_000) -> bool:
    """Whether `locator` (a Playwright Locator) is attached within `timeout` ms (no raise); for
    positive checks of content that a slow run may still be drawing."""
    try:
        locator.first.wait_for(state="attached", timeout=timeout)
    except PlaywrightTimeoutError:
        return False
    return True


def fouten_op_scherm(page: Page) -> list[str]:
    """Texts of exception boxes and error alerts on the page (empty when all is well)."""
    return [t.strip() for t in page.locator(f"{UITZONDERING}, {FOUTMELDING}").all_inner_texts()]


def data_op_scherm(page: Page) -> dict[str, int]:
    """Data elements on the page, {selector: count}, only those present."""
    tellingen = {sel: page.locator(sel).count() for sel in DATA_ELEMENTEN}
    return {sel: n for sel, n in tellingen.items() if n}


# --------------------------------------------------------------------------------------------
# Screenshots
# --------------------------------------------------------------------------------------------


def _veilig(naam: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", naam).strip("-") or "scherm"


def schermafdruk(page: Page, naam: str, map_: Path = SCHERMAFDRUKKEN) -> Path:
    """A full-page PNG in test-artefacten/screenshots/<naam>.png.

    Streamlit scrolls inside its main container, not the document, so Playwright's full_page
    alone shows one screen: the viewport is stretched to the content height for the shot."""
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / f"{_veilig(naam)}.png"
    viewport = page.viewport_size or {"width": 1600, "height": 1000}
    hoogte = page.evaluate(
        """sel => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll(sel)].map(e => e.scrollHeight))""",
        "[data-testid='stMain'], [data-testid='stAppViewContainer'], [data-testid='stSidebar']",
    )
    hoogte = min(int(hoogte or 0), 12_000)
    if hoogte > viewport["height"]:
        page.set_viewport_size({"width": viewport["width"], "height": hoogte})
        page.wait_for_timeout(500)
        wacht_op_grafieken(page)
    try:
        page.screenshot(path=str(pad), full_page=True, animations="disabled")
    finally:
        if hoogte > viewport["height"]:
            page.set_viewport_size(viewport)
    return pad


# --------------------------------------------------------------------------------------------
# The Streamlit server
# --------------------------------------------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run <script>` (default: app.py in APP_MAP, the repo root) in a subprocess of
    its own process group, on 127.0.0.1 and a free port; also the benches' server.

    `url` (no trailing slash), `port`, `pid`, `db_url`, `log_pad` (stdout+stderr of the server
    under test-artefacten/logs/), `log()` (its text so far) and `stop()` (terminate, then
    kill). Without `db_url` the server gets no LEEFLOONMONITOR_DB (a script other than the
    app)."""

    def __init__(
        self,
        db_url: str | None,
        naam: str = "server",
        extra_env: dict | None = None,
        *,
        script: str = "app.py",
        map_: Path = APP_MAP,
    ):
        self.db_url = db_url
        self.naam = naam
        self.script = script
        self.map = Path(map_)
        self.port = vrije_poort()
        self.url = f"http://127.0.0.1:{self.port}"
        LOGMAP.mkdir(parents=True, exist_ok=True)
        self.log_pad = LOGMAP / f"streamlit-{_veilig(naam)}-{self.port}.log"
        self.extra_env = dict(extra_env or {})
        self.proces: subprocess.Popen | None = None

    def start(self, timeout: float = STREAMLIT_START_TIMEOUT_S) -> StreamlitServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        # demo mode: no configured cookie key (a random key per process), no proxy header
        for sleutel in ("LEEFLOONMONITOR_COOKIE_KEY", "LEEFLOONMONITOR_PROXY_HEADER"):
            env.pop(sleutel, None)
        if self.db_url:
            env["LEEFLOONMONITOR_DB"] = self.db_url
        env.update(
            PYTHONUNBUFFERED="1",
            STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
            **self.extra_env,
        )
        opdracht = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            self.script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--global.developmentMode",
            "false",
        ]
        with open(self.log_pad, "wb") as log:
            self.proces = subprocess.Popen(
                opdracht,
                cwd=self.map,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        einde = time.monotonic() + timeout
        laatste_fout = ""
        while time.monotonic() < einde:
            if self.proces.poll() is not None:
                raise RuntimeError(
                    f"Streamlit stopte meteen (code {self.proces.returncode}).\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as antw:
                    if antw.status == 200 and antw.read().strip() == b"ok":
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as fout:
                laatste_fout = str(fout)
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"Streamlit antwoordde niet binnen {timeout:.0f} s op /_stcore/health "
            f"({laatste_fout}).\n{self.log()}"
        )

    @property
    def pid(self) -> int:
        assert self.proces is not None
        return self.proces.pid

    def log(self) -> str:
        try:
            return self.log_pad.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_lengte(self) -> int:
        return len(self.log())

    def tracebacks(self) -> int:
        return self.log().count("Traceback (most recent call last)")

    def tracebacks_sinds(self, positie: int) -> list[str]:
        """Tracebacks the server logged after `positie` (from `log_lengte()`)."""
        nieuw = self.log()[positie:]
        return [blok for blok in nieuw.split("\n\n") if "Traceback (most recent call last)" in blok]

    def stop(self) -> None:
        proces, self.proces = self.proces, None
        if proces is None or proces.poll() is not None:
            return
        try:
            os.killpg(proces.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proces.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proces.wait(timeout=10)
