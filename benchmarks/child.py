"""One measurement, run in a fresh interpreter so its peak memory is its own.

`python -m benchmarks.child CASE PATH` prints one JSON object on stdout:
`seconds` (the measured work only, imports excluded), `peak_mb` (the process's
peak resident memory, interpreter and imports included), `import_seconds`, and
for the counting cases the per-person counts the parent compares.

Cases: `import` (import twoway and polars, nothing else), `load` (read and
validate the ledger), `twoway` (load and full analysis), `baseline` (the plain
Python counts of `benchmarks.baseline`), `store` (PATH is a SQLite store: read
Sam's ledger from it and analyse it, as `twoway report Sam` does).

Chat cases (PATH is a WhatsApp export): `chat` (`twoway analyze FILE --json
--moments rules`, the command itself, run in this process), `chat-off` (the same
with `--moments off`, to price the moments), `chat-model` (with `--moments auto`:
the model layer when it is installed), `chat-parse` (read only),
`whatstk-auto` (whatstk parses it into its DataFrame, detecting the format) and
`whatstk-format` (whatstk, told the format). The three command cases end as the
`twoway` console script does (exit handlers run, no interpreter teardown); the
others, as a user's Python script would, with the usual teardown.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import sys
import time
from typing import Any

#: The cases that run the `twoway analyze` command, and so end as it does.
COMMAND_CASES = ("chat", "chat-off", "chat-model")
CASES = (
    "import",
    "load",
    "twoway",
    "baseline",
    "store",
    "chat",
    "chat-off",
    "chat-model",
    "chat-parse",
    "whatstk-auto",
    "whatstk-format",
)
#: The layout `benchmarks.chat_generate` writes, in whatstk's notation.
WHATSTK_HFORMAT = "%d/%m/%Y, %H:%M - %name:"


def _peak_mb() -> float:
    """Peak resident set size of this process in MB.

    On Linux `ru_maxrss` survives `exec`: a child forked from a big parent starts
    with the parent's peak. `VmHWM` in /proc/self/status belongs to the new
    program's own memory, so it is read first; `ru_maxrss` (KiB) is the fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(case: str, path: str) -> dict[str, Any]:
    """Do one case once and describe it."""
    t0 = time.perf_counter()
    if case == "baseline":
        from benchmarks import baseline

        imported = time.perf_counter()
        counts = baseline.count(path)
        seconds = time.perf_counter() - imported
        return _result(seconds, imported - t0, counts=baseline.flat(counts))

    if case.startswith("whatstk"):
        return _whatstk(path, case == "whatstk-auto", t0)
    if case.startswith("chat"):
        layers = {"chat": "rules", "chat-off": "off", "chat-model": "auto", "chat-parse": ""}
        return _chat(path, t0, layers[case])

    import polars  # noqa: F401  (imported first so the import time is all counted)

    import twoway
    from benchmarks import baseline

    imported = time.perf_counter()
    if case == "import":
        return _result(0.0, imported - t0)
    if case == "store":
        from twoway.web.ledger import store
        from twoway.web.ledger.acting import acting_account

        store.open_store(path)  # Django set-up and migrations: not what is measured
        owner = acting_account(None, create=False).user
        opened = time.perf_counter()
        report = twoway.analyze(store.ledger_for("Sam", owner))
        return _result(time.perf_counter() - opened, opened - t0, events=report.events)
    ledger = twoway.load_ledger(path)
    if case == "load":
        return _result(time.perf_counter() - imported, imported - t0, events=len(ledger))
    try:
        report = twoway.analyze(ledger)
    except NotImplementedError:
        return _result(time.perf_counter() - imported, imported - t0, analysis=False)
    seconds = time.perf_counter() - imported
    counts = {
        cut: {name: plain(side) for name, side in sides.items()}
        for cut, sides in report.counts.items()
    }
    return _result(seconds, imported - t0, events=report.events, counts=baseline.flat(counts))


def _whatstk(path: str, detect: bool, t0: float) -> dict[str, Any]:
    """whatstk's parse into its pandas DataFrame (its own size limit lifted)."""
    from whatstk import WhatsAppChat

    imported = time.perf_counter()
    if detect:
        chat = WhatsAppChat.from_source(path, max_size=None)
    else:
        chat = WhatsAppChat.from_source(
            path, auto_header=False, hformat=WHATSTK_HFORMAT, max_size=None
        )
    seconds = time.perf_counter() - imported
    return _result(seconds, imported - t0, events=len(chat.df))


def _chat(path: str, t0: float, layer: str) -> dict[str, Any]:
    """twoway on a chat export: read only (no `layer`), or the very command `twoway
    analyze FILE --json --moments LAYER` (in this process, its JSON written to a
    temporary file)."""
    import polars  # noqa: F401  (imported first so the import time is all counted)

    if not layer:
        from twoway.chats import read_chat

        imported = time.perf_counter()
        with open(path, "rb") as f:
            data = f.read()
        chat = read_chat(data, path)
        return _result(time.perf_counter() - imported, imported - t0, events=chat.messages.height)

    import io
    import tempfile

    import orjson

    from twoway.cli import run

    imported = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        stdout, sys.stdout = sys.stdout, io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        try:
            code = run(["analyze", path, "--json", "--moments", layer])
            sys.stdout.flush()
        finally:
            sys.stdout.detach()
            sys.stdout = stdout
        seconds = time.perf_counter() - imported
        if code != 0:
            raise SystemExit(f"twoway analyze {path} --json ended with exit code {code}")
        size = out.tell()
        out.seek(0)
        doc = orjson.loads(out.read())  # a tenth of json's time, not the command's
    return _result(
        seconds,
        imported - t0,
        events=doc["messages"],
        json_bytes=size,
        layer=doc["moments_read"]["layer"],
    )


def plain(side: Any) -> dict[str, Any]:
    """A `SideCounts` as the nested dict the baseline builds."""
    return {k: getattr(side, k) for k in side.__dataclass_fields__}


def _result(seconds: float, import_seconds: float, **extra: Any) -> dict[str, Any]:
    return {
        "seconds": seconds,
        "import_seconds": import_seconds,
        "peak_mb": _peak_mb(),
        "analysis": True,
        **extra,
    }


def main(argv: list[str]) -> int:
    """Run the case named on the command line and print its JSON."""
    case, path = argv
    if case not in CASES:
        raise SystemExit(f"unknown case {case!r}; expected one of {', '.join(CASES)}")
    if case in COMMAND_CASES:
        from twoway.cli import quiet_allocator

        quiet_allocator(os.environ)  # as the console script does (`twoway.cli.main`)
    print(json.dumps(run(case, path)), flush=True)
    if case in COMMAND_CASES:
        # leave as the console script does (`twoway.cli.main`): exit handlers, no teardown
        atexit._run_exitfuncs()
        os._exit(0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
