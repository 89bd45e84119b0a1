"""The journal verbs: `list`, `show`, `edit`, `delete-event` and `undo`.

Entries are numbered by the store (`#12`, as `twoway list` prints them); an
entry with a ledger id (`bid-3`, the ids a report prints as evidence) is found
by that id too.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import click

from twoway.cli.common import (
    account_option,
    console,
    echo_json,
    for_person,
    for_reading,
    for_writing,
    plural,
)
from twoway.cli.options import DateParam, When, WhenParam, db_option, json_flag
from twoway.core.events import KINDS
from twoway.errors import TwowayError

if TYPE_CHECKING:
    from twoway.web.ledger.journal import Entry


def _side(entry: Entry) -> str:
    """`you → Sam` or `Sam → you`: who did it, from the journal keeper's side."""
    return f"you → {entry.to}" if entry.to == entry.person else f"{entry.by} → you"


def _owner_of(db: str | None, account: str | None, entry_id: str) -> Any:
    """The account whose entry `entry_id` is looked up; with no account there is none."""
    _, owner = for_reading(db, account)
    if owner is None:
        raise TwowayError(f"no entry {entry_id!r} in your ledgers: nothing is logged yet")
    return owner


@click.command("list")
@click.argument("person", required=False)
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Only entries of this kind.")
@click.option("--since", type=DateParam(), help="Only entries from this day on (YYYY-MM-DD).")
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="At most this many.",
)
@json_flag("Print the entries as JSON (docs/json.md).")
@account_option
@db_option
def list_(
    person: str | None,
    kind: str | None,
    since: date | None,
    limit: int,
    as_json: bool,
    account: str | None,
    db: str | None,
) -> None:
    """List your latest journal entries, newest first, with the number to show or edit each.

    \b
    Examples:
      twoway list
      twoway list Sam --kind support --since 2026-01-01
      twoway list --json -n 100
    """
    from twoway.web.ledger import journal

    if person:
        _, owner = for_person(db, account, person)
    else:
        _, found = for_reading(db, account)
        if found is None:
            _nothing(as_json)
            return
        owner = found
    rows = journal.entries(owner, person=person, kind=kind, since=since, limit=limit)
    if as_json:
        echo_json([e.to_dict() for e in rows])
        return
    if not rows:
        console().print("No entries match.", markup=False)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Who", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Note", overflow="fold", ratio=1)
    for e in rows:
        detail = f"({e.value}) " if e.value else ""
        key = f" [{e.key}]" if e.key else ""
        table.add_row(str(e.pk), e.when, _side(e), e.kind + key, detail + e.note)
    out = console()
    out.print(table)
    out.print(
        f"[dim]{plural(len(rows), 'entry').replace('entrys', 'entries')}; "
        "twoway show NUMBER for one.[/]"
    )


def _nothing(as_json: bool) -> None:
    if as_json:
        click.echo("[]")
    else:
        console().print("No entries yet.", markup=False)


@click.command("show")
@click.argument("entry_id", metavar="ID")
@json_flag("Print the entry as JSON (docs/json.md).")
@account_option
@db_option
def show(entry_id: str, as_json: bool, account: str | None, db: str | None) -> None:
    """Show one entry: by its number (12 or #12) or its ledger id (bid-3, as a report prints).

    \b
    Examples:
      twoway show 12
      twoway show bid-3 --json
    """
    from twoway.web.ledger import journal

    owner = _owner_of(db, account, entry_id)
    e = journal.find_event(owner, entry_id)
    if as_json:
        echo_json(e.to_dict())
        return
    out = console()
    out.print(f"#{e.pk} in {e.person}'s ledger", markup=False)
    lines = [
        ("When", e.when + (f" (UTC{e.offset_minutes / 60:+g})" if e.offset_minutes else "")),
        ("Who", f"{e.by} → {e.to}"),
        ("Kind", e.kind),
        ("Id", e.key),
        ("Answers", e.ref),
        ("Value", e.value),
        ("Note", e.note),
        ("Shared", "yes" if e.shared else ""),
    ]
    for label, text in lines:
        if text:
            out.print(f"  {label + ':':9}{text}", markup=False)


@click.command("edit")
@click.argument("entry_id", metavar="ID")
@click.option("--note", help="The new note.")
@click.option("--at", type=WhenParam(), help="The new time (as `log --at` takes it).")
@click.option("--value", help="The new value (a style, an energy, a response …).")
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="The new kind.")
@account_option
@db_option
def edit(
    entry_id: str,
    note: str | None,
    at: When | None,
    value: str | None,
    kind: str | None,
    account: str | None,
    db: str | None,
) -> None:
    """Change one entry's note, time, value or kind; the ledger is checked with the change.

    \b
    Examples:
      twoway edit 12 --note "heard me out about the move, for an hour"
      twoway edit bid-3 --at "yesterday 19:00"
    """
    from twoway.web.ledger import editing, journal

    changes: dict[str, Any] = {}
    if note is not None:
        changes["note"] = note
    if value is not None:
        changes["value"] = value
    if kind is not None:
        changes["kind"] = kind
    if at is not None:
        when, offset, date_only = at
        changes["at"] = when if offset is None else when.replace(tzinfo=_zone(offset))
        changes["date_only"] = date_only
        if offset is None:
            changes["offset_minutes"] = None
    if not changes:
        raise TwowayError("say what to change: --note, --at, --value or --kind")
    owner = _owner_of(db, account, entry_id)
    e = journal.find_event(owner, entry_id)
    editing.update_event(owner, e.pk, changes)
    changed = journal.find_event(owner, str(e.pk))
    console().print(
        f"Changed #{changed.pk} in {changed.person}'s ledger: {changed.kind} on {changed.when}"
        + (f": {changed.note}" if changed.note else "."),
        markup=False,
    )


def _zone(minutes: int) -> Any:
    from datetime import timezone

    return timezone(timedelta(minutes=minutes))


@click.command("delete-event")
@click.argument("entry_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Delete without asking first.")
@account_option
@db_option
def delete_event(entry_id: str, yes: bool, account: str | None, db: str | None) -> None:
    """Delete one entry. An entry that others answer (a bid and its response) is kept.

    \b
    Examples:
      twoway delete-event 12
      twoway delete-event bid-3 --yes
    """
    from twoway.web.ledger import editing, journal

    owner = _owner_of(db, account, entry_id)
    e = journal.find_event(owner, entry_id)
    if not yes:
        click.confirm(f"Delete #{e.pk}, {e.kind} on {e.when} in {e.person}'s ledger?", abort=True)
    editing.delete_event(owner, e.pk)
    console().print(
        f"Deleted #{e.pk} ({e.kind} on {e.when}) from {e.person}'s ledger.", markup=False
    )


@click.command("undo")
@account_option
@db_option
def undo(account: str | None, db: str | None) -> None:
    """Take back your last `log` or `import`, once.

    \b
    Examples:
      twoway log talk --to Sam "this was meant for Jo" && twoway undo
    """
    from twoway.web.ledger import journal

    _, owner = for_writing(db, account)
    done = journal.undo_last(owner)
    console().print(
        f"Undone: the {done.what} ({plural(done.events, 'event')} removed).", markup=False
    )
