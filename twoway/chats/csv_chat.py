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
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

import polars as pl

from twoway.chats.csv_chat_fast import FIRST_YEAR, LAST_YEAR, MILLIS_FROM, fast_rows
from twoway.chats.messages import (
    MESSAGE_SCHEMA,
    Chat,
    ChatError,
    ReadOptions,
    Skip,
    check_zone,
    decode,
    in_zone,
)

NAME: Final = "csv"
LABEL: Final = "CSV (timestamp,sender,text)"

REQUIRED: Final = ("timestamp", "sender", "text")
_DELIMITERS: Final = (",", ";", "\t")
_EPOCH: Final = datetime(1970, 1, 1)
_BOM: Final = b"\xef\xbb\xbf"
_LINE_END = re.compile(r"\r\n|\r|\n")  # where io.StringIO(text, newline="") ends lines
#: The messages read, before they become `MESSAGE_SCHEMA`'s table.
_MESSAGE_ROW: Final = pl.Schema(
    [
        ("at", pl.Datetime("us")),
        ("sender", pl.String()),
        ("text", pl.String()),
        ("position", pl.Int64()),
        ("instant", pl.Boolean()),  # `at` is a UTC instant, not wall-clock time
    ]
)

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[Tt ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"\s*(?:(?P<z>[Zz])|(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)?"
)
_NUMBER = re.compile(r"(?P<whole>\d{1,15})(?:\.(?P<frac>\d{1,9}))?")
_SNIFF_BYTES: Final = 64 * 1024
_HEAD_BYTES: Final = 1 << 20  # where the header is looked for by the fast path


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
    for line in _Lines(text):
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
            if whole >= MILLIS_FROM:
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
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        return f"the timestamp {value[:40]!r} is outside the years 2-9998"
    return at, instant


def _rows(lines: Iterable[str], delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV row with the line it starts on (the reader counts where rows end)."""
    reader = csv.reader(lines, delimiter=delimiter)
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


class _Lines:
    """The text's lines as `io.StringIO(text, newline="")` gives them, counting what was given."""

    def __init__(self, text: str) -> None:
        self.text, self.given, self.count = text, 0, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        start = self.given
        if start >= len(self.text):
            raise StopIteration
        end = _LINE_END.search(self.text, start)
        self.given = end.end() if end is not None else len(self.text)
        self.count += 1
        return self.text[start : self.given]


#: A message as a row gives it: (at, sender, text, position, whether `at` is a UTC instant).
_Message = tuple[datetime, str, str, int, bool]


def _judge(
    line: int, row: list[str], columns: dict[str, int], width: int
) -> _Message | Skip | None:
    """The message a row after the header holds, or why not; None for a blank row."""
    if not _filled(row):
        return None
    stamp, sender, words = (
        row[columns[name]] if columns[name] < len(row) else None for name in REQUIRED
    )
    if stamp is None or sender is None or words is None:
        return Skip(line, f"the row has {len(row)} fields; the header has {width}")
    time = _time(stamp)
    if isinstance(time, str):
        return Skip(line, time)
    sender = sender.strip()
    if not sender:
        return Skip(line, "no sender")
    return time[0], sender, words.replace("\r\n", "\n"), line, time[1]


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """The messages of a timestamp,sender,text CSV file, in file order.

    Polars reads the rows after the header when they are plain CSV (`csv_chat_fast`);
    any other file is read row by row (`read_rows`), with the same result.
    """
    tz = check_zone(options.tz, source)
    chat = _read_fast(data, source, tz)
    return chat if chat is not None else read_rows(data, source, options)


def _read_fast(data: bytes, source: str, tz: str | None) -> Chat | None:
    """`read` with Polars; None when only `read_rows` can be sure of the result.

    Only the head of the file (up to the header) is decoded here: Polars checks
    that the rest is UTF-8 as it splits it. An error in the head (a bad header, a
    field too long) is left to `read_rows`, which names a bad byte further on first.
    """
    bom = len(_BOM) if data.startswith(_BOM) else 0
    whole = len(data) - bom <= _HEAD_BYTES
    cut = len(data) if whole else data.rfind(b"\n", bom, bom + _HEAD_BYTES) + 1
    try:
        head = data[bom:cut].decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = _delimiter(_first_line(head))
    lines = _Lines(head)
    try:
        header = next(
            (found for found in _rows(lines, delimiter, source) if _filled(found[1])), None
        )
        # The header must end before the head does: a quoted field may go on after it.
        if header is None or not (whole or lines.given < len(head)):
            return None
        columns = _columns(header[1], header[0], delimiter, source)
    except ChatError:
        return None
    start = bom + len(head[: lines.given].encode("utf-8"))
    limit = csv.field_size_limit()
    try:
        rows = fast_rows(data[start:], delimiter, columns, lines.count + 1, limit)
    except pl.exceptions.PolarsError:
        return None  # bytes that are not UTF-8 (read_rows names them) or a shape it refused
    if rows is None:
        return None
    width = len(header[1])
    found: list[int] = []  # the rows judged here that are messages
    times: list[datetime] = []
    instants: list[bool] = []
    skipped: list[Skip] = []
    for row, line, stamp, sender, words, raw in rows.unsure.iter_rows():
        # The row as Python's csv splits it, with the needed fields as read ("\r" kept).
        fields = _one_row(raw, delimiter)
        if fields is None:
            return None  # not one row after all: do not guess
        for name, value in zip(REQUIRED, (stamp, sender, words), strict=True):
            if columns[name] < len(fields):
                fields[columns[name]] = value
        outcome = _judge(line, fields, columns, width)
        if isinstance(outcome, Skip):
            skipped.append(outcome)
        elif outcome is not None:
            # Its sender and text are the table's: the same fields, stripped and
            # with "\r\n" made "\n" alike; only its time needed Python.
            found.append(row)
            times.append(outcome[0])
            instants.append(outcome[4])
    table = rows.rows
    if found:
        index = pl.Series(found, dtype=pl.Int64)
        table = table.with_columns(
            table["at"].clone().scatter(index, pl.Series(times, dtype=pl.Datetime("us"))),
            table["instant"].clone().scatter(index, instants),
            table["message"].clone().scatter(index, True),
        )
    return _chat(source, table.filter("message"), skipped, tz)


def _one_row(raw: str, delimiter: str) -> list[str] | None:
    """The fields of a row's text; None unless it is exactly one row Python's csv reads."""
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    try:
        fields = next(reader, [])
        return fields if next(reader, None) is None else None
    except csv.Error:
        return None


def read_rows(data: bytes, source: str, options: ReadOptions) -> Chat:
    """`read`, row by row with Python's csv module: the reference for any file."""
    tz = check_zone(options.tz, source)
    text = decode(data, source)
    delimiter = _delimiter(_first_line(text))
    columns: dict[str, int] | None = None
    width = 0
    messages: list[_Message] = []
    skipped: list[Skip] = []
    lines = io.StringIO(text, newline="")
    for line, row in _rows(lines, delimiter, source):
        if columns is None:
            if _filled(row):
                columns = _columns(row, line, delimiter, source)
                width = len(row)
            continue
        outcome = _judge(line, row, columns, width)
        if isinstance(outcome, Skip):
            skipped.append(outcome)
        elif outcome is not None:
            messages.append(outcome)
    if columns is None:
        raise _empty(source)
    frame = pl.DataFrame(messages, schema=_MESSAGE_ROW, orient="row")
    return _chat(source, frame, skipped, tz)


def _filled(row: list[str]) -> bool:
    """Whether a row has a field that is not blank (blank rows are passed over)."""
    return any(field.strip() for field in row)


def _empty(source: str) -> ChatError:
    return ChatError(
        source, f"the file is empty; expected a header line {','.join(REQUIRED)} and messages"
    )


def _chat(source: str, frame: pl.DataFrame, skipped: list[Skip], tz: str | None) -> Chat:
    """The Chat of the messages read (`_MESSAGE_ROW`'s columns; more are ignored)."""
    if not frame.height:
        raise ChatError(source, "no messages: no row after the header could be read")
    kind = pl.lit("text").alias("kind")
    messages = frame.select("at", "sender", "text", kind, "position").cast(MESSAGE_SCHEMA)
    instants = frame["instant"]
    if tz is not None and instants.any():
        local = in_zone(messages, tz)["at"]
        messages = messages.with_columns(
            pl.when(instants).then(local).otherwise(pl.col("at")).alias("at")
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
