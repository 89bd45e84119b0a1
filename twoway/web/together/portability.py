"""The together app's part of an account: invitations, which a delete removes and nothing exports.

A link is an agreement between two accounts, so an export cannot carry it and a
restore cannot make it: the other person accepts a new invitation. An
invitation is a one-time secret (kept as a hash) that expires within days.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from twoway.web.ledger.parts import AccountPart, deleted
from twoway.web.together.models import Invitation


class TogetherPart(AccountPart):
    """Invitations to link (deleted with the account, never exported)."""

    name = "together"

    def delete(self, owner: User) -> dict[str, int]:
        """The owner's invitations, accepted or not."""
        return deleted(Invitation.objects.filter(relationship__owner=owner))


PART = TogetherPart()
