"""The CSV chat reader's fast path (Polars) against its row-by-row reference (Python's csv).

`csv_chat.read` takes the fast path when the rows after the header are plain CSV,
else reads row by row (`csv_chat.read_rows`). Whichever it takes, the result must
be the reference's: the same messages, the same skips, the same error.
"""

from __future__ import annotations

import csv
import io
import random
import re
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import csv_chat, csv_chat_fast
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions

ZONES = st.sampled_from([None, "Europe/Berlin", "Pacific/Kiritimati", "America/St_Johns"])


def outcome(reader: Any, data: bytes, tz: str | None) -> Chat | tuple[str, int | None, str]:
    try:
        chat = reader(data, "chat.csv", ReadOptions(tz=tz))
    except ChatError as exc:
        return str(exc), exc.position, exc.unit
    assert isinstance(chat, Chat)
    return chat


def assert_same(data: bytes, tz: str | None = None) -> Chat | None:
    """`read` gives what `read_rows` gives; the Chat (None for an error)."""
    fast, slow = outcome(csv_chat.read, data, tz), outcome(csv_chat.read_rows, data, tz)
    if not isinstance(slow, Chat):
        assert fast == slow
        return None
    assert isinstance(fast, Chat), fast
    assert fast.messages.schema == MESSAGE_SCHEMA
    assert fast.messages.equals(slow.messages), (fast.messages, slow.messages)
    assert fast.messages.rows() == slow.messages.rows()
    assert fast.skipped == slow.skipped
    assert (fast.format, fast.source, fast.unit, fast.title, fast.system) == (
        slow.format,
        slow.source,
        slow.unit,
        slow.title,
        slow.system,
    )
    return fast


def fast_path_taken(data: bytes, tz: str | None = None) -> bool:
    try:
        return csv_chat._read_fast(data, "chat.csv", tz) is not None
    except ChatError:
        return True  # "no messages", said by the fast path itself


# -- the pieces ------------------------------------------------------------------------


def test_whitespace_is_what_str_strip_removes() -> None:
    chars = (chr(c) for c in range(sys.maxunicode + 1))
    assert "".join(c for c in chars if (c + "x").strip() == "x") == csv_chat_fast.WHITESPACE


@given(st.text(st.sampled_from("ab\r\n\x0b\x0c\x1c\x85\u2028 "), max_size=40))
def test_lines_are_split_as_stringio_splits_them(text: str) -> None:
    lines = csv_chat._Lines(text)
    assert list(lines) == list(io.StringIO(text, newline=""))
    assert lines.given == len(text)


@pytest.mark.parametrize(
    ("line", "outside", "inside"),
    [
        ("", True, True),
        ("a,b,c", True, True),
        ('"a,b",c', True, False),
        ('"a""b",,""', True, False),
        ('a,"open', True, False),
        ('"open', True, False),
        ('still open",x,"again', False, True),
        ('still ""open""', False, True),
        ('a"b,c', False, False),
        ('"a"b,c', False, False),
        (' "a",b', False, False),
        ('end"x', False, False),
    ],
)
def test_the_line_grammar(line: str, outside: bool, inside: bool) -> None:
    """A line starting outside a quoted field, and one starting inside."""
    patterns = csv_chat_fast._grammar(",")
    found = [pl.Series([line]).str.contains(p).item() for p in patterns]
    assert found == [outside, inside]


@pytest.mark.parametrize(
    ("body", "plain"),
    [
        (b"2023-01-05 10:00,A,hi\n", True),
        (b'2023-01-05 10:00,A,"hi\r\nthere"\r\n', True),
        (b'2023-01-05 10:00,A,"hi\nthere"\n2023-01-05 10:01,B,"""yes"", she said"\n', True),
        (b"2023-01-05 10:00,A\n2023-01-05 10:01,B,ho\n", True),  # a field short: a skip
        (b"2023-01-05 10:00,A,\n2023-01-05 10:01,B,ho\n", True),  # an empty text: a message
        (b'2023-01-05 10:00,A,""\n2023-01-05 10:01,B,ho\n', True),
        (b'2023-01-05 10:00,"A,B"\n2023-01-05 10:01,B,ho\n', True),  # short again
        (b'"2023-01-05 10:00","A\n,B"\n2023-01-05 10:01,B,ho\n', True),
        (b'"2023-01-05 10:00","A\n,B",\n2023-01-05 10:01,B,ho\n', True),
        (b"2023-01-05 10:00,A,hi\r2023-01-05 10:01,B,ho\n", False),  # a lone \r
        (b"2023-01-05 10:00,A,hi\r", False),
        (b'2023-01-05 10:00,A,say "hi"\n', False),  # a quote inside an unquoted field
        (b'2023-01-05 10:00,A,"hi" there\n', False),  # text after a closing quote
        (b'2023-01-05 10:00,A,"hi\n', False),  # a quote left open
        (b"\xef\xbb\xbf2023-01-05 10:00,A,hi\n", False),  # Polars would drop the mark
        (b"\x1f\x1e\x1d\x1c\x01\x02\x03,A,hi\n", False),  # no byte left to split lines on
    ],
)
def test_what_the_fast_path_takes(body: bytes, plain: bool) -> None:
    columns = {"timestamp": 0, "sender": 1, "text": 2}
    rows = csv_chat_fast.fast_rows(body, ",", columns, 2, csv.field_size_limit())
    assert (rows is not None) == plain
    assert fast_path_taken(b"timestamp,sender,text\n" + body) == plain
    assert_same(b"timestamp,sender,text\n" + body)


def test_a_row_longer_than_the_field_size_limit_is_read_row_by_row() -> None:
    body = b'2023-01-05 10:00,A,"' + b"x\n" * 40 + b'"\n'
    columns = {"timestamp": 0, "sender": 1, "text": 2}
    assert csv_chat_fast.fast_rows(body, ",", columns, 2, 100) is None
    assert csv_chat_fast.fast_rows(body, ",", columns, 2, 200) is not None
    old = csv.field_size_limit(50)
    try:
        assert_same(b"timestamp,sender,text\n" + body)  # both: "the CSV cannot be read"
    finally:
        csv.field_size_limit(old)


def test_the_fixtures_take_the_fast_path() -> None:
    for name in ("chat.csv", "semicolon.csv"):
        raw = (Path(__file__).parent.parent / "data" / "chats" / "csv" / name).read_bytes()
        assert fast_path_taken(raw)
        assert assert_same(raw, "Europe/Berlin") is not None


@pytest.mark.parametrize("blank", [b"\n", b"\r\n", b" \r"])
def test_the_header_is_looked_for_in_the_head_of_the_file(
    monkeypatch: pytest.MonkeyPatch, blank: bytes
) -> None:
    monkeypatch.setattr(csv_chat, "_HEAD_BYTES", 60)
    for blanks in range(0, 60, 3):
        for end in (b"\n", b"\r\n", b"\r"):
            header = b'timestamp,sender,text,"no\nte"' + end
            data = blank * blanks + header + b"2023-01-05 10:00,A,hi\n"
            # taken when the header (a quoted field in it goes on to a second line)
            # ends before the last line end in the first 60 bytes
            cut = data.rfind(b"\n", 0, 60) + 1
            taken = len(data) <= 60 or data.index(header) + len(header) < cut
            assert fast_path_taken(data) == taken, data
            chat = assert_same(data)
            assert chat is not None
            assert chat.messages["position"].to_list() == [blanks + 3]


# Texts with lines that look like rows, or like the end of a quoted field.
LOOKALIKES = [
    'x\n2023-01-05 10:00:00,Sam,"hi\n',
    '"\n1,Sam,2023-01-05 10:00:00,"ok"\n',
    '",\n",\n"\n',
    "\n\n\n",
]


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_long_file_split_in_parallel_is_read_alike(end: str) -> None:
    """Polars splits a large file into chunks and reads them at once; quoted line ends
    near the chunk borders must not move a row."""
    rng = random.Random(7)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=end)
    writer.writerow(["id", "sender", "timestamp", "text"])
    for i in range(60_000):
        text = rng.choice(
            ["ok", "a, b", 'say "hi"', "two\nlines", "three\r\nlines\n!", "", *LOOKALIKES]
        )
        stamp = rng.choice(["2023-01-05 10:00:00", "1672912800", "2023-01-05T10:00Z", "soon"])
        writer.writerow([i, rng.choice(["Robin", "Sam", " "]), stamp, text * rng.randint(1, 3)])
    data = out.getvalue().encode()
    assert fast_path_taken(data)
    assert assert_same(data, "Europe/Berlin") is not None


# -- generated chats ---------------------------------------------------------------------


def iso(
    years: st.SearchStrategy[int],
    months: st.SearchStrategy[int],
    days: st.SearchStrategy[int],
    hours: st.SearchStrategy[int],
    minutes: st.SearchStrategy[int],
    seconds: list[str],
    fractions: list[str],
    gaps: list[str],
    zones: list[str],
    pads: list[str],
) -> st.SearchStrategy[str]:
    """ISO 8601 times from the parts given."""
    return st.builds(
        lambda y, mo, d, h, mi, s, frac, gap, zone, pad, end: (
            f"{pad}{y:04d}-{mo:02d}-{d:02d}{gap}{h:02d}:{mi:02d}{s}{frac}{zone}{end}"
        ),
        years,
        months,
        days,
        hours,
        minutes,
        st.sampled_from(seconds),
        st.sampled_from(fractions),
        st.sampled_from(gaps),
        st.sampled_from(zones),
        st.sampled_from(pads),
        st.sampled_from(pads),
    )


ZONE_SUFFIXES = ["", "", "", "Z", "z", " Z", "\tz", "+01:00", "-0530", " +02", "+23:59"]
REAL_TIMES = iso(
    st.integers(1960, 2100) | st.sampled_from([2, 9998]),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    ["", ":00", ":59", ":30"],
    ["", "", "", ".5", ",25", ".123456789"],
    ["T", " ", "t"],
    ZONE_SUFFIXES,
    ["", "", "", " ", "\t"],
)
NEAR_TIMES = iso(
    st.integers(0, 9999) | st.sampled_from([0, 1, 2, 9998, 9999]),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 24),
    st.integers(0, 60),
    ["", ":00", ":59", ":60", ":7"],
    ["", ".5", ",25", ".123456789", ".1234567890", "."],
    ["T", " ", "  ", "_"],
    [*ZONE_SUFFIXES, "+24:00", "-00:99", "+1", "+01:0", "\u00a0Z", "+01:00:00", "+14:00", "-14:00"],
    ["", "", " ", "\t", "\u3000", "\n", "\r\n"],
)
EPOCHS = st.builds(
    lambda whole, frac, pad: f"{pad}{whole}{frac}{pad}",
    st.integers(0, 2 * 10**9)
    | st.integers(10**11 - 10, 3 * 10**12)
    | st.integers(0, 10**16)
    | st.sampled_from([99999999999, 10**11, 253402300799, 253402300800, 999999999999999]),
    st.sampled_from(["", "", ".5", ".123", ".1234567", ".123456789", ".1234567890", "."]),
    st.sampled_from(["", "", " ", "\t", "\x1c"]),
)
ODD_STAMPS = st.sampled_from(
    [
        "2024-02-29 12:00:00",
        "2100-02-29 12:00:00",
        "2000-02-29 12:00:00",
        "9999-01-01 00:00:00",
        "9998-12-31T23:59:59.999999",
        "9998-12-31T23:59:59-01:00",
        "0002-01-01T00:00:00+01:00",
        "0002-01-01T00:00:00-01:00",
        "0001-12-31T23:00:00-01:00",
        "-1672912800",
        "2023-01-05\r\n10:00",
        "soon\r\nlater",
        "",
        " ",
        "soon",
        "２０２３-01-05 10:00",  # fullwidth digits: Python's \d takes them
        "١٦٧٢٩١٢٨٠٠",
    ]
)
JUNK = st.builds("".join, st.lists(st.sampled_from(["12", "2023", "-", ":", " ", "T", "+", "."])))
STAMPS = st.one_of(REAL_TIMES, REAL_TIMES, NEAR_TIMES, EPOCHS, ODD_STAMPS, JUNK)
SENDERS = st.sampled_from(["Alice", "Bob Smith", " Sam ", "Zoë"]) | st.sampled_from(
    ["", " ", "\u3000", "\x1c", "\u200b", "Ann\r\nMarie", "\tTab\n"]
)
TEXTS = st.one_of(
    st.sampled_from(["hi", "", "a, b", "a; b", 'she said "hi"', '"', '""', "x\ty", " "]),
    st.sampled_from(["one\ntwo", "one\r\ntwo", "one\r\n\r\ntwo\n", "\n", "end\r", "\ufeffbom"]),
    st.text(st.sampled_from('ab ,;"\t\n\r\x00\u2028é😀'), max_size=8),
)


@st.composite
def chats(
    draw: st.DrawFn,
    plain: bool = False,
    stamps: st.SearchStrategy[str] = STAMPS,
    senders: st.SearchStrategy[str] = SENDERS,
) -> bytes:
    """A CSV chat: a header in any order with extra columns, then rows of all kinds.

    plain: quoting as a CSV writer does it and "\\n" or "\\r\\n" line ends only, so
    that the fast path must take it. stamps, senders: the values in those columns.
    """
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    names = [*csv_chat.REQUIRED, *draw(st.lists(st.sampled_from(["id", "channel"]), max_size=2))]
    names = draw(st.permutations(names))
    if not plain and draw(st.integers(0, 9)) == 0:
        names = [*names[:-1], draw(st.sampled_from(["Text", "time", "", "sender"]))]
    header = [draw(st.sampled_from(["{}", " {} ", "{}", "{}"])).format(n) for n in names]
    if draw(st.booleans()):
        header = [n.upper() if draw(st.booleans()) else n for n in header]
    ends = ["\n", "\r\n"] if plain else ["\n", "\r\n", "\n", "\r\n", "\r"]
    rows: list[list[str] | str] = [header]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 11))
        if kind == 0:
            rows.append(draw(st.sampled_from(["", " ", "\t", "  \t"])))  # a blank line
            continue
        fields = {
            "timestamp": draw(stamps),
            "sender": draw(senders),
            "text": draw(TEXTS),
            "id": str(draw(st.integers(0, 99))),
            "channel": draw(st.sampled_from(["sms", "", " "])),
        }
        row = [fields.get(n.strip().casefold(), "") for n in names]
        if kind == 1:
            row = row[: draw(st.integers(0, len(row)))]  # too few fields
        elif kind == 2:
            row = [*row, *draw(st.lists(st.sampled_from(["", "x", " "]), max_size=3))]
        elif kind == 3:
            row = [draw(st.sampled_from(["", " ", '""'])) for _ in row]  # empty fields
        rows.append(row)
    out = [draw(st.sampled_from(["", "\ufeff"]))]
    out += draw(st.lists(st.sampled_from(["\n", "\r\n", " \n"]), max_size=2))
    for row in rows:
        line = row if isinstance(row, str) else _join(draw, row, delimiter, plain)
        out.append(line + draw(st.sampled_from(ends)))
    if draw(st.booleans()):
        out[-1] = out[-1].rstrip("\r\n")
    return "".join(out).encode("utf-8", "surrogatepass")


def _join(draw: st.DrawFn, row: list[str], delimiter: str, plain: bool) -> str:
    fields = []
    for value in row:
        if plain:  # no "\r" that ends no line, no byte-order mark starting a row
            value = re.sub("\r(?!\n)", "", value).removeprefix("\ufeff")
        must = any(c in value for c in (delimiter, '"', "\r", "\n")) or value.startswith(" ")
        how = draw(
            st.sampled_from(["minimal", "always"] if plain else ["minimal", "always", "raw"])
        )
        if how == "always" or (how == "minimal" and must):
            fields.append('"' + value.replace('"', '""') + '"')
        else:
            fields.append(value)
    return delimiter.join(fields)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(chats(), ZONES)
def test_generated_chats_read_alike(data: bytes, tz: str | None) -> None:
    assert_same(data, tz)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(chats(plain=True), ZONES)
def test_plain_chats_take_the_fast_path(data: bytes, tz: str | None) -> None:
    assert fast_path_taken(data, tz)
    assert_same(data, tz)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(chats(plain=True, stamps=REAL_TIMES | EPOCHS, senders=st.sampled_from(["A", " B"])))
def test_rows_short_of_fields_read_alike(data: bytes) -> None:
    """Mostly messages, so that a row cut short (or with empty last fields) stands out."""
    assert fast_path_taken(data)
    assert_same(data, "Asia/Kolkata")


@settings(max_examples=300)
@given(st.lists(STAMPS, min_size=1, max_size=20))
def test_timestamps_are_read_as_python_reads_them(stamps: list[str]) -> None:
    """Each time the fast path reads is the reference's, and a time it leaves to the
    reference (at is null) that is only ASCII digits, separators, blanks and tabs is one
    the reference cannot read either."""
    table = pl.LazyFrame({"stamp": stamps}).pipe(csv_chat_fast._times).collect()
    for stamp, at, instant in table.select("stamp", "at", "instant").iter_rows():
        expected = csv_chat._time(stamp)
        if at is not None:
            assert (at, instant) == expected, stamp
        elif set(stamp) <= set("0123456789-:.,+TtZz \t"):
            assert isinstance(expected, str), stamp


def boundary_stamps() -> list[str]:
    """Each month's last days in common and leap years, and each part at its limits."""
    stamps = [
        f"{y:04d}-{mo:02d}-{d:02d} 12:00"
        for y in (1900, 2000, 2023, 2024, 2100, 9998)
        for mo in range(14)
        for d in (0, 1, 28, 29, 30, 31, 32)
    ]
    stamps += [
        f"2023-01-05T{h:02d}:{mi:02d}:{s:02d}"
        for h in (23, 24)
        for mi in (59, 60)
        for s in (59, 60)
    ]
    stamps += [
        f"{day}T{time}{zone}"
        for day in ("0001-12-31", "0002-01-01", "9998-12-31", "9999-01-01")
        for time in ("00:00", "23:59:59.999999", "23:59:59.9999999")
        for zone in ("", "Z", "+00:01", "-00:01", "+23:59", "-23:59", "+24:00", "-00:99", "+99")
    ]
    epochs = [0, 1, 10**11 - 1, 10**11, 253402214399, 253402214400, 253402214400000, 10**15 - 1]
    stamps += [f"{n}{frac}" for n in epochs for frac in ("", ".999999", ".9999999", ".5", ".")]
    stamps += ["", "1e9", "0x10", "1_000", "+1", "1.5.5", "9" * 15, "9" * 16, "0" * 15 + "1"]
    # Shapes near the ones read: each piece a little off.
    days = ["2023-01-05", "2023-1-05", "2023-01-5", "23-01-05", "2023/01/05"]
    gaps = ["T", "t", " ", "  ", "\t", "_", ""]
    times = ["10:00", "10:0", "1:00", "10:00:7", "10:00:07", "10:00:", "10:00:07.", "10:00.5"]
    times += ["10:00:07.5", "10:00:07,5", "10:00:07.1234567891"]
    zones = ["", "Z", "z", " Z", " +01", "+1", "+0100", "+01:00", "+01:0", "+01:000", "-01:00:00"]
    zones += ["Zz", "+01Z", " ", "\t", "\t-05:30"]
    pads = ["", " ", "\t "]
    stamps += [
        f"{pad}{day}{gap}{time}{zone}{pad}"
        for day in days
        for gap in gaps
        for time in times
        for zone in zones
        for pad in pads
    ]
    return stamps


def test_timestamps_at_their_limits_are_read_as_python_reads_them() -> None:
    stamps = boundary_stamps()
    table = pl.LazyFrame({"stamp": stamps}).pipe(csv_chat_fast._times).collect()
    for stamp, at, instant in table.select("stamp", "at", "instant").iter_rows():
        expected = csv_chat._time(stamp)
        assert ((at, instant) if at is not None else None) == (
            expected if not isinstance(expected, str) else None
        ), stamp


@settings(max_examples=200)
@given(chats(), st.data())
def test_damaged_chats_read_alike(data: bytes, draw: st.DataObject) -> None:
    at = draw.draw(st.integers(0, max(0, len(data) - 1)))
    byte = draw.draw(st.sampled_from([b'"', b"\r", b"\n", b",", b"\xff", b"\xc3", b"\x00", b""]))
    assert_same(data[:at] + byte + data[at + 1 :])
    assert_same(data[:at])


@given(st.binary(max_size=200))
def test_arbitrary_bytes_after_a_header_read_alike(data: bytes) -> None:
    assert_same(b"timestamp,sender,text\n" + data, "Asia/Tokyo")
    assert_same(data)


@given(st.text(st.sampled_from('0123456789-:T .,+Zz"\r\n\t;abé'), max_size=60))
def test_arbitrary_text_after_a_header_reads_alike(text: str) -> None:
    assert_same(("sender,text,timestamp\r\n" + text).encode(), "Europe/Berlin")
