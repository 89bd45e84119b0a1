"""The `twoway` group loads a command's module only when that command runs.

What the quick commands import is checked here (a fresh process, as a person
runs them); how long they take is `make bench`'s start-up table.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from tests.conftest import Result
from twoway.cli import COMMANDS, cli

CLI = Path(__file__).parents[2] / "twoway" / "cli"
#: Modules of twoway/cli that hold no command (see tests/test_layers.py's CLI_HELPERS).
HELPERS = {"__init__", "__main__", "options", "progress", "errors", "common", "docs"}


def defined_commands() -> dict[str, str]:
    """Every click command defined at the top of a command module: name -> module:attribute."""
    found = {}
    for path in sorted(CLI.glob("*.py")):
        if path.stem in HELPERS:
            continue
        module = importlib.import_module(f"twoway.cli.{path.stem}")
        for attribute, value in vars(module).items():
            if isinstance(value, click.Command):
                found[str(value.name)] = f"{module.__name__}:{attribute}"
    return found


def test_every_command_of_the_command_modules_is_in_the_group() -> None:
    assert defined_commands() == COMMANDS


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_name_gives_its_command(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert command.name == name


def test_an_unknown_command_is_refused_with_the_names_it_could_be(
    twoway: Callable[..., Result],
) -> None:
    result = twoway("peple")
    assert result.code == 2
    assert "No such command 'peple'" in result.err
    assert "people" in result.err


def loaded_by(args: list[str], data_dir: Path) -> set[str]:
    """The modules a fresh process has imported once `twoway ARGS` is done."""
    script = (
        "import json, sys\n"
        "from twoway.cli import run\n"
        f"code = run({args!r})\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    # A SQLite store of its own in both passes: this is about imports, not the database.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TWOWAY_DB"}}
    env.update(TWOWAY_DATA_DIR=str(data_dir), TWOWAY_ACCOUNT="alex")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr
    return set(result["modules"])


@pytest.mark.parametrize(
    ("args", "own_module"),
    [
        (["log", "talk", "--to", "Sam", "a walk"], "twoway.cli.log_cmd"),
        (["people"], "twoway.cli.store_cmds"),
        (["list"], "twoway.cli.journal_cmds"),
    ],
)
def test_a_quick_command_loads_its_own_module_and_neither_polars_nor_the_site(
    args: list[str], own_module: str, tmp_path: Path
) -> None:
    loaded_by(["log", "talk", "--to", "Sam", "the first entry"], tmp_path)
    modules = loaded_by(args, tmp_path)
    commands = {
        m for m in modules if m.startswith("twoway.cli.") and m.rpartition(".")[2] not in HELPERS
    }
    assert commands == {own_module}
    heavy = {
        "polars",
        "ninja",
        "django.contrib.admin",
        "django.contrib.sessions",
        "twoway.web.site",
    }
    assert heavy & modules == set()
    assert not any(m.startswith("django.db.migrations.executor") for m in modules)


def test_version_loads_no_command(tmp_path: Path) -> None:
    modules = loaded_by(["--version"], tmp_path)
    assert not any(m.startswith("twoway.cli.") and m.endswith(("_cmd", "_cmds")) for m in modules)
    assert "django" not in modules
