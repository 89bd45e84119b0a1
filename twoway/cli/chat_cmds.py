"""`twoway analyze` (a chat export → its report) and `twoway import-chat` (→ a stored ledger)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from twoway.cli.common import (
    account_option,
    console,
    echo_json,
    for_writing,
    new_option,
    plural,
    relation_option,
)
from twoway.cli.options import as_of_option, db_option, json_flag, me_flag
from twoway.cli.progress import Report, progress_bar

if TYPE_CHECKING:
    from twoway.chats.analysis import MomentsLayer

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("auto", "whatsapp", "telegram", "meta", "discord", "sms", "signal", "csv")


def reading_options(f: F) -> F:
    """The options that say how to read an export, shared by `analyze` and `import-chat`."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="auto",
            show_default=True,
            help="The export's format; auto detects it from the content.",
        ),
        click.option(
            "--date-order",
            type=click.Choice(["dmy", "mdy", "ymd"]),
            default=None,
            help="How a WhatsApp export writes dates (day-month-year …); default: decided "
            "from the whole file.",
        ),
        click.option(
            "--chat",
            "chat_name",
            default=None,
            metavar="NAME",
            help="Which chat, in an export holding several (Telegram's whole account, "
            "an SMS backup): its name, id or phone number.",
        ),
        click.option(
            "--tz",
            default=None,
            metavar="ZONE",
            help="Time zone for exports that store instants (Messenger, Instagram, Discord, "
            "SMS), such as Europe/Paris; default: UTC.",
        ),
        click.option(
            "--same",
            multiple=True,
            metavar='"A=B"',
            help='Two names in the chat that are one person, as written: --same "~ Leon=Leon" '
            "(repeat for more). Otherwise two spellings are two people.",
        ),
        click.option(
            "--gap",
            type=click.FloatRange(min=0, min_open=True),
            default=6.0,
            show_default=True,
            metavar="HOURS",
            help="Hours of silence after which a message starts a new conversation.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def moments_option(f: F) -> F:
    """`--moments auto|rules|off`: how the moments of care are read (docs/chats.md)."""
    return click.option(
        "--moments",
        "moments_layer",
        type=click.Choice(["auto", "rules", "off"]),
        # rules by default: the model layer still adds some moments on small talk the
        # labelled set was not calibrated on, and costs ten times the rules' time
        default="rules",
        show_default=True,
        help="How moments of care are read: rules reads with the per-language rules; "
        "auto adds the model layer to them when it is installed "
        '(pip install "twoway[read]"); off does not look for them.',
    )(f)


def _read(
    paths: Sequence[str],
    fmt: str,
    date_order: str | None,
    chat_name: str | None,
    tz: str | None,
    me: str | None,
    report: Report | None,
    same: Sequence[str] = (),
) -> list[Any]:
    from twoway.chats.messages import ReadOptions
    from twoway.chats.people import parse_same
    from twoway.files import load_chat

    options = ReadOptions(
        date_order=date_order, chat=chat_name, tz=tz, me=me, same=parse_same(same)
    )
    chats = []
    for path in paths:
        name = Path(path).name
        tick = None
        if report:

            def tick(done: int, total: int, stage: str = f"Reading {name} (MB)") -> None:
                # whole megabytes: a byte count is too long to read at a glance
                report(stage, -(-done >> 20), max(1, -(-total >> 20)))

        chats.append(load_chat(path, fmt, options, tick))
    return chats


@click.command("analyze")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@reading_options
@me_flag("Your name in the chat (the report then speaks to you).")
@as_of_option
@json_flag("Print JSON (docs/chats.md) instead of the report.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False),
    help="Also write a self-contained HTML report here.",
)
@click.option(
    "--moments-threshold",
    type=click.FloatRange(0, 1),
    default=0.7,
    show_default=True,
    metavar="X",
    help="List moments of care (support, gratitude, needs, repair, check-ins) "
    "only at or above this confidence, from 0 to 1.",
)
@click.option(
    "--messages",
    "messages_path",
    type=click.Path(dir_okay=False),
    help="Also write the parsed messages (time, person, kind, text, line, file) "
    "to this .csv or .parquet file, for pandas or Polars.",
)
@moments_option
@click.option("--force", is_flag=True, help="Replace an HTML report written before.")
def analyze(
    files: tuple[str, ...],
    fmt: str,
    date_order: str | None,
    chat_name: str | None,
    tz: str | None,
    same: tuple[str, ...],
    gap: float,
    me: str | None,
    as_of: date | None,
    as_json: bool,
    html_path: str | None,
    moments_threshold: float,
    messages_path: str | None,
    moments_layer: MomentsLayer,
    force: bool,
) -> None:
    """Report on a chat export: who reaches out, who answers and how fast, which plans happen.

    FILE is an export from WhatsApp (.txt or .zip), Telegram Desktop (result.json),
    Messenger or Instagram (JSON), Signal (signal-export Markdown), Discord
    (DiscordChatExporter JSON), SMS Backup & Restore (XML) or a CSV with
    timestamp,sender,text. Several exports of the same chat are merged, and
    messages they share are counted once. Nothing is stored.

    \b
    Examples:
      twoway analyze "WhatsApp Chat with Sam.zip" --me Alex
      twoway analyze result.json --chat "Sam Lee" --json
      twoway analyze old.txt new.txt --html sam-chat.html
      twoway analyze chat.txt --json --moments-threshold 0.85
      twoway analyze big-group.txt --moments off
      twoway analyze chat.txt --moments rules
      twoway analyze "WhatsApp Chat with Sam.zip" --messages messages.parquet
    """
    from twoway.chats.analysis import analyze_chat
    from twoway.outputs import check_output, html_report, write_output

    # Before any work: never over the export itself, nor over a file twoway did not write.
    if html_path:
        check_output(html_path, ours=html_report, inputs=files, force=force)
    with progress_bar(enabled=not as_json) as report:
        chats = _read(files, fmt, date_order, chat_name, tz, me, report, same)
        result = analyze_chat(
            chats,
            as_of=as_of,
            me=me,
            gap_hours=gap,
            progress=report,
            moments_threshold=moments_threshold,
            moments=moments_layer,
        )
    if messages_path:
        from twoway.chats.table_out import write_messages

        written = write_messages(chats, messages_path)
    if html_path:
        from twoway.render.chat_html import render_chat_html

        write_output(html_path, render_chat_html(result))
    if as_json:
        echo_json(result.to_orjson_dict())
        return
    from twoway.render.chat_terminal import print_chat_report

    print_chat_report(result)
    if html_path:
        click.echo(f"HTML report written to {html_path}")
    if messages_path:
        click.echo(f"{written} messages written to {messages_path}")


@click.command("import-chat")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--person", required=True, metavar="NAME", help="Whose ledger the chat goes into.")
@me_flag(
    "Your name in the chat (default: the participant who is not the person, "
    "or your name in this person's ledger)."
)
@reading_options
@moments_option
@relation_option
@new_option
@account_option
@db_option
def import_chat(
    files: tuple[str, ...],
    person: str,
    me: str | None,
    fmt: str,
    date_order: str | None,
    chat_name: str | None,
    tz: str | None,
    same: tuple[str, ...],
    gap: float,
    moments_layer: MomentsLayer,
    relation: str | None,
    new: bool,
    account: str | None,
    db: str | None,
) -> None:
    """Add a chat's conversations and plans to a person's ledger in your store.

    Each conversation start becomes a bid by whoever started it; the other's
    first answer in it, a response turned toward it; each proposal to meet, a
    commitment (with its date when one was agreed). Importing is safe to
    repeat: the same export, or a newer one that overlaps it, adds only what is
    new. Nothing is stored unless all of it can be.

    \b
    Examples:
      twoway import-chat "WhatsApp Chat with Sam.zip" --person Sam --me Alex
      twoway analyze result.json --chat Sam && twoway import-chat result.json --chat Sam --person Sam
    """
    # Imported here, for start-up speed: only this command needs the import workflow.
    from twoway.chats.people import parse_same
    from twoway.web.ledger.workflow import ImportOptions
    from twoway.web.ledger.workflow import import_chat as import_chats

    options = ImportOptions(
        me=me,
        relation=relation,
        new=new,
        format=fmt,
        date_order=date_order,
        chat=chat_name,
        tz=tz,
        gap=gap,
        same=parse_same(same),
        moments=moments_layer,
    )
    with progress_bar() as report:
        done = import_chats(
            lambda: for_writing(db, account)[1], list(files), person, options, report
        )
    result, prepared, chats = done.stored, done.prepared, done.chats
    out = console()
    if result.created_person:
        out.print(
            f"Added {result.person} to your people ({relation or 'other'}); "
            f"you are {result.me_name} in this ledger.",
            markup=False,
        )
    out.print(
        f"Imported {', '.join(files)} into {result.person}'s ledger: "
        f"{result.added} events added, {result.present} already there "
        f"(from {prepared.marked.height} messages in {prepared.conversations.height} conversations).",
        markup=False,
    )
    skipped = sum(len(c.skipped) for c in chats)
    if skipped:
        out.print(
            f"{plural(skipped, 'part')} of the export could not be read; `twoway analyze` lists them.",
            markup=False,
        )
