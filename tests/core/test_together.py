"""Two linked sides: the combined ledger, the perception gap and whose move, on hand-made ledgers."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.core import analyze
from twoway.core.events import KINDS, NEEDS_ID, REF_TARGET
from twoway.core.ledger import Ledger, ledger_from_rows
from twoway.core.together import (
    GAP_KINDS,
    ONCE_KINDS,
    PARTNER_PREFIX,
    combine,
    perception_gap,
    same_acts,
    whose_move,
)
from twoway.core.together_words import GAP_EASE

AS_OF = date(2025, 5, 31)


def ledger(*rows: tuple[str, str, str] | dict[str, str]) -> Ledger:
    """Rows as (at, by, kind) or full mappings, between Ana and Ben."""
    out = []
    for r in rows:
        if isinstance(r, tuple):
            at, by, kind = r
            r = {"at": at, "by": by, "kind": kind}
        out.append({"to": "Ben" if r["by"] == "Ana" else "Ana", **r})
    return ledger_from_rows(out, people=("Ana", "Ben"))


def empty() -> Ledger:
    base = ledger(("2025-01-01", "Ana", "talk"))
    return Ledger(frame=base.frame.clear(), people=base.people)


def acts(lg: Ledger) -> Counter[tuple[date, str, str]]:
    return Counter(
        (at.date(), kind, by) for at, kind, by in lg.frame.select("at", "kind", "by").iter_rows()
    )


# --- combine ---------------------------------------------------------------------


def test_an_act_both_logged_counts_once_and_keeps_the_viewers_row() -> None:
    mine = ledger({"at": "2025-05-02T09:00", "by": "Ben", "kind": "support", "note": "mine"})
    theirs = ledger({"at": "2025-05-02T20:00", "by": "Ben", "kind": "support", "note": "theirs"})
    both = combine(mine, theirs)
    assert len(both) == 1
    assert both.frame["note"].to_list() == ["mine"]


def test_the_side_that_logged_more_of_an_act_sets_the_count() -> None:
    mine = ledger(("2025-05-02T09:00", "Ben", "support"))
    theirs = ledger(
        ("2025-05-02T08:00", "Ben", "support"),
        ("2025-05-02T12:00", "Ben", "support"),
        ("2025-05-02T18:00", "Ben", "support"),
        ("2025-05-03T18:00", "Ben", "support"),  # another day
        ("2025-05-02T18:00", "Ana", "support"),  # another person
        ("2025-05-02T18:00", "Ben", "gratitude"),  # another kind
    )
    both = combine(mine, theirs)
    assert acts(both) == Counter(
        {
            (date(2025, 5, 2), "support", "Ben"): 3,
            (date(2025, 5, 3), "support", "Ben"): 1,
            (date(2025, 5, 2), "support", "Ana"): 1,
            (date(2025, 5, 2), "gratitude", "Ben"): 1,
        }
    )
    # The partner's extra rows are their later ones: the first of the day is the one the viewer logged.
    kept = both.frame.filter(pl.col("line") > 1, pl.col("kind") == "support", pl.col("by") == "Ben")
    assert [at.hour for at in kept["at"]] == [12, 18, 18]


def test_threads_with_ids_are_each_sides_own_and_stay_apart() -> None:
    """Two bids on the same day are two bids: each side's ids and refs resolve in its own thread."""
    mine = ledger(
        {"at": "2025-05-04", "by": "Ana", "kind": "bid", "id": "b1"},
        {"at": "2025-05-04T12:00", "by": "Ben", "kind": "response", "ref": "b1", "value": "toward"},
    )
    theirs = ledger(
        {"at": "2025-05-04", "by": "Ana", "kind": "bid", "id": "b1"},
        {"at": "2025-05-05", "by": "Ben", "kind": "response", "ref": "b1", "value": "away"},
    )
    both = combine(mine, theirs)
    rows = both.frame.sort("line").select("kind", "id", "ref").rows()
    assert rows == [
        ("bid", "b1", ""),
        ("response", "", "b1"),
        ("bid", f"{PARTNER_PREFIX}b1", ""),
        ("response", "", f"{PARTNER_PREFIX}b1"),
    ]
    report = analyze(both, as_of=AS_OF, me="Ana")
    assert report.counts["all"]["Ana"].bids["made"] == 2


def test_the_partner_prefix_grows_when_the_viewer_already_uses_it() -> None:
    mine = ledger({"at": "2025-05-04", "by": "Ana", "kind": "need", "id": f"{PARTNER_PREFIX}n1"})
    theirs = ledger({"at": "2025-05-04", "by": "Ana", "kind": "need", "id": "n1"})
    ids = set(combine(mine, theirs).frame["id"])
    assert len(ids) == 2
    assert f"{PARTNER_PREFIX}n1" in ids


def test_evidence_keys_of_the_partners_rows_are_prefixed() -> None:
    mine = ledger({"at": "2025-05-04", "by": "Ana", "kind": "talk", "key": "#1"})
    theirs = ledger({"at": "2025-05-05", "by": "Ben", "kind": "talk", "key": "#1"})
    assert set(combine(mine, theirs).frame["key"]) == {"#1", f"{PARTNER_PREFIX}#1"}


def test_combining_with_nothing_is_the_ledger_itself() -> None:
    mine = ledger(("2025-05-02", "Ben", "support"))
    assert combine(mine, empty()) is mine


# --- the perception gap ------------------------------------------------------------


def gap_fixture() -> tuple[Ledger, Ledger]:
    """Ana's ledger (all she wrote) and Ben's shared entries, in Ana's names."""
    mine = ledger(
        ("2025-05-02T10:00", "Ben", "support"),  # Ben gave, Ana noticed (Ben logged it too)
        ("2025-05-03T10:00", "Ben", "gratitude"),  # Ben gave, only Ana logged it
        ("2025-05-05T10:00", "Ana", "support"),  # Ana gave, Ben logged it too
        ("2025-05-06T10:00", "Ana", "support"),  # Ana gave, only Ana logged it
        ("2025-03-01T10:00", "Ben", "support"),  # an older window
        ("2025-05-07T10:00", "Ben", "talk"),  # not a caring kind: not in the gap
    )
    theirs = ledger(
        ("2025-05-02T20:00", "Ben", "support"),
        ("2025-05-02T21:00", "Ben", "support"),  # a second one that day: Ana logged one
        ("2025-05-09T10:00", "Ben", "repair"),  # only Ben logged it
        ("2025-05-05T11:00", "Ana", "support"),
        {"at": "2025-05-19", "by": "Ben", "kind": "need", "id": "n1"},
        {"at": "2025-05-20T11:00", "by": "Ana", "kind": "met", "ref": "n1"},  # only Ben logged it
        ("2025-03-01T10:00", "Ben", "support"),
    )
    return mine, theirs


def test_each_window_counts_what_each_side_logged_both_ways() -> None:
    mine, theirs = gap_fixture()
    gap = perception_gap(mine, theirs, "Ana", "Ben", AS_OF)
    assert len(gap.windows) == 6
    latest = gap.windows[-1]
    assert (latest.start, latest.end) == (date(2025, 5, 4), AS_OF)
    # 2 May lies in the window before the latest (which starts on 4 May).
    earlier = gap.windows[-2]
    assert (earlier.start, earlier.end) == (date(2025, 4, 6), date(2025, 5, 3))
    to_me = earlier.to_me
    assert (to_me.giver, to_me.receiver) == ("Ben", "Ana")
    assert to_me.given == {"support": 2, "gratitude": 0, "kept": 0, "met": 0, "repair": 0}
    assert to_me.received == {"support": 1, "gratitude": 1, "kept": 0, "met": 0, "repair": 0}
    assert (to_me.both, to_me.giver_only, to_me.receiver_only) == (1, 1, 1)
    assert latest.to_me.given["repair"] == 1
    assert latest.to_me.both == 0
    from_me = latest.from_me
    assert (from_me.logged_by_giver, from_me.logged_by_receiver, from_me.both) == (2, 2, 1)
    assert from_me.received["met"] == 1
    old = next(w for w in gap.windows if w.start <= date(2025, 3, 1) <= w.end)
    assert old.to_me.both == 1
    total = gap.total
    assert (total.to_me.logged_by_giver, total.to_me.logged_by_receiver) == (4, 3)
    assert gap.shared == 6


def test_the_latest_window_lists_which_side_noticed_each_act() -> None:
    mine, theirs = gap_fixture()
    gap = perception_gap(mine, theirs, "Ana", "Ben", AS_OF)
    seen = [(a.day.day, a.kind, a.giver, a.seen) for a in gap.acts]
    assert seen == [
        (5, "support", "Ana", "both"),
        (6, "support", "Ana", "me"),
        (9, "repair", "Ben", "them"),
        (20, "met", "Ana", "them"),
    ]


def test_the_sentences_give_the_counts_without_blame() -> None:
    mine, theirs = gap_fixture()
    gap = perception_gap(mine, theirs, "Ana", "Ben", AS_OF)
    assert gap.enough
    text = " ".join(gap.sentences)
    assert (
        "Ben shared 4 acts of care given to you (3 acts of support, 1 repair); you logged 2 of "
        "the same acts as received, and 2 are not in your log."
    ) in text
    assert "You also logged 1 act of care from Ben that is not among what Ben shared." in text
    assert (
        "You logged 2 acts of care given to Ben; Ben's shared entries show 1 of the same acts as "
        "received, and 1 is not among what Ben shared."
    ) in text
    assert GAP_EASE in gap.sentences
    for word in ("never", "always", "fail", "selfish", "ignor", "should"):
        assert word not in text.lower()


def test_too_little_is_said_to_be_too_little() -> None:
    mine = ledger(("2025-05-02T10:00", "Ben", "support"), ("2025-05-03T10:00", "Ana", "support"))
    theirs = ledger(("2025-05-02T10:00", "Ben", "support"))
    gap = perception_gap(mine, theirs, "Ana", "Ben", AS_OF)
    assert not gap.enough
    assert gap.sentences == [
        "Too few entries of care from Ben to you in the last 24 weeks to compare yet (2 so far).",
        "Too few entries of care from you to Ben in the last 24 weeks to compare yet (1 so far).",
    ]


def test_a_direction_without_entries_says_so_plainly() -> None:
    rows = [(f"2025-05-{d:02d}", "Ben", "support") for d in range(10, 14)]
    gap = perception_gap(ledger(*rows), ledger(*rows), "Ana", "Ben", AS_OF)
    assert gap.sentences[1] == "No entries of care from you to Ben in the last 24 weeks."


def test_nothing_shared_says_there_is_nothing_to_compare() -> None:
    mine = ledger(*[(f"2025-05-{d:02d}", "Ben", "support") for d in range(1, 9)])
    gap = perception_gap(mine, empty(), "Ana", "Ben", AS_OF)
    assert not gap.enough
    assert gap.shared == 0
    assert gap.sentences == [
        "Ben has not shared any entries of care yet, so there is nothing to set beside yours. "
        "The comparison fills in as both of you log and share."
    ]


def test_when_every_act_is_noticed_by_both_it_says_so() -> None:
    rows = [(f"2025-05-{d:02d}", by, "support") for d in range(10, 14) for by in ("Ana", "Ben")]
    gap = perception_gap(ledger(*rows), ledger(*rows), "Ana", "Ben", AS_OF)
    assert gap.sentences[0].endswith("you logged all of them as received too.")
    assert gap.sentences[-1].startswith("Every act of care logged on one side")


def test_events_after_as_of_and_before_the_first_window_are_left_out() -> None:
    mine = ledger(("2025-06-01", "Ben", "support"), ("2024-12-07", "Ben", "support"))
    gap = perception_gap(mine, mine, "Ana", "Ben", AS_OF)
    assert gap.windows[0].start == date(2024, 12, 15)
    assert gap.total.to_me.entries == 0


# --- whose move ------------------------------------------------------------------


def test_whose_move_names_the_last_move_and_the_usual_wait() -> None:
    rows = [
        ("2025-05-01T09:00", "Ana", "talk"),
        ("2025-05-03T09:00", "Ben", "checkin"),  # Ben after 2 days
        ("2025-05-04T09:00", "Ana", "talk"),  # Ana after 1 day
        ("2025-05-08T09:00", "Ben", "talk"),  # Ben after 4 days
        ("2025-05-09T09:00", "Ana", "talk"),  # Ana after 1 day
        ("2025-05-10T09:00", "Ana", "repair"),  # a run: the wait counts from here
        ("2025-05-11T09:00", "Ben", "talk"),  # Ben after 1 day
        ("2025-05-20T09:00", "Ana", "checkin"),
        ("2025-05-22T09:00", "Ana", "talk"),
        ("2025-05-23T09:00", "Ben", "support"),  # not a move
    ]
    move = whose_move(ledger(*rows), "Ana", "Ben", AS_OF)
    assert move is not None
    assert (move.last_by, move.last_kind, move.days_since, move.in_a_row) == ("Ana", "talk", 9, 2)
    assert move.next_by == "Ben"
    assert move.turns == {"Ana": 3, "Ben": 3}
    assert move.usual_wait == {"Ana": 1.0, "Ben": 2.0}  # medians of 1, 1, 9 and of 2, 4, 1
    assert move.sentences == [
        "You made the last 2 moves in a row; the latest, a conversation, 9 days ago.",
        "Ben usually makes the next move within about 2 days.",
    ]


def test_whose_move_waits_for_enough_turns_and_looks_only_up_to_as_of() -> None:
    rows = [
        ("2025-05-01", "Ana", "talk"),
        ("2025-05-02", "Ben", "talk"),
        ("2025-06-09", "Ana", "talk"),
    ]
    move = whose_move(ledger(*rows), "Ana", "Ben", AS_OF)
    assert move is not None
    assert (move.last_by, move.days_since, move.in_a_row) == ("Ben", 29, 1)
    assert move.usual_wait == {"Ana": None, "Ben": None}
    assert move.sentences == [
        "Ben made the last move, a conversation, 29 days ago.",
        "There are too few turns yet to say how long you usually take to make the next move.",
    ]


def test_no_moves_no_answer() -> None:
    assert whose_move(ledger(("2025-05-01", "Ana", "support")), "Ana", "Ben", AS_OF) is None


# --- invariants ------------------------------------------------------------------

_DAYS = [date(2025, 5, d) for d in range(1, 8)]
#: Kinds a row needs nothing else for (energy needs a value).
_PLAIN_KINDS = sorted(set(ONCE_KINDS) - {"together"})
row = st.tuples(
    st.sampled_from(_DAYS),
    st.integers(0, 23),
    st.sampled_from(["Ana", "Ben"]),
    st.sampled_from(_PLAIN_KINDS),
)


def from_rows(rows: list[tuple[date, int, str, str]]) -> Ledger:
    if not rows:
        return empty()
    return ledger(
        *[
            (datetime.combine(d, datetime.min.time()).replace(hour=h).isoformat(), by, k)
            for d, h, by, k in rows
        ]
    )


def caring(rows: list[tuple[date, int, str, str]]) -> list[tuple[date, int, str, str]]:
    """The caring kinds among the plain ones (kept and met need a ref, so they are left out)."""
    return [r for r in rows if r[3] in ("support", "gratitude", "repair")]


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=25), st.lists(row, max_size=25))
def test_combine_never_loses_an_act(mine_rows, their_rows) -> None:
    mine, theirs = from_rows(mine_rows), from_rows(their_rows)
    both = combine(mine, theirs)
    a, b, c = acts(mine), acts(theirs), acts(both)
    for key in set(a) | set(b):
        assert c[key] == max(a[key], b[key]), key
    assert set(c) == set(a) | set(b)
    assert len(both) >= len(mine)


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=25), st.lists(row, max_size=25))
def test_same_acts_are_exactly_the_partners_rows_combine_leaves_out(mine_rows, their_rows) -> None:
    mine, theirs = from_rows(mine_rows), from_rows(their_rows)
    pairs = same_acts(mine.frame, theirs.frame)
    # one to one, and each pair is one day, kind and person
    assert len({a for a, _ in pairs}) == len({b for _, b in pairs}) == len(pairs)
    for a, b in pairs:
        x, y = mine.frame.row(a, named=True), theirs.frame.row(b, named=True)
        assert (x["at"].date(), x["kind"], x["by"]) == (y["at"].date(), y["kind"], y["by"])
    # the combined ledger is the viewer's rows and the partner's unpaired ones
    assert len(combine(mine, theirs)) == len(mine) + len(theirs) - len(pairs)


def test_same_acts_pair_in_time_order_and_only_kinds_without_ids() -> None:
    mine = ledger(
        ("2025-05-02T09:00", "Ben", "gratitude"),
        ("2025-05-02T18:00", "Ben", "gratitude"),
        ("2025-05-03T09:00", "Ben", "gratitude"),
        {"at": "2025-05-04T09:00", "by": "Ben", "kind": "bid", "id": "b1"},
    )
    theirs = ledger(
        ("2025-05-02T21:00", "Ben", "gratitude"),
        ("2025-05-02T07:00", "Ben", "gratitude"),
        ("2025-05-02T23:00", "Ben", "gratitude"),
        ("2025-05-03T09:00", "Ana", "gratitude"),
        {"at": "2025-05-04T09:00", "by": "Ben", "kind": "bid", "id": "b1"},
    )
    # 2 May: the partner's earliest (07:00, row 1) is the viewer's first, then 21:00 (row 0);
    # their third has no match. 3 May: another person. Bids are each side's own thread.
    assert same_acts(mine.frame, theirs.frame) == [(0, 1), (1, 0)]


@settings(max_examples=100, deadline=None)
@given(st.lists(row, max_size=25))
def test_combine_with_an_empty_side_is_the_same_ledger(rows) -> None:
    x = from_rows(rows)
    assert combine(x, empty()).frame.equals(x.frame)


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=30), st.lists(row, max_size=30))
def test_paired_never_exceeds_either_side(mine_rows, their_rows) -> None:
    mine, theirs = from_rows(caring(mine_rows)), from_rows(caring(their_rows))
    gap = perception_gap(mine, theirs, "Ana", "Ben", date(2025, 5, 7))
    for w in gap.windows:
        for f in (w.to_me, w.from_me):
            for k in GAP_KINDS:
                assert f.paired[k] <= min(f.given[k], f.received[k])
    # per day, kind and direction: the acts listed as seen by both are at most either side's count
    mine_acts, their_acts = acts(mine), acts(theirs)
    both = Counter((a.day, a.kind, a.giver) for a in gap.acts if a.seen == "both")
    for key, n in both.items():
        assert n <= min(mine_acts[key], their_acts[key])
    # every act from the day both sides were logging is listed, none before it
    listed = Counter((a.day, a.kind, a.giver) for a in gap.acts)
    for key in set(mine_acts) | set(their_acts):
        expected = max(mine_acts[key], their_acts[key]) if key[0] >= gap.since else 0
        assert listed[key] == expected


def test_the_gap_starts_when_both_sides_were_logging() -> None:
    # Ana logged from April; Ben's first entry is on 2 May: April has nothing to compare with.
    early = [(f"2025-04-{d:02d}T10:00", "Ben", "support") for d in range(1, 11)]
    both = [(f"2025-05-{d:02d}T10:00", "Ben", "support") for d in range(2, 6)]
    gap = perception_gap(ledger(*early, *both), ledger(*both), "Ana", "Ben", AS_OF)
    assert gap.since == date(2025, 5, 2)
    assert gap.total.to_me.given == gap.total.to_me.received
    assert sum(gap.total.to_me.received.values()) == 4
    assert (
        "These numbers start on 2 May 2025, when both of you had begun logging: before that, "
        "one side had nothing to set beside the other."
    ) in gap.sentences


def test_once_kinds_are_the_kinds_without_ids_or_refs() -> None:
    assert set(ONCE_KINDS) == KINDS - NEEDS_ID - set(REF_TARGET)
    assert set(ONCE_KINDS) == {
        "support",
        "talk",
        "checkin",
        "gratitude",
        "together",
        "conflict",
        "repair",
    }


def test_gap_windows_line_up_with_the_report_weeks() -> None:
    """A window's end is a report week's end: as_of, then 28 days at a time."""
    mine, theirs = gap_fixture()
    gap = perception_gap(mine, theirs, "Ana", "Ben", AS_OF)
    ends = [w.end for w in gap.windows]
    assert ends[-1] == AS_OF
    assert all((AS_OF - e) % timedelta(days=28) == timedelta(0) for e in ends)
