"""Invitations to link a relationship with another account.

The link itself is `Relationship.linked` (each side points at the other). An
invitation holds only a hash of its code: the code is shown once, to the one
who invites, and works once, before it expires.
"""

from __future__ import annotations

from django.db import models

from twoway.web.ledger.models import Relationship


class Invitation(models.Model):
    """A one-time code that links `relationship` with the account that accepts it."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    expires = models.DateTimeField()
    accepted = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return f"invitation for {self.relationship} until {self.expires:%Y-%m-%d %H:%M}"
