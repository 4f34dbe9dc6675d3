"""Access rules of the Leefloonmonitor: roles, pages, the login limiter and the cookie key check.

Pure Python (no Streamlit, no database): the Streamlit guard (`ui/guard.py`), the user store
(`data_access/gebruikers.py`) and the CLI all build on these rules, and the tests exercise them
without a server.
"""

from __future__ import annotations

import math
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

#: Our own upload limit (the Streamlit limit `server.maxUploadSize` is set a bit higher, so that a
#: too large file reaches our check and gets a clear Dutch message instead of a browser error).
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
        """Unsuppressed detail only for an analyst of that municipality (SPEC §6)."""
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
# Login limiter (pure logic; the attempts themselves live in the audit table)
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


#: Per user and client (IP): the rule of the brief.
REGELS_GEBRUIKER = LimietRegels()
#: Per client over all user names (password spraying from one address); looser.
REGELS_CLIENT = LimietRegels(max_fouten=20)


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


# --------------------------------------------------------------------------------------------
# Cookie key and the re-authentication cookie
# --------------------------------------------------------------------------------------------

MIN_SLEUTEL_BYTES = 32
COOKIE_NAAM = "leefloonmonitor_sessie"
COOKIE_GELDIGHEID_DAGEN = 0.5
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
    if len(set(sleutel)) < 8:
        return (
            "De Leefloonmonitor start niet: de cookiesleutel is niet willekeurig (te weinig "
            "verschillende tekens). " + _HOE
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
