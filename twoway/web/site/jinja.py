"""The Jinja2 environment of the site's pages.

The site shares its templates' engine, and the signal card macro, with the
self-contained HTML report (`twoway.render.html`), so a signal reads the same
on the site as in a report file.
"""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`reverse` for templates: `url('report', person.pk)`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def plural(n: int, one: str, many: str) -> str:
    """`plural(1, "entry", "entries")` -> "1 entry"; 2,004 -> "2,004 entries"."""
    return f"{n:,} {one if n == 1 else many}"


def environment(**options: Any) -> Environment:
    """The environment Django's Jinja2 backend builds the site's templates with."""
    env = Environment(**options)
    env.loader = ChoiceLoader(
        [loader for loader in (env.loader,) if loader is not None]
        + [PackageLoader("twoway.render", "templates")]
    )
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.globals.update(static=static, url=url, get_messages=get_messages, plural=plural)
    return env
