"""Reading the journal entry by entry, finding one again, and taking back the last write.

For the command line's journal verbs (`list`, `show`, `edit`, `delete-event`,
`undo`); the site's journal has its own views over the same rows. Every
function acts for one account, its `owner`. An entry is found by its number
(`12` or `#12`, what `twoway list` prints) or by its ledger id (`bid-3`), the
ids a report prints as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from twoway.errors import TwowayError
from twoway.web.ledger.lookup import floating, get_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.web.ledger.models import Event as EventRow

_NUMBER = re.compile(r"^#?(\d+)$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored event, in the names of its ledger."""

    pk: int
    person: str
    at: datetime
    date_only: bool
    offset_minutes: int | None
    by: str
    to: str
    kind: str
    key: str
    ref: str
    value: str
    note: str
    shared: bool

    @property
    def when(self) -> str:
        """The time as a person reads it: `2026-03-01` or `2026-03-01 18:30`."""
        return self.at.date().isoformat() if self.date_only else self.at.strftime("%Y-%m-%d %H:%M")

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON (docs/json.md)."""
        return {
            "id": self.pk,
            "key": self.key or None,
            "person": self.person,
            "at": self.at.date().isoformat() if self.date_only else self.at.isoformat(),
            "by": self.by,
            "to": self.to,
            "kind": self.kind,
            "ref": self.ref or None,
            "value": self.value or None,
            "note": self.note,
        }


def entry(row: EventRow) -> Entry:
    """A stored row as an `Entry` (its relationship and person already loaded)."""
    rel = row.relationship
    me, them = rel.me_name, rel.person.name
    return Entry(
        pk=row.pk,
        person=them,
        at=floating(row.at),
        date_only=row.date_only,
        offset_minutes=row.offset_minutes,
        by=me if row.by_me else them,
        to=them if row.by_me else me,
        kind=row.kind,
        key=row.key,
        ref=row.ref,
        value=row.value,
        note=row.note,
        shared=row.shared,
    )


def entries(
    owner: User,
    *,
    person: str | None = None,
    kind: str | None = None,
    since: date | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """The owner's entries, newest first: of one person, one kind, from a day on, at most `limit`."""
    from twoway.web.ledger.models import Event as EventRow

    rows = EventRow.objects.filter(relationship__owner=owner).select_related("relationship__person")
    if person is not None:
        rows = rows.filter(relationship=get_person(person, owner).relationship)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if since is not None:
        # Times are stored as wall-clock times labelled UTC (see models.Event).
        rows = rows.filter(at__gte=datetime.combine(since, time.min, tzinfo=UTC))
    rows = rows.order_by("-at", "-pk")
    return [entry(row) for row in (rows[:limit] if limit else rows)]


def find_event(owner: User, ref: str) -> Entry:
    """The owner's entry numbered `ref` (`12`, `#12`) or with the ledger id `ref` (`bid-3`)."""
    from twoway.web.ledger.models import Event as EventRow

    rows = EventRow.objects.filter(relationship__owner=owner).select_related("relationship__person")
    text = ref.strip()
    number = _NUMBER.match(text)
    found = list(rows.filter(pk=int(number.group(1)))) if number else []
    if not found:
        found = list(rows.filter(key=text).order_by("pk"))
    if not found:
        raise TwowayError(f"no entry {text!r} in your ledgers")
    if len(found) > 1:
        where = ", ".join(f"#{row.pk} ({row.relationship.person.name})" for row in found)
        raise TwowayError(f"the id {text!r} is in more than one ledger: {where}")
    return entry(found[0])


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo took back."""

    what: str
    events: int


def undo_last(owner: User) -> Undone:
    """Remove what the owner's last log or import added; it can be taken back only once.

    Refused, with nothing removed, when a later entry answers one of them or
    when nothing is left to take back.
    """
    from django.db import transaction

    from twoway.web.ledger.models import LastWrite
    from twoway.web.ledger.writing import lock

    with transaction.atomic():
        last = LastWrite.objects.select_related("relationship").filter(owner=owner).first()
        if last is None:
            raise TwowayError("there is nothing to undo: no entry was logged or imported since")
        lock(last.relationship)
        rows = last.relationship.events.filter(pk__in=last.events)
        keys = list(rows.exclude(key="").values_list("key", flat=True))
        answering = last.relationship.events.filter(ref__in=keys).exclude(pk__in=last.events)
        if answering.exists():
            later = ", ".join(f"#{row.pk} ({row.kind})" for row in answering.order_by("pk"))
            raise TwowayError(
                f"the last write ({last.what}) cannot be undone: {later} answers it. "
                "Delete that entry first"
            )
        count = rows.count()
        rows.delete()
        what = last.what
        last.delete()
    return Undone(what, count)
