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
FIXTURE = Path(__file__).parent / "data" / "ledgers" / "alex-sam.csv"
CHAT = Path(__file__).parent / "data" / "chats" / "whatsapp" / "alex-sam.txt"


def tour() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## A short tour", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line.startswith("twoway "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_the_tour_has_the_commands_a_newcomer_needs():
    used = {args[0] for args in tour()}
    assert {"report", "import", "log", "people", "assess", "export", "delete"} <= used
    assert {"analyze", "import-chat"} <= used


def test_every_command_of_the_tour_succeeds(tmp_path, fresh_store, monkeypatch, capsys):
    shutil.copy(FIXTURE, tmp_path / "alex-sam.csv")
    shutil.copy(CHAT, tmp_path / "chat-with-sam.txt")
    monkeypatch.chdir(tmp_path)  # fresh_store: the commands use an empty store
    for args in tour():
        if args[0] == "assess":  # interactive: answer every question with 4
            monkeypatch.setattr("sys.stdin", io.StringIO("4\n" * 20))
        code = run(args)
        out = capsys.readouterr()
        assert code == 0, (args, out.out[-500:], out.err[-500:])
    assert (tmp_path / "alex-sam.html").exists()
    exported = (tmp_path / "sam.csv").read_text(encoding="utf-8").splitlines()
    assert len(exported) == 1 + 19 + 3  # header, the imported file once, three logged events


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_the_quick_start_is_the_two_make_commands(command):
    quick = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1]
    assert command in quick.split("##", 1)[0]
