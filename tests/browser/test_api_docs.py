"""The API's documentation page renders every operation from this site alone, under the strict CSP."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.harness import Shot
from twoway.web.api.service import api


def test_the_api_docs_list_every_operation(page: Page, shot: Shot) -> None:
    operations = sum(len(path_item) for path_item in api.get_openapi_schema()["paths"].values())
    page.goto(reverse("api:openapi-view"))
    blocks = page.locator(".opblock")
    expect(blocks.first).to_be_visible(timeout=15_000)
    expect(blocks).to_have_count(operations)
    shot(page, "api-docs")


def test_the_api_docs_fit_a_phone_and_lead_back_to_the_site(page: Page) -> None:
    page.goto(reverse("api:openapi-view"))
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("window.innerWidth") == viewport["width"]  # a viewport: not 980 px
    home = page.get_by_role("navigation", name="Main").get_by_role("link", name="twoway")
    expect(home).to_have_attribute("href", reverse("home"))
