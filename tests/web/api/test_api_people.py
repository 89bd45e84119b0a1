"""/api/people: list, add, read, change and delete people."""

from __future__ import annotations

from django.contrib.auth.models import User

from tests.web.api.api_helpers import Api
from twoway.web.ledger.models import Event, Person


def test_the_list_holds_each_person_with_the_size_of_their_ledger(api: Api, sam: Person) -> None:
    response = api.get("/people")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": sam.pk,
            "name": "Sam",
            "kind": "friend",
            "me_name": "Alex",
            "events": 7,
            "last_event": "2024-03-09T12:00:00",
        }
    ]


def test_a_person_is_added_with_an_empty_ledger(api: Api, sam: Person) -> None:
    response = api.post("/people", {"name": "Jo", "kind": "family"})
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "name": "Jo",
        "kind": "family",
        "me_name": "Alex",  # the name you go by with Sam
        "events": 0,
        "last_event": None,
    }
    assert Person.objects.get(pk=body["id"]).relationship.me_name == "Alex"


def test_a_name_already_in_your_people_is_refused(api: Api, sam: Person) -> None:
    response = api.post("/people", {"name": " sam "})
    assert response.status_code == 422
    assert response.json()["detail"] == "name: someone called 'sam' is already in your people"


def test_you_and_the_person_cannot_share_a_name(api: Api) -> None:
    response = api.post("/people", {"name": "Alex", "me_name": "alex"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("me_name: you and the person cannot both")


def test_a_missing_or_unknown_field_value_is_named(api: Api) -> None:
    response = api.post("/people", {"kind": "enemy"})
    assert response.status_code == 422
    body = response.json()
    assert "name: Field required" in body["detail"]
    assert "kind: Input should be 'partner', 'friend', 'family' or 'other'" in body["detail"]
    assert {e["field"] for e in body["errors"]} == {"name", "kind"}


def test_one_person_is_read_by_id(api: Api, sam: Person) -> None:
    response = api.get(f"/people/{sam.pk}")
    assert response.status_code == 200
    assert response.json()["events"] == 7


def test_a_person_is_changed_and_fields_left_out_stay(api: Api, sam: Person) -> None:
    response = api.patch(f"/people/{sam.pk}", {"name": "Samira", "me_name": None})
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["me_name"]) == ("Samira", "Alex")
    response = api.patch(f"/people/{sam.pk}", {"kind": "partner"})
    assert (response.json()["name"], response.json()["kind"]) == ("Samira", "partner")


def test_a_rename_to_someone_elses_name_is_refused(api: Api, sam: Person, owner: User) -> None:
    jo = api.post("/people", {"name": "Jo"}).json()
    response = api.patch(f"/people/{jo['id']}", {"name": "SAM"})
    assert response.status_code == 422
    assert response.json()["detail"] == "name: someone called 'SAM' is already in your people"


def test_deleting_a_person_deletes_their_ledger(api: Api, sam: Person) -> None:
    response = api.delete(f"/people/{sam.pk}")
    assert response.status_code == 200
    assert response.json() == {"person": "Sam", "events": 7, "assessments": 0}
    assert not Person.objects.filter(pk=sam.pk).exists()
    assert not Event.objects.exists()
    assert api.get(f"/people/{sam.pk}").status_code == 404
