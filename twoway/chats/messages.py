"""The normalized message table every chat reader produces, and what readers share.

A reader turns one export (bytes) into a `Chat`: its messages as a Polars frame
with exactly `MESSAGE_SCHEMA`, in file order, plus what it could not read
(`Skip`). Everything after reading (conversations, plans, ledger events) works
on this table alone, so a new format is one new module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

import polars as pl

from twoway.errors import TwowayError

#: What a message is: written text, a media placeholder (a photo, a contact card, a
#: video note, view-once media), a call record, a deleted message, a poll, or a
#: shared location.
MessageKind = Literal["text", "media", "call", "deleted", "poll", "location"]
MESSAGE_KINDS: Final = ("text", "media", "call", "deleted", "poll", "location")

#: The columns of every reader's `Chat.messages`, in this order.
#: `at` is the wall-clock time the export gives (naive); `position` is where the
#: message starts in the file: its line for line-based formats (1-based), its
#: index among the export's entries for JSON and XML (1-based).
MESSAGE_SCHEMA: Final = pl.Schema(
    [
        ("at", pl.Datetime("us")),
        ("sender", pl.String()),
        ("text", pl.String()),
        ("kind", pl.String()),
        ("position", pl.Int64()),
    ]
)

PositionUnit = Literal["line", "message", "byte"]


@dataclass(frozen=True, slots=True)
class Skip:
    """A part of the file that was not understood as a message, and why."""

    position: int
    reason: str
    unit: PositionUnit = "line"

    def where(self) -> str:
        """`line 12`, `message 5` or `byte 1024`."""
        return f"{self.unit} {self.position}"

    def to_dict(self) -> dict[str, object]:
        """The JSON form: `{"line": 12, "reason": "..."}` (the key is the unit)."""
        return {self.unit: self.position, "reason": self.reason}


@dataclass(frozen=True)
class Chat:
    """One chat as read from one export: its messages in file order, and what was skipped."""

    format: str
    source: str
    messages: pl.DataFrame
    skipped: tuple[Skip, ...] = ()
    #: the chat's name when the export gives one (a group's subject, a channel)
    title: str = ""
    #: what `position` counts in this format
    unit: PositionUnit = "line"
    #: lines or entries understood as not being messages (system and service lines)
    system: int = 0
    #: what the reader decided that a person may want to check (a WhatsApp date order)
    notes: tuple[str, ...] = ()
    #: pairs of names the export itself says are one person (old name, new name)
    links: tuple[tuple[str, str], ...] = ()
    #: pairs of names written alike ("~ Leon", "Leon") that are kept as two people
    spellings: tuple[tuple[str, str], ...] = ()

    @property
    def participants(self) -> list[str]:
        """Everyone who sent at least one message, in order of their first message."""
        return self.messages["sender"].unique(maintain_order=True).to_list()


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Choices a reader may need: WhatsApp's date order, one chat of a whole-account export."""

    #: "dmy", "mdy" or "ymd"; None decides from the whole file
    date_order: str | None = None
    #: for exports holding several chats (Telegram's whole account): the chat's name or id
    chat: str | None = None
    #: your name, for formats that do not write it on your own messages (SMS)
    me: str | None = None
    #: IANA zone for formats that store instants (Messenger, Instagram, Discord, SMS):
    #: their times become wall-clock times there; None keeps UTC
    tz: str | None = None
    #: the newest time a message can carry (the file's modification time, an upload's
    #: moment); later messages are set aside with a note. None checks only the past.
    latest: datetime | None = None
    #: pairs of names to read as one person: (as written, as it should read)
    same: tuple[tuple[str, str], ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)


class ChatError(TwowayError):
    """An export that cannot be read: names the file, where, and what was expected."""

    default_code = "bad_chat"

    def __init__(
        self,
        source: str,
        message: str,
        position: int | None = None,
        unit: PositionUnit = "line",
        *,
        code: str | None = None,
        **fields: Any,
    ) -> None:
        self.source, self.position, self.unit = source, position, unit
        where = f", {unit} {position}" if position is not None else ""
        super().__init__(
            f"{source}{where}: {message}",
            code=code,
            source=source,
            detail=message,
            **{unit: position},
            **fields,
        )


def empty_messages() -> pl.DataFrame:
    """A message table with no rows."""
    return pl.DataFrame(schema=MESSAGE_SCHEMA)


def messages_frame(
    rows: Iterable[tuple[datetime, str, str, str, int]] | Mapping[str, list[object]],
) -> pl.DataFrame:
    """A message table from (at, sender, text, kind, position) tuples or from columns."""
    if isinstance(rows, Mapping):
        return pl.DataFrame(dict(rows), schema=MESSAGE_SCHEMA)
    return pl.DataFrame(list(rows), schema=MESSAGE_SCHEMA, orient="row")


def decode(data: bytes, source: str) -> str:
    """UTF-8 text without its byte-order mark; bad bytes are an error naming their offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        base = 3
    else:
        base = 0
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ChatError(
            source,
            f"the bytes at offset {exc.start + base} (line {line}) are not UTF-8 text; "
            "is this the export file itself, complete and unchanged?",
            exc.start + base,
            "byte",
        ) from None


def check_zone(tz: str | None, source: str) -> str | None:
    """The zone name when Polars knows it (None stays None); an unknown one is a `ChatError`."""
    if tz is None:
        return None
    try:
        pl.Series([0], dtype=pl.Datetime("us")).dt.replace_time_zone("UTC").dt.convert_time_zone(tz)
    except (pl.exceptions.PolarsError, ValueError, TypeError):
        raise ChatError(
            source,
            f"unknown time zone {tz!r}; expected an IANA name such as Europe/Paris or America/New_York",
        ) from None
    return tz


def in_zone(frame: pl.DataFrame, tz: str | None) -> pl.DataFrame:
    """The frame with `at` (UTC instants) turned into wall-clock times in `tz`; None keeps UTC."""
    if tz is None:
        return frame
    return frame.with_columns(
        pl.col("at")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(tz)
        .dt.replace_time_zone(None)
        .cast(pl.Datetime("us"))  # MESSAGE_SCHEMA's `at`
    )


def sniff_text(head: bytes) -> str:
    """The start of a file as text for sniffing: UTF-8 without its byte-order mark, bad bytes replaced."""
    return head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def as_utf8(data: bytes, source: str) -> tuple[bytes, tuple[str, ...]]:
    """The bytes as UTF-8 text with "\\n" line ends, and notes on what was changed.

    Phones and editors also write UTF-16 (with or without a byte-order mark) and old
    Mac line ends ("\\r" alone); a file cut inside its last character is read up to
    it. Each check looks at the start or the end of the file only, so a plain UTF-8
    export costs nothing.
    """
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    notes: list[str] = []
    utf16 = _utf16(data)
    if utf16:
        try:
            data = data.decode(utf16).removeprefix("\ufeff").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise ChatError(
                source,
                f"the file is UTF-16 text but the bytes at offset {exc.start} are not; "
                "is it the export file itself, complete and unchanged?",
                exc.start,
                "byte",
            ) from None
    head = data[: 64 * 1024]
    if b"\r" in head and b"\n" not in head and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
    cut = _cut_character(data)
    if cut:
        data = data[:-cut]
        notes.append(
            f"{name}: the file ends inside a character (was it cut short?); "
            "it was read up to that character."
        )
    return data, tuple(notes)


def _utf16(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the bytes are UTF-16 text, else None."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    # Latin text in UTF-16 has a zero byte in every other place: odd places for
    # little-endian, even ones for big-endian.
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _cut_character(data: bytes) -> int:
    """How many bytes at the end are the start of a UTF-8 character cut short (0-3)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return 0
        if byte >= 0xC0:  # a leading byte: how long its character should be
            size = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return back if size > back else 0
    return 0
