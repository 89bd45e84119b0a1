"""A chat's figures, kept with its import: the counts its charts draw, no message text.

An import stores these beside the events it adds, so the site can show the
chat's charts (messages over time per person, the hour × weekday grid, each
person's most used words and emoji) without keeping the messages. What is kept:

- the span, the number of messages and conversations, each person's counts
  (`ParticipantStats`), messages and conversation starts per week or month,
  replies by how long they took;
- messages per weekday and hour (7 × 24 counts);
- each person's ten most used words (stop words left out) and emoji, with
  their counts: the only words of the chat that are kept.

`chat_figures` computes them from a prepared chat, with the same functions as
`analyze_chat`; `figures_report` reads them back as a `ChatReport` (without
plans, signals or moments), so every renderer draws them unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from twoway.chats import conversations as conv
from twoway.chats.activity import hour_weekday, top_terms
from twoway.chats.report import ChatReport, LatencyBucket, Period
from twoway.core.report import plain
from twoway.errors import TwowayError

if TYPE_CHECKING:
    from twoway.chats.analysis import PreparedChat

#: Bumped on any change to the figures' form; a stored older form is read while it can be.
FIGURES_SCHEMA = 1


def chat_figures(prepared: PreparedChat, me: str | None, gap_hours: float) -> dict[str, Any]:
    """The figures of `prepared` as a JSON-ready object (see the module's docstring)."""
    from twoway.chats.analysis import WEEKLY_UP_TO_DAYS

    marked, table, people = prepared.marked, prepared.conversations, prepared.people
    first = cast(datetime, marked["at"].min())
    last = cast(datetime, marked["at"].max())
    weekly = (last - first).days <= WEEKLY_UP_TO_DAYS
    words, emoji = top_terms(marked, people)
    formats = sorted({c.format for c in prepared.chats})
    return {
        "schema": FIGURES_SCHEMA,
        "format": "+".join(formats),
        "title": next((c.title for c in prepared.chats if c.title), ""),
        "gap_hours": gap_hours,
        "me": me,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "messages": marked.height,
        "conversations": table.height,
        "system": sum(c.system for c in prepared.chats),
        "participants": {
            name: plain(stats) for name, stats in conv.participant_stats(marked, table).items()
        },
        "period": "week" if weekly else "month",
        "periods": [
            {"start": start.date().isoformat(), "messages": m, "conversations_started": s}
            for start, m, s in conv.per_period(marked, people, "1w" if weekly else "1mo")
        ],
        "latency": [plain(LatencyBucket(*b)) for b in conv.latency_buckets(marked, people)],
        "activity": hour_weekday(marked),
        "top_words": {p: [list(t) for t in ts] for p, ts in words.items()},
        "top_emoji": {p: [list(t) for t in ts] for p, ts in emoji.items()},
    }


def figures_report(data: Mapping[str, Any], where: str = "figures") -> ChatReport:
    """Stored figures as a `ChatReport` to draw; a `TwowayError` naming `where` when malformed."""
    try:
        if data.get("schema") != FIGURES_SCHEMA:
            raise ValueError(f"schema {data.get('schema')!r}")
        last = datetime.fromisoformat(data["last"])
        activity = [[int(n) for n in row] for row in data["activity"]]
        if len(activity) != 7 or any(len(row) != 24 for row in activity):
            raise ValueError("activity")
        return ChatReport(
            format=str(data["format"]),
            sources=[],
            title=str(data["title"]),
            gap_hours=float(data["gap_hours"]),
            me=data["me"],
            as_of=last.date(),
            first=datetime.fromisoformat(data["first"]),
            last=last,
            messages=int(data["messages"]),
            conversations=int(data["conversations"]),
            system=int(data["system"]),
            participants={
                name: conv.ParticipantStats(**stats) for name, stats in data["participants"].items()
            },
            period=str(data["period"]),
            periods=[
                Period(
                    date.fromisoformat(p["start"]),
                    {k: int(v) for k, v in p["messages"].items()},
                    {k: int(v) for k, v in p["conversations_started"].items()},
                )
                for p in data["periods"]
            ],
            latency=[LatencyBucket(**b) for b in data["latency"]],
            plans=[],
            signals=[],
            ledger=None,
            skipped=[],
            activity=activity,
            top_words={p: [(str(t), int(n)) for t, n in ts] for p, ts in data["top_words"].items()},
            top_emoji={p: [(str(t), int(n)) for t, n in ts] for p, ts in data["top_emoji"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TwowayError(
            f"{where}: expected a chat's figures (schema {FIGURES_SCHEMA}), but {exc} is "
            "missing or malformed",
            code="bad_figures",
            where=where,
        ) from None
