"""The load benchmark's store: two accounts, two relationships each of ~20,000 events, tokens.

With `--import-file PATH ROWS`: only write a ledger of about ROWS events to import.

Run in a process whose settings point at the target database (TWOWAY_DB or
DATABASE_URL): `python -m benchmarks.load_setup OUT.json`. It prints nothing and
writes, as JSON, each relationship's person id, its token and its event count.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from benchmarks.web_generate import phases
from twoway.core.ledger import dumps
from twoway.simulate import simulate

ACCOUNTS = ("load-a", "load-b")
PEOPLE = ("Sam", "Robin")


def simulated_csv(name: str, seed: int, scale: float = 1.0) -> bytes:
    """Ten years of a busy relationship with `name` (~20,000 events at scale 1), as CSV bytes."""
    ledger = simulate(phases(522, scale), end=date.today(), people=("Alex", name), seed=seed)
    return dumps(ledger, "csv").encode()


def main(out: str) -> None:
    """Make the accounts, their relationships and tokens; write what the load client needs."""
    from twoway.web.ledger import store

    store.open_store(None)  # sets Django up on the database the environment names
    from django.contrib.auth.models import User

    from twoway.core.ledger import parse_ledger
    from twoway.web.api.tokens import issue_token
    from twoway.web.ledger.models import Person

    targets = []
    for i, username in enumerate(ACCOUNTS):
        user = User.objects.create_user(username=username)
        token = issue_token(user, "load")[1]
        for j, name in enumerate(PEOPLE):
            ledger = parse_ledger(simulated_csv(name, 10 * i + j), f"{name}.csv")
            store.import_ledger(name, ledger, owner=user, me="Alex", new=True)
            person = Person.objects.get(owner=user, name=name)
            count = person.relationship.events.count()
            targets.append({"person": person.pk, "token": token, "events": count, "user": username})
    Path(out).write_text(json.dumps(targets))


if __name__ == "__main__":
    if sys.argv[1] == "--import-file":
        scale = int(sys.argv[3]) / 20_000
        Path(sys.argv[2]).write_bytes(simulated_csv("Jordan", 99, scale))
    else:
        main(sys.argv[1])
