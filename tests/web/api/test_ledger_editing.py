"""`twoway.web.ledger.editing`: changing and deleting stored rows under the ledger's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.contrib.auth.models import User

from tests.web.api.api_helpers import at, events_of
from twoway.core.events import Event as CoreEvent
from twoway.errors import TwowayError
from twoway.web.ledger import store
from twoway.web.ledger.editing import NotFound, delete_event, update_event, update_person
from twoway.web.ledger.models import Event, Person
from twoway.web.ledger.writing import fingerprint


def by_key(person: Person, key: str) -> Event:
    return Event.objects.get(relationship__person=person, key=key)


def by_kind(person: Person, kind: str) -> Event:
    return Event.objects.filter(relationship__person=person, kind=kind).earliest("at")


def test_a_change_is_saved_and_read_back_by_the_ledger(owner: User, sam: Person) -> None:
    talk = by_kind(sam, "talk")
    row = update_event(owner, talk.pk, {"note": "about the trip", "at": at(10, 9)})
    assert (row.note, row.at) == ("about the trip", at(10, 9).replace(tzinfo=UTC))
    ledger = store.relationship_ledger(sam.relationship)
    assert ledger.frame.filter(ledger.frame["kind"] == "talk")["note"].to_list() == [
        "about the trip"
    ]


def test_the_fingerprint_follows_the_content(owner: User, sam: Person) -> None:
    talk = by_kind(sam, "talk")
    row = update_event(owner, talk.pk, {"note": "new"})
    expected = fingerprint(
        by_me=False,
        at=at(9).isoformat(),
        kind="talk",
        key="",
        ref="",
        value="",
        note="new",
        extra={},
        occurrence=0,
    )
    assert row.fingerprint == expected != talk.fingerprint


def test_a_bad_value_is_refused_naming_the_field_and_nothing_changes(
    owner: User, sam: Person
) -> None:
    support = by_kind(sam, "support")
    with pytest.raises(TwowayError, match=r"not saved: a support expects .* \(`value`\)"):
        update_event(owner, support.pk, {"value": "shouting"})
    assert by_kind(sam, "support").value == "listen"


def test_changing_a_bids_id_that_a_response_answers_is_refused_naming_the_response(
    owner: User, sam: Person
) -> None:
    bid = by_key(sam, "bid-1")
    with pytest.raises(TwowayError) as caught:
        update_event(owner, bid.pk, {"key": "bid-9"})
    message = str(caught.value)
    response = by_kind(sam, "response")
    assert f"response #{response.pk} on 2024-03-01 refers to bid-1" in message
    assert "no bid with id 'bid-1'" in message
    assert by_key(sam, "bid-1").pk == bid.pk


def test_a_bid_turned_into_my_own_cannot_keep_my_response(owner: User, sam: Person) -> None:
    bid = by_key(sam, "bid-1")
    with pytest.raises(TwowayError, match="a response comes from the other person"):
        update_event(owner, bid.pk, {"by_me": True})


def test_an_id_in_use_is_refused(owner: User, sam: Person) -> None:
    need = by_key(sam, "need-1")
    with pytest.raises(TwowayError, match="the id 'bid-1' is already used in Sam's ledger"):
        update_event(owner, need.pk, {"key": "bid-1"})


def test_a_kind_that_needs_an_id_gets_one(owner: User, sam: Person) -> None:
    talk = by_kind(sam, "talk")
    assert update_event(owner, talk.pk, {"kind": "bid"}).key == "bid-2"


def test_an_aware_time_keeps_its_offset_and_its_wall_clock(owner: User, sam: Person) -> None:
    talk = by_kind(sam, "talk")
    when = datetime(2024, 3, 9, 18, 30, tzinfo=timezone(timedelta(hours=2)))
    row = update_event(owner, talk.pk, {"at": when})
    assert (row.at, row.offset_minutes) == (datetime(2024, 3, 9, 18, 30, tzinfo=UTC), 120)


def test_a_day_alone_drops_the_time_and_the_offset(owner: User, sam: Person) -> None:
    talk = by_kind(sam, "talk")
    row = update_event(owner, talk.pk, {"date_only": True, "offset_minutes": 60})
    assert (row.at.hour, row.date_only, row.offset_minutes) == (0, True, None)


def test_unknown_fields_are_refused(owner: User, sam: Person) -> None:
    with pytest.raises(TwowayError, match="cannot change relationship"):
        update_event(owner, by_kind(sam, "talk").pk, {"relationship": 1})


def test_someone_elses_event_is_not_found_like_a_missing_one(
    owner: User, sam: Person, theirs: Person
) -> None:
    other = by_kind(theirs, "talk")
    with pytest.raises(NotFound):
        update_event(owner, other.pk, {"note": "mine now"})
    with pytest.raises(NotFound):
        delete_event(owner, other.pk)
    with pytest.raises(NotFound):
        delete_event(owner, 10**9)
    assert Event.objects.get(pk=other.pk).note == ""


def test_deleting_an_answered_bid_is_refused_naming_its_answers(owner: User, sam: Person) -> None:
    bid = by_key(sam, "bid-1")
    response = by_kind(sam, "response")
    with pytest.raises(TwowayError) as caught:
        delete_event(owner, bid.pk)
    assert str(caught.value) == (
        f"bid bid-1 on 2024-03-01 cannot be deleted: response #{response.pk} on 2024-03-01 "
        "refers to it. Change or delete it first."
    )
    delete_event(owner, response.pk)
    delete_event(owner, bid.pk)
    assert [e.kind for e in events_of(sam)] == ["support", "support", "together", "need", "talk"]


def test_a_person_is_renamed_and_keeps_their_ledger(owner: User, sam: Person) -> None:
    update_person(owner, sam.pk, name="Samira", kind="partner", me_name="Lex")
    person = Person.objects.select_related("relationship").get(pk=sam.pk)
    assert (person.name, person.relationship.kind, person.relationship.me_name) == (
        "Samira",
        "partner",
        "Lex",
    )
    assert set(store.ledger_for("samira", owner).people) == {"Lex", "Samira"}
    assert len(store.ledger_for("Samira", owner)) == 7


def test_a_rename_to_a_name_in_use_or_to_your_own_is_refused(owner: User, sam: Person) -> None:
    store.add_event("Jo", CoreEvent(at(1), by="Alex", to="Jo", kind="talk"), owner=owner)
    with pytest.raises(TwowayError, match="someone called 'jo' is already in your people"):
        update_person(owner, sam.pk, name="jo")
    with pytest.raises(TwowayError, match="cannot both be called 'Alex'"):
        update_person(owner, sam.pk, name="Alex")
    with pytest.raises(TwowayError, match="unknown kind 'enemy'"):
        update_person(owner, sam.pk, kind="enemy")
    with pytest.raises(NotFound):
        update_person(owner, 10**9, name="X")
