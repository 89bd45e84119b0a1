"""The welcome page, in a real browser on a desktop and on a phone."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.harness import Shot


def test_the_welcome_page_leads_to_the_sign_up_page(page: Page, shot: Shot) -> None:
    page.goto(reverse("home"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    expect(heading).to_have_text("Does care flow both ways?")
    shot(page, "welcome")
    page.get_by_role("link", name="Create an account").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("signup")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    expect(page.get_by_role("button", name="Create my account")).to_be_visible()
