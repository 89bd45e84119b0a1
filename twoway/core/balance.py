"""Balance: each person's share of support, week by week, and whether one side carries it.

The verdict honours ebb and flow (docs/method.md explains each number):

* fewer than `MIN_EVIDENCE` support events in the recent window: no verdict;
* one-sided when, among the last `SUSTAINED_WEEKS` weeks with at least
  `LEAN_MIN_EVENTS` support events (looking back at most `LOOKBACK_WEEKS`), one
  person gave `LEAN_SHARE` or more in at least `SUSTAINED_LEANING` of them and
  over all of them;
* a change that has lasted `SWING_WEEKS` weeks or less is a swing: it flips the
  verdict neither way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from twoway.core.counts import weekly
from twoway.core.report import Balance, Interval, Verdict, WeekBalance
from twoway.core.rolling import with_rolling_share
from twoway.core.timeline import RECENT_WEEKS, Timeline
from twoway.core.voice import Voice

LEAN_SHARE = 0.65
LEAN_MIN_EVENTS = 2
MIN_EVIDENCE = 12
SUSTAINED_WEEKS = 8
SUSTAINED_LEANING = 7
LOOKBACK_WEEKS = 12
SWING_WEEKS = 3
#: How far back a past one-sided stretch still makes a balanced present "improving".
IMPROVING_LOOKBACK = 26
#: A window whose shares stay inside this band reads as balanced (the `balanced` signal).
EVEN_BAND = (0.4, 0.6)

_Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = _Z95) -> Interval:
    """The Wilson score interval for a share of `k` out of `n` (95% by default).

    Chosen over the normal approximation because it stays inside 0..1 and
    behaves with the small weekly counts a hand-kept ledger has.
    """
    if n <= 0:
        return Interval(0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At 0 or n the exact bound is 0 or 1; say so rather than leave rounding noise.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Interval(low, high)


def lean(given: dict[str, int]) -> str | None:
    """Who gave `LEAN_SHARE` or more of at least `LEAN_MIN_EVENTS` events, if anyone."""
    total = sum(given.values())
    if total < LEAN_MIN_EVENTS:
        return None
    for person, n in given.items():
        if n / total >= LEAN_SHARE:
            return person
    return None


@dataclass(frozen=True)
class Stretch:
    """A sustained one-sided stretch found by `one_sided_at`."""

    carrier: str
    share: float
    #: the weeks (0 = newest) the rule looked at, and the oldest leaning week of the run
    weeks: tuple[int, ...]
    since_week: int


@dataclass(frozen=True)
class BalanceFindings:
    """What the signals need beyond the `Balance` shown to people."""

    stretch: Stretch | None
    #: the most recent one-sided stretch before now, and how many weeks ago it ended
    earlier: Stretch | None
    weeks_since_earlier: int | None


def one_sided_at(by_week: dict[str, list[int]], shift: int) -> Stretch | None:
    """Apply the one-sided rule as it stood `shift` weeks ago."""
    people = list(by_week)
    horizon = len(next(iter(by_week.values())))
    active: list[int] = []
    for w in range(shift, min(shift + LOOKBACK_WEEKS, horizon)):
        if sum(by_week[p][w] for p in people) >= LEAN_MIN_EVENTS:
            active.append(w)
        if len(active) == SUSTAINED_WEEKS:
            break
    if len(active) < SUSTAINED_WEEKS:
        return None
    for carrier in people:
        leaning = [w for w in active if lean({p: by_week[p][w] for p in people}) == carrier]
        given = sum(by_week[carrier][w] for w in active)
        total = sum(by_week[p][w] for p in people for w in active)
        if len(leaning) >= SUSTAINED_LEANING and given / total >= LEAN_SHARE:
            since = max(leaning)
            w = since + 1
            while w < horizon:  # follow the run back to where it began
                week = {p: by_week[p][w] for p in people}
                if sum(week.values()) >= LEAN_MIN_EVENTS:
                    if lean(week) != carrier:
                        break
                    since = w
                w += 1
            return Stretch(carrier, given / total, tuple(active), since)
    return None


def compute_balance(tl: Timeline, me: str | None = None) -> tuple[Balance, BalanceFindings]:
    """The verdict on the recent window, the weekly series and what lies behind them."""
    say = Voice(me)
    people = tl.people
    weeks = tl.weeks
    support = tl.support
    oldest_first = weekly(support, max(weeks, RECENT_WEEKS), people)
    by_week = {p: oldest_first[p][::-1] for p in people}

    series = []
    for w in range(weeks - 1, -1, -1):
        given = {p: by_week[p][w] for p in people}
        total = sum(given.values())
        series.append(
            WeekBalance(
                start=tl.week_start(w),
                end=tl.week_end(w),
                given=given,
                share={p: n / total for p, n in given.items()} if total else None,
                interval=wilson(given[people[0]], total) if total else None,
                lean=lean(given),
            )
        )

    given = {p: sum(by_week[p][:RECENT_WEEKS]) for p in people}
    n = sum(given.values())
    share = {p: k / n for p, k in given.items()} if n else None
    interval = {p: wilson(k, n) for p, k in given.items()} if n else None

    stretch = one_sided_at(by_week, 0)
    earlier, ago = None, None
    for shift in range(1, IMPROVING_LOOKBACK + 1):
        found = one_sided_at(by_week, shift)
        if found:
            earlier, ago = found, shift
            break
    findings = BalanceFindings(stretch, earlier, ago)

    verdict: Verdict
    carrier: str | None
    if n < MIN_EVIDENCE:
        verdict, carrier = "insufficient_evidence", None
        reason = (
            f"{n} support event{'s' if n != 1 else ''} in the last {RECENT_WEEKS} weeks; "
            f"twoway waits for at least {MIN_EVIDENCE} before saying anything about balance."
        )
    elif stretch:
        verdict, carrier = "one_sided", stretch.carrier
        reason = (
            f"{say(stretch.carrier)} gave {LEAN_SHARE:.0%} or more of the support in "
            f"{_leaning_weeks(by_week, stretch)} of the last {SUSTAINED_WEEKS} weeks with support, "
            f"and {stretch.share:.0%} over them."
        )
    elif earlier and ago is not None and ago <= SWING_WEEKS:
        verdict, carrier = "one_sided", earlier.carrier
        reason = (
            f"{say(earlier.carrier)} carried the support until {ago} week{'s' if ago != 1 else ''} ago; "
            f"a change that short is still a swing."
        )
    else:
        verdict, carrier = "balanced", None
        reason = f"Neither side carried the support for a sustained stretch in the last {SUSTAINED_WEEKS} weeks."
    balance = Balance(
        verdict=verdict,
        carrier=carrier,
        given=given,
        share=share,
        interval=interval,
        weeks=with_rolling_share(series),
        reason=reason,
    )
    return balance, findings


def _leaning_weeks(by_week: dict[str, list[int]], stretch: Stretch) -> int:
    people = list(by_week)
    return sum(
        1 for w in stretch.weeks if lean({p: by_week[p][w] for p in people}) == stretch.carrier
    )
