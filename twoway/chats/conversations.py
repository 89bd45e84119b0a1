"""Conversations, replies and their latency: the reciprocity a message history shows.

The definitions (docs/chats.md):

- Messages are ordered by time; ties keep file order.
- A conversation starts with the first message, or with a message sent at least
  `gap` after the previous one; its sender started it.
- A reply is a message, not starting a conversation, whose previous message came
  from someone else; its latency is the time since that previous message.
- A conversation is unanswered when only the person who started it wrote in it.
- Words are whitespace-separated tokens of a text message; media placeholders,
  call records and deleted messages have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl

from twoway.chats.messages import Chat

#: Hours of silence after which a message starts a new conversation.
DEFAULT_GAP_HOURS = 6.0

#: Upper bounds (seconds) of the reply-latency buckets; the last bucket is open.
LATENCY_BOUNDS: tuple[tuple[str, int | None], ...] = (
    ("under 1 min", 60),
    ("1–5 min", 5 * 60),
    ("5–15 min", 15 * 60),
    ("15–60 min", 60 * 60),
    ("1–3 h", 3 * 3600),
    ("3 h or more", None),
)


def merged(chats: Sequence[Chat]) -> pl.DataFrame:
    """The messages of one or more exports of a chat, in time order, overlaps counted once.

    Two exports of one chat (an older and a newer one) share the messages of
    the time they both cover. A message is the same when its time, sender, text
    and kind are; within one file identical messages are all kept (someone may
    send "ok" twice in a minute), so across files the larger count of each wins.
    A `file` column says which export each message came from (0-based).
    """
    frames = [c.messages.with_columns(file=pl.lit(i, pl.Int32)) for i, c in enumerate(chats)]
    if len(frames) == 1:
        both = frames[0]
    else:
        key = ["at", "sender", "text", "kind"]
        both = (
            pl.concat(frames)
            .with_columns(_copy=pl.int_range(pl.len()).over([*key, "file"]))
            .unique([*key, "_copy"], keep="first", maintain_order=True)
            .drop("_copy")
        )
    return both if both["at"].is_sorted() else both.sort("at", maintain_order=True)


def mark(messages: pl.DataFrame, gap_hours: float = DEFAULT_GAP_HOURS) -> pl.DataFrame:
    """Add `conversation` (0-based), `starts`, `reply`, `latency` (seconds) and `words`.

    `messages` must be in time order (see `merged`).
    """
    at, sender = pl.col("at"), pl.col("sender")
    since = at - at.shift(1)
    starts = since.is_null() | (since >= timedelta(hours=gap_hours))
    # lazy: the engine counts the words of a big chat on every core, not on one
    return (
        messages.lazy()
        .with_columns(
            starts=starts,
            conversation=(starts.cum_sum() - 1).cast(pl.Int32),
            reply=~starts & (sender != sender.shift(1)),
            words=pl.when(pl.col("kind") == "text")
            .then(pl.col("text").str.count_matches(r"\S+"))
            .otherwise(0)
            .cast(pl.Int32),
        )
        .with_columns(
            latency=pl.when(pl.col("reply")).then(since.dt.total_milliseconds() / 1000),
        )
        .collect()
    )


def conversation_table(marked: pl.DataFrame) -> pl.DataFrame:
    """One row per conversation: `conversation`, `at`, `by` (its starter), `position`, `answered_*`.

    `answered_at`, `answered_by` and `answered_position` are null for an unanswered conversation; otherwise they name
    the first message in it by someone other than the starter.
    """
    starts = marked.filter(pl.col("starts")).select("conversation", "at", "position", by="sender")
    starter = pl.when(pl.col("starts")).then(pl.col("sender")).otherwise(None).forward_fill()
    answers = (
        marked.select("conversation", "at", "sender", "position", starter=starter)
        .filter(pl.col("sender") != pl.col("starter"))
        .unique("conversation", keep="first", maintain_order=True)
        .select(
            "conversation", answered_at="at", answered_by="sender", answered_position="position"
        )
    )
    return starts.join(answers, on="conversation", how="left", maintain_order="left")


@dataclass(frozen=True, slots=True)
class ParticipantStats:
    """What one participant did in the chat (the definitions are in this module's docstring)."""

    messages: int
    words: int
    media: int
    calls: int
    deleted: int
    conversations_started: int
    unanswered: int
    replies: int
    median_reply_seconds: float | None
    p90_reply_seconds: float | None


def participant_stats(
    marked: pl.DataFrame, conversations: pl.DataFrame
) -> dict[str, ParticipantStats]:
    """Per participant, in order of their first message.

    The median and the 90th percentile of reply latency interpolate linearly
    between the nearest replies (null without replies).
    """
    kind = pl.col("kind")
    per = marked.group_by("sender", maintain_order=True).agg(
        messages=pl.len(),
        words=pl.col("words").sum(),
        media=(kind == "media").sum(),
        calls=(kind == "call").sum(),
        deleted=(kind == "deleted").sum(),
        replies=pl.col("reply").sum(),
        median=pl.col("latency").drop_nulls().quantile(0.5, "linear"),
        p90=pl.col("latency").drop_nulls().quantile(0.9, "linear"),
    )
    started = conversations.group_by("by").agg(
        started=pl.len(), unanswered=pl.col("answered_at").is_null().sum()
    )
    table = per.join(started, left_on="sender", right_on="by", how="left", maintain_order="left")
    out = {}
    for r in table.iter_rows(named=True):
        out[r["sender"]] = ParticipantStats(
            messages=r["messages"],
            words=int(r["words"] or 0),
            media=r["media"],
            calls=r["calls"],
            deleted=r["deleted"],
            conversations_started=r["started"] or 0,
            unanswered=r["unanswered"] or 0,
            replies=r["replies"],
            median_reply_seconds=r["median"],
            p90_reply_seconds=r["p90"],
        )
    return out


def latency_buckets(
    marked: pl.DataFrame, people: Sequence[str]
) -> list[tuple[str, int | None, dict[str, int]]]:
    """Replies per latency bucket (`LATENCY_BOUNDS`) and per person: the distribution charts."""
    bounds = [high for _, high in LATENCY_BOUNDS if high is not None]
    bucket = pl.sum_horizontal([(pl.col("latency") >= b).cast(pl.Int8) for b in bounds])
    counts = {
        (b, name): n
        for b, name, n in marked.filter(pl.col("reply"))
        .group_by(bucket.alias("bucket"), "sender")
        .len()
        .iter_rows()
    }
    return [
        (label, high, {p: int(counts.get((i, p), 0)) for p in people})
        for i, (label, high) in enumerate(LATENCY_BOUNDS)
    ]


def per_period(
    marked: pl.DataFrame, people: Sequence[str], every: str
) -> list[tuple[datetime, dict[str, int], dict[str, int]]]:
    """Messages and conversation starts per person per period (`"1w"` weeks from Monday, or `"1mo"`)."""
    # Counted per day first: a day is a cheap cut of a time, a month is not, so the
    # periods are cut from the days (a few thousand), not from every message.
    counts = (
        marked.lazy()
        .group_by(day=pl.col("at").dt.date(), sender="sender")
        .agg(messages=pl.len(), starts=pl.col("starts").sum())
        .group_by(
            period=pl.col("day").cast(marked.schema["at"]).dt.truncate(every), sender="sender"
        )
        .agg(pl.col("messages").sum(), pl.col("starts").sum())
        .sort("period")
        .collect()
    )
    if counts.is_empty():
        return []
    first, last = counts["period"].min(), counts["period"].max()
    assert isinstance(first, datetime)
    assert isinstance(last, datetime)
    periods = pl.datetime_range(first, last, every, eager=True).to_list()
    found: dict[tuple[datetime, str], tuple[int, int]] = {
        (r[0], r[1]): (r[2], r[3]) for r in counts.iter_rows()
    }
    out = []
    for p in periods:
        messages = {name: found.get((p, name), (0, 0))[0] for name in people}
        starts = {name: found.get((p, name), (0, 0))[1] for name in people}
        out.append((p, messages, starts))
    return out
