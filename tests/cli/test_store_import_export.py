"""`twoway import`, `export`, `people` and `delete` against a real store (SQLite or PostgreSQL)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]  # the `twoway` fixture: runs the CLI in-process
LEDGERS = Path(__file__).parents[1] / "data" / "ledgers"
FIRST = LEDGERS / "store-alex-sam.csv"
NEWER = LEDGERS / "store-alex-sam-newer.jsonl"


def test_import_says_what_it_added_and_what_was_already_there(
    twoway: Run, fresh_store: Path | None
) -> None:
    first = twoway("import", FIRST, "--person", "Sam", "--kind", "partner")
    assert first.code == 0, first.err
    assert "Added Sam to your people (partner); you are Alex in this ledger." in first.text
    assert "12 added, 0 already there." in first.text
    again = twoway("import", FIRST, "--person", "Sam")
    assert "0 added, 12 already there." in again.text
    newer = twoway("import", NEWER, "--person", "sam")
    assert "into Sam's ledger: 3 added, 12 already there." in newer.text


def test_import_with_skip_bad_lists_the_rows_it_left_out(
    twoway: Run, fresh_store: Path | None
) -> None:
    result = twoway("import", LEDGERS / "store-bad-row.csv", "--person", "Sam", "--skip-bad")
    assert result.code == 0, result.err
    assert "3 added, 0 already there." in result.text
    assert "Skipped 1 bad row: line 4, field `at`: expected an ISO 8601 date" in result.text


def test_import_of_a_bad_file_stores_nothing_and_exits_1(
    twoway: Run, fresh_store: Path | None
) -> None:
    result = twoway("import", LEDGERS / "store-bad-row.csv", "--person", "Sam")
    assert result.code == 1
    assert "store-bad-row.csv, line 4, field `at`" in result.error
    assert "--skip-bad skips" not in result.error  # only one bad row
    assert "No one in your store yet" in twoway("people").text


def test_import_of_three_people_lists_the_names(twoway: Run, fresh_store: Path | None) -> None:
    result = twoway("import", LEDGERS / "store-three-people.csv", "--person", "Sam")
    assert result.code == 1
    assert "names 3: Alex (line 2), Sam (line 2), Jo (line 3)" in result.error


def test_import_of_a_missing_file(twoway: Run, fresh_store: Path | None) -> None:
    result = twoway("import", "nowhere.csv", "--person", "Sam")
    assert (result.code, result.error) == (2, "twoway: nowhere.csv: no such file")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_round_trips_byte_for_byte(
    twoway: Run, fresh_store: Path | None, tmp_path: Path, fmt: str
) -> None:
    twoway("import", NEWER, "--person", "Sam")
    twoway(
        "log", "support", "--to", "Sam", "--style", "comfort", "a long hug", "--at", "2024-03-14"
    )
    first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    assert twoway("export", "Sam", "-o", first).code == 0
    assert twoway("delete", "Sam", "--yes").code == 0  # the store is empty again
    imported = twoway("import", first, "--person", "Sam")
    assert "16 added, 0 already there." in imported.text
    assert twoway("export", "Sam", "-o", second).code == 0
    assert first.read_bytes() == second.read_bytes()
    assert "heard me out about the move" in first.read_text(encoding="utf-8")


def test_export_to_standard_output_matches_the_file(
    twoway: Run, fresh_store: Path | None, tmp_path: Path
) -> None:
    twoway("import", FIRST, "--person", "Sam")
    written = twoway("export", "Sam", "-o", tmp_path / "sam.csv")
    assert "Wrote 12 events of Sam's ledger to" in written.text
    printed = twoway("export", "Sam")
    assert printed.out == (tmp_path / "sam.csv").read_text(encoding="utf-8")
    jsonl = twoway("export", "Sam", "--format", "jsonl").out.splitlines()
    assert json.loads(jsonl[1]) == {
        "at": "2024-03-02", "by": "Sam", "to": "Alex", "kind": "bid", "id": "b1",
        "note": "asked to go for a walk", "mood": "tired",
    }  # fmt: skip


def test_export_of_someone_unknown_lists_who_is_there(
    twoway: Run, fresh_store: Path | None
) -> None:
    twoway("import", FIRST, "--person", "Sam")
    result = twoway("export", "Robin")
    assert result.code == 1
    assert result.error == "twoway: no one called 'Robin' in your store. People: Sam"


def test_people_lists_everyone_with_their_ledger(twoway: Run, fresh_store: Path | None) -> None:
    twoway("import", FIRST, "--person", "Sam", "--kind", "partner")
    twoway("log", "talk", "--by", "Jo", "--relation", "friend", "--at", "2024-04-01T10:00")
    table = twoway("people")
    assert table.code == 0
    assert "Sam │ partner │ 12 │ 2024-03-11 00:00" in table.text
    assert "Jo │ friend │ 1 │ 2024-04-01 10:00" in table.text
    data = json.loads(twoway("people", "--json").out)
    assert data == [
        {"name": "Jo", "kind": "friend", "me": "Alex", "events": 1, "last_event": "2024-04-01T10:00:00"},
        {"name": "Sam", "kind": "partner", "me": "Alex", "events": 12, "last_event": "2024-03-11T00:00:00"},
    ]  # fmt: skip


def test_delete_with_yes_removes_the_person(twoway: Run, fresh_store: Path | None) -> None:
    twoway("import", FIRST, "--person", "Sam")
    result = twoway("delete", "sam", "--yes")
    assert result.code == 0, result.err
    assert "Deleted Sam: 12 events and 0 assessments are gone from this store." in result.text
    assert "No one in your store yet" in twoway("people").text


def test_delete_asks_first_and_keeps_everything_on_no(
    twoway: Run, fresh_store: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    twoway("import", FIRST, "--person", "Sam")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    result = twoway("delete", "Sam")
    assert result.code == 1
    assert "Delete Sam and 12 events of their ledger?" in result.text
    assert "Sam" in twoway("people").text
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert twoway("delete", "Sam").code == 0
    assert "No one in your store yet" in twoway("people").text


@pytest.mark.sqlite_only("--db names a SQLite file")
def test_a_file_that_is_not_a_store_is_refused(
    twoway: Run, store_path: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, just some words\n" * 100, encoding="utf-8")
    result = twoway("people", "--db", notes)
    assert result.code == 1
    assert "cannot open the store at" in result.error
    assert "Traceback" not in result.err


def test_report_reads_a_stored_person(twoway: Run, fresh_store: Path | None) -> None:
    twoway("import", NEWER, "--person", "Sam")
    twoway("log", "support", "--to", "Sam", "--style", "help", "--at", "2024-03-13T10:00")
    result = twoway("report", "sam", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["source"], report["me"], report["events"]) == ("Sam (store)", "Alex", 16)
    assert sorted(report["people"]) == ["Alex", "Sam"]
    unknown = twoway("report", "Robin")
    assert (unknown.code, unknown.error) == (
        1,
        "twoway: no one called 'Robin' in your store. People: Sam",
    )
