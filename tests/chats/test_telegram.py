"""Telegram Desktop JSON: fixtures in the real export layout, errors, and fuzzing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import telegram
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions, Skip
from twoway.errors import TwowayError

from .json_trees import JSON, mutate, node_paths

DATA = Path(__file__).parent.parent / "data" / "chats"
HERE = DATA / "telegram"


def read(name: str, **options: Any) -> Chat:
    path = HERE / name
    return telegram.read(path.read_bytes(), path.name, ReadOptions(**options))


def rows(chat: Chat) -> list[tuple[Any, ...]]:
    return chat.messages.rows()


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- sniff -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["personal.json", "group.json", "account.json", "account_one_chat.json", "truncated.json"],
)
def test_sniff_knows_its_exports_even_when_cut_off(name: str) -> None:
    """A truncated export is still Telegram's: reading then names the line."""
    assert telegram.sniff((HERE / name).read_bytes(), name) is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "not JSON"),
        (b"[12/01/2023, 10:00] Sam: hi\n", "not JSON"),
        (b"[1, 2]", "a JSON list, not an export object"),
        (b'{"name": "x"}', "JSON without a `messages` list"),
        (b'{"messages": []}', "JSON with `messages` but no Telegram chat `type`"),
    ],
)
def test_sniff_says_why_not(data: bytes, why: str) -> None:
    reason = telegram.sniff(data, "x")
    assert reason is not None
    assert reason.startswith(why)


@pytest.mark.parametrize(
    "path", sorted((DATA / "meta").glob("*.json")) + sorted((DATA / "discord").glob("*.json"))
)
def test_sniff_declines_the_other_json_exports(path: Path) -> None:
    assert telegram.sniff(path.read_bytes(), path.name) is not None


def test_sniff_ignores_keys_inside_message_text() -> None:
    """A chat quoting `"type": "personal_chat"` in a message is escaped, so not a match."""
    data = json.dumps({"messages": [{"content": '"type": "personal_chat"'}]}).encode()
    assert telegram.sniff(data, "x") is not None


# -- one chat ----------------------------------------------------------------------------


def test_personal_chat_every_kind_of_entry() -> None:
    chat = read("personal.json")
    assert chat.format == "telegram"
    assert chat.title == "Sam Taylor"
    assert chat.unit == "message"
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.skipped == ()
    assert chat.system == 1  # the pinned-message notice
    A, S = "Alex Morgan", "Sam Taylor"
    assert rows(chat) == [
        (t("2023-01-05T08:01:12"), A, "Morning! Did you sleep ok?", "text", 1),
        # entity list joined; edited once, at its original time
        (
            t("2023-01-05T08:03:40"),
            S,
            "Yes! finally — thanks for the tea tip https://example.org/tea",
            "text",
            2,
        ),
        (t("2023-01-05T08:04:02"), A, "So glad 😊", "text", 3),  # a reply
        (t("2023-01-05T12:30:00"), S, "", "call", 4),  # phone_call by its actor
        (t("2023-01-05T18:02:11"), A, "", "call", 5),  # a missed call is a call too
        (t("2023-01-05T18:05:00"), S, "", "media", 6),  # photo
        (t("2023-01-05T18:06:30"), A, "the view from the office", "text", 7),  # photo + caption
        (t("2023-01-05T18:07:00"), S, "", "media", 8),  # sticker
        (t("2023-01-05T21:15:45"), A, "", "media", 9),  # voice_message
        (t("2023-01-06T09:00:00"), S, "", "media", 10),  # video_file
        (t("2023-01-06T09:01:10"), A, "", "media", 11),  # animation
        (t("2023-01-06T09:02:00"), S, "", "media", 12),  # video_message
        (t("2023-01-06T09:30:00"), A, "", "media", 13),  # audio_file
        (t("2023-01-06T10:00:00"), S, "", "media", 14),  # location
        (t("2023-01-06T10:01:00"), A, "", "media", 15),  # contact
        (t("2023-01-06T10:05:00"), S, "", "media", 16),  # poll
        # 17 is the pin notice
        (t("2023-01-06T10:10:00"), S, "Call me @alexm when you land", "text", 18),
        (t("2023-01-06T10:12:00"), A, "the lease, page 3", "text", 19),  # file + caption
        (t("2023-01-06T10:20:00"), S, "Don't forget Sunday lunch", "text", 20),  # forwarded
    ]
    assert chat.participants == [A, S]


def test_group_service_entries_and_deleted_accounts() -> None:
    chat = read("group.json")
    assert chat.title == "Family 🏡"
    # create_group, invite_members, edit_group_title, group_call, remove_members
    assert chat.system == 5
    assert rows(chat) == [
        (t("2023-03-01T19:01:00"), "Mum", "Dinner on Sunday?", "text", 3),
        (t("2023-03-01T19:02:00"), "Deleted Account", "I'll bring dessert", "text", 4),  # null
        (t("2023-03-01T19:03:00"), "Deleted Account", "who was that?", "text", 5),  # no `from`
        (t("2023-03-01T19:05:00"), "Sam Taylor", "Yes!", "text", 7),
        (t("2023-03-01T20:15:00"), "Alex Morgan", "Lovely call 🥰 #family", "text", 9),
        (t("2023-03-01T21:00:00"), "Deleted Account", "", "call", 10),  # null actor
    ]


def test_unreadable_entries_are_skipped_by_position() -> None:
    chat = read("broken_entries.json")
    assert [(r[2], r[4]) for r in rows(chat)] == [("first", 1), ("last good one", 8)]
    assert [(s.position, s.unit) for s in chat.skipped] == [
        (n, "message") for n in (2, 3, 4, 5, 6, 7, 9, 10)
    ]
    reasons = {s.position: s.reason for s in chat.skipped}
    assert "message object" in reasons[2]
    assert "`date`" in reasons[3]
    assert "'yesterday'" in reasons[4]
    assert "`from`" in reasons[5]
    assert "`text`" in reasons[6]
    assert "'mystery'" in reasons[7]
    assert "`text`" in reasons[9]
    assert "null" in reasons[10]


def test_a_one_chat_export_ignores_the_chat_option() -> None:
    assert read("personal.json", chat="somebody else").title == "Sam Taylor"


# -- whole account -----------------------------------------------------------------------


def test_account_export_needs_a_chat_chosen() -> None:
    with pytest.raises(ChatError) as info:
        read("account.json")
    text = str(info.value)
    assert (info.value.code, info.value.option) == ("which_chat", "chat")
    assert "--chat" not in text
    assert "5 chats" in text
    for name in ("Sam Taylor (id 1000002)", "Saved Messages", "Family 🏡", "Jo (id 1000007)"):
        assert name in text


@pytest.mark.parametrize(
    ("choice", "title", "first"),
    [
        ("sam taylor", "Sam Taylor", "Morning! Did you sleep ok?"),  # any case
        ("  FAMILY 🏡 ", "Family 🏡", "Dinner on Sunday?"),
        ("4000000001", "Family 🏡", "Dinner on Sunday?"),  # by id
        ("saved messages", "Saved Messages", "passport number is in the blue folder"),
        ("1500000042", "jo", "welcome"),  # a chat you left, by id
    ],
)
def test_account_export_chooses_by_name_or_id(choice: str, title: str, first: str) -> None:
    chat = read("account.json", chat=choice)
    assert chat.title == title
    assert rows(chat)[0][2] == first


def test_account_export_names_shared_by_two_chats_need_the_id() -> None:
    with pytest.raises(ChatError, match=r"2 chats are named 'Jo'.*1000007.*1500000042"):
        read("account.json", chat="Jo")
    assert read("account.json", chat="1000007").title == "Jo"


def test_account_export_unknown_chat_lists_the_chats() -> None:
    with pytest.raises(ChatError, match=r"no chat named 'Pat'.*Sam Taylor"):
        read("account.json", chat="Pat")


def test_account_export_with_one_chat_takes_it() -> None:
    assert rows(read("account_one_chat.json")) == rows(read("personal.json"))


def test_account_export_without_chats() -> None:
    data = json.dumps({"chats": {"about": "", "list": []}}).encode()
    with pytest.raises(ChatError, match="no chats"):
        telegram.read(data, "r.json", ReadOptions())
    with pytest.raises(ChatError, match="`chats` to be an object with a `list`"):
        telegram.read(b'{"chats": []}', "r.json", ReadOptions())


def test_account_chat_without_messages() -> None:
    data = json.dumps({"chats": {"list": [{"name": "Sam", "id": 7, "type": "personal_chat"}]}})
    with pytest.raises(ChatError, match=r"the chat Sam \(id 7\) has no `messages` list"):
        telegram.read(data.encode(), "r.json", ReadOptions())


def test_long_chat_lists_are_shortened() -> None:
    chats = [{"name": f"c{i}", "id": i, "type": "personal_chat", "messages": []} for i in range(80)]
    data = json.dumps({"chats": {"list": chats}}).encode()
    with pytest.raises(ChatError, match="and 20 more"):
        telegram.read(data, "r.json", ReadOptions())


# -- whole-file errors -------------------------------------------------------------------


def test_truncated_export_names_line_and_column() -> None:
    with pytest.raises(ChatError) as info:
        read("truncated.json")
    assert info.value.unit == "line"
    assert info.value.position == 224
    assert "column 13" in str(info.value)
    assert "ends in the middle" in str(info.value)


def test_corrupt_json_names_line_and_column() -> None:
    with pytest.raises(ChatError, match=r"line 3: at column 5, this is not valid JSON"):
        telegram.read(b'{\n "name": "x",\n    , "messages": []}', "r.json", ReadOptions())


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    data = (HERE / "not_utf8.json").read_bytes()
    with pytest.raises(ChatError) as info:
        telegram.read(data, "not_utf8.json", ReadOptions())
    assert info.value.unit == "byte"
    assert info.value.position == data.index(b"S\xf8") + 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"[]", "expected a JSON object"),
        (b'"text"', "expected a JSON object"),
        (b'{"name": "x", "messages": {}}', "expected `messages` to be a list"),
        (b'{"name": "x"}', "expected a `messages` list"),
        (b"  ", "empty"),
    ],
)
def test_structural_errors_say_what_was_expected(data: bytes, expected: str) -> None:
    with pytest.raises(ChatError, match=expected):
        telegram.read(data, "r.json", ReadOptions())


def test_byte_order_mark_and_lone_surrogates() -> None:
    body = {
        "name": "x\ud800",
        "type": "personal_chat",
        "id": 1,
        "messages": [
            {
                "id": 1,
                "type": "message",
                "date": "2023-01-01T10:00:00",
                "from": "\udfff",
                "text": "a\ud83d",
            }
        ],
    }
    data = b"\xef\xbb\xbf" + json.dumps(body).encode()
    chat = telegram.read(data, "r.json", ReadOptions())
    assert chat.title == "x\ufffd"
    assert rows(chat) == [(t("2023-01-01T10:00:00"), "\ufffd", "a\ufffd", "text", 1)]


# -- fuzz --------------------------------------------------------------------------------

# values shaped like parts of an export, so fuzzing reaches past the first checks
KEYS = st.sampled_from(
    [
        "name",
        "type",
        "id",
        "messages",
        "chats",
        "list",
        "left_chats",
        "date",
        "from",
        "text",
        "actor",
        "action",
        "photo",
        "media_type",
        "edited",
    ]
)
LIKELY = st.recursive(
    JSON
    | st.sampled_from(
        ["message", "service", "phone_call", "2023-01-05T10:00:00", "saved_messages"]
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)


def outcome(data: bytes, chat: str | None = None) -> None:
    """sniff never raises; read gives a well-formed Chat or a TwowayError (ChatError)."""
    assert telegram.sniff(data, "fuzz") is None or isinstance(telegram.sniff(data, "fuzz"), str)
    try:
        result = telegram.read(data, "fuzz", ReadOptions(chat=chat))
    except TwowayError:
        return
    assert result.messages.schema == MESSAGE_SCHEMA
    assert all(isinstance(s, Skip) and s.unit == "message" for s in result.skipped)
    assert set(result.messages["kind"].to_list()) <= {"text", "media", "call", "deleted"}


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@settings(deadline=None)
@given(JSON | LIKELY, st.none() | st.text(max_size=5))
def test_fuzz_arbitrary_json(value: object, chat: str | None) -> None:
    outcome(json.dumps(value).encode(), chat)


FIXTURES = ["personal.json", "group.json", "account.json", "broken_entries.json"]
TREES = {name: json.loads((HERE / name).read_text(encoding="utf-8")) for name in FIXTURES}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150, deadline=None)
@given(st.sampled_from(FIXTURES), st.data(), LIKELY, st.booleans())
def test_fuzz_mutated_exports(name: str, data: st.DataObject, value: object, delete: bool) -> None:
    tree = TREES[name]
    paths = node_paths(tree)
    path = paths[data.draw(st.integers(0, len(paths) - 1))]
    chat = "family 🏡" if name == "account.json" else None
    outcome(json.dumps(mutate(tree, path, value, delete and bool(path))).encode(), chat)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(FIXTURES), st.data())
def test_fuzz_damaged_bytes(name: str, data: st.DataObject) -> None:
    raw = (HERE / name).read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    at = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    outcome(raw[:cut])
    outcome(raw[:at] + bytes([byte]) + raw[at + 1 :])
