"""People and their relationships: the list, adding someone, renaming, removing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from twoway.web.journal.forms import PersonForm
from twoway.web.ledger import store
from twoway.web.ledger.lookup import default_me_name
from twoway.web.ledger.models import Person, Relationship
from twoway.web.site.http import AuthenticatedHttpRequest


def my_person(request: AuthenticatedHttpRequest, pk: int) -> Person:
    """The signed-in user's person `pk`; anyone else's is a 404, like a missing one."""
    return get_object_or_404(
        Person.objects.select_related("relationship"), pk=pk, owner=request.user
    )


def _me_default(request: AuthenticatedHttpRequest) -> str:
    """Your name in a new relationship: the one you used last, else your username."""
    name = default_me_name(request.user)
    return request.user.get_username() if name == "me" else name


@login_required
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone you keep a ledger with, and the way to add someone."""
    everyone = store.people(owner=request.user)
    form = PersonForm(owner=request.user, initial={"me_name": _me_default(request)})
    return render(
        request, "journal/people.html", {"nav": "people", "people": everyone, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a person and the relationship with them."""
    owner = request.user
    form = PersonForm(
        request.POST or None,
        owner=owner,
        initial={"me_name": _me_default(request)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            person = Person.objects.create(owner=owner, name=data["name"])
            Relationship.objects.create(
                owner=owner, person=person, kind=data["kind"], me_name=data["me_name"]
            )
        messages.success(request, f"{person.name} is in your people. Log what happened next.")
        return redirect(f"{reverse('log')}?person={person.pk}")
    return render(request, "journal/person_new.html", {"nav": "people", "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One person: rename, change the relationship, or remove them."""
    found = my_person(request, pk)
    rel = found.relationship
    initial = {"name": found.name, "kind": rel.kind, "me_name": rel.me_name}
    form = PersonForm(request.POST or None, owner=request.user, person=found, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            found.name = data["name"]
            found.save(update_fields=["name"])
            rel.kind, rel.me_name = data["kind"], data["me_name"]
            rel.save(update_fields=["kind", "me_name"])
        messages.success(request, "Saved.")
        return redirect("person", pk=found.pk)
    context = {
        "nav": "people",
        "person": found,
        "form": form,
        "events": rel.events.count(),
        "assessments": rel.assessments.count(),
    }
    return render(request, "journal/person.html", context)


@login_required
@require_POST
def person_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a person with every entry and assessment of theirs; asks to confirm by name."""
    found = my_person(request, pk)
    if request.POST.get("confirm", "").strip().casefold() != found.name.casefold():
        messages.error(request, f"Type {found.name} to confirm.")
        return redirect("person", pk=found.pk)
    gone = store.delete_person(found.name, owner=request.user)
    messages.success(
        request,
        f"{gone.person} is removed, with {gone.events} entries and {gone.assessments} assessments.",
    )
    return redirect("people")
