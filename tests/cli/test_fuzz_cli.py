"""Odd input never crashes the command line: mutated real-format files, odd dates, deep JSON.

Hypothesis mutates the suite's own ledger and chat files (bytes flipped, cut,
lines repeated or dropped, dates pushed to year 1 or 9999, a line nested
thousands deep) and runs `twoway` on them in-process through `twoway.cli.run`,
which lets any exception that is not a `TwowayError` out: a traceback fails the
test. Every run must end in 0 (read), 1 (refused, with a sentence) or 2 (a file that
is not a ledger at all: not UTF-8, a folder, missing; see `twoway.cli.errors.exit_code`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Result

DATA = Path(__file__).parents[1] / "data"
LEDGERS = sorted((DATA / "ledgers").glob("*.*"))
CHATS = sorted(p for p in (DATA / "chats").rglob("*.*") if p.is_file())

#: Examples per test: a few seconds each; set more to search harder locally.
EXAMPLES = 40

ODD_DATES = [
    b"0001-01-01",
    b"9999-12-31",
    b"1899-12-31T23:59:59",
    b"2200-01-01",
    b"1970-01-01T00:00:00+14:00",
    b"2024-02-30",
    b"99999-01-01",
    b"-2024-01-01",
    b"2024-13-01T25:61",
]


@st.composite
def mutated(draw: st.DrawFn, files: list[Path]) -> tuple[str, bytes]:
    """A real file with a few mutations: its name (so its format is still guessed) and bytes."""
    path = draw(st.sampled_from(files))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "date", "repeat", "deep"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif action == "date":
            # Replace a date-looking run with an odd one (or insert one if none).
            found = bytes(data).find(b"20", at)
            start = found if found >= 0 else at
            data[start : start + 10] = draw(st.sampled_from(ODD_DATES))
        elif action == "repeat":
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        else:
            depth = draw(st.sampled_from([50, 2000, 10_000]))
            data += b"\n" + b'{"at": ' + b"[" * depth + b"]" * depth + b"}\n"
    return path.name, bytes(data)


def _run(twoway: Callable[..., Result], tmp: Path, name: str, data: bytes, *args: str) -> None:
    path = tmp / name
    path.write_bytes(data)
    result = twoway(*args[:1], path, *args[1:])
    assert result.code in (0, 1, 2), (result.code, result.err)
    if result.code:
        assert result.err.strip(), "a refusal says why"
        assert "Traceback" not in result.err


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated(LEDGERS))
def test_a_mutated_ledger_is_reported_or_refused(
    twoway: Callable[..., Result], tmp_path: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    _run(twoway, tmp_path, name, data, "report", "--json")
    _run(twoway, tmp_path, name, data, "report")


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated(CHATS))
def test_a_mutated_chat_export_is_analyzed_or_refused(
    twoway: Callable[..., Result], tmp_path: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    _run(twoway, tmp_path, name, data, "analyze", "--json")


@settings(max_examples=EXAMPLES // 2, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated(LEDGERS))
def test_a_mutated_ledger_is_imported_whole_or_not_at_all(
    twoway: Callable[..., Result],
    fresh_store: Path | None,
    tmp_path: Path,
    case: tuple[str, bytes],
) -> None:
    name, data = case
    _run(twoway, tmp_path, name, data, "import", "--person", "Sam", "--new")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_an_event_outside_the_accepted_days_is_refused_by_name(
    twoway: Callable[..., Result], tmp_path: Path, day: str
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(f"at,by,to,kind\n2024-03-01,Alex,Sam,talk\n{day},Sam,Alex,talk\n")
    result = twoway("report", path)
    assert result.code == 1
    assert "odd.csv, line 3, field `at`: expected a date between 1900-01-01 and 2199-12-31" in (
        result.error
    )


def test_a_json_lines_row_nested_ten_thousand_deep_is_refused(
    twoway: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"at": ' + "[" * 10_000 + "]" * 10_000 + "}\n")
    result = twoway("report", path)
    assert result.code == 1
    assert "deep.jsonl, line 1: expected one flat JSON object" in result.error
