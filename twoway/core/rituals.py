"""Rituals as plain data: when they fall, which period a check-in belongs to,
streaks that forgive, and whose turn it is to start.

Pure: no clock, no database. Times are aware datetimes; a schedule's times are
wall-clock times in its own zone, so 19:00 stays 19:00 across a change of
daylight saving time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

CADENCES: Final = ("daily", "weekly", "monthly")
WEEKDAYS: Final = (1, 2, 3, 4, 5, 6, 7)
#: The week of the month a monthly ritual falls in: the 1st to 4th, or -1 for the last.
WEEKS_OF_MONTH: Final = (1, 2, 3, 4, -1)


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a ritual falls.

    `weekdays` are ISO numbers (1 = Monday … 7 = Sunday). A daily or weekly ritual
    falls on each of those days of every week; a monthly one on the
    `week_of_month`th such day of each month (1-4, or -1 for the last), e.g. the
    first Sunday or the last Friday. `at_time` is a wall-clock time in `time_zone`
    (an IANA name such as "Europe/Paris").
    """

    cadence: str
    weekdays: tuple[int, ...]
    at_time: time
    time_zone: str = "UTC"
    week_of_month: int = 1

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise ValueError(f"cadence must be one of {', '.join(CADENCES)}, not {self.cadence!r}")
        if not self.weekdays:
            raise ValueError("a schedule needs at least one weekday")
        if any(d not in WEEKDAYS for d in self.weekdays):
            raise ValueError(f"weekdays are ISO numbers 1 to 7, not {self.weekdays!r}")
        if self.week_of_month not in WEEKS_OF_MONTH:
            raise ValueError(f"week_of_month is 1 to 4 or -1, not {self.week_of_month!r}")
        if self.at_time.tzinfo is not None:
            raise ValueError("at_time is a wall-clock time; the zone is time_zone")
        ZoneInfo(self.time_zone)  # raises ZoneInfoNotFoundError (a KeyError) for a bad name
        # Keep one spelling: sorted, no repeats.
        object.__setattr__(self, "weekdays", tuple(sorted(set(self.weekdays))))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def falls_on(self, day: date) -> bool:
        """Whether the ritual falls on this (local) day."""
        if day.isoweekday() not in self.weekdays:
            return False
        if self.cadence != "monthly":
            return True
        if self.week_of_month == -1:
            return (day + timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 + 1 == self.week_of_month

    def at(self, day: date) -> datetime:
        """The ritual's time on a local day, as an aware datetime in its zone.

        As calendars do (RFC 5545): a time skipped by a forward change of the
        clocks is read with the offset before the gap (02:30 becomes 03:30); a time
        that happens twice when the clocks go back is the first of the two.
        """
        local = datetime.combine(day, self.at_time, tzinfo=self.zone)  # fold=0: the first
        return local.astimezone(UTC).astimezone(self.zone)


def occurrences(schedule: Schedule, start: datetime, end: datetime) -> list[datetime]:
    """Every time the ritual falls with `start <= time < end`, in order.

    `start` and `end` must be aware (any zone); the results are aware datetimes in
    the schedule's zone.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    zone = schedule.zone
    # One day of margin each side: a skipped time may move across local midnight.
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    found = []
    while day <= last:
        if schedule.falls_on(day):
            when = schedule.at(day)
            if start <= when < end:
                found.append(when)
        day += timedelta(days=1)
    return found


def next_occurrence(schedule: Schedule, after: datetime) -> datetime:
    """The first time the ritual falls at or after `after` (aware)."""
    # Every schedule falls at least once in any 5 weeks (a monthly one in 6).
    for found in occurrences(schedule, after, after + timedelta(days=42)):
        return found
    raise AssertionError("unreachable: a schedule falls at least once in six weeks")
