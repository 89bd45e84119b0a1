"""The noise table: how the balance verdict behaves on simulated ledgers with known truth.

Each case builds ledgers of support events only (case n: initiations only),
each by the first person (Alex) with probability p, a number of events a week
drawn uniformly (2–8 unless the case says), and counts how often the report
says what it should (issue 13's targets). Every ledger is also checked for the
contradictions the verdicts must never show; their count must be 0.

    python -m benchmarks --only noise            # 500 ledgers a case
    python -m benchmarks.noise [N]               # the same, N ledgers a case

The seeds are 0..N-1 (offset per case). The thresholds of `twoway.core.stretch`
were calibrated on other seeds and on a count-level simulator, never on these.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from twoway.core import analyze
from twoway.core.balance import wilson
from twoway.core.ledger import Ledger, ledger_from_rows
from twoway.core.report import Report

END = date(2026, 6, 28)
PEOPLE = ("Alex", "Sam")
#: A phase: weeks, Alex's chance per event (a number, or a range drawn each week), events a week.
Phase = tuple[int, float | tuple[float, float], tuple[int, int]]


def _swings() -> list[Phase]:
    out: list[Phase] = []
    for i in range(18):  # 3-week swings, alternating, cut to 52 weeks
        out.append((min(3, 52 - 3 * i), 0.8 if i % 2 == 0 else 0.2, (2, 8)))
    return [p for p in out if p[0] > 0]


def binomial_ledger(phases: list[Phase], seed: int, kind: str = "support") -> Ledger:
    """Events of one kind only, each by Alex with probability p, oldest phase first."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    week = sum(w for w, _, _ in phases) - 1
    for weeks, p, (lo, hi) in phases:
        for _ in range(weeks):
            start = END - timedelta(days=7 * week + 6)
            chance = rng.uniform(*p) if isinstance(p, tuple) else p
            for _ in range(rng.randint(lo, hi)):
                day = start + timedelta(days=rng.randrange(7))
                by = "Alex" if rng.random() < chance else "Sam"
                rows.append({"at": day.isoformat(), "by": by, "kind": kind})
            week -= 1
    return ledger_from_rows(rows, people=PEOPLE)


def _codes(report: Report, code: str) -> list[str | None]:
    return [s.person for s in report.signals if s.code == code]


def _recent_events(report: Report) -> int:
    return sum(sum(w.given.values()) for w in report.balance.weeks[-8:])


def one_sided(report: Report, person: str | None = None) -> bool:
    """The verdict is one-sided (naming `person`, if given)."""
    b = report.balance
    return b.verdict == "one_sided" and (person is None or b.carrier == person)


def one_sided_or_leaning(report: Report, person: str) -> bool:
    """The verdict is one-sided or leaning, naming `person`."""
    b = report.balance
    return b.verdict in ("one_sided", "leaning") and b.carrier == person


@dataclass(frozen=True)
class Row:
    """One measure of one case, with its targets (a share of the ledgers, or a ceiling)."""

    label: str
    hit: Callable[[Report], bool]
    must: str
    check: Callable[[float], bool]
    aim: str = ""
    aim_check: Callable[[float], bool] | None = None
    #: only these ledgers count (default: all)
    among: Callable[[Report], bool] | None = None


@dataclass(frozen=True)
class Case:
    """A kind of ledger and the rows measured on it."""

    key: str
    name: str
    phases: list[Phase]
    rows: list[Row]
    kind: str = "support"


def _at_most(x: float) -> Callable[[float], bool]:
    return lambda r: r <= x


def _at_least(x: float) -> Callable[[float], bool]:
    return lambda r: r >= x


EIGHT = (2, 8)
CASES = [
    Case("a", "balanced 52 weeks, p = 0.5", [(52, 0.5, EIGHT)],
         [Row("one-sided", one_sided, "≤ 1 %", _at_most(0.01))]),
    Case("b", "balanced 52 weeks, p = 0.55", [(52, 0.55, EIGHT)],
         [Row("one-sided", one_sided, "≤ 3 %", _at_most(0.03))]),
    Case("c", "52 weeks of 3-week swings, 0.8 / 0.2", _swings(),
         [Row("one-sided", one_sided, "≤ 2 %", _at_most(0.02))]),
    Case("d", "balanced 20 weeks, then 3 weeks at 0.85", [(20, 0.5, EIGHT), (3, 0.85, EIGHT)],
         [Row("one-sided", one_sided, "≤ 3 %", _at_most(0.03))]),
    Case("e", "balanced 10 weeks, then 12 weeks at 0.8", [(10, 0.5, EIGHT), (12, 0.8, EIGHT)],
         [Row("one-sided naming Alex", lambda r: one_sided(r, "Alex"), "≥ 90 %",
              _at_least(0.9), "≥ 97 %", _at_least(0.97))]),
    Case("f", "balanced 10 weeks, then 12 weeks at 0.7", [(10, 0.5, EIGHT), (12, 0.7, EIGHT)],
         [Row("one-sided or leaning (Alex)", lambda r: one_sided_or_leaning(r, "Alex"),
              "≥ 65 %", _at_least(0.65), "≥ 85 %", _at_least(0.85))]),
    Case("g", "26 weeks at 0.7 (2–5)", [(26, 0.7, (2, 5))],
         [Row("one-sided", one_sided, "≥ 65 %", _at_least(0.65), "≥ 90 %", _at_least(0.9))]),
    Case("h", "52 weeks, p in 0.68–0.76 each week (2–5)", [(52, (0.68, 0.76), (2, 5))],
         [Row("one-sided", one_sided, "≥ 80 %", _at_least(0.8), "≥ 97 %", _at_least(0.97))]),
    Case("i", "balanced 10 weeks, then 8 weeks at 0.8 (2–4)", [(10, 0.5, (2, 4)), (8, 0.8, (2, 4))],
         [Row("one-sided or leaning (Alex)", lambda r: one_sided_or_leaning(r, "Alex"),
              "≥ 70 %", _at_least(0.7), "≥ 85 %", _at_least(0.85))]),
    Case("j", "52 weeks at 0.75 (1–2)", [(52, 0.75, (1, 2))], [
        Row("one-sided, of those with ≥ 12 recent events", one_sided, "≥ 60 %",
            _at_least(0.6), "≥ 90 %", _at_least(0.9),
            among=lambda r: _recent_events(r) >= 12),
        Row("one-sided, of those with < 12 recent events", one_sided, "never",
            _at_most(0.0), among=lambda r: _recent_events(r) < 12),
    ]),
    Case("k", "12 weeks at 0.8, then 10 balanced", [(12, 0.8, EIGHT), (10, 0.5, EIGHT)], [
        Row("one-sided", one_sided, "≤ 5 %", _at_most(0.05)),
        Row("improving", lambda r: bool(_codes(r, "improving")), "≥ 50 %", _at_least(0.5),
            "≥ 80 %", _at_least(0.8)),
    ]),
    Case("l", "26 weeks at 0.8, then 2 balanced", [(26, 0.8, EIGHT), (2, 0.5, EIGHT)],
         [Row("improving", lambda r: bool(_codes(r, "improving")), "≤ 5 %", _at_most(0.05))]),
    Case("m", "20 weeks at 0.8, then 10 at 0.2", [(20, 0.8, EIGHT), (10, 0.2, EIGHT)], [
        Row("one-sided naming Sam", lambda r: one_sided(r, "Sam"), "≥ 90 %", _at_least(0.9)),
        Row("tables_turned (Alex)", lambda r: _codes(r, "tables_turned") == ["Alex"], "≥ 85 %",
            _at_least(0.85)),
    ]),
    Case("n", "initiations: 20 weeks 80 % Alex, then 10 weeks 80 % Sam",
         [(20, 0.8, EIGHT), (10, 0.2, EIGHT)],
         [Row("initiation verdict naming Sam",
              lambda r: _codes(r, "one_sided_initiation") == ["Sam"], "≥ 85 %",
              _at_least(0.85))],
         kind="talk"),
]  # fmt: skip


def contradictions(report: Report) -> list[str]:
    """The verdict pairs issue 13 forbids, found in one report (empty when there are none)."""
    b = report.balance
    out = []
    cur = b.stretch
    leans = False
    if cur and cur.interval:
        low = max(iv.low for iv in cur.interval.values())
        leans = low > 0.5
        if b.verdict == "balanced" and cur.weeks >= 8 and low >= 0.6:
            out.append("balanced while the current stretch is one-sided")
    recent = b.weeks[-8:]
    n = sum(sum(w.given.values()) for w in recent)
    plain = {p: wilson(sum(w.given[p] for w in recent), n) for p in report.people} if n else {}
    signals = {s.code for s in report.signals}
    if "improving" in signals and any(iv.low >= 0.6 for iv in plain.values()):
        out.append("improving while the last 8 weeks are one-sided")
    if leans and signals & {"balanced", "improving"}:
        out.append("balanced or improving while the current stretch leans")
    if b.verdict == "one_sided" and b.carrier and plain and plain[b.carrier].high < 0.5:
        out.append("one-sided naming someone whose recent share is below half")
    return out


def measure(n: int) -> tuple[list[dict[str, Any]], int, list[str]]:
    """Every case on `n` ledgers: the rows' rates, the contradiction count and examples."""
    results: list[dict[str, Any]] = []
    contra, examples = 0, []
    for offset, case in enumerate(CASES):
        reports = [
            analyze(binomial_ledger(case.phases, 1000 * offset + seed, case.kind), as_of=END)
            for seed in range(n)
        ]
        for r in reports:
            found = contradictions(r)
            contra += len(found)
            examples += [f"{case.key}: {f}" for f in found[:1]]
        for row in case.rows:
            pool = [r for r in reports if row.among is None or row.among(r)]
            hits = sum(row.hit(r) for r in pool)
            rate = hits / len(pool) if pool else 0.0
            results.append(
                {
                    "case": f"{case.key}. {case.name}",
                    "measure": row.label,
                    "hits": hits,
                    "of": len(pool),
                    "rate": rate,
                    "must": row.must,
                    "aim": row.aim,
                    "meets_must": row.check(rate),
                    "meets_aim": row.aim_check(rate) if row.aim_check else None,
                }
            )
    return results, contra, examples


def table(results: list[dict[str, Any]], n: int, contra: int) -> Table:
    """The noise table as printed by `make bench`."""
    t = Table(title=f"Balance verdicts on simulated ledgers ({n} ledgers a case)")
    for col in ("case", "measure", "result", "must", "aim", "met"):
        t.add_column(col, justify="right" if col == "result" else "left")
    for r in results:
        met = "[green]must[/green]" if r["meets_must"] else "[red]MISS[/red]"
        if r["meets_aim"]:
            met += " [green]+ aim[/green]"
        t.add_row(
            r["case"],
            r["measure"],
            f"{r['hits']}/{r['of']} ({r['rate']:.1%})",
            r["must"],
            r["aim"],
            met,
        )
    style = "green" if contra == 0 else "red"
    t.caption = f"contradictions over all cases: [{style}]{contra}[/{style}] (must be 0)"
    return t


def report(n: int, console: Console) -> dict[str, Any]:
    """Measure, print the table, return it as JSON-ready data."""
    with console.status(f"noise table: {len(CASES)} cases × {n} ledgers"):
        results, contra, examples = measure(n)
    console.print(table(results, n, contra))
    for e in examples[:10]:
        console.print(f"[red]contradiction[/red] {e}")
    misses = [f"noise {r['case']}: {r['measure']} {r['rate']:.1%}, must {r['must']}"
              for r in results if not r["meets_must"]]  # fmt: skip
    if contra:
        misses.append(f"noise: {contra} contradictions, must be 0")
    return {"ledgers": n, "rows": results, "contradictions": contra, "misses": misses}


def main(n: int = 500) -> None:
    """Print the noise table for `n` ledgers a case."""
    report(n, Console(width=130))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
