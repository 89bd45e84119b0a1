"""Stretches: where a share of weekly counts changed, and what the current stretch shows.

One method for every share that has a verdict (support given, initiations, bids
turned toward). The input is one pair per calendar week, oldest first:
`(k, n)` = events by the first side, events in all. The method
(docs/method.md, "Balance", gives the maths):

1. **Segmentation.** The weeks are cut into stretches by optimal partitioning
   (Jackson et al. 2005) of the binomial log-likelihood with a penalty `PENALTY`
   per cut and a minimum stretch of `MIN_WEEKS` calendar weeks, so a swing of
   1–3 weeks never becomes a stretch of its own. Exact, O(T²) in the number of
   weeks T (at most `LOOKBACK_WEEKS`), with prefix sums: cost in weeks, not events.
2. **Pooled share.** Within a stretch every event counts: the share is
   K/N over its weeks. Weeks are not independent coin flips (a hard month
   brings many events at once, swings alternate), so the binomial variance is
   inflated by the stretch's own dispersion φ (Pearson χ² per degree of
   freedom, shrunk toward 1 by `PRIOR_DF` weeks of prior, never below 1) and
   the 95% Wilson interval uses the effective count N/φ (quasi-binomial;
   McCullagh & Nelder 1989, §4.5).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: The shortest stretch, in calendar weeks: shorter changes are swings.
MIN_WEEKS = 4
#: Penalty per cut, in log-likelihood units (nats); calibrated on simulated ledgers.
PENALTY = 4.0
#: How many weeks back the segmentation looks (two years).
LOOKBACK_WEEKS = 104
#: Weight of the prior belief "no overdispersion" (φ = 1), in weeks.
PRIOR_DF = 6.0

_Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Segment:
    """Weeks `first`..`last` (indices into the series, oldest first, both included)."""

    first: int
    last: int
    k: int
    n: int
    #: overdispersion factor φ ≥ 1 of the weekly counts around the pooled share
    phi: float
    #: 95% interval for the first side's share (quasi-binomial Wilson)
    low: float
    high: float

    @property
    def weeks(self) -> int:
        """Calendar weeks in the stretch."""
        return self.last - self.first + 1

    @property
    def share(self) -> float:
        """The first side's pooled share (0.5 without events)."""
        return self.k / self.n if self.n else 0.5


def wilson_bounds(k: float, n: float, z: float = _Z95) -> tuple[float, float]:
    """The Wilson score interval for `k` of `n` (n may be an effective, fractional count)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(0.0, p * (1 - p) / n + z * z / (4 * n * n))) / denom
    low = 0.0 if k <= 0 else max(0.0, centre - half)
    high = 1.0 if k >= n else min(1.0, centre + half)
    return low, high


def _nll(k: int, n: int) -> float:
    """Minus the binomial log-likelihood at the pooled share (binomial coefficients dropped)."""
    if k == 0 or k == n:
        return 0.0
    return -(k * math.log(k / n) + (n - k) * math.log((n - k) / n))


def describe(weeks: Sequence[tuple[int, int]], first: int, last: int) -> Segment:
    """Pool weeks `first`..`last` into a `Segment` with its overdispersed interval."""
    k = sum(w[0] for w in weeks[first : last + 1])
    n = sum(w[1] for w in weeks[first : last + 1])
    phi = 1.0
    if n and 0 < k < n:
        p = k / n
        chi2, df = 0.0, -1
        for wk, wn in weeks[first : last + 1]:
            if wn:
                chi2 += (wk - wn * p) ** 2 / (wn * p * (1 - p))
                df += 1
        if df > 0:
            phi = max(1.0, (chi2 + PRIOR_DF) / (df + PRIOR_DF))
    low, high = wilson_bounds(k / phi, n / phi)
    return Segment(first, last, k, n, phi, low, high)


def segment(weeks: Sequence[tuple[int, int]]) -> list[Segment]:
    """Cut the weekly series into stretches (oldest first); every stretch ≥ `MIN_WEEKS`.

    Optimal partitioning: F(t) = min over s of F(s) + cost(s, t) + PENALTY, where
    cost is minus the binomial log-likelihood of weeks s..t-1 at their pooled
    share, and t - s ≥ MIN_WEEKS. A series shorter than two stretches is one.
    """
    t_max = len(weeks)
    if t_max == 0:
        return []
    ck, cn = [0], [0]
    for k, n in weeks:
        ck.append(ck[-1] + k)
        cn.append(cn[-1] + n)
    best = [math.inf] * (t_max + 1)
    back = [0] * (t_max + 1)
    best[0] = -PENALTY
    for t in range(MIN_WEEKS, t_max + 1):
        for s in range(t - MIN_WEEKS + 1):
            if best[s] == math.inf:
                continue
            c = best[s] + _nll(ck[t] - ck[s], cn[t] - cn[s]) + PENALTY
            if c < best[t]:
                best[t], back[t] = c, s
    if best[t_max] == math.inf:  # shorter than one minimum stretch
        return [describe(weeks, 0, t_max - 1)]
    cuts = []
    t = t_max
    while t > 0:
        cuts.append((back[t], t))
        t = back[t]
    return [describe(weeks, s, t - 1) for s, t in reversed(cuts)]


#: A stretch this many weeks or longer stands on its own; a younger last stretch
#: is read together with the one before it (a change that young may be a swing).
ESTABLISHED_WEEKS = 6
#: One-sided: a stretch of at least this many weeks and events ...
ONE_SIDED_WEEKS, ONE_SIDED_EVENTS = 6, 12
#: ... whose carrier's pooled share reaches `ONE_SIDED_SHARE` with its 95% lower bound
#: at or above `ONE_SIDED_LOW` (clearly more than chance, and more than a mild tilt).
ONE_SIDED_SHARE, ONE_SIDED_LOW = 0.62, 0.52
#: The z of that lower bound for a stretch that begins at a cut (98.8% two-sided).
Z_SELECTED = 2.7
ONE_SIDED_LOW_WHOLE = 0.54
Z_REVERSAL = 2.2
SWING_Z, SWING_Z_SELECTED = 1.64, 2.2
#: The recent window (weeks) for the guards that keep the verdicts consistent.
RECENT = 8
#: "One-sided by the plain test": a pooled share whose 95% lower bound reaches this.
PLAIN_ONE_SIDED_LOW = 0.6


@dataclass(frozen=True, slots=True)
class Reading:
    """What the weekly series shows now. Sides: 0 = the first, 1 = the second."""

    segments: list[Segment]
    #: the current stretch (a young last stretch read together with the one before)
    current: Segment
    #: the stretch before the current one, if any
    previous: Segment | None
    #: the last stretch on its own when it is younger than `ESTABLISHED_WEEKS`
    young: Segment | None
    #: the last `RECENT` weeks pooled (plain binomial Wilson)
    recent: Segment
    state: str  # "even", "leaning" or "one_sided"
    side: int | None


def side_of(seg: Segment) -> tuple[int, float, float, float]:
    """The side giving more in `seg`, with its share and interval (low, high)."""
    if seg.share >= 0.5:
        return 0, seg.share, seg.low, seg.high
    return 1, 1 - seg.share, 1 - seg.high, 1 - seg.low


def strict_low(seg: Segment, side: int, z: float) -> float:
    """The lower bound of `side`'s share at level `z` (with the stretch's dispersion)."""
    lo, hi = wilson_bounds(seg.k / seg.phi, seg.n / seg.phi, z)
    return lo if side == 0 else 1 - hi


def state_of(seg: Segment, z: float = _Z95) -> tuple[str, int | None]:
    """even / leaning / one_sided for one stretch on its own.

    `selected`: the stretch begins at a cut after a stretch that was not
    one-sided the other way. It was then chosen because it departs from an even
    or milder past, so its one-sided test is held to a stricter level (z =
    `Z_SELECTED`) than the 95% interval shown; a reversal needs no such care,
    the cut itself being the evidence.
    """
    side, share, low, _ = side_of(seg)
    strict = strict_low(seg, side, z)
    if (
        seg.weeks >= ONE_SIDED_WEEKS
        and seg.n >= ONE_SIDED_EVENTS
        and share >= ONE_SIDED_SHARE
        and strict >= (ONE_SIDED_LOW if z != _Z95 else ONE_SIDED_LOW_WHOLE)
    ):
        return "one_sided", side
    if low > 0.5:
        return "leaning", side
    return "even", None


def plain(weeks: Sequence[tuple[int, int]], first: int, last: int) -> Segment:
    """Weeks pooled with the plain binomial interval (no dispersion): the guards' test."""
    k = sum(w[0] for w in weeks[first : last + 1])
    n = sum(w[1] for w in weeks[first : last + 1])
    low, high = wilson_bounds(k, n)
    return Segment(first, last, k, n, 1.0, low, high)


def read(weeks: Sequence[tuple[int, int]]) -> Reading:
    """Segment the series and decide the current state (docs/method.md, "Balance").

    The caller passes at most `LOOKBACK_WEEKS` weeks, ending with the newest.
    """
    segs = segment(weeks)
    last = len(weeks) - 1
    recent = plain(weeks, max(0, last - RECENT + 1), last)
    current, previous, young = segs[-1], (segs[-2] if len(segs) > 1 else None), None
    if current.weeks < ESTABLISHED_WEEKS and previous is not None:
        young = current
        current = describe(weeks, previous.first, last)
        previous = segs[-3] if len(segs) > 2 else None
    before = state_of(previous) if previous is not None else ("even", None)
    reversal = before[0] == "one_sided" and before[1] != side_of(current)[0]
    z = _Z95 if previous is None else Z_REVERSAL if reversal else Z_SELECTED
    state, side = state_of(current, z)
    if state == "one_sided" and not _still_one_sided(weeks, current, young, side, z):
        state = "leaning"
    r_side, _, r_low, _ = side_of(recent)
    if state != "even" and side != r_side and r_low > 0.5:
        # Never name a carrier whose recent share is credibly below half.
        state, side = "leaning", r_side
    if state == "even" and young is not None and side_of(young)[2] > 0.5:
        state, side = "leaning", side_of(young)[0]
    if state == "even" and r_low >= PLAIN_ONE_SIDED_LOW:
        state, side = "leaning", r_side
    return Reading(segs, current, previous, young, recent, state, side)


#: A change this short flips no verdict: one-sided must hold without the last weeks too,
#: at this share or more.
SWING_WEEKS, SWING_SHARE = 3, 0.5
#: One-sided now also needs the carrier to have given this much of the last `AGREE_WEEKS` weeks.
RECENT_AGREE, AGREE_WEEKS = 0.62, 10
#: The test for a turn at one pre-set cut (the start of the recent window): χ²₁ at 95%, halved.
RECENT_CHANGE_NATS = 1.92


def _still_one_sided(
    weeks: Sequence[tuple[int, int]],
    seg: Segment,
    young: Segment | None,
    side: int | None,
    z: float,
) -> bool:
    """The checks that keep a one-sided stretch from being called on a swing or a turn.

    The young last stretch (if any) must lean the same way; the stretch without
    its last `SWING_WEEKS` weeks must be one-sided too; the carrier must have
    given `RECENT_AGREE` of the last `AGREE_WEEKS` weeks; and those recent weeks
    must not differ from the rest of the stretch (`_recent_change`).
    """
    if young is not None:
        y_side, _, y_low, _ = side_of(young)
        if y_side != side or y_low <= 0.5:
            return False
    last = len(weeks) - 1
    lately = plain(weeks, max(0, last - AGREE_WEEKS + 1), last)
    if (lately.share if side == 0 else 1 - lately.share) < RECENT_AGREE:
        return False
    if seg.weeks - SWING_WEEKS < MIN_WEEKS:
        return False
    earlier = describe(weeks, seg.first, seg.last - SWING_WEEKS)
    e_side, e_share, _, _ = side_of(earlier)
    if e_side != side or e_share < SWING_SHARE:
        return False
    swing_z = SWING_Z_SELECTED if z == Z_SELECTED else SWING_Z
    if strict_low(earlier, e_side, swing_z) < ONE_SIDED_LOW:
        return False
    return not _recent_change(weeks, seg, side)


def _recent_change(weeks: Sequence[tuple[int, int]], seg: Segment, side: int | None) -> bool:
    """Whether the last `RECENT` weeks of a longer stretch gave the carrier less than before it.

    One pre-set cut, so a plain likelihood-ratio test at 5% holds its level; it
    catches a recent turn the segmentation's penalty (set for many cuts) misses.
    """
    cut = len(weeks) - RECENT
    if seg.first > cut - RECENT:  # compare 8 recent weeks with at least 8 before them
        return False
    before, after = plain(weeks, seg.first, cut - 1), plain(weeks, cut, len(weeks) - 1)
    if not before.n or not after.n:
        return False
    flip = 0.0 if side == 0 else 1.0
    if abs(flip - after.share) >= abs(flip - before.share):
        return False
    gain = _nll(seg.k, seg.n) - _nll(before.k, before.n) - _nll(after.k, after.n)
    return gain > RECENT_CHANGE_NATS


#: "More even" means the former carrier now gives at most this share.
IMPROVING_SHARE_MAX = 0.6


def _share_of(seg: Segment, side: int) -> float:
    return seg.share if side == 0 else 1 - seg.share


def improving(reading: Reading, max_weeks: int = 26) -> bool:
    """An even stretch of ≥ `ESTABLISHED_WEEKS` weeks after a one-sided one."""
    return (
        reading.state == "even"
        and reading.young is None
        and reading.previous is not None
        and ESTABLISHED_WEEKS <= reading.current.weeks <= max_weeks
        and state_of(reading.previous)[0] == "one_sided"
        and _share_of(reading.current, side_of(reading.previous)[0]) <= IMPROVING_SHARE_MAX
        and side_of(reading.recent)[2] < PLAIN_ONE_SIDED_LOW
    )


def turned(reading: Reading, lookback: int = 26) -> int | None:
    """The side that carried before, when the last stretch leans the other way.

    The last stretch (at least `MIN_WEEKS` weeks, so never a swing) must lean to
    one side, and the most recent one-sided stretch before it, ending at most
    `lookback` weeks before it began, must have been the other side's.
    """
    segs = reading.segments
    if len(segs) < 2:
        return None
    last = segs[-1]
    l_side, _, l_low, _ = side_of(last)
    if l_low <= 0.5:
        return None
    for seg in reversed(segs[:-1]):
        if last.first - seg.last > lookback:
            break
        state, side = state_of(seg)
        if state == "one_sided":
            return side if side != l_side else None
    return None
