"""The browser harness: which Chromium, the two sizes, the watch over a page, the test user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Route

#: Debian's Chromium (`apt-get install chromium chromium-driver`); Playwright never downloads one.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"

#: The two sizes every page is checked at: Playwright's new_context() options.
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}

#: The user `signed_in_page` logs in as.
USERNAME = "alex"
PASSWORD = "quiet-harbour-lantern-47"  # passes every password validator

#: `shot(page, name)`: saves a full-page screenshot, returns its path.
Shot = Callable[[Page, str], Path]


def origin(url: str) -> str:
    """`scheme://host:port` of an address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Watch:
    """What a page did that a test must never see: other hosts, console errors, exceptions."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def route(self, route: Route, request: Request) -> None:
        """Let requests to the live server through; block and note any other."""
        if origin(request.url) == self.origin:
            route.continue_()
        else:
            self.foreign.append(f"{request.method} {request.url}")
            route.abort("blockedbyclient")

    def on_console(self, message: ConsoleMessage) -> None:
        """Note console errors; Chromium logs every CSP violation as one."""
        if message.type == "error":
            where = message.location.get("url", "")
            self.console.append(f"{message.text} ({where})" if where else message.text)

    def on_exception(self, error: Exception) -> None:
        """Note an exception no script caught."""
        self.exceptions.append(str(error))

    def problems(self) -> list[str]:
        """Everything noted, one line each; empty when the page behaved."""
        return (
            [f"request to another host: {r}" for r in self.foreign]
            + [f"console error: {c}" for c in self.console]
            + [f"uncaught exception: {e}" for e in self.exceptions]
        )

    def clear(self) -> None:
        """Forget what was noted (for a test that provokes a problem on purpose)."""
        self.foreign.clear()
        self.console.clear()
        self.exceptions.clear()
