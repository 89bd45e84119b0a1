"""The `Report`: everything the analysis found, as plain data, and its JSON form.

Every output (terminal, JSON, HTML, the web pages, the API) renders this one
object, so a number is computed once. `Report.to_dict()` *is* the JSON schema
documented in docs/json.md; its `schema` field is bumped on any breaking change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from twoway.core.moment_counts import MomentCounts

SCHEMA_VERSION = 1

Verdict = Literal["balanced", "leaning", "one_sided", "insufficient_evidence"]
Tone = Literal["positive", "attention"]


@dataclass(frozen=True, slots=True)
class Interval:
    """A 95% interval for a share (Wilson score), both ends in 0..1."""

    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Window:
    """The recent window: `weeks` whole weeks ending on `end` (the as-of date)."""

    start: date
    end: date
    weeks: int


@dataclass(frozen=True, slots=True)
class WeekBalance:
    """Support given by each person in one week (`start`..`end`, both included)."""

    start: date
    end: date
    given: dict[str, int]
    #: share given by each person; None in a week without support
    share: dict[str, float] | None
    #: the interval for the first person's share; None in a week without support
    interval: Interval | None
    #: who gave 65% or more of at least 2 events that week, if anyone
    lean: str | None
    #: each person's share over the `ROLLING_WEEKS` weeks up to this one; None without support
    rolling_share: dict[str, float] | None = None


@dataclass(frozen=True, slots=True)
class Stretch:
    """A run of weeks in which the share of support stayed the same (docs/method.md).

    The current stretch runs from where the share last changed to the as-of
    date; its share pools every support event in it.
    """

    start: date
    end: date
    weeks: int
    #: support events each person gave in the stretch
    given: dict[str, int]
    #: each person's pooled share; None without support
    share: dict[str, float] | None
    #: the 95% interval of each share, widened for week-to-week dispersion; None without support
    interval: dict[str, Interval] | None


@dataclass(frozen=True, slots=True)
class Balance:
    """Who carries the support, over the recent window and week by week."""

    verdict: Verdict
    #: the person giving more when the verdict is one_sided or leaning
    carrier: str | None
    #: support events each person gave in the recent window
    given: dict[str, int]
    #: each person's share of the window's support; None without support
    share: dict[str, float] | None
    #: the interval for each person's share in the window
    interval: dict[str, Interval] | None
    weeks: list[WeekBalance]
    #: a plain sentence explaining the verdict
    reason: str
    #: the current stretch the verdict is drawn from; None without any support
    stretch: Stretch | None = None
    #: the stretch before it, if the share changed within the last two years
    earlier: Stretch | None = None


@dataclass(frozen=True, slots=True)
class SideCounts:
    """What one person did, over one stretch of the ledger."""

    support: dict[str, int]  # per style, plus "total"
    initiations: dict[str, int]  # per kind (talk, checkin, bid, commitment, repair), plus "total"
    bids: dict[str, int]  # made, toward, away, against, unanswered, pending
    commitments: dict[str, int]  # made, kept, broken, vague, open
    needs: dict[str, int]  # stated, met
    boundaries: dict[str, int]  # set, crossed (by the other)
    gratitude: int
    energy: dict[str, float | int | None]  # mean, n
    positive: int
    negative: int
    #: positive per negative; None when there was nothing negative
    ratio: float | None


@dataclass(frozen=True, slots=True)
class WeekActivity:
    """Per-week series for the charts, one value per person."""

    start: date
    initiations: dict[str, int]
    bids_toward: dict[str, int]  # that person's bids that were turned toward
    bids_other: dict[str, int]  # that person's bids turned away, against or unanswered
    energy: dict[str, float | None]  # mean energy after time together


@dataclass(frozen=True, slots=True)
class Signal:
    """A finding with its evidence and a practice; never a verdict on a person.

    `person` is whom the finding is about (see docs/method.md for each code);
    `evidence` holds the numbers and `events`, the keys of the events behind it.
    """

    code: str
    person: str | None
    summary: str
    evidence: dict[str, Any]
    since: date | None
    practice: str
    tone: Tone = "attention"


@dataclass(frozen=True)
class Report:
    """The analysis of one ledger as it stood on `as_of`."""

    people: tuple[str, str]
    me: str | None
    as_of: date
    first: date | None
    events: int
    window: Window
    balance: Balance
    counts: dict[str, dict[str, SideCounts]]  # "all" and "recent", then per person
    activity: list[WeekActivity]
    signals: list[Signal]
    skipped: int = 0
    source: str = field(default="<ledger>")
    #: how the moments read from a chat were counted; None when the ledger has none
    moments: MomentCounts | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/json.md)."""
        return {
            "schema": SCHEMA_VERSION,
            "source": self.source,
            "people": list(self.people),
            "me": self.me,
            "as_of": self.as_of.isoformat(),
            "first": self.first.isoformat() if self.first else None,
            "events": self.events,
            "skipped": self.skipped,
            "window": plain(self.window),
            "balance": plain(self.balance),
            "counts": plain(self.counts),
            "activity": plain(self.activity),
            "signals": plain(self.signals),
            "moments_counted": plain(self.moments),
        }


def plain(value: Any) -> Any:
    """Dataclasses, dates and containers to JSON-ready values (floats rounded to 4 places).

    Datetimes keep their time (`isoformat`); every JSON output uses this one rule.
    """
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value
