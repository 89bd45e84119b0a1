"""The log form: one entry in ten seconds on a phone, without a page reload (HTMX).

The form is a page of its own and works without JavaScript; with HTMX, changing
the kind or the person swaps in the fields that fit (`_details.html`), and a
saved entry swaps the form back, ready for the next one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from twoway.core.events import Event
from twoway.errors import TwowayError
from twoway.web.journal.entries import entry, open_items, owner_events
from twoway.web.journal.forms import (
    COMMON_KINDS,
    KIND_HELP,
    KIND_LABELS,
    MORE_KINDS,
    LogForm,
    share_state,
)
from twoway.web.ledger import store
from twoway.web.ledger.models import Person
from twoway.web.site import clock
from twoway.web.site.http import AuthenticatedHttpRequest

RECENT = 5


def _wants_json(request: HttpRequest) -> bool:
    """The phone app's offline queue sends a saved entry and asks for JSON, not a page."""
    return "application/json" in request.headers.get("Accept", "")


def _form_problems(form: LogForm) -> str:
    """A refused entry in one sentence, field by field, as the queue shows it."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        said = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {said}" if label else said)
    return " ".join(parts) or "This entry could not be saved."


def _chosen(request: AuthenticatedHttpRequest, data: Any) -> tuple[Person | None, str, str]:
    """The person, direction and kind the form currently shows (for the fields that fit)."""
    people = Person.objects.filter(owner=request.user).select_related("relationship")
    person = None
    raw = data.get("person") if data else None
    if raw and str(raw).isdigit():
        person = people.filter(pk=int(raw)).first()
    if person is None:
        # The person you logged for last, else the first by name.
        last = owner_events(request.user).values_list("relationship__person_id", flat=True).first()
        person = people.filter(pk=last).first() if last else None
        person = person or people.order_by("name").first()
    direction = str(data.get("direction") or "me") if data else "me"
    kind = str(data.get("kind") or "support") if data else "support"
    return person, direction if direction in ("me", "them") else "me", kind


def _form(
    request: AuthenticatedHttpRequest, data: Any, *, bound: bool
) -> tuple[LogForm, Person | None]:
    person, direction, kind = _chosen(request, data)
    rel = person.relationship if person else None
    items = open_items(rel, kind, by_me=direction == "me")
    share = share_state(rel, data, kind)
    initial = {
        "person": person.pk if person else None,
        "direction": direction,
        "kind": kind,
        **share,
    }
    if bound and share:
        # What the form shows again (after an error) is what would be saved.
        data = data.copy()
        for field, value in share.items():
            data[field] = value
    form = LogForm(
        data if bound else None,
        owner=request.user,
        open_items=items,
        initial=initial,
        share_with=person.name if share and person else None,
    )
    return form, person


def _context(
    request: AuthenticatedHttpRequest, form: LogForm, person: Person | None, **extra: Any
) -> dict[str, Any]:
    kind = form["kind"].value() or "support"
    recent = [entry(e) for e in owner_events(request.user)[:RECENT]]
    return {
        "nav": "log",
        "form": form,
        "person": person,
        "kind": kind,
        "kind_label": KIND_LABELS.get(str(kind), str(kind)),
        "kind_help": KIND_HELP.get(str(kind), ""),
        "recent": recent,
        "common_kinds": COMMON_KINDS,
        "more_kinds": MORE_KINDS,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show the log form; save an entry through the store, where the ledger's rules apply."""
    if not Person.objects.filter(owner=request.user).exists():
        messages.info(request, "Add the first person you want to keep a ledger with.")
        return redirect("person_new")
    if request.method == "GET":
        form, person = _form(request, request.GET, bound=False)
        if request.htmx:
            return render(
                request, "journal/_details.html", _context(request, form, person, fragment=True)
            )
        return render(request, "journal/log.html", _context(request, form, person))
    form, person = _form(request, request.POST, bound=True)
    saved = None
    if form.is_valid() and person is not None:
        data = form.cleaned_data
        person = data["person"]
        rel = person.relationship
        me, them = rel.me_name, person.name
        by_me = data["direction"] == "me"
        at, date_only = form.when(clock.now())
        event = Event(
            at=at,
            by=me if by_me else them,
            to=them if by_me else me,
            kind=data["kind"],
            ref=data.get("ref") or "",
            value=form.value(),
            note=data.get("note", "").strip(),
            date_only=date_only,
        )
        try:
            saved = store.add_event(
                them,
                event,
                owner=request.user,
                shared=form.shared(),
                client_key=data.get("client_key") or "",
            )
        except TwowayError as exc:
            form.add_error(None, str(exc))
    if saved is None and _wants_json(request):
        return JsonResponse({"saved": False, "detail": _form_problems(form)}, status=400)
    if saved is None:
        # HTMX swaps in the form with its errors; a plain POST gets the page again.
        if request.htmx:
            return render(request, "journal/_log_form.html", _context(request, form, person))
        return render(request, "journal/log.html", _context(request, form, person), status=400)
    said = (
        f"Logged: {KIND_LABELS[saved.event.kind].lower()}, {'you for' if by_me else 'by'} {them}."
    )
    if _wants_json(request):
        status = 200 if saved.replayed else 201
        return JsonResponse(
            {"saved": True, "said": said, "replayed": saved.replayed}, status=status
        )
    assert person is not None  # saved only when the form was valid and named a person
    if not request.htmx:
        messages.success(request, said)
        return redirect(f"{request.path}?person={person.pk}&direction={data['direction']}")
    # Ready for the next entry: same person and direction, the rest fresh.
    fresh, person = _form(
        request,
        {"person": person.pk, "direction": data["direction"], "kind": data["kind"]},
        bound=False,
    )
    return render(request, "journal/_log_form.html", _context(request, fresh, person, said=said))
