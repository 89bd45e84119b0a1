"""The account page, the export download, and who may open them."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from twoway.web.accounts.portability import parse_export


@pytest.mark.parametrize(
    "name",
    ["account", "account_export", "account_delete", "password_change", "password_change_done"],
)
def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, db: None, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse(name)}"


def test_the_account_page_says_who_you_are_and_what_you_can_do(
    alex_client: Client, alex: User, fill_account: Callable[[User], None]
) -> None:
    fill_account(alex)
    page = alex_client.get(reverse("account")).content.decode()
    assert "<strong>alex</strong> (alex@example.org)" in page
    assert "4 people" in page
    for name in ("password_change", "account_export", "account_delete", "logout", "api_tokens"):
        assert f'"{reverse(name)}"' in page
    assert 'aria-current="page"' in page


def test_the_export_downloads_one_json_file_of_everything(
    alex_client: Client, alex: User, fill_account: Callable[[User], None]
) -> None:
    fill_account(alex)
    response = alex_client.get(reverse("account_export"))
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="twoway-export-alex-{today}.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = parse_export(response.content.decode())
    assert [p["name"] for p in data["ledger"]["people"]] == ["Jordan", "Kim", "Robin", "Sam"]
    assert json.loads(response.content)["exported_at"].startswith(today)


def test_the_export_holds_only_your_own_people(
    alex_client: Client, django_user_model: type[User], fill_account: Callable[[User], None]
) -> None:
    fill_account(django_user_model.objects.create(username="someone"))
    data = parse_export(alex_client.get(reverse("account_export")).content.decode())
    assert data["ledger"]["people"] == []
