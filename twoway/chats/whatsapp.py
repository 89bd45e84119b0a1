"""WhatsApp's "Export chat" file (.txt, or the .zip a phone shares) as the message table.

Android writes one message per line as ``12/03/2021, 14:05 - Name: text``, iOS as
``[12/03/2021, 14:05:22] Name: text`` (often after U+200E). The date and clock follow
the phone's locale: day, month or year first, ``/ . -`` between them, 2- or 4-digit
years, 12- or 24-hour clocks with markers such as ``PM``, ``p. m.``, ``nachm.`` or
``午後`` (before the time in Japanese, Korean and Chinese).

Decisions:

* A line that does not start with a header continues the message above; it is
  joined with "\\n" (a trailing "\\r" is dropped). Lines before the first header
  are `Skip`s; lines after a system line or a skipped header go with it.
* The date order is decided from the whole file: a first field above 12 means
  day first, a second field above 12 means month first, a 4-digit first field
  means year first. When every date fits both day and month first, the order
  under which the times go backwards fewer times wins; a tie is an error asking
  for ``--date-order`` (`ReadOptions.date_order`, which always wins).
* Headers whose date or time is impossible under that order are `Skip`s.
* Lines without a sender (Android), the encryption notice in any wording (when a
  text starts with it, full stop included), and group events that iOS attributes
  to someone but marks with U+200E are system lines: counted in `Chat.system`,
  not messages.
* ``kind`` is "media", "deleted" or "call" for WhatsApp's placeholders, judged on
  the message's first line; the text keeps them as written. The note
  ``<This message was edited>`` is taken out of the text.
* Sender names lose the invisible marks phones add and the "~ " WhatsApp puts
  before people who are not in your contacts; message text is kept as written.

The phrases (AM/PM markers, placeholders, system notices) are data, in
``whatsapp_phrases.toml`` next to this module.

Reading is vectorised with Polars, without a Python loop over lines: a generated
1,000,000-message export (48 MB) reads in about half a second on two cores.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, Final

import polars as pl

from twoway.chats.messages import Chat, ChatError, ReadOptions, Skip, decode

NAME: Final = "whatsapp"
LABEL: Final = "WhatsApp (.txt or .zip)"
DATE_ORDERS: Final = ("dmy", "mdy", "ymd")
_ORDER_WORDS: Final = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}

_PHRASES: Final[dict[str, Any]] = tomllib.loads(
    Path(__file__).with_name("whatsapp_phrases.toml").read_text(encoding="utf-8")
)

#: Invisible marks phones put around names, numbers and placeholders.
MARKS: Final = "\u200e\u200f\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff"
#: Spaces a header may hold: plain, no-break, narrow no-break (before AM/PM), thin.
_SPACES: Final = " \u00a0\u202f\u2009"
_M: Final = f"[{MARKS}]"
_GAP: Final = f"[{_SPACES}{MARKS}]"

#: AM/PM marker as written -> "am" or "pm" (spaces inside a marker normalised to " ").
AMPM: Final[dict[str, str]] = dict.fromkeys(_PHRASES["clock"]["am"], "am") | dict.fromkeys(
    _PHRASES["clock"]["pm"], "pm"
)


def _alternation(words: list[str] | tuple[str, ...] | dict[str, str]) -> str:
    """A regex matching any of the words, longest first (so "a.m." beats "a")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MARKER: Final = _alternation(AMPM).replace(r"\ ", f"[{_SPACES}]")
#: Words some locales put between date and time ("12/03/2021 à 14:05", "klo 14.05").
_CONNECT: Final = _alternation(_PHRASES["clock"]["connectors"])
_DATE: Final = rf"[0-9]{{1,4}}{_M}*[./-]{_M}* ?[0-9]{{1,2}}{_M}*[./-]{_M}* ?[0-9]{{1,4}}\.?"
#: What comes between the date and the time: a comma, spaces, maybe a word.
_LEAD: Final = rf"(?:,{_GAP}*|{_GAP}+(?:(?:{_CONNECT}){_GAP}+)?)"
_TIME: Final = (
    rf"(?:(?:{_MARKER}){_GAP}*)?[0-9]{{1,2}}[:.][0-9]{{2}}(?:[:.][0-9]{{2}})?"
    rf"(?:{_GAP}*(?:{_MARKER}))?"
)
#: What ends a header: "] " (iOS) or " - " (Android).
_END: Final = rf"(?:{_GAP}*\] ?|{_GAP}+[-–]{_GAP})"
#: A header: `12/03/2021, 14:05 - ` (Android) or `[12/03/2021, 14:05:22] ` (iOS).
HEADER: Final = rf"^{_M}*\[?{_M}*{_DATE}{_LEAD}{_TIME}{_END}"

# The header is read in two pieces, each once per distinct value: the date (a
# prefix of the line: marks, "[", the date, then a comma or space), and what
# follows it up to the first ": " (the time, the end of the header, the sender).
_DATE_KEY: Final = (
    rf"^(?P<lead>{_M}*\[?{_M}*)(?P<date>(?P<s1>[0-9]{{1,4}}){_M}*[./-]{_M}* ?"
    rf"(?P<s2>[0-9]{{1,2}}){_M}*[./-]{_M}* ?(?P<s3>[0-9]{{1,4}})\.?)[,{_SPACES}{MARKS}]"
)
#: A key that is only the start of a date (the key was cut too short to tell).
_DATE_START: Final = rf"^{_M}*\[?{_M}*[0-9][0-9./\-{_SPACES}{MARKS}]*$"
_TIME_KEY: Final = (
    rf"^{_LEAD}(?P<clock>(?:(?P<before>{_MARKER}){_GAP}*)?(?P<h>[0-9]{{1,2}})[:.]"
    rf"(?P<m>[0-9]{{2}})(?:[:.](?P<s>[0-9]{{2}}))?(?:{_GAP}*(?P<after>{_MARKER}))?)"
    rf"{_END}(?P<who>.*)$"
)

_KINDS: Final = _PHRASES["kinds"]
_SYSTEM: Final = _PHRASES["system"]
_MEDIA: Final = (
    rf"^{_M}*(?:{_alternation(_KINDS['media'])}|{'|'.join(_KINDS['media_patterns'])}){_M}*$"
)
_MEDIA_END: Final = rf"(?:{'|'.join(_KINDS['media_endings'])}){_M}*$"
_DELETED: Final = rf"^{_M}*(?:{_alternation(_KINDS['deleted'])})\.?{_M}*$"
_CALL: Final = rf"^{_M}*(?:{_alternation(_KINDS['calls'])})(?:[,.•(].*)?$"
_EDITED: Final = rf"[ {MARKS}]*<(?:{_alternation(_KINDS['edited'])})>$"
_NOTICE: Final = rf"^{_M}*(?:{'|'.join(_SYSTEM['notices'])})$"
_EVENT: Final = rf"^{_M}+(?:{'|'.join(_SYSTEM['events'])}){_M}*\.?$"
_SUBJECT: Final = _alternation(_SYSTEM["subject_pieces"])
#: What may start a placeholder or a notice: the exact checks run on these (and on
#: texts ending like a placeholder or starting with U+200E) only.
_SPECIAL: Final = (
    rf"^{_M}*(?:{_alternation(_KINDS['media'])}|{'|'.join(_KINDS['media_patterns'])}"
    rf"|{_alternation(_KINDS['deleted'])}|{_alternation(_KINDS['calls'])}"
    rf"|{'|'.join(_SYSTEM['notices'])})"
)

# Sniffing looks at the first lines only, with Python's re (same syntax here).
_SNIFF_LINES: Final = 50
_SNIFF_BYTES: Final = 64 * 1024
_SNIFF_HEADER: Final = re.compile(HEADER)
_SECONDS: Final = re.compile(r"[0-9][:.][0-9]{2}[:.][0-9]{2}")
#: Signal's chat.md also writes `[2021-03-04, 18:20] Name:`; WhatsApp's bracketed
#: headers never start with an ISO date, so those are left to the Signal reader.
_ISO_BRACKET: Final = re.compile(rf"^{_M}*\[[0-9]{{4}}-")
_ZIP_MAGIC: Final = b"PK\x03\x04"
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    KeyError,
)
_TITLE: Final = re.compile(r"WhatsApp Chat (?:with|-|mit|con|avec|com) (.+?)(?:\.txt|\.zip)?$")


def sniff(data: bytes, source: str) -> str | None:
    """None when the bytes are a WhatsApp export (or a .zip holding one), else why not."""
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                name = _chat_member(archive)
                if name is None:
                    return "a .zip without a WhatsApp chat .txt in it"
                with archive.open(name) as member:
                    data = member.read(_SNIFF_BYTES)
        except _ZIP_ERRORS:
            return "a damaged .zip"
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    for line in head.split("\n")[:_SNIFF_LINES]:
        if _SNIFF_HEADER.match(line) and not _ISO_BRACKET.match(line):
            return None
    return "no line like `12/03/2021, 14:05 - Name: text` or `[12/03/2021, 14:05:22] Name: text`"


def read(data: bytes, source: str, options: ReadOptions) -> Chat:
    """The messages of one WhatsApp export, in file order; `data` is the .txt or the .zip."""
    order = options.date_order.strip().lower() if options.date_order else None
    if order is not None and order not in DATE_ORDERS:
        raise ChatError(
            source, f"unknown date order {options.date_order!r}; use one of dmy, mdy, ymd"
        )
    title = _title(source)
    if data.startswith(_ZIP_MAGIC):
        inner, data = _unzip(data, source)
        title = _title(inner) or title
    lines = _lines(data, source)
    return _parse(lines, source, order, title)


# --- bytes to lines -------------------------------------------------------------------


def _chat_member(archive: zipfile.ZipFile) -> str | None:
    """The chat's .txt inside a shared .zip: iOS's `_chat.txt`, Android's `WhatsApp Chat with X.txt`."""
    texts = [
        n
        for n in archive.namelist()
        if n.lower().endswith(".txt") and not n.startswith("__MACOSX/") and not n.endswith("/")
    ]
    for want in ("_chat.txt", "whatsapp chat"):
        for name in texts:
            if PurePosixPath(name).name.lower().startswith(want):
                return name
    return texts[0] if len(texts) == 1 else None


def _unzip(data: bytes, source: str) -> tuple[str, bytes]:
    """(member name, its bytes) of the chat .txt in a .zip, or an error naming the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            name = _chat_member(archive)
            if name is None:
                listed = ", ".join(archive.namelist()[:5]) or "nothing"
                raise ChatError(
                    source,
                    "this .zip holds no WhatsApp chat .txt (`_chat.txt` or "
                    f"`WhatsApp Chat with ….txt`); it holds {listed}",
                )
            return name, archive.read(name)
    except _ZIP_ERRORS as exc:
        raise ChatError(
            source, f"this .zip is damaged or incomplete ({exc}); share the chat again"
        ) from None


def _title(name: str) -> str:
    """The chat's name from `WhatsApp Chat with Sam.txt` (or `.zip`), else ""."""
    found = _TITLE.search(PurePosixPath(name.replace("\\", "/")).name)
    return found.group(1).strip() if found else ""


def _lines(data: bytes, source: str) -> pl.Series:
    """The file's lines as strings (line ends and a byte-order mark removed).

    Polars' CSV reader splits and checks the UTF-8 fastest, in parallel; it is
    given a separator byte the file does not hold, so each line is one field.
    """
    if not data or data.isspace():
        raise _no_messages(source)
    # (Both paths below drop a byte-order mark; decode's error offsets count it.)
    separator = next((c for c in "\x1f\x1e\x1d\x1c\x01\x02\x03" if c.encode() not in data), None)
    if separator is not None:
        try:
            frame = pl.read_csv(
                io.BytesIO(data),
                has_header=False,
                separator=separator,
                quote_char=None,
                new_columns=["line"],
                infer_schema=False,
                raise_if_empty=False,
            )
            if frame.width == 1 and frame.dtypes[0] == pl.String:
                return frame.to_series().fill_null("")
        except pl.exceptions.PolarsError:
            pass  # bad UTF-8 (decode below names the offset) or a shape the reader refused
    text = decode(data, source)
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return pl.Series("line", parts, dtype=pl.String).str.strip_suffix("\r")


def _no_messages(source: str) -> ChatError:
    return ChatError(
        source,
        "no WhatsApp messages were found; expected lines like "
        "`12/03/2021, 14:05 - Name: text` or `[12/03/2021, 14:05:22] Name: text`",
    )


# --- lines to messages ----------------------------------------------------------------
#
# Per-line work is done with cheap Polars string operations only (a prefix, finding
# ": ", byte slices), on the streaming engine; every regular expression runs on
# distinct values (dates, "time - sender" pieces, names), which are few compared
# with the lines.


def _stream(frame: pl.DataFrame, *exprs: pl.Expr, **named: pl.Expr) -> pl.DataFrame:
    """Row-wise expressions on `frame`, run by Polars' streaming engine, which works
    through the rows in batches on every core (twice as fast as an eager select here)."""
    return frame.lazy().select(*exprs, **named).collect(engine="streaming")


def _codes(values: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(distinct non-null values, each value's index among them; null stays null)."""
    distinct = values.to_frame("v").lazy().unique().drop_nulls().collect().to_series()
    table = pl.LazyFrame(
        {"v": distinct, "i": pl.int_range(len(distinct), eager=True, dtype=pl.UInt32)}
    )
    codes = (
        values.to_frame("v")
        .lazy()
        .join(table, on="v", how="left", maintain_order="left")
        .select("i")
        .collect(engine="streaming")
        .to_series()
    )
    return distinct, codes


def _parse(lines: pl.Series, source: str, order: str | None, title: str) -> Chat:
    filled = lines.str.len_bytes() > 0
    if not filled.any():
        raise _no_messages(source)
    # Trailing empty lines are the end of the file, not part of the last message.
    lines = lines.head(len(lines) - (filled.reverse().arg_max() or 0))
    del filled

    heads, frame, names, dates, clock = _headers(lines)
    del lines
    # Headers with a sender (Android writes system lines without one). A "sender"
    # holding a subject change is a system line whose subject has ": " in it.
    subject = names.str.contains(_SUBJECT).gather(heads["who"]).fill_null(False)
    sent = (heads["colon"].is_not_null() | heads["colon_end"]) & ~subject
    if not sent.any():
        raise _no_messages(source)
    del subject

    seconds = clock["seconds"].gather(heads["time_code"])
    order = order or _decide_order(dates, heads["date_code"], seconds, source)
    day = dates[order].gather(heads["date_code"]).cast(pl.Int64)
    at = ((day * 86_400 + seconds) * 1_000_000).cast(pl.Datetime("us"))
    del day, seconds
    skipped = _skips(frame, heads.filter(at.is_null()), dates, clock, order)
    # System lines and unreadable headers go first, so texts are cut for messages only.
    keep = at.is_not_null() & sent
    system = int((at.is_not_null() & ~sent).sum())
    # The text starts after the first ": " (ASCII, so the byte offset cuts whole
    # characters). A line ending in "Sam:" is a message whose text starts on the next line.
    heads = (
        heads.lazy()
        .with_columns(at=at, keep=keep)
        .filter("keep")
        .select(
            "position",
            "msg",
            "who",
            "at",
            "colon_end",
            first=pl.col("line").cast(pl.Binary).bin.slice(pl.col("colon") + 2).cast(pl.String),
        )
        .collect(engine="streaming")
    )
    del keep, sent, at
    first = _fill(heads["first"], heads["colon_end"], "")
    heads = heads.drop("first", "colon_end")
    kind, notice = _kinds(first)
    text = _with_continuations(first, heads["msg"], _continued(frame))
    del first, frame
    senders = pl.Series([_sender(n) for n in names.to_list()], dtype=pl.String)
    table = pl.DataFrame(
        {
            "at": heads["at"],
            "sender": senders.gather(heads["who"]),
            "text": _without_edit_note(text),
            "kind": kind,
            "position": heads["position"].cast(pl.Int64),
        }
    )
    del heads, text, kind
    if notice.any():  # notices that iOS attributes to a person (encryption, group events)
        system += int(notice.sum())
        table = table.filter(~notice)
    if table.is_empty():
        if skipped:
            first_skip = skipped[0]
            raise ChatError(
                source,
                f"no WhatsApp messages could be read; {first_skip.where()}: {first_skip.reason}",
            )
        raise _no_messages(source)
    return Chat(
        format=NAME,
        source=source,
        messages=table,
        skipped=tuple(skipped),
        title=title,
        unit="line",
        system=system,
    )


def _headers(
    lines: pl.Series,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series, pl.DataFrame, pl.DataFrame]:
    """Find the header lines and read their dates, times and senders.

    Returns (header lines: `position`, `line`, `msg`, `date_code`, `time_code`, `who`
    (a row of the names), `colon` (byte offset of the first ": ", null if none),
    `colon_end`; every line: `line`, `head`, `msg`, `position`; the names as written;
    the date table; the time table). `msg` counts the headers up to each line.
    """
    line = pl.col("line")
    sample = pl.concat([lines.head(2000), lines.tail(500)])
    width = _date_key_width(sample)
    split = _many_pieces(sample)
    colon = line.str.find(": ", literal=True)
    cut = _stream(
        lines.to_frame("line"),
        key=line.str.head(width),
        colon=colon,
        end=pl.coalesce(colon, line.str.len_bytes()),
        # where the header plainly ends ("] " or " - "), if the senders are keyed apart
        plain=pl.min_horizontal(
            line.str.find("] ", literal=True) + 2, line.str.find(" - ", literal=True) + 3
        )
        if split
        else pl.lit(None, dtype=pl.UInt32),
    )
    # 1. The date: a prefix of the line, read once per distinct prefix.
    dates, date_code = _date_codes(lines, cut["key"], width)
    # 2. What follows the date up to the first ": " (", 14:05 - Sam", ", 14:05:22] Sam",
    # or the rest of a line without one), read once per distinct piece. With seconds
    # or many people these pieces are many, so the sender is then cut off and keyed
    # on its own. The date is ASCII and so are ": ", "] " and " - ": these byte
    # offsets cut whole characters.
    pieces = pl.DataFrame(
        {"line": lines, "start": dates["start_bytes"].gather(date_code)}
    ).with_columns(cut["end"], cut["plain"])
    plain = pl.col("plain")
    plain_ok = (plain >= pl.col("start")) & (plain <= pl.col("end"))
    time_end = pl.when(plain_ok).then(plain).otherwise(pl.col("end"))
    raw = line.cast(pl.Binary)
    keys = _stream(
        pieces,
        time=raw.bin.slice("start", (time_end - pl.col("start")).clip(lower_bound=0)).cast(
            pl.String
        ),
        who=pl.when(plain_ok).then(raw.bin.slice(plain, pl.col("end") - plain).cast(pl.String)),
    )
    del pieces
    times, time_code = _codes(keys["time"])
    clock = _time_table(times)
    is_head = clock["ok"].gather(time_code).fill_null(False)
    frame = pl.DataFrame({"line": lines, "head": is_head, "msg": is_head.cum_sum()}).with_row_index(
        "position", offset=1
    )
    heads = (
        frame.with_columns(
            date_code=date_code, time_code=time_code, colon=cut["colon"], who=keys["who"]
        )
        .lazy()
        .filter(pl.col("head"))
        .with_columns(colon_end=pl.col("colon").is_null() & line.str.ends_with(":"))
        .drop("head")
        .collect(engine="streaming")
    )
    del keys, cut
    if split:
        named = heads["who"].fill_null(clock["who"].gather(heads["time_code"]))
        names, who = _codes(named)
    else:
        names, name_code = _codes(clock["who"])
        who = name_code.gather(heads["time_code"])
    return heads.with_columns(who=who), frame, names, dates, clock


def _many_pieces(sample: pl.Series) -> bool:
    """Whether the headers in `sample` have seconds or many senders, so that keying
    "time and sender" pieces together would give nearly one key per line."""
    senders = set()
    for line in sample.to_list():
        found = _SNIFF_HEADER.match(line)
        if found is None:
            continue
        if _SECONDS.search(found.group(0)):
            return True
        sender, colon, _ = line[found.end() :].partition(": ")
        if colon:
            senders.add(sender)
    return len(senders) > 6


def _fill(values: pl.Series, where: pl.Series, value: str) -> pl.Series:
    """`values` with `value` at the rows where `where` is true (few rows: a scatter)."""
    rows = where.arg_true()
    if rows.is_empty():
        return values
    return values.clone().scatter(rows, value)


def _kinds(first: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(kind, is a system notice) of each message from its first line's text.

    A cheap look picks the candidates (placeholders, notices, iOS-marked texts);
    the exact patterns run on those only.
    """
    kind = pl.repeat("text", len(first), eager=True, dtype=pl.String)
    notice = pl.repeat(False, len(first), eager=True, dtype=pl.Boolean)
    t = pl.col("t")
    rows = (
        _stream(
            first.to_frame("t"),
            t.str.contains(_SPECIAL) | t.str.contains(_MEDIA_END) | t.str.starts_with("\u200e"),
        )
        .to_series()
        .arg_true()
    )
    if rows.is_empty():
        return kind, notice
    found = (
        first.gather(rows)
        .to_frame("t")
        .select(
            pl.when(t.str.contains(_MEDIA) | t.str.contains(_MEDIA_END))
            .then(pl.lit("media"))
            .when(t.str.contains(_DELETED))
            .then(pl.lit("deleted"))
            .when(t.str.contains(_CALL))
            .then(pl.lit("call"))
            .otherwise(pl.lit("text"))
            .alias("kind"),
            (t.str.contains(_NOTICE) | t.str.contains(_EVENT)).fill_null(False).alias("notice"),
        )
    )
    return kind.scatter(rows, found["kind"]), notice.scatter(rows, found["notice"])


def _date_key_width(sample: pl.Series) -> int:
    """How many characters of a line to take as its date key: the widest date (with
    the marks and "[" before it) among the sampled lines, plus one."""
    found = sample.str.extract_groups(_DATE_KEY).struct.unnest()
    widest = (found["lead"].str.len_chars() + found["date"].str.len_chars()).max()
    return widest + 1 if isinstance(widest, int) else 12


def _date_codes(lines: pl.Series, keys: pl.Series, width: int) -> tuple[pl.DataFrame, pl.Series]:
    """(a table of distinct date keys, each line's row in it).

    A key is the first `width` characters of a line. Lines whose key is only the
    start of a date (a date wider than the sampled ones) are keyed again, wider.
    """
    distinct, codes = _codes(keys)
    tables = [_date_table(distinct, width)]
    pending = tables[0]["cut"].gather(codes).arg_true()
    offset = len(tables[0])
    while len(pending) and width < 48:
        width += 8
        more, more_codes = _codes(lines.gather(pending).str.head(width))
        table = _date_table(more, width)
        codes = codes.scatter(pending, more_codes + offset)
        pending = pending.filter(table["cut"].gather(more_codes))
        tables.append(table)
        offset += len(table)
    return pl.concat(tables), codes


def _date_table(keys: pl.Series, width: int) -> pl.DataFrame:
    """Each distinct date key: where its date ends (`start` of the rest, in characters),
    its three numbers, and its day (days since 1970) under each order, null where it
    is no date under that order. `cut` marks keys that may be a date cut short."""
    parts = (
        keys.to_frame("key")
        .with_columns(pl.col("key").str.extract_groups(_DATE_KEY).alias("p"))
        .unnest("p")
        .with_columns(
            start=(pl.col("lead").str.len_chars() + pl.col("date").str.len_chars()),
            start_bytes=(pl.col("lead").str.len_bytes() + pl.col("date").str.len_bytes()),
            cut=pl.col("date").is_null()
            & (pl.col("key").str.len_chars() == width)
            & pl.col("key").str.contains(_DATE_START),
            a=pl.col("s1").cast(pl.Int32, strict=False),
            b=pl.col("s2").cast(pl.Int32, strict=False),
            wide=pl.col("s1").str.len_bytes() == 4,
        )
    )
    return parts.select(
        "start",
        "start_bytes",
        "cut",
        "date",
        "a",
        "b",
        "wide",
        dmy=_day("s3", "s2", "s1"),
        mdy=_day("s3", "s1", "s2"),
        ymd=_day("s1", "s2", "s3"),
    )


def _day(year: str, month: str, day: str) -> pl.Expr:
    """Days since 1970-01-01 from year, month and day digits; null if there is no such date.

    Two-digit years are 20YY; any other width than 2 or 4 digits is not a year.
    """
    digits = pl.col(year)
    y = (
        pl.when(digits.str.len_bytes() == 2)
        .then(digits.cast(pl.Int32, strict=False) + 2000)
        .when(digits.str.len_bytes() == 4)
        .then(digits.cast(pl.Int32, strict=False))
    )
    m = pl.col(month).cast(pl.Int32, strict=False)
    d = pl.col(day).cast(pl.Int32, strict=False)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = (
        pl.when(m == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(m.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    valid = (y >= 1) & m.is_between(1, 12) & (d >= 1) & (d <= month_days)
    # Impossible parts are nulled before pl.date sees them (it raises on them).
    return pl.date(pl.when(valid).then(y), pl.when(valid).then(m), pl.when(valid).then(d)).cast(
        pl.Int32
    )


def _time_table(keys: pl.Series) -> pl.DataFrame:
    """Each distinct piece after a date: whether it is a header's time and end (`ok`),
    its length in characters, the time as written (`clock`), seconds after midnight
    (null for no time of day: hour 25, minute 61, 13 PM), and the sender (`who`).

    The pieces are many when times have seconds and a group has many people
    (", 9:15:02 PM] Sam"), so each is cut where the header plainly ends ("] " or
    " - ") and the times are read once per distinct time; pieces not cut that way
    are read whole.
    """
    key = pl.col("key")
    cut = pl.min_horizontal(
        key.str.find("] ", literal=True) + 2, key.str.find(" - ", literal=True) + 3
    )
    pieces = keys.to_frame("key").with_columns(cut.alias("cut"))
    raw = key.cast(pl.Binary)
    pieces = pieces.with_columns(  # ASCII cut points: the bytes cut whole characters
        time=raw.bin.slice(0, pl.col("cut")).cast(pl.String),
        rest=raw.bin.slice(pl.col("cut")).cast(pl.String),
    )
    times = pieces["time"].drop_nulls().unique()
    cut_read = _clock(times).filter(pl.col("ok") & (pl.col("who") == "")).drop("ok", "who")
    pieces = pieces.join(cut_read, on="time", how="left", maintain_order="left")
    whole = pieces.filter(pl.col("seconds").is_null() & pl.col("clock").is_null())["key"]
    whole_read = _clock(whole).rename({"clock": "clock_whole", "seconds": "seconds_whole"})
    pieces = pieces.join(
        whole_read.rename({"time": "key"}), on="key", how="left", maintain_order="left"
    )
    from_cut = pl.col("clock").is_not_null()
    return pieces.select(
        (from_cut | pl.col("ok").fill_null(False)).alias("ok"),
        key.str.len_chars().cast(pl.UInt32).alias("chars"),
        pl.coalesce("clock", "clock_whole").alias("clock"),
        pl.when(from_cut)
        .then(pl.col("seconds"))
        .otherwise(pl.col("seconds_whole"))
        .alias("seconds"),
        pl.when(from_cut).then(pl.col("rest")).otherwise(pl.col("who")).alias("who"),
    )


def _clock(pieces: pl.Series) -> pl.DataFrame:
    """Read distinct pieces with `_TIME_KEY`: `time` (the piece), `ok`, `clock`,
    `seconds` (null when not a time of day) and `who` (what follows the header)."""
    parts = (
        pieces.to_frame("time")
        .with_columns(pl.col("time").str.extract_groups(_TIME_KEY).alias("p"))
        .unnest("p")
    )
    marker = (
        pl.coalesce("before", "after")
        .str.replace_all(f"[{_SPACES}]", " ")
        .replace_strict(AMPM, default=None, return_dtype=pl.String)
    )
    h = pl.col("h").cast(pl.Int32, strict=False)
    m = pl.col("m").cast(pl.Int32, strict=False)
    s = pl.col("s").cast(pl.Int32, strict=False).fill_null(0)
    hour = (
        pl.when(marker.is_null() & (h <= 23))
        .then(h)
        .when((marker == "am") & (h <= 12))
        .then(h % 12)
        .when((marker == "pm") & (h <= 12))
        .then(h % 12 + 12)
    )
    return parts.select(
        "time",
        pl.col("clock").is_not_null().alias("ok"),
        "clock",
        pl.when((m <= 59) & (s <= 59))
        .then(hour.cast(pl.Int64) * 3600 + m * 60 + s)
        .alias("seconds"),
        "who",
    )


def _decide_order(
    dates: pl.DataFrame, date_code: pl.Series, seconds: pl.Series, source: str
) -> str:
    """The date order of the whole file, from what its dates can and cannot be.

    `date_code` and `seconds` are the header lines' dates (rows of `dates`) and times.
    """
    used = dates.filter(pl.col("date").is_not_null()).unique(subset="date")
    if used.select((pl.col("wide") | (pl.col("a") > 31)).any()).item():
        return "ymd"
    day_first, month_first = used.select(
        ((pl.col("a") > 12) & (pl.col("b") <= 12)).sum(),
        ((pl.col("b") > 12) & (pl.col("a") <= 12)).sum(),
    ).row(0)
    if day_first and not month_first:
        return "dmy"
    if month_first and not day_first:
        return "mdy"
    if day_first and month_first:
        # Dates of both kinds: the order that makes more of them real; the rest are skipped.
        valid_dmy, valid_mdy = used.select(
            pl.col("dmy").is_not_null().sum(), pl.col("mdy").is_not_null().sum()
        ).row(0)
        if valid_dmy != valid_mdy:
            return "dmy" if valid_dmy > valid_mdy else "mdy"
    elif used.select(pl.col("dmy").eq_missing(pl.col("mdy")).all()).item():
        return "dmy"  # every date reads the same either way (05/05/2021)
    else:
        backwards = {}
        for o in ("dmy", "mdy"):
            stamps = dates[o].gather(date_code).cast(pl.Int64) * 86_400 + seconds
            backwards[o] = int((stamps.drop_nulls().diff() < 0).sum())
        if backwards["dmy"] != backwards["mdy"]:
            return "dmy" if backwards["dmy"] < backwards["mdy"] else "mdy"
    example = used.filter(pl.col("a") != pl.col("b"))["date"].head(1).to_list()
    shown = f" (for example {example[0]})" if example else ""
    raise ChatError(
        source,
        f"the dates are ambiguous: they read as day/month/year and as month/day/year{shown}; "
        "pass --date-order dmy or --date-order mdy",
    )


_NO_MARKS: Final = {ord(c): None for c in MARKS}


def _sender(name: str | None) -> str | None:
    """A sender name without invisible marks and the "~ " before unsaved contacts."""
    if name is None:
        return None
    clean = name.translate(_NO_MARKS).strip()
    if clean.startswith("~"):
        clean = clean[1:].strip()
    return clean.removesuffix(":").strip() if clean.endswith(":") else clean


def _continued(frame: pl.DataFrame) -> pl.DataFrame:
    """The lines after each header, joined: `msg` (the header's number) and `line`."""
    return (
        frame.lazy()
        .filter(~pl.col("head") & (pl.col("msg") > 0))
        .group_by("msg")
        .agg(pl.col("line"))
        .select("msg", pl.col("line").list.join("\n"))
        .collect(engine="streaming")
    )


def _with_continuations(first: pl.Series, msg: pl.Series, more: pl.DataFrame) -> pl.Series:
    """Each message's text: its header line's part, then the lines that follow it.

    `msg` is each message's header number (sorted); `more` is `_continued`. Lines
    after headers that are not messages (system lines, skips) are dropped with them.
    """
    if more.is_empty():
        return first
    # Where each continued header is among the messages (null: a dropped header).
    top = int(more.select(pl.col("msg").max()).item())
    where = pl.Series("where", [], dtype=pl.UInt32).extend_constant(None, top + 1)
    inside = msg <= top
    where = where.scatter(
        msg.filter(inside), pl.int_range(len(msg), eager=True, dtype=pl.UInt32).filter(inside)
    )
    rows = where.gather(more["msg"])
    found = rows.is_not_null()
    rows, tails = rows.filter(found), more["line"].filter(found)
    if rows.is_empty():
        return first
    first = first.rechunk()
    return first.scatter(rows, first.gather(rows) + "\n" + tails)


def _without_edit_note(text: pl.Series) -> pl.Series:
    """The texts without the `<This message was edited>` WhatsApp appends to edited ones."""
    rows = _stream(text.to_frame("t"), pl.col("t").str.ends_with(">")).to_series().arg_true()
    rows = rows.filter(text.gather(rows).str.contains(_EDITED))
    if rows.is_empty():
        return text
    return text.clone().scatter(rows, text.gather(rows).str.replace(_EDITED, ""))


def _skips(
    frame: pl.DataFrame, bad: pl.DataFrame, dates: pl.DataFrame, clock: pl.DataFrame, order: str
) -> list[Skip]:
    """Lines before the first message, and headers whose date or time is impossible."""
    before = (
        frame.head(int(frame["msg"].search_sorted(1, "left")))
        .filter(pl.col("line").str.strip_chars() != "")["position"]
        .to_list()
    )
    skips = [Skip(p, "text before the first message") for p in before]
    words = _ORDER_WORDS[order]
    days = dates[order].gather(bad["date_code"]).to_list()
    shown_dates = dates["date"].gather(bad["date_code"]).to_list()
    shown_times = clock["clock"].gather(bad["time_code"]).to_list()
    for position, day, date, clock_text in zip(
        bad["position"].to_list(), days, shown_dates, shown_times, strict=True
    ):
        if day is None:
            reason = f"{date!r} is not a date read as {words}"
            if order != "ymd":
                reason += " (pass --date-order if that order is wrong)"
        else:
            reason = f"{clock_text!r} is not a time of day"
        skips.append(Skip(position, reason))
    return sorted(skips, key=lambda s: s.position)
