"""The Together table of `make bench` (issue 5): what linking costs a relationship's pages.

A linked relationship's report reads two ledgers (yours, and what your partner
shared) and combines them; the gap page pairs them. Beside them, in the same
run, the same report of a relationship that is not linked, with a ledger of the
same size: the ratio says what linking adds. No target is set by the issue;
the table shows the cost. SQLite, data made once in `bench-data/together/` and
reused (see `benchmarks/together_child.py`).
"""

from __future__ import annotations

import statistics
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generate import DATA_DIR
from benchmarks.together_child import CASES
from benchmarks.web import _run, child_env

DATA = DATA_DIR / "together"
#: Bumped whenever the data changes, so an old store is made again.
VERSION = 1
BASELINE = CASES[0]


def report(requests: int, console: Console) -> dict[str, Any]:
    """Measure, print the table, return it as JSON-ready data."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"together-v{VERSION}.sqlite3"
    with console.status(f"Together: {requests} requests per case (the data is made once)"):
        result = _run(
            ["benchmarks.together_child", str(requests)],
            child_env(TWOWAY_DB=str(path), TWOWAY_DATA_DIR=str(DATA / "site")),
        )
    console.print(table(result, requests))
    if result["made"]:
        console.print(f"the data was made now, in {path}")
    keep = ("own_events", "shared_events", "queries")
    return {
        "best_ms": best_ms(result),
        "median_ms": median_ms(result),
        **{k: result[k] for k in keep},
    }


def best_ms(result: dict[str, Any]) -> dict[str, float]:
    """Each case's best time."""
    return {c: min(r["total"] for r in runs) for c, runs in result["runs"].items()}


def median_ms(result: dict[str, Any]) -> dict[str, float]:
    """Each case's median time."""
    return {c: statistics.median(r["total"] for r in runs) for c, runs in result["runs"].items()}


def table(result: dict[str, Any], requests: int) -> Table:
    """What `benchmarks.together_child` printed, as a Rich table with each page's ratio."""
    best, median = best_ms(result), median_ms(result)
    t = Table(
        title=(
            f"twoway together: a linked relationship's pages, server time (best and median of "
            f"{requests}; SQLite; {result['own_events']:,} own + {result['shared_events']:,} "
            "shared events)"
        )
    )
    for column in ("page", "best ms", "median ms", "queries", f"× {BASELINE}"):
        t.add_column(column, justify="left" if column == "page" else "right")
    for case in CASES:
        t.add_row(
            case,
            f"{best[case]:.1f}",
            f"{median[case]:.1f}",
            str(result["queries"][case]),
            f"{median[case] / median[BASELINE]:.2f}×",
        )
    return t
