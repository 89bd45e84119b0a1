"""When a practice's record was made, as a day in the site's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def day(moment: datetime) -> tuple[str, str]:
    """The day of an instant (`created`) in TWOWAY_TIME_ZONE: ISO for <time>, and in words."""
    local = moment.astimezone(ZoneInfo(settings.TWOWAY_TIME_ZONE))
    return local.date().isoformat(), local.strftime("%a %-d %b %Y")
