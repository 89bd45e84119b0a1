"""Editing and deleting one entry; the ledger's rules decide what may change (`ledger.editing`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from twoway.errors import TwowayError
from twoway.web.journal.entries import entry, open_items
from twoway.web.journal.forms import (
    COMMON_KINDS,
    KIND_HELP,
    KIND_LABELS,
    MORE_KINDS,
    LogForm,
    share_state,
)
from twoway.web.ledger import editing
from twoway.web.ledger.lookup import floating
from twoway.web.ledger.models import Event
from twoway.web.site.http import AuthenticatedHttpRequest


def my_event(request: AuthenticatedHttpRequest, pk: int) -> Event:
    """The signed-in user's event `pk`; anyone else's is a 404, like a missing one."""
    return get_object_or_404(
        Event.objects.select_related("relationship__person"),
        pk=pk,
        relationship__owner=request.user,
    )


def _initial(e: Event) -> dict[str, Any]:
    value_field = {
        "support": "style",
        "together": "energy",
        "response": "response",
        "checkin": "checkin",
    }
    initial: dict[str, Any] = {
        "person": e.relationship.person_id,
        "direction": "me" if e.by_me else "them",
        "kind": e.kind,
        "ref": e.ref,
        "at": floating(e.at),
        "note": e.note,
    }
    if e.kind in value_field:
        initial[value_field[e.kind]] = e.value
    if e.kind == "commitment" and e.value:
        initial["due"] = date.fromisoformat(e.value)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change an entry; a change that breaks the ledger (say, a dangling answer) is refused."""
    e = my_event(request, pk)
    data: QueryDict | None = (
        request.POST if request.method == "POST" else (request.GET if request.htmx else None)
    )
    initial = _initial(e)
    kind = str((data.get("kind") if data else None) or e.kind)
    direction = str((data.get("direction") if data else None) or initial["direction"])
    items = open_items(e.relationship, kind, by_me=direction == "me")
    if e.ref and all(key != e.ref for key, _ in items):
        items.insert(0, (e.ref, e.ref))  # what it answers now stays choosable
    rel = e.relationship
    # Shown as stored at first; then as the kind chosen (see forms.share_choice).
    sent = {f: data[f] for f in ("share", "share_for") if data and data.get(f)}
    stored = {"share": "shared" if e.shared else "private", "share_for": e.kind}
    share = share_state(rel, sent if "share" in sent else stored, kind)
    if request.method == "POST" and share and data is not None:
        data = data.copy()
        for field, value in share.items():
            data[field] = value
    form = LogForm(
        data if request.method == "POST" else None,
        owner=request.user,
        open_items=items,
        initial={**initial, "kind": kind, "direction": direction, **share},
        share_with=rel.person.name if share else None,
    )
    form.fields["person"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        before = floating(e.at)
        at, _ = form.when(before)
        # The form shows minutes: an unchanged time keeps its seconds and its date-only mark.
        unchanged = at == before.replace(second=0, microsecond=0)
        at, date_only = (before, e.date_only) if unchanged else (at, False)
        changes = {
            "by_me": d["direction"] == "me",
            "kind": d["kind"],
            "value": form.value(),
            "ref": d.get("ref") or "",
            "at": at,
            "date_only": date_only,
            "note": d.get("note", "").strip(),
        }
        if form.shared() is not None:
            changes["shared"] = form.shared()
        try:
            editing.update_event(request.user, e.pk, changes)
        except TwowayError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Entry saved.")
            return redirect("journal")
    context = {
        "nav": "journal",
        "form": form,
        "event": e,
        "entry": entry(e),
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, kind),
        "kind_help": KIND_HELP.get(kind, ""),
        "common_kinds": COMMON_KINDS,
        "more_kinds": MORE_KINDS,
    }
    if request.htmx and request.method == "GET":
        return render(request, "journal/_details.html", {**context, "fragment": True})
    return render(request, "journal/event_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete an entry (refused, with the reason, when other entries answer it)."""
    e = my_event(request, pk)
    if request.method == "POST":
        try:
            editing.delete_event(request.user, e.pk)
        except TwowayError as exc:
            messages.error(request, str(exc))
            return redirect("event_edit", pk=e.pk)
        messages.success(request, "Entry deleted.")
        return redirect("journal")
    return render(request, "journal/event_delete.html", {"nav": "journal", "entry": entry(e)})
