"""The CLI acts for a named account: the only one, `--account`, or `TWOWAY_ACCOUNT`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

Run = Callable[..., Any]


def test_the_first_write_creates_the_account_and_says_so(
    twoway: Run, fresh_store: Path | None
) -> None:
    first = twoway("log", "talk", "--to", "Sam", "--account", "robin", "walked")
    assert first.code == 0, first.err
    assert "Created the account robin" in first.error
    assert "twoway serve --set-password" in first.error
    second = twoway("log", "talk", "--to", "Sam", "again")
    assert second.code == 0, second.err
    assert "Created" not in second.err
    assert list(User.objects.values_list("username", flat=True)) == ["robin"]


def test_reading_an_empty_store_creates_no_account(twoway: Run, fresh_store: Path | None) -> None:
    assert twoway("people").code == 0
    missing = twoway("report", "Sam")
    assert missing.code == 1
    assert "no one in your store yet" in missing.error
    assert not User.objects.exists()


def test_each_account_sees_its_own_people(
    twoway: Run, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    User.objects.create_user(username="ana", password="a calm long password")
    User.objects.create_user(username="ben", password="a calm long password")
    unnamed = twoway("log", "talk", "--to", "Sam")
    assert unnamed.code == 1
    assert "this store has 2 accounts (ana, ben): say which is yours" in unnamed.error
    assert "--account" in unnamed.error
    assert twoway("log", "talk", "--to", "Sam", "--account", "Ana").code == 0
    monkeypatch.setenv("TWOWAY_ACCOUNT", "ben")
    assert twoway("log", "talk", "--to", "Jo").code == 0
    assert "Jo" in twoway("people").text
    assert "Sam" not in twoway("people").text
    assert "Sam" in twoway("people", "--account", "ana").text
    typo = twoway("people", "--account", "anna")
    assert typo.code == 1
    assert "no account called 'anna'" in typo.error
