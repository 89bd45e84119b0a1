"""E-mail reminders before rituals: who is due one now, the mail, and sending each once.

A user is reminded of the rituals their calendar feed shows (`calendar.rituals_of`:
their own, and their linked partner's side while they are linked) when they
turned reminders on and their account has an e-mail address. Each occurrence
starting within their lead time gets one mail: a `ReminderSent` row is written
first, and its unique constraint lets exactly one of two racing workers go on.

A reminder says which ritual, with whom (the reader's own name for the person),
and when, with a link to the Together page: never anything anyone wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from twoway.core.rituals import occurrences
from twoway.web.rituals.calendar import SeenRitual, rituals_of
from twoway.web.rituals.models import ReminderPreference, ReminderSent

logger = logging.getLogger(__name__)

#: `occurrences` stops before its end; this takes the end itself in.
JUST_AFTER = timedelta(microseconds=1)


@dataclass(frozen=True)
class Due:
    """One reminder to send: to `user`, for the occurrence of a ritual starting `at`."""

    user: User
    seen: SeenRitual
    at: datetime  # aware, in the ritual's own zone


def due(now: datetime) -> Iterator[Due]:
    """Every reminder whose ritual starts from `now` to `now` plus its user's lead time, both included."""
    preferences = (
        ReminderPreference.objects.filter(by_email=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    for preference in preferences:
        # An occurrence exactly the lead time away is due too ("1 hour before" at 18:00 for 19:00).
        end = now + timedelta(minutes=preference.minutes_before) + JUST_AFTER
        for seen in rituals_of(preference.user):
            try:
                times = occurrences(seen.schedule, now, end)
            except (ValueError, KeyError):  # a schedule the core cannot read: skip that one
                logger.warning("ritual %s has a schedule that cannot be read", seen.ritual.pk)
                continue
            for at in times:
                yield Due(preference.user, seen, at)


def send_due(now: datetime) -> int:
    """Send every reminder due at `now` that was not sent before; returns how many were sent."""
    sent = 0
    for item in due(now):
        key = {"ritual": item.seen.ritual, "user": item.user, "occurrence": item.at}
        if ReminderSent.objects.filter(**key).exists():
            continue
        try:
            with transaction.atomic():
                claim = ReminderSent.objects.create(**key)
        except IntegrityError:  # another worker took it a moment ago
            continue
        try:
            message(item, now).send()
        except Exception:
            # Not sent (the mail server refused, or is away): let a later run try again.
            logger.exception("reminder for ritual %s could not be sent", item.seen.ritual.pk)
            ReminderSent.objects.filter(pk=claim.pk).delete()
            continue
        sent += 1
    return sent


def _day(at: datetime, now: datetime) -> str:
    """ "today", "tomorrow" or "on Monday 3 March", as seen in the ritual's zone."""
    days = (at.date() - now.astimezone(at.tzinfo).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"on {at:%A} {at.day} {at:%B}"


def message(item: Due, now: datetime) -> EmailMessage:
    """The reminder mail: plain words, the time, and where to go."""
    site = settings.TWOWAY_SITE_URL
    title = item.seen.title
    what = title[0].lower() + title[1:]
    day = _day(item.at, now)
    clock = f"{item.at:%H:%M}"
    together = site + reverse("together", args=[item.seen.rel.person_id])
    body = f"""Hello {item.user.get_username()},

Your {what} is {day} at {clock} ({item.seen.ritual.time_zone} time).

When you are both ready, open it here:
{together}

A few unhurried minutes, each of you in your own words. If the moment does not
suit you today, it is fine to find another one together.

You get this e-mail because you asked twoway for reminders before your rituals.
To change how early they come, or to stop them:
{site}{reverse("calendar")}

twoway
"""
    return EmailMessage(
        subject=f"{title}, {day} at {clock}",
        body=body,
        to=[item.user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
