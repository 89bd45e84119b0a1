"""API tokens: made on the tokens page, shown once, stored as a digest, refused once revoked."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.web.api.api_helpers import Api
from twoway.web.api.models import ApiToken
from twoway.web.api.tokens import issue_token
from twoway.web.api.views import MAX_TOKENS
from twoway.web.ledger.models import Person

TOKEN = re.compile(r"tw_[A-Za-z0-9_-]{43}")


@pytest.fixture
def browser(client: Client, owner: User) -> Client:
    """The owner, logged in to the site."""
    client.force_login(owner)
    return client


def test_the_tokens_page_needs_a_login(client: Client, db: None) -> None:
    response = client.get("/api/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_a_new_token_is_shown_once_and_only_its_digest_is_kept(browser: Client) -> None:
    response = browser.post("/api/tokens/", {"name": "phone shortcut"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    shown = TOKEN.findall(html)
    assert len(set(shown)) == 1
    token = shown[0]
    stored = ApiToken.objects.get()
    assert (stored.name, stored.prefix) == ("phone shortcut", token[:8])
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert not ApiToken.objects.filter(digest=token).exists()

    again = browser.get("/api/tokens/").content.decode()
    assert token not in again
    assert "phone shortcut" in again
    assert f"{token[:8]}…" in again
    assert "never" in again  # not used yet


def test_a_token_without_a_name_is_not_made(browser: Client) -> None:
    response = browser.post("/api/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_forms_need_their_csrf_token(owner: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post("/api/tokens/", {"name": "x"}).status_code == 403
    row, _ = issue_token(owner, "kept")
    assert strict.post(f"/api/tokens/{row.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_a_token_made_on_the_page_opens_the_api(browser: Client, sam: Person) -> None:
    token = TOKEN.findall(browser.post("/api/tokens/", {"name": "script"}).content.decode())[0]
    browser.logout()
    response = Api(browser, token).get("/people")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()] == ["Sam"]


def test_a_revoked_token_is_refused(browser: Client, owner: User, sam: Person) -> None:
    row, token = issue_token(owner, "old laptop")
    assert Api(browser, token).get("/people").status_code == 200
    response = browser.post(f"/api/tokens/{row.pk}/revoke/", follow=True)
    assert "Token revoked." in response.content.decode()
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert Api(browser, token).get("/people").status_code == 401


def test_someone_elses_token_cannot_be_revoked(
    browser: Client, outsider: User, owner: User
) -> None:
    row, _ = issue_token(outsider, "theirs")
    response = browser.post(f"/api/tokens/{row.pk}/revoke/", follow=True)
    assert "already revoked" in response.content.decode()
    assert ApiToken.objects.filter(pk=row.pk).exists()
    assert "theirs" not in browser.get("/api/tokens/").content.decode()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer tw_not-a-token-of-anyone",
        "Bearer not-even-ours",
        "Basic YWxleDpwYXNzd29yZA==",
        "Token {token}",
    ],
)
def test_requests_without_a_valid_token_are_401_in_json(
    client: Client, token: str, sam: Person, header: str | None
) -> None:
    headers = {"Authorization": header.format(token=token)} if header else {}
    for path in ("/api/people", f"/api/people/{sam.pk}", f"/api/people/{sam.pk}/report"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.json()["detail"] == "A valid API token is needed (Authorization: Bearer …)"
        assert response.json()["error"]["code"] == "unauthorized"
        assert response["WWW-Authenticate"] == "Bearer"


def test_an_inactive_users_token_is_refused(api: Api, owner: User) -> None:
    owner.is_active = False
    owner.save()
    assert api.get("/people").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(api: Api) -> None:
    row = ApiToken.objects.get()
    assert row.last_used is None
    api.get("/people")
    first = ApiToken.objects.get().last_used
    assert first is not None
    api.get("/people")
    assert ApiToken.objects.get().last_used == first
    earlier = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.update(last_used=earlier)
    api.get("/people")
    assert ApiToken.objects.get().last_used > earlier


def test_tokens_are_limited_so_forgotten_ones_do_not_pile_up(browser: Client, owner: User) -> None:
    for n in range(MAX_TOKENS):
        issue_token(owner, f"token {n}")
    response = browser.post("/api/tokens/", {"name": "one more"})
    assert response.status_code == 400
    assert f"You have {MAX_TOKENS} tokens" in response.content.decode()
    assert ApiToken.objects.filter(user=owner).count() == MAX_TOKENS
