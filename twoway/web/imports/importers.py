"""What a job does with its file: exactly what the CLI does with the same file.

- a ledger: `twoway import`, through the same `workflow.import_ledger_file`;
- a chat export: `twoway import-chat`, through the same `workflow.import_chat`;
- an account export: `parse_export`, then `restore_account`.

The file is read before any transaction opens, so a long read never holds the
database; the store's writes then happen in one transaction, all or nothing.
Each function returns what it did as JSON-ready data for `ImportJob.result`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from twoway.chats.conversations import DEFAULT_GAP_HOURS
from twoway.chats.people import parse_same
from twoway.errors import TwowayError
from twoway.web.accounts.portability import parse_export, restore_account
from twoway.web.imports.kinds import ACCOUNT, CHAT, LEDGER
from twoway.web.ledger import store, workflow
from twoway.web.ledger.models import Person
from twoway.web.ledger.workflow import ImportOptions

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


def _options(job: ImportJob) -> ImportOptions:
    """The form's choices (`ImportJob.options`) as the import workflow takes them."""
    o = job.options
    return ImportOptions(
        me=o.get("me") or None,
        relation=o.get("relation") or None,
        new=bool(o.get("new")),
        skip_bad=bool(o.get("skip_bad")),
        format=o.get("format") or "auto",
        date_order=o.get("date_order") or None,
        chat=o.get("chat") or None,
        tz=o.get("tz") or None,
        gap=float(o.get("gap") or DEFAULT_GAP_HOURS),
        same=parse_same(str(o.get("same") or "").splitlines()),
        # No message can be newer than its upload (a day of slack covers time zones).
        latest=timezone.localtime(job.created).replace(tzinfo=None) if job.created else None,
    )


def import_ledger_file(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """A ledger file (CSV or JSON Lines) into one person's ledger, as `twoway import` does."""
    done = workflow.import_ledger_file(
        job.owner, (bytes(job.data), job.filename), job.options["person"], _options(job), progress
    )
    skipped = [
        {"line": row.line, "field": row.field, "reason": row.reason}
        for row in done.skipped[:LISTED]
    ]
    return {**_imported(done.stored, job.owner), "skipped_rows": skipped}


def import_chat_export(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """A chat export's conversations and plans into one person's ledger, as `twoway import-chat` does."""
    done = workflow.import_chat(
        job.owner, [(bytes(job.data), job.filename)], job.options["person"], _options(job), progress
    )
    (chat,) = done.chats
    return {
        **_imported(done.stored, job.owner),
        "skipped": len(chat.skipped),
        "skipped_parts": [{"where": s.where(), "reason": s.reason} for s in chat.skipped[:LISTED]],
        "format": chat.format,
        "messages": done.prepared.marked.height,
        "conversations": done.prepared.conversations.height,
        "notes": list(chat.notes),
    }


def restore_export(job: ImportJob, progress: Progress) -> dict[str, Any]:
    """A twoway account export: every part of it, added to the owner's account."""
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
        "added": result.added("events"),
        "present": result.present("events"),
        "skipped": 0,
        **result.as_json(),
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
