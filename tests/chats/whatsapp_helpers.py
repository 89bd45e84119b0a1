"""What the WhatsApp tests share: the fixtures folder, reading a fixture or a text,
and the checks every chat read from any input must pass.

Not a test module (pytest collects `test_*.py` only); imported by test_whatsapp.py,
test_whatsapp_dates.py and test_whatsapp_fuzz.py.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from twoway.chats import whatsapp
from twoway.chats.messages import MESSAGE_KINDS, MESSAGE_SCHEMA, Chat, ReadOptions

DATA = Path(__file__).parent.parent / "data" / "chats"
HERE = DATA / "whatsapp"
LRM = "\u200e"
NNBSP = "\u202f"


def read(name: str, **options: Any) -> Chat:
    path = HERE / name
    return whatsapp.read(path.read_bytes(), path.name, ReadOptions(**options))


def text(data: str, **options: Any) -> Chat:
    return whatsapp.read(data.encode("utf-8"), "chat.txt", ReadOptions(**options))


def t(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def check(chat: Chat) -> None:
    """What every chat read from any input must satisfy."""
    frame = chat.messages
    assert frame.schema == MESSAGE_SCHEMA
    assert frame.height > 0
    assert frame.null_count().row(0) == (0, 0, 0, 0, 0)
    assert set(frame["kind"].unique().to_list()) <= set(MESSAGE_KINDS)
    positions = frame["position"].to_list()
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    assert all(p >= 1 for p in positions)
    assert chat.format == "whatsapp"
    assert chat.unit == "line"
    assert all(s.position >= 1 and s.reason for s in chat.skipped)
