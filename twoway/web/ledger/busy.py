"""A store too busy to answer now: told apart from a bug, answered 503 with `Retry-After`.

SQLite lets one writer at a time; a write that waits longer than the busy timeout
fails with "database is locked". PostgreSQL can refuse a write that lost a
serialization race or a lock wait. Neither is a bug nor the person's mistake:
the same request works a moment later, so it is answered 503 (try again), never 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 2

#: What a person or a client is told.
BUSY = "The store is busy with other changes just now; nothing was changed. Please try again."

#: SQLite's words for a lock it could not take in time.
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
#: PostgreSQL's SQLSTATEs for a lock or serialization refusal.
_PG_BUSY = {"40001", "40P01", "55P03"}


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) is the store refusing for now, not a bug."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OperationalError) and any(
            words in str(current).lower() for words in _SQLITE_BUSY
        ):
            return True
        code = getattr(current, "pgcode", None) or getattr(current, "sqlstate", None)
        if code in _PG_BUSY:
            return True
        current = current.__cause__ or current.__context__
    return False


class BusyMiddleware:
    """Pages too: a busy store answers 503 with `Retry-After` and a plain sentence."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Answer 503 for a busy store; anything else goes on to Django's own handling."""
        if not is_busy(exception):
            return None
        response = HttpResponse(BUSY, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER)
        return response
