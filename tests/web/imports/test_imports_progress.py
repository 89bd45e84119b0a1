"""Progress: written while an import runs, and seen by the job page while its transaction is open."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from tests.web.imports.imports_helpers import last_job, run_worker
from twoway.web.imports.models import ImportJob
from twoway.web.imports.progress import ProgressWriter, live_progress, side_file
from twoway.web.ledger.models import Event, Person

ROWS = 5000


def page_seen_elsewhere(client: Client, url: str) -> str:
    """The job's status as another browser would get it now: another thread, another connection."""
    seen: dict[str, str] = {}

    def fetch() -> None:
        try:
            seen["html"] = client.get(url, headers={"HX-Request": "true"}).content.decode()
        finally:
            connections.close_all()

    thread = threading.Thread(target=fetch)
    thread.start()
    thread.join(timeout=60)
    return seen["html"]


def running_job(owner: User) -> ImportJob:
    return ImportJob.objects.create(
        owner=owner, kind="ledger", filename="big.csv", state=ImportJob.State.RUNNING
    )


def test_progress_is_written_at_most_every_half_second_and_at_each_new_stage(
    owner: User,
) -> None:
    job = running_job(owner)
    now = [100.0]
    writer = ProgressWriter(job.pk, clock=lambda: now[0])

    def row() -> tuple[str, int, int]:
        job.refresh_from_db()
        return job.stage, job.done, job.total

    writer("Checking rows", 1000, 5000)
    assert row() == ("Checking rows", 1000, 5000)
    now[0] += 0.2
    writer("Checking rows", 2000, 5000)  # too soon: skipped
    assert row() == ("Checking rows", 1000, 5000)
    now[0] += 0.4
    writer("Checking rows", 3000, 5000)
    assert row() == ("Checking rows", 3000, 5000)
    now[0] += 0.1
    writer("Writing", 1000, 5000)  # a new stage is written at once
    assert row() == ("Writing", 1000, 5000)
    writer.close()


def test_progress_written_inside_an_open_transaction_is_seen_by_the_page_at_once(
    owner: User, owner_client: Client
) -> None:
    job = running_job(owner)
    writer = ProgressWriter(job.pk)
    url = reverse("import_job", args=[job.pk])
    with transaction.atomic():
        Person.objects.create(owner=owner, name="Sam")  # the import's writes hold the database
        writer("Writing", 500, 1000)
        page = page_seen_elsewhere(owner_client, url)
        assert "Writing</strong>: 500 of 1,000" in page
        assert '<progress value="500" max="1000"' in page
    writer.close()


def write_ledger(path: Path, rows: int) -> Path:
    """A ledger of `rows` talks between Alex and Sam, a minute apart."""
    lines = ["at,by,to,kind,note"]
    for i in range(rows):
        day, minute = divmod(i, 1440)
        by, to = ("Alex", "Sam") if i % 2 else ("Sam", "Alex")
        at = f"2024-01-{day + 1:02d}T{minute // 60:02d}:{minute % 60:02d}"
        lines.append(f"{at},{by},{to},talk,talk number {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_import_shows_its_progress_while_its_transaction_is_open(
    upload: Callable[..., Any],
    owner: User,
    owner_client: Client,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.TWOWAY_IMPORT_PROGRESS_EVERY = 0  # every report is written, so what is seen is known
    upload(write_ledger(tmp_path / "big.csv", ROWS), person="Sam")
    job = last_job(owner)
    url = reverse("import_job", args=[job.pk])
    pages: list[str] = []
    events = f'INSERT INTO "{Event._meta.db_table}"'

    def peek(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        # Just before the new events are copied in from the staged rows, in one statement.
        if sql.startswith(events) and len(pages) < 100:
            pages.append(page_seen_elsewhere(owner_client, url))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(peek):
        run_worker()

    # The rows were checked and staged before the transaction; inside it, the page still
    # sees the import's stage through the side channel.
    assert len(pages) == 1
    assert f"Writing</strong>: 0 of {ROWS:,}" in pages[0]
    assert f'<progress value="0" max="{ROWS}"' in pages[0]
    assert all('hx-trigger="every 1s"' in p for p in pages)
    job = last_job(owner)
    assert (job.state, job.result["added"]) == ("done", ROWS)
    assert live_progress(job) == ("Done", job.done, job.total)


@pytest.mark.sqlite_only("the side file is how SQLite shows progress during a transaction")
def test_the_side_file_forgets_a_job_when_it_ends(
    upload: Callable[..., Any], owner: User, tmp_path: Path, settings: Any
) -> None:
    import sqlite3

    settings.TWOWAY_IMPORT_PROGRESS_EVERY = 0
    upload(write_ledger(tmp_path / "big.csv", 2000), person="Sam")
    run_worker()
    path = side_file()
    assert path is not None
    assert path.exists()
    with sqlite3.connect(path) as side:
        assert side.execute("SELECT count(*) FROM progress").fetchone() == (0,)
