"""The `twoway` command line: thin over the library, one module per group of commands.

`run(argv)` is the single entry point: it turns a `TwowayError` into a plain
message and exit code 1, so commands can be tested in-process and a person
never sees a traceback for a mistake they can fix.
"""

from __future__ import annotations

import atexit
import difflib
import importlib
import os
import sys
import threading
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

import click

from twoway.cli.errors import exit_code, words
from twoway.errors import TwowayError

#: Each command and where it is defined ("module:attribute"). A command's module is
#: imported only when that command runs (or when help lists them all), so a quick
#: command pays for its own imports, not for every other command's.
COMMANDS: dict[str, str] = {
    "analyze": "twoway.cli.chat_cmds:analyze",
    "assess": "twoway.cli.assess_cmd:assess",
    "delete": "twoway.cli.store_cmds:delete",
    "delete-event": "twoway.cli.journal_cmds:delete_event",
    "demo": "twoway.cli.demo_cmd:demo",
    "edit": "twoway.cli.journal_cmds:edit",
    "export": "twoway.cli.store_cmds:export",
    "import": "twoway.cli.store_cmds:import_",
    "import-chat": "twoway.cli.chat_cmds:import_chat",
    "list": "twoway.cli.journal_cmds:list_",
    "log": "twoway.cli.log_cmd:log",
    "people": "twoway.cli.store_cmds:people",
    "report": "twoway.cli.report_cmd:report",
    "serve": "twoway.cli.serve_cmd:serve",
    "show": "twoway.cli.journal_cmds:show",
    "undo": "twoway.cli.journal_cmds:undo",
    "worker": "twoway.cli.worker_cmd:worker",
}


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked for.

    The pattern of click's documentation ("Lazily Loading Subcommands"): the
    names are known up front, `get_command` imports the one module it needs.
    """

    def __init__(self, *args: Any, lazy: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command) or command.name != cmd_name:
                raise TypeError(f"{self.lazy[cmd_name]} is not the command {cmd_name!r}")
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        # Click 8.5 suggests names only among the commands already loaded; a lazy
        # group has loaded none, so suggest among all of them here.
        name = args[0]
        unknown = not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            near = difflib.get_close_matches(name, self.list_commands(ctx))
            hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="twoway")
def cli() -> None:
    """See whether care flows both ways in a relationship.

    \b
    Examples:
      twoway report ledger.csv --me Alex
      twoway log support --to Sam --style listen "heard me out about the move"
      twoway report Sam --html sam.html
    """


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with `argv`; return the exit code instead of exiting."""
    try:
        cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except TwowayError as exc:
        _error(words(exc))
        return exit_code(exc)
    except click.exceptions.Abort:
        _error("Stopped.", plain=True)
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
        _error(BUSY)
        return 1
    return 0


def _error(message: str, *, plain: bool = False) -> None:
    """Print `message` on stderr, after a red "twoway:" unless `plain`."""
    # Imported here, for start-up speed: a command that succeeds never needs Rich here.
    from rich.console import Console
    from rich.markup import escape

    if plain:
        Console(stderr=True).print(message)
        return
    # soft_wrap: a message naming a file and line stays one copyable line.
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        "[bold red]twoway:[/]", escape(message)
    )


#: Polars' allocator (jemalloc) returns freed pages to the system at once rather than
#: marking them reclaimable, which still counts as resident: a big chat's peak memory
#: drops by a tenth (the million-message bench: about 600 -> 500 MB), at no cost in time.
ALLOCATOR_SETTINGS = "muzzy_decay_ms:0"
#: What Polars itself writes into the environment when imported (it adds a setting of
#: the person's own after it): a process started by one that imported Polars has it.
POLARS_ALLOCATOR_DEFAULT = "dirty_decay_ms:500,muzzy_decay_ms:1000"


def quiet_allocator(environ: MutableMapping[str, str]) -> None:
    """Ask Polars' allocator to give memory back at once (`ALLOCATOR_SETTINGS`).

    Before Polars is first imported, which reads it once. A setting of the
    person's own is kept.
    """
    if environ.get("_RJEM_MALLOC_CONF", "") in ("", POLARS_ALLOCATOR_DEFAULT):
        environ["_RJEM_MALLOC_CONF"] = ALLOCATOR_SETTINGS


def main() -> None:
    """Console-script entry point."""
    quiet_allocator(os.environ)
    code = run()
    if threading.active_count() > 1:
        sys.exit(code)  # a thread still runs: let the interpreter wait for it
    # Leave without tearing the interpreter down object by object: after a big chat
    # that costs about a tenth of the run (0.2 s of 3 on the million-message bench).
    # The exit handlers (temporary files, logging) still run.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (`twoway … | head`): nothing left to say
        code = code or 1
    atexit._run_exitfuncs()
    os._exit(code)
