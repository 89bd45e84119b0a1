"""Importing a chat export or a ledger file into a person's ledger: one workflow for all.

The CLI (`twoway import-chat`, `twoway import`), the web upload and its worker
call these two functions, so a file imports the same way wherever it comes in:

- read the file (before any transaction, so a long read never holds the store);
- for a chat: find conversations and plans (`prepare_chat`), make its ledger;
- decide which name is you, then `import_ledger`: one short transaction, all or nothing;
- idempotent: rows already stored are counted as present, never added twice.

`progress(stage, done, total)` hears every stage: a Rich bar in the CLI, the
job's percentage on the web.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from twoway.chats import Chat, ReadOptions, read_chat
from twoway.chats.analysis import MomentsLayer, PreparedChat, prepare_chat
from twoway.chats.continuation import chat_prefix, continued_ledger, stored_names
from twoway.chats.conversations import DEFAULT_GAP_HOURS
from twoway.chats.figures import chat_figures
from twoway.core.ledger import Ledger, parse_ledger
from twoway.core.validation import Skipped
from twoway.files import read_bytes
from twoway.web.ledger import chat_exports
from twoway.web.ledger.store import chat_me, find_person, ledger_for, me_name_for
from twoway.web.ledger.writing import ImportResult, import_ledger

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.web.ledger.models import Relationship

Progress = Callable[[str, int, int], None]

#: Whose store it goes into: the account, or what gives it once the file is read (the
#: CLI makes its account only then, so a file that cannot be read creates nothing).
Owner: TypeAlias = "User | Callable[[], User]"

#: A file to read: its path, or its bytes with the name it came with (an upload).
Source = Path | str | tuple[bytes, str]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the person chose: the CLI's flags and the import form's fields, by one name each."""

    me: str | None = None
    relation: str | None = None
    new: bool = False
    #: ledger files: leave out rows that break the format (they are listed)
    skip_bad: bool = False
    #: chats: the reader (`auto` detects it), and how to read what the export leaves open
    format: str = "auto"
    date_order: str | None = None
    chat: str | None = None
    tz: str | None = None
    gap: float = DEFAULT_GAP_HOURS
    #: chats: pairs of names in the chat that are one person (`--same "~ Leon=Leon"`)
    same: tuple[tuple[str, str], ...] = ()
    #: chats: no message can be newer than this (an upload's time, with a day of slack)
    latest: datetime | None = None
    #: chats: how the moments of care are read (`analysis.MomentsLayer`); the site reads
    #: them with the rules, `twoway import-chat` with the model layer when installed
    moments: MomentsLayer = "rules"


@dataclass(frozen=True, slots=True)
class ChatImported:
    """What a chat import did: the store's counts, and what was read to get them."""

    stored: ImportResult
    chats: tuple[Chat, ...]
    prepared: PreparedChat


@dataclass(frozen=True, slots=True)
class LedgerImported:
    """What a ledger file import did: the store's counts, and the rows skipped as bad."""

    stored: ImportResult
    skipped: tuple[Skipped, ...]


def _quiet(stage: str, done: int, total: int) -> None:
    """No one is listening."""


def _bytes(source: Source, expected: str, progress: Progress, stage: str) -> tuple[bytes, str]:
    if isinstance(source, tuple):
        return source
    name = Path(source).name

    def tick(done: int, total: int) -> None:
        # whole megabytes: a byte count is too long to read at a glance
        progress(f"{stage} {name} (MB)", -(-done >> 20), max(1, -(-total >> 20)))

    return read_bytes(source, expected, tick), str(source)


def import_chat(
    owner: Owner,
    sources: Sequence[Source],
    person: str,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> ChatImported:
    """Add chat exports' conversations and plans to `owner`'s `person`'s ledger, all or nothing."""
    report = progress or _quiet
    read_options = ReadOptions(
        date_order=options.date_order,
        chat=options.chat,
        tz=options.tz,
        me=options.me,
        latest=options.latest,
        same=options.same,
    )
    chats = []
    for source in sources:
        data, name = _bytes(
            source, "a chat export file (.txt, .zip, .json, .xml, .md or .csv)", report, "Reading"
        )
        chats.append(read_chat(data, name, options.format or "auto", read_options))
    report("Finding conversations and plans", 0, 1)
    prepared = prepare_chat(
        chats, gap_hours=options.gap, moments=options.moments, progress=progress
    )
    prepared.ledger()  # a chat of two people, or the error saying it is not
    account = _account(owner)
    # `import_ledger` is one transaction of its own, short at the store's write lock (its
    # rows are staged first); which name is you and where the stored chat ended are only
    # read, just before it (an outer transaction would hold the lock while rows are staged).
    me = chat_me(prepared.people, person, options.me, owner=account)
    ledger = _continued(account, person, prepared, me, options.gap)
    report("Counting for the charts", 0, 1)
    figures = chat_figures(prepared, me, options.gap)

    def settle(rel: Relationship) -> None:
        chat_exports.settle(rel, prepared, ledger, me, options.gap, figures)

    stored = _store(account, person, ledger, me, options, report, then=settle)
    return ChatImported(stored, tuple(chats), prepared)


def import_ledger_file(
    owner: Owner,
    source: Source,
    person: str,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> LedgerImported:
    """Add a ledger file's (CSV or JSON Lines) events to `person`'s ledger, all or nothing."""
    report = progress or _quiet
    data, name = _bytes(source, "a ledger file (.csv or .jsonl)", report, "Reading")
    report("Reading the file", 0, 1)
    ledger = parse_ledger(data, name, skip_bad=options.skip_bad)
    stored = _store(_account(owner), person, ledger, options.me, options, report)
    return LedgerImported(stored, ledger.skipped)


def _continued(owner: User, person: str, prepared: PreparedChat, me: str, gap: float) -> Ledger:
    """The chat's ledger, continuing what an older export of the same chat already stored."""
    stored_person = find_person(person, owner)
    stored = ledger_for(stored_person, owner) if stored_person else None
    stored_me = me_name_for(stored_person, owner) if stored_person else None
    names = stored_names(stored, stored_me, prepared.people, me)
    spans = chat_exports.spans(person, owner, chat_prefix(prepared.ledger(keep_double=True)))
    return continued_ledger(prepared, stored, names, gap, spans)


def _account(owner: Owner) -> User:
    return owner() if callable(owner) else owner


def _store(
    owner: User,
    person: str,
    ledger: Ledger,
    me: str | None,
    options: ImportOptions,
    progress: Progress,
    then: Callable[[Relationship], None] | None = None,
) -> ImportResult:
    return import_ledger(
        person,
        ledger,
        me=me or None,
        kind=options.relation or None,
        new=options.new,
        progress=progress,
        owner=owner,
        then=then,
    )
