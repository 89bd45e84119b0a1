"""Fixtures for the site's pages: an owner with people, and an outsider with their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client

from twoway.simulate import demo_ledgers
from twoway.web.ledger import store
from twoway.web.ledger.models import Person, Relationship
from twoway.web.site import clock
from twoway.web.together import linking

PASSWORD = "slow walks by the canal"
#: Where `frozen_today` stops the site's clock: late in the day, so a mix-up of zones shows.
FROZEN = datetime(2024, 3, 20, 23, 30)
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


@dataclass(frozen=True)
class Couple:
    """Two accounts whose relationships with each other are linked."""

    ana: User
    ben: User
    ana_side: Relationship  # Ana's relationship with her person "Ben"
    ben_side: Relationship  # Ben's relationship with his person "Ana"


def make_couple() -> Couple:
    """Ana and Ben, each with an account and a person for the other, linked."""
    ana = User.objects.create_user(username="ana", password=PASSWORD)
    ben = User.objects.create_user(username="ben", password=PASSWORD)
    ana_side = Relationship.objects.create(
        owner=ana,
        person=Person.objects.create(owner=ana, name="Ben"),
        kind="partner",
        me_name="Ana",
    )
    ben_side = Relationship.objects.create(
        owner=ben,
        person=Person.objects.create(owner=ben, name="Ana"),
        kind="partner",
        me_name="Ben",
    )
    linking.link(ana_side, ben_side)
    return Couple(ana, ben, ana_side, ben_side)


@pytest.fixture
def couple(db: None) -> Couple:
    """Ana and Ben, each with an account and a person for the other, linked."""
    return make_couple()


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The site's clock stopped at `FROZEN` (wall-clock, in TWOWAY_TIME_ZONE); returns "today".

    For a test that needs today: it then passes on any day, in any time zone,
    and across midnight.
    """
    monkeypatch.setattr(clock, "now", lambda: FROZEN)
    return FROZEN.date()
