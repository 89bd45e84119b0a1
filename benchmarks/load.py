"""The load table (issue 16): writers through the API against a real `twoway serve`.

For each database (SQLite, PostgreSQL) a fresh store gets two accounts with two
relationships of ~20,000 events each (`benchmarks.load_setup`); `twoway serve`
runs on loopback as a person would run it; then a bounded load client (16
threads, one HTTP connection each, no think time) sends `POST
/api/people/{id}/events`:

1. **writes**: 16 writers for `--load-seconds` (default 15);
2. **writes during an import**: the same 16 writers while `twoway import` adds a
   ~200,000-row ledger to a third relationship of the same store, until it ends.

Every answer is counted: 2xx is a write, anything else an error (a 503 is an
error here too, though a well-behaved client would retry it). Afterwards each
relationship's event count must be its first count plus the writes answered
201: nothing lost, nothing twice. Targets on SQLite: ≥ 100 writes/s and p99 ≤
500 ms in (1); 0 errors and 0 lost in both.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generate import DATA_DIR

WRITERS = 16
IMPORT_ROWS = 200_000
PG_URL = os.environ.get(
    "TWOWAY_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/twoway_load_bench"
)
TARGET_RATE = 100.0
TARGET_P99_MS = 500.0


@dataclass
class Phase:
    """What the writers saw in one phase."""

    name: str
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    written: dict[int, int] = field(default_factory=dict)  # person id -> writes answered 201
    #: The server process's CPU seconds (user + system) during the phase: load-independent,
    #: unlike the rate, so two runs on a shared machine can be compared.
    server_cpu: float = 0.0
    #: The machine's 1-minute load average when the phase ended.
    load_average: float = 0.0

    @property
    def writes(self) -> int:
        return sum(self.written.values())

    def p(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system, its threads included), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")  # not Linux: the column shows nan
    # utime and stime are the 14th and 15th fields; fields[0] is the 3rd (after "pid (comm)").
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _writer(
    port: int, target: dict[str, Any], n: int, stop: threading.Event, phase: Phase, lock: Any
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {target['token']}", "Content-Type": "application/json"}
    i = 0
    while not stop.is_set():
        i += 1
        body = json.dumps(
            {"at": "2024-03-01T12:00:00", "by": "me", "kind": "talk", "note": f"w{n} #{i}"}
        )
        start = time.perf_counter()
        try:
            conn.request("POST", f"/api/people/{target['person']}/events", body, headers)
            response = conn.getresponse()
            response.read()
            status = str(response.status)
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        ms = (time.perf_counter() - start) * 1000
        with lock:
            if status == "201":
                phase.latencies_ms.append(ms)
                phase.written[target["person"]] = phase.written.get(target["person"], 0) + 1
            else:
                phase.errors[status] = phase.errors.get(status, 0) + 1
    conn.close()


def _load(port: int, targets: list[dict[str, Any]], phase: Phase, until: Any, server: int) -> None:
    """Run the writers until `until()` says stop; fills `phase` (`server`: its pid)."""
    cpu = cpu_seconds(server)
    stop, lock = threading.Event(), threading.Lock()
    threads = [
        threading.Thread(
            target=_writer, args=(port, targets[n % len(targets)], n, stop, phase, lock)
        )
        for n in range(WRITERS)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    while not until():
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - start
    phase.server_cpu = cpu_seconds(server) - cpu
    phase.load_average = os.getloadavg()[0]


def _counts(port: int, targets: list[dict[str, Any]]) -> dict[int, int]:
    counts = {}
    for target in targets:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "GET",
            f"/api/people/{target['person']}",
            headers={"Authorization": f"Bearer {target['token']}"},
        )
        counts[target["person"]] = json.loads(conn.getresponse().read())["events"]
        conn.close()
    return counts


def _env(database: str, work: Path) -> tuple[dict[str, str], list[str]]:
    env = {k: v for k, v in os.environ.items() if k not in ("TWOWAY_DB", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "twoway.web.settings"
    if database == "sqlite":
        env["TWOWAY_DB"] = str(work / "store.sqlite3")
        return env, ["--db", env["TWOWAY_DB"]]
    env["DATABASE_URL"] = PG_URL
    return env, []


def _fresh_postgres() -> None:
    import psycopg

    base, _, name = PG_URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(database: str, seconds: float, console: Console) -> dict[str, Any]:
    """One database's two phases; returns the measured rows."""
    work = DATA_DIR / "load" / database
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if database == "postgres":
        _fresh_postgres()
    env, db_args = _env(database, work)
    console.print(f"load ({database}): making two accounts with 2 x 20k-event relationships …")
    py = sys.executable
    subprocess.run(
        [py, "-m", "benchmarks.load_setup", str(work / "targets.json")], env=env, check=True
    )
    big = work / "import.csv"
    subprocess.run(
        [py, "-m", "benchmarks.load_setup", "--import-file", str(big), str(IMPORT_ROWS)],
        env=env,
        check=True,
    )
    targets = json.loads((work / "targets.json").read_text())
    port = _free_port()
    log = (work / "serve.log").open("wb")
    server = subprocess.Popen(
        [py, "-m", "twoway", "serve", "--port", str(port), "--no-worker", *db_args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                first = _counts(port, targets)
                break
            except OSError as exc:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(
                        f"twoway serve did not start; see {work / 'serve.log'}"
                    ) from exc
                time.sleep(0.2)
        writes = Phase("writes")
        end = time.monotonic() + seconds
        _load(port, targets, writes, lambda: time.monotonic() >= end, server.pid)
        console.print(f"load ({database}): writes while a {IMPORT_ROWS:,}-row import runs …")
        importer = subprocess.Popen(
            [
                *(py, "-m", "twoway", "import", str(big), "--person", "Jordan", "--me", "Alex"),
                *("--new", "--account", "load-a", *db_args),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        during = Phase("writes during import")
        began = time.monotonic()
        _load(
            port,
            targets,
            during,
            lambda: importer.poll() is not None or time.monotonic() - began > 600,
            server.pid,
        )
        out, err = importer.communicate()
        import_seconds = time.monotonic() - began
        last = _counts(port, targets)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    lost = sum(
        first[p] + writes.written.get(p, 0) + during.written.get(p, 0) - last[p] for p in first
    )
    rows = []
    for phase in (writes, during):
        rows.append(
            {
                "database": database,
                "phase": phase.name,
                "seconds": round(phase.seconds, 1),
                "writes": phase.writes,
                "errors": dict(phase.errors),
                "rate": round(phase.writes / phase.seconds, 1) if phase.seconds else 0.0,
                "p50_ms": round(phase.p(0.5), 1),
                "p99_ms": round(phase.p(0.99), 1),
                "mean_ms": round(statistics.fmean(phase.latencies_ms), 1)
                if phase.latencies_ms
                else None,
                # Server CPU per write: during the import, the import's own process is apart.
                "cpu_ms_per_write": round(1000 * phase.server_cpu / phase.writes, 2)
                if phase.writes
                else None,
                "load_average": round(phase.load_average, 1),
            }
        )
    return {
        "rows": rows,
        "lost": lost,
        "import": {
            "rows": IMPORT_ROWS,
            "seconds": round(import_seconds, 1),
            "exit": importer.returncode,
            "said": (out + err).decode(errors="replace").strip()[-300:],
        },
    }


def report(
    seconds: float, console: Console, databases: tuple[str, ...] = ("sqlite", "postgres")
) -> tuple[dict[str, Any], list[str]]:
    """Measure every database, print the table; returns the JSON and the missed targets."""
    results = {db: run(db, seconds, console) for db in databases}
    table = Table(
        title=f"twoway under load: {WRITERS} API writers on a real `twoway serve` (loopback), "
        f"relationships of ~20k events; targets on SQLite: ≥ {TARGET_RATE:.0f} writes/s, "
        f"p99 ≤ {TARGET_P99_MS:.0f} ms, 0 errors, 0 lost"
    )
    for column in (
        "database",
        "phase",
        "s",
        "writes",
        "writes/s",
        "p50 ms",
        "p99 ms",
        "server CPU ms/write",
        "load avg",
        "errors",
        "lost",
        "import",
    ):
        table.add_column(
            column,
            justify="left" if column in ("database", "phase", "errors", "import") else "right",
        )
    misses = []
    for db, result in results.items():
        imp = result["import"]
        for row in result["rows"]:
            errors = sum(row["errors"].values())
            during = row["phase"] != "writes"
            table.add_row(
                db,
                row["phase"],
                f"{row['seconds']:.1f}",
                str(row["writes"]),
                f"{row['rate']:.1f}",
                f"{row['p50_ms']:.0f}",
                f"{row['p99_ms']:.0f}",
                f"{row['cpu_ms_per_write']}",
                f"{row['load_average']:.1f}",
                ", ".join(f"{k}×{v}" for k, v in row["errors"].items()) or "0",
                str(result["lost"]),
                f"{imp['rows']:,} rows in {imp['seconds']:.0f} s (exit {imp['exit']})"
                if during
                else "",
            )
            if errors:
                misses.append(f"load {db} {row['phase']}: {errors} errors {row['errors']}")
            if db == "sqlite" and not during:
                if row["rate"] < TARGET_RATE:
                    misses.append(f"load sqlite writes: {row['rate']} writes/s < {TARGET_RATE}")
                if row["p99_ms"] > TARGET_P99_MS:
                    misses.append(f"load sqlite writes: p99 {row['p99_ms']} ms > {TARGET_P99_MS}")
        if result["lost"]:
            misses.append(f"load {db}: {result['lost']} writes lost")
        if imp["exit"] != 0:
            misses.append(f"load {db}: the import failed: {imp['said']}")
    console.print(table)
    return results, misses
