"""A store taken by another writer for longer than we wait: 503 with Retry-After, never 500."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client

from twoway.cli import run
from twoway.web.api.tokens import issue_token
from twoway.web.ledger.busy import BUSY, is_busy


@pytest.fixture
def held_lock(store: Any, fresh_store: Path) -> Iterator[None]:
    """Another process's write transaction on the store, and a busy timeout of a tenth of a second."""
    other = sqlite3.connect(fresh_store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    connection.close()
    options = connection.settings_dict["OPTIONS"]
    timeout = options.get("timeout")
    options["timeout"] = 0.1
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
        connection.close()
        options["timeout"] = timeout


def test_a_lock_error_is_busy_and_other_errors_are_not() -> None:
    assert is_busy(OperationalError("database is locked"))
    wrapped = RuntimeError("while saving")
    wrapped.__cause__ = OperationalError("database is locked")
    assert is_busy(wrapped)
    assert not is_busy(OperationalError("no such table: ledger_event"))
    assert not is_busy(ValueError("database is locked"))


@pytest.mark.sqlite_only("SQLite's single writer is what makes a write wait for the lock")
def test_the_api_answers_503_with_retry_after_while_the_store_is_locked(
    store: Any, fresh_store: Path, client: Client
) -> None:
    user = User.objects.create_user(username="alex")
    token = issue_token(user, "busy")[1]
    headers = {"Authorization": f"Bearer {token}"}
    connection.close()
    other = sqlite3.connect(fresh_store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    options = connection.settings_dict["OPTIONS"]
    timeout, options["timeout"] = options.get("timeout"), 0.1
    try:
        response = client.post(
            "/api/people", {"name": "Sam"}, content_type="application/json", headers=headers
        )
        assert response.status_code == 503, response.content
        assert response["Retry-After"] == "2"
        assert response.json()["error"]["code"] == "store_busy"
    finally:
        other.execute("ROLLBACK")
        other.close()
        connection.close()
        options["timeout"] = timeout
    again = client.post(
        "/api/people", {"name": "Sam"}, content_type="application/json", headers=headers
    )
    assert again.status_code == 201  # the same request, a moment later, goes through


@pytest.mark.sqlite_only("SQLite's single writer is what makes a write wait for the lock")
def test_the_cli_says_the_store_is_busy_without_a_traceback(
    held_lock: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["log", "talk", "--to", "Sam"])
    assert code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert BUSY in err
