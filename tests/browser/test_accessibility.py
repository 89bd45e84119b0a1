"""Every page, checked by axe-core for WCAG 2 A and AA problems, at desktop and phone width.

axe-core is fetched from the npm registry with its checksum by `make install`
(`python -m twoway.web.assets --tests`); it is run through the DevTools
protocol, so the pages keep their strict Content-Security-Policy.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from twoway.core.events import Event as CoreEvent
from twoway.simulate import demo_ledgers
from twoway.web.assets import TEST_ASSETS, TEST_VENDOR, missing
from twoway.web.ledger import store
from twoway.web.ledger.models import Event, Person, Relationship
from twoway.web.practices.models import IStatement, RoleReversal
from twoway.web.rituals import checkins
from twoway.web.rituals.schedules import save_ritual
from twoway.web.together import access, linking

#: Problems that block or seriously hinder someone: these fail the test.
BLOCKING = {"serious", "critical"}


def axe_problems(page: Page) -> list[str]:
    """What axe-core finds on the page, as readable lines."""
    if missing(TEST_VENDOR, TEST_ASSETS):
        pytest.fail("axe-core is missing: run `python -m twoway.web.assets --tests`", pytrace=False)
    page.evaluate((TEST_VENDOR / "axe.min.js").read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})"
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def test_the_public_pages_have_no_serious_accessibility_problem(page: Page) -> None:
    problems = {}
    for name in ("home", "login", "signup", "password_reset"):
        page.goto(reverse(name))
        problems[name] = axe_problems(page)
    assert problems == {name: [] for name in problems}


def test_the_signed_in_pages_have_no_serious_accessibility_problem(
    signed_in_page: Page, alex: Any
) -> None:
    page = signed_in_page
    for name, (kind, ledger) in demo_ledgers(date(2025, 6, 1)).items():
        store.import_ledger(name, ledger, me=ledger.other(name), kind=kind, new=True, owner=alex)
    sam = Person.objects.get(owner=alex, name="Sam")
    event = Event.objects.filter(relationship__person=sam).first()
    assert event is not None
    urls = [
        reverse("people"),
        reverse("log"),
        reverse("journal"),
        reverse("report", args=[sam.pk]),
        reverse("assess", args=[sam.pk]),
        reverse("person", args=[sam.pk]),
        reverse("event_edit", args=[event.pk]),
        reverse("import"),
        reverse("account"),
        reverse("api_tokens"),
    ]
    problems = {}
    for url in urls:
        page.goto(url)
        problems[url] = axe_problems(page)
    assert problems == {url: [] for url in urls}


def test_the_pages_of_two_linked_people_have_no_serious_accessibility_problem(
    signed_in_page: Page, alex: Any, django_user_model: Any
) -> None:
    """Together, the gap, rituals, a check-in, the practices and the calendar, all filled in."""
    page = signed_in_page
    sam_user = django_user_model.objects.create_user(username="sam", password="x")
    day = datetime(2025, 5, 2, 19)
    for owner, person, me in ((alex, "Sam", "Alex"), (sam_user, "Alex", "Sam")):
        for kind, by in (("support", me), ("gratitude", me), ("support", person)):
            event = CoreEvent(at=day, by=by, to=person if by == me else me, kind=kind, note="x")
            store.add_event(person, event, owner=owner, kind="partner", new=True)
    mine = Relationship.objects.get(owner=alex)
    linking.link(mine, Relationship.objects.get(owner=sam_user))
    save_ritual(
        mine,
        "weekly",
        active=True,
        weekdays=(7,),
        week_of_month=1,
        at_time=time(19),
        time_zone="UTC",
    )
    checkin, _ = checkins.start(mine, "weekly")
    checkins.save_part(mine, checkin, {"supported": "the walk", "attention": "sleep"}, shared=True)
    exercise = RoleReversal.objects.create(home=access.home(mine), situation="the holiday plans")
    IStatement.objects.create(
        relationship=mine, feeling="tired", situation="s", need="n", sentence="I feel tired."
    )
    pk = mine.person.pk
    urls = [
        reverse("together", args=[pk]),
        reverse("gap", args=[pk]),
        reverse("rituals", args=[pk]),
        reverse("checkin", args=[pk, checkin.pk]),
        reverse("gratitude", args=[pk]),
        reverse("i_statements", args=[pk]),
        reverse("role_reversal", args=[pk]),
        reverse("role_reversal_detail", args=[pk, exercise.pk]),
        reverse("unlink", args=[pk]),
        reverse("calendar"),
        reverse("join"),
        reverse("account_email"),
        f"{reverse('log')}?person={pk}",
        f"{reverse('journal')}?person={pk}",
    ]
    problems = {}
    for url in urls:
        page.goto(url)
        problems[url] = axe_problems(page)
    assert problems == {url: [] for url in urls}
