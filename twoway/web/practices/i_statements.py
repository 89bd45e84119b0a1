"""The "I statement" helper: a feeling, the situation and a need become a sentence to say.

Prepared alone and kept alone: every query goes through `access.mine`, so an
"I statement" is reached only through its writer's own relationship. A linked
partner never sees one, not even that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from twoway.core.i_statement import gentle_hints, i_statement
from twoway.web.practices.days import day
from twoway.web.practices.forms import IStatementForm
from twoway.web.practices.models import IStatement
from twoway.web.site.http import AuthenticatedHttpRequest
from twoway.web.together import access

if TYPE_CHECKING:
    from twoway.web.ledger.models import Relationship


@dataclass(frozen=True, slots=True)
class Saved:
    """One saved sentence as the list shows it."""

    pk: int
    sentence: str
    day: str
    when: str


def saved(rel: Relationship) -> list[Saved]:
    """The owner's "I statements" in this relationship, newest first."""
    rows = IStatement.objects.filter(relationship=rel, relationship__owner=rel.owner_id)
    return [Saved(s.pk, s.sentence, *day(s.created)) for s in rows]


def _mine(
    request: AuthenticatedHttpRequest, pk: int, statement_pk: int
) -> tuple[Relationship, IStatement]:
    """Your relationship `pk` and one of its "I statements"; anything else is a 404."""
    rel = access.mine(request.user, pk)
    found = get_object_or_404(
        IStatement, pk=statement_pk, relationship=rel, relationship__owner=request.user
    )
    return rel, found


def _draft(form: IStatementForm, rel: Relationship) -> dict[str, Any]:
    """The sentence the form's words make, and the hints that go with it."""
    data = form.cleaned_data
    feeling = form.the_feeling()
    names = (rel.person.name, rel.me_name)
    return {
        "feeling": feeling,
        "situation": str(data["situation"]).strip(),
        "need": str(data["need"]).strip(),
        "sentence": i_statement(feeling, data["situation"], data["need"], names=names),
        "hints": gentle_hints(feeling, data["situation"], data["need"]),
    }


@login_required
@require_http_methods(["GET", "POST"])
def i_statements(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Build a sentence, see it before saving (with HTMX, in place), save it, list yours."""
    rel = access.mine(request.user, pk)
    form = IStatementForm(request.POST if request.method == "POST" else None)
    draft = None
    if request.method == "POST" and form.is_valid():
        draft = _draft(form, rel)
        if request.POST.get("action") == "save":
            IStatement.objects.create(
                relationship=rel,
                feeling=draft["feeling"],
                situation=draft["situation"],
                need=draft["need"],
                sentence=draft["sentence"],
            )
            messages.success(request, "Saved. Only you can see it.")
            return redirect("i_statements", pk=pk)
    context = {
        "nav": "people",
        "person": rel.person,
        "form": form,
        "draft": draft,
        "saved": saved(rel),
    }
    if request.htmx and request.method == "POST":
        # Only the preview is swapped: the form keeps what was typed, and focus.
        return render(request, "practices/_i_preview.html", {**context, "fragment": True})
    return render(
        request, "practices/i_statements.html", context, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def i_statement_delete(
    request: AuthenticatedHttpRequest, pk: int, statement_pk: int
) -> HttpResponse:
    """Confirm, then delete one of your "I statements"."""
    rel, found = _mine(request, pk, statement_pk)
    if request.method == "POST":
        found.delete()
        messages.success(request, "Deleted.")
        return redirect("i_statements", pk=pk)
    context = {"nav": "people", "person": rel.person, "statement": found}
    return render(request, "practices/i_statement_delete.html", context)
