"""The imports' part of an account: import jobs, which a delete removes and nothing exports.

A job is a record of one upload (and its file while it waits): what it brought
in is in the ledger's part already.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from twoway.web.imports.models import ImportJob
from twoway.web.ledger.parts import AccountPart, deleted


class ImportsPart(AccountPart):
    """Import jobs (deleted with the account, never exported)."""

    name = "imports"

    def delete(self, owner: User) -> dict[str, int]:
        """Every import job of the owner's, finished or not."""
        return deleted(ImportJob.objects.filter(owner=owner))


PART = ImportsPart()
