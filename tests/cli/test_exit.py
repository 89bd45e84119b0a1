"""`twoway.cli.main`: the console script leaves without tearing the interpreter down.

It must still write everything, give the command's exit code and run the exit
handlers (temporary files, logging), so each case runs a real process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from twoway.cli import ALLOCATOR_SETTINGS

SCRIPT = """
import atexit, sys
atexit.register(lambda: print("exit handlers ran", file=sys.stderr))
sys.argv = ["twoway", *sys.argv[1:]]
from twoway.cli import main
main()
"""


def twoway(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, check=False
    )


def test_a_long_output_is_written_whole_and_the_handlers_run(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    lines = [
        f"{1 + i % 28:02d}/03/2024, 10:{i % 60:02d} - {'Sam' if i % 2 else 'Alex'}: "
        f"thank you so much for the help with the move, message {i}"
        for i in range(3000)
    ]
    chat.write_text("\n".join(sorted(lines, key=lambda x: (x[:2], x))) + "\n", encoding="utf-8")
    done = twoway("analyze", str(chat), "--json", "--date-order", "dmy")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["messages"] == 3000
    assert "exit handlers ran" in done.stderr


def test_a_failing_command_keeps_its_exit_code(tmp_path: Path) -> None:
    done = twoway("analyze", str(tmp_path / "nothing.txt"))
    assert done.returncode == 2
    assert "nothing.txt" in done.stderr
    assert "Traceback" not in done.stderr
    assert "exit handlers ran" in done.stderr


ALLOCATOR = """
import os, sys
sys.argv = ["twoway", "--version"]
import twoway.cli as cli
cli.run = lambda: print(os.environ.get("_RJEM_MALLOC_CONF")) or 0
cli.main()
"""


def test_polars_allocator_gives_memory_back_unless_the_person_set_it() -> None:
    # read once, when Polars is first imported: `main` sets it before any command runs
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    plain = subprocess.run(
        [sys.executable, "-c", ALLOCATOR], capture_output=True, text=True, env=env, check=True
    )
    assert plain.stdout.strip() == ALLOCATOR_SETTINGS == "muzzy_decay_ms:0"
    own = {**env, "_RJEM_MALLOC_CONF": "dirty_decay_ms:100"}
    kept = subprocess.run(
        [sys.executable, "-c", ALLOCATOR], capture_output=True, text=True, env=own, check=True
    )
    assert kept.stdout.strip() == "dirty_decay_ms:100"
