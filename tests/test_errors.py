"""Every error code the library raises is in docs/json.md's table, where scripts look them up."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
DOC = ROOT / "docs" / "json.md"


def raised_codes() -> set[str]:
    """The codes written in twoway's source: `code="…"` arguments and `default_code`s."""
    found: set[str] = set()
    for path in (ROOT / "twoway").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'\bcode="([a-z_]+)"', text))
        found |= set(re.findall(r'default_code(?:: ClassVar\[str\])? = "([a-z_]+)"', text))
    return found


def documented_codes() -> set[str]:
    """Every `code` that docs/json.md's "Errors" section names: its table's first column,
    and the API's own codes in the sentence after it."""
    section = DOC.read_text(encoding="utf-8").split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([^|]+)\|", section, flags=re.MULTILINE)
    api = section.split("The API adds its own:", 1)[1]
    return {code for cell in [*rows, api] for code in re.findall(r"`([a-z_]+)`", cell)}


def test_the_scan_finds_the_codes_it_should() -> None:
    codes = raised_codes()
    # one of each way a code is written: a subclass's default, an argument
    assert {"unknown_format", "bad_chat", "ambiguous_dates", "export_not_read"} <= codes


def test_every_error_code_is_documented() -> None:
    missing = raised_codes() - documented_codes()
    assert not missing, f"docs/json.md's error table does not list: {sorted(missing)}"
