"""Which moments read from a chat count in the balance: the confirmed and the sure ones.

A moment read from a chat (`twoway.chats.moments`) reaches the ledger as an
event of its kind with two extra columns: `confidence`, how sure the reading
was, and `review`, what the person said of it once they looked (`confirmed`
or `rejected`; empty while it waits). Rows without a `confidence` were logged
by hand, or came from elsewhere: they always count.

A read moment counts when its person confirmed it (with the kind and style
they chose), or, while it waits for review, when it was read with high
confidence (`HIGH_CONFIDENCE`). A rejected one never counts. The report says
how many of each: a balance built on moments nobody checked must say so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from twoway.core.ledger import Ledger

#: A moment waiting for review counts from this confidence up: patterns enough on their own.
HIGH_CONFIDENCE: Final = 0.9

#: The extra column holding how sure the reading of a moment was (0 to 1).
CONFIDENCE: Final = "confidence"
#: The extra column holding what the person said of a read moment.
REVIEW: Final = "review"
CONFIRMED: Final = "confirmed"
REJECTED: Final = "rejected"


@dataclass(frozen=True, slots=True)
class MomentCounts:
    """How the moments read from a chat were counted in the balance."""

    #: confirmed by the person (counted, with the kind and style they chose)
    confirmed: int
    #: read with high confidence and not yet reviewed (counted)
    high: int
    #: read with less confidence and not yet reviewed (not counted until confirmed)
    waiting: int
    #: rejected by the person (never counted)
    rejected: int

    @property
    def counted(self) -> int:
        """How many enter the balance."""
        return self.confirmed + self.high


def counted_moments(ledger: Ledger) -> tuple[Ledger, MomentCounts | None]:
    """`ledger` without the read moments that do not count, and how they were counted.

    None for the counts when the ledger holds no read moment (no `confidence`
    column, or no value in it): then nothing is left out.
    """
    # Here: the report module imports this one, and stays light without Polars.
    import polars as pl

    frame = ledger.frame
    if CONFIDENCE not in frame.columns:
        return ledger, None
    confidence = pl.col(CONFIDENCE).fill_null("")
    read = confidence != ""
    review = pl.col(REVIEW).fill_null("") if REVIEW in frame.columns else pl.lit("")
    sure = confidence.cast(pl.Float64, strict=False)
    high = read & (review == "") & (sure.fill_null(0.0) >= HIGH_CONFIDENCE - 1e-9)
    tally = frame.select(
        read=read.sum(),
        confirmed=(read & (review == CONFIRMED)).sum(),
        rejected=(read & (review == REJECTED)).sum(),
        high=high.sum(),
    ).row(0, named=True)
    if not tally["read"]:
        return ledger, None
    keep = ~read | (review == CONFIRMED) | high
    counts = MomentCounts(
        confirmed=int(tally["confirmed"]),
        high=int(tally["high"]),
        waiting=int(tally["read"] - tally["confirmed"] - tally["rejected"] - tally["high"]),
        rejected=int(tally["rejected"]),
    )
    return replace(ledger, frame=frame.filter(keep)), counts
