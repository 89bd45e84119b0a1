"""The browser harness catches what it promises to: other hosts, CSP violations, exceptions.

Each test provokes one problem on purpose, checks that the watch noted it, then
clears it so the test itself passes. One size is enough for that.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.harness import Watch

pytestmark = pytest.mark.parametrize("device", ["desktop"], indirect=True)


def test_a_request_to_another_host_is_blocked_and_noted(page: Page, watch: Watch) -> None:
    page.goto(reverse("home"))
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("http://elsewhere.invalid/tracker.js")
    assert watch.foreign == ["GET http://elsewhere.invalid/tracker.js"]
    watch.clear()


def test_an_inline_style_is_a_csp_violation_and_noted(page: Page, watch: Watch) -> None:
    page.goto(reverse("home"))
    with page.expect_console_message(lambda m: m.type == "error"):
        page.evaluate(
            """() => {
                const style = document.createElement("style");
                style.textContent = "body { color: red }";
                document.head.append(style);
            }"""
        )
    assert any("Content Security Policy" in c for c in watch.console), watch.console
    watch.clear()


def test_an_uncaught_exception_is_noted(page: Page, watch: Watch) -> None:
    page.goto(reverse("home"))
    with page.expect_event("pageerror"):
        page.evaluate("() => { setTimeout(() => { throw new Error('boom') }) }")
    assert [e for e in watch.exceptions if "boom" in e], watch.exceptions
    watch.clear()


def test_a_clean_page_leaves_nothing_to_report(page: Page, watch: Watch) -> None:
    page.goto(reverse("login"))
    page.get_by_role("button", name="Log in").wait_for()
    assert watch.problems() == []


def test_the_signed_in_page_is_logged_in_as_alex(signed_in_page: Page) -> None:
    signed_in_page.goto(reverse("account"))
    main = signed_in_page.get_by_role("main")
    assert "alex" in main.inner_text()
    nav = signed_in_page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Account").is_visible()
