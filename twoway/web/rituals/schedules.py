"""A pair's rituals: finding them, saving one, and reading one as the core's `Schedule`.

A ritual belongs to the pair, not to one account: it is looked up among
`access.pair_ids(rel)` and a new one is made at `access.home(rel)`, so both
partners see and edit the same row, and two first saves at the same moment meet
on the unique (relationship, cadence) constraint instead of making two.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.db import IntegrityError, transaction

from twoway.core.rituals import CADENCES, Schedule
from twoway.web.ledger.models import Relationship
from twoway.web.rituals.models import Ritual
from twoway.web.site import clock
from twoway.web.together import access

TITLES = {
    "daily": "Daily check-in",
    "weekly": "Weekly reciprocity check-in",
    "monthly": "Monthly relationship conversation",
}

#: What a ritual not yet scheduled starts from: weekdays, the week of the month, the time.
DEFAULTS: dict[str, tuple[tuple[int, ...], int, time]] = {
    "daily": ((1, 2, 3, 4, 5, 6, 7), 1, time(21, 0)),
    "weekly": ((7,), 1, time(19, 0)),
    "monthly": ((7,), 1, time(10, 0)),
}


def site_zone() -> str:
    """The site clock's zone (`TWOWAY_TIME_ZONE`): the default for a new ritual."""
    return str(settings.TWOWAY_TIME_ZONE)


def now() -> datetime:
    """The site clock's now, as an aware time in its zone."""
    return clock.now().replace(tzinfo=ZoneInfo(site_zone()))


@cache
@cache
def zones() -> tuple[str, ...]:
    """The time zones offered: IANA names such as Europe/Paris, and UTC.

    Kept once per process: reading them walks the zone database's folders (~12 ms).
    """
    return tuple(
        sorted(
            z
            for z in available_timezones()
            if z == "UTC" or ("/" in z and not z.startswith(("posix/", "right/", "Etc/")))
        )
    )


def schedule_of(ritual: Ritual) -> Schedule:
    """The ritual's schedule as the core reads it."""
    return Schedule(
        cadence=ritual.cadence,
        weekdays=weekdays_of(ritual),
        at_time=ritual.at_time,
        time_zone=ritual.time_zone,
        week_of_month=ritual.week_of_month,
    )


def weekdays_of(ritual: Ritual) -> tuple[int, ...]:
    """The ritual's ISO weekdays, from their stored form "1,4"."""
    return tuple(int(d) for d in ritual.weekdays.split(",") if d.strip())


def pair_rituals(rel: Relationship) -> dict[str, Ritual]:
    """The pair's ritual of each cadence that has one.

    Should both sides hold one of a cadence (each made it before they linked),
    the one at the pair's home wins, then the older.
    """
    home = access.home(rel).pk
    found: dict[str, Ritual] = {}
    rows = Ritual.objects.filter(relationship_id__in=access.pair_ids(rel)).order_by("pk")
    for ritual in sorted(rows, key=lambda r: r.relationship_id != home):
        found.setdefault(ritual.cadence, ritual)
    return {c: found[c] for c in CADENCES if c in found}


def save_ritual(
    rel: Relationship,
    cadence: str,
    *,
    active: bool,
    weekdays: tuple[int, ...],
    week_of_month: int,
    at_time: time,
    time_zone: str,
) -> Ritual:
    """Schedule the pair's ritual of `cadence`: the one they have, else a new one at home."""
    Schedule(cadence, weekdays, at_time, time_zone, week_of_month)  # the core's checks
    fields = {
        "active": active,
        "weekdays": ",".join(str(d) for d in sorted(set(weekdays))),
        "week_of_month": week_of_month,
        "at_time": at_time,
        "time_zone": time_zone,
    }
    ritual = pair_rituals(rel).get(cadence)
    if ritual is None:
        home = access.home(rel)
        try:
            with transaction.atomic():
                return Ritual.objects.create(relationship=home, cadence=cadence, **fields)
        except IntegrityError:
            # The partner saved the first one a moment ago: this save edits theirs.
            ritual = Ritual.objects.get(relationship=home, cadence=cadence)
    for name, value in fields.items():
        setattr(ritual, name, value)
    ritual.save(update_fields=list(fields))
    return ritual
