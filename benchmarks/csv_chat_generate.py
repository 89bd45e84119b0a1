"""A seeded generator of plain CSV chats (`timestamp,sender,text`) and a timer for their reader.

The file is what `csv.writer` makes of a chat (CRLF line ends, fields quoted only
when they must be) with what real exports have: an extra `id` column and a
`channel` after the text, mostly ISO times without offset, some with `Z` or an
offset, some epoch seconds and milliseconds, about 10% multi-line messages,
texts with commas and "quotes", a few empty texts, and now and then a blank
line or a bad row (an unreadable time, no sender, too few fields). The same
arguments always give the same bytes. Files are cached under `bench-data/`.

    python -m benchmarks.csv_chat_generate 1000000            # write it, print the path
    python -m benchmarks.csv_chat_generate 1000000 --time     # and time the reader
    python -m benchmarks.csv_chat_generate 200000 --time --slow  # the row-by-row reader
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from benchmarks.chat_generate import NAMES, PLANS, SHORT, WORDS
from benchmarks.generate import DATA_DIR

#: Bumped whenever the generator's output changes, so stale cached files are not reused.
VERSION: Final = 1
START: Final = datetime(2019, 3, 1, 8, 0)
EPOCH: Final = datetime(1970, 1, 1)


def path_for(messages: int, seed: int = 1) -> Path:
    """Where the CSV chat of `messages` rows with `seed` is cached."""
    return DATA_DIR / f"csvchat-{messages}-s{seed}-v{VERSION}.csv"


def csv_chat(messages: int, seed: int = 1) -> bytes:
    """The bytes of a CSV chat with `messages` data rows (a few of them bad)."""
    rng = random.Random(seed)
    rand, choice = rng.random, rng.choice
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "timestamp", "sender", "text", "channel"])
    at = START
    names = NAMES[:3]
    for i in range(messages):
        at += timedelta(seconds=int(rng.expovariate(1 / 90.0)) + 1)
        roll = rand()
        if roll < 0.80:
            stamp = at.strftime("%Y-%m-%d %H:%M:%S")
        elif roll < 0.88:
            stamp = at.strftime("%Y-%m-%dT%H:%M:%S") + choice(("Z", "+01:00", "-05:00"))
        elif roll < 0.96:
            stamp = str(int((at - EPOCH).total_seconds()))
        else:
            stamp = str(int((at - EPOCH).total_seconds()) * 1000 + int(rand() * 1000))
        roll = rand()
        if roll < 0.02:
            text = ""
        elif roll < 0.05:
            text = choice(PLANS)
        elif roll < 0.45:
            text = choice(SHORT)
        else:
            start = int(rand() * (len(WORDS) - 12))
            text = " ".join(WORDS[start : start + 2 + int(rand() * 10)])
        if rand() < 0.05:
            text += ", " + choice(SHORT)
        if rand() < 0.02:
            text = f'she said "{text}"'
        if rand() < 0.1:
            text += "\n" + choice(SHORT)
        row = [str(i + 1), stamp, choice(names), text, "sms"]
        bad = rand()
        if bad < 0.001:
            row[1] = "yesterday"
        elif bad < 0.002:
            row[2] = " "
        elif bad < 0.003:
            row = row[:2]
        writer.writerow(row)
        if rand() < 0.002:
            out.write("\r\n")
    return out.getvalue().encode("utf-8")


def cached_csv_chat(messages: int, seed: int = 1) -> Path:
    """The cached CSV chat of `messages` rows, generated first if it is not there yet."""
    path = path_for(messages, seed)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(csv_chat(messages, seed))
        tmp.replace(path)
    return path


def time_read(path: Path, runs: int = 3, slow: bool = False) -> list[float]:
    """Seconds of `csv_chat.read` on the file (read from disk beforehand), each run."""
    from twoway.chats import csv_chat as reader
    from twoway.chats.messages import ReadOptions

    data = path.read_bytes()
    read = reader.read_rows if slow else reader.read
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        chat = read(data, path.name, ReadOptions(tz="Europe/Berlin"))
        times.append(time.perf_counter() - began)
    print(f"{chat.messages.height:,} messages, {len(chat.skipped):,} skipped")
    return times


def main(argv: list[str]) -> int:
    """Generate (or find) a CSV chat and print its path; with --time, also time the reader."""
    parser = argparse.ArgumentParser(description="Generate (or find) a CSV chat benchmark file.")
    parser.add_argument("messages", nargs="?", type=int, default=1_000_000, help="how many rows")
    parser.add_argument("--seed", type=int, default=1, help="the random seed")
    parser.add_argument("--time", action="store_true", help="time twoway's CSV reader on it")
    parser.add_argument("--slow", action="store_true", help="time the row-by-row reader instead")
    parser.add_argument("--runs", type=int, default=3, help="how many timed runs")
    args = parser.parse_args(argv)
    path = cached_csv_chat(args.messages, args.seed)
    print(path)
    if args.time:
        times = time_read(path, args.runs, args.slow)
        print("seconds: " + ", ".join(f"{t:.3f}" for t in times) + f" (best {min(times):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
