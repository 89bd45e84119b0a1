"""Options shared by several commands, defined once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
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


_HHMM = re.compile(r"^\d{1,2}:\d{2}$")
#: What WhenParam gives: the wall-clock time, its UTC offset in minutes if given, date only.
When = tuple[datetime, int | None, bool]


class WhenParam(click.ParamType):
    """When something happened, as a ledger writes it or in words.

    YYYY-MM-DD, YYYY-MM-DDTHH:MM[+01:00] (or with a space), HH:MM today, or
    English words read by parsedatetime: "yesterday", "last friday 19:00",
    "3 days ago". A day without a time is kept as a day. Words that name a time
    still to come ("friday" is the next one) are refused: a journal is written
    after the fact.
    """

    name = "when"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> When:
        if isinstance(value, tuple):
            return value  # type: ignore[return-value]
        text = str(value).strip()
        try:
            if _HHMM.match(text):
                hour, minute = (int(part) for part in text.split(":"))
                today = datetime.combine(date.today(), datetime.min.time())
                return today.replace(hour=hour, minute=minute), None, False
            if len(text) == 10:
                return datetime.combine(date.fromisoformat(text), datetime.min.time()), None, True
            at = datetime.fromisoformat(text)
        except ValueError:
            return self._words(text, param, ctx)
        offset = at.utcoffset()
        minutes = None if offset is None else int(offset / timedelta(minutes=1))
        return at.replace(tzinfo=None), minutes, False

    def _words(self, text: str, param: click.Parameter | None, ctx: click.Context | None) -> When:
        # parsedatetime: small, pure Python, offline; imported only when words are given.
        import parsedatetime

        now = datetime.now().replace(second=0, microsecond=0)
        calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
        at, found = calendar.parseDT(text, sourceTime=now)
        if not found.hasDateOrTime:
            self.fail(
                f"expected YYYY-MM-DD, YYYY-MM-DDTHH:MM, HH:MM or words such as "
                f'"yesterday" or "3 days ago", got {text!r}',
                param,
                ctx,
            )
        date_only = found.hasDate and not found.hasTime
        if (at.date() if date_only else at) > (now.date() if date_only else now):
            shown = at.date().isoformat() if date_only else at.strftime("%Y-%m-%d %H:%M")
            self.fail(
                f'{text!r} reads as {shown}, which has not come yet; say "last …" or give the date',
                param,
                ctx,
            )
        if date_only:
            at = datetime.combine(at.date(), datetime.min.time())
        return at.replace(second=0, microsecond=0), None, date_only


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
