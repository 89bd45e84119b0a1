"""Uploads carried out by the real worker: what ends up stored, and what the job says."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.imports.imports_helpers import CHATS, LEDGERS, last_job, run_worker
from twoway.chats import read_chat
from twoway.chats.analysis import prepare_chat
from twoway.files import load_ledger
from twoway.web.accounts.portability import export_account
from twoway.web.imports.models import ImportJob
from twoway.web.imports.tasks import UNEXPECTED, import_file
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Person

LEDGER = LEDGERS / "store-alex-sam.csv"  # 12 rows between Alex and Sam, two of them identical
BROKEN = LEDGERS / "store-bad-row.csv"  # line 4 has the date 2024-03-0x
WHATSAPP = CHATS / "whatsapp" / "alex-sam.txt"


def stored(owner: User) -> list[tuple[Any, ...]]:
    """The owner's events as comparable content (no ids, no relationship)."""
    fields = ("at", "offset_minutes", "date_only", "by_me", "kind", "key", "ref", "value", "note")
    rows = Event.objects.filter(relationship__owner=owner).order_by("at", "fingerprint")
    return [(*(getattr(e, f) for f in fields), e.extra, e.fingerprint) for e in rows]


def test_an_uploaded_ledger_is_stored_by_the_worker_as_the_store_would_store_it(
    upload: Callable[..., Any], owner: User, outsider: User
) -> None:
    response = upload(LEDGER, person="Sam", relation="partner")
    job = last_job(owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("import_job", args=[job.pk])
    assert (job.kind, job.state, job.filename) == ("ledger", "queued", "store-alex-sam.csv")

    run_worker()

    job = last_job(owner)
    assert job.state == "done", job.error
    assert job.result["added"] == 12
    assert (job.result["present"], job.result["skipped"]) == (0, 0)
    store.import_ledger("Sam", load_ledger(LEDGER), kind="partner", owner=outsider)
    assert stored(owner) == stored(outsider)
    sam = Person.objects.get(owner=owner)
    assert (sam.name, sam.relationship.kind, sam.relationship.me_name) == ("Sam", "partner", "Alex")


def test_the_job_page_shows_what_was_added_with_links_to_the_report_and_journal(
    upload: Callable[..., Any], owner: User, owner_client: Client
) -> None:
    upload(LEDGER, person="Sam")
    run_worker()
    job = last_job(owner)
    page = owner_client.get(reverse("import_job", args=[job.pk])).content.decode()
    sam = Person.objects.get(owner=owner)
    assert "Imported into Sam’s ledger:" in page
    assert "12 events added, 0 already there" in page
    assert "Sam was added to your people; you are Alex in this ledger." in page
    assert reverse("report", args=[sam.pk]) in page
    assert f"{reverse('journal')}?person={sam.pk}" in page
    assert "hx-trigger" not in page  # done: the page stops asking


def test_the_same_file_again_adds_nothing(upload: Callable[..., Any], owner: User) -> None:
    upload(LEDGER, person="Sam")
    run_worker()
    upload(LEDGER, person="sam")
    run_worker()
    job = last_job(owner)
    assert job.state == "done", job.error
    assert (job.result["added"], job.result["present"]) == (0, 12)
    assert Event.objects.filter(relationship__owner=owner).count() == 12


def test_the_uploaded_file_is_dropped_once_the_job_ends(
    upload: Callable[..., Any], owner: User
) -> None:
    upload(LEDGER, person="Sam")
    assert bytes(last_job(owner).data) == LEDGER.read_bytes()
    run_worker()
    job = last_job(owner)
    assert bytes(job.data) == b""
    assert job.started is not None
    assert job.finished is not None


def test_a_whatsapp_chat_becomes_bids_and_responses_in_the_persons_ledger(
    upload: Callable[..., Any], owner: User
) -> None:
    upload(WHATSAPP, person="Sam", relation="friend")
    job = last_job(owner)
    assert job.kind == "chat"
    run_worker()
    job = last_job(owner)
    assert job.state == "done", job.error
    expected = prepare_chat([read_chat(WHATSAPP.read_bytes(), WHATSAPP.name)]).ledger()
    kinds = list(Event.objects.filter(relationship__owner=owner).values_list("kind", flat=True))
    assert len(kinds) == len(expected) == job.result["added"]
    assert {"bid", "response"} <= set(kinds)
    assert job.result["me"] == "Alex"
    assert job.result["messages"] > 0
    assert job.result["conversations"] > 0


def test_a_chat_names_who_is_you_as_import_chat_does(
    upload: Callable[..., Any], owner: User, owner_client: Client
) -> None:
    # Neither participant is called "Samantha": as with `twoway import-chat`, say who you are.
    upload(WHATSAPP, person="Samantha")
    run_worker()
    job = last_job(owner)
    assert job.state == "failed"
    assert "neither is 'Samantha'" in job.error
    page = owner_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert job.result["error"]["code"] == "which_me"
    assert "--me" not in page  # no command-line flag on a web page,
    assert "Say which name is you under “Which name is you”" in page  # the form's field instead
    upload(WHATSAPP, person="Samantha", me="alex")
    run_worker()
    job = last_job(owner)
    assert job.state == "done", job.error
    assert (job.result["person"], job.result["me"]) == ("Samantha", "Alex")


def test_a_broken_file_fails_naming_the_line_and_stores_nothing(
    upload: Callable[..., Any], owner: User, owner_client: Client
) -> None:
    upload(BROKEN, person="Sam")
    run_worker()
    job = last_job(owner)
    assert job.state == "failed"
    assert job.error.startswith("store-bad-row.csv, line 4, field `at`:")
    assert not Person.objects.filter(owner=owner).exists()
    assert not Event.objects.exists()
    page = owner_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "This file was not imported." in page
    assert "Nothing from it was stored." in page
    assert "line 4, field `at`" in page


def test_bad_rows_can_be_skipped_and_are_listed(
    upload: Callable[..., Any], owner: User, owner_client: Client
) -> None:
    upload(BROKEN, person="Sam", skip_bad="on")
    run_worker()
    job = last_job(owner)
    assert job.state == "done", job.error
    assert (job.result["added"], job.result["skipped"]) == (3, 1)
    assert job.result["skipped_rows"][0]["line"] == 4
    page = owner_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "1 row skipped" in page
    assert "line 4, field <code>at</code>" in page


def test_an_account_export_restores_its_people_events_and_assessments(
    upload: Callable[..., Any], owner: User, outsider: User, owner_client: Client
) -> None:
    import json

    store.import_ledger("Sam", load_ledger(LEDGER), kind="partner", owner=outsider)
    export = json.dumps(export_account(outsider)).encode()
    upload(content=export, name="twoway-account.json")
    job = last_job(owner)
    assert job.kind == "account"
    run_worker()
    job = last_job(owner)
    assert job.state == "done", job.error
    assert job.result["added"] == 12
    assert {r["item"]: r["added"] for r in job.result["restored"]} == {"people": 1, "events": 12}
    assert stored(owner) == stored(outsider)
    page = owner_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "1 person added" in page
    assert "12 events added" in page


def test_an_unexpected_failure_is_recorded_kindly_and_logged(
    owner: User, owner_client: Client, caplog: Any
) -> None:
    # Options no form makes (no person): a bug, not something in the file.
    job = ImportJob.objects.create(
        owner=owner, kind="ledger", filename="x.csv", data=LEDGER.read_bytes(), options={}
    )
    import_file.enqueue(job.pk)
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", UNEXPECTED)
    assert "failed unexpectedly" in caplog.text
    page = owner_client.get(reverse("import_job", args=[job.pk])).content.decode()
    assert "Traceback" not in page
    assert "KeyError" not in page


def test_names_said_to_be_one_person_on_the_form_become_one(
    upload: Callable[..., Any], owner: User
) -> None:
    chat = (
        b"13/03/2021, 10:00 - ~ Sam: hi\n13/03/2021, 10:01 - Alex: hey\n"
        b"14/03/2021, 18:00 - Sam: back on my own phone\n14/03/2021, 18:05 - Alex: welcome\n"
    )
    response = upload(content=chat, name="chat.txt", person="Sam", me="Alex", same="oops")
    assert response.status_code == 400
    assert "two names joined by “=”" in response.content.decode()
    upload(content=chat, name="chat.txt", person="Sam", me="Alex", same="~ Sam=Sam")
    run_worker()
    job = last_job(owner)
    assert job.state == "done", job.error
    assert job.result["messages"] == 4
    assert any("read as one person" in note for note in job.result["notes"])
