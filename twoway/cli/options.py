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


def json_flag(help: str) -> Callable[[F], F]:
    """`--json` (as `as_json`), with help text that says what is printed."""
    return click.option("--json", "as_json", is_flag=True, help=help)


json_option = json_flag("Print JSON (docs/json.md) instead of the report.")


def as_of_option(f: F) -> F:
    return click.option(
        "--as-of",
        type=DateParam(),
        default=None,
        help="Evaluate the ledger as it stood on this date (later events are ignored). "
        "Default: the date of the last event.",
    )(f)


def me_flag(help: str) -> Callable[[F], F]:
    """`--me NAME`: which name in the ledger is yours, with help fitting the command."""
    return click.option("--me", default=None, metavar="NAME", help=help)


me_option = me_flag("Which of the two people you are (the report speaks to you).")
me_when_new = me_flag("Your name in this ledger, when the person is new.")


def db_option(f: F) -> F:
    return click.option(
        "--db",
        envvar="TWOWAY_DB",
        default=None,
        metavar="PATH",
        help="The SQLite store to use (default: twoway.sqlite3 in your data directory; env TWOWAY_DB).",
    )(f)
