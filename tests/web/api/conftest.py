"""Fixtures for the API tests: an owner with a ledger, an outsider with theirs, and tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.web.api.api_helpers import Api, fill
from twoway.web.api.tokens import issue_token
from twoway.web.ledger.models import Person


@pytest.fixture
def owner(db: None, django_user_model: type[User]) -> User:
    """The user whose data the tests read and write (no password: hashing is slow)."""
    return django_user_model.objects.create_user(username="alex")


@pytest.fixture
def outsider(db: None, django_user_model: type[User]) -> User:
    """Another user, who must never see the owner's rows, nor the owner theirs."""
    return django_user_model.objects.create_user(username="jo")


@pytest.fixture
def token(owner: User) -> str:
    """A token of the owner's."""
    return issue_token(owner, "tests")[1]


@pytest.fixture
def api(client: Client, token: str) -> Api:
    """The owner's API client."""
    return Api(client, token)


@pytest.fixture
def anonymous(client: Client) -> Api:
    """An API client without a token."""
    return Api(client, None)


@pytest.fixture
def sam(owner: User) -> Person:
    """The owner's friend Sam, with a small ledger."""
    return fill(owner)


@pytest.fixture
def theirs(outsider: User) -> Person:
    """The outsider's own Sam, with a ledger of the same shape."""
    return fill(outsider, "Sam", "Jo")
