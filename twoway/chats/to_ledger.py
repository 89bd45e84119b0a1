"""A chat as ledger events, so the ledger's analysis and signals apply unchanged.

- A conversation start is a `bid` by its starter.
- The first message in that conversation by the other person is a `response`
  turned toward it; a conversation nobody else wrote in has no response, so
  the analysis sees a bid never turned toward.
- A proposal to meet is a `commitment` by its sender: with its due date when it
  was scheduled, vague (no value) otherwise.

Ids are built from the message time (`chat-whatsapp-20240105T100000`), so the
same export, or a newer one that overlaps it, gives the same events again and a
store adds nothing twice.
"""

from __future__ import annotations

import polars as pl

from twoway.core.ledger import Ledger, ledger_from_frame
from twoway.errors import TwowayError

_STAMP = "%Y%m%dT%H%M%S"
_LEDGER = {
    "at": pl.Datetime("us"),
    "by": pl.String,
    "to": pl.String,
    "kind": pl.String,
    "id": pl.String,
    "ref": pl.String,
    "value": pl.String,
    "note": pl.String,
    "line": pl.Int64,
}


def chat_ledger(
    conversations: pl.DataFrame,
    plans: pl.DataFrame,
    people: tuple[str, str],
    *,
    fmt: str,
    source: str,
) -> Ledger:
    """The ledger of a two-person chat from its conversation table and its plans.

    `conversations` comes from `conversations.conversation_table`, `plans` from
    `plans.find_plans`. `line` is the position of the message behind each event
    (its line in a text export), so evidence points back into the chat.
    """
    a, b = people
    other = pl.when(pl.col("by") == a).then(pl.lit(b)).otherwise(pl.lit(a))
    # With a short `gap` two conversations may start in one second: number the later ones.
    copy = pl.int_range(pl.len()).over("at")
    conversations = conversations.with_columns(
        _id=pl.lit(f"chat-{fmt}-")
        + pl.col("at").dt.strftime(_STAMP)
        + pl.when(copy > 0).then(pl.lit("-") + copy.cast(pl.String)).otherwise(pl.lit(""))
    )
    bid_id = pl.col("_id")
    bids = conversations.select(
        "at",
        "by",
        to=other,
        kind=pl.lit("bid"),
        id=bid_id,
        ref=pl.lit(""),
        value=pl.lit(""),
        note=pl.lit(""),
        line="position",
    )
    responses = conversations.filter(pl.col("answered_at").is_not_null()).select(
        at="answered_at",
        by="answered_by",
        to="by",
        kind=pl.lit("response"),
        id=pl.lit(""),
        ref=bid_id,
        value=pl.lit("toward"),
        note=pl.lit(""),
        line="answered_position",
    )
    stamp = pl.col("at").dt.strftime(_STAMP)
    # Two proposals may share a second (two senders): number the later ones too.
    commitments = plans.select(
        "at",
        "by",
        to=other,
        kind=pl.lit("commitment"),
        id=pl.lit(f"plan-{fmt}-")
        + stamp
        + pl.when(copy > 0).then(pl.lit("-") + copy.cast(pl.String)).otherwise(pl.lit("")),
        ref=pl.lit(""),
        value=pl.when(pl.col("status") == "scheduled")
        .then(pl.col("due").dt.strftime("%Y-%m-%d"))
        .otherwise(pl.lit(""))
        .fill_null(""),
        note=pl.col("text").str.slice(0, 200),
        line="position",
    )
    frame = pl.concat(
        [f.cast(_LEDGER) for f in (bids, responses, commitments)]  # type: ignore[arg-type]  # Polars' stubs want its own schema type; a plain dict works
    ).sort("at", maintain_order=True)
    if frame.is_empty():
        raise TwowayError(f"{source}: the chat has no messages to turn into ledger events")
    return ledger_from_frame(frame, source, people=people)
