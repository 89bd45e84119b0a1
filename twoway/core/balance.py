"""Balance: each person's share of support, week by week, and whether one side carries it.

The verdict pools evidence across weeks (docs/method.md, "Balance", gives the maths):

* fewer than `MIN_EVIDENCE` support events in the recent window: no verdict;
* otherwise the weekly counts are cut into stretches (`twoway.core.stretch`) and
  the verdict is drawn from the current one: `one_sided` when its pooled share
  is clearly and substantially one person's, `leaning` when it is more than
  chance but too short or too mild for that, `balanced` when an even share is
  within its 95% interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from twoway.core import stretch as st
from twoway.core.counts import weekly
from twoway.core.report import Balance, Interval, Stretch, Verdict, WeekBalance
from twoway.core.rolling import ROLLING_WEEKS, with_rolling_share
from twoway.core.timeline import RECENT_WEEKS, Timeline
from twoway.core.voice import Voice, day, weeks

#: A week "leans" (shown on the weekly chart only; no verdict reads it) at this share of 2+ events.
LEAN_SHARE = 0.65
LEAN_MIN_EVENTS = 2
#: No verdict below this many support events in the recent window.
MIN_EVIDENCE = 12
#: An even stretch after a one-sided one is "improving" for this many weeks at most.
IMPROVING_MAX_WEEKS = 26

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
class Reading:
    """A weekly series read by `twoway.core.stretch`, with the stretches as dated `Stretch`es."""

    reading: st.Reading
    current: Stretch
    earlier: Stretch | None
    #: the last stretch on its own when it is too young to stand alone
    young: Stretch | None


@dataclass(frozen=True)
class BalanceFindings:
    """What the signals need beyond the `Balance` shown to people."""

    support: Reading | None


def series(by_week: dict[str, list[int]], people: tuple[str, str]) -> list[tuple[int, int]]:
    """(first person's count, both) per week, oldest first, from newest-first lists."""
    a, b = people
    return [(ka, ka + kb) for ka, kb in zip(by_week[a][::-1], by_week[b][::-1], strict=True)]


def read_series(
    pairs: list[tuple[int, int]], tl: Timeline, people: tuple[str, str]
) -> Reading | None:
    """Read the weekly pairs (oldest first, the last one week 0) from their first event on."""
    first = next((i for i, (_, n) in enumerate(pairs) if n), None)
    if first is None:
        return None
    first = max(first, len(pairs) - st.LOOKBACK_WEEKS)
    kept = pairs[first:]
    reading = st.read(kept)
    newest = len(kept) - 1

    def dated(seg: st.Segment | None) -> Stretch | None:
        if seg is None:
            return None
        a, b = people
        given = {a: seg.k, b: seg.n - seg.k}
        share = {a: seg.share, b: 1 - seg.share} if seg.n else None
        interval = (
            {a: Interval(seg.low, seg.high), b: Interval(1 - seg.high, 1 - seg.low)}
            if seg.n
            else None
        )
        return Stretch(
            start=tl.week_start(newest - seg.first),
            end=tl.week_end(newest - seg.last),
            weeks=seg.weeks,
            given=given,
            share=share,
            interval=interval,
        )

    current = dated(reading.current)
    assert current is not None
    return Reading(reading, current, dated(reading.previous), dated(reading.young))


#: The verdicts a stretch's reading gives by name; any other reading is balanced.
_VERDICTS: dict[str, Verdict] = {"one_sided": "one_sided", "leaning": "leaning"}


def compute_balance(tl: Timeline, me: str | None = None) -> tuple[Balance, BalanceFindings]:
    """The verdict on the current stretch, the weekly series and what lies behind them."""
    say = Voice(me)
    people = tl.people
    support = tl.support
    oldest_first = weekly(support, max(tl.weeks, RECENT_WEEKS), people)
    by_week = {p: oldest_first[p][::-1] for p in people}

    # The weeks shown, and before them the ones their rolling share looks back over.
    span = min(tl.weeks, tl.series_weeks + ROLLING_WEEKS - 1)
    week_list = []
    for w in range(span - 1, -1, -1):
        given = {p: by_week[p][w] for p in people}
        total = sum(given.values())
        week_list.append(
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

    found = read_series(series(by_week, people), tl, people)
    verdict: Verdict
    carrier: str | None = None
    if n < MIN_EVIDENCE or found is None:
        verdict = "insufficient_evidence"
        reason = (
            f"{n} support event{'s' if n != 1 else ''} in the last {RECENT_WEEKS} weeks; "
            f"twoway waits for at least {MIN_EVIDENCE} before saying anything about balance."
        )
    else:
        state, side = found.reading.state, found.reading.side
        verdict = _VERDICTS.get(state, "balanced")
        carrier = people[side] if side is not None and verdict != "balanced" else None
        reason = _reason(verdict, carrier, found, say)
    balance = Balance(
        verdict=verdict,
        carrier=carrier,
        given=given,
        share=share,
        interval=interval,
        weeks=with_rolling_share(week_list)[-tl.series_weeks :],
        reason=reason,
        stretch=found.current if found else None,
        earlier=found.earlier if found else None,
    )
    return balance, BalanceFindings(found)


def _reason(verdict: Verdict, carrier: str | None, found: Reading, say: Voice) -> str:
    """One plain sentence on what the current stretch shows, with its numbers."""
    cur = found.current
    total = sum(cur.given.values())
    assert cur.share is not None
    assert cur.interval is not None
    span = f"the {total} support events since {day(cur.start)} ({weeks(cur.weeks)}"
    if verdict == "balanced" or carrier is None:
        a, b = cur.share
        iv = cur.interval[a]
        return (
            f"Of {span}), {say(a, capital=False)} gave {cur.share[a]:.0%} and "
            f"{say(b, capital=False)} {cur.share[b]:.0%}; an even share is within the likely "
            f"range ({iv.low:.0%}–{iv.high:.0%})."
        )
    iv = cur.interval[carrier]
    gave = (
        f"{say(carrier)} gave {cur.share[carrier]:.0%} of {span}; likely between "
        f"{iv.low:.0%} and {iv.high:.0%})"
    )
    if verdict == "one_sided":
        return f"{gave}: a sustained stretch, not a swing."
    if found.young is not None:
        return (
            f"{gave}. The last {weeks(found.young.weeks)} looked different: "
            "too soon to call it a change either way."
        )
    return (
        f"{gave}: more than chance, but not yet a long or clear enough stretch to call one-sided."
    )
