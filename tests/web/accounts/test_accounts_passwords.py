"""Changing a password, and setting a new one from a link sent by e-mail."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

NEW = "a new song every morning"


def test_a_reset_link_by_mail_sets_a_new_password(
    client: Client, alex: User, mailoutbox: list[EmailMessage]
) -> None:
    form = client.get(reverse("password_reset")).content.decode()
    assert 'autocomplete="email"' in form
    assert "autofocus" in form
    sent = client.post(reverse("password_reset"), {"email": "ALEX@example.org"})
    assert sent["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alex@example.org"]
    assert mail.subject == "A new password for twoway"
    link = re.search(r"http://testserver(/account/reset/\S+/)", mail.body)
    assert link, mail.body
    assert "Hello alex" in mail.body
    # The link leads to a form at an address without the token (Django hides it).
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    assert 'autocomplete="new-password"' in form_page.content.decode()
    url = form_page.redirect_chain[-1][0]
    done = client.post(url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == reverse("password_reset_complete")
    alex.refresh_from_db()
    assert alex.check_password(NEW)
    # once only
    again = client.get(link.group(1), follow=True).content.decode()
    assert "This link no longer works" in again


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client: Client, alex: User, mailoutbox: list[EmailMessage]
) -> None:
    sent = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "If an account here has that address" in sent.content.decode()
    assert mailoutbox == []


def test_changing_the_password_needs_the_current_one(
    alex_client: Client, alex: User, password: str
) -> None:
    page = alex_client.get(reverse("password_change")).content.decode()
    assert 'autocomplete="current-password"' in page
    assert page.count('autocomplete="new-password"') == 2
    change: dict[str, Any] = {"new_password1": NEW, "new_password2": NEW}
    wrong = alex_client.post(reverse("password_change"), {"old_password": "guess", **change})
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    done = alex_client.post(reverse("password_change"), {"old_password": password, **change})
    assert done["Location"] == reverse("password_change_done")
    alex.refresh_from_db()
    assert alex.check_password(NEW)
    # this browser stays logged in
    assert alex_client.get(reverse("password_change_done")).status_code == 200
