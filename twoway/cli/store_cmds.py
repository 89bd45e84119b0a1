"""Commands that keep ledgers in the local store: people, import, export, delete.

`twoway log`, `twoway assess` and `twoway demo` live in their own modules and
are registered here too. Each command parses, calls `twoway.web.ledger.store`,
and prints; the store module is imported inside the commands so that
`twoway --help` stays quick and never sets Django up.
"""

from __future__ import annotations

from pathlib import Path

import click

from twoway.cli.common import (
    account_option,
    console,
    echo_json,
    for_person,
    for_reading,
    for_writing,
    new_option,
    open_store,
    plural,
    relation_option,
)
from twoway.cli.options import db_option, json_flag, me_flag
from twoway.cli.progress import progress_bar
from twoway.web.ledger import RELATIONSHIP_KINDS

__all__ = ["console", "new_option", "open_store", "relation_option"]


@click.command("people")
@json_flag("Print the list as JSON.")
@account_option
@db_option
def people(as_json: bool, account: str | None, db: str | None) -> None:
    """List the people in your store, with the size of each ledger.

    \b
    Examples:
      twoway people
      twoway people --json
    """
    store, owner = for_reading(db, account)
    everyone = store.people(owner) if owner is not None else []
    if as_json:
        rows = [
            {
                "name": p.name,
                "kind": p.kind,
                "me": p.me_name,
                "events": p.events,
                "last_event": p.last_event.isoformat() if p.last_event else None,
            }
            for p in everyone
        ]
        echo_json(rows)
        return
    from rich.table import Table

    out = console()
    if not everyone:
        out.print(f"No one in your store yet ({store.location()}).")
        out.print('Add someone:  twoway log talk --to Sam "talked about work"', markup=False)
        out.print("or import a ledger:  twoway import ledger.csv --person Sam", markup=False)
        return
    table = Table(title=f"Your people ({store.location()})", title_justify="left")
    table.add_column("Name", style="bold")
    table.add_column("Kind")
    table.add_column("Events", justify="right")
    table.add_column("Last event")
    for p in everyone:
        last = p.last_event.strftime("%Y-%m-%d %H:%M") if p.last_event else "-"
        table.add_row(p.name, p.kind, str(p.events), last)
    out.print(table)


@click.command("import")
@click.argument("ledger_path", metavar="LEDGER")
@click.option("--person", required=True, metavar="NAME", help="Whose ledger this is.")
@me_flag(
    "Which of the file's two names is you (default: your name in this person's "
    "ledger, else the name that is not the person's)."
)
@click.option(
    "--kind",
    "--relation",
    "relation",
    type=click.Choice(RELATIONSHIP_KINDS),
    help="The kind of relationship, when the person is new (or to change it).",
)
@click.option("--skip-bad", is_flag=True, help="Skip rows that break the format (and list them).")
@new_option
@account_option
@db_option
def import_(
    ledger_path: str,
    person: str,
    me: str | None,
    relation: str | None,
    skip_bad: bool,
    new: bool,
    account: str | None,
    db: str | None,
) -> None:
    """Add a ledger file's events to a person's ledger in your store.

    LEDGER is a .csv or .jsonl file naming you and the person. Importing is
    safe to repeat: rows already stored are not added again, so the same file
    twice, or a newer export that overlaps an older one, adds only what is new.
    Nothing is stored unless the whole file can be.

    \b
    Examples:
      twoway import alex-sam.csv --person Sam --me Alex --kind partner
      twoway import sam-2024.jsonl --person Sam --skip-bad
    """
    # Imported here, for start-up speed: only this command needs the import workflow.
    from twoway.web.ledger.workflow import ImportOptions, import_ledger_file

    options = ImportOptions(me=me, relation=relation, new=new, skip_bad=skip_bad)
    with progress_bar() as report:
        done = import_ledger_file(
            lambda: for_writing(db, account)[1], ledger_path, person, options, report
        )
    result, skipped = done.stored, done.skipped
    out = console()
    if result.created_person:
        out.print(
            f"Added {result.person} to your people ({relation or 'other'}); "
            f"you are {result.me_name} in this ledger."
        )
    out.print(
        f"Imported {ledger_path} into {result.person}'s ledger: "
        f"{result.added} added, {result.present} already there.",
        markup=False,
    )
    if skipped:
        s = "" if len(skipped) == 1 else "s"
        out.print(f"Skipped {len(skipped)} bad row{s}:", markup=False)
        for row in skipped[:10]:
            out.print(f"  line {row.line}, field `{row.field}`: {row.reason}", markup=False)
        if len(skipped) > 10:
            out.print(f"  ... and {len(skipped) - 10} more", markup=False)


@click.command("export")
@click.argument("person")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default=None,
    help="Default: from the file's extension, else csv.",
)
@click.option("--force", is_flag=True, help="Replace a ledger file written before.")
@account_option
@db_option
def export(
    person: str,
    output: str | None,
    fmt: str | None,
    force: bool,
    account: str | None,
    db: str | None,
) -> None:
    """Write a person's ledger as CSV or JSON Lines, ready to import again anywhere.

    Without -o the ledger goes to standard output.

    \b
    Examples:
      twoway export Sam -o sam.csv
      twoway export Sam --format jsonl > sam.jsonl
    """
    from twoway.core.ledger import dumps
    from twoway.outputs import check_output, ledger_file, write_output

    if output is not None:
        check_output(output, ours=ledger_file, force=force)
    store, owner = for_person(db, account, person)
    ledger = store.export_ledger(person, owner)
    if output is None:
        click.echo(dumps(ledger, "jsonl" if fmt == "jsonl" else "csv"), nl=False)
        return
    suffix = Path(output).suffix.lower()
    chosen = fmt or ("jsonl" if suffix in {".jsonl", ".ndjson", ".json"} else "csv")
    write_output(output, dumps(ledger, "jsonl" if chosen == "jsonl" else "csv"))
    click.echo(f"Wrote {plural(len(ledger), 'event')} of {person}'s ledger to {output}")


@click.command("delete")
@click.argument("person")
@click.option("--yes", is_flag=True, help="Delete without asking first.")
@account_option
@db_option
def delete(person: str, yes: bool, account: str | None, db: str | None) -> None:
    """Delete a person from your store with every event and assessment.

    This cannot be undone; export first if you may want the ledger back.

    \b
    Examples:
      twoway export Sam -o sam.csv && twoway delete Sam --yes
    """
    store, owner = for_person(db, account, person, site=True)
    if not yes:
        found = store.person_summary(person, owner)
        click.confirm(
            f"Delete {found.name} and {plural(found.events, 'event')} of their ledger? "
            "This cannot be undone",
            abort=True,
        )
    gone = store.delete_person(person, owner)
    click.echo(
        f"Deleted {gone.person}: {plural(gone.events, 'event')} and "
        f"{plural(gone.assessments, 'assessment')} "
        "are gone from this store. Files you exported are not touched."
    )
