"""The self-assessment: questions, scoring (with reversed questions) and the trend."""

from __future__ import annotations

from datetime import date

import pytest

from twoway.core.assessment import (
    KEYS,
    QUESTIONS,
    STEADY_POINTS,
    BadAnswer,
    describe,
    normalize,
    score,
    trend,
)
from twoway.errors import TwowayError

REVERSED = {q.key for q in QUESTIONS if q.reverse}


def best() -> dict[str, int]:
    return {q.key: 1 if q.reverse else 5 for q in QUESTIONS}


def test_there_are_seven_to_nine_questions_with_words_at_both_ends() -> None:
    assert 7 <= len(QUESTIONS) <= 9
    assert len(set(KEYS)) == len(KEYS)
    assert all(q.text.endswith("?") and q.low and q.high for q in QUESTIONS)
    assert 1 <= len(REVERSED) < len(QUESTIONS)


def test_the_words_describe_and_never_label() -> None:
    words = " ".join(
        [q.text + q.low + q.high for q in QUESTIONS] + [describe(s) for s in (0, 50, 100)]
    ).lower()
    for label in ("toxic", "narciss", "abus", "manipulat", "codepend", "disorder", "unhealthy"):
        assert label not in words


def test_the_score_runs_from_0_to_100() -> None:
    assert score(best()) == 100.0
    assert score({k: 6 - v for k, v in best().items()}) == 0.0
    assert score([3] * len(QUESTIONS)) == 50.0


def test_reversed_questions_count_the_other_way() -> None:
    key = sorted(REVERSED)[0]
    low, high = {**best(), key: 1}, {**best(), key: 5}
    assert score(low) > score(high)
    assert score(high) == round(100 - 100 / len(QUESTIONS), 1)


def test_answers_in_order_or_by_question_score_the_same() -> None:
    answers = [4, 2, 3, 5, 1, 2, 4, 3]
    assert score(answers) == score(dict(zip(KEYS, answers, strict=True)))
    assert score([str(a) for a in answers]) == score(answers)
    assert list(normalize(answers)) == list(KEYS)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**best(), "repair": 6}, r"question 4 \(repair: .*\): expected a whole number from 1"),
        ({**best(), "repair": 0}, r"question 4 \(repair"),
        ({**best(), "heard": "often"}, r"question 8 \(heard: .* got 'often'"),
        ({**best(), "plans": True}, r"question 7 \(plans"),
        ({**best(), "plans": 2.5}, r"question 7 \(plans"),
        (
            {k: v for k, v in best().items() if k != "energy"},
            r"question 1 \(energy: .*\) has no answer",
        ),
        ({**best(), "mood": 3}, r"unknown question 'mood'; the questions are energy, count_on"),
        ([3, 3], r"expected 8 answers, one per question, got 2"),
        ("33333333", r"expected a list of answers"),
    ],
)
def test_a_bad_answer_names_the_question(answers: object, message: str) -> None:
    with pytest.raises(BadAnswer, match=message) as caught:
        score(answers)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TwowayError)


def test_the_description_follows_the_score() -> None:
    assert "mostly flows both ways" in describe(80)
    assert "a mix" in describe(50)
    assert "for now, flows mostly from you" in describe(20)


def test_fewer_than_two_assessments_give_no_trend() -> None:
    for history in ([], [(date(2024, 1, 1), 40.0)]):
        found = trend(history)
        assert (found.direction, found.change) == (None, None)
        assert found.summary.startswith("Not enough assessments yet")
    assert trend([(date(2024, 1, 1), 40.0)]).latest_score == 40.0


def test_the_trend_compares_the_latest_with_the_first() -> None:
    up = trend([(date(2024, 3, 1), 70.0), (date(2024, 1, 1), 40.0), (date(2024, 2, 1), 55.0)])
    assert (up.direction, up.change, up.change_since_previous) == ("up", 30.0, 15.0)
    assert (up.first, up.latest, up.count) == (date(2024, 1, 1), date(2024, 3, 1), 3)
    assert up.summary == (
        "Up 30 points since your first assessment (3 assessments since 2024-01-01). "
        "Up 15 since the one before."
    )
    down = trend([(date(2024, 1, 1), 60.0), (date(2024, 2, 1), 45.5)])
    assert (down.direction, down.change) == ("down", -14.5)
    assert down.summary.startswith("Down 14.5 points")


def test_small_moves_are_steady() -> None:
    small = STEADY_POINTS - 0.1
    found = trend([(date(2024, 1, 1), 50.0), (date(2024, 2, 1), 50.0 + small)])
    assert found.direction == "steady"
    assert found.summary.startswith("Steady: within 5 points of your first score")
