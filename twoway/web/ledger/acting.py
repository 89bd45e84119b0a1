"""Which account the command line acts for: one store, one account, for the CLI and the site.

The CLI acts as a named account (`--account` / `TWOWAY_ACCOUNT`), or the only
account when the store has one. A store without any account gets one from the
first command that writes, named after the computer's login unless a name is
given; its owner sets a password with `twoway serve --set-password` and then
sees on the site what they logged in the terminal.

Models are imported inside the functions, like the rest of this package.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from twoway.errors import TwowayError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: The user the command line acted as before accounts were shared (migrated away).
LOCAL_USER = "local"
#: What Django accepts in a user name.
_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


class UnknownAccount(TwowayError):
    """No account by the name asked for; `accounts` are the store's."""

    default_code = "unknown_account"

    def __init__(self, name: str, accounts: list[str]) -> None:
        self.name, self.accounts = name, accounts
        known = ", ".join(accounts) if accounts else "none yet"
        super().__init__(
            f"there is no account called {name!r} in this store (accounts: {known}); "
            "name one of them",
            name=name,
            accounts=accounts,
        )


class WhichAccount(TwowayError):
    """Several accounts and none named: the command cannot guess whose data it is."""

    default_code = "which_account"

    def __init__(self, accounts: list[str]) -> None:
        self.accounts = accounts
        super().__init__(
            f"this store has {len(accounts)} accounts ({', '.join(accounts)}): say which is yours",
            accounts=accounts,
        )


@dataclass(frozen=True, slots=True)
class Acting:
    """The account a command acts for (None: no account yet and nothing to write)."""

    user: User | None
    created: bool = False


def accounts() -> list[User]:
    """Every active account, by user name."""
    from django.contrib.auth.models import User

    return list(
        User.objects.filter(is_active=True).exclude(username=LOCAL_USER).order_by("username")
    )


def account_names() -> list[str]:
    """Every active account's user name, sorted."""
    return [user.username for user in accounts()]


def default_account_name() -> str:
    """The name a first account gets: the computer's login, when Django accepts it."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        login = ""
    return login if _USERNAME.match(login) and login.casefold() != LOCAL_USER else "me"


def acting_account(name: str | None, *, create: bool) -> Acting:
    """The account named `name`, else the only one; made when the store has none and `create`.

    Names match whatever their case. With several accounts and no name, or a
    name no account has while others exist, nothing is guessed: an error lists them.
    """
    from django.contrib.auth.models import User

    wanted = (name or "").strip()
    if wanted:
        found = User.objects.filter(username__iexact=wanted, is_active=True).first()
        if found is not None and found.username != LOCAL_USER:
            return Acting(found)
    names = account_names()
    if wanted and names:
        raise UnknownAccount(wanted, names)
    if not wanted and len(names) == 1:
        return Acting(User.objects.get(username=names[0]))
    if len(names) > 1:
        raise WhichAccount(names)
    if not create:
        return Acting(None)
    username = wanted or default_account_name()
    if not _USERNAME.match(username) or username.casefold() == LOCAL_USER:
        raise TwowayError(
            f"{username!r} cannot be an account's name: use letters, digits and @ . + - _ only"
        )
    user = User.objects.create_user(username=username)  # no password until they set one
    return Acting(user, created=True)


def set_password(user: User, password: str) -> None:
    """Give an account a password (Django's validators decide whether it is good enough)."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise TwowayError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save(update_fields=["password"])
