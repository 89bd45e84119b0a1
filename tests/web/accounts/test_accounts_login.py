"""Logging in and out: one message for any wrong login, a pause after five, POST to log out."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from twoway.web.accounts.forms import WRONG_LOGIN


def without_tokens(response: Any) -> str:
    """The page without its CSRF tokens, which differ on every response."""
    return re.sub(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+',
        r"\1",
        response.content.decode(),
    )


def log_in(client: Client, username: str, password: str, **extra: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def test_logging_in_goes_to_your_people(client: Client, alex: User, password: str) -> None:
    response = log_in(client, "alex", password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # which sends you on to your people
    assert client.get(reverse("home"))["Location"] == reverse("people")


def test_logging_in_returns_to_the_page_asked_for(
    client: Client, alex: User, password: str
) -> None:
    asked = client.get(reverse("account"))
    assert asked["Location"] == f"{reverse('login')}?next={reverse('account')}"
    assert 'name="next" value="/account/"' in client.get(asked["Location"]).content.decode()
    response = log_in(client, "alex", password, next=reverse("account"))
    assert response["Location"] == reverse("account")


def test_a_wrong_password_and_an_unknown_name_get_the_same_words(
    client: Client, alex: User, password: str
) -> None:
    wrong = log_in(client, "alex", password + "?")
    nobody = log_in(client, "nobody", password)
    assert wrong.status_code == nobody.status_code == 200
    for response in (wrong, nobody):
        assert WRONG_LOGIN in response.content.decode()
        assert "_auth_user_id" not in client.session
    # The page differs only by the name typed back into the form.
    assert without_tokens(wrong).replace("alex", "") == without_tokens(nobody).replace("nobody", "")


def test_the_login_form_has_labels_autocomplete_and_focus(client: Client, db: None) -> None:
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert html.count("autofocus") == 1
    assert 'name="csrfmiddlewaretoken"' in html


def test_after_five_wrong_passwords_even_the_right_one_is_paused(
    client: Client, alex: User, password: str
) -> None:
    for _ in range(4):
        assert log_in(client, "alex", "not it at all").status_code == 200
    fifth = log_in(client, "alex", "not it at all")
    assert fifth.status_code == 429  # django-axes' answer: Too Many Requests
    sixth = log_in(client, "alex", password)
    assert sixth.status_code == 429
    text = sixth.content.decode()
    assert "Please wait a little" in text
    assert "try again in 15 minutes" in text
    assert "alex" not in text.lower().replace("alex@", "")
    assert "_auth_user_id" not in client.session


def test_a_name_without_an_account_is_paused_the_same_way(client: Client, alex: User) -> None:
    for _ in range(5):
        log_in(client, "nobody", "not it at all")
    paused_nobody = log_in(client, "nobody", "still not")
    for _ in range(5):
        log_in(client, "alex", "not it at all")
    paused_alex = log_in(client, "alex", "still not")
    assert paused_nobody.status_code == paused_alex.status_code == 429
    assert without_tokens(paused_nobody) == without_tokens(paused_alex)


def test_the_pause_is_for_that_name_only(client: Client, alex: User, password: str) -> None:
    for _ in range(5):
        log_in(client, "nobody", "not it at all")
    assert log_in(client, "alex", password).status_code == 302


def test_logging_out_is_a_post_and_asks_nothing_more(alex_client: Client) -> None:
    assert alex_client.get(reverse("logout")).status_code == 405
    assert alex_client.get(reverse("account")).status_code == 200  # still logged in
    response = alex_client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "You are logged out" in alex_client.get(reverse("login")).content.decode()
    assert alex_client.get(reverse("account")).status_code == 302


def test_the_session_cookie_is_httponly_and_same_site_lax(
    client: Client, alex: User, password: str
) -> None:
    response = log_in(client, "alex", password)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_login_page_has_a_strict_content_security_policy(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
