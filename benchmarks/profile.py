"""Profile twoway's load and analysis on a generated ledger, with pyinstrument.

pyinstrument is not a dependency of twoway; install it into the venv first:

    .venv/bin/python -m pip install pyinstrument
    .venv/bin/python -m benchmarks.profile 1000000       # text tree on stdout
    .venv/bin/python -m benchmarks.profile 10000 --repeat 20

Polars work shows up under the Python call that started it (`with_columns`,
`join`, ...), which is the level at which twoway's code can change it.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks import generate


def main(argv: list[str] | None = None) -> int:
    """Profile `repeat` rounds of load + analyze on a ledger of `n` events."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("n", type=int, nargs="?", default=1_000_000, help="events")
    parser.add_argument("--repeat", type=int, default=1, help="rounds in one process")
    parser.add_argument("--interval", type=float, default=0.001, help="sampling interval (s)")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is not installed: .venv/bin/python -m pip install pyinstrument")
        return 1
    import twoway  # imports are timed in the bench table, not here

    path = generate.ensure(args.n)
    profiler = Profiler(interval=args.interval)
    with profiler:
        for _ in range(args.repeat):
            twoway.analyze(twoway.load_ledger(path))
    print(profiler.output_text(color=sys.stdout.isatty(), show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
