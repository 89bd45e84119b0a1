"""The api app's Django views: the tokens page, and JSON for what ninja leaves to Django.

The tokens page lists your tokens, makes one (shown once) and revokes one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from twoway.web.api.models import ApiToken
from twoway.web.api.tokens import issue_token, revoke_token

#: Enough for every script and device a person uses; more is likely forgotten tokens.
MAX_TOKENS = 50


class TokenForm(forms.Form):
    """A new token's name, so you can tell your tokens apart later."""

    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="Where you will use it, e.g. “phone shortcut” or “backup script”.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """Your tokens; a POST makes one and shows it, this once, on the page it answers with."""
    user = request.user
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS:
            form.add_error(None, f"You have {MAX_TOKENS} tokens; revoke one you no longer use.")
        else:
            _, new_token = issue_token(user, form.cleaned_data["name"])  # type: ignore[arg-type]
            form = TokenForm()
    context = {
        "nav": "account",
        "form": form,
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user=user),
    }
    status = 400 if form.errors else 201 if new_token else 200
    response = render(request, "api/tokens.html", context, status=status)
    if new_token:  # the page holds a secret: keep it out of every cache
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of your tokens: requests with it are refused from now on."""
    if revoke_token(request.user, pk):  # type: ignore[arg-type]
        messages.success(
            request, "Token revoked. Anything still using it can no longer reach your data."
        )
    else:
        messages.error(request, "That token was already revoked.")
    return redirect("api_tokens")


def json_error(
    detail: str, status: int, headers: dict[str, str] | None = None, *, code: str = "not_found"
) -> HttpResponse:
    """An error in the API's own form (`{"error": {...}, "detail": ...}`), typed as ninja types it."""
    return JsonResponse(
        {"detail": detail, "error": {"code": code, "message": detail, "fields": {}}},
        status=status,
        headers=headers,
        content_type="application/json; charset=utf-8",
    )


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/: a JSON 404, like the API's own."""
    return json_error("Not found", 404)


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap one of ninja's URL views so the errors it leaves to Django are JSON too.

    Ninja answers a wrong method with a plain-text 405, and its root URL (/api/)
    with Django's 404 page; an API client should get `{"detail": ...}` instead.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return api_not_found(request)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",")))
            detail = f"{request.method} is not allowed here; allowed: {allowed}"
            return json_error(detail, 405, {"Allow": allowed}, code="method_not_allowed")
        return response

    return wrapped
