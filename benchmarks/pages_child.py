"""The page table's measurements, in a process of its own on a fresh SQLite store.

`python -m benchmarks.pages_child REQUESTS` (with `TWOWAY_DB` naming a new file) makes the
demo account (`benchmarks.pages_demo`) ending today, then GETs every page as the demo's
owner through Django's WSGI handler, every middleware included, with a logged-in session
cookie, as a server would run it. After two warm-up requests each, the pages take turns,
`REQUESTS` rounds, so the machine's noise falls on all alike. Prints one JSON object: per
page its status, content type, bytes, the queries of one request, and each request's wall
and CPU milliseconds.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

WARM_UP = 2


def getter(user: Any, api_token: str) -> Callable[[str], dict[str, Any]]:
    """A function that GETs a path once as `user` and says what came back, and how fast.

    The API's routes are asked with `api_token`, as an app would; the site's with the
    session cookie of a signed-in browser.
    """
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    app = WSGIHandler()

    def once(path: str) -> dict[str, Any]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "HTTP_COOKIE": cookie,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if path.startswith("/api/") and not path.startswith("/api/tokens/"):
            environ["HTTP_AUTHORIZATION"] = f"Bearer {api_token}"
        answer: list[Any] = []
        c0, t0 = time.process_time(), time.perf_counter()
        result = app(environ, lambda s, headers, exc_info=None: answer.append((s, headers)))
        body = b"".join(result)
        result.close()  # a WSGI server does this: request_finished, connections closed
        ms = (time.perf_counter() - t0) * 1e3
        cpu = (time.process_time() - c0) * 1e3
        status, headers = answer[0]
        kind = {k.lower(): v for k, v in headers}.get("content-type", "")
        return {
            "status": int(status.split()[0]),
            "type": kind.split(";")[0],
            "bytes": len(body),
            "ms": ms,
            "cpu": cpu,
        }

    return once


def measure(requests: int) -> dict[str, Any]:
    """Make the demo, then time every page; the pages take turns."""
    import logging

    from benchmarks.pages_demo import make, paths
    from benchmarks.web_child import counting
    from twoway.web.ledger.models import Event

    demo = make(date.today())
    get = getter(demo.user, demo.api_token)
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a failing page is listed
    pages: dict[str, dict[str, Any]] = {}
    for name, path in paths(demo.slots):
        for _ in range(WARM_UP):
            get(path)
        with counting() as count:
            first = get(path)
        pages[path] = {"name": name, **first, "queries": count.n, "ms": [], "cpu": []}
    for _ in range(requests):
        for path, found in pages.items():
            if found["status"] != 200:
                continue
            once = get(path)
            found["ms"].append(once["ms"])
            found["cpu"].append(once["cpu"])
    return {"events": Event.objects.count(), "pages": pages}


def main(argv: list[str]) -> int:
    """Open the store the settings name, measure, print the JSON."""
    from twoway.web.ledger import store

    (requests,) = argv
    store.open_store()
    print(json.dumps(measure(int(requests))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
