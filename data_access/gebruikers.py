"""User store (table `gebruiker`): bcrypt hashes only, never a plain password.

API for the CLI (`leefloonmonitor users add|list|remove`), the Beheer page and the login guard:

- `voeg_toe(engine, gebruikersnaam, naam, wachtwoord, rollen, gemeenten=(), email="")`
- `lijst(engine) -> DataFrame` (never the hash), `verwijder(engine, gebruikersnaam)`
- `controleer_wachtwoord(engine, gebruikersnaam, wachtwoord) -> Gebruiker | None`
- `aanmelden(engine, gebruikersnaam, wachtwoord, client)`: limiter + check + audit, in one call;
  the limiter's check-and-count is atomic across threads and processes (table `aanmeldpoging`)
- `credentials_voor_authenticator(engine)`: the dict streamlit-authenticator expects
- `demo_modus(engine)`, `zorg_voor_demo_accounts(engine)`: the demo accounts `raad`, `analist`
  and `beheer` (password `demo`) exist only in demo mode; every account made in demo mode is
  disabled when the first real facts arrive (`ruim_demo_accounts_op`).

Invalid input raises `GebruikerFout` (a ValueError) with every problem in Dutch.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import bcrypt
import pandas as pd
from sqlalchemy import (
    Engine,
    and_,
    delete,
    exists,
    false,
    func,
    insert,
    not_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.referentie import bekende_nis
from data_access.schema import aanmeldpoging as poging
from data_access.schema import audit as audit_tabel
from data_access.schema import gebruiker as tabel
from data_access.schema import instelling, release
from data_access.toegang import (
    ANALYST,
    BEKEND_ADRES_GELDIG,
    REGELS_ACCOUNT,
    REGELS_CLIENT,
    REGELS_GEBRUIKER,
    ROL_LABELS,
    ROLLEN,
    Beslissing,
    Gebruiker,
    beoordeel_aanmelding,
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


def _utc(tijd: datetime) -> datetime:
    return tijd.replace(tzinfo=UTC) if tijd.tzinfo is None else tijd.astimezone(UTC)


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


def _echte_feiten(conn) -> bool:
    """Real facts have been imported: demo mode is over for good."""
    return bool(
        conn.execute(
            select(exists().where(and_(release.c.demo == false(), release.c.soort == "feiten")))
        ).scalar()
    )


def _demodatabank(conn) -> bool:
    """The database holds demo data and no real facts: every account made now is a demo
    account, whoever makes it (the demo's admin password is public)."""
    demo_data = conn.execute(select(exists().where(release.c.demo == true()))).scalar()
    return bool(demo_data) and not _echte_feiten(conn)


def ruim_demo_accounts_op(conn, door: object = None) -> list[str]:
    """Once real facts are in, disable every account made in demo mode (`demo_aangemaakt`),
    with one audit row `demo_beeindigd` in the same transaction. Returns the names disabled;
    does nothing (and writes nothing) otherwise. Called by the import that writes the first
    real facts, and by `zorg_voor_demo_accounts` (after every import, and on opening an older
    database) for facts that arrived another way.

    Disabled rather than removed: the row keeps its mark, so a session of such an account that
    is still open (re-checked once a minute) cannot manage users meanwhile (`_door_uit_demo`).
    An admin may remove them, or give one a new password (`voeg_toe(..., vervang=True)`), which
    makes it a real account."""
    if not _echte_feiten(conn):
        return []
    namen = sorted(
        conn.execute(
            select(tabel.c.gebruikersnaam).where(
                tabel.c.demo_aangemaakt == true(), tabel.c.actief == true()
            )
        ).scalars()
    )
    if not namen:
        return []
    conn.execute(update(tabel).where(tabel.c.gebruikersnaam.in_(namen)).values(actief=False))
    audit.log(
        conn,
        door,
        audit.DEMO_BEEINDIGD,
        "echte cijfers geïmporteerd; in de demomodus aangemaakte accounts uitgeschakeld: "
        + ", ".join(namen),
    )
    return namen


def markeer_oude_demo_accounts(engine: Engine) -> None:
    """Right after `gebruiker.demo_aangemaakt` was added to an older database: mark the accounts
    that were made in demo mode before the column existed. Those are the demo accounts and every
    user whose first `gebruiker_toegevoegd` row lies between the first demo release and the
    first real facts (`leefloonmonitor demo` empties every table, so a user on a demo database
    always has that row). Users without such a row are left alone."""
    with engine.begin() as conn:
        eerste_demo = conn.execute(
            select(func.min(release.c.tijdstip)).where(release.c.demo == true())
        ).scalar()
        if eerste_demo is None:
            return
        eerste_echte = conn.execute(
            select(func.min(release.c.tijdstip)).where(
                release.c.demo == false(), release.c.soort == "feiten"
            )
        ).scalar()
        # only the columns this step may rely on: a later step adds more (data_access/migraties)
        for rij in conn.execute(select(tabel.c.gebruikersnaam, tabel.c.email)).all():
            toegevoegd = conn.execute(
                select(func.min(audit_tabel.c.tijdstip)).where(
                    audit_tabel.c.actie == "gebruiker_toegevoegd",
                    audit_tabel.c.details.startswith(f"{rij.gebruikersnaam}:", autoescape=True),
                )
            ).scalar()
            in_demo = toegevoegd is not None and _utc(toegevoegd) >= _utc(eerste_demo)
            if eerste_echte is not None and toegevoegd is not None:
                in_demo = in_demo and _utc(toegevoegd) < _utc(eerste_echte)
            if _is_demo_rij(rij) or in_demo:
                conn.execute(
                    update(tabel)
                    .where(tabel.c.gebruikersnaam == rij.gebruikersnaam)
                    .values(demo_aangemaakt=True)
                )
    with engine.begin() as conn:
        ruim_demo_accounts_op(conn)


def zorg_voor_demo_accounts(engine: Engine) -> bool:
    """Create the missing demo accounts in demo mode; remove them otherwise, and once real facts
    are in, disable every other account made in demo mode (`ruim_demo_accounts_op`).
    Idempotent, and read-only when nothing changes. Returns whether demo mode is on."""
    demo = demo_modus(engine)
    with engine.connect() as conn:
        bestaand = set(
            conn.execute(select(tabel.c.gebruikersnaam).where(_demo_voorwaarde())).scalars()
        )
        actief_uit_demo = exists().where(
            tabel.c.demo_aangemaakt == true(), tabel.c.actief == true()
        )
        op_te_ruimen = (
            not demo
            and _echte_feiten(conn)
            and bool(conn.execute(select(actief_uit_demo)).scalar())
        )
    if not demo:
        if op_te_ruimen:
            with engine.begin() as conn:
                ruim_demo_accounts_op(conn)
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
            "demo_aangemaakt": True,
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


def _door_uit_demo(conn, door: str) -> bool:
    """Whether `door` is an account made in demo mode; refused (GebruikerFout) once real facts
    are in: its session may still run for up to a minute after the import removed it."""
    uit_demo = conn.execute(
        select(tabel.c.demo_aangemaakt).where(tabel.c.gebruikersnaam == str(door))
    ).scalar()
    if uit_demo and _echte_feiten(conn):
        raise GebruikerFout(
            "Een account uit de demomodus kan geen gebruikers beheren sinds er echte cijfers "
            "geïmporteerd zijn."
        )
    return bool(uit_demo)


def voeg_toe(
    engine: Engine,
    gebruikersnaam: str,
    naam: str,
    wachtwoord: str | None,
    rollen: str | Iterable[str],
    gemeenten: str | Iterable[str] = (),
    email: str = "",
    *,
    vervang: bool = False,
    door: str = "cli",
    sso: str = "",
) -> Gebruiker:
    """Add a user (bcrypt hash of `wachtwoord`). `rollen`/`gemeenten`: iterables or
    comma-separated text. With `vervang=True` an existing user is overwritten (e.g. a new
    password). Audited as `gebruiker_toegevoegd` by `door`. Adding a real user ends demo mode:
    the demo accounts are removed in the same transaction.

    Single sign-on: `sso` binds an OIDC identity ("<provider>:<sub>"); without it the provider's
    e-mail claim is matched with `email`. `wachtwoord=None` makes an account that logs in only
    with single sign-on (its password is random and never shown)."""
    gebruikersnaam = normaliseer_naam(gebruikersnaam)
    naam = str(naam or "").strip() or gebruikersnaam
    email = str(email or "").strip()
    sso = str(sso or "").strip()
    rollen_l = [r.lower() for r in _lijst_uit(rollen)]
    gemeenten_l = _lijst_uit(gemeenten)
    alleen_sso = wachtwoord is None
    if alleen_sso:
        wachtwoord = secrets.token_urlsafe(32)  # unknown to anyone: SSO only
    fouten = _valideer(gebruikersnaam, naam, wachtwoord, rollen_l, gemeenten_l, email)
    if alleen_sso and not (email or sso):
        fouten.append(
            "Een account zonder wachtwoord meldt alleen aan met single sign-on: geef een "
            "e-mailadres of een SSO-identiteit (provider:sub) op."
        )
    if sso and (":" not in sso or len(sso) > 200 or sso.startswith(":") or sso.endswith(":")):
        fouten.append(f"Ongeldige SSO-identiteit {sso!r}: schrijf provider:sub (bv. acmidm:1234).")
    if fouten:
        raise GebruikerFout(fouten)
    rollen_l = [r for r in ROLLEN if r in rollen_l]  # canonical order
    waarden = {
        "naam": naam,
        "email": email,
        "sso_id": sso,
        "wachtwoord_hash": _hash(wachtwoord),
        "rollen": ",".join(rollen_l),
        "gemeenten": ",".join(gemeenten_l),
        "actief": True,
    }
    with engine.begin() as conn:
        # made in demo mode: on a demo database, or by an account that was (a planted admin
        # cannot pass its access on to a fresh account)
        waarden["demo_aangemaakt"] = _door_uit_demo(conn, door) or _demodatabank(conn)
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
        _door_uit_demo(conn, door)
        aantal = conn.execute(delete(tabel).where(tabel.c.gebruikersnaam == naam)).rowcount
        if not aantal:
            raise GebruikerFout(f"Gebruiker {naam!r} bestaat niet.")
        audit.log(conn, door, "gebruiker_verwijderd", naam)  # same transaction as the change


def lijst(engine: Engine) -> pd.DataFrame:
    """All users, without hashes: gebruikersnaam, naam, email, rollen, gemeenten (text,
    comma-separated), actief, demo (one of the demo accounts), uit_demo (made in demo mode:
    disabled at the first real import)."""
    kolommen = ["gebruikersnaam", "naam", "email", "rollen", "gemeenten", "actief"]
    with engine.connect() as conn:
        rijen = conn.execute(
            select(*(tabel.c[k] for k in kolommen), tabel.c.demo_aangemaakt).order_by(
                tabel.c.gebruikersnaam
            )
        ).all()
    frame = pd.DataFrame([tuple(r)[: len(kolommen)] for r in rijen], columns=kolommen)
    frame["actief"] = frame["actief"].astype(bool)
    frame["demo"] = [_is_demo_rij(r) for r in rijen]
    frame["uit_demo"] = [bool(r.demo_aangemaakt) for r in rijen]
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
    if rij.demo_aangemaakt and _einde_demo(engine):
        return None, "account uit de demomodus"
    return _naar_gebruiker(rij), ""


def _einde_demo(engine: Engine) -> bool:
    with engine.connect() as conn:
        return _echte_feiten(conn)


def _controleer(engine: Engine, naam: str, wachtwoord: str) -> tuple[Gebruiker | None, str]:
    return _controleer_rij(engine, _rij(engine, naam) if naam else None, naam, wachtwoord)


def _controleer_rij(engine: Engine, rij, naam: str, wachtwoord: str):
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
        einde_demo = _echte_feiten(conn)
    gebruikers = {}
    for rij in rijen:
        if (_is_demo_rij(rij) and not demo) or (rij.demo_aangemaakt and einde_demo):
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

#: PostgreSQL advisory lock that serialises the limiter's check-and-count (not the import's).
AANMELDSLOT = 0x4C464D02
#: Wait at most this long for the lock (SQLite: the busy timeout of db.maak_engine).
SLOT_WACHTTIJD_S = 10
#: The limiter's rows are kept this long (longest look-back: a known address).
POGINGEN_BEWAREN = BEKEND_ADRES_GELDIG + timedelta(days=1)
ONBEKEND = "onbekend"


def _neem_aanmeldslot(conn) -> None:
    """Make the check-and-count of one attempt atomic across threads, processes and servers:
    call first in the transaction. PostgreSQL: a transaction-scoped advisory lock (only logins
    wait for it). SQLite: BEGIN IMMEDIATE, the database's single write lock."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SET LOCAL lock_timeout = '{int(SLOT_WACHTTIJD_S * 1000)}ms'"))
        conn.execute(select(func.pg_advisory_xact_lock(AANMELDSLOT)))
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _merksleutel(conn) -> bytes:
    """The database's own random key for `_merk` (made on first use, under the login lock)."""
    waarde = conn.execute(
        select(instelling.c.waarde).where(instelling.c.naam == "merksleutel")
    ).scalar()
    if waarde is None:
        waarde = secrets.token_hex(32)
        conn.execute(insert(instelling).values(naam="merksleutel", waarde=waarde))
    return waarde.encode()


def _merk(conn, naam: str) -> str:
    """What the audit log and the limiter store for a user name that does not exist: it may be
    a password typed into the wrong field, so never the text itself. A keyed hash of 8 bits
    keeps apart the limiter's counts for different names (a shared count would tell an attacker
    which names exist) and shows the variety of names tried, while it says almost nothing about
    the text, even to someone who holds the key."""
    kort = hmac.new(_merksleutel(conn), naam.encode("utf-8"), hashlib.sha256).hexdigest()[:2]
    return f"{ONBEKEND} #{kort}"


def _pogingen(conn, sinds: datetime, nu: datetime, **sleutels) -> list[tuple[datetime, bool]]:
    """Attempts (time, succeeded) since `sinds` for `gebruiker` and/or `client`; `alleen_fout`
    leaves out the successes. An attempt still being checked (`bezig`) counts as a failure."""
    alleen_fout = sleutels.pop("alleen_fout", False)
    query = select(poging.c.tijdstip, poging.c.uitkomst).where(poging.c.tijdstip >= sinds)
    for kolom, waarde in sleutels.items():
        query = query.where(poging.c[kolom] == waarde)
    if alleen_fout:
        query = query.where(poging.c.uitkomst != "ok")
    # A row stamped after `nu` (another server's clock, or a thread that read the clock later
    # but got the lock first) is an attempt all the same: count it as made now.
    return [(min(_utc(t), nu), u == "ok") for t, u in conn.execute(query.order_by(poging.c.id))]


def _bekend_adres(conn, sleutel: str, client: str, nu: datetime) -> bool:
    query = select(
        exists().where(
            poging.c.gebruiker == sleutel,
            poging.c.client == client,
            poging.c.uitkomst == "ok",
            poging.c.tijdstip >= nu - BEKEND_ADRES_GELDIG,
        )
    )
    return bool(conn.execute(query).scalar())


def _beslis(conn, sleutel: str, client: str, nu: datetime) -> Beslissing:
    sinds = nu - max(r.geheugen for r in (REGELS_GEBRUIKER, REGELS_CLIENT, REGELS_ACCOUNT))
    return beoordeel_aanmelding(
        _pogingen(conn, sinds, nu, gebruiker=sleutel, client=client),
        _pogingen(conn, sinds, nu, client=client, alleen_fout=True),
        _pogingen(conn, sinds, nu, gebruiker=sleutel, alleen_fout=True),
        _bekend_adres(conn, sleutel, client, nu),
        nu,
    )


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
    (`login_ok`, `login_fout` or `login_geblokkeerd`; never the password, and for a name that
    does not exist only a marker, see `_merk`).

    Check-and-count is atomic: under a database lock the limiter decides and records the
    attempt as `bezig` (counted as a failure) before the lock is released and bcrypt runs. So
    parallel attempts, in threads, processes or servers sharing the database, see each other,
    and no more passwords are checked than the rules allow (docs/toegang.md)."""
    naam = normaliseer_naam(gebruikersnaam)[:60]
    wachtwoord = str(wachtwoord or "")
    client = str(client or "")[:80]
    if not naam or not wachtwoord:
        return Aanmelding(None, "Vul uw gebruikersnaam en wachtwoord in.")
    with engine.begin() as conn:
        _neem_aanmeldslot(conn)
        nu = _utc(nu or datetime.now(UTC))  # read after the wait for the lock
        rij = conn.execute(select(tabel).where(tabel.c.gebruikersnaam == naam)).first()
        sleutel = naam if rij is not None else _merk(conn, naam)
        beslissing = _beslis(conn, sleutel, client, nu)
        if not beslissing.toegestaan:
            tot = beslissing.geblokkeerd_tot
            details = f"geblokkeerd tot {tot:%Y-%m-%d %H:%M} UTC" if tot else ""
            audit.log(conn, sleutel, audit.LOGIN_GEBLOKKEERD, details, client, tijdstip=nu)
            return Aanmelding(None, beslissing.melding(nu), tot)
        poging_id = conn.execute(
            insert(poging)
            .values(tijdstip=nu, gebruiker=sleutel, client=client, uitkomst="bezig")
            .returning(poging.c.id)
        ).scalar_one()
        conn.execute(delete(poging).where(poging.c.tijdstip < nu - POGINGEN_BEWAREN))
    # bcrypt outside the lock: the attempt is counted already
    gebruiker, reden = _controleer_rij(engine, rij, naam, wachtwoord)
    with engine.begin() as conn:
        uitkomst = "ok" if gebruiker is not None else "fout"
        conn.execute(update(poging).where(poging.c.id == poging_id).values(uitkomst=uitkomst))
        if gebruiker is not None:
            audit.log(conn, gebruiker, audit.LOGIN_OK, "", client, tijdstip=nu)
            return Aanmelding(gebruiker)
        audit.log(conn, sleutel, audit.LOGIN_FOUT, reden, client, tijdstip=nu)
    with engine.connect() as conn:
        na = _beslis(conn, sleutel, client, nu)
    if not na.toegestaan:
        return Aanmelding(None, FOUT_MELDING + " " + na.melding(nu), na.geblokkeerd_tot)
    return Aanmelding(None, FOUT_MELDING)


# --------------------------------------------------------------------------------------------
# single sign-on (OIDC): the identity comes from the provider, access from this table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SsoInstelling:
    """One OIDC provider as the Leefloonmonitor uses it (docs/beheer-installatie.md, "Single
    sign-on"). `provider` is the name of its `[auth.<provider>]` section in secrets.toml.

    - `email_claim`: the claim compared with a user's `email` when no `sso_id` is bound;
      '' = match only on `sso_id` ("<provider>:<sub>").
    - `organisatie_claim` and `organisaties`: ACM/IDM's `vo_orgcode` (the organisation the
      person chose at login) mapped to a NIS code. When set, an unmapped organisation is
      refused, and so is one whose municipality is not among the user's municipalities."""

    provider: str
    label: str
    email_claim: str = "email"
    organisatie_claim: str = ""
    organisaties: tuple[tuple[str, str], ...] = ()

    def gemeente_van(self, code: object) -> str | None:
        return dict(self.organisaties).get(str(code or "").strip())


SSO_GEEN_TOEGANG = (
    "U bent aangemeld bij {label}, maar u hebt (nog) geen toegang tot de Leefloonmonitor. "
    "Vraag de beheerder van de Leefloonmonitor in uw gemeente of OCMW om u toe te voegen."
)
SSO_GEEN_ROL = (
    "U bent aangemeld bij {label}, maar uw account heeft geen rol in de Leefloonmonitor. "
    "Vraag de beheerder om u een rol te geven."
)
SSO_NIET_ACTIEF = (
    "Uw account in de Leefloonmonitor is niet actief. Neem contact op met de beheerder."
)
SSO_ORGANISATIE = (
    "De organisatie waarmee u bij {label} aanmeldde, is niet gekoppeld aan een van uw "
    "gemeenten in de Leefloonmonitor. Kies bij het aanmelden de organisatie van uw gemeente of "
    "OCMW, of vraag de beheerder om de koppeling."
)
SSO_AFGEMELD = "U bent afgemeld. Meld u opnieuw aan."
SSO_ONVOLLEDIG = (
    "De aanmelding bij {label} gaf geen bruikbare identiteit door. Probeer het opnieuw of "
    "meld u aan met uw gebruikersnaam en wachtwoord."
)


def sso_id(provider: str, sub: object) -> str:
    return f"{provider}:{sub}"


def _sso_rij(conn, instelling: SsoInstelling, claims) -> tuple[object | None, str]:
    """The user row for these claims: bound by `sso_id`, else by e-mail (only rows not bound to
    another identity; two rows with the same address match none)."""
    rij = conn.execute(
        select(tabel).where(tabel.c.sso_id == sso_id(instelling.provider, claims["sub"]))
    ).first()
    if rij is not None:
        return rij, "sso_id"
    email = str(claims.get(instelling.email_claim) or "").strip().lower()
    if not instelling.email_claim or not email:
        return None, ""
    rijen = conn.execute(
        select(tabel).where(func.lower(tabel.c.email) == email, tabel.c.sso_id == "")
    ).all()
    return (rijen[0], "e-mail") if len(rijen) == 1 else (None, "")


def aanmelden_sso(
    engine: Engine,
    instelling: SsoInstelling,
    claims,
    client: str = "",
    *,
    sinds: datetime,
) -> Aanmelding:
    """Access for an identity the provider vouched for (the claims of its ID token, `sinds`:
    when the provider issued it). No limiter (no password is checked here), but every outcome is
    in the audit log: `login_ok` (first use of this provider login), `login_cookie` (a new page
    load of the same provider login) or `login_fout` with the reason. Roles and municipalities
    come from this table only; the provider only says who someone is (and, for ACM/IDM, for
    which organisation)."""
    label = instelling.label
    client = str(client or "")[:80]
    sub = claims.get("sub") if hasattr(claims, "get") else None
    sinds = _utc(sinds)
    if not sub:
        audit.log(engine, f"sso:{instelling.provider}", audit.LOGIN_FOUT, "SSO zonder sub", client)
        return Aanmelding(None, SSO_ONVOLLEDIG.format(label=label))
    wie = str(claims.get(instelling.email_claim) or sub) if instelling.email_claim else str(sub)
    org = claims.get(instelling.organisatie_claim) if instelling.organisatie_claim else None
    bron = f"SSO {instelling.provider}" + (f", organisatie {org}" if org else "")

    def weiger(naam: str, melding: str, reden: str) -> Aanmelding:
        audit.log(engine, naam, audit.LOGIN_FOUT, f"{bron}: {reden}", client)
        return Aanmelding(None, melding.format(label=label))

    with engine.connect() as conn:
        rij, via = _sso_rij(conn, instelling, claims)
    if rij is None:
        return weiger(wie, SSO_GEEN_TOEGANG, "geen gebruiker met deze identiteit of e-mail")
    naam = rij.gebruikersnaam
    gebruiker, reden = _zoek(engine, naam)
    if gebruiker is None:
        return weiger(naam, SSO_NIET_ACTIEF, reden)
    if not gebruiker.rollen & set(ROLLEN):
        return weiger(naam, SSO_GEEN_ROL, "geen rol")
    if instelling.organisatie_claim:
        nis = instelling.gemeente_van(org)
        if nis is None or (gebruiker.gemeenten and nis not in gebruiker.gemeenten):
            return weiger(naam, SSO_ORGANISATIE, "organisatie niet gekoppeld aan de gemeente")
        # the organisation's municipality is the one shown first
        gemeenten = gebruiker.gemeenten or frozenset({nis})
        gebruiker = Gebruiker(naam, gebruiker.naam, gebruiker.rollen, gemeenten, nis)
    if audit.afgemeld_sinds(engine, naam, sinds):
        return weiger(naam, SSO_AFGEMELD, "aanmelding bij de provider van vóór een afmelding")
    details = f"{bron} (via {via}), aangemeld bij de provider om {sinds:%Y-%m-%d %H:%M:%S} UTC"
    with engine.begin() as conn:
        eerder = conn.execute(
            select(
                exists().where(
                    audit_tabel.c.gebruiker == naam,
                    audit_tabel.c.actie == audit.LOGIN_OK,
                    audit_tabel.c.details == details,
                )
            )
        ).scalar()
        actie = audit.LOGIN_COOKIE if eerder else audit.LOGIN_OK
        audit.log(conn, gebruiker, actie, details, client)
    return Aanmelding(gebruiker)
