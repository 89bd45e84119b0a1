"""Every route of the published schema, tried with someone else's ids and with made-up ones.

The routes come from the OpenAPI schema itself, so a route added later is
checked without anyone remembering to list it here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.api.api_helpers import Api, events_of
from twoway.web.api.service import api as ninja_api
from twoway.web.ledger.models import Event, Person

#: A valid body for each method that takes one, so the id is all that can be wrong.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/people/{person_id}/events"): {
        "at": "2024-03-20T10:00:00",
        "by": "me",
        "kind": "talk",
    },
    ("patch", "/api/people/{person_id}"): {"kind": "partner"},
    ("patch", "/api/events/{event_id}"): {"note": "changed"},
}


def routes_with_ids() -> list[tuple[str, str]]:
    """(method, path) of every operation whose path holds an id."""
    paths = ninja_api.get_openapi_schema(path_prefix="/api/")["paths"]
    return sorted((method, path) for path, ops in paths.items() for method in ops if "{" in path)


def all_routes() -> list[tuple[str, str]]:
    paths = ninja_api.get_openapi_schema(path_prefix="/api/")["paths"]
    return sorted((method, path) for path, ops in paths.items() for method in ops)


def call(api: Api, method: str, path: str, person_id: int, event_id: int) -> Any:
    url = path.removeprefix("/api").format(person_id=person_id, event_id=event_id)
    body = BODIES.get((method, path))
    if method == "get":
        return api.get(url)
    if method == "delete":
        return api.delete(url)
    return getattr(api, method)(url, body)


def test_the_schema_lists_the_routes_this_test_expects() -> None:
    assert routes_with_ids() == [
        ("delete", "/api/events/{event_id}"),
        ("delete", "/api/people/{person_id}"),
        ("get", "/api/events/{event_id}"),
        ("get", "/api/people/{person_id}"),
        ("get", "/api/people/{person_id}/events"),
        ("get", "/api/people/{person_id}/report"),
        ("patch", "/api/events/{event_id}"),
        ("patch", "/api/people/{person_id}"),
        ("post", "/api/people/{person_id}/events"),
    ]


@pytest.mark.parametrize(("method", "path"), routes_with_ids())
def test_someone_elses_ids_and_missing_ids_are_the_same_404(
    api: Api, sam: Person, theirs: Person, method: str, path: str
) -> None:
    their_event = events_of(theirs)[0]
    top_person, top_event = Person.objects.latest("pk"), Event.objects.latest("pk")
    guesses = [
        (theirs.pk, their_event.pk),  # ids that exist, but are not the owner's
        (top_person.pk + 1, top_event.pk + 1),  # the next ids to be given out
        (2**63 - 1, 2**63 - 1),
    ]
    bodies = set()
    for person_id, event_id in guesses:
        response = call(api, method, path, person_id, event_id)
        assert response.status_code == 404, (person_id, event_id)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        bodies.add(response.content)
    assert len(bodies) == 1  # the same bytes for someone else's row and a missing one
    assert json.loads(bodies.pop())["error"] == {
        "code": "not_found",
        "message": "Not found",
        "fields": {},
    }
    # Nothing of theirs changed.
    assert Person.objects.get(pk=theirs.pk).relationship.kind == "friend"
    assert len(events_of(theirs)) == 7
    assert Event.objects.get(pk=their_event.pk).note == their_event.note


@pytest.mark.parametrize(("method", "path"), all_routes())
def test_every_route_refuses_a_visitor_without_a_token(
    anonymous: Api, sam: Person, method: str, path: str
) -> None:
    event = events_of(sam)[0]
    response = call(anonymous, method, path, sam.pk, event.pk)
    assert response.status_code == 401
    assert len(events_of(sam)) == 7


def test_lists_hold_only_your_own(api: Api, sam: Person, theirs: Person, outsider: User) -> None:
    assert [p["id"] for p in api.get("/people").json()] == [sam.pk]
    mine = {e["id"] for e in api.get(f"/people/{sam.pk}/events").json()["items"]}
    assert mine == {e.pk for e in events_of(sam)}
