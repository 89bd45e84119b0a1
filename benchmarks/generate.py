"""A fast, seeded generator of realistic ledgers for the benchmarks.

The ledger is one relationship between two people over several years, with
every kind of event, valid ids and refs, and the mess real files have: notes
with commas and quotes, times with and without seconds or a UTC offset, and
days given without a time. Rows are written in time order (answers are held
in a heap until their time comes), and the same `n` and `seed` always give
the same bytes. Files are cached under `bench-data/`, keyed by `n` and `seed`.

Run `python -m benchmarks.generate N [SEED]` to write one and print its path.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import math
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

DATA_DIR: Final = Path(__file__).resolve().parent.parent / "bench-data"
PEOPLE: Final = ("Robin", "Sam")
HEADER: Final = ("at", "by", "to", "kind", "id", "ref", "value", "note")
START: Final = datetime(2017, 1, 2, 7, 0)
#: Bumped whenever the generator's output changes, so stale cached files are not reused.
VERSION: Final = 2

#: Kinds that start something, with their weights; answers are scheduled from them.
PRIMARY: Final = {
    "support": 30,
    "talk": 8,
    "bid": 16,
    "checkin": 6,
    "gratitude": 7,
    "commitment": 5,
    "need": 3,
    "boundary": 1,
    "together": 7,
    "conflict": 2,
    "repair": 2,
}
STYLE_CHOICES: Final = ("listen", "comfort", "celebrate", "help", "reassure", "other", "")
NOTES: Final = (
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "after work",
    "phone call",
    'said "I\'m proud of you", then made tea',
    "groceries, laundry, and the dishes",
    'asked "how was the interview?"',
    "Zoë's birthday, café downtown",
    "walk by the river",
    "late, tired, but listened",
)

Row = tuple[str, str, str, str, str, str, str, str]


def path_for(n: int, seed: int = 1) -> Path:
    """Where the ledger of `n` events with `seed` is cached."""
    return DATA_DIR / f"ledger-{n}-s{seed}-v{VERSION}.csv"


def ensure(n: int, seed: int = 1) -> Path:
    """The cached ledger of `n` events, generated first if it is not there yet."""
    path = path_for(n, seed)
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows(n, seed))
        tmp.replace(path)
    return path


def span_days(n: int) -> int:
    """How many days a ledger of `n` events covers: two years at least, ten at most."""
    return min(3650, max(730, n // 100))


def rows(n: int, seed: int = 1) -> list[Row]:
    """Exactly `n` ledger rows in time order, deterministic for a given seed."""
    rng = random.Random(seed)
    a, b = PEOPLE
    kinds = list(PRIMARY)
    weights = list(PRIMARY.values())
    span = span_days(n) * 86400.0
    # Answers make up about a fifth of the rows; primaries get the rest of the time.
    step = span / (n * 0.8)
    heap: list[tuple[float, int, Row]] = []
    out: list[Row] = []
    t = 0.0
    seq = 0
    counter = 0
    while len(out) < n:
        t += rng.expovariate(1.0 / step)
        while heap and heap[0][0] <= t and len(out) < n:
            out.append(heapq.heappop(heap)[2])
        if len(out) >= n:
            break
        # Support leans one way, then the other, over months (ebb and flow).
        lean = 0.5 + 0.25 * math.sin(t / (86400.0 * 120.0))
        by = a if rng.random() < lean else b
        other = b if by == a else a
        kind = rng.choices(kinds, weights)[0]
        counter += 1
        ident = ref = value = ""
        answer: tuple[float, str, str, str, str] | None = None  # delay, kind, value, by, id
        if kind == "support":
            value = rng.choice(STYLE_CHOICES)
        elif kind == "bid":
            ident = f"b{counter}"
            if rng.random() < 0.85:
                delay = rng.uniform(1.0, 60.0) * 3600.0
                value_r = rng.choices(("toward", "away", "against"), (75, 18, 7))[0]
                answer = (delay, "response", value_r, other, "")
        elif kind == "checkin":
            value = rng.choices(("daily", "weekly", "monthly", ""), (6, 3, 1, 1))[0]
        elif kind == "commitment":
            ident = f"c{counter}"
            delay = rng.uniform(1.0, 21.0) * 86400.0
            if rng.random() < 0.7:
                value = _day(t + delay)
            roll = rng.random()
            if not value and roll < 0.3:  # the vague plan gets a date later, in a new row
                due = _day(t + 2 * delay)
                answer = (delay, "commitment", due, by, f"c{counter}d")
            elif roll < 0.6:
                answer = (delay, "kept", "", by, "")
            elif roll < 0.75:
                answer = (delay, "broken", "", by, "")
        elif kind == "need":
            ident = f"n{counter}"
            if rng.random() < 0.6:
                answer = (rng.uniform(0.1, 10.0) * 86400.0, "met", "", other, "")
        elif kind == "boundary":
            ident = f"x{counter}"
            if rng.random() < 0.2:
                answer = (rng.uniform(1.0, 60.0) * 86400.0, "crossed", "", other, "")
        elif kind == "together":
            value = rng.choices(("-2", "-1", "0", "1", "2"), (1, 2, 4, 6, 3))[0]
        to = other if rng.random() < 0.5 else ""
        out.append((_at(rng, t), by, to, kind, ident, ref, value, rng.choice(NOTES)))
        if answer is not None:
            delay, akind, avalue, aby, aid = answer
            seq += 1
            when = t + delay
            row: Row = (_at(rng, when, timed=True), aby, "", akind, aid, ident, avalue, "")
            heapq.heappush(heap, (when, seq, row))
    return out


def _day(t: float) -> str:
    return (START + timedelta(seconds=t)).date().isoformat()


def _at(rng: random.Random, t: float, *, timed: bool = False) -> str:
    """The time `t` (seconds after START) in one of the shapes people write."""
    when = START + timedelta(seconds=int(t))
    roll = rng.random()
    if roll < 0.1 and not timed:
        return when.date().isoformat()
    if roll < 0.5:
        return when.isoformat(timespec="minutes")
    if roll < 0.7:
        return when.isoformat(sep=" ", timespec="seconds")
    if roll < 0.9:
        return when.isoformat(timespec="minutes") + rng.choice(("+01:00", "+02:00", "-05:00"))
    return when.isoformat(timespec="seconds") + "Z"


def main(argv: list[str]) -> int:
    """Generate (or find) a ledger and print its path."""
    parser = argparse.ArgumentParser(description="Generate (or find) a benchmark ledger.")
    parser.add_argument("events", nargs="?", type=int, default=10_000, help="how many events")
    parser.add_argument("seed", nargs="?", type=int, default=1, help="the random seed")
    args = parser.parse_args(argv)
    print(ensure(args.events, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
