"""A newer export imported after an older one: no phantom bid where it begins.

An export usually begins mid-conversation (last month's export, then this
month's, which starts inside last month's). Read alone, its first message is a
conversation start, so importing it after the older one would add a bid that
importing both at once never makes. What is already stored tells when that
first message continues a stored conversation:

- a stored event of this chat lies within `gap` before it (a message then, so
  by the definition of a conversation this one is not a start); or
- it lies within what the stored events already cover (at or before the last
  of them) and no stored bid starts at that very time: the older export saw
  that moment and did not find a start there.

Then the first conversation's bid (and its response) are left out, and the
stored conversation gets the response it lacked, if the other person's first
answer is in the newer export.

The reverse order (the newer export first) cannot be repaired here: the older
one's events do not say what the newer one's first message was. docs/chats.md
says so.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import polars as pl

from twoway.chats.to_ledger import without_double_initiations
from twoway.core.ledger import Ledger, ledger_from_frame

if TYPE_CHECKING:
    from twoway.chats.analysis import PreparedChat


def continued_ledger(
    prepared: PreparedChat, stored: Ledger | None, names: dict[str, str], gap_hours: float
) -> Ledger:
    """`prepared`'s ledger, without a phantom first bid when `stored` shows it continues.

    `names` maps the stored ledger's names to the chat's (your stored name to your
    name in the chat, the person's to theirs). A check-in that opens a conversation
    stays one initiation only once it is known whether it opens one.
    """
    ledger = _continued(prepared, stored, names, gap_hours)
    frame = without_double_initiations(ledger.frame)
    if frame.height == ledger.frame.height:
        return ledger
    columns = ["at", "by", "to", "kind", "id", "ref", "value", "note", "line"]
    columns += ledger.extra_columns  # a moment's confidence goes along
    return ledger_from_frame(frame.select(columns), ledger.source, people=ledger.people)


def _continued(
    prepared: PreparedChat, stored: Ledger | None, names: dict[str, str], gap_hours: float
) -> Ledger:
    ledger = prepared.ledger(keep_double=True)
    if stored is None or stored.frame.is_empty():
        return ledger
    fmt = ledger.frame.filter(pl.col("kind") == "bid")["id"].head(1).to_list()
    if not fmt:
        return ledger
    prefix = fmt[0].rsplit("-", 1)[0] + "-"  # "chat-whatsapp-"
    ours = stored.frame.filter(
        pl.col("id").str.starts_with(prefix) | pl.col("ref").str.starts_with(prefix)
    ).with_columns(
        pl.col("by").replace(names),
        pl.col("to").replace(names),
    )
    if ours.is_empty():
        return ledger
    start = prepared.marked["at"][0]
    frame = ledger.frame
    first_bid = frame.filter((pl.col("kind") == "bid") & (pl.col("at") == start))
    if first_bid.is_empty():
        return ledger
    first_id = first_bid["id"][0]
    stored_bids = ours.filter(pl.col("kind") == "bid")
    if first_id in stored_bids["id"].to_list():
        return ledger  # a real start both exports agree on: the ids match
    gap = timedelta(hours=gap_hours)
    near = ours.filter((pl.col("at") >= start - gap) & (pl.col("at") < start)).height > 0
    covered = ours["at"].max() >= start
    before = stored_bids.filter(pl.col("at") < start).sort("at", maintain_order=True).tail(1)
    if not (near or covered) or before.is_empty():
        return ledger
    bid_id, bid_by = before["id"][0], before["by"][0]
    columns = ["at", "by", "to", "kind", "id", "ref", "value", "note", "line"]
    extras = [c for c in ledger.extra_columns if c not in columns]  # a moment's confidence
    frame = frame.select(columns + extras).filter(
        ~((pl.col("kind") == "bid") & (pl.col("id") == first_id))
        & ~((pl.col("kind") == "response") & (pl.col("ref") == first_id))
    )
    answered = ours.filter((pl.col("kind") == "response") & (pl.col("ref") == bid_id)).height > 0
    if not answered:
        first = prepared.marked.filter(pl.col("conversation") == 0)
        other = first.filter(pl.col("sender") != bid_by).head(1)
        if other.height:
            response = pl.DataFrame(
                {
                    "at": other["at"],
                    "by": other["sender"],
                    "to": [bid_by],
                    "kind": ["response"],
                    "id": [""],
                    "ref": [bid_id],
                    "value": ["toward"],
                    "note": [""],
                    "line": other["position"],
                }
            ).cast(dict(frame.select(columns).schema))  # type: ignore[arg-type]  # Polars' stubs want its own schema type; a plain dict works
            # The stored bid goes along so the response has its bid in this ledger;
            # the store finds it already there and adds it no second time.
            bid = before.select(columns).cast(dict(frame.select(columns).schema))  # type: ignore[arg-type]  # Polars' stubs want its own schema type; a plain dict works
            frame = pl.concat([frame, bid, response], how="diagonal").sort(
                "at", maintain_order=True
            )
            frame = frame.with_columns(pl.col(c).fill_null("") for c in extras)
    return ledger_from_frame(frame, ledger.source, people=ledger.people)


def stored_names(
    stored: Ledger | None, stored_me: str | None, chat_people: list[str], chat_me: str
) -> dict[str, str]:
    """The stored ledger's names as the chat writes them: yours, then the other person's."""
    if stored is None or stored_me is None or len(chat_people) != 2:
        return {}
    other = next(p for p in chat_people if p != chat_me)
    stored_other = next((p for p in stored.people if p != stored_me), None)
    names = {stored_me: chat_me}
    if stored_other is not None:
        names[stored_other] = other
    return names
