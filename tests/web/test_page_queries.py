"""Every page at demo size asks the database a bounded number of questions.

The pages `make bench` weighs and times (`benchmarks.pages_demo`: the demo account of
`twoway serve --demo`, with one of everything a route needs), walked as the demo's owner.
A page whose queries grow with its rows (one query per entry, per check-in …) is what makes
a page slow on a phone; counting them is exact on any machine, however busy, where timing
is not. Each bound is the page's count today with a little room, so a new query per row
fails here long before it shows in the bench.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.pages_demo import make, paths

#: Queries one GET of a page may make: the session, the user, the page's own.
DEFAULT_BOUND = 10
#: Pages that gather more, each by a fixed number of queries, never per row.
BOUNDS = {
    # the balance, the gap, whose move, the rituals (three cadences), the practices
    "together": 20,
    # one query per part of the account (people, events, rituals, practices …)
    "account_export": 25,
    "calendar": 12,
}


@pytest.fixture
def walk(db: None) -> tuple[Client, list[tuple[str, str]]]:
    demo = make(date(2025, 6, 1))
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {demo.api_token}")
    client.force_login(demo.user)
    return client, paths(demo.slots)


def test_every_page_asks_a_bounded_number_of_queries(
    walk: tuple[Client, list[tuple[str, str]]],
) -> None:
    client, pages = walk
    over, answered = {}, 0
    for name, path in pages:
        client.get(path)  # the first visit may fill caches (the session's, the site's)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            continue
        answered += 1
        bound = BOUNDS.get(name, DEFAULT_BOUND)
        if len(queries) > bound:
            over[path] = f"{len(queries)} queries (bound {bound}): " + "; ".join(
                q["sql"][:90] for q in queries.captured_queries
            )
    assert answered > 30
    assert over == {}, "\n".join(f"{k}: {v}" for k, v in over.items())
