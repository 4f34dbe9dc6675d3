"""Access rules of the Leefloonmonitor: roles, pages, the login limiter and the cookie key check.

Pure Python (no Streamlit, no database): the Streamlit guard (`ui/guard.py`), the user store
(`data_access/gebruikers.py`) and the CLI all build on these rules, and the tests exercise them
without a server.
"""

from __future__ import annotations

import ipaddress
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import jwt

# --------------------------------------------------------------------------------------------
# Roles and users
# --------------------------------------------------------------------------------------------

VIEWER, ANALYST, EDITOR, ADMIN = "viewer", "analyst", "editor", "admin"
ROLLEN: tuple[str, ...] = (VIEWER, ANALYST, EDITOR, ADMIN)
ROL_KORT: dict[str, str] = {
    VIEWER: "raadslid",
    ANALYST: "analist",
    EDITOR: "redacteur",
    ADMIN: "beheerder",
}
ROL_LABELS: dict[str, str] = {
    VIEWER: "raadslid (lezen)",
    ANALYST: "analist (detail eigen gemeente)",
    EDITOR: "redacteur (import, doelen)",
    ADMIN: "beheerder (gebruikers)",
}

#: The upload limit per file, for the Beheer page and the CLI (`data_access.inlezen.MAX_BYTES`).
#: Streamlit's `server.maxUploadSize` in .streamlit/config.toml is the same number, so the limit
#: shown on the page is the one enforced (tests/test_bestanden_veilig.py checks they agree).
MAX_UPLOAD_MB = 10


@dataclass(frozen=True)
class Gebruiker:
    """An authenticated user.

    `gemeenten` are the NIS codes the user belongs to; only with the role `analyst` do they
    unlock unsuppressed detail (`ziet_detail`). `hoofdgemeente` is the first municipality as
    configured (the default municipality in the sidebar), or None.
    """

    gebruikersnaam: str
    naam: str
    rollen: frozenset[str]
    gemeenten: frozenset[str] = field(default_factory=frozenset)
    hoofdgemeente: str | None = None

    def mag(self, rol: str) -> bool:
        """Whether the user holds `rol`.

        Every authenticated user may view (`viewer`); `admin` implies `editor`; `analyst` is never
        implied (it unlocks detail data and must be granted explicitly).
        """
        if rol not in ROLLEN:
            raise ValueError(f"Onbekende rol: {rol!r}")
        if rol == VIEWER:
            return True
        if rol == EDITOR and ADMIN in self.rollen:
            return True
        return rol in self.rollen

    def ziet_detail(self, nis: str) -> bool:
        """Unsuppressed detail only for an analyst of that municipality (docs/privacy.md)."""
        return ANALYST in self.rollen and str(nis) in self.gemeenten

    @property
    def is_editor(self) -> bool:
        return self.mag(EDITOR)

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.rollen

    @property
    def rollen_tekst(self) -> str:
        """The roles in Dutch, in the canonical order, e.g. 'redacteur, beheerder'."""
        return ", ".join(ROL_KORT[r] for r in ROLLEN if r in self.rollen)


def heeft_toegang(gebruiker: Gebruiker, rol_nodig: str | Iterable[str] | None) -> bool:
    """True if `gebruiker` holds `rol_nodig` (None: any user; an iterable: any one of them)."""
    if rol_nodig is None:
        return True
    if isinstance(rol_nodig, str):
        return gebruiker.mag(rol_nodig)
    return any(gebruiker.mag(r) for r in rol_nodig)


# --------------------------------------------------------------------------------------------
# Login limiter (pure logic; the attempts live in the table `aanmeldpoging`)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimietRegels:
    """After `max_fouten` failures within `venster` the key is blocked for `blokkade`; every
    further block within `geheugen` doubles the duration, up to `max_blokkade`. A successful
    login resets the count (only for the per user-and-client key). Nothing is permanent."""

    max_fouten: int = 5
    venster: timedelta = timedelta(minutes=15)
    blokkade: timedelta = timedelta(minutes=15)
    max_blokkade: timedelta = timedelta(hours=4)
    geheugen: timedelta = timedelta(hours=24)


#: Per user name and address: the documented 5. A success resets it.
REGELS_GEBRUIKER = LimietRegels()
#: Per address over all user names (password spraying). Much larger, as one address can be a
#: whole town hall behind NAT, and it never applies to a user on an address known for them.
REGELS_CLIENT = LimietRegels(max_fouten=100)
#: Per user name over all addresses (guessing from many addresses). Not for an address known for
#: that user either: an attacker elsewhere cannot lock a council member out at their office.
REGELS_ACCOUNT = LimietRegels(max_fouten=20)
#: An address is known for a user after a successful login of that user from it in this period.
BEKEND_ADRES_GELDIG = timedelta(days=30)


@dataclass(frozen=True)
class Beslissing:
    toegestaan: bool
    geblokkeerd_tot: datetime | None = None
    fouten: int = 0  # failures in the current window (after the last block or success)

    def melding(self, nu: datetime | None = None) -> str:
        """Dutch message for a refused attempt."""
        if self.toegestaan or self.geblokkeerd_tot is None:
            return ""
        nu = nu or datetime.now(UTC)
        minuten = max(1, math.ceil((self.geblokkeerd_tot - nu).total_seconds() / 60))
        return (
            "Te veel mislukte aanmeldpogingen. Aanmelden is tijdelijk geblokkeerd; "
            f"probeer het opnieuw over {minuten} minuten. Neem contact op met de beheerder "
            "als u uw wachtwoord vergeten bent."
        )


def _utc(tijd: datetime) -> datetime:
    return tijd.replace(tzinfo=UTC) if tijd.tzinfo is None else tijd.astimezone(UTC)


def beoordeel_pogingen(
    pogingen: Sequence[tuple[datetime, bool]],
    nu: datetime,
    regels: LimietRegels = REGELS_GEBRUIKER,
) -> Beslissing:
    """Decide whether a new login attempt at `nu` may proceed.

    `pogingen`: earlier attempts for one key as (time, succeeded), in any order; attempts that
    were refused because of a block must not be passed (they neither count nor extend a block).
    The clock is injected through `nu`, so the rule is testable without waiting.
    """
    nu = _utc(nu)
    begin = nu - regels.geheugen
    recent: list[datetime] = []
    blokken = 0
    geblokkeerd_tot: datetime | None = None
    for tijd, gelukt in sorted((_utc(t), bool(g)) for t, g in pogingen):
        if tijd < begin or tijd > nu:
            continue
        if gelukt:
            recent, blokken, geblokkeerd_tot = [], 0, None
            continue
        if geblokkeerd_tot is not None and tijd < geblokkeerd_tot:
            continue  # should not happen (blocked attempts are not checked), be robust
        recent = [t for t in recent if t > tijd - regels.venster] + [tijd]
        if len(recent) >= regels.max_fouten:
            duur = min(regels.blokkade * (2**blokken), regels.max_blokkade)
            blokken += 1
            geblokkeerd_tot = tijd + duur
            recent = []
    if geblokkeerd_tot is not None and nu < geblokkeerd_tot:
        return Beslissing(False, geblokkeerd_tot, 0)
    recent = [t for t in recent if t > nu - regels.venster]
    return Beslissing(True, None, len(recent))


def beoordeel_aanmelding(
    per_paar: Sequence[tuple[datetime, bool]],
    per_client: Sequence[tuple[datetime, bool]],
    per_account: Sequence[tuple[datetime, bool]],
    bekend_adres: bool,
    nu: datetime,
    regels_paar: LimietRegels = REGELS_GEBRUIKER,
    regels_client: LimietRegels = REGELS_CLIENT,
    regels_account: LimietRegels = REGELS_ACCOUNT,
) -> Beslissing:
    """The three budgets of one login attempt (see docs/toegang.md):

    - `per_paar`: attempts of this user name from this address (successes reset the count);
    - `per_client`: failures from this address over all user names;
    - `per_account`: failures of this user name from any address.

    The last two do not apply when the address is known for the user (`bekend_adres`: a
    successful login from it lately), so neither a sprayer behind the same NAT nor a guesser
    elsewhere locks a user out at their usual address.
    """
    beslissing = beoordeel_pogingen(per_paar, nu, regels_paar)
    if not beslissing.toegestaan or bekend_adres:
        return beslissing
    for pogingen, regels in ((per_client, regels_client), (per_account, regels_account)):
        breder = beoordeel_pogingen(pogingen, nu, regels)
        if not breder.toegestaan:
            return breder
    return beslissing


# --------------------------------------------------------------------------------------------
# The client's address behind a reverse proxy
# --------------------------------------------------------------------------------------------

#: Proxies whose forwarding header is believed when no list is configured: the local host only.
STANDAARD_PROXIES = ("127.0.0.1", "::1")


def _netten(proxies: Iterable[str]) -> list:
    netten = []
    for stuk in proxies:
        stuk = str(stuk).strip()
        if not stuk:
            continue
        try:
            netten.append(ipaddress.ip_network(stuk, strict=False))
        except ValueError:
            raise ValueError(
                f"Ongeldig proxyadres {stuk!r} in LEEFLOONMONITOR_VERTROUWDE_PROXIES: geef "
                "IP-adressen of netwerken (bv. 10.0.0.5 of 10.0.0.0/24), gescheiden door komma's."
            ) from None
    return netten


def _ip(tekst: str):
    tekst = tekst.strip().strip('"')
    if tekst.startswith("[") and "]" in tekst:  # [v6]:port
        tekst = tekst[1 : tekst.index("]")]
    elif tekst.count(":") == 1:  # v4:port
        tekst = tekst.split(":", 1)[0]
    try:
        adres = ipaddress.ip_address(tekst)
    except ValueError:
        return None
    if isinstance(adres, ipaddress.IPv6Address) and adres.ipv4_mapped:
        return adres.ipv4_mapped  # ::ffff:1.2.3.4 is 1.2.3.4
    return adres


def client_adres(
    peer: str | None,
    header: str | None,
    proxies: Iterable[str] = STANDAARD_PROXIES,
) -> str | None:
    """The client's address for the limiter and the audit log.

    `peer`: the TCP peer of the connection (None: the local host). `header`: the value(s) of the
    configured forwarding header (X-Forwarded-For, X-Real-IP), or None. The header is believed
    only when the peer itself is one of `proxies`; the chain is then read from the right (each
    proxy appends the address it saw), skipping trusted proxies: the first address that is not
    a trusted proxy is the client. Anything a client put in front of that is ignored, and so is
    a header that does not parse. Returns None for the local host without a usable header.
    """
    netten = _netten(proxies)

    def vertrouwd(adres) -> bool:
        return any(adres in net for net in netten if adres.version == net.version)

    peer_ip = _ip(peer) if peer else ipaddress.ip_address("127.0.0.1")
    if peer_ip is None:
        return str(peer)[:80]
    peer_tekst = None if peer is None else str(peer_ip)
    if not header or not vertrouwd(peer_ip):
        return peer_tekst
    laatste = None
    for stuk in reversed(str(header).split(",")):
        adres = _ip(stuk)
        if adres is None:
            break  # garbage in the chain: believe nothing left of it
        laatste = adres
        if not vertrouwd(adres):
            return str(adres)
    return str(laatste) if laatste is not None else peer_tekst


# --------------------------------------------------------------------------------------------
# Cookie key and the re-authentication cookie
# --------------------------------------------------------------------------------------------

MIN_SLEUTEL_BYTES = 32
#: Estimated randomness a cookie key must show (see `geschatte_bits`). A random key of 32
#: URL-safe characters scores 124 or more (minimum over 20,000 drawn keys), the recommended
#: `secrets.token_urlsafe(48)` about 330; repeated, sequential or mostly equal characters, a
#: keyboard row or a few words score below.
MIN_SLEUTEL_BITS = 120
COOKIE_NAAM = "leefloonmonitor_sessie"
COOKIE_GELDIGHEID_DAGEN = 0.5
#: How long a login lasts (password cookie and single sign-on alike), unless configured with
#: LEEFLOONMONITOR_SESSIE_MINUTEN or `[auth] sessie_minuten`: 12 hours, a working day.
STANDAARD_SESSIE_MINUTEN = COOKIE_GELDIGHEID_DAGEN * 24 * 60
MAX_SESSIE_MINUTEN = 7 * 24 * 60


def sessie_minuten(waarde: object) -> float:
    """The configured session lifetime in minutes (None or '' = the default). A number above 0
    and at most a week; decimals allowed (a test uses a quarter of a minute). Raises ValueError
    with a Dutch message otherwise."""
    if waarde is None or str(waarde).strip() == "":
        return STANDAARD_SESSIE_MINUTEN
    try:
        minuten = float(str(waarde).strip().replace(",", "."))
    except ValueError:
        minuten = float("nan")
    if not (0 < minuten <= MAX_SESSIE_MINUTEN):
        raise ValueError(
            f"Ongeldige sessieduur {str(waarde)!r} (LEEFLOONMONITOR_SESSIE_MINUTEN of [auth] "
            f"sessie_minuten): geef een aantal minuten groter dan 0 en hoogstens "
            f"{MAX_SESSIE_MINUTEN} (een week); standaard {STANDAARD_SESSIE_MINUTEN:.0f}."
        )
    return minuten


BEKENDE_STANDAARDSLEUTELS = frozenset(
    {
        "some_key",
        "some_cookie_name",
        "some_signature_key",
        "random_signature_key",
        "abcdef",
        "key",
        "secret",
        "secret_key",
        "cookie_key",
        "changeme",
        "change_me",
        "password",
        "leefloonmonitor",
        "streamlit",
    }
)
_PLAATSHOUDERS = ("vervang", "changeme", "change_me", "change-me", "your_key", "xxxxxxxx")

_HOE = (
    "Stel een willekeurige sleutel van minstens 32 bytes in via de omgevingsvariabele "
    "LEEFLOONMONITOR_COOKIE_KEY of via `[auth] cookie_key` in .streamlit/secrets.toml, "
    "bijvoorbeeld de uitvoer van: "
    'python -c "import secrets; print(secrets.token_urlsafe(48))"'
)


def _shannon(waarden: Sequence[int]) -> float:
    if not waarden:
        return 0.0
    n = len(waarden)
    return -sum(c / n * math.log2(c / n) for c in Counter(waarden).values())


def geschatte_bits(sleutel: str) -> float:
    """A conservative estimate of the randomness in `sleutel`, in bits: its length times the
    Shannon entropy of its bytes, or of the steps between consecutive bytes when that is lower
    (catches 'abcdef…' and '0123…'), and never more than what zlib cannot compress away
    (catches repeated blocks)."""
    data = str(sleutel).encode("utf-8")
    stappen = [b - a for a, b in zip(data, data[1:], strict=False)]
    per_byte = min(_shannon(data), _shannon(stappen))
    gecomprimeerd = max(0, len(zlib.compress(data, 9)) - 8) * 8  # minus header and checksum
    return min(len(data) * per_byte, float(gecomprimeerd))


def controleer_cookie_sleutel(sleutel: str | None, demo: bool) -> str | None:
    """None if `sleutel` may sign login cookies, else the Dutch reason why not.

    In demo mode a missing key is fine (the guard then uses a random key per process); a key
    that *is* configured must be strong in both modes.
    """
    if sleutel is None or not str(sleutel).strip():
        if demo:
            return None
        return (
            "De Leefloonmonitor start niet: er is geen cookiesleutel ingesteld. Zonder geheime "
            "sleutel kan een aanmeldcookie niet veilig ondertekend worden. " + _HOE
        )
    sleutel = str(sleutel)
    kaal = sleutel.strip().lower()
    if kaal in BEKENDE_STANDAARDSLEUTELS or any(p in kaal for p in _PLAATSHOUDERS):
        return (
            "De Leefloonmonitor start niet: de cookiesleutel is een bekende standaard- of "
            "voorbeeldwaarde. Wie die kent, kan een aanmeldcookie vervalsen voor elke "
            "gebruiker. " + _HOE
        )
    lengte = len(sleutel.encode("utf-8"))
    if lengte < MIN_SLEUTEL_BYTES:
        return (
            f"De Leefloonmonitor start niet: de cookiesleutel is te kort ({lengte} bytes, "
            f"minstens {MIN_SLEUTEL_BYTES}). Een korte sleutel kan geraden worden. " + _HOE
        )
    bits = geschatte_bits(sleutel)
    if bits < MIN_SLEUTEL_BITS:
        return (
            "De Leefloonmonitor start niet: de cookiesleutel is niet willekeurig genoeg "
            f"(geschat {bits:.0f} bits toeval, minstens {MIN_SLEUTEL_BITS}: herhaalde, "
            "opeenvolgende of te weinig verschillende tekens). " + _HOE
        )
    return None


def maak_cookie_token(
    gebruikersnaam: str,
    sleutel: str,
    geldigheid_dagen: float = COOKIE_GELDIGHEID_DAGEN,
    nu: datetime | None = None,
) -> tuple[str, datetime]:
    """A login cookie in streamlit-authenticator's format (JWT HS256 `{username, exp_date}`)
    and its expiry time (UTC)."""
    verval = _utc(nu or datetime.now(UTC)) + timedelta(days=geldigheid_dagen)
    token = jwt.encode(
        {"username": gebruikersnaam, "exp_date": verval.timestamp()}, sleutel, algorithm="HS256"
    )
    return token, verval


def lees_cookie_token(
    token: str,
    sleutel: str,
    geldigheid_dagen: float = COOKIE_GELDIGHEID_DAGEN,
    nu: datetime | None = None,
) -> tuple[str, datetime] | None:
    """Verify a streamlit-authenticator cookie (JWT HS256 `{username, exp_date}`).

    Returns (gebruikersnaam, uitgegeven_op) or None when the signature is wrong, the token is
    malformed or expired. `uitgegeven_op` is derived from the expiry (the library stores no
    issue time) and is used to honour a later logout (server-side revocation).
    """
    nu = _utc(nu or datetime.now(UTC))
    try:
        inhoud = jwt.decode(token, sleutel, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    naam = inhoud.get("username")
    verval = inhoud.get("exp_date")
    if not isinstance(naam, str) or not naam or not isinstance(verval, int | float):
        return None
    try:
        verval_tijd = datetime.fromtimestamp(float(verval), UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if verval_tijd <= nu:
        return None
    uitgegeven = verval_tijd - timedelta(days=geldigheid_dagen)
    if uitgegeven > nu + timedelta(minutes=5):
        return None  # issued in the future: not ours (or a longer expiry than we grant)
    return naam.strip().lower(), uitgegeven
