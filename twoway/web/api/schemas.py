"""The API's request and response bodies, as the OpenAPI schema publishes them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, Field, StrictBool, model_validator

from twoway.core.events import SHARED_BY_DEFAULT, Kind
from twoway.core.names import name_problem


def _a_name(value: str) -> str:
    """The one rule for names (`twoway.core.names`), as a schema check."""
    problem = name_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


#: A text field: anything but the NUL character, which PostgreSQL cannot store.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_a_name)]
#: A wall-clock time as the ledger keeps it: ISO 8601 without an offset (not RFC 3339's
#: `date-time`, which needs one). The offset, when known, is given beside it.
WallClock = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$",
        examples=["2024-03-01T18:30:00"],
    ),
]
RelationshipKind = Literal["partner", "friend", "family", "other"]
Side = Literal["me", "them"]


class Body(Schema):
    """A request body: a JSON object, never a list or a bare value read as one."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Ninja reads fields off any value by attribute (wrapped in its DjangoGetter), so
        # a list would pass as "no changes".
        inner = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(inner, dict):
            raise ValueError(f"expected a JSON object, got {_json_type(inner)}")
        return data


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, as a client wrote it."""
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


class Message(Schema):
    """An error: `detail` says what went wrong, in words fit to show a person."""

    detail: str


class FieldError(Schema):
    """One problem with one field of a request."""

    field: str
    message: str
    type: str | None = None


class Invalid(Schema):
    """A request that cannot be done as sent: `detail` names the field and what was expected.

    `errors` lists each problem found while reading the request (missing fields,
    wrong types), one entry per field, when there were such problems.
    """

    detail: str
    errors: list[FieldError] = Field(default_factory=list)


# --- people --------------------------------------------------------------------


class PersonOut(Schema):
    """Someone in your circle, with the size of your ledger together."""

    id: int
    name: str
    kind: RelationshipKind
    me_name: str = Field(description="Your name in this person's ledger.")
    events: int = Field(description="How many events the ledger holds.")
    last_event: WallClock | None = Field(description="The latest event's time (wall-clock).")


class PersonIn(Body):
    """A new person. `me_name` defaults to the name you go by in your latest relationship."""

    name: Name
    kind: RelationshipKind = "other"
    me_name: Name | None = None


class PersonPatch(Body):
    """Changes to a person; fields left out (or null) stay as they are."""

    name: Name | None = None
    kind: RelationshipKind | None = None
    me_name: Name | None = None


class PersonDeleted(Schema):
    """What deleting a person removed with them."""

    person: str
    events: int
    assessments: int


# --- events --------------------------------------------------------------------

_AT = (
    "When it happened, as the wall-clock time where it happened: 2024-03-01T18:30:00, "
    "or with an offset (2024-03-01T18:30:00+01:00), which is kept as `offset_minutes`; "
    "the time itself is never converted."
)


class EventOut(Schema):
    """One ledger row."""

    id: int
    person_id: int
    at: WallClock = Field(description="Wall-clock time as written, without an offset.")
    offset_minutes: int | None = Field(description="The UTC offset given with `at`, if any.")
    date_only: StrictBool = Field(description="True when only the day is known.")
    by: Side = Field(description="Who did it: you, or the other person.")
    kind: Kind
    key: str = Field(description="The ledger id later rows refer to (bids, needs …).")
    ref: str = Field(description="The id of the row this one answers.")
    value: str
    note: str
    shared: StrictBool = Field(
        description="True when your linked partner sees it too; false: you alone (private)."
    )


_SHARED_IN = (
    "Whether your linked partner sees it too. Left out: as the log form does, by kind "
    f"(shared: {', '.join(k.value for k in Kind if k.value in SHARED_BY_DEFAULT)}; "
    "the other kinds private), and always private while the relationship is not linked. "
    "True is refused (422) for a relationship that is not linked."
)


class EventIn(Body):
    """A new event. Bids, commitments, needs and boundaries get a `key` when given none."""

    at: datetime = Field(description=_AT)
    date_only: StrictBool = False
    by: Side
    kind: Kind
    key: Text = ""
    ref: Text = ""
    value: Text = Field("", description="support: a style; response: toward, away or against …")
    note: Text = ""
    shared: StrictBool | None = Field(None, description=_SHARED_IN)


class EventPatch(Body):
    """Changes to an event; fields left out (or null) stay as they are."""

    at: datetime | None = Field(None, description=_AT)
    date_only: StrictBool | None = None
    by: Side | None = None
    kind: Kind | None = None
    key: Text | None = None
    ref: Text | None = None
    value: Text | None = None
    note: Text | None = None
    shared: StrictBool | None = Field(
        None, description="Share with your linked partner, or keep it to yourself."
    )


class EventPage(Schema):
    """A page of a ledger's events, in time order; `count` is how many match in all.

    Only your own entries: a linked partner's shared entries are not listed here.
    """

    count: int
    limit: int
    offset: int
    items: list[EventOut]


class EventDeleted(Schema):
    """The event that was deleted."""

    id: int


#: The errors every authenticated route may answer with, for the schema.
ERRORS: dict[int, type[Schema]] = {401: Message, 404: Message, 422: Invalid}
#: And those of routes that read a JSON body (400: a body that is not JSON at all).
BODY_ERRORS: dict[int, type[Schema]] = {400: Message, **ERRORS}
