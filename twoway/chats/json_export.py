"""What the JSON readers (Telegram, Messenger/Instagram, Discord) share.

Parsing with errors that name the line and column, a cheap look at the bytes for
`sniff`, strings made safe for Polars, timestamps checked one entry at a time,
and instants turned into wall-clock times in the zone the user asked for.
"""

from __future__ import annotations

import gc
import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Final

import polars as pl

from twoway.chats.messages import ChatError, MessageKind, Skip, decode, messages_frame

_EPOCH: Final = datetime(1970, 1, 1)
#: instants outside these years are not chat messages (and would overflow when a
#: zone's offset is added at the edges of what datetime can hold)
_FIRST_YEAR: Final = 1970
_LAST_YEAR: Final = 2200
_MAX_MS: Final = int((datetime(_LAST_YEAR, 1, 1) - _EPOCH) / timedelta(milliseconds=1))

#: a wall-clock time needs at least the date and hours:minutes; a bare date is not a message time
_WALL_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: how a JSON list starts (a WhatsApp line "[12/01/2023, 10:00] …" does not)
_JSON_LIST = re.compile(
    rb'\[\s*(?:[\[{"\]]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*[,\]]|true|false|null)'
)


def load_json(data: bytes, source: str) -> object:
    """The parsed JSON value; bad UTF-8, bad JSON or absurd nesting is a `ChatError`."""
    text = decode(data, source)
    if not text.strip():
        raise ChatError(source, "the file is empty; expected a JSON chat export")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # an unterminated string always means the text ran out inside it
        cut = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        what = (
            "the file ends in the middle of the JSON (is the export complete?)"
            if cut
            else f"this is not valid JSON ({exc.msg})"
        )
        raise ChatError(source, f"at column {exc.colno}, {what}", exc.lineno, "line") from None
    except RecursionError:
        raise ChatError(source, "the JSON is nested too deeply to be a chat export") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        raise ChatError(source, f"the JSON holds a value that cannot be read: {exc}") from None


def json_object_start(data: bytes) -> str | None:
    """None when the bytes start (after a byte-order mark and spaces) like a JSON object, else why not."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{"):
        return None
    if _JSON_LIST.match(head):
        return "a JSON list, not an export object"
    return "not JSON"


_KEY_CACHE: dict[tuple[str, str, tuple[str, ...]], re.Pattern[bytes]] = {}


def has_key(data: bytes, key: str, opener: str = "", one_of: tuple[str, ...] = ()) -> bool:
    """Whether `"key": <opener>` (or `"key": "<one of>"`) occurs in the raw bytes.

    A cheap sniff with no parsing, one scan per call. A key inside a JSON string
    is escaped (`\\"key\\"`) so it does not match.
    """
    pattern = _KEY_CACHE.get((key, opener, one_of))
    if pattern is None:
        after = re.escape(opener.encode())
        if one_of:
            after = rb'"(?:' + b"|".join(re.escape(v.encode()) for v in one_of) + rb')"'
        pattern = re.compile(rb'"' + re.escape(key.encode()) + rb'"\s*:\s*' + after)
        _KEY_CACHE[(key, opener, one_of)] = pattern
    return pattern.search(data) is not None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small objects.

    json.loads and the per-message loop create containers that trigger collections
    which find nothing to free (nothing here makes cycles); pausing saves about a third.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def safe_text(value: str) -> str:
    """The string with lone surrogates (from `\\ud800`-style escapes) replaced: Polars needs UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", value)
    return value


def wall_clock(value: object) -> datetime | None:
    """A local ISO time such as `2023-01-05T10:00:00` as is (naive); None when it is not one.

    An offset, if a mangled file has one, is dropped: these formats write local time.
    """
    if not isinstance(value, str) or not _WALL_CLOCK.match(value):
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at.replace(tzinfo=None)


def instant_from_iso(value: object) -> datetime | None:
    """An ISO time with an offset as the UTC instant (naive); no offset is read as UTC."""
    if not isinstance(value, str) or not _WALL_CLOCK.match(value):
        return None
    try:
        at = datetime.fromisoformat(value)
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
    return at if _FIRST_YEAR <= at.year < _LAST_YEAR else None


def instant_from_ms(value: object) -> datetime | None:
    """Milliseconds since 1970 (UTC) as the instant (naive); None unless a plausible number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        value = round(value)
    if not 0 <= value < _MAX_MS:
        return None
    return _EPOCH + timedelta(milliseconds=value)


@dataclass
class Columns:
    """The message table gathered column by column (no row-by-row frame appends)."""

    at: list[datetime] = field(default_factory=list)
    sender: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    position: list[int] = field(default_factory=list)
    #: the zone a reader turns instants into wall-clock times in (None: UTC)
    zone: str | None = None

    def add(self, at: datetime, sender: str, text: str, kind: MessageKind, position: int) -> None:
        """One message; strings are made safe for Polars here."""
        self.at.append(at)
        self.sender.append(safe_text(sender))
        self.text.append(safe_text(text))
        self.kind.append(kind)
        self.position.append(position)

    def reverse(self) -> None:
        """Turn a newest-first list into file-to-chronological order."""
        for column in (self.at, self.sender, self.text, self.kind, self.position):
            column.reverse()

    def frame(self) -> pl.DataFrame:
        """The message table with exactly `MESSAGE_SCHEMA`."""
        columns: dict[str, list[object]] = {
            "at": [*self.at],
            "sender": [*self.sender],
            "text": [*self.text],
            "kind": [*self.kind],
            "position": [*self.position],
        }
        return messages_frame(columns)


#: what an entry reader returns for an entry that is not a message (a service or notice entry)
SYSTEM: Final = "system"


def gather(
    entries: list[object],
    read_entry: Callable[[object, int, Columns], str | None],
    zone: str | None = None,
) -> tuple[Columns, list[Skip], int]:
    """Read every entry: the messages' columns, the skips, how many entries were `SYSTEM`.

    `read_entry(entry, position, columns)` adds a message and returns None, or returns
    `SYSTEM`, or the reason the entry was skipped. Positions count from 1.
    """
    columns = Columns(zone=zone)
    skipped: list[Skip] = []
    system = 0
    for position, entry in enumerate(entries, start=1):
        why = read_entry(entry, position, columns)
        if why == SYSTEM:
            system += 1
        elif why is not None:
            skipped.append(Skip(position, why, unit="message"))
    return columns, skipped, system


def shown(value: object) -> str:
    """A value as a Skip reason quotes it: short text or a number as written, else its kind."""
    if isinstance(value, str):
        return repr(value[:40] + "…" if len(value) > 40 else value)
    if value is None:
        return "nothing"
    if isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < 10**40):
        return repr(value)
    return describe(value)


def describe(value: object) -> str:
    """What a JSON value is, for error messages: `a list`, `text`, `null`…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
