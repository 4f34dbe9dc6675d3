"""What every sub-command shares: the refusal exception, the engine, JSON output, month checks."""

import json

from data_access import db
from domein.maanden import is_maand


class Geweigerd(Exception):
    """Bad input from the user: printed in Dutch on stderr, exit code 2."""


def engine(schema: bool = True):
    """The engine of LEEFLOONMONITOR_DB, with the schema made or brought up to date."""
    try:
        uit = db.get_engine()
    except OSError as fout:  # the SQLite file's folder cannot be made
        raise db.DatabankFout(
            f"de map van de databank ({fout.filename}) kan niet aangemaakt worden",
            "Controleer LEEFLOONMONITOR_DB en de rechten op die map.",
        ) from fout
    if schema:
        db.init_schema(uit)
    return uit


def databank_melding(fout: Exception) -> str:
    """The Dutch message for a database error, without the "niet bewaard" of `DatabankFout`: a
    read command saves nothing, and `demo` is not one transaction."""
    if not isinstance(fout, db.DatabankFout):
        fout = db.databankfout(fout)
    return f"Fout: {fout.reden}. {fout.oplossing}"


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def controleer_periode(waarde: str | None, naam: str) -> None:
    if waarde and not is_maand(waarde):
        raise Geweigerd(f"--{naam} moet een maand zijn als JJJJ-MM, niet '{waarde}'.")
