"""/api/people/{id}/events and /api/events/{id}: a ledger's rows through the API."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from tests.web.api.api_helpers import Api, events_of
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Person


def row(person: Person, kind: str) -> Event:
    return Event.objects.filter(relationship__person=person, kind=kind).earliest("at", "pk")


def test_a_persons_events_come_in_time_order_with_their_fields(api: Api, sam: Person) -> None:
    response = api.get(f"/people/{sam.pk}/events")
    assert response.status_code == 200
    page = response.json()
    assert (page["count"], page["limit"], page["offset"]) == (7, 100, 0)
    assert [e["kind"] for e in page["items"]] == [
        "bid",
        "response",
        "support",
        "support",
        "together",
        "need",
        "talk",
    ]
    bid = row(sam, "bid")
    assert page["items"][0] == {
        "id": bid.pk,
        "person_id": sam.pk,
        "at": "2024-03-01T12:00:00",
        "offset_minutes": None,
        "date_only": False,
        "by": "them",
        "kind": "bid",
        "key": "bid-1",
        "ref": "",
        "value": "",
        "note": "sent a photo",
        "shared": False,
    }
    assert page["items"][1]["by"] == "me"


def test_events_are_filtered_by_kind_and_days_and_paged(api: Api, sam: Person) -> None:
    def kinds(**query: Any) -> tuple[int, list[str]]:
        page = api.get(f"/people/{sam.pk}/events", **query).json()
        return page["count"], [e["kind"] for e in page["items"]]

    assert kinds(kind="support") == (2, ["support", "support"])
    assert kinds(since="2024-03-04", until="2024-03-06") == (3, ["support", "together", "need"])
    assert kinds(until="2024-03-01") == (2, ["bid", "response"])
    assert kinds(limit=2, offset=3) == (7, ["support", "together"])
    assert kinds(since="9999-12-31", until="9999-12-31") == (0, [])
    response = api.get(f"/people/{sam.pk}/events", kind="shouting")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("kind: Input should be 'support'")


def test_an_event_is_added_through_the_ledgers_rules(api: Api, sam: Person) -> None:
    response = api.post(
        f"/people/{sam.pk}/events",
        {
            "at": "2024-03-10T18:30:00+01:00",
            "by": "them",
            "kind": "met",
            "ref": "need-1",
            "note": "made time on Sunday",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "person_id": sam.pk,
        "at": "2024-03-10T18:30:00",
        "offset_minutes": 60,
        "date_only": False,
        "by": "them",
        "kind": "met",
        "key": "",
        "ref": "need-1",
        "value": "",
        "note": "made time on Sunday",
        "shared": False,
    }
    ledger = store.relationship_ledger(sam.relationship)
    assert ledger.frame["kind"].to_list()[-1] == "met"
    assert ledger.frame["offset"].to_list()[-1] == 60


def test_a_new_bid_gets_an_id_and_a_day_alone_has_no_time(api: Api, sam: Person) -> None:
    response = api.post(
        f"/people/{sam.pk}/events",
        {"at": "2024-03-11T09:15:00", "date_only": True, "by": "me", "kind": "bid"},
    )
    assert response.status_code == 201
    assert (response.json()["key"], response.json()["at"]) == ("bid-2", "2024-03-11T00:00:00")


def test_the_ledgers_refusals_are_422_naming_the_field(api: Api, sam: Person) -> None:
    cases = {
        "value": {"kind": "support", "value": "shouting"},
        "ref": {"kind": "response", "ref": "bid-9", "value": "toward"},
        "by": {"kind": "response", "ref": "bid-1", "value": "away", "by": "them"},
    }
    for field, body in cases.items():
        response = api.post(
            f"/people/{sam.pk}/events", {"at": "2024-03-12T10:00:00", "by": "me", **body}
        )
        assert response.status_code == 422, field
        detail = response.json()["detail"]
        assert detail.startswith("not logged: "), detail
        assert detail.endswith(f"(`{field}`)"), detail
    assert len(events_of(sam)) == 7


def test_an_id_in_use_is_refused(api: Api, sam: Person) -> None:
    response = api.post(
        f"/people/{sam.pk}/events",
        {"at": "2024-03-12T10:00:00", "by": "me", "kind": "need", "key": "bid-1"},
    )
    assert response.status_code == 422
    assert "the id 'bid-1' is already used in Sam's ledger" in response.json()["detail"]


def test_an_event_is_read_changed_and_deleted(api: Api, sam: Person) -> None:
    created = api.post(
        f"/people/{sam.pk}/events",
        {"at": "2024-03-12T10:00:00", "by": "me", "kind": "support", "value": "comfort"},
    ).json()
    path = f"/events/{created['id']}"
    assert api.get(path).json() == created

    changed = api.patch(path, {"value": "celebrate", "note": "the new job", "by": "them"})
    assert changed.status_code == 200
    assert changed.json() == {**created, "value": "celebrate", "note": "the new job", "by": "them"}
    assert api.get(path).json() == changed.json()

    moved = api.patch(path, {"at": "2024-03-13T08:00:00-05:00"}).json()
    assert (moved["at"], moved["offset_minutes"]) == ("2024-03-13T08:00:00", -300)
    day = api.patch(path, {"date_only": True}).json()
    assert (day["at"], day["offset_minutes"], day["date_only"]) == (
        "2024-03-13T00:00:00",
        None,
        True,
    )

    assert api.delete(path).json() == {"id": created["id"]}
    assert api.get(path).status_code == 404
    assert len(events_of(sam)) == 7


def test_a_change_that_breaks_the_ledger_is_refused(api: Api, sam: Person) -> None:
    support = row(sam, "support")
    response = api.patch(f"/events/{support.pk}", {"value": "shouting"})
    assert response.status_code == 422
    assert response.json()["detail"].endswith("(`value`)")
    bid = row(sam, "bid")
    response = api.patch(f"/events/{bid.pk}", {"kind": "talk"})
    assert response.status_code == 422
    assert "refers to bid-1" in response.json()["detail"]
    assert row(sam, "bid").pk == bid.pk


def test_deleting_an_answered_bid_names_its_answer(api: Api, sam: Person) -> None:
    bid, response_row = row(sam, "bid"), row(sam, "response")
    response = api.delete(f"/events/{bid.pk}")
    assert response.status_code == 422
    message = (
        f"bid bid-1 on 2024-03-01 cannot be deleted: response #{response_row.pk} "
        "on 2024-03-01 refers to it. Change or delete it first."
    )
    assert response.json()["detail"] == response.json()["error"]["message"] == message


def test_a_body_that_is_not_json_is_a_json_error(api: Api, sam: Person, owner: User) -> None:
    response = api.client.post(
        f"/api/people/{sam.pk}/events",
        "{not json",
        "application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "detail" in response.json()


def test_an_idempotency_key_makes_a_retried_create_add_nothing(api: Api, sam: Person) -> None:
    body = {"at": "2024-03-12T08:00:00", "by": "me", "kind": "support", "value": "help"}
    headers = {"Idempotency-Key": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}
    before = Event.objects.filter(relationship__person=sam).count()
    first = api.post(f"/people/{sam.pk}/events", body, headers=headers)
    again = api.post(f"/people/{sam.pk}/events", body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Event.objects.filter(relationship__person=sam).count() == before + 1
    other = api.post(f"/people/{sam.pk}/events", body, headers={"Idempotency-Key": "another-key-1"})
    assert other.json()["id"] != first.json()["id"]


def test_a_malformed_idempotency_key_is_refused_naming_the_header(api: Api, sam: Person) -> None:
    body = {"at": "2024-03-12T08:00:00", "by": "me", "kind": "support"}
    response = api.post(f"/people/{sam.pk}/events", body, headers={"Idempotency-Key": "a b"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Idempotency-Key:")
