"""Reading entries for the journal's pages: lists, filters, and what a new entry may answer.

These are display queries over one owner's rows, never metrics: everything
the report counts comes from `twoway.core.analyze`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from twoway.core.events import ANSWERED_BY_OTHER, FIRST_DAY, LAST_DAY, REF_TARGET
from twoway.web.journal.forms import ENERGY_LABELS, KIND_LABELS
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.models import Event, Relationship
from twoway.web.together import access

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Kinds whose rows other rows answer, and the kinds that answer them.
ANSWERS_OF = {
    target: tuple(k for k, t in REF_TARGET.items() if t == target)
    for target in set(REF_TARGET.values())
}


def open_items(rel: Relationship | None, kind: str, *, by_me: bool) -> list[tuple[str, str]]:
    """What an entry of `kind` written by this side could answer: not yet answered, newest first.

    A response answers a reach-out by the other person; a kept or broken plan any plan.
    """
    target = REF_TARGET.get(kind)
    if rel is None or target is None:
        return []
    answered = Event.objects.filter(relationship=rel, kind__in=ANSWERS_OF[target]).values("ref")
    rows = Event.objects.filter(relationship=rel, kind=target).exclude(key="")
    rows = rows.exclude(key__in=answered)
    if kind in ANSWERED_BY_OTHER:
        rows = rows.filter(by_me=not by_me)
    items = []
    for e in rows.order_by("-at", "-pk")[:50]:
        # Told apart by day and time (and note), never by the ledger's id.
        when = floating(e.at).strftime("%-d %b, %H:%M")
        note = f": {e.note[:40]}" if e.note else ""
        items.append((e.key, f"{when} {KIND_LABELS[target].lower()}{note}"))
    return items


def owner_events(owner: User) -> QuerySet[Event]:
    """Every event of the owner's relationships, newest first."""
    return (
        Event.objects.filter(relationship__owner=owner)
        .select_related("relationship__person")
        .order_by("-at", "-pk")
    )


def journal_events(owner: User, rel: Relationship | None = None) -> QuerySet[Event]:
    """What the owner's journal lists, newest first: theirs, and linked partners' shared entries.

    With `rel`, that relationship's alone. A partner's entries are reached only
    through `together.access`, which holds the rules of who sees what.
    """
    if rel is not None:
        rows = access.visible_events(rel)
    else:
        rows = Event.objects.filter(relationship__owner=owner)
        for linked in Relationship.objects.filter(owner=owner, linked__isnull=False):
            rows = rows | access.partner_shared_events(linked)
    return rows.select_related("relationship__person", "relationship__linked__person").order_by(
        "-at", "-pk"
    )


def filtered(
    rows: QuerySet[Event],
    *,
    person: int | None = None,
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Event]:
    """`rows` narrowed by person, kind and days (both ends included)."""
    if person is not None:
        rows = rows.filter(relationship__person_id=person)
    if kind:
        rows = rows.filter(kind=kind)
    # No event falls outside the accepted days, so a filter day is held within them
    # (the day after 9999-12-31 would not be a date).
    if since:
        since = min(max(since, FIRST_DAY), LAST_DAY)
    if until:
        until = min(max(until, FIRST_DAY), LAST_DAY)
    # Stored times are wall-clock times labelled UTC (see models.Event): compare them as such.
    if since:
        rows = rows.filter(at__gte=datetime.combine(since, time.min).replace(tzinfo=UTC))
    if until:
        end = datetime.combine(until + timedelta(days=1), time.min).replace(tzinfo=UTC)
        rows = rows.filter(at__lt=end)
    return rows


@dataclass(frozen=True, slots=True)
class Entry:
    """One event as the journal shows it."""

    pk: int
    person_pk: int
    person: str
    when: str
    day: str
    kind: str
    kind_label: str
    who: str
    detail: str
    note: str
    key: str
    #: Yours (editable), or your linked partner's shared entry (read-only).
    mine: bool = True
    #: "Ben wrote" on a partner's entry.
    writer: str = ""
    #: On your entries in a linked relationship: "shared" or "only you".
    sharing: str = ""


def entry(e: Event, viewer: User | None = None) -> Entry:
    """`e` in words, as `viewer` sees it: who did what for whom, when, and its value.

    A linked partner's entry is told from the viewer's side: their "I gave"
    is "Ben, for you", under the name the viewer knows them by.
    """
    rel = e.relationship
    mine = viewer is None or rel.owner_id == viewer.pk
    # A partner's entry belongs to their relationship; the viewer's own is its `linked`.
    own_rel = rel if mine or rel.linked is None else rel.linked
    them = own_rel.person.name
    by_viewer = e.by_me if mine else not e.by_me
    at = floating(e.at)
    return Entry(
        pk=e.pk,
        person_pk=own_rel.person_id,
        person=them,
        when=at.strftime("%a %-d %b %Y") if e.date_only else at.strftime("%a %-d %b %Y, %H:%M"),
        day=at.date().isoformat(),
        kind=e.kind,
        kind_label=KIND_LABELS.get(e.kind, e.kind),
        who=f"You, for {them}" if by_viewer else f"{them}, for you",
        detail=_detail(e, whose_answered=f"{them}'s" if by_viewer else "your"),
        note=e.note,
        key=e.key,
        mine=mine,
        writer="" if mine else f"{them} wrote",
        sharing=("shared" if e.shared else "only you") if mine and rel.linked_id else "",
    )


#: What an answer answers, in words (never its ledger id such as `bid-3`).
ANSWERED_NOUN = {"bid": "reach-out", "commitment": "plan", "need": "need", "boundary": "boundary"}


def _detail(e: Event, *, whose_answered: str) -> str:
    """The entry's value in words; what it answers named by kind, never by its ledger id."""
    if not e.value and not e.ref:
        return ""
    if e.kind == "together":
        labels = dict(ENERGY_LABELS)
        return f"energy {labels.get(e.value, e.value)}"
    if e.kind == "commitment":
        return f"for {e.value}" if e.value else "no date yet"
    value = f"turned {e.value}" if e.kind == "response" else e.value
    parts = [value] if value else []
    if e.ref:
        noun = ANSWERED_NOUN.get(REF_TARGET.get(e.kind, ""), "earlier entry")
        # An answer comes from the other side than the reach-out, need or boundary it answers.
        whose = whose_answered if e.kind in ANSWERED_BY_OTHER else "a"
        parts.append(f"answers {whose} {noun}")
    return " · ".join(parts)
