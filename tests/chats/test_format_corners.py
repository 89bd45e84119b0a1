"""Each format's odd corners, on small fixtures built here: Telegram cut down to
`date_unixtime` or without its `type`, WhatsApp's ISO bracketed headers, text
encodings and line endings, zip members named in the phone's language."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

import pytest

from twoway.chats import ChatError, ReadOptions, detect, read_chat


def _telegram(**top: object) -> bytes:
    messages = [
        {
            "id": 1,
            "type": "message",
            "date_unixtime": "1672567200",
            "from": "Sam",
            "from_id": "user1",
            "text": "hi",
        },
        {
            "id": 2,
            "type": "message",
            "date_unixtime": "1672567260",
            "from": "Jo",
            "from_id": "user2",
            "text": [{"type": "bold", "text": "hey"}],
        },
    ]
    return json.dumps({**top, "messages": messages}).encode()


def test_telegram_with_only_unix_times_reads_them_in_utc_or_the_given_zone() -> None:
    data = _telegram(name="Sam", type="personal_chat", id=1)
    chat = read_chat(data, "result.json")
    assert chat.messages["at"].to_list() == [
        datetime(2023, 1, 1, 10, 0),
        datetime(2023, 1, 1, 10, 1),
    ]
    paris = read_chat(data, "result.json", options=ReadOptions(tz="Europe/Paris"))
    assert paris.messages["at"][0] == datetime(2023, 1, 1, 11, 0)
    assert chat.messages["text"].to_list() == ["hi", "hey"]


def test_a_single_chat_telegram_export_without_type_is_telegram() -> None:
    data = _telegram(name="Sam", id=1)
    assert detect(data, "result.json").NAME == "telegram"
    assert read_chat(data, "result.json").participants == ["Sam", "Jo"]


# -- WhatsApp: ISO headers, encodings, line ends -----------------------------------------

ISO_IOS = (
    "[2024-03-12 21:15:03] Book club: \u200eMessages and calls are end-to-end encrypted.\n"
    "[2024-03-12 21:15:03] Alex: see you at 8\n"
    "[2024-03-12 21:16:10] Sam: \u200eimage omitted\n"
    "[2024-03-12 21:17:00] Sam: great\n"
)


def test_whatsapp_iso_bracketed_headers_are_read_as_whatsapp() -> None:
    chat = read_chat(ISO_IOS.encode(), "_chat.txt")
    assert chat.format == "whatsapp"
    assert chat.system == 1
    assert chat.messages["kind"].to_list() == ["text", "media", "text"]
    assert chat.messages["at"][0] == datetime(2024, 3, 12, 21, 15, 3)
    # without WhatsApp's marks, but with seconds on every header and no Markdown
    plain = "[2024-03-12 21:15:03] Alex: hi\n[2024-03-12 21:16:03] Sam: hey\n"
    assert detect(plain.encode(), "chat.txt").NAME == "whatsapp"
    # signal-export's own layout stays Signal's
    signal = "[2023-01-05 10:00:00] Alice: Hey  \n\n[2023-01-05 10:01:12] Me: Yes!  \n"
    assert detect(signal.encode(), "chat.md").NAME == "signal"


ANDROID = "13/03/2021, 14:05 - Sam: Grüße 👋\n13/03/2021, 14:06 - Jo: hi\nsecond line\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_with_and_without_a_byte_order_mark_is_read(encoding: str) -> None:
    chat = read_chat(ANDROID.encode(encoding), "chat.txt")
    assert chat.messages["text"].to_list() == ["Grüße 👋", "hi\nsecond line"]


def test_old_mac_line_ends_are_read() -> None:
    lines = [f"13/03/2021, 14:{i:02d} - Sam: message {i}" for i in range(40)]
    chat = read_chat("\r".join(lines).encode(), "chat.txt")
    assert chat.messages.height == 40


def test_a_file_cut_inside_its_last_character_is_read_up_to_it_with_a_note() -> None:
    data = ANDROID.encode()[: -len("\nsecond line\n")] + " 👋".encode()[:3]
    chat = read_chat(data, "chat.txt")
    assert chat.messages["text"].to_list() == ["Grüße 👋", "hi "]
    assert "ends inside a character" in chat.notes[0]


# -- WhatsApp .zip ----------------------------------------------------------------------


def _zip(name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("IMG-20210312-WA0001.jpg", b"\xff\xd8")
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("member", "title"),
    [
        ("WhatsApp Chat mit Alex.txt", "Alex"),
        ("Discussion WhatsApp avec Alex.txt", "Alex"),
        ("Chat de WhatsApp con Alex.txt", "Alex"),
        ("Conversa do WhatsApp com Alex.txt", "Alex"),
        ("WhatsApp-chat met Alex.txt", "Alex"),
    ],
)
def test_zip_members_named_in_the_phones_language(member: str, title: str) -> None:
    chat = read_chat(_zip(member, ANDROID.encode()), "export.zip")
    assert chat.title == title
    assert chat.messages.height == 2


def test_a_zip_bomb_is_refused_in_one_sentence() -> None:
    bomb = _zip("WhatsApp Chat with Alex.txt", ANDROID.encode() + b"\x00" * (60 << 20))
    assert len(bomb) < 200_000
    with pytest.raises(ChatError, match=r"unpacks to more than \d+ MB .* it was not unpacked$"):
        read_chat(bomb, "export.zip")
