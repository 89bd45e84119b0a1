"""Every page of the site as the demo's owner sees it: the demo account, one of everything
else a route needs, and each route's path.

Used by the page table of `make bench` (`benchmarks.pages_child`) and by the test that
bounds each page's queries (`tests/web/test_page_queries.py`), so both walk the same pages.
The data is `twoway serve --demo`'s (`twoway.web.demo_account`), with an API token, a
finished import, an "I" sentence and an invitation from a third account added, so that
every route with a slot has something real to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

#: Routes that are never a page for a GET: they act (POST only) or end the session.
ACTIONS = frozenset({"logout", "password_reset_confirm", "calendar_feed"})


@dataclass(frozen=True, slots=True)
class Demo:
    """The demo owner, and the value of each URL slot."""

    user: object
    slots: dict[str, str]
    #: an API token of the owner's, for the API's routes (`Authorization: Bearer …`)
    api_token: str


def make(end: date) -> Demo:
    """The demo account ending on `end`, plus what the remaining routes need."""
    from django.contrib.auth.models import User

    from twoway.core.events import Event as CoreEvent
    from twoway.web.api.tokens import issue_token
    from twoway.web.demo_account import DEMO_PARTNER, DEMO_USER, make_demo_account
    from twoway.web.imports.models import ImportJob
    from twoway.web.ledger import store
    from twoway.web.ledger.models import Event, Relationship
    from twoway.web.practices.models import IStatement, RoleReversal
    from twoway.web.rituals.models import CheckIn
    from twoway.web.together import access, invitations

    make_demo_account(end)
    user = User.objects.get(username=DEMO_USER)
    mine = Relationship.objects.select_related("person").get(owner=user, person__name=DEMO_PARTNER)
    token, secret = issue_token(user, "phone")
    job = ImportJob.objects.create(
        owner=user,
        kind="ledger",
        filename="sam.csv",
        state="done",
        result={
            "person": DEMO_PARTNER,
            "person_id": mine.person_id,
            "me": mine.me_name,
            "created_person": False,
            "added": 3,
            "present": 1,
            "skipped": 0,
        },
    )
    statement = IStatement.objects.create(
        relationship=mine,
        feeling="tired",
        situation="the dishes pile up",
        need="a rota",
        sentence="I feel tired when the dishes pile up; could we make a rota?",
    )
    exercise = RoleReversal.objects.filter(home=access.home(mine)).first()
    checkin = CheckIn.objects.filter(home=access.home(mine)).first()
    # An invitation from a third account, for the page that accepts one.
    robin = User.objects.create_user(username="robin-bench", password="x")
    hello = CoreEvent(
        at=datetime.combine(end, datetime.min.time()), by="Robin", to="Alex", kind="talk"
    )
    store.add_event("Alex", hello, owner=robin, kind="friend", new=True)
    code = invitations.invite(Relationship.objects.get(owner=robin)).code
    event = Event.objects.filter(relationship=mine).order_by("-at", "-pk").first()
    assert exercise is not None
    assert checkin is not None
    assert event is not None
    return Demo(
        user,
        {
            "pk": str(mine.person_id),
            "event_pk": str(event.pk),
            "job_pk": str(job.pk),
            "token_pk": str(token.pk),
            "checkin": str(checkin.pk),
            "statement_pk": str(statement.pk),
            "exercise_pk": str(exercise.pk),
            "code": code,
            "person_id": str(mine.person_id),
            "event_id": str(event.pk),
        },
        secret,
    )


def routes() -> Iterator[tuple[str, str | None]]:
    """Every URL pattern as (route, name), with its prefixes, in the order Django tries them."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str
    ) -> Iterator[tuple[str, str | None]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.name

    yield from walk(get_resolver().url_patterns, "")


#: Which slot a route's `pk` means, when it is not the person's.
_PK_OF = {
    "event_edit": "event_pk",
    "event_delete": "event_pk",
    "import_job": "job_pk",
    "api_token_revoke": "token_pk",
}


def paths(slots: dict[str, str]) -> list[tuple[str, str]]:
    """(name, path) of every named route a GET may show, each once, slots filled from `slots`.

    A route named twice (the API's GET and POST on one path) is walked once.
    """
    out: dict[str, tuple[str, str]] = {}
    for route, name in routes():
        if name is None or name in ACTIONS or route.startswith("api/^"):
            continue

        def value(match: re.Match[str], name: str = name) -> str:
            slot = match.group(2)
            return slots[_PK_OF.get(name, slot) if slot == "pk" else slot]

        path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
        label = name if not route.startswith("api/") or name.startswith("api") else f"api:{name}"
        out.setdefault(path, (label, path))
    return list(out.values())
