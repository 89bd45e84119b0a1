"""Two people accepting the same code at the same moment: exactly one links.

The threads need commits the other can see: on PostgreSQL the test commits
for real (pytest-django's `transactional_db`); on SQLite it runs on a store
file of its own (in-memory SQLite is one connection, not two writers).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.concurrency import WAIT, at_once
from twoway.web.ledger.models import Person, Relationship
from twoway.web.together import invitations, linking
from twoway.web.together.invitations import InvitationError, NewPerson
from twoway.web.together.models import Invitation


def test_two_acceptances_at_once_link_exactly_one(
    committed_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = User.objects.create_user(username="ana")
    rivals = [User.objects.create_user(username=n) for n in ("ben", "cleo")]
    person = Person.objects.create(owner=ana, name="Ben")
    anas_ben = Relationship.objects.create(owner=ana, person=person, kind="friend", me_name="Ana")
    code = invitations.invite(anas_ben).code

    # Widen the window between the check and the link, so the two really overlap:
    # without the invitation's lock both would pass the check.
    real_link = linking.link

    def slow_link(*args: Any) -> None:
        time.sleep(0.3)
        real_link(*args)

    monkeypatch.setattr(linking, "link", slow_link)

    start = threading.Barrier(len(rivals))

    def accept(user: User) -> Callable[[], tuple[str, str]]:
        def run() -> tuple[str, str]:
            start.wait(WAIT)
            try:
                invitations.accept(
                    code, user, new=NewPerson("Ana", user.username.title(), "friend")
                )
            except InvitationError as exc:
                return user.username, str(exc)
            return user.username, "linked"

        return run

    outcomes = dict(at_once(*(accept(u) for u in rivals)))

    assert sorted(outcomes) == ["ben", "cleo"]
    winners = [name for name, said in outcomes.items() if said == "linked"]
    assert len(winners) == 1, outcomes
    (loser,) = set(outcomes) - set(winners)
    # The loser waited for the lock, then found the code used: never a half-made link.
    assert "already been used" in outcomes[loser]
    anas_ben.refresh_from_db()
    assert anas_ben.linked is not None
    assert anas_ben.linked.owner.username == winners[0]
    assert not Person.objects.filter(owner__username=loser).exists()
    assert Invitation.objects.get().accepted is not None
