"""Shared fixtures: a real SQLite store per test, and the CLI run in-process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import settings

LEDGERS = Path(__file__).parent / "data" / "ledgers"

# Locally every run explores new examples; CI replays a fixed set, so a run is
# judged on the change it checks (failures found locally are kept in .hypothesis/).
# No deadline: speed is measured by `make bench`, never by a test that a busy machine fails.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("local", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")


@pytest.fixture(scope="session")
def migrated_store(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Path:
    """A store with every migration applied, made once; tests get copies (migrating is slow)."""
    from django.db import connections

    from twoway.web.ledger import store

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    conn = connections["default"]
    name, env = conn.settings_dict["NAME"], os.environ.get("TWOWAY_DB")
    with django_db_blocker.unblock():
        store.open_store(str(path))
        store.close_store()
    conn.settings_dict["NAME"] = name
    if env is None:
        os.environ.pop("TWOWAY_DB", None)
    else:
        os.environ["TWOWAY_DB"] = env
    return path


@pytest.fixture
def store_path(
    tmp_path: Path, migrated_store: Path, django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh SQLite store file for this test; database access is allowed while it runs."""
    from django.db import connections

    path = tmp_path / "twoway.sqlite3"
    shutil.copyfile(migrated_store, path)
    monkeypatch.setenv("TWOWAY_DB", str(path))  # and restored afterwards, whatever --db did
    conn = connections["default"]
    name = conn.settings_dict["NAME"]
    with django_db_blocker.unblock():
        yield path
        conn.close()
    conn.settings_dict["NAME"] = name


@pytest.fixture
def store(store_path: Path) -> ModuleType:
    """The store module, opened on this test's store."""
    from twoway.web.ledger import store as module

    module.open_store(str(store_path))
    return module


@dataclass(frozen=True)
class Result:
    """What a CLI run did; `text` and `error` have their whitespace folded (Rich wraps)."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return " ".join(self.out.split())

    @property
    def error(self) -> str:
        return " ".join(self.err.split())


@pytest.fixture
def twoway(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `twoway ARGS...` in-process; returns the exit code and what it printed."""
    from twoway.cli import run

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
