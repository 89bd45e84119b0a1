"""The review list: an imported chat's moments, confirmed, changed or rejected; only ever your own."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from twoway.web.ledger.models import Event, MomentReview, Person
from twoway.web.ledger.workflow import ImportOptions, import_chat

#: A WhatsApp export written for this test: comfort after bad news, thanks, a check-in,
#: a bare "sorry" after friction (read from its context, so less sure), a need. The check-in
#: opens a conversation, so it is that conversation's bid rather than a moment of its own.
CHAT = """\
02/03/2025, 10:00 - Sam: I didn't get the job
02/03/2025, 10:02 - Alex: oh no
02/03/2025, 10:03 - Alex: I'm so sorry, I'm here for you
02/03/2025, 10:20 - Sam: thank you, that means a lot
03/03/2025, 09:00 - Alex: how are you feeling today?
03/03/2025, 09:30 - Sam: better. you forgot to call me back though
03/03/2025, 09:31 - Alex: sorry
03/03/2025, 19:00 - Sam: I need some time to myself this week
14/03/2025, 08:00 - Alex: you got this, I believe in you
"""


@pytest.fixture
def sam(owner: User, tmp_path: Path) -> Person:
    """The owner's Sam, with the chat imported the way the site's worker does it."""
    path = tmp_path / "WhatsApp Chat with Sam.txt"
    path.write_text(CHAT, encoding="utf-8")
    import_chat(owner, [path], "Sam", ImportOptions(me="Alex"))
    return Person.objects.get(owner=owner, name="Sam")


def moment(text: str) -> Event:
    return Event.objects.get(key__startswith="moment-", note=text)


def test_the_list_shows_the_waiting_moments_surest_first(owner_client: Client, sam: Person) -> None:
    page = owner_client.get(f"/people/{sam.pk}/moments/").content.decode()
    order = [
        page.index(t) for t in ("so sorry, I", "I need some time", "oh no", ">sorry</blockquote>")
    ]
    assert order == sorted(order)  # the sure ones (0.90), then those read from context (0.80)
    assert "read at 0.80" in page
    assert "Confirm all 4 read with high confidence" in page


def test_confirming_with_another_kind_stores_the_owners_word(
    owner_client: Client, sam: Person
) -> None:
    bare = moment("sorry")
    response = owner_client.post(
        f"/events/{bare.pk}/review/",
        {"verdict": "confirmed", "kind": "support", "style": "reassure", "next": "42"},
    )
    assert response["Location"] == f"/people/{sam.pk}/moments/#m-42"
    bare.refresh_from_db()
    assert (bare.kind, bare.value, bare.extra["review"]) == ("support", "reassure", "confirmed")
    review = MomentReview.objects.get(key=bare.key)
    assert (review.verdict, review.kind, review.style) == ("confirmed", "support", "reassure")
    assert (
        ">sorry</blockquote>" not in owner_client.get(f"/people/{sam.pk}/moments/").content.decode()
    )


def test_a_rejected_moment_leaves_the_list_and_the_balance(
    owner_client: Client, sam: Person
) -> None:
    sure = moment("I'm so sorry, I'm here for you")
    owner_client.post(f"/events/{sure.pk}/review/", {"verdict": "rejected", "kind": "support"})
    sure.refresh_from_db()
    assert sure.extra["review"] == "rejected"
    report = owner_client.get(f"/people/{sam.pk}/report/").content.decode()
    assert (
        "Moments read from the chat in this balance: 0 confirmed, 3 read with high "
        "confidence; 2 wait for your review and are not counted yet; 1 you rejected is left out."
    ) in report


def test_accepting_all_the_sure_ones_leaves_the_others_waiting(
    owner_client: Client, sam: Person
) -> None:
    response = owner_client.post(f"/people/{sam.pk}/moments/accept/")
    assert response.status_code == 302
    reviewed = MomentReview.objects.filter(relationship__person=sam)
    assert reviewed.count() == 4
    assert set(reviewed.values_list("verdict", flat=True)) == {"confirmed"}
    page = owner_client.get(f"/people/{sam.pk}/moments/").content.decode()
    assert "4 confirmed · 0 rejected · 2 waiting" in page
    assert "Confirm all" not in page


def test_a_kind_not_in_the_list_is_refused_and_nothing_changes(
    owner_client: Client, sam: Person
) -> None:
    bare = moment("sorry")
    response = owner_client.post(
        f"/events/{bare.pk}/review/", {"verdict": "confirmed", "kind": "hug"}, follow=True
    )
    assert "Choose one of the kinds in the list." in response.content.decode()
    assert not MomentReview.objects.exists()
    bare.refresh_from_db()
    assert bare.kind == "repair"


def test_a_re_import_keeps_the_corrections(
    owner_client: Client, owner: User, sam: Person, tmp_path: Path
) -> None:
    bare = moment("sorry")
    owner_client.post(f"/events/{bare.pk}/review/", {"verdict": "confirmed", "kind": "support"})
    again = import_chat(owner, [tmp_path / "WhatsApp Chat with Sam.txt"], "Sam")
    assert again.stored.added == 0
    bare.refresh_from_db()
    assert (bare.kind, bare.extra["review"]) == ("support", "confirmed")


def test_someone_elses_moments_are_not_found(
    client: Client, outsider: User, owner: User, sam: Person
) -> None:
    client.force_login(outsider)
    bare = moment("sorry")
    assert client.get(f"/people/{sam.pk}/moments/").status_code == 404
    assert client.post(f"/people/{sam.pk}/moments/accept/").status_code == 404
    refused = client.post(f"/events/{bare.pk}/review/", {"verdict": "rejected"})
    assert refused.status_code == 404
    assert not MomentReview.objects.exists()


def test_an_entry_logged_by_hand_is_no_moment_to_review(owner_client: Client, sam: Person) -> None:
    bid = Event.objects.filter(relationship__person=sam, kind="bid").first()
    assert bid is not None
    response = owner_client.post(f"/events/{bid.pk}/review/", {"verdict": "rejected"})
    assert response.status_code == 404


def test_the_review_list_needs_a_login(client: Client, sam: Person) -> None:
    response = client.get(f"/people/{sam.pk}/moments/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
