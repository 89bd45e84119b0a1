"""The demo of `twoway serve --demo`: three relationships, and Sam's own account linked."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from twoway.web.demo_account import make_demo_account
from twoway.web.ledger.models import Event, Relationship
from twoway.web.practices.models import RoleReversalSide
from twoway.web.rituals.models import CheckIn, Ritual
from twoway.web.together import access

END = date(2025, 6, 1)


def test_the_demo_has_a_partner_account_linked_with_the_demos_sam(db: None) -> None:
    login = make_demo_account(END)
    assert login.partner == "sam"
    demo = Relationship.objects.get(owner__username="demo", person__name="Sam")
    sam = Relationship.objects.get(owner__username="sam")
    assert demo.linked == sam
    assert sam.linked == demo
    assert sam.person.name == demo.me_name
    # Both sides logged; only recent, shareable kinds of the demo's are shared.
    assert Event.objects.filter(relationship=sam, kind="support").count() > 5
    shared = Event.objects.filter(relationship=demo, shared=True)
    assert shared.exists()
    assert not shared.filter(kind__in=("conflict", "together", "response")).exists()
    assert Event.objects.filter(relationship=demo, shared=False).count() > shared.count()
    assert set(Ritual.objects.filter(relationship=demo).values_list("cadence", flat=True)) == {
        "daily",
        "weekly",
    }
    # A check-in and a role reversal wait for the demo's part.
    (checkin,) = CheckIn.objects.all()
    assert checkin.started_by == sam
    assert list(checkin.parts.values_list("writer", flat=True)) == [sam.pk]
    assert RoleReversalSide.objects.get().writer == sam
    # Sam sees the demo's shared entries and none of the private ones.
    visible = access.visible_events(sam)
    assert (
        visible.filter(relationship=demo).count()
        == Event.objects.filter(relationship=demo, shared=True).count()
    )


def test_making_the_demo_again_replaces_both_accounts(db: None) -> None:
    first = make_demo_account(END)
    second = make_demo_account(END)
    assert first.password != second.password
    assert User.objects.filter(username__in=["demo", "sam"]).count() == 2
    sam = User.objects.get(username="sam")
    assert sam.check_password(second.password)
    assert not sam.check_password(first.password)
