"""`scripts/provision`: what `make test` relies on to find PostgreSQL answering.

Only the throwaway path is run here: stopping the machine's cluster to check
that it is started again would stop it for everyone else using it (that path
was checked by hand; see DEVELOPERS.md).
"""

from __future__ import annotations

import glob
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "provision"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not shutil.which("pg_isready"), reason="needs PostgreSQL's client tools")
def test_a_throwaway_server_answers_for_the_command_and_is_gone_after() -> None:
    port = free_port()
    before = set(glob.glob(f"{tempfile.gettempdir()}/twoway-postgres.*"))
    done = subprocess.run(
        [
            str(SCRIPT),
            "postgres",
            f"postgres://postgres@127.0.0.1:{port}/x",
            "pg_isready",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "accepting connections" in done.stdout
    assert "throwaway PostgreSQL server" in done.stderr
    assert not listening(port)
    assert set(glob.glob(f"{tempfile.gettempdir()}/twoway-postgres.*")) == before
