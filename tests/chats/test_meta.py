"""Messenger / Instagram JSON: both layouts, mojibake, order, zones, errors, fuzzing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import meta
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions, Skip
from twoway.errors import TwowayError

from .json_trees import JSON, mutate, node_paths

DATA = Path(__file__).parent.parent / "data" / "chats"
HERE = DATA / "meta"
R, A = "Renée Dubois", "Alex Morgan"


def read(name: str, **options: Any) -> Chat:
    path = HERE / name
    return meta.read(path.read_bytes(), path.name, ReadOptions(**options))


def rows(chat: Chat) -> list[tuple[Any, ...]]:
    return chat.messages.rows()


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- sniff -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(HERE.glob("*.json")), ids=lambda p: p.name)
def test_sniff_knows_its_files(path: Path) -> None:
    assert meta.sniff(path.read_bytes(), path.name) is None


@pytest.mark.parametrize(
    "path",
    sorted((DATA / "telegram").glob("*.json")) + sorted((DATA / "discord").glob("*.json")),
    ids=lambda p: p.name,
)
def test_sniff_declines_the_other_json_exports(path: Path) -> None:
    assert meta.sniff(path.read_bytes(), path.name) is not None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "not JSON"),
        (b"\xff\xfe{", "not JSON"),
        (b'[{"messages": []}]', "a JSON list"),
        (b'{"participants": []}', "JSON without a `messages` list"),
        (b'{"messages": []}', "JSON with `messages` but no `participants` list"),
    ],
)
def test_sniff_says_why_not(data: bytes, why: str) -> None:
    reason = meta.sniff(data, "x")
    assert reason is not None
    assert reason.startswith(why)


# -- older layout ------------------------------------------------------------------------


def test_older_messenger_file_repaired_and_chronological() -> None:
    chat = read("messenger_message_1.json")
    assert chat.format == "meta"
    assert chat.title == R  # repaired from "Ren\u00c3\u00a9e Dubois"
    assert chat.unit == "message"
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.skipped == ()
    # "You are now connected…", the nickname notice, "Reacted 😍 to your message"
    assert chat.system == 3
    assert rows(chat) == [
        (t("2023-01-01T09:05:00"), A, "Salut Renée ! Café demain ? ☕", "text", 19),
        (t("2023-01-01T09:06:30.250"), R, "Oui 😊 à 10h", "text", 18),
        (t("2023-01-02T10:15:00"), R, "", "media", 17),  # photo, no content
        (t("2023-01-02T10:16:00"), A, "", "media", 16),  # "You sent a photo."
        (t("2023-01-02T18:00:00"), A, "", "call", 15),
        (t("2023-01-02T21:30:00"), R, "", "call", 14),  # a call of 0 seconds: still a call
        (t("2023-01-03T08:00:00"), A, "", "deleted", 13),  # is_unsent
        (t("2023-01-03T08:10:00"), R, "https://example.org/recette-tarte-tatin", "text", 12),
        (t("2023-01-03T08:12:00"), A, "", "media", 11),  # "Alex sent a link."
        (t("2023-01-03T08:13:00"), R, "", "media", 10),  # sticker
        (t("2023-01-03T08:14:00"), A, "", "media", 9),  # audio
        (t("2023-01-03T08:15:00"), R, "", "media", 8),  # "Renée sent a GIF from GIPHY."
        (t("2023-01-03T08:16:00"), A, "regarde ça 😂", "text", 7),  # video + caption
        (t("2023-01-03T08:17:00"), R, "", "media", 6),  # file
        # same millisecond: the file's newest-first order, reversed
        (t("2023-01-03T23:00:00"), A, "Bonne nuit ❤️", "text", 4),
        (t("2023-01-03T23:00:00"), R, "Bisous", "text", 3),
        (t("2023-01-04T07:30:00"), A, "déjà vu", "text", 1),  # real UTF-8 left alone
    ]


def test_older_group_file_notices_unknown_sender_and_skips() -> None:
    chat = read("messenger_group.json")
    assert chat.title == "Les amis du jeudi"
    # named the group, Subscribe, changed the theme, Unsubscribe, added … to the group
    assert chat.system == 5
    assert rows(chat) == [
        (t("2023-02-01T18:01:00"), "Zoë Brandt", "Merci ! 🙌", "text", 11),
        (t("2023-02-01T18:02:00"), "Facebook User", "coucou", "text", 10),
        # written by a person, though it says "left the group"
        (t("2023-02-01T18:06:00"), "Sam Taylor", "I left the group chat on read, sorry", "text", 1),
    ]
    # skips stay in file order
    assert [(s.position, s.unit) for s in chat.skipped] == [(n, "message") for n in range(2, 7)]
    reasons = [s.reason for s in chat.skipped]
    assert "`timestamp_ms`" in reasons[0]
    assert "`sender_name` is a number" in reasons[1]
    assert "message object" in reasons[2]
    assert "'1675274730000'" in reasons[3]
    assert "`content` is a list" in reasons[4]


def test_older_instagram_file() -> None:
    chat = read("instagram_message_1.json")
    assert chat.title == "sam.taylor"
    assert chat.system == 1  # "Liked a message"
    assert rows(chat) == [
        (t("2023-03-01T20:00:00"), "sam.taylor", "hiii", "text", 5),
        (t("2023-03-01T20:01:00"), "alex_m", "", "media", 4),  # "… sent an attachment."
        (t("2023-03-01T20:03:00"), "sam.taylor", "omg 😹😹", "text", 2),
        (t("2023-03-01T20:04:00"), "alex_m", "", "media", 1),
    ]


@pytest.mark.parametrize(
    ("mojibake", "text"),
    [
        ("Caf\u00c3\u00a9", "Café"),
        ("\u00f0\u009f\u0098\u008a", "😊"),  # an emoji is four such characters
        ("d\u00e9j\u00e0", "déjà"),  # not UTF-8 bytes: left as it is
        ("\u4f60\u597d", "你好"),  # beyond Latin-1: left as it is
        ("plain", "plain"),
    ],
)
def test_repair(mojibake: str, text: str) -> None:
    assert meta.repair(mojibake) == text


# -- newer layout ------------------------------------------------------------------------


def test_newer_layout_plain_utf8_already_chronological() -> None:
    chat = read("messenger_newer.json")
    assert chat.title == R
    assert chat.system == 0
    assert rows(chat) == [
        (t("2024-03-31T00:30:00"), A, "Joyeuses Pâques ! 🐣", "text", 1),
        (t("2024-03-31T01:30:00"), R, "Merci 🥰", "text", 2),
        (t("2024-03-31T09:00:00"), R, "", "media", 3),
        (t("2024-03-31T09:01:00"), A, "la nappe 😍", "text", 4),
        (t("2024-03-31T09:02:00"), A, "", "deleted", 5),
        (t("2024-03-31T09:03:00"), R, "Ã© is what Meta's old files write for é", "text", 6),
    ]


def test_newer_layout_newest_first_is_reversed() -> None:
    root = json.loads((HERE / "messenger_newer.json").read_text(encoding="utf-8"))
    root["messages"].reverse()
    chat = meta.read(json.dumps(root).encode(), "m.json", ReadOptions())
    assert chat.messages["at"].is_sorted()
    assert chat.messages["position"].to_list() == [6, 5, 4, 3, 2, 1]


# -- zones -------------------------------------------------------------------------------


def test_times_become_wall_clock_in_the_zone_given() -> None:
    utc = read("messenger_newer.json")
    paris = read("messenger_newer.json", tz="Europe/Paris")
    # Paris moved to summer time at 01:00 UTC on 2024-03-31
    assert paris.messages["at"].to_list()[:3] == [
        t("2024-03-31T01:30:00"),
        t("2024-03-31T03:30:00"),
        t("2024-03-31T11:00:00"),
    ]
    assert paris.messages.drop("at").equals(utc.messages.drop("at"))
    assert paris.messages.schema == MESSAGE_SCHEMA


def test_unknown_zone_is_an_error() -> None:
    with pytest.raises(ChatError, match="unknown time zone 'Mars/Olympus'"):
        read("messenger_newer.json", tz="Mars/Olympus")


# -- whole-file errors -------------------------------------------------------------------


def test_truncated_file_names_line_and_column() -> None:
    with pytest.raises(ChatError) as info:
        read("truncated.json")
    assert info.value.unit == "line"
    assert info.value.position == 108
    assert "column" in str(info.value)


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    data = (HERE / "not_utf8.json").read_bytes()
    with pytest.raises(ChatError) as info:
        meta.read(data, "not_utf8.json", ReadOptions())
    assert (info.value.unit, info.value.position) == ("byte", data.index(b"\xe2ques"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"[]", "expected a JSON object with a `messages` list"),
        (b'{"participants": []}', "expected `messages` to be a list of messages, found null"),
        (b'{"messages": "hi"}', "found text"),
        (b'{"messages": [1,]}', "line 1: at column 17"),
    ],
)
def test_structural_errors_say_what_was_expected(data: bytes, expected: str) -> None:
    with pytest.raises(ChatError, match=expected):
        meta.read(data, "m.json", ReadOptions())


def test_timestamps_out_of_range_are_skipped() -> None:
    entries = [
        {"sender_name": "A", "timestamp_ms": value, "content": "x"}
        for value in (-1, 10**20, True, float("inf"), 1.5e12, None)
    ]
    data = json.dumps({"participants": [], "messages": entries}).encode()
    chat = meta.read(data, "m.json", ReadOptions())
    assert [s.position for s in chat.skipped] == [1, 2, 3, 4, 6]
    assert rows(chat) == [(t("2017-07-14T02:40:00"), "A", "x", "text", 5)]


def test_subscribe_entries_are_system_even_without_a_time() -> None:
    entries = [
        {"sender_name": "A", "type": "Subscribe", "users": [{"name": "B"}]},
        {"sender_name": "A", "type": "Unsubscribe", "timestamp_ms": "soon"},
    ]
    data = json.dumps({"participants": [], "messages": entries}).encode()
    chat = meta.read(data, "m.json", ReadOptions())
    assert (chat.system, chat.skipped, chat.messages.height) == (2, (), 0)


# -- fuzz --------------------------------------------------------------------------------

KEYS = st.sampled_from(
    [
        "participants",
        "messages",
        "title",
        "threadName",
        "sender_name",
        "timestamp_ms",
        "content",
        "type",
        "is_unsent",
        "photos",
        "share",
        "senderName",
        "timestamp",
        "text",
        "media",
        "isUnsent",
    ]
)
LIKELY = st.recursive(
    JSON
    | st.sampled_from(["Call", "Subscribe", "Generic", "You sent a photo.", "Sam left the group."])
    | st.integers(0, 2**43),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)
ZONES = st.sampled_from([None, "UTC", "Europe/Paris", "Pacific/Kiritimati", "America/Adak"])


def outcome(data: bytes, tz: str | None = None) -> None:
    """sniff never raises; read gives a well-formed Chat or a TwowayError (ChatError)."""
    assert meta.sniff(data, "fuzz") is None or isinstance(meta.sniff(data, "fuzz"), str)
    try:
        result = meta.read(data, "fuzz", ReadOptions(tz=tz))
    except TwowayError:
        return
    assert result.messages.schema == MESSAGE_SCHEMA
    assert all(isinstance(s, Skip) and s.unit == "message" for s in result.skipped)
    assert set(result.messages["kind"].to_list()) <= {"text", "media", "call", "deleted"}
    result.messages.rows()  # every value converts back to Python


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@settings(deadline=None)
@given(JSON | LIKELY, ZONES)
def test_fuzz_arbitrary_json(value: object, tz: str | None) -> None:
    outcome(json.dumps(value).encode(), tz)


FIXTURES = [
    "messenger_message_1.json",
    "messenger_group.json",
    "instagram_message_1.json",
    "messenger_newer.json",
]
TREES = {name: json.loads((HERE / name).read_text(encoding="utf-8")) for name in FIXTURES}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150, deadline=None)
@given(st.sampled_from(FIXTURES), st.data(), LIKELY, st.booleans(), ZONES)
def test_fuzz_mutated_exports(
    name: str, data: st.DataObject, value: object, delete: bool, tz: str | None
) -> None:
    tree = TREES[name]
    paths = node_paths(tree)
    path = paths[data.draw(st.integers(0, len(paths) - 1))]
    outcome(json.dumps(mutate(tree, path, value, delete and bool(path))).encode(), tz)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(FIXTURES), st.data())
def test_fuzz_damaged_bytes(name: str, data: st.DataObject) -> None:
    raw = (HERE / name).read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    at = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    outcome(raw[:cut])
    outcome(raw[:at] + bytes([byte]) + raw[at + 1 :])
