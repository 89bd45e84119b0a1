"""The Together benchmark's measurements (issue 5), in a process whose settings name its store.

`python -m benchmarks.together_child REQUESTS` fills the store when it is empty,
then prints one JSON object of timings. The data:

- "alex" keeps two ledgers of the same shape (`web_generate.ledger`, about
  20,000 events over ten years): Robin, not linked (the baseline: a report
  exactly as before linking existed), and Sam, linked with the account "sam",
  whose own ledger of the relationship (another seed, as many events) is all
  shared.

Each case is a whole GET through Django's WSGI handler as "alex"
(`web_child.page`), warmed up, then run in turn `REQUESTS` times, interleaved:
Robin's report page, Sam's report page (own entries and the partner's shared,
combined), Sam's gap page and Sam's Together page.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from benchmarks.web_child import WARM_UP, counting, interleaved, page
from benchmarks.web_generate import WEEKS

#: The case names, in the order they run.
CASES = ("report, not linked", "report, linked", "gap page", "Together page")


def fill(weeks: int = WEEKS) -> None:
    """Alex with Robin (not linked) and Sam (linked with Sam's own account, all shared)."""
    from benchmarks.web_generate import bench_user, ledger
    from twoway.web.ledger import store
    from twoway.web.ledger.models import Event, Relationship
    from twoway.web.together.linking import link

    alex, sam = bench_user("alex"), bench_user("sam")
    mine = ledger(weeks)
    store.import_ledger("Robin", mine, me="Alex", kind="partner", owner=alex, new=True)
    store.import_ledger("Sam", mine, me="Alex", kind="partner", owner=alex, new=True)
    theirs = ledger(weeks, seed=2, people=("Sam", "Alex"))
    store.import_ledger("Alex", theirs, me="Sam", kind="partner", owner=sam, new=True)
    ours = Relationship.objects.get(owner=alex, person__name="Sam")
    link(ours, Relationship.objects.get(owner=sam))
    Event.objects.filter(relationship__owner=sam).update(shared=True)


def measure(requests: int) -> dict[str, Any]:
    """Time every case, interleaved; the events behind each and its queries."""
    import logging

    from django.contrib.auth.models import User
    from django.urls import reverse

    from twoway.web.ledger.models import Event, Person

    alex = User.objects.get(username="alex")
    robin = Person.objects.get(owner=alex, name="Robin")
    sam = Person.objects.get(owner=alex, name="Sam")
    paths = dict(
        zip(
            CASES,
            (
                reverse("report", args=[robin.pk]),
                reverse("report", args=[sam.pk]),
                reverse("gap", args=[sam.pk]),
                reverse("together", args=[sam.pk]),
            ),
            strict=True,
        )
    )
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    cases: dict[str, Callable[[], dict[str, float]]] = {c: page(alex, p) for c, p in paths.items()}
    queries = {}
    for case, once in cases.items():
        with counting() as count:
            once()
        queries[case] = count.n
        for _ in range(WARM_UP - 1):
            once()
    runs = interleaved(cases, requests)
    own = Event.objects.filter(relationship__owner=alex, relationship__person=sam).count()
    shared = Event.objects.filter(relationship__owner__username="sam", shared=True).count()
    return {"own_events": own, "shared_events": shared, "queries": queries, "runs": runs}


def main(argv: list[str]) -> int:
    """Open the store the settings name, fill it when empty, measure, print the JSON."""
    from twoway.web.ledger import store

    store.open_store()
    from django.contrib.auth.models import User  # once Django is set up

    made = False
    if not User.objects.filter(username="alex").exists():
        fill()
        made = True
    print(json.dumps({**measure(int(argv[0])), "made": made}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
