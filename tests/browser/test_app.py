"""The installable phone app (PWA) in Chromium: logging offline, installability, logging out.

Playwright's offline mode cuts the page and its service worker from the network,
as a phone without signal is; the entries logged meanwhile wait on the device and
are sent, each once, when the network is back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Playwright, expect

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEVICES,
    PASSWORD,
    USERNAME,
    Shot,
    Watch,
    origin,
)
from twoway.web.ledger.models import Event, Person, Relationship

PHONE = pytest.mark.parametrize("device", ["phone"], indirect=True)


def _sam(alex: Any) -> Person:
    sam = Person.objects.create(owner=alex, name="Sam")
    Relationship.objects.create(owner=alex, person=sam, kind="friend", me_name="Alex")
    return sam


def _controlled_log_form(page: Page) -> None:
    """Open the log form with the service worker in control, so it has kept the form."""
    page.goto(reverse("log"))
    # (wait_for_function would evaluate a string, which the strict policy forbids)
    state = page.evaluate(
        """async () => {
            const late = new Promise((resolve) => setTimeout(resolve, 20000, "late"));
            const ready = navigator.serviceWorker.ready.then(() => "active");
            return await Promise.race([ready, late]);
        }"""
    )
    assert state == "active", "the service worker never became active"
    # A page opened once the worker is active is always in its hands (one opened while it
    # was still activating may not be): this visit goes through it, and it keeps the form.
    page.reload()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")


def _log(page: Page, note: str) -> None:
    page.get_by_role("radio", name="I did it, for them").check()
    page.get_by_role("radio", name="Support", exact=True).check()
    page.get_by_role("radio", name="Listen", exact=True).check()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Log it").click()


@PHONE
def test_entries_logged_offline_wait_on_the_phone_and_arrive_once_when_back_online(
    signed_in_page: Page, alex: Any, shot: Shot
) -> None:
    page = signed_in_page
    sam = _sam(alex)
    _controlled_log_form(page)

    page.context.set_offline(True)
    _log(page, "walked them to the station")
    expect(page.get_by_role("status").filter(has_text="Kept on this device")).to_be_visible()
    _log(page, "cooked on their long day")
    queue = page.locator("#offline-queue")
    expect(queue.get_by_role("heading")).to_have_text("2 entries waiting to send")
    expect(queue.get_by_role("listitem")).to_have_count(2)
    assert not Event.objects.filter(relationship__person=sam).exists()

    # The app opens without a network: the kept log form, with what waits.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log what happened")
    expect(queue.get_by_role("heading")).to_have_text("2 entries waiting to send")
    shot(page, "app-offline-waiting")

    page.context.set_offline(False)
    expect(page.get_by_role("status").filter(has_text="2 entries sent.")).to_be_visible()
    expect(queue).to_be_hidden()
    notes = sorted(Event.objects.filter(relationship__person=sam).values_list("note", flat=True))
    assert notes == ["cooked on their long day", "walked them to the station"]

    page.goto(reverse("journal"))
    expect(page.get_by_text("walked them to the station")).to_have_count(1)
    expect(page.get_by_text("cooked on their long day")).to_have_count(1)
    shot(page, "app-sent-journal")


@PHONE
def test_an_entry_whose_answer_was_lost_is_not_stored_twice(
    signed_in_page: Page, alex: Any
) -> None:
    """The server stored the entry but the phone never heard: sent again, it is not added."""
    page = signed_in_page
    sam = _sam(alex)
    _controlled_log_form(page)
    key = page.locator("input[name=client_key]").input_value()
    assert len(key) == 32
    # The same entry, as the queue would send it again: same fields, same key.
    for _ in range(2):
        status = page.evaluate(
            """async ([key, person]) => {
                const body = new URLSearchParams({person, direction: "me", kind: "support",
                    style: "help", note: "fixed the bike", client_key: key});
                const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
                const r = await fetch("/log/", {method: "POST", body,
                    headers: {Accept: "application/json", "X-CSRFToken": token.slice(10)}});
                return r.status;
            }""",
            [key, str(sam.pk)],
        )
        assert status in (200, 201)
    assert Event.objects.filter(relationship__person=sam, note="fixed the bike").count() == 1


def test_chromium_finds_the_app_installable(
    playwright: Playwright, live_server: Any, alex: Any, tmp_path: Path
) -> None:
    """In a real (not private) browser profile, as on a phone: no manifest error, and nothing
    that keeps Chromium from offering to install the app."""
    _sam(alex)
    watch = Watch(origin=origin(live_server.url))
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        base_url=live_server.url,
        **DEVICES["phone"],
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.on("console", watch.on_console)
        page.on("pageerror", watch.on_exception)
        page.goto(reverse("login"))
        page.locator("input[name=username]").fill(USERNAME)
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        _controlled_log_form(page)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest")
        assert manifest["errors"] == []
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
    finally:
        context.close()
    assert watch.problems() == []


@PHONE
def test_logging_out_empties_the_queue_and_what_the_app_kept(
    signed_in_page: Page, alex: Any, watch: Watch
) -> None:
    page = signed_in_page
    _sam(alex)
    _controlled_log_form(page)
    # An entry the server refused (its person is gone) stays on the device, waiting.
    page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open("twoway", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("waiting", {keyPath: "key"});
            open.onsuccess = () => {
                const tx = open.result.transaction("waiting", "readwrite");
                tx.objectStore("waiting").put({key: "0123456789abcdef", made: 1,
                    fields: [["person", "999999"], ["direction", "me"], ["kind", "support"]],
                    summary: "Support, with someone removed", when: "2024-03-01 12:00"});
                tx.oncomplete = () => { open.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
            };
        })"""
    )
    page.goto(reverse("account"))
    queue = page.locator("#offline-queue")
    expect(queue.get_by_text("Not sent:")).to_be_visible()
    expect(queue.get_by_role("heading")).to_have_text("1 entry waiting to send")
    assert page.evaluate("caches.keys()") != []
    # The refused send is logged by Chromium as a failed request: expected here.
    assert all("400" in line for line in watch.console), watch.console
    watch.clear()

    page.once("dialog", lambda dialog: dialog.accept())  # "1 entry is still waiting …"
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    left = page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("twoway", 1);
            open.onupgradeneeded = () => open.result.createObjectStore("waiting", {keyPath: "key"});
            open.onsuccess = () => {
                const request = open.result.transaction("waiting").objectStore("waiting").count();
                request.onsuccess = () => { open.result.close(); resolve(request.result); };
            };
        })"""
    )
    assert left == 0
    assert page.evaluate("caches.keys()") == []
