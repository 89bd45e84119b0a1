"""An import's rows staged before its transaction, so the store's write lock is held briefly.

SQLite lets one writer at a time. Inserting 200,000 rows through the ORM inside
the import's transaction held that lock for most of a minute, longer than other
writers wait (the busy timeout). So the rows go first into a TEMP table of the
import's own connection (a temp table is not the store: writing it takes no lock
on the store's file), in the worker's or the CLI's own time. The transaction
then copies the new ones across in one `INSERT … SELECT` (the database's own
loop, no Python per row), all or nothing as before.

PostgreSQL has no single write lock, but the same path keeps its transaction
short too. The temp table is dropped afterwards, and dies with the connection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone

#: The temp table's name (one import at a time per connection).
TABLE = "twoway_import_stage"

#: Rows sent to the temp table per statement.
_CHUNK = 5000

_COLUMNS = (
    "at",
    "offset_minutes",
    "date_only",
    "by_me",
    "kind",
    "key",
    "ref",
    "value",
    "note",
    "extra",
    "fingerprint",
)


@contextmanager
def staged(
    rows: Sequence[tuple[int, dict[str, Any]]],
    progress: Callable[[str, int, int], None] | None = None,
    shared_lines: Collection[int] = (),
) -> Iterator[str]:
    """The rows (line, stored fields) in a temp table of this connection; yields its name.

    `shared_lines` are the lines to add shared (when the relationship is linked).
    """
    shared = set(shared_lines)
    ops, q = connection.ops, connection.ops.quote_name
    at_type = "TEXT" if connection.vendor == "sqlite" else "TIMESTAMP WITH TIME ZONE"
    params = [
        (
            line,
            ops.adapt_datetimefield_value(f["at"]),
            f["offset_minutes"],
            f["date_only"],
            f["by_me"],
            f["kind"],
            f["key"],
            f["ref"],
            f["value"],
            f["note"],
            json.dumps(f["extra"]),
            f["fingerprint"],
            line in shared,
        )
        for line, f in rows
    ]
    marks = ", ".join(["%s"] * (len(_COLUMNS) + 2))
    if progress:  # told once, before: a progress write inside would lock the store
        progress("Staging rows", 0, len(params))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {q(TABLE)}")
        cursor.execute(
            f"CREATE TEMP TABLE {q(TABLE)} (line INTEGER, at {at_type}, offset_minutes INTEGER, "
            "date_only BOOLEAN, by_me BOOLEAN, kind TEXT, key TEXT, ref TEXT, value TEXT, "
            "note TEXT, extra TEXT, fingerprint TEXT, shared BOOLEAN)"
        )
        # One plain transaction on SQLite: BEGIN (not Django's BEGIN IMMEDIATE) takes no
        # lock on the store until something writes it, and only the temp table is written.
        sqlite = connection.vendor == "sqlite" and connection.get_autocommit()
        if sqlite:
            cursor.execute("BEGIN")
        try:
            for start in range(0, len(params), _CHUNK):
                cursor.executemany(
                    f"INSERT INTO {q(TABLE)} VALUES ({marks})", params[start : start + _CHUNK]
                )
        except BaseException:
            if sqlite:
                cursor.execute("ROLLBACK")
            raise
        if sqlite:
            cursor.execute("COMMIT")
    try:
        yield TABLE
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {q(TABLE)}")


def keep_stored_moments(table: str, relationship_id: int) -> int:
    """Leave out the staged moments (`moment-…` ids) whose id the ledger already has.

    A moment read from a chat is the rules' reading of one message: read again,
    with rules changed since, it may come back with another style or confidence,
    and its owner may have corrected the stored one. The stored row stands (it
    is counted as present); how many staged rows were left out.
    """
    from twoway.web.ledger.models import Event

    q, events = connection.ops.quote_name, Event._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {q(table)} WHERE {q('key')} LIKE 'moment-%%' "
            f"AND EXISTS (SELECT 1 FROM {q(events)} e WHERE e.relationship_id = %s "
            f"AND e.{q('key')} = {q(table)}.{q('key')})",
            [relationship_id],
        )
        return int(cursor.rowcount)


def changed_key(table: str, relationship_id: int) -> tuple[int, str] | None:
    """The first staged row that is new but whose id the ledger has for another event."""
    from twoway.web.ledger.models import Event

    q, events = connection.ops.quote_name, Event._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.line, s.{q('key')} FROM {q(table)} s "
            f"WHERE s.{q('key')} <> '' "
            f"AND EXISTS (SELECT 1 FROM {q(events)} e WHERE e.relationship_id = %s "
            f"AND e.{q('key')} = s.{q('key')}) "
            f"AND NOT EXISTS (SELECT 1 FROM {q(events)} e WHERE e.relationship_id = %s "
            f"AND e.fingerprint = s.fingerprint) "
            "ORDER BY s.line LIMIT 1",
            [relationship_id, relationship_id],
        )
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


def copy_new(table: str, relationship_id: int, linked: bool = False) -> list[int]:
    """Insert the staged rows the ledger does not hold yet, in file order; returns their ids.

    A row is shared only when it was staged shared and the relationship is `linked`.
    """
    from twoway.web.ledger.models import Event

    q, events = connection.ops.quote_name, Event._meta.db_table
    extra = "s.extra::jsonb" if connection.vendor == "postgresql" else "s.extra"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(q(c) for c in ("relationship_id", *_COLUMNS, "shared", "created"))
    shared = "s.shared" if linked else "%s"
    picked = ", ".join(extra if c == "extra" else f"s.{q(c)}" for c in _COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(events)} ({columns}) "
            f"SELECT %s, {picked}, {shared}, %s FROM {q(table)} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {q(events)} e WHERE e.relationship_id = %s "
            "AND e.fingerprint = s.fingerprint) "
            "ORDER BY s.line RETURNING id",
            [relationship_id, *([] if linked else [False]), now, relationship_id],
        )
        return [int(r[0]) for r in cursor.fetchall()]
