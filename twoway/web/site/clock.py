"""The site's clock: "now" and "today" as wall-clock values in `TWOWAY_TIME_ZONE`.

The core never reads the clock; the views, the API and the log form ask here,
so a page and the API agree on what "today" is.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def now() -> datetime:
    """Now, as a wall-clock time (no time zone attached) in the site's time zone."""
    return datetime.now(ZoneInfo(settings.TWOWAY_TIME_ZONE)).replace(tzinfo=None)


def today() -> date:
    """Today in the site's time zone."""
    return now().date()
