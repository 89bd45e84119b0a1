"""`twoway serve --demo`, what `make run` starts: a real server process, logged into over HTTP."""

from __future__ import annotations

import http.cookiejar
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TWOWAY = Path(sys.executable).parent / "twoway"


@dataclass
class Server:
    """A running `twoway serve --demo`."""

    address: str
    data_dir: Path
    printed: str

    @property
    def password(self) -> str:
        found = re.search(r"log in as demo with the password (\S+)", " ".join(self.printed.split()))
        assert found, self.printed
        return found.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """What the process prints until a line holds `marker`."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    text = ""
    deadline = time.monotonic() + timeout
    while marker not in text:
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.fail(f"twoway serve did not start:\n{text}")
        if selector.select(timeout=0.5):
            text += process.stdout.readline()
    return text


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The demo site on a free port with its own data directory."""
    port = _free_port()
    env = {**os.environ, "TWOWAY_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    for name in ("TWOWAY_DB", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    process = subprocess.Popen(
        [str(TWOWAY), "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        printed = _read_until(process, "Stop with Ctrl+C", timeout=90)
        address = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(address + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield Server(address, tmp_path, printed)
    finally:
        # SIGTERM to the server alone, as a service manager sends it: its worker must stop too.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
            time.sleep(0.5)
            leftover = subprocess.run(
                ["pgrep", "-g", str(process.pid)], capture_output=True, text=True
            ).stdout.split()
        except subprocess.TimeoutExpired:
            leftover = ["server"]
        finally:
            os.killpg(process.pid, signal.SIGKILL) if _alive(process.pid) else None
        assert leftover == [], "twoway serve left processes behind"


def _alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _login(server: Server, password: str) -> tuple[urllib.request.OpenerDirector, str]:
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form_page = browser.open(server.address + "/account/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page)
    assert token, "the login form carries its CSRF token"
    form = {"csrfmiddlewaretoken": token.group(1), "username": "demo", "password": password}
    landed = browser.open(server.address + "/account/login/", urllib.parse.urlencode(form).encode())
    return browser, landed.read().decode()


def test_the_printed_login_opens_the_demo_people_on_sqlite_in_the_data_directory(
    server: Server,
) -> None:
    assert (server.data_dir / "demo-site.sqlite3").exists()
    assert "Open http://127.0.0.1:" in server.printed
    _, refused = _login(server, "not the password")
    assert "Your people" not in refused
    browser, people = _login(server, server.password)
    for name in ("Sam", "Jordan", "Robin"):
        assert name in people
    response = browser.open(server.address + "/people/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
