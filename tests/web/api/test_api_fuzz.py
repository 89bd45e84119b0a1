"""The API fuzzed with schemathesis against its own published schema, in-process (WSGI).

Requests are generated from /api/openapi.json, valid and invalid alike, and sent
with a real token. Ids in paths mostly point at the owner's real person and
events (so the ledger's rules are exercised, not only 404s); the rest are
whatever was generated. Every answer must be documented in the schema (status,
content type, body) and none may be a server error. The outsider's data must
come out untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.api.api_helpers import events_of, fill
from twoway.web.api.tokens import issue_token
from twoway.web.ledger.models import Person
from twoway.web.wsgi import application

#: Examples per operation: about 30 s for all of them; set more to search harder locally.
EXAMPLES = int(os.environ.get("TWOWAY_API_FUZZ_EXAMPLES", "30"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process(db: None) -> Iterator[None]:
    """Requests sent straight to the WSGI app keep the test's database connection.

    Django closes connections between requests; inside a test's transaction that
    would lose the data (as Django's own test client knows, and avoids the same way).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


#: Loaded when the tests are collected: serving the schema reads nothing from the database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


class Ledgers:
    """The owner's ledger that requests aim at (made again if a request deleted it)."""

    def __init__(self, owner: User, outsider: User) -> None:
        self.owner = owner
        self.token = issue_token(owner, "fuzz")[1]
        self.theirs = fill(outsider, "Sam", "Jo")
        self.their_events = [(e.pk, e.note, e.at) for e in events_of(self.theirs)]
        self.person = fill(owner)

    def current(self) -> tuple[int, list[int]]:
        """The owner's person's id and their events' ids, making them again when gone."""
        if not Person.objects.filter(pk=self.person.pk).exists():
            self.person = fill(self.owner, f"Sam {self.person.pk}")
        return self.person.pk, [e.pk for e in events_of(self.person)]


@pytest.fixture
def ledgers(owner: User, outsider: User, in_process: None) -> Iterator[Ledgers]:
    made = Ledgers(owner, outsider)
    yield made
    # Whatever was sent with the owner's token, the outsider's ledger is as it was.
    assert [(e.pk, e.note, e.at) for e in events_of(made.theirs)] == made.their_events
    assert Person.objects.get(pk=made.theirs.pk).name == "Sam"


def aim(case: Any, ledgers: Ledgers) -> None:
    """Point two of three generated ids at the owner's real rows (deterministically)."""
    params = case.path_parameters or {}
    person_id, event_ids = ledgers.current()
    generated = params.get("person_id")
    if isinstance(generated, int) and generated % 3:
        params["person_id"] = person_id
    generated = params.get("event_id")
    if isinstance(generated, int) and generated % 3 and event_ids:
        params["event_id"] = event_ids[generated % len(event_ids)]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    # The ledgers live across examples on purpose: `Ledgers.current` keeps them usable.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_makes_the_api_fail_or_stray_from_its_schema(
    case: Any, ledgers: Ledgers
) -> None:
    aim(case, ledgers)
    case.call_and_validate(headers={"Authorization": f"Bearer {ledgers.token}"}, checks=CHECKS)
