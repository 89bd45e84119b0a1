"""The log form's idempotency key: an entry sent again (a phone's offline queue retrying after
a lost answer) is stored once; the queue asks for JSON and gets the outcome in a sentence."""

from __future__ import annotations

import threading

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.concurrency import WAIT, at_once, browser
from tests.web.conftest import make_couple
from twoway.web.ledger.models import Event, Person

KEY = "3f2a9c1e0b7d4e6fa1b2c3d4e5f60718"


def _sam(client: Client, owner: User) -> Person:
    client.post("/people/new/", {"name": "Sam", "kind": "friend", "me_name": "Alex"})
    return Person.objects.get(name="Sam", owner=owner)


def _entry(sam: Person, **more: str) -> dict[str, object]:
    return {
        "person": sam.pk,
        "direction": "me",
        "kind": "support",
        "style": "listen",
        "note": "walked to the station",
        **more,
    }


def test_the_same_key_twice_stores_the_entry_once(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    first = owner_client.post("/log/", _entry(sam, client_key=KEY))
    again = owner_client.post("/log/", _entry(sam, client_key=KEY))
    assert (first.status_code, again.status_code) == (302, 302)
    (event,) = Event.objects.filter(relationship__person=sam)
    assert event.client_key == KEY


def test_two_identical_entries_without_a_key_are_two_entries(
    owner_client: Client, owner: User
) -> None:
    """Two hugs on one day are two entries: only the key says "this is a retry"."""
    sam = _sam(owner_client, owner)
    owner_client.post("/log/", _entry(sam, at="2024-03-01T12:00"))
    owner_client.post("/log/", _entry(sam, at="2024-03-01T12:00"))
    assert Event.objects.filter(relationship__person=sam).count() == 2


def test_different_keys_are_different_entries(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    owner_client.post("/log/", _entry(sam, client_key=KEY))
    owner_client.post("/log/", _entry(sam, client_key=KEY[::-1]))
    assert Event.objects.filter(relationship__person=sam).count() == 2


def test_the_queue_gets_json_created_then_replayed(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    json = {"HTTP_ACCEPT": "application/json"}
    first = owner_client.post("/log/", _entry(sam, client_key=KEY), **json)
    again = owner_client.post("/log/", _entry(sam, client_key=KEY), **json)
    assert first.status_code == 201
    assert first.json() == {
        "saved": True,
        "said": "Logged: support, you for Sam.",
        "replayed": False,
    }
    assert again.status_code == 200
    assert again.json()["replayed"] is True
    assert Event.objects.filter(relationship__person=sam).count() == 1


def test_a_refused_entry_answers_json_naming_the_field(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    response = owner_client.post(
        "/log/",
        _entry(sam, kind="together", client_key=KEY),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "detail": "Energy afterwards: Choose how you felt afterwards.",
    }
    assert not Event.objects.filter(relationship__person=sam).exists()


def test_a_malformed_key_is_refused_and_nothing_is_stored(
    owner_client: Client, owner: User
) -> None:
    sam = _sam(owner_client, owner)
    response = owner_client.post(
        "/log/", _entry(sam, client_key="not a key!"), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert not Event.objects.filter(relationship__person=sam).exists()


def test_the_log_form_carries_an_empty_key_for_the_page_script_to_fill(
    owner_client: Client, owner: User
) -> None:
    _sam(owner_client, owner)
    html = owner_client.get("/log/").content.decode()
    assert 'name="client_key"' in html
    assert "data-client-key" in html
    assert "data-offline-queue" in html


def test_two_retries_at_the_same_moment_store_one_entry(committed_db: None) -> None:
    """Sent twice at once (a queue flushed from two tabs): the relationship's lock serialises
    them and the second finds the first's key."""
    couple = make_couple()
    rel = couple.ana_side
    barrier = threading.Barrier(2)
    data = {
        "person": rel.person_id,
        "direction": "me",
        "kind": "support",
        "style": "help",
        "client_key": KEY,
    }

    def send(client: Client) -> int:
        barrier.wait(WAIT)
        return client.post(reverse("log"), data, HTTP_ACCEPT="application/json").status_code

    statuses = at_once(lambda: send(browser(rel)), lambda: send(browser(rel)))
    assert sorted(statuses) == [200, 201]
    assert Event.objects.filter(relationship=rel, client_key=KEY).count() == 1
