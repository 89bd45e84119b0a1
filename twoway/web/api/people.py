"""`/api/people`: your people, each with their relationship, and each one's report."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status

from twoway.core import analyze
from twoway.errors import TwowayError
from twoway.web.api.schemas import (
    BODY_ERRORS,
    ERRORS,
    PersonDeleted,
    PersonIn,
    PersonOut,
    PersonPatch,
)
from twoway.web.ledger import store
from twoway.web.ledger.editing import update_person
from twoway.web.ledger.lookup import check_name, floating, person_for_write
from twoway.web.ledger.models import Person
from twoway.web.site import clock
from twoway.web.together import ledgers

if TYPE_CHECKING:
    from django.contrib.auth.models import User

router = Router()

#: Database ids are positive 64-bit integers; anything else is not an id of ours.
MAX_ID = 2**63 - 1
PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="The person's id.")]


def user_of(request: HttpRequest) -> User:
    """The token's user: set by `TokenAuth` on every route."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def owned_person(request: HttpRequest, person_id: int) -> Person:
    """The caller's person with that id; a 404 when missing or someone else's."""
    return get_object_or_404(
        Person.objects.select_related("relationship"), pk=person_id, owner=user_of(request)
    )


def _with_counts(owner: User) -> QuerySet[Person]:
    return (
        Person.objects.filter(owner=owner)
        .select_related("relationship")
        .annotate(n=Count("relationship__events"), last=Max("relationship__events__at"))
        .order_by("name", "pk")
    )


def _out(person: Person) -> dict[str, Any]:
    rel = person.relationship
    last = getattr(person, "last", None)
    return {
        "id": person.pk,
        "name": person.name,
        "kind": rel.kind,
        "me_name": rel.me_name,
        "events": getattr(person, "n", 0),
        "last_event": floating(last).isoformat() if last else None,
    }


def _summary(owner: User, person_id: int) -> dict[str, Any]:
    return _out(_with_counts(owner).get(pk=person_id))


@router.get("", response={200: list[PersonOut], **ERRORS}, summary="List your people")
def list_people(request: HttpRequest) -> list[dict[str, Any]]:
    """Everyone in your circle, by name, with how many events each ledger holds."""
    return [_out(p) for p in _with_counts(user_of(request))]


@router.post("", response={201: PersonOut, **BODY_ERRORS}, summary="Add a person")
def create_person(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    """Add someone to your circle, with an empty ledger."""
    owner = user_of(request)
    name = payload.name.strip()
    check_name(name, "name")
    me_name = (payload.me_name or store.default_me_name(owner)).strip()
    check_name(me_name, "me_name")
    if name.casefold() == me_name.casefold():
        raise TwowayError(f"me_name: you and the person cannot both be called {name!r}")
    try:
        with transaction.atomic():
            if store.find_person(name, owner):
                raise TwowayError(f"name: someone called {name!r} is already in your people")
            person, _, _ = person_for_write(
                name, me_name=me_name, kind=payload.kind, new=True, owner=owner
            )
    except IntegrityError:  # the same name added at the same moment
        raise TwowayError(f"name: someone called {name!r} is already in your people") from None
    return Status(201, _summary(owner, person.pk))


@router.get("/{person_id}", response={200: PersonOut, **ERRORS}, summary="One person")
def get_person(request: HttpRequest, person_id: PersonId) -> dict[str, Any]:
    """A person, their relationship's kind, your name in it, and the ledger's size."""
    person = owned_person(request, person_id)
    return _summary(user_of(request), person.pk)


@router.patch("/{person_id}", response={200: PersonOut, **BODY_ERRORS}, summary="Change a person")
def patch_person(request: HttpRequest, person_id: PersonId, payload: PersonPatch) -> dict[str, Any]:
    """Rename a person, or change the relationship's kind or your name in it."""
    owner = user_of(request)
    person = owned_person(request, person_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    try:
        update_person(owner, person.pk, **changes)
    except IntegrityError:  # renamed to a name taken at the same moment
        raise TwowayError("name: someone with that name is already in your people") from None
    return _summary(owner, person.pk)


@router.delete("/{person_id}", response={200: PersonDeleted, **ERRORS}, summary="Delete a person")
def delete_person(request: HttpRequest, person_id: PersonId) -> dict[str, Any]:
    """Delete a person with every event and assessment of theirs. There is no undo."""
    person = owned_person(request, person_id)
    gone = store.delete_person(person.name, owner=user_of(request))
    return {"person": gone.person, "events": gone.events, "assessments": gone.assessments}


#: Dates the analysis can count weeks around without leaving the calendar.
FIRST_DAY, LAST_DAY = date(1000, 1, 1), date(9000, 12, 31)


@router.get(
    "/{person_id}/report",
    response={200: dict[str, Any], **ERRORS},
    summary="A person's report",
)
def report(
    request: HttpRequest,
    person_id: PersonId,
    as_of: Annotated[
        date | None,
        Query(
            description="The day to look from (YYYY-MM-DD; later events are ignored). Default: today."
        ),
    ] = None,
) -> dict[str, Any]:
    """The analysis of your ledger with this person: exactly what `twoway report NAME --json` prints.

    Its fields are documented in docs/json.md (balance, counts, activity, signals).
    """
    person = owned_person(request, person_id)
    day = as_of or clock.today()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise TwowayError(
            f"as_of: expected a day between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
        )
    rel = person.relationship
    # Linked, the partner's shared entries count too, each act both logged once.
    result = analyze(ledgers.visible_ledger(rel), day, me=rel.me_name)
    return result.to_dict()
