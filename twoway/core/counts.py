"""Per-person counts over a stretch of the timeline, and the weekly activity series.

Who a count belongs to: the person who did it (`by`), except outcomes, which
belong to the person whose bid, commitment, need or boundary it was.
Positive and negative interactions are credited to whoever acted (docs/method.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import polars as pl

from twoway.core.events import INITIATIONS, STYLES
from twoway.core.report import SideCounts, WeekActivity
from twoway.core.timeline import Timeline

#: Acts counted as positive / negative interactions, credited to the row's `by`.
POSITIVE_KINDS = ("support", "gratitude", "repair", "met")
NEGATIVE_KINDS = ("conflict", "crossed")


def _tally(frame: pl.DataFrame, *keys: str) -> Counter[tuple[Any, ...]]:
    """Count rows per combination of `keys` (one small group-by, then plain Python)."""
    if frame.is_empty():
        return Counter()
    grouped = frame.group_by(list(keys)).len()
    return Counter({tuple(row[:-1]): int(row[-1]) for row in grouped.iter_rows()})


def side_counts(tl: Timeline, max_week: int | None = None) -> dict[str, SideCounts]:
    """Counts for each person over weeks 0..`max_week` (None: the whole timeline)."""

    def cut(frame: pl.DataFrame) -> pl.DataFrame:
        return frame if max_week is None else frame.filter(pl.col("week") <= max_week)

    events = cut(tl.events)
    by_kind = _tally(events, "by", "kind")
    support = _tally(events.filter(pl.col("kind") == "support"), "by", "value")
    responses = _tally(events.filter(pl.col("kind") == "response"), "by", "value")
    bids = _tally(cut(tl.bids), "by", "outcome")
    commitments = _tally(cut(tl.commitments), "by", "outcome")
    needs = _tally(cut(tl.needs), "by", "answered")
    boundaries = _tally(cut(tl.boundaries), "by", "answered")
    energy = (
        events.filter(pl.col("kind") == "together")
        .group_by("by")
        .agg(pl.col("value").cast(pl.Int64).mean().alias("mean"), pl.len().alias("n"))
    )
    energy_of = {r["by"]: r for r in energy.iter_rows(named=True)}

    out: dict[str, SideCounts] = {}
    for p in tl.people:
        styles = {s: support[(p, s)] for s in STYLES}
        styles["unspecified"] = support[(p, "")]
        styles["total"] = by_kind[(p, "support")]
        inits = {k: by_kind[(p, k)] for k in INITIATIONS}
        inits["total"] = sum(inits.values())
        bid_counts = {
            o: bids[(p, o)] for o in ("toward", "away", "against", "unanswered", "pending")
        }
        bid_counts = {"made": by_kind[(p, "bid")], **bid_counts}
        kept = {o: commitments[(p, o)] for o in ("kept", "broken", "vague", "dated", "open")}
        positive = sum(by_kind[(p, k)] for k in POSITIVE_KINDS) + responses[(p, "toward")]
        negative = sum(by_kind[(p, k)] for k in NEGATIVE_KINDS) + responses[(p, "against")]
        positive += commitments[(p, "kept")]
        negative += commitments[(p, "broken")]
        e = energy_of.get(p)
        out[p] = SideCounts(
            support=styles,
            initiations=inits,
            bids=bid_counts,
            commitments={"made": by_kind[(p, "commitment")], **kept},
            needs={"stated": by_kind[(p, "need")], "met": needs[(p, True)]},
            boundaries={"set": by_kind[(p, "boundary")], "crossed": boundaries[(p, True)]},
            gratitude=by_kind[(p, "gratitude")],
            energy={"mean": float(e["mean"]) if e else None, "n": int(e["n"]) if e else 0},
            positive=positive,
            negative=negative,
            ratio=positive / negative if negative else None,
        )
    return out


def weekly(frame: pl.DataFrame, weeks: int, people: Iterable[str]) -> dict[str, list[int]]:
    """Rows per person per week, oldest week first (index `weeks - 1 - week`)."""
    series = {p: [0] * weeks for p in people}
    for (by, week), n in _tally(frame, "by", "week").items():
        if by in series and 0 <= int(week) < weeks:
            series[by][weeks - 1 - int(week)] = n
    return series


def activity(tl: Timeline) -> list[WeekActivity]:
    """Per-week initiations, bids turned toward or not, and mean energy, oldest first."""
    weeks = tl.weeks
    events = tl.events
    inits = weekly(events.filter(pl.col("kind").is_in(INITIATIONS)), weeks, tl.people)
    toward = weekly(tl.bids.filter(pl.col("outcome") == "toward"), weeks, tl.people)
    other = weekly(
        tl.bids.filter(pl.col("outcome").is_in(["away", "against", "unanswered"])), weeks, tl.people
    )
    energy_rows = (
        events.filter(pl.col("kind") == "together")
        .group_by("by", "week")
        .agg(pl.col("value").cast(pl.Int64).mean().alias("mean"))
    )
    energy: dict[str, list[float | None]] = {p: [None] * weeks for p in tl.people}
    for by, week, mean in energy_rows.iter_rows():
        energy[by][weeks - 1 - int(week)] = float(mean)
    out = []
    for i in range(weeks):
        week = weeks - 1 - i
        out.append(
            WeekActivity(
                start=tl.week_start(week),
                initiations={p: inits[p][i] for p in tl.people},
                bids_toward={p: toward[p][i] for p in tl.people},
                bids_other={p: other[p][i] for p in tl.people},
                energy={p: energy[p][i] for p in tl.people},
            )
        )
    return out
