"""docs/cli.md is generated from --help and covers every command."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from twoway.cli import cli
from twoway.cli.docs import render

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"
COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name: str) -> None:
    assert f"## twoway {name}\n" in DOCS.read_text(encoding="utf-8"), (
        f"`twoway {name}` is missing from docs/cli.md: "
        "run `python -m twoway.cli.docs > docs/cli.md`"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_an_example(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert "Example" in (command.help or "")


def test_the_reference_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run `python -m twoway.cli.docs > docs/cli.md`"
    )
