"""analyze_chat: the whole chat report, from messages to JSON and signals."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from twoway.chats.analysis import analyze_chat, prepare_chat
from twoway.chats.messages import Chat, Skip, messages_frame
from twoway.errors import TwowayError

T0 = datetime(2024, 1, 1, 9, 0)
FIELDS = {
    "messages",
    "words",
    "media",
    "conversations_started",
    "unanswered",
    "replies",
    "median_reply_seconds",
    "p90_reply_seconds",
}


def chat_of(rows: list[tuple[float, str, str]], **kw: object) -> Chat:
    """(hours after T0, sender, text) rows."""
    frame = messages_frame(
        (T0 + timedelta(hours=h), who, text, "text", i) for i, (h, who, text) in enumerate(rows, 1)
    )
    return Chat("whatsapp", "chat.txt", frame, **kw)


def one_sided(days: int = 60) -> list[tuple[float, str, str]]:
    """Alex writes every day; Sam answers one day in five, and proposes vague plans."""
    rows: list[tuple[float, str, str]] = []
    for d in range(days):
        rows.append((d * 24.0, "Alex", "morning! how did it go?"))
        if d % 5 == 0:
            rows.append((d * 24.0 + 0.25, "Sam", "good, busy. we should catch up soon"))
    return rows


def test_the_json_has_every_field_the_issue_names() -> None:
    report = analyze_chat([chat_of(one_sided())], me="Alex")
    doc = json.loads(json.dumps(report.to_dict()))
    for key in (
        "format",
        "messages",
        "conversations",
        "participants",
        "plans",
        "signals",
        "skipped",
    ):
        assert key in doc
    assert doc["format"] == "whatsapp"
    assert doc["messages"] == 60 + 12
    assert doc["conversations"] == 60
    assert set(doc["participants"]) == {"Alex", "Sam"}
    for person in doc["participants"].values():
        assert set(person) >= FIELDS
    alex, sam = doc["participants"]["Alex"], doc["participants"]["Sam"]
    assert alex["conversations_started"] == 60
    assert alex["unanswered"] == 48
    assert sam["replies"] == 12
    assert sam["median_reply_seconds"] == 900.0
    assert alex["median_reply_seconds"] is None  # Alex never replied within a conversation


def test_a_two_person_chat_gets_the_ledger_signals() -> None:
    report = analyze_chat([chat_of(one_sided())], me="Alex")
    codes = {s.code: s for s in report.signals}
    assert "bids_turned_away" in codes
    assert codes["bids_turned_away"].person == "Alex"
    # the last 8 weeks, less the 3 days still in grace: days 4..56, answered on 5, 10 … 55
    assert codes["bids_turned_away"].summary.startswith("11 of your last 53 reach-outs")
    assert "one_sided_initiation" in codes
    assert report.ledger is not None
    assert report.ledger.me == "Alex"


def test_vague_plans_feed_plans_not_kept() -> None:
    report = analyze_chat([chat_of(one_sided())])
    vague = [p for p in report.plans if p.status == "vague" and p.by == "Sam"]
    assert len(vague) >= 3
    codes = {s.code: s for s in report.signals}
    assert codes["plans_not_kept"].person == "Sam"
    assert "got a date" in codes["plans_not_kept"].summary


def test_a_group_chat_has_counts_and_a_note_but_no_signals() -> None:
    rows = [(h, "ABC"[int(h) % 3], "hi") for h in range(0, 300, 7)]
    report = analyze_chat([chat_of([(float(h), w, t) for h, w, t in rows])])
    assert len(report.participants) == 3
    assert report.signals == []
    assert report.ledger is None
    assert "three or more" not in report.notes[0]  # the note counts them
    assert "3 participants" in report.notes[0]
    with pytest.raises(TwowayError, match="two people"):
        prepare_chat([chat_of([(float(h), w, t) for h, w, t in rows])]).ledger()


def test_as_of_cuts_later_messages() -> None:
    report = analyze_chat([chat_of(one_sided())], as_of=date(2024, 1, 10))
    assert report.last.date() == date(2024, 1, 10)
    assert report.messages == 10 + 2
    with pytest.raises(TwowayError, match="no messages on or before"):
        analyze_chat([chat_of(one_sided())], as_of=date(2023, 12, 1))


def test_me_must_be_a_participant_and_is_matched_without_case() -> None:
    assert analyze_chat([chat_of(one_sided())], me="alex").me == "Alex"
    with pytest.raises(TwowayError, match="participants are Alex, Sam"):
        analyze_chat([chat_of(one_sided())], me="Robin")


def test_the_gap_changes_what_a_conversation_is() -> None:
    rows = [(0.0, "A", "x"), (2.0, "B", "y"), (4.0, "A", "z")]
    assert analyze_chat([chat_of(rows)], gap_hours=6).conversations == 1
    assert analyze_chat([chat_of(rows)], gap_hours=1).conversations == 3
    with pytest.raises(TwowayError, match="above 0"):
        analyze_chat([chat_of(rows)], gap_hours=0)


def test_skipped_lines_are_reported_with_their_file() -> None:
    chat = chat_of(
        [(0.0, "A", "x"), (1.0, "B", "y")], skipped=(Skip(7, "a date that does not exist"),)
    )
    doc = analyze_chat([chat]).to_dict()
    assert doc["skipped"] == [
        {"file": "chat.txt", "line": 7, "reason": "a date that does not exist"}
    ]


def test_periods_are_weekly_for_a_short_chat_and_monthly_for_a_long_one() -> None:
    short = analyze_chat([chat_of(one_sided(60))])
    assert short.period == "week"
    assert sum(sum(p.messages.values()) for p in short.periods) == short.messages
    long = analyze_chat([chat_of(one_sided(400))])
    assert long.period == "month"
    assert [p.start.day for p in long.periods] == [1] * len(long.periods)
    assert sum(sum(p.conversations_started.values()) for p in long.periods) == long.conversations


def test_progress_hears_every_step_up_to_the_end() -> None:
    heard: list[tuple[str, int, int]] = []
    analyze_chat([chat_of(one_sided())], progress=lambda *a: heard.append(a))
    assert heard[0] == ("Analysing", 0, 3)
    assert heard[-1] == ("Analysing", 3, 3)
    assert [d for _, d, _ in heard] == sorted(d for _, d, _ in heard)


def test_moments_can_be_left_out_and_everything_else_stays() -> None:
    rows = [(0.0, "Sam", "I didn't get the job"), (0.1, "Alex", "oh no, that's awful")]
    with_them = analyze_chat([chat_of(rows)], as_of=date(2024, 1, 2))
    without = analyze_chat([chat_of(rows)], as_of=date(2024, 1, 2), moments=False)
    assert [(m.line, m.kind, m.style) for m in with_them.moments] == [(2, "support", "comfort")]
    assert without.moments == []
    assert without.moments_read is not None
    assert without.moments_read.layer == "off"
    assert without.messages == with_them.messages
    assert without.conversations == with_them.conversations
