"""Chat chart specs: their totals are the report's counts, for two people or a crowd."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

import pytest

from twoway.chats.report import ChatReport
from twoway.render.chat_charts import (
    MAX_SERIES,
    chat_charts,
    groups,
    latency_axis_labels,
    latency_chart,
    messages_chart,
    starts_chart,
)
from twoway.render.svg import PALETTE, SVG_NS, render_figure, render_svg, render_table

from .chat_known import SAM_AND_ALEX, Row, analysed, chat, group_rows, sam_and_alex


@pytest.fixture(scope="module")
def two() -> ChatReport:
    return sam_and_alex()


@pytest.fixture(scope="module")
def three() -> ChatReport:
    return analysed([chat(group_rows())])


def _sums(chart_values: list[float | None]) -> int:
    return int(sum(v or 0 for v in chart_values))


def test_message_bars_add_up_to_each_persons_messages(two: ChatReport) -> None:
    chart = messages_chart(two)
    assert [s.label for s in chart.series] == ["Sam", "Alex"]
    assert [s.person for s in chart.series] == [0, 1]
    assert chart.series[0].values == [5.0, 1.0, 1.0]
    assert chart.series[1].values == [4.0, 2.0, 0.0]
    for s in chart.series:
        assert _sums(s.values) == two.participants[s.label].messages
    assert "In all: Sam 7 and Alex 6." in chart.description
    assert "over 3 weeks (4 Mar – 18 Mar 2024)" in chart.description


def test_start_bars_add_up_to_the_conversations(two: ChatReport) -> None:
    chart = starts_chart(two)
    totals = [_sums(s.values) for s in chart.series]
    assert totals == [4, 2]
    assert sum(totals) == two.conversations
    assert "In all: Sam 4 and Alex 2." in chart.description
    assert "after 6 h of silence" in chart.description


def test_weeks_are_labelled_by_their_monday(two: ChatReport) -> None:
    chart = messages_chart(two)
    assert chart.x_labels == ["4 Mar", "11 Mar", "18 Mar"]
    assert [d.isoformat() for d in chart.x_dates] == ["2024-03-04", "2024-03-11", "2024-03-18"]
    table = render_table(chart)
    assert '<th scope="col">Week of</th>' in table
    assert '<th scope="row">4 Mar 2024</th><td>5</td><td>4</td>' in table


def test_a_long_chat_is_counted_by_month() -> None:
    start = datetime(2023, 11, 20, 12)
    rows: list[Row] = [
        (start + timedelta(days=10 * i), "Sam" if i % 3 else "Alex", "hi", "text", i + 1)
        for i in range(30)
    ]
    report = analysed([chat(rows)])
    assert report.period == "month"
    chart = messages_chart(report)
    assert chart.x_labels[:3] == ["Nov 2023", "Dec 2023", "Jan 2024"]
    assert chart.x_title == "Month"
    assert chart.x_full[0] == "Nov 2023"
    assert sum(_sums(s.values) for s in chart.series) == 30
    assert '<th scope="row">Nov 2023</th>' in render_table(chart)


def test_reply_times_are_shares_of_each_persons_replies(two: ChatReport) -> None:
    chart = latency_chart(two)
    assert chart.y_unit == "share"
    assert chart.x_full == [b.label for b in two.latency]
    assert chart.x_dates == []
    for s in chart.series:
        replies = two.participants[s.label].replies
        counts = [round((v or 0) * replies) for v in s.values]
        assert counts == [b.replies[s.label] for b in two.latency]
        assert sum(counts) == replies
    assert "Sam replied 3 times (typical reply 20 min)" in chart.description
    assert "Alex replied 3 times (typical reply 4 min)" in chart.description


def test_every_reply_time_label_is_drawn_under_its_bars(two: ChatReport) -> None:
    labels = latency_axis_labels(two)
    assert labels == ["<1m", "1–5m", "5–15m", "15–60m", "1–3h", "≥3h"]
    svg = render_svg(latency_chart(two))
    drawn = re.findall(r'<text [^>]*text-anchor="middle"[^>]*>([^<]*)</text>', svg)
    assert drawn == ["&lt;1m", "1–5m", "5–15m", "15–60m", "1–3h", "≥3h"]
    table = render_table(latency_chart(two))
    assert '<th scope="col">Reply time</th>' in table
    assert '<th scope="row">under 1 min</th><td>0%</td><td>33%</td>' in table


def test_three_people_get_three_colours(three: ChatReport) -> None:
    assert three.people == ["Sam", "Alex", "Kim"]
    for chart in chat_charts(three):
        assert [s.person for s in chart.series] == [0, 1, 2]
        assert chart.people == ("Sam", "Alex", "Kim")
        svg = render_svg(chart)
        kim_drew = any(chart.series[2].values)  # Kim started no conversation
        assert ('class="bar p2 solid" fill="' + PALETTE[2] + '"' in svg) == kim_drew
    assert "In all: Sam 7, Alex 6 and Kim 3." in messages_chart(three).description
    assert sum(_sums(s.values) for s in starts_chart(three).series) == three.conversations


def test_a_crowd_keeps_colours_for_the_busiest_and_pools_the_rest() -> None:
    start = datetime(2024, 5, 6, 8)
    rows: list[Row] = []
    # Person k writes k + 1 messages, so P9 is the busiest and P0 the quietest.
    for k in range(10):
        for j in range(k + 1):
            rows.append((start + timedelta(minutes=10 * k + j), f"P{k}", "hello", "text", 0))
    rows = [(at, s, t, kind, i + 1) for i, (at, s, t, kind, _) in enumerate(rows)]
    report = analysed([chat(rows)])
    gs = groups(report)
    assert len(gs) == MAX_SERIES
    assert [g.label for g in gs[:-1]] == ["P5", "P6", "P7", "P8", "P9"]
    assert gs[-1].label == "5 others"
    assert gs[-1].person is None
    chart = messages_chart(report)
    assert [s.person for s in chart.series] == [0, 1, 2, 3, 4, None]
    assert _sums(chart.series[-1].values) == 1 + 2 + 3 + 4 + 5
    assert sum(_sums(s.values) for s in chart.series) == report.messages == 55
    assert 'class="bar neutral solid"' in render_svg(chart)


def test_you_are_named_you(two: ChatReport) -> None:
    report = sam_and_alex(me="alex")
    chart = messages_chart(report)
    assert [s.label for s in chart.series] == ["Sam", "You"]
    assert "In all: Sam 7 and You 6." in chart.description


def test_names_are_escaped_in_the_drawn_charts() -> None:
    from .chat_known import renamed

    rows = renamed(SAM_AND_ALEX, {"Sam": "<b>Sam</b>", "Alex": "Al & Ex"})
    for c in chat_charts(analysed([chat(rows)])):
        html = render_figure(c)
        assert "<b>" not in html
        assert "&lt;b&gt;Sam&lt;/b&gt;" in html
        assert "Al &amp; Ex" in html
        assert re.findall(r"https?://[^\"' ]+", html) == [SVG_NS]
        ET.fromstring(render_svg(c))


def test_a_chat_chart_spec_is_plain_json(three: ChatReport) -> None:
    for c in chat_charts(three):
        data = json.loads(json.dumps(c.to_dict()))
        assert data["people"] == ["Sam", "Alex", "Kim"]
        assert data["x_full"] == c.x_full
