"""The "Together" page is made of sections, one per app; each gives its own context.

A section is a function `(request, rel) -> dict | None` and a template
`<app>/_hub.html` that reads its dict as `section`. None leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.http import HttpRequest

from twoway.web.ledger.models import Relationship

Section = Callable[[HttpRequest, Relationship], dict[str, Any] | None]

#: In the order they appear: the module holding `section`, and its template.
SECTIONS = (
    ("twoway.web.together.sections", "together/_hub.html"),
    ("twoway.web.together.balance_section", "together/_balance_hub.html"),
    ("twoway.web.together.gap_section", "together/_gap_hub.html"),
    ("twoway.web.rituals.sections", "rituals/_hub.html"),
    ("twoway.web.practices.sections", "practices/_hub.html"),
)


def sections(request: HttpRequest, rel: Relationship) -> list[tuple[str, dict[str, Any]]]:
    """Each section's template with its context, in page order."""
    found = []
    for module, template in SECTIONS:
        section: Section = import_module(module).section
        context = section(request, rel)
        if context is not None:
            found.append((template, context))
    return found
