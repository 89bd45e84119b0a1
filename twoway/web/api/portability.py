"""The API's part of an account: its tokens, which a delete removes and nothing exports.

A token is a key to the account. Only its hash is kept, and a copy in an export
file would make it work again wherever the file is restored, after the person
deleted the account believing every key gone: after a restore, make new ones.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from twoway.web.api.models import ApiToken
from twoway.web.ledger.parts import AccountPart, deleted


class ApiPart(AccountPart):
    """API tokens (deleted with the account, never exported)."""

    name = "api"

    def delete(self, owner: User) -> dict[str, int]:
        """Every token of the owner's."""
        return deleted(ApiToken.objects.filter(user=owner))


PART = ApiPart()
