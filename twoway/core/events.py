"""The kinds of ledger event, what their `value` may hold, and how they relate.

Everything here is data: the loader validates against it and the analysis
reads it, so a kind is described in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Final

#: The days an event may fall on, at every entrance (ledger files, chats, forms, the API).
#: A lifetime back (the first years of a long marriage) and ahead (plans); well inside
#: what Python's dates (years 1 to 9999) and Polars' nanosecond times (1677 to 2262)
#: can hold, so no week or day computed from an event can overflow, and a report's
#: weekly series has at most some 15,000 weeks however odd the ledger.
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2199, 12, 31)
FIRST_AT: Final = datetime(1900, 1, 1)
#: The first moment after the accepted range.
AFTER_AT: Final = datetime(2200, 1, 1)

#: The range as a person reads it.
DATE_RANGE: Final = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


class Kind(StrEnum):
    """What happened. `by` is always the person who did it."""

    SUPPORT = "support"
    TALK = "talk"
    BID = "bid"
    RESPONSE = "response"
    CHECKIN = "checkin"
    GRATITUDE = "gratitude"
    COMMITMENT = "commitment"
    KEPT = "kept"
    BROKEN = "broken"
    NEED = "need"
    MET = "met"
    BOUNDARY = "boundary"
    CROSSED = "crossed"
    TOGETHER = "together"
    CONFLICT = "conflict"
    REPAIR = "repair"


KINDS: Final = frozenset(k.value for k in Kind)

STYLES: Final = ("listen", "comfort", "celebrate", "help", "reassure", "other")
RESPONSES: Final = ("toward", "away", "against")
CHECKINS: Final = ("daily", "weekly", "monthly")
ENERGY: Final = ("-2", "-1", "0", "1", "2")

#: Kinds that open something another row can answer; they must carry an `id`.
NEEDS_ID: Final = frozenset({"bid", "commitment", "need", "boundary"})

#: Answering kinds -> the kind their `ref` must point at.
REF_TARGET: Final = {
    "response": "bid",
    "kept": "commitment",
    "broken": "commitment",
    "met": "need",
    "crossed": "boundary",
}

#: Answers that must come from the other person than the one who opened.
ANSWERED_BY_OTHER: Final = frozenset({"response", "met", "crossed"})

#: Being the one who started something.
INITIATIONS: Final = ("talk", "checkin", "bid", "commitment", "repair")

#: Kinds a linked partner sees unless the writer keeps the entry private: the acts
#: and plans both lived. Private by default: how time together left you, conflicts,
#: and your own judgement of how the other answered or kept their word.
SHARED_BY_DEFAULT: Final = frozenset(
    {
        "support",
        "talk",
        "bid",
        "checkin",
        "gratitude",
        "commitment",
        "kept",
        "need",
        "met",
        "boundary",
        "repair",
    }
)

#: Days after which an unanswered bid counts as not turned toward.
BID_GRACE_DAYS: Final = 3
#: Days within which a vague commitment must get a date (or be kept).
VAGUE_GRACE_DAYS: Final = 14

#: The interchange format's columns, in the order they are written.
COLUMNS: Final = ("at", "by", "to", "kind", "id", "ref", "value", "note")
REQUIRED_COLUMNS: Final = ("at", "by", "kind")


def expected_value(kind: str) -> str | None:
    """Describe the `value` a kind accepts, or None when any value is kept as is."""
    return {
        "support": f"empty or one of {', '.join(STYLES)}",
        "response": f"one of {', '.join(RESPONSES)}",
        "checkin": f"empty or one of {', '.join(CHECKINS)}",
        "together": "an energy from -2 (drained) to 2 (energized)",
        "commitment": "empty (a vague plan) or the due date as YYYY-MM-DD",
    }.get(kind)


@dataclass(frozen=True, slots=True)
class Event:
    """One ledger row as plain data, for code that builds or stores events one by one.

    `at` is the wall-clock time as written; `offset_minutes` keeps the UTC offset
    when the source gave one, and `date_only` marks rows that gave a day alone,
    so that writing the event back reproduces what was read.
    """

    at: datetime
    by: str
    kind: str
    to: str = ""
    id: str = ""
    ref: str = ""
    value: str = ""
    note: str = ""
    offset_minutes: int | None = None
    date_only: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def format_at(at: datetime, offset_minutes: int | None, date_only: bool) -> str:
    """Write a time back the way the interchange format reads it."""
    if date_only:
        return at.date().isoformat()
    text = at.isoformat()
    if offset_minutes is not None:
        text = at.replace(tzinfo=timezone(timedelta(minutes=offset_minutes))).isoformat()
    return text
