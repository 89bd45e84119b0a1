"""What a job does with its file: exactly what the CLI does with the same file.

- a ledger: `twoway import` (`parse_ledger`, then `store.import_ledger`);
- a chat export: `twoway import-chat` (`read_chat`, `prepare_chat(...).ledger()`,
  the same choice of which participant is you, then `store.import_ledger`);
- an account export: `parse_export`, then `restore_account`.

The file is read before any transaction opens, so a long read never holds the
database; the store's writes then happen in one transaction, all or nothing.
Each function returns what it did as JSON-ready data for `ImportJob.result`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from twoway.core.ledger import parse_ledger
from twoway.errors import TwowayError
from twoway.web.imports.kinds import ACCOUNT, CHAT, LEDGER
from twoway.web.ledger import store
from twoway.web.ledger.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from twoway.web.imports.models import ImportJob

Progress = Callable[[str, int, int], None]

#: How many skipped rows or unread parts a result lists (the count is always given).
LISTED = 10


def run_import(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """Import the job's file into its owner's store; returns what was done."""
    importers = {LEDGER: import_ledger_file, CHAT: import_chat_export, ACCOUNT: restore_export}
    return importers[job.kind](job, progress)


def import_ledger_file(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """A ledger file (CSV or JSON Lines) into one person's ledger, as `twoway import` does."""
    options = job.options
    progress("Reading the file", 0, 1)
    ledger = parse_ledger(bytes(job.data), job.filename, skip_bad=bool(options.get("skip_bad")))
    with transaction.atomic():
        result = store.import_ledger(
            options["person"],
            ledger,
            me=options.get("me") or None,
            kind=options.get("relation") or None,
            new=bool(options.get("new")),
            progress=progress,
            owner=job.owner,
        )
    skipped = [
        {"line": row.line, "field": row.field, "reason": row.reason}
        for row in ledger.skipped[:LISTED]
    ]
    return {**_imported(result, job.owner), "skipped_rows": skipped}


def import_chat_export(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """A chat export's conversations and plans into one person's ledger, as `twoway import-chat` does."""
    from twoway.chats import ReadOptions, read_chat
    from twoway.chats.analysis import prepare_chat
    from twoway.chats.conversations import DEFAULT_GAP_HOURS

    options = job.options
    person, me = options["person"], options.get("me") or None
    read_options = ReadOptions(
        date_order=options.get("date_order") or None,
        chat=options.get("chat") or None,
        tz=options.get("tz") or None,
        me=me,
        # No message can be newer than its upload (a day of slack covers time zones).
        latest=timezone.localtime(job.created).replace(tzinfo=None) if job.created else None,
    )
    progress("Reading the chat export", 0, 1)
    chat = read_chat(bytes(job.data), job.filename, options.get("format") or "auto", read_options)
    progress("Finding conversations and plans", 0, 1)
    prepared = prepare_chat([chat], gap_hours=float(options.get("gap") or DEFAULT_GAP_HOURS))
    ledger = prepared.ledger()
    with transaction.atomic():
        chat_me = store.chat_me(prepared.people, person, me, owner=job.owner)
        result = store.import_ledger(
            person,
            ledger,
            me=chat_me,
            kind=options.get("relation") or None,
            new=bool(options.get("new")),
            progress=progress,
            owner=job.owner,
        )
    return {
        **_imported(result, job.owner),
        "skipped": len(chat.skipped),
        "skipped_parts": [{"where": s.where(), "reason": s.reason} for s in chat.skipped[:LISTED]],
        "format": chat.format,
        "messages": prepared.marked.height,
        "conversations": prepared.conversations.height,
        "notes": list(chat.notes),
    }


def restore_export(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """A twoway account export: every person, event and assessment in it, added to the owner's."""
    from twoway.web.ledger.account import parse_export, restore_account

    progress("Reading the file", 0, 1)
    try:
        text = bytes(job.data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TwowayError(
            f"{job.filename}: the bytes at offset {exc.start} are not UTF-8 text; "
            "is this the export file twoway wrote, complete and unchanged?"
        ) from None
    result = restore_account(job.owner, parse_export(text), progress=progress)
    return {
        "people": result.people,
        "created_people": result.created_people,
        "added": result.events_added,
        "present": result.events_present,
        "skipped": 0,
        "assessments_added": result.assessments_added,
        "assessments_present": result.assessments_present,
    }


def _imported(result: store.ImportResult, owner: User) -> dict[str, Any]:
    """An `ImportResult` as JSON, with the person's id for links to their pages."""
    person = Person.objects.filter(owner=owner, name__iexact=result.person).first()
    return {
        "person": result.person,
        "person_id": person.pk if person else None,
        "me": result.me_name,
        "created_person": result.created_person,
        "added": result.added,
        "present": result.present,
        "skipped": result.skipped,
    }
