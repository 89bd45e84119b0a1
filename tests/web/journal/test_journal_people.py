"""People: the list, adding someone, editing, removing; only ever your own."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from twoway.web.ledger.models import Event, Person


def test_adding_a_person_creates_the_relationship_and_opens_the_log_form(
    owner_client: Client, owner: User
) -> None:
    response = owner_client.post(
        "/people/new/", {"name": " Sam ", "kind": "friend", "me_name": "Alex"}
    )
    sam = Person.objects.get(owner=owner)
    assert sam.name == "Sam"
    assert (sam.relationship.kind, sam.relationship.me_name) == ("friend", "Alex")
    assert response["Location"] == f"/log/?person={sam.pk}"


def test_a_name_already_taken_is_refused_whatever_its_case(
    owner_client: Client, owner: User
) -> None:
    owner_client.post("/people/new/", {"name": "Sam", "kind": "friend", "me_name": "Alex"})
    response = owner_client.post(
        "/people/new/", {"name": "sam", "kind": "family", "me_name": "Alex"}
    )
    assert response.status_code == 200
    assert "You already have someone called sam." in response.content.decode()
    assert Person.objects.filter(owner=owner).count() == 1


def test_you_and_the_person_need_different_names(owner_client: Client, owner: User) -> None:
    response = owner_client.post(
        "/people/new/", {"name": "Alex", "kind": "friend", "me_name": "alex"}
    )
    assert "You and the person need different names here." in response.content.decode()
    assert not Person.objects.filter(owner=owner).exists()


def test_the_people_page_lists_each_person_with_their_entries(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    page = owner_client.get("/people/").content.decode()
    for name, person in demo.items():
        assert f'href="/people/{person.pk}/report/">{name}</a>' in page
        count = Event.objects.filter(relationship__person=person).count()
        assert f"{count} entries" in page


def test_renaming_keeps_the_history(owner_client: Client, demo: dict[str, Person]) -> None:
    sam = demo["Sam"]
    before = Event.objects.filter(relationship__person=sam).count()
    owner_client.post(
        f"/people/{sam.pk}/", {"name": "Samira", "kind": "partner", "me_name": "Alex"}
    )
    sam.refresh_from_db()
    assert sam.name == "Samira"
    assert sam.relationship.kind == "partner"
    assert Event.objects.filter(relationship__person=sam).count() == before


def test_removing_a_person_needs_their_name_and_removes_every_entry(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    sam = demo["Sam"]
    owner_client.post(f"/people/{sam.pk}/delete/", {"confirm": "Jordan"})
    assert Person.objects.filter(pk=sam.pk).exists()
    owner_client.post(f"/people/{sam.pk}/delete/", {"confirm": "sam"})
    assert not Person.objects.filter(pk=sam.pk).exists()
    assert not Event.objects.filter(relationship__person_id=sam.pk).exists()


def test_someone_elses_person_is_not_found(
    owner_client: Client, outsider: User, demo: dict[str, Person]
) -> None:
    theirs = Person.objects.get(owner=outsider)
    for url in (
        f"/people/{theirs.pk}/",
        f"/people/{theirs.pk}/report/",
        f"/people/{theirs.pk}/assess/",
    ):
        assert owner_client.get(url).status_code == 404
    assert owner_client.post(f"/people/{theirs.pk}/delete/", {"confirm": "Sam"}).status_code == 404
    assert Person.objects.filter(pk=theirs.pk).exists()
