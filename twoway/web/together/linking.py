"""Linking two accounts' relationships, and unlinking them.

Linking makes each side's shared entries part of the other's ledger; unlinking
takes that access away and leaves each side every entry they wrote.
"""

from __future__ import annotations

from django.db import transaction

from twoway.errors import TwowayError
from twoway.web.ledger.models import Event, Relationship


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
    """End the link from either side; each keeps their own entries, all of them private again.

    Entries shared while linked go back to private, so linking this journal again,
    perhaps with another account, never shows them to anyone without being asked.
    """
    with transaction.atomic():
        both = [rel.pk, rel.linked_id or rel.pk]
        Relationship.objects.filter(pk__in=both).update(linked=None)
        Event.objects.filter(relationship__in=both, shared=True).update(shared=False)
        rel.linked = None


def forget_partner(sender: object, instance: Relationship, **kwargs: object) -> None:
    """Before a relationship goes (its person or account deleted): make the other side private.

    The database would only clear the other side's link; its shared entries must
    not stay shared for whoever that journal links with next.
    """
    if instance.linked_id is not None:
        Event.objects.filter(relationship_id=instance.linked_id, shared=True).update(shared=False)
