"""The project's own exceptions: a code, fields, and a sentence no surface owns.

A `TwowayError` carries:

- `code`: a short stable name for what went wrong (`ambiguous_dates`, `bad_row` …),
  listed with its fields in docs/json.md; each subclass has a default, so a plain
  `raise TwowayError("…")` is `invalid_input`;
- `fields`: what a surface needs to word it (`source`, `line`, `field`,
  `candidates`, `example`, and `option`: the setting that would change the
  outcome, named neutrally, e.g. `date_order`, `chat`, `me`);
- `message`: a plain sentence that names no surface's controls (no CLI flag, no
  form label), so it can be shown anywhere as it is.

The CLI adds its flags (`twoway.cli.errors`), the import pages their form labels,
the API sends `{"error": {"code", "message", "fields"}}`. No surface reads
another's sentence: they read the code and the fields.
"""

from __future__ import annotations

from typing import Any, ClassVar


class TwowayError(Exception):
    """Something the user can fix: a bad file, an unknown person, a bad option."""

    #: The code of an error raised without one; subclasses name their own.
    default_code: ClassVar[str] = "invalid_input"

    def __init__(self, message: str, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}

    @property
    def option(self) -> str | None:
        """The setting that would change the outcome (`date_order`, `me` …), if any."""
        value = self.fields.get("option")
        return value if isinstance(value, str) else None

    def as_json(self) -> dict[str, Any]:
        """`{"code", "message", "fields"}`: the API's and the job page's form of the error."""
        return {"code": self.code, "message": self.message, "fields": dict(self.fields)}


class BadInput(TwowayError):
    """Something wrong at a place in a file: `source`, and `line` when it is known.

    The sentence is `detail` after the place (`ledger.csv, line 4: …`); a surface
    that names places its own way (the account restore, `people[0].events[3]`)
    builds its sentence from `source`, `line` and `detail`.
    """

    default_code: ClassVar[str] = "bad_file"

    def __init__(
        self,
        source: str,
        detail: str,
        *,
        line: int | None = None,
        code: str | None = None,
        **fields: Any,
    ) -> None:
        self.source, self.line, self.detail = source, line, detail
        where = f", line {line}" if line is not None else ""
        super().__init__(
            f"{source}{where}: {detail}",
            code=code,
            source=source,
            line=line,
            detail=detail,
            **fields,
        )


class BadRow(BadInput):
    """A ledger row that breaks the interchange format (`more` other rows do too)."""

    default_code: ClassVar[str] = "bad_row"

    def __init__(self, source: str, line: int, field: str, expected: str, more: int = 0) -> None:
        self.field, self.expected, self.more = field, expected, more
        # The place reads "line 4, field `at`"; `detail` stays the reason alone.
        super().__init__(source, expected, line=line, field=field, more=more or None)
        text = f"{source}, line {line}, field `{field}`: {expected}"
        if more:
            text += f" ({more} more bad row{'s' if more != 1 else ''})"
            self.fields["option"] = "skip_bad"
        self.message = text
        self.args = (text,)


class NotOneRelationship(TwowayError):
    """A ledger naming more (or fewer) than the two people of one relationship."""

    default_code: ClassVar[str] = "not_one_relationship"


class UnknownFormat(TwowayError):
    """A file whose format could not be recognised."""

    default_code: ClassVar[str] = "unknown_format"


class StoreBusy(TwowayError):
    """The store is taken by another write for longer than we wait; trying again will work."""

    default_code: ClassVar[str] = "store_busy"
