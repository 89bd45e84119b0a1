"""A report built by hand, with known numbers, for the renderer tests.

The renderers only read `Report`; building one directly keeps these tests
about rendering, while test_real_ledger.py renders real analyses of a file.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta
from typing import Any

from twoway.core.report import (
    Balance,
    Interval,
    Report,
    SideCounts,
    Signal,
    Stretch,
    WeekActivity,
    WeekBalance,
    Window,
)
from twoway.core.rolling import with_rolling_share

START = date(2024, 1, 1)  # a Monday
SAM_GAVE = [3, 2, 0, 4, 3, 2, 5, 1, 3, 4]
ALEX_GAVE = [1, 2, 0, 1, 1, 2, 1, 1, 1, 0]
INITIATIONS = {"Sam": [2, 3, 1, 0, 4, 2, 3, 2, 5, 3], "Alex": [1, 0, 1, 1, 0, 2, 1, 0, 1, 1]}
BIDS_TOWARD = {"Sam": [1, 0, 2, 1, 1, 0, 1, 1, 0, 1], "Alex": [2, 1, 1, 2, 1, 1, 2, 1, 2, 2]}
BIDS_OTHER = {"Sam": [1, 2, 0, 1, 2, 1, 2, 1, 3, 2], "Alex": [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]}
ENERGY: dict[str, list[float | None]] = {
    "Sam": [0.5, None, -1.0, -1.5, None, -1.0, -2.0, None, -1.0, -1.5],
    "Alex": [1.0, 1.5, None, 1.0, 2.0, None, 1.0, 1.5, None, 2.0],
}


def wilson(k: int, n: int, z: float = 1.96) -> Interval:
    """The Wilson score interval for k successes in n trials."""
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def side(
    support: int, initiations: int, toward: int, other: int, energy: float | None
) -> SideCounts:
    return SideCounts(
        support={"listen": support // 2, "help": support - support // 2, "total": support},
        initiations={"talk": initiations, "total": initiations},
        bids={
            "made": toward + other,
            "toward": toward,
            "away": other,
            "against": 0,
            "unanswered": 0,
            "pending": 0,
        },
        commitments={"made": 4, "kept": 3, "broken": 1, "vague": 2, "open": 0},
        needs={"stated": 5, "met": 2},
        boundaries={"set": 1, "crossed": 0},
        gratitude=3,
        energy={"mean": energy, "n": 4 if energy is not None else 0},
        positive=12,
        negative=2,
        ratio=6.0,
    )


def renamed(value: Any, names: dict[str, str]) -> Any:
    """`value` with the people renamed everywhere: dict keys, fields and sentences."""
    if is_dataclass(value) and not isinstance(value, type):
        return replace(
            value, **{f.name: renamed(getattr(value, f.name), names) for f in fields(value)}
        )
    if isinstance(value, dict):
        return {names.get(k, k): renamed(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(renamed(v, names) for v in value)
    if isinstance(value, str):
        return re.sub(r"\b(Sam|Alex)\b", lambda m: names.get(m.group(0), m.group(0)), value)
    return value


def build_report(names: tuple[str, str] = ("Sam", "Alex"), **overrides: Any) -> Report:
    """Ten weeks of Sam and Alex; Sam carries most of the support in the last eight.

    `names` renames the two people throughout (as if the ledger had used those names).
    """
    people = ("Sam", "Alex")
    weeks = []
    for i, (s, a) in enumerate(zip(SAM_GAVE, ALEX_GAVE, strict=True)):
        start = START + timedelta(weeks=i)
        total = s + a
        lean = None
        if total >= 2 and max(s, a) / total >= 0.65:
            lean = "Sam" if s > a else "Alex"
        weeks.append(
            WeekBalance(
                start=start,
                end=start + timedelta(days=6),
                given={"Sam": s, "Alex": a},
                share={"Sam": s / total, "Alex": a / total} if total else None,
                interval=wilson(s, total) if total else None,
                lean=lean,
            )
        )
    sam, alex = sum(SAM_GAVE[2:]), sum(ALEX_GAVE[2:])
    n = sam + alex
    balance = Balance(
        verdict="one_sided",
        carrier="Sam",
        given={"Sam": sam, "Alex": alex},
        share={"Sam": sam / n, "Alex": alex / n},
        interval={"Sam": wilson(sam, n), "Alex": wilson(alex, n)},
        weeks=with_rolling_share(weeks),
        reason="Sam gave 73% of the 37 support events since 1 Jan 2024 (10 weeks; likely between "
        "57% and 85%): a sustained stretch, not a swing.",
        stretch=Stretch(
            start=START,
            end=START + timedelta(weeks=10, days=-1),
            weeks=10,
            given={"Sam": sum(SAM_GAVE), "Alex": sum(ALEX_GAVE)},
            share={"Sam": sum(SAM_GAVE) / 37, "Alex": sum(ALEX_GAVE) / 37},
            interval={"Sam": wilson(sum(SAM_GAVE), 37), "Alex": wilson(sum(ALEX_GAVE), 37)},
        ),
    )
    activity = [
        WeekActivity(
            start=START + timedelta(weeks=i),
            initiations={p: INITIATIONS[p][i] for p in people},
            bids_toward={p: BIDS_TOWARD[p][i] for p in people},
            bids_other={p: BIDS_OTHER[p][i] for p in people},
            energy={p: ENERGY[p][i] for p in people},
        )
        for i in range(10)
    ]
    counts = {
        "all": {"Sam": side(27, 25, 8, 15, -1.1), "Alex": side(10, 8, 15, 1, 1.4)},
        "recent": {"Sam": side(22, 20, 6, 12, -1.3), "Alex": side(6, 6, 12, 1, 1.5)},
    }
    signals = [
        Signal(
            code="one_sided_support",
            person="Sam",
            summary="Sam has given most of the support for 8 weeks.",
            evidence={
                "weeks": 8,
                "share": sam / n,
                "given": {"Sam": sam, "Alex": alex},
                "events": [f"s{k}" for k in range(1, 23)],
            },
            since=START + timedelta(weeks=2),
            practice="Hold a weekly check-in where each of you names one moment you felt supported.",
        ),
        Signal(
            code="bids_turned_away",
            person="Sam",
            summary="Fewer than half of Sam's recent bids were turned toward.",
            evidence={"bids": 18, "toward": 6, "toward_share": 6 / 18, "events": ["b1", "b2"]},
            since=START + timedelta(weeks=3),
            practice="Agree on a small daily moment to answer each other's reach-outs.",
        ),
        Signal(
            code="improving",
            person=None,
            summary="Thanks are given more often than two months ago.",
            evidence={"gratitude_before": 1, "gratitude_now": 5},
            since=None,
            practice="Keep naming exactly what helped, each way.",
            tone="positive",
        ),
    ]
    report = Report(
        people=people,
        me=None,
        as_of=START + timedelta(weeks=10, days=-1),
        first=START,
        events=211,
        window=Window(
            start=START + timedelta(weeks=2), end=START + timedelta(weeks=10, days=-1), weeks=8
        ),
        balance=balance,
        counts=counts,
        activity=activity,
        signals=signals,
        source="/home/someone/private/sam-alex.csv",
    )
    if names != ("Sam", "Alex"):
        report = renamed(report, dict(zip(("Sam", "Alex"), names, strict=True)))
    return replace(report, **overrides)
