"""The API's `shared`: out on every event, optional in (by kind, as the log form), own entries only."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client

from tests.web.api.api_helpers import Api
from tests.web.conftest import Couple
from twoway.core.events import Event
from twoway.errors import TwowayError
from twoway.web.api.service import api as ninja_api
from twoway.web.api.tokens import issue_token
from twoway.web.ledger import store
from twoway.web.ledger.editing import NotFound, update_event
from twoway.web.ledger.models import Event as EventRow
from twoway.web.together import linking


@pytest.fixture
def ana_api(client: Client, couple: Couple) -> Api:
    return Api(client, issue_token(couple.ana, "tests")[1])


@pytest.fixture
def ben_api(couple: Couple) -> Api:
    return Api(Client(), issue_token(couple.ben, "tests")[1])


def add(api: Api, couple: Couple, kind: str, **fields: object) -> dict[str, object]:
    body = {"at": "2025-05-01T09:00:00", "by": "me", "kind": kind, **fields}
    if kind == "together":
        body.setdefault("value", "1")
    response = api.post(f"/people/{couple.ana_side.person_id}/events", body)
    assert response.status_code == 201, response.json()
    result: dict[str, object] = response.json()
    return result


@pytest.mark.parametrize(
    ("kind", "sent", "shared"),
    [
        ("support", {}, True),
        ("gratitude", {}, True),
        ("together", {}, False),
        ("conflict", {}, False),
        ("support", {"shared": False}, False),
        ("conflict", {"shared": True}, True),
    ],
)
def test_a_new_event_is_shared_as_sent_else_by_its_kind(
    ana_api: Api, couple: Couple, kind: str, sent: dict[str, bool], shared: bool
) -> None:
    body = add(ana_api, couple, kind, **sent)
    assert body["shared"] is shared
    assert EventRow.objects.get(pk=body["id"]).shared is shared
    assert ana_api.get(f"/events/{body['id']}").json()["shared"] is shared


def test_not_linked_events_are_private_and_sharing_one_is_refused(
    ana_api: Api, couple: Couple
) -> None:
    linking.unlink(couple.ana_side)
    assert add(ana_api, couple, "support")["shared"] is False
    path = f"/people/{couple.ana_side.person_id}/events"
    response = ana_api.post(
        path, {"at": "2025-05-02T09:00:00", "by": "me", "kind": "talk", "shared": True}
    )
    assert response.status_code == 422
    assert "not linked" in response.json()["detail"]
    assert EventRow.objects.filter(relationship=couple.ana_side).count() == 1


def test_shared_can_be_changed_and_only_while_linked(ana_api: Api, couple: Couple) -> None:
    body = add(ana_api, couple, "support")
    changed = ana_api.patch(f"/events/{body['id']}", {"shared": False})
    assert changed.status_code == 200
    assert changed.json() == {**body, "shared": False}
    linking.unlink(couple.ana_side)
    refused = ana_api.patch(f"/events/{body['id']}", {"shared": True})
    assert refused.status_code == 422
    assert EventRow.objects.get(pk=body["id"]).shared is False


def test_the_events_list_holds_only_your_own_entries(
    ana_api: Api, ben_api: Api, couple: Couple
) -> None:
    shared = add(ana_api, couple, "support", note="walked the dog for me")
    listed = ben_api.get(f"/people/{couple.ben_side.person_id}/events").json()
    assert listed["count"] == 0
    for response in (
        ben_api.get(f"/events/{shared['id']}"),
        ben_api.patch(f"/events/{shared['id']}", {"note": "mine now"}),
        ben_api.delete(f"/events/{shared['id']}"),
    ):
        assert response.status_code == 404
    assert EventRow.objects.get(pk=shared["id"]).note == "walked the dog for me"


def test_the_schema_says_the_list_is_your_own_entries() -> None:
    schema = ninja_api.get_openapi_schema(path_prefix="/api/")
    operation = schema["paths"]["/api/people/{person_id}/events"]["get"]
    assert "Only the entries you wrote" in operation["description"]
    assert "shared" in schema["components"]["schemas"]["EventOut"]["required"]
    assert "shared" in schema["components"]["schemas"]["EventIn"]["properties"]
    assert "shared" not in schema["components"]["schemas"]["EventIn"]["required"]


# --- editing.update_event ------------------------------------------------------------


def test_update_event_changes_shared(couple: Couple) -> None:
    store.add_event(
        "Ben", Event(datetime(2025, 5, 1), by="Ana", to="Ben", kind="support"), owner=couple.ana
    )
    row = EventRow.objects.get(relationship=couple.ana_side)
    assert row.shared is True
    assert update_event(couple.ana, row.pk, {"shared": False}).shared is False
    assert update_event(couple.ana, row.pk, {"shared": True}).shared is True


def test_update_event_never_shares_an_entry_of_a_relationship_not_linked(couple: Couple) -> None:
    store.add_event(
        "Ben", Event(datetime(2025, 5, 1), by="Ana", to="Ben", kind="support"), owner=couple.ana
    )
    row = EventRow.objects.get(relationship=couple.ana_side)
    update_event(couple.ana, row.pk, {"shared": False})
    linking.unlink(couple.ana_side)
    with pytest.raises(TwowayError, match="not linked"):
        update_event(couple.ana, row.pk, {"shared": True})
    assert EventRow.objects.get(pk=row.pk).shared is False


def test_update_event_refuses_the_partners_entry(couple: Couple) -> None:
    store.add_event(
        "Ben", Event(datetime(2025, 5, 1), by="Ana", to="Ben", kind="support"), owner=couple.ana
    )
    row = EventRow.objects.get(relationship=couple.ana_side)
    with pytest.raises(NotFound):
        update_event(couple.ben, row.pk, {"shared": False, "note": "mine now"})
    assert EventRow.objects.get(pk=row.pk).shared is True
