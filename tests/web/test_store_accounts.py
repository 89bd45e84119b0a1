"""One store, one account: every store function needs its owner; the CLI's account is chosen.

`acting_account` decides whom the command line acts for; the migration
`0003_local_user_to_account` moves what the old hidden "local" user held.
"""

from __future__ import annotations

import importlib
import inspect
from datetime import datetime
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from twoway.core.events import Event
from twoway.web.ledger import editing, lookup, writing
from twoway.web.ledger import store as store_module
from twoway.web.ledger.acting import (
    LOCAL_USER,
    UnknownAccount,
    WhichAccount,
    acting_account,
    default_account_name,
)
from twoway.web.ledger.models import Person

AT = datetime(2026, 3, 1, 18, 0)
move_local = importlib.import_module(
    "twoway.web.ledger.migrations.0003_local_user_to_account"
).move_local


@pytest.mark.parametrize("module", [store_module, writing, lookup, editing])
def test_no_store_function_has_a_default_owner(module: Any) -> None:
    taking_owner = [
        (name, fn)
        for name, fn in vars(module).items()
        if inspect.isfunction(fn)
        and fn.__module__ == module.__name__
        and "owner" in inspect.signature(fn).parameters
    ]
    assert taking_owner, module
    for name, fn in taking_owner:
        owner = inspect.signature(fn).parameters["owner"]
        assert owner.default is inspect.Parameter.empty, name


def test_a_forgotten_owner_is_an_error_not_another_accounts_data(store: Any) -> None:
    with pytest.raises(TypeError, match="owner"):
        store_module.add_event("Sam", Event(AT, by="me", kind="talk"))
    with pytest.raises(TypeError, match="owner"):
        store_module.people()


def test_a_store_without_accounts_gets_one_only_when_writing(store: Any) -> None:
    assert acting_account(None, create=False).user is None
    assert not User.objects.exists()
    made = acting_account(None, create=True)
    assert made.created
    assert made.user is not None
    assert made.user.username == default_account_name()
    assert not made.user.has_usable_password()  # set with `twoway serve --set-password`
    again = acting_account(None, create=True)
    assert (again.user, again.created) == (made.user, False)


def test_a_named_first_account_takes_that_name(store: Any) -> None:
    made = acting_account("Robin", create=True).user
    assert made is not None
    assert made.username == "Robin"
    assert acting_account("robin", create=False).user == made  # any case


def test_the_only_account_is_used_and_several_need_a_name(store: Any) -> None:
    ana = User.objects.create_user(username="ana", password="a calm long password")
    assert acting_account(None, create=True).user == ana
    ben = User.objects.create_user(username="ben", password="a calm long password")
    with pytest.raises(WhichAccount, match=r"2 accounts \(ana, ben\)"):
        acting_account(None, create=True)
    assert acting_account("BEN", create=False).user == ben
    with pytest.raises(UnknownAccount, match=r"no account called .bne.*ana, ben"):
        acting_account("bne", create=True)
    assert User.objects.count() == 2  # a typo never makes an account


def _local_with(*names: str) -> User:
    local = User.objects.create_user(username=LOCAL_USER)
    for name in names:
        store_module.add_event(name, Event(AT, by="me", kind="talk", note=name), owner=local)
    return local


def test_the_migration_renames_local_to_the_named_account(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = _local_with("Sam", "Jo")
    monkeypatch.setenv("TWOWAY_ACCOUNT", "robin")
    move_local(apps, None)
    local.refresh_from_db()
    assert local.username == "robin"
    assert [p.name for p in store_module.people(local)] == ["Jo", "Sam"]


def test_the_migration_moves_local_data_into_an_account_signed_up_on_the_site(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    robin = User.objects.create_user(username="robin", password="a calm long password")
    store_module.add_event("Sam", Event(AT, by="me", kind="talk", note="site"), owner=robin)
    _local_with("Sam", "Jo")
    monkeypatch.setenv("TWOWAY_ACCOUNT", "robin")
    move_local(apps, None)
    assert not User.objects.filter(username=LOCAL_USER).exists()
    assert [p.name for p in store_module.people(robin)] == ["Jo", "Sam", "Sam (terminal)"]
    terminal = store_module.ledger_for("Sam (terminal)", robin)
    assert terminal.frame.get_column("note").to_list() == ["Sam"]
    assert Person.objects.count() == 3


def test_the_migration_leaves_a_store_without_local_alone(store: Any) -> None:
    robin = User.objects.create_user(username="robin", password="a calm long password")
    move_local(apps, None)
    assert list(User.objects.all()) == [robin]
