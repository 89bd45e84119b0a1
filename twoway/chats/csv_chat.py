"""A chat as a plain CSV file: a header with `timestamp`, `sender` and `text`, one row per message.

    timestamp,sender,text
    2023-01-05 10:00:00,Alice,Hey! Are we still on for Saturday?
    2023-01-05T10:01:12+01:00,Sam,"Yes!
    Bringing the board games."

Decisions:

* The header is the first non-blank line. Its names are trimmed and compared without
  case, in any order; other columns are ignored. A missing (or doubled) column is an
  error naming the header line. Commas separate fields; a header that only makes
  sense split on ";" or tabs (spreadsheet exports in many locales) is read that way.
* A quoted field may hold line breaks: the row is one message, its `position` the
  line where the row starts. Blank lines (and rows of empty fields) are passed over.
* `timestamp` is ISO 8601 date and time (`T` or a space between, seconds and a
  fraction optional) or a number of seconds since 1970 (milliseconds when it is
  10^11 or more). A time with an offset (`Z`, `+02:00`) and an epoch number are
  instants: they become wall-clock time in `ReadOptions.tz` (an IANA name; unknown
  names are an error), UTC when it is None. A time without offset is already
  wall-clock time and is taken as written. Times outside the years 2-9998 are skipped.
* A row with an unreadable timestamp, an empty sender or too few fields is a `Skip`.
* The file is one chat whose senders are written out: `ReadOptions.chat` and `.me`
  are ignored.
* Every message is kind "text"; an empty `text` is a message with empty text (it was
  sent; the words are zero), not a skip. Senders are trimmed; the text is kept as
  written, with "\\r\\n" inside quoted fields made "\\n".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

import polars as pl

from twoway.chats.messages import (
    Chat,
    ChatError,
    ReadOptions,
    Skip,
    check_zone,
    decode,
    in_zone,
    messages_frame,
)

NAME: Final = "csv"
LABEL: Final = "CSV (timestamp,sender,text)"

REQUIRED: Final = ("timestamp", "sender", "text")
_DELIMITERS: Final = (",", ";", "\t")
_EPOCH: Final = datetime(1970, 1, 1)
_FIRST_YEAR, _LAST_YEAR = 2, 9998  # so that a zone's offset keeps every time in range
_MILLIS_FROM: Final = 10**11  # 10^11 s is the year 5138; 10^11 ms is 1973

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[Tt ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?:(?P<z>[Zz])|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)?"
)
_NUMBER = re.compile(r"(?P<whole>\d{1,15})(?:\.(?P<frac>\d{1,9}))?")
_SNIFF_BYTES: Final = 64 * 1024


def _names(fields: list[str]) -> list[str]:
    return [f.strip().casefold() for f in fields]


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _delimiter(first_line: str) -> str:
    """The separator that makes the header hold all three columns; "," when none does."""
    for delimiter in _DELIMITERS:
        if set(REQUIRED) <= set(_names(_split(first_line, delimiter))):
            return delimiter
    return ","


def _first_line(text: str) -> str:
    # Line by line: the file may be large, and only its first line is wanted.
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return line.rstrip("\r\n")
    return ""


def sniff(data: bytes, source: str) -> str | None:
    """None when the first non-blank line is a header with timestamp, sender and text."""
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    line = _first_line(head)
    if not line:
        return "the file has no text"
    names = set(_names(_split(line, _delimiter(line))))
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        return f"the first line is not a header with the columns {', '.join(REQUIRED)}"
    return None


def _utc(at: datetime) -> datetime:
    """An aware time as the naive UTC instant."""
    return at.astimezone(UTC).replace(tzinfo=None)


def _time(value: str) -> tuple[datetime, bool] | str:
    """A timestamp cell as (time, whether it is a UTC instant), or why it cannot be read.

    Epoch numbers and times with an offset are instants (naive UTC, converted to the
    reader's zone at the end); times without an offset are wall-clock already.
    """
    value = value.strip()
    if not value:
        return "no timestamp"
    try:
        number = _NUMBER.fullmatch(value)
        if number is not None:
            whole, frac = int(number["whole"]), number["frac"] or ""
            if whole >= _MILLIS_FROM:
                micros = whole * 1000 + int(frac[:3].ljust(3, "0"))
            else:
                micros = whole * 1_000_000 + int(frac[:6].ljust(6, "0"))
            at, instant = _EPOCH + timedelta(microseconds=micros), True
        else:
            iso = _ISO.fullmatch(value)
            if iso is None:
                return (
                    f"the timestamp {value[:40]!r} is neither ISO 8601 date and time "
                    "(2023-01-05 10:00:00) nor seconds since 1970"
                )
            at = datetime(
                int(iso["y"]),
                int(iso["mo"]),
                int(iso["d"]),
                int(iso["h"]),
                int(iso["mi"]),
                int(iso["s"] or 0),
                int((iso["f"] or "")[:6].ljust(6, "0")),
            )
            instant = bool(iso["z"] or iso["sign"])
            if iso["sign"]:
                offset = timedelta(hours=int(iso["oh"]), minutes=int(iso["om"] or 0))
                if offset >= timedelta(hours=24):
                    return f"the timestamp {value[:40]!r} has an offset of 24 hours or more"
                offset = -offset if iso["sign"] == "-" else offset
                at = _utc(at.replace(tzinfo=timezone(offset)))
    except (ValueError, OverflowError):
        return f"the timestamp {value[:40]!r} is not a real date and time"
    if not _FIRST_YEAR <= at.year <= _LAST_YEAR:
        return f"the timestamp {value[:40]!r} is outside the years 2-9998"
    return at, instant


def _rows(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV row with the line it starts on (the reader counts where rows end)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ChatError(source, f"the CSV cannot be read: {exc}", end + 1) from None
        # Every physical line is consumed by some row (blank ones as []), so a row
        # starts on the line after the one the previous row ended on.
        start, end = end + 1, reader.line_num
        yield start, row


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """The messages of a timestamp,sender,text CSV file, in file order."""
    tz = check_zone(options.tz, source)
    text = decode(data, source)
    delimiter = _delimiter(_first_line(text))
    columns: dict[str, int] | None = None
    width = 0
    rows: list[tuple[datetime, str, str, str, int]] = []
    skipped: list[Skip] = []
    instants: list[bool] = []  # per row: its time is a UTC instant, not wall-clock

    for line, row in _rows(text, delimiter, source):
        if not any(field.strip() for field in row):
            continue
        if columns is None:
            columns = _columns(row, line, delimiter, source)
            width = len(row)
            continue
        stamp, sender, words = (
            row[columns[name]] if columns[name] < len(row) else None for name in REQUIRED
        )
        if stamp is None or sender is None or words is None:
            skipped.append(Skip(line, f"the row has {len(row)} fields; the header has {width}"))
            continue
        time = _time(stamp)
        if isinstance(time, str):
            skipped.append(Skip(line, time))
            continue
        sender = sender.strip()
        if not sender:
            skipped.append(Skip(line, "no sender"))
            continue
        rows.append((time[0], sender, words.replace("\r\n", "\n"), "text", line))
        instants.append(time[1])

    if columns is None:
        raise ChatError(
            source, f"the file is empty; expected a header line {','.join(REQUIRED)} and messages"
        )
    if not rows:
        raise ChatError(source, "no messages: no row after the header could be read")
    messages = messages_frame(rows)
    if tz is not None and any(instants):
        local = in_zone(messages, tz)["at"]
        messages = messages.with_columns(
            pl.when(pl.Series(instants)).then(local).otherwise(pl.col("at")).alias("at")
        )
    return Chat(
        format=NAME,
        source=source,
        messages=messages,
        skipped=tuple(skipped),
        unit="line",
    )


def _columns(header: list[str], line: int, delimiter: str, source: str) -> dict[str, int]:
    """Where each required column is; an error naming what is missing or doubled."""
    names = _names(header)
    shown = delimiter.join(header)
    if len(shown) > 200:
        shown = shown[:200] + "…"
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ChatError(
            source,
            f"the header `{shown}` has no column {', '.join(missing)}; a CSV chat needs "
            f"the columns {', '.join(REQUIRED)} (in any order, other columns ignored)",
            line,
        )
    doubled = [name for name in REQUIRED if names.count(name) > 1]
    if doubled:
        raise ChatError(
            source,
            f"the header `{shown}` names {', '.join(doubled)} more than once",
            line,
        )
    return {name: names.index(name) for name in REQUIRED}
