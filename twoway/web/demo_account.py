"""The demo account of `twoway serve --demo`: the demo ledgers, under a login printed at start."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from twoway.web.ledger import RELATIONSHIP_KINDS

DEMO_USER = "demo"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """How to log in to the demo account."""

    username: str
    password: str
    people: tuple[str, ...]


def make_demo_account(end: date, *, seed: int = 7) -> DemoLogin:
    """Create the demo account afresh (replacing an earlier one) with a new password.

    The ledgers are `twoway demo`'s, ending on `end`, so the reports look current.
    """
    from django.contrib.auth.models import User
    from django.db import transaction

    from twoway.simulate import demo_ledgers
    from twoway.web.ledger import store

    password = "-".join(secrets.token_hex(3) for _ in range(3))
    ledgers = demo_ledgers(end=end, seed=seed)
    with transaction.atomic():
        User.objects.filter(username=DEMO_USER).delete()  # cascades to all its rows
        user = User.objects.create_user(username=DEMO_USER, password=password)
        for name, (kind, ledger) in ledgers.items():
            relation = kind if kind in RELATIONSHIP_KINDS else "other"
            store.import_ledger(
                name, ledger, me=ledger.other(name), kind=relation, new=True, owner=user
            )
    return DemoLogin(DEMO_USER, password, tuple(ledgers))
