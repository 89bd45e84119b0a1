"""The chat bench's child runs the real `twoway analyze --json` and reports what it read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import chat_generate, child


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "chat.txt"
    return chat_generate.whatsapp_export(path, 3_000, seed=4, people=3)


def test_every_generated_message_is_read_and_analysed(export: Path) -> None:
    read = child.run("chat-parse", str(export))
    on = child.run("chat", str(export))
    off = child.run("chat-off", str(export))
    # all 3,000 messages are in the past, so none is skipped as impossible
    assert read["events"] == on["events"] == off["events"] == 3_000
    # the JSON with moments lists them; without, it is smaller
    assert on["json_bytes"] > off["json_bytes"] > 0
    assert (on["layer"], off["layer"]) == ("rules", "off")
    assert on["seconds"] > 0
    assert on["peak_mb"] > 0


def test_the_child_process_prints_its_result_and_ends_as_the_command_does(export: Path) -> None:
    # the command cases leave with os._exit, as `twoway` does: the result must be out first
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", "chat-off", str(export)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"] == 3_000
