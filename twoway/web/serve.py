"""`twoway serve`: the site on a production WSGI server, with a background worker beside it.

waitress serves the site (pure Python, so it runs wherever twoway does); the
imports' background jobs run in a `db_worker` child process on the same
database, so a personal install needs no other server. For many users, run a
web server and `twoway worker` separately (see the README).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.db import connections


@contextmanager
def background_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A `db_worker` process on this process's database, stopped on the way out."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "twoway.web.settings"
    conn = connections["default"]
    if conn.vendor == "sqlite":
        env["TWOWAY_DB"] = str(conn.settings_dict["NAME"])
    # Here, not at the top: the tasks' models need Django set up, which `open_store` does first.
    from twoway.web.rituals.tasks import start_reminders

    start_reminders()  # ritual reminders: their runs, unless one is already waiting
    connections.close_all()  # the child opens its own
    command = [sys.executable, "-m", "django", "db_worker", "--no-reload", "--interval", "0.5"]
    worker = subprocess.Popen(command, env=env)
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def serve(host: str, port: int, *, threads: int = 8, worker: bool = True) -> None:
    """Serve the site until interrupted."""
    from waitress import serve as waitress_serve

    # Here, not at the top: importing the WSGI module builds the app, once the store is open.
    from twoway.web.wsgi import application

    connections.close_all()  # the server's threads open their own
    keep_connections(os.environ)
    # A service manager stops with SIGTERM: leave the way Ctrl+C does, so the worker stops too.
    signal.signal(signal.SIGTERM, _interrupt)
    if not worker:
        waitress_serve(application, host=host, port=port, threads=threads, ident="twoway")
        return
    with background_worker():
        waitress_serve(application, host=host, port=port, threads=threads, ident="twoway")


#: Seconds a server thread keeps its database connection between requests.
KEEP_CONNECTION = 600


def keep_connections(env: Mapping[str, str]) -> None:
    """Let each of waitress's threads keep its connection, unless `TWOWAY_CONN_MAX_AGE` is set.

    waitress serves from a fixed pool of threads, so at most that many connections
    stay open; reusing them spares every request a new one (on PostgreSQL, a new
    server process). Django checks a kept connection before using it again.
    """
    if env.get("TWOWAY_CONN_MAX_AGE", "").strip():
        return
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = KEEP_CONNECTION
        connections.settings[alias]["CONN_HEALTH_CHECKS"] = True


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
