"""One event's check in plain Python says what the whole-ledger check says of that row."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from twoway.core.event_rules import (
    ALLOWED,
    WHITESPACE,
    Problem,
    answer_problem,
    due_date,
    row_problem,
    trim,
)
from twoway.core.events import KINDS, NEEDS_ID, REF_TARGET, Event
from twoway.core.ledger import ledger_from_frame
from twoway.errors import BadRow

PEOPLE = ("Alex", "Sam")
TEXT = ("by", "to", "kind", "id", "ref", "value", "note")


def frame_of(events: list[Event]) -> pl.DataFrame:
    """Events as the store hands them to the whole-ledger check: `at` already a datetime."""
    return pl.DataFrame(
        {
            "at": [e.at for e in events],
            "offset": pl.Series([e.offset_minutes for e in events], dtype=pl.Int32),
            "date_only": [e.date_only for e in events],
            **{f: [getattr(e, f) for e in events] for f in TEXT},
        },
        schema_overrides={"at": pl.Datetime("us")},
    )


def frame_verdict(event: Event, target: Event | None = None) -> Problem | None:
    """The whole-ledger check's first problem with `event`, logged after `target`."""
    rows = [target, event] if target is not None else [event]
    try:
        ledger_from_frame(frame_of(rows), "test", people=PEOPLE)
    except BadRow as exc:
        bad = exc
    else:
        return None
    assert bad.line == len(rows), f"the stored row itself is bad: {bad}"
    return Problem(bad.field, bad.expected)


def row_verdict(event: Event, target: Event | None = None) -> Problem | None:
    """The plain-Python check's first problem, the way a single write asks it."""
    stored = target if target is not None and trim(target.id) == trim(event.ref) else None
    return row_problem(event) or answer_problem(event, stored)


def padded(values: list[str], *, odd: bool = True) -> st.SearchStrategy[str]:
    """One of `values`, sometimes with whitespace at its ends (Unicode's, not only spaces).

    `odd` adds two characters that look like space but are not trimmed.
    """
    space = st.text(alphabet=WHITESPACE + ("\x1c\u200b" if odd else ""), max_size=2)
    return st.builds(lambda a, v, b: a + v + b, space, st.sampled_from(values), space)


ODD_VALUES = [
    "2024-03-01",
    "2024-02-29",
    "2023-02-29",
    "0000-02-29",
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "9999-12-31",
    "2024-3-1",
    "+2024-01-01",
    "2024-01-01T10:00",
    "\u0662\u0660\u0662\u0664-01-01",
    "tomorrow",
    "-3",
    "3",
    "Listen",
]
KIND_TEXT = st.one_of(
    padded([*sorted(KINDS), "", "Support", "BID", "\u212aept", "hug"]), st.text(max_size=6)
)
VALUE_TEXT = st.one_of(
    padded(sorted({v for vs in ALLOWED.values() for v in vs} | set(ODD_VALUES))),
    st.text(max_size=12),
)
IDS = padded(["", "b1", "c1", "n1", "x"])
TIMES = st.one_of(
    st.datetimes(min_value=datetime(1899, 12, 31), max_value=datetime(2200, 1, 1, 1)),
    st.datetimes(),
)

events = st.builds(
    Event,
    at=TIMES,
    # Names stay the two people's: a third name is the store's to refuse (`_side`).
    by=padded(["Alex", "Sam", ""], odd=False),
    to=padded(["", "Alex", "Sam"], odd=False),
    kind=KIND_TEXT,
    id=IDS,
    ref=IDS,
    value=VALUE_TEXT,
    note=st.text(max_size=5),
    date_only=st.booleans(),
)


@st.composite
def stored_targets(draw: st.DrawFn) -> Event:
    """A valid stored row that a new row's ref may name: any kind that answers nothing."""
    kind = draw(st.sampled_from(sorted(KINDS - set(REF_TARGET))))
    value = draw(st.sampled_from(ALLOWED.get(kind, ("",))))
    return Event(
        at=datetime(2024, 1, 1),
        by=draw(st.sampled_from(PEOPLE)),
        kind=kind,
        id=draw(st.sampled_from(["b1", "c1", "n1", "x"])),
        value=value,
    )


@settings(max_examples=600, deadline=None)
@given(events)
@example(Event(at=datetime(1, 1, 1), by="Alex", kind="talk"))
@example(Event(at=datetime(9999, 12, 31, 23, 59), by="Alex", kind="talk"))
@example(Event(at=datetime(2024, 1, 1), by="Alex", kind="commitment", id="c", value="0000-02-29"))
@example(Event(at=datetime(2024, 1, 1), by=" Alex", to="Alex\u3000", kind="talk"))
@example(Event(at=datetime(2024, 1, 1), by="Alex", kind="commitment", id="c1", ref="c1"))
@example(Event(at=datetime(2024, 1, 1), by="Alex", kind="response", id="x", ref="x", value="away"))
def test_one_row_gets_the_same_verdict_alone_and_in_a_frame(event: Event) -> None:
    assert row_verdict(event) == frame_verdict(event)


@settings(max_examples=600, deadline=None)
@given(events, stored_targets())
def test_an_answer_gets_the_same_verdict_beside_what_it_answers(
    event: Event, target: Event
) -> None:
    if trim(event.id) and trim(event.id) == target.id:
        return  # a reused id is refused by the store before any check (`id_taken`)
    assert row_verdict(event, target) == frame_verdict(event, target)


@st.composite
def valid_events(draw: st.DrawFn) -> Event:
    """A row both checks must let through: any kind that answers nothing, with what it needs."""
    kind = draw(st.sampled_from(sorted(KINDS - set(REF_TARGET))))
    by = draw(st.sampled_from(PEOPLE))
    due = st.dates(date(1900, 1, 1), date(2199, 12, 31)).map(date.isoformat)
    if kind in ALLOWED:
        value = draw(st.sampled_from(ALLOWED[kind]))
    elif kind == "commitment":
        value = draw(st.one_of(st.just(""), due))
    else:
        value = draw(st.text(max_size=8))
    return Event(
        at=draw(st.datetimes(datetime(1900, 1, 1), datetime(2199, 12, 31, 23, 59))),
        by=by,
        to=PEOPLE[by == PEOPLE[0]],
        kind=kind,
        id="b1" if kind in NEEDS_ID else draw(st.sampled_from(["", "t1"])),
        value=value,
        note=draw(st.text(max_size=5)),
    )


@settings(max_examples=200, deadline=None)
@given(valid_events())
def test_valid_rows_pass_both_checks(event: Event) -> None:
    assert row_verdict(event) is None
    assert frame_verdict(event) is None


def test_both_checks_name_the_field_and_what_was_expected() -> None:
    year_one = Event(at=datetime(1, 1, 1), by="Alex", kind="talk")
    expected = Problem("at", "expected a date between 1900-01-01 and 2199-12-31, got '0001-01-01'")
    assert row_verdict(year_one) == frame_verdict(year_one) == expected
    answer = Event(at=datetime(2024, 1, 2), by="Sam", kind="response", ref="b1", value="away")
    own_bid = Event(at=datetime(2024, 1, 1), by="Sam", kind="bid", id="b1")
    expected = Problem("by", "a response comes from the other person, but Sam also made bid 'b1'")
    assert row_verdict(answer, own_bid) == frame_verdict(answer, own_bid) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        ("2023-02-29", None),
        ("0000-02-29", date.min),
        ("2024-3-1", None),
        ("\u0662\u0660\u0662\u0664-01-01", None),
    ],
)
def test_a_due_date_is_a_real_day_written_yyyy_mm_dd(text: str, day: date | None) -> None:
    assert due_date(text) == day
