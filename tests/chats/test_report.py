"""`MomentList`: a chat's moments kept as columns read exactly as a list of `Moment`s."""

from __future__ import annotations

from datetime import datetime

import pytest

from twoway.chats.report import MOMENT_FIELDS, Moment, MomentList

MOMENTS = [
    Moment(3, datetime(2024, 3, 1, 9, 5), "Sam", "support", "comfort", 0.9, "en", "a.txt", "oh no"),
    Moment(
        7, datetime(2024, 3, 1, 9, 7, 1, 250), "Alex", "gratitude", None, 0.8, "en", "a.txt", "ty"
    ),
    Moment(
        9, datetime(2024, 3, 2, 18, 0), "Sam", "support", "help", 0.7, "fr", "b.txt", "j'arrive"
    ),
]


def columns(moments: list[Moment]) -> list[list[object]]:
    return [[getattr(m, f) for m in moments] for f in MOMENT_FIELDS]


def test_reads_as_the_list_of_moments() -> None:
    listed = MomentList(columns(MOMENTS))
    assert len(listed) == 3
    assert list(listed) == MOMENTS
    assert listed == MOMENTS
    assert [listed[i] for i in range(3)] == MOMENTS
    assert listed[-1] == MOMENTS[-1]
    assert listed[1:] == MOMENTS[1:]
    assert listed[::-2] == MOMENTS[::-2]
    assert listed != MOMENTS[:2]
    with pytest.raises(IndexError):
        listed[3]


def test_json_rows_are_the_documented_fields() -> None:
    rows = MomentList(columns(MOMENTS)).json_rows()
    assert rows[1] == {
        "line": 7,
        "at": "2024-03-01T09:07:01.000250",
        "by": "Alex",
        "kind": "gratitude",
        "style": None,
        "confidence": 0.8,
        "language": "en",
    }
    assert [r["at"] for r in rows] == [m.at.isoformat() for m in MOMENTS]


def test_counts_given_or_counted_agree() -> None:
    counted = MomentList(columns(MOMENTS)).counts()
    assert counted == {("Sam", "support"): 2, ("Alex", "gratitude"): 1}
    given = MomentList(columns(MOMENTS), {("Sam", "support"): 2, ("Alex", "gratitude"): 1})
    assert given.counts() == counted
    assert counted["Alex", "support"] == 0


def test_empty_and_wrong_shapes() -> None:
    assert len(MomentList()) == 0
    assert MomentList() == []
    assert MomentList().json_rows() == []
    with pytest.raises(ValueError, match="9 fields"):
        MomentList([[1], [2]])
