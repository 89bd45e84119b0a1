"""The demo account of `twoway serve --demo`: the demo ledgers, under a login printed at start."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from twoway.core.events import SHARED_BY_DEFAULT
from twoway.core.events import Event as CoreEvent
from twoway.simulate import demo_ledgers
from twoway.web.ledger import RELATIONSHIP_KINDS, store
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.models import Relationship
from twoway.web.practices.models import RoleReversal, RoleReversalSide
from twoway.web.rituals import checkins
from twoway.web.rituals.models import Ritual
from twoway.web.together import access
from twoway.web.together.linking import link

DEMO_USER = "demo"
#: The demo's partner, with their own account linked to the demo's: how two use twoway together.
DEMO_PARTNER = "Sam"
#: Weeks of the partner's own logging, and of the demo's entries shared with them.
TOGETHER_WEEKS = 8


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """How to log in to the demo account."""

    username: str
    password: str
    people: tuple[str, ...]
    partner: str = ""


def make_demo_account(end: date, *, seed: int = 7) -> DemoLogin:
    """Create the demo account afresh (replacing an earlier one) with a new password.

    The ledgers are `twoway demo`'s, ending on `end`, so the reports look current.
    """
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    ledgers = demo_ledgers(end=end, seed=seed)
    partner = DEMO_PARTNER.lower()
    with transaction.atomic():
        # Cascades to all their rows.
        User.objects.filter(username__in=[DEMO_USER, partner]).delete()
        user = User.objects.create_user(username=DEMO_USER, password=password)
        for name, (kind, ledger) in ledgers.items():
            relation = kind if kind in RELATIONSHIP_KINDS else "other"
            store.import_ledger(
                name, ledger, me=ledger.other(name), kind=relation, new=True, owner=user
            )
        _make_partner(user, partner, password, end, seed)
    return DemoLogin(DEMO_USER, password, tuple(ledgers), partner)


def _make_partner(demo: User, username: str, password: str, end: date, seed: int) -> None:
    """Sam's own account, linked with the demo's Sam: the last weeks logged from both sides.

    The demo's entries of those weeks are shared by their kinds' defaults. Sam logs
    most of the support they gave and some of what they received, so the
    perception gap has acts both noticed and acts only one side logged. Sam has
    started this week's check-in and a role reversal, each waiting for the demo's part.
    """
    rng = random.Random(seed)
    mine = Relationship.objects.select_related("person").get(owner=demo, person__name=DEMO_PARTNER)
    since = datetime.combine(end - timedelta(weeks=TOGETHER_WEEKS), time())
    recent = mine.events.filter(at__gte=since.replace(tzinfo=UTC))
    sam = User.objects.create_user(username=username, password=password)
    me, them = DEMO_PARTNER, mine.me_name  # in Sam's ledger, Sam is "me"
    store.add_event(
        them,
        CoreEvent(at=since, by=me, to=them, kind="talk", note="we tried twoway together"),
        owner=sam,
        kind="partner",
        new=True,
    )
    theirs = Relationship.objects.get(owner=sam)
    link(mine, theirs)
    recent.filter(kind__in=SHARED_BY_DEFAULT).update(shared=True)
    for row in recent.filter(kind__in=("support", "gratitude")).order_by("at", "pk"):
        # Sam logs 85% of what they gave and 60% of what they received.
        if rng.random() > (0.6 if row.by_me else 0.85):
            continue
        store.add_event(
            them,
            CoreEvent(
                at=floating(row.at).replace(hour=21, minute=0),
                by=them if row.by_me else me,
                to=me if row.by_me else them,
                kind=row.kind,
                value=row.value,
            ),
            owner=sam,
            shared=True,
        )
    zone = settings.TWOWAY_TIME_ZONE
    Ritual.objects.create(
        relationship=mine, cadence="weekly", weekdays="7", at_time=time(19), time_zone=zone
    )
    Ritual.objects.create(
        relationship=mine,
        cadence="daily",
        weekdays="1,2,3,4,5,6,7",
        at_time=time(21),
        time_zone=zone,
    )
    # This week's check-in: Sam started it and wrote their part; the demo's is still open.
    checkin, _ = checkins.start(theirs, "weekly")
    checkins.save_part(
        theirs,
        checkin,
        {
            "supported": "You took over the cooking the week my project was due.",
            "attention": "I'd love us to plan one slow Sunday a month, just the two of us.",
            "progress": "We talked before bed more often than last month.",
        },
        shared=True,
    )
    exercise = RoleReversal.objects.create(
        home=access.home(mine), situation="The weekend we disagreed about visiting family."
    )
    RoleReversalSide.objects.create(
        exercise=exercise,
        writer=theirs,
        text="You'd been looking forward to a quiet weekend and felt the plan was made without you.",
    )
