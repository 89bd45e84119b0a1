"""How the balance rule behaves under pure chance (binomial noise), for docs/method.md.

Each case builds ledgers where every support event is given by the first person
with probability p, 2..8 events a week, and counts how often the verdict is
one-sided. Run: `.venv/bin/python -m benchmarks.noise [N]` (N ledgers per case).
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

from rich.console import Console
from rich.table import Table

from twoway.core import analyze
from twoway.core.ledger import Ledger, ledger_from_rows

END = date(2026, 6, 28)
CASES: dict[str, list[tuple[int, float]]] = {
    "balanced, 30 weeks (p=0.5)": [(30, 0.5)],
    "balanced 20 weeks, then 3 weeks at p=0.85": [(20, 0.5), (3, 0.85)],
    "balanced 10 weeks, then 12 weeks at p=0.8": [(10, 0.5), (12, 0.8)],
    "balanced 10 weeks, then 12 weeks at p=0.7": [(10, 0.5), (12, 0.7)],
    "12 weeks at p=0.8, then 10 weeks balanced": [(12, 0.8), (10, 0.5)],
}


def binomial_ledger(phases: list[tuple[int, float]], seed: int) -> Ledger:
    """Support events only, each by the first person with probability p."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    week = sum(w for w, _ in phases) - 1
    for weeks, p in phases:
        for _ in range(weeks):
            start = END - timedelta(days=7 * week + 6)
            for _ in range(rng.randint(2, 8)):
                day = start + timedelta(days=rng.randrange(7))
                by = "Alex" if rng.random() < p else "Sam"
                rows.append({"at": day.isoformat(), "by": by, "kind": "support"})
            week -= 1
    return ledger_from_rows(rows, people=("Alex", "Sam"))


def main(n: int = 300) -> None:
    """Print, per case, how often the verdict came out one-sided."""
    table = Table(title=f"Balance verdict under binomial noise ({n} ledgers per case)")
    table.add_column("case")
    table.add_column("one-sided", justify="right")
    for name, phases in CASES.items():
        hits = sum(
            analyze(binomial_ledger(phases, seed), as_of=END).balance.verdict == "one_sided"
            for seed in range(n)
        )
        table.add_row(name, f"{hits}/{n} ({hits / n:.1%})")
    Console().print(table)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
