"""`twoway worker`: the background worker that carries out the site's imports."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from twoway.cli.options import db_option

#: The signals the worker takes over to stop gracefully.
_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
)


@click.command("worker")
@click.option(
    "--batch",
    is_flag=True,
    help="Carry out the imports waiting now, then stop (instead of waiting for more).",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="How often to look for new imports when there are none.",
)
@db_option
def worker(batch: bool, interval: float, db: str | None) -> None:
    """Run the background worker that carries out imports sent from the website.

    Files uploaded on the site's Import page wait in the store until a worker
    imports them. `twoway serve` runs one beside the site; run this one when
    the site runs elsewhere (gunicorn, a container). It keeps going until
    stopped with Ctrl+C, finishing the import under way first. It also
    e-mails the ritual reminders people asked for, every few minutes.

    \b
    Examples:
      twoway worker
      twoway worker --db ~/twoway.sqlite3
      twoway worker --batch
    """
    from django.core.management import call_command

    from twoway.cli.common import console, open_store

    store = open_store(db, site=True)
    from twoway.web.rituals.tasks import start_reminders

    start_reminders()  # ritual reminders: their runs, unless one is already waiting
    from twoway.web.imports.recovery import recover_stalled

    recover_stalled()  # jobs left running by a worker that died
    if not batch:
        console().print(
            f"Waiting for imports to carry out ({store.location()}). Stop with Ctrl+C.",
            markup=False,
        )
    with _signals_restored():
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            reload=False,
            # The random start-up delay spreads many workers out; one batch run needs none.
            startup_delay=not batch,
            verbosity=1 if not batch else 0,
        )


@contextmanager
def _signals_restored() -> Iterator[None]:
    """The worker installs its own Ctrl+C handling; put the previous one back afterwards."""
    saved: dict[int, Any] = {s: signal.getsignal(s) for s in _SIGNALS}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)
