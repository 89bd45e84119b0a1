"""The Together page of a relationship: linking, and each app's section."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twoway.web.together import access, hub


@login_required
def together(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the two of you do together, for your person `pk`."""
    rel = access.mine(request.user, pk)
    context = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "partner": access.partner_side(rel),
        "sections": hub.sections(request, rel),
    }
    return render(request, "together/together.html", context)
