"""Rituals as plain data: when they fall, which period a check-in belongs to,
streaks that forgive, and whose turn it is to start.

Pure: no clock, no database. Times are aware datetimes; a schedule's times are
wall-clock times in its own zone, so 19:00 stays 19:00 across a change of
daylight saving time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
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
        # fold=0 whatever the stored time says: the first of a doubled time, and a
        # skipped one read with the offset before the gap (fold=1 would move it back).
        local = datetime.combine(day, self.at_time.replace(fold=0), tzinfo=self.zone)
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


# --- schedules in words and as a calendar rule ----------------------------------------

DAY_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS: Final = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe(schedule: Schedule) -> str:
    """The schedule in a few plain words, e.g. "Every Sunday at 19:00"."""
    at = schedule.at_time.strftime("%H:%M")
    names = [DAY_NAMES[d - 1] for d in schedule.weekdays]
    if schedule.cadence == "monthly":
        ordinal = ORDINALS[schedule.week_of_month]
        return f"The {ordinal} {_and(names)} of each month at {at}"
    if schedule.weekdays == WEEKDAYS:
        return f"Every day at {at}"
    if schedule.weekdays == (1, 2, 3, 4, 5):
        return f"Monday to Friday at {at}"
    if schedule.weekdays == (6, 7):
        return f"Weekends at {at}"
    return f"Every {_and(names)} at {at}"


def rrule(schedule: Schedule) -> str:
    """The schedule as an iCalendar recurrence rule (RFC 5545 RRULE value)."""
    days = [ICAL_DAYS[d - 1] for d in schedule.weekdays]
    if schedule.cadence == "monthly":
        return "FREQ=MONTHLY;BYDAY=" + ",".join(f"{schedule.week_of_month}{d}" for d in days)
    if schedule.cadence == "daily" and schedule.weekdays == WEEKDAYS:
        return "FREQ=DAILY"
    return "FREQ=WEEKLY;BYDAY=" + ",".join(days)


# --- periods, streaks, turns -----------------------------------------------------------


def period_of(cadence: str, day: date) -> date:
    """The period a day belongs to: the day itself, its week's Monday, or its month's 1st."""
    if cadence == "daily":
        return day
    if cadence == "weekly":
        return day - timedelta(days=day.weekday())
    if cadence == "monthly":
        return day.replace(day=1)
    raise ValueError(f"cadence must be one of {', '.join(CADENCES)}, not {cadence!r}")


def next_period(cadence: str, period: date) -> date:
    """The period after `period` (which must be a period's first day)."""
    if cadence == "daily":
        return period + timedelta(days=1)
    if cadence == "weekly":
        return period + timedelta(days=7)
    return (period.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True, slots=True)
class Streak:
    """How many periods in a row had a check-in, forgiving one missed period.

    `current` is the run still going (0 when there is none), `best` the longest
    run ever, the current one included.
    """

    current: int
    best: int


#: Missed periods in a row that end a run; fewer are forgiven.
BREAKS_AFTER: Final = 2


def streak(
    done_periods: Iterable[date],
    cadence: str,
    today: date,
    *,
    weekdays: Collection[int] = WEEKDAYS,
) -> Streak:
    """Count the periods with a check-in, in runs that forgive a missed period.

    The rule, precisely:

    * periods are days, weeks (from Monday) or months; `done_periods` are those
      with a check-in (any day inside them is read as its period);
    * a run is a sequence of done periods where at most one period in a row was
      missed between two done ones; two missed in a row end the run;
    * a run's length counts the done periods only (a forgiven miss adds nothing);
    * the period that holds `today` is still open: not doing it yet is not a miss;
    * for a daily ritual, days outside `weekdays` are not missed either (a
      check-in done on one still counts);
    * periods after today's are ignored.

    So a weekly run done, done, missed, done is 3 and still going; done, missed,
    missed ends it, and the next check-in starts a new run of 1.
    """
    now = period_of(cadence, today)
    done = {p for p in (period_of(cadence, d) for d in done_periods) if p <= now}
    if not done:
        return Streak(0, 0)
    run = best = missed = 0
    period = min(done)
    while period <= now:
        if period in done:
            run += 1
            missed = 0
        elif period != now and (cadence != "daily" or period.isoweekday() in weekdays):
            missed += 1
            if missed >= BREAKS_AFTER:
                run = 0
        best = max(best, run)
        period = next_period(cadence, period)
    return Streak(current=run, best=best)


def whose_turn(starters_in_order: Sequence[str | None], me: str, them: str) -> str | None:
    """Who starts the next check-in: the one of `me` and `them` who did not start the last.

    `starters_in_order` lists who started each check-in, oldest first; entries
    that are neither (an unknown starter) are passed over. None before the first.
    """
    for starter in reversed(starters_in_order):
        if starter == me:
            return them
        if starter == them:
            return me
    return None


UNITS: Final = {
    "daily": ("day", "days"),
    "weekly": ("week", "weeks"),
    "monthly": ("month", "months"),
}


def encouragement(found: Streak, cadence: str) -> str:
    """A streak in kind words: what is going well, never what was missed."""
    one, many = UNITS[cadence]
    if found.current == 0 and found.best == 0:
        return "Your first check-in is here whenever you are both ready."
    if found.current == 0:
        longest = f"{found.best} {one if found.best == 1 else many}"
        return (
            f"You have kept this going for {longest} before; any time is a good time to pick it up."
        )
    if found.current == 1:
        said = f"A fine start: one {one} with a check-in."
    else:
        said = f"{found.current} {many} with a check-in, and counting. Lovely, steady work."
    if found.best > found.current:
        said += f" Your longest run so far: {found.best} {many}."
    return said
