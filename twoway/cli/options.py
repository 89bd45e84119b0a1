"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):
    """A calendar date written as YYYY-MM-DD."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date as YYYY-MM-DD, got {value!r}", param, ctx)


def json_option(f: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON (docs/json.md) instead of the report."
    )(f)


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of",
        type=DateParam(),
        default=None,
        help="Evaluate the ledger as it stood on this date (later events are ignored). "
        "Default: the date of the last event.",
    )(f)


def me_option(f: F) -> F:
    return click.option(
        "--me",
        default=None,
        metavar="NAME",
        help="Which of the two people you are (the report speaks to you).",
    )(f)


def db_option(f: F) -> F:
    return click.option(
        "--db",
        envvar="TWOWAY_DB",
        default=None,
        metavar="PATH",
        help="The SQLite store to use (default: twoway.sqlite3 in your data directory; env TWOWAY_DB).",
    )(f)
