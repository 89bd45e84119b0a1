"""A running import's progress, where the job page can see it while the import is still open.

An import is all or nothing: it writes inside one transaction. Progress written
on that same connection would only show when the transaction commits, that is
when the import is over. So progress reported from inside a transaction goes
through a channel of its own:

- PostgreSQL: a second connection to the same database, updating the job's row.
  The import never touches that row, so neither connection waits for the other.
- SQLite: a database file has one writer at a time, and the import holds the
  write lock until it commits; a second connection would wait for it (and time
  out on a long import). So the progress goes into a small SQLite file of its
  own beside the store (`<store>.progress`), which the job page reads while the
  job runs. SQLite means one machine, so the worker and the site share it.

Outside a transaction (reading the file, finding conversations) the job's row
is updated directly, on any database.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

from twoway.web.imports.models import ImportJob

#: The least time between two progress writes, in seconds.
EVERY = 0.5

_TABLE = (
    "CREATE TABLE IF NOT EXISTS progress ("
    "job INTEGER PRIMARY KEY, stage TEXT NOT NULL, done INTEGER NOT NULL, total INTEGER NOT NULL)"
)


def side_file() -> Path | None:
    """The progress file beside a SQLite store; None on another database (or in memory)."""
    # SQLite's wrapper has is_in_memory_db; the stubs know only the base class.
    if connection.vendor != "sqlite" or getattr(connection, "is_in_memory_db")():  # noqa: B009
        return None
    return Path(f"{connection.settings_dict['NAME']}.progress")


class ProgressWriter:
    """One job's `progress(stage, done, total)` callback, writing at most every `EVERY` seconds.

    A new stage is always written, so the page never shows a stage that is over.
    Call `close` when the job ends: it forgets the job's progress in the side file.
    """

    def __init__(self, job_pk: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.job_pk = job_pk
        self.every: float = getattr(settings, "TWOWAY_IMPORT_PROGRESS_EVERY", EVERY)
        self._clock = clock
        self._last = float("-inf")
        self._stage: str | None = None
        self._other: Any = None  # a second connection to the database (not SQLite)
        self._side: sqlite3.Connection | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self._clock()
        if stage == self._stage and now - self._last < self.every:
            return
        self._last, self._stage = now, stage
        self.write(stage, done, total)

    def write(self, stage: str, done: int, total: int) -> None:
        """Write this progress now, where the job page sees it at once."""
        stage, done, total = stage[:200], max(0, done), max(0, total)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_pk).update(stage=stage, done=done, total=total)
        elif (path := side_file()) is not None:
            if self._side is None:
                self._side = _open_side(path)
            self._side.execute(
                "INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?)",
                (self.job_pk, stage, done, total),
            )
        elif connection.vendor != "sqlite":
            self._write_on_other_connection(stage, done, total)

    def _write_on_other_connection(self, stage: str, done: int, total: int) -> None:
        if self._other is None:
            # A copy of the connection in use: the same database, a session of its own.
            self._other = connections[DEFAULT_DB_ALIAS].copy()
        q = self._other.ops.quote_name
        sql = (
            f"UPDATE {q(ImportJob._meta.db_table)} SET {q('stage')} = %s, {q('done')} = %s, "
            f"{q('total')} = %s WHERE {q('id')} = %s"
        )
        with self._other.cursor() as cursor:
            cursor.execute(sql, [stage, done, total, self.job_pk])

    def close(self) -> None:
        """Close the extra connections, and remove the job from the side file."""
        if self._other is not None:
            self._other.close()
            self._other = None
        path = side_file()
        if path is not None and path.exists():
            with closing(self._side or _open_side(path)) as side:
                side.execute("DELETE FROM progress WHERE job = ?", (self.job_pk,))
        self._side = None


def live_progress(job: ImportJob) -> tuple[str, int, int]:
    """(stage, done, total) of a job as it stands now, wherever it was last written."""
    if job.state == ImportJob.State.RUNNING:
        path = side_file()
        if path is not None and path.exists():
            with closing(_open_side(path)) as side:
                row = side.execute(
                    "SELECT stage, done, total FROM progress WHERE job = ?", (job.pk,)
                ).fetchone()
            if row is not None:
                return str(row[0]), int(row[1]), int(row[2])
    return job.stage, job.done, job.total


def _open_side(path: Path) -> sqlite3.Connection:
    # Autocommit (isolation_level=None): each write is visible at once.
    side = sqlite3.connect(path, timeout=5, isolation_level=None)
    side.execute(_TABLE)
    return side
