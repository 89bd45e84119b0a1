"""A worker killed mid-import: its job ends as failed with its reason, never "running" for ever.

A real `twoway worker` process takes a large import, is killed with SIGKILL
while the import runs, and the next look at the import page marks the job
failed, clears its file, frees its place among the unfinished imports, and
nothing of the file is in the store. A new worker then imports normally.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.web.imports.imports_helpers import last_job
from twoway.web.imports.models import ImportJob
from twoway.web.imports.recovery import DIED
from twoway.web.ledger.models import Event

#: Rows in the ledger uploaded: enough that the import is still running when killed.
ROWS = 120_000


def _big_ledger() -> bytes:
    lines = ["at,by,to,kind,note"]
    for i in range(ROWS):
        day, minute = divmod(i, 1440)
        lines.append(
            f"{2000 + day // 365:04d}-{1 + day % 365 // 31:02d}-{1 + day % 28:02d}T"
            f"{minute // 60:02d}:{minute % 60:02d},{'Alex' if i % 2 else 'Sam'},"
            f"{'Sam' if i % 2 else 'Alex'},talk,row {i}"
        )
    return ("\n".join(lines) + "\n").encode()


def _worker_env() -> dict[str, str]:
    """The environment a worker process needs to reach this test's database."""
    env = {k: v for k, v in os.environ.items() if k not in ("TWOWAY_DB", "DATABASE_URL")}
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        env["TWOWAY_DB"] = str(settings["NAME"])
    else:
        host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
        user = settings.get("USER") or "postgres"
        env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{settings['NAME']}"
    return env


def _start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "twoway", "worker", "--batch"],
        env=_worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_job_whose_worker_was_killed_ends_failed_with_its_file_cleared(
    upload: Callable[..., Any], owner: User, owner_client: Client
) -> None:
    response = upload(content=_big_ledger(), name="big.csv", person="Sam", me="Alex")
    assert response.status_code == 302
    job = last_job(owner)
    worker = _start_worker()
    try:
        deadline = time.monotonic() + 120
        while ImportJob.objects.get(pk=job.pk).state == ImportJob.State.QUEUED:
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker never took the job"
            time.sleep(0.05)
        time.sleep(0.5)  # into the import itself
        running = ImportJob.objects.get(pk=job.pk)
        assert running.state == ImportJob.State.RUNNING, running.error
        assert running.worker.endswith(f":{worker.pid}")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.RUNNING  # as it was left

    page = owner_client.get(reverse("import_job", args=[job.pk]))
    assert page.status_code == 200
    stopped = ImportJob.objects.get(pk=job.pk)
    assert stopped.state == ImportJob.State.FAILED
    assert stopped.error == DIED
    assert stopped.result["error"]["code"] == "worker_stopped"
    assert bytes(stopped.data) == b""
    assert stopped.finished is not None
    assert "the worker carrying it out stopped" in page.content.decode()
    assert not Event.objects.filter(relationship__owner=owner).exists()  # nothing half-written

    # The store is whole: the next import, by a new worker, goes through.
    upload(content=b"at,by,to,kind\n2024-03-01,Alex,Sam,talk\n", name="small.csv", person="Sam")
    again = _start_worker()
    assert again.wait(timeout=120) == 0
    done = last_job(owner)
    assert done.state == ImportJob.State.DONE, done.error
    assert Event.objects.filter(relationship__owner=owner).count() == 1
