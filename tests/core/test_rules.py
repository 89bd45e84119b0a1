"""The balance rules on generated ledgers with noise.

Property tests (Hypothesis picks the seed, the lengths and who gives) hold what
must always be true: no verdict contradicts its evidence, a swing is never a
stretch, thin evidence gives no verdict. The statistical targets of issue 13
(rows a–n) are held on a fixed set of seeds, a few dozen ledgers a row, at the
rate each must reach; `python -m benchmarks --only noise` measures them on 500.
The seeds here are neither the bench's nor those the thresholds were set on.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.noise import CASES, binomial_ledger, contradictions
from twoway.core import analyze
from twoway.core.ledger import Ledger
from twoway.core.stretch import MIN_WEEKS
from twoway.simulate import Phase, simulate

END = date(2026, 6, 28)
PEOPLE = ("Alex", "Sam")
RULES = settings(max_examples=40, deadline=None)

# A balanced week: each person's share strictly between 35% and 65%; 4..8 events
# always admit such a split. A one-sided week: one person gives 65% or more of 2+.
BALANCED = Phase(weeks=1, support=(4, 8), share=(0.36, 0.64))
TOWARD_FIRST = (0.65, 1.0)
TOWARD_SECOND = (0.0, 0.35)


def phase(weeks: int, base: Phase = BALANCED, **changes: object) -> Phase:
    return Phase(**{**base.__dict__, "weeks": weeks, **changes})


def codes(ledger: Ledger, code: str, as_of: date = END) -> list[str | None]:
    return [s.person for s in analyze(ledger, as_of=as_of).signals if s.code == code]


seeds = st.integers(0, 2**32 - 1)
carriers = st.sampled_from([0, 1])


@RULES
@given(seed=seeds, history=st.integers(8, 30), swing=st.integers(1, 3), carrier=carriers)
def test_a_short_swing_never_becomes_a_stretch_of_its_own(seed, history, swing, carrier):
    share = TOWARD_FIRST if carrier == 0 else TOWARD_SECOND
    ledger = simulate(
        [phase(history), phase(swing, support=(2, 8), share=share)],
        end=END,
        people=PEOPLE,
        seed=seed,
    )
    stretch = analyze(ledger, as_of=END).balance.stretch
    assert stretch is not None
    # The swing's weeks are read together with at least one week before them.
    assert stretch.weeks >= MIN_WEEKS > swing


@RULES
@given(seed=seeds, history=st.integers(0, 20), stretch=st.integers(8, 20), carrier=carriers)
def test_b_a_long_one_sided_stretch_is_never_called_balanced(seed, history, stretch, carrier):
    share = TOWARD_FIRST if carrier == 0 else TOWARD_SECOND
    phases = [phase(history)] if history else []
    phases.append(phase(stretch, support=(2, 8), share=share))
    ledger = simulate(phases, end=END, people=PEOPLE, seed=seed)
    report = analyze(ledger, as_of=END)
    # Every week gives the carrier 65% or more: no verdict may say "even", or name the other.
    assert report.balance.verdict in ("one_sided", "leaning")
    assert report.balance.carrier == PEOPLE[carrier]
    assert codes(ledger, "balanced") == codes(ledger, "improving") == []
    assert codes(ledger, "one_sided_support") in ([], [PEOPLE[carrier]])


@RULES
@given(
    seed=seeds,
    weeks=st.integers(1, 40),
    share=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted),
)
def test_c_fewer_than_twelve_support_events_give_no_verdict(seed, weeks, share):
    ledger = simulate(
        [phase(weeks, support=(0, 1), share=tuple(share), bids=((0, 2), (0, 2)))],
        end=END,
        people=PEOPLE,
        seed=seed,
    )
    recent = ledger.frame.filter(
        (pl.col("kind") == "support") & (pl.col("at").dt.date() > END - timedelta(days=56))
    ).height
    report = analyze(ledger, as_of=END)
    if recent < 12:
        assert report.balance.verdict == "insufficient_evidence"
        assert codes(ledger, "one_sided_support") == []
    else:
        assert report.balance.verdict != "insufficient_evidence"


phases_any = st.lists(
    st.tuples(
        st.integers(1, 14),
        st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted),
        st.sampled_from([(0, 2), (1, 4), (2, 8)]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, parts=phases_any)
def test_d_the_verdicts_never_contradict_their_evidence(seed, parts):
    """Issue 13, point 2, on any mix of phases: what the stretch shows bounds what is said."""
    ledger = simulate(
        [phase(w, support=n, share=tuple(s)) for w, s, n in parts],
        end=END,
        people=PEOPLE,
        seed=seed,
    )
    report = analyze(ledger, as_of=END)
    b = report.balance
    assert contradictions(report) == []
    found = {s.code: s for s in report.signals}
    if b.stretch is None:
        assert b.verdict == "insufficient_evidence"
        return
    # The stretch is the support from its first day to as_of, counted exactly.
    rows = ledger.frame.filter(
        (pl.col("kind") == "support")
        & (pl.col("at").dt.date() >= b.stretch.start)
        & (pl.col("at").dt.date() <= END)
    )
    assert b.stretch.end == END
    assert (END - b.stretch.start).days + 1 == 7 * b.stretch.weeks
    assert b.stretch.given == {p: rows.filter(pl.col("by") == p).height for p in PEOPLE}
    if b.verdict == "balanced":
        assert b.stretch.interval is not None
        assert all(iv.low <= 0.5 <= iv.high for iv in b.stretch.interval.values())
    if b.verdict in ("one_sided", "leaning"):
        assert b.carrier in PEOPLE
        assert b.stretch.share is not None
    if b.verdict == "one_sided":
        assert b.stretch.weeks >= 6
        assert sum(b.stretch.given.values()) >= 12
        assert b.stretch.share[b.carrier] >= 0.62
        assert found["one_sided_support"].person == b.carrier
    else:
        assert "one_sided_support" not in found
    if "improving" in found:
        # an even stretch of six weeks or more, after a one-sided one, named for its length
        assert b.verdict == "balanced"
        assert b.earlier is not None
        assert b.stretch.weeks >= 6
        assert f"for the last {b.stretch.weeks} weeks" in found["improving"].summary
    for s in report.signals:
        assert "week(s)" not in s.summary


def _recent(at: datetime, as_of: date) -> bool:
    return as_of - timedelta(days=55) <= at.date() <= as_of


def bids_oracle(ledger: Ledger, as_of: date) -> dict[str, tuple[int, int]]:
    """Decided recent bids and those turned toward within 3 days, per person, by hand."""
    rows = ledger.frame.to_dicts()
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    answers: dict[str, dict] = {}
    for r in rows:
        earlier = r["ref"] not in answers or r["at"] < answers[r["ref"]]["at"]
        if r["kind"] == "response" and r["at"] < cutoff and earlier:
            answers[r["ref"]] = r
    out = dict.fromkeys(ledger.people, (0, 0))
    for r in rows:
        if r["kind"] != "bid" or r["at"] >= cutoff or not _recent(r["at"], as_of):
            continue
        answer = answers.get(r["id"])
        in_time = answer is not None and answer["at"] - r["at"] <= timedelta(days=3)
        if not in_time and cutoff - r["at"] < timedelta(days=3):
            continue  # still pending
        decided, toward = out[r["by"]]
        out[r["by"]] = (decided + 1, toward + (in_time and answer["value"] == "toward"))
    return out


@RULES
@given(
    seed=seeds,
    weeks=st.integers(4, 16),
    toward=st.tuples(st.floats(0, 1), st.floats(0, 1)),
    bids=st.tuples(st.integers(0, 3), st.integers(0, 3)),
)
def test_e_bids_turned_away_follows_the_rule_exactly(seed, weeks, toward, bids):
    ledger = simulate(
        [phase(weeks, toward=toward, bids=((0, bids[0]), (0, bids[1])))],
        end=END,
        people=PEOPLE,
        seed=seed,
    )
    flagged = codes(ledger, "bids_turned_away")
    for person, (decided, turned) in bids_oracle(ledger, END).items():
        expected = decided >= 10 and turned / decided < 0.5
        assert (person in flagged) == expected, (person, decided, turned)
        if decided and turned / decided >= 0.8:
            assert person not in flagged


@RULES
@given(
    seed=seeds,
    weeks=st.integers(2, 16),
    lead=st.tuples(st.floats(0, 1), st.floats(0, 1)).map(sorted),
    starts=st.integers(0, 5),
)
def test_f_one_sided_initiation_needs_evidence_and_a_clear_share(seed, weeks, lead, starts):
    ledger = simulate(
        [phase(weeks, starts=(0, starts), lead=tuple(lead), bids=((0, 1), (0, 1)))],
        end=END,
        people=PEOPLE,
        seed=seed,
    )
    kinds = {"talk", "checkin", "bid", "commitment", "repair"}
    rows = [r for r in ledger.frame.to_dicts() if r["kind"] in kinds]
    recent = [r for r in rows if _recent(r["at"], END)]
    signals = [s for s in analyze(ledger, as_of=END).signals if s.code == "one_sided_initiation"]
    if len(recent) < 12:
        assert signals == []
    for s in signals:
        since = s.evidence["stretch_start"]
        mine = [r for r in rows if r["at"].date() >= since]
        made = sum(r["by"] == s.person for r in mine)
        assert (s.evidence["initiated"], s.evidence["total"]) == (made, len(mine))
        assert made / len(mine) >= 0.62
        assert s.evidence["interval"].low > 0.5


def test_a_swing_of_three_weeks_after_one_sided_keeps_the_verdict():
    """The mirror of (a): three even weeks do not yet undo a long one-sided stretch."""
    ledger = simulate(
        [phase(12, support=(2, 8), share=TOWARD_FIRST), phase(3)], end=END, people=PEOPLE, seed=3
    )
    assert codes(ledger, "one_sided_support") == ["Alex"]
    assert codes(ledger, "improving") == []


def test_as_of_reads_the_ledger_as_it_stood():
    ledger = simulate(
        [phase(10), phase(10, support=(2, 8), share=TOWARD_SECOND)], end=END, people=PEOPLE, seed=5
    )
    then = END - timedelta(weeks=10)
    assert codes(ledger, "one_sided_support") == ["Sam"]
    assert codes(ledger, "one_sided_support", as_of=then) == []
    report = analyze(ledger, as_of=then)
    assert report.as_of == then
    assert report.events == ledger.frame.filter(pl.col("at").dt.date() <= then).height


#: Seeds for the rows: fixed, and neither the bench's (0..499) nor the calibration's.
ROW_SEEDS = range(50_000, 50_040)


def _within_sampling(rate: float, n: int, check, must: float) -> bool:
    """`check(rate)`, allowing the 99% one-sided sampling margin of `n` ledgers at `must`.

    Forty ledgers measure a rate to within several points; the 500-ledger bench
    holds the exact target. This test fails when a row is clearly below it.
    """
    margin = 2.33 * math.sqrt(must * (1 - must) / n) if n else 1.0
    return check(rate - margin) or check(rate + margin)  # one side is the lenient one


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_noise_row_meets_its_target_on_fixed_seeds(case):
    reports = [
        analyze(binomial_ledger(case.phases, seed, case.kind), as_of=END) for seed in ROW_SEEDS
    ]
    for report in reports:
        assert contradictions(report) == []
    for row in case.rows:
        pool = [r for r in reports if row.among is None or row.among(r)]
        rate = sum(row.hit(r) for r in pool) / len(pool) if pool else 0.0
        must = float(row.must.strip("≤≥ %") or 0) / 100 if row.must != "never" else 0.0
        if row.must == "never":
            assert rate == 0.0, (case.key, row.label)
        else:
            assert _within_sampling(rate, len(pool), row.check, must), (case.key, row.label, rate)
