"""The Together page of a relationship, and linking: inviting, joining, unlinking."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from twoway.web.ledger.models import Relationship
from twoway.web.together import access, hub, invitations, linking
from twoway.web.together.forms import AcceptForm, JoinForm, UnlinkForm
from twoway.web.together.invitations import InvitationError


def _page(request: HttpRequest, rel: Relationship, **extra: Any) -> HttpResponse:
    context = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "partner": access.partner_side(rel),
        "sections": hub.sections(request, rel),
        **extra,
    }
    return render(request, "together/together.html", context)


@login_required
def together(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the two of you do together, for your person `pk`."""
    return _page(request, access.mine(request.user, pk))


@login_required
@require_POST
@never_cache
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an invitation and show its link and code, this once (only a hash is kept)."""
    rel = access.mine(request.user, pk)
    try:
        issued = invitations.invite(rel)
    except InvitationError as exc:
        messages.error(request, str(exc))
        return redirect("together", pk=pk)
    link = request.build_absolute_uri(reverse("join_code", args=[issued.code]))
    response = _page(
        request,
        rel,
        issued=issued,
        invite_link=link,
        invite_expires=invitations.local_time(issued.expires),
    )
    response.status_code = 201
    return response


@login_required
@require_POST
def invite_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the invitation waiting for this relationship: its code stops working."""
    rel = access.mine(request.user, pk)
    if invitations.cancel(rel):
        messages.success(request, "Invitation withdrawn: its code no longer works.")
    return redirect("together", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then end the link: each keeps every entry they wrote, and loses the other's."""
    rel = access.mine(request.user, pk)
    partner = access.partner_side(rel)
    if partner is None:
        messages.info(request, f"Your journal with {rel.person.name} is not linked.")
        return redirect("together", pk=pk)
    name = partner.owner.get_username()
    form = UnlinkForm(request.POST if request.method == "POST" else None, partner=name)
    if request.method == "POST" and form.is_valid():
        linking.unlink(rel)
        messages.success(
            request,
            f"You are no longer linked with {name}. Your entries stay with you, and theirs "
            "with them; neither of you sees the other's any more.",
        )
        return redirect("together", pk=pk)
    context = {"nav": "people", "person": rel.person, "rel": rel, "partner": partner, "form": form}
    status = 400 if form.errors else 200
    return render(request, "together/unlink.html", context, status=status)


def _log_in_first(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        "Log in, or create an account, to accept the invitation. You will come back here.",
    )
    return redirect_to_login(request.get_full_path())


@require_http_methods(["GET", "POST"])
@never_cache
def join(request: HttpRequest) -> HttpResponse:
    """Type the code you were given; a right one leads to the accept page."""
    if not request.user.is_authenticated:
        return _log_in_first(request)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            invitations.find(code, request.user)
        except InvitationError as exc:
            form.add_error("code", str(exc))
        else:
            return redirect("join_code", code=invitations.display(code))
    status = 400 if form.errors else 200
    return render(request, "together/join.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """The invitation's link: say who the inviter is for you, and link."""
    if not request.user.is_authenticated:
        return _log_in_first(request)
    user = request.user
    assert isinstance(user, User)
    try:
        invitation = invitations.find(code, user)
    except InvitationError as exc:
        context = {"form": JoinForm(), "problem": str(exc)}
        return render(request, "together/join.html", context, status=exc.status)
    form = AcceptForm(
        request.POST if request.method == "POST" else None, owner=user, invitation=invitation
    )
    if request.method == "POST" and form.is_valid():
        try:
            mine = invitations.accept(code, user, person=form.chosen(), new=form.new_person())
        except InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"You and {invitation.relationship.owner.get_username()} are linked. Entries "
                "either of you shares now show on both sides; the rest stays with whoever "
                "wrote it.",
            )
            return redirect("together", pk=mine.person_id)
    inviter = invitation.relationship
    context = {
        "form": form,
        "code": invitations.display(code),
        "inviter": inviter,
        "inviter_name": inviter.owner.get_username(),
        "expires": invitations.local_time(invitation.expires),
    }
    return render(request, "together/accept.html", context, status=400 if form.errors else 200)
