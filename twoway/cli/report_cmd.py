"""`twoway report`: analyse a ledger file or a stored relationship and render the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from twoway.cli.common import account_option, echo_json, for_person
from twoway.cli.options import as_of_option, db_option, json_option, me_option

if TYPE_CHECKING:
    from twoway.core.ledger import Ledger

#: What `twoway.core.ledger.LEDGER_SUFFIXES` holds, without importing Polars to read it.
LEDGER_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json")


def _ledger_from_store(
    person: str, db: str | None, account: str | None
) -> tuple[Ledger, str | None, bool]:
    """The stored ledger, your name in it, and whether the two are partners."""
    store, owner = for_person(db, account, person)
    kind = store.person_summary(person, owner).kind
    return store.ledger_for(person, owner), store.me_name_for(person, owner), kind == "partner"


def _looks_like_a_file(source: str) -> bool:
    """A path that exists, or that names a folder or a ledger suffix: never a person's name."""
    path = Path(source)
    return path.exists() or "/" in source or path.suffix.lower() in LEDGER_SUFFIXES


@click.command()
@click.argument("source", metavar="LEDGER|PERSON")
@me_option
@as_of_option
@json_option
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write a self-contained HTML report here.",
)
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Skip rows that break the format (they are counted and listed).",
)
@click.option("--force", is_flag=True, help="Replace an HTML report written before.")
@account_option
@db_option
def report(
    source: str,
    me: str | None,
    as_of: date | None,
    as_json: bool,
    html_path: str | None,
    skip_bad: bool,
    force: bool,
    account: str | None,
    db: str | None,
) -> None:
    """Report on a relationship: balance, counts and signals.

    LEDGER is a .csv or .jsonl file; PERSON is someone in your store.

    \b
    Examples:
      twoway report alex-sam.csv --me Alex
      twoway report Sam --as-of 2024-06-30 --json
      twoway report Sam --html sam.html
    """
    from twoway.core import analyze
    from twoway.files import load_ledger
    from twoway.outputs import check_output, html_report, write_output
    from twoway.render import html as html_render
    from twoway.render import terminal

    is_file = _looks_like_a_file(source)
    if html_path:  # before any work: a refused output costs nothing
        check_output(html_path, ours=html_report, inputs=[source] if is_file else [], force=force)
    if is_file:
        ledger = load_ledger(source, skip_bad=skip_bad)  # explains a missing file or a folder
        stored_me, partners = None, False  # a file does not say what the two are to each other
    else:
        ledger, stored_me, partners = _ledger_from_store(source, db, account)
    result = analyze(ledger, as_of=as_of, me=me or stored_me)
    if html_path:
        write_output(
            html_path, html_render.render_html(result, skipped=ledger.skipped, partners=partners)
        )
    if as_json:
        echo_json(result.to_dict())
    else:
        terminal.print_report(result, skipped=ledger.skipped, partners=partners)
        if html_path:
            click.echo(f"HTML report written to {html_path}")
