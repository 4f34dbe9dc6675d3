"""User store (table `gebruiker`): bcrypt hashes only, never a plain password.

API for the CLI (`leefloonmonitor users add|list|remove`), the Beheer page and the login guard:

- `voeg_toe(engine, gebruikersnaam, naam, wachtwoord, rollen, gemeenten=(), email="")`
- `lijst(engine) -> DataFrame` (never the hash), `verwijder(engine, gebruikersnaam)`
- `controleer_wachtwoord(engine, gebruikersnaam, wachtwoord) -> Gebruiker | None`
- `aanmelden(engine, gebruikersnaam, wachtwoord, client)`: limiter + check + audit, in one call
- `credentials_voor_authenticator(engine)`: the dict streamlit-authenticator expects
- `demo_modus(engine)`, `zorg_voor_demo_accounts(engine)`: the demo accounts `raad`, `analist`
  and `beheer` (password `demo`) exist only in demo mode.

Invalid input raises `GebruikerFout` (a ValueError) with every problem in Dutch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import bcrypt
import pandas as pd
from sqlalchemy import Engine, and_, delete, exists, false, insert, not_, select, true, update
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.referentie import bekende_nis
from data_access.schema import gebruiker as tabel
from data_access.schema import release
from data_access.toegang import (
    ANALYST,
    REGELS_CLIENT,
    REGELS_GEBRUIKER,
    ROL_LABELS,
    ROLLEN,
    Beslissing,
    Gebruiker,
    LimietRegels,
    beoordeel_pogingen,
)

#: bcrypt cost for real accounts (about 0.25 s per check on the 2-core test machine).
BCRYPT_ROUNDS = 12
#: The demo password is public, so its hash needs no cost: keeps demo logins instant.
DEMO_ROUNDS = 4
MAX_WACHTWOORD_BYTES = 72  # bcrypt's limit; bcrypt 5 raises beyond it
MIN_WACHTWOORD_TEKENS = 8
DEMO_WACHTWOORD = "demo"
#: Marks the rows this module created as demo accounts (a real user may be called `raad` too).
DEMO_EMAIL = "demo@leefloonmonitor.invalid"
_NAAM_PATROON = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,59}$")
_EMAIL_PATROON = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class DemoAccount:
    gebruikersnaam: str
    naam: str
    rollen: tuple[str, ...]
    gemeenten: tuple[str, ...]
    uitleg: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("raad", "Raadslid (demo)", ("viewer",), ("12025",), "raadslid: alles lezen"),
    DemoAccount(
        "analist",
        "Analist (demo)",
        ("analyst",),
        ("12025", "11016", "12021"),
        "analist Mechelen, Essen, Lier: detailcijfers",
    ),
    DemoAccount(
        "beheer",
        "Beheerder (demo)",
        ("editor", "admin"),
        (),
        "redacteur en beheerder: import, doelen, gebruikers",
    ),
)
DEMO_NAMEN = frozenset(a.gebruikersnaam for a in DEMO_ACCOUNTS)


class GebruikerFout(ValueError):
    """Invalid user input; `fouten` lists every problem in Dutch."""

    def __init__(self, fouten: str | list[str]):
        self.fouten = [fouten] if isinstance(fouten, str) else list(fouten)
        super().__init__("; ".join(self.fouten))


@dataclass(frozen=True)
class Aanmelding:
    """Result of a login attempt: the user, or None and a Dutch message for the screen."""

    gebruiker: Gebruiker | None
    melding: str = ""
    geblokkeerd_tot: datetime | None = None


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def normaliseer_naam(gebruikersnaam: str | None) -> str:
    """User names are case-insensitive (as in streamlit-authenticator): trimmed, lower case."""
    return str(gebruikersnaam or "").strip().lower()


def _lijst_uit(waarde: str | Iterable[str] | None) -> list[str]:
    if waarde is None:
        return []
    if isinstance(waarde, str):
        waarde = waarde.split(",")
    uit: list[str] = []
    for stuk in waarde:
        stuk = str(stuk).strip()
        if stuk and stuk not in uit:
            uit.append(stuk)
    return uit


def _hash(wachtwoord: str, rondes: int | None = None) -> str:
    zout = bcrypt.gensalt(rounds=rondes or BCRYPT_ROUNDS)
    return bcrypt.hashpw(wachtwoord.encode("utf-8"), zout).decode()


@lru_cache(maxsize=1)
def _dummy_hash() -> bytes:
    # Checked for unknown user names, so that their answer takes as long as a real check.
    return _hash("geen-echte-gebruiker").encode()


def _klopt(wachtwoord: str, wachtwoord_hash: str | None) -> bool:
    data = wachtwoord.encode("utf-8")
    if len(data) > MAX_WACHTWOORD_BYTES:
        return False
    if not wachtwoord_hash:
        bcrypt.checkpw(data, _dummy_hash())
        return False
    try:
        return bcrypt.checkpw(data, wachtwoord_hash.encode())
    except ValueError:
        return False


def _is_demo_rij(rij) -> bool:
    return rij.gebruikersnaam in DEMO_NAMEN and rij.email == DEMO_EMAIL


def _naar_gebruiker(rij) -> Gebruiker:
    gemeenten = _lijst_uit(rij.gemeenten)
    return Gebruiker(
        gebruikersnaam=rij.gebruikersnaam,
        naam=rij.naam,
        rollen=frozenset(_lijst_uit(rij.rollen)),
        gemeenten=frozenset(gemeenten),
        hoofdgemeente=gemeenten[0] if gemeenten else None,
    )


def _rij(engine: Engine, naam: str):
    with engine.connect() as conn:
        return conn.execute(select(tabel).where(tabel.c.gebruikersnaam == naam)).first()


# --------------------------------------------------------------------------------------------
# demo mode
# --------------------------------------------------------------------------------------------


def _demo_voorwaarde():
    return and_(tabel.c.gebruikersnaam.in_(sorted(DEMO_NAMEN)), tabel.c.email == DEMO_EMAIL)


def demo_modus(engine: Engine) -> bool:
    """Demo mode: demo data loaded (a release with demo = true), no real facts imported (no
    release of soort `feiten` with demo = false) and no users besides the demo accounts."""
    with engine.connect() as conn:
        demo_data = conn.execute(select(exists().where(release.c.demo == true()))).scalar()
        echte_feiten = conn.execute(
            select(exists().where(and_(release.c.demo == false(), release.c.soort == "feiten")))
        ).scalar()
        echte_gebruikers = conn.execute(select(exists().where(not_(_demo_voorwaarde())))).scalar()
    return bool(demo_data) and not echte_feiten and not echte_gebruikers


def zorg_voor_demo_accounts(engine: Engine) -> bool:
    """Create the missing demo accounts in demo mode; remove them otherwise. Idempotent, and
    read-only when nothing changes (the guard calls it every half minute). Returns whether demo
    mode is on."""
    demo = demo_modus(engine)
    with engine.connect() as conn:
        bestaand = set(
            conn.execute(select(tabel.c.gebruikersnaam).where(_demo_voorwaarde())).scalars()
        )
    if not demo:
        if bestaand:
            with engine.begin() as conn:
                conn.execute(delete(tabel).where(_demo_voorwaarde()))
        return False
    nieuw = [
        {
            "gebruikersnaam": a.gebruikersnaam,
            "naam": a.naam,
            "email": DEMO_EMAIL,
            "wachtwoord_hash": _hash(DEMO_WACHTWOORD, DEMO_ROUNDS),
            "rollen": ",".join(a.rollen),
            "gemeenten": ",".join(a.gemeenten),
            "actief": True,
        }
        for a in DEMO_ACCOUNTS
        if a.gebruikersnaam not in bestaand
    ]
    for rij in nieuw:
        try:
            with engine.begin() as conn:
                conn.execute(insert(tabel), rij)
        except IntegrityError:
            pass  # created by another thread or process at the same moment
    return True


# --------------------------------------------------------------------------------------------
# CRUD
# --------------------------------------------------------------------------------------------


def _valideer(
    gebruikersnaam: str,
    naam: str,
    wachtwoord: str,
    rollen: list[str],
    gemeenten: list[str],
    email: str,
) -> list[str]:
    fouten: list[str] = []
    if not _NAAM_PATROON.match(gebruikersnaam):
        fouten.append(
            f"Ongeldige gebruikersnaam {gebruikersnaam!r}: 2 tot 60 tekens, kleine letters, "
            "cijfers en . _ - @, beginnend met een letter of cijfer."
        )
    if len(naam) > 120:
        fouten.append("De naam is te lang (maximaal 120 tekens).")
    if not isinstance(wachtwoord, str) or wachtwoord == "":
        fouten.append("Het wachtwoord is leeg.")
    else:
        lengte = len(wachtwoord.encode("utf-8"))
        if lengte > MAX_WACHTWOORD_BYTES:
            fouten.append(
                f"Het wachtwoord is te lang ({lengte} bytes; bcrypt gebruikt er hoogstens "
                f"{MAX_WACHTWOORD_BYTES})."
            )
        elif len(wachtwoord) < MIN_WACHTWOORD_TEKENS:
            fouten.append(
                f"Het wachtwoord is te kort ({len(wachtwoord)} tekens; minstens "
                f"{MIN_WACHTWOORD_TEKENS})."
            )
    if not rollen:
        fouten.append(f"Geef minstens één rol op ({', '.join(ROLLEN)}).")
    for rol in rollen:
        if rol not in ROLLEN:
            fouten.append(
                f"Onbekende rol {rol!r}; kies uit: "
                + ", ".join(f"{r} ({ROL_LABELS[r]})" for r in ROLLEN)
                + "."
            )
    bekend = bekende_nis()
    for nis in gemeenten:
        if nis not in bekend:
            fouten.append(f"Onbekende NIS-code {nis!r}: geen Vlaamse gemeente in de REFNIS-lijst.")
    if ANALYST in rollen and not gemeenten:
        fouten.append("Een analist heeft minstens één gemeente (NIS-code) nodig.")
    if email:
        if not _EMAIL_PATROON.match(email) or len(email) > 200:
            fouten.append(f"Ongeldig e-mailadres {email!r}.")
        elif email.lower() == DEMO_EMAIL:
            fouten.append("Dit e-mailadres is voorbehouden aan de demo-accounts.")
    return fouten


def voeg_toe(
    engine: Engine,
    gebruikersnaam: str,
    naam: str,
    wachtwoord: str,
    rollen: str | Iterable[str],
    gemeenten: str | Iterable[str] = (),
    email: str = "",
    *,
    vervang: bool = False,
    door: str = "cli",
) -> Gebruiker:
    """Add a user (bcrypt hash of `wachtwoord`). `rollen`/`gemeenten`: iterables or
    comma-separated text. With `vervang=True` an existing user is overwritten (e.g. a new
    password). Audited as `gebruiker_toegevoegd` by `door`. Adding a real user ends demo mode:
    the demo accounts are removed in the same transaction."""
    gebruikersnaam = normaliseer_naam(gebruikersnaam)
    naam = str(naam or "").strip() or gebruikersnaam
    email = str(email or "").strip()
    rollen_l = [r.lower() for r in _lijst_uit(rollen)]
    gemeenten_l = _lijst_uit(gemeenten)
    fouten = _valideer(gebruikersnaam, naam, wachtwoord, rollen_l, gemeenten_l, email)
    if fouten:
        raise GebruikerFout(fouten)
    rollen_l = [r for r in ROLLEN if r in rollen_l]  # canonical order
    waarden = {
        "naam": naam,
        "email": email,
        "wachtwoord_hash": _hash(wachtwoord),
        "rollen": ",".join(rollen_l),
        "gemeenten": ",".join(gemeenten_l),
        "actief": True,
    }
    with engine.begin() as conn:
        conn.execute(delete(tabel).where(_demo_voorwaarde()))
        bestaat = conn.execute(
            select(tabel.c.gebruikersnaam).where(tabel.c.gebruikersnaam == gebruikersnaam)
        ).first()
        if bestaat and not vervang:
            raise GebruikerFout(f"Gebruiker {gebruikersnaam!r} bestaat al.")
        try:
            if bestaat:
                conn.execute(
                    update(tabel).where(tabel.c.gebruikersnaam == gebruikersnaam).values(waarden)
                )
            else:
                conn.execute(insert(tabel).values(gebruikersnaam=gebruikersnaam, **waarden))
        except IntegrityError as fout:
            raise GebruikerFout(f"Gebruiker {gebruikersnaam!r} bestaat al.") from fout
        audit.log(  # in the same transaction: no change without its audit row
            conn,
            door,
            "gebruiker_toegevoegd",
            f"{gebruikersnaam}: rollen={waarden['rollen']}; gemeenten={waarden['gemeenten'] or '-'}"
            + ("; vervangen" if bestaat else ""),
        )
    return Gebruiker(
        gebruikersnaam,
        naam,
        frozenset(rollen_l),
        frozenset(gemeenten_l),
        gemeenten_l[0] if gemeenten_l else None,
    )


def verwijder(engine: Engine, gebruikersnaam: str, *, door: str = "cli") -> None:
    """Remove a user; raises GebruikerFout if there is none. Audited as `gebruiker_verwijderd`.
    Their open sessions end at the guard's next check (within a minute)."""
    naam = normaliseer_naam(gebruikersnaam)
    with engine.begin() as conn:
        aantal = conn.execute(delete(tabel).where(tabel.c.gebruikersnaam == naam)).rowcount
        if not aantal:
            raise GebruikerFout(f"Gebruiker {naam!r} bestaat niet.")
        audit.log(conn, door, "gebruiker_verwijderd", naam)  # same transaction as the change


def lijst(engine: Engine) -> pd.DataFrame:
    """All users, without hashes: gebruikersnaam, naam, email, rollen, gemeenten (text,
    comma-separated), actief, demo."""
    kolommen = ["gebruikersnaam", "naam", "email", "rollen", "gemeenten", "actief"]
    with engine.connect() as conn:
        rijen = conn.execute(
            select(*(tabel.c[k] for k in kolommen)).order_by(tabel.c.gebruikersnaam)
        ).all()
    frame = pd.DataFrame([tuple(r) for r in rijen], columns=kolommen)
    frame["actief"] = frame["actief"].astype(bool)
    frame["demo"] = [_is_demo_rij(r) for r in rijen]
    return frame


def haal(engine: Engine, gebruikersnaam: str) -> Gebruiker | None:
    """The active user (demo accounts only in demo mode), or None."""
    gebruiker, _ = _zoek(engine, normaliseer_naam(gebruikersnaam))
    return gebruiker


def _zoek(engine: Engine, naam: str):
    """(Gebruiker or None, reason) for an active, usable account."""
    rij = _rij(engine, naam) if naam else None
    if rij is None:
        return None, "onbekende gebruikersnaam"
    if not rij.actief:
        return None, "account niet actief"
    if _is_demo_rij(rij) and not demo_modus(engine):
        return None, "demo-account buiten demomodus"
    return _naar_gebruiker(rij), ""


def _controleer(engine: Engine, naam: str, wachtwoord: str) -> tuple[Gebruiker | None, str]:
    rij = _rij(engine, naam) if naam else None
    if not _klopt(wachtwoord, rij.wachtwoord_hash if rij is not None else None):
        return None, "verkeerd wachtwoord" if rij is not None else "onbekende gebruikersnaam"
    return _zoek(engine, naam)


def controleer_wachtwoord(engine: Engine, gebruikersnaam: str, wachtwoord: str) -> Gebruiker | None:
    """The user if the password is right and the account usable, else None. Takes as long for
    an unknown user as for a known one (no user-name enumeration by timing). No rate limit: use
    `aanmelden` for logins."""
    gebruiker, _ = _controleer(engine, normaliseer_naam(gebruikersnaam), str(wachtwoord or ""))
    return gebruiker


def credentials_voor_authenticator(engine: Engine) -> dict:
    """Credentials in the shape of streamlit-authenticator 0.4.2 (`{"usernames": {...}}`) with
    bcrypt hashes, for `Authenticate(..., auto_hash=False)`: active users only, demo accounts
    only in demo mode."""
    demo = demo_modus(engine)
    with engine.connect() as conn:
        rijen = conn.execute(select(tabel).where(tabel.c.actief == true())).all()
    gebruikers = {}
    for rij in rijen:
        if _is_demo_rij(rij) and not demo:
            continue
        gebruikers[rij.gebruikersnaam] = {
            "name": rij.naam,
            "email": rij.email or "",
            "password": rij.wachtwoord_hash,
            "roles": [r for r in ROLLEN if r in _lijst_uit(rij.rollen)],
            "failed_login_attempts": 0,
            "logged_in": False,
        }
    return {"usernames": gebruikers}


# --------------------------------------------------------------------------------------------
# login with the limiter
# --------------------------------------------------------------------------------------------


def limiet(
    engine: Engine,
    gebruikersnaam: str,
    client: str,
    nu: datetime | None = None,
    regels_gebruiker: LimietRegels = REGELS_GEBRUIKER,
    regels_client: LimietRegels = REGELS_CLIENT,
) -> Beslissing:
    """May `gebruikersnaam` try to log in from `client` at `nu`? Per user and client, and per
    client over all user names (password spraying)."""
    nu = nu or datetime.now(UTC)
    naam = normaliseer_naam(gebruikersnaam)
    sinds = nu - max(regels_gebruiker.geheugen, regels_client.geheugen)
    per_gebruiker = beoordeel_pogingen(
        audit.aanmeldpogingen(engine, sinds, gebruiker=naam, client=client),
        nu,
        regels_gebruiker,
    )
    if not per_gebruiker.toegestaan:
        return per_gebruiker
    per_client = beoordeel_pogingen(
        audit.aanmeldpogingen(engine, sinds, client=client, ook_gelukt=False), nu, regels_client
    )
    return per_client if not per_client.toegestaan else per_gebruiker


FOUT_MELDING = "Gebruikersnaam of wachtwoord is onjuist."


def aanmelden(
    engine: Engine,
    gebruikersnaam: str,
    wachtwoord: str,
    client: str = "",
    *,
    nu: datetime | None = None,
) -> Aanmelding:
    """One login attempt: the limiter first (a blocked key is refused even with the right
    password, and the password is then not even checked), then bcrypt, then the audit log
    (`login_ok`, `login_fout` or `login_geblokkeerd`; never the password)."""
    nu = nu or datetime.now(UTC)
    naam = normaliseer_naam(gebruikersnaam)[:60]
    wachtwoord = str(wachtwoord or "")
    if not naam or not wachtwoord:
        return Aanmelding(None, "Vul uw gebruikersnaam en wachtwoord in.")
    beslissing = limiet(engine, naam, client, nu)
    if not beslissing.toegestaan:
        tot = beslissing.geblokkeerd_tot
        audit.log(
            engine,
            naam,
            audit.LOGIN_GEBLOKKEERD,
            f"geblokkeerd tot {tot:%Y-%m-%d %H:%M} UTC" if tot else "",
            client,
            tijdstip=nu,
        )
        return Aanmelding(None, beslissing.melding(nu), tot)
    gebruiker, reden = _controleer(engine, naam, wachtwoord)
    if gebruiker is None:
        audit.log(engine, naam, audit.LOGIN_FOUT, reden, client, tijdstip=nu)
        na = limiet(engine, naam, client, nu)
        if not na.toegestaan:
            return Aanmelding(None, FOUT_MELDING + " " + na.melding(nu), na.geblokkeerd_tot)
        return Aanmelding(None, FOUT_MELDING)
    audit.log(engine, gebruiker, audit.LOGIN_OK, "", client, tijdstip=nu)
    return Aanmelding(gebruiker)
