"""docs/chats.md shows the JSON `twoway analyze --json` really prints: a test fails when they drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from twoway.chats.analysis import analyze_chat
from twoway.files import load_chat

DOC = Path(__file__).parents[2] / "docs" / "chats.md"
CHAT = Path(__file__).parents[1] / "data" / "chats" / "whatsapp" / "alex-sam.txt"


def documented() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8").split("## JSON", 1)[1]
    return json.loads(text.split("```json", 1)[1].split("```", 1)[0])


def test_the_documented_json_has_the_real_keys() -> None:
    doc = documented()
    real = analyze_chat([load_chat(CHAT)], me="Alex").to_dict()
    assert list(doc) == list(real)
    assert set(doc["participants"]["Alex"]) == set(real["participants"]["Alex"])
    assert list(doc["plans"]) == list(real["plans"])
    assert set(doc["plans"]["items"][0]) == set(real["plans"]["items"][0])
    assert set(doc["periods"][0]) == set(real["periods"][0])
    assert set(doc["latency"][0]) == set(real["latency"][0])
    assert doc["schema"] == real["schema"]


def test_the_documented_latency_buckets_are_the_real_ones() -> None:
    real = analyze_chat([load_chat(CHAT)]).to_dict()
    labels = [b["label"] for b in real["latency"]]
    section = DOC.read_text(encoding="utf-8").split("`latency` buckets are", 1)[1].split(";", 1)[0]
    assert " ".join(section.split()) == ", ".join(labels[:-1]) + " and " + labels[-1]
