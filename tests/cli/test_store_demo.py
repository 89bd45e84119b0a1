"""`twoway demo`: three relationships in their own store, their reports, and what to try next."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# The demo keeps its own SQLite file, apart from your store, and recreates it each run.
pytestmark = pytest.mark.sqlite_only("the demo's store is a SQLite file of its own")

Run = Callable[..., Any]  # the `twoway` fixture: runs the CLI in-process


def test_the_demo_shows_three_relationships_and_the_next_commands(
    twoway: Run, store_path: Path, tmp_path: Path
) -> None:
    demo = tmp_path / "demo.sqlite3"
    result = twoway("demo", "--db", demo)
    assert result.code == 0, result.err
    for name in ("Sam", "Jordan", "Robin"):
        assert f"twoway · {name} & You" in result.text or f"You & {name}" in result.text
    assert f"twoway report Sam --db {demo}" in result.out
    people = twoway("people", "--db", demo).text
    assert "Jordan │ friend" in people
    assert "Robin │ family" in people
    assert "Sam │ partner" in people


def test_the_demo_starts_afresh_each_run(twoway: Run, store_path: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo.sqlite3"
    twoway("demo", "--db", demo)
    twoway("log", "talk", "--to", "Sam", "--db", demo)
    again = twoway("demo", "--db", demo)
    assert again.code == 0, again.err
    fresh = tmp_path / "fresh.sqlite3"
    twoway("demo", "--db", fresh)
    assert twoway("export", "Sam", "--db", demo).out == twoway("export", "Sam", "--db", fresh).out


def test_the_demo_never_replaces_a_store_with_other_people(twoway: Run, store_path: Path) -> None:
    twoway("log", "talk", "--to", "Kim", "--db", store_path)
    result = twoway("demo", "--db", store_path)
    assert result.code == 1
    assert "holds people who are not in the demo (Kim)" in result.error
    assert "Kim" in twoway("people", "--db", store_path).text
