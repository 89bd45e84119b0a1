"""The installable phone app (a PWA): its manifest and its service worker, from the site's origin.

The service worker must be served from the site's root to look after every page,
so it is a view, not a static file; it names the files it keeps (the app shell)
and a version made from their content, so a new release replaces the old copies.
What it does is in `jinja2/site/sw.js`; the page's side (the offline queue) is
`static/site/app.js`. Service workers run only on HTTPS or on localhost; without
one the site stays a plain site.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

STATIC = Path(__file__).parent / "static"

#: The files every page needs, kept on the device so the log form opens without a network.
SHELL = (
    "twoway/report.css",
    "site/site.css",
    "site/app.js",
    "site/icon.svg",
    "site/icon-192.png",
    "vendor/htmx.min.js",
)

#: The site's colours as the installed app shows them (the page's own background, "you"'s blue).
THEME = "#0072b2"
BACKGROUND = "#ffffff"


@cache
def shell_version() -> str:
    """A short hash of the app shell's files: it changes whenever one of them does."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for name in SHELL:
        found = finders.find(name)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    digest.update((STATIC.parent / "jinja2" / "site" / "sw.js").read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what a phone needs to install twoway as an app."""
    data = {
        "id": "/",
        "name": "twoway",
        "short_name": "twoway",
        "description": "A private journal of care given and received, both ways.",
        "start_url": reverse("log"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": THEME,
        "icons": [
            {"src": static("site/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("site/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("site/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("site/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so that its scope is every page."""
    response = render(
        request,
        "site/sw.js",
        {
            "version": shell_version(),
            "shell": [static(name) for name in SHELL],
            "log_url": reverse("log"),
            "login_url": reverse("login"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    # Always asked again, so a new release reaches the phone on its next visit.
    response["Cache-Control"] = "no-cache"
    return response
