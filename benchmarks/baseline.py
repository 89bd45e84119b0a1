"""The plain pure-Python baseline: csv.DictReader, dict loops, datetime.fromisoformat.

It computes what twoway's report gives as `Report.counts` — every `SideCounts`
field, per person, for the whole ledger ("all") and the recent 8 weeks
("recent") — the way anyone would write it without a data-frame library, so
the benchmark can say how much twoway's columnar approach buys. The semantics
follow `twoway/core/timeline.py` and `twoway/core/counts.py` (docs/method.md).

It trusts the file (the generator writes valid ledgers), so it does no
validation, and it computes the counts only: no balance, no weekly activity,
no signals. Both make the comparison flatter the baseline.

The benchmark asserts that both give the same numbers, field by field: a speed
ratio between two programs doing different work is worthless.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

# Written out rather than imported from twoway.core: importing `twoway` pulls
# in polars, and the baseline's peak memory must be plain Python's own.
STYLES: Final = ("listen", "comfort", "celebrate", "help", "reassure", "other")
INITIATIONS: Final = ("talk", "checkin", "bid", "commitment", "repair")
BID_GRACE: Final = timedelta(days=3)
VAGUE_GRACE: Final = timedelta(days=14)
RECENT_WEEKS: Final = 8
POSITIVE: Final = ("support", "gratitude", "repair", "met")
NEGATIVE: Final = ("conflict", "crossed")
#: Kinds whose `value` the counts read; others are tallied without it.
VALUED: Final = frozenset({"support", "response", "together"})
OPENERS: Final = ("bid", "commitment", "need", "boundary")
#: Answering kind -> the opener kind it answers.
ANSWERS: Final = {
    "response": "bid",
    "kept": "commitment",
    "broken": "commitment",
    "met": "need",
    "crossed": "boundary",
}

Counts = dict[str, dict[str, Any]]
Opener = tuple[str, datetime, str]  # by, at, value
Answer = tuple[datetime, str, str]  # at, kind, value


def _when(text: str) -> datetime:
    """The wall-clock time as written (a UTC offset is kept aside, not applied)."""
    return datetime.fromisoformat(text.strip()).replace(tzinfo=None)


def count(path: str | Path) -> dict[str, Counts]:
    """{"all" | "recent": {person: counts}} for the ledger at `path`, as of its last day."""
    people: dict[str, None] = {}  # in order of first appearance
    tally: Counter[tuple[date, str, str, str]] = Counter()  # (day, by, kind, value)
    openers: dict[str, dict[str, Opener]] = {k: {} for k in OPENERS}
    answers: dict[str, dict[str, Answer]] = {k: {} for k in OPENERS}  # first answer per ref
    dated: dict[str, datetime] = {}  # vague commitment id -> when a later one gave it a date
    last = datetime.min
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            at = _when(row["at"])
            last = max(last, at)
            by = row["by"].strip()
            people.setdefault(by)
            to = (row.get("to") or "").strip()
            if to:
                people.setdefault(to)
            kind = row["kind"].strip().lower()
            value = row["value"].strip()
            tally[at.date(), by, kind, value if kind in VALUED else ""] += 1
            if kind in openers:
                openers[kind][row["id"].strip()] = (by, at, value)
                ref = row["ref"].strip()
                if kind == "commitment" and ref and (ref not in dated or at < dated[ref]):
                    dated[ref] = at
            elif kind in ANSWERS:
                first = answers[ANSWERS[kind]]
                ref = row["ref"].strip()
                if ref not in first or at < first[ref][0]:
                    first[ref] = (at, kind, value)
    as_of = last.date()
    now = datetime.combine(as_of + timedelta(days=1), time())
    outcomes = _outcomes(openers, answers, dated, now)
    return {
        "all": _sides(list(people), tally, outcomes, as_of, None),
        "recent": _sides(list(people), tally, outcomes, as_of, RECENT_WEEKS - 1),
    }


def _outcomes(
    openers: dict[str, dict[str, Opener]],
    answers: dict[str, dict[str, Answer]],
    dated: dict[str, datetime],
    now: datetime,
) -> list[tuple[str, str, date, str]]:
    """(kind, by, day, outcome) for every bid, commitment, need and boundary."""
    out = []
    for kind, rows in openers.items():
        first = answers[kind]
        for ident, (by, at, value) in rows.items():
            answer = first.get(ident)
            if kind == "bid":
                if answer is not None and answer[0] - at <= BID_GRACE:
                    outcome = answer[2]
                elif now - at < BID_GRACE:
                    outcome = "pending"
                else:
                    outcome = "unanswered"
            elif kind == "commitment":
                vague = value == ""
                if answer is not None and (not vague or answer[0] - at <= VAGUE_GRACE):
                    outcome = answer[1]
                elif vague and ident in dated and dated[ident] - at <= VAGUE_GRACE:
                    outcome = "dated"
                elif vague and now - at > VAGUE_GRACE:
                    outcome = "vague"
                else:
                    outcome = "open"
            else:
                outcome = "answered" if answer is not None else ""
            out.append((kind, by, at.date(), outcome))
    return out


def _sides(
    people: list[str],
    tally: Counter[tuple[date, str, str, str]],
    outcomes: list[tuple[str, str, date, str]],
    as_of: date,
    max_week: int | None,
) -> Counts:
    """Each person's counts over weeks 0..`max_week` back from `as_of` (None: all)."""
    since = date.min if max_week is None else as_of - timedelta(days=7 * max_week + 6)
    acts: Counter[tuple[str, str]] = Counter()  # (by, kind)
    valued: Counter[tuple[str, str, str]] = Counter()  # (by, kind, value)
    energy_sum: Counter[str] = Counter()
    for (day, by, kind, value), n in tally.items():
        if day < since:
            continue
        acts[by, kind] += n
        if value:
            valued[by, kind, value] += n
            if kind == "together":
                energy_sum[by] += int(value) * n
    results: Counter[tuple[str, str, str]] = Counter()  # (kind, by, outcome)
    for kind, by, day, outcome in outcomes:
        if day >= since:
            results[kind, by, outcome] += 1
    out: Counts = {}
    for p in people:
        support = {s: valued[p, "support", s] for s in STYLES}
        support["unspecified"] = acts[p, "support"] - sum(support.values())
        support["total"] = acts[p, "support"]
        inits = {k: acts[p, k] for k in INITIATIONS}
        inits["total"] = sum(inits.values())
        bids = {"made": acts[p, "bid"]}
        for o in ("toward", "away", "against", "unanswered", "pending"):
            bids[o] = results["bid", p, o]
        plans = {"made": acts[p, "commitment"]}
        for o in ("kept", "broken", "vague", "dated", "open"):
            plans[o] = results["commitment", p, o]
        n_energy = sum(valued[p, "together", v] for v in ("-2", "-1", "0", "1", "2"))
        positive = sum(acts[p, k] for k in POSITIVE) + valued[p, "response", "toward"]
        positive += plans["kept"]
        negative = sum(acts[p, k] for k in NEGATIVE) + valued[p, "response", "against"]
        negative += plans["broken"]
        out[p] = {
            "support": support,
            "initiations": inits,
            "bids": bids,
            "commitments": plans,
            "needs": {"stated": acts[p, "need"], "met": results["need", p, "answered"]},
            "boundaries": {
                "set": acts[p, "boundary"],
                "crossed": results["boundary", p, "answered"],
            },
            "gratitude": acts[p, "gratitude"],
            "energy": {
                "mean": energy_sum[p] / n_energy if n_energy else None,
                "n": n_energy,
            },
            "positive": positive,
            "negative": negative,
            "ratio": positive / negative if negative else None,
        }
    return out


def flat(counts: dict[str, Counts]) -> dict[str, Any]:
    """Nested counts as one flat mapping, "all.Sam.bids.made" -> 3, floats rounded."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        else:
            out[prefix] = round(value, 9) if isinstance(value, float) else value

    walk("", counts)
    return out
