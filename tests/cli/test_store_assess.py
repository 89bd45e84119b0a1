"""`twoway assess`: interactive, or for scripts; stored with the date and shown as a trend."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]  # the `twoway` fixture: runs the CLI in-process


def test_answers_for_scripts_give_a_score_and_no_trend_yet(
    twoway: Run, fresh_store: Path | None
) -> None:
    result = twoway("assess", "Sam", "--answers", "3,3,3,3,3,3,3,3", "--date", "2024-03-01")
    assert result.code == 0, result.err
    assert "Score today: 50 / 100" in result.text
    assert "a mix: some things flow both ways" in result.text
    assert "Not enough assessments yet" in result.text
    assert "not a verdict on anyone" in result.text


def test_repeated_assessments_show_the_trend(twoway: Run, fresh_store: Path | None) -> None:
    twoway("assess", "Sam", "--answers", "2,2,2,2,2,2,2,2", "--date", "2024-01-01")
    twoway("assess", "Sam", "--answers", "3,3,3,3,3,3,3,3", "--date", "2024-02-01")
    result = twoway("assess", "Sam", "--answers", "4,4,4,4,4,4,4,4", "--date", "2024-03-01")
    assert "Score today: 75 / 100" in result.text
    assert (
        "Up 50 points since your first assessment (3 assessments since 2024-01-01)." in result.text
    )
    history = twoway("assess", "Sam", "--history")
    assert "2024-02-01 │ 50" in history.text
    data = json.loads(twoway("assess", "Sam", "--history", "--json").out)
    assert [h["score"] for h in data["history"]] == [25.0, 50.0, 75.0]
    assert (data["trend"]["direction"], data["trend"]["change"]) == ("up", 50.0)


def test_answers_from_a_file(twoway: Run, fresh_store: Path | None, tmp_path: Path) -> None:
    listed = tmp_path / "answers.txt"
    listed.write_text("5, 5, 5, 5,\n5, 5, 5, 5\n", encoding="utf-8")
    assert "Score today: 100 / 100" in twoway("assess", "Sam", "--answers-file", listed).text
    # A file from before 5 was always the kinder answer, under the two questions' old keys
    # (1 = "rarely; we both do", "hardly ever" explaining): each keeps its meaning.
    keyed = tmp_path / "answers.json"
    keys = [
        "energy",
        "count_on",
        "hard_talks",
        "repair",
        "showed_up",
        "explaining",
        "plans",
        "heard",
    ]
    keyed.write_text(json.dumps(dict.fromkeys(keys, 1)), encoding="utf-8")
    result = twoway("assess", "Sam", "--answers-file", keyed, "--json", "--replace")
    assert json.loads(result.out)["assessment"]["score"] == 25.0


def test_a_second_score_for_the_same_day_needs_replace(
    twoway: Run, fresh_store: Path | None
) -> None:
    first = twoway("assess", "Sam", "--answers", "4,4,4,4,4,4,4,4", "--date", "2026-03-01")
    assert first.code == 0, first.err
    again = twoway("assess", "Sam", "--answers", "1,1,1,1,1,1,1,1", "--date", "2026-03-01")
    assert again.code == 1
    assert "already assessed Sam on 2026-03-01" in again.error
    assert "--replace" in again.error
    history = json.loads(twoway("assess", "Sam", "--history", "--json").out)["history"]
    assert [h["taken_on"] for h in history] == ["2026-03-01"]
    replaced = twoway(
        "assess", "Sam", "--answers", "1,1,1,1,1,1,1,1", "--date", "2026-03-01", "--replace"
    )
    assert replaced.code == 0, replaced.err
    history = json.loads(twoway("assess", "Sam", "--history", "--json").out)["history"]
    assert len(history) == 1
    assert history[0]["score"] < 50


def test_an_assessment_cannot_be_dated_in_the_future(twoway: Run, fresh_store: Path | None) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = twoway("assess", "Sam", "--answers", "4,4,4,4,4,4,4,4", "--date", tomorrow)
    assert result.code == 1
    assert "is in the future" in result.error
    assert "Traceback" not in result.err
    assert twoway("people", "--json").out.strip() == "[]"


def test_interactive_assessment(
    twoway: Run, fresh_store: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("4\n9\n4\n4\n4\n4\n4\n4\n4\n"))
    result = twoway("assess", "Sam", "--relation", "friend")
    assert result.code == 0, result.err
    assert "8 questions about how things feel with Sam lately" in result.text
    assert "1/8 After time together, how do you usually feel?" in result.text
    assert "1 = worn out ... 5 = lifted, full of energy" in result.text
    assert "9 is not in the range 1<=x<=5" in result.text + result.error
    assert "Score today: 75 / 100" in result.text
    assert "friend" in twoway("people").text


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ("3,3,6,3,3,3,3,3", "question 3 (hard_talks_both: 'Do both of you bring up"),
        ("3,3,3", "expected 8 answers, one per question, got 3"),
        ("3,3,3,3,3,3,3,x", "question 8 (heard:"),
    ],
)
def test_bad_answers_are_named_and_nothing_is_stored(
    twoway: Run, fresh_store: Path | None, answers: str, message: str
) -> None:
    result = twoway("assess", "Sam", "--answers", answers)
    assert result.code == 1
    assert message in result.error
    assert "No one in your store yet" in twoway("people").text


def test_history_of_someone_without_assessments(twoway: Run, fresh_store: Path | None) -> None:
    twoway("log", "talk", "--to", "Sam")
    result = twoway("assess", "Sam", "--history")
    assert "No assessments of Sam yet. Take one: twoway assess Sam" in result.text


def test_the_help_lists_the_questions_in_order(twoway: Run) -> None:
    text = twoway("assess", "--help").text
    assert "1. energy: After time together" in text
    assert text.index("2. count_on") < text.index("8. heard")
