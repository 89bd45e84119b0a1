"""A chat's conversations and plans as ledger events, analysed by the ledger's own rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from twoway.chats import conversations as conv
from twoway.chats.messages import Chat, messages_frame
from twoway.chats.to_ledger import chat_ledger
from twoway.core import analyze
from twoway.core.timeline import prepare
from twoway.errors import TwowayError

T0 = datetime(2024, 1, 1, 9, 0)
PLANS_SCHEMA = {
    "at": pl.Datetime("us"),
    "by": pl.String,
    "text": pl.String,
    "position": pl.Int64,
    "status": pl.String,
    "fixed_at": pl.Datetime("us"),
    "due": pl.Date,
}


def table_of(rows: list[tuple[float, str]]) -> pl.DataFrame:
    chat = Chat(
        "whatsapp",
        "c.txt",
        messages_frame(
            (T0 + timedelta(hours=h), who, "hi", "text", i) for i, (h, who) in enumerate(rows, 1)
        ),
    )
    return conv.conversation_table(conv.mark(conv.merged([chat])))


def no_plans() -> pl.DataFrame:
    return pl.DataFrame(schema=PLANS_SCHEMA)


def test_starts_are_bids_and_the_others_first_answer_is_a_response() -> None:
    table = table_of([(0, "Alex"), (0.1, "Alex"), (0.2, "Sam"), (0.3, "Alex"), (10, "Sam")])
    ledger = chat_ledger(table, no_plans(), ("Alex", "Sam"), fmt="whatsapp", source="c.txt")
    rows = ledger.frame.select("by", "to", "kind", "id", "ref", "value", "line").to_dicts()
    assert rows == [
        {"by": "Alex", "to": "Sam", "kind": "bid", "id": "chat-whatsapp-20240101T090000",
         "ref": "", "value": "", "line": 1},
        {"by": "Sam", "to": "Alex", "kind": "response", "id": "",
         "ref": "chat-whatsapp-20240101T090000", "value": "toward", "line": 3},
        {"by": "Sam", "to": "Alex", "kind": "bid", "id": "chat-whatsapp-20240101T190000",
         "ref": "", "value": "", "line": 5},
    ]  # fmt: skip


def test_unanswered_starts_are_bids_never_turned_toward() -> None:
    # Alex starts 12 conversations over two weeks; Sam answers 3 of them.
    rows: list[tuple[float, str]] = []
    for i in range(12):
        rows.append((i * 24.0, "Alex"))
        if i % 4 == 0:
            rows.append((i * 24.0 + 0.5, "Sam"))
    rows.append((12 * 24.0 + 100, "Sam"))  # so the last bids are past their grace
    table = table_of(rows)
    ledger = chat_ledger(table, no_plans(), ("Alex", "Sam"), fmt="whatsapp", source="c.txt")
    bids = prepare(ledger).bids.filter(pl.col("by") == "Alex")
    assert bids["outcome"].value_counts().sort("outcome").rows() == [
        ("toward", 3),
        ("unanswered", 9),
    ]
    report = analyze(ledger, me="Sam")
    codes = {s.code: s for s in report.signals}
    assert "bids_turned_away" in codes
    assert codes["bids_turned_away"].person == "Alex"
    assert codes["bids_turned_away"].evidence["unanswered"] == 9


def test_plans_are_commitments_with_a_due_date_when_scheduled() -> None:
    table = table_of([(0, "Alex"), (1, "Sam"), (24 * 40, "Sam")])
    plans = pl.DataFrame(
        {
            "at": [T0, T0 + timedelta(hours=1), T0 + timedelta(hours=1)],
            "by": ["Alex", "Sam", "Alex"],
            "text": ["we should catch up", "coffee on Saturday?", "yes let's"],
            "position": [1, 2, 3],
            "status": ["vague", "scheduled", "vague"],
            "fixed_at": [None, T0 + timedelta(hours=1), None],
            "due": [None, date(2024, 1, 6), None],
        },
        schema=PLANS_SCHEMA,
    )
    ledger = chat_ledger(table, plans, ("Alex", "Sam"), fmt="whatsapp", source="c.txt")
    commitments = ledger.frame.filter(pl.col("kind") == "commitment")
    assert commitments.select("by", "id", "value").rows() == [
        ("Alex", "plan-whatsapp-20240101T090000", ""),
        ("Sam", "plan-whatsapp-20240101T100000", "2024-01-06"),
        ("Alex", "plan-whatsapp-20240101T100000-1", ""),
    ]
    outcomes = prepare(ledger).commitments.select("by", "outcome").rows()
    assert outcomes == [("Alex", "vague"), ("Sam", "open"), ("Alex", "vague")]


def test_the_same_chat_gives_the_same_events() -> None:
    rows = [(0.0, "Alex"), (0.5, "Sam"), (30.0, "Sam")]
    a = chat_ledger(table_of(rows), no_plans(), ("Alex", "Sam"), fmt="whatsapp", source="a")
    b = chat_ledger(
        table_of([*rows, (60.0, "Alex")]), no_plans(), ("Alex", "Sam"), fmt="whatsapp", source="b"
    )
    assert a.frame.drop("line").rows() == b.frame.drop("line").head(a.frame.height).rows()


def test_a_short_gap_numbers_starts_that_share_a_second() -> None:
    chat = Chat(
        "csv",
        "c.csv",
        messages_frame([(T0, "Alex", "a", "text", 1), (T0, "Sam", "b", "text", 2)]),
    )
    # With a gap of 0 every message would start a conversation: the ids stay unique.
    marked = conv.mark(conv.merged([chat]), 1e-9)
    table = conv.conversation_table(marked)
    assert table.height == 1  # the same second: not "at least gap after"
    ledger = chat_ledger(table, no_plans(), ("Alex", "Sam"), fmt="csv", source="c.csv")
    assert ledger.frame["kind"].to_list() == ["bid", "response"]


def test_an_empty_chat_is_an_error() -> None:
    empty = pl.DataFrame(
        schema={"conversation": pl.Int32, "at": pl.Datetime("us"), "position": pl.Int64,
                "by": pl.String, "answered_at": pl.Datetime("us"), "answered_by": pl.String,
                "answered_position": pl.Int64}
    )  # fmt: skip
    with pytest.raises(TwowayError, match="no messages"):
        chat_ledger(empty, no_plans(), ("Alex", "Sam"), fmt="csv", source="c.csv")
