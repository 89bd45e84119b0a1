"""What the imports tests share besides fixtures: the data folders, the real worker, the newest job."""

from __future__ import annotations

import signal
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command

from twoway.web.imports.models import ImportJob

DATA = Path(__file__).parents[2] / "data"
LEDGERS = DATA / "ledgers"
CHATS = DATA / "chats"


def run_worker() -> None:
    """The real worker: every job waiting now, then it stops (its signal handlers put back)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def last_job(owner: User) -> ImportJob:
    """The owner's newest job, fresh from the database."""
    return ImportJob.objects.filter(owner=owner).latest("created", "pk")
