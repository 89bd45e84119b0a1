"""Detection across every format: each fixture is recognised as its own, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twoway.chats import detect, format_names, read_chat, reader
from twoway.chats.messages import MESSAGE_SCHEMA, Chat
from twoway.errors import TwowayError, UnknownFormat

CHATS = Path(__file__).parents[1] / "data" / "chats"
#: fixture folder -> format name
FOLDERS = {
    "whatsapp": "whatsapp",
    "telegram": "telegram",
    "meta": "meta",
    "discord": "discord",
    "sms": "sms",
    "signal": "signal",
    "csv": "csv",
}
#: fixtures that are deliberately not a readable export of their folder's format
NOT_EXPORTS = {
    "not_whatsapp.txt",
    "not_utf8.txt",
    "empty.txt",
    "blank.txt",
    "no_chat.zip",
    "corrupt.zip",
    # the apps' HTML exports, which twoway does not read (it says which export to take)
    "messages.html",
    "message_1.html",
}


def fixtures() -> list[tuple[str, Path]]:
    out = []
    for folder, name in FOLDERS.items():
        for path in sorted((CHATS / folder).iterdir()):
            if path.suffix in (".py",) or path.name in NOT_EXPORTS:
                continue
            out.append((name, path))
    return out


def test_every_format_has_fixtures() -> None:
    assert {name for name, _ in fixtures()} == set(format_names())


@pytest.mark.parametrize(("name", "path"), fixtures(), ids=lambda x: getattr(x, "name", x))
def test_each_fixture_is_detected_as_its_own_format(name: str, path: Path) -> None:
    assert name == detect(path.read_bytes(), path.name).NAME


def test_an_unknown_file_lists_every_format_and_why() -> None:
    with pytest.raises(UnknownFormat) as caught:
        detect(b"dear diary,\ntoday was long\n", "diary.txt")
    message = str(caught.value)
    for name in format_names():
        assert reader(name).LABEL in message


@pytest.mark.parametrize(
    ("path", "app", "steps"),
    [
        (CHATS / "telegram" / "messages.html", "Telegram Desktop", '"Machine-readable JSON"'),
        (CHATS / "meta" / "message_1.html", "Facebook or Instagram", '"Download your information"'),
    ],
    ids=["telegram", "meta"],
)
def test_an_apps_html_export_is_refused_with_the_export_to_take(
    path: Path, app: str, steps: str
) -> None:
    with pytest.raises(UnknownFormat) as caught:
        detect(path.read_bytes(), path.name)
    assert caught.value.code == "export_not_read"
    assert caught.value.fields == {"app": app, "form": "HTML"}
    assert str(caught.value).startswith(f"{path.name}: this is an HTML export from {app}")
    assert steps in str(caught.value)


def test_another_html_page_is_no_known_export() -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>Recipes</title></head><body><p>Soup</p></body></html>"
    )
    with pytest.raises(UnknownFormat) as caught:
        detect(page, "soup.html")
    assert caught.value.code == "unknown_format"
    assert "Formats tried" in str(caught.value)


def test_an_unknown_format_name_lists_the_names() -> None:
    with pytest.raises(UnknownFormat, match="whatsapp, telegram"):
        reader("myspace")


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_auto_detection_never_raises_anything_but_a_twoway_error(data: bytes) -> None:
    try:
        chat = read_chat(data, "fuzz")
    except TwowayError:
        return
    assert isinstance(chat, Chat)
    assert chat.messages.schema == MESSAGE_SCHEMA


HEADS = [
    b"12/03/2021, 14:05 - Sam: ",
    b"[2023-01-05 10:00:00] Alice: ",
    b'{"name": "Sam", "type": "personal_chat", "id": 1, "messages": [',
    b'{"participants": [{"name": "A"}], "messages": [',
    b'{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [',
    b'<?xml version="1.0"?><smses count="1"><sms ',
    b"timestamp,sender,text\n",
]


@settings(max_examples=300)
@given(st.sampled_from(HEADS), st.binary(max_size=300))
def test_a_real_looking_start_followed_by_garbage_is_a_clear_error_or_a_chat(
    head: bytes, tail: bytes
) -> None:
    try:
        chat = read_chat(head + tail, "fuzz")
    except TwowayError as exc:
        message = str(exc)
    else:
        assert chat.messages.schema == MESSAGE_SCHEMA
        return
    assert message.startswith("fuzz")  # every error names the file
