"""docs/json.md documents every field of the JSON report, so the doc cannot drift from the code."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from twoway.core.moment_counts import MomentCounts
from twoway.core.report import (
    SCHEMA_VERSION,
    Balance,
    Report,
    SideCounts,
    Signal,
    WeekActivity,
    WeekBalance,
    Window,
)

DOC = Path(__file__).parents[2] / "docs" / "json.md"


def documented() -> set[str]:
    """Every `name` written in code style in the first column of a table row."""
    first_cells = re.findall(r"^\| ([^|]+)\|", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {name for cell in first_cells for name in re.findall(r"`([a-z_]+)`", cell)}


def test_every_top_level_field_is_documented(report: Report) -> None:
    missing = set(report.to_dict()) - documented()
    assert not missing, f"docs/json.md does not describe: {sorted(missing)}"


@pytest.mark.parametrize(
    "part", [Window, Balance, WeekBalance, SideCounts, WeekActivity, Signal, MomentCounts]
)
def test_every_field_of_each_part_is_documented(part: type) -> None:
    missing = {f.name for f in fields(part)} - documented()
    assert not missing, f"docs/json.md does not describe {part.__name__}: {sorted(missing)}"


def test_the_doc_states_the_current_schema_version() -> None:
    assert f"now **{SCHEMA_VERSION}**" in DOC.read_text(encoding="utf-8")


def test_every_signal_code_is_documented() -> None:
    from twoway.core.practices import PRACTICES

    codes = documented()
    assert set(PRACTICES) <= codes
