"""The prepared ledger's weeks, and the weekly series a report holds."""

from __future__ import annotations

import json
from datetime import date, datetime

from twoway.core import analyze
from twoway.core.events import Event
from twoway.core.ledger import ledger_from_events
from twoway.core.rolling import ROLLING_WEEKS
from twoway.core.timeline import SERIES_WEEKS, prepare


def far_apart() -> list[Event]:
    """Two events at the two ends of the accepted range, 300 years apart."""
    return [
        Event(at=datetime(1900, 1, 1, 9), by="Alex", to="Sam", kind="support", value="listen"),
        Event(at=datetime(2199, 12, 31, 21), by="Sam", to="Alex", kind="support", value="help"),
    ]


def test_a_ledger_spanning_the_whole_range_gives_a_small_report() -> None:
    ledger = ledger_from_events(far_apart())
    assert prepare(ledger).weeks > 15_000  # every week since 1900 is still counted back

    report = analyze(ledger)
    assert len(report.balance.weeks) == SERIES_WEEKS
    assert len(report.activity) == SERIES_WEEKS
    assert report.balance.weeks[-1].end == date(2199, 12, 31)
    assert report.activity[-1].start == report.balance.weeks[-1].start
    assert report.events == 2
    assert report.first == date(1900, 1, 1)
    # Two years of weeks, not three centuries: some tens of kB, where it was 25 MB.
    assert len(json.dumps(report.to_dict())) < 200_000


def test_the_series_keep_every_week_of_a_ledger_shorter_than_two_years() -> None:
    events = [
        Event(at=datetime(2024, 1, 1), by="Alex", to="Sam", kind="support"),
        Event(at=datetime(2024, 12, 30), by="Sam", to="Alex", kind="support"),
    ]
    tl = prepare(ledger_from_events(events))
    report = analyze(ledger_from_events(events))
    assert tl.weeks < SERIES_WEEKS
    assert len(report.balance.weeks) == len(report.activity) == tl.weeks
    assert report.balance.weeks[0].start <= date(2024, 1, 1) <= report.balance.weeks[0].end


def test_the_first_week_shown_keeps_its_rolling_share_from_the_weeks_before_it() -> None:
    # Support every week for three years, by Alex two weeks in three: the oldest week
    # shown looks back over weeks that the series no longer holds.
    start = date(2021, 1, 4).toordinal()
    events = [
        Event(
            at=datetime.fromordinal(start + 7 * i),
            by="Alex" if i % 3 else "Sam",
            to="Sam" if i % 3 else "Alex",
            kind="support",
        )
        for i in range(156)
    ]
    weeks = analyze(ledger_from_events(events)).balance.weeks
    assert len(weeks) == SERIES_WEEKS
    oldest = weeks[0]
    window = [e for e in events if 0 <= (oldest.end - e.at.date()).days < 7 * ROLLING_WEEKS]
    assert len(window) == ROLLING_WEEKS  # one a week, the earlier seven not shown
    expected = sum(e.by == "Alex" for e in window) / len(window)
    assert oldest.rolling_share is not None
    assert oldest.rolling_share["Alex"] == expected
