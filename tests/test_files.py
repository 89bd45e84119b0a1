"""`twoway.files`: reading a ledger file from disk, and what a nearly empty one says."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twoway.errors import BadInput
from twoway.files import _lines_with_text, load_ledger

HEADER = b"at,by,to,kind,id,ref,value,note"
EVENT = b"2025-03-01 09:00,me,Sam,bid,b1,,,"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "is empty"),
        (b"\n \n\t\r\n", "is empty"),
        (b"\xef\xbb\xbf\n", "is empty"),
        (HEADER + b"\n", "has a header and no events yet"),
        (b"\xef\xbb\xbf" + HEADER + b"\r\n\r\n  \r\n", "has a header and no events yet"),
    ],
)
def test_a_file_without_events_says_which(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "sam.csv"
    path.write_bytes(data)
    with pytest.raises(BadInput, match=expected):
        load_ledger(path)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_a_header_and_one_event_is_read_whatever_the_line_breaks(
    tmp_path: Path, newline: bytes
) -> None:
    path = tmp_path / "sam.csv"
    path.write_bytes(HEADER + newline + newline + EVENT + newline)
    assert len(load_ledger(path)) == 1


@pytest.mark.parametrize("before", [b"\r", b" \r\n", b"\n\n", b"  \t\n"])
def test_blank_lines_before_the_header_are_skipped(tmp_path: Path, before: bytes) -> None:
    # a file with only carriage returns goes to the slow reader, which once took the
    # blank first line for the header (and ended in an IndexError)
    newline = b"\r" if before == b"\r" else b"\n"
    path = tmp_path / "sam.csv"
    path.write_bytes(before + HEADER + newline + EVENT + newline)
    assert len(load_ledger(path)) == 1


@given(
    st.binary(max_size=200)
    | st.lists(st.sampled_from([b"a", b" ", b"\t", b"\r", b"\n", b"\xef\xbb\xbf", b"\r\n"])).map(
        b"".join
    )
)
def test_lines_with_text_counts_what_splitlines_would(data: bytes) -> None:
    # told line by line, and no further than asked, but the same count as the whole list
    written = [line for line in data.splitlines() if line.strip(b" \t\r\xef\xbb\xbf")]
    assert _lines_with_text(data, most=2) == min(2, len(written))
