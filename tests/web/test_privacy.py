"""Nothing leaks: every URL and every API route, walked as an outsider, a linked partner and an anonymous visitor.

The routes are read from the URL configuration itself, so a page added later is
walked too. Every id the owner has (people, events, assessments, imports,
tokens, of any kind) is tried in every route's id slots, with the methods a
browser or an API client would use, plus ids that exist nowhere. Then:

- no response carries anything of the owner's (their person's name, a note,
  a token, a file name);
- an outsider gets a 404 for the owner's ids, like a missing id, or is refused;
- an anonymous visitor is sent to log in (pages) or gets a 401 (API), except on
  the few public pages;
- a linked partner, walking every route with their own ids and the owner's,
  sees what the owner shared and nothing else: no private entry or its note,
  no self-assessment, no "I statement", no private check-in part, no role
  reversal side before they wrote their own, no other relationship;
- and the owner's rows are exactly as they were.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from benchmarks.pages_demo import routes
from twoway.core.events import Event as CoreEvent
from twoway.web.api.models import ApiToken
from twoway.web.api.tokens import issue_token
from twoway.web.imports.models import ImportJob
from twoway.web.ledger import store
from twoway.web.ledger.models import Assessment, ChatExport, Event, Person, Relationship
from twoway.web.ledger.workflow import ImportOptions, import_chat
from twoway.web.practices.models import IStatement, RoleReversal, RoleReversalSide
from twoway.web.rituals import checkins
from twoway.web.rituals.models import CalendarFeed, CheckIn, CheckInPart, Ritual
from twoway.web.together import access, linking
from twoway.web.together.models import Invitation

#: Words only the owner's data holds: none may appear in a response to anyone else.
SECRETS = (
    "Zephyrine",
    "owner-secret-note",
    "owner-shared-note",
    "owner-secret-file.csv",
    "owner-token-name",
    "owner-other-note",
    "Xanthippe",
    "owner-i-statement",
    "owner-private-part",
    "owner-reversal-side",
    "owner-calendar-token",
    "zanzibarique",
)

#: What the linked partner may see of all that: the entries the owner shared.
SHARED_WITH_PARTNER = ("owner-shared-note",)
#: ... and what they must never see.
PARTNER_SECRETS = tuple(
    s for s in SECRETS if s not in (*SHARED_WITH_PARTNER, "Zephyrine")
)  # "Zephyrine" is the owner's name for the partner: neither secret nor shown

#: Pages anyone may see (they show no one's data).
PUBLIC = {
    "home",
    "login",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "openapi-json",
    "openapi-view",
    "api-root",
    # The installable app's manifest and service worker: the same for everyone, nothing of anyone's.
    "manifest",
    "service_worker",
}

#: Acting on one's own account: walked with GET only, so the outsider stays signed in
#: (and the partner stays linked).
OWN_ACCOUNT = {"logout", "account_delete", "password_change", "unlink"}

_SLOT = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill_each(route: str, values: tuple[str, ...]) -> str:
    """The route with its slots filled in order with `values`."""
    found = iter(values)
    return "/" + _SLOT.sub(lambda _: next(found), route)


def fill(route: str, value: str) -> str:
    """The route with every slot filled with `value` (a regex route gets a guessed path)."""
    if route.startswith("api/^"):
        return f"/api/no-such-thing/{value}"
    return "/" + _SLOT.sub(value, route)


@pytest.fixture
def owner_data(db: None, django_user_model: type[User]) -> dict[str, object]:
    """An owner with a person, events, an assessment, an import and an API token."""
    owner = django_user_model.objects.create_user(username="owner", password="a long calm password")
    store.add_event(
        "Zephyrine",
        CoreEvent(
            at=datetime(2025, 5, 1, 9),
            by="Owner",
            to="Zephyrine",
            kind="support",
            note="owner-secret-note",
        ),
        owner=owner,
    )
    store.add_event(
        "Zephyrine",
        CoreEvent(
            at=datetime(2025, 5, 2, 9),
            by="Zephyrine",
            to="Owner",
            kind="bid",
            note="owner-secret-note",
        ),
        owner=owner,
    )
    store.save_assessment("Zephyrine", dict.fromkeys(_keys(), 3), date(2025, 5, 3), owner=owner)
    ImportJob.objects.create(
        owner=owner,
        kind="ledger",
        filename="owner-secret-file.csv",
        state="done",
        result={"added": 2},
    )
    _, secret = issue_token(owner, "owner-token-name")
    store.add_event(
        "Xanthippe",
        CoreEvent(
            at=datetime(2025, 5, 1),
            by="Owner",
            to="Xanthippe",
            kind="talk",
            note="owner-other-note",
        ),
        owner=owner,
        new=True,
    )
    # A chat import: its figures (the chats page) hold a word only the owner wrote.
    chat = "\n".join(
        [
            "01/05/2025, 09:00 - Owner: zanzibarique zanzibarique",
            "01/05/2025, 09:05 - Zephyrine: zanzibarique!",
        ]
    )
    import_chat(
        owner,
        [(chat.encode(), "owner-chat.txt")],
        "Zephyrine",
        ImportOptions(me="Owner", date_order="dmy"),
    )
    rel = Relationship.objects.get(owner=owner, person__name="Zephyrine")
    Ritual.objects.create(relationship=rel, cadence="weekly", weekdays="7", at_time=time(19))
    IStatement.objects.create(
        relationship=rel,
        feeling="owner-i-statement",
        situation="owner-i-statement",
        need="owner-i-statement",
        sentence="owner-i-statement",
    )
    CalendarFeed.objects.create(
        user=owner, token_hash=hashlib.sha256(b"owner-calendar-token").hexdigest()
    )
    return {"owner": owner, "token": secret, "rel": rel}


@pytest.fixture
def partner_data(owner_data: dict[str, object], django_user_model: type[User]) -> dict[str, object]:
    """A partner whose relationship with the owner is linked, and what the owner keeps or shares.

    Logged after linking: one private and one shared entry; a weekly check-in the
    owner started, whose part by the owner is private; a role reversal where only
    the owner wrote their side.
    """
    owner, rel = owner_data["owner"], owner_data["rel"]
    assert isinstance(owner, User)
    assert isinstance(rel, Relationship)
    partner = django_user_model.objects.create_user(
        username="partner", password="a third calm password"
    )
    store.add_event(
        "Owner",
        CoreEvent(
            at=datetime(2025, 5, 4), by="Partner", to="Owner", kind="talk", note="partner-note"
        ),
        owner=partner,
        new=True,
    )
    partner_rel = Relationship.objects.get(owner=partner)
    Invitation.objects.create(
        relationship=rel,
        code_hash=hashlib.sha256(b"used").hexdigest(),
        expires=datetime(2025, 5, 5, tzinfo=UTC),
    )
    linking.link(rel, partner_rel)
    for note, shared in (("owner-secret-note", False), ("owner-shared-note", True)):
        store.add_event(
            "Zephyrine",
            CoreEvent(
                at=datetime(2025, 5, 6), by="Owner", to="Zephyrine", kind="support", note=note
            ),
            owner=owner,
            shared=shared,
        )
    checkin = CheckIn.objects.create(
        home=access.home(rel), cadence="weekly", period=date(2025, 5, 5), started_by=rel
    )
    # Through the check-in's own save, so its private events are written too.
    checkins.save_part(
        rel,
        checkin,
        dict.fromkeys(("supported", "attention", "progress"), "owner-private-part"),
        shared=False,
    )
    exercise = RoleReversal.objects.create(home=access.home(rel), situation="the move")
    RoleReversalSide.objects.create(exercise=exercise, writer=rel, text="owner-reversal-side")
    _, partner_token = issue_token(partner, "partner's")
    return {"partner": partner, "rel": partner_rel, "token": partner_token}


def _keys() -> tuple[str, ...]:
    from twoway.core.assessment import KEYS

    return KEYS


def snapshot(owner: User, *, pair_things: bool = True) -> list[object]:
    """Everything the owner has, as plain values: it must not change while others walk.

    A linked partner may change the pair's shared things (a ritual's schedule), so
    their walk leaves those out (`pair_things=False`).
    """
    rituals = (
        Ritual.objects.filter(relationship__owner=owner) if pair_things else Ritual.objects.none()
    )
    return [
        list(Person.objects.filter(owner=owner).values().order_by("pk")),
        list(Relationship.objects.filter(owner=owner).values().order_by("pk")),
        list(Event.objects.filter(relationship__owner=owner).values().order_by("pk")),
        list(Assessment.objects.filter(relationship__owner=owner).values().order_by("pk")),
        list(ImportJob.objects.filter(owner=owner).values().order_by("pk")),
        list(ChatExport.objects.filter(relationship__owner=owner).values().order_by("pk")),
        list(ApiToken.objects.filter(user=owner).values().order_by("pk")),
        list(IStatement.objects.filter(relationship__owner=owner).values().order_by("pk")),
        list(CheckInPart.objects.filter(writer__owner=owner).values().order_by("pk")),
        list(RoleReversalSide.objects.filter(writer__owner=owner).values().order_by("pk")),
        list(rituals.values().order_by("pk")),
        list(CalendarFeed.objects.filter(user=owner).values().order_by("pk")),
        User.objects.filter(pk=owner.pk).values("username", "password", "email", "is_active").get(),
    ]


#: Each table holding someone's rows, and the path from a row to its user.
TABLES = {
    "people": (Person, "owner"),
    "relationships": (Relationship, "owner"),
    "events": (Event, "relationship__owner"),
    "assessments": (Assessment, "relationship__owner"),
    "import": (ImportJob, "owner"),
    "tokens": (ApiToken, "user"),
    "rituals": (Ritual, "relationship__owner"),
    "checkins": (CheckIn, "home__owner"),
    "parts": (CheckInPart, "writer__owner"),
    "i-statements": (IStatement, "relationship__owner"),
    "role-reversal": (RoleReversal, "home__owner"),
    "sides": (RoleReversalSide, "writer__owner"),
    "invitations": (Invitation, "relationship__owner"),
    "calendar": (CalendarFeed, "user"),
}


def _pks(table: str, user: User) -> set[int]:
    model, field = TABLES[table]
    return set(model.objects.filter(**{field: user}).values_list("pk", flat=True))


def candidate_ids(route: str, owner: User, outsider: User | None) -> set[str]:
    """The ids to put in a route's slots: every id of the owner's rows, and ids that exist nowhere.

    An id of the owner's from another table may be the outsider's own row in the
    route's table (event 2 and person 2 are different rows): those are left out,
    since the outsider may of course see their own.
    """
    ids = {0, 999_999, owner.pk}
    for table in TABLES:
        ids |= _pks(table, owner)
    segments = route.split("/")
    table = next((t for t in TABLES if t in segments), None)
    if outsider is not None:
        own = {outsider.pk} if table is None else _pks(table, outsider)
        ids -= own - (_pks(table, owner) if table else set())
    return {str(i) for i in ids}


def requests(
    client: Client, url: str, name: str | None, **headers: str
) -> Iterator[tuple[str, object]]:
    """The requests a browser or an API client could send to `url`."""
    yield "GET", client.get(url, **headers)
    if name in OWN_ACCOUNT:
        return
    yield "POST", client.post(url, {}, **headers)
    if url.startswith("/api/") and not url.startswith("/api/tokens"):
        for method in ("patch", "put", "delete"):
            yield (
                method.upper(),
                getattr(client, method)(url, "{}", content_type="application/json", **headers),
            )


def _leaks(body: bytes, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [s for s in secrets if s in text]


def test_the_walk_covers_every_page_and_every_api_route(owner_data: dict[str, object]) -> None:
    names = {name for _, name in routes()}
    for expected in (
        "people",
        "person",
        "log",
        "journal",
        "event_edit",
        "report",
        "assess",
        "chats",
        "import",
        "import_job",
        "account",
        "account_export",
        "api_tokens",
        "get_person",
        "get_event",
        "list_events",
        "report",
    ):
        assert expected in names


def test_an_outsider_sees_nothing_of_the_owner_on_any_route(
    owner_data: dict[str, object], django_user_model: type[User]
) -> None:
    owner = owner_data["owner"]
    assert isinstance(owner, User)
    before = snapshot(owner)
    outsider = django_user_model.objects.create_user(
        username="outsider", password="another calm password"
    )
    store.add_event(
        "Sam", CoreEvent(at=datetime(2025, 5, 1), by="Out", to="Sam", kind="talk"), owner=outsider
    )
    _, outsider_token = issue_token(outsider, "mine")
    browser = Client()
    browser.force_login(outsider)
    api = Client()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {outsider_token}"}
    checked = 0
    for route, name in routes():
        has_slot = _SLOT.search(route) or route.startswith("api/^")
        values = candidate_ids(route, owner, outsider) if has_slot else {"x"}
        for value in sorted(values):
            url = fill(route, value)
            for client, headers in ((browser, {}), (api, bearer)):
                for method, response in requests(client, url, name, **headers):
                    checked += 1
                    where = f"{method} {url} ({name})"
                    assert response.status_code < 500, where
                    assert not _leaks(response.content), f"{where} shows {_leaks(response.content)}"
                    if _SLOT.search(route) and name not in PUBLIC:
                        # The owner's ids are nobody else's business: not found, or refused.
                        assert response.status_code in (302, 400, 401, 403, 404, 405, 422), where
    assert checked > 300
    assert snapshot(owner) == before


def test_an_anonymous_visitor_is_asked_to_log_in_everywhere_but_the_public_pages(
    owner_data: dict[str, object],
) -> None:
    owner = owner_data["owner"]
    assert isinstance(owner, User)
    before = snapshot(owner)
    visitor = Client()
    for route, name in routes():
        values = candidate_ids(route, owner, None) if _SLOT.search(route) else {"x"}
        for value in sorted(values):
            url = fill(route, value)
            for method, response in requests(visitor, url, name):
                where = f"{method} {url} ({name})"
                assert response.status_code < 500, where
                assert not _leaks(response.content), where
                if name in PUBLIC:
                    continue
                if url.startswith("/api/") and not url.startswith("/api/tokens"):
                    assert response.status_code in (401, 404, 405), where
                else:
                    assert response.status_code in (302, 403, 404, 405), where
                    if response.status_code == 302:
                        assert response["Location"].startswith("/account/login/"), where
    assert snapshot(owner) == before


def test_the_owner_token_opens_only_the_owners_data(owner_data: dict[str, object]) -> None:
    """The walk's other side: with the owner's own token the same routes do answer."""
    owner = owner_data["owner"]
    assert isinstance(owner, User)
    person = Person.objects.get(owner=owner, name="Zephyrine")
    api = Client()
    response = api.get(
        f"/api/people/{person.pk}", HTTP_AUTHORIZATION=f"Bearer {owner_data['token']}"
    )
    assert response.status_code == 200
    assert "Zephyrine" in response.content.decode()


def partner_fillings(route: str, owner: User, partner: User) -> Iterator[tuple[str, ...]]:
    """The values for a route's slots, for the partner: their own ids and the owner's.

    A route with one slot gets every id; with several (a person, then a check-in),
    the first gets the people of both and the rest every id, so the partner's own
    pages are walked with the owner's shared things' ids too.
    """
    slots = _SLOT.findall(route)
    everyone = {0, 999_999, owner.pk, partner.pk}
    for table in TABLES:
        everyone |= _pks(table, owner) | _pks(table, partner)
    if len(slots) <= 1:
        yield from ((str(i),) for i in sorted(everyone))
        return
    people = _pks("people", owner) | _pks("people", partner) | {999_999}
    rest = [sorted(everyone)] * (len(slots) - 1)
    for first, *others in itertools.product(sorted(people), *rest):
        yield (str(first), *(str(o) for o in others))


def test_a_linked_partner_sees_what_was_shared_and_nothing_else_on_any_route(
    owner_data: dict[str, object], partner_data: dict[str, object]
) -> None:
    owner, partner = owner_data["owner"], partner_data["partner"]
    assert isinstance(owner, User)
    assert isinstance(partner, User)
    before = snapshot(owner, pair_things=False)
    partner_ids = {partner.pk}
    for table in TABLES:
        partner_ids |= _pks(table, partner)
    browser = Client()
    browser.force_login(partner)
    api = Client()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {partner_data['token']}"}
    checked = shown = 0
    for route, name in routes():
        if route.startswith("api/^"):
            fillings: Iterator[tuple[str, ...]] = iter([("x",)])
        elif _SLOT.search(route):
            fillings = partner_fillings(route, owner, partner)
        else:
            fillings = iter([()])
        for values in fillings:
            url = fill(route, values[0]) if route.startswith("api/^") else fill_each(route, values)
            for client, headers in ((browser, {}), (api, bearer)):
                for method, response in requests(client, url, name, **headers):
                    checked += 1
                    where = f"{method} {url} ({name})"
                    assert response.status_code < 500, where
                    leaks = _leaks(response.content, PARTNER_SECRETS)
                    assert not leaks, f"{where} shows {leaks}"
                    shown += bool(_leaks(response.content, SHARED_WITH_PARTNER))
                    slots = _SLOT.findall(route)
                    if slots and slots[0][1] == "pk" and int(values[0]) not in partner_ids:
                        # Every page is reached through one's own person or entry.
                        assert response.status_code in (302, 400, 401, 403, 404, 405, 422), where
    assert checked > 1000
    # The walk does reach pages that show the owner's shared entries: it could see a leak.
    assert shown > 0
    assert snapshot(owner, pair_things=False) == before
