"""Fixtures for the accounts tests: one user with a password, and a journal to fill an account with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from twoway.core.assessment import KEYS
from twoway.files import load_ledger
from twoway.simulate import demo_ledgers
from twoway.web.ledger import store

PASSWORD = "a calm river at dusk"
LEDGERS = Path(__file__).parents[2] / "data" / "ledgers"


@pytest.fixture
def password() -> str:
    """alex's password."""
    return PASSWORD


@pytest.fixture
def alex(db: None, django_user_model: type[User]) -> User:
    """A user with an e-mail address and a password (hashed with Argon2: create few)."""
    return django_user_model.objects.create_user(
        username="alex", email="alex@example.org", password=PASSWORD
    )


@pytest.fixture
def alex_client(client: Client, alex: User) -> Client:
    """A browser where alex is logged in."""
    client.force_login(alex)
    return client


@pytest.fixture
def fill_account() -> Callable[[User], None]:
    """Fills an account with a varied journal (see `_fill`)."""
    return _fill


def _fill(owner: User) -> None:
    """A varied journal: extra columns, UTC offsets, day-only and twin rows, demo
    ledgers of six months, assessments, and a person known only by an assessment."""
    store.import_ledger(
        "Sam", load_ledger(LEDGERS / "store-alex-sam.csv"), kind="partner", owner=owner
    )
    for name, (kind, ledger) in demo_ledgers(date(2025, 6, 1)).items():
        if name != "Sam":
            store.import_ledger(name, ledger, kind=kind, owner=owner)
    steady = dict.fromkeys(KEYS, 3)
    store.save_assessment("Sam", steady, date(2025, 3, 1), owner=owner)
    store.save_assessment("Sam", {**steady, "energy": 5}, date(2025, 4, 1), owner=owner)
    store.save_assessment(
        "Kim", steady, date(2025, 5, 1), me="Alex", kind="friend", new=True, owner=owner
    )
