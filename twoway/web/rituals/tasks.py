"""The reminders' background task: it sends what is due, then asks to run again a little later.

The chain is started when a worker starts (`twoway worker`, or the worker that
`twoway serve` runs beside the site: `start_reminders`), and each run queues
the next one, `EVERY` minutes later. There is only ever one run waiting: a run
queues its next only when none is waiting, and should two workers both queue
one at the same moment, every run keeps the earliest and drops the others. A
reminder itself is never sent twice, however many runs there are
(`ReminderSent` is unique).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from twoway.web.rituals import reminders

logger = logging.getLogger(__name__)

#: How often the reminders are looked at: a reminder comes at most this late.
EVERY = timedelta(minutes=5)
#: How long the rows of finished runs are kept (one every few minutes adds up).
KEEP_DONE = timedelta(days=1)
KEEP_FAILED = timedelta(days=7)


@task()
def send_due_reminders() -> int:
    """Send the reminders due now; returns how many were sent. Always queues the next run."""
    try:
        return reminders.send_due(timezone.now())
    finally:
        schedule_next(EVERY)


def waiting() -> QuerySet[DBTaskResult[Any, Any], DBTaskResult[Any, Any]]:
    """The runs of `send_due_reminders` queued and not started."""
    return DBTaskResult.objects.filter(
        task_path=send_due_reminders.module_path, status=TaskResultStatus.READY
    )


def schedule_next(delay: timedelta) -> None:
    """Queue a run `delay` from now unless one is waiting; then leave only the earliest waiting."""
    if not isinstance(send_due_reminders.get_backend(), DatabaseBackend):
        # Another backend (e.g. run at once) cannot wait: the chain would never pause.
        logger.warning("ritual reminders need the database task backend; none are scheduled")
        return
    now = timezone.now()
    if not waiting().exists():
        send_due_reminders.using(run_after=now + delay).enqueue()
    first = waiting().order_by("run_after", "id").values_list("id", flat=True)[:1]
    waiting().exclude(id__in=list(first)).delete()
    runs = DBTaskResult.objects.filter(task_path=send_due_reminders.module_path)
    runs.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - KEEP_DONE).delete()
    runs.filter(status=TaskResultStatus.FAILED, finished_at__lt=now - KEEP_FAILED).delete()


def start_reminders() -> None:
    """Start the chain of runs when a worker starts, unless a run is already waiting."""
    schedule_next(timedelta(0))
