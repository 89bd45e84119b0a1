"""`twoway analyze` and `twoway import-chat` on real export files, against a real SQLite store."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]  # the `twoway` fixture: runs the CLI in-process
CHATS = Path(__file__).parents[1] / "data" / "chats"
ALEX_SAM = CHATS / "whatsapp" / "alex-sam.txt"
LEDGERS = Path(__file__).parents[1] / "data" / "ledgers"

ONE_PER_FORMAT = [
    ("whatsapp", CHATS / "whatsapp" / "alex-sam.txt", []),
    ("whatsapp", CHATS / "whatsapp" / "android_chat.zip", []),
    ("telegram", CHATS / "telegram" / "personal.json", []),
    ("meta", CHATS / "meta" / "messenger_message_1.json", []),
    ("meta", CHATS / "meta" / "messenger_newer.json", []),
    ("discord", CHATS / "discord" / "dm.json", []),
    ("sms", CHATS / "sms" / "backup.xml", ["--chat", "Alice"]),
    ("signal", CHATS / "signal" / "chat.md", []),
    ("csv", CHATS / "csv" / "chat.csv", []),
]


@pytest.mark.parametrize(
    ("fmt", "path", "extra"), ONE_PER_FORMAT, ids=lambda x: getattr(x, "name", x)
)
def test_every_format_is_detected_and_analysed(
    twoway: Run, fmt: str, path: Path, extra: list[str]
) -> None:
    result = twoway("analyze", path, "--json", *extra)
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["format"] == fmt
    assert doc["messages"] == sum(p["messages"] for p in doc["participants"].values())
    assert doc["conversations"] == sum(
        p["conversations_started"] for p in doc["participants"].values()
    )
    forced = twoway("analyze", path, "--json", "--format", fmt, *extra)
    assert json.loads(forced.out) == doc


def test_the_terminal_report_and_the_html_file(twoway: Run, tmp_path: Path) -> None:
    page = tmp_path / "chat.html"
    result = twoway("analyze", ALEX_SAM, "--me", "Alex", "--html", page)
    assert result.code == 0, result.err
    assert "You and Sam" in result.text
    assert f"HTML report written to {page}" in result.text
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "Content-Security-Policy" in html


def test_telegrams_html_export_says_to_take_the_json_one(twoway: Run) -> None:
    page = Path(__file__).parents[1] / "data" / "chats" / "telegram" / "messages.html"
    result = twoway("analyze", page)
    assert result.code == 1
    assert "this is an HTML export from Telegram Desktop" in result.err
    assert '"Machine-readable JSON"' in result.err
    assert "Traceback" not in result.err


def test_an_unknown_file_says_which_formats_were_tried(twoway: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: eggs, milk\ncall mum\n", encoding="utf-8")
    result = twoway("analyze", notes)
    assert result.code == 1
    assert "not a chat export twoway can read" in result.err
    for label in ("WhatsApp", "Telegram", "Discord", "SMS", "Signal", "CSV"):
        assert label in result.err
    assert "Traceback" not in result.err


def test_a_missing_file_and_a_bad_option_are_plain_errors(twoway: Run, tmp_path: Path) -> None:
    missing = twoway("analyze", tmp_path / "nope.txt")
    assert missing.code == 2  # a mistake about the file itself
    assert "no such file" in missing.err
    wrong_me = twoway("analyze", ALEX_SAM, "--me", "Robin")
    assert wrong_me.code == 1
    assert "participants are Alex, Sam" in wrong_me.err
    zero_gap = twoway("analyze", ALEX_SAM, "--gap", "0")
    assert zero_gap.code == 2


def test_an_older_and_a_newer_export_are_merged(twoway: Run, tmp_path: Path) -> None:
    lines = ALEX_SAM.read_text(encoding="utf-8").splitlines(keepends=True)
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("".join(lines[:12]), encoding="utf-8")
    new.write_text("".join(lines[6:]), encoding="utf-8")
    whole = json.loads(twoway("analyze", ALEX_SAM, "--json").out)
    # The older part alone has only dates that read both ways, so its order is given.
    merged = json.loads(twoway("analyze", old, new, "--json", "--date-order", "dmy").out)
    assert merged["messages"] == whole["messages"]
    assert merged["participants"] == whole["participants"]
    assert merged["sources"] == [str(old), str(new)]


def test_a_zip_shared_by_a_phone_reads_like_its_text(twoway: Run, tmp_path: Path) -> None:
    archive = tmp_path / "WhatsApp Chat with Sam.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(ALEX_SAM, "WhatsApp Chat with Sam.txt")
        z.writestr("IMG-20260603-WA0001.jpg", b"\xff\xd8\xff")
    zipped = json.loads(twoway("analyze", archive, "--json").out)
    plain = json.loads(twoway("analyze", ALEX_SAM, "--json").out)
    assert zipped["participants"] == plain["participants"]


def test_import_chat_is_safe_to_repeat_and_adds_only_what_is_new(
    twoway: Run, fresh_store: Path | None, tmp_path: Path
) -> None:
    lines = ALEX_SAM.read_text(encoding="utf-8").splitlines(keepends=True)
    old = tmp_path / "old.txt"
    old.write_text("".join(lines[:12]), encoding="utf-8")
    first = twoway("import-chat", old, "--person", "Sam", "--me", "Alex", "--date-order", "dmy")
    assert first.code == 0, first.err
    assert "Added Sam to your people" in first.text
    added = int(first.text.split("ledger: ")[1].split(" events added")[0])
    assert added > 0
    again = twoway("import-chat", old, "--person", "Sam", "--date-order", "dmy")
    assert f"0 events added, {added} already there" in again.text
    newer = twoway("import-chat", ALEX_SAM, "--person", "Sam")
    assert newer.code == 0, newer.err
    exported = twoway("export", "Sam", "--format", "jsonl")
    rows = [json.loads(line) for line in exported.out.splitlines()]
    kinds = [r["kind"] for r in rows]
    whole = json.loads(twoway("analyze", ALEX_SAM, "--json").out)
    assert kinds.count("bid") == whole["conversations"]
    assert kinds.count("commitment") == whole["plans"]["total"]
    # every moment is in the ledger, but a check-in opening a conversation is its bid
    found = {(m["kind"], m["style"] or "") for m in whole["moments"]}
    stored = [
        (r["kind"], r.get("value", "")) for r in rows if r.get("id", "").startswith("moment-")
    ]
    assert stored
    assert set(stored) <= found
    ids = {r.get("id") for r in rows if r.get("id")}
    assert len(ids) == kinds.count("bid") + kinds.count("commitment") + len(stored)


def test_moments_can_be_read_by_the_rules_alone_or_not_looked_for(twoway: Run) -> None:
    on = json.loads(twoway("analyze", ALEX_SAM, "--json").out)
    rules = json.loads(twoway("analyze", ALEX_SAM, "--json", "--moments", "rules").out)
    off = json.loads(twoway("analyze", ALEX_SAM, "--json", "--moments", "off").out)
    assert rules["moments"]
    assert rules["moments_read"]["layer"].startswith("rules")
    assert on["moments_read"]["layer"].startswith("rules")
    assert off["moments"] == []
    assert off["moments_read"]["layer"] == "off"
    assert all(sum(p["moments"].values()) == 0 for p in off["participants"].values())
    # everything but the moments is the same report
    for key in ("messages", "conversations", "plans"):
        assert off[key] == rules[key]
    assert off["participants"].keys() == rules["participants"].keys()
    text = twoway("analyze", ALEX_SAM, "--moments", "off").text
    assert "Moments of care were not looked for in this report." in text
    assert "No moments of care were found" not in text


def test_a_chat_and_a_hand_kept_ledger_are_analysed_together(
    twoway: Run, fresh_store: Path | None
) -> None:
    twoway("import", LEDGERS / "alex-sam.csv", "--person", "Sam", "--me", "Alex")
    before = json.loads(twoway("report", "Sam", "--json").out)
    result = twoway("import-chat", ALEX_SAM, "--person", "Sam")
    assert result.code == 0, result.err
    after = json.loads(twoway("report", "Sam", "--json").out)
    chat_events = int(result.text.split("ledger: ")[1].split(" events added")[0])
    assert after["events"] == before["events"] + chat_events


def test_import_chat_needs_to_know_who_you_are_and_two_people(
    twoway: Run, fresh_store: Path | None, tmp_path: Path
) -> None:
    unknown = twoway("import-chat", ALEX_SAM, "--person", "Robin")
    assert unknown.code == 1
    assert "which one is you? Pass --me Alex or --me Sam." in unknown.err
    group = twoway("import-chat", CHATS / "telegram" / "group.json", "--person", "Sam")
    assert group.code == 1
    assert "a ledger is between two people" in group.err
    assert json.loads(twoway("people", "--json").out) == []  # nothing was stored


def test_the_date_order_decided_for_a_whatsapp_export_is_said(twoway: Run) -> None:
    decided = json.loads(twoway("analyze", ALEX_SAM, "--json").out)
    assert decided["notes"] == [
        "alex-sam.txt: dates read as day/month/year: 3 header lines can only be "
        "day/month/year (the date order can be given instead)."
    ]
    given = json.loads(twoway("analyze", ALEX_SAM, "--json", "--date-order", "dmy").out)
    assert given["notes"] == []
    assert given["participants"] == decided["participants"]


def test_same_reads_two_spellings_as_one_person(twoway: Run, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/03/2021, 10:00 - ~ Sam: hi\n13/03/2021, 10:01 - Alex: hey\n"
        "14/03/2021, 18:00 - Sam: back\n",
        encoding="utf-8",
    )
    two = json.loads(twoway("analyze", path, "--json").out)
    assert sorted(two["participants"]) == ["Alex", "Sam", "~ Sam"]
    one = json.loads(twoway("analyze", path, "--json", "--same", "~ Sam=Sam").out)
    assert sorted(one["participants"]) == ["Alex", "Sam"]
    bad = twoway("analyze", path, "--same", "Sam")
    assert bad.code == 1
    assert "is not two names joined by '='" in bad.err
    assert "--same" in bad.err


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_messages_are_written_for_pandas_or_polars(
    twoway: Run, tmp_path: Path, suffix: str
) -> None:
    import polars as pl

    out = tmp_path / f"messages{suffix}"
    result = twoway("analyze", ALEX_SAM, "--messages", out)
    assert result.code == 0, result.err
    frame = pl.read_csv(out, try_parse_dates=True) if suffix == ".csv" else pl.read_parquet(out)
    report = json.loads(twoway("analyze", ALEX_SAM, "--json").out)
    assert frame.columns == ["time", "person", "kind", "text", "line", "file"]
    assert frame.height == report["messages"]
    assert f"{frame.height} messages written to" in result.out
    assert frame["time"].is_sorted()
    assert set(frame["person"]) == set(report["participants"])


def test_messages_are_never_written_over_an_export_or_to_an_unknown_kind(
    twoway: Run, tmp_path: Path
) -> None:
    copy = tmp_path / "chat.csv"
    copy.write_text(
        "timestamp,sender,text\n2023-01-05 10:00:00,Al,hi\n2023-01-05 10:01:00,Bo,hey\n"
    )
    before = copy.read_bytes()
    over = twoway("analyze", copy, "--messages", copy)
    assert over.code == 2  # an error about a file itself
    assert "an export being read" in over.err
    assert copy.read_bytes() == before
    odd = twoway("analyze", ALEX_SAM, "--messages", tmp_path / "messages.xlsx")
    assert odd.code == 1
    assert ".csv or .parquet" in odd.err
    assert not (tmp_path / "messages.xlsx").exists()


def test_analyze_and_the_imported_ledger_agree_on_every_plan(
    twoway: Run, fresh_store: Path | None
) -> None:
    example = Path(__file__).parents[2] / "examples" / "chat-with-sam.txt"
    analysed = json.loads(twoway("analyze", example, "--json").out)
    plans = sorted((p["at"], p["by"] == "Alex", p["due"] or "") for p in analysed["plans"]["items"])
    assert plans
    assert twoway("import-chat", example, "--person", "Sam", "--me", "Alex").code == 0
    rows = [
        json.loads(line) for line in twoway("export", "Sam", "--format", "jsonl").out.splitlines()
    ]
    stored = sorted(
        (r["at"], r["by"] == "Alex", r.get("value", "")) for r in rows if r["kind"] == "commitment"
    )
    assert [(at[:16], me, due) for at, me, due in stored] == [
        (at[:16], me, due) for at, me, due in plans
    ]
