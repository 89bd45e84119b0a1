"""Per-person counts on a hand-checked fixture, and the weekly series."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from twoway.core import analyze
from twoway.core.balance import wilson
from twoway.errors import TwowayError
from twoway.files import load_ledger

LEDGER = Path(__file__).parent.parent / "data" / "ledgers" / "alex-sam.csv"
AS_OF = date(2026, 3, 31)


@pytest.fixture(scope="module")
def report():
    return analyze(load_ledger(LEDGER), as_of=AS_OF, me="Alex")


def test_support_is_counted_by_style(report):
    alex, sam = report.counts["all"]["Alex"], report.counts["all"]["Sam"]
    assert alex.support["listen"] == 1
    assert alex.support["total"] == 1
    assert sam.support["help"] == 1


def test_initiations_count_talks_checkins_bids_commitments_and_repairs(report):
    assert report.counts["all"]["Alex"].initiations == {
        "talk": 1,
        "checkin": 0,
        "bid": 0,
        "commitment": 1,
        "repair": 1,
        "total": 3,
    }
    assert report.counts["all"]["Sam"].initiations["total"] == 4


def test_a_bid_without_an_answer_in_three_days_is_unanswered(report):
    bids = report.counts["all"]["Sam"].bids
    assert (bids["made"], bids["toward"], bids["unanswered"]) == (2, 1, 1)


def test_a_bid_still_inside_its_grace_days_is_pending():
    report = analyze(load_ledger(LEDGER), as_of=date(2026, 3, 10))
    assert report.counts["all"]["Sam"].bids["pending"] == 1


def test_a_vague_plan_without_a_date_for_fourteen_days_is_vague(report):
    assert report.counts["all"]["Alex"].commitments["vague"] == 1
    assert report.counts["all"]["Sam"].commitments["kept"] == 1
    early = analyze(load_ledger(LEDGER), as_of=date(2026, 3, 12))
    assert early.counts["all"]["Alex"].commitments["open"] == 1


def test_needs_boundaries_gratitude_and_energy(report):
    alex, sam = report.counts["all"]["Alex"], report.counts["all"]["Sam"]
    assert sam.needs == {"stated": 1, "met": 1}
    assert alex.boundaries == {"set": 1, "crossed": 1}
    assert sam.gratitude == 1
    assert alex.energy == {"mean": -1.0, "n": 1}
    assert sam.energy == {"mean": 2.0, "n": 1}


def test_positive_and_negative_interactions_are_credited_to_who_acted(report):
    alex, sam = report.counts["all"]["Alex"], report.counts["all"]["Sam"]
    assert (alex.positive, alex.negative, alex.ratio) == (4, 0, None)
    assert (sam.positive, sam.negative, sam.ratio) == (3, 2, 1.5)


def test_as_of_ignores_later_events():
    report = analyze(load_ledger(LEDGER), as_of=date(2026, 3, 4))
    assert report.events == 5  # the whole of the as-of day counts, nothing after it
    assert report.counts["all"]["Alex"].commitments["made"] == 0
    assert analyze(load_ledger(LEDGER), as_of=date(2026, 3, 5)).events == 6


def test_weekly_series_cover_every_week_up_to_as_of(report):
    assert report.balance.weeks[-1].end == AS_OF
    assert report.balance.weeks[0].start <= report.first
    assert len(report.activity) == len(report.balance.weeks)
    assert sum(w.given["Alex"] for w in report.balance.weeks) == 1


def test_thin_evidence_gives_no_verdict(report):
    assert report.balance.verdict == "insufficient_evidence"
    assert not [s for s in report.signals if s.code == "one_sided_support"]


def test_wilson_interval_contains_the_share_and_narrows_with_evidence():
    small, large = wilson(7, 10), wilson(70, 100)
    assert small.low < 0.7 < small.high
    assert large.high - large.low < small.high - small.low
    assert wilson(0, 0).low == 0.0
    assert wilson(10, 10).high == 1.0


def test_me_must_be_one_of_the_two_people():
    with pytest.raises(TwowayError, match="not in this ledger"):
        analyze(load_ledger(LEDGER), me="Kim")


def test_json_form_has_the_documented_top_level_fields(report):
    data = report.to_dict()
    for key in ("schema", "people", "window", "balance", "counts", "signals", "as_of"):
        assert key in data
    assert data["window"] == {"start": "2026-02-04", "end": "2026-03-31", "weeks": 8}
