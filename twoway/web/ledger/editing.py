"""Changing and deleting what is stored: one event, or a person's details.

The API and the journal both edit through here, so an edit is checked the way
`add_event` checks a new event: the whole ledger is built with the change and
the core's validation decides. An edit that would break another row (deleting
a bid that a response answers, say) is refused with a message naming the rows
that depend on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from twoway.core.events import NEEDS_ID, Event, format_at
from twoway.core.ledger import ledger_from_frame
from twoway.errors import BadRow, TwowayError
from twoway.web.ledger import RELATIONSHIP_KINDS
from twoway.web.ledger.lookup import check_name, floating, stored_frame
from twoway.web.ledger.writing import fingerprint, lock, next_id

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.web.ledger.models import Event as EventRow
    from twoway.web.ledger.models import Person, Relationship

__all__ = ["EDITABLE", "NotFound", "delete_event", "describe", "update_event", "update_person"]

#: The fields of a stored event that `update_event` may change (the model's names).
EDITABLE = (
    "at",
    "offset_minutes",
    "date_only",
    "by_me",
    "kind",
    "key",
    "ref",
    "value",
    "note",
    "shared",
)


class NotFound(TwowayError):
    """No such row among the owner's: missing, or someone else's (the two are never told apart)."""


def describe(row: EventRow) -> str:
    """A stored event as a person would find it again: `response #12 on 2024-03-02`."""
    name = row.key or f"#{row.pk}"
    return f"{row.kind} {name} on {floating(row.at).date().isoformat()}"


# --- events --------------------------------------------------------------------


def update_event(owner: User, event_pk: int, changes: Mapping[str, Any]) -> EventRow:
    """Change one of the owner's events; returns the row as saved.

    `changes` uses the model's field names (see `EDITABLE`): `at` is the
    wall-clock time (an aware datetime gives its offset too), `by_me` the side,
    `shared` whether a linked partner sees it (an entry of a relationship not
    linked cannot become shared). A kind that needs an id gets one when it has
    none. The whole ledger is validated with the change, and the fingerprint is
    computed again; nothing is saved on error.
    """
    from django.db import transaction

    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise TwowayError(
            f"cannot change {', '.join(unknown)}; an event's editable fields are "
            f"{', '.join(EDITABLE)}"
        )
    with transaction.atomic():
        row = _owned_event(owner, event_pk)
        rel = row.relationship
        lock(rel)
        values = _merged(row, changes)
        if values["shared"] and not row.shared and rel.linked_id is None:
            raise TwowayError(
                f"shared: your journal with {rel.person.name} is not linked with anyone, "
                "so its entries stay private"
            )
        if values["kind"] in NEEDS_ID and not values["key"]:
            values["key"] = next_id(rel, values["kind"])
        key = values["key"]
        if key and key != row.key and rel.events.filter(key=key).exclude(pk=row.pk).exists():
            raise TwowayError(
                f"the id {key!r} is already used in {rel.person.name}'s ledger; choose another"
            )
        _check_ledger(rel, row, values)
        content = {
            "by_me": values["by_me"],
            "at": format_at(values["at"], values["offset_minutes"], values["date_only"]),
            "kind": values["kind"],
            "key": key,
            "ref": values["ref"],
            "value": values["value"],
            "note": values["note"],
            "extra": dict(row.extra),
        }
        taken = set(rel.events.exclude(pk=row.pk).values_list("fingerprint", flat=True))
        occurrence = 0
        while fingerprint(**content, occurrence=occurrence) in taken:
            occurrence += 1
        for field, value in values.items():
            setattr(row, field, value)
        row.at = values["at"].replace(tzinfo=UTC)
        row.fingerprint = fingerprint(**content, occurrence=occurrence)
        row.save()
    return row


def delete_event(owner: User, event_pk: int) -> EventRow:
    """Delete one of the owner's events; returns it as it was (its `pk` is then None).

    An event that others answer (a bid with its response, a need that was met)
    is refused, naming those events: change or delete them first.
    """
    from django.db import transaction

    with transaction.atomic():
        row = _owned_event(owner, event_pk)
        if row.key:
            answers = list(
                row.relationship.events.filter(ref=row.key).exclude(pk=row.pk).order_by("at", "pk")
            )
            if answers:
                listing = ", ".join(describe(a) for a in answers)
                verb, them = ("refers", "it") if len(answers) == 1 else ("refer", "them")
                raise TwowayError(
                    f"{describe(row)} cannot be deleted: {listing} {verb} to it. "
                    f"Change or delete {them} first."
                )
        row.delete()
    return row


def _owned_event(owner: User, event_pk: int) -> EventRow:
    from twoway.web.ledger.models import Event as EventRow

    row = (
        EventRow.objects.select_for_update(of=("self",))
        .select_related("relationship__person")
        .filter(pk=event_pk, relationship__owner=owner)
        .first()
    )
    if row is None:
        raise NotFound(f"no event #{event_pk} in your ledgers")
    return row


def _merged(row: EventRow, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The row's editable values with the changes applied and tidied as a ledger tidies them."""
    values: dict[str, Any] = {f: getattr(row, f) for f in EDITABLE}
    values["at"] = floating(row.at)
    values.update(changes)
    at = values["at"]
    if not isinstance(at, datetime):
        raise TwowayError(f"at: expected a date-time, got {at!r}")
    if at.tzinfo is not None:
        offset = at.utcoffset()
        if "offset_minutes" not in changes and offset is not None:
            values["offset_minutes"] = int(offset / timedelta(minutes=1))
        at = at.replace(tzinfo=None)
    values["date_only"] = bool(values["date_only"])
    if values["date_only"]:  # a day alone: no time of day, no offset
        at = at.replace(hour=0, minute=0, second=0, microsecond=0)
        values["offset_minutes"] = None
    values["at"] = at
    values["by_me"] = bool(values["by_me"])
    values["shared"] = bool(values["shared"])
    for field in ("kind", "key", "ref", "value", "note"):
        values[field] = "" if values[field] is None else str(values[field])
    values["kind"] = values["kind"].strip().lower()
    for field in ("key", "ref", "value"):
        values[field] = values[field].strip()
    return values


def event_frame(event: Event) -> pl.DataFrame:
    """One event as a one-row frame shaped like `stored_frame`'s, to check it with the rest."""
    return pl.DataFrame(
        {
            "at": [event.at],
            "offset": pl.Series([event.offset_minutes], dtype=pl.Int32),
            "date_only": [event.date_only],
            **{f: [getattr(event, f)] for f in ("by", "to", "kind", "id", "ref", "value", "note")},
            "key": [""],
            **{k: [str(v)] for k, v in event.extra.items()},
        },
        schema_overrides={"at": pl.Datetime("us")},
    )


def _check_ledger(rel: Relationship, row: EventRow, values: Mapping[str, Any]) -> None:
    """Build the ledger with the row changed: the core's checks are the only checks."""
    them, me = rel.person.name, rel.me_name
    stored = stored_frame(rel, them)
    # stored_frame orders by time, then database id: the same order as this query.
    pks = list(rel.events.order_by("at", "pk").values_list("pk", flat=True))
    position = pks.index(row.pk)
    others = pks[:position] + pks[position + 1 :]
    stored = stored.with_row_index("_n").filter(pl.col("_n") != position).drop("_n")
    by_me = values["by_me"]
    event = Event(
        at=values["at"],
        by=me if by_me else them,
        to=them if by_me else me,
        kind=values["kind"],
        id=values["key"],
        ref=values["ref"],
        value=values["value"],
        note=values["note"],
        offset_minutes=values["offset_minutes"],
        date_only=values["date_only"],
        extra=dict(row.extra),
    )
    frame = pl.concat([stored, event_frame(event)], how="diagonal").with_row_index("line", offset=1)
    try:
        filled = frame.with_columns(pl.col(pl.String).fill_null(""))
        ledger_from_frame(filled, f"{them} (store)", people=(me, them))
    except BadRow as exc:
        if exc.line is None or exc.line > len(others):  # the changed row itself: it comes last
            raise TwowayError(f"not saved: {exc.expected} (`{exc.field}`)") from None
        broken = rel.events.get(pk=others[exc.line - 1])
        answers = (
            list(rel.events.filter(ref=row.key).exclude(pk=row.pk).order_by("at", "pk"))
            if row.key
            else []
        )
        if answers:
            listing = ", ".join(describe(a) for a in answers)
            verb = "refers" if len(answers) == 1 else "refer"
            raise TwowayError(
                f"not saved: {listing} {verb} to {row.key}, and would no longer fit "
                f"({describe(broken)}: {exc.expected})"
            ) from None
        raise TwowayError(f"not saved: it would break {describe(broken)}: {exc.expected}") from None


# --- people --------------------------------------------------------------------


def update_person(
    owner: User,
    person_pk: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    me_name: str | None = None,
) -> Person:
    """Rename a person, change the relationship's kind, or your name in it; returns the person.

    Events store sides, not names, so a rename keeps the whole history.
    """
    from django.db import transaction

    from twoway.web.ledger.models import Person, Relationship

    with transaction.atomic():
        person = Person.objects.select_for_update().filter(owner=owner, pk=person_pk).first()
        if person is None:
            raise NotFound(f"no person #{person_pk} in your people")
        # Locked apart: PostgreSQL cannot lock the nullable side of a reverse one-to-one join.
        rel = Relationship.objects.select_for_update().get(person=person)
        if name is not None:
            name = name.strip()
            check_name(name, "name")
            taken = Person.objects.filter(owner=owner, name__iexact=name).exclude(pk=person.pk)
            if taken.exists():
                raise TwowayError(f"name: someone called {name!r} is already in your people")
            person.name = name
        if me_name is not None:
            me_name = me_name.strip()
            check_name(me_name, "your name")
            rel.me_name = me_name
        if kind is not None:
            if kind not in RELATIONSHIP_KINDS:
                raise TwowayError(
                    f"kind: unknown kind {kind!r}; expected one of {', '.join(RELATIONSHIP_KINDS)}"
                )
            rel.kind = kind
        if person.name.casefold() == rel.me_name.casefold():
            raise TwowayError(f"you and the person cannot both be called {person.name!r}")
        person.save()
        rel.save()
    return person
