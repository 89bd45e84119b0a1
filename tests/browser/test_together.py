"""Two people, two browsers: Ana invites Ben, Ben accepts, both log, and they check in together.

Each side has its own browser context (its own cookies), at the same size. The
whole journey goes through the pages a person would click: the invitation's
link is read off Ana's screen and opened in Ben's browser.
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.harness import PASSWORD, Shot
from tests.browser.test_journey import _sign_up
from twoway.web.ledger.models import Event, Person
from twoway.web.rituals.models import CheckIn, CheckInPart

PRIVATE_NOTE = "wondering if I always plan our weekends"
SHARED_NOTE = "cooked dinner after Ben's long shift"


def _add_person(page: Page, name: str, me: str) -> None:
    page.goto(reverse("person_new"))
    page.get_by_label("Their name").fill(name)
    page.get_by_label("Your name in this relationship").fill(me)
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log what happened")


def _log(page: Page, way: str, kind: str, note: str, *, private: bool = False) -> None:
    page.goto(reverse("log"))
    page.get_by_role("radio", name=way, exact=True).check()
    page.get_by_role("radio", name=kind, exact=True).check()
    if private:
        page.get_by_role("radio", name="Only me").check()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status").filter(has_text="Logged:")).to_be_visible()


def _together(page: Page, person: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="People").click()
    row = page.locator("ul.people > li").filter(
        has=page.get_by_role("link", name=person, exact=True)
    )
    row.get_by_role("link", name="Together").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Together with {person}")


def test_two_accounts_link_log_see_the_gap_and_check_in_together(
    page: Page, second_page: Page, shot: Shot, device: str
) -> None:
    ana, ben = page, second_page
    ana_name, ben_name = f"ana-{device}", f"ben-{device}"

    # Ana keeps a journal about Ben and invites him.
    _sign_up(ana, ana_name)
    _add_person(ana, "Ben", "Ana")
    _together(ana, "Ben")
    ana.get_by_role("button", name="Invite Ben").click()
    link = ana.locator("#invite-link").inner_text().strip()
    assert re.search(r"/together/join/[A-Z0-9-]+/$", link), link
    shot(ana, "together-invite")

    # Ben opens the link, has no account yet: signs up and comes straight back.
    ben.goto(link)
    expect(ben).to_have_url(re.compile(r"/account/login/\?next="))
    ben.get_by_role("main").get_by_role("link", name="Create one").click()
    ben.get_by_label("User name").fill(ben_name)
    ben.get_by_label("Password", exact=True).fill(PASSWORD)
    ben.get_by_label("Password again").fill(PASSWORD)
    ben.get_by_role("button", name="Create my account").click()
    expect(ben.get_by_role("heading", level=1)).to_have_text(f"Link with {ana_name}")
    shot(ben, "together-accept")
    ben.get_by_role("button", name="Link", exact=True).click()
    expect(ben.get_by_role("heading", level=1)).to_have_text("Together with Ana")
    expect(ben.get_by_role("heading", name=f"Linked with {ana_name}")).to_be_visible()

    # Both log from their own side: Ana one private and one shared entry, Ben what he received.
    _log(ana, "I gave", "Support", PRIVATE_NOTE, private=True)
    _log(ana, "I gave", "Support", SHARED_NOTE)
    _log(ben, "I received", "Support", "Ana made dinner, I felt looked after")
    _log(ben, "I gave", "Support", "listened to Ana about her sister")
    shot(ana, "together-log")
    notes = dict(
        Event.objects.filter(relationship__owner__username=ana_name).values_list("note", "shared")
    )
    assert notes == {PRIVATE_NOTE: False, SHARED_NOTE: True}

    # Ben's journal shows what Ana shared, never her private note.
    ben.get_by_role("navigation").get_by_role("link", name="Journal").click()
    expect(ben.get_by_text(SHARED_NOTE)).to_be_visible()
    expect(ben.get_by_text(PRIVATE_NOTE)).to_have_count(0)
    assert PRIVATE_NOTE not in ben.content()
    shot(ben, "together-journal-partner")

    # The perception gap, from Ben's side: the dinner was noticed by both.
    _together(ben, "Ana")
    ben.get_by_role("link", name=re.compile("given and noticed", re.I)).first.click()
    expect(ben.get_by_role("heading", level=1)).to_have_text("Given and noticed")
    expect(ben.locator("figure svg").first).to_be_visible()
    both = ben.get_by_role("list", name="Noticed by both")
    expect(both).to_contain_text(SHARED_NOTE)  # Ana's note beside Ben's
    expect(both).to_contain_text("Ana made dinner")
    assert PRIVATE_NOTE not in ben.content()
    viewport = ben.viewport_size
    assert viewport is not None
    assert ben.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shot(ben, "together-gap")

    # Ana schedules the weekly check-in and starts it; both fill in their part.
    _together(ana, "Ben")
    ana.get_by_role("link", name="Set up your rituals").click()
    weekly = ana.get_by_role("region", name="Weekly reciprocity check-in")
    weekly.get_by_label("On", exact=True).check()
    weekly.get_by_label("Sunday").check()
    weekly.get_by_role("button", name="Save the weekly ritual").click()
    _together(ana, "Ben")
    ana.get_by_role("button", name="Start the weekly check-in").click()
    ana.get_by_label("A moment this week when you felt supported").fill("Ben listened on Tuesday")
    ana.get_by_label("Somewhere you would like more care").fill("planning the weekends together")
    shot(ana, "together-checkin-form")
    ana.get_by_role("button", name="Save my part").click()
    expect(ana.get_by_text("Ben listened on Tuesday")).to_be_visible()

    _together(ben, "Ana")
    expect(ben.get_by_text(re.compile(r"Ana.*started|started by Ana", re.I)).first).to_be_visible()
    ben.get_by_role("link", name="Fill in your part").click()
    ben.get_by_label("A moment this week when you felt supported").fill("dinner after my shift")
    ben.get_by_role("button", name="Save my part").click()
    expect(ben.get_by_text("dinner after my shift")).to_be_visible()
    expect(ben.get_by_text("Ben listened on Tuesday")).to_be_visible()  # Ana's shared part
    shot(ben, "together-checkin-both")

    (checkin,) = CheckIn.objects.filter(home__owner__username__in=[ana_name, ben_name])
    assert checkin.cadence == "weekly"
    assert checkin.started_by is not None
    assert checkin.started_by.owner.username == ana_name
    assert CheckInPart.objects.filter(checkin=checkin).count() == 2
    ben_person = Person.objects.get(owner__username=ben_name)
    kinds = set(
        Event.objects.filter(relationship__person=ben_person).values_list("kind", flat=True)
    )
    assert {"checkin", "gratitude", "support"} <= kinds
