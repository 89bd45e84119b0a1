"""Adding, changing and removing the e-mail address, confirmed with the password."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD


def test_the_address_changes_only_with_the_right_password(
    owner_client: Client, owner: User
) -> None:
    page = owner_client.get(reverse("account")).content.decode()
    assert "Add an e-mail address" in page
    refused = owner_client.post(
        reverse("account_email"), {"email": "alex@example.org", "password": "not it"}
    )
    assert "That is not your password. Nothing was changed." in refused.content.decode()
    owner.refresh_from_db()
    assert owner.email == ""

    done = owner_client.post(
        reverse("account_email"), {"email": "alex@example.org", "password": PASSWORD}
    )
    assert done["Location"] == reverse("account")
    owner.refresh_from_db()
    assert owner.email == "alex@example.org"
    assert "Change your e-mail address" in owner_client.get(reverse("account")).content.decode()

    owner_client.post(reverse("account_email"), {"email": "", "password": PASSWORD})
    owner.refresh_from_db()
    assert owner.email == ""


def test_a_malformed_address_is_refused_by_name(owner_client: Client, owner: User) -> None:
    response = owner_client.post(
        reverse("account_email"), {"email": "alex at home", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    owner.refresh_from_db()
    assert owner.email == ""


def test_the_page_needs_a_login(client: Client, db: None) -> None:
    response = client.get(reverse("account_email"))
    assert response["Location"].startswith(reverse("login"))
