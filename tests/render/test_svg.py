"""The SVG renderer: accessible, responsive, escaped, and the same colour for a person everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

from twoway.core.report import Report
from twoway.render.charts import Chart, Series, all_charts, balance_chart, bids_chart
from twoway.render.svg import (
    HEIGHT,
    PALETTE,
    SVG_NS,
    WIDTH,
    render_figure,
    render_legend,
    render_svg,
    render_table,
    y_ticks,
)

NS = {"svg": SVG_NS}


def test_each_chart_is_well_formed_svg_named_for_screen_readers(report: Report) -> None:
    for chart in all_charts(report):
        root = ET.fromstring(render_svg(chart))
        assert root.tag == f"{{{SVG_NS}}}svg"
        assert root.get("role") == "img"
        assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
        assert root.get("width") == "100%"
        title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
        assert title is not None
        assert desc is not None
        assert title.text == chart.title
        assert desc.text == chart.description
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_the_only_url_in_a_chart_is_the_svg_namespace(report: Report) -> None:
    for chart in all_charts(report):
        html = render_figure(chart)
        assert re.findall(r"https?://[^\"' ]+", html) == [SVG_NS]


def test_a_person_keeps_one_colour_on_every_chart(report: Report) -> None:
    seen = {"p0": 0, "p1": 0}
    for chart in all_charts(report):
        svg = render_svg(chart)
        for person, cls in enumerate(seen):
            marks = re.findall(rf'<(?:rect|circle|polyline)[^>]*class="[^"]*\b{cls}\b[^>]*>', svg)
            seen[cls] += len(marks)
            for mark in marks:
                assert PALETTE[person] in mark
                assert PALETTE[1 - person] not in mark
    assert seen["p0"] > 20
    assert seen["p1"] > 20


def test_bars_are_drawn_for_each_nonzero_value(report: Report) -> None:
    chart = bids_chart(report)
    svg = render_svg(chart)
    nonzero = sum(1 for s in chart.series for v in s.values if v)
    assert svg.count('class="bar ') == nonzero
    assert svg.count("muted") == sum(
        1 for s in chart.series if s.style == "muted" for v in s.values if v
    )


def test_the_balance_chart_draws_a_band_per_week_with_support(report: Report) -> None:
    svg = render_svg(balance_chart(report))
    weeks_with_support = sum(1 for w in report.balance.weeks if w.interval)
    assert svg.count('class="band p0"') == weeks_with_support
    assert 'class="rule"' in svg
    assert ">even<" in svg


def test_user_text_in_a_chart_is_escaped(make_report: Callable[..., Report]) -> None:
    report = make_report(people=("<b>Sam</b>", "Al & Ex"))
    for chart in all_charts(report):
        html = render_figure(chart)
        assert "<b>" not in html
        assert "&lt;b&gt;Sam&lt;/b&gt;" in html
        assert "Al &amp; Ex" in html


def test_the_hidden_table_has_a_row_per_week_and_a_column_per_series(report: Report) -> None:
    chart = balance_chart(report)
    table = render_table(chart)
    assert table.startswith('<table class="visually-hidden">')
    assert table.count("<tr>") == 1 + len(chart.x_dates)
    assert table.count('<th scope="col">') == 1 + len(chart.series) + 1  # week, series, band
    assert '<th scope="row">1 Jan 2024</th><td>75%</td>' in table
    assert "<td>—</td>" in table  # the week without support


def test_the_legend_names_every_series(report: Report) -> None:
    chart = bids_chart(report)
    legend = render_legend(chart)
    for s in chart.series:
        assert s.label in legend


def test_count_axes_step_in_whole_numbers() -> None:
    chart = Chart("k", "bars", "t", "d", [], [], [], y_max=8.0)
    assert [label for _, label in y_ticks(chart)] == ["0", "2", "4", "6", "8"]


def test_an_empty_chart_says_so() -> None:
    chart = Chart("empty", "line", "Nothing", "No weeks.", [], [], [Series("x", [])])
    assert "Nothing logged yet" in render_svg(chart)
