"""A relationship's ledger as a linked pair sees it: your entries and your partner's shared ones.

The partner's side is read `shared_only`: their private entries never leave
the database (see `twoway.web.together.access` for who may see what).
"""

from __future__ import annotations

import polars as pl

from twoway.core import together
from twoway.core.ledger import Ledger, ledger_from_frame
from twoway.web.ledger.lookup import stored_frame
from twoway.web.ledger.models import Relationship
from twoway.web.ledger.store import relationship_ledger
from twoway.web.together.access import partner_side

__all__ = ["partner_ledger", "visible_ledger"]


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
