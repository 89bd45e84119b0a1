"""The background task: one `ImportJob`, from queued to done or failed.

The task takes the job's primary key (a task's arguments are stored as JSON)
and never raises for a bad file: the job itself records what happened, in
words fit to show its owner. `twoway worker` (or `twoway serve`) runs it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone
from django_tasks import task

from twoway.errors import TwowayError
from twoway.web.imports.importers import run_import
from twoway.web.imports.models import ImportJob
from twoway.web.imports.progress import ProgressWriter
from twoway.web.imports.recovery import this_worker

logger = logging.getLogger(__name__)

#: What a failed job says when the failure is a bug rather than something in the file.
UNEXPECTED = (
    "Something went wrong on our side while importing this file, and it is not "
    "something in the file you can fix. Trying again later may work."
)
STOPPED = "The import was stopped before it finished (the worker was shut down)."


@task()
def import_file(job_pk: int) -> str:
    """Carry out the queued import job `job_pk`; returns the state it ended in."""
    started = ImportJob.objects.filter(pk=job_pk, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING,
        started=timezone.now(),
        stage="Starting",
        done=0,
        total=0,
        worker=this_worker(),
    )
    if not started:  # gone (its owner deleted it), or already taken by another worker
        return "skipped"
    job = ImportJob.objects.select_related("owner").get(pk=job_pk)
    progress = ProgressWriter(job.pk)
    try:  # the outcome is recorded before the live progress is dropped, so the page never goes back
        try:
            result = run_import(job, progress)
        except TwowayError as exc:
            # The code and fields let the page say what on the form would help.
            return _end(
                job, ImportJob.State.FAILED, error=exc.message, result={"error": exc.as_json()}
            )
        except Exception:
            logger.exception("import job %s (%s) failed unexpectedly", job.pk, job.kind)
            return _end(job, ImportJob.State.FAILED, error=UNEXPECTED)
        except BaseException:  # the worker is stopping: say so, then let it stop
            _end(job, ImportJob.State.FAILED, error=STOPPED)
            raise
        return _end(job, ImportJob.State.DONE, result=result)
    finally:
        progress.close()


def _end(
    job: ImportJob, state: str, *, result: dict[str, Any] | None = None, error: str = ""
) -> str:
    """Record how the job ended, and drop the uploaded file: it is no longer needed."""
    ended: dict[str, Any] = {"state": state, "result": result or {}, "error": error}
    if state == ImportJob.State.DONE:
        ended["stage"] = "Done"
    # A failed job keeps the stage it reached: where it stopped can help.
    ImportJob.objects.filter(pk=job.pk).update(**ended, data=b"", finished=timezone.now())
    return state
