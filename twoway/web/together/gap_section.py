"""The perception gap's and "whose move"'s section of the Together page (see together.hub)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from twoway.core import together_words as say
from twoway.web.ledger.models import Relationship
from twoway.web.site import clock
from twoway.web.together.gap_views import read

#: How many of the gap's sentences the section shows; the page has them all.
SHOWN = 2


def section(request: HttpRequest, rel: Relationship) -> dict[str, Any] | None:
    """The context of `together/_gap_hub.html`: a short gap summary and whose move."""
    found = read(request, rel, clock.today())
    gap = found.gap
    return {
        "linked": gap is not None,
        "summary": gap.sentences[:SHOWN] if gap is not None else [],
        "more": gap is not None and len(gap.sentences) > SHOWN,
        "move": found.move.sentences if found.move is not None else [say.MOVE_NONE],
    }
