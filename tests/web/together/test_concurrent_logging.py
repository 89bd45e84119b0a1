"""Both partners logging at the same moment lose nothing; nor does one person in two tabs.

Real threads, each with its own connection, on a committing database: a SQLite
store file or PostgreSQL (see `committed_db`). A barrier starts each round of
saves together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from tests.concurrency import WAIT, at_once, browser
from tests.web.conftest import Couple, make_couple
from twoway.web.ledger.models import Event, Relationship

ROUNDS = 5


def logger(
    client: Client, rel: Relationship, kind: str, barrier: threading.Barrier, tag: str
) -> Callable[[], list[int]]:
    """Log `ROUNDS` entries through the log form, each round started with the other thread."""

    def run() -> list[int]:
        statuses = []
        for n in range(ROUNDS):
            barrier.wait(WAIT)
            data = {"person": rel.person_id, "direction": "me", "kind": kind, "note": f"{tag} {n}"}
            if kind == "support":
                data["style"] = "listen"
            statuses.append(client.post(reverse("log"), data).status_code)
        return statuses

    return run


def test_both_partners_logging_at_once_keep_every_entry(committed_db: None) -> None:
    couple = make_couple()
    barrier = threading.Barrier(2)
    ana, ben = browser(couple.ana_side), browser(couple.ben_side)
    results = at_once(
        logger(ana, couple.ana_side, "support", barrier, "ana"),
        logger(ben, couple.ben_side, "support", barrier, "ben"),
    )
    assert all(status in (200, 302) for statuses in results for status in statuses), results
    for side, tag in ((couple.ana_side, "ana"), (couple.ben_side, "ben")):
        notes = sorted(Event.objects.filter(relationship=side).values_list("note", flat=True))
        assert notes == [f"{tag} {n}" for n in range(ROUNDS)]
        assert not Event.objects.filter(relationship=side, shared=False).exists()


def test_one_person_in_two_tabs_gets_distinct_ids_and_keeps_every_entry(
    committed_db: None,
) -> None:
    couple: Couple = make_couple()
    barrier = threading.Barrier(2)
    one, two = browser(couple.ana_side), browser(couple.ana_side)
    # Bids need an id: both tabs would pick the same next one without the relationship's lock.
    results = at_once(
        logger(one, couple.ana_side, "bid", barrier, "one"),
        logger(two, couple.ana_side, "bid", barrier, "two"),
    )
    assert all(status in (200, 302) for statuses in results for status in statuses), results
    rows = Event.objects.filter(relationship=couple.ana_side)
    assert rows.count() == 2 * ROUNDS
    assert sorted(rows.values_list("key", flat=True)) == sorted(
        f"bid-{n}" for n in range(1, 2 * ROUNDS + 1)
    )
