"""`MomentList`: a chat's moments kept as columns read exactly as a list of `Moment`s.

Made from a frame, its JSON is written by Polars (`moments_json`): the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.chats.analysis import analyze_chat
from twoway.chats.moments_json import indented_json
from twoway.chats.report import MOMENT_FIELDS, Moment, MomentList
from twoway.files import load_chat

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


# A frame of found moments (`Moments.frame`'s columns) and its JSON written by Polars.

INDENT = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
CHATS = Path(__file__).parents[1] / "data" / "chats"


def frame_of(moments: list[Moment], sources: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "at": [m.at for m in moments],
            "by": [m.by for m in moments],
            "kind": [m.kind for m in moments],
            "style": [m.style for m in moments],
            "confidence": [m.confidence for m in moments],
            "language": [m.language for m in moments],
            "position": [m.line for m in moments],
            "text": [m.text for m in moments],
            "file": [sources.index(m.file) for m in moments],
        },
        schema_overrides={"at": pl.Datetime("us"), "style": pl.String, "file": pl.Int32},
    )


def written(listed: MomentList) -> tuple[bytes, bytes]:
    """The moments as orjson writes their rows, and as it writes `json_value`."""
    return (
        orjson.dumps({"moments": listed.json_rows(), "after": 1}, option=INDENT),
        orjson.dumps({"moments": listed.json_value(), "after": 1}, option=INDENT),
    )


def test_a_frame_reads_as_its_columns_would() -> None:
    sources = ["a.txt", "b.txt"]
    listed = MomentList.of_frame(frame_of(MOMENTS, sources), sources)
    assert len(listed) == 3
    assert listed == MOMENTS
    assert listed.counts() == MomentList(columns(MOMENTS)).counts()
    rows, fast = written(listed)
    assert isinstance(listed.json_value(), orjson.Fragment)
    assert fast == rows


def test_an_empty_frame_writes_an_empty_list() -> None:
    listed = MomentList.of_frame(frame_of([], ["a.txt"]), ["a.txt"])
    assert len(listed) == 0
    assert listed == []
    rows, fast = written(listed)
    assert fast == rows


@pytest.mark.parametrize("at_type", [pl.Datetime("us", "Europe/Paris"), pl.Datetime("ns")], ids=str)
def test_times_polars_cannot_write_as_isoformat_are_left_to_the_rows(
    at_type: pl.DataType,
) -> None:
    frame = frame_of(MOMENTS, ["a.txt", "b.txt"]).with_columns(pl.col("at").cast(at_type))
    assert indented_json(frame) is None
    listed = MomentList.of_frame(frame, ["a.txt", "b.txt"])
    assert isinstance(listed.json_value(), list)


names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
moments = st.builds(
    Moment,
    line=st.integers(1, 10**7),
    at=st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1)),
    by=names,
    kind=st.sampled_from(["support", "gratitude", "need", "repair", "checkin"]),
    style=st.none() | st.sampled_from(["comfort", "help"]) | names,
    confidence=st.floats(0, 1) | st.sampled_from([0.7, 0.1 + 0.2, 1.0, 1e-7]),
    language=st.sampled_from(["en", "fr", 'a"b\\']),
    file=st.just("a.txt"),
    text=names,
)


@given(st.lists(moments, max_size=12))
def test_the_json_polars_writes_is_the_rows_as_orjson_writes_them(found: list[Moment]) -> None:
    listed = MomentList.of_frame(frame_of(found, ["a.txt"]), ["a.txt"])
    rows, fast = written(listed)
    assert fast == rows


@pytest.mark.parametrize(
    "path",
    [CHATS / "whatsapp" / "alex-sam.txt", CHATS / "telegram" / "personal.json"],
    ids=lambda p: p.name,
)
def test_a_chats_report_writes_the_same_json_either_way(path: Path) -> None:
    report = analyze_chat([load_chat(path)])
    assert len(report.moments) > 0
    assert orjson.dumps(report.to_orjson_dict(), option=INDENT) == orjson.dumps(
        report.to_dict(), option=INDENT
    )
