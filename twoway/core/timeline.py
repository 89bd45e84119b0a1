"""The ledger as it stood on a date: weeks counted back from it, and open items resolved.

Everything the analysis reads goes through `prepare`, so "as of" and "week"
mean the same thing in every metric. Week 0 is the seven days ending on the
as-of date, week 1 the seven before, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import polars as pl

from twoway.core.events import BID_GRACE_DAYS, REF_TARGET, VAGUE_GRACE_DAYS
from twoway.core.ledger import Ledger
from twoway.errors import TwowayError

#: How many weeks "recent" means, for every metric and signal.
RECENT_WEEKS = 8

#: The latest weeks a report's weekly series hold (two years): what its charts draw and
#: its stretches read. An event decades back must not make a row for every week since.
SERIES_WEEKS = 104


@dataclass(frozen=True)
class Timeline:
    """The prepared ledger: events up to `as_of`, each with its `week` index.

    `bids`, `commitments`, `needs` and `boundaries` hold one row per opening
    event with its `outcome`, so no metric resolves a ref on its own.
    """

    people: tuple[str, str]
    as_of: date
    events: pl.DataFrame
    bids: pl.DataFrame
    commitments: pl.DataFrame
    needs: pl.DataFrame
    boundaries: pl.DataFrame
    #: the support events alone (narrow: who, when, which): balance and signals share it
    support: pl.DataFrame

    @property
    def weeks(self) -> int:
        """How many weeks the ledger spans up to `as_of` (at least 1)."""
        if self.events.is_empty():
            return 1
        last = self.events["week"].max()
        assert isinstance(last, int)  # the week column is integers, and not empty here
        return last + 1

    @property
    def series_weeks(self) -> int:
        """How many of the latest weeks the report's weekly series hold."""
        return min(self.weeks, SERIES_WEEKS)

    def week_start(self, week: int) -> date:
        """The first day of week `week`."""
        return self.as_of - timedelta(days=7 * week + 6)

    def week_end(self, week: int) -> date:
        """The last day of week `week`."""
        return self.as_of - timedelta(days=7 * week)


def prepare(ledger: Ledger, as_of: date | None = None) -> Timeline:
    """Cut the ledger at the end of `as_of` (default: its last event's day) and resolve it."""
    frame = ledger.frame
    if frame.is_empty():
        raise TwowayError(f"{ledger.source}: the ledger has no events yet")
    last = frame["at"].max()
    assert isinstance(last, datetime)
    as_of = as_of or last.date()
    cutoff = datetime.combine(as_of + timedelta(days=1), time())
    # Cutting is a full copy of the frame: skip it when nothing lies beyond the cut.
    events = frame if last < cutoff else frame.filter(pl.col("at") < cutoff)
    days = (pl.lit(as_of) - pl.col("at").dt.date()).dt.total_days()
    events = events.with_columns(week=(days // 7).cast(pl.Int32))
    now = pl.lit(cutoff)
    # Ids are unique across kinds, so one table of first answers serves every opener.
    columns = narrow(events)
    openers = (
        events.select(columns)
        .filter(pl.col("kind").is_in(["bid", "commitment", "need", "boundary"]))
        .join(_first_answer(events, list(REF_TARGET)), on="id", how="left")
    )
    return Timeline(
        people=ledger.people,
        as_of=as_of,
        events=events,
        bids=_bids(_of(openers, "bid"), now),
        commitments=_commitments(_of(openers, "commitment"), events, now),
        needs=_answered(_of(openers, "need")),
        boundaries=_answered(_of(openers, "boundary")),
        support=_of(events.select(columns).filter(pl.col("kind") == "support"), "support"),
    )


def narrow(events: pl.DataFrame) -> list[str]:
    """The columns the metrics read: filtering only these copies far less than the whole row."""
    columns = ["id", "at", "by", "week", "line", "value", "kind"]
    return columns + (["key"] if "key" in events.columns else [])


def _first_answer(events: pl.DataFrame, kinds: list[str]) -> pl.DataFrame:
    """The earliest answering row per `ref` (ties: the first in the source)."""
    return (
        events.select("kind", "ref", "at", "value")
        .filter(pl.col("kind").is_in(kinds))
        .sort("at", maintain_order=True)
        .unique("ref", keep="first", maintain_order=True)
        .select(
            id="ref",
            answer_at="at",
            answer="value",
            answer_kind="kind",
        )
    )


def _of(openers: pl.DataFrame, kind: str) -> pl.DataFrame:
    return openers.filter(pl.col("kind") == kind).drop("kind")


def _bids(bids: pl.DataFrame, now: pl.Expr) -> pl.DataFrame:
    """Each bid's outcome: toward, away, against, unanswered, or pending (still in grace)."""
    grace = pl.duration(days=BID_GRACE_DAYS)
    in_time = pl.col("answer_at").is_not_null() & (pl.col("answer_at") - pl.col("at") <= grace)
    outcome = (
        pl.when(in_time)
        .then(pl.col("answer"))
        .when(now - pl.col("at") < grace)
        .then(pl.lit("pending"))
        .otherwise(pl.lit("unanswered"))
    )
    return bids.with_columns(outcome=outcome)


def _commitments(commitments: pl.DataFrame, events: pl.DataFrame, now: pl.Expr) -> pl.DataFrame:
    """Each commitment's outcome: kept, broken, vague (no date in time), dated, or open.

    A vague commitment (no due date) "gets a date" when a later commitment
    refers to it with a due date; it is then `dated` and the new one carries on.
    """
    grace = pl.duration(days=VAGUE_GRACE_DAYS)
    dating = (
        events.filter((pl.col("kind") == "commitment") & (pl.col("ref") != ""))
        .group_by("ref")
        .agg(pl.col("at").min().alias("dated_at"))
        .rename({"ref": "id"})
    )
    commitments = commitments.join(dating, on="id", how="left")
    vague = pl.col("value") == ""
    outcome = (
        pl.when(
            pl.col("answer_kind").is_not_null()
            & (~vague | (pl.col("answer_at") - pl.col("at") <= grace))
        )
        .then(pl.col("answer_kind"))
        .when(
            vague & pl.col("dated_at").is_not_null() & (pl.col("dated_at") - pl.col("at") <= grace)
        )
        .then(pl.lit("dated"))
        .when(vague & (now - pl.col("at") > grace))
        .then(pl.lit("vague"))
        .otherwise(pl.lit("open"))
    )
    return commitments.with_columns(outcome=outcome)


def _answered(rows: pl.DataFrame) -> pl.DataFrame:
    """Needs (met or not) and boundaries (crossed or not): opened by one, answered by the other."""
    return rows.with_columns(answered=pl.col("answer_at").is_not_null())
