"""Two linked sides of one relationship: their combined ledger, the perception gap, whose move.

When two people link, each keeps their own ledger and shares some entries
with the other. Here, pure and in the viewer's names (`me`, `them`):

* `combine`: the ledger as one side sees it, each act both logged counted once;
* `perception_gap`: what one side logged as given beside what the other logged
  as received, window by window, both ways, with the acts paired;
* `whose_move`: who started something last, since when, and how long the other
  side usually takes to make the next move.

docs/method.md ("Together") explains every rule and number here.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Final, Literal

import polars as pl

from twoway.core import together_words as words
from twoway.core.events import INITIATIONS, KINDS, NEEDS_ID, REF_TARGET
from twoway.core.ledger import Ledger, ledger_from_frame
from twoway.core.voice import Voice
from twoway.errors import TwowayError

#: Kinds that carry neither an id nor a ref: when both sides logged one on the same day,
#: by the same person, it is one act, counted once. Kinds with ids (bids, plans, needs,
#: boundaries) and their answers are each side's own threads and are all kept.
ONCE_KINDS: Final = tuple(sorted(KINDS - NEEDS_ID - set(REF_TARGET)))

#: The caring acts the perception gap compares, in the order the words list them.
GAP_KINDS: Final = ("support", "gratitude", "kept", "met", "repair")
#: The gap's windows: this many weeks each (the report's weeks: week 0 ends on as-of) …
GAP_WINDOW_WEEKS: Final = 4
#: … and this many of them, the latest last.
GAP_WINDOWS: Final = 6
#: Fewer entries than this in one direction (both sides' together) is too few to compare.
GAP_MIN_ENTRIES: Final = 3

#: How many times someone made the next move before their usual wait is given.
MOVE_MIN_TURNS: Final = 3

#: What a partner's ids, refs and evidence keys start with in a combined ledger.
PARTNER_PREFIX: Final = "partner:"


# --- the combined ledger ----------------------------------------------------------


def combine(mine: Ledger, theirs: Ledger) -> Ledger:
    """The ledger as the viewer sees it: all of `mine` plus the partner's shared entries.

    `theirs` is already in the viewer's two names. An act of a `ONCE_KINDS` kind
    that both logged (same day, kind and `by`) counts once, keeping the viewer's
    row: per day, kind and person the result holds as many such rows as the side
    that logged more. The partner's ids, refs and keys get `PARTNER_PREFIX` (made
    longer if the viewer's own ids already use it), and their line numbers follow
    the viewer's, so the combined ledger validates like any other.
    """
    if set(theirs.people) != set(mine.people):
        raise TwowayError(
            f"the partner's entries name {' and '.join(theirs.people)}, "
            f"not {' and '.join(mine.people)}"
        )
    if theirs.frame.is_empty():
        return mine
    prefix = _free_prefix(mine.frame)
    t = theirs.frame
    first_line = 0 if mine.frame.is_empty() else int(mine.frame.select(pl.col("line").max()).item())
    renamed = [_prefixed(c, prefix) for c in ("id", "ref", "key") if c in t.columns]
    t = t.with_columns(*renamed, line=pl.col("line") + first_line)
    t = t.filter(_beyond(mine.frame, t)).drop("_day", "_nth", "_mine", strict=False)
    frame = pl.concat([mine.frame, t], how="diagonal_relaxed")
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    frame = frame.with_columns(pl.col(text).fill_null("")).sort("at", maintain_order=True)
    combined = ledger_from_frame(frame, mine.source, people=mine.people)
    return replace(combined, people=mine.people, skipped=mine.skipped)


def _free_prefix(frame: pl.DataFrame) -> str:
    """`PARTNER_PREFIX`, lengthened until none of the viewer's ids or keys starts with it."""
    taken = [c for c in ("id", "key") if c in frame.columns]
    prefix = PARTNER_PREFIX
    while any(frame[c].fill_null("").str.starts_with(prefix).any() for c in taken):
        prefix = "partner-" + prefix
    return prefix


def _prefixed(column: str, prefix: str) -> pl.Expr:
    value = pl.col(column).fill_null("")
    return pl.when(value != "").then(pl.lit(prefix) + value).otherwise(value).alias(column)


def same_acts(mine: pl.DataFrame, theirs: pl.DataFrame) -> list[tuple[int, int]]:
    """The acts both sides logged: (row of `mine`, row of `theirs`) pairs, by row number.

    Both frames have `at`, `kind` and `by` (`theirs` in the viewer's names). Only
    `ONCE_KINDS` rows pair. Within one day, kind and `by`, the partner's n-th row in
    time order is the same act as the viewer's n-th: this is the rule `combine` counts
    once by, and the gratitude wall shows one card by.
    """
    day = pl.col("at").dt.date().alias("_day")
    once = pl.col("kind").is_in(list(ONCE_KINDS))

    def ranked(frame: pl.DataFrame) -> pl.LazyFrame:
        return (
            frame.lazy()
            .select("at", "kind", "by")
            .with_row_index("_row")
            .filter(once)
            .sort("at", maintain_order=True)
            .with_columns(day)
            .with_columns(_nth=pl.int_range(pl.len()).over("_day", "kind", "by"))
            .drop("at")
        )

    keys = ["_day", "kind", "by", "_nth"]
    pairs = ranked(mine).join(ranked(theirs), on=keys, how="inner", suffix="_theirs")
    found = pairs.select("_row", "_row_theirs").sort("_row").collect()
    return [(int(a), int(b)) for a, b in found.iter_rows()]


def _beyond(mine: pl.DataFrame, theirs: pl.DataFrame) -> pl.Series:
    """Which of the partner's rows to keep: all but those the viewer logged too (`same_acts`)."""
    logged_too = [b for _, b in same_acts(mine, theirs)]
    return ~pl.int_range(theirs.height, eager=True).is_in(logged_too)


# --- the perception gap ------------------------------------------------------------

Seen = Literal["both", "me", "them"]


@dataclass(frozen=True, slots=True)
class Flow:
    """Care in one direction over one stretch: what each side logged, per kind."""

    giver: str
    receiver: str
    #: what the giver's side logged as given, per kind of `GAP_KINDS`
    given: dict[str, int]
    #: what the receiver's side logged as received, per kind
    received: dict[str, int]
    #: acts on both sides: same day, same kind, same direction (per kind)
    paired: dict[str, int]

    @property
    def logged_by_giver(self) -> int:
        return sum(self.given.values())

    @property
    def logged_by_receiver(self) -> int:
        return sum(self.received.values())

    @property
    def both(self) -> int:
        return sum(self.paired.values())

    @property
    def giver_only(self) -> int:
        """Acts the giver's side logged that the receiver's side did not."""
        return self.logged_by_giver - self.both

    @property
    def receiver_only(self) -> int:
        """Acts the receiver's side logged that the giver's side did not."""
        return self.logged_by_receiver - self.both

    @property
    def entries(self) -> int:
        """Entries on both sides together: how much there is to compare."""
        return self.logged_by_giver + self.logged_by_receiver


@dataclass(frozen=True, slots=True)
class GapWindow:
    """One window of the gap (`start`..`end`, both included), both ways."""

    start: date
    end: date
    #: care from the partner to the viewer, and from the viewer to the partner
    to_me: Flow
    from_me: Flow


@dataclass(frozen=True, slots=True)
class GapAct:
    """One act of care in the latest window, and which side logged it."""

    day: date
    kind: str
    giver: str
    receiver: str
    #: "both", or the one side that logged it ("me": the viewer, "them": the partner)
    seen: Seen
    my_note: str
    their_note: str


@dataclass(frozen=True)
class PerceptionGap:
    """The perception gap as the viewer (`me`) sees it on `as_of`."""

    me: str
    them: str
    #: the ledger's two people in its order (colours follow it, as in the report)
    people: tuple[str, str]
    as_of: date
    weeks: int
    #: oldest first; the last one ends on `as_of`
    windows: list[GapWindow]
    #: the latest window's acts, in time order
    acts: list[GapAct]
    #: the partner's shared entries of the caring kinds, ever (up to `as_of`)
    shared: int
    #: the first day compared: the windows' start, or later when one side began logging later
    since: date
    #: plain sentences about all the windows together, then a general one
    sentences: list[str]
    #: whether there is enough, in either direction, to compare at all
    enough: bool

    @property
    def total(self) -> GapWindow:
        """All the windows added up."""
        return GapWindow(
            start=self.windows[0].start,
            end=self.windows[-1].end,
            to_me=_sum_flows([w.to_me for w in self.windows]),
            from_me=_sum_flows([w.from_me for w in self.windows]),
        )


def _sum_flows(flows: Sequence[Flow]) -> Flow:
    def add(part: str) -> dict[str, int]:
        return {k: sum(getattr(f, part)[k] for f in flows) for k in GAP_KINDS}

    return Flow(flows[0].giver, flows[0].receiver, add("given"), add("received"), add("paired"))


def _both_logging(mine: Ledger, theirs: Ledger) -> date:
    """The first day on which both ledgers have an entry behind them (any kind)."""
    starts = [ledger.frame["at"].min() for ledger in (mine, theirs)]
    found = [s.date() for s in starts if isinstance(s, datetime)]
    return max(found) if len(found) == 2 else date.min


def _gap_rows(ledger: Ledger, as_of: date, first: date) -> list[tuple[date, str, str, str]]:
    """(day, kind, by, note) of the caring rows from `first` to `as_of`, in time order."""
    end = datetime.combine(as_of + timedelta(days=1), time())
    start = datetime.combine(first, time())
    rows = (
        ledger.in_time_order()
        .lazy()
        .filter(
            pl.col("kind").is_in(list(GAP_KINDS)) & (pl.col("at") >= start) & (pl.col("at") < end)
        )
        .select(pl.col("at").dt.date(), "kind", "by", "note")
        .collect()
    )
    return list(rows.iter_rows())


def perception_gap(
    mine: Ledger,
    theirs: Ledger,
    me: str,
    them: str,
    as_of: date,
    *,
    windows: int = GAP_WINDOWS,
    weeks: int = GAP_WINDOW_WEEKS,
) -> PerceptionGap:
    """Both ways, window by window: what the giver logged as given, what the receiver logged.

    `mine` is everything the viewer `me` wrote (`by=me`: I gave; `to=me`: I
    received); `theirs` is the partner's shared entries, in the same names. In
    each window and direction, acts of the same day and kind are paired one to
    one (the first with the first, in time order): paired acts were noticed by
    both sides, the rest by one side only.

    Only the days since both sides began logging are compared: before the
    partner's first entry (or the viewer's), one side has nothing to set beside
    the other, and calling those acts unseen would be wrong.
    """
    if {me, them} != set(mine.people) or {me, them} != set(theirs.people):
        raise TwowayError(f"{me} and {them} are not both ledgers' people")
    first = max(as_of - timedelta(days=7 * weeks * windows - 1), _both_logging(mine, theirs))
    length = 7 * weeks

    def window_of(day: date) -> int:
        """0 = the latest window, ending on as_of."""
        return (as_of - day).days // length

    # Per side ("me": the viewer's ledger, "them": the partner's), (by, day, kind) -> notes.
    logs: dict[str, dict[tuple[str, date, str], list[str]]] = {
        "me": defaultdict(list),
        "them": defaultdict(list),
    }
    for side, ledger in (("me", mine), ("them", theirs)):
        for day, kind, by, note in _gap_rows(ledger, as_of, first):
            logs[side][(by, day, kind)].append(note)
    shared = theirs.frame.filter(
        pl.col("kind").is_in(list(GAP_KINDS))
        & (pl.col("at") < datetime.combine(as_of + timedelta(days=1), time()))
    ).height

    counts: dict[tuple[str, int, str, str], int] = defaultdict(int)  # giver, window, kind, part
    acts: list[GapAct] = []
    for giver, giver_side, receiver_side in ((them, "them", "me"), (me, "me", "them")):
        receiver = mine.other(giver)
        keys = {k for side in logs.values() for k in side if k[0] == giver}
        for key in sorted(keys, key=lambda k: (k[1], GAP_KINDS.index(k[2]))):
            _, day, kind = key
            gave, got = logs[giver_side].get(key, []), logs[receiver_side].get(key, [])
            w = window_of(day)
            both = min(len(gave), len(got))
            counts[(giver, w, kind, "given")] += len(gave)
            counts[(giver, w, kind, "received")] += len(got)
            counts[(giver, w, kind, "paired")] += both
            if w != 0:
                continue
            mine_notes = logs["me"].get(key, [])
            their_notes = logs["them"].get(key, [])
            for i in range(max(len(mine_notes), len(their_notes))):
                mn = mine_notes[i] if i < len(mine_notes) else None
                tn = their_notes[i] if i < len(their_notes) else None
                seen: Seen = (
                    "both"
                    if mn is not None and tn is not None
                    else ("me" if mn is not None else "them")
                )
                acts.append(GapAct(day, kind, giver, receiver, seen, mn or "", tn or ""))
    acts.sort(key=lambda a: (a.day, GAP_KINDS.index(a.kind), a.giver != them))

    def flow(giver: str, w: int) -> Flow:
        def part(name: str) -> dict[str, int]:
            return {k: counts[(giver, w, k, name)] for k in GAP_KINDS}

        return Flow(giver, mine.other(giver), part("given"), part("received"), part("paired"))

    out = []
    for w in range(windows - 1, -1, -1):
        end = as_of - timedelta(days=length * w)
        out.append(GapWindow(end - timedelta(days=length - 1), end, flow(them, w), flow(me, w)))
    gap = PerceptionGap(
        me=me,
        them=them,
        people=mine.people,
        as_of=as_of,
        weeks=weeks,
        windows=out,
        acts=acts,
        shared=shared,
        since=first,
        sentences=[],
        enough=False,
    )
    total = gap.total
    enough = shared > 0 and any(f.entries >= GAP_MIN_ENTRIES for f in (total.to_me, total.from_me))
    return replace(gap, sentences=_gap_sentences(gap, total), enough=enough)


def _gap_sentences(gap: PerceptionGap, total: GapWindow) -> list[str]:
    say = Voice(gap.me)
    span = gap.weeks * len(gap.windows)
    if gap.shared == 0:
        return [words.GAP_NOTHING_SHARED.format(Them=gap.them)]
    out: list[str] = []
    any_unpaired = False
    for f in (total.to_me, total.from_me):
        if f.entries < GAP_MIN_ENTRIES:
            out.append(
                (words.GAP_TOO_FEW if f.entries else words.GAP_NONE).format(
                    giver=say(f.giver, capital=False),
                    receiver=say(f.receiver, capital=False),
                    weeks=span,
                    n=f.entries,
                )
            )
            continue
        out.extend(words.flow_sentences(say, f.giver, f.receiver, f.given, f.received, f.both))
        any_unpaired = any_unpaired or bool(f.giver_only or f.receiver_only)
    compared = any(f.entries >= GAP_MIN_ENTRIES for f in (total.to_me, total.from_me))
    if compared and gap.since > gap.windows[0].start:
        out.append(words.GAP_SINCE.format(day=f"{gap.since.day} {gap.since:%B %Y}"))
    if any_unpaired:
        out.append(words.GAP_EASE)
    elif all(f.entries >= GAP_MIN_ENTRIES for f in (total.to_me, total.from_me)):
        out.append(words.GAP_ALL_PAIRED)
    return out


# --- whose move ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WhoseMove:
    """Who started something last, and how long each side usually takes to start the next."""

    #: who made the latest move (an initiation: `core.events.INITIATIONS`), which, and when
    last_by: str
    last_kind: str
    last_at: datetime
    #: whole days from the latest move's day to as_of
    days_since: int
    #: how many moves in a row `last_by` has made since the other's last one
    in_a_row: int
    #: the other side: whose the next move would be
    next_by: str
    #: per person: median days from the other's move to their own next move; None when
    #: they did so fewer than `MOVE_MIN_TURNS` times
    usual_wait: dict[str, float | None]
    #: per person: how many times they made the next move after the other's
    turns: dict[str, int]
    sentences: list[str]


def whose_move(ledger: Ledger, me: str, them: str, as_of: date) -> WhoseMove | None:
    """The latest move up to the end of `as_of`, and each side's usual wait; None without moves.

    A move is any initiation (a talk, check-in, bid, commitment or repair). A
    person's wait is the time from the other's move to their own next one (in a
    run of moves by one side, from the last of the run): the median of these,
    over the whole ledger, is their usual wait.
    """
    if {me, them} != set(ledger.people):
        raise TwowayError(f"{me} and {them} are not this ledger's people")
    end = datetime.combine(as_of + timedelta(days=1), time())
    moves = (
        ledger.in_time_order()
        .lazy()
        .filter(pl.col("kind").is_in(list(INITIATIONS)) & (pl.col("at") < end))
        .select("at", "by", "kind")
        .with_columns(
            _turn=pl.col("by") != pl.col("by").shift(1),
            _wait=(pl.col("at") - pl.col("at").shift(1)).dt.total_seconds() / 86_400,
        )
        .collect()
    )
    if moves.is_empty():
        return None
    last_at, last_by, last_kind = moves.row(moves.height - 1)[:3]
    run = moves["by"].rle()
    in_a_row = int(run[-1]["len"]) if run.len() else 1
    waits: dict[str, list[float]] = {me: [], them: []}
    for by, is_turn, wait in moves.select("by", "_turn", "_wait").iter_rows():
        if is_turn and wait is not None:
            waits[by].append(float(wait))
    usual = {
        p: statistics.median(w) if len(w) >= MOVE_MIN_TURNS else None for p, w in waits.items()
    }
    next_by = ledger.other(last_by)
    days_since = (as_of - last_at.date()).days
    say = Voice(me)
    return WhoseMove(
        last_by=last_by,
        last_kind=last_kind,
        last_at=last_at,
        days_since=days_since,
        in_a_row=in_a_row,
        next_by=next_by,
        usual_wait=usual,
        turns={p: len(w) for p, w in waits.items()},
        sentences=words.move_sentences(
            say, last_by, last_kind, days_since, in_a_row, next_by, usual[next_by]
        ),
    )
