"""Export, delete, restore: any account comes back row for row, field by field.

Hypothesis builds accounts with every kind of data an app keeps for them
(people, events with offsets, days alone, extra columns and sharing flags,
self-assessments, moments read from a chat with the owner's reviews (some
of them outliving their event), rituals, check-ins with and without the owner's part,
I-statements, role reversals with and without the owner's side, the reminder
setting), some of them linked with a partner who writes too. The export goes
through JSON text, the account is deleted, a new account of the same name
restores the file, and what is stored for it must be what was stored before,
read straight from the tables. The one change: entries shared with a partner
come back private (the relationship is no longer linked), and the restore
says how many.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.core.assessment import KEYS
from twoway.core.events import CHECKINS, Event
from twoway.web.accounts.portability import (
    delete_account,
    export_account,
    parse_export,
    restore_account,
)
from twoway.web.ledger import RELATIONSHIP_KINDS, reviews, store
from twoway.web.ledger.models import Assessment, MomentReview, Person, Relationship
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.reviews import MOMENT_KINDS
from twoway.web.practices.models import IStatement, RoleReversal, RoleReversalSide
from twoway.web.rituals.models import CheckIn, CheckInPart, ReminderPreference, Ritual
from twoway.web.together import access, linking

NAMES = ("Sam", "Kim", "Robin", "Jo")
START = datetime(2025, 3, 3, 8)
# Text as people write it: any script, quotes, line breaks of every kind.
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from("\n\u2028\"'"),
    min_size=1,
    max_size=12,
).filter(str.strip)
STAMP = st.datetimes(datetime(2024, 1, 1), datetime(2026, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


class _Undo(Exception):
    """Raised at the end of each example, so its rows go and the next starts empty."""


@st.composite
def events(draw: st.DrawFn, me: str, them: str) -> list[tuple[Event, bool]]:
    out = []
    for n in range(draw(st.integers(0, 5))):
        by_me = draw(st.booleans())
        kind = draw(st.sampled_from(["talk", "gratitude", "bid", "repair", "support"]))
        at = START + timedelta(hours=draw(st.integers(0, 2000)))
        day_only = draw(st.booleans())
        event = Event(
            at=at.replace(hour=0) if day_only else at,
            by=me if by_me else them,
            to=them if by_me else me,
            kind=kind,
            value="listen" if kind == "support" else "",
            note=draw(TEXT | st.just("")),
            offset_minutes=None if day_only else draw(st.sampled_from([None, 60, -300])),
            date_only=day_only,
            extra={"mood": draw(TEXT)} if n == 0 and draw(st.booleans()) else {},
        )
        out.append((event, draw(st.booleans())))
    return out


@st.composite
def people(draw: st.DrawFn) -> list[dict[str, Any]]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    out = []
    for name in names:
        out.append(
            {
                "name": name,
                "kind": draw(st.sampled_from(RELATIONSHIP_KINDS)),
                "linked": draw(st.booleans()),
                # Which side was made first decides where the pair's shared things live.
                "partner_first": draw(st.booleans()),
                "events": draw(events("Alex", name)),
                "moments": draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(MOMENT_KINDS),
                            st.sampled_from(["0.75", "0.8", "0.9"]),
                            st.sampled_from([None, "confirmed", "rejected"]),
                            st.sampled_from(["", *MOMENT_KINDS]),  # the kind the owner chose
                            st.booleans(),  # the event is still there (else the review waits)
                        ),
                        max_size=3,
                    )
                ),
                "assessments": draw(
                    st.lists(
                        st.tuples(
                            st.dates(date(2024, 1, 1), date(2025, 12, 31)),
                            st.lists(st.integers(1, 5), min_size=len(KEYS), max_size=len(KEYS)),
                        ),
                        max_size=2,
                        unique_by=lambda a: a[0],
                    )
                ),
                "rituals": draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(CHECKINS),
                            st.sampled_from(["1", "1,4", "1,2,3,4,5,6,7", "7"]),
                            st.sampled_from([1, 2, -1]),
                            st.times().map(lambda t: t.replace(microsecond=0)),
                            st.sampled_from(["UTC", "Pacific/Kiritimati", "Europe/Paris"]),
                            st.booleans(),
                        ),
                        max_size=2,
                        unique_by=lambda r: r[0],
                    )
                ),
                "checkins": draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(CHECKINS),
                            st.dates(date(2024, 1, 1), date(2025, 12, 31)),
                            st.booleans(),  # started by me
                            st.sampled_from(["mine", "theirs", "both", "none"]),
                            st.dictionaries(st.sampled_from(["win", "challenge"]), TEXT),
                            st.booleans(),  # my part shared
                        ),
                        max_size=2,
                        unique_by=lambda c: (c[0], c[1]),
                    )
                ),
                "statements": draw(st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT), max_size=2)),
                "reversals": draw(
                    st.lists(
                        st.tuples(TEXT, st.sampled_from(["mine", "theirs", "both"])), max_size=2
                    )
                ),
            }
        )
    return out


def fill(owner: User, partner: User, plan: list[dict[str, Any]], reminders: Any) -> int:
    """Store `plan` for `owner` (and the partner's writing beside it); returns entries shared."""
    shared = 0
    for p in plan:
        name = p["name"]
        theirs = None
        if p["linked"] and p["partner_first"]:
            theirs = _relationship(partner, f"Alex-{name}", name)
        rel = _relationship(owner, name, "Alex", p["kind"])
        if p["linked"]:
            theirs = theirs or _relationship(partner, f"Alex-{name}", name)
            linking.link(rel, theirs)
            store.add_event(
                f"Alex-{name}",
                Event(START, name, "talk", to=f"Alex-{name}", note="PARTNER-ONLY"),
                owner=partner,
                shared=True,
            )
        for event, share in p["events"]:
            store.add_event(name, event, owner=owner, shared=share)
        for n, (kind, confidence, verdict, chosen, kept) in enumerate(p["moments"]):
            key = f"moment-whatsapp-20250401T0{n}0000-{kind}"
            logged = store.add_event(
                name,
                Event(
                    START + timedelta(days=30, hours=n),
                    name if n % 2 else "Alex",
                    kind,
                    to="Alex" if n % 2 else name,
                    id=key,
                    value="comfort" if kind == "support" else "",
                    note=f"moment {n}",
                    extra={"confidence": confidence},
                ),
                owner=owner,
            )
            row = EventRow.objects.get(pk=logged.pk)
            if verdict is not None:
                reviews.review(row, verdict, kind=chosen)
            if not kept:
                row.delete()
        shared += EventRow.objects.filter(relationship=rel, shared=True).count()
        for day, answers in p["assessments"]:
            store.save_assessment(name, dict(zip(KEYS, answers, strict=True)), day, owner=owner)
        for cadence, days, week, at, zone, active in p["rituals"]:
            Ritual.objects.create(
                relationship=rel,
                cadence=cadence,
                weekdays=days,
                week_of_month=week,
                at_time=at,
                time_zone=zone,
                active=active,
            )
        for cadence, period, by_me, whose, answers, part_shared in p["checkins"]:
            if whose != "mine" and theirs is None:
                whose = "mine" if whose == "both" else "none"
            checkin = CheckIn.objects.create(
                home=access.home(rel),
                cadence=cadence,
                period=period,
                started_by=rel if by_me else theirs,
            )
            if whose in {"mine", "both"}:
                CheckInPart.objects.create(
                    checkin=checkin, writer=rel, answers=answers, shared=part_shared
                )
            if whose in {"theirs", "both"}:
                CheckInPart.objects.create(
                    checkin=checkin, writer=theirs, answers={"win": "PARTNER-ONLY"}
                )
        for feeling, situation, need, sentence in p["statements"]:
            IStatement.objects.create(
                relationship=rel, feeling=feeling, situation=situation, need=need, sentence=sentence
            )
        for situation, whose in p["reversals"]:
            exercise = RoleReversal.objects.create(home=access.home(rel), situation=situation)
            if whose in {"mine", "both"} or theirs is None:
                RoleReversalSide.objects.create(exercise=exercise, writer=rel, text=situation[::-1])
            if whose in {"theirs", "both"} and theirs is not None:
                RoleReversalSide.objects.create(
                    exercise=exercise, writer=theirs, text="PARTNER-ONLY"
                )
    if reminders is not None:
        ReminderPreference.objects.create(
            user=owner, by_email=reminders[0], minutes_before=reminders[1]
        )
    return shared


def _relationship(owner: User, name: str, me: str, kind: str = "partner") -> Relationship:
    person = Person.objects.create(owner=owner, name=name)
    return Relationship.objects.create(owner=owner, person=person, kind=kind, me_name=me)


def rows(items: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """In one order whatever they hold (None beside a number too)."""
    return sorted(items, key=repr)


def snapshot(owner: User) -> dict[str, Any]:
    """Every row stored for `owner`, by person name, without ids: what must come back."""
    rels = {r.pk: r.person.name for r in Relationship.objects.filter(owner=owner)}
    mine_exercises = RoleReversal.objects.filter(home__owner=owner) | RoleReversal.objects.filter(
        sides__writer__owner=owner
    )
    mine_checkins = CheckIn.objects.filter(home__owner=owner) | CheckIn.objects.filter(
        parts__writer__owner=owner
    )

    def person_of_checkin(c: CheckIn) -> str:
        part = c.parts.filter(writer__owner=owner).first()
        return rels[part.writer_id if part else c.home_id]

    def person_of_exercise(e: RoleReversal) -> str:
        side = e.sides.filter(writer__owner=owner).first()
        return rels[side.writer_id if side else e.home_id]

    return {
        "people": rows(
            (r.person.name, r.kind, r.me_name) for r in Relationship.objects.filter(owner=owner)
        ),
        "events": rows(
            (
                rels[e.relationship_id],
                e.at,
                e.offset_minutes,
                e.date_only,
                e.by_me,
                e.kind,
                e.key,
                e.ref,
                e.value,
                e.note,
                sorted(e.extra.items()),
                e.fingerprint,
            )
            for e in EventRow.objects.filter(relationship__owner=owner)
        ),
        "moment_reviews": rows(
            (rels[r.relationship_id], r.key, r.verdict, r.kind, r.style)
            for r in MomentReview.objects.filter(relationship__owner=owner)
        ),
        "assessments": rows(
            (rels[a.relationship_id], a.taken_on, json.dumps(a.answers, sort_keys=True), a.score)
            for a in Assessment.objects.filter(relationship__owner=owner)
        ),
        "rituals": rows(
            (
                rels[r.relationship_id],
                r.cadence,
                r.weekdays,
                r.week_of_month,
                r.at_time,
                r.time_zone,
                r.active,
                r.created,
            )
            for r in Ritual.objects.filter(relationship__owner=owner)
        ),
        "checkins": rows(
            (person_of_checkin(c), c.cadence, c.period, c.started_by_id in rels, c.started)
            for c in mine_checkins.distinct()
        ),
        "parts": rows(
            (
                rels[p.writer_id],
                p.checkin.cadence,
                p.checkin.period,
                json.dumps(p.answers, sort_keys=True),
                p.shared,
                p.created,
            )
            for p in CheckInPart.objects.filter(writer__owner=owner)
        ),
        "statements": rows(
            (rels[s.relationship_id], s.feeling, s.situation, s.need, s.sentence, s.created)
            for s in IStatement.objects.filter(relationship__owner=owner)
        ),
        "reversals": rows(
            (person_of_exercise(e), e.situation, e.created) for e in mine_exercises.distinct()
        ),
        "sides": rows(
            (rels[s.writer_id], s.exercise.situation, s.text, s.created)
            for s in RoleReversalSide.objects.filter(writer__owner=owner)
        ),
        "reminders": rows(
            (r.by_email, r.minutes_before) for r in ReminderPreference.objects.filter(user=owner)
        ),
    }


@pytest.mark.slow
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=people(),
    reminders=st.none() | st.tuples(st.booleans(), st.integers(0, 24 * 60)),
)
def test_export_delete_restore_gives_back_every_row(
    db: None, plan: list[dict[str, Any]], reminders: Any
) -> None:
    try:
        with transaction.atomic():
            owner = User.objects.create(username="alex")
            partner = User.objects.create(username="partner")
            shared = fill(owner, partner, plan, reminders)
            before = snapshot(owner)
            text = json.dumps(export_account(owner), ensure_ascii=False)
            assert "PARTNER-ONLY" not in text

            delete_account(owner)
            assert not Person.objects.filter(owner__username="alex").exists()
            again = User.objects.create(username="alex")
            result = restore_account(again, parse_export(text))

            assert snapshot(again) == before
            # Nothing is shared in a relationship that is not linked; the restore says so.
            assert not EventRow.objects.filter(relationship__owner=again, shared=True).exists()
            assert result.added("events") == len(before["events"])
            assert bool(result.notes) == (shared > 0)
            if shared:
                assert result.notes[0].startswith(f"{shared:,} ")
            # Restoring the same file again adds nothing.
            twice = restore_account(again, parse_export(text))
            assert not any(r.added for r in twice.items)
            assert snapshot(again) == before
            raise _Undo
    except _Undo:
        pass
