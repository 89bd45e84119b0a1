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

from twoway.chats.analysis import analyze_chat
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
    return analyze_chat(chats, **options)


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


def plan_rows() -> list[Row]:
    """Sam proposes to meet three times (the second, within 14 days, repeats the first), Alex once.

    `find_plans` sees Sam's two plans left vague and Alex's coffee given a day
    (Saturday 6 April) by Sam's answer.
    """
    return _rows(
        [
            ("2024-04-01 18:00:00", "Sam", "we should catch up sometime", "text"),
            ("2024-04-01 18:30:00", "Alex", "yes!", "text"),
            ("2024-04-03 12:00:00", "Alex", "let's get coffee soon", "text"),
            ("2024-04-03 12:05:00", "Sam", "how about Saturday at 10am?", "text"),
            ("2024-04-05 20:00:00", "Sam", "would love to see you soon", "text"),
            ("2024-04-05 20:10:00", "Alex", "me too", "text"),
            ("2024-04-20 20:00:00", "Sam", "we should grab dinner one of these days", "text"),
        ]
    )
