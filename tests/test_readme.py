"""The README's tour runs as written, so the first thing a newcomer copies works."""

from __future__ import annotations

import io
import re
import shlex
import shutil
from pathlib import Path

import pytest

from twoway.cli import run

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"


def tour_lines() -> list[str]:
    """The lines of the tour's shell block, comments and blank lines left out."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## A short tour", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = (re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def tour() -> list[list[str]]:
    return [shlex.split(line)[1:] for line in tour_lines() if line.startswith("twoway ")]


def test_the_tour_has_the_commands_a_newcomer_needs():
    used = {args[0] for args in tour()}
    assert {"report", "import", "log", "people", "assess", "export", "delete"} <= used
    assert {"analyze", "import-chat"} <= used


def test_the_tour_is_only_twoway_commands_after_activating_the_venv():
    assert tour_lines()[0] == "source .venv/bin/activate"
    assert all(line.startswith("twoway ") for line in tour_lines()[1:])


def test_the_tour_uses_only_the_files_the_repository_ships():
    for args in tour():
        for arg in args:
            if arg.startswith("examples/"):
                assert (ROOT / arg).is_file(), arg


def test_every_command_of_the_tour_succeeds(tmp_path, fresh_store, monkeypatch, capsys):
    # A copy of the repository's examples/ in an empty folder, and an empty store
    # (fresh_store): the commands run exactly as printed, as from a fresh clone.
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for args in tour():
        if args[0] == "assess":  # interactive: answer every question with 4
            monkeypatch.setattr("sys.stdin", io.StringIO("4\n" * 20))
        code = run(args)
        out = capsys.readouterr()
        assert code == 0, (args, out.out[-500:], out.err[-500:])
        if args[:2] == ["log", "bid"]:
            readme = (ROOT / "README.md").read_text(encoding="utf-8")
            promised = re.search(r"prints its id: (\S+)", readme)
            assert promised
            assert f"Its id is {promised.group(1)}." in out.out
    assert (tmp_path / "alex-sam.html").exists()
    exported = (tmp_path / "sam.csv").read_text(encoding="utf-8").splitlines()
    shipped = (EXAMPLES / "alex-sam.csv").read_text(encoding="utf-8").splitlines()
    assert len(exported) == len(shipped) + 3  # the imported file once, three logged events


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_the_quick_start_is_the_two_make_commands(command):
    quick = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1]
    assert command in quick.split("##", 1)[0]
