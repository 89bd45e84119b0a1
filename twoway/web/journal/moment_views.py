"""The review list: the moments read from an imported chat, each confirmed, changed or rejected.

One page per person (`moments`), surest first; one action per moment
(`moment_review`: confirm, with the kind and style chosen, or reject) and one
for all the sure ones at once (`moments_accept`). Each action answers with the
list again, focused on the next moment, so the keyboard never leaves it
(`site/moments.js` adds the keys; without the script every button still works).
What the owner says is kept by `twoway.web.ledger.reviews` and outranks the
rules, on this import and every later one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from twoway.core.moment_counts import CONFIRMED, HIGH_CONFIDENCE
from twoway.errors import TwowayError
from twoway.web.journal.people import my_person
from twoway.web.ledger import reviews
from twoway.web.ledger.models import Event
from twoway.web.site.http import AuthenticatedHttpRequest

#: How the list names each kind of moment.
KIND_WORDS = {
    "support": "Support",
    "gratitude": "Gratitude",
    "need": "A need",
    "repair": "Repair",
    "checkin": "Check-in",
}


@login_required
@require_GET
def moments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The moments of this person's imported chats that wait for review, surest first."""
    person = my_person(request, pk)
    rel = person.relationship
    found = reviews.waiting(rel)
    rows = [
        {
            "event": e,
            "by": rel.me_name if e.by_me else person.name,
            "confidence": reviews.confidence_of(e),
            "sure": reviews.confidence_of(e) >= HIGH_CONFIDENCE - 1e-9,
            "next": found.moments[i + 1].pk if i + 1 < len(found.moments) else "",
        }
        for i, e in enumerate(found.moments)
    ]
    return render(
        request,
        "journal/moments.html",
        {
            "nav": "people",
            "person": person,
            "rows": rows,
            "found": found,
            "kinds": [(k, KIND_WORDS[k]) for k in reviews.MOMENT_KINDS],
            "styles": reviews.SUPPORT_STYLES,
            "high": HIGH_CONFIDENCE,
        },
    )


@login_required
@require_POST
def moment_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm (with the kind and style chosen) or reject one moment; back to the list."""
    event = get_object_or_404(
        Event.objects.select_related("relationship__person"),
        pk=pk,
        relationship__owner=request.user,
        key__startswith=reviews.MOMENT_PREFIX,
    )
    person = event.relationship.person
    verdict = request.POST.get("verdict", "")
    try:
        reviews.review(
            event,
            verdict,
            kind=request.POST.get("kind", ""),
            style=request.POST.get("style", ""),
        )
    except TwowayError as exc:
        messages.error(request, _words(exc))
        return redirect(f"{reverse('moments', args=[person.pk])}#m-{event.pk}")
    said = "Confirmed" if verdict == CONFIRMED else "Rejected"
    messages.success(request, f"{said}: {KIND_WORDS.get(event.kind, event.kind).lower()}.")
    after = request.POST.get("next", "")
    where = f"#m-{after}" if after.isdigit() else "#moments-h"
    return redirect(f"{reverse('moments', args=[person.pk])}{where}")


@login_required
@require_POST
def moments_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, as read, every waiting moment read with high confidence."""
    person = my_person(request, pk)
    done = reviews.accept_sure(person.relationship)
    word = "moment" if done == 1 else "moments"
    messages.success(request, f"Confirmed {done:,} {word} read with high confidence.")
    return redirect(f"{reverse('moments', args=[person.pk])}#moments-h")


def _words(exc: TwowayError) -> str:
    """The review's refusal in the form's words."""
    field = exc.fields.get("field")
    if field == "kind":
        return "Choose one of the kinds in the list."
    if field == "style":
        return "A style belongs to support only; choose one from the list."
    if field == "verdict":
        return "Confirm or reject the moment."
    return "Only a moment read from a chat can be reviewed here."
