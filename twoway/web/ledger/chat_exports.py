"""What the store remembers of each imported chat export, so the order of imports never matters.

Importing last month's export and then this month's gives what importing both at
once gives (`twoway.chats.continuation`), and so does the other order:

- each chat import records its export's span and how its first conversation
  began (`ChatExport`), inside the import's own transaction;
- the spans tell a later, newer export that its first message continues a
  stored conversation, even when that conversation's events lie far back;
- an import whose messages reach within the conversation gap before a stored
  export's first message shows that message began nothing: its bid and that
  bid's response go, the conversation it continues gets the response it lacked
  (that export's first message by the other side), and the check-in or repair
  moments held back come in. The row keeps its span and forgets the opening,
  so repeating either import changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from twoway.chats.continuation import Span, chat_prefix, continues, opening
from twoway.core.events import format_at
from twoway.web.ledger.lookup import floating, named
from twoway.web.ledger.writing import fingerprint

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.chats.analysis import PreparedChat
    from twoway.core.ledger import Ledger
    from twoway.web.ledger.models import ChatExport, Relationship


def spans(person: str, owner: User, source: str | None) -> list[Span]:
    """The first and last message times of `person`'s stored exports of the chat `source`."""
    from twoway.web.ledger.models import ChatExport

    found = named(person, owner) if source else None
    if found is None:
        return []
    rows = ChatExport.objects.filter(relationship__person=found, source=source)
    return [(floating(a), floating(b)) for a, b in rows.values_list("first_at", "last_at")]


def settle(
    rel: Relationship,
    prepared: PreparedChat,
    ledger: Ledger,
    me: str,
    gap: float,
    figures: dict[str, Any] | None = None,
) -> None:
    """Revise the stored openings `prepared` shows were none, and remember this export.

    `figures` (`twoway.chats.figures.chat_figures`) are kept with it, for its charts.

    Runs inside the import's transaction, after its events are in, with the
    relationship locked: all or nothing with them.
    """
    # The models are imported here, as in the rest of this app, so the CLI starts fast.
    from twoway.web.ledger.models import ChatExport, Event

    source = chat_prefix(ledger)
    if source is None:
        return
    for row in ChatExport.objects.filter(relationship=rel, source=source).exclude(opening=""):
        if continues(prepared, floating(row.first_at), gap):
            _revise(rel, row, source)
    times = prepared.marked["at"]
    first_at, last_at = _stored(cast(datetime, times[0])), _stored(cast(datetime, times.max()))
    known = ChatExport.objects.filter(
        relationship=rel, source=source, first_at=first_at, last_at=last_at
    ).first()
    if known is not None:
        # this export again: what it began is already known (or already revised)
        if figures and not known.figures:
            known.figures = figures
            known.save(update_fields=["figures"])
        return
    start = opening(prepared, ledger)
    row = ChatExport(
        relationship=rel,
        source=source,
        first_at=first_at,
        last_at=last_at,
        figures=figures or {},
    )
    if start is not None and Event.objects.filter(relationship=rel, key=start.key).exists():
        other = next((p for p in prepared.people if p != me), None)
        row.opening, row.by_me = start.key, start.by == me
        if me in start.first:
            row.mine_at, row.mine_line = _stored(start.first[me][0]), start.first[me][1]
        if other in start.first:
            row.theirs_at, row.theirs_line = _stored(start.first[other][0]), start.first[other][1]
        row.held = [
            {
                "at": h["at"].isoformat(),
                "by_me": h["by"] == me,
                "kind": h["kind"],
                "id": h["id"],
                "value": h["value"],
                "note": h["note"],
            }
            for h in start.held
        ]
    row.save()


def _revise(rel: Relationship, row: ChatExport, source: str) -> None:
    """`row`'s first message continued a conversation: undo the start it was taken for."""
    from twoway.web.ledger.models import Event

    Event.objects.filter(relationship=rel, kind="bid", key=row.opening).delete()
    Event.objects.filter(relationship=rel, kind="response", ref=row.opening).delete()
    bid = (
        Event.objects.filter(
            relationship=rel, kind="bid", key__startswith=source, at__lt=row.first_at
        )
        .order_by("-at", "-pk")
        .first()
    )
    if (
        bid is not None
        and not Event.objects.filter(relationship=rel, kind="response", ref=bid.key).exists()
    ):
        # The first message of the other side's in what was taken for a new conversation.
        answer = row.theirs_at if bid.by_me else row.mine_at
        if answer is not None:
            _add(
                rel,
                at=floating(answer),
                by_me=not bid.by_me,
                kind="response",
                ref=bid.key,
                value="toward",
            )
    for held in row.held:
        if not Event.objects.filter(relationship=rel, key=held["id"]).exists():
            _add(
                rel,
                at=datetime.fromisoformat(held["at"]),
                by_me=held["by_me"],
                kind=held["kind"],
                key=held["id"],
                value=held["value"],
                note=held["note"],
            )
    row.opening = ""
    row.held = []
    row.save(update_fields=["opening", "held"])


def _add(rel: Relationship, *, at: datetime, by_me: bool, kind: str, **fields: Any) -> None:
    """One event as an import would have stored it (private, fingerprinted, added once)."""
    from twoway.web.ledger.models import Event

    content = {
        "by_me": by_me,
        "at": format_at(at, None, False),
        "kind": kind,
        "key": fields.get("key", ""),
        "ref": fields.get("ref", ""),
        "value": fields.get("value", ""),
        "note": fields.get("note", ""),
        "extra": {},
    }
    fp = fingerprint(**content, occurrence=0)
    if Event.objects.filter(relationship=rel, fingerprint=fp).exists():
        return
    Event.objects.create(
        relationship=rel,
        at=_stored(at),
        by_me=by_me,
        kind=kind,
        key=content["key"],
        ref=content["ref"],
        value=content["value"],
        note=content["note"],
        fingerprint=fp,
    )


def _stored(at: datetime) -> datetime:
    """A ledger's wall-clock time as the store keeps it (labelled UTC; see `Event`)."""
    return at.replace(tzinfo=UTC)
