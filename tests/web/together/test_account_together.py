"""Export and deletion with a linked partner: your writing is yours, theirs stays theirs."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD, Couple
from twoway.core.events import Event as CoreEvent
from twoway.web.accounts.portability import delete_account, export_account, restore_account
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Relationship
from twoway.web.practices.models import IStatement, RoleReversal, RoleReversalSide
from twoway.web.rituals.models import CheckIn, CheckInPart, Ritual
from twoway.web.together import access


def _log(couple: Couple) -> None:
    """Each side logs a shared and a private entry; Ana also writes beside the ledger."""
    for user, person, me in ((couple.ana, "Ben", "Ana"), (couple.ben, "Ana", "Ben")):
        for day, shared in ((1, False), (2, True)):
            store.add_event(
                person,
                CoreEvent(
                    at=datetime(2025, 5, day, 9),
                    by=me,
                    to=person,
                    kind="support",
                    note=f"{me}-{'shared' if shared else 'private'}",
                ),
                owner=user,
                shared=shared,
            )
    ana = couple.ana_side
    Ritual.objects.create(relationship=ana, cadence="weekly", weekdays="7", at_time=time(19))
    checkin = CheckIn.objects.create(
        home=access.home(ana), cadence="weekly", period=date(2025, 5, 5), started_by=ana
    )
    CheckInPart.objects.create(checkin=checkin, writer=ana, answers={"win": "Ana's win"})
    CheckInPart.objects.create(checkin=checkin, writer=couple.ben_side, answers={"win": "Ben's"})
    IStatement.objects.create(
        relationship=ana, feeling="tired", situation="x", need="y", sentence="Ana's sentence"
    )
    exercise = RoleReversal.objects.create(home=access.home(ana), situation="the move")
    RoleReversalSide.objects.create(exercise=exercise, writer=ana, text="Ana's view of Ben")
    RoleReversalSide.objects.create(exercise=exercise, writer=couple.ben_side, text="Ben's view")


def test_the_export_holds_what_you_wrote_and_nothing_your_partner_wrote(couple: Couple) -> None:
    _log(couple)
    exported = export_account(couple.ana)
    text = json.dumps(exported)
    (ben,) = exported["ledger"]["people"]
    assert [row["note"] for row in ben["events"]] == ["Ana-private", "Ana-shared"]
    assert ben["shared_rows"] == [1]
    (ritual,) = exported["rituals"]["rituals"]
    assert (ritual["person"], ritual["cadence"]) == ("Ben", "weekly")
    (checkin,) = exported["rituals"]["checkins"]
    assert (checkin["person"], checkin["period"], checkin["started_by_me"]) == (
        "Ben",
        "2025-05-05",
        True,
    )
    assert (checkin["part"]["answers"], checkin["part"]["shared"]) == ({"win": "Ana's win"}, True)
    assert exported["practices"]["i_statements"][0]["sentence"] == "Ana's sentence"
    (exercise,) = exported["practices"]["role_reversals"]
    assert (exercise["situation"], exercise["my_side"]) == ("the move", "Ana's view of Ben")
    assert exported["manifest"]["rituals"] == {
        "rituals": 1,
        "checkins": 1,
        "parts": 1,
        "reminders": 0,
    }
    for bens in ("Ben-shared", "Ben-private", "Ben's view", '"Ben\'s"'):
        assert bens not in text


def test_a_new_account_gets_everything_back_and_entries_shared_before_come_back_private(
    couple: Couple, django_user_model: type[User]
) -> None:
    _log(couple)
    browser = Client()
    browser.force_login(couple.ana)
    exported = json.loads(browser.get(reverse("account_export")).content)
    newcomer = django_user_model.objects.create_user(username="newcomer", password=PASSWORD)
    result = restore_account(newcomer, exported)
    restored = Event.objects.filter(relationship__owner=newcomer)
    assert restored.count() == 2
    # Not linked: a later link, perhaps with someone else, must not show what was shared.
    assert not restored.filter(shared=True).exists()
    assert result.notes == (
        "1 entry was shared with a linked partner and came back private, because the "
        "relationship is not linked now; once you link again, you can share them from the "
        "journal.",
    )
    rel = Relationship.objects.get(owner=newcomer)
    assert Ritual.objects.get(relationship=rel).at_time == time(19)
    part = CheckInPart.objects.get(writer=rel)
    assert (part.answers, part.checkin.home, part.checkin.started_by) == (
        {"win": "Ana's win"},
        rel,
        rel,
    )
    assert IStatement.objects.get(relationship=rel).sentence == "Ana's sentence"
    side = RoleReversalSide.objects.get(writer=rel)
    assert (side.text, side.exercise.situation, side.exercise.home) == (
        "Ana's view of Ben",
        "the move",
        rel,
    )
    assert {(r.item, r.added) for r in result.items if r.added} == {
        ("people", 1),
        ("events", 2),
        ("rituals", 1),
        ("checkins", 1),
        ("parts", 1),
        ("i_statements", 1),
        ("role_reversals", 1),
        ("sides", 1),
    }
    assert export_account(newcomer)["manifest"] == {
        **exported["manifest"],
        "ledger": {**exported["manifest"]["ledger"], "shared": 0},
    }


def test_a_restore_into_a_linked_relationship_shares_again_what_was_shared(
    couple: Couple,
) -> None:
    _log(couple)
    exported = export_account(couple.ana)
    Event.objects.filter(relationship=couple.ana_side).delete()
    result = restore_account(couple.ana, exported)
    assert dict(
        Event.objects.filter(relationship=couple.ana_side).values_list("note", "shared")
    ) == {"Ana-private": False, "Ana-shared": True}
    assert (result.added("shared"), result.notes) == (1, ())
    # The rest was there already, and is left as it was.
    assert result.added("checkins") == result.added("sides") == 0
    assert (result.present("checkins"), result.present("sides")) == (1, 1)
    # Ben sees Ana's shared entry again, and still not her private one.
    seen = access.visible_events(couple.ben_side).values_list("note", flat=True)
    assert "Ana-shared" in seen
    assert "Ana-private" not in seen


def test_deleting_an_account_unlinks_and_leaves_the_partner_every_entry_of_theirs(
    couple: Couple,
) -> None:
    _log(couple)
    bens_before = list(
        Event.objects.filter(relationship=couple.ben_side).values_list("note", flat=True)
    )
    delete_account(couple.ana)
    ben_side = Relationship.objects.get(pk=couple.ben_side.pk)
    assert ben_side.linked is None
    assert list(Event.objects.filter(relationship=ben_side).values_list("note", flat=True)) == (
        bens_before
    )
    assert not Event.objects.filter(note__startswith="Ana-").exists()
    assert not IStatement.objects.exists()
    # Nothing of Ana's is left for Ben to see.
    assert list(access.visible_events(ben_side).values_list("note", flat=True)) == bens_before
