"""Telling what an uploaded file is, from its name and first bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.imports.imports_helpers import CHATS, LEDGERS
from twoway.errors import TwowayError
from twoway.web.imports.kinds import detect_kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (LEDGERS / "alex-sam.csv", "ledger"),
        (LEDGERS / "alex-sam.jsonl", "ledger"),
        (CHATS / "whatsapp" / "alex-sam.txt", "chat"),
        (CHATS / "whatsapp" / "android_chat.zip", "chat"),
        (CHATS / "telegram" / "personal.json", "chat"),
        (CHATS / "meta" / "messenger_message_1.json", "chat"),
        (CHATS / "discord" / "dm.json", "chat"),
        (CHATS / "signal" / "chat.md", "chat"),
        (CHATS / "sms" / "backup.xml", "chat"),
        (CHATS / "csv" / "chat.csv", "chat"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_each_fixture_is_recognised(path: Path, kind: str) -> None:
    assert detect_kind(path.read_bytes(), path.name) == kind


def test_an_account_export_is_recognised_by_its_format() -> None:
    data = b'\xef\xbb\xbf  {"format": "twoway-account", "schema": 1, "people": []}'
    assert detect_kind(data, "backup.json") == "account"


def test_a_ledger_under_another_name_is_recognised_by_its_content() -> None:
    csv = (LEDGERS / "alex-sam.csv").read_bytes()
    jsonl = (LEDGERS / "alex-sam.jsonl").read_bytes()
    assert detect_kind(csv, "ledger.txt") == "ledger"
    assert detect_kind(jsonl, "ledger.json") == "ledger"
    assert detect_kind(jsonl, "download") == "ledger"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "notes.txt is empty"),
        (b" \n\t", "notes.txt is empty"),
        (b"dear diary, today was long", "notes.txt: twoway cannot tell what this file is."),
    ],
)
def test_anything_else_is_refused_with_what_twoway_reads(data: bytes, message: str) -> None:
    with pytest.raises(TwowayError, match=message) as caught:
        detect_kind(data, "notes.txt")
    if data.strip():
        assert "chat exports (WhatsApp .txt or .zip" in str(caught.value)


def test_a_chat_apps_html_export_is_refused_with_the_export_to_take() -> None:
    page = CHATS / "telegram" / "messages.html"
    with pytest.raises(TwowayError, match="Machine-readable JSON") as caught:
        detect_kind(page.read_bytes(), page.name)
    assert caught.value.code == "export_not_read"
