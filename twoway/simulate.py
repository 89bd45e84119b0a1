"""Generated ledgers: realistic, noisy, reproducible. For the demo and the tests.

A ledger is described as phases of weeks that share a pattern (who gives how
much support, how bids are answered, who starts things ...); every range is
sampled afresh each week from a seeded generator, so the same seed gives the
same ledger and a different seed gives different noise.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from twoway.core.events import STYLES
from twoway.core.ledger import Ledger, ledger_from_rows

Range = tuple[float, float]
Count = tuple[int, int]


@dataclass(frozen=True)
class Phase:
    """Weeks that share a pattern. "first"/"second" are the ledger's two people, in order."""

    weeks: int
    support: Count = (3, 6)  # support events a week
    share: Range = (0.4, 0.6)  # the first person's share of them, drawn each week
    bids: tuple[Count, Count] = ((1, 3), (1, 3))  # bids a week, by first / by second
    toward: Range = (0.85, 0.85)  # chance a bid by first / by second is turned toward
    starts: Count = (1, 3)  # talks and check-ins a week
    lead: Range = (0.4, 0.6)  # the first person's share of them
    together: Count = (0, 2)  # times together a week, each logged by both
    energy: Range = (1.0, 1.0)  # mean energy after time together, first / second
    needs: Count = (0, 1)  # needs stated a week, by each person
    met: Range = (0.8, 0.8)  # chance a need of first / second is met
    plans: Count = (0, 1)  # commitments a week, by each person
    kept: Range = (0.8, 0.8)  # chance a plan of first / second is kept
    conflicts: Count = (0, 1)  # conflicts a week
    repairs: Range = (0.5, 0.5)  # the first person's share of repair attempts
    gratitude: Count = (0, 2)  # gratitude a week, by each person


def split(n: int, share: Range, rng: random.Random) -> int:
    """How many of `n` go to the first person, with their share inside `share` (inclusive).

    Picks uniformly among the counts that fit; when none does (3 events cannot
    be split 40-60), it takes the count closest to the range's middle.
    """
    lo, hi = share
    fits = [k for k in range(n + 1) if lo - 1e-9 <= k / n <= hi + 1e-9] if n else [0]
    if fits:
        return rng.choice(fits)
    middle = (lo + hi) / 2
    return min(range(n + 1), key=lambda k: abs(k / n - middle))


def simulate(
    phases: Sequence[Phase],
    *,
    end: date,
    people: tuple[str, str] = ("Alex", "Sam"),
    seed: int = 0,
) -> Ledger:
    """A ledger whose last phase ends on `end`; phases run oldest first."""
    rng = random.Random(seed)
    total_weeks = sum(p.weeks for p in phases)
    rows: list[dict[str, str]] = []
    numbers = itertools.count(1)

    def ids(prefix: str) -> str:
        return f"{prefix}{next(numbers)}"

    week = total_weeks - 1
    for phase in phases:
        for _ in range(phase.weeks):
            start = end - timedelta(days=7 * week + 6)
            rows.extend(_week(phase, start, people, rng, ids))
            week -= 1
    # Answers drawn after `end` (a response two days later) have not happened yet.
    last = _iso(datetime.combine(end, time(23, 59)))
    rows = sorted((r for r in rows if r["at"] <= last), key=lambda r: r["at"])
    return ledger_from_rows(rows, source="<simulated>", people=people)


def _at(start: date, rng: random.Random) -> datetime:
    day = start + timedelta(days=rng.randrange(7))
    return datetime.combine(day, time(rng.randint(7, 21), rng.choice((0, 15, 30, 45))))


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="minutes")


def _week(
    phase: Phase,
    start: date,
    people: tuple[str, str],
    rng: random.Random,
    ids: Callable[[str], str],
) -> Iterator[dict[str, str]]:
    a, b = people

    def row(at: datetime, by: str, kind: str, **fields: str) -> dict[str, str]:
        return {"at": _iso(at), "by": by, "kind": kind, **fields}

    n = rng.randint(*phase.support)
    k = split(n, phase.share, rng)
    for i in range(n):
        by = a if i < k else b
        yield row(_at(start, rng), by, "support", value=rng.choice((*STYLES, "")))

    starts = rng.randint(*phase.starts)
    led = split(starts, phase.lead, rng)
    for i in range(starts):
        yield row(_at(start, rng), a if i < led else b, rng.choice(("talk", "talk", "checkin")))

    for side, (by, other) in enumerate(((a, b), (b, a))):
        for _ in range(rng.randint(*phase.bids[side])):
            at, bid = _at(start, rng), ids("b")
            yield row(at, by, "bid", id=bid)
            if rng.random() < phase.toward[side]:
                answer = "toward"
            else:
                answer = rng.choice(("away", "away", "against", "never"))
            if answer != "never":
                later = at + timedelta(hours=rng.randint(1, 40))
                yield row(later, other, "response", ref=bid, value=answer)
        for _ in range(rng.randint(*phase.needs)):
            at, need = _at(start, rng), ids("n")
            yield row(at, by, "need", id=need)
            if rng.random() < phase.met[side]:
                yield row(at + timedelta(days=rng.randint(1, 5)), other, "met", ref=need)
        for _ in range(rng.randint(*phase.plans)):
            at, plan = _at(start, rng), ids("c")
            dated = rng.random() < 0.6
            due = (at + timedelta(days=rng.randint(2, 10))).date().isoformat() if dated else ""
            yield row(at, by, "commitment", id=plan, value=due)
            # A missed dated plan is logged as broken; a missed vague one just never happens.
            outcome = "kept" if rng.random() < phase.kept[side] else ("broken" if dated else "")
            if outcome:
                yield row(at + timedelta(days=rng.randint(2, 10)), by, outcome, ref=plan)
        for _ in range(rng.randint(*phase.gratitude)):
            yield row(_at(start, rng), by, "gratitude")

    for _ in range(rng.randint(*phase.together)):
        at = _at(start, rng)
        for side, by in enumerate(people):
            mean = phase.energy[side]
            energy = max(-2, min(2, round(rng.gauss(mean, 0.7))))
            yield row(at, by, "together", value=str(energy))

    for _ in range(rng.randint(*phase.conflicts)):
        at = _at(start, rng)
        yield row(at, rng.choice(people), "conflict")
        repairer = a if rng.random() < phase.repairs[0] else b
        yield row(at + timedelta(hours=rng.randint(1, 30)), repairer, "repair")


def demo_ledgers(end: date, seed: int = 7) -> dict[str, tuple[str, Ledger]]:
    """Three relationships of about six months, as seen by "Alex" (the demo user).

    Sam (partner): balanced, with ebb and flow. Jordan (friend): one-sided, Alex
    carries it. Robin (family): was one-sided, balanced again for two months.
    """
    ebb = Phase(weeks=3, share=(0.25, 0.45), together=(1, 2))
    flow = Phase(weeks=3, share=(0.55, 0.75), together=(1, 2))
    balanced = [ebb, flow, ebb, flow, Phase(weeks=4), ebb, flow, ebb, Phase(weeks=3)]
    one_sided = [
        Phase(weeks=8, support=(2, 5), bids=((1, 2), (1, 2)), together=(0, 1)),
        Phase(
            weeks=18,
            support=(3, 6),
            share=(0.7, 1.0),
            bids=((2, 4), (0, 1)),
            toward=(0.35, 0.9),
            plans=(1, 2),
            conflicts=(0, 2),
            lead=(0.75, 1.0),
            starts=(2, 4),
            energy=(-1.0, 1.0),
            together=(1, 2),
            needs=(0, 1),
            met=(0.2, 0.9),
            kept=(0.9, 0.3),
            repairs=(0.9, 0.9),
        ),
    ]
    improving = [
        Phase(weeks=14, share=(0.7, 0.95), lead=(0.7, 0.9), energy=(-0.5, 1.0), together=(0, 2)),
        Phase(weeks=12, share=(0.4, 0.6), energy=(1.0, 1.0), together=(1, 2)),
    ]
    return {
        "Sam": ("partner", simulate(balanced, end=end, people=("Alex", "Sam"), seed=seed)),
        "Jordan": (
            "friend",
            simulate(one_sided, end=end, people=("Alex", "Jordan"), seed=seed + 1),
        ),
        "Robin": ("family", simulate(improving, end=end, people=("Alex", "Robin"), seed=seed + 2)),
    }
