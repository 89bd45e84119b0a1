"""The example files are what `examples/make_examples.py` writes: made up, and reproducible."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from twoway.chats import read_chat
from twoway.files import load_ledger

EXAMPLES = Path(__file__).parent.parent / "examples"


def generator():
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_examples_are_what_the_script_writes():
    made = generator()
    assert (EXAMPLES / "alex-sam.csv").read_text(encoding="utf-8") == made.ledger_csv()
    assert (EXAMPLES / "chat-with-sam.txt").read_text(encoding="utf-8") == made.chat_txt()


def test_the_ledger_spans_a_year_between_two_people():
    ledger = load_ledger(EXAMPLES / "alex-sam.csv")
    assert set(ledger.people) == {"Alex", "Sam"}
    days = ledger.frame.get_column("at")
    assert (days.max() - days.min()).days >= 360


def test_the_chat_is_a_whatsapp_export_between_alex_and_sam():
    path = EXAMPLES / "chat-with-sam.txt"
    chat = read_chat(path.read_bytes(), path.name)
    assert chat.format == "whatsapp"
    assert not chat.skipped
    assert sorted(chat.messages.get_column("sender").unique().to_list()) == ["Alex", "Sam"]
