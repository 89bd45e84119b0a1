"""A chat as ledger events, so the ledger's analysis and signals apply unchanged.

- A conversation start is a `bid` by its starter.
- The first message in that conversation by the other person is a `response`
  turned toward it; a conversation nobody else wrote in has no response, so
  the analysis sees a bid never turned toward.
- A proposal to meet is a `commitment` by its sender: with its due date when it
  was scheduled, vague (no value) otherwise.
- A moment of care (`twoway.chats.moments`) is an event of its own kind by its
  writer: `support` (its style as the value), `gratitude`, `need`, `repair` or
  `checkin`, with the message's first 200 characters as the note and its
  `confidence` as an extra column (only confirmed or sure moments count in
  the balance: `twoway.core.moment_counts`). A check-in
  or repair that opens a conversation is left to its `bid`
  (`without_double_initiations`), so it is one initiation, not two.

Ids are built from the message time (`chat-whatsapp-20240105T100000`,
`moment-whatsapp-20240105T100000-support`), so the same export, or a newer one
that overlaps it, gives the same events again and a store adds nothing twice.
"""

from __future__ import annotations

import polars as pl

from twoway.core.ledger import Ledger, ledger_from_frame
from twoway.errors import TwowayError

_STAMP = "%Y%m%dT%H%M%S"
_LEDGER = pl.Schema(
    {
        "at": pl.Datetime("us"),
        "by": pl.String(),
        "to": pl.String(),
        "kind": pl.String(),
        "id": pl.String(),
        "ref": pl.String(),
        "value": pl.String(),
        "note": pl.String(),
        "line": pl.Int64(),
    }
)


def chat_ledger(
    conversations: pl.DataFrame,
    plans: pl.DataFrame,
    people: tuple[str, str],
    *,
    fmt: str,
    source: str,
    moments: pl.DataFrame | None = None,
    keep_double: bool = False,
) -> Ledger:
    """The ledger of a two-person chat from its conversation table and its plans.

    `conversations` comes from `conversations.conversation_table`, `plans` from
    `plans.find_plans`, `moments` (optional) from `moments.find_moments`. `line`
    is the position of the message behind each event (its line in a text
    export), so evidence points back into the chat. `keep_double` keeps the
    moments that `without_double_initiations` would leave out.
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
    parts = [bids, responses, commitments]
    if moments is not None and moments.height:
        # one message holds at most one moment of each kind; two messages may share a second
        same = pl.int_range(pl.len()).over("at", "kind")
        parts.append(
            moments.select(
                "at",
                "by",
                to=other,
                kind="kind",
                id=pl.lit(f"moment-{fmt}-")
                + stamp
                + pl.lit("-")
                + pl.col("kind")
                + pl.when(same > 0).then(pl.lit("-") + same.cast(pl.String)).otherwise(pl.lit("")),
                ref=pl.lit(""),
                value=pl.col("style").fill_null(""),
                note=pl.col("text").str.slice(0, 200),
                line="position",
                # how sure the reading was: only confirmed or sure moments count
                # (`twoway.core.moment_counts`)
                confidence=pl.col("confidence").round(2).cast(pl.String),
            )
        )
    frame = pl.concat([f.cast(_LEDGER) for f in parts], how="diagonal").sort(
        "at", maintain_order=True
    )
    if "confidence" in frame.columns:
        frame = frame.with_columns(pl.col("confidence").fill_null(""))
    if not keep_double:
        frame = without_double_initiations(frame)
    if frame.is_empty():
        raise TwowayError(f"{source}: the chat has no messages to turn into ledger events")
    return ledger_from_frame(frame, source, people=people)


def without_double_initiations(frame: pl.DataFrame) -> pl.DataFrame:
    """Without the check-in and repair moments that open a conversation: its bid counts already."""
    key = pl.concat_str([pl.col("at").cast(pl.String), pl.col("by")], separator="|")
    bids = frame.filter(pl.col("kind") == "bid").select(key.alias("key"))["key"]
    double = (
        pl.col("kind").is_in(["checkin", "repair"])
        & pl.col("id").str.starts_with("moment-")
        & key.is_in(bids.implode())
    )
    return frame.filter(~double)
