"""Jobs whose worker died: never "running" forever, never holding their file or a place.

A worker killed mid-import (out of memory, a power cut, `kill -9`) leaves its job
`running`: the job page would wait for ever, the file would stay in the database,
and the job would count against the limit of unfinished imports. Nothing of the
file was stored (the import writes in one transaction, which died with it).

So a running job is taken as stopped, and marked failed with its reason and its
file cleared, when:

- its worker ran on this machine and that process is gone; or
- it started more than `STALLED_AFTER` ago (a worker on another machine, or a
  process id used again): far longer than the largest upload takes.

This runs when a worker starts, and whenever someone looks at their imports.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from twoway.web.imports.models import ImportJob

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: How long an import may run before it is taken as stopped, whatever its worker.
STALLED_AFTER = timedelta(hours=2)

#: What a job stopped this way says.
DIED = (
    "The import stopped before it finished: the worker carrying it out stopped "
    "(it may have run out of memory or been shut down). Nothing from the file was "
    "stored; send it again."
)


def this_worker() -> str:
    """This process, as a job records who carries it out: `host:pid`."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _gone(worker: str) -> bool:
    """Whether `worker` ran on this machine and its process no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def recover_stalled(owner: User | None = None) -> int:
    """Mark failed every running job whose worker died (of `owner`'s, or anyone's); returns how many."""
    running = ImportJob.objects.filter(state=ImportJob.State.RUNNING)
    if owner is not None:
        running = running.filter(owner=owner)
    now = timezone.now()
    stalled = [
        pk
        for pk, worker, started in running.values_list("pk", "worker", "started")
        if _gone(worker) or (started is not None and now - started > STALLED_AFTER)
    ]
    if not stalled:
        return 0
    # Only jobs still running: a job that ended meanwhile keeps its outcome.
    return ImportJob.objects.filter(pk__in=stalled, state=ImportJob.State.RUNNING).update(
        state=ImportJob.State.FAILED,
        error=DIED,
        result={"error": {"code": "worker_stopped", "message": DIED, "fields": {}}},
        data=b"",
        finished=now,
    )
