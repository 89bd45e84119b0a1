"""The self-assessment: questions (5 always the kinder answer), scoring, old answers, the trend."""

from __future__ import annotations

from datetime import date

import pytest

from twoway.core.assessment import (
    KEYS,
    QUESTIONS,
    STEADY_POINTS,
    TURNED,
    BadAnswer,
    describe,
    normalize,
    score,
    trend,
)
from twoway.errors import TwowayError


def best() -> dict[str, int]:
    return dict.fromkeys(KEYS, 5)


def test_there_are_seven_to_nine_questions_with_words_at_both_ends() -> None:
    assert 7 <= len(QUESTIONS) <= 9
    assert len(set(KEYS)) == len(KEYS)
    assert all(q.text.endswith("?") and q.low and q.high for q in QUESTIONS)


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


@pytest.mark.parametrize("key", KEYS)
def test_a_higher_answer_is_always_the_kinder_one(key: str) -> None:
    answers = dict.fromkeys(KEYS, 3)
    scores = [score({**answers, key: n}) for n in range(1, 6)]
    assert scores == sorted(scores)
    assert len(set(scores)) == 5


#: Answers once stored under the old keys (5 = nearly always me / almost always explaining),
#: and the scores the old reverse-scoring gave them (computed by the code before the change).
OLD = [
    ({"energy": 4, "count_on": 2, "hard_talks": 5, "repair": 3, "showed_up": 4,
      "explaining": 4, "plans": 2, "heard": 3}, 40.6),
    ({"energy": 5, "count_on": 5, "hard_talks": 1, "repair": 5, "showed_up": 5,
      "explaining": 1, "plans": 5, "heard": 5}, 100.0),
    ({"energy": 2, "count_on": 3, "hard_talks": 2, "repair": 1, "showed_up": 3,
      "explaining": 5, "plans": 4, "heard": 2}, 37.5),
]  # fmt: skip


@pytest.mark.parametrize(("old", "then"), OLD)
def test_an_answer_under_an_old_key_keeps_its_meaning_and_its_score(
    old: dict[str, int], then: float
) -> None:
    checked = normalize(old)
    assert list(checked) == list(KEYS)
    for was, now in TURNED.items():
        assert checked[now] == 6 - old[was]
    assert score(old) == then


def test_an_old_key_and_its_new_one_together_are_refused() -> None:
    with pytest.raises(BadAnswer, match="'hard_talks' is the old form of 'hard_talks_both'"):
        normalize({**best(), "hard_talks": 2})
    with pytest.raises(BadAnswer, match=r"question 6 \(explaining: .*got 9"):
        normalize({**{k: 3 for k in KEYS if k != "needs_met"}, "explaining": 9})


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
        score(answers)
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
