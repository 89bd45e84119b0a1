"""The words the chat report's renderers share: names, durations, periods, sources.

The terminal and the HTML chat report say the same things in the same words,
so they are written once, here (the ledger report's words are in `words`).
The tone is the ledger report's: kind and plain; describe what the messages
show, never label a person.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import PurePath

from twoway.chats.report import ChatReport, Period, Plan
from twoway.errors import TwowayError
from twoway.render.words import MONTHS, day, pct, short_day, span

HOW_TO_READ = (
    "This describes what the messages show, not who anyone is. People write differently: "
    "some often and briefly, some rarely and at length, and how soon someone replies depends "
    "on work, sleep and much else. A chat is also only part of a relationship: calls, visits "
    "and other apps are not in it. Look for patterns that last for weeks, and read it "
    "together if you can."
)

HOW_TO_READ_SHORT = (
    "This describes what the messages show, not who anyone is; "
    "a chat is only part of a relationship, so look for patterns over weeks."
)


def conversations_note(report: ChatReport) -> str:
    """What a conversation, unanswered and the reply-time columns mean."""
    return (
        f"A conversation starts with the first message after {gap(report)} of silence; "
        "unanswered: no one else wrote in it. Typical reply: the median time to answer "
        "someone else's message; 9 in 10 within: 90% of replies came sooner than this."
    )


def who(report: ChatReport, person: str, *, capital: bool = True) -> str:
    """The participant's name, or "You"/"you" when the report knows who is reading."""
    if report.me is not None and person == report.me:
        return "You" if capital else "you"
    return person


def number(n: int) -> str:
    """A count with thousands separated, locale-free: 12345 -> "12,345"."""
    return f"{n:,}"


def count(n: int, noun: str) -> str:
    """ "1 message", "12,345 messages" (nouns that take an s)."""
    return f"{number(n)} {noun}" + ("" if n == 1 else "s")


def times(n: int) -> str:
    """ "once", "twice", "12 times"."""
    return {1: "once", 2: "twice"}.get(n, f"{number(n)} times")


def and_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def duration(seconds: float | None) -> str:
    """A reply time in human units: "under 1 min", "4 min", "1 h 20 min", "2 days 3 h"; "—" for None."""
    if seconds is None:
        return "—"
    if seconds < 60:
        return "under 1 min"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        h, m = divmod(minutes, 60)
        return f"{h} h {m} min" if m else f"{h} h"
    hours = round(seconds / 3600)
    d, h = divmod(hours, 24)
    days = "1 day" if d == 1 else f"{d} days"
    return f"{days} {h} h" if h else days


def unanswered(started: int, unanswered: int) -> str:
    """ "3 (25%)": unanswered conversations and their share of the person's starts."""
    if not started:
        return "—"
    return f"{number(unanswered)} ({pct(unanswered / started)})"


def period_end(report: ChatReport, start: date) -> date:
    """The last day of the week or month starting on `start`."""
    if report.period == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start + timedelta(days=6)


def period_label(report: ChatReport, start: date) -> str:
    """A period for an axis: "4 Mar" for a week, "Mar 2024" for a month."""
    if report.period == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return short_day(start)


def period_full(report: ChatReport, start: date) -> str:
    """A period in full: "4 Mar 2024" (the week's Monday) or "Mar 2024"."""
    return period_label(report, start) if report.period == "month" else day(start)


def days(start: date, end: date) -> str:
    """ "4 Mar – 26 May 2024", or "4 Mar 2024" for a single day."""
    return day(start) if start == end else span(start, end)


def periods_span(report: ChatReport, periods: Sequence[Period]) -> str:
    """The days `periods` cover within the chat: "4 Mar – 26 May 2024"."""
    if not periods:
        return ""
    start = max(periods[0].start, report.first.date())
    end = min(period_end(report, periods[-1].start), report.last.date())
    return days(start, end)


def periods_count(report: ChatReport, n: int) -> str:
    """ "1 week", "12 weeks", "1 month", "30 months"."""
    unit = report.period
    return f"1 {unit}" if n == 1 else f"{n} {unit}s"


def source_names(report: ChatReport) -> list[str]:
    """The export files without their folders: the report may be shared, the paths are private."""
    return [PurePath(s).name or s for s in report.sources]


def format_label(report: ChatReport) -> str:
    """The export format as its reader names it ("WhatsApp"), several joined by " + "."""
    from twoway.chats import reader

    labels = []
    for name in report.format.split("+"):
        try:
            # "WhatsApp (.txt or .zip)" -> "WhatsApp": the file types are for --help.
            labels.append(str(reader(name).LABEL).split(" (")[0])
        except (ImportError, AttributeError, TwowayError):
            labels.append(name)
    return " + ".join(labels)


def chat_name(report: ChatReport) -> str:
    """The chat's title when the export gives one, else its participants."""
    if report.title:
        return report.title
    return and_list([who(report, p) for p in report.people])


def dates(report: ChatReport) -> str:
    """First to last message: "3 Jan – 28 Mar 2024"."""
    return days(report.first.date(), report.last.date())


def gap(report: ChatReport) -> str:
    """The silence that starts a new conversation: "6 h", "90 min"."""
    return duration(report.gap_hours * 3600)


def skipped_heading(report: ChatReport) -> str:
    """ "3 lines could not be read and were left out" (lines, messages or parts)."""
    n = len(report.skipped)
    units = {s.unit for s in report.skipped}
    noun = next(iter(units)) if len(units) == 1 else "part"
    if n == 1:
        return f"1 {noun} could not be read and was left out"
    return f"{number(n)} {noun}s could not be read and were left out"


def skipped_lines(report: ChatReport, limit: int) -> list[str]:
    """The first `limit` parts left out: "chat.txt, line 12: why"."""
    names = dict(zip(report.sources, source_names(report), strict=True))
    return [
        f"{names.get(s.file, s.file)}, {s.unit} {s.position}: {s.reason}"
        for s in report.skipped[:limit]
    ]


def system_sentence(report: ChatReport) -> str:
    """How many system or service lines were read and not counted ("" when none)."""
    n = report.system
    if not n:
        return ""
    if n == 1:
        return "1 system or service line (not written by a person) is not counted as a message."
    return f"{number(n)} system or service lines (not written by a person) are not counted as messages."


# The participants tables, one row per person, shared by the terminal and the HTML page.

#: Columns of the conversations-and-replies table (`reply_cells`).
REPLY_HEAD = ("started", "unanswered", "replies", "typical reply", "9 in 10 within")

#: Columns of the plans table (`plan_cells`).
PLAN_HEAD = ("proposed", "given a day", "left vague")

#: What the plans table's columns mean.
PLAN_NOTE = "Given a day: a concrete day or time followed within 14 days; left vague: none did."


def written_head(report: ChatReport) -> list[str]:
    """Columns of the who-wrote-what table: calls and deleted only when someone has any."""
    extra = [
        k for k in ("calls", "deleted") if any(getattr(s, k) for s in report.participants.values())
    ]
    return ["messages", "words", "media", *extra]


def written_cells(report: ChatReport, person: str) -> list[str]:
    """`person`'s cells under `written_head`."""
    s = report.participants[person]
    return [number(getattr(s, k)) for k in written_head(report)]


def reply_cells(report: ChatReport, person: str) -> list[str]:
    """`person`'s cells under `REPLY_HEAD`."""
    s = report.participants[person]
    return [
        number(s.conversations_started),
        unanswered(s.conversations_started, s.unanswered),
        number(s.replies),
        duration(s.median_reply_seconds),
        duration(s.p90_reply_seconds),
    ]


def latency_cells(report: ChatReport, person: str) -> list[str]:
    """`person`'s replies in each latency bucket: "12 (40%)"; "—" without replies."""
    counts = [b.replies.get(person, 0) for b in report.latency]
    total = sum(counts)
    return [f"{number(c)} ({pct(c / total)})" if total else "—" for c in counts]


def plan_cells(report: ChatReport, person: str) -> list[str]:
    """`person`'s cells under `PLAN_HEAD`."""
    mine = [x for x in report.plans if x.by == person]
    scheduled = sum(1 for x in mine if x.status == "scheduled")
    return [number(n) for n in (len(mine), scheduled, len(mine) - scheduled)]


def excerpt(text: str, size: int) -> str:
    """`text` on one line, cut to `size` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def latest_vague(report: ChatReport, n: int) -> list[Plan]:
    """The latest `n` plans left vague, in time order."""
    return [x for x in report.plans if x.status == "vague"][-n:] if n > 0 else []
