"""Sanity of time: messages dated before their app existed, or after the file was written.

A wrong year poisons every figure after it (a week count over two thousand
years, a chat "ending" in 9999), so such messages are set aside as `Skip`s
with their reason, and a note says how many and why. Nothing is silent and no
date, however odd, reaches the analysis.

`latest` is the newest time a message can carry: the export file's modification
time, or the moment of an upload. One day of slack covers time zones and a
phone whose clock runs a little ahead. The caller gives it; this module never
reads the clock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Final

import polars as pl

from twoway.chats.messages import Chat, Skip
from twoway.core.events import AFTER_AT

#: The first day each format's messages can carry (when the app or the technology began).
SINCE: Final[dict[str, date]] = {
    "whatsapp": date(2009, 1, 1),
    "telegram": date(2013, 8, 1),
    "signal": date(2010, 5, 1),  # TextSecure, whose messages Signal kept
    "meta": date(2004, 2, 1),  # Facebook's messages; Instagram's came later
    "discord": date(2015, 5, 1),
    "sms": date(1992, 12, 1),
    "csv": date(1971, 1, 1),  # a generic table: no digital chat before this
}
_LABELS: Final = {
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "signal": "Signal",
    "meta": "Messenger",
    "discord": "Discord",
    "sms": "text messages",
    "csv": "digital chats",
}
#: How far after `latest` a message may be (time zones, a clock a little ahead).
SLACK: Final = timedelta(days=1)
#: Without a `latest`, the bound every date must stay under: the first moment the
#: ledger does not read (`twoway.core.events.AFTER_AT`).
NEVER: Final = AFTER_AT
#: How many set-aside messages a note names by position.
_LISTED: Final = 3


def check_times(chat: Chat, latest: datetime | None = None) -> Chat:
    """`chat` without messages dated before its format existed or after `latest` + a day.

    Each one set aside is a `Skip`; a note per kind of problem says how many, where
    the first ones are, and the date they carry.
    """
    since = SINCE.get(chat.format, SINCE["csv"])
    frame = chat.messages
    low = datetime.combine(since, datetime.min.time())
    early = pl.col("at") < low
    late = pl.col("at") > (NEVER if latest is None else latest + SLACK)
    flagged = frame.select(early=early, late=late)
    if not (flagged["early"].any() or flagged["late"].any()):
        return chat
    skips, notes = list(chat.skipped), list(chat.notes)
    label = _LABELS.get(chat.format, chat.format)
    for column, why in (
        ("early", f"dated before {label} existed ({since.year})"),
        (
            "late",
            f"dated more than a day after the file was written ({_day(latest)})"
            if latest
            else f"dated after {NEVER.year - 1}, which no phone writes",
        ),
    ):
        odd = frame.filter(flagged[column])
        if odd.is_empty():
            continue
        for position, at in odd.select("position", "at").iter_rows():
            skips.append(
                Skip(position, f"{why}: {at.isoformat(sep=' ', timespec='minutes')}", chat.unit)
            )
        first = odd.head(_LISTED)
        where = ", ".join(
            f"{chat.unit} {p} ({a.date().isoformat()})"
            for p, a in first.select("position", "at").iter_rows()
        )
        more = ", …" if odd.height > _LISTED else ""
        notes.append(
            f"Check the dates: {odd.height} message(s) {why} were left out of the figures "
            f"({where}{more})."
        )
    keep = ~(flagged["early"] | flagged["late"])
    return replace(
        chat,
        messages=frame.filter(keep),
        skipped=tuple(sorted(skips, key=lambda s: s.position)),
        notes=tuple(notes),
    )


def _day(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else ""
