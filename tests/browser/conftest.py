"""Real-browser tests: Debian's Chromium driven by Playwright, on the site `live_server` serves.

Every test here is marked `browser` and runs after all the others. A test that
takes `page` runs twice, on a desktop (1280×800) and on a phone (390×844). While
it runs the page is watched (harness.Watch): a request to any other host is
blocked, and it, a console error (CSP violations are logged as errors) or an
uncaught exception fails the test.

    def test_something(page: Page, shot: Shot) -> None:
        page.goto(reverse("home"))  # addresses are relative to the live server
        shot(page, "something")     # test-artifacts/screenshots/something-1280.png

`signed_in_page` is a `page` logged in as `alex` through the real login form.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEVICES,
    PASSWORD,
    SCREENSHOTS,
    USERNAME,
    Shot,
    Watch,
    origin,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser tests, and run them last: Playwright's event loop then stays out of
    the thread while every other test runs."""
    ours = [item for item in items if HERE in item.path.parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in ours] + ours


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API for the session.

    It keeps an event loop in this thread, and Django refuses ORM calls from a
    thread with a running loop; the tests' own ORM calls (making a user,
    checking rows) are plain synchronous ones, so they are allowed meanwhile.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Install it with `apt-get install chromium chromium-driver` (CI does).",
            pytrace=False,
        )
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as started:
            yield started
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session; each test gets its own context (cookies)."""
    launched = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield launched
    launched.close()


@pytest.fixture(params=list(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    """The size the page is shown at: "desktop" or "phone" (see harness.DEVICES)."""
    name: str = request.param
    return name


@pytest.fixture
def watch(live_server: Any) -> Watch:
    """What this test's page did wrong; checked when the test ends (pytest_runtest_call)."""
    return Watch(origin=origin(live_server.url))


def open_page(browser: Browser, live_server: Any, device: str, watch: Watch) -> Iterator[Page]:
    """A page in a browser context of its own (its own cookies), at this device's size, watched."""
    context = browser.new_context(base_url=live_server.url, **DEVICES[device])
    context.route("**/*", watch.route)
    opened = context.new_page()
    opened.on("console", watch.on_console)
    opened.on("pageerror", watch.on_exception)
    yield opened
    context.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, device: str, watch: Watch) -> Iterator[Page]:
    """A fresh page on the live server at this device's size, watched for problems."""
    yield from open_page(browser, live_server, device, watch)


@pytest.fixture
def second_page(browser: Browser, live_server: Any, device: str, watch: Watch) -> Iterator[Page]:
    """Another person's browser beside `page`: its own context, watched the same way."""
    yield from open_page(browser, live_server, device, watch)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a test whose page reached another host, logged an error or threw."""
    result = yield
    found = getattr(item, "funcargs", {}).get("watch")
    if isinstance(found, Watch) and found.problems():
        lines = "\n  ".join(found.problems())
        pytest.fail(f"the page misbehaved:\n  {lines}", pytrace=False)
    return result


@pytest.fixture
def shot() -> Shot:
    """`shot(page, name)`: a full-page PNG at test-artifacts/screenshots/<name>-<width>.png."""

    def take(page: Page, name: str) -> Path:
        width = page.viewport_size["width"] if page.viewport_size else 0
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}-{width}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def alex(django_user_model: Any) -> Any:
    """The user `alex` (harness.USERNAME), with the password harness.PASSWORD."""
    return django_user_model.objects.create_user(username=USERNAME, password=PASSWORD)


@pytest.fixture
def signed_in_page(page: Page, alex: Any) -> Page:
    """`page`, logged in as `alex` through the real login form."""
    login = reverse("login")
    page.goto(login)
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert not page.url.endswith(login), "the login form did not let alex in"
    return page
