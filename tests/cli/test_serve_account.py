"""One store, one account: a real `twoway serve` shows what the terminal logged, and back.

Everything runs as a person would: `twoway log` in a shell, `twoway serve
--set-password` in another, a browser-like client that logs in through the
login form, logs an entry on the site, and `twoway export` that reads it back.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

PASSWORD = "river-walk-4521"
LEFT_OUT = {"DATABASE_URL", "TWOWAY_ACCOUNT", "DJANGO_SETTINGS_MODULE", "TWOWAY_SECRET_KEY"}
TWOWAY = [sys.executable, "-m", "twoway"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """Cookies and the CSRF token, like a browser keeps them between pages."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return str(response.read().decode("utf-8"))

    def post(self, path: str, form_page: str, data: dict[str, str]) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(form_page))
        assert token, f"no CSRF token on {form_page}"
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + form_page}
        )
        with self.opener.open(request, timeout=30) as response:
            return str(response.read().decode("utf-8"))


def wait_until_serving(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"twoway serve stopped: {server.communicate()[0]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    pytest.fail("twoway serve did not start listening within 90 s")


@pytest.mark.sqlite_only("a real server process and the CLI share one SQLite store file")
def test_what_the_terminal_logs_is_on_the_site_after_login_and_back(tmp_path: Path) -> None:
    env = {
        # Without the test run's settings: the CLI and the site each choose theirs, as for a
        # person (the quick commands' Django apps, the whole site for `serve`).
        **{k: v for k, v in os.environ.items() if k not in LEFT_OUT},
        "TWOWAY_DB": str(tmp_path / "store.sqlite3"),
        "TWOWAY_DATA_DIR": str(tmp_path),
    }

    def twoway(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TWOWAY, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
        )

    logged = twoway("log", "talk", "--to", "Sam", "--me", "Robin", "walked by the river")
    assert logged.returncode == 0, logged.stderr
    made = re.search(r"Created the account (\S+) in this store", logged.stderr)
    assert made, logged.stderr
    username = made.group(1)

    port = free_port()
    server = subprocess.Popen(
        [*TWOWAY, "serve", "--set-password", "--port", str(port), "--no-worker"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdin is not None
        server.stdin.write(f"{PASSWORD}\n{PASSWORD}\n")
        server.stdin.close()
        server.stdin = None  # given: communicate() must not flush it again
        wait_until_serving(port, server)
        site = Browser(f"http://127.0.0.1:{port}")
        site.post(
            "/account/login/", "/account/login/", {"username": username, "password": PASSWORD}
        )
        people = site.get("/people/")
        assert "Sam" in people
        assert "walked by the river" in site.get("/journal/")
        sam = re.search(r'href="/people/(\d+)/"', people)
        assert sam, people
        site.post(
            "/log/",
            "/log/",
            {
                "person": sam.group(1),
                "direction": "them",
                "kind": "talk",
                "note": "called about the weekend",
            },
        )
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"Log in as {username}" in output
    exported = twoway("export", "Sam")
    assert exported.returncode == 0, exported.stderr
    assert "walked by the river" in exported.stdout
    assert "called about the weekend" in exported.stdout
    assert "Sam,Robin,talk" in exported.stdout  # by Sam, to the account's name in the ledger
