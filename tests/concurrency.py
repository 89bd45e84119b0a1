"""Helpers for tests where two people act at the same moment: real threads, real connections."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.test import Client

from twoway.web.ledger.models import Relationship

#: Long enough for a busy machine; a thread that never gets there fails the test.
WAIT = 60


def browser(rel: Relationship) -> Client:
    """A browser where the relationship's owner is logged in."""
    client = Client()
    client.force_login(rel.owner)
    return client


def at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run each action in its own thread, all at once; their results, or the first error."""
    results: list[Any] = [None] * len(actions)
    errors: list[BaseException] = []

    def run(n: int, action: Callable[[], Any]) -> None:
        try:
            results[n] = action()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    if errors:
        raise errors[0]
    return results
