"""The journal verbs: list, show, edit, delete-event, undo; and natural dates for --at."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

Run = Callable[..., Any]


def _log(twoway: Run, *args: str) -> None:
    result = twoway("log", *args)
    assert result.code == 0, result.err


def test_list_shows_the_latest_entries_newest_first_with_their_numbers(
    twoway: Run, fresh_store: Path | None
) -> None:
    _log(twoway, "support", "--to", "Sam", "--style", "listen", "--at", "2026-03-01", "heard")
    _log(twoway, "bid", "--by", "Sam", "--at", "2026-03-02T18:30", "a photo")
    _log(twoway, "talk", "--to", "Jo", "--at", "2026-03-03", "coffee")
    rows = json.loads(twoway("list", "--json").out)
    assert [r["note"] for r in rows] == ["coffee", "a photo", "heard"]
    assert rows[1] == {
        "id": rows[1]["id"],
        "key": "bid-1",
        "person": "Sam",
        "at": "2026-03-02T18:30:00",
        "by": "Sam",
        "to": "me",
        "kind": "bid",
        "ref": None,
        "value": None,
        "note": "a photo",
    }
    assert [r["note"] for r in json.loads(twoway("list", "sam", "--json").out)] == [
        "a photo",
        "heard",
    ]
    only = json.loads(twoway("list", "--kind", "support", "--json").out)
    assert [r["note"] for r in only] == ["heard"]
    since = json.loads(twoway("list", "--since", "2026-03-02", "--json").out)
    assert [r["note"] for r in since] == ["coffee", "a photo"]
    text = twoway("list").text
    assert "3 entries" in text
    assert "you → Jo" in text
    assert "1 entry;" in twoway("list", "--kind", "talk").text


def test_show_finds_an_entry_by_number_or_by_the_id_a_report_prints(
    twoway: Run, fresh_store: Path | None
) -> None:
    _log(twoway, "bid", "--by", "Sam", "--at", "2026-03-02", "a photo")
    number = json.loads(twoway("list", "--json").out)[0]["id"]
    by_key = json.loads(twoway("show", "bid-1", "--json").out)
    assert by_key == json.loads(twoway("show", f"#{number}", "--json").out)
    assert by_key["note"] == "a photo"
    missing = twoway("show", "bid-9")
    assert missing.code == 1
    assert "no entry 'bid-9' in your ledgers" in missing.error


def test_edit_changes_an_entry_and_the_ledger_is_checked(
    twoway: Run, fresh_store: Path | None
) -> None:
    _log(twoway, "bid", "--by", "Sam", "--at", "2026-03-02", "a photo")
    changed = twoway("edit", "bid-1", "--note", "a photo of the flat", "--at", "2026-03-01 19:00")
    assert changed.code == 0, changed.err
    shown = json.loads(twoway("show", "bid-1", "--json").out)
    assert (shown["note"], shown["at"]) == ("a photo of the flat", "2026-03-01T19:00:00")
    nothing = twoway("edit", "bid-1")
    assert nothing.code == 1
    assert "say what to change" in nothing.error


def test_delete_event_keeps_an_entry_that_another_answers(
    twoway: Run, fresh_store: Path | None
) -> None:
    _log(twoway, "bid", "--by", "Sam", "--at", "2026-03-02", "a photo")
    _log(twoway, "response", "--to", "Sam", "--ref", "bid-1", "--response", "toward")
    refused = twoway("delete-event", "bid-1", "--yes")
    assert refused.code == 1
    assert "cannot be deleted" in refused.error
    answer = json.loads(twoway("list", "--kind", "response", "--json").out)[0]["id"]
    assert twoway("delete-event", str(answer), "--yes").code == 0
    assert twoway("delete-event", "bid-1", "--yes").code == 0
    assert json.loads(twoway("list", "--json").out) == []


def test_undo_takes_back_the_last_write_once(twoway: Run, fresh_store: Path | None) -> None:
    _log(twoway, "talk", "--to", "Sam", "kept")
    _log(twoway, "talk", "--to", "Jo", "meant for someone else")
    undone = twoway("undo")
    assert undone.code == 0, undone.err
    assert "1 event removed" in undone.text
    assert [r["note"] for r in json.loads(twoway("list", "--json").out)] == ["kept"]
    again = twoway("undo")
    assert again.code == 1
    assert "nothing to undo" in again.error
    assert [r["note"] for r in json.loads(twoway("list", "--json").out)] == ["kept"]


def test_undo_takes_back_a_whole_import(
    twoway: Run, fresh_store: Path | None, tmp_path: Path
) -> None:
    ledger = tmp_path / "sam.csv"
    ledger.write_text(
        "at,by,to,kind,id,ref,value,note\n"
        "2026-03-01,Alex,Sam,talk,,,,one\n"
        "2026-03-02,Sam,Alex,talk,,,,two\n",
        encoding="utf-8",
    )
    assert twoway("import", ledger, "--person", "Sam", "--me", "Alex").code == 0
    undone = twoway("undo")
    assert "2 events removed" in undone.text
    assert json.loads(twoway("list", "--json").out) == []


def test_natural_dates_for_at(twoway: Run, fresh_store: Path | None) -> None:
    today = date.today()
    _log(twoway, "talk", "--to", "Sam", "--at", "yesterday", "a")
    _log(twoway, "talk", "--to", "Sam", "--at", "3 days ago", "b")
    _log(twoway, "talk", "--to", "Sam", "--at", "yesterday 19:00", "c")
    rows = {r["note"]: r["at"] for r in json.loads(twoway("list", "--json").out)}
    yesterday = (today - timedelta(days=1)).isoformat()
    assert rows["a"] == yesterday  # a day without a time stays a day
    assert rows["b"] == (today - timedelta(days=3)).isoformat()
    assert rows["c"] == f"{yesterday}T19:00:00"
    later = twoway("log", "talk", "--to", "Sam", "--at", "in 3 days")
    assert later.code == 2
    assert "which has not come yet" in later.error


def test_every_evidence_id_a_report_prints_resolves_with_show(
    twoway: Run, fresh_store: Path | None
) -> None:
    example = Path(__file__).parent.parent.parent / "examples" / "alex-sam.csv"
    assert twoway("import", example, "--person", "Sam", "--me", "Alex").code == 0
    report = json.loads(twoway("report", "Sam", "--json").out)
    ids = {key for s in report["signals"] for key in s["evidence"]["events"]}
    assert ids
    for key in sorted(ids)[:15]:
        shown = twoway("show", key, "--json")
        assert shown.code == 0, (key, shown.err)
        assert json.loads(shown.out)["person"] == "Sam"
