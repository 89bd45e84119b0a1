"""Chart specs for a chat: messages and conversation starts over time, and reply times.

Pure functions from a `ChatReport` to the ledger report's `Chart` specs, so the
HTML page draws them with `svg.render_figure` like any other chart. A chart
has one series per participant; a group chat with more than `MAX_SERIES`
people keeps a series (and a colour) for the `MAX_SERIES - 1` who wrote most
and pools everyone else into one neutral series, so the totals still add up.
"""

from __future__ import annotations

from dataclasses import dataclass

from twoway.chats.report import ChatReport, Period
from twoway.render.charts import MAX_WEEKS, Chart, Series, nice_ceiling
from twoway.render.chat_words import (
    and_list,
    duration,
    gap,
    number,
    period_full,
    period_label,
    periods_count,
    periods_span,
    times,
    who,
)

#: Colours and series a chart gives people before pooling the rest (svg.PALETTE has six).
MAX_SERIES = 6

#: Charts show at most this many periods (the latest), as the ledger's charts do.
MAX_PERIODS = MAX_WEEKS


@dataclass(frozen=True, slots=True)
class Group:
    """One series: a participant, or everyone else in a large group chat."""

    label: str
    members: tuple[str, ...]
    #: the colour index (`Series.person`); None for the pooled, neutral series
    person: int | None


def groups(report: ChatReport) -> list[Group]:
    """The series every chart draws, in the report's order of people (the pool last).

    Up to `MAX_SERIES` people each have their own; beyond, the `MAX_SERIES - 1`
    who sent the most messages keep theirs and the others share one.
    """
    people = report.people
    if len(people) <= MAX_SERIES:
        return [Group(who(report, p), (p,), i) for i, p in enumerate(people)]
    by_messages = sorted(people, key=lambda p: -report.participants[p].messages)
    top = set(by_messages[: MAX_SERIES - 1])
    kept = [p for p in people if p in top]
    rest = tuple(p for p in people if p not in top)
    out = [Group(who(report, p), (p,), i) for i, p in enumerate(kept)]
    out.append(Group(f"{len(rest)} others", rest, None))
    return out


def colours(report: ChatReport) -> dict[str, int | None]:
    """Each participant's colour index, as the charts draw them (None: neutral)."""
    return {p: g.person for g in groups(report) for p in g.members}


def _people(gs: list[Group]) -> tuple[str, ...]:
    return tuple(g.label for g in gs if g.person is not None)


def _totals(gs: list[Group], totals: list[int]) -> str:
    return and_list([f"{g.label} {number(n)}" for g, n in zip(gs, totals, strict=True)])


def _over_time(
    report: ChatReport, key: str, title: str, what: str, field: str, note: str = ""
) -> Chart:
    """Bars per period per group of `field` ("messages" or "conversations_started")."""
    periods: list[Period] = report.periods[-MAX_PERIODS:]
    gs = groups(report)
    series = []
    totals = []
    for g in gs:
        values = [sum(getattr(p, field).get(m, 0) for m in g.members) for p in periods]
        series.append(Series(g.label, [float(v) for v in values], person=g.person))
        totals.append(sum(values))
    top = max((v for s in series for v in s.values if v is not None), default=0.0)
    latest = "the latest " if len(report.periods) > len(periods) else ""
    description = (
        f"{what} per {report.period}, over {latest}{periods_count(report, len(periods))}"
        + (f" ({periods_span(report, periods)})" if periods else "")
        + f". In all: {_totals(gs, totals)}."
        + (f" {note}" if note else "")
    )
    return Chart(
        key=key,
        kind="bars",
        title=title,
        description=description,
        x_labels=[period_label(report, p.start) for p in periods],
        x_dates=[p.start for p in periods],
        series=series,
        y_max=nice_ceiling(top),
        y_unit="count",
        people=_people(gs),
        x_title="Week of" if report.period == "week" else "Month",
        x_full=[period_full(report, p.start) for p in periods],
    )


def messages_chart(report: ChatReport) -> Chart:
    """Messages each person sent per week or month, one bar per person."""
    return _over_time(
        report,
        "chat-messages",
        f"Messages, {report.period} by {report.period}",
        "Messages each person sent",
        "messages",
    )


def starts_chart(report: ChatReport) -> Chart:
    """Conversations each person started per week or month, one bar per person."""
    return _over_time(
        report,
        "chat-starts",
        "Who starts conversations",
        "Conversations each person started",
        "conversations_started",
        f"A conversation starts with the first message after {gap(report)} of silence.",
    )


def _short_seconds(seconds: int, unit: int) -> str:
    return f"{seconds / unit:g}{'h' if unit == 3600 else 'm'}"


def latency_axis_labels(report: ChatReport) -> list[str]:
    """Short bucket labels that fit under the bars: "<1m", "1–5m" … "≥3h"."""
    out = []
    low = 0
    for b in report.latency:
        high = b.upto_seconds
        unit = 3600 if (high or low) > 3600 else 60
        if high is None:
            out.append(f"≥{_short_seconds(low, unit)}")
        elif low == 0:
            out.append(f"<{_short_seconds(high, unit)}")
        else:
            out.append(f"{low / unit:g}–{_short_seconds(high, unit)}")
        low = high or low
    return out


def latency_chart(report: ChatReport) -> Chart:
    """How soon each person replied: the share of their replies in each reply-time bucket.

    Shares rather than counts, so a person who writes less can be compared with
    one who writes more; the description gives each person's number of replies.
    """
    gs = groups(report)
    series = []
    parts = []
    for g in gs:
        counts = [sum(b.replies.get(m, 0) for m in g.members) for b in report.latency]
        total = sum(counts)
        series.append(
            Series(g.label, [c / total if total else None for c in counts], person=g.person)
        )
        if total and len(g.members) == 1:
            typical = duration(report.participants[g.members[0]].median_reply_seconds)
            parts.append(f"{g.label} replied {times(total)} (typical reply {typical})")
        elif total:
            parts.append(f"{g.label} replied {times(total)}")
        else:
            parts.append(f"{g.label} did not reply within a conversation")
    return Chart(
        key="chat-latency",
        kind="bars",
        title="How soon replies came",
        description=(
            "Each person's replies by how long they took, as a share of that person's replies. "
            + "; ".join(parts)
            + "."
        ),
        x_labels=latency_axis_labels(report),
        x_dates=[],
        series=series,
        y_min=0.0,
        y_max=1.0,
        y_unit="share",
        people=_people(gs),
        x_title="Reply time",
        x_full=[b.label for b in report.latency],
    )


def chat_charts(report: ChatReport) -> list[Chart]:
    """The charts of a chat report, in reading order."""
    return [messages_chart(report), starts_chart(report), latency_chart(report)]
