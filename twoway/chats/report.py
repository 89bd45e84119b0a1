"""`ChatReport`: what a message history shows, as plain data, and its JSON form.

The terminal, JSON and HTML outputs all render this one object. Its `signals`
are the ledger report's own `Signal` objects (see `to_ledger`), so a chat
speaks in the same words as a hand-kept ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, overload

import orjson
import polars as pl

from twoway.chats.conversations import ParticipantStats
from twoway.chats.moments_json import indented_json
from twoway.core.report import Report, Signal, plain

#: The kinds of moment, in the order they are counted (`twoway.chats.moments.KINDS`).
MOMENT_KINDS = ("support", "gratitude", "need", "repair", "checkin")

#: Bumped on any breaking change to `ChatReport.to_dict`.
CHAT_SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Period:
    """Messages and conversation starts per person in one week or month from `start`."""

    start: date
    messages: dict[str, int]
    conversations_started: dict[str, int]


@dataclass(frozen=True, slots=True)
class LatencyBucket:
    """Replies per person whose latency falls in this bucket (`upto_seconds` excluded)."""

    label: str
    upto_seconds: int | None
    replies: dict[str, int]


@dataclass(frozen=True, slots=True)
class Plan:
    """A proposal to meet, and whether a concrete day or time followed within 14 days."""

    at: datetime
    by: str
    text: str
    status: str  # scheduled | vague
    fixed_at: datetime | None
    due: date | None
    file: str
    position: int


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment of care found in one message (`twoway.chats.moments`)."""

    line: int
    at: datetime
    by: str
    kind: str  # support | gratitude | need | repair | checkin
    style: str | None
    confidence: float
    language: str
    file: str
    text: str


#: `Moment`'s fields, in order.
MOMENT_FIELDS = ("line", "at", "by", "kind", "style", "confidence", "language", "file", "text")


class MomentList(Sequence[Moment]):
    """A chat's moments in message order, kept as columns (`Moment`'s fields, in order).

    A chat can hold tens of thousands of moments: the JSON and the counts read the
    columns, and a `Moment` is made only for the one asked for. Made from a frame
    of found moments (`of_frame`), the columns are read from it only when first
    asked for: the JSON is then written from the frame itself.
    """

    __slots__ = ("_columns", "_counts", "_frame", "_sources")

    def __init__(
        self,
        columns: Sequence[Sequence[Any]] = (),
        counts: Mapping[tuple[str, str], int] | None = None,
    ) -> None:
        """`columns` as `MOMENT_FIELDS` names them; `counts` as `counts` gives them, if known."""
        self._columns: tuple[Sequence[Any], ...] | None = tuple(columns) or tuple(
            () for _ in MOMENT_FIELDS
        )
        if len(self._columns) != len(MOMENT_FIELDS):
            raise ValueError(f"a moment has {len(MOMENT_FIELDS)} fields, not {len(columns)}")
        self._counts = None if counts is None else Counter(counts)
        self._frame: pl.DataFrame | None = None
        self._sources: tuple[str, ...] = ()

    @classmethod
    def of_frame(cls, frame: pl.DataFrame, sources: Sequence[str]) -> MomentList:
        """The moments of a frame of found ones (`twoway.chats.moments.Moments.frame`).

        Its `file` column indexes `sources` (the first where it is null or absent).
        """
        counts = frame.group_by("by", "kind").len().iter_rows()
        listed = cls(counts={(by, kind): n for by, kind, n in counts})
        listed._columns, listed._frame, listed._sources = None, frame, tuple(sources)
        return listed

    @property
    def _loaded(self) -> tuple[Sequence[Any], ...]:
        if self._columns is None:
            assert self._frame is not None
            self._columns = _frame_columns(self._frame, self._sources)
        return self._columns

    def __len__(self) -> int:
        if self._columns is not None:
            return len(self._columns[0])
        assert self._frame is not None
        return self._frame.height

    @overload
    def __getitem__(self, i: int) -> Moment: ...
    @overload
    def __getitem__(self, i: slice) -> list[Moment]: ...
    def __getitem__(self, i: int | slice) -> Moment | list[Moment]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return Moment(*(column[i] for column in self._loaded))

    def __iter__(self) -> Iterator[Moment]:
        return map(Moment, *self._loaded)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, as a list is

    def __repr__(self) -> str:
        return f"MomentList({list(self)!r})"

    def json_rows(self) -> list[dict[str, Any]]:
        """The moments as `ChatReport.to_dict` lists them."""
        line, at, by, kind, style, confidence, language, _file, _text = self._loaded
        return [
            {
                "line": li,
                "at": a.isoformat(),
                "by": b,
                "kind": k,
                "style": st,
                "confidence": c,
                "language": la,
            }
            for li, a, b, k, st, c, la in zip(
                line, at, by, kind, style, confidence, language, strict=True
            )
        ]

    def json_value(self) -> list[dict[str, Any]] | orjson.Fragment:
        """`json_rows`, or the same as orjson writes them under a top-level key, indented by 2.

        From a frame (`of_frame`) the text is made by Polars, column by column: for
        tens of thousands of moments, several times faster than a dict a moment.
        """
        text = None if self._frame is None else indented_json(self._frame)
        return self.json_rows() if text is None else orjson.Fragment(text)

    def counts(self) -> Counter[tuple[str, str]]:
        """How many moments each (person, kind) has."""
        if self._counts is None:
            self._counts = Counter(zip(self._loaded[2], self._loaded[3], strict=True))
        return self._counts


@dataclass(frozen=True, slots=True)
class MomentsRead:
    """How the moments were read: the threshold, the layer that ran, what was left unscored."""

    threshold: float
    layer: str
    unscored: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """What was not understood in one of the files."""

    file: str
    unit: str
    position: int
    reason: str


@dataclass(frozen=True)
class ChatReport:
    """The analysis of one chat (one or more exports of it) as it stood on `as_of`."""

    format: str
    sources: list[str]
    title: str
    gap_hours: float
    me: str | None
    as_of: date
    first: datetime
    last: datetime
    messages: int
    conversations: int
    #: system and service lines: understood, and not messages
    system: int
    participants: dict[str, ParticipantStats]
    #: "week" or "month": the length of each entry of `periods`
    period: str
    periods: list[Period]
    latency: list[LatencyBucket]
    plans: list[Plan]
    signals: list[Signal]
    #: the ledger analysis behind `signals` (two-person chats only)
    ledger: Report | None
    skipped: list[Skipped]
    notes: list[str] = field(default_factory=list)
    #: moments of care at or above `moments_read.threshold`, in message order
    moments: Sequence[Moment] = field(default_factory=MomentList)
    moments_read: MomentsRead | None = None
    #: messages per weekday (Monday first) and hour: 7 rows of 24 counts
    activity: list[list[int]] = field(default_factory=list)
    #: each person's most used words and emoji: (term, count), most used first
    top_words: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    top_emoji: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def people(self) -> list[str]:
        """The participants, in order of their first message."""
        return list(self.participants)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (docs/chats.md)."""
        listed = self._moment_list()
        return self._as_dict(listed, listed.json_rows())

    def to_orjson_dict(self) -> dict[str, Any]:
        """`to_dict`, for orjson's `OPT_INDENT_2` alone: the same text, written faster.

        Its moments may be one `orjson.Fragment` (`MomentList.json_value`), laid out
        for that indentation; every other caller wants `to_dict`.
        """
        listed = self._moment_list()
        return self._as_dict(listed, listed.json_value())

    def _moment_list(self) -> MomentList:
        if isinstance(self.moments, MomentList):
            return self.moments
        return MomentList([[getattr(m, f) for m in self.moments] for f in MOMENT_FIELDS])

    def _as_dict(self, listed: MomentList, moments: object) -> dict[str, Any]:
        """The JSON form, with `moments` as the list of `listed` is to be written."""
        plans_by = {
            p: {
                "scheduled": sum(1 for x in self.plans if x.by == p and x.status == "scheduled"),
                "vague": sum(1 for x in self.plans if x.by == p and x.status == "vague"),
            }
            for p in self.participants
        }
        moment_counts = listed.counts()
        return {
            "schema": CHAT_SCHEMA_VERSION,
            "format": self.format,
            "sources": self.sources,
            "title": self.title,
            "me": self.me,
            "as_of": self.as_of.isoformat(),
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "gap_hours": self.gap_hours,
            "messages": self.messages,
            "conversations": self.conversations,
            "system": self.system,
            "participants": {
                name: {
                    **plain(stats),
                    "moments": {kind: moment_counts[name, kind] for kind in MOMENT_KINDS},
                }
                for name, stats in self.participants.items()
            },
            "plans": {
                "total": len(self.plans),
                "by_participant": plans_by,
                "items": plain(self.plans),
            },
            "signals": plain(self.signals),
            "period": self.period,
            "periods": plain(self.periods),
            "latency": plain(self.latency),
            "activity": self.activity,
            "top_words": {p: [list(t) for t in ts] for p, ts in self.top_words.items()},
            "top_emoji": {p: [list(t) for t in ts] for p, ts in self.top_emoji.items()},
            "skipped": [
                {"file": s.file, s.unit: s.position, "reason": s.reason} for s in self.skipped
            ],
            "notes": self.notes,
            "moments": moments,
            "moments_read": plain(self.moments_read),
        }


def _frame_columns(frame: pl.DataFrame, sources: Sequence[str]) -> tuple[list[Any], ...]:
    """A frame of found moments as `MomentList`'s columns."""
    files = (
        [sources[f] if f is not None else sources[0] for f in frame["file"].to_list()]
        if "file" in frame.columns
        else [sources[0]] * frame.height
    )
    table = frame.select("position", "at", "by", "kind", "style", "confidence", "language")
    return (*(c.to_list() for c in table.get_columns()), files, frame["text"].to_list())
