"""What one ledger row must hold: the rules written once, as data, read two ways.

`row_rules` lists every check that looks at one row alone, in the order a person
should hear about them; `answer_problem` is the check that looks at one other
row (the event a `ref` answers). Two readers apply the same rules:

- `twoway.core.validation` turns each rule into a Polars expression, for a whole
  ledger at once (files, chats, the store);
- `row_problem` applies them in plain Python to one event, for logging a single
  entry: no frame to build, and no Polars to import (the CLI's start-up, the
  API's writes).

`tests/core/test_event_rules.py` checks on random rows, valid and invalid, that
both readers find the same first problem, with the same words.

A rule's test is a small tree of the node types below (`Blank`, `Is`, `NotIn`,
`Same`, `Missing`, `Outside`, `All`). Names starting with `_` are columns worked
out from the row: `_at` (the parsed time, or None) and `_due` (a commitment's
due date, or None).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from twoway.core.events import (
    AFTER_AT,
    ANSWERED_BY_OTHER,
    CHECKINS,
    DATE_RANGE,
    ENERGY,
    FIRST_AT,
    FIRST_DAY,
    KINDS,
    LAST_DAY,
    NEEDS_ID,
    REF_TARGET,
    RESPONSES,
    STYLES,
    Event,
    expected_value,
)

#: Unicode's White_Space characters: what is trimmed from a field's ends. Spelled out,
#: because Python's `str.strip()` also trims four control characters that Polars keeps.
WHITESPACE: Final = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: The text fields trimmed before they are checked (a note is kept exactly as written).
TRIMMED: Final = ("by", "to", "kind", "id", "ref", "value")

#: A commitment's due date as written: YYYY-MM-DD, ASCII digits only.
DUE_DATE: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

#: The values a kind accepts, for the kinds that restrict them.
ALLOWED: Final = {
    "support": ("", *STYLES),
    "response": RESPONSES,
    "checkin": ("", *CHECKINS),
    "together": ENERGY,
}

#: The words for a bad `ref`, with `{}` for, in order: the kind expected, the ref.
NO_TARGET: Final = "no {} with id '{}' in this ledger"
#: The ref, the kind it names, the row's kind, the kind expected.
WRONG_TARGET: Final = "'{}' is a {}, but a {} answers a {}"
#: The row's kind, its `by`, the kind the ref names, the ref.
SAME_PERSON: Final = "a {} comes from the other person, but {} also made {} '{}'"


# --- the tests a rule is made of -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Blank:
    """The text field is empty (once trimmed)."""

    column: str


@dataclass(frozen=True, slots=True)
class Is:
    """The text field is exactly `value`."""

    column: str
    value: str


@dataclass(frozen=True, slots=True)
class NotIn:
    """The text field is none of `values`."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Same:
    """Two text fields are equal."""

    column: str
    other: str


@dataclass(frozen=True, slots=True)
class Missing:
    """A worked-out column (`_at`, `_due`) has no value."""

    column: str


@dataclass(frozen=True, slots=True)
class Outside:
    """A worked-out date or time is before `low` or from `high` on (no value: not outside)."""

    column: str
    low: date | datetime
    high: date | datetime


@dataclass(frozen=True, slots=True)
class All:
    """Every one of `tests` holds."""

    tests: tuple[Test, ...]


@dataclass(frozen=True, slots=True)
class Nonblank:
    """The text field is not empty."""

    column: str


Test = Blank | Is | NotIn | Same | Missing | Outside | All | Nonblank


@dataclass(frozen=True, slots=True)
class Rule:
    """A row breaks the rule when `test` holds; then `field` and the message are what it hears.

    The message is `message` with each `{}` filled, in order, by a column of
    `args` (`_day` is the date of `_at`).
    """

    test: Test
    field: str
    message: str
    args: tuple[str, ...] = ()


def row_rules(typed: bool) -> tuple[Rule, ...]:
    """Every check on one row alone, in the order a person should hear about them.

    `typed`: `at` holds datetimes already (a store, an event), not text to parse.
    """
    at_rules: tuple[Rule, ...]
    if typed:
        at_rules = (Rule(Missing("_at"), "at", "expected a date-time, got nothing"),)
    else:
        at_rules = (
            Rule(Blank("at"), "at", "expected a date or date-time, got nothing"),
            Rule(
                Missing("_at"),
                "at",
                "expected an ISO 8601 date or date-time such as 2024-03-01 or "
                "2024-03-01T18:30, got '{}'",
                ("at",),
            ),
        )
    kinds = ", ".join(sorted(KINDS))
    rules = [
        *at_rules,
        Rule(
            Outside("_at", FIRST_AT, AFTER_AT),
            "at",
            f"expected a date {DATE_RANGE}, got '{{}}'",
            ("_day",),
        ),
        Rule(Blank("by"), "by", "expected the name of the person who did it, got nothing"),
        Rule(Blank("kind"), "kind", "expected the kind of event, got nothing"),
        Rule(
            NotIn("kind", tuple(sorted(KINDS))),
            "kind",
            f"expected one of {kinds}, got '{{}}'",
            ("kind",),
        ),
        Rule(
            Same("to", "by"),
            "to",
            "expected the other person; `to` names the same person as `by`",
        ),
    ]
    for kind, values in ALLOWED.items():
        rules.append(
            Rule(
                All((Is("kind", kind), NotIn("value", values))),
                "value",
                f"a {kind} expects {expected_value(kind)}, got '{{}}'",
                ("value",),
            )
        )
    rules += [
        Rule(
            All((Is("kind", "commitment"), Nonblank("value"), Missing("_due"))),
            "value",
            f"a commitment expects {expected_value('commitment')}, got '{{}}'",
            ("value",),
        ),
        Rule(
            Outside("_due", FIRST_DAY, date.fromordinal(LAST_DAY.toordinal() + 1)),
            "value",
            f"a commitment's due date must be {DATE_RANGE}, got '{{}}'",
            ("value",),
        ),
    ]
    for kind in sorted(NEEDS_ID):
        rules.append(
            Rule(
                All((Is("kind", kind), Blank("id"))),
                "id",
                f"a {kind} needs an id, so that later rows can refer to it",
            )
        )
    for kind, target in REF_TARGET.items():
        rules.append(
            Rule(
                All((Is("kind", kind), Blank("ref"))),
                "ref",
                f"a {kind} needs `ref`: the id of the {target} it answers",
            )
        )
    return tuple(rules)


def ref_target(kind: str) -> str | None:
    """The kind a row's `ref` must name: a commitment may answer an earlier, vague one."""
    return "commitment" if kind == "commitment" else REF_TARGET.get(kind)


# --- the plain-Python reader ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """The first rule a row breaks: the field, and what was expected there."""

    field: str
    message: str


def trim(text: str) -> str:
    """A field without the whitespace at its ends, as the checks read it."""
    return text.strip(WHITESPACE)


def due_date(value: str) -> date | None:
    """A commitment's due date, or None when `value` is not a real YYYY-MM-DD day.

    Year 0 is a real day to Polars' calendar, but not to Python's: such a day
    comes back as `date.min`, outside the accepted range either way.
    """
    if re.fullmatch(DUE_DATE, value) is None:
        return None
    year, month, day = int(value[:4]), int(value[5:7]), int(value[8:10])
    try:
        # Year 0 has the calendar of 2000 (both leap years, 400 years apart).
        found = date(year or 2000, month, day)
    except ValueError:
        return None
    return found if year else date.min


def tidy(event: Event) -> dict[str, object]:
    """An event's fields as the checks read them: trimmed, the kind in lower case."""
    row: dict[str, object] = {c: trim(getattr(event, c)) for c in TRIMMED}
    kind = str(row["kind"]).lower()
    row["kind"] = kind
    row["note"] = event.note
    row["_at"] = event.at
    row["_day"] = event.at.date().isoformat() if event.at is not None else None
    row["_due"] = due_date(str(row["value"])) if kind == "commitment" else None
    return row


def holds(test: Test, row: Mapping[str, object]) -> bool:
    """Whether `test` holds for `row` (a mapping of column to value, as `tidy` makes)."""
    match test:
        case Blank(column):
            return row[column] == ""
        case Nonblank(column):
            return row[column] != ""
        case Is(column, value):
            return row[column] == value
        case NotIn(column, values):
            return row[column] not in values
        case Same(column, other):
            return row[column] == row[other]
        case Missing(column):
            return row[column] is None
        case Outside(column, low, high):
            return _outside(row[column], low, high)
        case All(tests):
            return all(holds(t, row) for t in tests)


def _outside(value: object, low: date | datetime, high: date | datetime) -> bool:
    """Whether a time or a day lies outside [low, high); no value is not outside."""
    if isinstance(value, datetime):
        if not isinstance(low, datetime) or not isinstance(high, datetime):
            raise TypeError(f"a time compared with days ({low}, {high})")
        return not low <= value < high
    if isinstance(value, date):
        if isinstance(low, datetime) or isinstance(high, datetime):
            raise TypeError(f"a day compared with times ({low}, {high})")
        return not low <= value < high
    return False


def row_problem(event: Event) -> Problem | None:
    """The first row-local rule `event` breaks, or None: the frame check's verdict on it alone."""
    row = tidy(event)
    for rule in _TYPED:
        if holds(rule.test, row):
            return Problem(rule.field, rule.message.format(*(row[a] for a in rule.args)))
    return None


def answer_problem(event: Event, stored: Event | None) -> Problem | None:
    """What is wrong with the event that `event.ref` names, or None.

    `stored` is the ledger's row with that id (None when there is none); the
    event itself comes after every stored row, so it is the target only when no
    stored row has the id. Only rows whose kind answers another (and
    commitments) are checked; others may carry any ref.
    """
    row = tidy(event)
    kind, ref = str(row["kind"]), str(row["ref"])
    expected = ref_target(kind)
    if not ref or expected is None:
        return None
    if stored is None and row["id"] == ref:
        stored = event
    if stored is None:
        return Problem("ref", NO_TARGET.format(expected, ref))
    target = tidy(stored)
    if target["kind"] != expected:
        return Problem("ref", WRONG_TARGET.format(ref, target["kind"], kind, expected))
    if kind in ANSWERED_BY_OTHER and row["by"] == target["by"]:
        return Problem("by", SAME_PERSON.format(kind, row["by"], target["kind"], ref))
    return None


_TYPED: Final = row_rules(typed=True)
