"""`/api/people/{id}/events` and `/api/events/{id}`: a ledger's rows, read and written.

Writes go through the store (`add_event`) and `twoway.web.ledger.editing`, so
the core's validation decides what may be stored, exactly as for the CLI.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status

from twoway.core.events import Event, Kind
from twoway.errors import TwowayError
from twoway.web.api.people import MAX_ID, PersonId, owned_person, user_of
from twoway.web.api.schemas import (
    BODY_ERRORS,
    ERRORS,
    EventDeleted,
    EventIn,
    EventOut,
    EventPage,
    EventPatch,
)
from twoway.web.ledger import store
from twoway.web.ledger.editing import delete_event as delete_stored_event
from twoway.web.ledger.editing import update_event
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.writing import CLIENT_KEY

router = Router()

EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="The event's id.")]


def _out(row: EventRow) -> dict[str, Any]:
    return {
        "id": row.pk,
        "person_id": row.relationship.person_id,
        "at": floating(row.at).isoformat(),
        "offset_minutes": row.offset_minutes,
        "date_only": row.date_only,
        "by": "me" if row.by_me else "them",
        "kind": row.kind,
        "key": row.key,
        "ref": row.ref,
        "value": row.value,
        "note": row.note,
        "shared": row.shared,
    }


def _owned_event(request: HttpRequest, event_id: int) -> EventRow:
    return get_object_or_404(
        EventRow.objects.select_related("relationship"),
        pk=event_id,
        relationship__owner=user_of(request),
    )


def wall_clock(at: datetime, date_only: bool) -> tuple[datetime, int | None]:
    """A sent time as the ledger keeps it: the wall-clock time, and its offset if one was given."""
    offset = at.utcoffset()
    minutes = None if offset is None else int(offset / timedelta(minutes=1))
    at = at.replace(tzinfo=None)
    if date_only:
        return datetime.combine(at.date(), time()), None
    return at, minutes


def _midnight(day: date) -> datetime:
    """The start of a day, labelled UTC as the store labels wall-clock times."""
    return datetime.combine(day, time(), tzinfo=UTC)


@router.get(
    "/people/{person_id}/events",
    response={200: EventPage, **ERRORS},
    summary="A person's events",
)
def list_events(
    request: HttpRequest,
    person_id: PersonId,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many events.")] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9, description="Skip this many first.")] = 0,
    kind: Annotated[Kind | None, Query(description="Only events of this kind.")] = None,
    since: Annotated[date | None, Query(description="Only events on or after this day.")] = None,
    until: Annotated[date | None, Query(description="Only events on or before this day.")] = None,
) -> dict[str, Any]:
    """The ledger's events in time order, a page at a time.

    Only the entries you wrote: a linked partner's shared entries are not listed here.
    """
    person = owned_person(request, person_id)
    rows = EventRow.objects.filter(relationship=person.relationship).select_related("relationship")
    if kind:
        rows = rows.filter(kind=kind.value)
    if since:
        rows = rows.filter(at__gte=_midnight(since))
    if until and until < date.max:
        rows = rows.filter(at__lt=_midnight(until + timedelta(days=1)))
    rows = rows.order_by("at", "pk")
    return {
        "count": rows.count(),
        "limit": limit,
        "offset": offset,
        "items": [_out(r) for r in rows[offset : offset + limit]],
    }


@router.post(
    "/people/{person_id}/events",
    response={201: EventOut, **BODY_ERRORS},
    summary="Add an event",
)
def create_event(
    request: HttpRequest, person_id: PersonId, payload: EventIn
) -> Status[dict[str, Any]]:
    """Add an event to a person's ledger; it is checked against the whole ledger first.

    Send an `Idempotency-Key` header (8 to 64 letters, digits, `-` or `_`, such as a
    UUID) to make a retry safe: the same key again adds nothing and answers with
    the event stored the first time.
    """
    owner = user_of(request)
    client_key = request.headers.get("Idempotency-Key", "").strip()
    if client_key and not re.fullmatch(CLIENT_KEY, client_key):
        raise TwowayError(
            "Idempotency-Key: expected 8 to 64 letters, digits, - or _ (a UUID, say)",
            field="Idempotency-Key",
        )
    person = owned_person(request, person_id)
    rel = person.relationship
    me, them = rel.me_name, person.name
    at, minutes = wall_clock(payload.at, payload.date_only)
    by_me = payload.by == "me"
    if payload.shared and rel.linked_id is None:
        raise TwowayError(
            f"shared: your journal with {person.name} is not linked with anyone, "
            "so its entries stay private"
        )
    event = Event(
        at=at,
        by=me if by_me else them,
        to=them if by_me else me,
        kind=payload.kind.value,
        id=payload.key.strip(),
        ref=payload.ref.strip(),
        value=payload.value.strip(),
        note=payload.note,
        offset_minutes=minutes,
        date_only=payload.date_only,
    )
    logged = store.add_event(
        person, event, owner=owner, shared=payload.shared, client_key=client_key
    )
    assert logged.row is not None  # add_event always stores (or finds) the row
    return Status(201, _out(logged.row))


@router.get("/events/{event_id}", response={200: EventOut, **ERRORS}, summary="One event")
def get_event(request: HttpRequest, event_id: EventId) -> dict[str, Any]:
    """One event of any of your ledgers."""
    return _out(_owned_event(request, event_id))


@router.patch(
    "/events/{event_id}", response={200: EventOut, **BODY_ERRORS}, summary="Change an event"
)
def patch_event(request: HttpRequest, event_id: EventId, payload: EventPatch) -> dict[str, Any]:
    """Change an event; the whole ledger is checked with the change before it is saved.

    A change that would break rows referring to this one (a bid's id that a
    response answers, say) is refused, naming those rows.
    """
    row = _owned_event(request, event_id)
    sent = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    changes: dict[str, Any] = {}
    if "at" in sent or "date_only" in sent:
        date_only = sent.get("date_only", row.date_only)
        at, minutes = wall_clock(sent.get("at", floating(row.at)), date_only)
        if "at" in sent or date_only:  # else the stored offset still holds
            changes["offset_minutes"] = minutes
        changes.update(at=at, date_only=date_only)
    if "by" in sent:
        changes["by_me"] = sent["by"] == "me"
    if "kind" in sent:
        changes["kind"] = Kind(sent["kind"]).value
    for field in ("key", "ref", "value", "note", "shared"):
        if field in sent:
            changes[field] = sent[field]
    updated = update_event(user_of(request), row.pk, changes)
    return _out(updated)


@router.delete(
    "/events/{event_id}", response={200: EventDeleted, **ERRORS}, summary="Delete an event"
)
def delete_event(request: HttpRequest, event_id: EventId) -> dict[str, Any]:
    """Delete an event. One that others answer (a bid with its response) is refused."""
    row = _owned_event(request, event_id)
    delete_stored_event(user_of(request), row.pk)
    return {"id": event_id}
