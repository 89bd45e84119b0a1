"""Making, checking and revoking API tokens.

A token is `tw_` and 43 random URL-safe characters (32 bytes). Only its
SHA-256 is stored, so a leaked database holds no usable token; a request is
checked by looking that digest up, which also makes the check independent of
where two tokens differ.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from twoway.web.api.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: Every token starts with this, so a leaked one is recognisable (and scannable) as ours.
TOKEN_PREFIX = "tw_"
#: How many characters of a token are kept to show it in a list.
SHOWN = 8
#: `last_used` is written at most this often, so reads do not each cost a write.
LAST_USED_EVERY = timedelta(minutes=1)


def digest(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the stored row and the token, which is never kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=token[:SHOWN], digest=digest(token)
    )
    return row, token


def revoke_token(user: User, token_pk: int) -> bool:
    """Delete one of `user`'s tokens; False when they have none with that id."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_pk).delete()
    return bool(deleted)


def user_for_token(token: str) -> User | None:
    """The active user a token belongs to, or None; notes when the token was last used."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    # Sliced, not .first(): no ORDER BY to build for a lookup by a unique digest.
    found = list(ApiToken.objects.select_related("user").filter(digest=digest(token))[:1])
    row = found[0] if found else None
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used is None or now - row.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tw_…`: the request acts as the token's user (`request.auth`)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        """The token's user, or None (ninja answers 401)."""
        return user_for_token(token.strip())
