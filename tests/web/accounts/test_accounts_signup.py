"""Signing up: a name, an optional e-mail, a password twice; then straight to your people."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

NEW = "a long quiet walk home"


def sign_up(client: Client, username: str, password: str = NEW, again: str | None = None) -> Any:
    return client.post(
        reverse("signup"),
        {"username": username, "email": "", "password1": password, "password2": again or password},
    )


def test_signing_up_logs_you_in_and_shows_your_people(client: Client, db: None) -> None:
    response = sign_up(client, "robin")
    assert response.status_code == 302
    assert response["Location"] == reverse("people")
    user = User.objects.get(username="robin")
    assert user.password.startswith("argon2")
    assert user.email == ""
    page = client.get(reverse("account"))
    assert page.status_code == 200
    assert "robin" in page.content.decode()


def test_a_name_already_taken_is_refused_with_a_message(client: Client, alex: User) -> None:
    response = sign_up(client, "Alex")  # names differ only in case: still the same
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.filter(username__iexact="alex").count() == 1


def test_the_name_the_command_line_uses_is_not_available(client: Client, db: None) -> None:
    response = sign_up(client, "local")
    assert "This name is taken" in response.content.decode()
    assert not User.objects.filter(username="local").exists()


def test_a_weak_password_is_refused_with_the_reasons(client: Client, db: None) -> None:
    response = sign_up(client, "robin", "12345678")
    text = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short" in text
    assert "This password is too common" in text
    assert "entirely numeric" in text
    assert not User.objects.filter(username="robin").exists()


def test_two_different_passwords_are_refused(client: Client, db: None) -> None:
    response = sign_up(client, "robin", NEW, NEW + "!")
    assert "didn’t match" in response.content.decode()
    assert not User.objects.filter(username="robin").exists()


def test_the_form_has_labels_autocomplete_and_focus_on_the_name(client: Client, db: None) -> None:
    html = client.get(reverse("signup")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{field}">' in html
    assert 'autocomplete="username"' in html
    assert html.count('autocomplete="new-password"') == 2
    username = html[html.index('name="username"') - 200 : html.index('name="username"') + 200]
    assert "autofocus" in username
    assert html.count("autofocus") == 1
    assert "<li>Your password must contain at least 10 characters.</li>" in html
    assert "&lt;" not in html


def test_a_signup_without_its_csrf_token_is_refused(db: None) -> None:
    browser = Client(enforce_csrf_checks=True)
    response = sign_up(browser, "robin")
    assert response.status_code == 403
    assert not User.objects.filter(username="robin").exists()


def test_someone_logged_in_is_sent_to_their_people(alex_client: Client) -> None:
    response = alex_client.get(reverse("signup"))
    assert response["Location"] == reverse("people")


def test_a_site_can_close_sign_up(client: Client, db: None, settings: Any) -> None:
    settings.TWOWAY_SIGNUP = False
    page = client.get("/account/signup/")
    assert page.status_code == 403
    assert "Sign-up is closed" in page.content.decode()
    response = client.post(
        "/account/signup/",
        {
            "username": "kim",
            "password1": "a calm river at dusk",
            "password2": "a calm river at dusk",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="kim").exists()
