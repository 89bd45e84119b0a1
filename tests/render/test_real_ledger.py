"""Render real analyses: a small ledger file written for these tests, and the demo ledgers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from rich.console import Console

from twoway import analyze, load_ledger
from twoway.cli import run
from twoway.core.ledger import Skipped
from twoway.core.report import Report
from twoway.render import words
from twoway.render.charts import all_charts
from twoway.render.html import render_html
from twoway.render.svg import SVG_NS
from twoway.render.terminal import print_report
from twoway.simulate import demo_ledgers

LEDGER = Path(__file__).parent.parent / "data" / "ledgers" / "render-sam-alex.csv"


@pytest.fixture(scope="module")
def real() -> Report:
    """Twelve weeks of Sam and Alex: Sam gives most support, and one bid id holds markup."""
    return analyze(load_ledger(LEDGER))


def _esc(text: str) -> str:
    """Text as the template escapes it (markupsafe writes ' as &#39;)."""
    return str(escape(text))


def _terminal(report: Report, skipped: Sequence[Skipped] = ()) -> str:
    console = Console(record=True, width=80, color_system=None)
    print_report(report, skipped=skipped, console=console)
    text = console.export_text()
    return " ".join(line.strip(" │╭╮╰╯─") for line in text.splitlines())


def test_the_file_gives_signals_to_render(real: Report) -> None:
    assert real.people == ("Sam", "Alex")
    assert real.signals, "the fixture ledger should produce at least one signal"


def test_the_terminal_shows_the_verdict_names_and_every_signal(real: Report) -> None:
    flat = _terminal(real)
    assert "twoway · Sam & Alex" in flat
    assert words.verdict_headline(real) in flat
    assert words.share_sentence(real).split(" (")[0] in flat
    for signal in real.signals:
        assert signal.summary in flat


def test_the_html_shows_every_signal_with_its_evidence(real: Report) -> None:
    page = render_html(real)
    for signal in real.signals:
        assert _esc(signal.summary) in page
        for label, value in words.evidence_items(signal, real):
            assert f"<dt>{_esc(label)}</dt><dd>{_esc(value)}</dd>" in page
        shown, more = words.event_keys(signal)
        for key in shown:
            assert f"<code>{_esc(key)}</code>" in page
        if more:
            assert f" and {more} more" in page


def test_markup_typed_into_the_ledger_stays_text(real: Report) -> None:
    keys = [k for s in real.signals for k in s.evidence.get("events", [])]
    assert "<i>b9</i>" in keys, "the bid with markup in its id is evidence of a signal"
    page = render_html(real)
    assert "<i>" not in page
    assert "&lt;i&gt;b9&lt;/i&gt;" in page
    assert "<script" not in page.lower()


def test_the_html_of_a_real_report_is_self_contained(real: Report) -> None:
    page = render_html(real)
    assert set(re.findall(r"https?://[^\"' <>]+", page)) == {SVG_NS}
    assert page.count("<svg xmlns=") == 4


def test_chart_specs_follow_the_report_week_by_week(real: Report) -> None:
    balance, *activity_charts = all_charts(real)
    assert len(balance.x_dates) == len(real.balance.weeks) == 12
    assert balance.series[0].values == [
        w.share["Sam"] if w.share else None for w in real.balance.weeks
    ]
    for chart in activity_charts:
        assert chart.x_dates == [a.start for a in real.activity]
    initiations = activity_charts[0]
    assert (
        sum(v or 0 for v in initiations.series[0].values)
        == real.counts["all"]["Sam"].initiations["total"]
    )


def test_rows_left_out_by_skip_bad_are_shown(tmp_path: Path) -> None:
    path = tmp_path / "with-bad-rows.csv"
    bad = [f"2025-02-0{d},Sam,Alex,hug,,,,\n" for d in range(1, 8)] + [
        "not-a-date,Sam,Alex,talk,,,,\n"
    ]
    path.write_text(LEDGER.read_text(encoding="utf-8") + "".join(bad), encoding="utf-8")
    ledger = load_ledger(path, skip_bad=True)
    assert len(ledger.skipped) == 8
    report = analyze(ledger)
    flat = _terminal(report, skipped=ledger.skipped)
    assert "8 rows were skipped for not fitting the format (--skip-bad):" in flat
    first = ledger.skipped[0]
    assert f"line {first.line} · {first.field}:" in flat
    assert "… and 3 more" in flat
    page = render_html(report, skipped=ledger.skipped)
    assert "8 rows were skipped" in page


def test_the_cli_writes_the_html_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert run(["report", str(LEDGER), "--me", "Alex", "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert '<span class="who p0">You</span>' in page  # you first, in the first colour
    assert f"HTML report written to {out}" in capsys.readouterr().out


@pytest.mark.parametrize("person", ["Sam", "Jordan", "Robin"])
def test_the_demo_ledgers_render_in_80_columns(person: str) -> None:
    _, ledger = demo_ledgers(date(2025, 6, 30))[person]
    report = analyze(ledger, me="Alex")
    console = Console(record=True, width=80, color_system=None)
    print_report(report, console=console)
    text = console.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    page = render_html(report)
    assert page.count("<svg xmlns=") == 4
    for signal in report.signals:
        assert _esc(signal.summary) in page
