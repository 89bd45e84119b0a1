"""The calendar page (your feed's address and your reminders) and the feed itself.

The page makes the secret address and shows it this once, in the answer to
the POST that made it (like the API tokens page); a new address or turning
the feed off revokes the old one. The feed answers only to a current token:
any other address under /calendar/ is a plain 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from twoway.web.rituals import calendar
from twoway.web.rituals.models import ReminderPreference

#: How long before a ritual a reminder can come.
LEAD_TIMES = [
    (15, "15 minutes before"),
    (60, "1 hour before"),
    (180, "3 hours before"),
    (1440, "1 day before"),
]


if TYPE_CHECKING:
    _ModelForm = forms.ModelForm[ReminderPreference]
else:  # Django's ModelForm takes no type arguments at run time
    _ModelForm = forms.ModelForm


class ReminderForm(_ModelForm):
    """E-mail reminders on or off, and how early."""

    by_email = forms.BooleanField(required=False, label="Send me an e-mail before each ritual")
    minutes_before = forms.TypedChoiceField(
        choices=LEAD_TIMES, coerce=int, widget=forms.RadioSelect, label="How early"
    )

    class Meta:
        model = ReminderPreference
        fields = ("by_email", "minutes_before")


def _preference(user: User) -> ReminderPreference:
    """The user's reminder preference (unsaved defaults when they never chose)."""
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def _page(
    request: HttpRequest, *, form: ReminderForm | None = None, token: str | None = None
) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)  # login_required
    address = webcal = None
    if token is not None:
        address = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
        webcal = "webcal://" + address.split("://", 1)[1]
    return {
        "nav": "account",
        "has_feed": calendar.has_feed(user),
        "address": address,
        "webcal": webcal,
        "rituals": calendar.rituals_of(user),
        "email": user.email,
        "form": form or ReminderForm(instance=_preference(user)),
    }


@login_required
@require_safe
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Your rituals in your own calendar app, and reminders by e-mail."""
    return render(request, "rituals/calendar.html", _page(request))


@login_required
@require_POST
def calendar_new(request: HttpRequest) -> HttpResponse:
    """Make a (new) secret address and show it, this once; the old one stops working."""
    user = request.user
    assert isinstance(user, User)  # login_required
    replaced = calendar.has_feed(user)
    token = calendar.new_address(user)
    context = _page(request, token=token)
    context["replaced"] = replaced
    response = render(request, "rituals/calendar.html", context, status=201)
    response["Cache-Control"] = "no-store"  # the page holds a secret: keep it out of every cache
    return response


@login_required
@require_POST
def calendar_off(request: HttpRequest) -> HttpResponse:
    """Turn the feed off: its address stops working."""
    user = request.user
    assert isinstance(user, User)  # login_required
    if calendar.turn_off(user):
        messages.success(
            request,
            "Your calendar address no longer works. Your calendar app keeps what it has "
            "already shown until you remove the subscription there.",
        )
    else:
        messages.info(request, "There was no calendar address to turn off.")
    return redirect("calendar")


@login_required
@require_POST
def calendar_reminders(request: HttpRequest) -> HttpResponse:
    """Save the reminder choices."""
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ReminderForm(request.POST, instance=_preference(user))
    if not form.is_valid():
        return render(request, "rituals/calendar.html", _page(request, form=form), status=400)
    preference = form.save()
    if preference.by_email and user.email:
        messages.success(request, "Saved. Reminders will come to your e-mail address.")
    elif preference.by_email:
        messages.info(
            request, "Saved. Reminders will start once your account has an e-mail address."
        )
    else:
        messages.success(request, "Saved. No reminders will be sent by e-mail.")
    return redirect("calendar")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar file of the token's owner: no login, the token is the key."""
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404
    seen = calendar.rituals_of(user)
    links = {
        s.rel.person_id: request.build_absolute_uri(reverse("together", args=[s.rel.person_id]))
        for s in seen
    }
    body = calendar.feed(seen, links, timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "twoway-rituals.ics") or ""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
