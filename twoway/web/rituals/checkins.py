"""Check-ins: starting one for the current period, and saving one side's part.

A check-in lives at the pair's home (`access.home`), one per cadence and period,
so both partners pressing "Start" at the same moment meet on one row. Each side
saves its part once; the part and the ledger events it writes go in one
transaction, in the writer's own relationship.

Who started a check-in, as seen from `rel`: `started_by == rel` is you; anything
else is the other person (their relationship when linked; None when you log a
check-in alone that the other person started, or their account is gone).

What a part writes in the writer's ledger (docs/method.md, "Rituals"):

* always a `checkin` (value: the cadence; `by`: whoever started it; at: when
  it was started, so both sides' rows are one act; note: the short answers);
* weekly: a `gratitude` by you to them for the moment you felt supported, and a
  `need` by you for the area that needs more attention;
* monthly: a `need` by you when your needs are only partly met or not yet, and a
  `commitment` by you for what you try next (value: its date, or empty).

Each is written only when its answer was given, and shared exactly as the part is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from twoway.core.events import Event
from twoway.core.rituals import period_of
from twoway.web.ledger.models import Relationship
from twoway.web.ledger.writing import add_event
from twoway.web.rituals.models import CheckIn, CheckInPart
from twoway.web.rituals.schedules import now, pair_rituals, site_zone
from twoway.web.site import clock
from twoway.web.together import access

#: The longest a `checkin` event's note may be; the answers are kept whole in the part.
NOTE_LIMIT = 500

#: Each cadence's answers and how they are named in the check-in event's note.
ANSWERS: dict[str, tuple[tuple[str, str], ...]] = {
    "daily": (("challenge", "Hard right now"), ("win", "Went well")),
    "weekly": (
        ("supported", "Felt supported"),
        ("attention", "Needs more care"),
        ("progress", "Progress"),
    ),
    "monthly": (
        ("hard", "Hard"),
        ("needs_met", "Needs met"),
        ("needs_words", "About my needs"),
        ("next_step", "We try next"),
        ("next_date", "By"),
    ),
}

NEEDS_MET = {"yes": "Yes", "partly": "Partly", "not_yet": "Not yet"}


def current_period(rel: Relationship, cadence: str, at: datetime | None = None) -> date:
    """The period (a date) a check-in started now belongs to, in the ritual's own zone."""
    ritual = pair_rituals(rel).get(cadence)
    zone = ZoneInfo(ritual.time_zone if ritual else site_zone())
    return period_of(cadence, (at or now()).astimezone(zone).date())


def pair_checkins(rel: Relationship) -> QuerySet[CheckIn]:
    """Every check-in of the pair (they live at either side; normally at home)."""
    return CheckIn.objects.filter(home_id__in=access.pair_ids(rel))


def reachable(rel: Relationship, pk: int) -> CheckIn:
    """The pair's check-in `pk`, else a 404 (someone else's is never found)."""
    found = pair_checkins(rel).filter(pk=pk).select_related("started_by").first()
    if found is None:
        raise Http404("No such check-in.")
    return found


def visible_parts(rel: Relationship) -> QuerySet[CheckInPart]:
    """The parts the owner of `rel` may read: all of their own, the partner's shared ones."""
    if rel.linked_id is None:
        return CheckInPart.objects.filter(writer=rel)
    return CheckInPart.objects.filter(Q(writer=rel) | Q(writer_id=rel.linked_id, shared=True))


def started_by_me(checkin: CheckIn, rel: Relationship) -> bool:
    return checkin.started_by_id == rel.pk


def start(rel: Relationship, cadence: str, *, by_me: bool = True) -> tuple[CheckIn, bool]:
    """The pair's check-in of `cadence` for the current period; made when missing.

    Returns it and whether this call made it. When both sides start at the same
    moment, one makes it and the other gets that one (the unique constraint on
    home, cadence and period decides). `by_me=False` records that the other
    person started it, for a check-in logged alone (not linked).
    """
    home = access.home(rel)
    period = current_period(rel, cadence)
    starter = rel if by_me or rel.linked_id is not None else None
    try:
        return CheckIn.objects.get_or_create(
            home=home, cadence=cadence, period=period, defaults={"started_by": starter}
        )
    except IntegrityError:
        # Made by the other side between get_or_create's read and its insert.
        return CheckIn.objects.get(home=home, cadence=cadence, period=period), False


class AlreadySaved(Exception):
    """This side's part of the check-in is already saved (a second tab, a double click)."""


@dataclass(frozen=True)
class Saved:
    part: CheckInPart
    kinds: tuple[str, ...]  # the kinds of the events written, in order


def save_part(
    rel: Relationship, checkin: CheckIn, answers: dict[str, str], *, shared: bool
) -> Saved:
    """Save `rel`'s part of `checkin` and write its events in `rel`'s ledger, all or nothing.

    A part of a relationship that is not linked is always private.
    """
    shared = shared and rel.linked_id is not None
    events = part_events(rel, checkin, answers)
    try:
        with transaction.atomic():
            part = CheckInPart.objects.create(
                checkin=checkin, writer=rel, answers=answers, shared=shared
            )
            for event in events:
                add_event(rel.person.name, event, owner=rel.owner, shared=shared)
    except IntegrityError:
        if CheckInPart.objects.filter(checkin=checkin, writer=rel).exists():
            raise AlreadySaved from None
        raise
    return Saved(part, tuple(e.kind for e in events))


def part_events(rel: Relationship, checkin: CheckIn, answers: dict[str, str]) -> list[Event]:
    """The ledger events a part writes (see the module's docstring)."""
    me, them = rel.me_name, rel.person.name
    at = clock.now().replace(second=0, microsecond=0)
    starter = me if started_by_me(checkin, rel) else them
    cadence = checkin.cadence
    events = [
        Event(
            at=started_at(checkin),
            by=starter,
            to=them if starter == me else me,
            kind="checkin",
            value=cadence,
            note=summary(cadence, answers),
        )
    ]

    def mine(kind: str, note: str, value: str = "") -> None:
        events.append(Event(at=at, by=me, to=them, kind=kind, value=value, note=note))

    if cadence == "weekly":
        if answers.get("supported"):
            mine("gratitude", answers["supported"])
        if answers.get("attention"):
            mine("need", answers["attention"])
    elif cadence == "monthly":
        if answers.get("needs_met") in ("partly", "not_yet"):
            words = answers.get("needs_words") or answers.get("hard") or ""
            mine("need", words or f"Needs met: {NEEDS_MET[answers['needs_met']].lower()}")
        if answers.get("next_step"):
            mine("commitment", answers["next_step"], answers.get("next_date", ""))
    return events


def started_at(checkin: CheckIn) -> datetime:
    """When the check-in was started, as a wall-clock minute on the site's clock.

    Both sides' `checkin` events carry it, so the two read as one act (same day,
    kind and starter) however late either side fills in their part.
    """
    local = checkin.started.astimezone(ZoneInfo(site_zone())).replace(tzinfo=None)
    return local.replace(second=0, microsecond=0)


def period_words(cadence: str, period: date) -> str:
    """A check-in's period in words: "Monday 16 November 2026", "the week of 16 November
    2026", "November 2026"."""
    day = f"{period.day} {period:%B %Y}"
    if cadence == "daily":
        return f"{period:%A} {day}"
    if cadence == "weekly":
        return f"the week of {day}"
    return f"{period:%B %Y}"


def summary(cadence: str, answers: dict[str, str]) -> str:
    """A check-in's answers in one short line, for its ledger event's note."""
    said = (f"{label}: {' '.join(text.split())}" for label, text in answer_list(cadence, answers))
    text = " · ".join(said)
    return text if len(text) <= NOTE_LIMIT else text[: NOTE_LIMIT - 1].rstrip() + "…"


def answer_list(cadence: str, answers: dict[str, str]) -> list[tuple[str, str]]:
    """A part's answers as (label, text) pairs to show, in the order they were asked."""
    shown = []
    for key, label in ANSWERS[cadence]:
        value = answers.get(key, "")
        if key == "needs_met":
            value = NEEDS_MET.get(value, "")
        if value:
            shown.append((label, value))
    return shown
