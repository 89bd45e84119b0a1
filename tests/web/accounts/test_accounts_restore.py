"""Export a whole account and restore it: the same ledgers, nothing twice, nothing half-done."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User

from twoway.core.events import Event
from twoway.core.ledger import dumps
from twoway.errors import TwowayError
from twoway.web.ledger import store
from twoway.web.ledger.account import export_account, parse_export, restore_account
from twoway.web.ledger.models import Assessment, Person, Relationship
from twoway.web.ledger.models import Event as EventRow
from twoway.web.ledger.store import relationship_ledger


@pytest.fixture
def exported(alex: User, fill_account: Callable[[User], None]) -> dict[str, Any]:
    fill_account(alex)
    # Through text, as a downloaded file comes back.
    return parse_export(json.dumps(export_account(alex), ensure_ascii=False))


@pytest.fixture
def newcomer(db: None, django_user_model: type[User]) -> User:
    return django_user_model.objects.create(username="newcomer")  # no password: never logs in


def ledgers(owner: User) -> dict[str, tuple[str, str, str]]:
    """Each person's kind, your name, and ledger as `twoway export --format jsonl` writes it."""
    return {
        rel.person.name: (rel.kind, rel.me_name, dumps(relationship_ledger(rel), "jsonl"))
        for rel in Relationship.objects.filter(owner=owner).select_related("person")
    }


def stored(owner: User) -> tuple[int, int, int]:
    return (
        Person.objects.filter(owner=owner).count(),
        EventRow.objects.filter(relationship__owner=owner).count(),
        Assessment.objects.filter(relationship__owner=owner).count(),
    )


def test_the_export_holds_every_person_with_ledger_rows_and_assessments(
    exported: dict[str, Any],
) -> None:
    assert (exported["format"], exported["schema"]) == ("twoway-account", 1)
    people = {p["name"]: p for p in exported["people"]}
    assert sorted(people) == ["Jordan", "Kim", "Robin", "Sam"]
    sam = people["Sam"]
    assert (sam["kind"], sam["me_name"], len(sam["events"])) == ("partner", "Alex", 12)
    assert [a["taken_on"] for a in sam["assessments"]] == ["2025-03-01", "2025-04-01"]
    assert people["Kim"]["events"] == []
    assert len(people["Kim"]["assessments"]) == 1


def test_the_event_rows_are_the_ledger_rows_twoway_export_writes(
    alex: User, fill_account: Callable[[User], None]
) -> None:
    fill_account(alex)
    data = export_account(alex)
    rel = Relationship.objects.get(owner=alex, person__name="Sam")
    lines = "".join(
        json.dumps(row, ensure_ascii=False) + "\n" for row in data["people"][-1]["events"]
    )
    assert data["people"][-1]["name"] == "Sam"
    assert lines == dumps(relationship_ledger(rel), "jsonl")
    # offsets, days alone and extra columns come through as written
    rows = data["people"][-1]["events"]
    assert {"at": "2024-03-02", "by": "Sam", "to": "Alex", "kind": "bid", "id": "b1",
            "note": "asked to go for a walk", "mood": "tired"} in rows  # fmt: skip
    assert any(r["at"] == "2024-03-02T20:15:00+01:00" for r in rows)


def test_restoring_into_a_new_user_gives_the_same_ledgers_byte_for_byte(
    alex: User, exported: dict[str, Any], newcomer: User
) -> None:
    result = restore_account(newcomer, exported)
    assert ledgers(newcomer) == ledgers(alex)
    assert stored(newcomer) == stored(alex)
    again = export_account(newcomer)
    assert again["people"] == export_account(alex)["people"]
    assert (result.people, result.created_people) == (4, 4)
    assert result.events_added == EventRow.objects.filter(relationship__owner=alex).count()
    assert (result.events_present, result.assessments_added) == (0, 3)


def test_restoring_the_same_export_twice_adds_nothing_the_second_time(
    exported: dict[str, Any], newcomer: User
) -> None:
    restore_account(newcomer, exported)
    before = stored(newcomer)
    again = restore_account(newcomer, exported)
    assert stored(newcomer) == before
    assert (again.created_people, again.events_added, again.assessments_added) == (0, 0, 0)
    assert again.events_present == before[1]
    assert again.assessments_present == before[2]


def test_a_restore_reports_its_progress_in_events_checked(
    exported: dict[str, Any], newcomer: User
) -> None:
    heard: list[tuple[str, int, int]] = []
    restore_account(newcomer, exported, progress=lambda *p: heard.append(p))
    total = sum(len(p["events"]) for p in exported["people"])
    assert heard[-1] == ("Restored", total, total)
    done = [d for _, d, _ in heard]
    assert done == sorted(done)
    assert all(t == total for _, _, t in heard)


def test_a_restore_leaves_the_people_already_there_and_adds_the_rest(
    alex: User, exported: dict[str, Any]
) -> None:
    Person.objects.get(owner=alex, name="Robin").delete()
    result = restore_account(alex, exported)
    assert result.created_people == 1
    assert result.events_added == len(
        next(p for p in exported["people"] if p["name"] == "Robin")["events"]
    )


def broken(exported: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(exported)
    change(data)
    return data


def set_row(data: dict[str, Any], i: int, j: int, **fields: Any) -> None:
    data["people"][i]["events"][j].update(fields)


BROKEN: list[tuple[str, Any, str]] = [
    ("a bad time", lambda d: set_row(d, 2, 14, at="2024-13-45"), "people[2].events[14], field `at`"),
    ("a bad kind", lambda d: set_row(d, 0, 3, kind="shrug"), "people[0].events[3], field `kind`"),
    ("a third person", lambda d: set_row(d, 3, 0, by="Jo"), "people[3].events: a ledger is one relationship between Alex and Sam, but it names 3: Jo (people[3].events[0])"),
    ("a nested value", lambda d: set_row(d, 3, 5, note=["a", "b"]), "people[3].events[5], field `note`"),
    ("a row that is not an object", lambda d: d["people"][2]["events"].__setitem__(2, [1]),
     "people[2].events[2]: expected a JSON object"),
    ("a missing name", lambda d: d["people"][1].pop("me_name"), "people[1]: `me_name` is missing"),
    ("a bad kind of relationship", lambda d: d["people"][3].update(kind="rival"), "people[3]: unknown kind"),
    ("a bad assessment day", lambda d: d["people"][3]["assessments"][1].update(taken_on="soon"),
     "people[3].assessments[1].taken_on"),
    ("a bad answer", lambda d: d["people"][3]["assessments"][0]["answers"].update(energy=9),
     "people[3].assessments[0].answers"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "place"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_export_names_the_place_and_stores_nothing(
    exported: dict[str, Any], newcomer: User, change: Any, place: str
) -> None:
    assert [p["name"] for p in exported["people"]] == ["Jordan", "Kim", "Robin", "Sam"]
    with pytest.raises(TwowayError) as caught:
        restore_account(newcomer, broken(exported, change))
    assert str(caught.value).startswith(place), str(caught.value)
    assert stored(newcomer) == (0, 0, 0)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"format": "twoway-account", "schema": 1, "people": [}', "it is not JSON"),
        ("[]", "expected a JSON object, got a list"),
        ('{"at": "2024-03-01", "by": "Alex", "kind": "talk"}', "`format` is None"),
        ('{"format": "twoway-account", "schema": 2, "people": []}', "made by a newer twoway"),
        ('{"format": "twoway-account", "schema": "1", "people": []}', "`schema` is '1'"),
        ('{"format": "twoway-account", "schema": 1}', "`people`: expected a list, got null"),
        (
            '{"format": "twoway-account", "schema": 1, "people": [3]}',
            "people[0]: expected an object",
        ),
        (
            '{"format": "twoway-account", "schema": 1, "people": [{"name": "Sam", "kind": '
            '"friend", "me_name": "Alex", "events": {}, "assessments": []}]}',
            "people[0].events: expected a list, got an object",
        ),
    ],
)
def test_reading_an_export_says_what_is_wrong_with_its_shape(text: str, said: str) -> None:
    with pytest.raises(TwowayError, match=None) as caught:
        parse_export(text)
    assert said in str(caught.value)


def test_an_empty_account_exports_and_restores(alex: User, newcomer: User) -> None:
    data = parse_export(json.dumps(export_account(alex)))
    assert data["people"] == []
    assert restore_account(newcomer, data).people == 0


def test_notes_with_unusual_line_breaks_and_any_script_come_back_unchanged(
    alex: User, newcomer: User
) -> None:
    notes = ["two\u2028lines", "form\x0cfeed", "next\x85line", "日本語 and émoji 🌱", 'a "quote"\n']
    for n, note in enumerate(notes, start=1):
        store.add_event(
            "Sam", Event(datetime(2025, 1, n, 9), "Alex", "talk", to="Sam", note=note), owner=alex
        )
    restore_account(newcomer, parse_export(json.dumps(export_account(alex))))
    assert ledgers(newcomer) == ledgers(alex)
    assert [e["note"] for e in export_account(newcomer)["people"][0]["events"]] == notes
