"""Adding single events, finding people, deleting them, and keeping assessments."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from twoway.cli.errors import words
from twoway.core.events import Event
from twoway.core.ledger import dumps
from twoway.errors import TwowayError
from twoway.files import load_ledger
from twoway.web.ledger.models import Assessment, Person, Relationship
from twoway.web.ledger.models import Event as EventRow

LEDGERS = Path(__file__).parents[1] / "data" / "ledgers"
AT = datetime(2024, 3, 1, 18, 30)


def test_an_event_for_someone_new_adds_them(store: ModuleType) -> None:
    logged = store.add_event("Sam", Event(AT, by="me", to="Sam", kind="talk", note="work"))
    assert (logged.person, logged.me_name, logged.created_person) == ("Sam", "me", True)
    assert [(p.name, p.kind, p.events, p.last_event) for p in store.people()] == [
        ("Sam", "other", 1, AT)
    ]


def test_kinds_that_need_an_id_get_one(store: ModuleType) -> None:
    first = store.add_event("Sam", Event(AT, by="Sam", kind="bid", note="a photo"))
    second = store.add_event("Sam", Event(AT, by="Sam", kind="bid"))
    assert (first.event.id, second.event.id) == ("bid-1", "bid-2")
    store.add_event("Sam", Event(AT, by="me", kind="response", ref="bid-1", value="toward"))
    assert store.ledger_for("Sam").frame["kind"].to_list() == ["bid", "bid", "response"]


def test_a_dangling_ref_is_refused_and_nothing_is_stored(store: ModuleType) -> None:
    with pytest.raises(TwowayError, match="not logged: no bid with id 'bid-9' in this ledger"):
        store.add_event("Sam", Event(AT, by="me", kind="response", ref="bid-9", value="toward"))
    assert not EventRow.objects.exists()
    assert not Person.objects.exists()


def test_a_response_must_come_from_the_other_side(store: ModuleType) -> None:
    store.add_event("Sam", Event(AT, by="Sam", kind="bid"))
    with pytest.raises(TwowayError, match="not logged: a response comes from the other person"):
        store.add_event("Sam", Event(AT, by="Sam", kind="response", ref="bid-1", value="away"))
    assert EventRow.objects.count() == 1


def test_an_id_already_used_is_refused(store: ModuleType) -> None:
    store.add_event("Sam", Event(AT, by="me", kind="need", id="n1"))
    with pytest.raises(TwowayError, match="the id 'n1' is already used in Sam's ledger"):
        store.add_event("Sam", Event(AT, by="me", kind="boundary", id="n1"))


def test_a_name_that_is_neither_side_is_refused(store: ModuleType) -> None:
    store.add_event("Sam", Event(AT, by="me", kind="talk"))
    with pytest.raises(TwowayError, match="between me and Sam; 'Jo' is neither"):
        store.add_event("Sam", Event(AT, by="Jo", kind="talk"))


def test_the_same_event_twice_is_stored_twice(store: ModuleType) -> None:
    hug = Event(AT, by="me", kind="support", value="comfort")
    store.add_event("Sam", hug)
    store.add_event("Sam", hug)
    assert EventRow.objects.count() == 2


def test_logged_events_are_not_added_again_by_importing_their_export(
    store: ModuleType, tmp_path: Path
) -> None:
    store.add_event("Sam", Event(AT, by="me", kind="support", value="listen", note="the move"))
    store.add_event("Sam", Event(AT, by="me", kind="support", value="listen", note="the move"))
    store.add_event("Sam", Event(AT, by="Sam", kind="bid"))
    path = tmp_path / "sam.csv"
    path.write_text(dumps(store.export_ledger("Sam")), encoding="utf-8")
    result = store.import_ledger("Sam", load_ledger(path))
    assert (result.added, result.present) == (0, 3)


def test_your_name_carries_over_to_the_next_person(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(LEDGERS / "store-alex-sam.csv"))
    assert store.default_me_name() == "Alex"
    logged = store.add_event("Jo", Event(AT, by="Jo", to=store.default_me_name(), kind="talk"))
    assert logged.me_name == "Alex"


def test_an_unknown_person_in_an_empty_store_says_how_to_add_one(store: ModuleType) -> None:
    with pytest.raises(TwowayError, match="no one in your store yet") as caught:
        store.ledger_for("Sam")
    assert (caught.value.code, caught.value.fields["name"]) == ("empty_store", "Sam")
    assert "twoway import ledger.csv --person Sam" in words(caught.value)  # the CLI says how


def test_an_unknown_person_lists_who_is_known(store: ModuleType) -> None:
    store.add_event("Sam", Event(AT, by="me", kind="talk"))
    store.add_event("Jo", Event(AT, by="me", kind="talk"))
    with pytest.raises(
        TwowayError, match=r"no one called 'Sma'.* Did you mean Sam\? People: Jo, Sam"
    ):
        store.ledger_for("Sma")


def test_people_are_found_whatever_the_case(store: ModuleType) -> None:
    store.add_event("Sam", Event(AT, by="me", kind="talk"))
    assert store.find_person("SAM") == "Sam"
    assert store.me_name_for("sam") == "me"
    assert len(store.ledger_for("sAm")) == 1


def test_an_empty_ledger_still_has_its_two_people(store: ModuleType) -> None:
    store.save_assessment("Sam", dict.fromkeys(KEYS, 3), date(2024, 3, 1))
    ledger = store.ledger_for("Sam")
    assert (len(ledger), set(ledger.people)) == (0, {"me", "Sam"})


def test_deleting_a_person_removes_every_row_of_theirs(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(LEDGERS / "store-alex-sam.csv"))
    store.save_assessment("Sam", dict.fromkeys(KEYS, 4), date(2024, 3, 1))
    store.add_event("Jo", Event(AT, by="Alex", kind="talk"))
    gone = store.delete_person("sam")
    assert (gone.person, gone.events, gone.assessments) == ("Sam", 12, 1)
    assert list(Person.objects.values_list("name", flat=True)) == ["Jo"]
    assert Relationship.objects.count() == 1
    assert EventRow.objects.count() == 1
    assert not Assessment.objects.exists()
    with pytest.raises(TwowayError, match="no one called 'Sam'"):
        store.delete_person("Sam")


KEYS = (
    "energy",
    "count_on",
    "hard_talks_both",
    "repair",
    "showed_up",
    "needs_met",
    "plans",
    "heard",
)


def test_assessments_are_stored_with_their_date_and_score(store: ModuleType) -> None:
    store.save_assessment("Sam", dict.fromkeys(KEYS, 3), date(2024, 3, 1))
    answers = dict.fromkeys(KEYS, 5)
    store.save_assessment("Sam", answers, date(2024, 2, 1))
    saved = store.assessments("Sam")
    assert [(a.taken_on, a.score) for a in saved] == [
        (date(2024, 2, 1), 100.0),
        (date(2024, 3, 1), 50.0),
    ]
    assert saved[0].answers == answers


def test_a_bad_answer_stores_nothing(store: ModuleType) -> None:
    with pytest.raises(TwowayError, match="question 2 \\(count_on"):
        store.save_assessment("Sam", {**dict.fromkeys(KEYS, 3), "count_on": 9}, date(2024, 3, 1))
    assert not Person.objects.exists()
