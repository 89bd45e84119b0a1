"""The terminal report: the verdict, names, counts and signals, readable in 80 columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from rich.console import Console

from twoway.core.ledger import Skipped
from twoway.core.report import Report
from twoway.render.terminal import print_report


def render(
    report: Report, skipped: Sequence[Skipped] = (), width: int = 80, *, partners: bool = False
) -> str:
    console = Console(record=True, width=width, color_system=None, force_terminal=False)
    print_report(report, skipped=skipped, console=console, partners=partners)
    return console.export_text()


def _flat(text: str) -> str:
    """The text with line breaks and box edges removed, to find sentences Rich wrapped."""
    lines = (line.strip(" │╭╮╰╯─") for line in text.splitlines())
    return " ".join(line for line in lines if line)


def test_the_header_names_both_people_and_the_date(report: Report) -> None:
    out = render(report)
    first = out.splitlines()[0]
    assert first == "twoway · Sam & Alex"
    assert "as of 10 Mar 2024 · 211 events since 1 Jan 2024" in out


def test_the_verdict_and_the_interval_in_words(report: Report) -> None:
    flat = _flat(render(report))
    assert "Balance of support" in flat
    assert "Since 1 Jan 2024, Sam has given 73% of the support." in flat
    assert (
        "Sam gave 76% of the 29 support events in the last 8 weeks "
        "(likely between 58% and 88%); Alex gave 24%." in flat
    )


def test_a_bar_per_person_shows_the_shares(report: Report) -> None:
    lines = render(report).splitlines()
    sam = next(line for line in lines if line.startswith("│ Sam ") and "█" in line)
    alex = next(line for line in lines if line.startswith("│ Alex ") and "█" in line)
    assert sam.count("█") == 27  # 76% of 36
    assert alex.count("█") == 9
    assert "76%" in sam
    assert "24%" in alex


def test_the_weekly_share_is_a_sparkline_with_gaps(report: Report) -> None:
    out = render(report)
    assert "Week by week, Sam's share:" in out
    # Ten weeks, the third without support.
    assert "▇▅·▇▇▅▇▅▇█  1 Jan – 10 Mar 2024" in out


def test_counts_have_the_two_people_as_columns_for_both_stretches(report: Report) -> None:
    lines = render(report).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("What each person did"))
    names, stretch = lines[at + 2].split(), lines[at + 3]
    assert names == ["Sam", "Alex", "Sam", "Alex"]
    assert stretch.split() == ["last", "8", "wk"] * 2 + ["all", "time"] * 2
    row = next(line for line in lines if "Bids turned toward" in line)
    assert row.split("  ")[0].strip() == "Bids turned toward"
    assert [c.strip() for c in row.split("   ") if c.strip()][1:] == [
        "6 of 18",
        "12 of 13",
        "8 of 23",
        "15 of 16",
    ]


def test_the_ratio_comes_with_its_reference_figure_for_partners_only(report: Report) -> None:
    assert "research on stable couples found about 5 to 1" in _flat(render(report, partners=True))
    assert "5 to 1" not in _flat(render(report))  # a finding about couples, not friends


def test_every_signal_shows_its_summary_evidence_and_practice(report: Report) -> None:
    flat = _flat(render(report))
    for signal in report.signals:
        assert signal.summary in flat
        assert signal.practice in flat
    assert "◆ Sam has given most of the support for 8 weeks." in flat
    assert "✓ Thanks are given more often than two months ago." in flat
    assert "events s1, s2, s3, s4, s5 and 17 more" in flat
    assert "Since: 15 Jan 2024" in flat


def test_everything_fits_in_80_columns(report: Report) -> None:
    for line in render(report).splitlines():
        assert len(line) <= 80, line


def test_long_names_still_fit_in_80_columns(make_report: Callable[..., Report]) -> None:
    names = ("Maximiliana Augustina Featherstonehaugh", "Bartholomew-Christopher Smythe")
    out = render(make_report(names=names))
    for line in out.splitlines():
        assert len(line) <= 80, line
    assert "│ Maximiliana Augusti…  ███" in out
    assert "Maximiliana Augustina Featherstonehaugh gave 76%" in _flat(out)


def test_skipped_rows_are_counted_and_the_first_few_listed(
    make_report: Callable[..., Report],
) -> None:
    rows = [
        Skipped(line=n, field="at", reason="expected a date like 2024-03-01") for n in range(3, 10)
    ]
    flat = _flat(render(make_report(skipped=len(rows)), skipped=rows))
    assert "7 rows were skipped for not fitting the format (--skip-bad):" in flat
    assert "line 3 · at: expected a date like 2024-03-01" in flat
    assert "line 8" not in flat
    assert "… and 2 more" in flat


def test_nothing_skipped_says_nothing_about_skipping(report: Report) -> None:
    assert "skipped" not in render(report)


def test_it_speaks_to_the_reader(make_report: Callable[..., Report]) -> None:
    flat = _flat(render(make_report(me="Sam")))
    assert "Since 1 Jan 2024, you have given 73% of the support." in flat
    assert "You gave 76% of the 29 support events" in flat
    assert "Week by week, your share:" in flat


def test_too_little_evidence_gives_no_verdict(make_report: Callable[..., Report]) -> None:
    base = make_report()
    balance = replace(
        base.balance,
        verdict="insufficient_evidence",
        carrier=None,
        reason="5 support events in the last 8 weeks; twoway waits for at least 12.",
    )
    flat = _flat(render(replace(base, balance=balance, signals=[])))
    assert "Too few entries yet to say how support is shared." in flat
    assert "twoway waits for at least 12." in flat
    assert "Nothing stands out in the ledger yet." in flat
    assert "░" not in flat  # no share bar (its empty part): it would say more than it can


def test_names_are_printed_as_written_not_as_markup(make_report: Callable[..., Report]) -> None:
    report = make_report(people=("[bold]Sam[/bold]", "Alex"))
    out = render(report)
    assert "[bold]Sam[/bold]" in out.splitlines()[0]


def test_no_colour_codes_when_not_a_terminal(report: Report) -> None:
    console = Console(record=True, width=80, force_terminal=False)
    print_report(report, console=console)
    assert "\x1b[" not in console.export_text(styles=False)


def test_it_ends_by_saying_it_describes_the_ledger(report: Report) -> None:
    assert "not who either of you is" in _flat(render(report))
