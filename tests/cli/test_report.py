"""`twoway report` on ledger files, run in-process the way a person would type it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from twoway.cli import run

DATA = Path(__file__).parent.parent / "data" / "ledgers"
LEDGER = str(DATA / "alex-sam.csv")


def test_report_prints_the_verdict_counts_and_signals(capsys):
    assert run(["report", LEDGER, "--me", "Alex", "--as-of", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert "Sam" in out
    assert "You" in out
    assert "support" in out.lower()


def test_report_json_follows_the_documented_schema(capsys):
    assert run(["report", LEDGER, "--json", "--as-of", "2026-03-31"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 1
    assert data["people"] == ["Alex", "Sam"]
    assert data["as_of"] == "2026-03-31"
    assert data["balance"]["verdict"] == "insufficient_evidence"
    assert set(data["counts"]) == {"all", "recent"}
    assert data["counts"]["all"]["Sam"]["bids"]["made"] == 2


def test_as_of_defaults_to_the_last_event(capsys):
    assert run(["report", LEDGER, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-03-22"


def test_html_report_is_one_self_contained_file(tmp_path, capsys):
    target = tmp_path / "report.html"
    assert run(["report", LEDGER, "--html", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "<script src" not in html
    assert str(target) in capsys.readouterr().out


def test_a_bad_row_is_a_clear_message_and_exit_code_one(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("at,by,to,kind\n2026-01-01,A,B,talk\n2026-01-02,B,A,hug\n", encoding="utf-8")
    assert run(["report", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err
    assert "`kind`" in err
    assert "Traceback" not in err


def test_skip_bad_reports_what_it_skipped(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "at,by,to,kind\n2026-01-01,A,B,talk\n2026-01-02,B,A,hug\n2026-01-03,B,A,talk\n",
        encoding="utf-8",
    )
    assert run(["report", str(bad), "--skip-bad", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == 1
    assert run(["report", str(bad), "--skip-bad"]) == 0
    assert "line 3" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--me", "Kim"], "not in this ledger"),
        (["--as-of", "2020-01-01"], "no events on or before 2020-01-01"),
        (["--as-of", "March"], "YYYY-MM-DD"),
    ],
)
def test_bad_options_are_explained(args, words, capsys):
    assert run(["report", LEDGER, *args]) != 0
    captured = capsys.readouterr()
    assert words in captured.err + captured.out
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("missing.csv", "no such file"),
        ("/tmp", "is a folder"),
        ("some/dir/x.jsonl", "no such file"),
    ],
)
def test_a_path_is_never_taken_for_a_person(source, words, capsys):
    assert run(["report", source]) == 2  # a mistake about the file itself
    assert words in capsys.readouterr().err
