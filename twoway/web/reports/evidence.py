"""A signal's evidence as the entries themselves ("your reach-out on 3 Mar"), linked in the journal.

The analysis names the rows behind a signal by key: a ledger id (`bid-3`) or a
stored row's number (`#812`). Those are the ledger's words; a page shows the
entries they stand for instead, each a link to it in the journal. Only entries
the viewer may see are found: theirs, and a linked partner's shared ones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from twoway.render.html import SignalView
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.models import Event

if TYPE_CHECKING:
    from twoway.web.ledger.models import Relationship

#: Each kind as a noun: "your reach-out", "Sam's support".
NOUNS = {
    "support": "support",
    "talk": "talk",
    "bid": "reach-out",
    "response": "answer to a reach-out",
    "together": "time together",
    "gratitude": "thanks",
    "checkin": "check-in",
    "commitment": "plan",
    "kept": "plan kept",
    "broken": "plan broken",
    "need": "need stated",
    "met": "need met",
    "boundary": "boundary",
    "crossed": "boundary crossed",
    "conflict": "conflict",
    "repair": "repair",
}


def _day(at: datetime) -> str:
    return f"{at.day} {at:%b %Y}"


def with_entries(rel: Relationship, signals: list[SignalView]) -> list[SignalView]:
    """`signals` with their evidence keys replaced by the entries, in words, with links."""
    keys = {k for s in signals for k in s.events}
    if not keys:
        return signals
    pks = [int(k[1:]) for k in keys if k.startswith("#") and k[1:].isdigit()]
    ids = [k for k in keys if not k.startswith("#")]
    visible = Q(relationship=rel)
    if rel.linked_id is not None:
        visible |= Q(relationship_id=rel.linked_id, shared=True)
    rows = Event.objects.filter(visible).filter(Q(pk__in=pks) | Q(key__in=ids))
    found: dict[str, Event] = {}
    # Yours first: a partner's entry with the same ledger id never hides yours.
    for row in sorted(rows, key=lambda r: r.relationship_id != rel.pk):
        found.setdefault(f"#{row.pk}", row)
        if row.key:
            found.setdefault(row.key, row)
    them = rel.person.name
    journal = reverse("journal")

    def described(key: str) -> tuple[str, str]:
        row = found.get(key)
        if row is None:
            return ("an entry no longer kept", "")
        by_viewer = row.by_me if row.relationship_id == rel.pk else not row.by_me
        at = floating(row.at)
        whose = "your" if by_viewer else f"{them}'s"
        text = f"{whose} {NOUNS.get(row.kind, 'entry')} on {_day(at)}"
        day = at.date().isoformat()
        query = urlencode({"person": rel.person_id, "since": day, "until": day})
        return (text, f"{journal}?{query}#entry-{row.pk}")

    return [replace(s, entries=tuple(described(k) for k in s.events)) for s in signals]
