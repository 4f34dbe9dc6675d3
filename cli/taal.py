"""argparse in Dutch: the usage line, the help headings and the mistakes a user can make on the
command line (argparse looks its texts up through the module's `_` and `ngettext` at run time)."""

import argparse

VERTALING = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze: %(value)r (kies uit %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected %s argument": "verwacht %s waarde",
    "expected %s arguments": "verwacht %s waarden",
    "invalid %(type)s value: %(value)r": "ongeldige waarde (%(type)s): %(value)r",
    "not allowed with argument %s": "niet samen met argument %s",
    "one of the arguments %s is required": "een van de argumenten %s is verplicht",
    "ambiguous option: %(option)s could match %(matches)s": (
        "dubbelzinnige optie: %(option)s past bij %(matches)s"
    ),
    "ignored explicit argument %r": "genegeerd argument %r",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}


def vertaal(tekst: str) -> str:
    return VERTALING.get(tekst, tekst)


def vertaal_meervoud(enkelvoud: str, meervoud: str, aantal: int) -> str:
    return vertaal(enkelvoud if aantal == 1 else meervoud)


def in_het_nederlands() -> None:
    argparse._ = vertaal
    argparse.ngettext = vertaal_meervoud
