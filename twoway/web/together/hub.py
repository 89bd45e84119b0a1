"""The "Together" page is made of sections, one per app; each gives its own context.

A section is a function `(request, rel) -> dict | None` and a template
`<app>/_hub.html` that reads its dict as `section`. None leaves it out.

Each app names its sections in its AppConfig (`hub_sections`), so this app,
which the rituals and practices build on, never names them: the page shows
them in the order of INSTALLED_APPS.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.http import HttpRequest

from twoway.web.ledger.models import Relationship

Section = Callable[[HttpRequest, Relationship], dict[str, Any] | None]


def declared() -> list[tuple[str, str]]:
    """Every app's sections, in page order: the module holding `section`, and its template."""
    return [s for config in apps.get_app_configs() for s in getattr(config, "hub_sections", ())]


def sections(request: HttpRequest, rel: Relationship) -> list[tuple[str, dict[str, Any]]]:
    """Each section's template with its context, in page order."""
    found = []
    for module, template in declared():
        section: Section = import_module(module).section
        context = section(request, rel)
        if context is not None:
            found.append((template, context))
    return found
