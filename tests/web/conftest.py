"""Fixtures for the site's pages: an owner with people, and an outsider with their own."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from twoway.simulate import demo_ledgers
from twoway.web.ledger import store
from twoway.web.ledger.models import Person, Relationship

PASSWORD = "slow walks by the canal"
#: The demo ledgers end here, so every test sees the same report.
END = date(2025, 6, 1)


@pytest.fixture
def owner(db: None, django_user_model: type[User]) -> User:
    """The user whose pages these are."""
    return django_user_model.objects.create_user(username="alex", password=PASSWORD)


@pytest.fixture
def outsider(db: None, django_user_model: type[User]) -> User:
    """Another user of the same site, with a person of their own."""
    user = django_user_model.objects.create_user(username="morgan", password=PASSWORD)
    sam = Person.objects.create(owner=user, name="Sam")  # the owner's Sam's name, on purpose
    Relationship.objects.create(owner=user, person=sam, kind="friend", me_name="Morgan")
    return user


@pytest.fixture
def owner_client(client: Client, owner: User) -> Client:
    """A browser where the owner is logged in."""
    client.force_login(owner)
    return client


@pytest.fixture
def demo(owner: User) -> dict[str, Person]:
    """The owner's three demo relationships (Sam, Jordan, Robin), ending on END."""
    for name, (kind, ledger) in demo_ledgers(END).items():
        store.import_ledger(name, ledger, me=ledger.other(name), kind=kind, new=True, owner=owner)
    return {p.name: p for p in Person.objects.filter(owner=owner)}
