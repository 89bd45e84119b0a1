"""The chat report in the terminal: the known numbers, 80 columns, names printed as written."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from rich.console import Console

from twoway.chats.messages import Skip
from twoway.chats.report import ChatReport, Plan
from twoway.render.chat_terminal import print_chat_report
from twoway.render.chat_words import duration

from .chat_known import (
    SAM_AND_ALEX,
    analysed,
    chat,
    group_rows,
    one_sided_rows,
    plan_rows,
    renamed,
    sam_and_alex,
)


def render(report: ChatReport, width: int = 80) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    print_chat_report(report, console)
    return buffer.getvalue()


def row(text: str, name: str) -> list[str]:
    """The cells of the first table row for `name` (split on runs of spaces)."""
    line = next(x for x in text.splitlines() if x.strip().startswith(name + " "))
    return re.split(r"\s{2,}", line.strip())


def plan(at: str, by: str, text: str, status: str) -> Plan:
    when = datetime.fromisoformat(at)
    return Plan(when, by, text, status, None, None, "chat.txt", 1)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, "—"),
        (0, "under 1 min"),
        (30, "under 1 min"),
        (240, "4 min"),
        (3599, "1 h"),
        (4800, "1 h 20 min"),
        (7200, "2 h"),
        (4080, "1 h 8 min"),
        (90_000, "1 day 1 h"),
        (2 * 86_400, "2 days"),
    ],
)
def test_reply_times_read_in_human_units(seconds: float | None, words: str) -> None:
    assert duration(seconds) == words


def test_the_header_names_the_chat_its_file_and_size() -> None:
    out = render(sam_and_alex())
    lines = out.splitlines()
    assert lines[0] == "twoway · chat · Sam and Alex"
    assert lines[1] == "WhatsApp Chat with Sam.txt · WhatsApp"
    assert lines[2] == "4 Mar – 18 Mar 2024 · 13 messages · 6 conversations"
    assert "/home/me" not in out  # the folders are private


def test_each_persons_counts_and_reply_times_are_shown() -> None:
    out = render(sam_and_alex())
    # Who wrote what: messages, words, media.
    assert row(out, "Sam")[1:] == ["7", "14", "1"]
    assert row(out, "Alex")[1:] == ["6", "11", "0"]
    # Conversations and replies: started, unanswered (of their starts), replies, median, p90.
    replies = out[out.index("Conversations and replies") :]
    assert row(replies, "Sam")[1:] == ["4", "2 (50%)", "3", "20 min", "1 h 8 min"]
    assert row(replies, "Alex")[1:] == ["2", "0 (0%)", "3", "4 min", "3 h 11 min"]
    assert "after 6 h of silence" in out


def test_reply_times_are_tabled_per_bucket() -> None:
    out = render(sam_and_alex())
    latency = out[out.index("How soon replies came") :]
    assert row(latency, "Sam")[1:] == [
        "0 (0%)",
        "1 (33%)",
        "0 (0%)",
        "1 (33%)",
        "1 (33%)",
        "0 (0%)",
    ]
    assert row(latency, "Alex")[1:] == [
        "1 (33%)",
        "1 (33%)",
        "0 (0%)",
        "0 (0%)",
        "0 (0%)",
        "1 (33%)",
    ]


def test_weeks_show_as_sparklines_with_totals() -> None:
    out = render(sam_and_alex())
    over = out[out.index("Week by week") : out.index("How soon replies came")]
    messages = over[over.index("Messages") : over.index("Conversations started")]
    starts = over[over.index("Conversations started") :]
    # Sam: 5, 1, 1 messages (the busiest week is full); Alex: 4, 2 and none.
    assert row(messages, "Sam") == ["Sam", "█▂▂", "7"]
    assert row(messages, "Alex") == ["Alex", "▇▄·", "6"]
    assert row(starts, "Sam") == ["Sam", "█·▃", "4"]
    assert "Each mark is a week (4 Mar – 18 Mar 2024)" in over


def test_it_fits_80_columns_even_for_a_crowd_with_long_names() -> None:
    rows = renamed(group_rows(), {"Sam": "Samantha Alexandra Featherstonehaugh-Smythe"})
    for report in (sam_and_alex(), analysed([chat(rows)])):
        for line in render(report).splitlines():
            assert len(line) <= 80, line


def test_a_group_chat_shows_everyone_and_says_why_there_are_no_signals() -> None:
    report = analysed([chat(group_rows())])
    out = render(report)
    assert row(out, "Kim")[1:] == ["3", "7", "0"]
    assert row(out[out.index("Conversations and replies") :], "Kim")[1:] == [
        "0",
        "—",
        "2",
        "4 min",
        "5 min",
    ]
    assert "this chat has 3 participants" in " ".join(out.split())
    assert "Nothing stands out" not in out


def test_names_and_texts_print_as_written_never_as_markup() -> None:
    rows = renamed(SAM_AND_ALEX, {"Sam": "[bold]Sam[/]", "Alex": "[red]Al[/red] \\[x]"})
    skipped = [Skip(3, "a line like [link=x]this[/link]")]
    report = analysed([chat(rows, skipped=skipped, title="[b]Us[/b]")])
    report = replace(
        report, plans=[plan("2024-03-04 09:00", "[bold]Sam[/]", "[i]soon[/i]", "vague")]
    )
    out = render(report)
    assert "twoway · chat · [b]Us[/b]" in out
    assert "[bold]Sam[/]" in out
    assert "[red]Al[/red] \\[x]" in out
    assert "a line like [link=x]this[/link]" in out
    assert "“[i]soon[/i]”" in out


def test_skipped_lines_show_the_first_ten_with_where_and_why() -> None:
    skipped = [Skip(100 + i, f"no date at the start ({i})") for i in range(13)]
    out = render(analysed([chat(SAM_AND_ALEX, skipped=skipped, system=4)]))
    assert "13 lines could not be read and were left out:" in out
    assert "  WhatsApp Chat with Sam.txt, line 100: no date at the start (0)" in out
    assert "line 109: no date at the start (9)" in out
    assert "line 110" not in out
    assert "  … and 3 more" in out
    assert "4 system or service lines (not written by a person) are not counted" in out


def test_one_skipped_message_is_singular() -> None:
    out = render(analysed([chat(SAM_AND_ALEX, skipped=[Skip(5, "no sender", "message")])]))
    assert "1 message could not be read and was left out:" in out
    assert "message 5: no sender" in out


def test_plans_are_counted_per_person_with_the_latest_vague_ones() -> None:
    plans = [
        plan("2024-03-04 09:00", "Sam", "coffee at 10?", "scheduled"),
        plan("2024-03-05 09:00", "Sam", "we should hang out sometime", "vague"),
        plan("2024-03-06 09:00", "Alex", "let's do something\nsoon", "vague"),
        plan("2024-03-07 09:00", "Sam", "cinema one day? " + "very " * 20 + "long", "vague"),
        plan("2024-03-08 09:00", "Sam", "dinner sometime", "vague"),
    ]
    out = render(replace(sam_and_alex(), plans=plans))
    section = out[out.index("Plans to meet") : out.index("Signals")]
    assert row(section, "Sam")[1:] == ["4", "1", "3"]
    assert row(section, "Alex")[1:] == ["1", "0", "1"]
    assert "we should hang out" not in section  # only the latest three
    lines = [x.rstrip() for x in section.splitlines()]
    assert "  6 Mar 2024  Alex  “let's do something soon”" in lines
    long = next(x for x in lines if "cinema" in x)
    assert long.startswith("  7 Mar 2024  Sam   “cinema one day? very very")
    assert long.endswith("…")
    assert len(long) <= 80
    assert "  8 Mar 2024  Sam   “dinner sometime”" in lines


def test_plans_found_in_the_messages_are_counted() -> None:
    out = render(analysed([chat(plan_rows())]))
    section = out[out.index("Plans to meet") : out.index("Signals")]
    assert row(section, "Sam")[1:] == ["2", "0", "2"]
    assert row(section, "Alex")[1:] == ["1", "1", "0"]
    lines = [x.rstrip() for x in section.splitlines()]
    assert lines[-3:] == [
        "  1 Apr 2024   Sam  “we should catch up sometime”",
        "  20 Apr 2024  Sam  “we should grab dinner one of these days”",
        "",
    ]


def test_without_plans_it_says_none_were_found() -> None:
    out = render(replace(sam_and_alex(), plans=[]))
    assert "No proposals to meet were found in the messages." in out


def test_signals_are_the_ledgers_own_blocks_speaking_to_you() -> None:
    report = analysed([chat(one_sided_rows())], me="Sam")
    assert report.ledger is not None
    codes = {s.code for s in report.signals}
    assert "one_sided_initiation" in codes
    out = render(report, width=100)
    signals = out[out.index("Signals") :]
    for s in report.signals:
        assert " ".join(s.summary.split()) in " ".join(signals.split())
    assert "you started 35 of the 35" in " ".join(signals.split())
    assert "Evidence:" in signals
    assert "Practice:" in signals
    assert "◆" in signals


def test_a_quiet_two_person_chat_says_nothing_stands_out() -> None:
    out = render(sam_and_alex())
    assert "Nothing stands out in this chat yet." in out


def test_you_are_named_you() -> None:
    out = render(sam_and_alex(me="Sam"))
    assert out.splitlines()[0] == "twoway · chat · You and Alex"
    assert row(out, "You")[1:] == ["7", "14", "1"]
    assert date(2024, 3, 4).isoformat() not in out  # dates are in words
