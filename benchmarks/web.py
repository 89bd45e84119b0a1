"""The web table of `make bench` (issue 4): a relationship's report page, server time.

Targets: the report page of a relationship with ten years of daily events
(about 20,000) under 150 ms on SQLite; the same page for one user among 1,000
users with 10,000,000 events in all on PostgreSQL under 300 ms.

Each database is measured in its own child (`benchmarks.web_child`), since
Django's settings are per process; the data is made once by
`benchmarks.web_generate` in another child and kept: the SQLite file under
`bench-data/web/`, the PostgreSQL database `twoway_bench` (or the one
`TWOWAY_BENCH_DATABASE_URL` names) with a marker table. Either is made again
when the generator's version changes or the data is over a month old, because
the ledgers end on the day they were made and the report reads up to today.
No PostgreSQL server: its rows are skipped, with a note.

Two cases per database: "ledger read + analyze" (the view's core work, called
directly) and "report page" (the whole request through every middleware), so
the table shows what the page adds over the analysis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table

from benchmarks import web_generate as gen
from benchmarks.generate import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
WEB_DATA = DATA_DIR / "web"
PG_URL = os.environ.get(
    "TWOWAY_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/twoway_bench"
)
#: The test suite's and the site's databases: never dropped, whatever the URL says.
PROTECTED = frozenset({"twoway", "test_twoway", "postgres", "template0", "template1"})
MAX_AGE_DAYS = 30
TARGET_MS = {"SQLite": 150.0, "PostgreSQL": 300.0}
CASES = {"standin": "ledger read + analyze", "page": "report page"}
LAYOUTS = {gen.PERSON: "", gen.SCATTERED: ", rows spread"}
SPREAD_NOTE = (
    "rows spread: the same ledger as Sam's, its rows interleaved in time order with everyone "
    "else's, as if logged day by day (Sam's were imported at once, so they sit together)"
)


@dataclass
class WebRow:
    """One line of the web table: one case on one database for one relationship."""

    case: str
    database: str
    person: str
    relationship_events: int
    total_events: int
    runs: list[dict[str, float]] = field(default_factory=list)
    queries: int | None = None

    @property
    def label(self) -> str:
        """The case in words."""
        return CASES[self.case] + LAYOUTS.get(self.person, "")

    @property
    def target_ms(self) -> float:
        """The issue's target for this database."""
        return TARGET_MS[self.database]

    @property
    def best(self) -> float:
        """The fastest run, in ms."""
        return min(r["total"] for r in self.runs)

    @property
    def median(self) -> float:
        """The median run, in ms."""
        return self.part("total")

    def part(self, name: str) -> float:
        """The median time of one part of the runs, in ms: `total`, `read`, `analyze`,
        `context`, `render`, or `rest` (the total less the other four)."""
        named = ("read", "analyze", "context", "render")
        if name == "rest":
            times = sorted(r["total"] - sum(r.get(p, 0.0) for p in named) for r in self.runs)
        else:
            times = sorted(r.get(name, 0.0) for r in self.runs)
        return times[len(times) // 2]

    def ok(self) -> bool:
        """Whether the best run is under the target."""
        return self.best < self.target_ms

    def breakdown(self) -> str:
        """Where the median request's time goes."""
        parts = ["read", "analyze"]
        if self.case == "page":
            parts += ["context", "render"]
        words = [f"{p} {self.part(p):.0f} ms" for p in parts]
        if self.case == "page":
            words.append(
                f"the rest (middleware, session, queries, response) {self.part('rest'):.0f} ms"
            )
            missing = [p for p in parts if not self.runs[-1].get(f"{p}_calls")]
            if missing:
                words.append(f"(not called by the view: {', '.join(missing)})")
        return f"{self.label}, {self.database}, median: " + ", ".join(words)


def child_env(**settings: str) -> dict[str, str]:
    """This environment without twoway's settings, plus `settings` and a bench data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOWAY_")}
    env.pop("DATABASE_URL", None)
    env["TWOWAY_DATA_DIR"] = str(WEB_DATA / "site")
    return {**env, **settings}


def _run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _age(made: date) -> str:
    days = (date.today() - made).days
    return "today" if days == 0 else f"{days} days ago"


def ensure_sqlite(console: Console) -> tuple[Path, str]:
    """The SQLite store, made when missing or stale; and a line saying how long it took."""
    path = WEB_DATA / f"web-v{gen.VERSION}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        made = json.loads(meta.read_text(encoding="utf-8"))
        on = date.fromisoformat(made["generated_on"])
        if (date.today() - on).days <= MAX_AGE_DAYS:
            return path, f"SQLite data made {_age(on)} in {made['seconds']:.0f} s, reused"
    WEB_DATA.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.sqlite3")
    for old in (path, meta, tmp, *WEB_DATA.glob("web-v*.tmp.sqlite3-*")):
        old.unlink(missing_ok=True)
    with console.status("making the SQLite store (once)"):
        made = _run(["benchmarks.web_generate", "sqlite"], child_env(TWOWAY_DB=str(tmp)))
    tmp.replace(path)
    meta.write_text(json.dumps({**made, "generated_on": date.today().isoformat()}), "utf-8")
    return path, f"SQLite data made now in {made['seconds']:.0f} s"


def ensure_postgres(url: str, console: Console) -> tuple[bool, str]:
    """The PostgreSQL store, made when missing or stale; False (and why) without a server."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    if not name or name in PROTECTED:
        raise SystemExit(f"the bench database must be its own, not {name!r}: it may be dropped")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    except psycopg.OperationalError as exc:
        return False, f"PostgreSQL skipped: no server at {admin} ({str(exc).strip()[:120]})"
    if exists:
        with psycopg.connect(url) as conn:
            try:
                row = conn.execute(
                    f"SELECT version, generated_on, seconds FROM {gen.META_TABLE}"
                ).fetchone()
            except psycopg.errors.UndefinedTable:
                row = None
        if row and row[0] == gen.VERSION and (date.today() - row[1]).days <= MAX_AGE_DAYS:
            return True, f"PostgreSQL data made {_age(row[1])} in {row[2]:.0f} s, reused"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with console.status(f"making the PostgreSQL store of {gen.TOTAL_EVENTS:,} events (once)"):
        made = _run(["benchmarks.web_generate", "postgres"], child_env(DATABASE_URL=url))
    return True, f"PostgreSQL data made now in {made['seconds']:.0f} s"


def rows_of(database: str, result: dict[str, Any]) -> list[WebRow]:
    """The table's rows from what `benchmarks.web_child` printed."""
    rows = []
    for person, measured in result["people"].items():
        for case, runs in measured["runs"].items():
            rows.append(
                WebRow(
                    case,
                    database,
                    person,
                    measured["events"],
                    result["total_events"],
                    runs,
                    measured["queries"][case],
                )
            )
    return rows


def failures(database: str, result: dict[str, Any]) -> list[str]:
    """Why the page could not be measured, if it could not."""
    return [
        f"{database}, {person}: {measured['page_error']}"
        for person, measured in result["people"].items()
        if "page_error" in measured
    ]


def run_web(requests: int, console: Console) -> tuple[list[WebRow], list[str], bool]:
    """Measure every case; return the rows, notes on the data, and whether the view exists."""
    notes = []
    path, note = ensure_sqlite(console)
    notes.append(note)
    with console.status(f"SQLite: {requests} requests per case"):
        sqlite = _run(
            ["benchmarks.web_child", str(requests), gen.PERSON], child_env(TWOWAY_DB=str(path))
        )
    rows = rows_of("SQLite", sqlite)
    built = sqlite["view_built"]
    notes += failures("SQLite", sqlite)
    ready, note = ensure_postgres(PG_URL, console)
    notes.append(note)
    if ready:
        with console.status(f"PostgreSQL: {requests} requests per case"):
            pg = _run(
                ["benchmarks.web_child", str(requests), gen.PERSON, gen.SCATTERED],
                child_env(DATABASE_URL=PG_URL),
            )
        rows += rows_of("PostgreSQL", pg)
        notes += [*failures("PostgreSQL", pg), SPREAD_NOTE]
    return rows, notes, built


def table(rows: list[WebRow], built: bool, requests: int) -> Table:
    """The web results as a Rich table; a row says so while the page does not exist yet."""
    t = Table(
        title=f"twoway web: a relationship's report, server time (best and median of {requests})"
    )
    for col in (
        "case",
        "database",
        "events (rel. / total)",
        "best ms",
        "median ms",
        "cpu ms",
    ):
        t.add_column(col, justify="right" if "ms" in col or "events" in col else "left")
    for col in ("queries", "target", "ok"):
        t.add_column(col, justify="right" if col == "queries" else "left")
    databases = dict.fromkeys(r.database for r in rows)
    for database in databases:
        for person in dict.fromkeys(r.person for r in rows if r.database == database):
            for case in CASES:
                found = [
                    r for r in rows if (r.database, r.person, r.case) == (database, person, case)
                ]
                if not found:
                    label = CASES[case] + LAYOUTS.get(person, "")
                    why = "[red]page failed (below)" if built else "[yellow](view not built yet)"
                    t.add_row(label, database, "", "", "", "", "", "", why)
                    continue
                r = found[0]
                t.add_row(
                    r.label,
                    database,
                    f"{r.relationship_events:,} / {r.total_events:,}",
                    f"{r.best:.1f}",
                    f"{r.median:.1f}",
                    f"{min(x.get('cpu', 0.0) for x in r.runs):.1f}",
                    str(r.queries),
                    f"< {r.target_ms:g} ms",
                    "[green]pass" if r.ok() else "[red]MISS",
                )
    return t


def misses(rows: list[WebRow]) -> list[str]:
    """The rows over their target, in words."""
    return [
        f"{r.label}, {r.database}: {r.best:.0f} ms, target under {r.target_ms:g} ms"
        for r in rows
        if not r.ok()
    ]


def as_json(rows: list[WebRow], notes: list[str], built: bool) -> dict[str, Any]:
    """The web table, every run included, for `bench-data/results.json`."""
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "view_built": built,
        "notes": notes,
        "rows": [
            {
                "case": r.label,
                "database": r.database,
                "relationship_events": r.relationship_events,
                "total_events": r.total_events,
                "best_ms": r.best,
                "median_ms": r.median,
                "queries": r.queries,
                "target_ms": r.target_ms,
                "ok": r.ok(),
                "runs": r.runs,
            }
            for r in rows
        ],
    }


def report(requests: int, console: Console) -> tuple[dict[str, Any], list[str]]:
    """Measure, print the table and where the time goes; return the JSON and the misses."""
    rows, notes, built = run_web(requests, console)
    console.print(table(rows, built, requests))
    for r in rows:
        if r.database == "SQLite" or r.case == "page":
            console.print(f"  {r.breakdown()}")
    for note in notes:
        console.print(f"  [dim]{note}")
    if not built:
        console.print("  [yellow]the report page (URL name `report`) is not built yet")
    return as_json(rows, notes, built), misses(rows)
