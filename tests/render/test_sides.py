""" "You" first and in the same colour in every output, whoever appears first in the ledger."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from twoway import analyze, load_ledger
from twoway.core.analysis import you_first
from twoway.render import sides, svg
from twoway.render.charts import all_charts
from twoway.render.html import render_html
from twoway.render.terminal import PERSON_STYLES, header

#: Sam writes the first row; Alex is "you".
SAM_FIRST = Path(__file__).parents[1] / "data" / "ledgers" / "render-sam-alex.csv"
CSS = Path(__file__).parents[2] / "twoway" / "render" / "static" / "twoway" / "report.css"


def test_you_first_puts_the_reader_first_and_leaves_the_order_without_one() -> None:
    assert you_first(("Sam", "Alex"), "Alex") == ("Alex", "Sam")
    assert you_first(("Alex", "Sam"), "Alex") == ("Alex", "Sam")
    assert you_first(("Sam", "Alex"), None) == ("Sam", "Alex")


@pytest.mark.parametrize("me", ["Alex", "Sam"])
def test_the_reader_is_first_in_the_report_whoever_wrote_the_first_row(me: str) -> None:
    report = analyze(load_ledger(SAM_FIRST), me=me)
    assert report.people[0] == me
    # The interval of the weeks is the first person's: still the reader's share's range.
    for week in report.balance.weeks:
        if week.share and week.interval:
            assert week.interval.low <= week.share[me] <= week.interval.high


def test_the_html_report_and_the_terminal_name_you_first_in_the_first_colour() -> None:
    report = analyze(load_ledger(SAM_FIRST), me="Alex")
    page = render_html(report)
    assert (
        '<span class="who p0">You</span> <span class="amp">&amp;</span> <span class="who p1">Sam'
        in page
    )
    console = Console(record=True, width=80, color_system="truecolor")
    console.print(header(report))
    text = console.export_text()
    assert text.startswith("twoway · You & Sam")
    line = header(report)
    styles = {line.plain[s.start : s.end]: s.style for s in line.spans}
    assert styles["You"] == PERSON_STYLES[0] == sides.TERMINAL[0]
    assert styles["Sam"] == PERSON_STYLES[1]


def test_every_chart_draws_you_in_the_first_colour() -> None:
    report = analyze(load_ledger(SAM_FIRST), me="Alex")
    for chart in all_charts(report):
        assert chart.people[0] == "Alex"
        for series in chart.series:
            if series.person is not None:
                assert chart.people[series.person] in ("Alex", "Sam")
    assert svg.PALETTE[:2] == sides.LIGHT


def test_the_stylesheet_uses_the_same_two_colours_in_light_and_dark() -> None:
    css = CSS.read_text(encoding="utf-8").lower()
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for text, colours in ((light, sides.LIGHT), (dark, sides.DARK)):
        assert f"--p0: {colours[0].lower()};" in text
        assert f"--p1: {colours[1].lower()};" in text
