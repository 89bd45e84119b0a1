"""Known chats for the chat renderer tests (builders only: this module holds no tests).

Sam and Alex write 13 messages over three weeks from Monday 4 March 2024, with
a six-hour gap between conversations. Worked out by hand:

- Sam: 7 messages, 14 words, 1 media; started 4 conversations, 2 unanswered;
  replied 3 times after 20 min, 1 h 20 min and 2 min: median 20 min, p90 1 h 8 min.
- Alex: 6 messages, 11 words; started 2 conversations, none unanswered; replied
  3 times after 30 s, 4 min and 3 h 58 min: median 4 min, p90 3 h 11 min.
- Weeks of 4, 11 and 18 March: Sam 5, 1, 1 messages and 3, 0, 1 starts;
  Alex 4, 2, 0 messages and 1, 1, 0 starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from twoway.chats.messages import Chat, Skip, messages_frame
from twoway.chats.report import ChatReport

Row = tuple[datetime, str, str, str, int]


def _rows(spec: Sequence[tuple[str, str, str, str]]) -> list[Row]:
    return [
        (datetime.fromisoformat(at), sender, text, kind, i + 1)
        for i, (at, sender, text, kind) in enumerate(spec)
    ]


SAM_AND_ALEX = _rows(
    [
        ("2024-03-04 09:00:00", "Sam", "morning! coffee later?", "text"),
        ("2024-03-04 09:04:00", "Alex", "yes please", "text"),
        ("2024-03-04 09:05:00", "Alex", "10?", "text"),
        ("2024-03-04 09:25:00", "Sam", "see you then", "text"),
        ("2024-03-04 20:00:00", "Alex", "home safe?", "text"),
        ("2024-03-04 21:20:00", "Sam", "yes, thanks", "text"),
        ("2024-03-05 12:00:00", "Sam", "<Media omitted>", "media"),
        ("2024-03-06 08:00:00", "Sam", "did you see it?", "text"),
        ("2024-03-06 08:00:30", "Alex", "haha yes", "text"),
        ("2024-03-11 10:00:00", "Alex", "lunch this week?", "text"),
        ("2024-03-11 10:02:00", "Sam", "sure", "text"),
        ("2024-03-11 14:00:00", "Alex", "ok", "text"),
        ("2024-03-18 09:00:00", "Sam", "hello?", "text"),
    ]
)


def renamed(rows: Sequence[Row], names: dict[str, str]) -> list[Row]:
    """`rows` with senders renamed."""
    return [(at, names.get(s, s), text, kind, pos) for at, s, text, kind, pos in rows]


def group_rows() -> list[Row]:
    """Sam and Alex's chat with Kim joining: Kim writes 3 messages, replying twice."""
    extra = _rows(
        [
            ("2024-03-04 09:30:00", "Kim", "can I come too?", "text"),
            ("2024-03-11 10:05:00", "Kim", "me too", "text"),
            ("2024-03-11 10:06:00", "Kim", "Thursday?", "text"),
        ]
    )
    rows = sorted([*SAM_AND_ALEX, *extra], key=lambda r: r[0])
    return [(at, s, text, kind, i + 1) for i, (at, s, text, kind, _) in enumerate(rows)]


def chat(
    rows: Sequence[Row],
    *,
    source: str = "/home/me/exports/WhatsApp Chat with Sam.txt",
    title: str = "",
    skipped: Sequence[Skip] = (),
    system: int = 0,
    fmt: str = "whatsapp",
) -> Chat:
    """One export holding `rows`."""
    return Chat(
        format=fmt,
        source=source,
        messages=messages_frame(rows),
        skipped=tuple(skipped),
        title=title,
        system=system,
    )


def analysed(chats: Sequence[Chat], **options: Any) -> ChatReport:
    """The report `analyze_chat` gives for `chats` (as_of, me, gap_hours as keywords)."""
    try:
        from twoway.chats.plans import find_plans  # noqa: F401
    except ImportError:
        return _without_plans(chats, **options)
    from twoway.chats.analysis import analyze_chat

    return analyze_chat(chats, **options)


def _without_plans(chats: Sequence[Chat], **options: Any) -> ChatReport:
    """`analyze_chat` while `twoway.chats.plans` is being written: the same report, no plans.

    Built from the same parts (conversations, chat_ledger, analyze); remove once
    plans.py exists, as `analysed` then calls `analyze_chat` itself.
    """
    from datetime import datetime as dt

    import polars as pl

    from twoway.chats import conversations as conv
    from twoway.chats.report import LatencyBucket, Period, Skipped
    from twoway.chats.to_ledger import chat_ledger
    from twoway.core.analysis import analyze

    gap = options.get("gap_hours", conv.DEFAULT_GAP_HOURS)
    marked = conv.mark(conv.merged(chats), gap)
    table = conv.conversation_table(marked)
    stats = conv.participant_stats(marked, table)
    people = list(stats)
    first, last = marked["at"].min(), marked["at"].max()
    assert isinstance(first, dt)
    assert isinstance(last, dt)
    as_of = options.get("as_of") or last.date()
    me = options.get("me")
    plans = pl.DataFrame(
        schema={
            "at": pl.Datetime("us"),
            "by": pl.String,
            "text": pl.String,
            "status": pl.String,
            "due": pl.Date,
            "position": pl.Int64,
        }
    )
    ledger = None
    notes = []
    if len(people) == 2:
        a, b = people
        ledger = analyze(
            chat_ledger(table, plans, (a, b), fmt=chats[0].format, source=chats[0].source),
            as_of,
            me,
        )
    else:
        notes.append(
            f"The signals read a relationship between two people; this chat has {len(people)} "
            "participants, so it shows the counts and charts only."
        )
    weekly = (last - first).days <= 26 * 7
    return ChatReport(
        format=chats[0].format,
        sources=[c.source for c in chats],
        title=next((c.title for c in chats if c.title), ""),
        gap_hours=gap,
        me=me,
        as_of=as_of,
        first=first,
        last=last,
        messages=marked.height,
        conversations=table.height,
        system=sum(c.system for c in chats),
        participants=stats,
        period="week" if weekly else "month",
        periods=[
            Period(start.date(), m, s)
            for start, m, s in conv.per_period(marked, people, "1w" if weekly else "1mo")
        ],
        latency=[LatencyBucket(*b) for b in conv.latency_buckets(marked, people)],
        plans=[],
        signals=ledger.signals if ledger else [],
        ledger=ledger,
        skipped=[Skipped(c.source, s.unit, s.position, s.reason) for c in chats for s in c.skipped],
        notes=notes,
    )


def sam_and_alex(**options: Any) -> ChatReport:
    """The known two-person chat's report."""
    return analysed([chat(SAM_AND_ALEX)], **options)


def one_sided_rows() -> list[Row]:
    """Ten weeks in which Sam writes every other day and Alex answers one time in three."""
    rows: list[Row] = []
    start = datetime(2024, 1, 1, 9)
    for d in range(0, 70, 2):
        at = start + timedelta(days=d)
        rows.append((at, "Sam", "hey, how are you?", "text", len(rows) + 1))
        if d % 6 == 0:
            rows.append((at + timedelta(minutes=40), "Alex", "fine", "text", len(rows) + 1))
    return rows
