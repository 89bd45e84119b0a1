"""The review list in a real browser, on a desktop and on a phone, by the keyboard alone.

Alex imports a chat (the real workflow, on a WhatsApp export written for this test),
opens the moments waiting for review and goes through them with keys: j and k move,
y confirms, n rejects, a digit changes the kind and s the style; then the one sure
moment left is confirmed with the button for them all. Every step is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.harness import Shot
from tests.web.journal.test_journal_moments import CHAT
from twoway.web.ledger.models import MomentReview, Person
from twoway.web.ledger.workflow import ImportOptions, import_chat


def focused(page: Page) -> str:
    """The id of the moment that has the focus ("" when none has it)."""
    return str(page.evaluate("document.activeElement.closest('li.moment')?.id || ''"))


def test_the_moments_are_reviewed_with_the_keyboard(
    signed_in_page: Page, alex: Any, shot: Shot, tmp_path: Path
) -> None:
    page = signed_in_page
    path = tmp_path / "WhatsApp Chat with Sam.txt"
    path.write_text(CHAT, encoding="utf-8")
    import_chat(alex, [path], "Sam", ImportOptions(me="Alex"))
    sam = Person.objects.get(owner=alex, name="Sam")
    page.goto(reverse("moments", args=[sam.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Moments to review")
    items = page.locator("li.moment")
    expect(items).to_have_count(6)
    ids = [items.nth(i).get_attribute("id") for i in range(6)]
    shot(page, "moments-list")

    page.keyboard.press("j")
    assert focused(page) == ids[0]
    page.keyboard.press("j")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("k")
    assert focused(page) == ids[1]
    page.keyboard.press("k")
    assert focused(page) == ids[0]

    # y confirms the first ("I'm so sorry, I'm here for you") and lands on the next
    with page.expect_navigation():
        page.keyboard.press("y")
    expect(page.get_by_role("status").filter(has_text="Confirmed: support.")).to_be_visible()
    assert focused(page) == ids[1]

    # the thanks read as gratitude is changed to support (1), listening (s: the first style)
    page.keyboard.press("1")
    page.keyboard.press("s")
    shot(page, "moments-changed")
    with page.expect_navigation():
        page.keyboard.press("y")
    assert focused(page) == ids[2]

    # n rejects "I need some time to myself this week"
    with page.expect_navigation():
        page.keyboard.press("n")
    expect(page.get_by_role("status").filter(has_text="Rejected")).to_be_visible()

    reviewed = {r.key: r for r in MomentReview.objects.filter(relationship__person=sam)}
    verdicts = sorted((r.verdict, r.kind, r.style) for r in reviewed.values())
    assert verdicts == [
        ("confirmed", "support", "comfort"),
        ("confirmed", "support", "listen"),
        ("rejected", "need", ""),
    ]

    # one sure moment is left ("you got this"): the button confirms it; two stay waiting
    page.get_by_role("button", name="Confirm all 1 read with high confidence").click()
    expect(page.locator("li.moment")).to_have_count(2)
    expect(page.locator("p.counted")).to_contain_text("3 confirmed · 1 rejected · 2 waiting")
    shot(page, "moments-after")
