"""The web benchmark's measurements, in a process whose settings name one database.

`python -m benchmarks.web_child REQUESTS PERSON...` prints one JSON object: the
events stored, whether the report page exists yet, and for each person (one
of bench-me's, see `benchmarks.web_generate`) the timings of two cases:

- `standin`: what the report view does at its core, as the view would call it:
  the person (scoped to the user), `store.relationship_ledger`, and
  `twoway.core.analyze(ledger, today, me=...)`; the connection stays open.
- `page`: GET `/people/<pk>/report/` through Django's WSGI handler, every
  middleware included, with a logged-in session cookie, as a server would run
  it: the database connection is opened and closed per request unless
  `TWOWAY_CONN_MAX_AGE` says otherwise. While it runs, the store read, the
  analysis, the report's context and the template rendering are timed
  wherever the view calls them.

Both are warmed up first and then run in turn, `REQUESTS` times each; every
time is in milliseconds, wall clock, and `cpu` is this process's CPU time (on a
shared machine it shows what the code costs while others hold the cores; on
PostgreSQL the server's own work is not in it). Queries are counted per request.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

WARM_UP = 3


class QueryCount:
    """A database execute wrapper that counts statements."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, ctx: Any
    ) -> Any:
        self.n += 1
        return execute(sql, params, many, ctx)


@contextmanager
def counting() -> Iterator[QueryCount]:
    """Count the queries run inside the block, across reconnections."""
    from django.db import connection

    count = QueryCount()
    with connection.execute_wrapper(count):
        yield count


def standin(user: Any, pk: int) -> dict[str, float]:
    """The view's core work once: find the person, read the ledger, analyse it."""
    from django.shortcuts import get_object_or_404

    from twoway.core import analyze
    from twoway.web.ledger import store
    from twoway.web.ledger.models import Person

    c0, t0 = time.process_time(), time.perf_counter()
    person = get_object_or_404(Person.objects.select_related("relationship"), pk=pk, owner=user)
    rel = person.relationship
    ledger = store.relationship_ledger(rel)
    t1 = time.perf_counter()
    analyze(ledger, date.today(), me=rel.me_name)
    t2 = time.perf_counter()
    cpu = (time.process_time() - c0) * 1e3
    return {
        "total": (t2 - t0) * 1e3,
        "read": (t1 - t0) * 1e3,
        "analyze": (t2 - t1) * 1e3,
        "cpu": cpu,
    }


#: Time spent in the instrumented calls during the current request, in ms, and how often.
_SPENT: dict[str, float] = defaultdict(float)
_CALLS: dict[str, int] = defaultdict(int)


def _timed(part: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _SPENT[part] += (time.perf_counter() - t0) * 1e3
            _CALLS[part] += 1

    return wrapper


def instrument() -> Callable[[], None]:
    """Time the store read, the analysis, the report's context and the template rendering.

    Wherever the site calls them: every `twoway` module's name for those functions
    is rebound to a timed wrapper. Returns the function that puts them all back.
    """
    from django.template.backends.jinja2 import Template

    import twoway.core
    import twoway.render.html
    from twoway.web.ledger import store

    targets = {
        id(fn): (part, fn)
        for part, fn in (
            ("read", store.relationship_ledger),
            ("analyze", twoway.core.analyze),
            ("context", getattr(twoway.render.html, "report_context", None)),
        )
        if fn is not None
    }
    undo: list[tuple[Any, str, Any]] = [(Template, "render", Template.render)]
    for name, module in list(sys.modules.items()):
        if not name.startswith("twoway") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if id(value) in targets:
                part, fn = targets[id(value)]
                undo.append((module, attr, value))
                setattr(module, attr, _timed(part, fn))
    Template.render = _timed("render", Template.render)  # type: ignore[method-assign]  # timing wraps the method in place, for this child process only

    def restore() -> None:
        for owner, attr, value in undo:
            setattr(owner, attr, value)

    return restore


class PageFailed(Exception):
    """The page did not answer 200 OK (the site is unfinished, or broken)."""


#: The last exception a request raised, for the message of `PageFailed`.
_ERRORS: list[str] = []


def _keep_error(sender: Any, request: Any = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    _ERRORS.append(f"{type(error).__name__}: {error}")


def page(user: Any, path: str) -> Callable[[], dict[str, float]]:
    """A function that GETs `path` once as `user` through the WSGI handler and times it."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import got_request_exception
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    app = WSGIHandler()
    got_request_exception.connect(_keep_error, dispatch_uid="benchmarks.web_child")

    def once() -> dict[str, float]:
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
        status: list[str] = []
        _SPENT.clear()
        _CALLS.clear()
        _ERRORS.clear()
        c0, t0 = time.process_time(), time.perf_counter()
        result = app(environ, lambda s, headers, exc_info=None: status.append(s))
        body = b"".join(result)
        result.close()  # a WSGI server does this: request_finished, connections closed
        total = (time.perf_counter() - t0) * 1e3
        cpu = (time.process_time() - c0) * 1e3
        if not status[0].startswith("200"):
            raise PageFailed(f"GET {path}: {status[0]}" + (f" ({_ERRORS[0]})" if _ERRORS else ""))
        return {
            "total": total,
            "cpu": cpu,
            **_SPENT,
            "bytes": len(body),
            **{f"{k}_calls": v for k, v in _CALLS.items()},
        }

    return once


def report_path(pk: int) -> str | None:
    """The report page's path, or None while the view is not built yet."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("report", args=[pk])
    except NoReverseMatch:
        return None


def measure(requests: int, people: list[str]) -> dict[str, Any]:
    """Time both cases for each of bench-me's `people`, interleaved.

    The page's timers and quiet error log are undone before it returns.
    """
    import logging

    from django.contrib.auth.models import User
    from django.db import connection

    from benchmarks.web_generate import ME_USER
    from twoway.web.ledger.models import Event, Person

    user = User.objects.get(username=ME_USER)
    out: dict[str, Any] = {
        "vendor": connection.vendor,
        "total_events": Event.objects.count(),
        "view_built": False,
        "people": {},
    }
    log = logging.getLogger("django.request")
    level = log.level
    restore: Callable[[], None] = lambda: None  # noqa: E731
    log.setLevel(logging.CRITICAL)  # a failing page is reported once, below
    try:
        for name in people:
            person = Person.objects.select_related("relationship").get(owner=user, name=name)
            path = report_path(person.pk)
            if path is not None and not out["view_built"]:
                restore = instrument()
                out["view_built"] = True
            out["people"][name] = _measure_one(user, person, path, requests)
    finally:
        restore()
        log.setLevel(level)
    return out


def _measure_one(user: Any, person: Any, path: str | None, requests: int) -> dict[str, Any]:
    found: dict[str, Any] = {"events": person.relationship.events.count(), "queries": {}}
    cases: dict[str, Callable[[], dict[str, float]]] = {"standin": lambda: standin(user, person.pk)}
    if path is not None:
        cases["page"] = page(user, path)
    for case, once in list(cases.items()):
        try:
            with counting() as count:
                once()
        except PageFailed as exc:
            found["page_error"] = str(exc)
            del cases[case]
            continue
        found["queries"][case] = count.n
        for _ in range(WARM_UP - 1):
            once()
    return {**found, "runs": interleaved(cases, requests)}


def interleaved(
    cases: dict[str, Callable[[], dict[str, float]]], requests: int
) -> dict[str, list[dict[str, float]]]:
    """Each case `requests` times, taking turns, so the machine's noise falls on all alike."""
    runs: dict[str, list[dict[str, float]]] = {case: [] for case in cases}
    for _ in range(requests):
        for case, once in cases.items():
            runs[case].append(once())
    return runs


def main(argv: list[str]) -> int:
    """Open the store the settings name, measure, print the JSON."""
    from twoway.web.ledger import store

    requests, *people = argv
    store.open_store()
    print(json.dumps(measure(int(requests), people)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
