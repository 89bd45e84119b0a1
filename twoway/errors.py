"""The project's own exceptions: each carries a message fit to show a person.

The CLI maps every `TwowayError` to that message and exit code 1; any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class TwowayError(Exception):
    """Something the user can fix: a bad file, an unknown person, a bad option."""


class BadRow(TwowayError):
    """A ledger row that breaks the interchange format."""

    def __init__(self, source: str, line: int, field: str, expected: str, more: int = 0) -> None:
        self.source, self.line, self.field, self.expected, self.more = (
            source,
            line,
            field,
            expected,
            more,
        )
        text = f"{source}, line {line}, field `{field}`: {expected}"
        if more:
            text += f" ({more} more bad row{'s' if more != 1 else ''}; --skip-bad skips them)"
        super().__init__(text)


class NotOneRelationship(TwowayError):
    """A ledger naming more (or fewer) than the two people of one relationship."""


class UnknownFormat(TwowayError):
    """A file whose format could not be recognised."""
