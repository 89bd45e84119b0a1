"""Sign up, log out, the account page, its export and its deletion.

Logging in and the passwords are Django's own views, set up in `urls.py`.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twoway.web.accounts.forms import DeleteAccountForm, EmailForm, SignupForm
from twoway.web.accounts.portability import delete_account, export_account
from twoway.web.ledger.models import Person

#: Sent with logging out and deleting an account: the browser drops what this site kept on the
#: device (the phone app's kept log form and its queue of entries waiting to send).
CLEAR_DEVICE = '"cache", "storage"'

GOODBYE = (
    "Your account and everything in it have been deleted. "
    "Thank you for using twoway, and take good care."
)


def _next_url(request: HttpRequest) -> str:
    """Where to go afterwards (`next`, as the login page has it), if it is a page of this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Make an account, then go straight to your people (or back where `next` says)."""
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url or "people")
    if not settings.TWOWAY_SIGNUP:
        return render(request, "accounts/signup_closed.html", status=403)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Two backends are configured (axes, then Django's): name the one that knows users.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if next_url:
            messages.success(request, f"Welcome, {user.get_username()}.")
            return redirect(next_url)
        messages.success(request, f"Welcome, {user.get_username()}. Start by adding someone.")
        return redirect("people")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out (a POST, so no link on another site can do it) and go to the login page."""
    logout(request)
    messages.info(request, "You are logged out.")
    response = redirect("login")
    response["Clear-Site-Data"] = CLEAR_DEVICE
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_email(request: HttpRequest) -> HttpResponse:
    """Add, change or remove the account's e-mail address, with the current password."""
    user = request.user
    assert isinstance(user, User)  # login_required
    form = EmailForm(request.POST or None, user=user, initial={"email": user.email})
    if request.method == "POST" and form.is_valid():
        user.email = form.cleaned_data["email"]
        user.save(update_fields=["email"])
        messages.success(
            request,
            f"Your e-mail address is now {user.email}."
            if user.email
            else "Your e-mail address is removed.",
        )
        return redirect("account")
    return render(request, "accounts/email.html", {"nav": "account", "form": form})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """Who you are, your passwords and tokens, and your data: export it or delete it."""
    user = request.user
    assert isinstance(user, User)  # login_required
    totals = Person.objects.filter(owner=user).aggregate(
        people=Count("pk", distinct=True), events=Count("relationship__events")
    )
    return render(
        request,
        "accounts/account.html",
        {"nav": "account", "totals": totals, "tokens_url": _url_if_any("api_tokens")},
    )


def _url_if_any(name: str) -> str | None:
    """The address of a page another app provides, or None while it has none."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_required
@require_GET
@never_cache
def account_export(request: HttpRequest) -> HttpResponse:
    """Everything of yours as one JSON file, to keep or to restore from the Import page."""
    user = request.user
    assert isinstance(user, User)  # login_required
    data = export_account(user)
    body = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"twoway-export-{user.get_username()}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Ask for the password, then remove the account and every row of it, and log out."""
    user = request.user
    assert isinstance(user, User)  # login_required
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_account(user)
        logout(request)
        messages.success(request, GOODBYE)
        response = redirect("login")
        response["Clear-Site-Data"] = CLEAR_DEVICE
        return response
    return render(request, "accounts/delete.html", {"nav": "account", "form": form})
