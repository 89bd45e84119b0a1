"""Overlapping exports of one chat imported one after the other give what importing
the whole chat gives: the newer export's first message, mid-conversation, is no bid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_chat_cmds import Run

#: Alex and Sam over four days: conversations of a few messages, one unanswered,
#: one answered late in the conversation; no proposal to meet (plans are apart).
CHAT = [
    "13/03/2021, 10:00 - Alex: morning!",
    "13/03/2021, 10:05 - Sam: hey you",
    "13/03/2021, 10:10 - Alex: how was the trip",
    "13/03/2021, 11:40 - Sam: long, tell you later",
    "14/03/2021, 09:00 - Sam: I'm back",
    "14/03/2021, 09:30 - Alex: welcome home",
    "14/03/2021, 20:00 - Alex: did the parcel arrive?",
    "15/03/2021, 08:00 - Alex: thinking of you today",
    "15/03/2021, 08:01 - Alex: good luck with the interview",
    "15/03/2021, 08:30 - Sam: thank you!!",
    "15/03/2021, 12:00 - Sam: it went well",
    "16/03/2021, 19:00 - Sam: movie night?",
]


def _both(lines: list[str]) -> bool:
    return {line.split(" - ")[1].split(":")[0] for line in lines} == {"Alex", "Sam"}


#: Every place the chat can be cut so that each part is a chat of two people.
SPLITS = [k for k in range(1, len(CHAT)) if _both(CHAT[:k]) and _both(CHAT[k:])]
#: The same with the newer part repeating the older part's last message.
OVERLAPS = [k for k in range(1, len(CHAT)) if _both(CHAT[:k]) and _both(CHAT[k - 1 :])]


def _events(twoway: Run, person: str) -> list[tuple[Any, ...]]:
    rows = [
        json.loads(line) for line in twoway("export", person, "--format", "jsonl").out.splitlines()
    ]
    return sorted(
        (
            r["at"],
            r["by"] == "Alex",
            r["kind"],
            r.get("id", ""),
            r.get("ref", ""),
            r.get("value", ""),
        )
        for r in rows
    )


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("split", OVERLAPS)
def test_older_then_newer_export_gives_the_whole_chats_events(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, split: int
) -> None:
    whole = _write(tmp_path / "whole.txt", CHAT)
    assert twoway("import-chat", whole, "--person", "Whole", "--me", "Alex").code == 0
    # the newer export starts at `split` and repeats a little of the older one
    older = _write(tmp_path / "older.txt", CHAT[:split])
    newer = _write(tmp_path / "newer.txt", CHAT[split - 1 :])
    person = f"Part{split}"
    first = twoway("import-chat", older, "--person", person, "--me", "Alex", "--date-order", "dmy")
    assert first.code == 0, first.err
    second = twoway("import-chat", newer, "--person", person, "--me", "Alex", "--date-order", "dmy")
    assert second.code == 0, second.err
    assert _events(twoway, person) == _events(twoway, "Whole")


@pytest.mark.parametrize("split", SPLITS)
def test_exports_that_meet_without_overlap_give_the_whole_chats_events(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, split: int
) -> None:
    whole = _write(tmp_path / "whole.txt", CHAT)
    assert twoway("import-chat", whole, "--person", "Whole", "--me", "Alex").code == 0
    older = _write(tmp_path / "older.txt", CHAT[:split])
    newer = _write(tmp_path / "newer.txt", CHAT[split:])
    person = f"Part{split}"
    for part in (older, newer):
        done = twoway(
            "import-chat", part, "--person", person, "--me", "Alex", "--date-order", "dmy"
        )
        assert done.code == 0, done.err
    assert _events(twoway, person) == _events(twoway, "Whole")


def test_the_cuts_cover_conversation_boundaries_and_their_middles() -> None:
    assert len(SPLITS) >= 6
    assert {4, 7} <= set(SPLITS)  # 4: between conversations; 7: inside one


def _import(twoway: Run, path: Path, person: str) -> None:
    done = twoway("import-chat", path, "--person", person, "--me", "Alex", "--date-order", "dmy")
    assert done.code == 0, done.err


@pytest.mark.parametrize("split", OVERLAPS)
def test_newer_then_older_export_gives_the_whole_chats_events(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, split: int
) -> None:
    _import(twoway, _write(tmp_path / "whole.txt", CHAT), "Whole")
    older = _write(tmp_path / "older.txt", CHAT[:split])
    newer = _write(tmp_path / "newer.txt", CHAT[split - 1 :])
    person = f"Part{split}"
    _import(twoway, newer, person)
    _import(twoway, older, person)
    assert _events(twoway, person) == _events(twoway, "Whole")


@pytest.mark.parametrize("split", SPLITS)
def test_newer_then_older_exports_that_meet_give_the_whole_chats_events(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, split: int
) -> None:
    _import(twoway, _write(tmp_path / "whole.txt", CHAT), "Whole")
    older = _write(tmp_path / "older.txt", CHAT[:split])
    newer = _write(tmp_path / "newer.txt", CHAT[split:])
    person = f"Part{split}"
    _import(twoway, newer, person)
    _import(twoway, older, person)
    assert _events(twoway, person) == _events(twoway, "Whole")


@pytest.mark.parametrize("split", [2, 4, 7, 8])
def test_importing_either_part_again_in_any_order_changes_nothing(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, split: int
) -> None:
    _import(twoway, _write(tmp_path / "whole.txt", CHAT), "Whole")
    older = _write(tmp_path / "older.txt", CHAT[:split])
    newer = _write(tmp_path / "newer.txt", CHAT[split:])
    person = f"Part{split}"
    for part in (newer, older, newer, older, newer):
        _import(twoway, part, person)
    assert _events(twoway, person) == _events(twoway, "Whole")
    # the whole chat on top of its parts adds nothing either
    _import(twoway, tmp_path / "whole.txt", person)
    assert _events(twoway, person) == _events(twoway, "Whole")
