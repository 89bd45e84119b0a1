"""Helpers for the API tests: a JSON client with a token, and a small ledger to fill."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from twoway.core.events import Event
from twoway.web.ledger import store
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.models import Person


@dataclass
class Api:
    """A client that talks JSON to /api with a token (or none)."""

    client: Client
    token: str | None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"/api{path}", query, headers=self._headers())

    def post(self, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            f"/api{path}",
            json.dumps(body or {}),
            "application/json",
            headers={**self._headers(), **(headers or {})},
        )

    def patch(self, path: str, body: Any = None) -> Any:
        return self.client.patch(
            f"/api{path}", json.dumps(body or {}), "application/json", headers=self._headers()
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api{path}", headers=self._headers())


def at(day: int, hour: int = 12) -> datetime:
    """A wall-clock time in March 2024."""
    return datetime(2024, 3, day, hour, 0)


def fill(owner: User, name: str = "Sam", me: str = "Alex") -> Person:
    """A small ledger: a bid answered, support both ways, time together, a need."""
    for event in (
        Event(at(1), by=name, to=me, kind="bid", note="sent a photo"),
        Event(at(1, 13), by=me, to=name, kind="response", ref="bid-1", value="toward"),
        Event(at(2), by=me, to=name, kind="support", value="listen", note="the move"),
        Event(at(4), by=name, to=me, kind="support", value="help"),
        Event(at(5), by=me, to=name, kind="together", value="2"),
        Event(at(6), by=me, to=name, kind="need", note="more time"),
        Event(at(9), by=name, to=me, kind="talk"),
    ):
        store.add_event(name, event, kind="friend", owner=owner)
    return Person.objects.get(owner=owner, name=name)


def events_of(person: Person) -> list[EventRow]:
    """A person's stored events in ledger order."""
    return list(EventRow.objects.filter(relationship__person=person).order_by("at", "pk"))
