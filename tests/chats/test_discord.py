"""DiscordChatExporter JSON: types, senders, offsets and zones, errors, fuzzing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import discord
from twoway.chats.messages import MESSAGE_SCHEMA, Chat, ChatError, ReadOptions, Skip
from twoway.errors import TwowayError

from .json_trees import JSON, mutate, node_paths

DATA = Path(__file__).parent.parent / "data" / "chats"
HERE = DATA / "discord"


def read(name: str, **options: Any) -> Chat:
    path = HERE / name
    return discord.read(path.read_bytes(), path.name, ReadOptions(**options))


def rows(chat: Chat) -> list[tuple[Any, ...]]:
    return chat.messages.rows()


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- sniff -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(HERE.glob("*.json")), ids=lambda p: p.name)
def test_sniff_knows_its_exports(path: Path) -> None:
    assert discord.sniff(path.read_bytes(), path.name) is None


@pytest.mark.parametrize(
    "path",
    sorted((DATA / "telegram").glob("*.json")) + sorted((DATA / "meta").glob("*.json")),
    ids=lambda p: p.name,
)
def test_sniff_declines_the_other_json_exports(path: Path) -> None:
    assert discord.sniff(path.read_bytes(), path.name) is not None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "not JSON"),
        (b"date,sender,text\n", "not JSON"),
        (b"[]", "a JSON list"),
        (b'{"guild": {}, "channel": {}}', "JSON without a `messages` list"),
        (b'{"messages": [], "channel": {}}', "JSON with `messages` but no Discord"),
    ],
)
def test_sniff_says_why_not(data: bytes, why: str) -> None:
    reason = discord.sniff(data, "x")
    assert reason is not None
    assert reason.startswith(why)


# -- reading -----------------------------------------------------------------------------


def test_direct_messages() -> None:
    chat = read("dm.json")
    assert chat.format == "discord"
    assert chat.title == "samtaylor"
    assert chat.unit == "message"
    assert chat.messages.schema == MESSAGE_SCHEMA
    assert chat.skipped == ()
    assert chat.system == 1  # ChannelPinnedMessage
    # the exporter wrote local offsets (+01:00, then +02:00 after the clocks changed);
    # without a zone the times are UTC
    assert rows(chat) == [
        (t("2023-03-25T09:00:00.123"), "Alex", "hey! are we still on for saturday?", "text", 1),
        (t("2023-03-25T09:02:30.5"), "samtaylor", "yes!! 🎉", "text", 2),  # a Reply
        (t("2023-03-25T19:00:00"), "samtaylor", "", "call", 3),
        (t("2023-03-26T07:15:00.987654"), "Alex", "", "media", 4),  # attachment
        (t("2023-03-26T07:16:00"), "samtaylor", "", "media", 5),  # sticker
        (t("2023-03-26T07:20:00"), "Alex", "the tickets", "text", 6),  # attachment + caption
        # 7 is the pin notice; 8 was edited and counts once
        (
            t("2023-03-26T07:30:00"),
            "samtaylor",
            "see you at the station (platform 4 not 3)",
            "text",
            8,
        ),
        (t("2023-03-26T07:40:00"), "Alex", "https://example.org/trains", "text", 9),
    ]


def test_wall_clock_in_the_zone_given() -> None:
    chat = read("dm.json", tz="Europe/London")
    assert chat.messages["at"].to_list()[0] == t("2023-03-25T09:00:00.123")  # GMT
    assert chat.messages["at"].to_list()[-1] == t("2023-03-26T08:40:00")  # BST
    tokyo = read("dm.json", tz="Asia/Tokyo")
    assert tokyo.messages["at"].to_list()[2] == t("2023-03-26T04:00:00")
    assert tokyo.messages.schema == MESSAGE_SCHEMA


def test_unknown_zone_is_an_error() -> None:
    with pytest.raises(ChatError, match="unknown time zone 'Europe/Atlantis'"):
        read("dm.json", tz="Europe/Atlantis")


def test_guild_channel_system_entries_nicknames_and_skips() -> None:
    chat = read("guild_channel.json")
    assert chat.title == "general"
    # GuildMemberJoin, ThreadCreated, ChatInputCommand
    assert chat.system == 3
    assert rows(chat) == [
        (t("2023-05-01T18:01:00"), "Zoë 📚", "hello book club 👋", "text", 2),  # nickname
        (t("2023-05-01T18:01:05"), "Dyno", "Welcome **Zoë 📚**! Read the rules.", "text", 3),
        (t("2023-05-01T18:03:00"), "Alex", "welcome!", "text", 5),
        (t("2023-05-01T18:04:00"), "samtaylor", "finished it last night 😭", "text", 6),
        (t("2023-05-01T18:09:00"), "Alex", "same time next month?", "text", 14),
    ]
    assert [(s.position, s.unit) for s in chat.skipped] == [
        (n, "message") for n in (7, 8, 9, 10, 11, 12)
    ]
    reasons = [s.reason for s in chat.skipped]
    assert "`timestamp` is missing" in reasons[0]
    assert "`author`" in reasons[1]
    assert "`content` is a number" in reasons[2]
    assert "message object" in reasons[3]
    assert "`type` is null" in reasons[4]
    assert "'last tuesday'" in reasons[5]


def test_timestamp_without_offset_is_utc_and_absurd_ones_are_skipped() -> None:
    author = {"name": "a"}
    messages = [
        {"type": "Default", "timestamp": "2023-01-01T10:00:00", "content": "x", "author": author},
        {
            "type": "Default",
            "timestamp": "0001-01-01T00:00:00+01:00",
            "content": "x",
            "author": author,
        },
        {
            "type": "Default",
            "timestamp": "9999-12-31T23:59:59-14:00",
            "content": "x",
            "author": author,
        },
        {"type": "Default", "timestamp": "2023-01-01", "content": "x", "author": author},
    ]
    data = json.dumps({"guild": {}, "channel": {}, "messages": messages}).encode()
    chat = discord.read(data, "d.json", ReadOptions(tz="Pacific/Kiritimati"))
    assert rows(chat) == [(t("2023-01-02T00:00:00"), "a", "x", "text", 1)]
    assert [s.position for s in chat.skipped] == [2, 3, 4]


# -- whole-file errors -------------------------------------------------------------------


def test_truncated_export_names_line_and_column() -> None:
    with pytest.raises(ChatError) as info:
        read("truncated.json")
    assert (info.value.unit, info.value.position) == ("line", 167)
    assert "at column 18, the file ends in the middle" in str(info.value)


def test_bytes_that_are_not_utf8_are_named_by_offset() -> None:
    data = (HERE / "not_utf8.json").read_bytes()
    with pytest.raises(ChatError) as info:
        discord.read(data, "not_utf8.json", ReadOptions())
    assert (info.value.unit, info.value.position) == ("byte", data.index(b"\xff"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"null", "expected a JSON object with `channel` and a `messages` list, found null"),
        (b'{"channel": {}, "messages": {"a": 1}}', "expected `messages` to be a list"),
        (b'{"channel": 3, "messages": []', "ends in the middle"),
    ],
)
def test_structural_errors_say_what_was_expected(data: bytes, expected: str) -> None:
    with pytest.raises(ChatError, match=expected):
        discord.read(data, "d.json", ReadOptions())


def test_channel_that_is_not_an_object_just_has_no_title() -> None:
    chat = discord.read(b'{"channel": 3, "messages": []}', "d.json", ReadOptions())
    assert chat.title == ""
    assert chat.messages.is_empty()


# -- fuzz --------------------------------------------------------------------------------

KEYS = st.sampled_from(
    ["guild", "channel", "name", "messages", "type", "timestamp", "content", "author", "nickname"]
)
LIKELY = st.recursive(
    JSON
    | st.sampled_from(["Default", "Reply", "Call", "2023-01-01T10:00:00.123+00:00"])
    | st.datetimes().map(lambda d: d.isoformat() + "+05:30"),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)
ZONES = st.sampled_from([None, "UTC", "Europe/Paris", "Pacific/Kiritimati", "America/Adak"])


def outcome(data: bytes, tz: str | None = None) -> None:
    """sniff never raises; read gives a well-formed Chat or a TwowayError (ChatError)."""
    assert discord.sniff(data, "fuzz") is None or isinstance(discord.sniff(data, "fuzz"), str)
    try:
        result = discord.read(data, "fuzz", ReadOptions(tz=tz))
    except TwowayError:
        return
    assert result.messages.schema == MESSAGE_SCHEMA
    assert all(isinstance(s, Skip) and s.unit == "message" for s in result.skipped)
    assert set(result.messages["kind"].to_list()) <= {"text", "media", "call"}
    result.messages.rows()  # every value converts back to Python


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    outcome(data)


@settings(deadline=None)
@given(JSON | LIKELY, ZONES)
def test_fuzz_arbitrary_json(value: object, tz: str | None) -> None:
    outcome(json.dumps(value).encode(), tz)


FIXTURES = ["dm.json", "guild_channel.json"]
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
