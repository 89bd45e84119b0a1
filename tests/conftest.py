"""Shared fixtures: a fresh store per test (SQLite or PostgreSQL), and the CLI run in-process.

The suite runs on both databases (`make test-sqlite`, `make test-pg`). On SQLite
every test that needs a store gets its own file, copied from a migrated template;
on PostgreSQL (`DATABASE_URL=postgres://...`) it gets pytest-django's test
database, rolled back after the test. Tests about SQLite files themselves are
marked `@pytest.mark.sqlite_only("why")` and skipped on PostgreSQL.
"""

from __future__ import annotations

import functools
import inspect
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def database_vendor() -> str:
    """The database the settings chose for this run: "sqlite" or "postgresql"."""
    from django.conf import settings as django_settings

    engine = str(django_settings.DATABASES["default"]["ENGINE"])
    return "postgresql" if engine.endswith("postgresql") else "sqlite"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): about SQLite files themselves (--db, WAL, paths); "
        "skipped on PostgreSQL",
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {database_vendor()}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if database_vendor() == "sqlite":
        return
    for item in items:
        # pytest-django creates the test database only for the tests it sees need one.
        if "fresh_store" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            if not marker.args:
                raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {marker.args[0]}"))


@pytest.fixture(scope="session")
def on_postgres() -> bool:
    """Whether this run uses PostgreSQL (DATABASE_URL) rather than SQLite files."""
    return database_vendor() == "postgresql"


@contextmanager
def sqlite_file_connection(django_db_blocker: Any) -> Iterator[None]:
    """Let the code inside point the default connection at SQLite files, then put it back.

    pytest-django's SQLite test database lives in memory, and Django never
    closes an in-memory connection (that would lose its data): switching the
    connection's NAME alone would carry on in memory. So the live connection is
    set aside while the files are used, and comes back afterwards with its name
    and TWOWAY_DB (which `open_store` sets).
    """
    from django.db import connections

    conn = connections["default"]
    name, kept, env = conn.settings_dict["NAME"], conn.connection, os.environ.get("TWOWAY_DB")
    conn.connection = None
    try:
        with django_db_blocker.unblock():
            try:
                yield
            finally:
                conn.close()  # the file's connection
    finally:
        conn.settings_dict["NAME"] = name
        conn.connection = kept
        if env is None:
            os.environ.pop("TWOWAY_DB", None)
        else:
            os.environ["TWOWAY_DB"] = env


@pytest.fixture(scope="session")
def migrated_store(tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any) -> Path:
    """A SQLite store with every migration applied, made once; tests get copies (migrating is slow)."""
    from twoway.web.ledger import store

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    with sqlite_file_connection(django_db_blocker):
        store.open_store(str(path))
    return path


@pytest.fixture
def fresh_store(request: pytest.FixtureRequest, on_postgres: bool) -> Path | None:
    """An empty store for this test, which the CLI uses without --db; returns its file, if any.

    SQLite: a copy of the migrated template, named by TWOWAY_DB (what `--db` reads).
    PostgreSQL: None; pytest-django's test database, in a transaction rolled back afterwards.
    """
    if on_postgres:
        request.getfixturevalue("db")
        return None
    path: Path = request.getfixturevalue("store_path")
    return path


@pytest.fixture
def store_path(
    tmp_path: Path,
    on_postgres: bool,
    request: pytest.FixtureRequest,
    django_db_blocker: Any,
) -> Iterator[Path]:
    """A fresh SQLite store file for this test; database access is allowed while it runs.

    Only for tests about the file itself (mark them sqlite_only); others use `fresh_store`.
    """
    if on_postgres:
        pytest.fail("store_path is a SQLite file: use fresh_store, or mark the test sqlite_only")
    migrated = request.getfixturevalue("migrated_store")
    path = tmp_path / "twoway.sqlite3"
    shutil.copyfile(migrated, path)
    with sqlite_file_connection(django_db_blocker):
        os.environ["TWOWAY_DB"] = str(path)  # what `--db` reads when it is not given
        yield path


class StoreFor:
    """The store module acting for one account, as the CLI does.

    Every store function requires its `owner`; a test that does not name one
    acts for the CLI's account (`acting_account`: the only account, made on
    first use), so `twoway log` and `store.ledger_for` in one test see the same
    data. A call that passes `owner` itself is left alone.
    """

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    @property
    def owner(self) -> Any:
        """The account the CLI acts for in this store (made when there is none)."""
        from twoway.web.ledger.acting import acting_account

        return acting_account(None, create=True).user

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._module, name)
        if not callable(attr) or isinstance(attr, type):
            return attr
        try:
            signature = inspect.signature(attr)
        except (TypeError, ValueError):
            return attr
        if "owner" not in signature.parameters:
            return attr

        @functools.wraps(attr)
        def acting(*args: Any, **kwargs: Any) -> Any:
            if "owner" not in signature.bind_partial(*args, **kwargs).arguments:
                kwargs["owner"] = self.owner
            return attr(*args, **kwargs)

        return acting


@pytest.fixture
def store(fresh_store: Path | None) -> Any:
    """The store module, opened on this test's store, acting for the CLI's account."""
    from twoway.web.ledger import store as module

    module.open_store(str(fresh_store) if fresh_store else None)
    return StoreFor(module)


@pytest.fixture
def committed_db(request: pytest.FixtureRequest, on_postgres: bool) -> None:
    """A database where commits are real, so other threads and the worker see them.

    On PostgreSQL, pytest-django's transactional database (asked for as a marker:
    by name from a fixture, `transactional_db` would be taken as `db`); on SQLite,
    a store file of this test's own, like the CLI's tests.
    """
    if on_postgres:
        request.node.add_marker(pytest.mark.django_db(transaction=True))
        request.getfixturevalue("db")
        from twoway.web.ledger import store as module

        module.open_store(None)
    else:
        request.getfixturevalue("store")


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
