"""Who may see what between two linked accounts: every view and API route asks here.

The rules live in queries, never in templates:

* your own relationship's entries, all of them, private or shared;
* your linked partner's entries that they shared, while you are linked;
* nothing else of theirs: not their private entries, not their self-assessments,
  not their other relationships.

A relationship is always reached through its owner (`mine`), so a guessed id of
someone else's is a 404, exactly like an id that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.shortcuts import get_object_or_404

from twoway.web.ledger.models import Event, Relationship

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet


def mine(user: AbstractBaseUser | AnonymousUser, person_pk: int) -> Relationship:
    """The user's relationship with their person `person_pk`, else a 404."""
    return get_object_or_404(
        Relationship.objects.select_related("person", "linked", "linked__person"),
        person__pk=person_pk,
        owner=user,
    )


def partner_side(rel: Relationship) -> Relationship | None:
    """The linked partner's relationship with this relationship's owner, if they are linked."""
    return rel.linked


def pair(rel: Relationship) -> list[Relationship]:
    """This relationship and, when linked, the partner's side of it."""
    linked = rel.linked  # no query when linked_id is None
    return [rel] if linked is None else [rel, linked]


def pair_ids(rel: Relationship) -> list[int]:
    """The ids of `pair(rel)`: what shared things (rituals, check-ins) may belong to."""
    return [rel.pk] if rel.linked_id is None else [rel.pk, rel.linked_id]


def home(rel: Relationship) -> Relationship:
    """Where the pair's shared things live: the side with the smaller id, the same from both."""
    return min(pair(rel), key=lambda r: r.pk)


def visible_events(rel: Relationship) -> QuerySet[Event]:
    """Every entry the owner of `rel` may see in it: all of their own, the partner's shared."""
    if rel.linked_id is None:
        return Event.objects.filter(relationship=rel)
    return Event.objects.filter(Q(relationship=rel) | Q(relationship_id=rel.linked_id, shared=True))


def partner_shared_events(rel: Relationship) -> QuerySet[Event]:
    """The linked partner's shared entries (none when not linked)."""
    if rel.linked_id is None:
        return Event.objects.none()
    return Event.objects.filter(relationship_id=rel.linked_id, shared=True)
