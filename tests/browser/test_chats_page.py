"""The chats page in a real browser: the charts, the grid and the words keep to the screen."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.harness import Shot, Watch
from twoway.web.ledger.models import Person
from twoway.web.ledger.workflow import ImportOptions, import_chat

#: Long words and many of them, so the words table has to wrap to fit a phone.
LINES = [
    f"{d:02d}/03/2024, {h:02d}:00 - {who}: {text}"
    for d in range(1, 28)
    for h, who, text in (
        (7, "Alex", "extraordinarily wonderful breakfast conversations yesterday ☕"),
        (19, "Sam", "unbelievably complicated neighbourhood arrangements again 😅"),
    )
]


def test_the_chats_page_fits_the_screen(
    signed_in_page: Page, alex: Any, watch: Watch, shot: Shot
) -> None:
    data = ("\n".join(LINES) + "\n").encode()
    import_chat(alex, [(data, "chat.txt")], "Sam", ImportOptions(me="Alex", date_order="dmy"))
    sam = Person.objects.get(owner=alex, name="Sam")
    page = signed_in_page
    page.goto(reverse("chats", args=[sam.pk]))
    expect(page.get_by_role("heading", name="Chats with Sam")).to_be_visible()
    expect(page.locator("table.heatmap")).to_be_visible()
    # The screen's width, not `innerWidth`: a phone's browser widens its layout viewport to
    # content that overflows, so `innerWidth` grows with the very overflow looked for.
    assert page.viewport_size is not None
    width = page.viewport_size["width"]
    words = 'section[aria-labelledby$="words-h"] table'
    for selector in ("table.heatmap", words, "figure.chart svg"):
        right = page.evaluate(
            f"() => Math.max(...[...document.querySelectorAll({selector!r})]"
            ".map((e) => e.getBoundingClientRect().right))"
        )
        assert right <= width, f"{selector} reaches {right} px on a {width} px screen"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert "extraordinarily" in page.locator(words).inner_text()
    shot(page, "chats")
