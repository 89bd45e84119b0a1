"""The balance's section of the Together page (see together.hub): the verdict and its stretch.

The numbers are the report's (`twoway.core.analyze` over the ledger both sides
can see), in the report's own words; the page links to the full report.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from twoway.core import analyze
from twoway.render import words
from twoway.web.ledger.models import Relationship
from twoway.web.site import clock
from twoway.web.together import ledgers


def section(request: HttpRequest, rel: Relationship) -> dict[str, Any] | None:
    """The context of `together/_balance_hub.html`; None before anything was logged."""
    ledger = ledgers.sides(request, rel).visible
    if not len(ledger):
        return None
    as_of, _ = clock.as_of(request)
    report = analyze(ledger, as_of=as_of, me=rel.me_name)
    return {
        "verdict": report.balance.verdict,
        "headline": words.verdict_headline(report),
        "reason": report.balance.reason,
    }
