"""`twoway serve`: the web app on this machine, on the same store as the CLI."""

from __future__ import annotations

import os
from datetime import date

import click

from twoway.cli.common import account_option, console, open_store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--demo",
    is_flag=True,
    help="Serve a separate demo store with a demo account holding three example "
    "relationships; its login is printed.",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start the background worker (run `twoway worker` yourself).",
)
@click.option(
    "--set-password",
    is_flag=True,
    help="First set (or change) the password of your account, the one the other "
    "commands act for, so you can log in and see what you logged in the terminal.",
)
@account_option
@click.option("--db", metavar="PATH", default=None, help="A SQLite store file to use instead.")
def serve(
    host: str,
    port: int,
    demo: bool,
    no_worker: bool,
    set_password: bool,
    account: str | None,
    db: str | None,
) -> None:
    """Start the web app: your journal and reports in a browser.

    It serves the same store as the other commands (SQLite in your data
    directory, or PostgreSQL by DATABASE_URL), applies its migrations first,
    and runs a background worker for imports. Stop it with Ctrl+C.

    \b
    Examples:
      twoway serve
      twoway serve --demo
      twoway serve --set-password
      twoway serve --host 0.0.0.0 --port 8080
    """
    from twoway.web.assets import missing

    if demo and not db:
        from twoway.web.settings import data_dir

        db = str(data_dir(os.environ) / "demo-site.sqlite3")
    where = open_store(db, site=True).location()
    absent = missing()
    if absent:
        raise click.ClickException(
            f"the site's scripts are not installed ({', '.join(absent)}); "
            "run `python -m twoway.web.assets` (make install does it)"
        )
    out = console()
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    out.print(f"twoway is serving {where}", markup=False, soft_wrap=True)
    if not demo:
        _login(account, set_password)
    if demo:
        from twoway.web.demo_account import make_demo_account

        login = make_demo_account(date.today())
        out.print(
            f"Demo account: log in as [bold]{login.username}[/] with the password "
            f"[bold]{login.password}[/] ({', '.join(login.people)} are waiting in it)."
        )
        out.print(
            f"{login.partner.capitalize()} has an account too, linked with the demo's: log in as "
            f"[bold]{login.partner}[/] with the same password to see both sides."
        )
    out.print(f"Open {url} in your browser. Stop with Ctrl+C.", markup=False)
    from twoway.web.serve import serve as run_server

    try:
        run_server(host, port, worker=not no_worker)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    except KeyboardInterrupt:
        out.print("Stopped.")


def _login(account: str | None, set_password: bool) -> None:
    """Let the terminal's account log in: set its password when asked, else say how."""
    from twoway.web.ledger.acting import accounts, acting_account
    from twoway.web.ledger.acting import set_password as store_password

    out = console()
    if set_password:
        user = acting_account(account, create=True).user
        assert user is not None  # create=True always gives one
        password = click.prompt(
            f"A password for {user.username}", hide_input=True, confirmation_prompt=True
        )
        store_password(user, password)
        out.print(f"Log in as {user.username} with that password.", markup=False)
        return
    waiting = [user.username for user in accounts() if not user.has_usable_password()]
    if waiting:
        out.print(
            f"{', '.join(waiting)} cannot log in yet (no password): "
            "twoway serve --set-password gives one",
            markup=False,
            soft_wrap=True,
        )
