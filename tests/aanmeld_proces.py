"""One OS process of the cross-process limiter test (tests/test_aanmelden_parallel.py).

    python tests/aanmeld_proces.py DB_URL GEBRUIKER CLIENT THREADS START_EPOCH

Starts THREADS threads that wait until START_EPOCH (wall clock, shared with the other process)
and then each try one login with a wrong password. Prints one JSON line: how many password
checks (bcrypt) this process ran and how many attempts were refused by the limiter.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access import db, gebruikers  # noqa: E402


def main() -> None:
    url, naam, client, aantal, start = sys.argv[1:6]
    engine = db.maak_engine(url)
    slot = threading.Lock()
    teller = {"controles": 0, "geweigerd": 0, "fouten": []}
    echt_klopt = gebruikers._klopt

    def tellend_klopt(*args, **kwargs):
        with slot:
            teller["controles"] += 1
        return echt_klopt(*args, **kwargs)

    gebruikers._klopt = tellend_klopt

    def poging() -> None:
        time.sleep(max(0.0, float(start) - time.time()))
        try:
            uit = gebruikers.aanmelden(engine, naam, "helemaal-fout-1", client)
        except Exception as fout:  # reported, so the parent test fails with the reason
            with slot:
                teller["fouten"].append(f"{type(fout).__name__}: {fout}"[:300])
            return
        if uit.melding.startswith("Te veel"):  # refused by the limiter, password not checked
            with slot:
                teller["geweigerd"] += 1

    draden = [threading.Thread(target=poging) for _ in range(int(aantal))]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    engine.dispose()
    print(json.dumps(teller))


if __name__ == "__main__":
    main()
