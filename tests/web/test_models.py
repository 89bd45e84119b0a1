"""The store's tables: constraints hold in a real SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError, transaction

from twoway.web.ledger.models import Assessment, Event, Person, Relationship


def relationship(owner: User, name: str) -> Relationship:
    person = Person.objects.create(owner=owner, name=name)
    return Relationship.objects.create(owner=owner, person=person, kind="friend", me_name="Alex")


def event(rel: Relationship, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "at": datetime(2024, 3, 1, 18, 30, tzinfo=UTC),
        "by_me": True,
        "kind": "support",
        "fingerprint": "f0",
    }
    values.update(fields)
    return Event.objects.create(relationship=rel, **values)


@pytest.fixture
def owner(store: ModuleType) -> User:
    return User.objects.create(username="owner")


def test_a_persons_name_is_unique_per_owner_ignoring_case(owner: User) -> None:
    relationship(owner, "Sam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(owner=owner, name="sam")
    outsider = User.objects.create(username="outsider")
    Person.objects.create(owner=outsider, name="Sam")  # someone else's Sam is fine
    assert Person.objects.get(owner=owner, name__iexact="SAM").name == "Sam"


def test_a_ledger_id_is_unique_within_a_relationship(owner: User) -> None:
    sam, jo = relationship(owner, "Sam"), relationship(owner, "Jo")
    event(sam, key="b1", fingerprint="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        event(sam, key="b1", fingerprint="b")
    event(jo, key="b1", fingerprint="a")  # another relationship may use the same id


def test_rows_without_a_ledger_id_are_many(owner: User) -> None:
    sam = relationship(owner, "Sam")
    for n in range(3):
        event(sam, key="", fingerprint=f"f{n}")
    assert sam.events.count() == 3


def test_a_fingerprint_is_stored_once_per_relationship(owner: User) -> None:
    sam, jo = relationship(owner, "Sam"), relationship(owner, "Jo")
    event(sam, fingerprint="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        event(sam, fingerprint="same")
    event(jo, fingerprint="same")


def test_a_person_has_one_relationship(owner: User) -> None:
    sam = relationship(owner, "Sam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Relationship.objects.create(owner=owner, person=sam.person, me_name="Alex")


def test_the_wall_clock_time_comes_back_as_written(owner: User) -> None:
    sam = relationship(owner, "Sam")
    stored = event(sam, at=datetime(2024, 3, 31, 2, 30, tzinfo=UTC), offset_minutes=120)
    again = Event.objects.get(pk=stored.pk)
    assert again.at.replace(tzinfo=None) == datetime(2024, 3, 31, 2, 30)
    assert again.offset_minutes == 120


def test_deleting_a_person_removes_everything_of_theirs(owner: User) -> None:
    sam, jo = relationship(owner, "Sam"), relationship(owner, "Jo")
    event(sam)
    event(jo)
    Assessment.objects.create(relationship=sam, taken_on="2024-03-01", answers={}, score=50)
    sam.person.delete()
    assert not Relationship.objects.filter(person__name="Sam").exists()
    assert Event.objects.count() == 1
    assert Assessment.objects.count() == 0


def test_the_migrations_match_the_models(store: ModuleType) -> None:
    call_command("makemigrations", "ledger", check=True, dry_run=True, verbosity=0)
