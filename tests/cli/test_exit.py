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

from twoway.cli import ALLOCATOR_SETTINGS, POLARS_ALLOCATOR_DEFAULT

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

    def seen(conf: str | None) -> str:
        own = env if conf is None else {**env, "_RJEM_MALLOC_CONF": conf}
        done = subprocess.run(
            [sys.executable, "-c", ALLOCATOR], capture_output=True, text=True, env=own, check=True
        )
        return done.stdout.strip()

    assert seen(None) == ALLOCATOR_SETTINGS == "muzzy_decay_ms:0"
    # started by a process that imported Polars, which wrote its own default
    assert seen(POLARS_ALLOCATOR_DEFAULT) == ALLOCATOR_SETTINGS
    assert seen("dirty_decay_ms:100") == "dirty_decay_ms:100"  # the person's own


def test_polars_writes_the_default_the_cli_expects() -> None:
    # a new Polars may change it: the CLI would then leave a parent's default alone
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    done = subprocess.run(
        [sys.executable, "-c", "import os, polars; print(os.environ['_RJEM_MALLOC_CONF'])"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout.strip() == POLARS_ALLOCATOR_DEFAULT
