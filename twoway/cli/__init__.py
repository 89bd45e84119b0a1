"""The `twoway` command line: thin over the library, one module per group of commands.

`run(argv)` is the single entry point: it turns a `TwowayError` into a plain
message and exit code 1, so commands can be tested in-process and a person
never sees a traceback for a mistake they can fix.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from rich.console import Console
from rich.markup import escape

from twoway.cli.errors import exit_code, words
from twoway.errors import TwowayError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="twoway")
def cli() -> None:
    """See whether care flows both ways in a relationship.

    \b
    Examples:
      twoway report ledger.csv --me Alex
      twoway log support --to Sam --style listen "heard me out about the move"
      twoway report Sam --html sam.html
    """


def _register() -> None:
    # Imported here so that `import twoway.cli` stays cheap and free of cycles.
    from twoway.cli import report_cmd

    report_cmd.register(cli)
    try:
        from twoway.cli import store_cmds
    except ImportError:  # pragma: no cover - the store commands land separately
        return
    store_cmds.register(cli)
    # Each command module adds its own commands; none imports another.
    from twoway.cli import (
        assess_cmd,
        chat_cmds,
        demo_cmd,
        journal_cmds,
        log_cmd,
        serve_cmd,
        worker_cmd,
    )

    for command in (log_cmd.log, assess_cmd.assess, demo_cmd.demo, serve_cmd.serve):
        cli.add_command(command)

    journal_cmds.register(cli)
    chat_cmds.register(cli)
    worker_cmd.register(cli)


_register()


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with `argv`; return the exit code instead of exiting."""
    try:
        cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except TwowayError as exc:
        # soft_wrap: a message naming a file and line stays one copyable line.
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print("[bold red]twoway:[/]", escape(words(exc)))
        return exit_code(exc)
    except click.exceptions.Abort:
        Console(stderr=True).print("Stopped.")
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except Exception as exc:
        # Imported here, for start-up speed: only a failing command needs Django's errors.
        from twoway.web.ledger.busy import BUSY, is_busy

        if not is_busy(exc):
            raise
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            "[bold red]twoway:[/]", escape(BUSY)
        )
        return 1
    return 0


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
