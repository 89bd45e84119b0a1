"""The definitions of docs/chats.md, checked on small hand-made chats and against a recount."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.chats import conversations as conv
from twoway.chats.messages import Chat, messages_frame

T0 = datetime(2024, 3, 1, 9, 0)


def chat(
    *rows: tuple[float, str, str] | tuple[float, str, str, str], source: str = "c.txt"
) -> Chat:
    """Messages as (minutes after T0, sender, text[, kind]); position = row number."""
    return Chat(
        "csv",
        source,
        messages_frame(
            (T0 + timedelta(minutes=r[0]), r[1], r[2], r[3] if len(r) > 3 else "text", i)
            for i, r in enumerate(rows, start=1)
        ),
    )


def marked(c: Chat, gap: float = 6) -> pl.DataFrame:
    return conv.mark(conv.merged([c]), gap)


def test_conversations_start_after_the_gap_and_replies_need_another_sender() -> None:
    c = chat(
        (0, "Alex", "hi Sam"),
        (5, "Sam", "hey!\nhow are you"),  # a reply after 5 minutes
        (6, "Sam", "long week"),  # not a reply: the previous message is Sam's own
        (30, "Alex", "same here"),  # a reply after 24 minutes
        (30 + 6 * 60, "Sam", "morning"),  # exactly 6 h later: a new conversation
        (30 + 12 * 60, "Sam", "you there?"),  # another start; nobody answered the last one
    )
    m = marked(c)
    assert m["conversation"].to_list() == [0, 0, 0, 0, 1, 2]
    assert m["reply"].to_list() == [False, True, False, True, False, False]
    assert m.filter(pl.col("reply"))["latency"].to_list() == [300.0, 1440.0]
    stats = conv.participant_stats(m, conv.conversation_table(m))
    assert stats["Alex"].conversations_started == 1
    assert stats["Sam"].conversations_started == 2
    assert stats["Sam"].unanswered == 2
    assert stats["Alex"].unanswered == 0
    assert stats["Sam"].words == 4 + 2 + 1 + 2
    assert stats["Sam"].median_reply_seconds == 300.0
    assert stats["Alex"].p90_reply_seconds == 1440.0


def test_words_count_whitespace_tokens_of_text_only() -> None:
    c = chat(
        (0, "Alex", "one  two\tthree\nfour"),
        (1, "Alex", "<Media omitted>", "media"),
        (2, "Alex", "This message was deleted", "deleted"),
        (3, "Alex", "Missed voice call", "call"),
        (4, "Sam", "a\u00a0b"),  # a no-break space separates words too
    )
    m = marked(c)
    stats = conv.participant_stats(m, conv.conversation_table(m))
    assert stats["Alex"].words == 4
    assert (stats["Alex"].media, stats["Alex"].deleted, stats["Alex"].calls) == (1, 1, 1)
    assert stats["Alex"].messages == 4
    assert stats["Sam"].words == 2


def test_ties_keep_file_order_and_time_goes_first() -> None:
    c = chat((10, "Sam", "second"), (0, "Alex", "first"), (10, "Alex", "third"))
    m = conv.merged([c])
    assert m["text"].to_list() == ["first", "second", "third"]


def test_merging_two_exports_counts_shared_messages_once_but_keeps_real_repeats() -> None:
    old = chat((0, "Alex", "ok"), (0, "Alex", "ok"), (5, "Sam", "fine"), source="old.txt")
    new = chat(
        (0, "Alex", "ok"),
        (0, "Alex", "ok"),
        (5, "Sam", "fine"),
        (9, "Sam", "new"),
        source="new.txt",
    )
    m = conv.merged([old, new])
    assert m["text"].to_list() == ["ok", "ok", "fine", "new"]
    assert m["file"].to_list() == [0, 0, 0, 1]


def test_no_replies_means_no_latency() -> None:
    m = marked(chat((0, "Alex", "anyone?"), (600, "Alex", "hello?")))
    stats = conv.participant_stats(m, conv.conversation_table(m))
    assert stats["Alex"].median_reply_seconds is None
    assert stats["Alex"].p90_reply_seconds is None
    assert stats["Alex"].unanswered == 2


def test_latency_buckets_and_periods_add_up() -> None:
    c = chat(
        (0, "A", "x"), (0.5, "B", "y"), (10, "A", "z"), (200, "B", "w"), (60 * 24 * 9, "A", "q")
    )
    m = marked(c)
    buckets = conv.latency_buckets(m, ["A", "B"])
    by_label = {label: counts for label, _, counts in buckets}
    assert by_label["under 1 min"] == {"A": 0, "B": 1}  # 30 s
    assert by_label["5–15 min"] == {"A": 1, "B": 0}  # 9.5 min
    assert by_label["3 h or more"] == {"A": 0, "B": 1}  # 3 h 10 min
    assert sum(b[2]["B"] for b in buckets) == int(
        m.filter(pl.col("reply") & (pl.col("sender") == "B")).height
    )
    periods = conv.per_period(m, ["A", "B"], "1w")
    assert sum(p[1]["A"] + p[1]["B"] for p in periods) == 5
    assert sum(p[2]["A"] for p in periods) == 2  # the first message and the one 9 days later
    assert len(periods) == 2


def _recount(rows: list[tuple[int, str]], gap_minutes: int) -> dict[str, tuple[int, int, int]]:
    """Starts, unanswered and replies per sender, by walking the messages one by one."""
    out: dict[str, list[int]] = {}
    starter, writers, prev = None, set(), None
    convs: list[tuple[str, set[str]]] = []
    for minute, who in rows:
        out.setdefault(who, [0, 0, 0])
        if prev is None or minute - prev[0] >= gap_minutes:
            starter, writers = who, {who}
            convs.append((starter, writers))
            out[who][0] += 1
        else:
            writers.add(who)
            if prev[1] != who:
                out[who][2] += 1
        prev = (minute, who)
    for s, w in convs:
        if w == {s}:
            out[s][1] += 1
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(st.integers(0, 600), st.sampled_from(["A", "B", "C"])), min_size=1, max_size=40
    ),
    st.integers(1, 120),
)
def test_counts_match_a_message_by_message_recount(steps: list[tuple[int, str]], gap: int) -> None:
    minute, rows = 0, []
    for step, who in steps:
        minute += step
        rows.append((minute, who))
    m = marked(chat(*[(t, w, "hi") for t, w in rows]), gap / 60)
    stats = conv.participant_stats(m, conv.conversation_table(m))
    expected = _recount(rows, gap)
    got = {k: (s.conversations_started, s.unanswered, s.replies) for k, s in stats.items()}
    assert got == expected


@pytest.mark.parametrize("gap", [0.5, 6, 48])
def test_every_message_belongs_to_exactly_one_conversation(gap: float) -> None:
    m = marked(chat(*[(i * 37.0, "AB"[i % 3 == 0], "x") for i in range(50)]), gap)
    table = conv.conversation_table(m)
    assert table.height == m["conversation"].n_unique() == int(m["starts"].sum())
