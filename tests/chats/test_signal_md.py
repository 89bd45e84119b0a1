"""signal-export's chat.md: fixtures in its real layout (old and new), errors, and fuzzing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import signal_md
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions, Skip
from twoway.errors import TwowayError

HERE = Path(__file__).parent.parent / "data" / "chats" / "signal"


def read_text(text: str, **options: Any) -> Chat:
    return signal_md.read(text.encode(), "chat.md", ReadOptions(**options))


def read(name: str, **options: Any) -> Chat:
    path = HERE / name
    return signal_md.read(path.read_bytes(), path.name, ReadOptions(**options))


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- sniff -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["chat.md", "chat_old.md"])
def test_sniff_knows_its_exports_even_when_cut_off(name: str) -> None:
    raw = (HERE / name).read_bytes()
    assert signal_md.sniff(raw, name) is None
    assert signal_md.sniff(raw[:30], name) is None
    assert signal_md.sniff(b"\xef\xbb\xbf\n\n" + raw, name) is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "no text"),
        (b"  \n\n", "no text"),
        (b"05/01/2023, 10:00 - Alice: hi\n", "not a message like"),
        (b"[05/01/2023, 10:00:00] Alice: hi\n", "not a message like"),
        (b"# Notes\n[2023-01-05 10:00:00] Alice: hi\n", "not a message like"),
        (b"[2023-13-05 10:00:00] Alice: hi\n", "not a real date"),
        (b"timestamp,sender,text\n", "not a message like"),
        (b"\xff\xfe[\x00", "not a message like"),
    ],
)
def test_sniff_says_why_not(data: bytes, why: str) -> None:
    reason = signal_md.sniff(data, "x")
    assert reason is not None
    assert why in reason


# -- reading -----------------------------------------------------------------------------


def test_every_kind_of_message() -> None:
    chat = read("chat.md")
    assert chat.format == "signal"
    assert chat.unit == "line"
    assert chat.title == ""
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.messages.rows() == [
        (t("2023-01-05 10:00:00"), "Alice", "Hey! Are we still on for Saturday?", "text", 1),
        (t("2023-01-05 10:01:12"), "Me", "Yes!\nBringing the board games.", "text", 3),
        # the quote is the other person's words, the reactions line is not words at all
        (t("2023-01-05 10:02:40"), "Alice", "Perfect, I'll make soup", "text", 6),
        (t("2023-01-05 10:05:00"), "Me", "", "media", 14),
        # a file name holding parentheses is one link, not words
        (t("2023-01-05 10:06:30"), "Alice", "Look at this 🙂", "text", 16),
        (t("2023-01-05 10:07:00"), "Alice", "", "deleted", 18),
        (t("2023-01-05 18:30:00"), "Alice", "Missed voice call", "call", 22),
        (t("2023-01-05 18:31:00"), "Me", "Outgoing voice call (accepted, 12m 5s)", "call", 24),
        (t("2023-01-06 08:15:00"), "Alice", "", "media", 26),
        (t("2023-01-06 08:16:00"), "Me", "Good morning!\n\nSlept well?", "text", 28),
    ]
    # "[…] No-Sender:" with nothing after it is a group or safety-number notice
    assert chat.system == 1
    assert chat.skipped == ()
    assert chat.participants == ["Alice", "Me"]


def test_older_layout_without_seconds_or_blank_lines() -> None:
    chat = read("chat_old.md")
    assert chat.messages.rows() == [
        (t("2021-03-04 18:20"), "Alice", "hi there", "text", 1),
        (t("2021-03-04 18:21"), "Me", "hello\nsecond line", "text", 2),
        (t("2021-03-04 18:22"), "Alice", "", "media", 4),
        (t("2021-03-04 18:24"), "Alice", "", "media", 7),
    ]
    # 30 February is skipped, and its continuation line goes with it
    assert chat.skipped == (Skip(5, chat.skipped[0].reason),)
    assert "[2021-02-30 18:23] cannot be read" in chat.skipped[0].reason


def test_me_names_your_own_messages() -> None:
    chat = read("chat.md", me="Sam")
    assert chat.participants == ["Alice", "Sam"]
    assert chat.messages["sender"].to_list().count("Sam") == 4


def test_text_before_the_first_message_and_headers_without_sender_are_skipped() -> None:
    chat = read_text(
        "exported by hand\n"
        "\n"
        "[2023-01-05 10:00:00] Alice: hi\n"
        "[2023-01-05 10:01:00] just a time\n"
        "belongs to the skipped line\n"
        "[2023-01-05 10:02:00] Bob: there\n"
        "[2023-01-05 25:61:00] Bob: no such time\n"
        "[2023-01-05 10:03:00] Bob: again\n"
    )
    assert chat.messages.rows() == [
        (t("2023-01-05 10:00"), "Alice", "hi", "text", 3),
        (t("2023-01-05 10:02"), "Bob", "there", "text", 6),
        (t("2023-01-05 10:03"), "Bob", "again", "text", 8),
    ]
    assert [(s.position, s.unit) for s in chat.skipped] == [(1, "line"), (4, "line"), (7, "line")]
    assert "before the first message" in chat.skipped[0].reason
    assert "no sender" in chat.skipped[1].reason
    assert "cannot be read" in chat.skipped[2].reason


def test_reactions_before_attachments_and_windows_paths() -> None:
    # signal-export appends attachments after the reactions line, on the same line
    chat = read_text(
        "[2023-01-05 10:00:00] Alice: Look  \r\n"
        "(- Me: 😍 -)![IMG 1.jpg](./media\\2023-01-05_00_IMG%201.jpg)  \r\n"
        "\r\n"
        "[2023-01-05 10:01:00] Alice:   \r\n"
        "(- Me: 👍 -)![a.jpg](./media/a.jpg)  [b.mp4](./media/b.mp4)  \r\n"
        "\r\n"
        "[2023-01-05 10:02:00] Alice:   \r\n"
        "(( 🌞 ))\r\n"
    )
    assert [(r[2], r[3]) for r in chat.messages.rows()] == [
        ("Look", "text"),
        ("", "media"),
        ("", "media"),
    ]


def test_a_reply_quoting_several_lines_and_words_that_look_like_markdown() -> None:
    chat = read_text(
        "[2023-01-05 10:00:00] Me: \n\n> line one\n> \n> line three\n\nanswer  \n\n"
        "[2023-01-05 10:01:00] Alice: see [the docs](https://example.org) > here  \n\n"
    )
    assert chat.messages["text"].to_list() == [
        "answer",
        "see [the docs](https://example.org) > here",
    ]


def test_colons_in_the_text_stay_in_the_text() -> None:
    chat = read_text("[2023-01-05 10:00:00] Alice: note: 10:30 works\n")
    assert chat.messages.rows()[0][1:3] == ("Alice", "note: 10:30 works")


# -- errors ------------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    data = "[2023-01-05 10:00:00] Alice: hé\n".encode() + b"\xff\n"
    with pytest.raises(ChatError) as info:
        signal_md.read(data, "chat.md", ReadOptions())
    assert info.value.unit == "byte"
    assert info.value.position == len(data) - 2


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "just some notes\n", "[2023-01-05 10:00:00] No-Sender: \n"],
)
def test_no_messages_is_an_error(text: str) -> None:
    with pytest.raises(ChatError, match="no messages"):
        read_text(text)


# -- fuzzing -----------------------------------------------------------------------------


def outcome(data: bytes, me: str | None = None) -> None:
    """sniff never raises; read gives a well-formed Chat in file order or a TwowayError."""
    reason = signal_md.sniff(data, "fuzz")
    assert reason is None or isinstance(reason, str)
    try:
        chat = signal_md.read(data, "fuzz", ReadOptions(me=me))
    except TwowayError:
        return
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.messages.height > 0
    positions = chat.messages["position"].to_list()
    assert positions == sorted(set(positions))
    lines = data.count(b"\n") + 1
    assert all(1 <= p <= lines for p in positions)
    assert all(isinstance(s, Skip) and 1 <= s.position <= lines for s in chat.skipped)
    assert set(chat.messages["kind"].to_list()) <= {"text", "media", "call", "deleted"}
    assert all(s.strip() for s in chat.messages["sender"].to_list())


LINES = st.sampled_from(
    [
        "[2023-01-05 10:00:00] Alice: hi  ",
        "[2023-01-05, 10:00] Me: ",
        "[2023-02-30 10:00:00] Bob: x",
        "[2023-01-05 10:00:00]  : ",
        "> quoted",
        "(- Alice: ❤️ -)",
        "(( 🌞 ))",
        "![a.jpg](./media/a.jpg)  ",
        "(This message was deleted)",
        "Missed video call",
        "",
        "\r",
    ]
)


@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@given(st.lists(LINES | st.text(max_size=40), max_size=12), st.none() | st.text(max_size=5))
def test_fuzz_arbitrary_text(lines: list[str], me: str | None) -> None:
    outcome("\n".join(lines).encode("utf-8", "surrogatepass"), me)


FIXTURES = ["chat.md", "chat_old.md"]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(st.sampled_from(FIXTURES), st.data(), LINES | st.text(max_size=40), st.booleans())
def test_fuzz_mutated_exports(name: str, data: st.DataObject, line: str, delete: bool) -> None:
    lines = (HERE / name).read_text(encoding="utf-8").split("\n")
    at = data.draw(st.integers(0, len(lines) - 1))
    if delete:
        del lines[at]
    else:
        lines.insert(at, line)
    outcome("\n".join(lines).encode("utf-8", "surrogatepass"))


@settings(max_examples=100)
@given(st.sampled_from(FIXTURES), st.data())
def test_fuzz_damaged_bytes(name: str, data: st.DataObject) -> None:
    raw = (HERE / name).read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    at = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    outcome(raw[:cut])
    outcome(raw[:at] + bytes([byte]) + raw[at + 1 :])
