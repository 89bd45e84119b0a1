"""Chart specs: the right series, lengths and values for a report whose numbers are known."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from twoway.core.report import Report
from twoway.render.charts import (
    MAX_WEEKS,
    all_charts,
    balance_chart,
    bids_chart,
    energy_chart,
    initiations_chart,
    nice_ceiling,
)

from .known import BIDS_OTHER, BIDS_TOWARD, ENERGY, INITIATIONS, START


def test_the_report_has_four_charts_in_reading_order(report: Report) -> None:
    assert [c.key for c in all_charts(report)] == ["balance", "initiations", "bids", "energy"]


def test_every_chart_has_one_value_per_week_in_every_series(report: Report) -> None:
    for chart in all_charts(report):
        assert len(chart.x_labels) == len(chart.x_dates) == 10
        for series in chart.series:
            assert len(series.values) == 10, (chart.key, series.label)
        if chart.band:
            assert len(chart.band.low) == len(chart.band.high) == 10


def test_balance_chart_shows_the_first_persons_weekly_share_with_gaps(report: Report) -> None:
    chart = balance_chart(report)
    weekly = chart.series[0]
    assert weekly.person == 0
    assert weekly.style == "dots"
    assert weekly.values == pytest.approx([0.75, 0.5, None, 0.8, 0.75, 0.5, 5 / 6, 0.5, 0.75, 1.0])
    assert chart.x_labels[:3] == ["1 Jan", "8 Jan", "15 Jan"]
    assert chart.x_dates[0] == START
    assert chart.y_unit == "share"
    assert (chart.y_min, chart.y_max) == (0.0, 1.0)


def test_balance_chart_rolls_over_eight_weeks(report: Report) -> None:
    rolling = balance_chart(report).series[1].values
    # Weeks 0-7 look back to the start; week 8 drops week 0; week 9 drops week 1.
    assert rolling[0] == pytest.approx(3 / 4)
    assert rolling[2] == pytest.approx(5 / 8)  # a week without support keeps the share
    assert rolling[7] == pytest.approx(20 / 29)
    assert rolling[8] == pytest.approx(20 / 29)
    assert rolling[9] == pytest.approx(22 / 29)


def test_balance_chart_has_the_interval_band_and_the_even_line(report: Report) -> None:
    chart = balance_chart(report)
    assert chart.band is not None
    for week, lo, hi in zip(report.balance.weeks, chart.band.low, chart.band.high, strict=True):
        if week.interval is None:
            assert (lo, hi) == (None, None)
        else:
            assert (lo, hi) == (week.interval.low, week.interval.high)
            assert lo <= week.share["Sam"] <= hi
    assert [(r.value, r.label) for r in chart.rules] == [(0.5, "even")]


def test_initiations_chart_has_one_bar_series_per_person(report: Report) -> None:
    chart = initiations_chart(report)
    assert chart.kind == "bars"
    assert [(s.label, s.person) for s in chart.series] == [("Sam", 0), ("Alex", 1)]
    assert chart.series[0].values == [float(v) for v in INITIATIONS["Sam"]]
    assert chart.series[1].values == [float(v) for v in INITIATIONS["Alex"]]
    assert chart.y_max == 5.0  # the busiest week had 5
    assert "Sam 25 and Alex 8" in chart.description


def test_bids_chart_stacks_toward_under_not_toward_for_each_person(report: Report) -> None:
    chart = bids_chart(report)
    assert [(s.person, s.style, s.stack) for s in chart.series] == [
        (0, "solid", "Sam"),
        (0, "muted", "Sam"),
        (1, "solid", "Alex"),
        (1, "muted", "Alex"),
    ]
    assert chart.series[0].values == [float(v) for v in BIDS_TOWARD["Sam"]]
    assert chart.series[1].values == [float(v) for v in BIDS_OTHER["Sam"]]
    tallest = max(t + o for t, o in zip(BIDS_TOWARD["Sam"], BIDS_OTHER["Sam"], strict=True))
    assert chart.y_max == nice_ceiling(tallest) == 3.0
    assert "8 of Sam's 23 bids were turned toward" in chart.description


def test_energy_chart_runs_from_drained_to_energized_with_empty_weeks(report: Report) -> None:
    chart = energy_chart(report)
    assert (chart.y_min, chart.y_max, chart.y_unit) == (-2.0, 2.0, "energy")
    assert chart.series[0].values == ENERGY["Sam"]
    assert chart.series[1].values == ENERGY["Alex"]
    assert "Sam logged 7 weeks, averaging −1.1; Alex logged 7 weeks" in chart.description


def test_charts_speak_to_the_reader_as_you(make_report: Callable[..., Report]) -> None:
    chart = balance_chart(make_report(me="Sam"))
    assert chart.series[0].label == "Your share each week"
    assert initiations_chart(make_report(me="Alex")).series[1].label == "You"


def test_charts_keep_the_latest_weeks_of_a_long_history(report: Report) -> None:
    weeks = report.balance.weeks
    long_weeks = [
        replace(weeks[i % len(weeks)], start=START + timedelta(weeks=i)) for i in range(150)
    ]
    long_activity = [
        replace(report.activity[i % 10], start=START + timedelta(weeks=i)) for i in range(150)
    ]
    long = replace(
        report, balance=replace(report.balance, weeks=long_weeks), activity=long_activity
    )
    for chart in all_charts(long):
        assert len(chart.x_dates) == MAX_WEEKS
        assert chart.x_dates[-1] == START + timedelta(weeks=149)


def test_a_chart_spec_is_plain_json(report: Report) -> None:
    for chart in all_charts(report):
        data = json.loads(json.dumps(chart.to_dict()))
        assert data["x_dates"][0] == "2024-01-01"
        assert data["people"] == ["Sam", "Alex"]


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (3, 3), (7, 8), (9, 10), (11, 15), (23, 25), (61, 80), (130, 150)],
)
def test_nice_ceiling_rounds_up_to_a_readable_axis(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_the_balance_chart_follows_the_reader_with_the_range_mirrored(
    make_report: Callable[..., Report],
) -> None:
    report = make_report(me="Alex")
    chart = balance_chart(report)
    weekly, rolling, stretch = chart.series
    assert weekly.label == "Your share each week"
    assert (weekly.person, rolling.person, stretch.person) == (1, 1, 1)
    # The current stretch is drawn level at its pooled share, across its weeks.
    assert stretch.label == "Your share over the current stretch"
    assert stretch.style == "dashed"
    assert stretch.values == [pytest.approx(10 / 37)] * 10
    assert "The current stretch began on 1 Jan 2024 (10 weeks)" in chart.description
    assert weekly.values[0] == pytest.approx(0.25)
    assert rolling.values[9] == pytest.approx(7 / 29)
    assert chart.band is not None
    assert chart.band.person == 1
    first = report.balance.weeks[0].interval
    assert first is not None
    assert chart.band.low[0] == pytest.approx(1 - first.high)
    assert chart.band.high[0] == pytest.approx(1 - first.low)


def test_the_assessment_chart_needs_two_scores_and_draws_them_in_time_order() -> None:
    from twoway.render.charts import assessment_chart

    assert assessment_chart([], "Sam") is None
    assert assessment_chart([(date(2025, 1, 5), 50.0)], "Sam") is None
    chart = assessment_chart([(date(2025, 3, 2), 62.5), (date(2025, 1, 5), 40.6)], "Sam")
    assert chart is not None
    assert chart.x_dates == [date(2025, 1, 5), date(2025, 3, 2)]
    (series,) = chart.series
    assert series.values == [40.6, 62.5]
    assert series.person == 0  # "you": the first side's colour, as in every report
    assert (chart.y_min, chart.y_max) == (0.0, 100.0)
