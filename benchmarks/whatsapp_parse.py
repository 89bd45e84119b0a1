"""Time twoway's WhatsApp reader on a generated export, each run in a fresh interpreter.

    python -m benchmarks.whatsapp_parse                # 1,000,000 messages, 5 runs
    python -m benchmarks.whatsapp_parse 10000 --runs 3

Each run prints nothing but its JSON (`seconds` for `read()` alone, the file read
from disk beforehand; `cpu_seconds` of all threads; `peak_mb`, the process's peak
resident memory, interpreter and imports included). The summary gives the best
and median time and the worst peak, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.chat_generate import cached_whatsapp

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM; ru_maxrss survives exec)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_once(path: str) -> dict[str, Any]:
    """Read the export once, in this process, and describe it."""
    from twoway.chats import whatsapp
    from twoway.chats.messages import ReadOptions

    data = Path(path).read_bytes()
    wall, cpu = time.perf_counter(), time.process_time()
    chat = whatsapp.read(data, path, ReadOptions())
    return {
        "seconds": time.perf_counter() - wall,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": _peak_mb(),
        "messages": chat.messages.height,
        "system": chat.system,
        "skipped": len(chat.skipped),
    }


def measure(path: Path, runs: int = 5) -> dict[str, Any]:
    """`runs` fresh-process timings of `read()` on `path`, summarised."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.whatsapp_parse", "--child", str(path)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout))
    times = sorted(r["seconds"] for r in results)
    return {
        "file": str(path),
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "messages": results[0]["messages"],
        "best_s": round(times[0], 3),
        "median_s": round(times[len(times) // 2], 3),
        "best_cpu_s": round(min(r["cpu_seconds"] for r in results), 3),
        "peak_mb": round(max(r["peak_mb"] for r in results), 1),
        "runs": runs,
    }


def main(argv: list[str]) -> int:
    """Generate (or find) the export, time the reader on it, print the summary as JSON."""
    parser = argparse.ArgumentParser(description="Time the WhatsApp reader.")
    parser.add_argument("messages", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_once(args.child)))
        return 0
    print(json.dumps(measure(cached_whatsapp(args.messages), args.runs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
