"""Fixtures for the imports tests: a store the real worker can run on, an owner and an outsider.

The worker checks its database connection between jobs, the way a web request
does, and a test's open transaction does not survive that. So on PostgreSQL
these tests commit for real (pytest-django's `transactional_db`); on SQLite
they use a store file of their own, like the CLI's tests, beside which a
running import keeps its live progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse


@pytest.fixture
def owner(committed_db: None) -> User:
    """The user who uploads (no password: hashing one is slow, and force_login needs none)."""
    # Not pytest-django's django_user_model: it asks for the `db` fixture, another database.
    return User.objects.create_user(username="alex")


@pytest.fixture
def outsider(committed_db: None) -> User:
    """Another user of the same site."""
    return User.objects.create_user(username="morgan")


@pytest.fixture
def owner_client(client: Client, owner: User) -> Client:
    """A browser where the owner is logged in."""
    client.force_login(owner)
    return client


@pytest.fixture
def upload(owner_client: Client) -> Callable[..., Any]:
    """Send a file through the import form; returns the response (not followed)."""

    def send(
        path: Path | None = None, *, content: bytes | None = None, name: str = "", **fields: Any
    ) -> Any:
        data = content if content is not None else Path(path or "").read_bytes()
        file = SimpleUploadedFile(name or Path(path or "upload").name, data)
        return owner_client.post(
            reverse("import"), {"file": file, "kind": "auto", "gap": 6, **fields}
        )

    return send
