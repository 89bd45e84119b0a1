"""Per-person counts over a stretch of the timeline, and the weekly activity series.

Who a count belongs to: the person who did it (`by`), except outcomes, which
belong to the person whose bid, commitment, need or boundary it was.
Positive and negative interactions are credited to whoever acted (docs/method.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from twoway.core.events import ENERGY, INITIATIONS, KINDS, RESPONSES, STYLES
from twoway.core.report import SideCounts, WeekActivity
from twoway.core.timeline import RECENT_WEEKS, Timeline

#: Every value the validated support, response and together rows can hold.
_VALUES = ("", *STYLES, *RESPONSES, *ENERGY)

#: Acts counted as positive / negative interactions, credited to the row's `by`.
POSITIVE_KINDS = ("support", "gratitude", "repair", "met")
NEGATIVE_KINDS = ("conflict", "crossed")


def _tally(frame: pl.DataFrame, *keys: str) -> Counter[tuple[Any, ...]]:
    """Count rows per combination of `keys` (one small group-by, then plain Python)."""
    if frame.is_empty():
        return Counter()
    grouped = frame.group_by(list(keys)).len()
    return Counter({tuple(row[:-1]): int(row[-1]) for row in grouped.iter_rows()})


def _windows(
    frame: pl.DataFrame, *keys: str, vocab: Mapping[str, Sequence[str]] | None = None
) -> dict[str, Counter[tuple[Any, ...]]]:
    """Tallies for the whole timeline ("all") and the recent window, from one group-by.

    Keys with a known `vocab` are grouped by their index in it: hashing a million
    short integers costs a fraction of hashing a million strings.
    """
    vocab = vocab or {}
    columns = [
        pl.col(k).replace_strict(list(vocab[k]), range(len(vocab[k])), return_dtype=pl.UInt16)
        if k in vocab
        else pl.col(k)
        for k in keys
    ]
    recent = (pl.col("week") < RECENT_WEEKS).alias("_recent")
    rows = _tally(frame.select(*columns, recent), *keys, "_recent")
    out: dict[str, Counter[tuple[Any, ...]]] = {"all": Counter(), "recent": Counter()}
    for (*codes, is_recent), n in rows.items():
        key = tuple(vocab[k][c] if k in vocab else c for k, c in zip(keys, codes, strict=True))
        out["all"][key] += n
        if is_recent:
            out["recent"][key] += n
    return out


def side_counts(tl: Timeline) -> dict[str, dict[str, SideCounts]]:
    """Counts for each person, over the whole timeline ("all") and the recent window."""
    people = {"by": tl.people}
    kinds = _windows(tl.events, "by", "kind", vocab={**people, "kind": sorted(KINDS)})
    # Values matter for three kinds only; grouping every row by value would hash dates too.
    valued = tl.events.select("by", "kind", "value", "week").filter(
        pl.col("kind").is_in(["support", "response", "together"])
    )
    values = _windows(
        valued, "by", "kind", "value", vocab={**people, "kind": sorted(KINDS), "value": _VALUES}
    )
    outcomes = {
        "bids": _windows(tl.bids, "by", "outcome"),
        "commitments": _windows(tl.commitments, "by", "outcome"),
        "needs": _windows(tl.needs, "by", "answered"),
        "boundaries": _windows(tl.boundaries, "by", "answered"),
    }
    return {
        window: {
            p: _side(p, kinds[window], values[window], {k: v[window] for k, v in outcomes.items()})
            for p in tl.people
        }
        for window in ("all", "recent")
    }


def _side(
    p: str,
    by_kind: Counter[tuple[Any, ...]],
    events: Counter[tuple[Any, ...]],
    outcomes: dict[str, Counter[tuple[Any, ...]]],
) -> SideCounts:
    bids, commitments = outcomes["bids"], outcomes["commitments"]
    styles = {s: events[(p, "support", s)] for s in STYLES}
    styles["unspecified"] = events[(p, "support", "")]
    styles["total"] = by_kind[(p, "support")]
    inits = {k: by_kind[(p, k)] for k in INITIATIONS}
    inits["total"] = sum(inits.values())
    bid_counts = {"made": by_kind[(p, "bid")]}
    bid_counts |= {o: bids[(p, o)] for o in ("toward", "away", "against", "unanswered", "pending")}
    kept = {o: commitments[(p, o)] for o in ("kept", "broken", "vague", "dated", "open")}
    positive = sum(by_kind[(p, k)] for k in POSITIVE_KINDS) + events[(p, "response", "toward")]
    negative = sum(by_kind[(p, k)] for k in NEGATIVE_KINDS) + events[(p, "response", "against")]
    positive += commitments[(p, "kept")]
    negative += commitments[(p, "broken")]
    energies = {int(v): n for (by, kind, v), n in events.items() if by == p and kind == "together"}
    times = sum(energies.values())
    return SideCounts(
        support=styles,
        initiations=inits,
        bids=bid_counts,
        commitments={"made": by_kind[(p, "commitment")], **kept},
        needs={"stated": by_kind[(p, "need")], "met": outcomes["needs"][(p, True)]},
        boundaries={"set": by_kind[(p, "boundary")], "crossed": outcomes["boundaries"][(p, True)]},
        gratitude=by_kind[(p, "gratitude")],
        energy={
            "mean": sum(v * n for v, n in energies.items()) / times if times else None,
            "n": times,
        },
        positive=positive,
        negative=negative,
        ratio=positive / negative if negative else None,
    )


def weekly(frame: pl.DataFrame, weeks: int, people: Iterable[str]) -> dict[str, list[int]]:
    """Rows per person per week, oldest week first (index `weeks - 1 - week`)."""
    series = {p: [0] * weeks for p in people}
    for (by, week), n in _tally(frame, "by", "week").items():
        if by in series and 0 <= int(week) < weeks:
            series[by][weeks - 1 - int(week)] = n
    return series


def activity(tl: Timeline) -> list[WeekActivity]:
    """Per-week initiations, bids turned toward or not, and mean energy, oldest first.

    Only the latest `SERIES_WEEKS` weeks: the series a report shows.
    """
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
    for i in range(weeks - tl.series_weeks, weeks):  # the latest weeks only (`SERIES_WEEKS`)
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
