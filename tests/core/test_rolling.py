"""The rolling share: each person's share over the weeks up to each week, carried in the report."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from twoway.core import analyze
from twoway.core.events import Event
from twoway.core.ledger import ledger_from_events
from twoway.core.rolling import ROLLING_WEEKS, rolling_share


def test_rolling_share_is_none_while_nothing_was_given() -> None:
    given = [{"A": 0, "B": 0}, {"A": 1, "B": 3}, {"A": 0, "B": 0}]
    assert rolling_share(given, size=1) == [None, {"A": 0.25, "B": 0.75}, None]
    assert rolling_share(given, size=2) == [None, {"A": 0.25, "B": 0.75}, {"A": 0.25, "B": 0.75}]


def test_the_first_weeks_look_back_over_what_there_is_and_later_ones_over_the_window() -> None:
    given = [{"A": 1, "B": 0}] + [{"A": 0, "B": 1}] * ROLLING_WEEKS
    shares = rolling_share(given)
    assert shares[1] == {"A": 0.5, "B": 0.5}
    assert shares[-1] == {"A": 0.0, "B": 1.0}  # the first week has left the window


def test_the_report_and_its_json_carry_the_rolling_share_the_chart_draws() -> None:
    events = [
        Event(_at(w, d), by, "support", to=to)
        for w in range(10)
        for d, (by, to) in enumerate(
            [("Sam", "Alex"), ("Sam", "Alex"), ("Alex", "Sam")][: 1 + w % 3]
        )
    ]
    report = analyze(ledger_from_events(events, "t"), date(2025, 3, 16))
    weeks = report.to_dict()["balance"]["weeks"]
    assert all("rolling_share" in w for w in weeks)
    last = report.balance.weeks[-1]
    window = report.balance.weeks[-ROLLING_WEEKS:]
    sam = sum(w.given["Sam"] for w in window) / sum(sum(w.given.values()) for w in window)
    assert last.rolling_share is not None
    assert last.rolling_share["Sam"] == pytest.approx(sam)
    assert weeks[-1]["rolling_share"]["Sam"] == pytest.approx(sam, abs=1e-4)


def _at(week: int, day: int) -> datetime:
    return datetime(2025, 1, 6, 9) + timedelta(weeks=week, days=day)
