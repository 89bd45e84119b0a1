"""The settings: the database choice is a pure function of the environment."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from twoway.web.settings import data_dir, database_settings, env_bool, env_int, secret_key

DATA = Path("/data/twoway")


def test_sqlite_in_the_data_directory_by_default() -> None:
    db = database_settings({}, DATA)["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(DATA / "twoway.sqlite3")


def test_sqlite_uses_wal_a_busy_timeout_and_immediate_transactions() -> None:
    options = database_settings({}, DATA)["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]
    assert options["timeout"] == 20
    assert options["transaction_mode"] == "IMMEDIATE"


def test_twoway_db_names_the_sqlite_file() -> None:
    db = database_settings({"TWOWAY_DB": "/tmp/mine.sqlite3"}, DATA)["default"]
    assert db["NAME"] == "/tmp/mine.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_twoway_db_wins_over_database_url() -> None:
    env = {"TWOWAY_DB": "/tmp/mine.sqlite3", "DATABASE_URL": "postgres://u:p@h/twoway"}
    assert database_settings(env, DATA)["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_database_url_chooses_postgresql() -> None:
    url = "postgres://alex:s%40cret@db.example:5433/twoway?sslmode=require"
    db = database_settings({"DATABASE_URL": url}, DATA)["default"]
    assert db == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "twoway",
        "USER": "alex",
        "PASSWORD": "s@cret",
        "HOST": "db.example",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "require"},
    }


def test_postgresql_scheme_without_port_or_password() -> None:
    db = database_settings({"DATABASE_URL": "postgresql://alex@localhost/twoway"}, DATA)["default"]
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("alex", "", "localhost", "")


def test_a_socket_host_is_taken_from_the_query() -> None:
    url = "postgres:///twoway?host=/var/run/postgresql"
    db = database_settings({"DATABASE_URL": url}, DATA)["default"]
    assert db["HOST"] == "/var/run/postgresql"
    assert db["OPTIONS"] == {}


def test_sqlite_database_url() -> None:
    db = database_settings({"DATABASE_URL": "sqlite:////srv/twoway.sqlite3"}, DATA)["default"]
    assert db["NAME"] == "/srv/twoway.sqlite3"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://u:p@h/twoway", "unsupported database 'mysql'"),
        ("postgres://u:p@h", "no database name"),
        ("postgres://u:p@h:port/twoway", "port is not a number"),
        ("sqlite://", "expected sqlite:///path"),
    ],
)
def test_a_bad_database_url_is_refused_with_its_name(url: str, words: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as caught:
        database_settings({"DATABASE_URL": url}, DATA)
    assert words in str(caught.value)


def test_busy_timeout_is_read_as_a_number() -> None:
    db = database_settings({"TWOWAY_DB_TIMEOUT": "5"}, DATA)["default"]
    assert db["OPTIONS"]["timeout"] == 5
    with pytest.raises(ImproperlyConfigured, match="TWOWAY_DB_TIMEOUT='soon': expected a whole"):
        database_settings({"TWOWAY_DB_TIMEOUT": "soon"}, DATA)
    with pytest.raises(ImproperlyConfigured, match="expected 0 or more"):
        env_int({"TWOWAY_DB_TIMEOUT": "-1"}, "TWOWAY_DB_TIMEOUT", 20, minimum=0)


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("Yes", True), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(raw: str, value: bool) -> None:
    assert env_bool({"X": raw}, "X", not value) is value


def test_env_bool_refuses_anything_else() -> None:
    assert env_bool({}, "X", True) is True
    with pytest.raises(ImproperlyConfigured, match="X='maybe': expected true or false"):
        env_bool({"X": "maybe"}, "X", False)


def test_data_dir_can_be_moved() -> None:
    assert data_dir({"TWOWAY_DATA_DIR": "/srv/tw"}) == Path("/srv/tw")
    assert data_dir({}).name == "twoway"


def test_secret_key_is_generated_once_per_data_dir_and_kept_private(tmp_path: Path) -> None:
    first = secret_key({}, tmp_path)
    assert len(first) >= 50
    assert secret_key({}, tmp_path) == first
    assert secret_key({}, tmp_path / "elsewhere") != first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_secret_key_from_the_environment_must_be_long(tmp_path: Path) -> None:
    key = "k" * 40
    assert secret_key({"TWOWAY_SECRET_KEY": key}, tmp_path) == key
    assert not (tmp_path / "secret_key").exists()
    with pytest.raises(ImproperlyConfigured, match="at least 32 characters"):
        secret_key({"TWOWAY_SECRET_KEY": "short"}, tmp_path)


def test_the_settings_module_keeps_times_in_utc_and_installs_the_ledger() -> None:
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "UTC"
    assert "twoway.web.ledger" in settings.INSTALLED_APPS
    assert settings.SECRET_KEY
