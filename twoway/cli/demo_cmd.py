"""`twoway demo`: a separate store with three realistic relationships, and their reports."""

from __future__ import annotations

import os
import shlex
from datetime import date
from pathlib import Path

import click

from twoway.cli.common import console
from twoway.errors import TwowayError
from twoway.web.ledger import RELATIONSHIP_KINDS

#: What each demo relationship shows, in the order they are presented.
_STORIES = {
    "Sam": "balanced, with ebb and flow",
    "Jordan": "one-sided: you carry most of it",
    "Robin": "was one-sided, balanced again lately",
}


#: The demo store's one account: the commands it suggests act for it, being the only one.
DEMO_ACCOUNT = "alex"


def default_demo_path() -> Path:
    """`demo.sqlite3` in the data directory: never the store you keep your own ledgers in."""
    from twoway.web.settings import data_dir

    return data_dir(os.environ) / "demo.sqlite3"


def _reset(path: Path, demo_names: set[str]) -> None:
    """Remove an earlier demo store; refuse to touch a store holding anyone else."""
    from twoway.web.ledger import store
    from twoway.web.ledger.acting import accounts

    if not path.exists():
        return
    store.open_store(str(path))
    stored = {p.name for user in accounts() for p in store.people(user)}
    others = sorted(stored - demo_names)
    store.close_store()
    if others:
        raise TwowayError(
            f"{path} holds people who are not in the demo ({', '.join(others)}); "
            "the demo only replaces its own store. Choose another --db path."
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@click.command("demo")
@click.option(
    "--db",
    metavar="PATH",
    default=None,
    help="Where to keep the demo store (default: demo.sqlite3 in your data directory). "
    "It is recreated on each run.",
)
@click.option("--seed", type=int, default=7, show_default=True, help="Another seed, other noise.")
def demo(db: str | None, seed: int) -> None:
    """Show twoway at work on three made-up relationships, a few months each.

    The demo keeps its own store, apart from yours, and recreates it each run.
    Sam's ledger is balanced with ebb and flow, Jordan's is one-sided, and
    Robin's was one-sided and has been balanced again for a while.

    \b
    Examples:
      twoway demo
      twoway demo --db /tmp/demo.sqlite3 --seed 3
    """
    from twoway.core import analyze
    from twoway.simulate import demo_ledgers
    from twoway.web.ledger import store
    from twoway.web.ledger.acting import acting_account

    path = Path(db).expanduser().absolute() if db else default_demo_path()
    ledgers = demo_ledgers(end=date.today(), seed=seed)
    _reset(path, set(ledgers))
    store.open_store(str(path))
    owner = acting_account(DEMO_ACCOUNT, create=True).user
    assert owner is not None  # create=True always gives one
    for name, (kind, ledger) in ledgers.items():
        me = ledger.other(name)  # the ledger's people are in order of appearance
        relation = kind if kind in RELATIONSHIP_KINDS else "other"
        store.import_ledger(name, ledger, owner=owner, me=me, kind=relation, new=True)
    from twoway.render.terminal import overview_table, print_report

    out = console()
    reports = []
    for name, (kind, _) in ledgers.items():
        report = analyze(store.ledger_for(name, owner), me=store.me_name_for(name, owner))
        reports.append((name, kind, report))
        out.rule(f"[bold]{name}[/] · {kind} · {_STORIES.get(name, '')}".rstrip(" ·"))
        print_report(report, console=out, partners=kind == "partner")
        out.print()
    # The last screen a newcomer sees compares the three at a glance.
    out.rule("[bold]The three relationships[/]")
    out.print(overview_table(reports))
    out.print()
    _next_steps(path, next(iter(ledgers)))


def _next_steps(path: Path, example: str) -> None:
    where = f"--db {shlex.quote(str(path))}"
    out = console()
    out.rule("[bold]Explore the demo[/]")
    out.print(f"The demo store is {path}. Try:", markup=False, soft_wrap=True)
    for line in (
        f"twoway people {where}",
        f"twoway report {example} {where}",
        f"twoway report {example} --html {example.lower()}.html {where}",
        f"twoway export {example} -o {example.lower()}.csv {where}",
        f"twoway assess {example} {where}",
        f'twoway log support --to {example} --style listen "heard me out" {where}',
    ):
        out.print(f"  {line}", markup=False, soft_wrap=True)
    out.print(
        "Your own ledgers live in a separate store: the same commands without --db use it.",
        markup=False,
    )
