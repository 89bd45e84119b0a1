"""A linked couple's entries for the perception gap's tests, with every count known by hand."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import User

from tests.web.conftest import Couple
from twoway.core.events import Event as CoreEvent
from twoway.web.ledger import store

AS_OF = date(2025, 5, 31)
#: Notes that must never reach the other side.
ANA_SECRET = "Ana's private note about the dentist"
BEN_SECRET = "Ben's private note about the bills"


def log(
    user: User,
    person: str,
    at: datetime,
    by: str,
    kind: str,
    *,
    shared: bool,
    note: str = "",
    **fields: str,
) -> None:
    """One entry written by `user` in their ledger with `person`."""
    to = person if by != person else ("Ana" if person == "Ben" else "Ben")
    store.add_event(
        person,
        CoreEvent(at=at, by=by, to=to, kind=kind, note=note, **fields),
        owner=user,
        shared=shared,
    )


def fill(couple: Couple) -> None:
    """Both sides log; the comments say what each entry is from Ben's point of view.

    Ben's view of care from Ana to Ben (latest window, 4 to 31 May):
      Ana shared: 10 May support, 12 May support, 20 May gratitude      -> 3 given
      Ben logged: 10 May support (Ana), 25 May support (Ana)             -> 2 received
      paired: 10 May support                                              -> 1 both
      Ana's PRIVATE 14 May support and 15 May gratitude: never counted.
    Ben's view of care from Ben to Ana:
      Ben logged: 11 May support (shared), 18 May support (private)      -> 2 given
      Ana shared: 11 May support (Ben)                                    -> 1 received
      paired: 11 May support                                              -> 1 both
    """
    ana, ben = couple.ana, couple.ben
    # Ana's side ("Ben" is her person; she is "Ana").
    log(ana, "Ben", datetime(2025, 5, 10, 9), "Ana", "support", shared=True, note="walked with him")
    log(ana, "Ben", datetime(2025, 5, 12, 9), "Ana", "support", shared=True)
    log(ana, "Ben", datetime(2025, 5, 20, 9), "Ana", "gratitude", shared=True)
    log(ana, "Ben", datetime(2025, 5, 11, 9), "Ben", "support", shared=True)
    log(ana, "Ben", datetime(2025, 5, 14, 9), "Ana", "support", shared=False, note=ANA_SECRET)
    log(ana, "Ben", datetime(2025, 5, 15, 9), "Ana", "gratitude", shared=False)
    log(ana, "Ben", datetime(2025, 5, 16, 9), "Ana", "talk", shared=False)
    log(ana, "Ben", datetime(2025, 5, 17, 9), "Ana", "talk", shared=True)
    # Ben's side ("Ana" is his person; he is "Ben").
    log(ben, "Ana", datetime(2025, 5, 10, 20), "Ana", "support", shared=True, note="she walked")
    log(ben, "Ana", datetime(2025, 5, 25, 9), "Ana", "support", shared=True)
    log(ben, "Ana", datetime(2025, 5, 11, 20), "Ben", "support", shared=True)
    log(ben, "Ana", datetime(2025, 5, 18, 9), "Ben", "support", shared=False, note=BEN_SECRET)
    log(ben, "Ana", datetime(2025, 5, 19, 9), "Ben", "talk", shared=True)
