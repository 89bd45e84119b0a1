"""The journal: newest first, filtered by person, kind and days; entries edited and deleted."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

from django.contrib.auth.models import User
from django.test import Client

from twoway.core.events import Event as CoreEvent
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Person


def _shown(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'id="entry-(\d+)"', html)}


def test_the_journal_lists_the_newest_entries_first_a_page_at_a_time(
    owner_client: Client, demo: dict[str, Person], owner: User
) -> None:
    html = owner_client.get("/journal/").content.decode()
    newest = Event.objects.filter(relationship__owner=owner).order_by("-at", "-pk")[:50]
    assert _shown(html) == {e.pk for e in newest}
    total = Event.objects.filter(relationship__owner=owner).count()
    assert f"{total:,} entries" in html
    second = owner_client.get("/journal/?page=2").content.decode()
    following = Event.objects.filter(relationship__owner=owner).order_by("-at", "-pk")[50:100]
    assert _shown(second) == {e.pk for e in following}


def test_filters_narrow_by_person_kind_and_days(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    sam = demo["Sam"]
    url = f"/journal/?person={sam.pk}&kind=bid&since=2025-03-01&until=2025-03-31"
    html = owner_client.get(url).content.decode()
    expected = Event.objects.filter(
        relationship__person=sam, kind="bid", at__date__gte="2025-03-01", at__date__lte="2025-03-31"
    )
    assert expected.count() > 0
    assert f"{expected.count()} entries" in html or f"{expected.count()} entry" in html
    assert _shown(html) == {e.pk for e in expected.order_by("-at")[:50]}


def test_the_filters_answer_htmx_with_the_list_alone(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    html = owner_client.get("/journal/?kind=gratitude", HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<div id="entries">')


def test_days_in_the_wrong_order_are_explained(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    html = owner_client.get("/journal/?since=2025-05-01&until=2025-04-01").content.decode()
    assert "Choose a day after the first one." in html


def test_no_one_elses_entries_ever_show(
    owner_client: Client, demo: dict[str, Person], outsider: User
) -> None:
    secret = CoreEvent(
        at=datetime(2025, 5, 1, 12), by="Morgan", to="Sam", kind="talk", note="secret"
    )
    store.add_event("Sam", secret, owner=outsider)
    theirs = Event.objects.get(relationship__owner=outsider)
    html = owner_client.get("/journal/?kind=talk").content.decode()
    assert theirs.pk not in _shown(html)
    assert "secret" not in html
    assert owner_client.get(f"/events/{theirs.pk}/edit/").status_code == 404
    assert owner_client.post(f"/events/{theirs.pk}/delete/").status_code == 404
    assert Event.objects.filter(pk=theirs.pk).exists()


def test_an_entry_can_be_edited(owner_client: Client, demo: dict[str, Person]) -> None:
    gratitude = Event.objects.filter(relationship__person=demo["Sam"], kind="gratitude").first()
    assert gratitude is not None
    response = owner_client.post(
        f"/events/{gratitude.pk}/edit/",
        {"direction": "me", "kind": "gratitude", "note": "for the soup", "at": "2025-05-02T09:15"},
    )
    assert response.status_code == 302
    gratitude.refresh_from_db()
    assert (gratitude.note, gratitude.by_me) == ("for the soup", True)
    assert gratitude.at.strftime("%Y-%m-%d %H:%M") == "2025-05-02 09:15"


def test_a_reach_out_that_was_answered_cannot_be_deleted_and_says_why(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    answer = Event.objects.filter(relationship__person=demo["Sam"], kind="response").first()
    assert answer is not None
    bid = Event.objects.get(relationship__person=demo["Sam"], key=answer.ref)
    response = owner_client.post(f"/events/{bid.pk}/delete/", follow=True)
    assert Event.objects.filter(pk=bid.pk).exists()
    page = unescape(response.content.decode())
    assert answer.ref in page  # the message names the reach-out and what answers it


def test_an_entry_nothing_depends_on_is_deleted(
    owner_client: Client, demo: dict[str, Person]
) -> None:
    talk = Event.objects.filter(relationship__person=demo["Sam"], kind="talk").first()
    assert talk is not None
    assert owner_client.get(f"/events/{talk.pk}/delete/").status_code == 200
    owner_client.post(f"/events/{talk.pk}/delete/")
    assert not Event.objects.filter(pk=talk.pk).exists()


def test_entries_name_what_they_answer_in_words_never_by_ledger_id(
    owner_client: Client, owner: User
) -> None:
    at = datetime(2025, 3, 3, 18, 30)
    store.add_event("Sam", CoreEvent(at, by="Sam", to="Alex", kind="bid"), owner=owner, new=True)
    store.add_event(
        "Sam",
        CoreEvent(at, by="Alex", to="Sam", kind="response", ref="bid-1", value="toward"),
        owner=owner,
    )
    html = unescape(owner_client.get("/journal/").content.decode())
    assert "turned toward · answers Sam's reach-out" in html
    assert "bid-1" not in html
    later = CoreEvent(datetime(2025, 3, 4, 9, 15), by="Sam", to="Alex", kind="bid", note="a photo")
    store.add_event("Sam", later, owner=owner)
    sam = Person.objects.get(owner=owner, name="Sam")
    form = unescape(
        owner_client.get(f"/log/?person={sam.pk}&kind=response&direction=me").content.decode()
    )
    assert '<option value="bid-2">4 Mar, 09:15 reaching out: a photo</option>' in form
