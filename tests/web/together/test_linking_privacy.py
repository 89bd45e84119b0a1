"""Ending a link, however it ends, leaves nothing shared for a later link to reveal."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User

from tests.web.conftest import Couple
from twoway.core.events import Event as CoreEvent
from twoway.web.accounts.portability import delete_account
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Relationship
from twoway.web.together import linking


def _log(user: User, person: str, me: str, *, shared: bool | None = None) -> None:
    store.add_event(
        person,
        CoreEvent(at=datetime(2025, 5, 1, 9), by=me, to=person, kind="support", note=me),
        owner=user,
        shared=shared,
    )


def test_unlinking_makes_both_sides_entries_private_again(couple: Couple) -> None:
    _log(couple.ana, "Ben", "Ana")
    _log(couple.ben, "Ana", "Ben")
    assert Event.objects.filter(shared=True).count() == 2  # support is shared by default
    linking.unlink(couple.ben_side)
    assert not Event.objects.filter(shared=True).exists()
    assert Event.objects.count() == 2


def test_deleting_one_side_makes_the_other_sides_entries_private(couple: Couple) -> None:
    _log(couple.ben, "Ana", "Ben")
    delete_account(couple.ana)
    ben_side = Relationship.objects.get(pk=couple.ben_side.pk)
    assert ben_side.linked is None
    assert list(Event.objects.filter(relationship=ben_side).values_list("shared", flat=True)) == [
        False
    ]


def test_deleting_the_person_unlinks_the_same_way(couple: Couple) -> None:
    _log(couple.ben, "Ana", "Ben")
    store.delete_person("Ben", owner=couple.ana)
    assert not Event.objects.filter(shared=True).exists()
    assert Relationship.objects.get(pk=couple.ben_side.pk).linked is None


def test_an_entry_cannot_be_shared_in_a_journal_kept_alone(owner: User) -> None:
    _log(owner, "Sam", "Alex", shared=True)
    assert list(Event.objects.values_list("shared", flat=True)) == [False]
