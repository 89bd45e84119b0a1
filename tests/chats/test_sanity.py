"""Sanity of time: impossible dates are set aside with a note, never silent, never a traceback."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.chats import ChatError, ReadOptions, read_chat
from twoway.chats.analysis import analyze_chat
from twoway.cli import run
from twoway.files import load_chat

FINE = "13/01/2021, 10:00 - Sam: hi\n13/01/2021, 10:05 - Jo: hey\n"


def test_a_message_before_the_app_existed_is_left_out_with_a_note() -> None:
    chat = read_chat(("01/01/0001, 10:00 - Sam: hi\n" + FINE).encode(), "chat.txt")
    assert chat.messages.height == 2
    assert [s.position for s in chat.skipped] == [1]
    assert "before WhatsApp existed (2009)" in chat.skipped[0].reason
    assert any("1 message dated before WhatsApp existed" in n for n in chat.notes)
    report = analyze_chat([chat])
    assert report.first == datetime(2021, 1, 13, 10, 0)
    assert any("Check the dates" in n for n in report.to_dict()["notes"])


def test_a_message_after_the_file_was_written_is_left_out_with_a_note() -> None:
    data = (FINE + "14/01/2031, 10:00 - Sam: from the future\n").encode()
    chat = read_chat(data, "chat.txt", options=ReadOptions(latest=datetime(2021, 1, 20)))
    assert chat.messages.height == 2
    assert "more than a day after the file was written (2021-01-20)" in chat.notes[-1]
    # a day of slack: time zones, a clock a little ahead
    near = read_chat(
        (FINE + "21/01/2021, 09:00 - Sam: x\n").encode(),
        "chat.txt",
        options=ReadOptions(latest=datetime(2021, 1, 20, 12)),
    )
    assert near.messages.height == 3


def test_the_file_modification_time_bounds_the_dates(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(FINE + "14/01/2024, 10:00 - Sam: later\n", encoding="utf-8")
    os.utime(path, (datetime(2022, 1, 1).timestamp(), datetime(2022, 1, 1).timestamp()))
    chat = load_chat(path)
    assert chat.messages.height == 2
    assert "(2022-01-01)" in chat.notes[-1]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"31/12/9999, 10:00 - Sam: hi\n31/12/9999, 10:05 - Jo: hey\n", "chat.txt"),
        (b"01/01/0001, 10:00 - Sam: hi\n", "chat.txt"),
        (b"[0001-01-01 10:00:00] Alice: hi\n\n[9999-12-31 23:59:59] Me: Yes!\n", "chat.md"),
    ],
)
def test_a_chat_of_impossible_dates_only_is_one_sentence(data: bytes, name: str) -> None:
    with pytest.raises(ChatError, match="no message has a possible date"):
        read_chat(data, name)


def test_the_cli_words_a_year_9999_export_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("31/12/9999, 10:00 - Sam: hi\n" + FINE, encoding="utf-8")
    assert run(["analyze", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["last"].startswith("2021-01-13")
    assert any("more than a day after the file was written" in n for n in out["notes"])


def _telegram(stamp: int) -> bytes:
    base = 1672567200
    messages = [
        {"id": i + 1, "type": "message", "date_unixtime": str(s), "from": who, "text": "hi"}
        for i, (s, who) in enumerate(((stamp, "Sam"), (base, "Jo"), (base + 60, "Sam")))
    ]
    return json.dumps(
        {"name": "Sam", "type": "personal_chat", "id": 1, "messages": messages}
    ).encode()


@settings(max_examples=40)
@given(stamp=st.integers(min_value=-(2**62), max_value=2**62))
def test_any_telegram_instant_ends_in_a_result_or_a_chat_error(stamp: int) -> None:
    try:
        chat = read_chat(_telegram(stamp), "result.json")
    except ChatError:
        return
    report = analyze_chat([chat])
    assert report.first.year >= 2013
    assert report.last.year < 2200
