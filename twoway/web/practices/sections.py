"""This app's section of the "Together" page (see together.hub): the practices at a glance."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from twoway.web.ledger.models import Relationship
from twoway.web.practices.gratitude import cards
from twoway.web.practices.role_reversal import waiting_for_me

#: Appreciations shown each way.
LATEST = 2


def section(request: HttpRequest, rel: Relationship) -> dict[str, Any] | None:
    """The context of `practices/_hub.html`: latest thanks each way, exercises waiting for you."""
    wall = cards(rel)
    return {
        "from_me": [c for c in wall if c.from_me][:LATEST],
        "to_me": [c for c in wall if not c.from_me][:LATEST],
        "waiting": list(waiting_for_me(rel)[:5]),
    }
