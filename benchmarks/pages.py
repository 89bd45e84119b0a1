"""The page table of `make bench` (issue 18): every page's weight and server time at demo size.

Targets, on SQLite: no page over 60 KB of HTML, and no page over 150 ms median server time.

A fresh SQLite store under `bench-data/pages/` gets the demo account of `twoway serve
--demo` ending today (`benchmarks.pages_demo`); a child process (`benchmarks.pages_child`)
then GETs every route of the URL configuration as the demo's owner, whole requests through
every middleware. The table gives each page's bytes, its median and best wall time, its
median CPU time (on a shared machine the CPU time shows what the page itself costs while
others hold the cores) and the queries of one request. The load average is printed with
it: a busy machine inflates the wall times. The HTML targets apply to `text/html` answers;
the API's JSON (asked with an API token) is listed beside them without a target, and a
route that answers a signed-in GET with a redirect or "POST only" is listed as such.
"""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.generate import DATA_DIR
from benchmarks.web import _run, child_env

PAGES_DATA = DATA_DIR / "pages"
MAX_HTML_BYTES = 60 * 1024
MAX_MEDIAN_MS = 150.0


#: What a route that is not a page for a signed-in GET answers, in words.
NOT_PAGES = {302: "redirect", 405: "POST only", 404: "not found"}


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def run(requests: int, console: Console) -> dict[str, Any]:
    """Make the store afresh, measure in a child, return its JSON with the load around it."""
    PAGES_DATA.mkdir(parents=True, exist_ok=True)
    path: Path = PAGES_DATA / "pages.sqlite3"
    for old in PAGES_DATA.glob("pages.sqlite3*"):
        old.unlink()
    before = _load()
    with console.status("making the demo account and walking every page"):
        found = _run(
            ["benchmarks.pages_child", str(requests)],
            child_env(TWOWAY_DB=str(path), TWOWAY_DATA_DIR=str(PAGES_DATA / "site")),
        )
    return {**found, "load_before": before, "load_after": _load(), "requests": requests}


def misses(found: dict[str, Any]) -> list[str]:
    """Each page over a target, in words."""
    out = []
    for path, p in found["pages"].items():
        if p["status"] != 200 or p["type"] != "text/html":
            continue
        if p["bytes"] > MAX_HTML_BYTES:
            out.append(f"page {path}: {p['bytes'] / 1024:.0f} KB of HTML (target ≤ 60 KB)")
        median = statistics.median(p["ms"])
        if median > MAX_MEDIAN_MS:
            out.append(f"page {path}: {median:.0f} ms median (target ≤ 150 ms)")
    return out


def table(found: dict[str, Any]) -> Table:
    """One row per page."""
    t = Table(
        title=(
            f"every page at demo size, SQLite ({found['events']:,} events stored; "
            f"{found['requests']} requests each; load {found['load_before']} before, "
            f"{found['load_after']} after)"
        )
    )
    for col in ("route", "path", "type", "KB", "median ms", "best ms", "CPU ms", "queries", "ok"):
        t.add_column(
            col,
            justify="right"
            if col in {"KB", "median ms", "best ms", "CPU ms", "queries"}
            else "left",
        )
    for path, p in found["pages"].items():
        html = p["type"] == "text/html"
        if p["status"] != 200:
            answer = NOT_PAGES.get(p["status"], str(p["status"]))
            t.add_row(p["name"], path, answer, "", "", "", "", str(p["queries"]), "")
            continue
        median = statistics.median(p["ms"])
        ok = not html or (p["bytes"] <= MAX_HTML_BYTES and median <= MAX_MEDIAN_MS)
        t.add_row(
            p["name"],
            path,
            p["type"].split("/")[-1],
            f"{p['bytes'] / 1024:.1f}",
            f"{median:.0f}",
            f"{min(p['ms']):.0f}",
            f"{statistics.median(p['cpu']):.0f}",
            str(p["queries"]),
            ("pass" if ok else "[red]MISS") if html else "",
        )
    return t


def report(requests: int, console: Console) -> tuple[dict[str, Any], list[str]]:
    """Measure, print the table, write `bench-data/pages.json`; return the JSON and the misses."""
    found = run(requests, console)
    console.print(table(found))
    (DATA_DIR / "pages.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
    return found, misses(found)
