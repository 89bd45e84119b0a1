"""A relationship's ledger as a linked pair sees it: your entries and your partner's shared ones.

The partner's side is read `shared_only`: their private entries never leave
the database (see `twoway.web.together.access` for who may see what).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import polars as pl

from twoway.core import together
from twoway.core.ledger import Ledger, ledger_from_frame
from twoway.web.ledger.lookup import stored_frame
from twoway.web.ledger.models import Relationship
from twoway.web.ledger.store import relationship_ledger
from twoway.web.together.access import partner_side

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = ["Sides", "partner_ledger", "sides", "visible_ledger"]


def partner_ledger(rel: Relationship) -> Ledger | None:
    """The linked partner's shared entries, in this relationship's names; None when not linked.

    The partner's side is reached through `access.partner_side` and
    read `shared_only`: their private entries never leave the database. Their
    rows are theirs (`by_me`) in the viewer's names for them. A shared answer to
    something they kept private (a need met, a promise kept) cannot stand alone
    and is left out; a shared plan keeps its place but loses its link to an
    earlier, private one.
    """
    other = partner_side(rel)
    if other is None:
        return None
    me, them = rel.me_name, rel.person.name
    frame = stored_frame(other, me, me_name=them, shared_only=True)
    ids = frame.get_column("id").unique().to_list()
    hidden = (pl.col("kind") == "commitment") & (pl.col("ref") != "") & ~pl.col("ref").is_in(ids)
    frame = frame.with_columns(ref=pl.when(hidden).then(pl.lit("")).otherwise(pl.col("ref")))
    return ledger_from_frame(frame, f"{them}'s shared entries", skip_bad=True, people=(me, them))


def visible_ledger(rel: Relationship) -> Ledger:
    """A relationship's ledger as its owner sees it: what they wrote, and what the partner shared.

    Not linked, it is `relationship_ledger`. Linked, the partner's shared
    entries join it, and an act both logged counts once (`core.together.combine`).
    """
    own = relationship_ledger(rel)
    theirs = partner_ledger(rel)
    return own if theirs is None else together.combine(own, theirs)


@dataclass
class Sides:
    """Both sides' ledgers of one relationship, each read once: yours, the partner's shared."""

    mine: Ledger
    #: None when not linked
    theirs: Ledger | None

    @cached_property
    def visible(self) -> Ledger:
        """What `visible_ledger` gives: yours and the partner's shared, each act once."""
        return self.mine if self.theirs is None else together.combine(self.mine, self.theirs)


def sides(request: HttpRequest, rel: Relationship) -> Sides:
    """`rel`'s two ledgers, read once per request however many sections of a page ask.

    Kept on the request (never longer), so that the Together page's sections (the
    balance, the gap, whose move) share one read of the store and one `combine`.
    """
    kept: dict[int, Sides] = request.__dict__.setdefault("_twoway_sides", {})
    if rel.pk not in kept:
        kept[rel.pk] = Sides(relationship_ledger(rel), partner_ledger(rel))
    return kept[rel.pk]
