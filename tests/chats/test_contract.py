"""One contract for every reader of the format registry, instead of a copy per format.

Each format gets the same checks: an empty file, a header with no message, garbage,
a 10 MB line, its message kinds, stable ledger ids, a re-import that adds nothing,
and fuzzing that ends in a `TwowayError` or a well-formed chat, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twoway.chats import READERS, ReadOptions, format_names, read_chat
from twoway.chats.analysis import prepare_chat
from twoway.chats.messages import MESSAGE_KINDS, MESSAGE_SCHEMA, Chat
from twoway.errors import TwowayError

CHATS = Path(__file__).parents[1] / "data" / "chats"

#: format -> (a two-person export written by us, its file name, reading options)
SAMPLES: dict[str, tuple[Path, dict[str, str]]] = {
    "whatsapp": (CHATS / "whatsapp" / "alex-sam.txt", {}),
    "telegram": (CHATS / "telegram" / "personal.json", {}),
    "meta": (CHATS / "meta" / "messenger_message_1.json", {}),
    "discord": (CHATS / "discord" / "dm.json", {}),
    "sms": (CHATS / "sms" / "backup.xml", {"me": "Alex", "chat": "Alice"}),
    "signal": (CHATS / "signal" / "chat.md", {}),
    "csv": (CHATS / "csv" / "chat.csv", {}),
}
#: format -> a file with the format's frame (its header) and no message in it
HEADER_ONLY: dict[str, bytes] = {
    "whatsapp": b"12/03/2021, 14:05 - Messages and calls are end-to-end encrypted.\n",
    "telegram": json.dumps(
        {"name": "Sam", "type": "personal_chat", "id": 1, "messages": []}
    ).encode(),
    "meta": json.dumps({"participants": [{"name": "A"}, {"name": "B"}], "messages": []}).encode(),
    "discord": json.dumps(
        {"guild": {"id": "0", "name": "Direct Messages"}, "channel": {"id": "1"}, "messages": []}
    ).encode(),
    "sms": b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\"></smses>\n",
    "signal": b"[2023-01-05 10:00:00] No-Sender: \n",
    "csv": b"timestamp,sender,text\n",
}


def _options(fmt: str) -> ReadOptions:
    return ReadOptions(**SAMPLES[fmt][1])


def _sample(fmt: str) -> tuple[bytes, str]:
    path = SAMPLES[fmt][0]
    return path.read_bytes(), path.name


def _well_formed(chat: Chat, fmt: str) -> None:
    frame = chat.messages
    assert chat.format == fmt
    assert frame.schema == MESSAGE_SCHEMA
    assert frame.height > 0
    assert frame.null_count().row(0) == (0, 0, 0, 0, 0)
    assert set(frame["kind"].unique().to_list()) <= set(MESSAGE_KINDS)
    assert all(s.position >= 1 and s.reason for s in chat.skipped)


def test_the_contract_covers_every_registered_reader() -> None:
    assert set(SAMPLES) == set(format_names()) == set(HEADER_ONLY)
    assert len(READERS) == len(SAMPLES)


formats = pytest.mark.parametrize("fmt", sorted(SAMPLES))


@formats
def test_an_empty_file_is_one_sentence(fmt: str) -> None:
    for empty in (b"", b"\n\n", b"   "):
        with pytest.raises(TwowayError) as caught:
            read_chat(empty, f"empty.{fmt}", fmt, _options(fmt))
        assert f"empty.{fmt}" in str(caught.value)


@formats
def test_a_header_without_messages_is_one_sentence(fmt: str) -> None:
    with pytest.raises(TwowayError):
        read_chat(HEADER_ONLY[fmt], f"header.{fmt}", fmt, _options(fmt))


@formats
def test_garbage_is_one_sentence(fmt: str) -> None:
    for garbage in (b"\x00\xff\xfe garbage \x80\x81", b"dear diary,\ntoday was long\n", b"{[<"):
        with pytest.raises(TwowayError):
            read_chat(garbage, f"garbage.{fmt}", fmt, _options(fmt))


@formats
def test_a_10_mb_line_ends_in_a_sentence_or_a_chat(fmt: str) -> None:
    data, name = _sample(fmt)
    long_line = b"x" * (10 << 20)
    for variant in (long_line + b"\n", data.rstrip() + b"\n" + long_line + b"\n"):
        try:
            chat = read_chat(variant, name, fmt, _options(fmt))
        except TwowayError:
            continue
        _well_formed(chat, fmt)


@formats
def test_every_kind_read_is_a_known_kind_and_text_is_among_them(fmt: str) -> None:
    data, name = _sample(fmt)
    chat = read_chat(data, name, fmt, _options(fmt))
    _well_formed(chat, fmt)
    assert "text" in chat.messages["kind"].to_list()


@formats
def test_ledger_ids_are_stable_between_reads(fmt: str) -> None:
    data, name = _sample(fmt)

    def ids() -> list[str]:
        chat = read_chat(data, name, fmt, _options(fmt))
        prepared = prepare_chat([chat])
        if len(prepared.people) != 2:
            pytest.skip(f"{name} is not a two-person chat")  # pragma: no cover
        return prepared.ledger().frame["id"].to_list()

    first = ids()
    assert first == ids()
    assert len([i for i in first if i]) == len({i for i in first if i})


@formats
def test_importing_the_same_export_again_adds_nothing(fmt: str, store: ModuleType) -> None:
    data, name = _sample(fmt)
    chat = read_chat(data, name, fmt, _options(fmt))
    prepared = prepare_chat([chat])
    ledger = prepared.ledger()
    me = prepared.people[0]
    person = prepared.people[1]
    first = store.import_ledger(person, ledger, me=me)
    assert first.added > 0
    again = store.import_ledger(
        person, prepare_chat([read_chat(data, name, fmt, _options(fmt))]).ledger(), me=me
    )
    assert again.added == 0
    assert again.present == first.added


@formats
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_exports_end_in_a_sentence_or_a_well_formed_chat(
    fmt: str, data: st.DataObject
) -> None:
    raw, name = _sample(fmt)
    at = data.draw(st.integers(min_value=0, max_value=len(raw)), label="at")
    cut = data.draw(st.integers(min_value=0, max_value=64), label="cut")
    insert = data.draw(st.binary(max_size=16), label="insert")
    mutated = raw[:at] + insert + raw[at + cut :]
    try:
        chat = read_chat(mutated, name, fmt, _options(fmt))
    except TwowayError:
        return
    _well_formed(chat, fmt)
    try:
        prepare_chat([chat])
    except TwowayError:
        return


def test_the_modules_of_the_registry_are_readers() -> None:
    import importlib

    for module in READERS:
        mod: ModuleType = importlib.import_module(f"twoway.chats.{module}")
        assert callable(mod.sniff)
        assert callable(mod.read)
        assert mod.NAME in SAMPLES
