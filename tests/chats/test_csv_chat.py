"""CSV chats (timestamp,sender,text): fixtures, times, row lines, errors, and fuzzing."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import csv_chat
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions, Skip
from twoway.errors import TwowayError

HERE = Path(__file__).parent.parent / "data" / "chats" / "csv"


def read(name: str, **options: Any) -> Chat:
    path = HERE / name
    return csv_chat.read(path.read_bytes(), path.name, ReadOptions(**options))


def read_text(text: str, **options: Any) -> Chat:
    return csv_chat.read(text.encode(), "chat.csv", ReadOptions(**options))


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- sniff -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["chat.csv", "semicolon.csv"])
def test_sniff_knows_a_csv_chat_even_when_cut_off(name: str) -> None:
    raw = (HERE / name).read_bytes()
    assert csv_chat.sniff(raw, name) is None
    assert csv_chat.sniff(raw[: raw.index(b"\n") + 1], name) is None
    assert csv_chat.sniff(b"\xef\xbb\xbf\r\n" + raw, name) is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "no text"),
        (b"\n \n", "no text"),
        (b"date,from,message\n", "not a header"),
        (b"timestamp,sender\n", "not a header"),
        (b"[2023-01-05 10:00:00] Alice: timestamp,sender,text\n", "not a header"),
        (b"<smses count='0'/>\n", "not a header"),
        (b"\xfftimestamp,sender,text", "not a header"),
    ],
)
def test_sniff_says_why_not(data: bytes, why: str) -> None:
    reason = csv_chat.sniff(data, "x")
    assert reason is not None
    assert why in reason


# -- reading -----------------------------------------------------------------------------


ROWS = [
    (t("2023-01-05 10:00:00"), "Alice", "Hey! Are we still on for Saturday? 😀", "text", 2),
    # a quoted field over two lines: one message, at the line where its row starts
    (t("2023-01-05 10:01:12"), "Sam", "Yes!\nBringing the board games.", "text", 3),
    (t("2023-01-05 10:02:40.250"), "Alice", 'Perfect, I\'ll make "soup"', "text", 5),
    # epoch seconds, after a blank line; empty text is a message of 0 words
    (t("2023-01-05 10:05:00"), "Sam", "", "text", 7),
    (t("2023-01-05 10:06:00"), "Alice", "📷", "text", 8),  # epoch milliseconds
    (t("2023-01-05 10:10:00"), "Sam", "Leaving now", "text", 9),  # Z
    (t("2023-01-05 10:15:00"), "Alice", "See you!", "text", 10),  # +01:00
    (t("2023-01-06 08:16:00"), "Sam", "Good morning", "text", 15),
]


def test_columns_in_any_order_with_extra_ones() -> None:
    chat = read("chat.csv")
    assert chat.format == "csv"
    assert chat.unit == "line"
    assert chat.system == 0
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.messages.rows() == ROWS
    reasons = {s.position: s.reason for s in chat.skipped}
    assert sorted(reasons) == [11, 12, 13, 14]
    assert "'yesterday' is neither ISO 8601" in reasons[11]
    assert reasons[12] == "no sender"
    assert "not a real date" in reasons[13]
    assert reasons[14] == "the row has 2 fields; the header has 5"


def test_instants_follow_the_time_zone_and_wall_clock_times_stay() -> None:
    chat = read("chat.csv", tz="Europe/Berlin")
    assert chat.messages.schema == MESSAGE_SCHEMA
    times = chat.messages["at"].to_list()
    assert times[:3] == [r[0] for r in ROWS[:3]]  # no offset: kept as written
    assert times[3:7] == [
        t("2023-01-05 11:05:00"),
        t("2023-01-05 11:06:00"),
        t("2023-01-05 11:10:00"),
        t("2023-01-05 11:15:00"),
    ]


def test_an_unknown_time_zone_is_an_error() -> None:
    with pytest.raises(ChatError, match="unknown time zone"):
        read("chat.csv", tz="Mars/Olympus")


def test_semicolons_from_a_spreadsheet() -> None:
    assert read("semicolon.csv").messages.rows() == [
        (t("2023-01-05 10:00"), "Alice", "Hallo, wie geht es?", "text", 2),
        (t("2023-01-05 10:01"), "Sam", "Gut!", "text", 3),
    ]


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2023-01-05 10:00", "2023-01-05 10:00:00"),
        ("2023-01-05t10:00:59", "2023-01-05 10:00:59"),
        ("2023-01-05T10:00:00,5", "2023-01-05 10:00:00.500"),
        ("2023-01-05T10:00:00.123456789", "2023-01-05 10:00:00.123456"),
        ("2023-01-05T10:00:00-0530", "2023-01-05 15:30:00"),
        ("2023-01-05T10:00:00 +02", "2023-01-05 08:00:00"),
        ("2023-01-05T00:30:00+01:00", "2023-01-04 23:30:00"),
        (" 1672912800 ", "2023-01-05 10:00:00"),
        ("1672912800.25", "2023-01-05 10:00:00.250"),
        ("1672912800250", "2023-01-05 10:00:00.250"),
        ("1672912800250.5", "2023-01-05 10:00:00.250500"),
    ],
)
def test_timestamps(stamp: str, expected: str) -> None:
    chat = read_text(f'timestamp,sender,text\n"{stamp}",Alice,hi\n')
    assert chat.messages["at"].to_list() == [t(expected)]


@pytest.mark.parametrize(
    "stamp",
    [
        "2023-01-05",
        "10:00",
        "05/01/2023 10:00",
        "2023-01-05T24:00:00",
        "2023-01-05T10:00:00+25:00",
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "999999999999999",
        "-1672912800",
        "",
    ],
)
def test_unreadable_timestamps_are_skipped(stamp: str) -> None:
    chat = read_text(f'timestamp,sender,text\n"{stamp}",Alice,hi\n2023-01-05 10:00,Bob,ok\n')
    assert chat.messages["sender"].to_list() == ["Bob"]
    assert [s.position for s in chat.skipped] == [2]


def test_rows_start_where_their_quoted_lines_start() -> None:
    chat = read_text(
        "\n"
        '"TimeStamp ", sender ,"text"\r\n'
        '2023-01-05 10:00,Alice,"one\r\ntwo\r\n\r\nthree"\r\n'
        "\r\n"
        ",,\r\n"
        '2023-01-05 10:01,"Bo\nb","x"\r\n'
    )
    assert chat.messages.rows() == [
        (t("2023-01-05 10:00"), "Alice", "one\ntwo\n\nthree", "text", 3),
        (t("2023-01-05 10:01"), "Bo\nb", "x", "text", 9),
    ]


# -- errors ------------------------------------------------------------------------------


def test_a_missing_column_names_the_header_line() -> None:
    with pytest.raises(ChatError) as info:
        read_text("\n\ntime,Sender,body\n2023-01-05 10:00,Alice,hi\n")
    assert info.value.position == 3
    assert info.value.unit == "line"
    assert "`time,Sender,body` has no column timestamp, text" in str(info.value)


def test_a_doubled_column_is_an_error() -> None:
    with pytest.raises(ChatError, match="names text more than once"):
        read_text("timestamp,sender,text,Text\n2023-01-05 10:00,Alice,hi,ho\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("\r\n\r\n", "empty"),
        ("timestamp,sender,text\n", "no messages"),
        ("timestamp,sender,text\nsoon,Alice,hi\n", "no messages"),
    ],
)
def test_no_messages_is_an_error(text: str, message: str) -> None:
    with pytest.raises(ChatError, match=message):
        read_text(text)


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    data = b"timestamp,sender,text\n2023-01-05 10:00,Alice,caf\xe9\n"
    with pytest.raises(ChatError) as info:
        csv_chat.read(data, "chat.csv", ReadOptions())
    assert info.value.unit == "byte"
    assert info.value.position == data.index(b"\xe9")


def test_a_field_too_long_for_the_csv_module_is_an_error_with_its_line() -> None:
    with pytest.raises(ChatError, match="cannot be read") as info:
        read_text(
            "timestamp,sender,text\n2023-01-05 10:00,Alice,hi\n2023-01-05 10:01,Bob,"
            + "x" * 200_000
        )
    assert info.value.position == 3


# -- fuzzing -----------------------------------------------------------------------------


def outcome(data: bytes, tz: str | None = None) -> None:
    """sniff never raises; read gives a well-formed Chat in file order or a TwowayError."""
    reason = csv_chat.sniff(data, "fuzz")
    assert reason is None or isinstance(reason, str)
    try:
        chat = csv_chat.read(data, "fuzz", ReadOptions(tz=tz))
    except TwowayError:
        return
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.messages.height > 0
    positions = chat.messages["position"].to_list()
    assert positions == sorted(set(positions))
    lines = data.count(b"\n") + data.count(b"\r") + 1  # an upper bound: \r\n is one line
    assert all(1 <= p <= lines for p in positions)
    assert all(isinstance(s, Skip) and s.unit == "line" for s in chat.skipped)
    assert set(chat.messages["kind"].to_list()) == {"text"}
    assert all(s.strip() for s in chat.messages["sender"].to_list())
    chat.messages["at"].to_list()  # every time is a real datetime


CELLS = st.sampled_from(
    [
        "timestamp",
        "sender",
        "text",
        "2023-01-05 10:00:00",
        "2023-01-05T10:00:00+14:00",
        "9998-12-31T23:59:59",
        "0002-01-01T00:00:00Z",
        "1672912800",
        "253402300799999",
        "Alice",
        "",
        '"',
        "a\nb",
        ",",
        ";",
    ]
)


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    outcome(data)
    outcome(b"timestamp,sender,text\n" + data)


@given(st.text(max_size=300))
def test_fuzz_arbitrary_text(text: str) -> None:
    outcome(text.encode("utf-8", "surrogatepass"))
    outcome(("timestamp,sender,text\n" + text).encode("utf-8", "surrogatepass"), "Asia/Tokyo")


@given(st.lists(st.lists(CELLS | st.text(max_size=8), max_size=5), max_size=8), st.booleans())
def test_fuzz_arbitrary_rows(rows: list[list[str]], header: bool) -> None:
    if header:
        rows = [["text", "timestamp", "sender"], *rows]
    outcome(to_csv(rows), "Pacific/Kiritimati")


FIXTURES = ["chat.csv", "semicolon.csv"]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.sampled_from(FIXTURES), st.data(), CELLS | st.text(max_size=10), st.booleans())
def test_fuzz_mutated_files(name: str, data: st.DataObject, cell: str, delete: bool) -> None:
    raw = (HERE / name).read_text(encoding="utf-8")
    delimiter = ";" if name == "semicolon.csv" else ","
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter))
    row = data.draw(st.integers(0, len(rows) - 1))
    if not rows[row]:
        rows[row] = [cell]
    else:
        column = data.draw(st.integers(0, len(rows[row]) - 1))
        if delete:
            del rows[row][column]
        else:
            rows[row][column] = cell
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    outcome(out.getvalue().encode("utf-8", "surrogatepass"), "America/New_York")


@settings(max_examples=100)
@given(st.sampled_from(FIXTURES), st.data())
def test_fuzz_damaged_bytes(name: str, data: st.DataObject) -> None:
    raw = (HERE / name).read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    at = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    outcome(raw[:cut])
    outcome(raw[:at] + bytes([byte]) + raw[at + 1 :])
