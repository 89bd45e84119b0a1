"""`ChatReport`: what a message history shows, as plain data, and its JSON form.

The terminal, JSON and HTML outputs all render this one object. Its `signals`
are the ledger report's own `Signal` objects (see `to_ledger`), so a chat
speaks in the same words as a hand-kept ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from twoway.chats.conversations import ParticipantStats
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
    moments: list[Moment] = field(default_factory=list)
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
        plans_by = {
            p: {
                "scheduled": sum(1 for x in self.plans if x.by == p and x.status == "scheduled"),
                "vague": sum(1 for x in self.plans if x.by == p and x.status == "vague"),
            }
            for p in self.participants
        }
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
                name: {**plain(stats), "moments": self._moment_counts(name)}
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
            "moments": [
                {
                    "line": m.line,
                    "at": m.at.isoformat(),
                    "by": m.by,
                    "kind": m.kind,
                    "style": m.style,
                    "confidence": m.confidence,
                    "language": m.language,
                }
                for m in self.moments
            ],
            "moments_read": plain(self.moments_read),
        }

    def _moment_counts(self, name: str) -> dict[str, int]:
        counts = dict.fromkeys(MOMENT_KINDS, 0)
        for m in self.moments:
            if m.by == name:
                counts[m.kind] += 1
        return counts
