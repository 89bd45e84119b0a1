"""Reviewing the moments read from a chat: confirm, change the kind or style, or reject.

A moment read from a chat is stored as an event of its kind whose `extra`
holds its `confidence`. Its owner's word about it is kept twice, on purpose:

- as a `MomentReview` keyed by the moment's ledger id, which outlives the row
  (an undo, a re-import) and travels with the account;
- on the event itself (`kind`, `value` as the style, `extra["review"]`), so the
  ledger the analysis reads says it without a second query.

The balance then counts a read moment once confirmed, or, while it waits,
when read with high confidence (`twoway.core.moment_counts`). The event's
fingerprint is left as the import made it, so importing the same chat again
still finds the row present.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from twoway.core.moment_counts import CONFIDENCE, CONFIRMED, HIGH_CONFIDENCE, REJECTED, REVIEW
from twoway.errors import TwowayError
from twoway.web.ledger.writing import fingerprint

if TYPE_CHECKING:
    from twoway.web.ledger.models import Event, MomentReview, Relationship

#: The kinds of moment a chat is read for, in the order the review list offers them.
MOMENT_KINDS: Final = ("support", "gratitude", "need", "repair", "checkin")
#: The styles of a support moment (`other` for care that fits none of them).
SUPPORT_STYLES: Final = ("listen", "comfort", "celebrate", "help", "reassure", "other")
#: The ids of moments read from a chat start so (`twoway.chats.to_ledger`).
MOMENT_PREFIX: Final = "moment-"


@dataclass(frozen=True, slots=True)
class Waiting:
    """The review list of one relationship: moments waiting, and how many were reviewed."""

    moments: list[Event]
    confirmed: int
    rejected: int
    #: waiting ones read with high confidence (they count already, until reviewed)
    sure: int


def confidence_of(event: Event) -> float:
    """How sure the reading of a moment event was (0 when it says nothing)."""
    try:
        return float((event.extra or {}).get(CONFIDENCE, 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def read_moments(rel: Relationship) -> list[Event]:
    """The relationship's moment events read from a chat (with a confidence), in time order."""
    rows = rel.events.filter(key__startswith=MOMENT_PREFIX).order_by("at", "pk")
    return [e for e in rows if (e.extra or {}).get(CONFIDENCE) not in (None, "")]


def waiting(rel: Relationship) -> Waiting:
    """The moments waiting for review, surest first (then in time order)."""
    read = read_moments(rel)
    reviews = [(e.extra or {}).get(REVIEW, "") for e in read]
    pending = [e for e, r in zip(read, reviews, strict=True) if not r]
    pending.sort(key=lambda e: -confidence_of(e))  # stable: time order within a confidence
    return Waiting(
        moments=pending,
        confirmed=reviews.count(CONFIRMED),
        rejected=reviews.count(REJECTED),
        sure=sum(confidence_of(e) >= HIGH_CONFIDENCE - 1e-9 for e in pending),
    )


def review(event: Event, verdict: str, kind: str = "", style: str = "") -> MomentReview:
    """Record the owner's word on one moment event and apply it; a bad value is refused.

    `kind` and `style` (blank: as read) are kept only with a confirmation; a style
    belongs to support alone.
    """
    from django.db import transaction

    from twoway.web.ledger.models import MomentReview

    if not event.key.startswith(MOMENT_PREFIX):
        raise TwowayError("only a moment read from a chat can be reviewed", code="not_a_moment")
    kind = kind or event.kind
    style = (style or event.value) if kind == "support" else ""
    check(verdict, kind, style)
    with transaction.atomic():
        row, _ = MomentReview.objects.update_or_create(
            relationship_id=event.relationship_id,
            key=event.key,
            defaults={"verdict": verdict, "kind": kind, "style": style},
        )
        _apply(event, row)
    return row


def check(verdict: str, kind: str, style: str) -> None:
    """Refuse a verdict, kind or style a review cannot hold (the error names the field)."""
    if verdict not in (CONFIRMED, REJECTED):
        raise TwowayError(
            f"a review confirms or rejects, not {verdict!r}", code="bad_verdict", field="verdict"
        )
    if kind not in MOMENT_KINDS:
        raise TwowayError(
            f"a moment is one of {', '.join(MOMENT_KINDS)}, not {kind!r}",
            code="bad_kind",
            field="kind",
        )
    if style and (kind != "support" or style not in SUPPORT_STYLES):
        raise TwowayError(
            f"a support moment's style is one of {', '.join(SUPPORT_STYLES)}, not {style!r}",
            code="bad_style",
            field="style",
        )


def accept_sure(rel: Relationship, at_least: float = HIGH_CONFIDENCE) -> int:
    """Confirm, as read, every waiting moment read with at least `at_least` confidence."""
    from django.db import transaction

    done = 0
    with transaction.atomic():
        for event in waiting(rel).moments:
            if confidence_of(event) >= at_least - 1e-9:
                review(event, CONFIRMED)
                done += 1
    return done


def apply_reviews(rel: Relationship, event_ids: Sequence[int]) -> int:
    """Apply the owner's stored reviews to the moment events just added; how many changed."""
    from twoway.web.ledger.models import MomentReview

    if not event_ids or not rel.moment_reviews.exists():
        return 0
    reviews = {r.key: r for r in MomentReview.objects.filter(relationship=rel)}
    changed = 0
    for chunk in _chunks(event_ids, 500):
        for event in rel.events.filter(pk__in=chunk, key__startswith=MOMENT_PREFIX):
            found = reviews.get(event.key)
            if found is not None:
                _apply(event, found)
                changed += 1
    return changed


def _apply(event: Event, row: MomentReview) -> None:
    """The review on the event row: its kind and style when confirmed, and the verdict.

    The fingerprint follows the new content, as an edit's does (`editing.edit_event`):
    importing the chat again still adds nothing, since a moment whose id is stored
    stands (`staging.keep_stored_moments`).
    """
    # Here, for start-up speed: the CLI imports the store, and twoway.core.ledger brings Polars.
    from twoway.core.ledger import format_at

    extra = {str(k): str(v) for k, v in (event.extra or {}).items()}
    extra[REVIEW] = row.verdict
    event.extra = extra
    if row.verdict == CONFIRMED:
        event.kind = row.kind or event.kind
        event.value = row.style if event.kind == "support" else ""
    content: dict[str, Any] = {
        "by_me": event.by_me,
        "at": format_at(event.at.replace(tzinfo=None), event.offset_minutes, event.date_only),
        "kind": event.kind,
        "key": event.key,
        "ref": event.ref,
        "value": event.value,
        "note": event.note,
        "extra": extra,
    }
    others = type(event).objects.filter(relationship_id=event.relationship_id).exclude(pk=event.pk)
    occurrence = 0
    while others.filter(fingerprint=fingerprint(**content, occurrence=occurrence)).exists():
        occurrence += 1
    event.fingerprint = fingerprint(**content, occurrence=occurrence)
    event.save(update_fields=["extra", "kind", "value", "fingerprint"])


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
