"""The site's clock: "now" and "today" as wall-clock values in `TWOWAY_TIME_ZONE`.

The core never reads the clock; the views, the API and the log form ask here,
so a page and the API agree on what "today" is.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest


def now() -> datetime:
    """Now, as a wall-clock time (no time zone attached) in the site's time zone."""
    return datetime.now(ZoneInfo(settings.TWOWAY_TIME_ZONE)).replace(tzinfo=None)


def today() -> date:
    """Today in the site's time zone."""
    return now().date()


def as_of(request: HttpRequest) -> tuple[date, str | None]:
    """The day a page is read as of: its `as_of` parameter, else today; and what was wrong with it."""
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return today(), None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return today(), f"as_of={raw!r} is not a day (expected YYYY-MM-DD); showing today."
