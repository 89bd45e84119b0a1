"""The home page and the error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: your people. Otherwise: what twoway is, with the way in."""
    if request.user.is_authenticated:
        return redirect("people")
    return render(request, "site/welcome.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the same page whether the thing is missing or someone else's."""
    return render(request, "site/error.html", {"title": "Not found", "status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, said kindly."""
    return render(request, "site/500.html", status=500)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403."""
    return render(request, "site/error.html", {"title": "Not allowed", "status": 403}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400."""
    return render(request, "site/error.html", {"title": "Bad request", "status": 400}, status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token (often: the page was open too long)."""
    return render(
        request,
        "site/error.html",
        {"title": "This form has expired", "status": 403, "csrf": True},
        status=403,
    )
