"""Moments read from a chat, in the store: reviewed, kept on re-import, counted when sure or confirmed."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from twoway.core import analyze
from twoway.core.ledger import Ledger, ledger_from_rows
from twoway.errors import TwowayError
from twoway.web.ledger import reviews
from twoway.web.ledger.models import Event, MomentReview

SURE = "moment-whatsapp-20250301T100500-support"
CONTEXT = "moment-whatsapp-20250301T100600-gratitude"
CHECKIN = "moment-whatsapp-20250302T090000-checkin"


def rows(comfort_style: str = "comfort", checkin_confidence: str = "0.8") -> list[dict[str, Any]]:
    """A chat's ledger as `chats.to_ledger` makes it: a bid, and three moments read from it."""
    return [
        {"at": "2025-03-01T10:00:00", "by": "Sam", "to": "Alex", "kind": "bid",
         "id": "chat-whatsapp-20250301T100000", "note": "I didn't get the job"},
        {"at": "2025-03-01T10:05:00", "by": "Alex", "to": "Sam", "kind": "support",
         "id": SURE, "value": comfort_style, "note": "so sorry, I'm here", "confidence": "0.9"},
        {"at": "2025-03-01T10:06:00", "by": "Sam", "to": "Alex", "kind": "gratitude",
         "id": CONTEXT, "note": "thank you for being there", "confidence": "0.8"},
        {"at": "2025-03-02T09:00:00", "by": "Sam", "to": "Alex", "kind": "checkin",
         "id": CHECKIN, "note": "how did the interview go?", "confidence": checkin_confidence},
        {"at": "2025-03-02T09:30:00", "by": "Alex", "to": "Sam", "kind": "support",
         "value": "help", "note": "logged by hand"},
    ]  # fmt: skip


def chat(**changes: str) -> Ledger:
    return ledger_from_rows(rows(**changes), "chat.txt", people=("Alex", "Sam"))


def row(key: str) -> Event:
    return Event.objects.get(key=key)


def test_a_reviewed_moment_keeps_the_owners_word_when_the_chat_is_imported_again(
    store: ModuleType,
) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    reviews.review(row(SURE), "confirmed", kind="support", style="listen")
    reviews.review(row(CONTEXT), "rejected")
    again = store.import_ledger("Sam", chat(), me="Alex")
    assert (again.added, again.present) == (0, 5)
    assert (row(SURE).value, row(SURE).extra["review"]) == ("listen", "confirmed")
    assert row(CONTEXT).extra["review"] == "rejected"


def test_a_rule_read_differently_since_does_not_refuse_the_re_import(store: ModuleType) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    reviews.review(row(SURE), "confirmed", style="reassure")
    # Rules changed: the same messages now read with another style and confidence.
    again = store.import_ledger("Sam", chat(comfort_style="help", checkin_confidence="0.9"))
    assert (again.added, again.present) == (0, 5)
    assert row(SURE).value == "reassure"  # the owner's word stands
    assert row(CHECKIN).extra["confidence"] == "0.8"  # an unreviewed one stays as stored


def test_an_ordinary_row_with_a_stored_id_and_other_details_is_still_refused(
    store: ModuleType,
) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    changed = rows()
    changed[0]["note"] = "another note"
    with pytest.raises(TwowayError) as refused:
        store.import_ledger("Sam", ledger_from_rows(changed, "chat.txt", people=("Alex", "Sam")))
    assert refused.value.code == "id_changed"


def test_a_review_outlives_its_row_and_applies_when_the_moment_comes_back(
    store: ModuleType,
) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    reviews.review(row(CHECKIN), "confirmed", kind="support", style="listen")
    row(CHECKIN).delete()
    store.import_ledger("Sam", chat(), me="Alex")
    back = row(CHECKIN)
    assert (back.kind, back.value, back.extra["review"]) == ("support", "listen", "confirmed")
    assert MomentReview.objects.get(key=CHECKIN).kind == "support"


def test_only_confirmed_or_sure_moments_enter_the_balance(store: ModuleType) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    before = analyze(store.ledger_for("Sam"), me="Alex")
    assert before.moments is not None
    assert (before.moments.confirmed, before.moments.high, before.moments.waiting) == (0, 1, 2)
    # the bid, the sure support and the support logged by hand
    assert before.events == 3
    reviews.review(row(CONTEXT), "confirmed")
    reviews.review(row(SURE), "rejected")
    after = analyze(store.ledger_for("Sam"), me="Alex")
    assert after.moments is not None
    counted = (after.moments.confirmed, after.moments.high, after.moments.waiting)
    assert (counted, after.moments.rejected) == ((1, 0, 1), 1)
    assert after.events == 3  # the bid, the confirmed gratitude, the hand-logged support
    kinds = store.ledger_for("Sam").frame["kind"].to_list()
    assert kinds.count("support") == 2  # the rejected one stays stored, uncounted


def test_accepting_the_sure_ones_confirms_them_as_read(store: ModuleType) -> None:
    store.import_ledger("Sam", chat(checkin_confidence="0.95"), me="Alex")
    rel = row(SURE).relationship
    assert reviews.waiting(rel).sure == 2
    assert reviews.accept_sure(rel) == 2
    left = reviews.waiting(rel)
    assert [e.key for e in left.moments] == [CONTEXT]
    assert (left.confirmed, left.sure) == (2, 0)
    assert row(SURE).value == "comfort"


def test_the_waiting_list_is_surest_first(store: ModuleType) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    found = reviews.waiting(row(SURE).relationship)
    assert [e.key for e in found.moments] == [SURE, CONTEXT, CHECKIN]


@pytest.mark.parametrize(
    ("verdict", "kind", "style", "field"),
    [
        ("maybe", "", "", "verdict"),
        ("confirmed", "hug", "", "kind"),
        ("confirmed", "support", "shout", "style"),
    ],
)
def test_a_review_refuses_what_it_cannot_hold(
    store: ModuleType, verdict: str, kind: str, style: str, field: str
) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    with pytest.raises(TwowayError) as refused:
        reviews.review(row(SURE), verdict, kind=kind, style=style)
    assert refused.value.fields["field"] == field
    assert not MomentReview.objects.exists()


def test_a_style_goes_with_support_only(store: ModuleType) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    # the form still shows the style it had: changing the kind away from support drops it
    reviews.review(row(SURE), "confirmed", kind="gratitude", style="comfort")
    assert (row(SURE).kind, row(SURE).value) == ("gratitude", "")
    assert MomentReview.objects.get(key=SURE).style == ""


def test_a_hand_logged_event_is_no_moment_to_review(store: ModuleType) -> None:
    store.import_ledger("Sam", chat(), me="Alex")
    hand = Event.objects.get(note="logged by hand")
    with pytest.raises(TwowayError) as refused:
        reviews.review(hand, "confirmed")
    assert refused.value.code == "not_a_moment"
