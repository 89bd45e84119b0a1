"""Chart specifications: what to draw, as plain data, computed from a `Report`.

A spec says nothing about pixels. The HTML report draws specs as inline SVG
(`twoway.render.svg`); the web site can draw the same specs, so both always
show the same numbers. Every spec carries a description in words for screen
readers, and `person` on a series (the index in the people: 0 and 1 in a
ledger, more in a group chat) so a person keeps one colour across every chart.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from twoway.core.report import Report
from twoway.core.rolling import ROLLING_WEEKS
from twoway.core.timeline import SERIES_WEEKS
from twoway.core.together import PerceptionGap
from twoway.render.words import day, pct, short_day, signed, span, weeks, who, whose

#: Charts show at most this many weeks (the latest): all that a report's weekly series hold;
#: beyond two years a weekly bar is too thin to read.
MAX_WEEKS = SERIES_WEEKS

Style = Literal["solid", "dashed", "dots", "muted"]


@dataclass(frozen=True, slots=True)
class Series:
    """One set of values, one per x label; None where there is nothing to show."""

    label: str
    values: list[float | None]
    #: whose colour: the index into the chart's people (0, 1 …), None for neutral
    person: int | None = None
    #: solid/dashed line, dots only; for bars, solid or muted (outlined)
    style: Style = "solid"
    #: bars that share a stack key are drawn on top of each other, in series order
    stack: str | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A likely range around a series (low..high per x label)."""

    label: str
    low: list[float | None]
    high: list[float | None]
    person: int | None = 0


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal reference line, such as 50% on the balance chart."""

    value: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart to draw: one x label per week, series of values, an optional band and rules.

    Most charts run over weeks, one date per x label in `x_dates`. A chart over
    other units (months, reply times) gives `x_full`, each label in full for the
    data table, and `x_title`, that table's first heading; a chart whose x labels
    are categories, not dates, leaves `x_dates` empty.
    """

    key: str
    kind: Literal["line", "bars"]
    title: str
    #: the chart in words, for screen readers (and shown as its caption)
    description: str
    x_labels: list[str]
    x_dates: list[date]
    series: list[Series]
    band: Band | None = None
    rules: list[Rule] = field(default_factory=list)
    y_min: float = 0.0
    y_max: float = 1.0
    #: how to read and print y values: a share (0..1), a count, or energy (-2..2)
    y_unit: Literal["share", "count", "energy"] = "count"
    people: tuple[str, ...] = ("", "")
    #: the heading of the data table's first column
    x_title: str = "Week of"
    #: the x labels in full for the data table; empty: each x date as a day ("1 Jan 2024")
    x_full: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings), for the web site."""
        d = asdict(self)
        d["x_dates"] = [x.isoformat() for x in self.x_dates]
        d["people"] = list(self.people)
        return d


def nice_ceiling(value: float) -> float:
    """The smallest whole 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ at or above `value` (at least 1).

    Fine steps keep a chart of small weekly counts from wasting half its height.
    """
    if value <= 1:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        top = step * magnitude
        if value <= top and float(top).is_integer():
            return float(top)
    return float(10 * magnitude)  # pragma: no cover - the loop always returns


def focus(report: Report) -> int:
    """Whose share the balance chart follows: the reader's when known, else the first person's."""
    return report.people.index(report.me) if report.me in report.people else 0


def balance_chart(report: Report) -> Chart:
    """One person's weekly share of support, its likely range, an 8-week rolling share and 50%.

    The person is the reader (`report.me`) when known, else the first person. The
    weekly interval is the first person's; the other's is its mirror (1 - high,
    1 - low), as the Wilson interval is symmetric between the two sides.
    """
    index = focus(report)
    person, other = report.people[index], report.people[1 - index]
    wk = report.balance.weeks[-MAX_WEEKS:]
    rolling = [w.rolling_share.get(person) if w.rolling_share else None for w in wk]
    share = [w.share.get(person) if w.share else None for w in wk]
    if index == 0:
        low = [w.interval.low if w.interval else None for w in wk]
        high = [w.interval.high if w.interval else None for w in wk]
    else:
        low = [1 - w.interval.high if w.interval else None for w in wk]
        high = [1 - w.interval.low if w.interval else None for w in wk]
    name = whose(report, person)
    description = (
        f"{name} share of the support given each week, over {weeks(len(wk))}"
        + (f" ({span(wk[0].start, wk[-1].end)})" if wk else "")
        + ". Above 50% means more support came from "
        + f"{who(report, person, capital=False)}, below 50% more from "
        + f"{who(report, other, capital=False)}."
    )
    latest = next((r for r in reversed(rolling) if r is not None), None)
    if latest is not None:
        description += f" Over the latest {ROLLING_WEEKS} weeks the share was {pct(latest)}."
    stretches = []
    for label, st in (
        ("current stretch", report.balance.stretch),
        ("stretch before", report.balance.earlier),
    ):
        mine = st.share.get(person) if st is not None and st.share else None
        if st is None or mine is None:
            continue
        # The stretch's pooled share, level across its weeks: where the share changed is a step.
        level = [mine if st.start <= w.start <= st.end else None for w in wk]
        if any(v is not None for v in level):
            stretches.append(
                Series(f"{name} share over the {label}", level, person=index, style="dashed")
            )
    current = report.balance.stretch
    if current is not None and current.share and person in current.share:
        description += (
            f" The current stretch began on {day(current.start)} ({weeks(current.weeks)}); over it "
            f"the share was {pct(current.share[person])}."
        )
    return Chart(
        key="balance",
        kind="line",
        title="Balance of support over time",
        description=description,
        x_labels=[short_day(w.start) for w in wk],
        x_dates=[w.start for w in wk],
        series=[
            Series(f"{name} share each week", share, person=index, style="dots"),
            Series(
                f"{name} share over {ROLLING_WEEKS} weeks", rolling, person=index, style="solid"
            ),
            *stretches,
        ],
        band=Band("likely range each week", low, high, person=index),
        rules=[Rule(0.5, "even")],
        y_min=0.0,
        y_max=1.0,
        y_unit="share",
        people=report.people,
    )


def _totals(report: Report, values: list[dict[str, int]]) -> str:
    return " and ".join(
        f"{who(report, p, capital=i == 0)} {sum(v.get(p, 0) for v in values)}"
        for i, p in enumerate(report.people)
    )


def initiations_chart(report: Report) -> Chart:
    """Initiations per week, one bar per person."""
    act = report.activity[-MAX_WEEKS:]
    per_week = [a.initiations for a in act]
    series = [
        Series(who(report, p), [float(v.get(p, 0)) for v in per_week], person=i)
        for i, p in enumerate(report.people)
    ]
    top = max((v for s in series for v in s.values if v is not None), default=0.0)
    return Chart(
        key="initiations",
        kind="bars",
        title="Who starts things, week by week",
        description=(
            "Conversations, check-ins, bids, plans and repairs each person started per week, "
            f"over {weeks(len(act))}. In all: {_totals(report, per_week)}."
        ),
        x_labels=[short_day(a.start) for a in act],
        x_dates=[a.start for a in act],
        series=series,
        y_max=nice_ceiling(top),
        y_unit="count",
        people=report.people,
    )


def bids_chart(report: Report) -> Chart:
    """Bids per week per person, stacked: turned toward (solid) under not turned toward (muted)."""
    act = report.activity[-MAX_WEEKS:]
    series: list[Series] = []
    for i, p in enumerate(report.people):
        name = who(report, p)
        series.append(
            Series(
                f"{name}: turned toward",
                [float(a.bids_toward.get(p, 0)) for a in act],
                i,
                "solid",
                p,
            )
        )
        series.append(
            Series(
                f"{name}: not turned toward",
                [float(a.bids_other.get(p, 0)) for a in act],
                i,
                "muted",
                p,
            )
        )
    top = max(
        (a.bids_toward.get(p, 0) + a.bids_other.get(p, 0) for a in act for p in report.people),
        default=0,
    )
    parts = []
    for p in report.people:
        toward = sum(a.bids_toward.get(p, 0) for a in act)
        made = toward + sum(a.bids_other.get(p, 0) for a in act)
        parts.append(
            f"{toward} of {whose(report, p, capital=False)} {made} bids were turned toward"
        )
    return Chart(
        key="bids",
        kind="bars",
        title="Bids for connection and how they were answered",
        description=(
            f"Each person's reach-outs per week over {weeks(len(act))}, split into those the other "
            f"engaged with and those turned away, against or left unanswered. In all: {'; '.join(parts)}."
        ),
        x_labels=[short_day(a.start) for a in act],
        x_dates=[a.start for a in act],
        series=series,
        y_max=nice_ceiling(top),
        y_unit="count",
        people=report.people,
    )


def energy_chart(report: Report) -> Chart:
    """Mean energy after time together per week per person, from -2 (drained) to +2 (energized)."""
    act = report.activity[-MAX_WEEKS:]
    series = [
        Series(who(report, p), [a.energy.get(p) for a in act], person=i, style="solid")
        for i, p in enumerate(report.people)
    ]
    parts = []
    for i, (p, s) in enumerate(zip(report.people, series, strict=True)):
        logged = [v for v in s.values if v is not None]
        name = who(report, p, capital=i == 0)
        if logged:
            parts.append(
                f"{name} logged {weeks(len(logged))}, averaging {signed(sum(logged) / len(logged))}"
            )
        else:
            parts.append(f"{name} logged none")
    return Chart(
        key="energy",
        kind="line",
        title="Energy after time together",
        description=(
            "How each person felt after time together, as a weekly mean from −2 (drained) to "
            f"+2 (energized); weeks without an entry are left empty. {'; '.join(parts)}."
        ),
        x_labels=[short_day(a.start) for a in act],
        x_dates=[a.start for a in act],
        series=series,
        rules=[Rule(0.0, "")],
        y_min=-2.0,
        y_max=2.0,
        y_unit="energy",
        people=report.people,
    )


def all_charts(report: Report) -> list[Chart]:
    """The four charts of a report, in reading order."""
    return [
        balance_chart(report),
        initiations_chart(report),
        bids_chart(report),
        energy_chart(report),
    ]


# --- the perception gap (twoway.core.together) -------------------------------------


def gap_charts(gap: PerceptionGap) -> list[Chart]:
    """Care each way per window, one chart per direction, two series each (legible on a phone).

    "Care from them": what the partner shared as given (solid) beside what you logged as
    received (outlined); "Care from you": the same the other way. The charts start at the
    first window with any act logged, so a young link is not drawn as weeks of nothing.
    """
    me, them = gap.me, gap.them
    logged = [
        i
        for i, w in enumerate(gap.windows)
        if any(
            getattr(flow, part)
            for flow in (w.to_me, w.from_me)
            for part in ("logged_by_giver", "logged_by_receiver")
        )
    ]
    wins = gap.windows[logged[0] :] if logged else gap.windows[-1:]

    def values(part: str, direction: str) -> list[float | None]:
        return [float(getattr(getattr(w, direction), part)) for w in wins]

    # You first, in the first colour, as in every report (render.sides).
    sides = {
        "to_me": (f"Care from {them}", 1, f"as {them} shared it", "as you logged it"),
        "from_me": ("Care from you", 0, "as you logged it", f"as {them} shared it"),
    }
    total = gap.total
    said = {
        "to_me": f"{them} shared {total.to_me.logged_by_giver} given to you and you logged "
        f"{total.to_me.logged_by_receiver} received",
        "from_me": f"you logged {total.from_me.logged_by_giver} given to {them} and {them} "
        f"shared {total.from_me.logged_by_receiver} received",
    }
    charts = []
    for direction in ("from_me", "to_me"):
        title, person, giver_said, receiver_said = sides[direction]
        series = [
            Series(f"{title}, {giver_said}", values("logged_by_giver", direction), person),
            Series(
                f"{title}, {receiver_said}",
                values("logged_by_receiver", direction),
                person,
                "muted",
            ),
        ]
        top = max((v or 0.0 for s in series for v in s.values), default=0.0)
        description = (
            f"Acts of care (support, thanks, kept promises, needs met and repairs) in each "
            f"stretch of {weeks(gap.weeks)}, since {span(wins[0].start, wins[0].end)}. Solid "
            f"bars are what the giver logged as given, outlined bars what the other logged as "
            f"received. In all: {said[direction]}."
        )
        charts.append(
            Chart(
                key="from-you" if direction == "from_me" else "from-them",
                kind="bars",
                title=title,
                description=description,
                x_labels=[short_day(w.start) for w in wins],
                x_dates=[w.start for w in wins],
                series=series,
                y_max=nice_ceiling(top),
                y_unit="count",
                people=(me, them),
                x_title=f"{weeks(gap.weeks).capitalize()}",
                x_full=[span(w.start, w.end) for w in wins],
            )
        )
    return charts
