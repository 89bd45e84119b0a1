"""Deleting an account: after the password, every row of it is gone, and nobody else's."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from twoway.web.accounts.portability import delete_account
from twoway.web.accounts.views import GOODBYE
from twoway.web.api.tokens import issue_token
from twoway.web.imports.models import ImportJob
from twoway.web.ledger.models import Event

PASSWORD = "the kettle is on again"


def row_counts() -> dict[str, int]:
    """Rows in every table of every app, but django-axes' records of login attempts,
    which are about names typed at the login form rather than about an account."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "axes"
    }


def test_deleting_the_account_removes_every_row_of_it_and_nothing_else(
    client: Client, db: None, django_user_model: type[User], fill_account: Callable[[User], None]
) -> None:
    someone = django_user_model.objects.create(username="someone")
    fill_account(someone)
    issue_token(someone, "laptop")
    Client().force_login(someone)
    before = row_counts()

    client.post(
        reverse("signup"),
        {"username": "robin", "password1": PASSWORD, "password2": PASSWORD},
    )
    robin = User.objects.get(username="robin")
    fill_account(robin)
    issue_token(robin, "phone")
    ImportJob.objects.create(owner=robin, kind="ledger", filename="sam.csv", data=b"at,by\n")
    other_browser = Client()
    other_browser.force_login(robin)
    grown = row_counts()
    assert all(grown[label] > before[label] for label in ("ledger.Event", "api.ApiToken"))
    assert grown["sessions.Session"] == before["sessions.Session"] + 2

    page = client.get(reverse("account_delete")).content.decode()
    assert 'autocomplete="current-password"' in page
    refused = client.post(reverse("account_delete"), {"password": "not mine"})
    assert "That is not your password. Nothing was deleted." in refused.content.decode()
    assert row_counts() == grown

    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("login")
    assert row_counts() == before
    assert GOODBYE in client.get(reverse("login")).content.decode()
    assert other_browser.get(reverse("account")).status_code == 302


def test_delete_account_says_what_it_removed(
    alex: User, fill_account: Callable[[User], None]
) -> None:
    fill_account(alex)
    issue_token(alex, "phone")
    events = Event.objects.filter(relationship__owner=alex).count()
    removed = delete_account(alex)
    assert removed["auth.User"] == 1
    assert removed["ledger.Person"] == removed["ledger.Relationship"] == 4
    assert removed["ledger.Assessment"] == 3
    assert removed["api.ApiToken"] == 1
    assert removed["ledger.Event"] == events
    assert not User.objects.filter(username="alex").exists()
