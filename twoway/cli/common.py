"""What the commands share: the store they open, the account they act for, where they print.

Every command that touches the store acts for one account (`--account` /
`TWOWAY_ACCOUNT`, else the only one; see `twoway.web.ledger.acting`), the same
account its owner logs in to on `twoway serve`, so both show the same data.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import click
import orjson

from twoway.web.ledger import RELATIONSHIP_KINDS

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


def plural(n: int, one: str, many: str | None = None) -> str:
    """The number with its word: "1 event", "2 events", "1 entry", "3 entries"."""
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def echo_json(data: Any) -> None:
    """Print `data` as indented JSON, UTF-8 and unescaped, as `json.dumps(indent=2,
    ensure_ascii=False)` would, but written by orjson: a big chat's report is megabytes."""
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS), nl=True)


def console() -> Console:
    """Where commands print: stdout, without Rich guessing at highlights."""
    # Imported here, for start-up speed: a command printing JSON never loads Rich.
    from rich.console import Console

    return Console(highlight=False)


def open_store(db: str | None, *, site: bool = False, create: bool = True) -> ModuleType:
    """Open the store and return the store module, for the commands to call.

    Quick commands set Django up with only the apps they use (`settings_cli`);
    `site=True` sets up the whole site (serving, the worker, deleting a person,
    which cascades into the site's tables). `create=False` leaves a store that
    does not exist uncreated.
    """
    # Setting Django up makes some 50,000 long-lived objects and next to no garbage; the
    # cycle collector would walk them again and again as they come. The first time in a
    # process it is paused meanwhile, and what was made is then frozen (left out of later
    # collections): about a tenth of a quick command's time. Only once, so a process that
    # runs many commands (the tests) does not freeze each command's leftovers.
    starting = "django.apps" not in sys.modules and gc.isenabled()
    if starting:
        gc.disable()
    try:
        from twoway.web.ledger import store

        settings = store.FULL_SETTINGS if site else store.CLI_SETTINGS
        store.open_store(db, create=create, settings=settings)
    finally:
        if starting:
            gc.freeze()
            gc.enable()
    return store


def account_option(f: F) -> F:
    """`--account NAME` (env TWOWAY_ACCOUNT): whose data a command reads and writes."""
    return click.option(
        "--account",
        envvar="TWOWAY_ACCOUNT",
        default=None,
        metavar="NAME",
        help="The account to act for, the one you log in to on `twoway serve` "
        "(default: the store's only account; env TWOWAY_ACCOUNT).",
    )(f)


def for_writing(
    db: str | None, account: str | None, *, site: bool = False
) -> tuple[ModuleType, User]:
    """The store and the account to write for; a store without accounts gets one, and says so."""
    from twoway.web.ledger.acting import acting_account

    store = open_store(db, site=site)
    acting = acting_account(account, create=True)
    assert acting.user is not None  # create=True always gives one
    if acting.created:
        from rich.console import Console  # here: see console()

        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"Created the account {acting.user.username} in this store for what you log here. "
            "To see it on the site too, give it a password:  twoway serve --set-password",
            markup=False,
        )
    return store, acting.user


def for_reading(
    db: str | None, account: str | None, *, site: bool = False
) -> tuple[ModuleType, User | None]:
    """The store and the account to read for; None when there is no store or account yet.

    Reading never creates anything: no store file, no folder, no account.
    """
    from twoway.web.ledger.acting import acting_account

    store = open_store(db, site=site, create=False)
    if not store.exists():
        return store, None
    return store, acting_account(account, create=False).user


def for_person(
    db: str | None, account: str | None, person: str, *, site: bool = False
) -> tuple[ModuleType, User]:
    """The store and the account to read `person` from; without an account, no one is stored."""
    from twoway.web.ledger.lookup import unknown

    store, user = for_reading(db, account, site=site)
    if user is None:
        raise unknown(person, [])
    return store, user


def relation_option(f: F) -> F:
    """`--relation`: the kind of relationship, when the person is new (or to change it)."""
    return click.option(
        "--relation",
        type=click.Choice(RELATIONSHIP_KINDS),
        default=None,
        help="The kind of relationship, when the person is new (or to change it).",
    )(f)


def new_option(f: F) -> F:
    """`--new`: add a person whose name looks like a typo of someone stored."""
    return click.option(
        "--new",
        is_flag=True,
        help="Add the person even though the name looks like someone already stored.",
    )(f)
