"""Each format's odd corners, on small fixtures built here: Telegram cut down to
`date_unixtime` or without its `type`, WhatsApp's ISO bracketed headers, text
encodings and line endings, zip members named in the phone's language."""

from __future__ import annotations

import json
from datetime import datetime

from twoway.chats import ReadOptions, detect, read_chat


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
