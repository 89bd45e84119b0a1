"""The gratitude wall: specific appreciations, both ways, and a form to add one.

Gratitude is a ledger kind, so the wall reads the ledger through
`together.access.visible_events`: all of your own entries, and only the ones
your linked partner shared. "Thanks from you" are your entries of you thanking
them, and their entries of you thanking them; "thanks to you" the other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from twoway.core.events import Event
from twoway.errors import TwowayError
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.writing import add_event, default_shared
from twoway.web.practices.forms import GratitudeForm
from twoway.web.site import clock
from twoway.web.site.http import AuthenticatedHttpRequest
from twoway.web.together import access

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from twoway.web.ledger.models import Event as EventRow
    from twoway.web.ledger.models import Relationship

PER_PAGE = 20


def wall(rel: Relationship) -> QuerySet[EventRow]:
    """Every gratitude entry the owner of `rel` may see, newest first."""
    return access.visible_events(rel).filter(kind="gratitude").order_by("-at", "-pk")


def _from_me(rel: Relationship) -> Q:
    """Rows where the owner of `rel` is the one who thanked, whichever side wrote them."""
    mine = Q(relationship_id=rel.pk, by_me=True)
    return mine if rel.linked_id is None else mine | Q(relationship_id=rel.linked_id, by_me=False)


def thanks_from_me(rel: Relationship) -> QuerySet[EventRow]:
    """What you thanked them for, newest first (their shared entries of it included)."""
    return wall(rel).filter(_from_me(rel))


def thanks_to_me(rel: Relationship) -> QuerySet[EventRow]:
    """What they thanked you for, newest first (your own entries of it included)."""
    return wall(rel).exclude(_from_me(rel))


@dataclass(frozen=True, slots=True)
class Card:
    """One appreciation as the wall shows it."""

    pk: int
    day: str
    when: str
    from_me: bool
    who: str
    note: str
    theirs: bool  # written by the linked partner (one of their shared entries)
    private: bool  # one of yours that the partner does not see


def card(e: EventRow, rel: Relationship) -> Card:
    """`e` from the point of view of the owner of `rel`."""
    theirs = e.relationship_id != rel.pk
    from_me = e.by_me != theirs  # their "I did it" is "they did it" for you
    them = rel.person.name
    at = floating(e.at)
    return Card(
        pk=e.pk,
        day=at.date().isoformat(),
        when=at.strftime("%a %-d %b %Y"),
        from_me=from_me,
        who=f"You thanked {them}" if from_me else f"{them} thanked you",
        note=e.note,
        theirs=theirs,
        private=not theirs and not e.shared and rel.linked_id is not None,
    )


def _form(request: AuthenticatedHttpRequest, rel: Relationship) -> GratitudeForm:
    partner = rel.person.name if rel.linked_id is not None else None
    data = request.POST if request.method == "POST" else None
    return GratitudeForm(data, partner=partner, shared=default_shared(rel, "gratitude"))


@login_required
@require_http_methods(["GET", "POST"])
def gratitude(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The wall of appreciations with your person `pk`, and a form to add one."""
    rel = access.mine(request.user, pk)
    them = rel.person.name
    form = _form(request, rel)
    if request.method == "POST" and form.is_valid():
        event = Event(
            at=clock.now().replace(second=0, microsecond=0),
            by=rel.me_name,
            to=them,
            kind="gratitude",
            note=form.cleaned_data["note"].strip(),
        )
        shared = form.shared()
        try:
            add_event(them, event, owner=request.user, shared=shared)
        except TwowayError as exc:
            form.add_error(None, str(exc))
        else:
            seen = f", where {them} sees it too" if shared else ""
            messages.success(request, f"Your thanks is on the wall{seen}.")
            return redirect("gratitude", pk=pk)
    page = Paginator(wall(rel).select_related("relationship"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "nav": "people",
        "person": rel.person,
        "rel": rel,
        "linked": rel.linked_id is not None,
        "form": form,
        "page": page,
        "cards": [card(e, rel) for e in page.object_list],
    }
    return render(request, "practices/gratitude.html", context, status=400 if form.errors else 200)
