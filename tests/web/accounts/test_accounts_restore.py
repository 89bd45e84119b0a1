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
from twoway.web.accounts.portability import export_account, parse_export, restore_account
from twoway.web.ledger import store
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
    assert (exported["format"], exported["schema"]) == ("twoway-account", 2)
    people = {p["name"]: p for p in exported["ledger"]["people"]}
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
        json.dumps(row, ensure_ascii=False) + "\n" for row in data["ledger"]["people"][-1]["events"]
    )
    assert data["ledger"]["people"][-1]["name"] == "Sam"
    assert lines == dumps(relationship_ledger(rel), "jsonl")
    # offsets, days alone and extra columns come through as written
    rows = data["ledger"]["people"][-1]["events"]
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
    assert again["ledger"] == export_account(alex)["ledger"]
    assert again["manifest"] == exported["manifest"]
    assert (result.added("people"), result.present("people")) == (4, 0)
    assert result.added("events") == EventRow.objects.filter(relationship__owner=alex).count()
    assert (result.present("events"), result.added("assessments")) == (0, 3)


def test_restoring_the_same_export_twice_adds_nothing_the_second_time(
    exported: dict[str, Any], newcomer: User
) -> None:
    restore_account(newcomer, exported)
    before = stored(newcomer)
    again = restore_account(newcomer, exported)
    assert stored(newcomer) == before
    assert (again.added("people"), again.added("events"), again.added("assessments")) == (0, 0, 0)
    assert again.present("events") == before[1]
    assert again.present("assessments") == before[2]


def test_a_restore_reports_its_progress_in_events_checked(
    exported: dict[str, Any], newcomer: User
) -> None:
    heard: list[tuple[str, int, int]] = []
    restore_account(newcomer, exported, progress=lambda *p: heard.append(p))
    total = sum(len(p["events"]) for p in exported["ledger"]["people"])
    assert heard[-1] == ("Restored", total, total)
    done = [d for _, d, _ in heard]
    assert done == sorted(done)
    assert all(t == total for _, _, t in heard)


def test_a_restore_leaves_the_people_already_there_and_adds_the_rest(
    alex: User, exported: dict[str, Any]
) -> None:
    Person.objects.get(owner=alex, name="Robin").delete()
    result = restore_account(alex, exported)
    assert result.added("people") == 1
    assert result.added("events") == len(
        next(p for p in exported["ledger"]["people"] if p["name"] == "Robin")["events"]
    )


def broken(exported: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(exported)
    change(data)
    return data


def set_row(data: dict[str, Any], i: int, j: int, **fields: Any) -> None:
    data["ledger"]["people"][i]["events"][j].update(fields)


def person(data: dict[str, Any], i: int) -> dict[str, Any]:
    return data["ledger"]["people"][i]


BROKEN: list[tuple[str, Any, str]] = [
    ("a bad time", lambda d: set_row(d, 2, 14, at="2024-13-45"), "ledger.people[2].events[14], field `at`"),
    ("a bad kind", lambda d: set_row(d, 0, 3, kind="shrug"), "ledger.people[0].events[3], field `kind`"),
    ("a third person", lambda d: set_row(d, 3, 0, by="Jo"), "ledger.people[3].events: a ledger is one relationship between Alex and Sam, but it names 3: Jo (ledger.people[3].events[0])"),
    ("a nested value", lambda d: set_row(d, 3, 5, note=["a", "b"]), "ledger.people[3].events[5], field `note`"),
    ("a row that is not an object", lambda d: person(d, 2)["events"].__setitem__(2, [1]),
     "ledger.people[2].events[2]: expected a JSON object"),
    ("a missing name", lambda d: person(d, 1).pop("me_name"), "ledger.people[1]: `me_name` is missing"),
    ("a bad kind of relationship", lambda d: person(d, 3).update(kind="rival"), "ledger.people[3]: unknown kind"),
    ("a bad assessment day", lambda d: person(d, 3)["assessments"][1].update(taken_on="soon"),
     "ledger.people[3].assessments[1].taken_on"),
    ("a bad answer", lambda d: person(d, 3)["assessments"][0]["answers"].update(energy=9),
     "ledger.people[3].assessments[0].answers"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "place"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_export_names_the_place_and_stores_nothing(
    exported: dict[str, Any], newcomer: User, change: Any, place: str
) -> None:
    assert [p["name"] for p in exported["ledger"]["people"]] == ["Jordan", "Kim", "Robin", "Sam"]
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
        ('{"format": "twoway-account", "schema": 3, "people": []}', "made by a newer twoway"),
        ('{"format": "twoway-account", "schema": "1", "people": []}', "`schema` is '1'"),
        ('{"format": "twoway-account", "schema": 1}', "`people`: expected a list, got null"),
        (
            '{"format": "twoway-account", "schema": 1, "people": [3]}',
            "ledger.people[0]: expected an object",
        ),
        (
            '{"format": "twoway-account", "schema": 1, "people": [{"name": "Sam", "kind": '
            '"friend", "me_name": "Alex", "events": {}, "assessments": []}]}',
            "ledger.people[0].events: expected a list, got an object",
        ),
    ],
)
def test_reading_an_export_says_what_is_wrong_with_its_shape(text: str, said: str) -> None:
    with pytest.raises(TwowayError, match=None) as caught:
        parse_export(text)
    assert said in str(caught.value)


def test_an_empty_account_exports_and_restores(alex: User, newcomer: User) -> None:
    data = parse_export(json.dumps(export_account(alex)))
    assert data["ledger"]["people"] == []
    assert restore_account(newcomer, data).as_json() == {"restored": [], "notes": []}


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
    assert [e["note"] for e in export_account(newcomer)["ledger"]["people"][0]["events"]] == notes


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda d: person(d, 3)["events"].pop(),
            "this export is not whole: its manifest lists 4 people, ",
        ),
        (
            lambda d: d["manifest"]["ledger"].update(assessments=9),
            "9 self-assessments, 0 moment reviews in `ledger`, but it holds 4 people",
        ),
        (lambda d: d.update(letters={}), "this export holds `letters`, which this twoway does not"),
        (lambda d: d.pop("manifest"), "`manifest`: expected an object, got null"),
        (lambda d: d.update(schema=3), "made by a newer twoway; update this one first"),
    ],
    ids=["a row cut off", "a count changed", "a part unknown here", "no manifest", "newer"],
)
def test_a_file_that_is_not_whole_or_is_newer_is_refused_in_one_sentence_and_nothing_is_stored(
    exported: dict[str, Any], newcomer: User, change: Any, said: str
) -> None:
    with pytest.raises(TwowayError) as caught:
        restore_account(newcomer, broken(exported, change))
    assert said in str(caught.value)
    assert "\n" not in str(caught.value)
    assert stored(newcomer) == (0, 0, 0)


def test_an_export_of_schema_1_still_restores_with_its_together_block(newcomer: User) -> None:
    old = {
        "format": "twoway-account",
        "schema": 1,
        "exported_at": "2025-06-01T09:00:00+00:00",
        "people": [
            {
                "name": "Sam",
                "kind": "partner",
                "me_name": "Alex",
                "events": [{"at": "2025-05-01T18:30:00", "by": "Alex", "to": "Sam", "kind": "talk"}],
                "assessments": [],
                "together": {
                    "shared_rows": [0],
                    "rituals": [
                        {"cadence": "weekly", "weekdays": "7", "week_of_month": 1,
                         "at_time": "19:00:00", "time_zone": "UTC", "active": True}
                    ],
                    "checkins": [
                        {"cadence": "weekly", "period": "2025-05-05", "started_by_me": True,
                         "answers": {"win": "a walk"}, "shared": True}
                    ],
                    "i_statements": [
                        {"feeling": "tired", "situation": "x", "need": "y", "sentence": "I feel",
                         "created": "2025-05-02T10:00:00+00:00"}
                    ],
                    "role_reversals": [{"situation": "the move", "my_side": "Sam's view"}],
                },
            }
        ],
    }  # fmt: skip
    result = restore_account(newcomer, parse_export(json.dumps(old)))
    assert {r.item: r.added for r in result.items if r.added} == {
        "people": 1,
        "events": 1,
        "rituals": 1,
        "checkins": 1,
        "parts": 1,
        "i_statements": 1,
        "role_reversals": 1,
        "sides": 1,
    }
    assert len(result.notes) == 1  # the shared entry came back private
    again = export_account(newcomer)
    assert again["schema"] == 2
    assert again["rituals"]["checkins"][0]["part"]["answers"] == {"win": "a walk"}
    assert again["practices"]["role_reversals"][0]["my_side"] == "Sam's view"


def test_an_export_from_before_the_kinder_scale_keeps_each_answers_meaning(
    alex: User, exported: dict[str, Any], newcomer: User
) -> None:
    # Written before questions 3 and 6 were turned round: 5 meant "nearly always me" and
    # "almost always explaining"; the old reverse-scoring gave these answers 40.6.
    old = {"energy": 4, "count_on": 2, "hard_talks": 5, "repair": 3, "showed_up": 4,
           "explaining": 4, "plans": 2, "heard": 3}  # fmt: skip
    data = copy.deepcopy(exported)
    for p in data["ledger"]["people"]:
        for a in p["assessments"]:
            a["answers"] = dict(old)
    restore_account(newcomer, data)
    saved = Assessment.objects.filter(relationship__owner=newcomer)
    assert saved.exists()
    for a in saved:
        assert (a.answers["hard_talks_both"], a.answers["needs_met"]) == (1, 2)
        assert "hard_talks" not in a.answers
        assert a.score == 40.6
