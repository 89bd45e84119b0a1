"""A newcomer's journey in a real browser, on a desktop and on a phone.

Sign up, add a person, log a few things (the form is swapped in place by HTMX,
the page never reloads), read the report and its chart, import a ledger file
(a real background job) and see it in the report.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.harness import PASSWORD, Shot
from twoway.web.ledger.models import Event, Person

LEDGER = Path(__file__).parents[1] / "data" / "ledgers" / "alex-sam.csv"


def _sign_up(page: Page, username: str) -> None:
    page.goto(reverse("signup"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password confirmation|Password again|Confirm", re.I)).fill(
        PASSWORD
    )
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your people")


def test_sign_up_add_someone_log_and_read_the_report(page: Page, shot: Shot, device: str) -> None:
    _sign_up(page, f"robin-{device}")
    page.get_by_label("Their name").fill("Sam")
    page.get_by_label("Your name in this relationship").fill("Robin")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log what happened")

    # HTMX swaps the form in place: a marker set on the page survives every entry.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("radio", name="I did it, for them").check()
    page.get_by_role("radio", name="Support", exact=True).check()
    page.get_by_role("radio", name="Listen", exact=True).check()
    page.get_by_label("Note").fill("heard them out about the move")
    shot(page, "log-form")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status").filter(has_text="Logged: support")).to_be_visible()

    page.get_by_role("radio", name="They did it, for me").check()
    page.get_by_role("radio", name="Time together").check()
    expect(page.get_by_text("Energy afterwards")).to_be_visible()  # the fields that fit the kind
    page.get_by_role("radio", name="+2 energized").check()
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status").filter(has_text="Logged: time together")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    sam = Person.objects.get(name="Sam", owner__username=f"robin-{device}")
    kinds = sorted(Event.objects.filter(relationship__person=sam).values_list("kind", flat=True))
    assert kinds == ["support", "together"]
    shot(page, "logged")

    page.get_by_role("navigation").get_by_role("link", name="People").click()
    page.get_by_role("link", name="Report").first.click()
    expect(page.get_by_role("heading", name="Balance of support", exact=True)).to_be_visible()
    chart = page.locator("figure.chart svg").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 200
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shot(page, "report-new")


def test_import_a_ledger_and_see_it_in_the_report(
    signed_in_page: Page, shot: Shot, device: str
) -> None:
    page = signed_in_page
    page.get_by_role("navigation").get_by_role("link", name="Import").click()
    page.get_by_label("File").set_input_files(str(LEDGER))
    page.get_by_label("Whose ledger it goes into").fill("Sam")
    page.get_by_label("Which name is you").fill("Alex")
    shot(page, "import-form")
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/import/\d+/$"))
    # The background job runs in a real worker: here, one pass of django-tasks' db_worker.
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    link = page.get_by_role("link", name="See the report on Sam")
    expect(link).to_be_visible(timeout=15_000)  # the page polls until the job is done
    shot(page, "import-done")
    link.click()
    expect(page.get_by_role("heading", name="Balance of support", exact=True)).to_be_visible()
    expect(page.locator("figure.chart svg").first).to_be_visible()
    shot(page, "report-imported")
    stored = Event.objects.filter(
        relationship__person__name="Sam", relationship__owner__username="alex"
    )
    assert stored.count() == sum(1 for _ in LEDGER.open(encoding="utf-8")) - 1


def test_the_journal_filters_and_an_entry_is_edited(signed_in_page: Page, shot: Shot) -> None:
    page = signed_in_page
    page.goto(reverse("person_new"))
    page.get_by_label("Their name").fill("Kim")
    page.get_by_label("Your name in this relationship").fill("Alex")
    page.get_by_role("button", name="Add").click()
    for note in ("first coffee", "second coffee"):
        page.get_by_role("radio", name="Talk", exact=True).check()
        page.get_by_label("Note").fill(note)
        page.get_by_role("button", name="Log it").click()
        # The note in the list of what was just logged: this entry's save, not the last one's.
        expect(page.get_by_text(note, exact=True)).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Journal").click()
    page.wait_for_load_state("load")  # HTMX listens for the change once its script ran
    page.get_by_label("Kind").select_option("talk")
    # The filtered list is in place once its address is pushed: before that, "2 entries"
    # and the Edit links may still be the unfiltered list's, about to be swapped out.
    expect(page).to_have_url(re.compile(r"kind=talk"))
    expect(page.locator("#entries")).to_contain_text("2 entries")
    page.locator("#entries").get_by_role("link", name="Edit").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit")
    page.get_by_label("Note").fill("second coffee, by the river")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("second coffee, by the river")).to_be_visible()
    shot(page, "journal")
