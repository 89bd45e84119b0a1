"""Importing ledgers into the store: idempotent, all or nothing, and clear about who is who."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from twoway.core.ledger import dumps, evidence_keys, parse_ledger
from twoway.errors import BadRow, TwowayError
from twoway.files import load_ledger
from twoway.web.ledger.models import Event, Person

LEDGERS = Path(__file__).parents[1] / "data" / "ledgers"
FIRST = LEDGERS / "store-alex-sam.csv"  # 12 rows, two of them identical
NEWER = LEDGERS / "store-alex-sam-newer.jsonl"  # the same 12 and 3 more


def test_importing_the_same_file_twice_adds_nothing_twice(store: ModuleType) -> None:
    ledger = load_ledger(FIRST)
    first = store.import_ledger("Sam", ledger, kind="partner")
    again = store.import_ledger("Sam", ledger)
    assert (first.added, first.present) == (12, 0)
    assert (again.added, again.present) == (0, 12)
    assert Event.objects.count() == 12


def test_identical_rows_in_one_file_are_both_kept(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(FIRST))
    boxes = Event.objects.filter(note="carried boxes, all morning")
    assert boxes.count() == 2
    assert len({e.fingerprint for e in boxes}) == 2


def test_a_newer_overlapping_export_adds_only_what_is_new(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(FIRST))
    result = store.import_ledger("Sam", load_ledger(NEWER))
    assert (result.added, result.present) == (3, 12)
    # the third "carried boxes" row is new: the newer file has it three times
    assert Event.objects.filter(note="carried boxes, all morning").count() == 3


def test_the_person_is_the_name_that_is_not_you(store: ModuleType) -> None:
    result = store.import_ledger("Sam", load_ledger(FIRST), kind="friend")
    assert (result.person, result.me_name, result.created_person) == ("Sam", "Alex", True)
    assert store.me_name_for("sam") == "Alex"
    assert Event.objects.filter(by_me=True).count() == 6


def test_me_can_be_named_and_must_be_in_the_file(store: ModuleType) -> None:
    ledger = load_ledger(FIRST)
    with pytest.raises(TwowayError, match="names Alex and Sam, not 'Jo'; which one is you"):
        store.import_ledger("Samuel", ledger, me="Jo")
    result = store.import_ledger("Samuel", ledger, me="alex")
    assert result.me_name == "Alex"


def test_a_file_naming_neither_the_person_nor_you_asks_which_one_is_you(
    store: ModuleType,
) -> None:
    with pytest.raises(TwowayError, match="neither is 'Robin': which one is you") as raised:
        store.import_ledger("Robin", load_ledger(FIRST))
    assert (raised.value.code, raised.value.option) == ("which_me", "me")
    assert not Person.objects.exists()


def test_a_bad_row_stops_the_import_before_anything_is_stored(store: ModuleType) -> None:
    with pytest.raises(BadRow, match=r"store-bad-row.csv, line 4, field `at`"):
        store.import_ledger("Sam", load_ledger(LEDGERS / "store-bad-row.csv"))
    assert not Person.objects.exists()
    assert not Event.objects.exists()


def test_skipped_rows_are_counted(store: ModuleType) -> None:
    ledger = load_ledger(LEDGERS / "store-bad-row.csv", skip_bad=True)
    result = store.import_ledger("Sam", ledger)
    assert (result.added, result.skipped) == (3, 1)


def test_an_import_that_fails_halfway_leaves_the_store_as_it_was(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(FIRST))
    before = list(Event.objects.values_list("pk", "fingerprint"))
    text = dumps(load_ledger(NEWER)).replace("asked to go for a walk", "asked to go out")
    changed = parse_ledger(text.encode(), "changed.csv")
    with pytest.raises(TwowayError, match=r"changed\.csv, line 3: the id 'b1' is already in Sam"):
        store.import_ledger("Sam", changed)
    assert list(Event.objects.values_list("pk", "fingerprint")) == before


def test_you_cannot_be_the_person(store: ModuleType) -> None:
    with pytest.raises(TwowayError, match="you and Sam cannot both be 'Sam'"):
        store.import_ledger("Sam", load_ledger(FIRST), me="Sam")
    assert not Person.objects.exists()


def test_a_name_like_a_stored_one_needs_new(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(FIRST))
    renamed = dumps(load_ledger(FIRST)).replace("Sam", "Sami")
    ledger = parse_ledger(renamed.encode(), "sami.csv")
    with pytest.raises(TwowayError, match="Did you mean Sam\\?") as raised:
        store.import_ledger("Sami", ledger)
    assert (raised.value.code, raised.value.fields["candidates"]) == ("maybe_new_person", ["Sam"])
    assert store.import_ledger("Sami", ledger, new=True).added == 12


def test_the_kind_of_relationship_can_be_changed_by_a_later_import(store: ModuleType) -> None:
    store.import_ledger("Sam", load_ledger(FIRST), kind="friend")
    store.import_ledger("Sam", load_ledger(FIRST), kind="partner")
    assert [p.kind for p in store.people()] == ["partner"]


def test_the_stored_ledger_reads_back_like_the_file(store: ModuleType) -> None:
    file = load_ledger(NEWER)
    store.import_ledger("Sam", file)
    stored = store.ledger_for("Sam")
    assert dumps(stored) == dumps(file)
    assert stored.people == file.people
    keys = evidence_keys(stored.frame, len(stored))
    assert "b1" in keys  # rows with an id keep it as their evidence key
    assert all(k.startswith("#") for k in keys if k not in {"b1", "b2", "c1", "n1"})


def test_a_long_import_reports_its_progress_to_the_end(store: ModuleType) -> None:
    from datetime import date

    from twoway.simulate import Phase, simulate

    ledger = simulate(
        [Phase(weeks=30, support=(10, 20))], end=date(2026, 6, 1), people=("Alex", "Sam")
    )
    heard: list[tuple[str, int, int]] = []
    result = store.import_ledger("Sam", ledger, me="Alex", progress=lambda *a: heard.append(a))
    stages = {stage: (done, total) for stage, done, total in heard}
    assert stages["Writing"] == (result.added, result.added)
    assert stages["Checking rows"][1] == len(ledger)
    assert [d for s, d, _ in heard if s == "Writing"] == sorted(
        d for s, d, _ in heard if s == "Writing"
    )
