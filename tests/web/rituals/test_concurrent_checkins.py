"""Both partners at the same moment lose nothing: real threads on a real, committing database.

On SQLite the store is a file of its own (WAL, transactions that take the write
lock at BEGIN, a busy timeout: see settings.sqlite_settings); on PostgreSQL
(`DATABASE_URL`, as `make test-pg` runs) the test commits for real
(`transactional_db`). Each partner is a thread with its own browser and its own
database connection, closed when the thread ends. A `threading.Barrier` holds
both where they collide (both having found no check-in and about to make it;
both about to write their parts), so they really meet instead of taking turns
by luck.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from tests.concurrency import WAIT, at_once, browser
from tests.web.conftest import Couple, make_couple
from twoway.web.ledger.models import Event, Relationship
from twoway.web.rituals import checkins
from twoway.web.rituals.models import CheckIn, CheckInPart


@pytest.fixture
def pair(committed_db: None) -> Couple:
    """Ana and Ben, linked, in the committed database (`couple` lives in the test's transaction)."""
    return make_couple()


def hold_before(monkeypatch: pytest.MonkeyPatch, name: str, barrier: threading.Barrier) -> None:
    """Make `checkins.<name>` wait at the barrier after it ran, for both threads to meet."""
    real = getattr(checkins, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        barrier.wait(WAIT)
        return found

    monkeypatch.setattr(checkins, name, held)


def count_inserts(monkeypatch: pytest.MonkeyPatch, model: type[Any]) -> list[str]:
    """Note each attempt to insert a `model` row (the insert itself still runs)."""
    tries: list[str] = []
    real = QuerySet.create

    def create(self: QuerySet[Any], **kwargs: Any) -> Any:
        if self.model is model:
            tries.append(threading.current_thread().name)
        return real(self, **kwargs)

    monkeypatch.setattr(QuerySet, "create", create)
    return tries


def meet_after_finding_none(
    monkeypatch: pytest.MonkeyPatch, model: type[Any], barrier: threading.Barrier
) -> None:
    """A lookup of `model` that finds nothing waits there for the other thread's to."""
    real = QuerySet.get

    def get(self: QuerySet[Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return real(self, *args, **kwargs)
        except self.model.DoesNotExist:
            if self.model is model:
                barrier.wait(WAIT)
            raise

    monkeypatch.setattr(QuerySet, "get", get)


@pytest.mark.parametrize("cadence", ["daily", "weekly", "monthly"])
def test_both_starting_at_once_make_one_check_in_both_see(
    pair: Couple, monkeypatch: pytest.MonkeyPatch, cadence: str
):
    # Both have looked for this period's check-in and found none: both go on to make it.
    meet_after_finding_none(monkeypatch, CheckIn, threading.Barrier(2))
    tries = count_inserts(monkeypatch, CheckIn)
    ana, ben = browser(pair.ana_side), browser(pair.ben_side)

    def start(client: Client, rel: Relationship) -> Callable[[], str]:
        url = reverse("checkin_start", args=[rel.person_id])
        return lambda: client.post(url, {"cadence": cadence})["Location"]

    ana_went, ben_went = at_once(start(ana, pair.ana_side), start(ben, pair.ben_side))

    checkin = CheckIn.objects.get()
    assert len(tries) == 2  # both tried to insert it: they really collided
    assert checkin.cadence == cadence
    assert checkin.started_by in (pair.ana_side, pair.ben_side)
    assert ana_went == reverse("checkin", args=[pair.ana_side.person_id, checkin.pk])
    assert ben_went == reverse("checkin", args=[pair.ben_side.person_id, checkin.pk])
    assert ana.get(ana_went).status_code == 200
    assert ben.get(ben_went).status_code == 200


def hold_writers(monkeypatch: pytest.MonkeyPatch, on_postgres: bool) -> None:
    """Make two part savers meet where they collide hardest on this database.

    PostgreSQL lets both transactions run at once: they meet inside them, each
    with its part inserted and its first event about to be written. SQLite lets
    one writer at a time (the write lock is taken at BEGIN), so meeting inside
    would only wait out the busy timeout: they meet right before BEGIN, and the
    second waits for the first instead of failing.
    """
    barrier = threading.Barrier(2)
    if not on_postgres:
        hold_before(monkeypatch, "part_events", barrier)
        return
    real = checkins.add_event
    met = threading.local()

    def add_event(*args: Any, **kwargs: Any) -> Any:
        if not getattr(met, "done", False):
            met.done = True
            barrier.wait(WAIT)
        return real(*args, **kwargs)

    monkeypatch.setattr(checkins, "add_event", add_event)


def test_both_saving_their_parts_at_once_keep_both_and_all_their_events(
    pair: Couple, monkeypatch: pytest.MonkeyPatch, on_postgres: bool
):
    checkin, _ = checkins.start(pair.ana_side, "weekly")
    hold_writers(monkeypatch, on_postgres)
    ana, ben = browser(pair.ana_side), browser(pair.ben_side)

    def save(client: Client, rel: Relationship, words: str) -> Callable[[], int]:
        url = reverse("checkin", args=[rel.person_id, checkin.pk])
        answers = {"supported": f"{words}, thank you", "attention": "Sleep", "shared": "on"}
        return lambda: client.post(url, answers).status_code

    assert at_once(save(ana, pair.ana_side, "The soup"), save(ben, pair.ben_side, "The lift")) == [
        302,
        302,
    ]

    parts = {p.writer_id: p for p in CheckInPart.objects.filter(checkin=checkin)}
    assert set(parts) == {pair.ana_side.pk, pair.ben_side.pk}
    assert parts[pair.ana_side.pk].answers["supported"] == "The soup, thank you"
    assert parts[pair.ben_side.pk].answers["supported"] == "The lift, thank you"
    for rel, started in ((pair.ana_side, True), (pair.ben_side, False)):
        rows = list(Event.objects.filter(relationship=rel).order_by("pk"))
        assert [(e.kind, e.by_me) for e in rows] == [
            ("checkin", started),
            ("gratitude", True),
            ("need", True),
        ]
        assert all(e.shared for e in rows)
    # And each sees the other's part.
    page = ana.get(reverse("checkin", args=[pair.ana_side.person_id, checkin.pk]))
    assert "The lift, thank you" in page.content.decode()


def test_one_side_saving_twice_at_once_keeps_one_part(
    pair: Couple, monkeypatch: pytest.MonkeyPatch
):
    # Two tabs of the same person: one part, one set of events, no error page. Both
    # have built their events and are about to open their transactions.
    checkin, _ = checkins.start(pair.ana_side, "daily")
    hold_before(monkeypatch, "part_events", threading.Barrier(2))
    url = reverse("checkin", args=[pair.ana_side.person_id, checkin.pk])
    one, two = browser(pair.ana_side), browser(pair.ana_side)

    def save(client: Client, win: str) -> Callable[[], int]:
        return lambda: client.post(url, {"win": win, "shared": "on"}).status_code

    assert at_once(save(one, "A walk"), save(two, "A call")) == [302, 302]
    assert CheckInPart.objects.count() == 1
    assert Event.objects.filter(relationship=pair.ana_side).count() == 1
