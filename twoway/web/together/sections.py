"""Linking's section of the Together page (see together.hub): invite, or who you are linked with.

A code just made is not part of this section: the invite view puts it in the
page's context (`issued`), the one time it is shown.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from twoway.web.ledger.models import Relationship
from twoway.web.together import access, invitations


def section(request: HttpRequest, rel: Relationship) -> dict[str, Any] | None:
    """The context of `together/_hub.html`: linked or not, an invitation waiting, the counts."""
    partner = access.partner_side(rel)
    own = access.visible_events(rel).filter(relationship=rel)
    context: dict[str, Any] = {
        "linked": partner is not None,
        "shared": own.filter(shared=True).count(),
        "private": own.filter(shared=False).count(),
    }
    if partner is None:
        waiting = invitations.pending(rel)
        context["pending"] = waiting
        context["pending_expires"] = invitations.local_time(waiting.expires) if waiting else ""
        context["hours"] = int(invitations.EXPIRES_AFTER.total_seconds() // 3600)
        return context
    name = partner.owner.get_username()
    context.update(
        partner_name=name,
        partner_shared=access.partner_shared_events(rel).count(),
    )
    return context
