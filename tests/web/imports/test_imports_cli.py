"""`twoway worker`: the same worker, started from the command line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from tests.conftest import Result
from tests.web.imports.imports_helpers import LEDGERS, last_job


def test_the_worker_command_explains_itself(twoway: Callable[..., Result]) -> None:
    result = twoway("worker", "--help")
    assert result.code == 0
    assert (
        "Run the background worker that carries out imports sent from the website." in result.text
    )
    assert "twoway worker --batch" in result.text
    assert "--db PATH" in result.text


def test_the_worker_command_carries_out_the_imports_waiting(
    twoway: Callable[..., Result], upload: Callable[..., Any], owner: User
) -> None:
    upload(LEDGERS / "store-alex-sam.csv", person="Sam")
    result = twoway("worker", "--batch")
    assert result.code == 0, result.error
    job = last_job(owner)
    assert (job.state, job.result["added"]) == ("done", 12)
