"""The rituals' section of the "Together" page (see together.hub).

For each ritual that is on: when it falls, its next time, whose turn it is to
start, the streak in kind words, and a button to start or to fill in your part;
then the latest check-ins and who started each. A check-in counts for the streak
once a part you may read is saved (yours, or the partner's shared one), so a
partner's private part never shows, not even as a count.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest

from twoway.core.rituals import describe, encouragement, next_occurrence, streak, whose_turn
from twoway.web.ledger.models import Relationship
from twoway.web.rituals import checkins
from twoway.web.rituals.schedules import TITLES, now, pair_rituals, schedule_of, site_zone

#: How many past check-ins the section lists.
RECENT = 5


def when_words(at: datetime, today: datetime) -> str:
    """A coming time in a few words: "Today at 19:00", "Sunday 22 March at 19:00"."""
    clock = f"{at:%H:%M}"
    if at.date() == today.date():
        return f"Today at {clock}"
    if at.date() == today.date() + timedelta(days=1):
        return f"Tomorrow at {clock}"
    return f"{at:%A} {at.day} {at:%B} at {clock}"


def section(request: HttpRequest, rel: Relationship) -> dict[str, Any] | None:
    """The context of `rituals/_hub.html`."""
    them = rel.person.name
    at = now()
    all_checkins = list(checkins.pair_checkins(rel).select_related("started_by").order_by("pk"))
    with_part = set(checkins.visible_parts(rel).values_list("checkin_id", flat=True))
    mine = set(checkins.visible_parts(rel).filter(writer=rel).values_list("checkin_id", flat=True))
    shown = []
    for cadence, ritual in pair_rituals(rel).items():
        if not ritual.active:
            continue
        schedule = schedule_of(ritual)
        local = at.astimezone(schedule.zone)
        of_cadence = sorted(
            (c for c in all_checkins if c.cadence == cadence), key=lambda c: (c.period, c.pk)
        )
        starters = ["me" if checkins.started_by_me(c, rel) else "them" for c in of_cadence]
        turn = whose_turn(starters, "me", "them")
        found = streak(
            [c.period for c in of_cadence if c.pk in with_part],
            cadence,
            local.date(),
            weekdays=schedule.weekdays,
        )
        period = checkins.current_period(rel, cadence, at)
        current = next((c for c in of_cadence if c.period == period), None)
        when = describe(schedule)
        if ritual.time_zone != site_zone():
            when += f" ({ritual.time_zone.replace('_', ' ')} time)"
        shown.append(
            {
                "cadence": cadence,
                "title": TITLES[cadence],
                "when": when,
                "next": when_words(next_occurrence(schedule, local), local),
                "turn": (
                    "Either of you can start the first one."
                    if turn is None
                    else "It's your turn to start."
                    if turn == "me"
                    else f"It's {them}'s turn to start."
                ),
                "streak": encouragement(found, cadence),
                "current": current,
                "my_part_done": current is not None and current.pk in mine,
            }
        )
    recent = sorted(all_checkins, key=lambda c: (c.period, c.pk), reverse=True)[:RECENT]
    return {
        "rituals": shown,
        "them": them,
        "linked": rel.linked_id is not None,
        "recent": [
            {
                "checkin": c,
                "title": TITLES[c.cadence],
                "period": checkins.period_words(c.cadence, c.period),
                "started": "You started it"
                if checkins.started_by_me(c, rel)
                else f"{them} started it",
                "done": c.pk in mine,
            }
            for c in recent
        ],
    }
