"""The self-assessment: a few plain questions about how care flows, a score and a trend.

Each question is answered on a 1-5 scale whose two ends have words, and every
question is asked so that the higher answer is the kinder one for the
relationship: 5 always means care flows more both ways, and the score is the
plain mean of the answers.

Two questions were once asked the other way round (a high answer meant *less*
two-way) under other keys; `TURNED` names them. An answer kept or exported under
an old key is turned around on the way in (6 - answer), so it keeps its meaning,
and the store's own answers were turned by the migration
`ledger/0008_assessment_kinder_scale`.

The words describe how the relationship feels to the person answering, today.
They never label the other person or the relationship.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from twoway.errors import TwowayError

LOW: Final = 1
HIGH: Final = 5
#: A change smaller than this (in points out of 100) is reported as steady:
#: one question moved by one step is about 3 points, which is noise.
STEADY_POINTS: Final = 5.0


class BadAnswer(TwowayError, ValueError):
    """An answer that is missing, not a whole number, or outside 1-5."""


@dataclass(frozen=True, slots=True)
class Question:
    """One question; `low` and `high` are the words for the two ends of the scale.

    `high` (5) is always the kinder answer for the relationship.
    """

    key: str
    text: str
    low: str
    high: str


QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        "energy",
        "After time together, how do you usually feel?",
        low="worn out",
        high="lifted, full of energy",
    ),
    Question(
        "count_on",
        "When you need them, can you count on them the way they can count on you?",
        low="far less than they can count on me",
        high="just as much",
    ),
    Question(
        "hard_talks_both",
        "Do both of you bring up the difficult things, not only you?",
        low="no, nearly always me",
        high="yes, we both do",
    ),
    Question(
        "repair",
        "After a falling-out, do things get mended without you having to push?",
        low="only if I push",
        high="yes, they reach out too",
    ),
    Question(
        "showed_up",
        "When did they last show up for something you needed and they knew about?",
        low="I can't remember a time",
        high="recently, and that's usual",
    ),
    Question(
        "needs_met",
        "When you say what you need, is it met without your explaining it again and again?",
        low="hardly ever",
        high="almost always",
    ),
    Question(
        "plans",
        'When one of you says "we should...", how often does it become a real date?',
        low="almost never",
        high="almost always",
    ),
    Question(
        "heard",
        "When you talk about something that matters to you, do you feel heard?",
        low="rarely",
        high="almost always",
    ),
)

KEYS: Final = tuple(q.key for q in QUESTIONS)

#: How the scale reads, said once wherever the questions are asked (the CLI, the site).
SCALE: Final = (
    "Answer each from 1 to 5; there are no right answers. "
    "On every question, 5 is where care flows most both ways."
)

#: Old key -> new key of the questions once asked the other way round (5 was the least kind
#: answer). An answer under an old key means 6 minus the answer under the new one.
TURNED: Final = {"hard_talks": "hard_talks_both", "explaining": "needs_met"}


def normalize(answers: Mapping[str, object] | Sequence[object]) -> dict[str, int]:
    """Check answers and return them keyed by question, in question order.

    `answers` is either a mapping from question key to answer, or a sequence of
    answers in question order. Each answer is a whole number from 1 to 5.
    """
    by_key: dict[str, object]
    if isinstance(answers, Mapping):
        unknown = [k for k in answers if k not in KEYS and k not in TURNED]
        if unknown:
            raise BadAnswer(f"unknown question {unknown[0]!r}; the questions are {', '.join(KEYS)}")
        by_key = {k: v for k, v in answers.items() if k not in TURNED}
        for old, new in TURNED.items():
            if old in answers:
                if new in answers:
                    raise BadAnswer(f"{old!r} is the old form of {new!r}: give one of them")
                by_key[new] = _answer_to_old(old, answers[old])
    else:
        if isinstance(answers, str | bytes):
            raise BadAnswer("expected a list of answers, one per question")
        if len(answers) != len(QUESTIONS):
            raise BadAnswer(
                f"expected {len(QUESTIONS)} answers, one per question, got {len(answers)}"
            )
        by_key = dict(zip(KEYS, answers, strict=True))
    out: dict[str, int] = {}
    for n, q in enumerate(QUESTIONS, start=1):
        if q.key not in by_key:
            raise BadAnswer(f"question {n} ({q.key}: {q.text!r}) has no answer")
        out[q.key] = _answer(n, q, by_key[q.key])
    return out


#: The old questions' words, for an error about an answer kept under an old key.
_OLD: Final = {
    "hard_talks": Question(
        "hard_talks",
        "How often are you the one who has to bring up the difficult things?",
        low="rarely; we both do",
        high="nearly always me",
    ),
    "explaining": Question(
        "explaining",
        "Do you spend more time explaining what you need than having it met?",
        low="hardly ever",
        high="almost always",
    ),
}


def _answer_to_old(old: str, raw: object) -> int:
    """An answer to the old, turned-round question `old`, as the answer to the new one."""
    n = KEYS.index(TURNED[old]) + 1
    return HIGH + LOW - _answer(n, _OLD[old], raw)


def _answer(n: int, q: Question, raw: object) -> int:
    value: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and raw.strip().lstrip("+-").isdigit():
        value = int(raw.strip())
    if value is None or not LOW <= value <= HIGH:
        raise BadAnswer(
            f"question {n} ({q.key}: {q.text!r}): expected a whole number from {LOW} "
            f"({q.low}) to {HIGH} ({q.high}), got {raw!r}"
        )
    return value


def score(answers: Mapping[str, object] | Sequence[object]) -> float:
    """The score from 0 to 100: higher means care flows more both ways.

    The mean answer (5 is always the kinder one) is mapped from 1..5 onto 0..100
    and rounded to one decimal.
    """
    checked = normalize(answers)
    points = [checked[q.key] for q in QUESTIONS]
    mean = sum(points) / len(points)
    return round((mean - LOW) / (HIGH - LOW) * 100, 1)


def describe(value: float) -> str:
    """A plain sentence for a score: how it feels to the person answering, not a verdict."""
    if value >= 70:
        return "Your answers describe care that mostly flows both ways."
    if value >= 45:
        return "Your answers describe a mix: some things flow both ways, others mostly from you."
    return "Your answers describe care that, for now, flows mostly from you to them."


Direction = Literal["up", "down", "steady"]


@dataclass(frozen=True, slots=True)
class Trend:
    """How the score moved across assessments; numbers are None below two assessments."""

    count: int
    first: date | None
    latest: date | None
    latest_score: float | None
    #: the latest score minus the first
    change: float | None
    #: the latest score minus the one before it
    change_since_previous: float | None
    direction: Direction | None
    summary: str


def trend(history: Sequence[tuple[date, float]]) -> Trend:
    """The direction and size of change across repeated assessments.

    `history` holds (date, score) pairs in any order. The direction compares the
    latest score with the first; a change under `STEADY_POINTS` is steady.
    """
    ordered = sorted(history, key=lambda pair: pair[0])
    if len(ordered) < 2:
        only = ordered[0] if ordered else None
        return Trend(
            count=len(ordered),
            first=only[0] if only else None,
            latest=only[0] if only else None,
            latest_score=only[1] if only else None,
            change=None,
            change_since_previous=None,
            direction=None,
            summary="Not enough assessments yet to show a trend: take it again in a few weeks.",
        )
    (first_day, first_score), (_, previous), (last_day, last_score) = (
        ordered[0],
        ordered[-2],
        ordered[-1],
    )
    change = round(last_score - first_score, 1)
    since_previous = round(last_score - previous, 1)
    direction: Direction = (
        "steady" if abs(change) < STEADY_POINTS else ("up" if change > 0 else "down")
    )
    span = f"{len(ordered)} assessments since {first_day.isoformat()}"
    if direction == "steady":
        summary = f"Steady: within {STEADY_POINTS:g} points of your first score ({span})."
    else:
        word = "Up" if direction == "up" else "Down"
        summary = f"{word} {abs(change):g} points since your first assessment ({span})."
    if len(ordered) > 2 and abs(since_previous) >= STEADY_POINTS:
        way = "up" if since_previous > 0 else "down"
        summary += f" {way.capitalize()} {abs(since_previous):g} since the one before."
    return Trend(
        count=len(ordered),
        first=first_day,
        latest=last_day,
        latest_score=last_score,
        change=change,
        change_since_previous=since_previous,
        direction=direction,
        summary=summary,
    )
