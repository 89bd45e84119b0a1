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

The store also remembers each imported export's span (its first and last
message times): a stored span that ends within `gap` before the first message
says the same as a stored event there, even when the stored conversation's own
events lie further back; and "covered" means a stored export spans that
moment (exports imported out of order leave holes that stored events alone
would hide).

The reverse order (the newer export first) is repaired by the store: each
import remembers how its file's first conversation began (`Opening`), and a
later import whose messages reach within `gap` before that moment shows it was
no start (`continues`); `twoway.web.ledger.chat_exports` then takes the bid
back. docs/chats.md says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from twoway.chats.to_ledger import without_double_initiations
from twoway.core.ledger import Ledger, ledger_from_frame

if TYPE_CHECKING:
    from twoway.chats.analysis import PreparedChat


#: A stored export's first and last message times.
Span = tuple[datetime, datetime]


def continued_ledger(
    prepared: PreparedChat,
    stored: Ledger | None,
    names: dict[str, str],
    gap_hours: float,
    spans: Sequence[Span] = (),
) -> Ledger:
    """`prepared`'s ledger, without a phantom first bid when `stored` shows it continues.

    `names` maps the stored ledger's names to the chat's (your stored name to your
    name in the chat, the person's to theirs). A check-in that opens a conversation
    stays one initiation only once it is known whether it opens one.
    """
    ledger = _continued(prepared, stored, names, gap_hours, spans)
    frame = without_double_initiations(ledger.frame)
    if frame.height == ledger.frame.height:
        return ledger
    columns = ["at", "by", "to", "kind", "id", "ref", "value", "note", "line"]
    columns += ledger.extra_columns  # a moment's confidence goes along
    return ledger_from_frame(frame.select(columns), ledger.source, people=ledger.people)


def _continued(
    prepared: PreparedChat,
    stored: Ledger | None,
    names: dict[str, str],
    gap_hours: float,
    spans: Sequence[Span],
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
    near = near or any(start - gap <= last < start for _, last in spans)
    # A stored export spanning that moment saw it and found no start there. Without
    # stored spans (a store from before they were kept), the stored events' last time
    # stands for the end of what was imported.
    if spans:
        covered = any(first < start <= last for first, last in spans)
    else:
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
            ).cast(frame.select(columns).schema)
            # The stored bid goes along so the response has its bid in this ledger;
            # the store finds it already there and adds it no second time.
            bid = before.select(columns).cast(frame.select(columns).schema)
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


def chat_prefix(ledger: Ledger) -> str | None:
    """The id prefix of a chat's conversation starts (`chat-whatsapp-`); None without any."""
    ids = ledger.frame.filter(pl.col("kind") == "bid")["id"].head(1).to_list()
    return ids[0].rsplit("-", 1)[0] + "-" if ids and ids[0].startswith("chat-") else None


@dataclass(frozen=True, slots=True)
class Opening:
    """How an export's first conversation began, as the export alone shows it.

    `key` is its bid's id, `by` who wrote the first message (at `at`), `first`
    each person's first message in that conversation (time and line), `held`
    the check-in and repair moments left out because the first message opened
    a conversation (ledger rows: at, by, kind, id, value, note, line).
    """

    key: str
    at: datetime
    by: str
    first: dict[str, tuple[datetime, int]]
    held: tuple[dict[str, Any], ...]


def opening(prepared: PreparedChat, ledger: Ledger) -> Opening | None:
    """How `prepared`'s first conversation began, when `ledger` (its import) starts one there."""
    start = prepared.marked["at"][0]
    bids = ledger.frame.filter((pl.col("kind") == "bid") & (pl.col("at") == start)).head(1)
    if bids.is_empty():
        return None  # it continued a stored conversation
    by = bids["by"][0]
    first = (
        prepared.marked.filter(pl.col("conversation") == 0)
        .unique("sender", keep="first", maintain_order=True)
        .select("sender", "at", "position")
    )
    kept = set(ledger.frame["id"].to_list())
    held = prepared.ledger(keep_double=True).frame.filter(
        (pl.col("at") == start)
        & (pl.col("by") == by)
        & pl.col("kind").is_in(["checkin", "repair"])
        & pl.col("id").str.starts_with("moment-")
        & ~pl.col("id").is_in(list(kept))
    )
    return Opening(
        key=bids["id"][0],
        at=start,
        by=by,
        first={s: (at, line) for s, at, line in first.iter_rows()},
        held=tuple(held.select("at", "by", "kind", "id", "value", "note", "line").to_dicts()),
    )


def continues(prepared: PreparedChat, at: datetime, gap_hours: float) -> bool:
    """Whether `prepared` has a message within the gap before `at`: then `at` starts nothing."""
    times = prepared.marked["at"]
    return bool(((times >= at - timedelta(hours=gap_hours)) & (times < at)).any())
