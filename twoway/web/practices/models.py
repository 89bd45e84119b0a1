"""The practices' own records: "I statements" (private) and role reversal exercises (shared).

Gratitude needs no table: the gratitude wall reads the ledger's gratitude events.
"""

from __future__ import annotations

from django.db import models

from twoway.web.ledger.models import Relationship


class IStatement(models.Model):
    """A sentence prepared for a conversation: feeling, situation, need. Its writer's only."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="i_statements"
    )
    feeling = models.CharField(max_length=200)
    situation = models.TextField()
    need = models.TextField()
    sentence = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return self.sentence[:60]


class RoleReversal(models.Model):
    """A situation both describe from the other's side; `home` is the side that proposed it."""

    home = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="role_reversals")
    situation = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return self.situation[:60]


class RoleReversalSide(models.Model):
    """What one side wrote as the other's view; the other sees it once both have written."""

    exercise = models.ForeignKey(RoleReversal, on_delete=models.CASCADE, related_name="sides")
    writer = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="role_reversal_sides"
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("exercise", "created", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["exercise", "writer"], name="practices_one_side_per_writer"
            ),
        )

    def __str__(self) -> str:
        return f"{self.writer.me_name}'s side of {self.exercise}"
