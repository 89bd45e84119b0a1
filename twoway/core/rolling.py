"""The rolling share: each person's share of the support over the weeks up to each week.

The balance chart draws it beside the weekly share, and the JSON carries it in
each of `balance.weeks`, so every surface shows the same number.
"""

from __future__ import annotations

from dataclasses import replace

from twoway.core.report import WeekBalance
from twoway.core.timeline import RECENT_WEEKS

#: The rolling share looks back this many weeks: the recent window's length.
ROLLING_WEEKS = RECENT_WEEKS


def rolling_share(
    given: list[dict[str, int]], size: int = ROLLING_WEEKS
) -> list[dict[str, float] | None]:
    """Each person's share of all support over the `size` weeks up to each week (oldest first).

    The first weeks look back over what there is (fewer than `size`); a window
    with no support at all has no share (None).
    """
    out: list[dict[str, float] | None] = []
    for i in range(len(given)):
        window = given[max(0, i - size + 1) : i + 1]
        total = sum(sum(w.values()) for w in window)
        people = given[i].keys()
        out.append({p: sum(w.get(p, 0) for w in window) / total for p in people} if total else None)
    return out


def with_rolling_share(weeks: list[WeekBalance]) -> list[WeekBalance]:
    """`weeks` (oldest first), each with its `rolling_share` filled in."""
    shares = rolling_share([w.given for w in weeks])
    return [replace(w, rolling_share=s) for w, s in zip(weeks, shares, strict=True)]
