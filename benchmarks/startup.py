"""The start-up table of `make bench` (issue 15): how long a quick command makes you wait.

Each command runs in a fresh process, as a person runs it, and its CPU time
(user + system, of the process and its children) is measured; the baseline,
`python -c "import rich.console"`, runs interleaved with them in the same run
on the same machine, so the ratio holds however busy the machine is. The
median of `repeat` runs is kept. Targets: `--help` and `--version` within 2×
the baseline, `log`, `people` and `list` within 5×.

The store is a SQLite file in a temporary data directory, made (with one
account and one person) before the timed runs. Each command runs once before
the timed runs, with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), so
the modules are timed as an installed twoway loads them, not compiled anew.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

BASELINE = "import rich.console"
#: Not passed on: this run's database, and a setting that stops bytecode caching.
_LEFT_OUT = {"DATABASE_URL", "TWOWAY_DB", "PYTHONDONTWRITEBYTECODE"}
#: (label, arguments after `twoway`, target ratio or None).
CASES: list[tuple[str, list[str], float | None]] = [
    ("twoway --help", ["--help"], 2.0),
    ("twoway --version", ["--version"], 2.0),
    ("twoway log", ["log", "talk", "--to", "Sam", "a walk"], 5.0),
    ("twoway people", ["people"], 5.0),
    ("twoway list", ["list"], 5.0),
    ("twoway report Sam", ["report", "Sam"], None),
]


def _twoway() -> list[str]:
    """The installed `twoway` script next to this Python, else `python -m twoway`."""
    script = Path(sys.executable).with_name("twoway")
    return [str(script)] if script.exists() else [sys.executable, "-m", "twoway"]


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """CPU time (user + system) of one run of `command`; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(repeat: int) -> dict[str, Any]:
    """Median CPU seconds of the baseline and each case, interleaved."""
    folder = Path(tempfile.mkdtemp(prefix="twoway-startup-"))
    try:
        env = {
            **{k: v for k, v in os.environ.items() if k not in _LEFT_OUT},
            "TWOWAY_DATA_DIR": str(folder),
            "TWOWAY_ACCOUNT": "bench",
        }
        twoway = _twoway()
        cpu_seconds([*twoway, "log", "talk", "--to", "Sam", "the first entry"], env)
        runs: dict[str, list[float]] = {"baseline": [], **{label: [] for label, _, _ in CASES}}
        for _, args, _ in CASES:  # warm-up: caches the bytecode, as an installed copy has it
            cpu_seconds([*twoway, *args], env)
        for _ in range(repeat):
            runs["baseline"].append(cpu_seconds([sys.executable, "-c", BASELINE], env))
            for label, args, _ in CASES:
                runs[label].append(cpu_seconds([*twoway, *args], env))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {label: statistics.median(times) for label, times in runs.items()}


def report(repeat: int, console: Console) -> tuple[dict[str, Any], list[str]]:
    """Measure, print the table, return it as JSON-ready data and the missed targets."""
    with console.status(f"Start-up: {repeat} runs of each command, interleaved"):
        medians = measure(repeat)
    base = medians["baseline"]
    t = Table(
        title=f"twoway start-up: CPU time of a fresh process (median of {repeat}), "
        f'against python -c "{BASELINE}" in the same run'
    )
    for column in ("command", "CPU ms", "× baseline", "target", ""):
        t.add_column(column, justify="left" if column in ("command", "") else "right")
    t.add_row("baseline: " + BASELINE, f"{base * 1000:.0f}", "1.0×", "", "")
    misses = []
    for label, _, target in CASES:
        ratio = medians[label] / base
        met = target is None or ratio <= target
        if not met:
            misses.append(f"{label}: {ratio:.1f}× the baseline (target {target:.0f}×)")
        t.add_row(
            label,
            f"{medians[label] * 1000:.0f}",
            f"{ratio:.1f}×",
            "" if target is None else f"≤ {target:.0f}×",
            "" if target is None else ("[green]met[/]" if met else "[red]missed[/]"),
        )
    console.print(t)
    doc = {
        "baseline_ms": base * 1000,
        "ms": {label: medians[label] * 1000 for label, _, _ in CASES},
        "ratio": {label: medians[label] / base for label, _, _ in CASES},
    }
    return doc, misses
