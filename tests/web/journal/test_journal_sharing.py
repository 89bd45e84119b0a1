"""Shared and private entries in the log form, the edit form and the journal of a linked pair."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.web.conftest import Couple
from twoway.core.events import SHARED_BY_DEFAULT, Event
from twoway.web.ledger import store
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.models import Person, Relationship
from twoway.web.together import linking

SHARED_NOTE = "the long walk after work"
PRIVATE_NOTE = "felt left out at the dinner"


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: HttpResponse) -> str:
    return html.unescape(response.content.decode())


def checked(page: str, name: str) -> str | None:
    """The value of the radio `name` that is checked, if one is."""
    found = re.search(rf'<input type="radio" name="{name}" value="([^"]+)"[^>]* checked>', page)
    return found.group(1) if found else None


def log(client: Client, rel: Relationship, kind: str, **fields: str) -> EventRow:
    """Log an entry through the form; returns the row stored."""
    before = set(EventRow.objects.values_list("pk", flat=True))
    data = {"person": str(rel.person_id), "direction": "me", "kind": kind, **fields}
    if kind == "together":
        data.setdefault("energy", "1")
    response = client.post(reverse("log"), data)
    assert response.status_code == 302, text(response)
    (row,) = EventRow.objects.exclude(pk__in=before)
    return row


@pytest.fixture
def ana_wrote(couple: Couple) -> tuple[EventRow, EventRow]:
    """Ana's shared support and private conflict about Ben."""
    at = datetime(2025, 5, 1, 9, 0)
    for kind, note, shared in (("support", SHARED_NOTE, True), ("conflict", PRIVATE_NOTE, False)):
        store.add_event(
            "Ben",
            Event(at, by="Ana", to="Ben", kind=kind, note=note),
            owner=couple.ana,
            shared=shared,
        )
    rows = EventRow.objects.filter(relationship=couple.ana_side).order_by("pk")
    return rows[0], rows[1]


# --- the log form ------------------------------------------------------------------


def test_linked_the_log_form_says_i_gave_and_i_received_and_offers_sharing(
    couple: Couple,
) -> None:
    page = text(as_user(couple.ana).get(f"{reverse('log')}?person={couple.ana_side.person_id}"))
    assert "I gave" in page
    assert "I received" in page
    assert "They did it, for me" not in page
    assert "Shared with Ben" in page
    assert "Only me" in page
    assert checked(page, "share") == "shared"  # support is shared by default


def test_not_linked_the_log_form_keeps_its_words_and_has_no_share_choice(
    owner_client: Client, owner: User
) -> None:
    sam = Person.objects.create(owner=owner, name="Sam")
    Relationship.objects.create(owner=owner, person=sam, kind="friend", me_name="Alex")
    page = text(owner_client.get(f"{reverse('log')}?person={sam.pk}"))
    assert "I did it, for them" in page
    assert 'name="share"' not in page
    assert "Shared with" not in page


def test_not_linked_every_entry_stays_private_whatever_is_sent(
    owner_client: Client, owner: User
) -> None:
    sam = Person.objects.create(owner=owner, name="Sam")
    rel = Relationship.objects.create(owner=owner, person=sam, kind="friend", me_name="Alex")
    row = log(owner_client, rel, "support", share="shared", share_for="support")
    assert row.shared is False


@pytest.mark.parametrize("kind", ["support", "gratitude", "together", "conflict", "response"])
def test_the_share_choice_follows_the_kind_when_it_changes(couple: Couple, kind: str) -> None:
    client = as_user(couple.ana)
    query = {"person": couple.ana_side.person_id, "direction": "me", "kind": kind}
    fragment = text(client.get(reverse("log"), query, headers={"HX-Request": "true"}))
    assert checked(fragment, "share") == ("shared" if kind in SHARED_BY_DEFAULT else "private")
    assert f'name="share_for" value="{kind}"' in fragment
    # The direction's words come along for the person chosen (swapped out of band).
    assert '<span id="direction-me" hx-swap-oob="true">I gave</span>' in fragment


def test_an_explicit_choice_survives_a_change_of_direction(couple: Couple) -> None:
    query = {
        "person": couple.ana_side.person_id,
        "direction": "them",
        "kind": "support",
        "share": "private",
        "share_for": "support",
    }
    fragment = text(as_user(couple.ana).get(reverse("log"), query, headers={"HX-Request": "true"}))
    assert checked(fragment, "share") == "private"


@pytest.mark.parametrize(
    ("kind", "sent", "stored"),
    [
        # Nothing chosen: the kind's default.
        ("support", {}, True),
        ("conflict", {}, False),
        ("together", {}, False),
        # Without JavaScript the kind changed under a default left as it was: the new default.
        ("conflict", {"share": "shared", "share_for": "support"}, False),
        ("talk", {"share": "private", "share_for": "conflict"}, True),
        # A choice the writer changed stands.
        ("conflict", {"share": "shared", "share_for": "conflict"}, True),
        ("support", {"share": "private", "share_for": "support"}, False),
        ("talk", {"share": "private", "share_for": "support"}, False),
    ],
)
def test_what_is_stored_follows_the_choice_else_the_kinds_default(
    couple: Couple, kind: str, sent: dict[str, str], stored: bool
) -> None:
    row = log(as_user(couple.ana), couple.ana_side, kind, **sent)
    assert row.shared is stored


def test_a_form_sent_back_with_an_error_shows_what_would_be_saved(couple: Couple) -> None:
    # Without JavaScript: "response" chosen under support's default, and no answer picked.
    data = {
        "person": str(couple.ana_side.person_id),
        "direction": "me",
        "kind": "response",
        "share": "shared",
        "share_for": "support",
    }
    page = text(as_user(couple.ana).post(reverse("log"), data))
    assert checked(page, "share") == "private"
    assert 'name="share_for" value="response"' in page


# --- the edit form ---------------------------------------------------------------------


def test_the_edit_form_shows_the_stored_choice_and_changes_it(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow]
) -> None:
    support, _ = ana_wrote
    client = as_user(couple.ana)
    url = reverse("event_edit", args=[support.pk])
    page = text(client.get(url))
    assert checked(page, "share") == "shared"
    assert "I gave" in page
    data = {"direction": "me", "kind": "support", "at": "2025-05-01T09:00", "note": SHARED_NOTE}
    response = client.post(url, {**data, "share": "private", "share_for": "support"})
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.shared is False
    # Sent without a share choice, the stored one stays.
    client.post(url, {**data, "note": "changed"})
    support.refresh_from_db()
    assert (support.shared, support.note) == (False, "changed")


def test_not_linked_the_edit_form_has_no_share_choice(couple: Couple) -> None:
    linking.unlink(couple.ana_side)
    store.add_event(
        "Ben", Event(datetime(2025, 5, 2), by="Ana", to="Ben", kind="talk"), owner=couple.ana
    )
    row = EventRow.objects.get(relationship=couple.ana_side)
    client = as_user(couple.ana)
    url = reverse("event_edit", args=[row.pk])
    assert 'name="share"' not in text(client.get(url))
    data = {"direction": "me", "kind": "talk", "at": "2025-05-02T00:00", "share": "shared"}
    client.post(url, data)
    row.refresh_from_db()
    assert row.shared is False


# --- the journal -----------------------------------------------------------------------


def test_your_entries_in_a_linked_relationship_say_shared_or_only_you(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow]
) -> None:
    page = text(as_user(couple.ana).get(reverse("journal")))
    support, conflict = ana_wrote
    own = re.search(rf'id="entry-{support.pk}".*?</li>', page, re.S)
    private = re.search(rf'id="entry-{conflict.pk}".*?</li>', page, re.S)
    assert own
    assert private
    assert '<span class="sharing">shared</span>' in own.group(0)
    assert '<span class="sharing">only you</span>' in private.group(0)


@pytest.mark.parametrize("filtered", [False, True])
def test_the_partner_sees_the_shared_entry_read_only_and_never_the_private_note(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow], filtered: bool
) -> None:
    support, conflict = ana_wrote
    url = reverse("journal")
    if filtered:
        url += f"?person={couple.ben_side.person_id}"
    page = text(as_user(couple.ben).get(url))
    assert SHARED_NOTE in page
    assert PRIVATE_NOTE not in page
    assert f"entry-{conflict.pk}" not in page
    theirs = re.search(rf'id="entry-{support.pk}".*?</li>', page, re.S)
    assert theirs
    assert "Ana wrote" in theirs.group(0)
    assert "Ana, for you" in theirs.group(0)  # Ana gave, so Ben received
    assert reverse("event_edit", args=[support.pk]) not in page


def test_the_partners_entries_show_on_no_other_page_of_yours(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow]
) -> None:
    client = as_user(couple.ben)
    for url in (
        reverse("log"),
        reverse("people"),
        reverse("person", args=[couple.ben_side.person_id]),
    ):
        assert PRIVATE_NOTE not in text(client.get(url))


def test_an_outsider_sees_neither_entry(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow], outsider: User
) -> None:
    page = text(as_user(outsider).get(reverse("journal")))
    assert SHARED_NOTE not in page
    assert PRIVATE_NOTE not in page


@pytest.mark.parametrize("which", [0, 1])
def test_the_partner_cannot_edit_or_delete_by_a_guessed_id(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow], which: int
) -> None:
    row = ana_wrote[which]
    client = as_user(couple.ben)
    edit, delete = reverse("event_edit", args=[row.pk]), reverse("event_delete", args=[row.pk])
    assert client.get(edit).status_code == 404
    data = {"direction": "me", "kind": "talk", "note": "mine now", "share": "shared"}
    assert client.post(edit, data).status_code == 404
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    assert client.get(edit, headers={"HX-Request": "true"}).status_code == 404
    kept = EventRow.objects.get(pk=row.pk)
    assert (kept.kind, kept.note, kept.shared) == (row.kind, row.note, row.shared)


def test_the_journals_count_says_how_many_entries_a_partner_shared(
    couple: Couple, ana_wrote: tuple[EventRow, EventRow]
) -> None:
    """Ben's journal counts Ana's shared entry too; it says so, so it matches his account page."""
    page = text(as_user(couple.ben).get(reverse("journal")))
    assert "1 entry (0 yours, 1 shared with you)" in page
    own = text(as_user(couple.ana).get(reverse("journal")))
    assert "2 entries</p>" in own
