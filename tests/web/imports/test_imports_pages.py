"""The import page and a job's page: who may see them, what the form refuses, how the page polls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.imports.imports_helpers import CHATS, LEDGERS, last_job
from twoway.web.imports.forms import MAX_BYTES
from twoway.web.imports.models import ImportJob

LEDGER = LEDGERS / "store-alex-sam.csv"


def job_of(user: User, **fields: Any) -> ImportJob:
    values: dict[str, Any] = {"kind": "ledger", "filename": "sam.csv", "options": {"person": "Sam"}}
    return ImportJob.objects.create(owner=user, **{**values, **fields})


@pytest.mark.parametrize("name", ["import", "import_job"])
def test_anonymous_visitors_are_sent_to_log_in(client: Client, owner: User, name: str) -> None:
    url = reverse(name, args=[job_of(owner).pk] if name == "import_job" else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("htmx", [False, True])
def test_someone_elses_job_is_not_found(owner_client: Client, outsider: User, htmx: bool) -> None:
    theirs = job_of(outsider, filename="private.csv")
    headers = {"HX-Request": "true"} if htmx else {}
    response = owner_client.get(reverse("import_job", args=[theirs.pk]), headers=headers)
    assert response.status_code == 404
    assert "private.csv" not in response.content.decode()
    missing = owner_client.get(reverse("import_job", args=[theirs.pk + 1000]))
    assert missing.status_code == 404


def test_the_import_page_lists_only_your_own_recent_imports(
    owner_client: Client, owner: User, outsider: User
) -> None:
    job_of(owner, filename="mine.csv")
    job_of(outsider, filename="theirs.csv")
    page = owner_client.get(reverse("import")).content.decode()
    assert "mine.csv" in page
    assert "theirs.csv" not in page
    assert 'enctype="multipart/form-data"' in page
    assert 'aria-current="page">Import' in page


def test_the_people_you_have_are_offered_as_the_person(
    owner_client: Client, owner: User, outsider: User
) -> None:
    from twoway.web.ledger.models import Person

    Person.objects.create(owner=owner, name="Jordan")
    Person.objects.create(owner=outsider, name="Robin")
    page = owner_client.get(reverse("import")).content.decode()
    assert '<option value="Jordan">' in page
    assert "Robin" not in page


def test_a_waiting_job_asks_for_itself_every_second_and_htmx_gets_only_the_status(
    owner_client: Client, owner: User
) -> None:
    job = job_of(owner)
    url = reverse("import_job", args=[job.pk])
    page = owner_client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert "Waiting to start" in page
    partial = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="import-status"')
    assert "<html" not in partial


def test_a_ledger_needs_to_know_whose_it_is(upload: Callable[..., Any], owner: User) -> None:
    response = upload(LEDGER)
    assert response.status_code == 400
    assert "This is a ledger: say whose ledger it goes into" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_twoway_cannot_read_is_refused_at_once(
    upload: Callable[..., Any], owner: User
) -> None:
    response = upload(content=b"\x89PNG\r\n\x1a\n not a ledger", name="photo.png", person="Sam")
    page = response.content.decode()
    assert response.status_code == 400
    assert "photo.png: twoway cannot tell what this file is." in page
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    owner_client: Client, owner: User
) -> None:
    response = owner_client.post(
        reverse("import"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(MAX_BYTES + 2**20),
    )
    page = response.content.decode()
    assert response.status_code == 413
    assert "the largest file you can import here is 50 MB" in page
    assert not ImportJob.objects.exists()


def test_the_choices_made_are_kept_for_the_job(upload: Callable[..., Any], owner: User) -> None:
    upload(
        CHATS / "whatsapp" / "alex-sam.txt",
        person=" Sam ",
        me="Alex",
        relation="friend",
        date_order="dmy",
        tz="Europe/Paris",
    )
    job = last_job(owner)
    assert job.kind == "chat"
    assert job.options == {
        "person": "Sam",
        "me": "Alex",
        "relation": "friend",
        "new": False,
        "format": "auto",
        "date_order": "dmy",
        "chat": "",
        "tz": "Europe/Paris",
        "gap": 6.0,
        "same": "",
    }


def test_an_account_export_needs_no_person(upload: Callable[..., Any], owner: User) -> None:
    export = b'{"format": "twoway-account", "schema": 1, "people": []}'
    response = upload(content=export, name="twoway-account.json")
    assert response.status_code == 302
    assert (last_job(owner).kind, last_job(owner).options) == ("account", {})


def test_a_job_waiting_long_says_a_worker_may_not_be_running(
    owner_client: Client, owner: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    job = job_of(owner)
    url = reverse("import_job", args=[job.pk])
    assert "twoway worker" not in owner_client.get(url).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(created=timezone.now() - timedelta(minutes=1))
    assert "start one with <code>twoway worker</code>" in owner_client.get(url).content.decode()


def test_a_few_imports_at_most_wait_at_once(upload: Callable[..., Any], owner: User) -> None:
    for _ in range(3):
        assert upload(LEDGER, person="Sam").status_code == 302
    response = upload(LEDGER, person="Sam")
    assert response.status_code == 429
    assert "You have 3 imports waiting or under way" in response.content.decode()
    assert ImportJob.objects.count() == 3
