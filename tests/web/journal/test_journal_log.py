"""The log form: an entry in a few taps, through the store, with the ledger's rules."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client

from twoway.web.ledger.models import Event, Person


def _sam(client: Client, owner: User) -> Person:
    client.post("/people/new/", {"name": "Sam", "kind": "friend", "me_name": "Alex"})
    return Person.objects.get(name="Sam", owner=owner)


def test_without_anyone_yet_the_log_form_asks_to_add_a_person_first(
    owner_client: Client, owner: User
) -> None:
    response = owner_client.get("/log/")
    assert response["Location"] == "/people/new/"


def test_logging_support_stores_a_ledger_event_by_you(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    response = owner_client.post(
        "/log/",
        {
            "person": sam.pk,
            "direction": "me",
            "kind": "support",
            "style": "listen",
            "note": "heard",
        },
    )
    assert response.status_code == 302
    (event,) = Event.objects.filter(relationship__person=sam)
    assert (event.kind, event.value, event.by_me, event.note) == (
        "support",
        "listen",
        True,
        "heard",
    )


def test_with_htmx_the_form_comes_back_ready_for_the_next_entry(
    owner_client: Client, owner: User
) -> None:
    sam = _sam(owner_client, owner)
    response = owner_client.post(
        "/log/",
        {"person": sam.pk, "direction": "them", "kind": "gratitude", "note": "thanked me"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, swapped into the page
    assert "Logged: thanks, by Sam." in html
    assert "thanked me" in html  # in the list of what was just logged
    assert re.search(r'value="them"[^>]*checked', html)  # the direction is kept for the next one
    assert Event.objects.get(relationship__person=sam).by_me is False


def test_time_together_needs_the_energy_and_nothing_is_stored_without_it(
    owner_client: Client, owner: User
) -> None:
    sam = _sam(owner_client, owner)
    response = owner_client.post(
        "/log/", {"person": sam.pk, "direction": "me", "kind": "together"}, HTTP_HX_REQUEST="true"
    )
    assert "Choose how you felt afterwards." in response.content.decode()
    assert not Event.objects.exists()


def test_a_response_answers_one_of_their_open_reach_outs(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    owner_client.post(
        "/log/", {"person": sam.pk, "direction": "them", "kind": "bid", "note": "photo"}
    )
    owner_client.post("/log/", {"person": sam.pk, "direction": "me", "kind": "bid", "note": "mine"})
    theirs = Event.objects.get(kind="bid", by_me=False)
    mine = Event.objects.get(kind="bid", by_me=True)
    fields = owner_client.get(
        f"/log/?person={sam.pk}&direction=me&kind=response", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'value="{theirs.key}"' in fields
    assert f'value="{mine.key}"' not in fields  # you do not answer your own reach-out
    owner_client.post(
        "/log/",
        {
            "person": sam.pk,
            "direction": "me",
            "kind": "response",
            "response": "toward",
            "ref": theirs.key,
        },
    )
    answer = Event.objects.get(kind="response")
    assert (answer.ref, answer.value, answer.by_me) == (theirs.key, "toward", True)
    fields = owner_client.get(
        f"/log/?person={sam.pk}&direction=me&kind=response", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'value="{theirs.key}"' not in fields  # answered: no longer open


def test_a_time_given_is_kept_as_the_wall_clock_time(owner_client: Client, owner: User) -> None:
    sam = _sam(owner_client, owner)
    owner_client.post(
        "/log/",
        {"person": sam.pk, "direction": "me", "kind": "talk", "at": "2025-03-01T18:30"},
    )
    event = Event.objects.get()
    assert event.at.strftime("%Y-%m-%d %H:%M") == "2025-03-01 18:30"


def test_the_form_offers_only_your_own_people(
    owner_client: Client, outsider: User, owner: User
) -> None:
    _sam(owner_client, owner)
    theirs = Person.objects.get(owner=outsider)
    html = owner_client.get("/log/").content.decode()
    assert f'value="{theirs.pk}"' not in html
    response = owner_client.post("/log/", {"person": theirs.pk, "direction": "me", "kind": "talk"})
    assert response.status_code == 400
    assert not Event.objects.filter(relationship__person=theirs).exists()
