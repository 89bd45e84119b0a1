"""Linking two accounts' relationships, and unlinking them.

Linking makes each side's shared entries part of the other's ledger; unlinking
takes that access away and leaves each side every entry they wrote.
"""

from __future__ import annotations

from django.db import transaction

from twoway.errors import TwowayError
from twoway.web.ledger.models import Relationship


def link(first: Relationship, second: Relationship) -> None:
    """Point two relationships of two different accounts at each other."""
    if first.owner_id == second.owner_id:
        raise TwowayError("a relationship can only be linked with someone else's account")
    with transaction.atomic():
        # Lock both rows in one order, so two acceptances at once cannot cross.
        rows = {
            r.pk: r
            for r in Relationship.objects.select_for_update()
            .filter(pk__in=[first.pk, second.pk])
            .order_by("pk")
        }
        a, b = rows[first.pk], rows[second.pk]
        if a.linked_id is not None or b.linked_id is not None:
            raise TwowayError("one of these relationships is already linked; unlink it first")
        a.linked, b.linked = b, a
        a.save(update_fields=["linked"])
        b.save(update_fields=["linked"])
        first.linked, second.linked = b, a


def unlink(rel: Relationship) -> None:
    """End the link from either side; each keeps their own entries."""
    with transaction.atomic():
        Relationship.objects.filter(pk__in=[rel.pk, rel.linked_id or rel.pk]).update(linked=None)
        rel.linked = None
