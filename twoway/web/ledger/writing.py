"""Adding events to a person's ledger: one at a time (`log`) or a whole ledger (`import`).

Every row carries a fingerprint of its content, so adding what is already there
adds nothing; see `fingerprint`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC
from typing import TYPE_CHECKING, Any, TypedDict

from twoway.core.event_rules import answer_problem, ref_target, row_problem, trim
from twoway.core.events import NEEDS_ID, SHARED_BY_DEFAULT, Event, format_at
from twoway.errors import TwowayError
from twoway.web.ledger.lookup import default_me_name, named, person_for_write

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.core.ledger import Ledger
    from twoway.web.ledger.models import Event as EventRow
    from twoway.web.ledger.models import Person, Relationship

#: An idempotency key as a device makes one: a UUID, or any 8 to 64 letters, digits, - and _.
CLIENT_KEY = r"^[A-Za-z0-9_-]{8,64}\Z"


class Content(TypedDict):
    """What a fingerprint is made of: an event's content, by side (`fingerprint`)."""

    by_me: bool
    at: str
    kind: str
    key: str
    ref: str
    value: str
    note: str
    extra: Mapping[str, str]


def fingerprint(
    *,
    by_me: bool,
    at: str,
    kind: str,
    key: str,
    ref: str,
    value: str,
    note: str,
    extra: Mapping[str, str],
    occurrence: int,
) -> str:
    """A hash of an event's content by side, and its occurrence among identical rows.

    The occurrence lets a ledger hold two identical rows (two hugs on one day)
    while re-importing the same file still adds neither twice.
    """
    payload = [1, by_me, at, kind, key, ref, value, note, sorted(extra.items()), occurrence]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Logged:
    """An event just added: with its ledger id (generated when needed) and whose it is."""

    person: str
    me_name: str
    event: Event
    created_person: bool
    #: The stored entry's number (`twoway show`), when it was stored.
    pk: int | None = None
    #: True when `client_key` had been sent before: the row already there, nothing added
    replayed: bool = False
    #: The stored row (its relationship loaded), so a caller can show it without reading it back.
    row: EventRow | None = None


def add_event(
    person: str | Person,
    event: Event,
    *,
    owner: User,
    kind: str | None = None,
    new: bool = False,
    shared: bool | None = None,
    client_key: str = "",
) -> Logged:
    """Add one event to a person's ledger; the person is added when missing.

    `person` is a name, or a stored `Person` already found (with its relationship
    loaded), which saves looking it up again.
    `shared` lets a linked partner see it; None takes `default_shared`.

    `client_key` is an idempotency key chosen by the sender (a phone's offline
    queue, an API client): when a row of this ledger already carries it, nothing
    is added and that row is returned (`Logged.replayed`), so a retry after a
    lost answer never logs the entry twice.

    `event.by` and `event.to` name the person or you (your `me_name` for them).
    The new event is checked with the core's rules against what it depends on
    (the event its `ref` answers; its id is looked up alone), not the whole ledger,
    and without Polars, so a write stays quick however long the ledger; a dangling
    `ref` or a reused id is refused, and nothing is stored on error. Kinds that need an id get
    one (such as `bid-3`) when the event has none.
    """
    from django.db import transaction

    from twoway.web.ledger.models import Event as EventRow

    with one_writer(), transaction.atomic():
        if isinstance(person, str):
            me_guess = (
                event.to if event.by.strip().casefold() == person.strip().casefold() else event.by
            )
            p, rel, created = person_for_write(
                person, me_name=me_guess or default_me_name(owner), kind=kind, new=new, owner=owner
            )
        else:
            p, rel, created = person, person.relationship, False
        lock(rel)
        me, them = rel.me_name, p.name
        by_me = _side(event.by, me, them)
        if client_key:
            # Checked under the relationship's lock: two retries at once add one row.
            done = rel.events.filter(client_key=client_key).select_related("relationship").first()
            if done is not None:
                return Logged(them, me, event, False, pk=done.pk, replayed=True, row=done)
        if event.to and _side(event.to, me, them) == by_me:
            raise TwowayError(f"`to` must be the other person than `by` ({event.by})")
        key = event.id.strip() or (next_id(rel, event.kind) if event.kind in NEEDS_ID else "")
        if key and rel.events.filter(key=key).exists():
            raise TwowayError(
                f"the id {key!r} is already used in {them}'s ledger",
                code="id_taken",
                option="id",
                id=key,
            )
        event = replace(event, by=me if by_me else them, to=them if by_me else me, id=key)
        _check(rel, them, event)
        at_text = format_at(event.at, event.offset_minutes, event.date_only)
        content: Content = {
            "by_me": by_me,
            "at": at_text,
            "kind": event.kind,
            "key": key,
            "ref": event.ref,
            "value": event.value,
            "note": event.note,
            "extra": event.extra,
        }
        # One indexed lookup per identical row already stored (usually none), instead of
        # reading every fingerprint of the relationship for each entry logged.
        occurrence = 0
        while rel.events.filter(fingerprint=fingerprint(**content, occurrence=occurrence)).exists():
            occurrence += 1
        row = EventRow.objects.create(
            relationship=rel,
            at=event.at.replace(tzinfo=UTC),
            offset_minutes=event.offset_minutes,
            date_only=event.date_only,
            by_me=by_me,
            kind=event.kind,
            key=key,
            ref=event.ref,
            value=event.value,
            note=event.note,
            extra=dict(event.extra),
            # Only a linked relationship shares: nobody else could see it, and a later link
            # must never reveal what was written before it.
            shared=default_shared(rel, event.kind)
            if shared is None
            else shared and rel.linked_id is not None,
            fingerprint=fingerprint(**content, occurrence=occurrence),
            client_key=client_key,
        )
        remember(owner, rel, [row.pk], f"{event.kind} {'to' if by_me else 'from'} {them}")
    return Logged(person=them, me_name=me, event=event, created_person=created, pk=row.pk, row=row)


#: Held by the thread of this process whose write transaction is open on SQLite.
_SQLITE_WRITER = threading.Lock()


@contextmanager
def one_writer() -> Iterator[None]:
    """On SQLite, let this process's threads take the write lock one after another, in turn.

    SQLite lets one writer in at a time, and a writer that finds the lock taken
    sleeps and tries again (its busy timeout), up to 100 ms a time, so under many
    writes some wait far longer than others. Queued on a lock here instead, each
    thread goes in as soon as the one before it commits. Inside a transaction
    already open (which holds SQLite's lock), nothing is waited for: that would
    deadlock. PostgreSQL locks the relationship's row instead (`lock`).
    """
    from django.db import connection

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _SQLITE_WRITER:
        yield


def remember(owner: User, rel: Relationship, pks: list[int], what: str) -> None:
    """Keep what this write added as the account's last write, for `undo`."""
    from twoway.web.ledger.models import LastWrite

    # One upsert (INSERT … ON CONFLICT DO UPDATE), where update_or_create takes a savepoint,
    # a read and a write: this runs on every entry logged.
    LastWrite.objects.bulk_create(
        [LastWrite(owner=owner, relationship=rel, events=pks, what=what)],
        update_conflicts=True,
        unique_fields=["owner"],
        update_fields=["relationship", "events", "what", "created"],
    )


def lock(rel: Relationship) -> None:
    """Hold the relationship's row until the transaction ends: one writer of its ledger at a time.

    Two saves at once (two tabs, a log and an import) would otherwise both pick
    the same next id or fingerprint occurrence on PostgreSQL; SQLite already
    lets one writer in at a time (transactions take the write lock at BEGIN).
    Your name and the link are read again under the lock, so a write never uses
    what another changed while it waited.
    """
    from twoway.web.ledger.models import Relationship

    found = list(
        Relationship.objects.select_for_update()
        .filter(pk=rel.pk)
        .values_list("me_name", "linked_id")[:1]
    )
    if not found:
        raise TwowayError("this relationship was deleted meanwhile", code="deleted_meanwhile")
    rel.me_name, rel.linked_id = found[0]


def default_shared(rel: Relationship, kind: str) -> bool:
    """Whether a new entry of `kind` is shared unless its writer says otherwise.

    Only in a linked relationship, by the kind's default; a journal kept alone
    stays private, so linking later never reveals what was written before it.
    """
    return rel.linked_id is not None and kind in SHARED_BY_DEFAULT


def _side(name: str, me: str, them: str) -> bool:
    """True when `name` is you; an error when it is neither of the two."""
    folded = name.strip().casefold()
    if folded == me.casefold():
        return True
    if folded == them.casefold():
        return False
    raise TwowayError(f"{them}'s ledger is between {me} and {them}; {name!r} is neither")


def next_id(rel: Relationship, kind: str) -> str:
    """The first free id of the form `kind-N` in this relationship (`bid-3`)."""
    used = set(rel.events.filter(key__startswith=f"{kind}-").values_list("key", flat=True))
    n = len(used) + 1
    while f"{kind}-{n}" in used:
        n += 1
    return f"{kind}-{n}"


def _check(rel: Relationship, them: str, event: Event) -> None:
    """Check the new event with the core's rules, beside the stored event it answers.

    The same rules as a whole ledger's check (`twoway.core.event_rules`), applied
    to this row in plain Python: the only rules that look past one row are a
    reused id (looked up by the caller) and a `ref`, which must name an earlier
    event of the right kind by the other person; that event, looked up by its
    id, is all of the stored ledger that is read.
    """
    problem = row_problem(event) or answer_problem(event, _answered(rel, them, event))
    if problem is not None:
        raise TwowayError(
            f"not logged: {problem.message} (`{problem.field}`)",
            code="bad_event",
            field=problem.field,
        )


def _answered(rel: Relationship, them: str, event: Event) -> Event | None:
    """The stored event `event.ref` names, when its kind answers one (else nothing is read)."""
    ref = trim(event.ref)
    if not ref or ref_target(trim(event.kind).lower()) is None:
        return None
    row = rel.events.filter(key=ref).only("at", "by_me", "kind", "key").first()
    if row is None:
        return None
    return Event(at=row.at, by=rel.me_name if row.by_me else them, kind=row.kind, id=row.key)


#: Rows checked or written between two progress reports (and per INSERT).
_BATCH = 1000

#: A callback told (stage, done, total) as a long import goes on.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: rows added, rows already stored, rows skipped as bad."""

    person: str
    me_name: str
    added: int
    present: int
    skipped: int
    created_person: bool


def import_ledger(
    person: str,
    ledger: Ledger,
    *,
    owner: User,
    me: str | None = None,
    kind: str | None = None,
    new: bool = False,
    progress: Progress | None = None,
    shared_lines: Collection[int] = (),
    then: Callable[[Relationship], None] | None = None,
) -> ImportResult:
    """Add a ledger's events to a person's, all or nothing; rows already stored are left be.

    `then(relationship)`, when given, runs in the same transaction after the rows
    are in, with the relationship locked (a chat import's `chat_exports.settle`).

    `progress(stage, done, total)`, when given, hears how far a long import is.
    `shared_lines` are the ledger's lines added shared, when the relationship is
    linked (a restore's sharing flags); every other row is added private.

    Which of the ledger's two names is you: `me`, else the name you already have
    in this person's ledger, else the name that is not the person's.

    Short at the store's write lock: every row's fingerprint and stored form is
    worked out first, outside any transaction (the long part of a large file);
    the transaction then only reads what is stored, leaves out what is already
    there and inserts the rest, all or nothing.
    """
    from django.db import transaction

    from twoway.web.ledger.reviews import apply_reviews
    from twoway.web.ledger.staging import changed_key, copy_new, keep_stored_moments, staged

    file_me = _which_is_me(ledger, person, me, _stored_me(owner, person))
    rows = _prepared_rows(ledger, file_me, progress)
    with staged(rows, progress, shared_lines) as table, transaction.atomic():
        stored_me = _stored_me(owner, person)
        if _which_is_me(ledger, person, me, stored_me) != file_me:  # renamed meanwhile
            raise TwowayError(
                f"your name in {person}'s ledger changed while {ledger.source} was being "
                "read; import it again",
                code="changed_meanwhile",
            )
        p, rel, created = person_for_write(person, me_name=file_me, kind=kind, new=new, owner=owner)
        lock(rel)
        keep_stored_moments(table, rel.pk)
        changed = changed_key(table, rel.pk)
        if changed is not None:
            line, key = changed
            raise TwowayError(
                f"{ledger.source}, line {line}: the id {key!r} is already in "
                f"{p.name}'s ledger with different details. An import never changes stored "
                "events: give the row another id, or delete the person and import again",
                code="id_changed",
                source=ledger.source,
                line=line,
                id=key,
            )
        if progress:
            progress("Writing", 0, len(rows))
        # As in add_event: only a linked relationship shares.
        added = copy_new(table, rel.pk, linked=rel.linked_id is not None)
        # what the owner said of a moment outranks the rules, even on a row added again
        apply_reviews(rel, added)
        if progress:
            progress("Writing", len(added), len(added))
        present = len(rows) - len(added)
        if then is not None:
            then(rel)
        if added:
            plural = "" if len(added) == 1 else "s"
            what = (
                f"import of {len(added)} event{plural} from {ledger.source} into {p.name}'s ledger"
            )
            remember(owner, rel, added, what)
    return ImportResult(
        person=p.name,
        me_name=rel.me_name,
        added=len(added),
        present=present,
        skipped=len(ledger.skipped),
        created_person=created,
    )


def _stored_me(owner: User, person: str) -> str | None:
    """Your name in `person`'s stored ledger; None when they are not in the store yet."""
    existing = named(person, owner)
    return existing.relationship.me_name if existing else None


def _prepared_rows(
    ledger: Ledger, file_me: str, progress: Progress | None
) -> list[tuple[int, dict[str, Any]]]:
    """Each row's line and stored fields (with its fingerprint), worked out without the store."""

    seen: Counter[str] = Counter()
    rows = []
    extras = ledger.extra_columns
    for n, r in enumerate(ledger.frame.iter_rows(named=True), start=1):
        if progress and n % _BATCH == 0:
            progress("Checking rows", n, len(ledger))
        by_me = r["by"] == file_me
        extra = {c: r[c] for c in extras if r[c]}
        content: Content = {
            "by_me": by_me,
            "at": format_at(r["at"], r["offset"], r["date_only"]),
            "kind": r["kind"],
            "key": r["id"],
            "ref": r["ref"],
            "value": r["value"],
            "note": r["note"],
            "extra": extra,
        }
        base = fingerprint(**content, occurrence=-1)
        fp = fingerprint(**content, occurrence=seen[base])
        seen[base] += 1
        rows.append(
            (
                r["line"],
                {
                    "at": r["at"].replace(tzinfo=UTC),
                    "offset_minutes": r["offset"],
                    "date_only": r["date_only"],
                    "by_me": by_me,
                    "kind": r["kind"],
                    "key": r["id"],
                    "ref": r["ref"],
                    "value": r["value"],
                    "note": r["note"],
                    "extra": extra,
                    "fingerprint": fp,
                },
            )
        )
    if progress:
        progress("Checking rows", len(ledger), len(ledger))
    return rows


def _which_is_me(ledger: Ledger, person: str, me: str | None, stored_me: str | None) -> str:
    a, b = ledger.people
    names = f"{a} and {b}"

    def match(name: str) -> str | None:
        exact = [n for n in (a, b) if n == name.strip()]
        folded = [n for n in (a, b) if n.casefold() == name.strip().casefold()]
        return next(iter(exact or folded), None)

    if me:
        found = match(me)
        if found is None:
            raise TwowayError(
                f"{ledger.source} names {names}, not {me!r}; which one is you?",
                code="which_me",
                option="me",
                candidates=[a, b],
            )
    elif stored_me and match(stored_me):
        found = match(stored_me)
    elif match(person):
        found = ledger.other(match(person) or "")
    else:
        raise TwowayError(
            f"{ledger.source} names {names}, and neither is {person!r}: which one is you?",
            code="which_me",
            option="me",
            candidates=[a, b],
        )
    if found is None or found.casefold() == person.strip().casefold():
        raise TwowayError(
            f"you and {person} cannot both be {found!r}",
            code="same_person",
            option="me",
            name=found,
        )
    return found
