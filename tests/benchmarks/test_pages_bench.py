"""The page table's walk and its targets work, at demo size (speed is `make bench`'s job)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from rich.console import Console

from benchmarks import pages, pages_child, pages_demo


@pytest.mark.sqlite_only(
    "the page table runs on SQLite, whose targets it checks; its WSGI requests close the "
    "connection, as a server does, which ends a test's transaction on PostgreSQL (the same "
    "pages' queries are bounded on both by tests/web/test_page_queries.py)"
)
def test_the_walk_reaches_every_page_and_weighs_it(db: None) -> None:
    demo = pages_demo.make(date(2025, 6, 1))
    walked = dict(pages_demo.paths(demo.slots))
    assert {"report", "rituals", "gratitude", "together", "gap", "journal"} <= set(walked)
    get = pages_child.getter(demo.user, demo.api_token)
    rituals = get(walked["rituals"])
    assert (rituals["status"], rituals["type"]) == (200, "text/html")
    assert 0 < rituals["bytes"] <= pages.MAX_HTML_BYTES
    api = get(walked["api:report"])
    assert (api["status"], api["type"]) == (200, "application/json")


def page(**fields: Any) -> dict[str, Any]:
    base = {"name": "x", "status": 200, "type": "text/html", "bytes": 1000, "queries": 3}
    return {**base, "ms": [10.0, 20.0, 30.0], "cpu": [5.0, 5.0, 5.0], **fields}


def test_a_page_over_a_target_is_a_miss_and_json_or_a_redirect_never_is() -> None:
    found = {
        "events": 10,
        "requests": 3,
        "load_before": "1",
        "load_after": "1",
        "pages": {
            "/light/": page(),
            "/heavy/": page(bytes=61 * 1024),
            "/slow/": page(ms=[100.0, 160.0, 170.0]),
            "/export.json": page(type="application/json", bytes=500_000, ms=[400.0]),
            "/": page(status=302, ms=[], cpu=[]),
        },
    }
    assert pages.misses(found) == [
        "page /heavy/: 61 KB of HTML (target ≤ 60 KB)",
        "page /slow/: 160 ms median (target ≤ 150 ms)",
    ]
    out = io.StringIO()
    Console(width=200, file=out).print(pages.table(found))
    assert "/heavy/" in out.getvalue()
    assert "redirect" in out.getvalue()
