"""Ritual schedules (across weeks, months and daylight saving time), periods, streaks, turns."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.core.rituals import (
    Schedule,
    Streak,
    describe,
    encouragement,
    next_occurrence,
    next_period,
    occurrences,
    period_of,
    rrule,
    streak,
    whose_turn,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


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


@pytest.mark.parametrize("fold", [0, 1])
def test_a_time_s_fold_does_not_move_the_ritual(fold):
    # Found by Hypothesis: a stored 02:00 with fold=1 fell at 01:00 on the day New York
    # skips 02:00 (9 March 2008), before the time chosen. Both folds read as 03:00.
    night = Schedule("daily", (7,), time(2, 0, fold=fold), "America/New_York")
    (found,) = occurrences(
        night, datetime(2008, 3, 9, tzinfo=NEW_YORK), datetime(2008, 3, 10, tzinfo=NEW_YORK)
    )
    assert (found.hour, found.minute) == (3, 0)
    assert found.astimezone(UTC) == datetime(2008, 3, 9, 7, 0, tzinfo=UTC)


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


# --- in words, as a calendar rule ------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "words", "rule"),
    [
        (Schedule("daily", (1, 2, 3, 4, 5, 6, 7), time(8, 0)), "Every day at 08:00", "FREQ=DAILY"),
        (
            Schedule("daily", (1, 2, 3, 4, 5), time(7, 45)),
            "Monday to Friday at 07:45",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        ),
        (Schedule("daily", (6, 7), time(9, 0)), "Weekends at 09:00", "FREQ=WEEKLY;BYDAY=SA,SU"),
        (Schedule("weekly", (7,), time(19, 0)), "Every Sunday at 19:00", "FREQ=WEEKLY;BYDAY=SU"),
        (
            Schedule("weekly", (1, 3, 5), time(19, 0)),
            "Every Monday, Wednesday and Friday at 19:00",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        ),
        (
            Schedule("monthly", (7,), time(10, 0), week_of_month=1),
            "The first Sunday of each month at 10:00",
            "FREQ=MONTHLY;BYDAY=1SU",
        ),
        (
            Schedule("monthly", (5,), time(18, 30), week_of_month=-1),
            "The last Friday of each month at 18:30",
            "FREQ=MONTHLY;BYDAY=-1FR",
        ),
    ],
)
def test_a_schedule_in_words_and_as_a_calendar_rule(schedule, words, rule):
    assert describe(schedule) == words
    assert rrule(schedule) == rule


# --- periods ---------------------------------------------------------------------------


def test_the_period_of_a_day():
    thursday = date(2026, 3, 12)
    assert period_of("daily", thursday) == thursday
    assert period_of("weekly", thursday) == date(2026, 3, 9)
    assert period_of("weekly", date(2026, 3, 15)) == date(2026, 3, 9)  # Sunday: same week
    assert period_of("monthly", thursday) == date(2026, 3, 1)
    with pytest.raises(ValueError, match="cadence"):
        period_of("yearly", thursday)


def test_the_next_period():
    assert next_period("daily", date(2026, 2, 28)) == date(2026, 3, 1)
    assert next_period("weekly", date(2026, 12, 28)) == date(2027, 1, 4)
    assert next_period("monthly", date(2026, 12, 1)) == date(2027, 1, 1)
    assert next_period("monthly", date(2026, 1, 1)) == date(2026, 2, 1)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1))
cadences = st.sampled_from(("daily", "weekly", "monthly"))


@given(cadences, days)
def test_a_period_holds_its_day_and_ends_where_the_next_begins(cadence, day):
    start = period_of(cadence, day)
    after = next_period(cadence, start)
    assert start <= day < after
    assert period_of(cadence, start) == start
    assert period_of(cadence, after) == after
    assert period_of(cadence, after - timedelta(days=1)) == start


# --- streaks ---------------------------------------------------------------------------

MONDAY = date(2026, 3, 2)


def weeks(*numbers: int) -> list[date]:
    """Mondays, counted from MONDAY (0)."""
    return [MONDAY + timedelta(weeks=n) for n in numbers]


def test_no_check_in_yet_is_no_streak():
    assert streak([], "weekly", MONDAY) == Streak(0, 0)


def test_the_open_period_is_not_a_miss():
    # Done the last two weeks; this week (6) not yet: still going.
    assert streak(weeks(4, 5), "weekly", MONDAY + timedelta(weeks=6, days=3)) == Streak(2, 2)
    # Done this week too.
    assert streak(weeks(4, 5, 6), "weekly", MONDAY + timedelta(weeks=6)) == Streak(3, 3)


def test_one_missed_week_is_forgiven():
    # done, done, missed, done: still one run, of the three done weeks.
    assert streak(weeks(0, 1, 3), "weekly", MONDAY + timedelta(weeks=3)) == Streak(3, 3)
    # ... and the run survives while only one week since the last is missed.
    assert streak(weeks(0, 1, 3), "weekly", MONDAY + timedelta(weeks=5)) == Streak(3, 3)


def test_two_missed_weeks_in_a_row_end_the_run():
    assert streak(weeks(0, 1, 2), "weekly", MONDAY + timedelta(weeks=5)) == Streak(0, 3)
    # The next check-in starts a new run; the best is kept.
    assert streak(weeks(0, 1, 2, 5), "weekly", MONDAY + timedelta(weeks=5)) == Streak(1, 3)


def test_misses_that_are_not_in_a_row_are_each_forgiven():
    assert streak(weeks(0, 2, 4, 6), "weekly", MONDAY + timedelta(weeks=6)) == Streak(4, 4)


def test_any_day_stands_for_its_period():
    wednesday, sunday = MONDAY + timedelta(days=2), MONDAY + timedelta(days=13)
    assert streak([wednesday, sunday], "weekly", sunday) == Streak(2, 2)


def test_periods_after_today_are_ignored():
    assert streak(weeks(0, 1, 9), "weekly", MONDAY + timedelta(weeks=1)) == Streak(2, 2)


def test_monthly_streaks_count_months():
    months = [date(2026, 1, 4), date(2026, 2, 1), date(2026, 4, 5)]  # March missed
    assert streak(months, "monthly", date(2026, 5, 20)) == Streak(3, 3)
    assert streak(months, "monthly", date(2026, 6, 20)) == Streak(3, 3)  # May missed, June open
    assert streak(months, "monthly", date(2026, 7, 1)) == Streak(0, 3)  # May and June missed


def test_a_daily_ritual_on_chosen_days_does_not_miss_the_others():
    # Monday to Friday; the weekend is not missed, one weekday is forgiven.
    done = [MONDAY + timedelta(days=n) for n in (0, 1, 2, 4, 7, 8)]  # Thursday missed
    assert streak(done, "daily", MONDAY + timedelta(days=8), weekdays=(1, 2, 3, 4, 5)) == (
        Streak(6, 6)
    )
    # Counted on every day, the weekend's two days end the run.
    assert streak(done, "daily", MONDAY + timedelta(days=8)) == Streak(2, 4)


@given(st.sets(st.integers(0, 60)), cadences, st.integers(0, 70))
def test_a_streak_is_never_longer_than_the_periods_done(numbers, cadence, today_n):
    start = period_of(cadence, MONDAY)
    periods = [start]
    for _ in range(70):
        periods.append(next_period(cadence, periods[-1]))
    done = [periods[n] for n in numbers]
    found = streak(done, cadence, periods[today_n])
    assert 0 <= found.current <= found.best <= len([n for n in numbers if n <= today_n])


@given(st.sets(st.integers(0, 40)), st.integers(0, 40), st.integers(0, 45))
def test_one_more_check_in_never_lowers_a_streak(numbers, extra, today_n):
    today = MONDAY + timedelta(weeks=today_n)
    before = streak(weeks(*numbers), "weekly", today)
    after = streak(weeks(*numbers, extra), "weekly", today)
    assert after.current >= before.current
    assert after.best >= before.best


@given(st.integers(1, 40), st.sets(st.integers(1, 38)))
def test_single_misses_never_break_a_run(length, holes):
    # Leave out weeks that are never next to each other: the run goes on.
    holes = {h for h in holes if h < length - 1 and h - 1 not in holes}
    numbers = [n for n in range(length) if n not in holes]
    found = streak(weeks(*numbers), "weekly", MONDAY + timedelta(weeks=length - 1))
    assert found == Streak(len(numbers), len(numbers))


@given(st.lists(st.integers(0, 40), min_size=1), st.integers(0, 45))
def test_order_and_repeats_do_not_matter(numbers, today_n):
    today = MONDAY + timedelta(weeks=today_n)
    assert streak(weeks(*numbers), "weekly", today) == streak(
        weeks(*sorted(set(numbers), reverse=True)), "weekly", today
    )


def test_encouragement_is_kind_in_every_case():
    assert "first" in encouragement(Streak(0, 0), "weekly")
    assert "3 weeks" in encouragement(Streak(0, 3), "weekly")
    assert encouragement(Streak(1, 1), "daily") == "A fine start: one day with a check-in."
    assert encouragement(Streak(4, 4), "monthly").startswith("4 months with a check-in")
    assert "longest run so far: 6 weeks" in encouragement(Streak(2, 6), "weekly")


@given(st.integers(0, 50), st.integers(0, 50), cadences)
def test_encouragement_never_blames(current, more, cadence):
    words = encouragement(Streak(current, current + more), cadence).lower()
    assert not any(w in words for w in ("broke", "missed", "lost", "fail", "only", "should"))


# --- whose turn ------------------------------------------------------------------------


def test_whose_turn_is_the_one_who_did_not_start_the_last():
    assert whose_turn([], "Ana", "Ben") is None
    assert whose_turn(["Ana"], "Ana", "Ben") == "Ben"
    assert whose_turn(["Ana", "Ben"], "Ana", "Ben") == "Ana"
    assert whose_turn(["Ben", "Ben"], "Ana", "Ben") == "Ana"


def test_unknown_starters_are_passed_over():
    assert whose_turn(["Ana", None], "Ana", "Ben") == "Ben"
    assert whose_turn([None, "someone else"], "Ana", "Ben") is None


@given(st.lists(st.sampled_from(("Ana", "Ben", None))))
def test_the_turn_never_goes_to_whoever_started_last(starters):
    turn = whose_turn(starters, "Ana", "Ben")
    known = [s for s in starters if s is not None]
    if not known:
        assert turn is None
    else:
        assert turn in ("Ana", "Ben")
        assert turn != known[-1]
