"""A user's rituals as an iCalendar feed (RFC 5545), and the secret address it is read at.

A calendar app subscribes to `/calendar/<token>.ics` and reads it without
logging in, so the token is the only key: 32 random bytes, of which only the
SHA-256 is kept (`CalendarFeed.token_hash`). Making a new address replaces the
old digest, so the old address stops working at once.

Each ritual is one repeating event (an RRULE), not a list of dates, so the feed
stays small and the calendar app keeps showing it for as long as it repeats.
Its start is a wall-clock time in the ritual's own time zone (with that zone's
VTIMEZONE), so a ritual at 19:00 stays at 19:00 across a change of daylight
saving time, exactly as `twoway.core.rituals.occurrences` counts it.

A feed holds what a calendar needs and nothing more: which ritual, with whom
(the viewer's own name for the person), when, and a link back to the site.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event, vDuration, vRecur

from twoway.core.rituals import Schedule, describe, next_occurrence, rrule
from twoway.web.ledger.models import Relationship
from twoway.web.rituals.models import CalendarFeed, Ritual
from twoway.web.rituals.schedules import pair_rituals, schedule_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PRODID = "-//twoway//rituals//EN"
#: How long each check-in is shown in a calendar.
DURATIONS = {
    "daily": timedelta(minutes=15),
    "weekly": timedelta(minutes=30),
    "monthly": timedelta(hours=1),
}
TITLES = {
    "daily": "Daily check-in",
    "weekly": "Weekly check-in",
    "monthly": "Monthly check-in",
}
#: How often calendar apps are asked to read the feed again (most choose for themselves).
REFRESH = timedelta(hours=6)
#: The time zones are written out from each ritual's first date to this many years ahead.
ZONE_YEARS = 15


# --- the secret address -----------------------------------------------------------------


def digest(token: str) -> str:
    """The SHA-256 of a feed token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_address(user: User) -> str:
    """Give `user` a new feed token (the old one, if any, stops working); returns the token.

    The token itself is never stored: it is shown once, in the page that answers.
    """
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": digest(token)})
    return token


def turn_off(user: User) -> bool:
    """Remove `user`'s feed address; False when there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def has_feed(user: User) -> bool:
    """Whether `user` has a feed address (its token cannot be shown again)."""
    return CalendarFeed.objects.filter(user=user).exists()


def user_for_token(token: str) -> User | None:
    """The active user a feed token belongs to, or None for an unknown or revoked one."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=digest(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


# --- which rituals a user sees ----------------------------------------------------------


@dataclass(frozen=True)
class SeenRitual:
    """A ritual as one user sees it: through their own relationship with the other person."""

    ritual: Ritual
    rel: Relationship  # the viewer's own relationship, whichever side the ritual lives on

    @property
    def name(self) -> str:
        """The viewer's own name for the other person."""
        return self.rel.person.name

    @property
    def title(self) -> str:
        """E.g. "Weekly check-in with Ben"."""
        return f"{TITLES.get(self.ritual.cadence, 'Check-in')} with {self.name}"

    @property
    def schedule(self) -> Schedule:
        return schedule_of(self.ritual)

    @property
    def when(self) -> str:
        """E.g. "Every Monday and Thursday at 19:00 (Europe/Paris)"."""
        return f"{describe(self.schedule)} ({self.ritual.time_zone})"


def rituals_of(user: User) -> list[SeenRitual]:
    """Every active ritual `user` may see: each of their relationships' pair rituals
    (`schedules.pair_rituals`: their own side's and, while linked, their partner's side's,
    one per cadence). Never another account's rituals otherwise."""
    rels = Relationship.objects.filter(owner=user).select_related("person")
    seen = [
        SeenRitual(ritual, rel)
        for rel in rels
        for ritual in pair_rituals(rel).values()
        if ritual.active
    ]
    return sorted(seen, key=lambda s: (s.name.casefold(), list(TITLES).index(s.ritual.cadence)))


# --- the feed -----------------------------------------------------------------------------


def first_time(ritual: Ritual) -> datetime:
    """The ritual's first occurrence on or after the day it was made (in its own zone)."""
    schedule = schedule_of(ritual)
    made = ritual.created.astimezone(schedule.zone).date()
    return next_occurrence(schedule, datetime.combine(made, time(0), tzinfo=schedule.zone))


def uid(ritual: Ritual) -> str:
    """A UID that stays the same for as long as the ritual exists, and only for it."""
    return f"ritual-{ritual.pk}-{ritual.created.astimezone(UTC):%Y%m%dT%H%M%S}@twoway"


def event(seen: SeenRitual, together_url: str, stamp: datetime) -> Event:
    """One ritual as a repeating VEVENT."""
    ritual = seen.ritual
    vevent = Event()
    vevent.add("uid", uid(ritual))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", first_time(ritual))
    vevent.add("duration", DURATIONS.get(ritual.cadence, timedelta(minutes=30)))
    vevent.add("rrule", vRecur.from_ical(rrule(seen.schedule)))
    vevent.add("summary", seen.title)
    vevent.add(
        "description",
        f"A few unhurried minutes for the two of you. "
        f"When you are both ready, open it in twoway: {together_url}",
    )
    vevent.add("url", together_url)
    vevent.add("transp", "OPAQUE")
    return vevent


def feed(seen: list[SeenRitual], together_url: dict[int, str], now: datetime) -> bytes:
    """The iCalendar file of these rituals; `together_url` maps a person's id to the
    absolute address of their Together page."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "twoway rituals")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    stamp = now.astimezone(UTC).replace(microsecond=0)
    starts = []
    for one in seen:
        vevent = event(one, together_url[one.rel.person_id], stamp)
        cal.add_component(vevent)
        starts.append(vevent.decoded("dtstart").date())
    if starts:
        first = min(starts) - timedelta(days=1)
        cal.add_missing_timezones(first_date=first, last_date=date(stamp.year + ZONE_YEARS, 1, 1))
    return bytes(cal.to_ical())
