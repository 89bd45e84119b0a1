"""Ritual schedules across weeks, months and changes of daylight saving time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.core.rituals import Schedule, next_occurrence, occurrences

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


# --- schedules -------------------------------------------------------------------------


def test_a_daily_ritual_falls_on_its_chosen_days_only():
    weekdays_only = Schedule("daily", (1, 2, 3, 4, 5), time(8, 0), "Europe/Paris")
    found = occurrences(weekdays_only, paris(2026, 3, 2), paris(2026, 3, 9))  # Mon .. next Mon
    assert [d.date() for d in found] == [date(2026, 3, d) for d in (2, 3, 4, 5, 6)]
    assert all(d.time() == time(8, 0) and d.tzinfo == PARIS for d in found)


def test_a_weekly_ritual_may_fall_on_several_days():
    twice = Schedule("weekly", (4, 1), time(19, 30), "Europe/Paris")
    assert twice.weekdays == (1, 4)
    found = occurrences(twice, paris(2026, 3, 1), paris(2026, 3, 15))
    assert [d.date() for d in found] == [date(2026, 3, d) for d in (2, 5, 9, 12)]


def test_start_is_included_and_end_is_not():
    every_day = Schedule("daily", (1, 2, 3, 4, 5, 6, 7), time(9, 0), "Europe/Paris")
    found = occurrences(every_day, paris(2026, 3, 2, 9), paris(2026, 3, 4, 9))
    assert found == [paris(2026, 3, 2, 9), paris(2026, 3, 3, 9)]


def test_the_first_sunday_of_each_month():
    first_sunday = Schedule("monthly", (7,), time(10, 0), "Europe/Paris", week_of_month=1)
    found = occurrences(first_sunday, paris(2026, 1, 1), paris(2026, 5, 1))
    assert [d.date() for d in found] == [
        date(2026, 1, 4),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 5),
    ]


def test_the_last_friday_of_each_month():
    last_friday = Schedule("monthly", (5,), time(18, 0), "Europe/Paris", week_of_month=-1)
    found = occurrences(last_friday, paris(2026, 1, 1), paris(2026, 4, 1))
    assert [d.date() for d in found] == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]


def test_the_fourth_week_is_never_the_fifth():
    fourth_monday = Schedule("monthly", (1,), time(18, 0), "UTC", week_of_month=4)
    found = occurrences(
        fourth_monday, datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)
    )
    assert [d.date() for d in found] == [date(2026, 6, 22)]  # June 2026 has five Mondays


def test_the_time_stays_on_the_wall_clock_across_daylight_saving():
    # Paris moves to summer time on Sunday 29 March 2026.
    sunday = Schedule("weekly", (7,), time(19, 0), "Europe/Paris")
    before, after = occurrences(sunday, paris(2026, 3, 22), paris(2026, 3, 30))
    assert (before.hour, after.hour) == (19, 19)
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(hours=2)
    # A week of real time less the hour (subtracting in one zone would count wall-clock time).
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(days=7, hours=-1)


def test_a_time_skipped_by_the_clocks_moves_forward_by_the_gap():
    # 02:30 does not exist in Paris on 29 March 2026: calendars read it as 03:30.
    early = Schedule("daily", (1, 2, 3, 4, 5, 6, 7), time(2, 30), "Europe/Paris")
    found = occurrences(early, paris(2026, 3, 28), paris(2026, 3, 31))
    assert [(d.day, d.hour, d.minute) for d in found] == [(28, 2, 30), (29, 3, 30), (30, 2, 30)]
    assert found[1].astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_that_happens_twice_is_the_first_of_the_two():
    # New York goes back from 02:00 to 01:00 on 1 November 2026.
    night = Schedule("daily", (7,), time(1, 30), "America/New_York")
    (found,) = occurrences(
        night, datetime(2026, 11, 1, tzinfo=NEW_YORK), datetime(2026, 11, 2, tzinfo=NEW_YORK)
    )
    assert found.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # still EDT


def test_start_and_end_may_be_in_another_zone():
    evening = Schedule("daily", (1, 2, 3, 4, 5, 6, 7), time(21, 0), "America/New_York")
    # 21:00 in New York on 2 March is 02:00 UTC on 3 March.
    found = occurrences(
        evening, datetime(2026, 3, 3, 0, tzinfo=UTC), datetime(2026, 3, 3, 12, tzinfo=UTC)
    )
    assert found == [datetime(2026, 3, 2, 21, tzinfo=NEW_YORK)]
    assert found[0].tzinfo == NEW_YORK


def test_next_occurrence_is_the_first_at_or_after():
    sunday = Schedule("weekly", (7,), time(19, 0), "Europe/Paris")
    assert next_occurrence(sunday, paris(2026, 3, 22, 19)) == paris(2026, 3, 22, 19)
    assert next_occurrence(sunday, paris(2026, 3, 22, 19, 1)) == paris(2026, 3, 29, 19)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cadence": "yearly"}, "cadence"),
        ({"weekdays": ()}, "weekday"),
        ({"weekdays": (0,)}, "weekdays"),
        ({"weekdays": (8,)}, "weekdays"),
        ({"week_of_month": 5}, "week_of_month"),
        ({"week_of_month": 0}, "week_of_month"),
        ({"at_time": time(9, 0, tzinfo=UTC)}, "wall-clock"),
    ],
)
def test_a_bad_schedule_is_refused(kwargs, message):
    fields = {"cadence": "weekly", "weekdays": (1,), "at_time": time(9, 0)} | kwargs
    with pytest.raises(ValueError, match=message):
        Schedule(**fields)


def test_an_unknown_zone_is_refused():
    with pytest.raises(KeyError):
        Schedule("weekly", (1,), time(9, 0), "Mars/Olympus_Mons")


def test_naive_bounds_are_refused():
    sunday = Schedule("weekly", (7,), time(19, 0))
    with pytest.raises(ValueError, match="aware"):
        occurrences(sunday, datetime(2026, 3, 1), datetime(2026, 3, 8))


ZONES = ("UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata")
schedules = st.builds(
    Schedule,
    cadence=st.sampled_from(("daily", "weekly", "monthly")),
    weekdays=st.lists(st.integers(1, 7), min_size=1, max_size=7).map(tuple),
    at_time=st.times(),
    time_zone=st.sampled_from(ZONES),
    week_of_month=st.sampled_from((1, 2, 3, 4, -1)),
)
starts = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@given(schedules, starts, st.integers(0, 120))
def test_occurrences_are_in_range_in_order_on_the_chosen_days(schedule, start, days):
    end = start + timedelta(days=days)
    found = occurrences(schedule, start, end)
    assert all(start <= d < end for d in found)
    assert found == sorted(set(found))
    assert all(d.tzinfo == schedule.zone for d in found)
    # On a chosen day, at the chosen time, or later when the clocks skipped it.
    assert all(schedule.falls_on(d.date()) for d in found)
    assert all(d.time() >= schedule.at_time for d in found)


@given(schedules, starts, st.integers(1, 60), st.integers(1, 60))
def test_occurrences_of_two_adjacent_ranges_are_those_of_the_whole(schedule, start, one, two):
    middle = start + timedelta(days=one)
    end = middle + timedelta(days=two)
    assert occurrences(schedule, start, middle) + occurrences(schedule, middle, end) == (
        occurrences(schedule, start, end)
    )


@given(schedules, starts)
def test_a_schedule_falls_within_six_weeks(schedule, start):
    found = next_occurrence(schedule, start)
    assert start <= found < start + timedelta(days=42)
