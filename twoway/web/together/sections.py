"""This app's section of the "Together" page (see together.hub)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from twoway.web.ledger.models import Relationship


def section(request: HttpRequest, rel: Relationship) -> dict[str, Any] | None:
    """The context of `together/_hub.html` (linking), or None to leave the section out."""
    return None
